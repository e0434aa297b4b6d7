//! What a UI language writes differently from English in dates and numbers and that its
//! `i18n/<language>.yaml` does not say: the names of months and weekdays (`%b`, `%B`, `%a`,
//! `%A`, which jiff writes in English) and the decimal separator.
//!
//! The data is glibc's, from `pure-rust-locales` (the crate chrono's `unstable-locales` uses):
//! no dependencies, every glibc locale (~350 KB of the binary, so a language a site adds gets
//! its names too), compiled in seconds. CLDR through `icu_datetime` would
//! also know each locale's order of day, month and year, but costs a dozen crates and minutes
//! of compiling; the order stays in the language file's `format.*` patterns, where a
//! translator sees it. English keeps jiff's own names, so an English page is written exactly
//! as before, with no extra work.

use jiff::fmt::strtime::BrokenDownTime;
use pure_rust_locales::{Locale as Glibc, locale_match};

/// The names and the decimal separator of one language.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Locale {
    /// `None` for English, and for a language glibc does not know: jiff's English names.
    names: Option<Names>,
    decimal_point: &'static str,
}

/// Month and weekday names, January and Sunday first.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Names {
    pub short_months: &'static [&'static str],
    pub months: &'static [&'static str],
    pub short_days: &'static [&'static str],
    pub days: &'static [&'static str],
}

impl Locale {
    /// The locale of a language tag as `bulletin.yaml` writes it (`de`, `pt-BR`, `zh-TW`).
    pub(crate) fn of(language: &str) -> Locale {
        let english = Locale {
            names: None,
            decimal_point: ".",
        };
        if language == "en" || language.starts_with("en-") {
            return english;
        }
        let Ok(glibc) = Glibc::try_from(glibc_name(language).as_str()) else {
            return english;
        };
        Locale {
            names: Some(Names {
                short_months: locale_match!(glibc => LC_TIME::ABMON),
                months: locale_match!(glibc => LC_TIME::MON),
                short_days: locale_match!(glibc => LC_TIME::ABDAY),
                days: locale_match!(glibc => LC_TIME::DAY),
            }),
            decimal_point: locale_match!(glibc => LC_NUMERIC::DECIMAL_POINT),
        }
    }

    /// The month and weekday names, when they are not English.
    pub(crate) fn names(&self) -> Option<&Names> {
        self.names.as_ref()
    }

    /// `time` written by the `strftime` `pattern`, month and weekday names in this language.
    pub(crate) fn format(
        &self,
        pattern: &str,
        time: impl Into<BrokenDownTime>,
    ) -> Result<String, jiff::Error> {
        let time = time.into();
        match &self.names {
            None => time.to_string(pattern),
            Some(names) => time.to_string(names.put_into(pattern, &time)),
        }
    }

    /// A number written with `.` (`99.95`) with this language's decimal separator (`99,95`).
    pub(crate) fn decimal(&self, number: &str) -> String {
        number.replace('.', self.decimal_point)
    }
}

impl Names {
    /// `pattern` with `%b`, `%B`, `%a` and `%A` replaced by the names for `time` (escaped,
    /// should one hold a `%`); every other directive left for jiff. A directive with flags
    /// (`%^b`) stays as it is: English.
    fn put_into(&self, pattern: &str, time: &BrokenDownTime) -> String {
        let month = time.month().and_then(|m| usize::try_from(m - 1).ok());
        // A time made from a date knows its day of the week only through the date.
        let weekday = time.weekday().or_else(|| {
            let (y, m, d) = (time.year()?, time.month()?, time.day()?);
            jiff::civil::Date::new(y, m, d)
                .ok()
                .map(|date| date.weekday())
        });
        let day = weekday.and_then(|w| usize::try_from(w.to_sunday_zero_offset()).ok());
        let mut out = String::with_capacity(pattern.len() + 16);
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            let Some(directive) = chars.next() else {
                out.push('%');
                break;
            };
            let name = match directive {
                'b' | 'h' => month.and_then(|m| self.short_months.get(m)),
                'B' => month.and_then(|m| self.months.get(m)),
                'a' => day.and_then(|d| self.short_days.get(d)),
                'A' => day.and_then(|d| self.days.get(d)),
                _ => None,
            };
            match name {
                // glibc pads the CJK short months (" 3月") as `%e` pads days.
                Some(name) => out.push_str(&name.trim_start().replace('%', "%%")),
                None => {
                    out.push('%');
                    out.push(directive);
                }
            }
        }
        out
    }
}

