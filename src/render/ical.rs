//! iCalendar (RFC 5545) files of scheduled maintenance: one for the site and one per product.
//!
//! Events keep the site's real time zone (a VTIMEZONE built from the zone's own transitions)
//! instead of being forced to UTC. Lines end in CRLF and are folded at 75 octets, never inside
//! a UTF-8 character. Written by hand: the format is small, and the iCalendar crates either
//! force UTC or do not fold.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use rayon::prelude::*;

use crate::config::{ComponentRef, Config};
use crate::derive::Derived;
use crate::i18n::Strings;
use crate::ids::Key;
use crate::markdown;
use crate::model::Kind;
use crate::output::OutputFile;
use crate::render::Pass;
use crate::urls::{base_host, component_path, incident_url};

pub(super) const ICS: &str = "maintenance.ics";

/// Renders `maintenance.ics` for the site and for every product, but in a partial render
/// only those whose maintenance changed (see [`Pass::unchanged`]). `pass`'s caches keep events
/// from earlier renders.
pub(crate) fn render(
    pass: &Pass,
    config: &Config,
    site: &Derived,
    maintenance: &[usize],
) -> Vec<OutputFile> {
    let mut calendars = Vec::with_capacity(config.products.len() + 1);
    for (pi, p) in config.products.iter().enumerate() {
        let listed = site.by_component.get(&ComponentRef::product(pi));
        let ix = of_product(site, maintenance, listed.map_or(&[], Vec::as_slice));
        let name = format!("{} · {}", config.title, p.name);
        calendars.push((format!("{}{ICS}", component_path(&p.id)), name, ix));
    }
    calendars.insert(
        0,
        (ICS.to_string(), config.title.clone(), maintenance.to_vec()),
    );
    // Each maintenance's identity, worked out once for every calendar's key (when kept).
    let identities: Identities = match pass.keys_files() {
        true => (calendars[0].2.iter())
            .map(|&i| (i, identity(site, i)))
            .collect(),
        false => Identities::default(),
    };
    let key = |name: &str, ix: &[usize]| key(site, &identities, name, ix);
    calendars.retain(|(path, name, ix)| !pass.unchanged(path, || key(name, ix)));
    // Each event is written once and shared by the site's and its products' calendars.
    let mut wanted: Vec<usize> = (calendars.iter())
        .flat_map(|(_, _, ix)| ix.iter().copied())
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let cache = &pass.caches.calendar_events;
    let events: HashMap<usize, Arc<str>> = wanted
        .par_iter()
        .map(|&i| {
            let (inc, state) = (&site.incidents[i], &site.states[i]);
            let event = cache.get_or(&inc.slug, state.cache_key(inc), || {
                event(config, site, pass.strings(), i).into()
            });
            (i, event)
        })
        .collect();
    calendars
        .iter()
        .map(|(path, name, ix)| {
            OutputFile::new(path.as_str(), calendar(config, site, &events, name, ix))
        })
        .collect()
}

/// What a calendar is made of besides the config: its name, and each of its events' cache
/// key (an event follows from its incident; the time zone's transitions around the
/// windows from the windows). With no event, "now" places the transitions it lists.
fn key(site: &Derived, identities: &Identities, name: &str, ix: &[usize]) -> u64 {
    use std::hash::Hash;
    let mut h = super::written::hasher();
    name.hash(&mut h);
    for i in ix {
        identities.get(i).hash(&mut h);
    }
    if ix.is_empty() {
        site.now.hash(&mut h);
    }
    std::hash::Hasher::finish(&h)
}

/// Each maintenance's [`identity`], by its index.
type Identities = HashMap<usize, u64, fnv::FnvBuildHasher>;

/// Maintenance `i`'s cache key: what its event is built from (its source's fingerprint
/// names the file, and so the slug, too).
fn identity(site: &Derived, i: usize) -> u64 {
    site.states[i].cache_key(&site.incidents[i])
}

