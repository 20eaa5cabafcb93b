//! Session-JWT parser: arbitrary bytes as a token must never panic and never
//! verify; a token we sign over fuzzed claims must always verify.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mignuti_shared::jwt::{self, Claims, SigningKey, VerifyOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(key) = SigningKey::new(&[0x42; 32]) else {
        return;
    };
    let opts = VerifyOptions {
        key: &key,
        now: 1_800_000_000,
        leeway_secs: 30,
        audience: "mignuti-chat",
        issuer: "mignuti-session",
        ip_hash: "h",
    };
    if let Ok(token) = std::str::from_utf8(data) {
        // Forging an HMAC by mutation is infeasible: anything that verifies
        // here is a parser bug.
        assert!(jwt::verify(token, &opts).is_err());
        assert!(jwt::danger_verify_signature_only(token, &key).is_err());
    }
    // Round trip over fuzzed claim text.
    let text = String::from_utf8_lossy(data);
    let claims = Claims {
        sub: text.to_string(),
        project_id: text.chars().rev().collect(),
        ip_hash: "h".into(),
        role: "visitor".into(),
        iat: 1_800_000_000,
        exp: 1_800_000_600,
        nbf: data.first().map(|b| 1_800_000_000 - i64::from(*b)),
        jti: "j".into(),
        aud: "mignuti-chat".into(),
        iss: "mignuti-session".into(),
    };
    let token = jwt::sign(&key, &claims);
    match jwt::verify(&token, &opts) {
        Ok(v) => assert_eq!(v.claims(), &claims),
        Err(e) => assert_eq!(e.code(), "jwt_too_large", "{e}"),
    }
});
