//! Mignuti Chatbot function `delete-history`. `GET|DELETE /v1/history`: a
//! visitor reads (GDPR Art. 15, 20) or erases (Art. 17) their own
//! conversation with its delete token, without any account.
//!
//! - `DELETE /v1/history`, `Authorization: Bearer <delete token>`: erases the
//!   conversation and everything referencing it (`delete_conversation` in the
//!   database, which also writes the compliance audit entry) and answers with
//!   a signed receipt (`mignuti_shared::data_rights::receipt`). Idempotent: a
//!   repeat gets `already_erased: true` and zero counts.
//! - `GET /v1/history`: the conversation and its (redacted) messages as a JSON
//!   download, read as the conversation's `widget_visitor` under RLS.
//! - `POST /v1/history/receipts/verify`: checks a receipt's signature, for the
//!   visitor, the operator or an auditor who holds one.
//!
//! Only a delete token opens a conversation: a session token is not one (it is
//! not 43 base64url characters) and is refused like any wrong token. Every
//! attempt counts against a per-IP-hash rate limit, and every refusal is
//! answered after the same fixed delay. Glue only; build with
//! `scripts/build-worker.sh delete-history`, run by `make dev`.

use mignuti_edge::db::{self, ApiRole, Db};
use mignuti_edge::{EdgeError, EdgeResult, config, cors, health, http, rand, ratelimit, request};
use mignuti_shared::data_rights::receipt::{self, Erasure, ReceiptKey};
use mignuti_shared::data_rights::{HISTORY_LIMIT, HISTORY_LIMIT_PERIOD_SECS, refusal_delay_ms};
use mignuti_shared::iphash::{IpHashKey, hash_ip};
use mignuti_shared::tokens::{delete_token_hash, hex};
use serde_json::{Value, json};
use tokio_postgres::types::{ToSql, Type};
use worker::{Context, Date, Delay, Env, Method, Request, Response, event};

const NAME: &str = "delete-history";
/// Secrets this function cannot work without (see README, "Configuration").
const REQUIRED: &[&str] = &["RECEIPT_SIGNING_KEY", "IP_HASH_KEY"];
/// Rate limiter binding (wrangler.toml `[[ratelimits]]`), with the numbers
/// the database fallback counts with.
const LIMIT: ratelimit::Limit = ratelimit::Limit {
    binding: "HISTORY_LIMITER",
    limit: HISTORY_LIMIT,
    period_secs: HISTORY_LIMIT_PERIOD_SECS,
};
const METHODS: &str = "GET, DELETE, OPTIONS";

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    let started = Date::now().as_millis();
    let origin = request::origin(&req);
    let path = req.path();
    let result = match (req.method(), path.as_str()) {
        (Method::Get, "/v1/history/health") => return health::check(&env, NAME, REQUIRED).await,
        (Method::Get, "/v1/history") => read(&req, &env).await,
        (Method::Delete, "/v1/history") => erase(&req, &env).await,
        (Method::Post, "/v1/history/receipts/verify") => verify_receipt(req, &env).await,
        (Method::Options, "/v1/history") => return preflight(origin.as_deref(), &env).await,
        (_, "/v1/history" | "/v1/history/health" | "/v1/history/receipts/verify") => {
            Err(EdgeError::MethodNotAllowed)
        }
        _ => Err(EdgeError::NotFound),
    };
    if let Err(e) = &result
        && matches!(e.status(), 401 | 429)
    {
        // Same answer time for every refusal: malformed, unknown, limited.
        let wait = refusal_delay_ms(Date::now().as_millis().saturating_sub(started));
        Delay::from(std::time::Duration::from_millis(wait)).await;
    }
    let response = http::respond(result)?;
    // The token is the credential; CORS only has to keep unrelated sites
    // from reading answers, so any origin a project allows may read them.
    match origin {
        Some(o) if origin_known(&env, &o).await => Ok(cors::allow(response, &o)),
        _ => Ok(response),
    }
}

fn invalid_token() -> EdgeError {
    EdgeError::Status {
        status: 401,
        code: "invalid_delete_token",
        message: "The delete token is not valid.".into(),
    }
}

