//! `bulletin-strings.js`: the words and time formats `bulletin.js` needs, in the site's
//! language, once per site rather than in every page (at 10k incidents, ~800 bytes a page).
//! A script file, not JSON to fetch: it runs before `bulletin.js` (both `defer`, in order),
//! also from `file://`, under the pages' `script-src 'self'`.

use serde_json::{Map, Value, json};

use crate::i18n::Strings;
use crate::output::OutputFile;

/// The file's name at the site root.
pub(crate) const FILE: &str = "bulletin-strings.js";

/// The file, for the strings of one language.
pub(crate) fn file(strings: &Strings) -> OutputFile {
    let formats = strings.formats();
    let get = |key: &str| Value::String(strings.get(key));
    let mut words = json!({
        "approx": formats.approximate,
        "datetime": formats.datetime,
        "date": formats.date,
        "time": formats.time,
        "datetimeThisYear": formats.datetime_this_year,
        "dateThisYear": formats.date_this_year,
        "days": get("duration.days"),
        "hours": get("duration.hours"),
        "minutes": get("duration.minutes"),
        "sep": get("duration.separator"),
        "less": get("duration.less_than_minute"),
        "updated": get("ui.page_updated"),
        "reload": get("ui.reload"),
        "stale": get("ui.stale"),
        "local": get("ui.local_times"),
        "ago": get("time.ago"),
        "justNow": get("time.just_now"),
        "staleBuild": get("time.stale_build"),
        "zoneNames": strings
            .tree()
            .get("zone_names")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_else(Map::new),
    });
    // The language's month and weekday names, only where its formats use any: English and
    // numeric formats (zh-CN, ja) need none, and the script keeps English ones.
    if let (Some(names), Some(map)) = (strings.script_names(), words.as_object_mut()) {
        // glibc pads CJK short months (" 3月"); the build trims them too.
        let list = |names: &[&str]| json!(names.iter().map(|n| n.trim_start()).collect::<Vec<_>>());
        map.insert("months".into(), list(names.short_months));
        map.insert("monthNames".into(), list(names.months));
        map.insert("weekdays".into(), list(names.short_days));
        map.insert("weekdayNames".into(), list(names.days));
    }
    // serde_json escapes what would end a string; `<` too, so the text can never close a tag
    // should someone inline the file.
    let text = format!(
        "/* Written by `bulletin build` from the theme's i18n: bulletin.js's words. */\nwindow.bulletinStrings = {};\n",
        words.to_string().replace('<', "\\u003c")
    );
    OutputFile::new(FILE, text.into_bytes())
}
