//! Supabase Auth access tokens: verification for the functions that org
//! members call (export, knowledge).
//!
//! Supabase signs a user's access token either with the project's shared JWT
//! secret (HS256, legacy and still the default) or with an asymmetric signing
//! key whose public half the project publishes as a JWKS at
//! `<project url>/auth/v1/.well-known/jwks.json` (ES256 on P-256). Both are
//! accepted here, each only with its own kind of key: an HS256 token is checked
//! against the secret and never against a JWKS entry, an ES256 token only
//! against the P-256 key its `kid` names. Every other `alg` (`none`, RS256,
//! HS384…) is refused before any key is touched.
//!
//! After the signature: `exp` (required), `nbf` and `iat`, `aud` must be or
//! contain `authenticated`, `iss` must equal the project's issuer, `role` must be
//! `authenticated` (anon keys are JWTs too and must not open member routes) and
//! `sub` must be a UUID. The only way to obtain a [`VerifiedUser`] is [`verify`].
//!
//! Nothing here does I/O or reads a clock. The caller decides whether a JWKS is
//! needed ([`peek_header`]), fetches and caches it, parses it with
//! [`Jwks::parse`] and passes `now`. Test vectors minted with PyJWT and
//! `cryptography` live in `shared/tests/data/supabase_auth/`.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use p256::ecdsa::signature::Verifier as _;
use serde::Deserialize;
use serde_json::Value;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Longest token accepted, in bytes. Supabase access tokens are ~1 KB; user
/// metadata can grow them, but not without bound.
pub const MAX_TOKEN_LEN: usize = 8192;
/// Largest JWKS document parsed, in bytes.
pub const MAX_JWKS_LEN: usize = 64 * 1024;
/// Shortest accepted HS256 secret (RFC 7518 §3.2: at least the hash size).
pub const MIN_SECRET_LEN: usize = 32;
/// The audience and role of a signed-in Supabase user.
pub const AUTHENTICATED: &str = "authenticated";

/// Why a token was refused. `code()` strings are stable; variants may grow.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthError {
    /// The configured HS256 secret is shorter than [`MIN_SECRET_LEN`].
    WeakSecret,
    /// Token longer than [`MAX_TOKEN_LEN`].
    TooLarge,
    /// Not three dot-separated, canonical base64url segments.
    Malformed,
    /// Header or payload is not the JSON object expected.
    MalformedJson,
    /// `alg` is neither HS256 nor ES256.
    UnsupportedAlgorithm,
    /// A `crit` header lists extensions; none are implemented.
    UnsupportedCritical,
    /// An HS256 token, but no JWT secret is configured.
    NoSecret,
    /// An ES256 token without `kid`, or whose `kid` is not in the JWKS.
    UnknownKey,
    BadSignature,
    /// A required claim is absent or has the wrong type; names the claim.
    MissingClaim(&'static str),
    Expired,
    NotYetValid,
    IssuedInFuture,
    WrongAudience,
    WrongIssuer,
    /// `role` is not `authenticated` (e.g. the project's anon key).
    NotAUser,
    /// `sub` is not a UUID.
    BadSubject,
    /// The JWKS document is not JSON of the expected shape.
    MalformedJwks,
}

impl AuthError {
    /// Stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            AuthError::WeakSecret => "auth_weak_secret",
            AuthError::TooLarge => "auth_token_too_large",
            AuthError::Malformed => "auth_token_malformed",
            AuthError::MalformedJson => "auth_token_malformed_json",
            AuthError::UnsupportedAlgorithm => "auth_unsupported_alg",
            AuthError::UnsupportedCritical => "auth_unsupported_crit",
            AuthError::NoSecret => "auth_no_secret",
            AuthError::UnknownKey => "auth_unknown_key",
            AuthError::BadSignature => "auth_bad_signature",
            AuthError::MissingClaim(_) => "auth_missing_claim",
            AuthError::Expired => "auth_token_expired",
            AuthError::NotYetValid => "auth_token_not_yet_valid",
            AuthError::IssuedInFuture => "auth_token_issued_in_future",
            AuthError::WrongAudience => "auth_wrong_audience",
            AuthError::WrongIssuer => "auth_wrong_issuer",
            AuthError::NotAUser => "auth_not_a_user",
            AuthError::BadSubject => "auth_bad_subject",
            AuthError::MalformedJwks => "auth_malformed_jwks",
        }
    }

    /// True when the token was refused (401), false when the configuration is
    /// at fault (500).
    pub fn is_client_error(&self) -> bool {
        !matches!(
            self,
            AuthError::WeakSecret | AuthError::MalformedJwks | AuthError::NoSecret
        )
    }
}

