//! Which cloud embedders a function may call, read from its settings, and
//! whether a project may use one.
//!
//! | setting | meaning |
//! |---|---|
//! | `AZURE_OPENAI_EMBEDDING_DEPLOYMENT` | enables Azure OpenAI embeddings (deployment name) |
//! | `AZURE_OPENAI_EMBEDDING_ENDPOINT` | `https://<resource>.openai.azure.com`; else `AZURE_OPENAI_ENDPOINT` |
//! | `AZURE_OPENAI_EMBEDDING_API_KEY` | else `AZURE_OPENAI_API_KEY` |
//! | `AZURE_OPENAI_EMBEDDING_MODEL` | model behind the deployment, default `text-embedding-3-small` |
//! | `AZURE_OPENAI_REGION` | `eu` (default) or `us` |
//! | `OPENAI_COMPAT_EMBEDDING_MODEL` | enables an OpenAI-compatible `/embeddings` endpoint |
//! | `OPENAI_COMPAT_EMBEDDING_BASE_URL` | base URL ending in `/v1`; else `OPENAI_COMPAT_BASE_URL` |
//! | `OPENAI_COMPAT_EMBEDDING_API_KEY` | else `OPENAI_COMPAT_API_KEY` |
//! | `OPENAI_COMPAT_EMBEDDING_DIMENSIONS` | `dimensions` sent, default 1536; `none` sends none |
//! | `OPENAI_COMPAT_REGION` | `us` (default) or `eu` |
//!
//! The regions are the same settings the chat models use: an operator who
//! says where a provider processes data says it once. A project whose
//! provider policy is `eu_only` may not use an embedder outside the EU,
//! because the embedder reads every chunk of its knowledge and every
//! (redacted) visitor question.

use super::wire::{self, AZURE_API_VERSION, AzureConfig, HttpRequest, OpenAiCompatConfig};
use super::{DIMS, EmbedError, LocalEmbedder};
use crate::llm::provider::Region;

/// A configured cloud embedder with its credential.
#[derive(Clone, PartialEq, Eq)]
pub struct CloudEmbedder {
    pub kind: CloudKind,
    api_key: String,
    pub region: Region,
}

/// The two wire protocols.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CloudKind {
    Azure(AzureConfig),
    OpenAiCompatible(OpenAiCompatConfig),
}

impl core::fmt::Debug for CloudEmbedder {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CloudEmbedder")
            .field("kind", &self.kind)
            .field("api_key", &"<redacted>")
            .field("region", &self.region)
            .finish()
    }
}

/// Why a project's embedder cannot be used by a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unusable {
    /// No embedder with this id is configured here.
    NotConfigured,
    /// Configured, but outside the EU while the project is `eu_only`.
    NotAllowed,
}

/// The embedder a project names, as far as this function can run it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProjectEmbedder {
    Local,
    Cloud(CloudEmbedder),
}

fn region(value: Option<String>, default: Region) -> Region {
    match value.as_deref().map(str::trim) {
        Some("eu") => Region::Eu,
        Some("us") => Region::Us,
        _ => default,
    }
}

