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
}

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
        TimeForms {
            datetime: Pattern::new(&formats.datetime),
            date: Pattern::new(&formats.date),
            time: Pattern::new(&formats.time),
            datetime_this_year: Pattern::new(&formats.datetime_this_year),
            date_this_year: Pattern::new(&formats.date_this_year),
            names: NameTables::of(strings),
        }
    }

    /// `zoned` written by `pattern` (one of this set's), as [`Strings::strftime`] writes it.
    pub(super) fn write(
        &self,
        pattern: &Pattern,
        zoned: &ZonedDateTime,
        strings: &Strings,
    ) -> String {
        let year = zoned.year();
        let Some(parts) = pattern
            .parts
            .as_ref()
            .filter(|_| (0..=9999).contains(&year))
        else {
            return strings
                .strftime(&pattern.source, zoned)
                .unwrap_or_else(|_| zoned.to_string());
        };
        let mut out = String::with_capacity(pattern.source.len() + 16);
        let names = &self.names;
        for part in parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Number(field, padded) => {
                    let n = match field {
                        Field::Month => zoned.month(),
                        Field::Day => zoned.day(),
                        Field::Hour => zoned.hour(),
                        Field::Minute => zoned.minute(),
                        Field::Second => zoned.second(),
                    };
                    number(&mut out, n.unsigned_abs(), *padded);
                }
                Part::Year => {
                    let y = year.unsigned_abs();
                    number(&mut out, (y / 100) as u8, true);
                    number(&mut out, (y % 100) as u8, true);
                }
                Part::ShortMonth => out.push_str(&names.short_months[month_index(zoned)]),
                Part::Month => out.push_str(&names.months[month_index(zoned)]),
                Part::ShortWeekday => out.push_str(&names.short_weekdays[weekday_index(zoned)]),
                Part::Weekday => out.push_str(&names.weekdays[weekday_index(zoned)]),
            }
        }
        out
    }
}

fn month_index(zoned: &ZonedDateTime) -> usize {
    usize::from(zoned.month().unsigned_abs()).saturating_sub(1)
}

fn weekday_index(zoned: &ZonedDateTime) -> usize {
    usize::from(zoned.weekday().to_monday_zero_offset().unsigned_abs())
}

/// `n` (below 100) in decimal, two digits when `padded`.
fn number(out: &mut String, n: u8, padded: bool) {
    if padded || n >= 10 {
        out.push(char::from(b'0' + n / 10 % 10));
    }
    out.push(char::from(b'0' + n % 10));
}

impl Pattern {
    fn new(source: &str) -> Pattern {
        Pattern {
            source: source.to_string(),
            parts: parts(source),
        }
    }
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
