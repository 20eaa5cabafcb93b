//! Anthropic Messages API, streaming (`POST /v1/messages`, `stream: true`).
//!
//! Events: `message_start` (model, input tokens), `content_block_start`,
//! `content_block_delta` with `text_delta`, `content_block_stop`,
//! `message_delta` (stop reason, output tokens), `message_stop`, `ping`, and
//! `error` (e.g. `overloaded_error`) which may arrive mid-stream.

use serde_json::{Value, json};

use super::prompt::Prompt;
use super::provider::{HttpRequest, ProviderError, StreamItem};
use super::sse::SseEvent;

pub const DEFAULT_BASE_URL: &str = "https://api.anthropic.com";
pub const DEFAULT_MODEL: &str = "claude-haiku-4-5";
pub const API_VERSION: &str = "2023-06-01";

pub struct Config<'a> {
    pub base_url: &'a str,
    pub api_key: &'a str,
    pub model: &'a str,
}

pub fn request(cfg: &Config<'_>, prompt: &Prompt) -> HttpRequest {
    let messages: Vec<Value> = prompt
        .messages
        .iter()
        .map(|m| json!({ "role": m.role.as_str(), "content": m.content }))
        .collect();
    let body = json!({
        "model": cfg.model,
        "max_tokens": prompt.max_tokens,
        "temperature": prompt.temperature,
        "system": prompt.system,
        "messages": messages,
        "stream": true,
    });
    HttpRequest {
        url: format!("{}/v1/messages", cfg.base_url.trim_end_matches('/')),
        headers: vec![
            ("content-type", "application/json".into()),
            ("x-api-key", cfg.api_key.into()),
            ("anthropic-version", API_VERSION.into()),
        ],
        body: body.to_string(),
    }
}

/// Turns one SSE event of the stream into what it means for the answer.
#[derive(Default)]
pub struct Decoder {
    input_tokens: u32,
    stop_reason: Option<String>,
}

impl Decoder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn decode(&mut self, ev: &SseEvent) -> Vec<StreamItem> {
        let Ok(v) = serde_json::from_str::<Value>(&ev.data) else {
            return vec![StreamItem::Error(ProviderError::StreamBroken {
                reason: "event data is not JSON".into(),
            })];
        };
        // The `type` inside the data is authoritative; `event:` repeats it.
        let kind = v
            .get("type")
            .and_then(Value::as_str)
            .or(ev.event.as_deref())
            .unwrap_or("");
        match kind {
            "message_start" => {
                let msg = &v["message"];
                self.input_tokens = msg["usage"]["input_tokens"].as_u64().unwrap_or(0) as u32;
                match msg["model"].as_str() {
                    Some(m) => vec![StreamItem::Model(m.to_owned())],
                    None => vec![],
                }
            }
            "content_block_delta" => {
                match (v["delta"]["type"].as_str(), v["delta"]["text"].as_str()) {
                    (Some("text_delta"), Some(t)) if !t.is_empty() => {
                        vec![StreamItem::Text(t.to_owned())]
                    }
                    _ => vec![],
                }
            }
            "message_delta" => {
                self.stop_reason = v["delta"]["stop_reason"].as_str().map(str::to_owned);
                let output = v["usage"]["output_tokens"].as_u64().unwrap_or(0) as u32;
                vec![StreamItem::Usage {
                    input_tokens: self.input_tokens,
                    output_tokens: output,
                }]
            }
            "message_stop" => vec![StreamItem::Done {
                stop_reason: self.stop_reason.take().unwrap_or_else(|| "end_turn".into()),
            }],
            "error" => {
                let t = v["error"]["type"].as_str().unwrap_or("error");
                let e = match t {
                    "overloaded_error" => ProviderError::Overloaded,
                    "rate_limit_error" => ProviderError::RateLimited { retry_after: None },
                    _ => ProviderError::StreamBroken {
                        reason: t.to_owned(),
                    },
                };
                vec![StreamItem::Error(e)]
            }
            _ => vec![], // ping, content_block_start/stop, future event types
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::llm::prompt::{ChatMessage, Role};
    use crate::llm::sse::SseParser;

    #[test]
    fn builds_a_streaming_messages_request() {
        let prompt = Prompt {
            system: "sys".into(),
            instructions: "sys".into(),
            messages: vec![ChatMessage {
                role: Role::User,
                content: "Hallo".into(),
            }],
            max_tokens: 600,
            temperature: 0.2,
        };
        let req = request(
            &Config {
                base_url: "http://127.0.0.1:9/",
                api_key: "k",
                model: DEFAULT_MODEL,
            },
            &prompt,
        );
        assert_eq!(req.url, "http://127.0.0.1:9/v1/messages");
        assert!(
            req.headers
                .contains(&("anthropic-version", API_VERSION.into()))
        );
        assert!(req.headers.contains(&("x-api-key", "k".into())));
        let body: Value = serde_json::from_str(&req.body).unwrap();
        assert_eq!(body["stream"], true);
        assert_eq!(body["model"], "claude-haiku-4-5");
        assert_eq!(body["system"], "sys");
        assert_eq!(body["messages"][0]["role"], "user");
    }

    #[test]
    fn decodes_a_recorded_stream() {
        let wire = concat!(
            "event: message_start\n",
            "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5-20251001\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n",
            "event: content_block_start\n",
            "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
            "event: ping\ndata: {\"type\": \"ping\"}\n\n",
            "event: content_block_delta\n",
            "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hallo\"}}\n\n",
            "event: content_block_delta\n",
            "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" Welt\"}}\n\n",
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
            "event: message_delta\n",
            "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}\n\n",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
        );
        let mut parser = SseParser::new();
        let mut dec = Decoder::new();
        let items: Vec<StreamItem> = parser
            .push(wire.as_bytes())
            .unwrap()
            .iter()
            .flat_map(|e| dec.decode(e))
            .collect();
        assert_eq!(
            items,
            vec![
                StreamItem::Model("claude-haiku-4-5-20251001".into()),
                StreamItem::Text("Hallo".into()),
                StreamItem::Text(" Welt".into()),
                StreamItem::Usage {
                    input_tokens: 25,
                    output_tokens: 15
                },
                StreamItem::Done {
                    stop_reason: "end_turn".into()
                },
            ]
        );
    }

    #[test]
    fn mid_stream_overload_is_an_error_item() {
        let ev = SseEvent {
            event: Some("error".into()),
            data: r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#
                .into(),
        };
        assert_eq!(
            Decoder::new().decode(&ev),
            vec![StreamItem::Error(ProviderError::Overloaded)]
        );
        let junk = SseEvent {
            event: None,
            data: "not json".into(),
        };
        assert!(matches!(
            Decoder::new().decode(&junk)[0],
            StreamItem::Error(ProviderError::StreamBroken { .. })
        ));
    }
}
