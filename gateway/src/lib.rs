//! The edge entry of Mignuti Chatbot (top-level `wrangler.toml`).
//!
//! Static assets (`/widget.js`, `/demo/`) are served by the platform from
//! `public/` before this code runs. Everything else arrives here: `/v1/*` is
//! forwarded unchanged to the function that owns the path, through its
//! service binding (no public hop, no second TLS handshake), and `/status`
//! asks every function's health check in parallel and reports them together.

use futures_util::future::join_all;
use mignuti_edge::{EdgeError, http};
use mignuti_shared::config::{FUNCTIONS, Function, VERSION, route};
use serde_json::{Value, json};
use worker::{Context, Env, Method, Request, Response, event};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    let path = req.path();
    if path == "/status" {
        return match req.method() {
            Method::Get | Method::Head => status(&env).await,
            _ => EdgeError::MethodNotAllowed.into_response(),
        };
    }
    if path == "/" {
        return Response::redirect_with_status(req.url()?.join("/demo/")?, 302);
    }
    match route(&path) {
        Some(function) => match env.service(function.binding) {
            Ok(service) => service.fetch_request(req).await,
            Err(_) => EdgeError::Status {
                status: 502,
                code: "function_unavailable",
                message: "This part of the service is not available.".into(),
            }
            .into_response(),
        },
        None => EdgeError::NotFound.into_response(),
    }
}

/// Reaches one function over its binding and returns its health report, or
/// why it could not be reached.
async fn function_health(env: &Env, function: &Function) -> (String, Value) {
    let report = match env.service(function.binding) {
        Err(_) => json!({ "ok": false, "reachable": false, "error": "binding_missing" }),
        Ok(service) => {
            let url = format!("https://internal{}", function.health_path());
            match service.fetch(url, None).await {
                Err(e) => {
                    worker::console_error!("status: {} unreachable: {e}", function.name);
                    json!({ "ok": false, "reachable": false, "error": "unreachable" })
                }
                Ok(mut response) => {
                    let status = response.status_code();
                    let mut body: Value = response.json().await.unwrap_or(Value::Null);
                    let ok = status == 200 && body.get("ok") == Some(&Value::Bool(true));
                    if let Value::Object(map) = &mut body {
                        map.insert("reachable".into(), Value::Bool(true));
                        map.insert("ok".into(), Value::Bool(ok));
                        map.insert("status".into(), json!(status));
                        body
                    } else {
                        json!({ "ok": false, "reachable": true, "status": status, "error": "bad_health_response" })
                    }
                }
            }
        }
    };
    (function.name.to_owned(), report)
}

async fn status(env: &Env) -> worker::Result<Response> {
    let reports = join_all(FUNCTIONS.iter().map(|f| function_health(env, f))).await;
    let ok = reports
        .iter()
        .all(|(_, r)| r.get("ok") == Some(&Value::Bool(true)));
    let functions: serde_json::Map<String, Value> = reports.into_iter().collect();
    let body = json!({
        "ok": ok,
        "version": VERSION,
        "functions": functions,
    });
    http::json(if ok { 200 } else { 503 }, &body)
}
