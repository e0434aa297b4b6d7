use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::TimeForms;
use crate::i18n::Strings;

/// The strings of the built-in theme in `language`.
fn strings(language: &str) -> Strings {
    let root = std::env::temp_dir().join("bulletin-clock-tests-no-site");
    let yaml = format!(
        "title: T\nbase_url: https://status.example.com/\nlanguage: {language}\nproducts:\n  - id: api\n    name: API\n"
    );
    let config = crate::config::parse(&root, &yaml, None).expect("config");
    Strings::for_site(&config).expect("strings")
}

/// Times that reach every month, weekday, one- and two-digit day, hour and minute, and
/// years before 1000 and after 2000, in a zone with a half-hour offset; and the hours around
/// daylight saving changes, year ends and midnights in New York, Shanghai (UTC+8) and UTC.
fn times() -> Vec<jiff::ZonedDateTime> {
    let zone = TimeZone::get("America/St_Johns").expect("zone");
    let start: Timestamp = "0999-12-25T00:00:00Z".parse().expect("time");
    let mut out = Vec::new();
    for year_step in [0i64, 8_800_000, 9_000_000] {
        for n in 0..400i64 {
            let hours = year_step + n * 31 + n % 7;
            let at = start
                + jiff::SignedDuration::from_hours(hours)
                + jiff::SignedDuration::from_mins(n % 60);
            out.push(at.to_zoned_datetime(zone.clone()));
        }
    }
    let edges = [
        "2026-03-08T05:00:00Z",
        "2026-11-01T04:00:00Z",
        "2025-12-31T14:00:00Z",
        "2026-12-31T22:00:00Z",
        "9999-12-29T12:00:00Z",
    ];
    for name in ["America/New_York", "Asia/Shanghai", "UTC"] {
        let zone = TimeZone::get(name).expect("zone");
        for edge in edges {
            let edge: Timestamp = edge.parse().expect("time");
            for minutes in (0..24 * 60).step_by(17) {
                let at = edge + jiff::SignedDuration::from_mins(minutes);
                out.push(at.to_zoned_datetime(zone.clone()));
            }
        }
    }
    out
}

#[test]
fn every_pattern_of_every_language_writes_as_strftime_does() {
    for language in [
        "en", "de", "es", "fr", "ja", "ko", "pt-BR", "zh-CN", "zh-TW",
    ] {
        let strings = strings(language);
        let forms = TimeForms::new(&strings);
        for pattern in [
            &forms.datetime,
            &forms.date,
            &forms.time,
            &forms.datetime_this_year,
            &forms.date_this_year,
        ] {
            assert!(pattern.parts.is_some(), "{language}: {}", pattern.source);
            for zoned in times() {
                let expected = strings.strftime(&pattern.source, &zoned).expect("format");
                assert_eq!(
                    forms.of(&zoned, &strings).write(pattern),
                    expected,
                    "{language}: {} at {zoned}",
                    pattern.source
                );
            }
        }
    }
}

#[test]
fn other_directives_are_left_to_strftime() {
    for (source, direct) in [
        ("%-d %b %Y, %H:%M", true),
        ("%%Y %m/%d %S %a %A %h", true),
        ("%e %b", false),
        ("%^b", false),
        ("%-Y", false),
        ("%:z", false),
        ("trailing %", false),
    ] {
        assert_eq!(super::parts(source).is_some(), direct, "{source}");
    }
    let strings = strings("de");
    let forms = TimeForms::new(&strings);
    for source in ["%e %b %Y %A, %I%p", "%%Y %m/%d %S %a %A %h"] {
        let pattern = super::Pattern::new(source, &forms.names);
        for zoned in times() {
            assert_eq!(
                forms.of(&zoned, &strings).write(&pattern),
                strings.strftime(source, &zoned).expect("format"),
                "{source} at {zoned}"
            );
        }
    }
}

/// A pattern's `longest` bounds what it writes, so a written time never grows its buffer.
#[test]
fn no_written_time_is_longer_than_its_pattern_allows() {
    for language in ["en", "de", "zh-CN"] {
        let strings = strings(language);
        let forms = TimeForms::new(&strings);
        for pattern in [&forms.datetime, &forms.date, &forms.time] {
            let longest = times()
                .iter()
                .map(|zoned| forms.of(zoned, &strings).write(pattern).len())
                .max();
            assert_eq!(
                longest,
                Some(pattern.longest),
                "{language}: {}",
                pattern.source
            );
        }
    }
}

/// The datetime has room for the offset `display` adds after it: no second allocation.
#[test]
fn the_datetime_has_room_for_the_longest_offset() {
    let strings = strings("de");
    let forms = TimeForms::new(&strings);
    let farthest = jiff::tz::Offset::from_seconds(-(25 * 3600 + 59 * 60 + 59)).expect("offset");
    for zoned in times() {
        let mut display = forms.of(&zoned, &strings).write(&forms.datetime);
        let room = display.capacity();
        display.push(' ');
        display.push_str(&crate::i18n::offset_text(farthest));
        assert_eq!(display.capacity(), room, "{display}");
    }
}
