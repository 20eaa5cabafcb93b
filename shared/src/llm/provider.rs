//! What every provider shares: the request the function sends, the items a
//! decoded stream yields, how a failure is classified, and the failover plan.

use serde::Serialize;

/// A request for the function to `fetch`. Headers may carry API keys: this
/// type does not implement `Debug`.
pub struct HttpRequest {
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
    Anthropic,
    AzureOpenai,
    OpenaiCompatible,
    /// Sentences taken from the retrieved sources; no model involved.
    Extractive,
}

impl ProviderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::Anthropic => "anthropic",
            ProviderKind::AzureOpenai => "azure_openai",
            ProviderKind::OpenaiCompatible => "openai_compatible",
            ProviderKind::Extractive => "extractive",
        }
    }
}

/// One decoded piece of a provider's stream.
#[derive(Clone, Debug, PartialEq)]
pub enum StreamItem {
    /// The model that answers, as the provider names it.
    Model(String),
    Text(String),
    Usage {
        input_tokens: u32,
        output_tokens: u32,
    },
    /// The provider finished normally.
    Done {
        stop_reason: String,
    },
    Error(ProviderError),
}

/// Why a provider did not answer. Every variant lets the chat function fail
/// over to the next provider as long as no text reached the visitor.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq)]
pub enum ProviderError {
    /// 429: too many requests; `retry_after` seconds when the provider said.
    RateLimited { retry_after: Option<u32> },
    /// Anthropic 529 / `overloaded_error`, Azure 503.
    Overloaded,
    /// Any other 5xx, or a failed connection.
    Unavailable { status: u16 },
    /// 401/403: our key is wrong or lacks access (an operator problem).
    Auth { status: u16 },
    /// 400/404/413/422: the provider refused our request.
    Rejected { status: u16, message: String },
    /// The provider's content filter stopped the answer.
    ContentFiltered,
    /// The stream ended without its closing event, or carried an error event.
    StreamBroken { reason: String },
    /// No answer within the function's deadline.
    Timeout,
}

impl ProviderError {
    /// Stable code for logs and provenance.
    pub fn code(&self) -> &'static str {
        match self {
            ProviderError::RateLimited { .. } => "provider_rate_limited",
            ProviderError::Overloaded => "provider_overloaded",
            ProviderError::Unavailable { .. } => "provider_unavailable",
            ProviderError::Auth { .. } => "provider_auth",
            ProviderError::Rejected { .. } => "provider_rejected",
            ProviderError::ContentFiltered => "provider_content_filtered",
            ProviderError::StreamBroken { .. } => "provider_stream_broken",
            ProviderError::Timeout => "provider_timeout",
        }
    }

    /// Classifies a non-2xx response from its status, `retry-after` header
    /// and body (each provider's error JSON carries a type string).
    pub fn from_status(status: u16, retry_after: Option<&str>, body: &str) -> Self {
        let kind = error_type(body);
        match status {
            429 => ProviderError::RateLimited {
                retry_after: retry_after.and_then(|v| v.trim().parse().ok()),
            },
            529 => ProviderError::Overloaded,
            503 if kind.as_deref() != Some("api_error") => ProviderError::Overloaded,
            401 | 403 => ProviderError::Auth { status },
            s if (500..600).contains(&s) => ProviderError::Unavailable { status },
            _ if kind.as_deref() == Some("content_filter") => ProviderError::ContentFiltered,
            _ => ProviderError::Rejected {
                status,
                message: error_message(body).unwrap_or_default(),
            },
        }
    }
}

/// `error.type` (Anthropic) or `error.code` (OpenAI, Azure) of an error body.
fn error_type(body: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    let e = v.get("error")?;
    e.get("type")
        .or_else(|| e.get("code"))
        .and_then(|t| t.as_str())
        .map(str::to_owned)
}

fn error_message(body: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    let m = v.get("error")?.get("message")?.as_str()?;
    // Logged by the function; keep it short.
    Some(m.chars().take(200).collect())
}

/// Where a provider processes data, for the project's provider policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Region {
    Eu,
    Us,
    Local,
}

impl Region {
    pub fn as_str(self) -> &'static str {
        match self {
            Region::Eu => "eu",
            Region::Us => "us",
            Region::Local => "local",
        }
    }
}

/// A provider the function has credentials for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Configured {
    pub kind: ProviderKind,
    pub region: Region,
}

/// The order in which providers are tried for a project: Anthropic first,
/// then Azure OpenAI, then an OpenAI-compatible endpoint, and the extractive
/// answer last, which always works. A project whose policy is `eu_only`
/// skips every provider not processing in the EU.
pub fn failover_plan(configured: &[Configured], policy: &str) -> Vec<Configured> {
    let eu_only = policy == "eu_only";
    let rank = |k: ProviderKind| match k {
        ProviderKind::Anthropic => 0,
        ProviderKind::AzureOpenai => 1,
        ProviderKind::OpenaiCompatible => 2,
        ProviderKind::Extractive => 3,
    };
    let mut plan: Vec<Configured> = configured
        .iter()
        .filter(|c| c.kind != ProviderKind::Extractive)
        .filter(|c| !eu_only || c.region != Region::Us)
        .cloned()
        .collect();
    plan.sort_by_key(|c| rank(c.kind));
    plan.push(Configured {
        kind: ProviderKind::Extractive,
        region: Region::Local,
    });
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_provider_errors() {
        let anthropic_overloaded =
            r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#;
        assert_eq!(
            ProviderError::from_status(529, None, anthropic_overloaded),
            ProviderError::Overloaded
        );
        assert_eq!(
            ProviderError::from_status(429, Some("7"), "{}"),
            ProviderError::RateLimited {
                retry_after: Some(7)
            }
        );
        assert_eq!(
            ProviderError::from_status(401, None, ""),
            ProviderError::Auth { status: 401 }
        );
        assert_eq!(
            ProviderError::from_status(502, None, "<html>"),
            ProviderError::Unavailable { status: 502 }
        );
        let azure_filter = r#"{"error":{"code":"content_filter","message":"filtered"}}"#;
        assert_eq!(
            ProviderError::from_status(400, None, azure_filter),
            ProviderError::ContentFiltered
        );
        match ProviderError::from_status(
            400,
            None,
            r#"{"error":{"type":"invalid_request_error","message":"max_tokens"}}"#,
        ) {
            ProviderError::Rejected {
                status: 400,
                message,
            } => assert_eq!(message, "max_tokens"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn eu_only_policy_skips_us_providers_and_extractive_is_always_last() {
        let configured = [
            Configured {
                kind: ProviderKind::OpenaiCompatible,
                region: Region::Eu,
            },
            Configured {
                kind: ProviderKind::Anthropic,
                region: Region::Us,
            },
            Configured {
                kind: ProviderKind::AzureOpenai,
                region: Region::Eu,
            },
        ];
        let any: Vec<_> = failover_plan(&configured, "any")
            .iter()
            .map(|c| c.kind)
            .collect();
        assert_eq!(
            any,
            [
                ProviderKind::Anthropic,
                ProviderKind::AzureOpenai,
                ProviderKind::OpenaiCompatible,
                ProviderKind::Extractive
            ]
        );
        let eu: Vec<_> = failover_plan(&configured, "eu_only")
            .iter()
            .map(|c| c.kind)
            .collect();
        assert_eq!(
            eu,
            [
                ProviderKind::AzureOpenai,
                ProviderKind::OpenaiCompatible,
                ProviderKind::Extractive
            ]
        );
        assert_eq!(failover_plan(&[], "any").len(), 1);
    }
}
