//! The locale's five time patterns (`format.*` in the language file), read once per theme
//! rather than on every time shown: a large site shows tens of thousands of times, each in
//! five forms, and interpreting each `strftime` pattern for each one was most of the cost.
//!
//! A pattern is split into literal text and directives once. The directives the theme's
//! languages use (`%Y`, `%m`, `%d`, `%H`, `%M`, `%S`, unpadded with `-`; `%b`, `%B`, `%a`,
//! `%A`) are written here; the names are those [`Strings::strftime`] writes, asked of it once
//! for each month and weekday. A pattern with any other directive is left whole to
//! [`Strings::strftime`], so every pattern is written exactly as it would be there (a test
//! holds the two to the same text for every language of the built-in theme).

use jiff::ZonedDateTime;
use jiff::civil::Date;

use crate::i18n::Strings;

/// The five patterns of [`crate::i18n::TimeFormats`], ready to write.
#[derive(Debug)]
pub(crate) struct TimeForms {
    pub(super) datetime: Pattern,
    pub(super) date: Pattern,
    pub(super) time: Pattern,
    pub(super) datetime_this_year: Pattern,
    pub(super) date_this_year: Pattern,
    names: NameTables,
}

/// One pattern: its parts, or `None` when it needs [`Strings::strftime`].
#[derive(Debug)]
pub(super) struct Pattern {
    source: String,
    parts: Option<Vec<Part>>,
    /// The most bytes the parts write, with the longest of each kind of name.
    longest: usize,
    /// Bytes to leave free after them, for what is added to this form once written.
    room: usize,
}

/// A space and the longest offset [`crate::i18n::offset_text`] writes (`UTC-25:59`): what
/// `display` adds to the datetime.
const OFFSET_ROOM: usize = " UTC-25:59".len();

#[derive(Debug, PartialEq, Eq)]
enum Part {
    Text(String),
    /// A number of the time, zero-padded to two digits unless `padded` is false.
    Number(Field, bool),
    Year,
    ShortMonth,
    Month,
    ShortWeekday,
    Weekday,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Month,
    Day,
    Hour,
    Minute,
    Second,
}

/// The names `%b`, `%B`, `%a` and `%A` write: January and Monday first.
#[derive(Debug)]
struct NameTables {
    short_months: Vec<String>,
    months: Vec<String>,
    short_weekdays: Vec<String>,
    weekdays: Vec<String>,
}

impl TimeForms {
    pub(crate) fn new(strings: &Strings) -> TimeForms {
        let formats = strings.formats();
        let names = NameTables::of(strings);
        TimeForms {
            // The datetime becomes `display` with its offset after it: room for that too.
            datetime: Pattern::new(&formats.datetime, &names).with_room(OFFSET_ROOM),
            date: Pattern::new(&formats.date, &names),
            time: Pattern::new(&formats.time, &names),
            datetime_this_year: Pattern::new(&formats.datetime_this_year, &names),
            date_this_year: Pattern::new(&formats.date_this_year, &names),
            names,
        }
    }

    /// A writer of `zoned` in this set's patterns: its fields are read once for all its forms.
    pub(super) fn of<'a>(&'a self, zoned: &'a ZonedDateTime, strings: &'a Strings) -> Writer<'a> {
        Writer {
            names: &self.names,
            civil: Civil::of(zoned),
            zoned,
            strings,
        }
    }
}

/// One time, ready to be written in any of the patterns of a [`TimeForms`].
pub(super) struct Writer<'a> {
    names: &'a NameTables,
    /// `None` for a year `%Y` does not write as four digits: [`Strings::strftime`] writes it.
    civil: Option<Civil>,
    zoned: &'a ZonedDateTime,
    strings: &'a Strings,
}

/// The fields of a time in the site's zone that the patterns write.
#[derive(Debug, Clone, Copy)]
struct Civil {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    /// Monday is 0.
    weekday: u8,
}

impl Civil {
    /// The fields of `zoned`, if its year is one of 0–9999.
    fn of(zoned: &ZonedDateTime) -> Option<Civil> {
        let at = zoned.datetime();
        let year = u16::try_from(at.year()).ok().filter(|y| *y <= 9999)?;
        Some(Civil {
            year,
            month: at.month().unsigned_abs(),
            day: at.day().unsigned_abs(),
            hour: at.hour().unsigned_abs(),
            minute: at.minute().unsigned_abs(),
            second: at.second().unsigned_abs(),
            weekday: at.weekday().to_monday_zero_offset().unsigned_abs(),
        })
    }
}

