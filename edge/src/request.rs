//! Reading what a client sent, with a clear error for everything malformed.

use serde::de::DeserializeOwned;
use worker::Request;

use crate::{EdgeError, EdgeResult};

/// Seconds since the Unix epoch, from the Workers clock.
pub fn now_secs() -> i64 {
    (worker::Date::now().as_millis() / 1000) as i64
}

/// The client's IP as Cloudflare reports it. Never stored: callers hash it.
pub fn client_ip(req: &Request) -> EdgeResult<String> {
    req.headers()
        .get("cf-connecting-ip")
        .ok()
        .flatten()
        .filter(|v| !v.trim().is_empty())
        .ok_or(EdgeError::BadRequest {
            code: "client_ip_missing",
            message: "The client address is unknown.",
        })
}

/// The `Origin` header, if the client sent one.
pub fn origin(req: &Request) -> Option<String> {
    req.headers()
        .get("origin")
        .ok()
        .flatten()
        .filter(|o| !o.is_empty() && o != "null")
}

/// The token of an `Authorization: Bearer …` header.
pub fn bearer(req: &Request) -> Option<String> {
    let value = req.headers().get("authorization").ok().flatten()?;
    let (scheme, token) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let token = token.trim();
    (!token.is_empty()).then(|| token.to_owned())
}

/// Reads a JSON body of at most `max_bytes`. Too large → 413
/// `payload_too_large`; not JSON of the expected shape → 400 `invalid_json`;
/// another content type → 415 `unsupported_media_type`.
pub async fn json_body<T: DeserializeOwned>(req: &mut Request, max_bytes: usize) -> EdgeResult<T> {
    if let Some(ct) = req.headers().get("content-type").ok().flatten() {
        let ct = ct.to_ascii_lowercase();
        // text/plain is what a CORS "simple request" carries; accept it too.
        if !(ct.starts_with("application/json") || ct.starts_with("text/plain")) {
            return Err(EdgeError::Status {
                status: 415,
                code: "unsupported_media_type",
                message: "Send the request body as JSON.".into(),
            });
        }
    }
    if let Some(len) = req.headers().get("content-length").ok().flatten()
        && len.trim().parse::<usize>().map_or(true, |n| n > max_bytes)
    {
        return Err(too_large());
    }
    let bytes = req.bytes().await?;
    if bytes.len() > max_bytes {
        return Err(too_large());
    }
    serde_json::from_slice(&bytes).map_err(|_| EdgeError::BadRequest {
        code: "invalid_json",
        message: "The request body is not valid JSON of the expected shape.",
    })
}

fn too_large() -> EdgeError {
    EdgeError::Status {
        status: 413,
        code: "payload_too_large",
        message: "The request body is too large.".into(),
    }
}
