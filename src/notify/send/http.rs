//! HTTP POSTs (webhooks, chat robots, WebSub pings) with retries, and the one GET notify
//! makes (the previous site's manifest), through the program's one HTTP client
//! ([`crate::http_client`]). Messages never contain a secret URL: it is replaced by its
//! `$NAME`.

#[cfg(feature = "notify-send")]
use std::time::Duration;

#[cfg(feature = "notify-send")]
use super::with_retries;
use super::{Attempt, Outcome};
use crate::notify::config::Retry;
#[cfg(feature = "notify-send")]
use crate::notify::targets::AnswerRule;
use crate::notify::targets::HttpRequest;

/// Posts `req`, with retries.
#[cfg(feature = "notify-send")]
pub(crate) fn post(req: &HttpRequest, retry: &Retry) -> Outcome {
    let agent = crate::http_client::agent(retry.timeout);
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
pub(crate) fn post(_req: &HttpRequest, _retry: &Retry) -> Outcome {
    Outcome::Rejected {
        attempts: 0,
        reason: "this bulletin was built without the `notify-send` feature".into(),
    }
}

/// The text at `url`; `None` for a 404 (nothing published yet).
#[cfg(feature = "notify-send")]
pub(crate) fn get(url: &str) -> Result<Option<String>, String> {
    let agent = crate::http_client::agent(Duration::from_secs(30));
    let mut resp = agent
        .get(url)
        .call()
        .map_err(|e| format!("cannot fetch {url}: {e}"))?;
    match resp.status().as_u16() {
        200 => resp
            .body_mut()
            .read_to_string()
            .map(Some)
            .map_err(|e| format!("cannot read {url}: {e}")),
        404 => Ok(None),
        s => Err(format!(
            "cannot fetch {url}: HTTP {s}; rerun when the site answers"
        )),
    }
}

#[cfg(not(feature = "notify-send"))]
pub(crate) fn get(url: &str) -> Result<Option<String>, String> {
    Err(format!(
        "cannot fetch {url}: built without the `notify-send` feature; pass a folder"
    ))
}

/// An HTTP status as an attempt's result.
pub(crate) fn classify(status: u16) -> Attempt {
    match status {
        200..=299 => Attempt::Done,
        429 | 500..=599 => Attempt::Transient(format!("HTTP {status}")),
        _ => Attempt::Permanent(format!("HTTP {status}")),
    }
}

/// A robot's answer: `errcode` / `code` 0 is success; its rate limits are worth a retry
/// (DingTalk 130101, WeCom 45009, Feishu 9499 and 11232), anything else is not.
pub(crate) fn robot_answer(body: &str) -> Attempt {
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
}
