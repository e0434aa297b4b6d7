//! The incident page written without Tera (src/render/compiled/; its content block in
//! src/render/view/incident/page.rs) is byte for byte the page Tera renders from the built-in
//! `incident.html`: for every incident of every site the repository has (the default site and
//! `examples/acme`, both in two languages, the German fixture site with its own words, and a
//! few hundred of the oracle's generated incidents and maintenance in English and, not yet
//! translated, in Chinese, with markup characters and quotes in the site's and an incident's
//! texts), at several instants (live, resolved, upcoming, in their windows).
//!
//! Tera's form comes from a copy of each site holding the built-in `incident.html` as its own
//! `templates/incident.html`: an override, so Tera renders its incident pages. Every file of
//! the two builds is compared, and the count of templates Tera rendered tells that every
//! incident page of the site as it is was written without Tera (and only those). A site that
//! changes `incident.html` or `base.html` gets its own template's pages.

use std::collections::BTreeSet;
use std::path::Path;

use bulletin::build::{self, Clock, Options};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

use super::compiled_lists::{EARLIER, LIST_BRANCHES, branches};
use crate::support::oracle::site::{self, CONFIG, EPOCH, Item};
use crate::support::{TestSite, repo};

const INCIDENT_HTML: &str = include_str!("../../../themes/default/templates/incident.html");
const BASE_HTML: &str = include_str!("../../../themes/default/templates/base.html");
const MONTH_HTML: &str = include_str!("../../../themes/default/templates/month.html");
const YEAR_HTML: &str = include_str!("../../../themes/default/templates/component_year.html");

/// The built-in templates each kind of page written without Tera reads first, which a copy of
/// the site holds as its own so that Tera renders those pages.
const OVERRIDES: [(&str, &str); 3] = [
    ("templates/incident.html", INCIDENT_HTML),
    ("templates/month.html", MONTH_HTML),
    ("templates/component_year.html", YEAR_HTML),
];

/// Every file of the site at `root` built in memory at `now`, and how many templates Tera
/// rendered for it.
pub(super) fn built(root: &Path, now: &Clock) -> (usize, Vec<(String, Vec<u8>)>) {
    let options = Options {
        clock: now.clone(),
        ..Options::new(root)
    };
    let checked = build::check(&options)
        .unwrap_or_else(|d| panic!("{} checks at {now:?}: {d:?}", root.display()));
    let (rendered, files) = build::render_to_memory(checked)
        .unwrap_or_else(|d| panic!("{} renders at {now:?}: {d:?}", root.display()));
    let files = files.into_iter().map(|f| (f.path, f.bytes)).collect();
    (rendered.stats.templates, files)
}

/// A copy of the site at `root` (its config, incidents and own theme files), into `into`.
fn copy_site(root: &Path, into: &Path) {
    for name in [
        "bulletin.yaml",
        "notify.yaml",
        "incidents",
        "static",
        "i18n",
        "templates",
    ] {
        for entry in walkdir::WalkDir::new(root.join(name)).into_iter().flatten() {
            let to = into.join(entry.path().strip_prefix(root).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
    }
}

/// A kind of page written without Tera.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Incident,
    Month,
    ComponentYear,
}

/// The kind of page written without Tera `path` is (in any language's tree), if any.
pub(super) fn compiled_kind(path: &str) -> Option<Kind> {
    let parts: Vec<&str> = path.split('/').collect();
    let n = parts.len();
    if n < 3 || parts[n - 1] != "index.html" {
        return None;
    }
    let (folder, name) = (parts[n - 3], parts[n - 2]);
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    match (folder, name.len()) {
        ("incidents", _) => Some(Kind::Incident),
        ("history", 7) if digits(&name[..4]) && digits(&name[5..]) => Some(Kind::Month),
        ("history", 4) if digits(name) && parts.contains(&"components") => {
            Some(Kind::ComponentYear)
        }
        _ => None,
    }
}

/// How many pages of each kind were compared, and which branches of the list pages' templates
/// they took.
#[derive(Debug, Default)]
struct Compared {
    incidents: usize,
    months: usize,
    years: usize,
    branches: BTreeSet<String>,
}

/// Where `a` and `b` first differ, with some text around it.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let at = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let around = |s: &[u8]| {
        String::from_utf8_lossy(&s[at.saturating_sub(120)..(at + 120).min(s.len())]).into_owned()
    };
    format!(
        "at byte {at}:\n  compiled: …{}…\n  Tera:     …{}…",
        around(a),
        around(b)
    )
}

