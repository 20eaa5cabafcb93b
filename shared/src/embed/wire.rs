//! Wire formats of the cloud embedders: request bytes out, vectors in.
//!
//! - Azure OpenAI: `POST {endpoint}/openai/deployments/{deployment}/embeddings?api-version=…`
//!   with an `api-key` header; the model is the deployment's
//!   (`text-embedding-3-small`, 1536 dimensions, in an EU region).
//! - OpenAI-compatible: `POST {base_url}/embeddings` (`base_url` ends in
//!   `/v1`) with `Authorization: Bearer …` and the model in the body.
//!
//! Both take a batch of inputs in one request and answer
//! `{"data":[{"index":i,"embedding":[…]}],"model":…,"usage":…}`, errors as
//! `{"error":{"code":…,"message":…}}`. The functions do the fetch; this module
//! checks the answer strictly (one finite vector of the requested length per
//! input, matched by `index`, not by position) because a vector stored in
//! the wrong row would silently answer visitors from the wrong passage.

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use super::EmbedError;

/// Most inputs per request (the providers' limit is 2048; the knowledge
/// function sends far smaller batches to keep each request short).
pub const MAX_BATCH: usize = 2048;

/// Longest input in characters. `text-embedding-3-small` takes 8191 tokens;
/// 24 000 characters stays below that even for token-dense text, and chunks
/// are far shorter.
pub const MAX_INPUT_CHARS: usize = 24_000;

/// Azure OpenAI API version used unless configured otherwise.
pub const AZURE_API_VERSION: &str = "2024-10-21";

/// An HTTP request for the function to send. Its `Debug` hides the
/// credential headers.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl core::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                if k.eq_ignore_ascii_case("api-key") || k.eq_ignore_ascii_case("authorization") {
                    (*k, "<redacted>")
                } else {
                    (*k, v.as_str())
                }
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// An Azure OpenAI embeddings deployment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AzureConfig {
    /// `https://<resource>.openai.azure.com`
    pub endpoint: String,
    /// Deployment name, e.g. `text-embedding-3-small`.
    pub deployment: String,
    /// Model behind the deployment; part of the embedder id.
    pub model: String,
    pub api_version: String,
    /// Requested vector length (`dimensions`); `None` sends no parameter.
    pub dimensions: Option<u32>,
}

impl AzureConfig {
    /// `text-embedding-3-small` at 1536 dimensions behind `deployment`.
    pub fn text_embedding_3_small(endpoint: &str, deployment: &str) -> Self {
        AzureConfig {
            endpoint: endpoint.to_owned(),
            deployment: deployment.to_owned(),
            model: "text-embedding-3-small".to_owned(),
            api_version: AZURE_API_VERSION.to_owned(),
            dimensions: Some(1536),
        }
    }

    /// Id stored with each chunk, e.g. `azure:text-embedding-3-small`.
    pub fn embedder_id(&self) -> String {
        format!("azure:{}", self.model)
    }
}

/// An OpenAI-compatible embeddings endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenAiCompatConfig {
    /// Base URL including the version, e.g. `https://api.example/v1`.
    pub base_url: String,
    pub model: String,
    /// `dimensions` parameter; `None` for servers that reject it.
    pub dimensions: Option<u32>,
}

impl OpenAiCompatConfig {
    /// Id stored with each chunk, e.g. `openai:text-embedding-3-small`.
    pub fn embedder_id(&self) -> String {
        format!("openai:{}", self.model)
    }
}

#[derive(Serialize)]
struct RequestBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    model: Option<&'a str>,
    input: &'a [&'a str],
    #[serde(skip_serializing_if = "Option::is_none")]
    dimensions: Option<u32>,
    encoding_format: &'static str,
}