impl CloudEmbedder {
    /// Every cloud embedder the settings enable; `get` reads one setting
    /// (empty values count as unset).
    pub fn configured(get: impl Fn(&str) -> Option<String>) -> Vec<CloudEmbedder> {
        let get = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        let mut out = Vec::new();
        if let (Some(deployment), Some(endpoint), Some(api_key)) = (
            get("AZURE_OPENAI_EMBEDDING_DEPLOYMENT"),
            get("AZURE_OPENAI_EMBEDDING_ENDPOINT").or_else(|| get("AZURE_OPENAI_ENDPOINT")),
            get("AZURE_OPENAI_EMBEDDING_API_KEY").or_else(|| get("AZURE_OPENAI_API_KEY")),
        ) {
            let mut config =
                AzureConfig::text_embedding_3_small(endpoint.trim(), deployment.trim());
            if let Some(model) = get("AZURE_OPENAI_EMBEDDING_MODEL") {
                config.model = model.trim().to_owned();
            }
            config.api_version = AZURE_API_VERSION.to_owned();
            out.push(CloudEmbedder {
                kind: CloudKind::Azure(config),
                api_key: api_key.trim().to_owned(),
                region: region(get("AZURE_OPENAI_REGION"), Region::Eu),
            });
        }
        if let (Some(model), Some(base_url), Some(api_key)) = (
            get("OPENAI_COMPAT_EMBEDDING_MODEL"),
            get("OPENAI_COMPAT_EMBEDDING_BASE_URL").or_else(|| get("OPENAI_COMPAT_BASE_URL")),
            get("OPENAI_COMPAT_EMBEDDING_API_KEY").or_else(|| get("OPENAI_COMPAT_API_KEY")),
        ) {
            let dimensions = match get("OPENAI_COMPAT_EMBEDDING_DIMENSIONS").as_deref() {
                Some("none") => None,
                Some(n) => n.trim().parse().ok().or(Some(DIMS as u32)),
                None => Some(DIMS as u32),
            };
            out.push(CloudEmbedder {
                kind: CloudKind::OpenAiCompatible(OpenAiCompatConfig {
                    base_url: base_url.trim().to_owned(),
                    model: model.trim().to_owned(),
                    dimensions,
                }),
                api_key: api_key.trim().to_owned(),
                region: region(get("OPENAI_COMPAT_REGION"), Region::Us),
            });
        }
        out
    }

    /// The id stored with each chunk this embedder produces.
    pub fn id(&self) -> String {
        match &self.kind {
            CloudKind::Azure(c) => c.embedder_id(),
            CloudKind::OpenAiCompatible(c) => c.embedder_id(),
        }
    }

    /// The request embedding `inputs` (at most [`wire::MAX_BATCH`]).
    pub fn request(&self, inputs: &[&str]) -> Result<HttpRequest, EmbedError> {
        match &self.kind {
            CloudKind::Azure(c) => wire::azure_request(c, &self.api_key, inputs),
            CloudKind::OpenAiCompatible(c) => wire::openai_request(c, &self.api_key, inputs),
        }
    }

    /// Whether a project with this provider policy may send data to it.
    pub fn allowed_for(&self, policy: &str) -> bool {
        policy != "eu_only" || self.region != Region::Us
    }
}

impl ProjectEmbedder {
    /// The embedder `embedder_id` names, for a project with `policy`, among
    /// the local one and those `configured`.
    pub fn resolve(
        embedder_id: &str,
        policy: &str,
        configured: &[CloudEmbedder],
    ) -> Result<ProjectEmbedder, Unusable> {
        if embedder_id == LocalEmbedder::ID {
            return Ok(ProjectEmbedder::Local);
        }
        let cloud = configured
            .iter()
            .find(|c| c.id() == embedder_id)
            .ok_or(Unusable::NotConfigured)?;
        if !cloud.allowed_for(policy) {
            return Err(Unusable::NotAllowed);
        }
        Ok(ProjectEmbedder::Cloud(cloud.clone()))
    }
}

