//! The scheduled jobs (cron in wrangler.toml), as `service_role`:
//! account deletions past their cooling-off (`account_deletion_step`, one
//! bounded transaction per call, so an interrupted run resumes where it
//! stopped), each project's conversation retention, the audit-log retention
//! marking expired export links and dropping old rate-limit counters. Every step is idempotent.

use mignuti_edge::db::{self, ApiRole, Db};
use mignuti_edge::{EdgeError, EdgeResult, config};
use serde_json::json;
use tokio_postgres::types::Type;
use worker::Env;

/// Upper bound of deletion steps per run; the next run continues.
const MAX_STEPS: u32 = 2000;

pub async fn run(env: &Env) -> EdgeResult<String> {
    let batch: i32 = config::var_or(env, "ACCOUNT_DELETION_BATCH", "2000")
        .parse()
        .unwrap_or(2000);
    let claims = json!({ "role": "service_role" });
    let mut db = Db::connect(env).await?;

    let (mut steps, mut orgs_purged) = (0u32, 0u32);
    while steps < MAX_STEPS {
        let tx = db.begin_as(ApiRole::ServiceRole, &claims).await?;
        let rows = tx
            .query_typed(
                "select s.org_id::text, s.phase, s.deleted, s.finished \
                 from public.account_deletion_step($1) s",
                &[(&batch, Type::INT4)],
            )
            .await
            .map_err(EdgeError::from);
        let rows = db::finish(tx, rows).await?;
        let Some(row) = rows.first() else { break };
        steps += 1;
        if row.try_get::<_, bool>(3)? {
            orgs_purged += 1;
            worker::console_log!(
                "account deletion executed for organization {}",
                row.try_get::<_, String>(0)?
            );
        }
    }

    let tx = db.begin_as(ApiRole::ServiceRole, &claims).await?;
    let rows = tx
        .query_typed(
            "select coalesce(sum(r.messages_deleted + r.conversations_deleted + r.erasures_deleted), 0)::bigint \
             from public.purge_expired_conversations() r",
            &[],
        )
        .await?;
    let retention_rows: i64 = rows.first().map(|r| r.try_get(0)).transpose()?.unwrap_or(0);
    tx.commit().await?;

    let tx = db.begin_as(ApiRole::ServiceRole, &claims).await?;
    let rows = tx
        .query_typed(
            "select coalesce(sum(r.removed), 0)::bigint from public.audit_apply_retention() r",
            &[],
        )
        .await?;
    let audit_removed: i64 = rows.first().map(|r| r.try_get(0)).transpose()?.unwrap_or(0);
    tx.commit().await?;

    let tx = db.begin_as(ApiRole::ServiceRole, &claims).await?;
    let expired = tx
        .query_typed(
            "update public.exports set status = 'expired' \
             where status = 'created' and expires_at < now() returning id",
            &[],
        )
        .await
        .map_err(EdgeError::from);
    let expired = db::finish(tx, expired).await?.len();

    // Fixed-window rate-limit counters of past windows.
    let tx = db.begin_as(ApiRole::ServiceRole, &claims).await?;
    let purged = tx
        .query_typed("select public.purge_rate_limits()", &[])
        .await
        .map(|_| ())
        .map_err(EdgeError::from);
    db::finish(tx, purged).await?;

    Ok(format!(
        "deletion steps {steps}, organizations purged {orgs_purged}, retention rows {retention_rows}, \
         audit rows removed {audit_removed}, export links expired {expired}"
    ))
}
