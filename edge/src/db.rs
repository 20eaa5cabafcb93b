//! The database connection and the per-request transaction.
//!
//! Every request runs in exactly one transaction that first switches to the
//! API role the caller's credentials allow and publishes the caller's claims:
//! `set_config('role', …, true), set_config('request.jwt.claims', …, true)`,
//! the same two settings PostgREST uses. Row level security policies read
//! them through `auth.jwt()`, so they hold for the functions and for REST
//! access alike, and `true` (transaction-local) keeps them from leaking to the
//! next client of a pooled connection. Hyperdrive pools in transaction mode,
//! so there is no session state to rely on and statements are sent unnamed
//! (`query_typed`, simple queries).
//!
//! This module is the only place that does this; functions get a
//! [`tokio_postgres::Transaction`] that is already scoped.

use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{Client, Transaction};
use worker::{Env, SecureTransport, Socket, postgres_tls::PassthroughTls};

use crate::{EdgeError, EdgeResult};

/// Name of the Hyperdrive binding in every function's wrangler.toml.
pub const BINDING: &str = "DB";

/// The API roles a function may act as. A closed set: a role name never
/// comes from a request.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiRole {
    Anon,
    Authenticated,
    ServiceRole,
    WidgetVisitor,
}

impl ApiRole {
    pub fn as_str(self) -> &'static str {
        match self {
            ApiRole::Anon => "anon",
            ApiRole::Authenticated => "authenticated",
            ApiRole::ServiceRole => "service_role",
            ApiRole::WidgetVisitor => "widget_visitor",
        }
    }
}

/// A connection through the function's Hyperdrive binding. End it with
/// [`Db::close`] before the request finishes: the Workers runtime may cut a
/// request's pending tasks once the response is out, and a connection cut
/// mid-message (a rollback still in flight, say) is an abrupt reset for the
/// pool behind it.
pub struct Db {
    client: Client,
    closed: futures_channel::oneshot::Receiver<()>,
}

impl Db {
    pub async fn connect(env: &Env) -> EdgeResult<Db> {
        let hyperdrive = env
            .hyperdrive(BINDING)
            .map_err(|_| EdgeError::MissingConfig("DB (Hyperdrive binding)"))?;
        let config = hyperdrive
            .connection_string()
            .parse::<tokio_postgres::Config>()
            .map_err(|e| EdgeError::DbUnavailable(format!("bad connection string: {e}")))?;
        let socket = Socket::builder()
            .secure_transport(SecureTransport::StartTls)
            .connect(hyperdrive.host(), hyperdrive.port())
            .map_err(|e| EdgeError::DbUnavailable(e.to_string()))?;
        let (client, connection) = config
            .connect_raw(socket, PassthroughTls)
            .await
            .map_err(|e| EdgeError::DbUnavailable(e.to_string()))?;
        let (done, closed) = futures_channel::oneshot::channel();
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = connection.await {
                worker::console_error!("database connection ended: {e}");
            }
            let _ = done.send(());
        });
        Ok(Db { client, closed })
    }

    /// Ends the session cleanly: pending messages (such as the rollback of a
    /// dropped transaction) are sent, then the connection says goodbye.
    pub async fn close(self) {
        let Db { client, closed } = self;
        drop(client);
        let _ = closed.await;
    }

    /// Runs `work` on this connection and closes it afterwards, whatever
    /// `work` returned.
    pub async fn with<T>(
        mut self,
        work: impl AsyncFnOnce(&mut Db) -> EdgeResult<T>,
    ) -> EdgeResult<T> {
        let result = work(&mut self).await;
        self.close().await;
        result
    }

    /// A round trip that proves the connection and the login role work.
    pub async fn ping(&self) -> EdgeResult<()> {
        let rows = self.client.simple_query("select 1").await?;
        if rows.is_empty() {
            return Err(EdgeError::Db("select 1 returned nothing".into()));
        }
        Ok(())
    }

    /// Starts the request's transaction as `role` with `claims` (a JSON
    /// object, e.g. the verified session token's claims). Commit it with
    /// `tx.commit()`; dropping it rolls back.
    pub async fn begin_as(
        &mut self,
        role: ApiRole,
        claims: &serde_json::Value,
    ) -> EdgeResult<Transaction<'_>> {
        let tx = self.client.transaction().await?;
        let claims = claims.to_string();
        let params: [(&(dyn ToSql + Sync), Type); 2] =
            [(&role.as_str(), Type::TEXT), (&claims, Type::TEXT)];
        tx.query_typed(
            "select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)",
            &params,
        )
        .await?;
        Ok(tx)
    }
}

/// Ends a transaction by its outcome: commits on `Ok`, rolls back on `Err`,
/// and waits for the server's answer either way. Dropping a transaction
/// instead queues a ROLLBACK that nobody reads; closing the connection with
/// that answer unread makes the socket close with a reset, which the local
/// Hyperdrive proxy of `wrangler dev` does not survive.
pub async fn finish<T>(tx: Transaction<'_>, result: EdgeResult<T>) -> EdgeResult<T> {
    match result {
        Ok(value) => {
            tx.commit().await?;
            Ok(value)
        }
        Err(e) => {
            if let Err(rollback) = tx.rollback().await {
                worker::console_error!("rollback failed: {rollback}");
            }
            Err(e)
        }
    }
}
