//! Reading translation files.

use std::path::Path;

use super::*;
use crate::model::UpdateStatus;

const TRANSLATION: &str = "---\ntitle: Outage\n---\n\nThe summary.\n\n## Timeline\n\n### ~2026-01-01 10:00 · investigating\n\nA\n\n### 11:00 · resolved\n\nAffects: app=operational\n\nB\n\n## Statements\n\n### 10:30 · Team · Weibo\n\n> C\n";

fn config(languages: &str) -> Config {
    let yaml = format!(
        "title: T\nbase_url: https://s.test/\n{languages}\ntimezone: UTC\nproducts:\n  - id: app\n    name: App\n"
    );
    crate::config::parse(Path::new("."), &yaml, None).expect("test config")
}

fn parsed(text: &str) -> (Option<ParsedTranslation>, Vec<Diagnostic>) {
    let config = config("languages: [zh-CN, en]");
    let original = PathBuf::from("incidents/t.md");
    parse(
        &config,
        Path::new("incidents/t.en.md"),
        "en",
        original,
        text,
    )
}

#[test]
fn a_file_named_after_another_language_is_a_translation_on_a_multilingual_site_only() {
    let two = config("languages: [zh-CN, en]");
    let rel = Path::new("incidents/2026/a.b.en.md");
    let (language, original) = translation_of(&two, rel).expect("a translation");
    assert_eq!(
        (language, original.as_path()),
        ("en", Path::new("incidents/2026/a.b.md"))
    );
    assert_eq!(translation_path(&original, "en"), rel);
    assert!(translation_of(&two, Path::new("incidents/a.zh-CN.md")).is_none());
    assert!(translation_of(&two, Path::new("incidents/a.fr.md")).is_none());
    assert!(translation_of(&two, Path::new("incidents/.en.md")).is_none());
    let one = config("language: en");
    assert!(translation_of(&one, Path::new("incidents/a.en.md")).is_none());
}

#[test]
fn the_words_are_read_keyed_by_the_entry_they_translate() {
    let (parsed, problems) = parsed(TRANSLATION);
    assert!(problems.is_empty(), "{problems:?}");
    let parsed = parsed.expect("parses");
    let t = &parsed.translation;
    assert_eq!(t.title.as_deref(), Some("Outage"));
    assert_eq!(t.summary.as_deref(), Some("The summary."));
    assert_eq!(t.updates.len(), 2);
    assert_eq!(t.updates[1].0.status, UpdateStatus::Resolved);
    assert_eq!(t.updates[1].1, "B");
    assert_eq!(t.statements[0].1.by, "Team");
    assert_eq!(t.statements[0].1.body, "> C");
    // What validation holds to the original: the lines each entry repeats.
    assert_eq!(parsed.updates[1].changes.len(), 1);
    assert_eq!((parsed.updates[0].line, parsed.statements[0].line), (9, 21));
}

#[test]
fn a_structural_field_is_an_error_at_its_place_naming_the_original() {
    let text = TRANSLATION.replace(
        "title: Outage\n",
        "title: Outage\nkind: incident\nimpact: major\n",
    );
    let (_, problems) = parsed(&text);
    let fields: Vec<_> = problems
        .iter()
        .map(|d| (d.code, d.line, d.column))
        .collect();
    assert_eq!(
        fields,
        [
            (Code::TranslationField, Some(3), Some(1)),
            (Code::TranslationField, Some(4), Some(1))
        ]
    );
    let hint = problems[0].hint.as_deref().unwrap_or("");
    assert!(
        hint.contains("written once, in the original incidents/t.md"),
        "{hint}"
    );
}

#[test]
fn an_empty_title_is_not_translated_yet() {
    let (parsed, problems) = parsed(&TRANSLATION.replace("title: Outage", "title: \"\""));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(parsed.expect("parses").translation.title, None);
}
