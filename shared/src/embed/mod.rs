//! Text embeddings for knowledge retrieval.
//!
//! Three embedders produce 1536-dimensional vectors for `vector(1536)`
//! columns:
//! - [`LocalEmbedder`] (`local-hash-1536-v1`): deterministic feature hashing, no
//!   network; the default locally and in tests;
//! - Azure OpenAI `text-embedding-3-small` (EU deployment) and
//! - any OpenAI-compatible `/v1/embeddings` endpoint,
//!
//! for the last two of which this module only builds request bytes and parses
//! response bytes ([`wire`]); the functions do the fetch and follow
//! [`RetryPolicy`] between attempts. Vectors of different embedders live in
//! different spaces, so every chunk stores its embedder id and a query only
//! searches chunks of the project's embedder.
//!
//! Nothing here does I/O or reads a clock: the same code runs on the host and
//! in the wasm32 Workers. Measure retrieval quality with
//! `cargo run --release -p mignuti-shared --example retrieval_eval -- supabase/demo`.

pub mod cloud;
mod local;
mod retry;
pub mod wire;

pub use cloud::{CloudEmbedder, ProjectEmbedder, Unusable, passage_input};
pub use local::{
    LocalEmbedder, LocalParams, Word, concepts_of, fold, is_function_word, stem, words,
};
pub use retry::{RetryPolicy, parse_retry_after};

/// Dimensions of every stored embedding (`vector(1536)`).
pub const DIMS: usize = 1536;

/// Why an embedding request could not be built or its answer not used.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EmbedError {
    /// Endpoint, deployment or model missing or not an `https://` URL
    /// (plain `http://` only for loopback, for local test servers).
    InvalidConfig(&'static str),
    /// A batch without inputs.
    EmptyBatch,
    /// More inputs than one request may carry ([`wire::MAX_BATCH`]).
    BatchTooLarge,
    /// An input that is empty or longer than [`wire::MAX_INPUT_CHARS`].
    InvalidInput,
    /// HTTP 429; `retry_after_ms` from the `Retry-After` headers if sent.
    RateLimited { retry_after_ms: Option<u64> },
    /// Any other non-2xx answer, with the provider's error code and message
    /// when the body had them. Logged, never shown to a visitor.
    Upstream {
        status: u16,
        code: Option<String>,
        message: Option<String>,
        retry_after_ms: Option<u64>,
    },
    /// A 2xx body that is not an embeddings list.
    MalformedResponse,
    /// The list does not have exactly one vector per input (index gaps,
    /// duplicates, wrong count).
    CountMismatch,
    /// A vector with another length than requested, or with a non-finite
    /// component.
    BadVector,
    /// No answer within the caller's deadline.
    Timeout,
    /// The request could not be sent or the connection failed.
    Unreachable,
}

impl EmbedError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            EmbedError::InvalidConfig(_) => "embed_invalid_config",
            EmbedError::EmptyBatch => "embed_empty_batch",
            EmbedError::BatchTooLarge => "embed_batch_too_large",
            EmbedError::InvalidInput => "embed_invalid_input",
            EmbedError::RateLimited { .. } => "embed_rate_limited",
            EmbedError::Upstream { .. } => "embed_upstream_error",
            EmbedError::MalformedResponse => "embed_malformed_response",
            EmbedError::CountMismatch => "embed_count_mismatch",
            EmbedError::BadVector => "embed_bad_vector",
            EmbedError::Timeout => "embed_timeout",
            EmbedError::Unreachable => "embed_unreachable",
        }
    }

    /// Whether trying the same request again may succeed: rate limits,
    /// timeouts and server errors, not client errors.
    pub fn is_retryable(&self) -> bool {
        match self {
            EmbedError::RateLimited { .. } | EmbedError::Timeout | EmbedError::Unreachable => true,
            EmbedError::Upstream { status, .. } => {
                matches!(status, 408 | 409 | 425 | 500 | 502 | 503 | 504) || *status >= 520
            }
            _ => false,
        }
    }

    /// The server's requested wait, if any.
    pub fn retry_after_ms(&self) -> Option<u64> {
        match self {
            EmbedError::RateLimited { retry_after_ms }
            | EmbedError::Upstream { retry_after_ms, .. } => *retry_after_ms,
            _ => None,
        }
    }
}

impl core::fmt::Display for EmbedError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            EmbedError::InvalidConfig(what) => write!(f, "{}: {what}", self.code()),
            EmbedError::Upstream { status, code, .. } => write!(
                f,
                "{}: HTTP {status} {}",
                self.code(),
                code.as_deref().unwrap_or("")
            ),
            _ => f.write_str(self.code()),
        }
    }
}

impl std::error::Error for EmbedError {}

/// A vector in pgvector's text form, `[0.1,-0.2,…]`, to bind as
/// `$1::text::vector` (vectors travel as text; see DESIGN.md). Components
/// print in Rust's shortest round-trip form, so the database stores exactly
/// these `f32`s. Non-finite components, which pgvector rejects, are written
/// as `0`; the embedders never produce them.
pub fn to_pgvector_text(v: &[f32]) -> String {
    use core::fmt::Write as _;
    let mut out = String::with_capacity(v.len() * 12 + 2);
    out.push('[');
    for (i, x) in v.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if x.is_finite() {
            let _ = write!(out, "{x}");
        } else {
            out.push('0');
        }
    }
    out.push(']');
    out
}

/// Cosine similarity; 0 when either vector is zero or lengths differ.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    if a.len() != b.len() {
        return 0.0;
    }
    let (mut dot, mut na, mut nb) = (0.0f32, 0.0f32, 0.0f32);
    for (x, y) in a.iter().zip(b) {
        dot += x * y;
        na += x * x;
        nb += y * y;
    }
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na.sqrt() * nb.sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgvector_text_round_trips() {
        let v = [0.1f32, -0.25, 1.0e-7, 0.0, f32::NAN];
        let s = to_pgvector_text(&v);
        assert_eq!(s, "[0.1,-0.25,0.0000001,0,0]");
        let parsed: Vec<f32> = s[1..s.len() - 1]
            .split(',')
            .map(|x| x.parse().unwrap())
            .collect();
        assert_eq!(&parsed[..4], &v[..4]);
        assert_eq!(to_pgvector_text(&[]), "[]");
    }

    #[test]
    fn cosine_edge_cases() {
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 0.0]), 0.0);
        assert_eq!(cosine(&[1.0], &[1.0, 0.0]), 0.0);
        assert!((cosine(&[1.0, 1.0], &[2.0, 2.0]) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn error_codes_are_stable() {
        assert_eq!(
            EmbedError::RateLimited {
                retry_after_ms: None
            }
            .code(),
            "embed_rate_limited"
        );
        assert!(
            EmbedError::RateLimited {
                retry_after_ms: None
            }
            .is_retryable()
        );
        let bad_request = EmbedError::Upstream {
            status: 400,
            code: None,
            message: None,
            retry_after_ms: None,
        };
        assert!(!bad_request.is_retryable());
    }
}
