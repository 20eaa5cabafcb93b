//! Mignuti Chatbot function `export`. `/v1/export…`: organization exports by
//! signed URL, account deletion with a 30-day cooling-off, and the scheduled
//! jobs (account purge, conversation and audit retention).
//!
//! | route | who | what |
//! |---|---|---|
//! | `POST /v1/export` `{format, project_id?, org_id?}` | owner, admin | export record + 60 s download link |
//! | `GET /v1/export/<id>` | owner, admin | the export's status |
//! | `GET /v1/export/download/<id>?expires&sig` | holder of the link | streamed JSON or CSV |
//! | `POST /v1/export/account-deletion` `{org_id?}` | owner | deletion after 30 days |
//! | `GET /v1/export/account-deletion?org_id` | owner | the open request |
//! | `DELETE /v1/export/account-deletion?org_id` | owner | cancels it |
//! | `GET /v1/export/audit?org_id&limit` | owner | audit entries + chain check |
//!
//! Members are authenticated by their Supabase Auth token (`mignuti_edge::auth`); what
//! they may do is decided by the database under RLS, as `authenticated`
//! with the verified claims. Glue only; build with
//! `scripts/build-worker.sh export`, run by `make dev`.

mod download;
mod jobs;

use mignuti_edge::audit;
use mignuti_edge::db::{self, ApiRole, Db};
use mignuti_edge::{EdgeError, EdgeResult, auth, health, http, request};
use mignuti_shared::data_rights::export_format::Format;
use mignuti_shared::data_rights::signed_url::{self, ExportUrlKey, LINK_LIFETIME_SECS};
use mignuti_shared::supabase_auth::{VerifiedUser, is_uuid};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio_postgres::Transaction;
use tokio_postgres::types::{ToSql, Type};
use worker::{Context, Env, Method, Request, Response, ScheduleContext, ScheduledEvent, event};

const NAME: &str = "export";
/// Secrets this function cannot work without (see README, "Configuration").
const REQUIRED: &[&str] = &["SUPABASE_JWT_SECRET", "EXPORT_URL_KEY"];

/// `to_char` pattern for RFC 3339 UTC timestamps.
pub(crate) const TS: &str = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'";

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    let path = req.path();
    let rest = path.strip_prefix("/v1/export").unwrap_or("/");
    let result = match (req.method(), rest) {
        (Method::Get, "/health") => return health::check(&env, NAME, REQUIRED).await,
        (Method::Post, "") => create(req, &env).await,
        (Method::Post, "/account-deletion") => request_deletion(req, &env).await,
        (Method::Get, "/account-deletion") => deletion_status(&req, &env).await,
        (Method::Delete, "/account-deletion") => cancel_deletion(&req, &env).await,
        (Method::Get, "/audit") => audit_log(&req, &env).await,
        (Method::Get, r) if r.starts_with("/download/") => download::handle(&req, &env).await,
        (Method::Get, r) if r.len() == 37 && is_uuid(&r[1..]) => status(&req, &env, &r[1..]).await,
        (_, "" | "/health" | "/account-deletion" | "/audit") => Err(EdgeError::MethodNotAllowed),
        _ => Err(EdgeError::NotFound),
    };
    http::respond(result)
}

#[event(scheduled)]
async fn scheduled(_event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    match jobs::run(&env).await {
        Ok(summary) => worker::console_log!("scheduled jobs done: {summary}"),
        Err(e) => worker::console_error!("scheduled jobs failed: {e:?}"),
    }
}

fn forbidden(message: &str) -> EdgeError {
    EdgeError::Status {
        status: 403,
        code: "forbidden",
        message: message.into(),
    }
}

fn not_found() -> EdgeError {
    EdgeError::NotFound
}

pub(crate) fn request_id(req: &Request) -> String {
    req.headers()
        .get("cf-ray")
        .ok()
        .flatten()
        .filter(|r| r.len() <= 100)
        .unwrap_or_default()
}

