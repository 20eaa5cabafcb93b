//! Cross-check of the session JWT against PyJWT, an independent
//! implementation: tokens we mint verify there, tokens PyJWT mints verify
//! here, and tokens PyJWT tampers with are refused here.
//!
//! Needs Python with PyJWT. The test uses `$MIGNUTI_PYJWT_PYTHON` if set,
//! else `<workspace>/.local/venv-jwt/bin/python`, created by
//! `python3 -m venv .local/venv-jwt && .local/venv-jwt/bin/pip install pyjwt`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test naming its case"
)]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use mignuti_shared::jwt::{self, Claims, SigningKey, VerifyOptions};
use serde_json::{Value, json};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

const AUD: &str = "mignuti-chat";
const ISS: &str = "mignuti-session";
const IP_HASH: &str = "Yk3p0vQ9sR2tU5wX8zA1bC4dE7fG0hJ3kL6mN9pQ2rS";

fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("MIGNUTI_PYJWT_PYTHON") {
        return PathBuf::from(p);
    }
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.local/venv-jwt/bin/python");
    assert!(
        p.exists(),
        "PyJWT cross-check needs {}: run `python3 -m venv .local/venv-jwt && \
         .local/venv-jwt/bin/pip install pyjwt` in the workspace root",
        p.display()
    );
    p
}

fn pyjwt(request: &Value) -> Value {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/jwt_crosscheck.py");
    let mut child = Command::new(python())
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(request.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "jwt_crosscheck.py failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .try_into()
        .unwrap()
}

fn secret() -> Vec<u8> {
    (0u8..48)
        .map(|i| i.wrapping_mul(37).wrapping_add(11))
        .collect()
}

fn claims(i: usize) -> Claims {
    let t = now();
    Claims {
        sub: format!("conv-{i}-Grüße-✓"),
        project_id: format!("proj-{i}"),
        ip_hash: IP_HASH.into(),
        role: if i.is_multiple_of(2) {
            "visitor"
        } else {
            "anon"
        }
        .into(),
        iat: t - 5,
        exp: t + 600 + i as i64,
        nbf: (i.is_multiple_of(3)).then_some(t - 5),
        jti: format!("jti-{i:04}"),
        aud: AUD.into(),
        iss: ISS.into(),
    }
}

fn claims_json(c: &Claims) -> Value {
    let mut v = json!({
        "sub": c.sub, "project_id": c.project_id, "ip_hash": c.ip_hash, "role": c.role,
        "iat": c.iat, "exp": c.exp, "jti": c.jti, "aud": c.aud, "iss": c.iss,
    });
    if let Some(nbf) = c.nbf {
        v["nbf"] = nbf.into();
    }
    v
}

fn verify_here(token: &str, key: &SigningKey) -> Result<Claims, jwt::JwtError> {
    jwt::verify(
        token,
        &VerifyOptions {
            key,
            now: now(),
            leeway_secs: 5,
            audience: AUD,
            issuer: ISS,
            ip_hash: IP_HASH,
        },
    )
    .map(|v| v.into_claims())
}

#[test]
fn our_tokens_verify_in_pyjwt() {
    let key = SigningKey::new(&secret()).unwrap();
    let all: Vec<Claims> = (0..20).map(claims).collect();
    let tokens: Vec<String> = all.iter().map(|c| jwt::sign(&key, c)).collect();
    let resp = pyjwt(&json!({
        "op": "verify", "key": URL_SAFE_NO_PAD.encode(secret()), "tokens": tokens,
        "audience": AUD, "issuer": ISS,
    }));
    let results = resp["results"].as_array().unwrap();
    assert_eq!(results.len(), all.len());
    for (c, r) in all.iter().zip(results) {
        assert_eq!(r["ok"], true, "PyJWT refused our token for {}: {r}", c.jti);
        assert_eq!(r["claims"], claims_json(c), "PyJWT read other claims");
    }
}

#[test]
fn pyjwt_tokens_verify_here() {
    let key = SigningKey::new(&secret()).unwrap();
    let all: Vec<Claims> = (0..20).map(claims).collect();
    let resp = pyjwt(&json!({
        "op": "mint", "key": URL_SAFE_NO_PAD.encode(secret()),
        "claims": all.iter().map(claims_json).collect::<Vec<_>>(),
    }));
    let tokens = resp["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), all.len());
    for (c, t) in all.iter().zip(tokens) {
        let got = verify_here(t.as_str().unwrap(), &key)
            .unwrap_or_else(|e| panic!("PyJWT token for {} refused: {e}", c.jti));
        assert_eq!(&got, c);
    }
}

#[test]
fn pyjwt_tampered_tokens_are_refused_here() {
    let key = SigningKey::new(&secret()).unwrap();
    let resp = pyjwt(&json!({
        "op": "tamper", "key": URL_SAFE_NO_PAD.encode(secret()), "claims": claims_json(&claims(1)),
    }));
    let cases = resp["cases"].as_array().unwrap();
    assert!(cases.len() >= 15);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let token = case["token"].as_str().unwrap();
        let expected = match name {
            "wrong_key" | "payload_swapped" | "sig_bit_flip" => "jwt_bad_signature",
            "hs384" | "hs512" | "alg_none" | "header_none_sig_kept" => "jwt_unsupported_alg",
            "expired" => "jwt_expired",
            "not_yet_valid" => "jwt_not_yet_valid",
            "wrong_aud" => "jwt_wrong_audience",
            "wrong_iss" => "jwt_wrong_issuer",
            "other_ip" => "jwt_ip_hash_mismatch",
            "crit_header" => "jwt_unsupported_crit",
            "typ_other" => "jwt_unsupported_typ",
            "sig_stripped" => "jwt_malformed",
            "padded" => "jwt_malformed_base64",
            other => panic!("unexpected tamper case {other}"),
        };
        match verify_here(token, &key) {
            Ok(_) => panic!("tampered token {name} was accepted"),
            Err(e) => assert_eq!(e.code(), expected, "tamper case {name}"),
        }
    }
}