impl core::fmt::Display for AuthError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            AuthError::MissingClaim(name) => write!(f, "{}: {name}", self.code()),
            _ => f.write_str(self.code()),
        }
    }
}

impl std::error::Error for AuthError {}

/// The project's HS256 JWT secret (its UTF-8 bytes, as Supabase uses them).
/// `Debug` prints nothing secret.
#[derive(Clone)]
pub struct JwtSecret {
    mac: HmacSha256,
}

impl JwtSecret {
    pub fn new(secret: &[u8]) -> Result<Self, AuthError> {
        if secret.len() < MIN_SECRET_LEN {
            return Err(AuthError::WeakSecret);
        }
        let mac = HmacSha256::new_from_slice(secret).map_err(|_| AuthError::WeakSecret)?;
        Ok(Self { mac })
    }
}

impl core::fmt::Debug for JwtSecret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("JwtSecret(<redacted>)")
    }
}

/// The usable keys of a JWKS: P-256 public keys for ES256, by `kid`. Keys of
/// other types (RSA, other curves, `use: enc`) are skipped, not errors, so a
/// project rotating to a new key type keeps working for the keys we know.
#[derive(Clone, Debug, Default)]
pub struct Jwks {
    keys: Vec<(String, p256::ecdsa::VerifyingKey)>,
}

#[derive(Deserialize)]
struct RawJwks {
    keys: Vec<Value>,
}

impl Jwks {
    /// Parses a JWKS document (`{"keys": [...]}`).
    pub fn parse(json: &[u8]) -> Result<Self, AuthError> {
        if json.len() > MAX_JWKS_LEN {
            return Err(AuthError::MalformedJwks);
        }
        let raw: RawJwks = serde_json::from_slice(json).map_err(|_| AuthError::MalformedJwks)?;
        let mut keys = Vec::new();
        for key in &raw.keys {
            let field = |name: &str| key.get(name).and_then(Value::as_str);
            if field("kty") != Some("EC") || field("crv") != Some("P-256") {
                continue;
            }
            if field("alg").is_some_and(|a| a != "ES256")
                || field("use").is_some_and(|u| u != "sig")
            {
                continue;
            }
            let (Some(kid), Some(x), Some(y)) = (field("kid"), field("x"), field("y")) else {
                continue;
            };
            let (Ok(x), Ok(y)) = (URL_SAFE_NO_PAD.decode(x), URL_SAFE_NO_PAD.decode(y)) else {
                return Err(AuthError::MalformedJwks);
            };
            if x.len() != 32 || y.len() != 32 {
                return Err(AuthError::MalformedJwks);
            }
            let mut sec1 = Vec::with_capacity(65);
            sec1.push(0x04);
            sec1.extend_from_slice(&x);
            sec1.extend_from_slice(&y);
            // Rejects points not on the curve and the identity.
            let vk = p256::ecdsa::VerifyingKey::from_sec1_bytes(&sec1)
                .map_err(|_| AuthError::MalformedJwks)?;
            keys.push((kid.to_owned(), vk));
        }
        Ok(Self { keys })
    }

    /// Key ids this JWKS holds, in document order.
    pub fn kids(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|(kid, _)| kid.as_str())
    }

    pub fn contains(&self, kid: &str) -> bool {
        self.keys.iter().any(|(k, _)| k == kid)
    }

    fn get(&self, kid: &str) -> Option<&p256::ecdsa::VerifyingKey> {
        self.keys.iter().find(|(k, _)| k == kid).map(|(_, vk)| vk)
    }
}

/// The algorithms accepted, each bound to its key type.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    Hs256,
    Es256,
}

/// What a token's header says, read before any verification so the caller
/// knows whether it needs the JWKS (and which `kid`). Nothing here is trusted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnverifiedHeader {
    pub alg: Algorithm,
    pub kid: Option<String>,
}

#[derive(Deserialize)]
struct RawHeader {
    alg: String,
    #[serde(default)]
    kid: Option<String>,
    #[serde(default)]
    crit: Option<Value>,
}

