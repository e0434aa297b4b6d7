//! `serve` applies a saved translation file: its problems appear and go as the file changes,
//! and the incident it translates is rendered again, the output equal to a fresh build.

use std::path::PathBuf;

use crate::support::*;
use bulletin::build::{self, Clock, Options};
use bulletin::serve::live::LiveSite;

const TRANSLATION: &str = "---\ntitle: 登录失败\n---\n用户无法登录。\n\n## 时间线\n\n### 2023-03-29 00:30 · investigating\n正在调查。\n\n### 03:30 · resolved\n已修复。\n";

fn options(site: &TestSite) -> Options {
    Options {
        clock: Clock::Text("2026-11-23 12:00".into()),
        ..Options::new(site.path())
    }
}

fn same_as_build(live: &LiveSite, site: &TestSite) -> bool {
    let checked = build::check(&options(site)).expect("site checks");
    let (_, files) = build::render_to_memory(checked).expect("site renders");
    let served = live.files();
    files.len() == served.len()
        && files
            .iter()
            .all(|f| served.get(f.path.as_str()).is_some_and(|b| **b == *f.bytes))
}

fn codes(d: &bulletin::diagnostics::Diagnostics) -> Vec<(String, String, Option<usize>)> {
    d.iter()
        .map(|d| (d.code.to_string(), d.file.display().to_string(), d.line))
        .collect()
}

#[test]
fn an_edit_to_a_translation_file_is_applied() {
    let site = TestSite::new(&CONFIG.replace("language: en", "languages: [en, zh-CN]"));
    site.write("incidents/login.md", GOOD_INCIDENT);
    let rel = PathBuf::from("incidents/login.zh-CN.md");
    // No translation yet: one warning for the incident.
    let mut live = LiveSite::new(options(&site)).expect("initial build");
    assert!(same_as_build(&live, &site));

    site.write("incidents/login.zh-CN.md", TRANSLATION);
    let rebuilt = live
        .update(std::slice::from_ref(&rel))
        .expect("a good translation");
    assert_eq!(codes(&rebuilt.warnings), []);
    // More than a rebuild that changed nothing: the incident's own pages too.
    let nothing = live.update(&[]).expect("no change").rendered;
    let edited = live
        .update(std::slice::from_ref(&rel))
        .expect("the same")
        .rendered;
    assert!(
        edited > nothing,
        "the incident's pages are rendered again: {edited} ≤ {nothing}"
    );
    assert!(rebuilt.rendered > 0);
    assert!(same_as_build(&live, &site));

    site.write(
        "incidents/login.zh-CN.md",
        &TRANSLATION.replace("03:30", "03:45"),
    );
    let problems = live
        .update(std::slice::from_ref(&rel))
        .expect_err("a contradiction");
    let mismatch = (
        "translation-mismatch".to_string(),
        rel.display().to_string(),
        Some(11),
    );
    let missing = (
        "translation-missing".to_string(),
        "incidents/login.md".to_string(),
        Some(13),
    );
    assert_eq!(codes(&problems), [missing, mismatch]);

    site.write(
        "incidents/login.zh-CN.md",
        &TRANSLATION.replace("### 03:30 · resolved\n已修复。\n", ""),
    );
    let rebuilt = live.update(std::slice::from_ref(&rel)).expect("fixed");
    let missing = (
        "translation-missing".to_string(),
        "incidents/login.md".to_string(),
        Some(13),
    );
    assert_eq!(codes(&rebuilt.warnings), [missing]);

    std::fs::remove_file(site.path().join(&rel)).expect("removed");
    let rebuilt = live.update(&[rel]).expect("no translation");
    let none = (
        "translation-missing".to_string(),
        "incidents/login.md".to_string(),
        Some(1),
    );
    assert_eq!(codes(&rebuilt.warnings), [none]);
    assert!(same_as_build(&live, &site));
}

/// The warning that an incident has no translation file depends on that file alone: a
/// rebuild writes only the edited incident's anew and keeps the others', and still reports
/// every one of them.
#[test]
fn a_rebuild_writes_only_the_edited_files_missing_translation_warning() {
    let site = TestSite::new(&CONFIG.replace("language: en", "languages: [en, zh-CN]"));
    for name in ["a", "b", "c"] {
        site.write(&format!("incidents/{name}.md"), GOOD_INCIDENT);
    }
    let mut live = LiveSite::new(options(&site)).expect("initial build");
    let edited = GOOD_INCIDENT.replace("Fixed", "Fixed for good");
    assert_ne!(edited, GOOD_INCIDENT, "the edit changes the file");
    site.write("incidents/b.md", &edited);
    let rebuilt = live
        .update(&[PathBuf::from("incidents/b.md")])
        .expect("rebuilds");
    let missing = (rebuilt.warnings.iter())
        .filter(|d| d.code.as_str() == "translation-missing")
        .count();
    assert_eq!(missing, 3, "every incident's warning is reported");
    assert_eq!(
        rebuilt.translation_warnings, 1,
        "only the edited incident's warning is written anew"
    );
    assert!(same_as_build(&live, &site));
}

/// What the translation checks found is kept with the texts it was found in: a rebuild holds
/// only the edited incident's translation to it and works out only its missing texts, and
/// an edit to the original alone is enough to check its translation again
/// (`equals_build_checks.rs`).
#[test]
fn a_rebuild_checks_only_the_edited_incidents_translation() {
    let site = TestSite::new(&CONFIG.replace("language: en", "languages: [en, zh-CN]"));
    for name in ["a", "b", "c"] {
        site.write(&format!("incidents/{name}.md"), GOOD_INCIDENT);
        site.write(&format!("incidents/{name}.zh-CN.md"), TRANSLATION);
    }
    let mut live = LiveSite::new(options(&site)).expect("initial build");
    site.write("incidents/b.md", &GOOD_INCIDENT.replace("Fixed", "Mended"));
    let edited = live.update(&[PathBuf::from("incidents/b.md")]);
    assert_eq!(
        edited.expect("rebuilds").translations_checked,
        2,
        "b.zh-CN.md held to b.md, and what b lacks in zh-CN; not a's or c's"
    );
    site.write(
        "incidents/c.zh-CN.md",
        &TRANSLATION.replace("已修复", "已解决"),
    );
    let translated = live.update(&[PathBuf::from("incidents/c.zh-CN.md")]);
    assert_eq!(translated.expect("rebuilds").translations_checked, 2);
    assert!(same_as_build(&live, &site));
}
