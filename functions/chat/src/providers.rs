//! Calling the language models: which providers are configured, and one
//! streamed attempt against one of them. Request bytes and stream decoding
//! come from `mignuti_shared::llm`; this module only fetches.

use std::time::Duration;

use futures_util::StreamExt;
use futures_util::future::{Either, select};
use mignuti_shared::llm::prompt::Prompt;
use mignuti_shared::llm::provider::{Configured, Region};
use mignuti_shared::llm::sse::SseParser;
use mignuti_shared::llm::{
    HttpRequest, ProviderError, ProviderKind, StreamItem, anthropic, openai,
};
use worker::{AbortController, Delay, Env, Fetch, Headers, Method, Request, RequestInit};

/// How long a provider may take to answer with response headers, unless
/// `LLM_TIMEOUT_MS` says otherwise (it also bounds silence mid-stream).
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

fn timeout(env: &Env) -> Duration {
    var(env, "LLM_TIMEOUT_MS")
        .and_then(|v| v.parse::<u64>().ok())
        .map_or(DEFAULT_TIMEOUT, Duration::from_millis)
}

fn var(env: &Env, name: &str) -> Option<String> {
    env.secret(name)
        .map(|s| s.to_string())
        .or_else(|_| env.var(name).map(|v| v.to_string()))
        .ok()
        .filter(|v| !v.trim().is_empty())
}

fn region(env: &Env, name: &str, default: Region) -> Region {
    match var(env, name).as_deref() {
        Some("eu") => Region::Eu,
        Some("us") => Region::Us,
        _ => default,
    }
}

/// Providers with credentials, and the region each processes data in.
/// Anthropic's API processes in the US unless the operator says otherwise;
/// Azure deployments are assumed in the EU region they are created in.
pub fn configured(env: &Env) -> Vec<Configured> {
    let mut out = Vec::new();
    if var(env, "ANTHROPIC_API_KEY").is_some() {
        out.push(Configured {
            kind: ProviderKind::Anthropic,
            region: region(env, "ANTHROPIC_REGION", Region::Us),
        });
    }
    if var(env, "AZURE_OPENAI_API_KEY").is_some() && var(env, "AZURE_OPENAI_ENDPOINT").is_some() {
        out.push(Configured {
            kind: ProviderKind::AzureOpenai,
            region: region(env, "AZURE_OPENAI_REGION", Region::Eu),
        });
    }
    if var(env, "OPENAI_COMPAT_BASE_URL").is_some() {
        out.push(Configured {
            kind: ProviderKind::OpenaiCompatible,
            region: region(env, "OPENAI_COMPAT_REGION", Region::Us),
        });
    }
    out
}

/// The model name reported before the provider names it.
pub fn model_name(env: &Env, kind: ProviderKind) -> String {
    match kind {
        ProviderKind::Anthropic => {
            var(env, "ANTHROPIC_MODEL").unwrap_or_else(|| anthropic::DEFAULT_MODEL.into())
        }
        ProviderKind::AzureOpenai => {
            var(env, "AZURE_OPENAI_DEPLOYMENT").unwrap_or_else(|| "gpt-4o-mini".into())
        }
        ProviderKind::OpenaiCompatible => {
            var(env, "OPENAI_COMPAT_MODEL").unwrap_or_else(|| "default".into())
        }
        _ => "extractive-v1".into(),
    }
}

fn build_request(env: &Env, kind: ProviderKind, prompt: &Prompt) -> Option<HttpRequest> {
    match kind {
        ProviderKind::Anthropic => {
            let key = var(env, "ANTHROPIC_API_KEY")?;
            let base = var(env, "ANTHROPIC_BASE_URL")
                .unwrap_or_else(|| anthropic::DEFAULT_BASE_URL.into());
            let model = model_name(env, kind);
            Some(anthropic::request(
                &anthropic::Config {
                    base_url: &base,
                    api_key: &key,
                    model: &model,
                },
                prompt,
            ))
        }
        ProviderKind::AzureOpenai => {
            let key = var(env, "AZURE_OPENAI_API_KEY")?;
            let endpoint = var(env, "AZURE_OPENAI_ENDPOINT")?;
            let deployment = model_name(env, kind);
            Some(openai::request(
                &openai::Endpoint::Azure {
                    endpoint: &endpoint,
                    deployment: &deployment,
                    api_key: &key,
                },
                prompt,
            ))
        }
        ProviderKind::OpenaiCompatible => {
            let base = var(env, "OPENAI_COMPAT_BASE_URL")?;
            let key = var(env, "OPENAI_COMPAT_API_KEY").unwrap_or_default();
            let model = model_name(env, kind);
            Some(openai::request(
                &openai::Endpoint::Compatible {
                    base_url: &base,
                    api_key: &key,
                    model: &model,
                },
                prompt,
            ))
        }
        _ => None,
    }
}