/// Reads the header of a token without verifying anything.
pub fn peek_header(token: &str) -> Result<UnverifiedHeader, AuthError> {
    let (header_b64, _, _) = split(token)?;
    let header: RawHeader =
        serde_json::from_slice(&decode(header_b64)?).map_err(|_| AuthError::MalformedJson)?;
    if header.crit.is_some() {
        return Err(AuthError::UnsupportedCritical);
    }
    let alg = match header.alg.as_str() {
        "HS256" => Algorithm::Hs256,
        "ES256" => Algorithm::Es256,
        _ => return Err(AuthError::UnsupportedAlgorithm),
    };
    Ok(UnverifiedHeader {
        alg,
        kid: header.kid,
    })
}

/// What [`verify`] checks a token against.
#[derive(Clone, Copy, Debug)]
pub struct VerifyOptions<'a> {
    /// The project's JWT secret, when HS256 tokens are accepted.
    pub secret: Option<&'a JwtSecret>,
    /// The project's signing keys, when ES256 tokens are accepted.
    pub jwks: Option<&'a Jwks>,
    /// `<project url>/auth/v1`.
    pub issuer: &'a str,
    /// Current time, Unix seconds.
    pub now: i64,
    /// Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds.
    pub leeway_secs: u32,
}

/// A signed-in Supabase user whose token passed [`verify`].
#[derive(Clone, Debug)]
pub struct VerifiedUser {
    user_id: String,
    email: Option<String>,
    session_id: Option<String>,
    is_anonymous: bool,
    exp: i64,
    claims: Value,
}

impl VerifiedUser {
    /// `auth.users.id`, the token's `sub` (a lowercase UUID).
    pub fn user_id(&self) -> &str {
        &self.user_id
    }
    pub fn email(&self) -> Option<&str> {
        self.email.as_deref()
    }
    pub fn session_id(&self) -> Option<&str> {
        self.session_id.as_deref()
    }
    pub fn is_anonymous(&self) -> bool {
        self.is_anonymous
    }
    pub fn expires_at(&self) -> i64 {
        self.exp
    }
    /// The verified payload, for `request.jwt.claims` (as PostgREST sets it).
    pub fn claims(&self) -> &Value {
        &self.claims
    }
}

/// Verifies a Supabase Auth access token completely.
pub fn verify(token: &str, opts: &VerifyOptions<'_>) -> Result<VerifiedUser, AuthError> {
    let header = peek_header(token)?;
    let (header_b64, payload_b64, sig_b64) = split(token)?;
    let signing_input = &token[..header_b64.len() + 1 + payload_b64.len()];
    let signature = decode(sig_b64)?;
    match header.alg {
        Algorithm::Hs256 => {
            let secret = opts.secret.ok_or(AuthError::NoSecret)?;
            let mut mac = secret.mac.clone();
            mac.update(signing_input.as_bytes());
            // Constant-time comparison of the tag.
            mac.verify_slice(&signature)
                .map_err(|_| AuthError::BadSignature)?;
        }
        Algorithm::Es256 => {
            let kid = header.kid.as_deref().ok_or(AuthError::UnknownKey)?;
            let key = opts
                .jwks
                .and_then(|jwks| jwks.get(kid))
                .ok_or(AuthError::UnknownKey)?;
            // JWS carries ECDSA signatures as the 64-byte r || s (RFC 7518 §3.4).
            if signature.len() != 64 {
                return Err(AuthError::BadSignature);
            }
            let sig = p256::ecdsa::Signature::from_slice(&signature)
                .map_err(|_| AuthError::BadSignature)?;
            key.verify(signing_input.as_bytes(), &sig)
                .map_err(|_| AuthError::BadSignature)?;
        }
    }

    let claims: Value =
        serde_json::from_slice(&decode(payload_b64)?).map_err(|_| AuthError::MalformedJson)?;
    let Value::Object(map) = &claims else {
        return Err(AuthError::MalformedJson);
    };
    let int = |name: &'static str| -> Result<Option<i64>, AuthError> {
        match map.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v.as_i64().map(Some).ok_or(AuthError::MissingClaim(name)),
        }
    };
    let string = |name: &'static str| -> Result<Option<&str>, AuthError> {
        match map.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v.as_str().map(Some).ok_or(AuthError::MissingClaim(name)),
        }
    };

    let leeway = i64::from(opts.leeway_secs);
    let exp = int("exp")?.ok_or(AuthError::MissingClaim("exp"))?;
    if opts.now >= exp.saturating_add(leeway) {
        return Err(AuthError::Expired);
    }
    if let Some(nbf) = int("nbf")?
        && opts.now.saturating_add(leeway) < nbf
    {
        return Err(AuthError::NotYetValid);
    }
    if let Some(iat) = int("iat")?
        && opts.now.saturating_add(leeway) < iat
    {
        return Err(AuthError::IssuedInFuture);
    }
    let audience_ok = match map.get("aud") {
        Some(Value::String(a)) => a == AUTHENTICATED,
        Some(Value::Array(list)) => list.iter().any(|a| a.as_str() == Some(AUTHENTICATED)),
        _ => return Err(AuthError::MissingClaim("aud")),
    };
    if !audience_ok {
        return Err(AuthError::WrongAudience);
    }
    let iss = string("iss")?.ok_or(AuthError::MissingClaim("iss"))?;
    if iss != opts.issuer {
        return Err(AuthError::WrongIssuer);
    }
    let role = string("role")?.ok_or(AuthError::MissingClaim("role"))?;
    if role != AUTHENTICATED {
        return Err(AuthError::NotAUser);
    }
    let sub = string("sub")?.ok_or(AuthError::MissingClaim("sub"))?;
    if !is_uuid(sub) {
        return Err(AuthError::BadSubject);
    }
    let is_anonymous = match map.get("is_anonymous") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(AuthError::MissingClaim("is_anonymous")),
    };
    Ok(VerifiedUser {
        user_id: sub.to_ascii_lowercase(),
        email: string("email")?.map(str::to_owned),
        session_id: string("session_id")?.map(str::to_owned),
        is_anonymous,
        exp,
        claims: claims.clone(),
    })
}

