//! Mignuti Chatbot function `knowledge`. `/v1/knowledge…`: org owners and admins add and remove documents and Q&A pairs.
//!
//! Glue only: routing and bindings. Build with `scripts/build-worker.sh knowledge`;
//! run with the rest of the product by `make dev`.

use mignuti_edge::{EdgeError, health, http};
use worker::{Context, Env, Method, Request, Response, event};

const NAME: &str = "knowledge";
/// Secrets this function cannot work without (see README, "Configuration").
const REQUIRED: &[&str] = &["SUPABASE_JWT_SECRET"];

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
