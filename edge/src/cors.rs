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

/// Answers a preflight request to an endpoint whose project is only known
/// from the real request: the origin passes when some project allows it
/// (`public.origin_known`); the real request is then checked against its
/// own project. `role` is the API role the function asks as.
pub async fn answer_preflight(
    req: &worker::Request,
    env: &worker::Env,
    role: crate::db::ApiRole,
) -> worker::Result<Response> {
    use tokio_postgres::types::{ToSql, Type};
    let Some(origin) = crate::request::origin(req) else {
        return preflight(None, "POST");
    };
    let known = async {
        let db = crate::db::Db::connect(env).await?;
        db.with(async |db| {
            let tx = db
                .begin_as(role, &serde_json::json!({ "role": role.as_str() }))
                .await?;
            let params: [(&(dyn ToSql + Sync), Type); 1] = [(&origin, Type::TEXT)];
            let rows = tx
                .query_typed("select public.origin_known($1)", &params)
                .await?;
            let known = rows
                .first()
                .map(|r| r.try_get::<_, bool>(0))
                .transpose()?
                .unwrap_or(false);
            tx.commit().await?;
            Ok(known)
        })
        .await
    }
    .await;
    match known {
        Ok(true) => preflight(Some(&origin), "POST, OPTIONS"),
        Ok(false) => preflight(None, "POST"),
        Err(e) => e.into_response(),
    }
}
