//! GDPR data rights, decided as pure functions: signed erasure receipts for
//! visitors (Art. 17; the delete token itself is [`crate::tokens`]), the signed
//! 60-second export download links of org owners, the streamed export formats
//! (Art. 15, 20) and the limits on delete-token attempts.
//!
//! The functions `delete-history` and `export` are glue around these; every
//! rule here runs on the host in `cargo test -p mignuti-shared`.

pub mod canonical_json;
pub mod export_format;
pub mod receipt;
pub mod signed_url;

/// History requests (`GET`/`DELETE /v1/history`) allowed per client-IP hash
/// per [`HISTORY_LIMIT_PERIOD_SECS`]; every attempt counts, so wrong tokens
/// are bounded to this many guesses. Mirrors `[[ratelimits]]` in
/// functions/delete-history/wrangler.toml.
pub const HISTORY_LIMIT: u32 = 10;
/// The rate-limit window (the Workers binding allows 10 or 60 seconds).
pub const HISTORY_LIMIT_PERIOD_SECS: u32 = 60;
/// Every refusal of a delete token (malformed, unknown, rate limited) is
/// answered no earlier than this many milliseconds after the request
/// arrived, so the response time does not tell which it was or how far the
/// lookup got.
pub const REFUSAL_FLOOR_MS: u64 = 300;

/// Milliseconds still to wait before answering a refusal, given how long
/// the request has taken so far.
pub fn refusal_delay_ms(elapsed_ms: u64) -> u64 {
    REFUSAL_FLOOR_MS.saturating_sub(elapsed_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_padded_to_the_floor() {
        assert_eq!(refusal_delay_ms(0), REFUSAL_FLOOR_MS);
        assert_eq!(refusal_delay_ms(100), REFUSAL_FLOOR_MS - 100);
        assert_eq!(refusal_delay_ms(REFUSAL_FLOOR_MS + 50), 0);
    }
}