impl Writer<'_> {
    /// The time written by `pattern` (one of the set's), as [`Strings::strftime`] writes it.
    pub(super) fn write(&self, pattern: &Pattern) -> String {
        let (Some(parts), Some(civil)) = (pattern.parts.as_ref(), self.civil) else {
            return self
                .strings
                .strftime(&pattern.source, self.zoned)
                .unwrap_or_else(|_| self.zoned.to_string());
        };
        // Room for the pattern's longest text (and what is added after it): one allocation.
        let mut out = String::with_capacity(pattern.longest + pattern.room);
        let names = self.names;
        for part in parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Number(field, padded) => {
                    let n = match field {
                        Field::Month => civil.month,
                        Field::Day => civil.day,
                        Field::Hour => civil.hour,
                        Field::Minute => civil.minute,
                        Field::Second => civil.second,
                    };
                    number(&mut out, n, *padded);
                }
                Part::Year => {
                    // Both halves below 100: the casts keep every digit.
                    number(&mut out, (civil.year / 100) as u8, true);
                    number(&mut out, (civil.year % 100) as u8, true);
                }
                Part::ShortMonth => out.push_str(name(&names.short_months, civil.month - 1)),
                Part::Month => out.push_str(name(&names.months, civil.month - 1)),
                Part::ShortWeekday => out.push_str(name(&names.short_weekdays, civil.weekday)),
                Part::Weekday => out.push_str(name(&names.weekdays, civil.weekday)),
            }
        }
        out
    }
}

fn name(names: &[String], index: u8) -> &str {
    names.get(usize::from(index)).map_or("", String::as_str)
}

/// `n` (below 100) in decimal, two digits when `padded`.
fn number(out: &mut String, n: u8, padded: bool) {
    if padded || n >= 10 {
        out.push(char::from(b'0' + n / 10 % 10));
    }
    out.push(char::from(b'0' + n % 10));
}

impl Pattern {
    fn new(source: &str, names: &NameTables) -> Pattern {
        let parts = parts(source);
        Pattern {
            source: source.to_string(),
            longest: parts.as_deref().map_or(0, |parts| longest(parts, names)),
            parts,
            room: 0,
        }
    }

    fn with_room(self, room: usize) -> Pattern {
        Pattern { room, ..self }
    }
}

/// The most bytes `parts` write, with the longest of each kind of name.
fn longest(parts: &[Part], names: &NameTables) -> usize {
    let most = |names: &[String]| names.iter().map(String::len).max().unwrap_or(0);
    parts
        .iter()
        .map(|part| match part {
            Part::Text(text) => text.len(),
            Part::Number(..) => 2,
            Part::Year => 4,
            Part::ShortMonth => most(&names.short_months),
            Part::Month => most(&names.months),
            Part::ShortWeekday => most(&names.short_weekdays),
            Part::Weekday => most(&names.weekdays),
        })
        .sum()
}

/// `source` split into text and the directives written here; `None` if it has another.
fn parts(source: &str) -> Option<Vec<Part>> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            text.push(c);
            continue;
        }
        let mut directive = chars.next()?;
        let padded = directive != '-';
        if !padded {
            directive = chars.next()?;
        }
        let part = match directive {
            '%' if padded => {
                text.push('%');
                continue;
            }
            'Y' if padded => Part::Year,
            'm' => Part::Number(Field::Month, padded),
            'd' => Part::Number(Field::Day, padded),
            'H' => Part::Number(Field::Hour, padded),
            'M' => Part::Number(Field::Minute, padded),
            'S' => Part::Number(Field::Second, padded),
            'b' | 'h' if padded => Part::ShortMonth,
            'B' if padded => Part::Month,
            'a' if padded => Part::ShortWeekday,
            'A' if padded => Part::Weekday,
            _ => return None,
        };
        if !text.is_empty() {
            parts.push(Part::Text(std::mem::take(&mut text)));
        }
        parts.push(part);
    }
    if !text.is_empty() {
        parts.push(Part::Text(text));
    }
    Some(parts)
}

impl NameTables {
    /// Each name as [`Strings::strftime`] writes it, from days of 2024 (January 1 was a
    /// Monday).
    fn of(strings: &Strings) -> NameTables {
        let write = |pattern: &str, month: i8, day: i8| {
            let date = Date::new(2024, month, day).unwrap_or_default();
            strings.strftime(pattern, date).unwrap_or_default()
        };
        let months = |pattern| (1..=12).map(|m| write(pattern, m, 1)).collect();
        let weekdays = |pattern| (1..=7).map(|d| write(pattern, 1, d)).collect();
        NameTables {
            short_months: months("%b"),
            months: months("%B"),
            short_weekdays: weekdays("%a"),
            weekdays: weekdays("%A"),
        }
    }
}

#[cfg(test)]
mod tests;
