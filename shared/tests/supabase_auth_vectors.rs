//! Supabase Auth access-token vectors: one test per file in
//! `tests/data/supabase_auth/cases/` (minted with PyJWT and `cryptography` by
//! `tests/data/supabase_auth/generate.py`), so a failure names its case.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test naming its case"
)]

use mignuti_shared::supabase_auth::{self, Jwks, JwtSecret, VerifyOptions};
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Deserialize)]
struct Config {
    issuer: String,
    secret: String,
    now: i64,
    leeway: u32,
}

#[derive(Deserialize)]
struct Case {
    description: String,
    token: String,
    expect: String,
    user_id: Option<String>,
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/supabase_auth")
}

fn run(name: &str) {
    let config: Config =
        serde_json::from_str(&std::fs::read_to_string(dir().join("config.json")).unwrap()).unwrap();
    let jwks = Jwks::parse(&std::fs::read(dir().join("jwks.json")).unwrap()).unwrap();
    let secret = JwtSecret::new(config.secret.as_bytes()).unwrap();
    let case: Case = serde_json::from_str(
        &std::fs::read_to_string(dir().join("cases").join(format!("{name}.json"))).unwrap(),
    )
    .unwrap();
    let opts = VerifyOptions {
        secret: Some(&secret),
        jwks: Some(&jwks),
        issuer: &config.issuer,
        now: config.now,
        leeway_secs: config.leeway,
    };
    match (
        supabase_auth::verify(&case.token, &opts),
        case.expect.as_str(),
    ) {
        (Ok(user), "ok") => assert_eq!(
            Some(user.user_id()),
            case.user_id.as_deref(),
            "{name}: {}",
            case.description
        ),
        (Ok(_), want) => panic!("{name} ({}): accepted, want {want}", case.description),
        (Err(e), want) => assert_eq!(e.code(), want, "{name}: {}", case.description),
    }
}

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        $( #[test] fn $name() { run(stringify!($name)); } )*

        #[test]
        fn every_case_file_has_a_test() {
            let listed = [$(stringify!($name)),*];
            for entry in std::fs::read_dir(dir().join("cases")).unwrap() {
                let file = entry.unwrap().file_name().into_string().unwrap();
                let stem = file.strip_suffix(".json").unwrap();
                assert!(listed.contains(&stem), "case file {file} has no test");
            }
        }
    };
}

cases!(
    alg_none,
    alg_none_with_sig,
    es256_anon_role,
    es256_aud_array,
    es256_bad_sub,
    es256_der_signature,
    es256_expired,
    es256_expired_within_leeway,
    es256_missing_kid,
    es256_nbf_future,
    es256_no_exp,
    es256_rsa_kid,
    es256_service_role,
    es256_tampered_payload,
    es256_unknown_kid,
    es256_valid_k1,
    es256_valid_k2,
    es256_wrong_audience,
    es256_wrong_issuer,
    es256_wrong_key,
    hs256_confusion_public_jwk,
    hs256_valid,
    hs256_wrong_secret,
    rs256_token,
);

#[test]
fn jwks_skips_rsa_and_keeps_p256_keys_in_order() {
    let jwks = Jwks::parse(&std::fs::read(dir().join("jwks.json")).unwrap()).unwrap();
    assert_eq!(jwks.kids().collect::<Vec<_>>(), ["k1", "k2"]);
}

#[test]
fn jwks_refuses_points_off_the_curve_and_garbage() {
    let bad_point = br#"{"keys":[{"kty":"EC","crv":"P-256","kid":"x","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","y":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE"}]}"#;
    assert!(Jwks::parse(bad_point).is_err());
    assert!(Jwks::parse(b"{").is_err());
    assert!(Jwks::parse(b"{\"keys\":{}}").is_err());
    assert_eq!(Jwks::parse(b"{\"keys\":[]}").unwrap().kids().count(), 0);
}
