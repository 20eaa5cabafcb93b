//! Wasm exports for measuring the guard pipeline under node (`run.mjs`).

use wasm_bindgen::prelude::*;

#[cfg(not(feature = "baseline"))]
use mignuti_shared::guard::Guards;

#[wasm_bindgen]
pub struct WasmGuards {
    #[cfg(not(feature = "baseline"))]
    guards: Guards,
}

#[wasm_bindgen]
impl WasmGuards {
    /// Builds the rule sets (the Worker's one-time cold-start cost).
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default, reason = "wasm-bindgen constructor")]
    pub fn new() -> WasmGuards {
        WasmGuards {
            #[cfg(not(feature = "baseline"))]
            guards: Guards::new(),
        }
    }

    /// Scans one message; returns `blocked << 16 | entity count` so the
    /// result is used and cheap to pass back.
    pub fn scan(&self, text: &str) -> u32 {
        #[cfg(not(feature = "baseline"))]
        {
            let s = self.guards.scan(text);
            (u32::from(s.blocked) << 16) | (s.entities.len() as u32 & 0xffff)
        }
        #[cfg(feature = "baseline")]
        {
            text.len() as u32
        }
    }

    /// The redacted text, to check the wasm build agrees with the native one.
    pub fn redact(&self, text: &str) -> String {
        #[cfg(not(feature = "baseline"))]
        {
            self.guards.scan(text).redacted
        }
        #[cfg(feature = "baseline")]
        {
            text.to_string()
        }
    }
}

/// Touches the session JWT, envelope and canary so `--features all` links
/// everything the chat function uses from the shared crate.
#[cfg(feature = "all")]
#[wasm_bindgen]
pub fn other_guards(token: &str, text: &str, now: f64) -> u32 {
    use mignuti_shared::{canary, envelope, iphash, jwt};
    let mut n = 0;
    if let Ok(key) = jwt::SigningKey::new(&[7; 32]) {
        let opts = jwt::VerifyOptions {
            key: &key,
            now: now as i64,
            leeway_secs: 30,
            audience: "a",
            issuer: "i",
            ip_hash: "h",
        };
        n += u32::from(jwt::verify(token, &opts).is_ok());
    }
    if let Ok(k) = iphash::IpHashKey::new(&[9; 32]) {
        n += u32::from(iphash::hash_ip(&k, text).is_ok());
    }
    n += envelope::Envelope::new([1; 16])
        .wrap_source("1", "t", text)
        .len() as u32;
    let c = canary::Canary::new([2; 16]);
    let mut d = canary::LeakDetector::new(&c, text);
    n += d.push(text).safe_text.len() as u32;
    n
}
