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
    check_all(env, &[(limit, key)], db, role, message).await
}

/// Counts one request against each `(limit, key)`; every limit is counted
/// even when an earlier one is already exceeded. The limits without a binding
/// are counted in one database statement, in one transaction of their own.
/// The first limit exceeded decides the `Retry-After`.
pub async fn check_all(
    env: &Env,
    limits: &[(&Limit, &str)],
    db: &mut Db,
    role: ApiRole,
    message: &'static str,
) -> EdgeResult<()> {
    let mut exceeded: Option<&Limit> = None;
    let mut fallback: Vec<(&Limit, String)> = Vec::new();
    for &(limit, key) in limits {
        match env.rate_limiter(limit.binding) {
            Ok(limiter) => {
                if !limiter.limit(key.to_owned()).await?.success {
                    exceeded = exceeded.or(Some(limit));
                }
            }
            Err(_) => fallback.push((limit, format!("{}:{key}", limit.binding))),
        }
    }
    if !fallback.is_empty() {
        // select public.rate_limit_hit($1, $2, $3), public.rate_limit_hit($4, $5, $6), …
        let numbers: Vec<(i32, i32)> = fallback
            .iter()
            .map(|(l, _)| (l.limit as i32, l.period_secs as i32))
            .collect();
        let mut params: Vec<(&(dyn ToSql + Sync), Type)> = Vec::with_capacity(fallback.len() * 3);
        let mut calls = Vec::with_capacity(fallback.len());
        for (i, ((_, bucket), (n, p))) in fallback.iter().zip(&numbers).enumerate() {
            params.push((bucket, Type::TEXT));
            params.push((n, Type::INT4));
            params.push((p, Type::INT4));
            calls.push(format!(
                "public.rate_limit_hit(${}, ${}, ${})",
                3 * i + 1,
                3 * i + 2,
                3 * i + 3
            ));
        }
        let tx = db
            .begin_as(role, &serde_json::json!({ "role": role.as_str() }))
            .await?;
        let rows = tx
            .query_typed(&format!("select {}", calls.join(", ")), &params)
            .await?;
        tx.commit().await?;
        let row = rows
            .first()
            .ok_or_else(|| EdgeError::Db("rate_limit_hit returned no row".into()))?;
        for (i, (limit, _)) in fallback.iter().enumerate() {
            if !row.try_get::<_, bool>(i)? {
                exceeded = exceeded.or(Some(limit));
            }
        }
    }
    match exceeded {
        None => Ok(()),
        Some(limit) => Err(EdgeError::RateLimited {
            retry_after: limit.period_secs,
            message,
        }),
    }
}
