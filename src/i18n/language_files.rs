//! The built-in theme's language files checked against English: every key, no other key, the
//! same `{placeholders}`, date patterns that format, and each file registered as a built-in
//! language and embedded. A gap would show as a key on a page, a placeholder left unfilled,
//! or a language `check` refuses.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use super::locale::Locale;

/// Every dotted key of `tree` that holds a string, with the string.
fn strings(tree: &Value, prefix: &str, out: &mut BTreeMap<String, String>) {
    match tree {
        Value::Object(map) => {
            for (k, v) in map {
                strings(v, &format!("{prefix}{k}."), out);
            }
        }
        _ => {
            let text = tree.as_str().map(str::to_string).unwrap_or_default();
            out.insert(prefix.trim_end_matches('.').to_string(), text);
        }
    }
}

/// The `{name}` placeholders of `text` (`{}` included), each once.
fn placeholders(text: &str) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if after[..close]
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_') =>
            {
                out.insert(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// Each language file of the built-in theme, by language, as dotted keys and strings.
fn language_files() -> BTreeMap<String, BTreeMap<String, String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let language = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut out = BTreeMap::new();
        strings(&serde_yaml::from_str(&text).unwrap(), "", &mut out);
        files.insert(language, out);
    }
    files
}

/// Every language file says every word English says, with the same placeholders, and nothing
/// English does not (but its own names for time zones).
#[test]
fn every_language_file_has_every_key_and_placeholder() {
    let mut files = language_files();
    let english = files.remove("en").unwrap();
    assert!(english.contains_key("notify.component.major_outage"));
    assert!(files.len() >= 8, "{:?}", files.keys());
    for (language, theirs) in &files {
        let missing: Vec<_> = english
            .keys()
            .filter(|k| !theirs.contains_key(*k))
            .collect();
        assert!(missing.is_empty(), "{language}.yaml lacks {missing:?}");
        let extra: Vec<_> = theirs
            .keys()
            .filter(|k| !english.contains_key(*k) && !k.starts_with("zone_names."))
            .collect();
        assert!(
            extra.is_empty(),
            "{language}.yaml has keys English lacks: {extra:?}"
        );
        for (key, text) in &english {
            assert_eq!(
                placeholders(&theirs[key]),
                placeholders(text),
                "{language}.yaml: {key} has other placeholders than English's {text:?}"
            );
        }
    }
}

/// Each file's date patterns format in its locale, and the month grid names twelve months.
#[test]
fn every_language_file_writes_dates() {
    let at = jiff::civil::date(2023, 3, 29)
        .at(3, 30, 0, 0)
        .in_tz("UTC")
        .unwrap();
    for (language, strings) in language_files() {
        let locale = Locale::of(&language);
        for key in [
            "format.date",
            "format.datetime",
            "format.time",
            "format.month",
        ]
        .into_iter()
        .chain(["time.datetime_this_year", "time.date_this_year"])
        {
            let written = locale.format(&strings[key], &at);
            assert!(
                written.as_ref().is_ok_and(|w| !w.contains('%')),
                "{language}.yaml: {key} {written:?}"
            );
        }
        let months = strings["history.month_names"].split(' ').count();
        assert_eq!(months, 12, "{language}.yaml: history.month_names");
    }
}

/// Every file is a built-in language: `check` accepts it and the binary carries it.
#[test]
fn every_language_file_is_built_in() {
    let languages: Vec<String> = language_files().into_keys().collect();
    let registered: BTreeSet<&str> = crate::config::BUILTIN_LANGUAGES.into_iter().collect();
    let listed: BTreeSet<&str> = languages.iter().map(String::as_str).collect();
    assert_eq!(listed, registered);
    for language in &languages {
        let name = format!("i18n/{language}.yaml");
        assert!(
            crate::theme::BUILTIN.iter().any(|(n, _)| *n == name),
            "{name} is not embedded (src/theme.rs)"
        );
    }
}

#[test]
fn placeholders_are_read() {
    let found = placeholders("{a} {b_c} {} { x } {A} {a");
    assert_eq!(found.into_iter().collect::<Vec<_>>(), ["", "a", "b_c"]);
}
