//! `notify.yaml`, the delivery targets: read from the site root and never copied into the
//! site (`build` copies only `static/` and the theme). Secrets (webhook URLs, signing keys,
//! SMTP passwords, the subscriber list's path) are only ever named here by the environment
//! variable that holds them. Every problem is a diagnostic with file and line, reported by
//! `bulletin check` and by `bulletin notify` before anything is sent.

use std::path::Path;
use std::time::Duration;

use jiff::SignedDuration;
use serde::Deserialize;

use super::events::{Category, HORIZON};
use super::subscribers::Subscriber;
use super::target_config;
use crate::config::{ComponentRef, Config};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::yaml::{YamlText, yaml_error};

/// The file's name, at the site root.
pub const FILE: &str = "notify.yaml";

/// The delivery settings.
#[derive(Debug, Clone)]
pub struct NotifyConfig {
    /// Nothing older is ever sent (default one day, at most 30 days).
    pub max_age: SignedDuration,
    /// How long before a maintenance window its reminder goes out (0: no reminder).
    pub remind_before: SignedDuration,
    pub retry: Retry,
    pub targets: Vec<Target>,
}

/// How hard a delivery is tried.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// All attempts of one delivery end within this time.
    pub max_time: Duration,
    /// One attempt (connect, send, answer) ends within this time.
    pub timeout: Duration,
    /// The wait before the second attempt; it doubles after each failure.
    pub first_wait: Duration,
}

/// The message formats Bulletin speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Webhook,
    Slack,
    Discord,
    Teams,
    Feishu,
    Wecom,
    Dingtalk,
    Email,
    Websub,
}

impl Format {
    /// The words `type:` takes, in the order of [`Format::ALL`].
    pub const WORDS: [&'static str; 9] = [
        "webhook", "slack", "discord", "teams", "feishu", "wecom", "dingtalk", "email", "websub",
    ];
    const ALL: [Format; 9] = [
        Format::Webhook,
        Format::Slack,
        Format::Discord,
        Format::Teams,
        Format::Feishu,
        Format::Wecom,
        Format::Dingtalk,
        Format::Email,
        Format::Websub,
    ];

    /// Reads a `type:` word.
    pub fn parse(word: &str) -> Option<Format> {
        let i = Self::WORDS.iter().position(|w| *w == word.trim())?;
        Some(Self::ALL[i])
    }

    pub fn as_str(self) -> &'static str {
        Self::WORDS[Self::ALL.iter().position(|f| *f == self).unwrap_or(0)]
    }
}

