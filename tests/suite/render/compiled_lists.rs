//! The list pages written without Tera (src/render/compiled/lists.rs): the history's month
//! pages and the components' year pages. That they are Tera's bytes is checked with the
//! incident pages (`compiled_page.rs`, which builds every site twice); here, which branches of
//! their templates those sites took, and the site's own templates taking over.

use super::compiled_page::{Kind, built, compiled_kind, text};
use crate::support::{TestSite, repo};

/// The branches of its template a month or component year page's content took.
pub(super) fn branches(kind: Kind, page: &str) -> Vec<String> {
    let content = &page[page.find("<main").unwrap()..page.find("</main>").unwrap()];
    let rows: Vec<&str> = content
        .lines()
        .filter(|l| l.starts_with("<li class=\"row"))
        .collect();
    let row = |test: fn(&str) -> bool| rows.iter().any(|r| test(r));
    let mut taken = vec![
        (
            row(|r| r.contains(" kind-maintenance\"")),
            "maintenance row",
        ),
        (row(|r| !r.contains(" kind-maintenance\"")), "incident row"),
        (row(|r| r.contains("\" lang=\"")), "row with title_lang"),
        (
            row(|r| r.contains("&lt;") && !r.is_ascii()),
            "CJK title escaped",
        ),
        (content.contains("<span></span>\n"), "no newer page"),
        (content.contains("</a>\n\n</nav>"), "no older page"),
        (
            content.contains("rel=\"next\"") && content.contains("rel=\"prev\""),
            "both ends",
        ),
    ];
    match kind {
        Kind::Month => taken.extend([
            (row(|r| r.contains("nowrap")), "row with duration"),
            (row(|r| !r.contains("nowrap")), "row without duration"),
            (rows.is_empty(), "empty month"),
        ]),
        Kind::ComponentYear => taken.extend([
            (content.contains("</a> ›\n\n<a"), "product's year"),
            (content.contains("</a> ›\n<a href"), "feature's year"),
        ]),
        Kind::Incident => {}
    }
    (taken.into_iter())
        .filter(|(yes, _)| *yes)
        .map(|(_, name)| format!("{kind:?}: {name}"))
        .collect()
}

/// Earlier incidents, in months and years of their own (the oracle's are all of March 2026), so
/// that list pages have newer and older pages: a Chinese title with markup characters and
/// quotes, a feature's, a product's and a maintenance.
pub(super) const EARLIER: [(&str, &str); 3] = [
    (
        "cjk",
        "---\ntitle: \"登录失败 <严重> & “引号” \\\"q\\\"\"\naffected:\n  app/login: major_outage\n---\n\
         ## Timeline\n\n### 2026-02-10 10:00 · investigating\n查看中。\n\n\
         ### 2026-02-10 12:30 · resolved\n已解决。\n",
    ),
    (
        "product",
        "---\ntitle: App & <down>\naffected:\n  app: partial_outage\n  app/login: partial_outage\n---\n\
         ## Timeline\n\n### 2025-11-03 08:00 · investigating\nLooking.\n\n\
         ### 2025-11-03 09:00 · resolved\nFixed.\n",
    ),
    (
        "older-maintenance",
        "---\ntitle: Database upgrade\nkind: maintenance\nscheduled:\n  start: 2024-06-02 01:00\n  end: 2024-06-02 03:00\n\
         affected:\n  app/login: under_maintenance\n---\n## Timeline\n\n\
         ### 2024-05-20 10:00 · scheduled\nPlanned.\n\n### 2024-06-02 03:00 · completed\nDone.\n",
    ),
];

/// Every branch of the list pages' templates a site can take (an empty month and an ended
/// incident without a duration it cannot: `render/compiled/lists/tests.rs`).
pub(super) const LIST_BRANCHES: [&str; 16] = [
    "Month: maintenance row",
    "Month: incident row",
    "Month: row with title_lang",
    "Month: CJK title escaped",
    "Month: no newer page",
    "Month: no older page",
    "Month: both ends",
    "Month: row with duration",
    "ComponentYear: maintenance row",
    "ComponentYear: incident row",
    "ComponentYear: CJK title escaped",
    "ComponentYear: no newer page",
    "ComponentYear: no older page",
    "ComponentYear: both ends",
    "ComponentYear: product's year",
    "ComponentYear: feature's year",
];

#[test]
fn a_site_with_its_own_list_templates_gets_them() {
    let site = TestSite::standard();
    let theme = repo().join("themes/default/templates");
    let page = |files: &[(String, Vec<u8>)], kind| {
        let (_, bytes) = (files.iter())
            .find(|(p, _)| compiled_kind(p) == Some(kind))
            .unwrap_or_else(|| panic!("a {kind:?} page"));
        String::from_utf8(bytes.clone()).unwrap()
    };
    for (name, kind, anchor) in [
        ("month.html", Kind::Month, "<h1>"),
        ("partials/incident_row.html", Kind::Month, "<li class="),
        ("component_year.html", Kind::ComponentYear, "<h1>"),
        ("partials/year_row.html", Kind::ComponentYear, "<li class="),
        ("base.html", Kind::Month, "</footer>"),
        ("base.html", Kind::ComponentYear, "</footer>"),
    ] {
        let (_, before) = built(site.path(), &text("2026-11-23 12:00"));
        assert!(!page(&before, kind).contains("own-"));
        let builtin = std::fs::read_to_string(theme.join(name)).unwrap();
        let own = format!("templates/{name}");
        site.write(
            &own,
            &builtin.replacen(anchor, &format!("own-{name}{anchor}"), 1),
        );
        let (_, files) = built(site.path(), &text("2026-11-23 12:00"));
        assert!(
            page(&files, kind).contains(&format!("own-{name}{anchor}")),
            "{kind:?} with its own {name}"
        );
        std::fs::remove_file(site.path().join(own)).unwrap();
    }
}
