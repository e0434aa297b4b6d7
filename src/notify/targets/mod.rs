//! Each target format, one module each: what one message becomes for that target (a signed
//! HTTP request or a mail). Building a request sends nothing, so `--dry-run` prints exactly
//! what delivery would send, and the formats need no network code (`delivery`, `smtp`).

mod dingtalk;
mod discord;
mod email;
mod feishu;
mod slack;
mod teams;
mod webhook;
mod wecom;

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

use super::config::{Format, Secret, Target};
use super::message::Message;
use super::subscribers::Subscriber;
use crate::config::Config;
use crate::derive::Derived;
pub use email::Mail;

/// One HTTP POST, ready to send.
#[derive(Debug, Clone)]
pub struct HttpRequest {
    pub url: Secret,
    pub content_type: &'static str,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// How a 2xx answer says whether it worked.
    pub answer: AnswerRule,
}

/// How to read a 2xx answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerRule {
    /// The status says it all.
    Status,
    /// Feishu, WeCom and DingTalk robots answer 200 and put the result in the body:
    /// `{"errcode": 0}` (WeCom, DingTalk) or `{"code": 0}` (Feishu).
    ErrorCode,
}

/// What one delivery sends.
#[derive(Debug, Clone)]
pub enum Outgoing {
    Http(HttpRequest),
    Mail(Mail),
}

/// What a format needs besides the message: the site, the target, the delivery's key and
/// the time of sending (signatures include it).
pub struct Context<'a> {
    pub config: &'a Config,
    pub site: &'a Derived,
    pub event: &'a crate::events::Event,
    pub target: &'a Target,
    /// The same for every attempt and rerun of one event to one target.
    pub idempotency_key: &'a str,
    pub now_ms: i64,
}

/// The delivery of `msg` to `ctx.target` (for email: to `recipient`). `None` for WebSub,
/// which pings its hub once per run rather than once per event.
pub fn render(ctx: &Context, msg: &Message, recipient: Option<&Subscriber>) -> Option<Outgoing> {
    let json = |body: serde_json::Value| {
        ctx.target
            .url
            .clone()
            .map(|url| http(url, body, ctx.idempotency_key))
    };
    match ctx.target.format {
        Format::Webhook => webhook::request(ctx, msg).map(Outgoing::Http),
        Format::Slack => json(slack::body(msg)).map(Outgoing::Http),
        Format::Discord => json(discord::body(msg)).map(Outgoing::Http),
        Format::Teams => json(teams::body(msg)).map(Outgoing::Http),
        Format::Feishu => json(feishu::body(msg, ctx)).map(robot),
        Format::Wecom => json(wecom::body(msg)).map(robot),
        Format::Dingtalk => dingtalk::request(ctx, msg).map(robot),
        Format::Email => recipient.map(|to| Outgoing::Mail(email::mail(ctx, msg, to))),
        Format::Websub => None,
    }
}

/// A request to a robot that answers in its body.
fn robot(mut req: HttpRequest) -> Outgoing {
    req.answer = AnswerRule::ErrorCode;
    Outgoing::Http(req)
}

/// A JSON POST with the idempotency key.
fn http(url: Secret, body: impl Serialize, key: &str) -> HttpRequest {
    HttpRequest {
        url,
        content_type: "application/json",
        headers: vec![("Idempotency-Key".into(), key.into())],
        body: serde_json::to_string(&body).unwrap_or_default(),
        answer: AnswerRule::Status,
    }
}

/// HMAC-SHA256 of `message` with `key`.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
