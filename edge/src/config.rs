//! Configuration lookup with one failure mode: a missing or empty setting is
//! an [`EdgeError::MissingConfig`], answered as 500 `config_missing` while the
//! name of the variable goes to the log only.

use worker::Env;

use crate::EdgeError;

/// A secret (set with `wrangler secret put`, or `.dev.vars` locally).
/// Falls back to a plain variable so local setups can use `[vars]`.
pub fn secret(env: &Env, name: &'static str) -> Result<String, EdgeError> {
    let value = env
        .secret(name)
        .map(|s| s.to_string())
        .or_else(|_| env.var(name).map(|v| v.to_string()))
        .map_err(|_| EdgeError::MissingConfig(name))?;
    if value.trim().is_empty() {
        return Err(EdgeError::MissingConfig(name));
    }
    Ok(value)
}

/// A plain `[vars]` entry.
pub fn var(env: &Env, name: &'static str) -> Result<String, EdgeError> {
    let value = env
        .var(name)
        .map(|v| v.to_string())
        .map_err(|_| EdgeError::MissingConfig(name))?;
    if value.trim().is_empty() {
        return Err(EdgeError::MissingConfig(name));
    }
    Ok(value)
}

/// A plain `[vars]` entry with a default when it is not set.
pub fn var_or(env: &Env, name: &str, default: &str) -> String {
    env.var(name)
        .map(|v| v.to_string())
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| default.to_owned())
}