/// A value that may be a secret: what it is, and how to show it (`$NAME` for a secret).
#[derive(Clone)]
pub struct Secret {
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
pub struct Target {
    /// Unique; the delivery record is kept under it.
    pub name: String,
    pub format: Format,
    /// Where to send (for email: unused).
    pub url: Option<Secret>,
    /// The signing key (webhook, DingTalk, Feishu).
    pub secret: Option<Secret>,
    /// Only events of incidents touching one of these (empty: all).
    pub components: Vec<ComponentRef>,
    /// Only these kinds (empty: all).
    pub kinds: Vec<Category>,
    pub email: Option<Email>,
}

/// SMTP settings and the list of subscribers.
#[derive(Debug, Clone)]
pub struct Email {
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
pub enum Security {
    Starttls,
    Tls,
    /// Plain text: only for a relay on the same machine (and tests).
    None,
}

/// What a missing environment variable is: an error where something is about to be sent, a
/// warning for `bulletin check` (pull requests run without the secrets) and `--dry-run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvPolicy {
    Required,
    Warn,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    max_age: Option<String>,
    remind_before: Option<String>,
    retry: Option<RawRetry>,
    #[serde(default)]
    targets: Vec<serde_yaml::Value>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRetry {
    max_time: Option<String>,
    timeout: Option<String>,
    first_wait: Option<String>,
}

/// Reads `<root>/notify.yaml`: `Ok(None)` when there is none.
pub fn load(
    root: &Path,
    site: &Config,
    env: EnvPolicy,
) -> Result<(Option<NotifyConfig>, Diagnostics), Diagnostics> {
    let text = match crate::yaml::read_capped(&root.join(FILE)) {
        Ok(Some(bytes)) => String::from_utf8(bytes).map_err(|_| {
            let d = Diagnostic::error(Code::NotUtf8, FILE, format!("{FILE} is not valid UTF-8"))
                .hint("save the file as UTF-8");
            Diagnostics::from(vec![d])
        })?,
        Ok(None) => {
            let d = Diagnostic::error(
                Code::FileTooLarge,
                FILE,
                format!("{FILE} is over the 4 MiB limit"),
            )
            .hint("notify.yaml holds delivery targets: a few KB; check it is the file you meant");
            return Err(vec![d].into());
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((None, Diagnostics::default()));
        }
        Err(e) => {
            let d = Diagnostic::access(
                Code::NotifyUnreadable,
                FILE,
                format!("cannot read {FILE}: {e}"),
            );
            return Err(vec![d].into());
        }
    };
    let (config, problems) = parse(&text, site, env);
    if problems.has_errors() {
        return Err(problems);
    }
    Ok((config, problems))
}

/// Reads notify.yaml's text; every problem is reported.
pub fn parse(text: &str, site: &Config, env: EnvPolicy) -> (Option<NotifyConfig>, Diagnostics) {
    let file = Path::new(FILE);
    let mut problems = Vec::new();
    if let Err(d) = crate::yaml::check_nesting(file, text, 0) {
        return (None, vec![d].into());
    }
    let raw: RawFile = match serde_yaml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            problems.push(
                yaml_error(file, &e, text, 0)
                    .hint(format!("see docs/notify.md for what {FILE} holds")),
            );
            return (None, problems.into());
        }
    };
    let yaml = YamlText {
        file,
        text,
        line_offset: 0,
    };
    let (max_age, remind_before, retry) = durations(&raw, &yaml, &mut problems);
    if max_age > HORIZON {
        problems.push(
            Diagnostic::error(Code::NotifyMaxAge, file, "`max_age` is longer than 30 days")
                .span(yaml.key_span("max_age"))
                .hint("the site's manifest keeps 30 days of events; write 30d or less"),
        );
    }
    let targets = target_config::read_all(&raw.targets, &yaml, site, env, &mut problems);
    let config = NotifyConfig {
        max_age,
        remind_before,
        retry,
        targets,
    };
    (Some(config), problems.into())
}

/// `max_age`, `remind_before` and `retry`, with their defaults.
fn durations(
    raw: &RawFile,
    yaml: &YamlText,
    problems: &mut Vec<Diagnostic>,
) -> (SignedDuration, SignedDuration, Retry) {
    let mut duration = |key: &str, value: &Option<String>, default: SignedDuration| match value {
        None => default,
        Some(v) => parse_duration(v).unwrap_or_else(|| {
            let message = format!("`{key}`: `{v}` is not a duration");
            problems.push(
                Diagnostic::error(Code::NotifyDuration, yaml.file, message)
                    .span(yaml.key_span(key))
                    .hint("write a number and a unit: 500ms, 90s, 15m, 2h, 3d"),
            );
            default
        }),
    };
    let max_age = duration("max_age", &raw.max_age, SignedDuration::from_hours(24));
    let remind = duration(
        "remind_before",
        &raw.remind_before,
        SignedDuration::from_mins(60),
    );
    let none = RawRetry::default();
    let r = raw.retry.as_ref().unwrap_or(&none);
    let secs = SignedDuration::from_secs;
    let retry = Retry {
        max_time: to_std(duration("max_time", &r.max_time, secs(120))),
        timeout: to_std(duration("timeout", &r.timeout, secs(10))),
        first_wait: to_std(duration("first_wait", &r.first_wait, secs(1))),
    };
    (max_age, remind, retry)
}

fn to_std(d: SignedDuration) -> Duration {
    Duration::try_from(d).unwrap_or_default()
}

/// `90s`, `15m`, `2h`, `3d`, `0` → a duration.
pub fn parse_duration(text: &str) -> Option<SignedDuration> {
    let t = text.trim();
    if t == "0" {
        return Some(SignedDuration::ZERO);
    }
    if let Some(ms) = t.strip_suffix("ms") {
        let n: u64 = ms.trim().parse().ok()?;
        return Some(SignedDuration::from_millis(i64::try_from(n).ok()?));
    }
    let unit = t.chars().last()?;
    let n: i64 = t[..t.len() - unit.len_utf8()]
        .trim()
        .parse()
        .ok()
        .filter(|n| *n >= 0)?;
    let secs = match unit {
        's' => n,
        'm' => n.checked_mul(60)?,
        'h' => n.checked_mul(3600)?,
        'd' => n.checked_mul(86_400)?,
        _ => return None,
    };
    Some(SignedDuration::from_secs(secs))
}