/// The organization a request is about and the caller's role in it, both as
/// the database shows them to this user under RLS. An organization or
/// project the user cannot see is 404, as if it did not exist.
async fn org_and_role(
    tx: &Transaction<'_>,
    org_id: Option<&str>,
    project_id: Option<&str>,
) -> EdgeResult<(String, String)> {
    let bad_id = EdgeError::BadRequest {
        code: "invalid_id",
        message: "org_id and project_id must be UUIDs.",
    };
    let org_id = match (project_id, org_id) {
        (Some(p), _) => {
            if !is_uuid(p) {
                return Err(bad_id);
            }
            let rows = tx
                .query_typed(
                    "select p.org_id::text from public.projects p where p.id = $1::text::uuid",
                    &[(&p, Type::TEXT)],
                )
                .await?;
            let org: String = rows.first().ok_or_else(not_found)?.try_get(0)?;
            if org_id.is_some_and(|o| !o.eq_ignore_ascii_case(&org)) {
                return Err(not_found());
            }
            org
        }
        (None, Some(o)) => {
            if !is_uuid(o) {
                return Err(bad_id);
            }
            o.to_ascii_lowercase()
        }
        (None, None) => {
            let rows = tx
                .query_typed(
                    "select m.org_id::text from public.org_members m where m.user_id = auth.uid()",
                    &[],
                )
                .await?;
            match rows.as_slice() {
                [one] => one.try_get(0)?,
                [] => return Err(forbidden("You are not a member of any organization.")),
                _ => {
                    return Err(EdgeError::BadRequest {
                        code: "org_id_required",
                        message: "You belong to several organizations: name one with org_id.",
                    });
                }
            }
        }
    };
    let rows = tx
        .query_typed(
            "select m.role from public.org_members m \
             where m.org_id = $1::text::uuid and m.user_id = auth.uid()",
            &[(&org_id, Type::TEXT)],
        )
        .await?;
    let role: String = rows.first().ok_or_else(not_found)?.try_get(0)?;
    Ok((org_id, role))
}

async fn audit(
    tx: &Transaction<'_>,
    action: &str,
    target_type: &str,
    target_id: &str,
    details: &Value,
    request_id: &str,
    org_id: &str,
) -> EdgeResult<()> {
    let entry = audit::Entry {
        action,
        category: audit::Category::Compliance,
        target_type,
        target_id,
        details,
        request_id: Some(request_id),
        project_id: None,
        org_id: Some(org_id),
    };
    audit::append(tx, &entry).await
}

async fn begin_user<'a>(db: &'a mut Db, user: &VerifiedUser) -> EdgeResult<Transaction<'a>> {
    db.begin_as(ApiRole::Authenticated, user.claims()).await
}

#[derive(Deserialize)]
struct CreateExport {
    format: String,
    #[serde(default)]
    project_id: Option<String>,
    #[serde(default)]
    org_id: Option<String>,
}

