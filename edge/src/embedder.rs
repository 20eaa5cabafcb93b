//! Calling a cloud embedder: batches, a deadline per request, retries with
//! backoff. Request bytes, answer checks and the retry schedule come from
//! `mignuti_shared::embed`; this module only fetches and waits.

use std::time::Duration;

use futures_util::future::{Either, select};
use futures_util::stream::{self, StreamExt, TryStreamExt};
use mignuti_shared::embed::wire::{self, HttpRequest};
use mignuti_shared::embed::{
    CloudEmbedder, DIMS, EmbedError, ProjectEmbedder, RetryPolicy, Unusable, parse_retry_after,
};
use worker::{AbortController, Date, Delay, Env, Fetch, Headers, Method, Request, RequestInit};

use crate::EdgeError;

/// How a caller may spend time on one embedding job.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// Inputs per request.
    pub batch: usize,
    /// Requests in flight at once (a Worker may hold six connections).
    pub parallel: usize,
    /// Deadline of one request, until its whole body has arrived.
    pub timeout: Duration,
    pub retry: RetryPolicy,
}

impl Budget {
    /// Ingestion: big batches, a few in parallel, patient retries.
    pub const INGEST: Budget = Budget {
        batch: 64,
        parallel: 3,
        timeout: Duration::from_secs(30),
        retry: RetryPolicy {
            max_attempts: 4,
            base_delay_ms: 500,
            max_delay_ms: 8_000,
            max_retry_after_ms: 20_000,
        },
    };

    /// A visitor's question: one input, a short deadline and one retry, so
    /// a slow embedder costs the answer little (retrieval then falls back
    /// to full text).
    pub const QUERY: Budget = Budget {
        batch: 1,
        parallel: 1,
        timeout: Duration::from_millis(2_000),
        retry: RetryPolicy {
            max_attempts: 2,
            base_delay_ms: 200,
            max_delay_ms: 400,
            max_retry_after_ms: 1_000,
        },
    };
}

fn setting(env: &Env, name: &str) -> Option<String> {
    env.secret(name)
        .map(|s| s.to_string())
        .or_else(|_| env.var(name).map(|v| v.to_string()))
        .ok()
}

/// The embedder a project names, as this function can run it.
pub fn for_project(
    env: &Env,
    embedder_id: &str,
    policy: &str,
) -> Result<ProjectEmbedder, Unusable> {
    let configured = CloudEmbedder::configured(|name| setting(env, name));
    ProjectEmbedder::resolve(embedder_id, policy, &configured)
}

/// The answer to a job the embedder could not do, for an org owner's
/// request (never a visitor's).
pub fn error_response(e: &EmbedError) -> EdgeError {
    match e {
        EmbedError::RateLimited { retry_after_ms } => EdgeError::Status {
            status: 503,
            code: "embedder_busy",
            message: format!(
                "The embedding service is rate limiting this project; nothing was stored. Try again in {} s.",
                retry_after_ms.map_or(60, |ms| ms.div_ceil(1000).max(1))
            ),
        },
        EmbedError::InvalidConfig(_) => EdgeError::Status {
            status: 500,
            code: "config_invalid",
            message: "The embedding service is misconfigured.".into(),
        },
        _ => EdgeError::Status {
            status: 502,
            code: "embedder_failed",
            message: "The embedding service failed; nothing was stored. Try again later.".into(),
        },
    }
}

/// One vector per input, in order. Every request is retried on its own as
/// `budget.retry` allows; the first request that still fails fails the job.
pub async fn embed(
    cloud: &CloudEmbedder,
    inputs: &[String],
    budget: &Budget,
) -> Result<Vec<Vec<f32>>, EmbedError> {
    if inputs.is_empty() {
        return Ok(Vec::new());
    }
    let batches: Vec<&[String]> = inputs
        .chunks(budget.batch.clamp(1, wire::MAX_BATCH))
        .collect();
    let results: Vec<Vec<Vec<f32>>> = stream::iter(batches)
        .map(|batch| with_retries(cloud, batch, budget))
        .buffered(budget.parallel.max(1))
        .try_collect()
        .await?;
    Ok(results.into_iter().flatten().collect())
}

async fn with_retries(
    cloud: &CloudEmbedder,
    batch: &[String],
    budget: &Budget,
) -> Result<Vec<Vec<f32>>, EmbedError> {
    let inputs: Vec<&str> = batch.iter().map(String::as_str).collect();
    let request = cloud.request(&inputs)?;
    let mut attempts = 0;
    loop {
        attempts += 1;
        let error = match attempt(&request, inputs.len(), budget.timeout).await {
            Ok(vectors) => return Ok(vectors),
            Err(e) => e,
        };
        let jitter = crate::rand::bytes::<8>().map_or(0, u64::from_le_bytes);
        let Some(wait) = budget.retry.next_delay_ms(attempts, &error, jitter) else {
            worker::console_error!(
                "embedder {}: {error} after {attempts} attempt(s)",
                cloud.id()
            );
            return Err(error);
        };
        worker::console_warn!("embedder {}: {error}, retrying in {wait} ms", cloud.id());
        Delay::from(Duration::from_millis(wait)).await;
    }
}

async fn attempt(
    spec: &HttpRequest,
    inputs: usize,
    timeout: Duration,
) -> Result<Vec<Vec<f32>>, EmbedError> {
    let headers = Headers::new();
    for (name, value) in &spec.headers {
        headers
            .set(name, value)
            .map_err(|_| EmbedError::InvalidConfig("header"))?;
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(js_body(&spec.body)));
    let request = Request::new_with_init(&spec.url, &init)
        .map_err(|_| EmbedError::InvalidConfig("endpoint"))?;
    let controller = AbortController::default();
    let signal = controller.signal();
    let exchange = async {
        let mut response = Fetch::Request(request)
            .send_with_signal(&signal)
            .await
            .map_err(|_| EmbedError::Unreachable)?;
        let status = response.status_code();
        let header = |name: &str| response.headers().get(name).ok().flatten();
        let retry_after = parse_retry_after(
            header("retry-after").as_deref(),
            header("retry-after-ms").as_deref(),
            Date::now().as_millis() / 1000,
        );
        let body = response
            .bytes()
            .await
            .map_err(|_| EmbedError::Unreachable)?;
        wire::parse_response(status, &body, retry_after, inputs, DIMS).map(|e| e.vectors)
    };
    match select(Box::pin(exchange), Box::pin(Delay::from(timeout))).await {
        Either::Left((result, _)) => result,
        Either::Right(_) => {
            controller.abort();
            Err(EmbedError::Timeout)
        }
    }
}

fn js_body(bytes: &[u8]) -> worker::wasm_bindgen::JsValue {
    worker::js_sys::Uint8Array::from(bytes).into()
}
