//! A site with translation files, from load to the derived site in another language.

use std::path::Path;

use super::*;
use crate::diagnostics::Code;

const CONFIG: &str = "title: T\nbase_url: https://s.test/\nlanguages: [en, zh-CN]\ntimezone: UTC\nproducts:\n  - id: app\n    name: App\n";
const INCIDENT: &str = "---\ntitle: Login failures\naffected:\n  app: major_outage\n---\n\n## Timeline\n\n### 2026-01-01 00:30 · investigating\nLooking.\n\n### 03:30 · resolved\nFixed.\n";
const TRANSLATION: &str = "---\ntitle: 登录失败\n---\n\n## 时间线\n\n### 2026-01-01 00:30 · investigating\n正在调查。\n\n### 03:30 · resolved\n已修复。\n";

fn site(dir: &Path) -> Site {
    std::fs::write(dir.join("bulletin.yaml"), CONFIG).expect("config");
    std::fs::create_dir(dir.join("incidents")).expect("folder");
    std::fs::write(dir.join("incidents/login.md"), INCIDENT).expect("incident");
    std::fs::write(dir.join("incidents/login.zh-CN.md"), TRANSLATION).expect("translation");
    let mut site = Site::open(dir, None).expect("opens");
    site.load_incidents();
    site
}

fn at(text: &str) -> Timestamp {
    format!("{text}Z").parse().expect("a time")
}

#[test]
fn valid_holds_each_language_s_translations_and_an_earlier_now_still_matches_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = site(dir.path());
    assert_eq!(site.incidents.len(), 1, "the translation is no incident");
    for (now, shown) in [
        ("2026-01-01T01:00:00", vec!["正在调查。"]),
        ("2026-01-02T00:00:00", vec!["正在调查。", "已修复。"]),
    ] {
        let valid = site.check(at(now)).expect("checks");
        // The only warning: the entry ahead of an earlier now (none about translations).
        let codes: Vec<Code> = valid.warnings.iter().map(|d| d.code).collect();
        assert!(codes.iter().all(|c| *c == Code::FutureEntry), "{codes:?}");
        let translations = &valid.translations["zh-CN"];
        assert_eq!(translations["login"].title.as_deref(), Some("登录失败"));
        let derived = site.derive(&valid, at(now));
        let zh = derived.in_language(translations, "en");
        let inc = &zh.incidents[0];
        let bodies: Vec<&str> = inc.updates.iter().map(|u| u.body.as_str()).collect();
        assert_eq!(bodies, shown, "at {now}");
        assert_eq!(inc.title, "登录失败");
        assert!(inc.fallback.is_none(), "{:?}", inc.fallback);
    }
}

/// A session that dropped its check indexes (`render_once`) still finds a slug clash, both
/// when checked again and after a file changes (which builds the indexes again).
#[test]
fn a_slug_clash_is_found_after_the_indexes_are_dropped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut site = site(dir.path());
    std::fs::write(dir.path().join("incidents/Login.md"), INCIDENT).expect("clash");
    site.load_incidents();
    let clashes = |site: &Site| {
        let problems = site.check(at("2026-01-02T00:00:00")).expect_err("a clash");
        problems
            .iter()
            .filter(|d| d.code == Code::DuplicateSlug)
            .count()
    };
    assert_eq!(clashes(&site), 1, "indexed");
    site.render_once();
    assert!(site.indexes.is_none(), "render_once drops the indexes");
    assert_eq!(clashes(&site), 1, "indexes dropped");
    std::fs::write(dir.path().join("incidents/LOGIN.md"), INCIDENT).expect("another");
    site.apply(Path::new("incidents/LOGIN.md"));
    assert!(site.indexes.is_some(), "a change builds them again");
    assert_eq!(clashes(&site), 2, "after a change");
}

/// A session that keeps its list of checked incidents lends it to a derive that leaves it
/// where it found it (and copies it for one that takes it), and patches it for the files
/// applied since: each list it hands out is the one a fresh session's check makes.
#[test]
fn the_kept_list_is_lent_when_given_back_and_patched_for_each_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut site = site(dir.path());
    let later = INCIDENT.replace("2026-01-01 00:30", "2026-01-01 00:40");
    std::fs::write(dir.path().join("incidents/other.md"), &later).expect("other");
    site.keep_settled();
    site.load_incidents();
    let now = at("2026-01-02T00:00:00");
    let fresh = |dir: &Path| {
        let mut once = Site::open(dir, None).expect("opens");
        once.load_incidents();
        once.check(now).expect("checks").incidents
    };
    let first = site.check(now).expect("checks");
    assert_eq!(first.listed, 2, "the first list is made from every file");
    let _ = site.derive(&first, now);
    // This derive left the list whole: the next one is lent, not copied.
    site.take_back(first);
    std::fs::write(dir.path().join("incidents/other.md"), INCIDENT).expect("edit");
    site.apply(Path::new("incidents/other.md"));
    let lent = site.check(now).expect("checks");
    assert_eq!(lent.listed, 1, "patched for the edited file");
    assert_eq!(lent.incidents, fresh(dir.path()));
    // Not given back (a derive that took it): the next list is made again, then copied.
    drop(lent);
    let again = site.check(now).expect("checks");
    assert_eq!(again.listed, 2, "the lent list was not given back");
    site.take_back(Valid {
        incidents: Vec::new(),
        ..again
    });
    // Taken this time: lent, it is made again; from then on it is copied, and kept.
    assert_eq!(site.check(now).expect("checks").listed, 2, "made again");
    std::fs::write(dir.path().join("incidents/new.md"), &later).expect("new");
    site.apply(Path::new("incidents/new.md"));
    let copied = site.check(now).expect("checks");
    assert_eq!((copied.listed, copied.incidents.len()), (1, 3));
    assert_eq!(copied.incidents, fresh(dir.path()));
    drop(copied);
    assert_eq!(site.check(now).expect("checks").listed, 0, "a copy: kept");
}

impl Site {
    /// Whether it keeps nothing of a render for the next one ([`Site::render_once`]).
    pub(crate) fn renders_once(&self) -> bool {
        self.indexes.is_none() && !self.caches.keeps()
    }
}
