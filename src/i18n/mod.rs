//! Every word Bulletin shows people, and the locale's way of writing dates and durations:
//! the pages, feeds and calendars (`render`), and the chat messages and mail of `notify`.
//!
//! Strings come from the theme's `i18n/<language>.yaml` (built in: `en`, `zh-CN`); a site's own
//! `i18n/<language>.yaml` is merged over them key by key, so it can change one word. A site in
//! any language that has such a file gets its pages and its notifications in that language.
//! Month and weekday names and the decimal separator come from locale data ([`locale`]).

mod locale;
mod tables;

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde_json::Value;

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::theme::Theme;
use locale::Locale;
pub(crate) use locale::Names;
use tables::{Durations, Labels};

/// The UI strings of one language.
#[derive(Debug, Clone)]
pub(crate) struct Strings {
    tree: Value,
    /// `format.*`, looked up once: every time shown on the site is written with them.
    formats: TimeFormats,
    /// `format.percent`, with `{}` where the number goes ("{}%"; German puts a no-break
    /// space before the sign).
    percent: String,
    locale: Locale,
    /// The tree's words by group and key, for [`Strings::label`].
    labels: Labels,
    /// `duration.*`, for [`Strings::format_duration`].
    durations: Durations,
}

/// The locale's `strftime` formats and its mark for approximate times.
#[derive(Debug, Clone)]
pub(crate) struct TimeFormats {
    pub datetime: String,
    pub date: String,
    pub time: String,
    /// `datetime` and `date` for a time in the current year: without the year.
    pub datetime_this_year: String,
    pub date_this_year: String,
    /// With `{}` where the time goes, e.g. "~{}" or "约 {}".
    pub approximate: String,
}

impl TimeFormats {
    fn of(tree: &Value) -> TimeFormats {
        let get = |key: &str| get(tree, key);
        TimeFormats {
            datetime: get("format.datetime"),
            date: get("format.date"),
            time: get("format.time"),
            datetime_this_year: get("time.datetime_this_year"),
            date_this_year: get("time.date_this_year"),
            approximate: get("format.approximate"),
        }
    }
}

/// The string at a dotted `key` of `tree`, or the key itself.
fn get(tree: &Value, key: &str) -> String {
    key.split('.')
        .try_fold(tree, |v, k| v.get(k))
        .and_then(Value::as_str)
        .map_or_else(|| key.to_string(), str::to_string)
}

impl Strings {
    /// The strings of the site of `config` in its language, for what speaks outside the pages
    /// (`notify`); `render` loads them from the theme it compiles anyway ([`Strings::load`]).
    pub(crate) fn for_site(config: &Config) -> Result<Strings, Diagnostics> {
        Strings::load(&Theme::load(config)?, &config.language)
    }

    /// Loads the strings for `language`: the built-in file merged with the site's.
    pub(crate) fn load(theme: &Theme, language: &str) -> Result<Strings, Diagnostics> {
        let mut tree = Value::Object(Default::default());
        let mut problems = Vec::new();
        // Layers, each overriding the one before key by key: the built-in English strings
        // (which fill any key a translation leaves out), the built-in strings of the language,
        // then the site's or theme's own files for both.
        let en = "i18n/en.yaml".to_string();
        let own = format!("i18n/{language}.yaml");
        let layers = [&en, &own]
            .into_iter()
            .filter_map(|name| theme.builtin(name))
            .chain(
                [&en, &own]
                    .into_iter()
                    .filter_map(|name| theme.get(name).filter(|f| !f.is_builtin())),
            );
        for file in layers {
            let parsed = std::str::from_utf8(&file.bytes)
                .map_err(|_| {
                    Diagnostic::error(Code::NotUtf8, &file.origin, "translation file is not UTF-8")
                })
                .and_then(|text| {
                    crate::yaml::check_nesting(&file.origin, text, 0)?;
                    serde_yaml::from_str::<Value>(text)
                        .map_err(|e| crate::yaml::yaml_error(&file.origin, &e, text, 0))
                });
            match parsed {
                Ok(value) => merge(&mut tree, value),
                Err(d) => problems.push(d),
            }
        }
        if problems.is_empty() {
            Ok(Strings::new(tree, Locale::of(language)))
        } else {
            Err(problems.into())
        }
    }

