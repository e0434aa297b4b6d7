//! One cState issue file into an incident: front matter, and the updates its body marks with
//! `track` shortcodes.

use std::collections::HashMap;
use std::path::Path;

use jiff::civil::{Date, Time};
use jiff::tz::Offset;
use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::import::{Entry, Incident, Report, Stamp, html};
use crate::model::{ComponentStatus, Impact, UpdateStatus};

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Front {
    #[serde(default)]
    title: String,
    #[serde(default)]
    date: Option<serde_yaml::Value>,
    #[serde(default)]
    resolved: Option<bool>,
    #[serde(default)]
    resolved_when: Option<serde_yaml::Value>,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default)]
    affected: Vec<String>,
    #[serde(default)]
    informational: bool,
    #[serde(default)]
    draft: bool,
}

/// Every `*.md` in `dir` (sorted by name), except `_index.md`.
pub(super) fn read_all(
    dir: &Path,
    refs: &HashMap<String, String>,
    report: &mut Report,
) -> Result<Vec<Incident>, Diagnostic> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Diagnostic::access(
            "import-not-cstate",
            dir,
            format!("cannot read the issues folder: {e}"),
        )
        .hint("a cState site keeps its issues in content/issues/")
    })?;
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "md")
                && p.file_name().is_some_and(|n| n != "_index.md")
        })
        .collect();
    files.sort();
    let mut out = Vec::with_capacity(files.len());
    for path in files {
        report.read += 1;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Diagnostic::access("import-unreadable", &path, e.to_string()))?;
        match issue(&name, &crate::text::normalize_source(text), refs, report) {
            Ok(inc) => out.extend(inc),
            Err(why) => report.skip(&format!("issue {name}"), why),
        }
    }
    Ok(out)
}

/// One issue; `Ok(None)` for a draft (reported), `Err` with the reason it cannot be read.
fn issue(
    name: &str,
    text: &str,
    refs: &HashMap<String, String>,
    report: &mut Report,
) -> Result<Option<Incident>, String> {
    let rest = text
        .strip_prefix("---\n")
        .ok_or("no YAML front matter (`---` on the first line)")?;
    let end = rest
        .find("\n---")
        .ok_or("the front matter is not closed by `---`")?;
    let front: Front =
        serde_yaml::from_str(&rest[..end]).map_err(|e| format!("front matter: {e}"))?;
    let body = rest[end + 4..].trim_start_matches('-');
    let what = format!("issue {name}");
    if front.draft {
        report.skip(&what, "a draft (draft: true)");
        return Ok(None);
    }
    let date = front
        .date
        .as_ref()
        .and_then(time_of)
        .ok_or("no readable `date`")?;
    let title = front.title.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut inc = Incident {
        source_id: format!("cstate:{name}"),
        title: if title.is_empty() {
            "Untitled incident".into()
        } else {
            title
        },
        maintenance: false,
        impact: None,
        affected: vec![],
        started: None,
        window: None,
        summary: String::new(),
        entries: vec![],
        sections: vec![],
    };
    let (summary, entries, after) = updates(body, &what, report);
    inc.summary = summary;
    inc.entries = entries;
    if !after.is_empty() {
        inc.sections
            .push(("After resolution".into(), after.join("\n\n")));
    }
    affected(&mut inc, &front, refs, &what, report);
    timeline_ends(&mut inc, &front, date, &what, report);
    Ok(Some(inc))
}

/// Severity and systems into `affected`; informational posts affect nothing.
fn affected(
    inc: &mut Incident,
    front: &Front,
    refs: &HashMap<String, String>,
    what: &str,
    report: &mut Report,
) {
    if front.informational {
        inc.impact = Some(Impact::None);
        return;
    }
    let status = match front.severity.as_deref().map(str::trim) {
        Some("down") => ComponentStatus::MajorOutage,
        Some("disrupted") => ComponentStatus::PartialOutage,
        Some("notice") => {
            inc.impact = Some(Impact::None);
            ComponentStatus::DegradedPerformance
        }
        other => {
            report.decide(what, format!("severity {other:?} is not down, disrupted or notice: read as disrupted (partial_outage)"));
            ComponentStatus::PartialOutage
        }
    };
    for system in &front.affected {
        match refs.get(system.trim()) {
            Some(r) if !inc.affected.iter().any(|(a, _)| a == r) => {
                inc.affected.push((r.clone(), status))
            }
            Some(_) => {}
            None => report.skip(
                what,
                format!("affected system '{system}' is not in params.systems"),
            ),
        }
    }
    if inc.affected.is_empty() {
        report.decide(
            what,
            "no components: imported with an empty `affected` (check warns about it)",
        );
    }
}

/// The start (`date`) and the end (`resolved`, `resolvedWhen`) around the updates.
fn timeline_ends(inc: &mut Incident, front: &Front, date: Stamp, what: &str, report: &mut Report) {
    if inc.entries.is_empty() {
        // No updates: the text is the one entry; an informational post is over when posted.
        let body = std::mem::take(&mut inc.summary);
        let status = if front.informational {
            UpdateStatus::Resolved
        } else {
            UpdateStatus::Investigating
        };
        inc.entries.push(Entry {
            at: date,
            status,
            changes: vec![],
            body,
        });
    }
    let first = inc.entries[0].at;
    if date.at < first.at {
        inc.started = Some(date);
    } else if date.at > first.at {
        report.decide(
            what,
            format!(
                "date {} is after the first update ({}): the first update's time is the start",
                date.written(),
                first.written()
            ),
        );
    }
    let when = front.resolved_when.as_ref().and_then(time_of);
    let closed = front.resolved.unwrap_or(front.informational);
    if !closed {
        if when.is_some() {
            report.decide(
                what,
                "resolvedWhen is set but resolved is not true: left open",
            );
        }
        return;
    }
    let last = inc.entries.last().expect("one entry at least");
    if last.status.is_final() {
        return;
    }
    let at = match when {
        Some(w) if w.at >= last.at.at => w,
        Some(w) => {
            report.decide(
                what,
                format!(
                    "resolvedWhen {} is before the last update: resolved at the last update's time",
                    w.written()
                ),
            );
            last.at
        }
        None => last.at,
    };
    inc.entries.push(Entry {
        at,
        status: UpdateStatus::Resolved,
        changes: vec![],
        body: String::new(),
    });
}

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
fn time_of(value: &serde_yaml::Value) -> Option<Stamp> {
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

/// Finds `{{< track "…" >}}` (or `{{% … %}}`): text before, the time, text after.
fn next_track(text: &str) -> Option<(&str, &str, &str)> {
    let start = text.find("{{<").into_iter().chain(text.find("{{%")).min()?;
    let inner_end = text[start..].find("}}")? + start;
    let inner = text[start + 3..inner_end]
        .trim_matches(|c: char| c == '>' || c == '%' || c.is_whitespace());
    let Some(arg) = inner.strip_prefix("track") else {
        // Another shortcode: skip past it and look again.
        let (b, t, a) = next_track(&text[inner_end + 2..])?;
        let offset = inner_end + 2;
        return Some((&text[..offset + b.len()], t, a));
    };
    Some((
        &text[..start],
        arg.trim().trim_matches('"'),
        &text[inner_end + 2..],
    ))
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