/// The site at `root` built as it is and with Tera rendering its incident, month and
/// component year pages gives the same files at each of `nows`, and the first renders none of
/// those pages through Tera. Returns how many of each were compared.
fn assert_same(root: &Path, nows: &[Clock]) -> Compared {
    let tera_site = tempfile::tempdir().unwrap();
    copy_site(root, tera_site.path());
    for (name, text) in OVERRIDES {
        let own = tera_site.path().join(name);
        assert!(!own.exists(), "{} has its own {name}", root.display());
        std::fs::create_dir_all(own.parent().unwrap()).unwrap();
        std::fs::write(&own, text).unwrap();
    }
    let mut compared = Compared::default();
    for now in nows {
        let (compiled_templates, compiled) = built(root, now);
        let (tera_templates, tera) = built(tera_site.path(), now);
        let paths =
            |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(
            paths(&compiled),
            paths(&tera),
            "{} at {now:?}: the same files",
            root.display()
        );
        for ((path, a), (_, b)) in compiled.iter().zip(&tera) {
            assert!(
                a == b,
                "{} at {now:?}: {path} differs {}",
                root.display(),
                first_difference(a, b)
            );
        }
        let count = |kind| {
            (compiled.iter())
                .filter(|(p, _)| compiled_kind(p) == Some(kind))
                .count()
        };
        let pages = Compared {
            incidents: count(Kind::Incident),
            months: count(Kind::Month),
            years: count(Kind::ComponentYear),
            ..Compared::default()
        };
        assert!(
            pages.incidents > 0,
            "{} at {now:?}: no incident page",
            root.display()
        );
        assert_eq!(
            tera_templates - compiled_templates,
            pages.incidents + pages.months + pages.years,
            "{} at {now:?}: every incident, month and component year page, and only they, \
             written without Tera",
            root.display()
        );
        for (path, bytes) in &compiled {
            if let Some(kind @ (Kind::Month | Kind::ComponentYear)) = compiled_kind(path) {
                let page = std::str::from_utf8(bytes).unwrap();
                compared.branches.extend(branches(kind, page));
            }
        }
        compared.incidents += pages.incidents;
        compared.months += pages.months;
        compared.years += pages.years;
    }
    compared
}

pub(super) fn text(now: &str) -> Clock {
    Clock::Text(now.to_string())
}

#[test]
fn the_repositorys_sites_incident_pages_are_teras_bytes() {
    // The default site's outage: live (its duration still running), then resolved.
    let outage = [text("2023-03-29 05:00"), text("2026-11-23 12:00")];
    assert_eq!(
        assert_same(&repo(), &outage).incidents,
        4,
        "one incident, two languages, two instants"
    );
    // During the CDN outage (its timeline newest first); at the repository's usual instant.
    let acme = [text("2026-06-08 10:40"), text("2026-11-23 12:00")];
    let acme = assert_same(&repo().join("examples/acme"), &acme);
    assert!(acme.incidents >= 20, "acme: {acme:?}");
    assert!(acme.months >= 4 && acme.years >= 4, "acme: {acme:?}");
    let german = assert_same(
        &repo().join("tests/fixtures/german_site"),
        // The incident live and the maintenance upcoming, then in its window, then both over.
        &[
            text("2026-11-23 09:30"),
            text("2026-11-23 13:00"),
            text("2026-11-23 23:00"),
        ],
    );
    assert_eq!(german.incidents, 6);
}

/// About `n` of the oracle's incidents and maintenance (tests/suite/support/oracle/site.rs),
/// always the same ones.
fn oracle_items(n: usize) -> Vec<Item> {
    let mut runner = TestRunner::deterministic();
    let mut items = Vec::new();
    while items.len() < n {
        items.extend(site::site().new_tree(&mut runner).unwrap().current());
    }
    for (i, item) in items.iter_mut().enumerate() {
        item.slug = format!("i{i}");
    }
    items
}

