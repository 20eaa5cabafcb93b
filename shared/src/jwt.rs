//! Session JWT: HS256 compact JWS, signed and verified with `hmac` + `sha2`.
//!
//! The session function mints one token per conversation; the chat function
//! verifies it on every message. The algorithm is pinned: the header must say
//! `HS256`, so `none`, the other HMAC sizes and every public-key algorithm are
//! refused before any key is touched (no algorithm confusion). A general JWT
//! crate is deliberately not used: the format we accept is one narrow shape,
//! and a few hundred audited lines are easier to hold to that than a library
//! built to accept everything.
//!
//! The only way to obtain a [`VerifiedClaims`] is [`verify`], so code that needs
//! an authenticated conversation id cannot be handed an unchecked one.
//! Nothing here reads a clock: callers pass `now` (Unix seconds).
//!
//! Test vectors live in `shared/tests/data/jwt/`; the cross-check against
//! PyJWT is `shared/tests/jwt_crosscheck.rs`.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use sha2::Sha256;
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// Longest token accepted, in bytes. Our tokens are ~400 bytes; the cap keeps
/// base64 and JSON decoding of hostile input cheap.
pub const MAX_TOKEN_LEN: usize = 4096;

/// Shortest HMAC key accepted: RFC 7518 §3.2 requires a key at least as long
/// as the hash output (256 bits).
pub const MIN_KEY_LEN: usize = 32;

/// The only header we ever emit. Fixed bytes, so signing cannot fail.
const HEADER_JSON: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// HMAC-SHA256 key for session tokens.
///
/// Holds the keyed MAC state, not a copy of the secret in a readable field;
/// `Debug` prints nothing secret.
#[derive(Clone)]
pub struct SigningKey {
    mac: HmacSha256,
}

impl SigningKey {
    /// Builds a key from raw secret bytes (at least [`MIN_KEY_LEN`]).
    pub fn new(secret: &[u8]) -> Result<Self, JwtError> {
        if secret.len() < MIN_KEY_LEN {
            return Err(JwtError::WeakKey);
        }
        let mac = HmacSha256::new_from_slice(secret).map_err(|_| JwtError::WeakKey)?;
        Ok(Self { mac })
    }

    fn mac(&self) -> HmacSha256 {
        self.mac.clone()
    }
}

impl core::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

/// The claims of a session token.
///
/// `aud` is minted as a single string; on verification an array containing
/// the expected audience is accepted too (RFC 7519 §4.1.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claims {
    /// Conversation id.
    pub sub: String,
    pub project_id: String,
    /// Keyed hash of the client IP at session creation (see [`crate::iphash`]).
    pub ip_hash: String,
    pub role: String,
    /// Issued at, Unix seconds.
    pub iat: i64,
    /// Expiry, Unix seconds.
    pub exp: i64,
    /// Not before, Unix seconds.
    pub nbf: Option<i64>,
    /// Unique token id.
    pub jti: String,
    pub aud: String,
    pub iss: String,
}

/// Claims that passed [`verify`]. The private field means no other code can
/// build one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedClaims {
    claims: Claims,
}

impl VerifiedClaims {
    pub fn claims(&self) -> &Claims {
        &self.claims
    }

    /// The conversation id.
    pub fn conversation_id(&self) -> &str {
        &self.claims.sub
    }

    pub fn project_id(&self) -> &str {
        &self.claims.project_id
    }

    pub fn role(&self) -> &str {
        &self.claims.role
    }

    pub fn into_claims(self) -> Claims {
        self.claims
    }
}

/// What [`verify`] checks a token against.
#[derive(Clone, Copy, Debug)]
pub struct VerifyOptions<'a> {
    pub key: &'a SigningKey,
    /// Current time, Unix seconds.
    pub now: i64,
    /// Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds.
    pub leeway_secs: u32,
    pub audience: &'a str,
    pub issuer: &'a str,
    /// Keyed hash of the current request's client IP.
    pub ip_hash: &'a str,
}

/// Why a token was refused. `code()` strings are stable and may be logged or
/// returned to clients; the variants themselves may grow.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JwtError {
    /// Signing key shorter than [`MIN_KEY_LEN`].
    WeakKey,
    /// Token longer than [`MAX_TOKEN_LEN`].
    TooLarge,
    /// Not three dot-separated segments.
    Malformed,
    /// A segment is not unpadded, canonical base64url.
    MalformedBase64,
    /// Header or payload is not the JSON object we expect (syntax, types,
    /// duplicate members).
    MalformedJson,
    /// `alg` is anything but `HS256`.
    UnsupportedAlgorithm,
    /// `typ` is present and not `JWT`.
    UnsupportedType,
    /// A `crit` header lists extensions; we implement none.
    UnsupportedCritical,
    BadSignature,
    /// A required claim is absent; names the claim.
    MissingClaim(&'static str),
    Expired,
    /// `nbf` lies in the future beyond the leeway.
    NotYetValid,
    /// `iat` lies in the future beyond the leeway.
    IssuedInFuture,
    WrongAudience,
    WrongIssuer,
    /// The token was issued to a different client IP.
    IpHashMismatch,
}

