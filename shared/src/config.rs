//! Names of the configuration every function reads, in one place so the
//! README's configuration table, the wrangler files and the code agree.

/// Version string reported by `/status` and every function's health check.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