/// What escaping must get right: markup characters and quotes in every text a page writes.
const HOSTILE: &str = r#"---
title: "Login <fails> & \"quotes\" 'too'"
affected:
  app/login: major_outage
---
Summary with <b>html</b> & ampersand.

## Timeline

### 2026-03-07 10:00 · investigating
Looking & <checking>.

### 2026-03-09 11:00 · resolved
Done.

## Statements

### 2026-03-07 10:30 · Ops & "Team" · [Blog & <news>](https://blog.test/a?b=1&c=2)
> Sorry & <thanks>.

## Notes & <more>

Extra section text.
"#;

#[test]
fn generated_incidents_pages_are_teras_bytes_in_both_languages() {
    let items = oracle_items(240);
    let config = CONFIG.replace("language: en\n", "languages: [en, zh-CN]\n").replace(
        "title: Oracle\n",
        "title: Oracle & <Co> \"q\"\ndescription: Status & <more>\nshow_generator: false\nlinks:\n  home: https://www.example.test/?a=1&b=2\n  support: https://help.example.test/\n",
    );
    let site = TestSite::new(&config);
    for item in &items {
        site.write(&format!("incidents/{}.md", item.slug), &site::file(item));
    }
    site.write("incidents/hostile.md", HOSTILE);
    for (slug, text) in EARLIER {
        site.write(&format!("incidents/{slug}.md"), text);
    }
    // Across the five days of histories: every item before, during and after its time.
    let nows: Vec<Clock> = [600, 2400, 4300, 7100]
        .iter()
        .map(|minute| Clock::Epoch(EPOCH + minute * 60 + 30))
        .collect();
    let compared = assert_same(site.path(), &nows);
    assert!(compared.incidents > 1000, "{compared:?} pages compared");
    assert!(
        compared.months > 10 && compared.years > 10,
        "{compared:?} pages compared"
    );
    let missed: Vec<&str> = (LIST_BRANCHES.iter().copied())
        .filter(|b| !compared.branches.contains(*b))
        .collect();
    assert!(missed.is_empty(), "branches not taken: {missed:?}");
}

#[test]
fn a_site_with_its_own_incident_or_base_template_gets_it() {
    let site = TestSite::standard();
    let (_, before) = built(site.path(), &text("2026-11-23 12:00"));
    site.write(
        "templates/incident.html",
        &INCIDENT_HTML.replace("<article class=", "<p>own-incident-page</p><article class="),
    );
    let (_, own_incident) = built(site.path(), &text("2026-11-23 12:00"));
    site.write("templates/incident.html", INCIDENT_HTML);
    site.write(
        "templates/base.html",
        &BASE_HTML.replace("</footer>", "<p>own-chrome</p></footer>"),
    );
    let (_, own_base) = built(site.path(), &text("2026-11-23 12:00"));
    let page = |files: &[(String, Vec<u8>)]| {
        let (_, bytes) = files
            .iter()
            .find(|(p, _)| p == "incidents/login/index.html")
            .unwrap();
        String::from_utf8(bytes.clone()).unwrap()
    };
    assert!(!page(&before).contains("own-"));
    assert!(page(&own_incident).contains("<p>own-incident-page</p><article class="));
    assert!(page(&own_base).contains("<p>own-chrome</p></footer>"));
    // A theme folder at the built-in theme's path in the source tree is still the site's own.
    std::fs::remove_dir_all(site.path().join("templates")).unwrap();
    site.write(
        "bulletin.yaml",
        &format!("{}theme: themes/default\n", crate::support::CONFIG),
    );
    site.write(
        "themes/default/templates/incident.html",
        &INCIDENT_HTML.replace("<article class=", "<p>own-theme-page</p><article class="),
    );
    let (_, own_theme) = built(site.path(), &text("2026-11-23 12:00"));
    assert!(page(&own_theme).contains("<p>own-theme-page</p><article class="));
}