/// A UUID in its canonical 8-4-4-4-12 hex form (either case).
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

fn split(token: &str) -> Result<(&str, &str, &str), AuthError> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(AuthError::TooLarge);
    }
    let mut parts = token.split('.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(h), Some(p), Some(s), None) if !h.is_empty() && !p.is_empty() && !s.is_empty() => {
            Ok((h, p, s))
        }
        _ => Err(AuthError::Malformed),
    }
}

/// Unpadded base64url, canonical only (no trailing bits set), so one token has
/// exactly one encoding.
fn decode(segment: &str) -> Result<Vec<u8>, AuthError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(segment)
        .map_err(|_| AuthError::Malformed)?;
    if URL_SAFE_NO_PAD.encode(&bytes) != segment {
        return Err(AuthError::Malformed);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"super-secret-jwt-token-with-at-least-32-characters-long";
    const ISS: &str = "http://127.0.0.1:54321/auth/v1";
    const UID: &str = "a0000000-0000-4000-8000-0000000000a1";

    fn hs256(payload: &Value) -> String {
        let h = URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","typ":"JWT"}"#);
        let p = URL_SAFE_NO_PAD.encode(payload.to_string());
        let mut mac = HmacSha256::new_from_slice(SECRET).unwrap();
        mac.update(format!("{h}.{p}").as_bytes());
        let s = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("{h}.{p}.{s}")
    }

    fn claims(now: i64) -> Value {
        serde_json::json!({
            "sub": UID, "role": "authenticated", "aud": "authenticated", "iss": ISS,
            "iat": now, "exp": now + 3600, "email": "owner@example.test", "session_id": "s1"
        })
    }

    fn opts<'a>(secret: &'a JwtSecret, now: i64) -> VerifyOptions<'a> {
        VerifyOptions {
            secret: Some(secret),
            jwks: None,
            issuer: ISS,
            now,
            leeway_secs: 30,
        }
    }

    #[test]
    fn hs256_user_token_verifies() {
        let secret = JwtSecret::new(SECRET).unwrap();
        let user = verify(&hs256(&claims(1000)), &opts(&secret, 1000)).unwrap();
        assert_eq!(user.user_id(), UID);
        assert_eq!(user.email(), Some("owner@example.test"));
        assert_eq!(user.claims()["role"], "authenticated");
    }

    #[test]
    fn claim_checks_table() {
        let secret = JwtSecret::new(SECRET).unwrap();
        type Edit = dyn Fn(&mut Value);
        let cases: &[(&str, &Edit, AuthError)] = &[
            ("expired", &|c| c["exp"] = 900.into(), AuthError::Expired),
            (
                "nbf future",
                &|c| c["nbf"] = 2000.into(),
                AuthError::NotYetValid,
            ),
            (
                "iat future",
                &|c| c["iat"] = 2000.into(),
                AuthError::IssuedInFuture,
            ),
            (
                "no exp",
                &|c| {
                    c.as_object_mut().unwrap().remove("exp");
                },
                AuthError::MissingClaim("exp"),
            ),
            (
                "string exp",
                &|c| c["exp"] = "4000".into(),
                AuthError::MissingClaim("exp"),
            ),
            (
                "aud anon",
                &|c| c["aud"] = "anon".into(),
                AuthError::WrongAudience,
            ),
            (
                "aud list",
                &|c| c["aud"] = serde_json::json!(["x", "authenticated"]),
                AuthError::Expired,
            ),
            (
                "iss other",
                &|c| c["iss"] = "https://evil.supabase.co/auth/v1".into(),
                AuthError::WrongIssuer,
            ),
            (
                "role anon",
                &|c| c["role"] = "anon".into(),
                AuthError::NotAUser,
            ),
            (
                "role service",
                &|c| c["role"] = "service_role".into(),
                AuthError::NotAUser,
            ),
            (
                "sub not uuid",
                &|c| c["sub"] = "admin".into(),
                AuthError::BadSubject,
            ),
        ];
        for (name, edit, want) in cases {
            let mut c = claims(1000);
            edit(&mut c);
            // "aud list" is valid: make it fail on exp to prove aud passed.
            if *name == "aud list" {
                c["exp"] = 900.into();
            }
            let got = verify(&hs256(&c), &opts(&secret, 1000)).unwrap_err();
            assert_eq!(&got, want, "case {name}");
        }
    }

    #[test]
    fn tampered_payload_is_refused() {
        let secret = JwtSecret::new(SECRET).unwrap();
        let token = hs256(&claims(1000));
        let mut parts: Vec<&str> = token.split('.').collect();
        let mut other = claims(1000);
        other["sub"] = "b0000000-0000-4000-8000-0000000000b1".into();
        let forged = URL_SAFE_NO_PAD.encode(other.to_string());
        parts[1] = &forged;
        assert_eq!(
            verify(&parts.join("."), &opts(&secret, 1000)).unwrap_err(),
            AuthError::BadSignature
        );
    }

    #[test]
    fn alg_none_and_others_refused_before_keys() {
        let secret = JwtSecret::new(SECRET).unwrap();
        for alg in ["none", "HS384", "RS256", "hs256", "ES384"] {
            let h = URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"{alg}"}}"#));
            let p = URL_SAFE_NO_PAD.encode(claims(1000).to_string());
            let token = format!("{h}.{p}.AAAA");
            assert_eq!(
                verify(&token, &opts(&secret, 1000)).unwrap_err(),
                AuthError::UnsupportedAlgorithm,
                "{alg}"
            );
        }
    }

    #[test]
    fn es256_without_jwks_is_unknown_key_and_hs256_without_secret_is_config() {
        let h = URL_SAFE_NO_PAD.encode(r#"{"alg":"ES256","kid":"k1"}"#);
        let p = URL_SAFE_NO_PAD.encode(claims(1000).to_string());
        let o = VerifyOptions {
            secret: None,
            jwks: None,
            issuer: ISS,
            now: 1000,
            leeway_secs: 0,
        };
        let es = format!("{h}.{p}.{}", URL_SAFE_NO_PAD.encode([0u8; 64]));
        assert_eq!(verify(&es, &o).unwrap_err(), AuthError::UnknownKey);
        let err = verify(&hs256(&claims(1000)), &o).unwrap_err();
        assert_eq!(err, AuthError::NoSecret);
        assert!(!err.is_client_error());
    }

    #[test]
    fn malformed_tokens_never_panic() {
        let secret = JwtSecret::new(SECRET).unwrap();
        for token in [
            "",
            ".",
            "..",
            "a.b",
            "a.b.c.d",
            "é.é.é",
            "eyJ.eyJ.x",
            "====.====.====",
        ] {
            assert!(verify(token, &opts(&secret, 1000)).is_err(), "{token:?}");
        }
        assert_eq!(
            verify(&"a".repeat(MAX_TOKEN_LEN + 1), &opts(&secret, 1000)).unwrap_err(),
            AuthError::TooLarge
        );
    }

    #[test]
    fn weak_secret_refused() {
        assert_eq!(JwtSecret::new(b"short").unwrap_err(), AuthError::WeakSecret);
    }

    #[test]
    fn uuid_shape() {
        assert!(is_uuid(UID));
        assert!(!is_uuid("a0000000-0000-4000-8000-0000000000a"));
        assert!(!is_uuid("a0000000x0000-4000-8000-0000000000a1"));
    }
}
