//! Glue that every Mignuti Chatbot worker shares, so each function crate under
//! `functions/` holds only its routes: reading configuration, the database
//! connection through Hyperdrive, the per-request transaction that carries the
//! caller's role and JWT claims, JSON error responses with stable codes, and
//! the health check the gateway's `/status` aggregates.
//!
//! Decisions live in `mignuti-shared`; this crate only talks to the Workers
//! runtime and Postgres. It is built for wasm32 by each function's
//! `worker-build` run and checked natively by `cargo clippy --all-targets`.

pub mod audit;
pub mod auth;
pub mod config;
pub mod cors;
pub mod db;
pub mod embedder;
pub mod error;
pub mod health;
pub mod http;
pub mod rand;
pub mod ratelimit;
pub mod request;

pub use error::{EdgeError, EdgeResult};
