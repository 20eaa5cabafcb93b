//! Supabase Auth access tokens of org members (the export and knowledge
//! functions), verified with
//! `mignuti_shared::supabase_auth`: HS256 with `SUPABASE_JWT_SECRET`, ES256
//! with the project's JWKS. The JWKS comes from `SUPABASE_JWKS` when pinned,
//! else from `<SUPABASE_URL>/auth/v1/.well-known/jwks.json`, cached per isolate
//! for ten minutes and refetched early (at most once a minute) when a token
//! names a key the cache does not hold, which is how a key rotation arrives.

use std::cell::RefCell;

use crate::{EdgeError, EdgeResult, config, request};
use mignuti_shared::supabase_auth::{
    self, Algorithm, Jwks, JwtSecret, VerifiedUser, VerifyOptions,
};
use worker::{Date, Env, Fetch, Request};

const JWKS_TTL_MS: u64 = 10 * 60 * 1000;
const JWKS_REFETCH_MIN_MS: u64 = 60 * 1000;
const LEEWAY_SECS: u32 = 30;

thread_local! {
    static JWKS_CACHE: RefCell<Option<(Jwks, u64)>> = const { RefCell::new(None) };
}

pub fn issuer(env: &Env) -> String {
    let base = config::var_or(env, "SUPABASE_URL", "http://127.0.0.1:54321");
    format!("{}/auth/v1", base.trim_end_matches('/'))
}

fn unauthorized(code: &'static str) -> EdgeError {
    EdgeError::Status {
        status: 401,
        code,
        message: "Sign in again: the access token is missing or not valid.".into(),
    }
}

async fn jwks(env: &Env, kid: &str) -> EdgeResult<Jwks> {
    if let Ok(pinned) = config::var(env, "SUPABASE_JWKS") {
        return Jwks::parse(pinned.as_bytes())
            .map_err(|_| EdgeError::MissingConfig("SUPABASE_JWKS"));
    }
    let now = Date::now().as_millis();
    let cached = JWKS_CACHE.with(|c| c.borrow().clone());
    if let Some((jwks, fetched)) = &cached {
        let age = now.saturating_sub(*fetched);
        if age < JWKS_TTL_MS && (jwks.contains(kid) || age < JWKS_REFETCH_MIN_MS) {
            return Ok(jwks.clone());
        }
    }
    let url = format!("{}/.well-known/jwks.json", issuer(env));
    let fetched = async {
        let mut response = Fetch::Url(
            url.parse()
                .map_err(|_| EdgeError::MissingConfig("SUPABASE_URL"))?,
        )
        .send()
        .await?;
        if response.status_code() != 200 {
            return Err(EdgeError::Runtime(format!(
                "JWKS answered {}",
                response.status_code()
            )));
        }
        let bytes = response.bytes().await?;
        Jwks::parse(&bytes).map_err(|e| EdgeError::Runtime(format!("JWKS: {e}")))
    }
    .await;
    match (fetched, cached) {
        (Ok(jwks), _) => {
            JWKS_CACHE.with(|c| *c.borrow_mut() = Some((jwks.clone(), now)));
            Ok(jwks)
        }
        // A stale key set beats none while the JWKS endpoint is down.
        (Err(e), Some((jwks, _))) => {
            worker::console_error!("JWKS refresh failed, using the cached set: {e}");
            Ok(jwks)
        }
        (Err(e), None) => Err(EdgeError::Status {
            status: 503,
            code: "auth_keys_unavailable",
            message: format!("The sign-in keys could not be loaded ({}).", e.code()),
        }),
    }
}

/// The verified user behind the request's `Authorization: Bearer` token.
pub async fn user(req: &Request, env: &Env) -> EdgeResult<VerifiedUser> {
    let token = request::bearer(req).ok_or_else(|| unauthorized("auth_token_missing"))?;
    let header = supabase_auth::peek_header(&token).map_err(|e| unauthorized(e.code()))?;
    let secret = JwtSecret::new(config::secret(env, "SUPABASE_JWT_SECRET")?.as_bytes())
        .map_err(|_| EdgeError::MissingConfig("SUPABASE_JWT_SECRET"))?;
    let jwks = match (header.alg, header.kid.as_deref()) {
        (Algorithm::Es256, Some(kid)) => Some(jwks(env, kid).await?),
        _ => None,
    };
    let issuer = issuer(env);
    let opts = VerifyOptions {
        secret: Some(&secret),
        jwks: jwks.as_ref(),
        issuer: &issuer,
        now: request::now_secs(),
        leeway_secs: LEEWAY_SECS,
    };
    supabase_auth::verify(&token, &opts).map_err(|e| {
        if e.is_client_error() {
            unauthorized(e.code())
        } else {
            EdgeError::Runtime(e.to_string())
        }
    })
}