    fn new(tree: Value, locale: Locale) -> Strings {
        Strings {
            formats: TimeFormats::of(&tree),
            percent: get(&tree, "format.percent"),
            labels: Labels::of(&tree),
            durations: Durations::of(|key| get(&tree, key)),
            tree,
            locale,
        }
    }

    /// The string at a dotted key such as `status.major_outage`; the key itself if missing,
    /// so a gap in a translation shows up on the page instead of failing the build.
    pub(crate) fn get(&self, key: &str) -> String {
        get(&self.tree, key)
    }

    /// The word for `key` in group `group`, such as ("status", "major_outage"): [`Strings::get`]
    /// of "group.key", without building the dotted key (views ask for these constantly).
    pub(crate) fn label(&self, group: &str, key: &str) -> String {
        match self.labels.get(group, key) {
            Some(s) => s.to_string(),
            None => format!("{group}.{key}"),
        }
    }

    /// The pattern at `key` with its `{name}` placeholders filled: see [`fill`].
    pub(crate) fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(&self.get(key), values)
    }

    /// The locale's date and time formats.
    pub(crate) fn formats(&self) -> &TimeFormats {
        &self.formats
    }

    /// `time` written by one of the locale's `strftime` patterns (see [`Strings::formats`]),
    /// with the language's month and weekday names.
    pub(crate) fn strftime(
        &self,
        pattern: &str,
        time: impl Into<jiff::fmt::strtime::BrokenDownTime>,
    ) -> Result<String, jiff::Error> {
        self.locale.format(pattern, time)
    }

    /// A percentage for people to read: `number` (written with `.`, such as "99.95") with the
    /// language's decimal separator, in `format.percent` ("99,95 %"). Machine outputs (the
    /// API, feeds' fields, attributes) keep the number as it is.
    pub(crate) fn percent(&self, number: &str) -> String {
        self.percent.replace("{}", &self.locale.decimal(number))
    }

    /// `number` (written with `.`) with the language's decimal separator.
    pub(crate) fn decimal(&self, number: &str) -> String {
        self.locale.decimal(number)
    }

    /// The month and weekday names bulletin.js needs to rewrite times as the build wrote them:
    /// when the language has its own and a format uses them (`%b`, `%B`, `%a`, `%A`).
    pub(crate) fn script_names(&self) -> Option<&Names> {
        let f = &self.formats;
        let patterns = [&f.datetime, &f.date, &f.time, &f.datetime_this_year];
        let named = patterns
            .into_iter()
            .chain([&f.date_this_year])
            .any(|p| ["%b", "%B", "%a", "%A", "%h"].iter().any(|d| p.contains(d)));
        self.locale.names().filter(|_| named)
    }

    /// The whole tree, for templates (`t.status.major_outage`).
    pub(crate) fn tree(&self) -> &Value {
        &self.tree
    }

    /// An exact duration such as "1 h 40 min" or "1 小时 40 分钟".
    pub(crate) fn format_duration(&self, d: SignedDuration) -> String {
        self.durations.format(d)
    }
}

/// The UTC offset of `at` in `tz`, written `UTC+8`, `UTC-4` or `UTC+5:30`.
pub(crate) fn offset_label(at: Timestamp, tz: &TimeZone) -> String {
    offset_text(tz.to_offset(at))
}

/// Whether the IANA zone `name` is UTC under one of its names ("Etc/UTC", "Zulu", "GMT"…),
/// which pages call plain "UTC" (bulletin.js has the same list).
pub(crate) fn is_utc_name(name: &str) -> bool {
    let bare = name.strip_prefix("Etc/").unwrap_or(name);
    ["UTC", "UCT", "GMT", "Zulu", "Universal", "Greenwich"].contains(&bare)
}

