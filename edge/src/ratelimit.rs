//! Rate limits. In production through the Workers rate-limiting binding
//! (`[[ratelimits]]` in the function's wrangler.toml): no database round
//! trip. Where the binding is not available — `wrangler dev` provides it only
//! to the first worker of a multi-worker session — the same limit is counted
//! in Postgres (`public.rate_limit_hit`, fixed windows) in a transaction of
//! its own, so a request that fails afterwards still counts (wrong tokens
//! must use up the budget). Keys are hashes (IP hash, conversation id), never
//! raw addresses.

use tokio_postgres::types::{ToSql, Type};
use worker::Env;

use crate::db::{ApiRole, Db};
use crate::{EdgeError, EdgeResult};

/// One limit: its binding name and the numbers the binding is configured
/// with (the database fallback uses the same numbers).
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub binding: &'static str,
    pub limit: u32,
    pub period_secs: u32,
}

/// Counts one request for `key`. Over the limit → 429 `rate_limited` with
/// `Retry-After: period_secs` and `message` (in the visitor's language).
/// `role` is the API role the fallback counts as (`anon` or `widget_visitor`).
pub async fn check(
    env: &Env,
    limit: &Limit,
    key: &str,
    db: &mut Db,
    role: ApiRole,
    message: &'static str,
) -> EdgeResult<()> {
    let allowed = match env.rate_limiter(limit.binding) {
        Ok(limiter) => limiter.limit(key.to_owned()).await?.success,
        Err(_) => {
            let bucket = format!("{}:{key}", limit.binding);
            let n = limit.limit as i32;
            let p = limit.period_secs as i32;
            let params: [(&(dyn ToSql + Sync), Type); 3] =
                [(&bucket, Type::TEXT), (&n, Type::INT4), (&p, Type::INT4)];
            let tx = db
                .begin_as(role, &serde_json::json!({ "role": role.as_str() }))
                .await?;
            let rows = tx
                .query_typed("select public.rate_limit_hit($1, $2, $3)", &params)
                .await?;
            let allowed = rows
                .first()
                .map(|r| r.try_get::<_, bool>(0))
                .transpose()?
                .unwrap_or(false);
            tx.commit().await?;
            allowed
        }
    };
    if allowed {
        Ok(())
    } else {
        Err(EdgeError::RateLimited {
            retry_after: limit.period_secs,
            message,
        })
    }
}
