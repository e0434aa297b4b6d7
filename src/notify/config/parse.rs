//! notify.yaml's text → its settings and its targets as written ([`Parsed`]): pure, it reads
//! no environment variable and no other file, so every problem of the text alone is found
//! (and unit-tested) here; `resolve` does the rest.

use std::path::Path;
use std::time::Duration;

use jiff::SignedDuration;
use serde::Deserialize;

use super::channel::{FILE, Retry};
use super::spec::Unresolved;
use super::target;
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};
use crate::events::HORIZON;
use crate::yaml::{YamlText, yaml_error};

/// The file, its variables not read yet.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub max_age: SignedDuration,
    pub remind_before: SignedDuration,
    pub retry: Retry,
    /// Every entry of `targets:`, in order (those that cannot be built too: their problems
    /// are reported in their place).
    pub targets: Vec<Unresolved>,
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

/// Reads notify.yaml's text; every problem of the text is reported (`None`: it is not the
/// file's shape at all).
pub(crate) fn parse(text: &str, site: &Config) -> (Option<Parsed>, Vec<Diagnostic>) {
    let file = Path::new(FILE);
    let mut problems = Vec::new();
    if let Err(d) = crate::yaml::check_nesting(file, text, 0) {
        return (None, vec![d]);
    }
    let raw: RawFile = match serde_yaml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            problems.push(
                yaml_error(file, &e, text, 0)
                    .hint(format!("see docs/notify.md for what {FILE} holds")),
            );
            return (None, problems);
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
    let targets = target::read_all(&raw.targets, &yaml, site);
    let parsed = Parsed {
        max_age,
        remind_before,
        retry,
        targets,
    };
    (Some(parsed), problems)
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
pub(crate) fn parse_duration(text: &str) -> Option<SignedDuration> {
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