/// glibc's name of a language tag: `pt-BR` → `pt_BR`; a language alone in its main country
/// (`de` → `de_DE`, `ja` → `ja_JP`).
fn glibc_name(language: &str) -> String {
    let (lang, region) = language.split_once(['-', '_']).unwrap_or((language, ""));
    let region = match (lang, region) {
        (_, r) if !r.is_empty() => r.to_ascii_uppercase(),
        ("ja", _) => "JP".into(),
        ("ko", _) => "KR".into(),
        ("zh", _) => "CN".into(),
        ("sv", _) => "SE".into(),
        ("da", _) => "DK".into(),
        ("cs", _) => "CZ".into(),
        ("el", _) => "GR".into(),
        ("uk", _) => "UA".into(),
        ("vi", _) => "VN".into(),
        ("he", _) => "IL".into(),
        ("hi", _) => "IN".into(),
        ("ar", _) => "SA".into(),
        ("fa", _) => "IR".into(),
        ("nb", _) => "NO".into(),
        (l, _) => l.to_ascii_uppercase(),
    };
    format!("{}_{region}", lang.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn at(language: &str, pattern: &str) -> String {
        let zoned = date(2023, 3, 29).at(3, 30, 0, 0).in_tz("UTC").unwrap();
        Locale::of(language).format(pattern, &zoned).unwrap()
    }

    #[test]
    fn month_names_are_the_languages() {
        assert_eq!(at("de", "%-d. %B %Y, %H:%M"), "29. März 2023, 03:30");
        assert_eq!(at("fr", "%-d %B %Y à %H:%M"), "29 mars 2023 à 03:30");
        assert_eq!(at("es", "%-d %b %Y, %H:%M"), "29 mar 2023, 03:30");
        assert_eq!(
            at("pt-BR", "%-d de %b. de %Y %H:%M"),
            "29 de mar. de 2023 03:30"
        );
        assert_eq!(at("ja", "%b %A"), "3月 水曜日");
        assert_eq!(at("de", "%a, %A"), "Mi, Mittwoch");
        // English: jiff's own names, untouched.
        assert_eq!(at("en", "%-d %b %Y (%a)"), "29 Mar 2023 (Wed)");
        // A language glibc does not know keeps English rather than failing.
        assert_eq!(at("tlh", "%B"), "March");
    }

    #[test]
    fn other_directives_pass_through() {
        assert_eq!(at("de", "%%B %Y-%m-%d %%"), "%B 2023-03-29 %");
        let civil = Locale::of("fr").format("%B %Y", date(2023, 8, 1)).unwrap();
        assert_eq!(civil, "août 2023");
    }

    #[test]
    fn decimals_follow_the_language() {
        assert_eq!(Locale::of("de").decimal("99.95"), "99,95");
        assert_eq!(Locale::of("pt-BR").decimal("12.5"), "12,5");
        assert_eq!(Locale::of("ja").decimal("99.95"), "99.95");
        assert_eq!(Locale::of("zh-CN").decimal("99.95"), "99.95");
        assert_eq!(Locale::of("en").decimal("100"), "100");
    }

    #[test]
    fn tags_name_glibc_locales() {
        assert_eq!(glibc_name("pt-BR"), "pt_BR");
        assert_eq!(glibc_name("zh-TW"), "zh_TW");
        assert_eq!(glibc_name("de"), "de_DE");
        assert_eq!(glibc_name("ko"), "ko_KR");
        for tag in ["zh-TW", "ja", "ko", "de", "fr", "es", "pt-BR", "zh-CN"] {
            assert!(Locale::of(tag).names().is_some(), "{tag}");
        }
    }
}