/// The request for `inputs` to an Azure OpenAI deployment.
pub fn azure_request(
    cfg: &AzureConfig,
    api_key: &str,
    inputs: &[&str],
) -> Result<HttpRequest, EmbedError> {
    let endpoint = checked_base_url(&cfg.endpoint)?;
    if !is_url_segment(&cfg.deployment) {
        return Err(EmbedError::InvalidConfig("deployment"));
    }
    if !is_url_segment(&cfg.api_version) {
        return Err(EmbedError::InvalidConfig("api_version"));
    }
    if api_key.is_empty() || !is_header_value(api_key) {
        return Err(EmbedError::InvalidConfig("api_key"));
    }
    let body = body(None, inputs, cfg.dimensions)?;
    Ok(HttpRequest {
        method: "POST",
        url: format!(
            "{endpoint}/openai/deployments/{}/embeddings?api-version={}",
            cfg.deployment, cfg.api_version
        ),
        headers: vec![
            ("content-type", "application/json".to_owned()),
            ("api-key", api_key.to_owned()),
        ],
        body,
    })
}

/// The request for `inputs` to an OpenAI-compatible endpoint.
pub fn openai_request(
    cfg: &OpenAiCompatConfig,
    api_key: &str,
    inputs: &[&str],
) -> Result<HttpRequest, EmbedError> {
    let base = checked_base_url(&cfg.base_url)?;
    if cfg.model.is_empty() || cfg.model.len() > 200 || cfg.model.chars().any(char::is_control) {
        return Err(EmbedError::InvalidConfig("model"));
    }
    if api_key.is_empty() || !is_header_value(api_key) {
        return Err(EmbedError::InvalidConfig("api_key"));
    }
    let body = body(Some(&cfg.model), inputs, cfg.dimensions)?;
    Ok(HttpRequest {
        method: "POST",
        url: format!("{base}/embeddings"),
        headers: vec![
            ("content-type", "application/json".to_owned()),
            ("authorization", format!("Bearer {api_key}")),
        ],
        body,
    })
}

fn body(
    model: Option<&str>,
    inputs: &[&str],
    dimensions: Option<u32>,
) -> Result<Vec<u8>, EmbedError> {
    if inputs.is_empty() {
        return Err(EmbedError::EmptyBatch);
    }
    if inputs.len() > MAX_BATCH {
        return Err(EmbedError::BatchTooLarge);
    }
    // The providers reject empty strings with a 400 for the whole batch;
    // failing here names the cause.
    if inputs
        .iter()
        .any(|s| s.trim().is_empty() || s.chars().count() > MAX_INPUT_CHARS)
    {
        return Err(EmbedError::InvalidInput);
    }
    serde_json::to_vec(&RequestBody {
        model,
        input: inputs,
        dimensions,
        // Base64 of little-endian f32s: about half the bytes of decimal
        // floats and far cheaper to decode (a 1,536-dimension vector is ~8 KB
        // instead of ~20 KB of JSON numbers). Servers that ignore the
        // parameter answer floats, which parse as well.
        encoding_format: "base64",
    })
    .map_err(|_| EmbedError::InvalidInput)
}

/// `https://host[/path]` without a trailing slash. Plain `http` only for
/// loopback hosts (local test servers): the key must not cross a network in
/// clear.
fn checked_base_url(url: &str) -> Result<&str, EmbedError> {
    let url = url.trim_end_matches('/');
    let rest = if let Some(rest) = url.strip_prefix("https://") {
        rest
    } else if let Some(rest) = url.strip_prefix("http://") {
        let host = rest.split(['/', ':']).next().unwrap_or("");
        if !(matches!(host, "localhost" | "127.0.0.1") || rest.starts_with("[::1]")) {
            return Err(EmbedError::InvalidConfig("endpoint must use https"));
        }
        rest
    } else {
        return Err(EmbedError::InvalidConfig("endpoint must use https"));
    };
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty()
        || url.contains(['?', '#', '@'])
        || url.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(EmbedError::InvalidConfig("endpoint"));
    }
    Ok(url)
}

/// A path or query segment that needs no escaping (deployment names and API
/// versions), so configuration cannot rewrite the request path.
fn is_url_segment(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && s != "."
        && s != ".."
}

fn is_header_value(s: &str) -> bool {
    s.bytes().all(|b| (0x21..0x7f).contains(&b))
}

