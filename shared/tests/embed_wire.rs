//! Embedding wire formats against recorded-shape provider answers in
//! `tests/data/embed/` (Azure OpenAI and OpenAI-compatible successes, error
//! bodies, a gateway's HTML page). `cases.json` names each file with the
//! status and headers it came with and the expected outcome.

use mignuti_shared::embed::{DIMS, EmbedError, RetryPolicy, parse_retry_after, wire};
use serde_json::Value;

fn data(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/embed/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn recorded_answers() {
    let cases: Vec<Value> = serde_json::from_slice(&data("cases.json")).unwrap();
    assert!(cases.len() >= 10);
    let policy = RetryPolicy::default();
    for case in cases {
        let file = case["file"].as_str().unwrap();
        let status = u16::try_from(case["status"].as_u64().unwrap()).unwrap();
        let inputs = usize::try_from(case["inputs"].as_u64().unwrap()).unwrap();
        let now = case["now"].as_u64().unwrap_or(0);
        let retry_after = parse_retry_after(
            case["retry_after"].as_str(),
            case["retry_after_ms"].as_str(),
            now,
        );
        assert_eq!(
            retry_after,
            case["retry_after_ms_parsed"].as_u64(),
            "{file}: Retry-After"
        );
        let result = wire::parse_response(status, &data(file), retry_after, inputs, DIMS);
        match (case["expect"].as_str().unwrap(), result) {
            ("ok", Ok(e)) => {
                assert_eq!(e.vectors.len(), inputs, "{file}");
                assert_eq!(e.prompt_tokens, case["prompt_tokens"].as_u64(), "{file}");
                assert_eq!(e.model.as_deref(), Some("text-embedding-3-small"), "{file}");
                for v in &e.vectors {
                    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
                    assert!((norm - 1.0).abs() < 1e-3, "{file}: norm {norm}");
                }
            }
            (expected, Err(err)) => {
                assert_eq!(err.code(), expected, "{file}: {err:?}");
                if let EmbedError::Upstream { code, .. } = &err {
                    assert_eq!(code.as_deref(), case["code"].as_str(), "{file}");
                }
                assert_eq!(
                    err.is_retryable(),
                    case["retryable"].as_bool().unwrap_or(false),
                    "{file}"
                );
                assert_eq!(
                    policy.next_delay_ms(1, &err, 0).is_some(),
                    err.is_retryable(),
                    "{file}"
                );
            }
            (expected, Ok(_)) => panic!("{file}: expected {expected}, parsed fine"),
        }
    }
}

#[test]
fn out_of_order_answer_is_reordered() {
    let raw: Value = serde_json::from_slice(&data("openai_ok_out_of_order.json")).unwrap();
    let first_listed = raw["data"][0]["embedding"][0].as_f64().unwrap();
    assert_eq!(raw["data"][0]["index"], 1);
    let e = wire::parse_response(200, &data("openai_ok_out_of_order.json"), None, 2, DIMS).unwrap();
    #[allow(clippy::cast_possible_truncation, reason = "test data are f32 values")]
    let first_listed = first_listed as f32;
    assert_eq!(e.vectors[1][0], first_listed);
}

#[test]
fn provider_error_message_is_kept_for_logs() {
    let err = wire::parse_response(401, &data("azure_401.json"), None, 1, DIMS).unwrap_err();
    match err {
        EmbedError::Upstream {
            message: Some(m), ..
        } => assert!(m.starts_with("Access denied")),
        other => panic!("{other:?}"),
    }
}