/// Rate limit by client-IP hash, then the token's stored hash. Nothing about
/// the token reaches the database unless it is well formed.
async fn gate(req: &Request, env: &Env, db: &mut Db) -> EdgeResult<String> {
    let ip_key = IpHashKey::new(config::secret(env, "IP_HASH_KEY")?.as_bytes())
        .map_err(|_| EdgeError::MissingConfig("IP_HASH_KEY"))?;
    let ip = request::client_ip(req)?;
    let ip_hash = hash_ip(&ip_key, &ip)
        .map_err(|_| EdgeError::BadRequest {
            code: "client_ip_invalid",
            message: "The client address is invalid.",
        })?
        .to_base64url();
    ratelimit::check(
        env,
        &LIMIT,
        &format!("history:{ip_hash}"),
        db,
        ApiRole::Anon,
        "Too many attempts. Please wait a minute and try again.",
    )
    .await?;
    let token = request::bearer(req).ok_or(EdgeError::Status {
        status: 401,
        code: "delete_token_required",
        message: "Send the delete token as a Bearer token.".into(),
    })?;
    delete_token_hash(&token).ok_or_else(invalid_token)
}

fn request_id(req: &Request) -> EdgeResult<String> {
    match req.headers().get("cf-ray").ok().flatten() {
        Some(ray) if ray.len() <= 100 => Ok(ray),
        _ => Ok(hex(&rand::bytes::<16>()?)),
    }
}

async fn erase(req: &Request, env: &Env) -> EdgeResult<Response> {
    let key = ReceiptKey::new(config::secret(env, "RECEIPT_SIGNING_KEY")?.as_bytes())
        .map_err(|_| EdgeError::MissingConfig("RECEIPT_SIGNING_KEY"))?;
    let mut db = Db::connect(env).await?;
    let hash = gate(req, env, &mut db).await?;
    let request_id = request_id(req)?;
    let tx = db
        .begin_as(ApiRole::Anon, &json!({ "role": "anon" }))
        .await?;
    let result = async {
        let params: [(&(dyn ToSql + Sync), Type); 2] =
            [(&hash, Type::TEXT), (&request_id, Type::TEXT)];
        let rows = tx
            .query_typed(
                "select d.conversation_id::text, d.project_id::text, d.deleted::text, \
                        to_char(d.erased_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), \
                        d.already_erased \
                 from public.delete_conversation($1, $2) d",
                &params,
            )
            .await?;
        let Some(row) = rows.first() else {
            return Err(invalid_token());
        };
        let deleted: Value = serde_json::from_str(&row.try_get::<_, String>(2)?)
            .map_err(|e| EdgeError::Db(format!("deleted counts: {e}")))?;
        Ok(Erasure {
            conversation_id: row.try_get(0)?,
            project_id: row.try_get(1)?,
            deleted: deleted
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), v.as_i64().unwrap_or(0)))
                        .collect()
                })
                .unwrap_or_default(),
            deleted_at: row.try_get(3)?,
            already_erased: row.try_get(4)?,
        })
    }
    .await;
    let erasure = db::finish(tx, result).await?;
    Ok(http::json(200, &receipt::sign(&key, &erasure))?)
}