impl JwtError {
    /// Stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            JwtError::WeakKey => "jwt_weak_key",
            JwtError::TooLarge => "jwt_too_large",
            JwtError::Malformed => "jwt_malformed",
            JwtError::MalformedBase64 => "jwt_malformed_base64",
            JwtError::MalformedJson => "jwt_malformed_json",
            JwtError::UnsupportedAlgorithm => "jwt_unsupported_alg",
            JwtError::UnsupportedType => "jwt_unsupported_typ",
            JwtError::UnsupportedCritical => "jwt_unsupported_crit",
            JwtError::BadSignature => "jwt_bad_signature",
            JwtError::MissingClaim(_) => "jwt_missing_claim",
            JwtError::Expired => "jwt_expired",
            JwtError::NotYetValid => "jwt_not_yet_valid",
            JwtError::IssuedInFuture => "jwt_issued_in_future",
            JwtError::WrongAudience => "jwt_wrong_audience",
            JwtError::WrongIssuer => "jwt_wrong_issuer",
            JwtError::IpHashMismatch => "jwt_ip_hash_mismatch",
        }
    }
}

impl core::fmt::Display for JwtError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            JwtError::MissingClaim(name) => write!(f, "{}: {name}", self.code()),
            _ => f.write_str(self.code()),
        }
    }
}

impl std::error::Error for JwtError {}

/// Signs `claims` as a compact HS256 JWS with header `{"alg":"HS256","typ":"JWT"}`.
pub fn sign(key: &SigningKey, claims: &Claims) -> String {
    let mut payload = serde_json::json!({
        "sub": claims.sub,
        "project_id": claims.project_id,
        "ip_hash": claims.ip_hash,
        "role": claims.role,
        "iat": claims.iat,
        "exp": claims.exp,
        "jti": claims.jti,
        "aud": claims.aud,
        "iss": claims.iss,
    });
    if let (Some(nbf), Some(map)) = (claims.nbf, payload.as_object_mut()) {
        map.insert("nbf".into(), nbf.into());
    }
    // `Value`'s Display cannot fail, unlike `serde_json::to_string`.
    let payload = payload.to_string();
    let mut token = String::with_capacity(64 + payload.len() * 4 / 3 + 44);
    token.push_str(&URL_SAFE_NO_PAD.encode(HEADER_JSON));
    token.push('.');
    token.push_str(&URL_SAFE_NO_PAD.encode(payload));
    let mut mac = key.mac();
    mac.update(token.as_bytes());
    let tag = mac.finalize().into_bytes();
    token.push('.');
    token.push_str(&URL_SAFE_NO_PAD.encode(tag));
    token
}

/// Verifies a session token completely: structure, header, signature, then
/// time, audience, issuer and client-IP binding.
pub fn verify(token: &str, opts: &VerifyOptions<'_>) -> Result<VerifiedClaims, JwtError> {
    let payload = verify_signature(token, opts.key)?;
    let raw: RawClaims = parse_object(&payload)?;
    let (claims, audiences) = raw.into_claims()?;

    let leeway = i64::from(opts.leeway_secs);
    // RFC 7519 §4.1.4: the token must not be accepted on or after `exp`.
    if opts.now >= claims.exp.saturating_add(leeway) {
        return Err(JwtError::Expired);
    }
    if let Some(nbf) = claims.nbf
        && opts.now.saturating_add(leeway) < nbf
    {
        return Err(JwtError::NotYetValid);
    }
    if opts.now.saturating_add(leeway) < claims.iat {
        return Err(JwtError::IssuedInFuture);
    }
    if !audiences.iter().any(|a| a == opts.audience) {
        return Err(JwtError::WrongAudience);
    }
    if claims.iss != opts.issuer {
        return Err(JwtError::WrongIssuer);
    }
    // The hash is derived from a secret key, but comparing it in constant time
    // costs nothing and keeps the rule "hashes are never compared with ==".
    let same_ip: bool = claims
        .ip_hash
        .as_bytes()
        .ct_eq(opts.ip_hash.as_bytes())
        .into();
    if !same_ip {
        return Err(JwtError::IpHashMismatch);
    }
    Ok(VerifiedClaims { claims })
}

/// Checks structure, header and signature only, and returns the decoded
/// payload bytes without looking at any claim. For test vectors whose claims
/// are not session claims (RFC 7515 A.1); never use it to authorise anything.
pub fn danger_verify_signature_only(token: &str, key: &SigningKey) -> Result<Vec<u8>, JwtError> {
    verify_signature(token, key)
}