/// The maintenances (of `maintenance`, ascending) a product lists (`listed`, its incidents,
/// ascending as derive lists them): looked up in the product's list rather than the product's
/// every incident looked at (a quarter of 100,000 each, at 100k).
fn of_product(site: &Derived, maintenance: &[usize], listed: &[usize]) -> Vec<usize> {
    if listed.is_sorted() {
        (maintenance.iter().copied())
            .filter(|i| listed.binary_search(i).is_ok())
            .collect()
    } else {
        (listed.iter().copied())
            .filter(|&i| site.incidents[i].kind == Kind::Maintenance)
            .collect()
    }
}

fn calendar(
    config: &Config,
    site: &Derived,
    events: &HashMap<usize, Arc<str>>,
    name: &str,
    ix: &[usize],
) -> Vec<u8> {
    let tz = &config.timezone;
    let tzid = &config.timezone_name;
    // Sized once: at 100,000 incidents the site's calendar is 2 MB, grown by doubling before.
    let size: usize = ix
        .iter()
        .filter_map(|i| events.get(i))
        .map(|e| e.len())
        .sum();
    let mut out = Ical(String::with_capacity(size + 4096));
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.line("PRODID:-//Bulletin//Status page//EN");
    out.line("CALSCALE:GREGORIAN");
    out.line("METHOD:PUBLISH");
    out.prop("X-WR-CALNAME", &escape(&markdown::plain(name)));
    out.prop("X-WR-TIMEZONE", tzid);
    let windows: Vec<_> = ix
        .iter()
        .filter_map(|&i| site.incidents[i].window())
        .collect();
    let from = windows.iter().map(|w| w.start).min().unwrap_or(site.now);
    let to = windows.iter().map(|w| w.end).max().unwrap_or(site.now);
    vtimezone(&mut out, tz, tzid, from, to);
    for i in ix {
        if let Some(event) = events.get(i) {
            out.0.push_str(event);
        }
    }
    out.line("END:VCALENDAR");
    out.0.into_bytes()
}

/// The VEVENT of maintenance `i`, as folded content lines.
fn event(config: &Config, site: &Derived, strings: &Strings, i: usize) -> String {
    let tz = &config.timezone;
    let tzid = &config.timezone_name;
    let host = base_host(&config.base_url);
    let (inc, state) = (&site.incidents[i], &site.states[i]);
    let mut out = Ical::default();
    let Some(w) = inc.window() else {
        return String::new();
    };
    let url = incident_url(&config.base_url, &inc.slug);
    let mut description = markdown::to_plain_text(&inc.summary);
    if let Some(u) = inc.updates.last() {
        let latest = markdown::to_plain_text(&u.body);
        if !latest.is_empty() {
            let label = strings.label("update", u.status.as_str());
            let _ = write!(description, "\n\n{label}: {latest}");
        }
    }
    let _ = write!(description, "\n\n{url}");
    out.line("BEGIN:VEVENT");
    out.prop(
        "UID",
        &format!("{}@{host}", Key::Incident(&inc.slug).stable_id()),
    );
    out.prop("DTSTAMP", &utc(state.updated_at));
    out.prop(&format!("DTSTART;TZID={tzid}"), &local(w.start, tz));
    out.prop(&format!("DTEND;TZID={tzid}"), &local(w.end, tz));
    // A title not yet translated into the calendar's language says which it is in (RFC 5545
    // LANGUAGE parameter).
    let summary = match inc.fallback.as_deref().filter(|f| f.title) {
        Some(f) => format!("SUMMARY;LANGUAGE={}", f.language),
        None => "SUMMARY".to_string(),
    };
    out.prop(&summary, &escape(&markdown::plain(&inc.title)));
    out.prop("DESCRIPTION", &escape(description.trim()));
    out.prop("URL", &url);
    // The window is the one in effect now (a reschedule or an extension moves it); SEQUENCE
    // counts the entries, each of which revises the event (its DESCRIPTION quotes the latest),
    // so it grows with every change of window or status, as RFC 5545 asks.
    let status = if inc.is_cancelled() {
        "CANCELLED"
    } else {
        "CONFIRMED"
    };
    out.prop("STATUS", status);
    out.prop("SEQUENCE", &inc.updates.len().to_string());
    out.prop("TRANSP", "OPAQUE");
    out.line("END:VEVENT");
    out.0
}