async fn read(req: &Request, env: &Env) -> EdgeResult<Response> {
    let mut db = Db::connect(env).await?;
    let hash = gate(req, env, &mut db).await?;
    let request_id = request_id(req)?;
    let found = {
        let tx = db
            .begin_as(ApiRole::Anon, &json!({ "role": "anon" }))
            .await?;
        let result = async {
        let rows = tx
            .query_typed(
                "select c.conversation_id::text, c.project_id::text, \
                        to_char(c.erased_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') \
                 from public.conversation_by_delete_token($1) c",
                &[(&hash, Type::TEXT)],
            )
            .await?;
        let found = rows
            .first()
            .map(|r| -> EdgeResult<(String, String, Option<String>)> {
                Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))
            })
            .transpose()?;
        Ok(found)
        }
        .await;
        db::finish(tx, result).await?
    };
    let Some((conversation_id, project_id, erased_at)) = found else {
        return Err(invalid_token());
    };
    let now = Date::now().to_string();
    let stamp: String = now.chars().filter(char::is_ascii_digit).take(8).collect();
    let disposition = format!(
        "attachment; filename=\"mignuti-conversation-{stamp}-{}.json\"",
        conversation_id.get(..8).unwrap_or("")
    );
    if let Some(erased_at) = erased_at {
        let body = json!({
            "conversation_id": conversation_id,
            "erased_at": erased_at,
            "conversation": null,
            "messages": [],
            "exported_at": now,
        });
        return download(&body, &disposition);
    }

    // The conversation's own view, under RLS, as its visitor.
    let claims =
        json!({ "sub": conversation_id, "project_id": project_id, "role": "widget_visitor" });
    let tx = db.begin_as(ApiRole::WidgetVisitor, &claims).await?;
    let result = async {
    let rows = tx
        .query_typed(
            "select (select jsonb_build_object('id', c.id, 'project_id', c.project_id, \
                        'language', c.language, 'created_at', c.created_at, \
                        'last_active_at', c.last_active_at) \
                     from public.conversations c where c.id = $1::text::uuid)::text, \
                    (select coalesce(jsonb_agg(jsonb_build_object('id', m.id, 'role', m.role, \
                        'content', m.content, 'provenance', m.provenance, 'incomplete', m.incomplete, \
                        'created_at', m.created_at) order by m.created_at, m.id), '[]'::jsonb) \
                     from public.messages m where m.conversation_id = $1::text::uuid)::text",
            &[(&conversation_id, Type::TEXT)],
        )
        .await?;
    let row = rows
        .first()
        .ok_or_else(|| EdgeError::Db("history read returned no row".into()))?;
    let parse = |i: usize| -> EdgeResult<Value> {
        let text: Option<String> = row.try_get(i)?;
        Ok(match text {
            Some(t) => serde_json::from_str(&t).map_err(|e| EdgeError::Db(format!("json: {e}")))?,
            None => Value::Null,
        })
    };
    let conversation = parse(0)?;
    let messages = parse(1)?;
    let count = messages.as_array().map_or(0, Vec::len);
    let details = json!({ "messages": count }).to_string();
    let params: [(&(dyn ToSql + Sync), Type); 3] = [
        (&conversation_id, Type::TEXT),
        (&details, Type::TEXT),
        (&request_id, Type::TEXT),
    ];
    tx.query_typed(
        "select public.audit_append('history.exported', 'operational', 'conversation', $1, $2::jsonb, $3)",
        &params,
    )
    .await?;
    Ok((conversation, messages))
    }
    .await;
    let (conversation, messages) = db::finish(tx, result).await?;
    let body = json!({
        "conversation_id": conversation_id,
        "erased_at": null,
        "conversation": conversation,
        "messages": messages,
        "exported_at": now,
    });
    download(&body, &disposition)
}

fn download(body: &Value, disposition: &str) -> EdgeResult<Response> {
    let mut response = http::json(200, body)?;
    response
        .headers_mut()
        .set("content-disposition", disposition)?;
    Ok(response)
}

async fn verify_receipt(mut req: Request, env: &Env) -> EdgeResult<Response> {
    let key = ReceiptKey::new(config::secret(env, "RECEIPT_SIGNING_KEY")?.as_bytes())
        .map_err(|_| EdgeError::MissingConfig("RECEIPT_SIGNING_KEY"))?;
    let body: Value = request::json_body(&mut req, 8 * 1024).await?;
    let outcome = receipt::verify(&key, &body);
    Ok(http::json(
        200,
        &json!({
            "valid": outcome.is_ok(),
            "reason": outcome.err().map(|e| e.code()),
        }),
    )?)
}

async fn origin_known(env: &Env, origin: &str) -> bool {
    let check = async {
        let mut db = Db::connect(env).await?;
        let tx = db
            .begin_as(ApiRole::Anon, &json!({ "role": "anon" }))
            .await?;
        let rows = tx
            .query_typed("select public.origin_known($1)", &[(&origin, Type::TEXT)])
            .await?;
        let known = rows.first().map(|r| r.try_get::<_, bool>(0)).transpose();
        let known = db::finish(tx, known.map_err(EdgeError::from)).await?;
        EdgeResult::Ok(known.unwrap_or(false))
    };
    check.await.unwrap_or(false)
}

async fn preflight(origin: Option<&str>, env: &Env) -> worker::Result<Response> {
    match origin {
        Some(o) if origin_known(env, o).await => cors::preflight(Some(o), METHODS),
        _ => cors::preflight(None, METHODS),
    }
}
