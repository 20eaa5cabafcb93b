//! Chat Completions streaming as spoken by Azure OpenAI
//! (`{endpoint}/openai/deployments/{deployment}/chat/completions?api-version=…`,
//! `api-key` header) and by any OpenAI-compatible server
//! (`{base}/chat/completions`, Bearer key). Chunks are `data: {json}` lines
//! ending with `data: [DONE]`; Azure adds `content_filter` finish reasons and
//! may send chunks with empty `choices` (prompt filter results).

use serde_json::{Value, json};

use super::prompt::Prompt;
use super::provider::{HttpRequest, ProviderError, StreamItem};
use super::sse::SseEvent;

pub const AZURE_API_VERSION: &str = "2024-10-21";

pub enum Endpoint<'a> {
    Azure {
        endpoint: &'a str,
        deployment: &'a str,
        api_key: &'a str,
    },
    Compatible {
        base_url: &'a str,
        api_key: &'a str,
        model: &'a str,
    },
}

pub fn request(endpoint: &Endpoint<'_>, prompt: &Prompt) -> HttpRequest {
    let mut messages = vec![json!({ "role": "system", "content": prompt.system })];
    messages.extend(
        prompt
            .messages
            .iter()
            .map(|m| json!({ "role": m.role.as_str(), "content": m.content })),
    );
    let mut body = json!({
        "messages": messages,
        "max_tokens": prompt.max_tokens,
        "temperature": prompt.temperature,
        "stream": true,
        "stream_options": { "include_usage": true },
    });
    match endpoint {
        Endpoint::Azure {
            endpoint,
            deployment,
            api_key,
        } => HttpRequest {
            url: format!(
                "{}/openai/deployments/{}/chat/completions?api-version={AZURE_API_VERSION}",
                endpoint.trim_end_matches('/'),
                deployment
            ),
            headers: vec![
                ("content-type", "application/json".into()),
                ("api-key", (*api_key).into()),
            ],
            body: body.to_string(),
        },
        Endpoint::Compatible {
            base_url,
            api_key,
            model,
        } => {
            body["model"] = json!(model);
            HttpRequest {
                url: format!("{}/chat/completions", base_url.trim_end_matches('/')),
                headers: vec![
                    ("content-type", "application/json".into()),
                    ("authorization", format!("Bearer {api_key}")),
                ],
                body: body.to_string(),
            }
        }
    }
}

#[derive(Default)]
pub struct Decoder {
    model_seen: bool,
    finish_reason: Option<String>,
}

impl Decoder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn decode(&mut self, ev: &SseEvent) -> Vec<StreamItem> {
        if ev.data.trim() == "[DONE]" {
            let reason = self.finish_reason.take().unwrap_or_else(|| "stop".into());
            return vec![StreamItem::Done {
                stop_reason: reason,
            }];
        }
        let Ok(v) = serde_json::from_str::<Value>(&ev.data) else {
            return vec![StreamItem::Error(ProviderError::StreamBroken {
                reason: "chunk is not JSON".into(),
            })];
        };
        if v.get("error").is_some() {
            let code = v["error"]["code"]
                .as_str()
                .or(v["error"]["type"].as_str())
                .unwrap_or("error");
            return vec![StreamItem::Error(match code {
                "content_filter" => ProviderError::ContentFiltered,
                "rate_limit_exceeded" | "429" => ProviderError::RateLimited { retry_after: None },
                other => ProviderError::StreamBroken {
                    reason: other.to_owned(),
                },
            })];
        }
        let mut out = Vec::new();
        if !self.model_seen
            && let Some(m) = v["model"].as_str().filter(|m| !m.is_empty())
        {
            self.model_seen = true;
            out.push(StreamItem::Model(m.to_owned()));
        }
        if let Some(choice) = v["choices"].as_array().and_then(|c| c.first()) {
            if let Some(t) = choice["delta"]["content"]
                .as_str()
                .filter(|t| !t.is_empty())
            {
                out.push(StreamItem::Text(t.to_owned()));
            }
            if let Some(r) = choice["finish_reason"].as_str() {
                if r == "content_filter" {
                    out.push(StreamItem::Error(ProviderError::ContentFiltered));
                }
                self.finish_reason = Some(r.to_owned());
            }
        }
        if let Some(u) = v.get("usage").filter(|u| u.is_object()) {
            out.push(StreamItem::Usage {
                input_tokens: u["prompt_tokens"].as_u64().unwrap_or(0) as u32,
                output_tokens: u["completion_tokens"].as_u64().unwrap_or(0) as u32,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::llm::prompt::{ChatMessage, Role};
    use crate::llm::sse::SseParser;

    fn prompt() -> Prompt {
        Prompt {
            system: "sys".into(),
            instructions: "sys".into(),
            messages: vec![ChatMessage {
                role: Role::User,
                content: "Hi".into(),
            }],
            max_tokens: 100,
            temperature: 0.2,
        }
    }

    #[test]
    fn azure_request_uses_deployment_url_and_api_key() {
        let req = request(
            &Endpoint::Azure {
                endpoint: "https://x.openai.azure.com/",
                deployment: "gpt-4o-mini",
                api_key: "k",
            },
            &prompt(),
        );
        assert_eq!(
            req.url,
            "https://x.openai.azure.com/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21"
        );
        assert!(req.headers.contains(&("api-key", "k".into())));
        let body: Value = serde_json::from_str(&req.body).unwrap();
        assert_eq!(body["messages"][0]["role"], "system");
        assert_eq!(body["messages"][1]["content"], "Hi");
        assert!(body.get("model").is_none());
    }

    #[test]
    fn compatible_request_names_the_model() {
        let req = request(
            &Endpoint::Compatible {
                base_url: "http://h/v1",
                api_key: "k",
                model: "m",
            },
            &prompt(),
        );
        assert_eq!(req.url, "http://h/v1/chat/completions");
        assert!(req.headers.contains(&("authorization", "Bearer k".into())));
        assert_eq!(
            serde_json::from_str::<Value>(&req.body).unwrap()["model"],
            "m"
        );
    }

    #[test]
    fn decodes_an_azure_stream_with_filter_results_and_usage() {
        let wire = concat!(
            "data: {\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}\n\n",
            "data: {\"choices\":[{\"delta\":{\"content\":\"\",\"role\":\"assistant\"},\"finish_reason\":null,\"index\":0}],\"model\":\"gpt-4o-mini-2024-07-18\"}\n\n",
            "data: {\"choices\":[{\"delta\":{\"content\":\"Hello\"},\"finish_reason\":null,\"index\":0}],\"model\":\"gpt-4o-mini-2024-07-18\"}\n\n",
            "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\",\"index\":0}],\"model\":\"gpt-4o-mini-2024-07-18\"}\n\n",
            "data: {\"choices\":[],\"model\":\"gpt-4o-mini-2024-07-18\",\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":2,\"total_tokens\":32}}\n\n",
            "data: [DONE]\n\n",
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
                StreamItem::Model("gpt-4o-mini-2024-07-18".into()),
                StreamItem::Text("Hello".into()),
                StreamItem::Usage {
                    input_tokens: 30,
                    output_tokens: 2
                },
                StreamItem::Done {
                    stop_reason: "stop".into()
                },
            ]
        );
    }

    #[test]
    fn content_filter_finish_is_an_error() {
        let ev = SseEvent {
            event: None,
            data: r#"{"choices":[{"delta":{},"finish_reason":"content_filter","index":0}],"model":"m"}"#.into(),
        };
        assert!(
            Decoder::new()
                .decode(&ev)
                .contains(&StreamItem::Error(ProviderError::ContentFiltered))
        );
    }
}
