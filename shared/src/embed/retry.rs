//! When to try an embeddings request again, as a pure function of the
//! attempt number, the error and caller-supplied randomness.
//!
//! Exponential backoff with "equal jitter" (half the delay fixed, half
//! random) so that the batches of several concurrent ingestions do not retry
//! in lockstep; a server's `Retry-After` is honoured as a lower bound. A
//! Worker has a bounded wall time, so a server asking for a longer wait than
//! [`RetryPolicy::max_retry_after_ms`] ends the retries instead of sleeping
//! through the request's budget.

use super::EmbedError;

/// Retry policy for embeddings requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total, the first included.
    pub max_attempts: u32,
    /// Delay before the second attempt (before jitter).
    pub base_delay_ms: u64,
    /// Cap of the computed backoff.
    pub max_delay_ms: u64,
    /// Longest server-requested wait that is still honoured.
    pub max_retry_after_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay_ms: 500,
            max_delay_ms: 8_000,
            max_retry_after_ms: 20_000,
        }
    }
}

impl RetryPolicy {
    /// Milliseconds to wait before the next attempt after `attempts_made`
    /// attempts (1 after the first failure) ended in `error`, or `None` to
    /// give up. `jitter` is a fresh random number from the caller.
    pub fn next_delay_ms(
        &self,
        attempts_made: u32,
        error: &EmbedError,
        jitter: u64,
    ) -> Option<u64> {
        if attempts_made == 0 || attempts_made >= self.max_attempts || !error.is_retryable() {
            return None;
        }
        let backoff = self.backoff_ms(attempts_made, jitter);
        match error.retry_after_ms() {
            Some(wait) if wait > self.max_retry_after_ms => None,
            Some(wait) => Some(wait.max(backoff.min(self.max_retry_after_ms))),
            None => Some(backoff),
        }
    }

    /// `base * 2^(attempts_made - 1)`, capped, with equal jitter.
    pub fn backoff_ms(&self, attempts_made: u32, jitter: u64) -> u64 {
        let exp = attempts_made.saturating_sub(1).min(32);
        let full = self
            .base_delay_ms
            .saturating_mul(1u64 << exp)
            .min(self.max_delay_ms);
        let half = full / 2;
        half + jitter % (full - half + 1)
    }
}

/// The wait a server asked for, in milliseconds: Azure's `retry-after-ms`
/// first (finer), else `Retry-After` as delay-seconds or as an HTTP date
/// (IMF-fixdate) relative to `now_unix_s`. `None` when absent or unreadable.
pub fn parse_retry_after(
    retry_after: Option<&str>,
    retry_after_ms: Option<&str>,
    now_unix_s: u64,
) -> Option<u64> {
    if let Some(ms) = retry_after_ms.and_then(|v| v.trim().parse::<u64>().ok()) {
        return Some(ms);
    }
    let value = retry_after?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(secs.saturating_mul(1000));
    }
    if let Ok(secs) = value.parse::<f64>()
        && secs.is_finite()
        && secs >= 0.0
    {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "finite, non-negative, and saturating in the cast"
        )]
        return Some((secs * 1000.0).ceil() as u64);
    }
    let at = parse_imf_fixdate(value)?;
    Some(at.saturating_sub(now_unix_s).saturating_mul(1000))
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` → Unix seconds.
fn parse_imf_fixdate(s: &str) -> Option<u64> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_day, dd, mon, yyyy, hms, "GMT"] = parts.as_slice() else {
        return None;
    };
    let day: u64 = dd.parse().ok()?;
    let month = 1 + [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| m == mon)? as u64;
    let year: u64 = yyyy.parse().ok()?;
    let mut t = hms.split(':');
    let h: u64 = t.next()?.parse().ok()?;
    let m: u64 = t.next()?.parse().ok()?;
    let sec: u64 = t.next()?.parse().ok()?;
    if t.next().is_some() || !(1..=31).contains(&day) || year < 1970 || h > 23 || m > 59 || sec > 60
    {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm), for years >= 1970.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    Some(days * 86_400 + h * 3600 + m * 60 + sec)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server_error() -> EmbedError {
        EmbedError::Upstream {
            status: 503,
            code: None,
            message: None,
            retry_after_ms: None,
        }
    }

    #[test]
    fn backoff_grows_and_caps() {
        let p = RetryPolicy::default();
        // Jitter 0 gives the fixed half; u64::MAX % (span + 1) lies within.
        assert_eq!(p.next_delay_ms(1, &server_error(), 0), Some(250));
        assert_eq!(p.next_delay_ms(2, &server_error(), 0), Some(500));
        assert_eq!(p.next_delay_ms(3, &server_error(), 0), Some(1000));
        assert_eq!(p.next_delay_ms(4, &server_error(), 0), None);
        let long = RetryPolicy {
            max_attempts: 100,
            ..p
        };
        for attempt in 1..100 {
            for jitter in [0, 1, 7, u64::MAX] {
                let d = long
                    .next_delay_ms(attempt, &server_error(), jitter)
                    .unwrap();
                assert!(d <= long.max_delay_ms, "attempt {attempt}: {d}");
            }
        }
        assert_eq!(long.next_delay_ms(60, &server_error(), 0), Some(4000));
    }

    #[test]
    fn honours_retry_after_within_the_cap() {
        let p = RetryPolicy::default();
        let limited = |ms| EmbedError::RateLimited {
            retry_after_ms: Some(ms),
        };
        assert_eq!(p.next_delay_ms(1, &limited(3_000), 0), Some(3_000));
        // A shorter Retry-After than the backoff keeps the backoff.
        assert_eq!(p.next_delay_ms(3, &limited(10), 0), Some(1_000));
        assert_eq!(p.next_delay_ms(1, &limited(60_000), 0), None);
        assert_eq!(
            p.next_delay_ms(
                1,
                &EmbedError::RateLimited {
                    retry_after_ms: None
                },
                0
            ),
            Some(250)
        );
    }

    #[test]
    fn client_errors_are_not_retried() {
        let p = RetryPolicy::default();
        let bad = EmbedError::Upstream {
            status: 401,
            code: None,
            message: None,
            retry_after_ms: None,
        };
        assert_eq!(p.next_delay_ms(1, &bad, 0), None);
        assert_eq!(p.next_delay_ms(1, &EmbedError::BadVector, 0), None);
        assert_eq!(p.next_delay_ms(0, &server_error(), 0), None);
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after(Some("7"), None, 0), Some(7_000));
        assert_eq!(parse_retry_after(Some("7"), Some("1234"), 0), Some(1_234));
        assert_eq!(parse_retry_after(Some("0.5"), None, 0), Some(500));
        assert_eq!(parse_retry_after(Some("soon"), None, 0), None);
        assert_eq!(parse_retry_after(None, None, 0), None);
        // 784111777 is 1994-11-06T08:49:37Z (RFC 9110's example date).
        assert_eq!(
            parse_retry_after(Some("Sun, 06 Nov 1994 08:49:37 GMT"), None, 784_111_770),
            Some(7_000)
        );
        assert_eq!(
            parse_retry_after(Some("Sun, 06 Nov 1994 08:49:37 GMT"), None, 900_000_000),
            Some(0)
        );
        assert_eq!(
            parse_retry_after(Some("Sun, 06 Foo 1994 08:49:37 GMT"), None, 0),
            None
        );
    }
}
