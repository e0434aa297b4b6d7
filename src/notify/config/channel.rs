//! The resolved settings ([`NotifyConfig`]) and what a target is: its name and filters, and one [`Channel`] holding exactly what
//! its kind of destination needs (a webhook its URL and optional signing key, an email target
//! its SMTP server and subscribers, a WebSub target its hub), so no target can carry a field
//! that means nothing for it.

use std::time::Duration;

use jiff::SignedDuration;
use serde::Deserialize;

use crate::config::ComponentRef;
use crate::events::Category;
use crate::notify::subscribers::Subscriber;

/// The file's name, at the site root.
pub(crate) const FILE: &str = "notify.yaml";

/// The delivery settings.
#[derive(Debug, Clone)]
pub(crate) struct NotifyConfig {
    /// Nothing older is ever sent (default one day, at most 30 days).
    pub max_age: SignedDuration,
    /// How long before a maintenance window its reminder goes out (0: no reminder).
    pub remind_before: SignedDuration,
    pub retry: Retry,
    pub targets: Vec<Target>,
}

/// How hard a delivery is tried.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Retry {
    /// All attempts of one delivery end within this time.
    pub max_time: Duration,
    /// One attempt (connect, send, answer) ends within this time.
    pub timeout: Duration,
    /// The wait before the second attempt; it doubles after each failure.
    pub first_wait: Duration,
}

/// What a missing environment variable is: an error where something is about to be sent, a
/// warning for `bulletin check` (pull requests run without the secrets) and `--dry-run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EnvPolicy {
    Required,
    Warn,
}

/// The `type:` words of notify.yaml, the message formats Bulletin speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Webhook,
    Chat(ChatKind),
    Email,
    WebSub,
}

/// The chat services: a URL (a secret), maybe a signing key, and a JSON shape each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChatKind {
    Slack,
    Discord,
    Teams,
    Feishu,
    Wecom,
    Dingtalk,
}

impl Format {
    /// The words `type:` takes, in the order of [`Format::ALL`].
    pub(crate) const WORDS: [&'static str; 9] = [
        "webhook", "slack", "discord", "teams", "feishu", "wecom", "dingtalk", "email", "websub",
    ];
    const ALL: [Format; 9] = [
        Format::Webhook,
        Format::Chat(ChatKind::Slack),
        Format::Chat(ChatKind::Discord),
        Format::Chat(ChatKind::Teams),
        Format::Chat(ChatKind::Feishu),
        Format::Chat(ChatKind::Wecom),
        Format::Chat(ChatKind::Dingtalk),
        Format::Email,
        Format::WebSub,
    ];

    /// Reads a `type:` word.
    pub(crate) fn parse(word: &str) -> Option<Format> {
        let i = Self::WORDS.iter().position(|w| *w == word.trim())?;
        Some(Self::ALL[i])
    }

    pub(crate) fn as_str(self) -> &'static str {
        Self::WORDS[Self::ALL.iter().position(|f| *f == self).unwrap_or(0)]
    }
}

/// A value that may be a secret: what it is, and how to show it (`$NAME` for a secret).
#[derive(Clone)]
pub(crate) struct Secret {
    pub value: String,
    pub shown: String,
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the value: a debug print must not leak it.
        f.write_str(&self.shown)
    }
}

/// One configured target.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// Unique; the delivery record is kept under it.
    pub name: String,
    /// Only events of incidents touching one of these (empty: all).
    pub components: Vec<ComponentRef>,
    /// Only these kinds (empty: all).
    pub kinds: Vec<Category>,
    pub channel: Channel,
    /// The language of its messages (`language:`; the site's default when not written): the
    /// incident's words, the UI words and the links of that language's tree.
    pub language: String,
    /// The environment variables it names that are not set: a dry run lists it as skipped
    /// with their names (a real run refuses to start).
    pub unset: Vec<String>,
}

/// Where a target's messages go, and what it takes to send them there.
#[derive(Debug, Clone)]
pub(crate) enum Channel {
    /// A generic webhook; with a secret, the body is signed.
    Webhook {
        url: Secret,
        secret: Option<Secret>,
    },
    /// A chat robot (Feishu and DingTalk sign with the secret; the others ignore it).
    Chat {
        kind: ChatKind,
        url: Secret,
        secret: Option<Secret>,
    },
    Email(Email),
    /// A WebSub hub, told which feeds changed.
    WebSub {
        hub: Secret,
    },
    /// The environment variable holding its URL is unset: allowed only where nothing is
    /// sent (`bulletin check`, `--dry-run`, which warn about it); nothing is shown for it.
    Unset,
}

/// SMTP settings and the list of subscribers.
#[derive(Debug, Clone)]
pub(crate) struct Email {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: Option<Secret>,
    pub password: Option<Secret>,
    pub from: String,
    /// The addresses of the subscriber list, each with its line.
    pub subscribers: Vec<Subscriber>,
    /// How the list is named in reports: `$NAME`, the variable holding its (secret) path.
    pub list: String,
    /// `{email}` is replaced by the subscriber's address, percent-encoded.
    pub unsubscribe_url: Option<String>,
}

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Security {
    Starttls,
    Tls,
    /// Plain text: only for a relay on the same machine (and tests).
    None,
}

impl Security {
    /// The port used when none is given.
    pub(crate) fn default_port(self) -> u16 {
        match self {
            Security::Tls => 465,
            Security::Starttls => 587,
            Security::None => 25,
        }
    }
}