/// An offset written `UTC+8`, `UTC-4` or `UTC+5:30`.
pub(crate) fn offset_text(offset: jiff::tz::Offset) -> String {
    let secs = offset.seconds();
    if secs == 0 {
        return "UTC".to_string();
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let (h, m) = (secs.abs() / 3600, secs.abs() / 60 % 60);
    if m == 0 {
        format!("UTC{sign}{h}")
    } else {
        format!("UTC{sign}{h}:{m:02}")
    }
}

/// `pattern` with each `{name}` of `values` replaced, in one pass: a value that itself holds
/// `{name}` (a title or a name from an incident file) stays as written. A placeholder with no
/// value stays too, so a mistake in a translation shows.
pub(crate) fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let from_brace = &rest[open..];
        let filled = from_brace.find('}').and_then(|close| {
            let name = &from_brace[1..close];
            let (_, value) = values.iter().find(|(n, _)| *n == name)?;
            Some((*value, close))
        });
        match filled {
            Some((value, close)) => {
                out.push_str(value);
                rest = &from_brace[close + 1..];
            }
            None => {
                out.push('{');
                rest = &from_brace[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn merge(into: &mut Value, from: Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                merge(a.entry(k).or_insert(Value::Null), v);
            }
        }
        (slot, v) => *slot = v,
    }
}

#[cfg(test)]
mod language_files;

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(yaml: &str) -> Strings {
        Strings::new(serde_yaml::from_str(yaml).unwrap(), Locale::of("en"))
    }

    #[test]
    fn durations_are_exact() {
        let s = strings(
            "duration: {days: '{n} d', hours: '{n} h', minutes: '{n} min', separator: ' ', less_than_minute: '< 1 min'}",
        );
        assert_eq!(
            s.format_duration(SignedDuration::from_mins(100)),
            "1 h 40 min"
        );
        assert_eq!(
            s.format_duration(SignedDuration::from_mins(60 * 24 + 5)),
            "1 d 5 min"
        );
        assert_eq!(s.format_duration(SignedDuration::from_secs(30)), "< 1 min");
    }

    #[test]
    fn offsets_follow_dst() {
        let ny = TimeZone::get("America/New_York").unwrap();
        let winter: Timestamp = "2024-01-15T12:00:00Z".parse().unwrap();
        let summer: Timestamp = "2024-07-15T12:00:00Z".parse().unwrap();
        assert_eq!(offset_label(winter, &ny), "UTC-5");
        assert_eq!(offset_label(summer, &ny), "UTC-4");
        let kolkata = TimeZone::get("Asia/Kolkata").unwrap();
        assert_eq!(offset_label(winter, &kolkata), "UTC+5:30");
        assert_eq!(offset_label(winter, &TimeZone::UTC), "UTC");
    }

    /// Pages call UTC "UTC" whatever the site's file calls it, not "Etc/UTC (UTC)".
    #[test]
    fn every_name_of_utc_is_utc() {
        for name in ["UTC", "Etc/UTC", "Etc/Zulu", "GMT", "Etc/Universal"] {
            assert!(is_utc_name(name), "{name}");
        }
        for name in ["Asia/Shanghai", "Etc/GMT+5", "Europe/London", "Etc/"] {
            assert!(!is_utc_name(name), "{name}");
        }
    }

    #[test]
    fn placeholders_are_filled_once() {
        let values = [("headline", "Statement: {title}"), ("title", "{x} down")];
        assert_eq!(
            fill("{headline}: {title}", &values),
            "Statement: {title}: {x} down"
        );
        assert_eq!(fill("{gap} {title}", &values), "{gap} {x} down");
        assert_eq!(fill("a { b } {", &values), "a { b } {");
        assert_eq!(fill("{title}}", &values), "{x} down}");
    }

    #[test]
    fn missing_keys_show_the_key() {
        assert_eq!(strings("a: {b: c}").get("a.x"), "a.x");
        assert_eq!(strings("a: {b: c}").get("a.b"), "c");
        assert_eq!(strings("a: {b: c}").label("a", "b"), "c");
        assert_eq!(strings("a: {b: c}").label("a", "x"), "a.x");
    }
}
