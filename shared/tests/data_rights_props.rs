//! Properties of the data-rights parsers of untrusted input: Supabase Auth
//! tokens, JWKS documents, signed download links, receipts and export rows.
//! Nothing panics on arbitrary input, and nothing but the genuine article is
//! ever accepted.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test naming its case"
)]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use mignuti_shared::data_rights::export_format::{ExportWriter, Format, Section};
use mignuti_shared::data_rights::receipt::{self, Erasure, ReceiptKey};
use mignuti_shared::data_rights::signed_url::{self, ExportUrlKey, LinkError};
use mignuti_shared::supabase_auth::{self, Jwks, JwtSecret, VerifyOptions};
use proptest::prelude::*;

const ID: &str = "e0000000-0000-4000-8000-000000000001";

fn opts(secret: &JwtSecret) -> VerifyOptions<'_> {
    VerifyOptions {
        secret: Some(secret),
        jwks: None,
        issuer: "http://127.0.0.1:54321/auth/v1",
        now: 1_800_000_000,
        leeway_secs: 30,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn tokens_of_any_text_are_refused_without_panic(s in ".{0,300}") {
        let secret = JwtSecret::new(&[7u8; 32]).unwrap();
        prop_assert!(supabase_auth::verify(&s, &opts(&secret)).is_err());
        let _ = supabase_auth::peek_header(&s);
    }

    #[test]
    fn tokens_of_base64_segments_are_refused(
        h in proptest::collection::vec(any::<u8>(), 0..80),
        p in proptest::collection::vec(any::<u8>(), 0..200),
        sig in proptest::collection::vec(any::<u8>(), 0..80),
    ) {
        let secret = JwtSecret::new(&[7u8; 32]).unwrap();
        let token = format!("{}.{}.{}", URL_SAFE_NO_PAD.encode(&h), URL_SAFE_NO_PAD.encode(&p),
                            URL_SAFE_NO_PAD.encode(&sig));
        prop_assert!(supabase_auth::verify(&token, &opts(&secret)).is_err());
    }

    #[test]
    fn jwks_of_any_bytes_never_panics(b in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = Jwks::parse(&b);
    }

    #[test]
    fn links_with_any_query_never_verify_unless_signed(q in "[a-z0-9=&_%+-]{0,120}", now in 0i64..4_000_000_000) {
        let key = ExportUrlKey::new(&[3u8; 32]).unwrap();
        let path = format!("/v1/export/download/{ID}");
        prop_assert_eq!(signed_url::verify(&key, &path, &q, now), Err(LinkError::Invalid));
    }

    #[test]
    fn signed_links_verify_exactly_within_their_lifetime(now in 0i64..4_000_000_000, ttl in 1i64..=60) {
        let key = ExportUrlKey::new(&[3u8; 32]).unwrap();
        let link = signed_url::sign(&key, ID, now + ttl);
        let (path, query) = link.split_once('?').unwrap();
        prop_assert!(signed_url::verify(&key, path, query, now).is_ok());
        prop_assert_eq!(signed_url::verify(&key, path, query, now + ttl), Err(LinkError::Expired));
    }

    #[test]
    fn receipts_verify_for_any_counts_and_break_on_any_count_change(
        messages in 0i64..1_000_000, delta in 1i64..1000, erased in any::<bool>(),
    ) {
        let key = ReceiptKey::new(&[9u8; 32]).unwrap();
        let r = receipt::sign(&key, &Erasure {
            conversation_id: ID.into(),
            project_id: ID.into(),
            deleted: vec![("conversations".into(), 1), ("messages".into(), messages)],
            deleted_at: "2026-11-27T22:30:01.123456Z".into(),
            already_erased: erased,
        });
        prop_assert!(receipt::verify(&key, &r).is_ok());
        let mut t = r.clone();
        t["deleted"]["messages"] = (messages + delta).into();
        prop_assert!(receipt::verify(&key, &t).is_err());
    }

    #[test]
    fn json_exports_stay_valid_json_whatever_the_text(texts in proptest::collection::vec(".{0,60}", 0..20)) {
        let mut w = ExportWriter::new(Format::Json);
        let mut doc = w.begin(&serde_json::json!({"id": ID}));
        doc += &w.section(Section::Messages);
        for t in &texts {
            doc += &w.row(&serde_json::json!({"content": t}).to_string()).unwrap();
        }
        doc += &w.finish();
        let v: serde_json::Value = serde_json::from_str(&doc).unwrap();
        let got: Vec<&str> = v["messages"].as_array().unwrap().iter()
            .map(|m| m["content"].as_str().unwrap()).collect();
        prop_assert_eq!(got, texts.iter().map(String::as_str).collect::<Vec<_>>());
    }

    #[test]
    fn csv_rows_always_have_every_column(text in ".{0,80}") {
        let line = mignuti_shared::data_rights::export_format::csv_row(
            Section::Messages, &serde_json::json!({"content": text, "id": 1})).unwrap();
        prop_assert!(line.ends_with("\r\n"));
        // Unquoted commas are separators: count them outside quotes.
        let (mut commas, mut quoted) = (0, false);
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => commas += 1,
                _ => {}
            }
        }
        prop_assert_eq!(commas, mignuti_shared::data_rights::export_format::CSV_COLUMNS.len());
    }
}
