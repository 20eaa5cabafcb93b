//! `GET /v1/<function>/health`: the function is deployed, knows its version,
//! and reaches Postgres through its own Hyperdrive binding as its own role.

use serde::Serialize;
use worker::{Date, Env, Response};

use crate::db::Db;

#[derive(Serialize)]
pub struct Health {
    pub function: &'static str,
    pub version: &'static str,
    pub ok: bool,
    pub database: DatabaseHealth,
}

#[derive(Serialize)]
pub struct DatabaseHealth {
    pub ok: bool,
    pub latency_ms: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'static str>,
}

/// Reports the function's health. `required` lists the secrets and variables
/// the function cannot work without; a missing one makes the check fail with
/// `config_missing` (the variable's name goes to the log only).
pub async fn check(
    env: &Env,
    function: &'static str,
    required: &[&'static str],
) -> worker::Result<Response> {
    for name in required {
        if let Err(e) = crate::config::secret(env, name) {
            return e.into_response();
        }
    }
    let started = Date::now().as_millis();
    let result = match Db::connect(env).await {
        Ok(db) => {
            let result = db.ping().await;
            db.close().await;
            result
        }
        Err(e) => Err(e),
    };
    let latency_ms = Date::now().as_millis().saturating_sub(started);
    let database = match &result {
        Ok(()) => DatabaseHealth {
            ok: true,
            latency_ms,
            error: None,
        },
        Err(e) => {
            worker::console_error!("health: database check failed: {e:?}");
            DatabaseHealth {
                ok: false,
                latency_ms,
                error: Some(e.code()),
            }
        }
    };
    let ok = database.ok;
    let body = Health {
        function,
        version: mignuti_shared::config::VERSION,
        ok,
        database,
    };
    crate::http::json(if ok { 200 } else { 503 }, &body)
}
