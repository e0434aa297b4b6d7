//! The body of a cState issue: updates, each ending with a `{{< track "…" >}}` shortcode and
//! usually starting with a `*Status* -` label; and Hugo's times.

use jiff::civil::{Date, Time};
use jiff::tz::Offset;

use crate::import::{Entry, Report, Stamp, html};
use crate::model::UpdateStatus;

/// The body's updates (each ends with a `track` shortcode), oldest first; the text outside
/// them (the summary); and updates that follow the final one without reopening it (for an
/// "After resolution" section).
pub(super) fn updates(
    body: &str,
    what: &str,
    report: &mut Report,
) -> (String, Vec<Entry>, Vec<String>) {
    let mut found = Vec::new();
    let mut rest = body;
    while let Some((before, time, after)) = next_track(rest) {
        match time_of_str(time) {
            Some(at) => {
                let (status, text) = label(before, what, report);
                found.push((at, status, html::clean_markdown(&strip_shortcodes(&text))));
            }
            None => report.skip(
                what,
                format!("an update with an unreadable track time '{time}'"),
            ),
        }
        rest = after;
    }
    let newest_first = found.windows(2).all(|w| w[0].0.at >= w[1].0.at);
    if !newest_first && !found.windows(2).all(|w| w[0].0.at <= w[1].0.at) {
        report.decide(what, "updates are out of order: sorted by their times");
    }
    if newest_first {
        found.reverse();
    }
    found.sort_by_key(|f| f.0.at);
    let mut entries: Vec<Entry> = Vec::with_capacity(found.len());
    let mut after = Vec::new();
    for (at, status, body) in found {
        let previous = entries.last().map(|e| e.status);
        let closed = previous.is_some_and(UpdateStatus::is_final);
        let reopening = matches!(
            status,
            Some(UpdateStatus::Investigating | UpdateStatus::Identified)
        );
        if closed && !reopening {
            report.decide(
                what,
                format!(
                    "an update at {} follows the resolved one: kept under '## After resolution'",
                    at.written()
                ),
            );
            after.push(
                format!("**{}**\n\n{body}", at.written())
                    .trim_end()
                    .to_string(),
            );
            continue;
        }
        let status = status.or(previous).unwrap_or(UpdateStatus::Investigating);
        entries.push(Entry {
            at,
            status,
            changes: vec![],
            body,
        });
    }
    (
        html::clean_markdown(&strip_shortcodes(rest)),
        entries,
        after,
    )
}

/// A front-matter time: YAML may give it as a string or (unquoted) a date.
pub(super) fn time_of(value: &serde_yaml::Value) -> Option<Stamp> {
    match value {
        serde_yaml::Value::String(s) => time_of_str(s),
        other => time_of_str(serde_yaml::to_string(other).ok()?.trim()),
    }
}

/// A Hugo time: RFC 3339, or `YYYY-MM-DD[ T]H:MM[:SS][offset]` (hours may lack their
/// leading zero), or a bare date; without an offset, UTC (what cState asks for).
fn time_of_str(text: &str) -> Option<Stamp> {
    let text = text.trim().trim_matches('"');
    if let Some(s) = Stamp::parse(text) {
        return Some(s);
    }
    let date: Date = text.get(..10)?.parse().ok()?;
    let rest = text[10..].trim_start_matches(['T', 't', ' ']);
    let (clock, offset) = split_offset(rest);
    let mut parts = clock
        .split(':')
        .map(|p| p.split('.').next().unwrap_or("").parse::<i8>());
    let hour = parts.next().map_or(Ok(0), |p| p).ok()?;
    let minute = parts.next().map_or(Ok(0), |p| p).ok()?;
    let second = parts.next().map_or(Ok(0), |p| p).ok()?;
    let time = Time::new(hour, minute, second, 0).ok()?;
    let at = date
        .to_datetime(time)
        .to_zoned_datetime(offset.to_time_zone())
        .ok()?
        .timestamp();
    Some(Stamp { at, offset })
}

/// `8:00:00-07:00` → (`8:00:00`, −7 h); no offset → UTC.
fn split_offset(rest: &str) -> (&str, Offset) {
    if let Some(clock) = rest.strip_suffix(['Z', 'z']) {
        return (clock.trim(), Offset::UTC);
    }
    match rest.rfind(['+', '-']) {
        Some(i) => {
            let sign: i32 = if rest.as_bytes()[i] == b'-' { -1 } else { 1 };
            let digits: String = rest[i + 1..].chars().filter(char::is_ascii_digit).collect();
            let h: i32 = digits.get(..2).and_then(|d| d.parse().ok()).unwrap_or(0);
            let m: i32 = digits.get(2..4).and_then(|d| d.parse().ok()).unwrap_or(0);
            (
                rest[..i].trim(),
                Offset::from_seconds(sign * (h * 3600 + m * 60)).unwrap_or(Offset::UTC),
            )
        }
        None => (rest.trim(), Offset::UTC),
    }
}

/// Finds `{{< track "…" >}}` (or `{{% … %}}`): text before, the time, text after. Other
/// shortcodes before it are passed over in one forward scan (a recursion per shortcode
/// overflowed the stack on 100,000 of them; looking for `{{%` from the start again for each
/// update made 40,000 updates quadratic).
fn next_track(text: &str) -> Option<(&str, &str, &str)> {
    let mut from = 0;
    loop {
        let start = next_shortcode(text, from)?;
        let inner_end = text[start..].find("}}")? + start;
        crate::import::ids::count(inner_end + 2 - from);
        let inner = text[start + 3..inner_end]
            .trim_matches(|c: char| c == '>' || c == '%' || c.is_whitespace());
        if let Some(arg) = inner.strip_prefix("track") {
            return Some((
                &text[..start],
                arg.trim().trim_matches('"'),
                &text[inner_end + 2..],
            ));
        }
        from = inner_end + 2;
    }
}

/// Where the next `{{<` or `{{%` at or after `from` starts.
fn next_shortcode(text: &str, mut from: usize) -> Option<usize> {
    loop {
        let at = text[from..].find("{{")? + from;
        if matches!(text.as_bytes().get(at + 2), Some(b'<' | b'%')) {
            return Some(at);
        }
        from = at + 1;
    }
}

/// Other shortcodes have no meaning outside Hugo: removed.
fn strip_shortcodes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        match rest[start..].find("}}") {
            Some(end) => rest = &rest[start + end + 2..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The leading `*Label* -` of an update: its status (`None` for a label that is not one,
/// such as *Update*, kept in the text), and the text without a status label.
fn label(text: &str, what: &str, report: &mut Report) -> (Option<UpdateStatus>, String) {
    let t = text.trim();
    let stars = t.bytes().take_while(|&b| b == b'*' || b == b'_').count();
    if stars == 0 {
        return (None, t.to_string());
    }
    let Some(close) = t[stars..].find(['*', '_']) else {
        return (None, t.to_string());
    };
    let word = t[stars..stars + close].trim().to_ascii_lowercase();
    let after = t[stars + close..]
        .trim_start_matches(['*', '_'])
        .trim_start();
    let after = after
        .strip_prefix(['-', '—', '–', ':'])
        .unwrap_or(after)
        .trim_start();
    match UpdateStatus::parse(&word).filter(|s| UpdateStatus::INCIDENT.contains(s)) {
        Some(s) => (Some(s), after.to_string()),
        None => {
            if !matches!(word.as_str(), "update" | "updated") {
                report.decide(what, format!("update label '{word}' is not a status: the status before it is kept, the label stays in the text"));
            }
            (None, t.to_string())
        }
    }
}
