//! `update --next`: when the next update is promised, read from the command line (`30m`,
//! `1h30m`, `11:35`, `2026-04-21 00:30`) into the time its `Next update:` line says.
//!
//! A duration counts from the entry's minute (the time the entry heading says), so `--next 30m`
//! on an 11:05 entry promises 11:35. A bare clock time is the next such time after the entry:
//! `--next 00:30` at 23:50 is tomorrow's. The line gets the date only when the promise falls
//! on another day than the entry.

use jiff::{SignedDuration, Timestamp};

use crate::config::Config;
use crate::content::write;
use crate::diagnostics::{Code, Diagnostic};
use crate::time;

const HINT: &str = "give a duration from now (`--next 30m`, `--next 1h30m`) or a time in the site's zone (`--next 11:35`, `--next \"2026-04-21 00:30\"`)";

/// The text of the `Next update:` line for an entry dated `now` promising `written`.
pub(crate) fn promise_text(
    config: &Config,
    now: Timestamp,
    written: &str,
) -> Result<String, Vec<Diagnostic>> {
    let tz = &config.timezone;
    let entry = minute_of(now);
    let at = match written.trim().parse::<SignedDuration>() {
        Ok(span) => entry.checked_add(span).ok(),
        Err(_) => clock_after(config, entry, written),
    };
    let Some(at) = at.filter(|&at| at > entry) else {
        return Err(vec![
            Diagnostic::error(
                Code::BadUsage,
                "command line",
                format!("--next '{written}' is not a time after this update"),
            )
            .hint(HINT),
        ]);
    };
    let same_day = time::date_in(at, tz) == time::date_in(entry, tz);
    let full = write::local_minute(at, tz);
    Ok(if same_day {
        full.split_once(' ')
            .map_or(full.clone(), |(_, clock)| clock.to_string())
    } else {
        full
    })
}

/// `--next` on an entry that ends the incident: nobody waits for an update after it.
pub(crate) fn after_final(status: crate::model::UpdateStatus) -> Diagnostic {
    Diagnostic::error(
        Code::BadUsage,
        "command line",
        format!(
            "--next promises an update, but this entry is '{}': the end",
            status.as_str()
        ),
    )
    .hint("leave out --next when resolving, or give a status that is not final")
}

/// `now` to the minute, as the entry's heading writes it.
fn minute_of(now: Timestamp) -> Timestamp {
    Timestamp::from_second(now.as_second().div_euclid(60) * 60).unwrap_or(now)
}

/// A written time: a bare clock time is the first one after `entry` (today's, or tomorrow's).
fn clock_after(config: &Config, entry: Timestamp, written: &str) -> Option<Timestamp> {
    let tz = &config.timezone;
    let today = time::date_in(entry, tz);
    let at = time::parse(written, tz, Some(today)).ok()?.at;
    let bare = !written.contains('-') && !written.contains('T');
    if bare && at <= entry {
        let tomorrow = today.tomorrow().ok()?;
        return time::parse(written, tz, Some(tomorrow)).ok().map(|t| t.at);
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        let root = std::path::Path::new("/nonexistent");
        let text = "title: T\nbase_url: https://status.example.com/\ntimezone: Asia/Shanghai\nproducts:\n  - id: web\n    name: Web\n";
        crate::config::parse(root, text, None).expect("config")
    }

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn durations_count_from_the_entry_s_minute_and_clocks_from_the_entry_on() {
        let c = config();
        // 11:05:40 in Shanghai.
        let now = at("2026-12-06T03:05:40Z");
        assert_eq!(promise_text(&c, now, "30m").unwrap(), "11:35");
        assert_eq!(promise_text(&c, now, "1h30m").unwrap(), "12:35");
        assert_eq!(promise_text(&c, now, "11:35").unwrap(), "11:35");
        assert_eq!(promise_text(&c, now, "13h").unwrap(), "2026-12-07 00:05");
        // A clock time already past today is tomorrow's.
        assert_eq!(promise_text(&c, now, "09:00").unwrap(), "2026-12-07 09:00");
        assert_eq!(
            promise_text(&c, now, "2026-12-08 10:00").unwrap(),
            "2026-12-08 10:00"
        );
    }

    #[test]
    fn a_promise_not_after_the_entry_is_refused() {
        let c = config();
        let now = at("2026-12-06T03:05:40Z");
        for bad in ["0m", "-5m", "2026-12-06 11:00", "soon", ""] {
            let e = promise_text(&c, now, bad).unwrap_err();
            assert_eq!(e[0].code, Code::BadUsage, "{bad}");
        }
    }
}
