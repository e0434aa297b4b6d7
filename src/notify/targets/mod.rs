//! Each target format, one module each: what one message becomes for that target (a signed
//! HTTP request or a mail), and what a WebSub hub is told. Building a request sends nothing,
//! so `--dry-run` prints exactly what delivery would send, and the formats need no network
//! code (`send/`). [`batches`] is the one entry: what a destination is sent for its new
//! events, every channel alike.

mod dingtalk;
mod discord;
mod email;
mod feishu;
mod slack;
mod teams;
mod webhook;
mod websub;
mod wecom;

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

use super::config::{Channel, ChatKind, Secret, Target};
use super::diff::Novelty;
use super::message;
use super::subscribers::Subscriber;
use crate::config::Config;
use crate::derive::{Derived, Past};
use crate::events::Event;
use crate::ids::{content_hash, hash_text};
pub(crate) use email::Mail;

/// One HTTP POST, ready to send.
#[derive(Debug, Clone)]
pub(crate) struct HttpRequest {
    pub url: Secret,
    pub content_type: &'static str,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// How a 2xx answer says whether it worked.
    pub answer: AnswerRule,
}

/// How to read a 2xx answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AnswerRule {
    /// The status says it all.
    Status,
    /// Feishu, WeCom and DingTalk robots answer 200 and put the result in the body:
    /// `{"errcode": 0}` (WeCom, DingTalk) or `{"code": 0}` (Feishu).
    ErrorCode,
}

/// What one delivery sends.
#[derive(Debug, Clone)]
pub(crate) enum Outgoing {
    Http(HttpRequest),
    Mail(Mail),
}

/// What one line of a run's report is about: one event for one destination, or one feed a
/// WebSub hub is told of (a ping stands for every event that changed the feed, so it has no
/// event or novelty).
#[derive(Debug, Clone)]
pub(crate) enum About<'a> {
    Event { id: &'a str, novelty: Novelty },
    Feed(String),
}

/// One delivery: what it is about and what it sends.
#[derive(Debug)]
pub(crate) struct Parcel<'a> {
    pub about: About<'a>,
    pub outgoing: Outgoing,
}

/// Deliveries that stand or fall together: `events` are recorded as delivered once every
/// parcel is; the first batch that fails ends its destination's run.
#[derive(Debug)]
pub(crate) struct Batch<'a> {
    pub events: Vec<&'a Event>,
    pub parcels: Vec<Parcel<'a>>,
    pub stands_for: StandsFor,
}

/// What a batch's parcels stand for, which decides how its outcome is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StandsFor {
    /// Its one event: recorded before "sent" is printed, so a printed line is a recorded
    /// delivery; a failure counts its destination among those with events waiting.
    Event,
    /// The feeds its events changed (WebSub): each ping is printed as it goes, the events
    /// recorded after the last; a failure is not counted as events waiting.
    Feeds,
}

/// Where a destination's deliveries go: a target, or one subscriber of an email target;
/// `key` is its delivery record's name.
pub(crate) struct Destination<'a> {
    pub key: String,
    pub target: &'a Target,
    pub recipient: Option<&'a Subscriber>,
}

/// The site the messages speak of.
#[derive(Clone, Copy)]
pub(crate) struct Site<'a> {
    pub config: &'a Config,
    pub site: &'a Derived,
    /// The site at the events' times: what their messages state.
    pub past: &'a Past<'a>,
    /// The words of the target's language.
    pub strings: &'a crate::i18n::Strings,
}

/// What `dest` is sent for `events`, in order: a batch per event (a WebSub hub: one for
/// them all, a ping per changed feed). Each is made when it is asked for, so a signature's
/// time is the time of sending.
pub(crate) fn batches<'a: 'b, 'b>(
    site: Site<'a>,
    dest: &'b Destination,
    events: &'b [(&'a Event, Novelty)],
) -> Box<dyn Iterator<Item = Batch<'a>> + 'b> {
    if let Channel::WebSub { hub } = &dest.target.channel {
        return Box::new(websub::batch(site, hub, events).into_iter());
    }
    let each = events.iter().filter_map(move |&(event, novelty)| {
        let outgoing = render(site, dest, event, novelty)?;
        Some(Batch {
            events: vec![event],
            parcels: vec![Parcel {
                about: About::Event {
                    id: &event.id,
                    novelty,
                },
                outgoing,
            }],
            stands_for: StandsFor::Event,
        })
    });
    Box::new(each)
}

/// What a format needs besides the message: the site, the event, the delivery's key, the
/// signing key and the time of sending (signatures include it).
pub(crate) struct Context<'a> {
    pub config: &'a Config,
    pub site: &'a Derived,
    pub event: &'a Event,
    /// The same for every attempt and rerun of one event to one target.
    pub idempotency_key: &'a str,
    /// The target's signing key, when it has one.
    pub secret: Option<&'a Secret>,
    pub now_ms: i64,
}

/// The delivery of `event` to `dest`; `None` when there is nothing to send it to.
fn render(site: Site, dest: &Destination, event: &Event, novelty: Novelty) -> Option<Outgoing> {
    let key = format!(
        "bulletin-{}",
        hash_text(content_hash(&[
            &dest.key,
            &event.id,
            &hash_text(event.hash)
        ]))
    );
    let msg = message::compose(
        site.config,
        site.strings,
        site.site,
        site.past,
        event,
        novelty == Novelty::Correction,
    );
    let ctx = Context {
        config: site.config,
        site: site.site,
        event,
        idempotency_key: &key,
        secret: match &dest.target.channel {
            Channel::Webhook { secret, .. } | Channel::Chat { secret, .. } => secret.as_ref(),
            _ => None,
        },
        now_ms: jiff::Timestamp::now().as_millisecond(),
    };
    let json = |url: &Secret, body: serde_json::Value| http(url.clone(), body, &key);
    Some(match &dest.target.channel {
        Channel::Webhook { url, .. } => Outgoing::Http(webhook::request(&ctx, &msg, url)),
        Channel::Chat { kind, url, .. } => match kind {
            ChatKind::Slack => Outgoing::Http(json(url, slack::body(&msg))),
            ChatKind::Discord => Outgoing::Http(json(url, discord::body(&msg))),
            ChatKind::Teams => Outgoing::Http(json(url, teams::body(&msg))),
            ChatKind::Feishu => robot(json(url, feishu::body(&msg, &ctx))),
            ChatKind::Wecom => robot(json(url, wecom::body(&msg))),
            ChatKind::Dingtalk => robot(dingtalk::request(&ctx, &msg, url)),
        },
        Channel::Email(email) => Outgoing::Mail(email::mail(&ctx, &msg, email, dest.recipient?)),
        Channel::WebSub { .. } | Channel::Unset => return None,
    })
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
pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Standard base64 with padding.
pub(crate) fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
