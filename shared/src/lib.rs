//! Mignuti Chatbot's shared library: everything the edge functions decide is
//! decided here, as pure functions that run and are tested on the host and
//! compile unchanged to wasm32 for the Workers.
//!
//! Nothing in this crate does I/O or reads a clock or a random source: callers
//! pass the current time and fresh random bytes in, which keeps every guard
//! deterministic under test. Run the tests with `cargo test -p mignuti-shared`.

pub mod canary;
pub mod chunk;
pub mod config;
pub mod data_rights;
#[cfg(not(target_arch = "wasm32"))]
pub mod demo;
pub mod embed;
pub mod envelope;
pub mod guard;
pub mod i18n;
pub mod injection;
pub mod iphash;
pub mod jwt;
pub mod knowledge;
pub mod llm;
pub mod normalize;
pub mod pii;
pub mod supabase_auth;
pub mod time;
pub mod tokens;
