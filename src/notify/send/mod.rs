//! Sending (feature `notify-send`), one sender per protocol: `http` (webhooks, chat robots,
//! WebSub pings) and `smtp` (mail). Both retry the same way, here: a failure that may pass
//! (a refused connection, a timeout, an HTTP 5xx or 429, an SMTP 4xx) is tried again after a
//! wait that doubles, until the target's `max_time` is spent; any other is reported at once
//! (the request itself is wrong: sending it again would not help).

pub(crate) mod http;
pub(crate) mod smtp;

use std::time::{Duration, Instant};

use super::config::Retry;

/// How one delivery ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    Delivered {
        attempts: u32,
    },
    /// Refused for good (a 4xx, a permanent SMTP error): not retried.
    Rejected {
        attempts: u32,
        reason: String,
    },
    /// Still failing when the time was up.
    GaveUp {
        attempts: u32,
        reason: String,
    },
}

impl Outcome {
    pub(crate) fn is_delivered(&self) -> bool {
        matches!(self, Outcome::Delivered { .. })
    }
}

/// What one attempt came to.
#[derive(Debug)]
pub(crate) enum Attempt {
    Done,
    Permanent(String),
    Transient(String),
}

/// Calls `attempt` until it is done, fails for good, or `retry.max_time` is spent.
pub(crate) fn with_retries(retry: &Retry, mut attempt: impl FnMut() -> Attempt) -> Outcome {
    let started = Instant::now();
    let mut wait = retry.first_wait;
    let mut attempts = 0;
    loop {
        attempts += 1;
        let reason = match attempt() {
            Attempt::Done => return Outcome::Delivered { attempts },
            Attempt::Permanent(reason) => return Outcome::Rejected { attempts, reason },
            Attempt::Transient(reason) => reason,
        };
        // One more attempt only if it can still end within the time (its timeout included).
        let left = retry.max_time.saturating_sub(started.elapsed());
        if wait + retry.timeout > left {
            return Outcome::GaveUp { attempts, reason };
        }
        std::thread::sleep(wait);
        wait = wait.saturating_mul(2).max(Duration::from_millis(1));
    }
}

#[cfg(test)]
mod tests {
    use super::http::classify;
    use super::*;

    fn retry(max_ms: u64) -> Retry {
        Retry {
            max_time: Duration::from_millis(max_ms),
            timeout: Duration::from_millis(1),
            first_wait: Duration::from_millis(1),
        }
    }

    #[test]
    fn transient_failures_are_retried_within_the_time() {
        let mut n = 0;
        let out = with_retries(&retry(2000), || {
            n += 1;
            if n < 3 {
                Attempt::Transient("HTTP 503".into())
            } else {
                Attempt::Done
            }
        });
        assert_eq!(out, Outcome::Delivered { attempts: 3 });
    }

    #[test]
    fn a_4xx_is_not_retried() {
        let mut n = 0;
        let out = with_retries(&retry(2000), || {
            n += 1;
            classify(404)
        });
        assert_eq!(n, 1);
        assert!(matches!(out, Outcome::Rejected { attempts: 1, .. }));
        assert!(matches!(classify(429), Attempt::Transient(_)));
    }

    #[test]
    fn retries_stop_when_the_time_is_spent() {
        let mut n = 0;
        let out = with_retries(&retry(20), || {
            n += 1;
            Attempt::Transient("refused".into())
        });
        assert!(matches!(out, Outcome::GaveUp { .. }));
        // Waits of 1, 2, 4, 8 ms fit in 20 ms with 1 ms attempts; 16 more do not.
        assert!((2..=6).contains(&n), "{n} attempts");
    }
}
