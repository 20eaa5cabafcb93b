//! Mignuti Chatbot function `delete-history`. `GET|DELETE /v1/history`: a visitor reads or erases their own conversation with its delete token.
//!
//! Glue only: routing and bindings. Build with `scripts/build-worker.sh delete-history`;
//! run with the rest of the product by `make dev`.

use mignuti_edge::{EdgeError, health, http};
use worker::{Context, Env, Method, Request, Response, event};

const NAME: &str = "delete-history";
/// Secrets this function cannot work without (see README, "Configuration").
const REQUIRED: &[&str] = &["RECEIPT_SIGNING_KEY", "IP_HASH_KEY"];

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    let prefix = mignuti_shared::config::FUNCTIONS
        .iter()
        .find(|f| f.name == NAME)
        .map_or("", |f| f.prefix);
    let path = req.path();
    let Some(rest) = path.strip_prefix(prefix) else {
        return http::respond(Err(EdgeError::NotFound));
    };
    match (req.method(), rest) {
        (Method::Get, "/health") => health::check(&env, NAME, REQUIRED).await,
        (_, "/health") => http::respond(Err(EdgeError::MethodNotAllowed)),
        _ => http::respond(Err(EdgeError::NotFound)),
    }
}
