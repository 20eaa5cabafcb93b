//! CORS for the widget, which runs on customers' sites and calls the edge
//! cross-origin. Allowed origins are per project; a response carries
//! `Access-Control-Allow-Origin` only for an origin the project allows, so a
//! page on any other site cannot read it. No credentials: the widget uses no
//! cookies.

use worker::{Headers, Response};

/// Adds the CORS headers for `origin` to a response.
pub fn allow(mut response: Response, origin: &str) -> Response {
    let headers = response.headers_mut();
    let _ = headers.set("access-control-allow-origin", origin);
    let _ = headers.append("vary", "Origin");
    let _ = headers.set("access-control-expose-headers", "retry-after, content-type");
    response
}

/// Answer to a preflight request: 204 with the allowed methods and headers
/// when `origin` may use the endpoint, 204 without any CORS header (the
/// browser then refuses) when it may not.
pub fn preflight(origin: Option<&str>, methods: &str) -> worker::Result<Response> {
    let headers = Headers::new();
    headers.set("vary", "Origin")?;
    if let Some(origin) = origin {
        headers.set("access-control-allow-origin", origin)?;
        headers.set("access-control-allow-methods", methods)?;
        headers.set(
            "access-control-allow-headers",
            "authorization, content-type",
        )?;
        headers.set("access-control-max-age", "600")?;
    }
    Ok(Response::empty()?.with_status(204).with_headers(headers))
}
