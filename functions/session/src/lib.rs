//! Mignuti Chatbot function `session`. `POST /v1/session` opens a visitor
//! conversation for a publishable key and issues its session token and
//! delete token; with a delete token it renews the session token of that
//! conversation (expired token or changed IP).
//!
//! Glue only: routing and bindings; the decisions are in `mignuti-shared`
//! and in the database's `create_conversation`. Build with
//! `scripts/build-worker.sh session`; run with the rest by `make dev`.

use mignuti_edge::db::{ApiRole, Db};
use mignuti_edge::{EdgeError, EdgeResult, config, cors, health, http, rand, ratelimit, request};
use mignuti_shared::config::{SESSION_AUDIENCE, SESSION_ISSUER, SESSION_TTL_SECS};
use mignuti_shared::i18n::{Lang, Text, text};
use mignuti_shared::iphash::{IpHashKey, hash_ip};
use mignuti_shared::jwt::{Claims, SigningKey, sign};
use mignuti_shared::tokens::{DeleteToken, delete_token_hash, hex};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio_postgres::types::{ToSql, Type};
use worker::{Context, Env, Method, Request, Response, event};

const NAME: &str = "session";
/// Secrets this function cannot work without (see README, "Configuration").
const REQUIRED: &[&str] = &["SESSION_JWT_SECRET", "IP_HASH_KEY"];
/// Sessions per client-IP hash; the same numbers as `[[ratelimits]]` in
/// wrangler.toml.
const LIMIT: ratelimit::Limit = ratelimit::Limit {
    binding: "SESSION_LIMITER",
    limit: 20,
    period_secs: 60,
};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    match (req.method(), req.path().as_str()) {
        (Method::Get, "/v1/session/health") => health::check(&env, NAME, REQUIRED).await,
        (Method::Post, "/v1/session") => {
            let origin = request::origin(&req);
            match create(req, &env).await {
                Ok(response) => Ok(response),
                Err(e) => {
                    // Only answers that reveal nothing about a project are
                    // readable by any origin: the rate limit and input errors.
                    let readable = matches!(e.status(), 400 | 413 | 415 | 429);
                    let response = e.into_response()?;
                    Ok(match (readable, origin) {
                        (true, Some(o)) => cors::allow(response, &o),
                        _ => response,
                    })
                }
            }
        }
        (Method::Options, "/v1/session") => preflight(&req, &env).await,
        (_, "/v1/session" | "/v1/session/health") => {
            http::respond(Err(EdgeError::MethodNotAllowed))
        }
        _ => http::respond(Err(EdgeError::NotFound)),
    }
}

#[derive(Deserialize)]
struct SessionRequest {
    publishable_key: String,
    /// Present to renew the session of an existing conversation.
    #[serde(default)]
    delete_token: Option<String>,
    /// The widget's language (`lang` attribute or the browser's), if any.
    #[serde(default)]
    language: Option<String>,
}

#[derive(Serialize)]
struct SessionResponse {
    token: String,
    /// Only when the conversation is new: the visitor keeps it to delete,
    /// export or resume. Never sent again.
    #[serde(skip_serializing_if = "Option::is_none")]
    delete_token: Option<String>,
    conversation_id: String,
    expires_at: String,
    language: Lang,
    disclosure: String,
}

struct Keys {
    jwt: SigningKey,
    ip: IpHashKey,
}

fn keys(env: &Env) -> EdgeResult<Keys> {
    let jwt = SigningKey::new(config::secret(env, "SESSION_JWT_SECRET")?.as_bytes())
        .map_err(|_| EdgeError::MissingConfig("SESSION_JWT_SECRET (too short)"))?;
    let ip = IpHashKey::new(config::secret(env, "IP_HASH_KEY")?.as_bytes())
        .map_err(|_| EdgeError::MissingConfig("IP_HASH_KEY (too short)"))?;
    Ok(Keys { jwt, ip })
}

fn unknown_project() -> EdgeError {
    EdgeError::Status {
        status: 404,
        code: "unknown_project",
        message: "Unknown project.".into(),
    }
}

fn origin_not_allowed() -> EdgeError {
    EdgeError::Status {
        status: 403,
        code: "origin_not_allowed",
        message: "This website may not use this chat.".into(),
    }
}

