//! The one error type of the edge layer. Every function converts its failures
//! into an [`EdgeError`], which knows its HTTP status, a stable
//! machine-readable code and a short message that is safe to show; internal
//! details are logged, never sent.

use std::fmt;

use worker::{Response, console_error};

pub type EdgeResult<T> = Result<T, EdgeError>;

#[non_exhaustive]
#[derive(Debug)]
pub enum EdgeError {
    /// A required secret or variable is not configured.
    MissingConfig(&'static str),
    /// The database could not be reached or refused the connection.
    DbUnavailable(String),
    /// A query failed.
    Db(String),
    /// The client sent something we cannot accept.
    BadRequest {
        code: &'static str,
        message: &'static str,
    },
    NotFound,
    MethodNotAllowed,
    /// A status and code decided by a function, with a safe message.
    Status {
        status: u16,
        code: &'static str,
        message: String,
    },
    /// Too many requests; the client may retry after this many seconds.
    RateLimited {
        retry_after: u32,
        message: &'static str,
    },
    /// A runtime error from the Workers API.
    Runtime(String),
}

impl EdgeError {
    pub fn status(&self) -> u16 {
        match self {
            EdgeError::MissingConfig(_) | EdgeError::Db(_) | EdgeError::Runtime(_) => 500,
            EdgeError::DbUnavailable(_) => 503,
            EdgeError::BadRequest { .. } => 400,
            EdgeError::NotFound => 404,
            EdgeError::MethodNotAllowed => 405,
            EdgeError::Status { status, .. } => *status,
            EdgeError::RateLimited { .. } => 429,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            EdgeError::MissingConfig(_) => "config_missing",
            EdgeError::DbUnavailable(_) => "database_unavailable",
            EdgeError::Db(_) => "database_error",
            EdgeError::BadRequest { code, .. } | EdgeError::Status { code, .. } => code,
            EdgeError::NotFound => "not_found",
            EdgeError::MethodNotAllowed => "method_not_allowed",
            EdgeError::Runtime(_) => "internal_error",
            EdgeError::RateLimited { .. } => "rate_limited",
        }
    }

    /// The message a client may see. Never contains internal details.
    pub fn public_message(&self) -> String {
        match self {
            EdgeError::MissingConfig(_) => "The service is not configured.".into(),
            EdgeError::DbUnavailable(_) => "The service is temporarily unavailable.".into(),
            EdgeError::Db(_) | EdgeError::Runtime(_) => "An internal error occurred.".into(),
            EdgeError::BadRequest { message, .. } => (*message).into(),
            EdgeError::NotFound => "Not found.".into(),
            EdgeError::MethodNotAllowed => "Method not allowed.".into(),
            EdgeError::Status { message, .. } => message.clone(),
            EdgeError::RateLimited { message, .. } => (*message).into(),
        }
    }

    /// Logs what an operator needs (which variable, which query failed) and
    /// builds the JSON error response the client gets.
    pub fn into_response(self) -> worker::Result<Response> {
        match &self {
            EdgeError::MissingConfig(name) => {
                console_error!("configuration missing: {name} is not set")
            }
            EdgeError::DbUnavailable(e) => console_error!("database unavailable: {e}"),
            EdgeError::Db(e) => console_error!("database error: {e}"),
            EdgeError::Runtime(e) => console_error!("runtime error: {e}"),
            _ => {}
        }
        let mut response =
            crate::http::json_error(self.status(), self.code(), &self.public_message())?;
        if let EdgeError::RateLimited { retry_after, .. } = self {
            response
                .headers_mut()
                .set("retry-after", &retry_after.to_string())?;
        }
        Ok(response)
    }
}

impl fmt::Display for EdgeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code(), self.status())
    }
}

impl From<worker::Error> for EdgeError {
    fn from(e: worker::Error) -> Self {
        EdgeError::Runtime(e.to_string())
    }
}

impl From<tokio_postgres::Error> for EdgeError {
    fn from(e: tokio_postgres::Error) -> Self {
        if e.is_closed() {
            EdgeError::DbUnavailable(e.to_string())
        } else {
            // Postgres' own message carries the SQLSTATE context an operator needs.
            match e.as_db_error() {
                Some(db) => EdgeError::Db(format!("{}: {}", db.code().code(), db.message())),
                None => EdgeError::Db(e.to_string()),
            }
        }
    }
}
