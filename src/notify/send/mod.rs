//! Sending with retries (feature `notify-send`): refused connections, timeouts, 5xx and 429
//! answers are tried again after a wait that doubles, until the target's `max_time` is spent;
//! any other 4xx is reported at once (the request itself is wrong: sending it again would
//! not help). Messages never contain a secret URL: it is replaced by its `$NAME`.

use std::time::{Duration, Instant};

use super::config::Retry;
#[cfg(feature = "notify-send")]
use super::targets::AnswerRule;
use super::targets::HttpRequest;

/// How one delivery ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
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
    pub fn is_delivered(&self) -> bool {
        matches!(self, Outcome::Delivered { .. })
    }
}

/// What one attempt came to.
#[derive(Debug)]
pub enum Attempt {
    Done,
    Permanent(String),
    Transient(String),
}

/// Calls `attempt` until it is done, fails for good, or `retry.max_time` is spent.
pub fn with_retries(retry: &Retry, mut attempt: impl FnMut() -> Attempt) -> Outcome {
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

/// Posts `req`, with retries.
#[cfg(feature = "notify-send")]
pub fn post(req: &HttpRequest, retry: &Retry) -> Outcome {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(retry.timeout))
        .http_status_as_error(false)
        .user_agent(concat!("Bulletin/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    with_retries(retry, || {
        let mut call = agent
            .post(&req.url.value)
            .header("Content-Type", req.content_type);
        for (k, v) in &req.headers {
            call = call.header(k, v);
        }
        match call.send(req.body.as_bytes()) {
            Ok(mut resp) => match (classify(resp.status().as_u16()), req.answer) {
                (Attempt::Done, AnswerRule::ErrorCode) => {
                    let body = resp
                        .body_mut()
                        .with_config()
                        .limit(64 * 1024)
                        .read_to_string();
                    robot_answer(&body.unwrap_or_default())
                }
                (attempt, _) => attempt,
            },
            Err(e) => Attempt::Transient(redact(&e.to_string(), req)),
        }
    })
}

/// Without the feature, nothing can be sent.
#[cfg(not(feature = "notify-send"))]
pub fn post(_req: &HttpRequest, _retry: &Retry) -> Outcome {
    Outcome::Rejected {
        attempts: 0,
        reason: "this bulletin was built without the `notify-send` feature".into(),
    }
}

/// An HTTP status as an attempt's result.
pub fn classify(status: u16) -> Attempt {
    match status {
        200..=299 => Attempt::Done,
        429 | 500..=599 => Attempt::Transient(format!("HTTP {status}")),
        _ => Attempt::Permanent(format!("HTTP {status}")),
    }
}

/// A robot's answer: `errcode` / `code` 0 is success; its rate limits are worth a retry
/// (DingTalk 130101, WeCom 45009, Feishu 9499 and 11232), anything else is not.
pub fn robot_answer(body: &str) -> Attempt {
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let code = v
        .get("errcode")
        .or_else(|| v.get("code"))
        .and_then(serde_json::Value::as_i64);
    let message = v
        .get("errmsg")
        .or_else(|| v.get("msg"))
        .and_then(|m| m.as_str())
        .unwrap_or("");
    match code {
        Some(0) => Attempt::Done,
        Some(c @ (130101 | 45009 | 9499 | 11232)) => {
            Attempt::Transient(format!("rate limited ({c} {message})"))
        }
        Some(c) => Attempt::Permanent(format!("the robot refused it: {c} {message}")),
        None => Attempt::Permanent(format!(
            "not a robot's answer: {}",
            body.chars().take(200).collect::<String>()
        )),
    }
}

/// `text` without the request's URL (which may be a secret), nor its host and path.
#[cfg(feature = "notify-send")]
fn redact(text: &str, req: &HttpRequest) -> String {
    let mut out = text.replace(&req.url.value, &req.url.shown);
    if req.url.value != req.url.shown
        && let Ok(u) = url::Url::parse(&req.url.value)
    {
        out = out.replace(u.path(), "/…");
        if let Some(q) = u.query() {
            out = out.replace(q, "…");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn retry(max_ms: u64) -> Retry {
        Retry {
            max_time: Duration::from_millis(max_ms),
            timeout: Duration::from_millis(1),
            first_wait: Duration::from_millis(1),
        }
    }

    #[cfg(feature = "notify-send")]
    #[test]
    fn errors_never_carry_a_secret_url() {
        let req = HttpRequest {
            url: crate::notify::config::Secret {
                value: "https://hooks.test/services/T0/SECRET?token=abc".into(),
                shown: "$SLACK_URL".into(),
            },
            content_type: "application/json",
            headers: Vec::new(),
            body: String::new(),
            answer: AnswerRule::Status,
        };
        let text = redact(
            "GET https://hooks.test/services/T0/SECRET?token=abc: refused; path /services/T0/SECRET, query token=abc",
            &req,
        );
        assert!(!text.contains("SECRET") && !text.contains("abc"), "{text}");
        assert!(text.contains("$SLACK_URL"), "{text}");
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
