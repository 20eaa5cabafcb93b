//! Properties of the session JWT: sign/verify round-trips for any claim
//! text, and no single-byte change to a valid token is ever accepted.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a panic is a failed test naming its case"
)]

use mignuti_shared::jwt::{self, Claims, SigningKey, VerifyOptions};
use proptest::prelude::*;

const NOW: i64 = 1_800_000_000;

fn key() -> SigningKey {
    SigningKey::new(b"0123456789abcdef0123456789abcdef").unwrap()
}

fn opts(key: &SigningKey) -> VerifyOptions<'_> {
    VerifyOptions {
        key,
        now: NOW,
        leeway_secs: 30,
        audience: "mignuti-chat",
        issuer: "mignuti-session",
        ip_hash: "h",
    }
}

fn claims(sub: String, project_id: String, nbf: Option<i64>) -> Claims {
    Claims {
        sub,
        project_id,
        ip_hash: "h".into(),
        role: "visitor".into(),
        iat: NOW - 1,
        exp: NOW + 600,
        nbf,
        jti: "jti".into(),
        aud: "mignuti-chat".into(),
        iss: "mignuti-session".into(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn round_trip(sub in "\\PC{0,80}", project in "\\PC{0,40}", nbf in proptest::option::of(NOW - 1000..NOW)) {
        let k = key();
        let c = claims(sub, project, nbf);
        let v = jwt::verify(&jwt::sign(&k, &c), &opts(&k)).unwrap();
        prop_assert_eq!(v.claims(), &c);
    }

    #[test]
    fn any_single_byte_change_is_refused(pos in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let k = key();
        let token = jwt::sign(&k, &claims("conv".into(), "proj".into(), None));
        let mut bytes = token.clone().into_bytes();
        let i = pos.index(bytes.len());
        prop_assume!(bytes[i] != byte);
        bytes[i] = byte;
        if let Ok(t) = String::from_utf8(bytes) {
            prop_assert!(jwt::verify(&t, &opts(&k)).is_err(), "accepted {}", t);
        }
    }

    #[test]
    fn arbitrary_text_never_verifies(token in "\\PC{0,300}|[A-Za-z0-9_-]{0,80}\\.[A-Za-z0-9_-]{0,200}\\.[A-Za-z0-9_-]{0,60}") {
        let k = key();
        prop_assert!(jwt::verify(&token, &opts(&k)).is_err());
        prop_assert!(jwt::danger_verify_signature_only(&token, &k).is_err());
    }
}