/// A VTIMEZONE listing the zone's transitions around the events (a year either side), or its
/// single offset when it has none there.
fn vtimezone(out: &mut Ical, tz: &TimeZone, tzid: &str, from: Timestamp, to: Timestamp) {
    let year = jiff::SignedDuration::from_hours(24 * 366);
    let start = from.checked_sub(year).unwrap_or(from);
    let end = to.checked_add(year).unwrap_or(to);
    out.line("BEGIN:VTIMEZONE");
    out.prop("TZID", tzid);
    let mut before = tz.to_offset(start);
    let mut any = false;
    for t in tz.following(start).take_while(|t| t.timestamp() <= end) {
        let kind = if t.dst().is_dst() {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        out.line(&format!("BEGIN:{kind}"));
        // DTSTART is the local time just before the change, in the old offset.
        let local_before = t.timestamp().to_zoned_datetime(TimeZone::fixed(before));
        out.prop(
            "DTSTART",
            &local_before.strftime("%Y%m%dT%H%M%S").to_string(),
        );
        out.prop("TZOFFSETFROM", &offset(before.seconds()));
        out.prop("TZOFFSETTO", &offset(t.offset().seconds()));
        out.prop("TZNAME", t.abbreviation());
        out.line(&format!("END:{kind}"));
        before = t.offset();
        any = true;
    }
    if !any {
        out.line("BEGIN:STANDARD");
        out.prop("DTSTART", "19700101T000000");
        out.prop("TZOFFSETFROM", &offset(before.seconds()));
        out.prop("TZOFFSETTO", &offset(before.seconds()));
        out.line("END:STANDARD");
    }
    out.line("END:VTIMEZONE");
}

fn offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    format!("{sign}{:02}{:02}", s / 3600, s / 60 % 60)
}

fn utc(at: Timestamp) -> String {
    at.to_zoned_datetime(TimeZone::UTC)
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string()
}

fn local(at: Timestamp, tz: &TimeZone) -> String {
    at.to_zoned_datetime(tz.clone())
        .strftime("%Y%m%dT%H%M%S")
        .to_string()
}

/// RFC 5545 TEXT escaping.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Content lines, CRLF-terminated and folded at 75 octets.
#[derive(Default)]
struct Ical(String);

impl Ical {
    fn prop(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{value}"));
    }

    fn line(&mut self, line: &str) {
        let mut width = 0;
        for c in line.chars() {
            let len = c.len_utf8();
            if width + len > 75 {
                self.0.push_str("\r\n ");
                width = 1;
            }
            self.0.push(c);
            width += len;
        }
        self.0.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut ical = Ical::default();
        ical.prop("SUMMARY", &"微信支付维护".repeat(10));
        for line in ical.0.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert!(ical.0.ends_with("\r\n"));
        let unfolded = ical.0.replace("\r\n ", "");
        assert_eq!(
            unfolded,
            format!("SUMMARY:{}\r\n", "微信支付维护".repeat(10))
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn new_york_zone_lists_both_transitions() {
        let mut ical = Ical::default();
        let tz = TimeZone::get("America/New_York").unwrap();
        let t: Timestamp = "2026-06-01T00:00:00Z".parse().unwrap();
        vtimezone(&mut ical, &tz, "America/New_York", t, t);
        assert!(ical.0.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400"), "{}", ical.0);
        assert!(ical.0.contains("BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500"), "{}", ical.0);
    }
}