fn verify_signature(token: &str, key: &SigningKey) -> Result<Vec<u8>, JwtError> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(JwtError::TooLarge);
    }
    let mut parts = token.split('.');
    let (Some(header_b64), Some(payload_b64), Some(sig_b64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtError::Malformed);
    };
    if header_b64.is_empty() {
        return Err(JwtError::Malformed);
    }

    let header_json = decode_segment(header_b64)?;
    let header: Header = parse_object(&header_json)?;
    // Exact, case-sensitive match (RFC 7515 §4.1.1 values are case-sensitive).
    if header.alg != "HS256" {
        return Err(JwtError::UnsupportedAlgorithm);
    }
    if let Some(typ) = &header.typ
        && typ != "JWT"
    {
        return Err(JwtError::UnsupportedType);
    }
    if let Some(crit) = &header.crit {
        // RFC 7515 §4.1.11: an empty list is invalid; any listed extension is
        // one we do not understand, so the token must be rejected.
        if crit.is_empty() {
            return Err(JwtError::MalformedJson);
        }
        return Err(JwtError::UnsupportedCritical);
    }

    // Checked after the header so an unsecured `alg: none` token (empty
    // signature) is reported as the algorithm problem it is.
    if payload_b64.is_empty() || sig_b64.is_empty() {
        return Err(JwtError::Malformed);
    }
    let signature = decode_segment(sig_b64)?;
    let signing_input_len = header_b64.len() + 1 + payload_b64.len();
    let mut mac = key.mac();
    mac.update(&token.as_bytes()[..signing_input_len]);
    mac.verify_slice(&signature)
        .map_err(|_| JwtError::BadSignature)?;

    decode_segment(payload_b64)
}

/// Strict base64url: no padding, no whitespace, canonical trailing bits.
fn decode_segment(segment: &str) -> Result<Vec<u8>, JwtError> {
    URL_SAFE_NO_PAD
        .decode(segment)
        .map_err(|_| JwtError::MalformedBase64)
}

/// Derived `Deserialize` also accepts a JSON array for a struct (fields by
/// position); JOSE header and claims must be objects, so check that first.
fn parse_object<'de, T: Deserialize<'de>>(json: &'de [u8]) -> Result<T, JwtError> {
    match json.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => serde_json::from_slice(json).map_err(|_| JwtError::MalformedJson),
        _ => Err(JwtError::MalformedJson),
    }
}

/// The JOSE header members we look at; others are ignored, as RFC 7515 allows
/// for non-critical members. Derived deserialisation rejects duplicates.
#[derive(Deserialize)]
struct Header {
    alg: String,
    #[serde(default)]
    typ: Option<String>,
    #[serde(default)]
    crit: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

/// Every claim optional at the serde level so a missing one is reported by
/// name; unknown claims are ignored, duplicated ones rejected.
#[derive(Deserialize)]
struct RawClaims {
    sub: Option<String>,
    project_id: Option<String>,
    ip_hash: Option<String>,
    role: Option<String>,
    iat: Option<i64>,
    exp: Option<i64>,
    nbf: Option<i64>,
    jti: Option<String>,
    aud: Option<Audience>,
    iss: Option<String>,
}

impl RawClaims {
    /// The claims, plus every audience listed (one when `aud` is a string).
    fn into_claims(self) -> Result<(Claims, Vec<String>), JwtError> {
        fn need<T>(v: Option<T>, name: &'static str) -> Result<T, JwtError> {
            v.ok_or(JwtError::MissingClaim(name))
        }
        let audiences = match need(self.aud, "aud")? {
            Audience::One(a) => vec![a],
            Audience::Many(list) => list,
        };
        // `Claims::aud` records the first; the membership test uses the list.
        let aud = audiences.first().cloned().unwrap_or_default();
        let claims = Claims {
            sub: need(self.sub, "sub")?,
            project_id: need(self.project_id, "project_id")?,
            ip_hash: need(self.ip_hash, "ip_hash")?,
            role: need(self.role, "role")?,
            iat: need(self.iat, "iat")?,
            exp: need(self.exp, "exp")?,
            nbf: self.nbf,
            jti: need(self.jti, "jti")?,
            aud,
            iss: need(self.iss, "iss")?,
        };
        Ok((claims, audiences))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SigningKey {
        SigningKey::new(&[7u8; 32]).unwrap()
    }

    fn claims() -> Claims {
        Claims {
            sub: "conv-1".into(),
            project_id: "proj-1".into(),
            ip_hash: "abc".into(),
            role: "visitor".into(),
            iat: 1000,
            exp: 2000,
            nbf: None,
            jti: "j1".into(),
            aud: "mignuti-chat".into(),
            iss: "mignuti-session".into(),
        }
    }

    fn opts(k: &SigningKey) -> VerifyOptions<'_> {
        VerifyOptions {
            key: k,
            now: 1500,
            leeway_secs: 30,
            audience: "mignuti-chat",
            issuer: "mignuti-session",
            ip_hash: "abc",
        }
    }

    #[test]
    fn round_trip() {
        let k = key();
        let t = sign(&k, &claims());
        assert_eq!(verify(&t, &opts(&k)).unwrap().claims(), &claims());
    }

    #[test]
    fn short_key_refused() {
        assert_eq!(SigningKey::new(&[1; 31]).unwrap_err(), JwtError::WeakKey);
    }

    #[test]
    fn debug_hides_key() {
        assert_eq!(format!("{:?}", key()), "SigningKey(<redacted>)");
    }
}
