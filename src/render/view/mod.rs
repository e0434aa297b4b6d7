//! The plain data templates receive. Everything here is already localised and, for Markdown,
//! already turned into sanitised HTML; templates only arrange it.
//!
//! [`Views`] builds them: `incident` holds the views of one incident (its card in every list,
//! its body on its own page and in feeds), `catalogue` those of the products and their uptime.

mod catalogue;
mod changes;
mod clock;
mod incident;

use jiff::{Timestamp, tz::TimeZone};
use serde::Serialize;

use crate::config::Config;
use crate::i18n::{Strings, offset_text};
use crate::model::ComponentStatus;

pub(crate) use catalogue::ProductView;
pub(crate) use clock::TimeForms;
pub(crate) use incident::IncidentCard;

/// A moment, ready to show.
///
/// Pages write the short forms (`short`, `day`, `clock`): no zone (each page says once which
/// zone its times are in), no year in the build's current year. What is read apart from a page
/// (feeds, labels of a chart) writes `display`, which says both. docs/design.md, "Times".
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TimeView {
    /// RFC 3339 with the site's offset, for `<time datetime>`.
    pub iso: String,
    /// Date and time in the locale's form, with the year and the UTC offset.
    pub display: String,
    /// Date and time as pages write them: no zone, the year only when it is not the current one.
    pub short: String,
    pub date: String,
    /// The date as pages write it: the year only when it is not the current one.
    pub day: String,
    pub clock: String,
    pub approximate: bool,
}

/// A status word and its label in the site's language.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Label {
    pub key: &'static str,
    pub label: String,
}

/// Shared helpers for building views in one language and zone.
pub(crate) struct Views<'a> {
    pub config: &'a Config,
    pub strings: &'a Strings,
    /// The locale's time patterns, read once per theme.
    pub(crate) forms: &'a TimeForms,
    pub(crate) counts: &'a crate::render::Counts,
    /// The year of the build's "now" in the site's zone: a time in it is written without
    /// the year.
    pub(crate) now_year: i16,
}

impl Views<'_> {
    fn tz(&self) -> &TimeZone {
        &self.config.timezone
    }

    /// `at` in the site's zone and the locale's formats; `approximate` marks the displayed
    /// forms (not `iso`) as the locale writes "about".
    pub(crate) fn time(&self, at: Timestamp, approximate: bool) -> TimeView {
        let formats = self.strings.formats();
        let mark = |text: String| {
            if approximate {
                formats.approximate.replace("{}", &text)
            } else {
                text
            }
        };
        let zoned = at.to_zoned_datetime(self.tz().clone());
        let forms = self.forms;
        let writer = forms.of(&zoned, self.strings);
        let format = |pattern| writer.write(pattern);
        let datetime = format(&forms.datetime);
        let date = format(&forms.date);
        // Outside the build's year the short forms are the full ones: written once.
        let (short, day) = if zoned.year() == self.now_year {
            (
                format(&forms.datetime_this_year),
                format(&forms.date_this_year),
            )
        } else {
            (datetime.clone(), date.clone())
        };
        TimeView {
            iso: crate::time::rfc3339(&zoned),
            display: mark(with_offset(datetime, zoned.offset())),
            short: mark(short),
            date,
            day,
            clock: mark(format(&forms.time)),
            approximate,
        }
    }

    /// The word `key` of the strings' `group` (`status`, `update`, `impact`), with its label.
    fn label(&self, group: &str, key: &'static str) -> Label {
        Label {
            key,
            label: self.strings.label(group, key),
        }
    }

    /// A component status with its label.
    pub(crate) fn component_status(&self, status: ComponentStatus) -> Label {
        self.label("status", status.as_str())
    }
}

/// `datetime` followed by its offset as people read it ("UTC+8"). The offset's text is kept
/// for the next time on this thread: nearly every time of a site has its zone's usual offset.
fn with_offset(mut datetime: String, offset: jiff::tz::Offset) -> String {
    thread_local! {
        static LAST: std::cell::RefCell<(i32, String)> =
            std::cell::RefCell::new((0, offset_text(jiff::tz::Offset::UTC)));
    }
    LAST.with_borrow_mut(|(seconds, text)| {
        if *seconds != offset.seconds() {
            (*seconds, *text) = (offset.seconds(), offset_text(offset));
        }
        datetime.push(' ');
        datetime.push_str(text);
    });
    datetime
}
