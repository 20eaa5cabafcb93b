//! Mignuti Chatbot function `chat`. `POST /v1/chat` answers a visitor from
//! the project's knowledge, streamed as server-sent events, behind the
//! guards: verify the session token → rate limits → normalise → injection
//! check → redact → embed → hybrid retrieval → prompt with canary and
//! envelopes → LLM stream with failover before the first token → canary and
//! leak check on the stream → SSE → store the redacted turn with provenance.
//!
//! Glue only: every decision is in `mignuti-shared`; this crate moves bytes
//! between the visitor, Postgres and the providers. Build with
//! `scripts/build-worker.sh chat`; run with the rest by `make dev`.

mod pipeline;
mod providers;

use mignuti_edge::{EdgeError, cors, health, http, request};
use worker::{Context, Env, Method, Request, Response, event};

const NAME: &str = "chat";
/// Secrets this function cannot work without (see README, "Configuration").
/// Provider keys are optional: without any, answers are extractive.
const REQUIRED: &[&str] = &["SESSION_JWT_SECRET", "IP_HASH_KEY"];

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    match (req.method(), req.path().as_str()) {
        (Method::Get, "/v1/chat/health") => health::check(&env, NAME, REQUIRED).await,
        (Method::Post, "/v1/chat") => {
            let origin = request::origin(&req);
            let response = match pipeline::chat(req, env).await {
                Ok(response) => Ok(response),
                Err(e) => e.into_response(),
            }?;
            // The pipeline only gets past the origin check for an origin the
            // token's project allows; errors before it carry nothing secret.
            Ok(match origin {
                Some(o) => cors::allow(response, &o),
                None => response,
            })
        }
        (Method::Options, "/v1/chat") => pipeline::preflight(&req, &env).await,
        (_, "/v1/chat" | "/v1/chat/health") => http::respond(Err(EdgeError::MethodNotAllowed)),
        _ => http::respond(Err(EdgeError::NotFound)),
    }
}