enum Decoder {
    Anthropic(anthropic::Decoder),
    OpenAi(openai::Decoder),
}

impl Decoder {
    fn decode(&mut self, ev: &mignuti_shared::llm::sse::SseEvent) -> Vec<StreamItem> {
        match self {
            Decoder::Anthropic(d) => d.decode(ev),
            Decoder::OpenAi(d) => d.decode(ev),
        }
    }
}

/// Streams one provider's answer, calling `on_item` for every decoded item.
/// Returns `Err` when the provider failed; `on_item` tells whether text was
/// already released (then the caller cannot fail over any more).
pub async fn stream(
    env: &Env,
    kind: ProviderKind,
    prompt: &Prompt,
    mut on_item: impl FnMut(StreamItem) -> bool,
) -> Result<(), ProviderError> {
    let Some(spec) = build_request(env, kind, prompt) else {
        return Err(ProviderError::Auth { status: 0 });
    };
    let headers = Headers::new();
    for (name, value) in &spec.headers {
        headers
            .set(name, value)
            .map_err(|_| ProviderError::Rejected {
                status: 0,
                message: "header".into(),
            })?;
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(spec.body.into()));
    let request =
        Request::new_with_init(&spec.url, &init).map_err(|_| ProviderError::Rejected {
            status: 0,
            message: "request".into(),
        })?;
    let controller = AbortController::default();
    let signal = controller.signal();
    let fetch = Fetch::Request(request);
    let send = Box::pin(fetch.send_with_signal(&signal));
    let mut response = match select(send, Box::pin(Delay::from(timeout(env)))).await {
        Either::Left((Ok(r), _)) => r,
        Either::Left((Err(_), _)) => return Err(ProviderError::Unavailable { status: 0 }),
        Either::Right(_) => {
            controller.abort();
            return Err(ProviderError::Timeout);
        }
    };
    let status = response.status_code();
    if !(200..300).contains(&status) {
        let retry_after = response.headers().get("retry-after").ok().flatten();
        let body = response.text().await.unwrap_or_default();
        return Err(ProviderError::from_status(
            status,
            retry_after.as_deref(),
            &body,
        ));
    }
    let mut decoder = match kind {
        ProviderKind::Anthropic => Decoder::Anthropic(anthropic::Decoder::new()),
        _ => Decoder::OpenAi(openai::Decoder::new()),
    };
    let mut body = response.stream().map_err(|_| ProviderError::StreamBroken {
        reason: "no body".into(),
    })?;
    let mut parser = SseParser::new();
    loop {
        let next = match select(body.next(), Box::pin(Delay::from(timeout(env)))).await {
            Either::Left((next, _)) => next,
            Either::Right(_) => return Err(ProviderError::Timeout),
        };
        let chunk = match next {
            None => {
                return Err(ProviderError::StreamBroken {
                    reason: "ended without its final event".into(),
                });
            }
            Some(Err(_)) => {
                return Err(ProviderError::StreamBroken {
                    reason: "connection lost".into(),
                });
            }
            Some(Ok(chunk)) => chunk,
        };
        let events = parser
            .push(&chunk)
            .map_err(|_| ProviderError::StreamBroken {
                reason: "event too large".into(),
            })?;
        for ev in &events {
            for item in decoder.decode(ev) {
                match item {
                    StreamItem::Error(e) => return Err(e),
                    StreamItem::Done { .. } => {
                        on_item(item);
                        return Ok(());
                    }
                    other => {
                        if !on_item(other) {
                            // The consumer stopped (leak found): end the call.
                            controller.abort();
                            return Ok(());
                        }
                    }
                }
            }
        }
    }
}