async fn create(mut req: Request, env: &Env) -> EdgeResult<Response> {
    let user = auth::user(&req, env).await?;
    let key = ExportUrlKey::new(mignuti_edge::config::secret(env, "EXPORT_URL_KEY")?.as_bytes())
        .map_err(|_| EdgeError::MissingConfig("EXPORT_URL_KEY"))?;
    let body: CreateExport = request::json_body(&mut req, 4 * 1024).await?;
    let format = Format::parse(&body.format).ok_or(EdgeError::BadRequest {
        code: "invalid_format",
        message: "format must be \"json\" or \"csv\".",
    })?;
    let request_id = request_id(&req);
    let project_id = body.project_id.as_deref().map(str::to_ascii_lowercase);
    let format_str = format.as_str();
    let mut db = Db::connect(env).await?;
    let tx = begin_user(&mut db, &user).await?;
    let result = async {
        let (org_id, role) =
            org_and_role(&tx, body.org_id.as_deref(), body.project_id.as_deref()).await?;
        if role != "owner" && role != "admin" {
            return Err(forbidden("Only owners and admins can export."));
        }
        let params: [(&(dyn ToSql + Sync), Type); 3] = [
            (&org_id, Type::TEXT),
            (&project_id, Type::TEXT),
            (&format_str, Type::TEXT),
        ];
        let rows = tx
            .query_typed(
                "insert into public.exports (org_id, project_id, requested_by, format) \
                 values ($1::text::uuid, $2::text::uuid, auth.uid(), $3) \
                 returning id::text, extract(epoch from expires_at)::bigint",
                &params,
            )
            .await?;
        let row = rows
            .first()
            .ok_or_else(|| EdgeError::Db("insert returned nothing".into()))?;
        let export_id: String = row.try_get(0)?;
        let db_expires: i64 = row.try_get(1)?;
        audit(
            &tx,
            "export.created",
            "export",
            &export_id,
            &json!({ "format": format_str, "project_id": project_id }),
            &request_id,
            &org_id,
        )
        .await?;
        Ok((export_id, org_id, db_expires))
    }
    .await;
    let (export_id, org_id, db_expires) = db::finish(tx, result).await?;

    let expires = (request::now_secs() + LINK_LIFETIME_SECS).min(db_expires);
    let link = signed_url::sign(&key, &export_id, expires);
    let origin = req.url()?.origin().ascii_serialization();
    Ok(http::json(
        201,
        &json!({
            "export_id": export_id,
            "org_id": org_id,
            "project_id": project_id,
            "format": format_str,
            "url": format!("{origin}{link}"),
            "expires_at": expires,
            "expires_in": expires - request::now_secs(),
        }),
    )?)
}

async fn status(req: &Request, env: &Env, export_id: &str) -> EdgeResult<Response> {
    let user = auth::user(req, env).await?;
    let mut db = Db::connect(env).await?;
    let tx = begin_user(&mut db, &user).await?;
    let sql = format!(
        "select jsonb_build_object('export_id', e.id, 'org_id', e.org_id, 'project_id', e.project_id, \
           'format', e.format, 'status', case when e.status = 'created' and e.expires_at < now() \
           then 'expired' else e.status end, \
           'created_at', to_char(e.created_at at time zone 'UTC', {TS}), \
           'expires_at', to_char(e.expires_at at time zone 'UTC', {TS}), \
           'downloaded_at', to_char(e.downloaded_at at time zone 'UTC', {TS}))::text \
         from public.exports e where e.id = $1::text::uuid"
    );
    let result = async {
        let rows = tx.query_typed(&sql, &[(&export_id, Type::TEXT)]).await?;
        let text: String = rows.first().ok_or_else(not_found)?.try_get(0)?;
        Ok(text)
    }
    .await;
    let text = db::finish(tx, result).await?;
    let body: Value =
        serde_json::from_str(&text).map_err(|e| EdgeError::Db(format!("export json: {e}")))?;
    Ok(http::json(200, &body)?)
}

#[derive(Deserialize)]
struct DeletionBody {
    #[serde(default)]
    org_id: Option<String>,
}

/// `org_id` from the query string (GET, DELETE).
fn org_param(req: &Request) -> EdgeResult<Option<String>> {
    Ok(req
        .url()?
        .query_pairs()
        .find(|(k, _)| k == "org_id")
        .map(|(_, v)| v.into_owned()))
}

fn deletion_json_sql() -> String {
    format!(
        "jsonb_build_object('request_id', d.id, 'org_id', d.org_id, \
           'requested_at', to_char(d.requested_at at time zone 'UTC', {TS}), \
           'execute_after', to_char(d.execute_after at time zone 'UTC', {TS}), \
           'cancelled_at', to_char(d.cancelled_at at time zone 'UTC', {TS}), \
           'status', case when d.cancelled_at is not null then 'cancelled' \
                          when d.executed_at is not null then 'executed' else 'scheduled' end)::text"
    )
}

