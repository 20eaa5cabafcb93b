//! Small HTTP helpers shared by the functions.

use serde::Serialize;
use worker::{Headers, Response};

/// `{"error": {"code": …, "message": …}}` with the given status.
pub fn json_error(status: u16, code: &str, message: &str) -> worker::Result<Response> {
    let body = serde_json::json!({ "error": { "code": code, "message": message } });
    json(status, &body)
}

/// A JSON response that is never cached by a shared cache.
pub fn json<T: Serialize>(status: u16, body: &T) -> worker::Result<Response> {
    let headers = Headers::new();
    headers.set("content-type", "application/json; charset=utf-8")?;
    headers.set("cache-control", "no-store")?;
    headers.set("x-content-type-options", "nosniff")?;
    Ok(Response::from_json(body)?
        .with_status(status)
        .with_headers(headers))
}

/// Turns a handler's result into a response, whatever went wrong.
pub fn respond(result: crate::EdgeResult<Response>) -> worker::Result<Response> {
    match result {
        Ok(response) => Ok(response),
        Err(e) => e.into_response(),
    }
}
