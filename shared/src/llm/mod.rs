//! Language-model providers as bytes in, bytes out: request builders, stream
//! decoders and error classification for the Anthropic Messages API, Azure
//! OpenAI and any OpenAI-compatible endpoint, plus the extractive answerer
//! that needs no model at all. The chat function only moves the bytes
//! (`fetch`), so everything that can go wrong in a provider's wire format is
//! tested here on the host.

pub mod anthropic;
pub mod extractive;
pub mod openai;
pub mod prompt;
pub mod provider;
pub mod sse;

pub use provider::{HttpRequest, ProviderError, ProviderKind, StreamItem};