/// A successful embeddings answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Embeddings {
    /// One vector per input, in input order.
    pub vectors: Vec<Vec<f32>>,
    /// Model the provider reports, if any.
    pub model: Option<String>,
    /// Input tokens billed, if reported.
    pub prompt_tokens: Option<u64>,
}

#[derive(Deserialize)]
struct ListBody {
    data: Vec<Item>,
    #[serde(default)]
    model: Option<String>,
    #[serde(default)]
    usage: Option<Usage>,
}

#[derive(Deserialize)]
struct Item {
    index: usize,
    embedding: Repr,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Repr {
    Floats(Vec<f32>),
    /// `encoding_format: "base64"`: little-endian `f32`s.
    Base64(String),
}

#[derive(Deserialize)]
struct Usage {
    #[serde(default)]
    prompt_tokens: Option<u64>,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    #[serde(default)]
    code: Option<serde_json::Value>,
    #[serde(default)]
    message: Option<String>,
}

/// Longest provider error message kept (it goes to logs only).
const MAX_MESSAGE_CHARS: usize = 500;

/// Interprets an embeddings answer for a batch of `inputs` inputs at
/// `dims` dimensions. `retry_after_ms` is the parsed `Retry-After` header
/// ([`super::parse_retry_after`]).
pub fn parse_response(
    status: u16,
    body: &[u8],
    retry_after_ms: Option<u64>,
    inputs: usize,
    dims: usize,
) -> Result<Embeddings, EmbedError> {
    if !(200..300).contains(&status) {
        return Err(parse_error(status, body, retry_after_ms));
    }
    let list: ListBody = serde_json::from_slice(body).map_err(|_| EmbedError::MalformedResponse)?;
    if list.data.len() != inputs {
        return Err(EmbedError::CountMismatch);
    }
    let mut vectors: Vec<Option<Vec<f32>>> = vec![None; inputs];
    for item in list.data {
        let v = match item.embedding {
            Repr::Floats(v) => v,
            Repr::Base64(s) => decode_base64_f32(&s)?,
        };
        if v.len() != dims || v.iter().any(|x| !x.is_finite()) {
            return Err(EmbedError::BadVector);
        }
        match vectors.get_mut(item.index) {
            Some(slot @ None) => *slot = Some(v),
            _ => return Err(EmbedError::CountMismatch),
        }
    }
    let vectors = vectors
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .ok_or(EmbedError::CountMismatch)?;
    Ok(Embeddings {
        vectors,
        model: list.model,
        prompt_tokens: list.usage.and_then(|u| u.prompt_tokens),
    })
}

fn decode_base64_f32(s: &str) -> Result<Vec<f32>, EmbedError> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(s)
        .map_err(|_| EmbedError::MalformedResponse)?;
    if bytes.len() % 4 != 0 {
        return Err(EmbedError::BadVector);
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

/// The error of a non-2xx answer. Bodies that are not the usual JSON (a
/// gateway's HTML page) still yield the status.
pub fn parse_error(status: u16, body: &[u8], retry_after_ms: Option<u64>) -> EmbedError {
    let (code, message) = match serde_json::from_slice::<ErrorBody>(body) {
        Ok(e) => {
            let code = match e.error.code {
                Some(serde_json::Value::String(s)) => Some(s),
                Some(serde_json::Value::Number(n)) => Some(n.to_string()),
                _ => None,
            };
            let message = e
                .error
                .message
                .map(|m| m.chars().take(MAX_MESSAGE_CHARS).collect());
            (code, message)
        }
        Err(_) => (None, None),
    };
    // OpenAI answers an exhausted prepaid quota with 429 too, but waiting
    // does not refill it: that one is a permanent error.
    if status == 429 && code.as_deref() != Some("insufficient_quota") {
        return EmbedError::RateLimited { retry_after_ms };
    }
    EmbedError::Upstream {
        status,
        code,
        message,
        retry_after_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn azure_request_shape() {
        let cfg =
            AzureConfig::text_embedding_3_small("https://acme-eu.openai.azure.com/", "emb-small");
        let req = azure_request(&cfg, "k3y", &["Hallo", "Welt"]).unwrap();
        assert_eq!(
            req.url,
            "https://acme-eu.openai.azure.com/openai/deployments/emb-small/embeddings?api-version=2024-10-21"
        );
        assert!(req.headers.contains(&("api-key", "k3y".to_owned())));
        let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"input":["Hallo","Welt"],"dimensions":1536,"encoding_format":"base64"})
        );
        assert_eq!(cfg.embedder_id(), "azure:text-embedding-3-small");
        assert!(!format!("{req:?}").contains("k3y"));
    }