/// The text a cloud embedder gets for a chunk: its heading path, then the
/// passage (the local embedder weighs the two itself).
pub fn passage_input(heading: &str, content: &str) -> String {
    if heading.trim().is_empty() {
        content.to_owned()
    } else {
        format!("{heading}\n\n{content}")
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn nothing_configured_without_settings() {
        assert!(CloudEmbedder::configured(settings(&[])).is_empty());
        // The chat model's Azure settings alone do not enable embeddings.
        let chat_only = settings(&[
            ("AZURE_OPENAI_ENDPOINT", "https://x.openai.azure.com"),
            ("AZURE_OPENAI_API_KEY", "k"),
            ("AZURE_OPENAI_EMBEDDING_DEPLOYMENT", " "),
        ]);
        assert!(CloudEmbedder::configured(chat_only).is_empty());
    }

    #[test]
    fn azure_falls_back_to_the_chat_settings() {
        let all = CloudEmbedder::configured(settings(&[
            ("AZURE_OPENAI_ENDPOINT", "https://acme-eu.openai.azure.com"),
            ("AZURE_OPENAI_API_KEY", "chat-key"),
            ("AZURE_OPENAI_EMBEDDING_DEPLOYMENT", "emb"),
        ]));
        assert_eq!(all.len(), 1);
        let azure = &all[0];
        assert_eq!(azure.id(), "azure:text-embedding-3-small");
        assert_eq!(azure.region, Region::Eu);
        let req = azure.request(&["Hallo"]).unwrap();
        assert_eq!(
            req.url,
            format!(
                "https://acme-eu.openai.azure.com/openai/deployments/emb/embeddings?api-version={AZURE_API_VERSION}"
            )
        );
        assert!(req.headers.contains(&("api-key", "chat-key".to_owned())));
        assert!(!format!("{azure:?}").contains("chat-key"));
    }

    #[test]
    fn own_embedding_settings_win() {
        let all = CloudEmbedder::configured(settings(&[
            ("AZURE_OPENAI_ENDPOINT", "https://chat.openai.azure.com"),
            ("AZURE_OPENAI_API_KEY", "chat-key"),
            (
                "AZURE_OPENAI_EMBEDDING_ENDPOINT",
                "https://emb.openai.azure.com",
            ),
            ("AZURE_OPENAI_EMBEDDING_API_KEY", "emb-key"),
            ("AZURE_OPENAI_EMBEDDING_DEPLOYMENT", "emb"),
            ("AZURE_OPENAI_EMBEDDING_MODEL", "text-embedding-3-large"),
            ("OPENAI_COMPAT_BASE_URL", "http://127.0.0.1:9/v1"),
            ("OPENAI_COMPAT_API_KEY", "compat-key"),
            ("OPENAI_COMPAT_EMBEDDING_MODEL", "bge-m3"),
            ("OPENAI_COMPAT_EMBEDDING_DIMENSIONS", "none"),
            ("OPENAI_COMPAT_REGION", "eu"),
        ]));
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].id(), "azure:text-embedding-3-large");
        let req = all[0].request(&["x"]).unwrap();
        assert!(req.url.starts_with("https://emb.openai.azure.com/"));
        assert!(req.headers.contains(&("api-key", "emb-key".to_owned())));
        assert_eq!(all[1].id(), "openai:bge-m3");
        assert_eq!(all[1].region, Region::Eu);
        let req = all[1].request(&["x"]).unwrap();
        assert_eq!(req.url, "http://127.0.0.1:9/v1/embeddings");
        let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
        assert!(body.get("dimensions").is_none());
        assert_eq!(body["model"], "bge-m3");
    }

    #[test]
    fn a_project_gets_only_its_own_allowed_embedder() {
        let all = CloudEmbedder::configured(settings(&[
            ("AZURE_OPENAI_ENDPOINT", "https://acme-eu.openai.azure.com"),
            ("AZURE_OPENAI_API_KEY", "k"),
            ("AZURE_OPENAI_EMBEDDING_DEPLOYMENT", "emb"),
            ("OPENAI_COMPAT_EMBEDDING_BASE_URL", "https://api.example/v1"),
            ("OPENAI_COMPAT_EMBEDDING_API_KEY", "k2"),
            ("OPENAI_COMPAT_EMBEDDING_MODEL", "text-embedding-3-small"),
        ]));
        assert_eq!(
            ProjectEmbedder::resolve(LocalEmbedder::ID, "eu_only", &all),
            Ok(ProjectEmbedder::Local)
        );
        assert!(matches!(
            ProjectEmbedder::resolve("azure:text-embedding-3-small", "eu_only", &all),
            Ok(ProjectEmbedder::Cloud(c)) if c.region == Region::Eu
        ));
        // The compatible endpoint processes in the US unless told otherwise.
        assert_eq!(
            ProjectEmbedder::resolve("openai:text-embedding-3-small", "eu_only", &all),
            Err(Unusable::NotAllowed)
        );
        assert!(ProjectEmbedder::resolve("openai:text-embedding-3-small", "any", &all).is_ok());
        assert_eq!(
            ProjectEmbedder::resolve("azure:text-embedding-3-large", "any", &all),
            Err(Unusable::NotConfigured)
        );
    }

    #[test]
    fn passage_input_puts_the_heading_first() {
        assert_eq!(passage_input("", "Text"), "Text");
        assert_eq!(passage_input("A > B", "Text"), "A > B\n\nText");
    }
}