/// The organization the owner acts on; 403 for admins and members.
async fn owner_org(tx: &Transaction<'_>, org_id: Option<&str>) -> EdgeResult<String> {
    let (org_id, role) = org_and_role(tx, org_id, None).await?;
    if role != "owner" {
        return Err(forbidden("Only owners can delete the account."));
    }
    Ok(org_id)
}

fn parse_json(text: &str) -> EdgeResult<Value> {
    serde_json::from_str(text).map_err(|e| EdgeError::Db(format!("json: {e}")))
}

async fn request_deletion(mut req: Request, env: &Env) -> EdgeResult<Response> {
    let user = auth::user(&req, env).await?;
    let body: DeletionBody = request::json_body(&mut req, 1024)
        .await
        .unwrap_or(DeletionBody { org_id: None });
    let request_id = request_id(&req);
    let mut db = Db::connect(env).await?;
    let tx = begin_user(&mut db, &user).await?;
    let result = async {
        let org_id = owner_org(&tx, body.org_id.as_deref()).await?;
        let sql = format!(
            "insert into public.deletion_requests as d (org_id, requested_by) \
             values ($1::text::uuid, auth.uid()) \
             on conflict (org_id) where cancelled_at is null and executed_at is null do nothing \
             returning {}",
            deletion_json_sql()
        );
        let rows = tx.query_typed(&sql, &[(&org_id, Type::TEXT)]).await?;
        if let Some(row) = rows.first() {
            let created = parse_json(&row.try_get::<_, String>(0)?)?;
            audit(
                &tx,
                "account.deletion_requested",
                "organization",
                &org_id,
                &json!({ "request_id": created["request_id"], "execute_after": created["execute_after"] }),
                &request_id,
                &org_id,
            )
            .await?;
            return Ok((202, created));
        }
        // Already scheduled: the same request again, unchanged.
        let sql = format!(
            "select {} from public.deletion_requests d where d.org_id = $1::text::uuid \
             and d.cancelled_at is null and d.executed_at is null",
            deletion_json_sql()
        );
        let rows = tx.query_typed(&sql, &[(&org_id, Type::TEXT)]).await?;
        let text: String = rows.first().ok_or_else(no_request)?.try_get(0)?;
        Ok((200, parse_json(&text)?))
    }
    .await;
    let (status, body) = db::finish(tx, result).await?;
    Ok(http::json(status, &body)?)
}

async fn deletion_status(req: &Request, env: &Env) -> EdgeResult<Response> {
    let user = auth::user(req, env).await?;
    let org = org_param(req)?;
    let mut db = Db::connect(env).await?;
    let tx = begin_user(&mut db, &user).await?;
    let result = async {
        let org_id = owner_org(&tx, org.as_deref()).await?;
        let sql = format!(
            "select {} from public.deletion_requests d where d.org_id = $1::text::uuid \
             and d.cancelled_at is null and d.executed_at is null",
            deletion_json_sql()
        );
        let rows = tx.query_typed(&sql, &[(&org_id, Type::TEXT)]).await?;
        let text: String = rows.first().ok_or_else(no_request)?.try_get(0)?;
        parse_json(&text)
    }
    .await;
    let body = db::finish(tx, result).await?;
    Ok(http::json(200, &body)?)
}

fn no_request() -> EdgeError {
    EdgeError::Status {
        status: 404,
        code: "no_deletion_request",
        message: "No account deletion is scheduled.".into(),
    }
}