    #[test]
    fn openai_request_shape() {
        let cfg = OpenAiCompatConfig {
            base_url: "https://llm.example/v1".to_owned(),
            model: "text-embedding-3-small".to_owned(),
            dimensions: Some(1536),
        };
        let req = openai_request(&cfg, "sk-test", &["a b"]).unwrap();
        assert_eq!(req.url, "https://llm.example/v1/embeddings");
        assert!(
            req.headers
                .contains(&("authorization", "Bearer sk-test".to_owned()))
        );
        assert!(!format!("{req:?}").contains("sk-test"));
        let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
        assert_eq!(body["model"], "text-embedding-3-small");
        assert_eq!(body["input"][0], "a b");
    }

    #[test]
    fn rejects_bad_config_and_input() {
        let mut cfg = AzureConfig::text_embedding_3_small("http://evil.example", "d");
        assert!(matches!(
            azure_request(&cfg, "k", &["x"]),
            Err(EmbedError::InvalidConfig(_))
        ));
        cfg.endpoint = "https://ok.example".to_owned();
        cfg.deployment = "../admin".to_owned();
        assert!(matches!(
            azure_request(&cfg, "k", &["x"]),
            Err(EmbedError::InvalidConfig(_))
        ));
        cfg.deployment = "d".to_owned();
        assert_eq!(azure_request(&cfg, "k", &[]), Err(EmbedError::EmptyBatch));
        assert_eq!(
            azure_request(&cfg, "k", &["  "]),
            Err(EmbedError::InvalidInput)
        );
        assert!(matches!(
            azure_request(&cfg, "k\r\nx: y", &["a"]),
            Err(EmbedError::InvalidConfig(_))
        ));
        let local = OpenAiCompatConfig {
            base_url: "http://localhost:8080/v1".to_owned(),
            model: "m".to_owned(),
            dimensions: None,
        };
        let req = openai_request(&local, "k", &["x"]).unwrap();
        assert!(!String::from_utf8(req.body).unwrap().contains("dimensions"));
    }

    #[test]
    fn matches_vectors_by_index_not_position() {
        let body = br#"{"data":[{"index":1,"embedding":[0.5,0.5]},{"index":0,"embedding":[1,0]}],"model":"m"}"#;
        let e = parse_response(200, body, None, 2, 2).unwrap();
        assert_eq!(e.vectors, vec![vec![1.0, 0.0], vec![0.5, 0.5]]);
        let dup = br#"{"data":[{"index":0,"embedding":[1,0]},{"index":0,"embedding":[1,0]}]}"#;
        assert_eq!(
            parse_response(200, dup, None, 2, 2),
            Err(EmbedError::CountMismatch)
        );
        let short = br#"{"data":[{"index":0,"embedding":[1]}]}"#;
        assert_eq!(
            parse_response(200, short, None, 1, 2),
            Err(EmbedError::BadVector)
        );
        assert_eq!(
            parse_response(200, b"<html>", None, 1, 2),
            Err(EmbedError::MalformedResponse)
        );
    }

    #[test]
    fn base64_vectors() {
        let mut raw = Vec::new();
        raw.extend_from_slice(&0.25f32.to_le_bytes());
        raw.extend_from_slice(&(-1.0f32).to_le_bytes());
        let b64 = base64::engine::general_purpose::STANDARD.encode(raw);
        let body = format!(r#"{{"data":[{{"index":0,"embedding":"{b64}"}}]}}"#);
        let e = parse_response(200, body.as_bytes(), None, 1, 2).unwrap();
        assert_eq!(e.vectors[0], vec![0.25, -1.0]);
    }
}