/// A publishable key as issued (`pk_` and a short token); anything else is
/// answered like an unknown key without asking the database.
fn well_formed_key(key: &str) -> bool {
    key.len() <= 80
        && key.starts_with("pk_")
        && key.len() > 3
        && key[3..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

async fn create(mut req: Request, env: &Env) -> EdgeResult<Response> {
    let keys = keys(env)?;
    let accept_language = req.headers().get("accept-language").ok().flatten();
    let origin = request::origin(&req).ok_or_else(origin_not_allowed)?;
    let ip = request::client_ip(&req)?;
    let ip_hash = hash_ip(&keys.ip, &ip)
        .map_err(|_| EdgeError::BadRequest {
            code: "client_ip_invalid",
            message: "The client address is invalid.",
        })?
        .to_base64url();
    let body: SessionRequest = request::json_body(&mut req, 4 * 1024).await?;
    let wanted = body
        .language
        .as_deref()
        .and_then(Lang::parse)
        .or_else(|| Lang::preferred(accept_language.as_deref()));
    let message_lang = wanted.unwrap_or(Lang::En);
    let db = Db::connect(env).await?;
    let (conversation_id, project_id, language, new_token) = db
        .with(async |db| open(db, env, &body, &origin, &ip_hash, wanted, message_lang).await)
        .await?;

    let now = request::now_secs();
    let claims = Claims {
        sub: conversation_id.clone(),
        project_id,
        ip_hash,
        role: ApiRole::WidgetVisitor.as_str().to_owned(),
        iat: now,
        exp: now + SESSION_TTL_SECS,
        nbf: None,
        jti: hex(&rand::bytes::<16>()?),
        aud: SESSION_AUDIENCE.to_owned(),
        iss: SESSION_ISSUER.to_owned(),
    };
    let lang = Lang::parse(&language).unwrap_or(Lang::En);
    let body = SessionResponse {
        token: sign(&keys.jwt, &claims),
        delete_token: new_token,
        conversation_id,
        expires_at: mignuti_shared::time::rfc3339(claims.exp),
        language: lang,
        disclosure: text(lang, Text::Disclosure).to_owned(),
    };
    let status = if body.delete_token.is_some() {
        201
    } else {
        200
    };
    Ok(cors::allow(http::json(status, &body)?, &origin))
}

/// The database part of a session: rate limit, then open a conversation or
/// find the one a delete token names. Returns (conversation id, project id,
/// language, new delete token).
async fn open(
    db: &mut Db,
    env: &Env,
    body: &SessionRequest,
    origin: &str,
    ip_hash: &str,
    wanted: Option<Lang>,
    message_lang: Lang,
) -> EdgeResult<(String, String, String, Option<String>)> {
    let rate_message = text(message_lang, Text::RateLimited);
    ratelimit::check(
        env,
        &LIMIT,
        &format!("ip:{ip_hash}"),
        db,
        ApiRole::Anon,
        rate_message,
    )
    .await?;
    if !well_formed_key(&body.publishable_key) {
        return Err(unknown_project());
    }

    let tx = db
        .begin_as(ApiRole::Anon, &json!({ "role": "anon" }))
        .await?;
    let opened = match &body.delete_token {
        None => {
            let token = DeleteToken::from_random(rand::bytes::<32>()?);
            let lang_param = wanted.map(|l| l.as_str().to_owned());
            let params: [(&(dyn ToSql + Sync), Type); 5] = [
                (&body.publishable_key, Type::TEXT),
                (&origin, Type::TEXT),
                (&ip_hash, Type::TEXT),
                (&token.hash_hex, Type::TEXT),
                (&lang_param, Type::TEXT),
            ];
            let rows = tx
                .query_typed(
                    "select conversation_id::text, project_id::text, language \
                     from public.create_conversation($1, $2, $3, $4, $5)",
                    &params,
                )
                .await
                .map_err(map_db_error)?;
            let row = rows
                .first()
                .ok_or_else(|| EdgeError::Db("create_conversation returned no row".into()))?;
            (
                row.try_get::<_, String>(0)?,
                row.try_get::<_, String>(1)?,
                row.try_get::<_, String>(2)?,
                Some(token.token),
            )
        }
        Some(presented) => {
            let invalid = || EdgeError::Status {
                status: 401,
                code: "invalid_delete_token",
                message: "This conversation cannot be resumed.".into(),
            };
            let hash = delete_token_hash(presented).ok_or_else(invalid)?;
            let params: [(&(dyn ToSql + Sync), Type); 3] = [
                (&hash, Type::TEXT),
                (&body.publishable_key, Type::TEXT),
                (&origin, Type::TEXT),
            ];
            let rows = tx
                .query_typed(
                    "select c.conversation_id::text, c.project_id::text, c.language, p.origin_allowed \
                     from public.conversation_by_delete_token($1) c \
                     join public.resolve_project($2, $3) p on p.project_id = c.project_id \
                     where c.erased_at is null",
                    &params,
                )
                .await?;
            let row = rows.first().ok_or_else(invalid)?;
            if !row.try_get::<_, bool>(3)? {
                return Err(origin_not_allowed());
            }
            (
                row.try_get::<_, String>(0)?,
                row.try_get::<_, String>(1)?,
                row.try_get::<_, String>(2)?,
                None,
            )
        }
    };
    tx.commit().await?;
    Ok(opened)
}

/// `create_conversation` raises MN404/MN403 for an unknown key or origin.
fn map_db_error(e: tokio_postgres::Error) -> EdgeError {
    match e.code().map(|c| c.code()) {
        Some("MN404") => unknown_project(),
        Some("MN403") => origin_not_allowed(),
        _ => EdgeError::from(e),
    }
}

async fn preflight(req: &Request, env: &Env) -> worker::Result<Response> {
    cors::answer_preflight(req, env, ApiRole::Anon).await
}