async fn cancel_deletion(req: &Request, env: &Env) -> EdgeResult<Response> {
    let user = auth::user(req, env).await?;
    let org = org_param(req)?;
    let request_id = request_id(req);
    let mut db = Db::connect(env).await?;
    let tx = begin_user(&mut db, &user).await?;
    let result = async {
        let org_id = owner_org(&tx, org.as_deref()).await?;
        // Once the cooling-off has ended the purge may be under way: too late.
        let sql = format!(
            "update public.deletion_requests d set cancelled_at = now(), cancelled_by = auth.uid() \
             where d.org_id = $1::text::uuid and d.cancelled_at is null and d.executed_at is null \
               and d.execute_after > now() \
             returning {}",
            deletion_json_sql()
        );
        let rows = tx.query_typed(&sql, &[(&org_id, Type::TEXT)]).await?;
        let Some(row) = rows.first() else {
            let due = tx
                .query_typed(
                    "select 1 from public.deletion_requests d where d.org_id = $1::text::uuid \
                     and d.cancelled_at is null and d.executed_at is null",
                    &[(&org_id, Type::TEXT)],
                )
                .await?;
            return Err(if due.is_empty() {
                no_request()
            } else {
                EdgeError::Status {
                    status: 409,
                    code: "deletion_in_progress",
                    message:
                        "The cooling-off period has ended; the deletion can no longer be cancelled."
                            .into(),
                }
            });
        };
        let body = parse_json(&row.try_get::<_, String>(0)?)?;
        audit(
            &tx,
            "account.deletion_cancelled",
            "organization",
            &org_id,
            &json!({ "request_id": body["request_id"] }),
            &request_id,
            &org_id,
        )
        .await?;
        Ok(body)
    }
    .await;
    let body = db::finish(tx, result).await?;
    Ok(http::json(200, &body)?)
}

/// `GET /v1/export/audit`: the organization's latest audit entries (no
/// content, by design of the log) and the result of verifying its hash
/// chains, for the owner to show a DPO.
async fn audit_log(req: &Request, env: &Env) -> EdgeResult<Response> {
    let user = auth::user(req, env).await?;
    let org = org_param(req)?;
    let limit: i64 = req
        .url()?
        .query_pairs()
        .find(|(k, _)| k == "limit")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(200)
        .clamp(1, 1000);
    let mut db = Db::connect(env).await?;
    let tx = begin_user(&mut db, &user).await?;
    let result = async {
        let (org_id, role) = org_and_role(&tx, org.as_deref(), None).await?;
        if role != "owner" {
            return Err(forbidden("Only owners can read the audit log."));
        }
        let sql = format!(
            "select jsonb_build_object( \
               'org_id', $1::text, \
               'chains', (select coalesce(jsonb_agg(jsonb_build_object('category', v.category, 'ok', v.ok, \
                    'rows_checked', v.rows_checked, 'first_broken_seq', v.first_broken_seq, \
                    'reason', v.reason, 'head_seq', v.head_seq, 'head_hash', v.head_hash) \
                    order by v.category), '[]'::jsonb) \
                  from public.audit_verify($1::text::uuid) v), \
               'entries', (select coalesce(jsonb_agg(to_jsonb(e) - 'ts' order by e.ts desc, e.seq desc), '[]'::jsonb) from ( \
                  select a.id, a.category, a.seq, a.kind, a.action, a.actor_type, a.actor_id, a.project_id, \
                         a.target_type, a.target_id, a.request_id, a.details, \
                         to_char(a.created_at at time zone 'UTC', {TS}) as created_at, \
                         encode(a.row_hash, 'hex') as row_hash, a.created_at as ts \
                  from public.audit_log a where a.org_id = $1::text::uuid \
                  order by a.created_at desc, a.id desc limit $2) e))::text"
        );
        let params: [(&(dyn ToSql + Sync), Type); 2] = [(&org_id, Type::TEXT), (&limit, Type::INT8)];
        let rows = tx.query_typed(&sql, &params).await?;
        let text: String = rows
            .first()
            .ok_or_else(|| EdgeError::Db("audit query returned nothing".into()))?
            .try_get(0)?;
        parse_json(&text)
    }
    .await;
    let body = db::finish(tx, result).await?;
    Ok(http::json(200, &body)?)
}
