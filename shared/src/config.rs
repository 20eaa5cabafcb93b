//! Names that the gateway, the functions, the wrangler files and the README's
//! configuration table must agree on, in one place.

/// Version string reported by `/status` and every function's health check.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// One edge function: its service binding in the gateway and the path
/// prefix it owns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Function {
    pub name: &'static str,
    pub binding: &'static str,
    pub prefix: &'static str,
}

impl Function {
    /// The function's health check path.
    pub fn health_path(&self) -> String {
        format!("{}/health", self.prefix)
    }
}

pub const FUNCTIONS: [Function; 5] = [
    Function {
        name: "session",
        binding: "SESSION",
        prefix: "/v1/session",
    },
    Function {
        name: "chat",
        binding: "CHAT",
        prefix: "/v1/chat",
    },
    Function {
        name: "delete-history",
        binding: "HISTORY",
        prefix: "/v1/history",
    },
    Function {
        name: "export",
        binding: "EXPORT",
        prefix: "/v1/export",
    },
    Function {
        name: "knowledge",
        binding: "KNOWLEDGE",
        prefix: "/v1/knowledge",
    },
];

/// The function that owns `path`: the prefix itself or anything below it
/// (`/v1/export` and `/v1/export/…`, not `/v1/exports`).
pub fn route(path: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| {
        path.strip_prefix(f.prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// `aud` of visitor session tokens.
pub const SESSION_AUDIENCE: &str = "mignuti-widget";
/// `iss` of visitor session tokens.
pub const SESSION_ISSUER: &str = "mignuti-session";
/// Lifetime of a session token. Short, because it is a bearer credential in
/// the page; the widget renews it with the delete token when it expires.
pub const SESSION_TTL_SECS: i64 = 30 * 60;
/// Clock skew tolerated when verifying session tokens.
pub const SESSION_LEEWAY_SECS: u32 = 30;
/// Longest visitor message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 2000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_prefix_and_below_only() {
        assert_eq!(route("/v1/session").map(|f| f.name), Some("session"));
        assert_eq!(
            route("/v1/export/account-deletion").map(|f| f.name),
            Some("export")
        );
        assert_eq!(
            route("/v1/knowledge/documents/42").map(|f| f.name),
            Some("knowledge")
        );
        assert_eq!(route("/v1/history").map(|f| f.binding), Some("HISTORY"));
        assert_eq!(route("/v1/exports"), None);
        assert_eq!(route("/v1/chatter"), None);
        assert_eq!(route("/v1"), None);
        assert_eq!(route("/status"), None);
    }

    #[test]
    fn every_function_has_a_distinct_binding_and_prefix() {
        for (i, a) in FUNCTIONS.iter().enumerate() {
            for b in &FUNCTIONS[i + 1..] {
                assert_ne!(a.binding, b.binding);
                assert_ne!(a.prefix, b.prefix);
                assert_ne!(a.name, b.name);
            }
            assert_eq!(route(&a.health_path()), Some(a));
        }
    }
}
