//! Flags and settings that no other test exercises: `theme:` in bulletin.yaml, `build
//! --timings`, `new --impact` and `--slug`, and whether the binary has `serve` (the default
//! cargo feature). `serve --bind` and `--open` are in `tests/suite/serve/end_to_end.rs`.

use crate::support::*;

const AT: &str = "2026-11-23T10:05:00Z";

#[test]
fn a_theme_folder_overrides_the_builtin_theme_and_the_site_overrides_the_theme() {
    let site = TestSite::standard();
    site.write("bulletin.yaml", &format!("{CONFIG}theme: themes/purple\n"));
    site.write(
        "themes/purple/templates/incident.html",
        "{% extends \"base.html\" %}{% block content %}<h1 id=themed>{{ incident.title }}</h1>{% endblock content %}",
    );
    site.write(
        "themes/purple/templates/index.html",
        "{% extends \"base.html\" %}{% block content %}<p id=theme-index></p>{% endblock content %}",
    );
    site.write("themes/purple/static/style.css", "body { color: purple }\n");
    // The site's own templates/ come before the theme folder.
    site.write(
        "templates/index.html",
        "{% extends \"base.html\" %}{% block content %}<p id=site-index></p>{% endblock content %}",
    );
    site.run(&["build"]).ok();

    let page = site.read("public/incidents/login/index.html");
    assert!(
        page.contains("<h1 id=themed>Login failures</h1>"),
        "the theme's incident template is used: {page}"
    );
    assert!(
        page.contains("Skip to content"),
        "templates the theme does not have are still the built-in ones"
    );
    assert_eq!(site.read("public/style.css"), "body { color: purple }\n");
    let index = site.read("public/index.html");
    assert!(
        index.contains("<p id=site-index>") && !index.contains("theme-index"),
        "the site's template wins over the theme's: {index}"
    );
    // The theme's sources are not part of the site.
    assert!(!site.out().join("themes").exists());
}

#[test]
fn a_missing_theme_folder_is_an_error_that_names_it_and_writes_nothing() {
    let site = TestSite::standard();
    site.write("bulletin.yaml", &format!("{CONFIG}theme: themes/nope\n"));
    let run = site.run(&["build"]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("theme folder 'themes/nope' does not exist"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("bulletin.yaml"), "{}", run.stderr);
    assert!(!site.out().exists());
}

/// The numbers in `line` after each of `labels`, in order.
fn numbers_after(line: &str, labels: &[&str]) -> Vec<u64> {
    labels
        .iter()
        .map(|label| {
            let (_, rest) = line
                .split_once(label)
                .unwrap_or_else(|| panic!("no '{label}' in: {line}"));
            rest.trim_start()
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("no number after '{label}' in: {line}"))
        })
        .collect()
}

#[test]
fn build_timings_prints_the_stages_and_the_work_done() {
    let site = TestSite::new(CONFIG);
    // Three incidents on three features: every incident is in a feed.
    for (i, component) in ["wechat/login", "wechat/pay", "qq/mail"].iter().enumerate() {
        site.write(
            &format!("incidents/i{i}.md"),
            &GOOD_INCIDENT
                .replace("wechat/login", component)
                .replace("Login failures", &format!("Incident {i}")),
        );
    }
    let plain = site.run(&["build"]);
    plain.ok();
    assert!(!plain.stdout.contains("timings"), "{}", plain.stdout);

    let run = site.run(&["build", "--timings"]);
    run.ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "summary, timings, stages: {}", run.stdout);
    // "Built 3 incidents into <out>: 13 pages, 58 files, 250.0 KiB in 33 ms"
    let incidents = numbers_after(lines[0], &["Built"])[0];
    let (_, counts) = lines[0].split_once(": ").expect("summary line");
    let summary = numbers_after(counts, &["", "KiB in"]);
    let (pages, total_ms) = (summary[0], summary[1]);
    assert_eq!(incidents, 3);
    let t = numbers_after(
        lines[1],
        &[
            "timings: load+validate",
            "derive+render",
            "write",
            "ms;",
            "templates,",
            "cards,",
        ],
    );
    assert!(
        lines[1].ends_with("incident views rendered"),
        "{}",
        lines[1]
    );
    // The stages happen one after the other within the build.
    assert!(
        t[0] + t[1] + t[2] <= total_ms + 1,
        "stages ({} + {} + {} ms) longer than the build ({total_ms} ms)",
        t[0],
        t[1],
        t[2]
    );
    // Each page through a template once, but the incident, month and year pages (the built-in
    // theme's are written without one: render/compiled/), and each incident's feed item once;
    // one card per incident; a full view for each incident page and each feed item.
    let (incident_pages, feed_items) = (incidents, incidents);
    let compiled_lists = month_and_year_pages(&site.out());
    assert!(compiled_lists >= 2, "a month page and a year page at least");
    assert_eq!(
        t[3],
        pages - incident_pages - compiled_lists + feed_items,
        "templates: {}",
        lines[1]
    );
    assert_eq!(t[4], incidents, "cards: {}", lines[1]);
    assert_eq!(t[5], 2 * incidents, "incident views: {}", lines[1]);
    // The finer stages, one after the other too; the theme compiles beside two of them.
    let s = numbers_after(
        lines[2],
        &[
            "stages: load",
            "check",
            "derive",
            "beside them in",
            "render and write",
            "swap",
        ],
    );
    let (load, check, derive, theme, render, swap) = (s[0], s[1], s[2], s[3], s[4], s[5]);
    assert!(
        load + check + derive + render + swap <= total_ms + 1,
        "stages longer than the build ({total_ms} ms): {}",
        lines[2]
    );
    assert!(
        load + check <= t[0] + 1 && t[0] <= load + check + 1,
        "{}",
        lines[2]
    );
    assert!(theme <= total_ms, "{}", lines[2]);
}

#[test]
fn new_with_impact_and_slug_writes_that_file_with_that_impact() {
    let site = TestSite::new(CONFIG);
    let run = site.run(&[
        "new",
        "Pay slow",
        "--affects",
        "wechat/pay=degraded_performance",
        "--impact",
        "critical",
        "--slug",
        "pay-slow",
        "--now",
        AT,
    ]);
    run.ok();
    assert_eq!(run.stdout.trim(), "incidents/pay-slow.md");
    let text = site.read("incidents/pay-slow.md");
    assert!(
        text.starts_with("---\ntitle: \"Pay slow\"\nimpact: critical\naffected:\n"),
        "{text}"
    );
    site.run(&["build", "--now", AT]).ok();
    let page = site.read("public/incidents/pay-slow/index.html");
    assert!(page.contains("Critical impact"), "the impact is shown");

    // Without --impact it follows from the statuses: degraded performance is minor.
    site.run(&[
        "new",
        "Pay slow again",
        "--affects",
        "wechat/pay=degraded_performance",
        "--now",
        AT,
    ])
    .ok();
    let text = site.read("incidents/2026-11-23-pay-slow-again.md");
    assert!(!text.contains("impact:"), "{text}");
    site.run(&["build", "--now", AT]).ok();
    assert!(
        site.read("public/incidents/2026-11-23-pay-slow-again/index.html")
            .contains("Minor impact")
    );
}

#[test]
fn new_refuses_a_taken_slug_and_an_unknown_impact_and_changes_nothing() {
    let site = TestSite::standard();
    let before = site.read("incidents/login.md");
    let run = site.run(&[
        "new",
        "Other",
        "--affects",
        "qq/mail=partial_outage",
        "--slug",
        "login",
        "--now",
        AT,
    ]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("incidents/login.md already exists")
            && run.stderr.contains("choose another --slug"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read("incidents/login.md"), before, "left as it was");

    let run = site.run(&[
        "new",
        "Other",
        "--affects",
        "qq/mail=partial_outage",
        "--impact",
        "huge",
        "--now",
        AT,
    ]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("unknown impact 'huge'")
            && run
                .stderr
                .contains("use one of: none, minor, major, critical"),
        "{}",
        run.stderr
    );
    let names: Vec<_> = std::fs::read_dir(site.path().join("incidents"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["login.md"], "no file created");
}

/// `serve` is in the default build: the manifest's default features name it, and the binary
/// lists `serve` exactly when it was built with the feature. CI also builds with
/// `--no-default-features`, where this test checks that `serve` is gone (and the binary still
/// builds sites: the rest of this file).
#[test]
fn help_lists_serve_exactly_when_the_serve_feature_is_on() {
    let manifest = include_str!("../../../Cargo.toml");
    let default = manifest
        .lines()
        .find(|l| l.trim_start().starts_with("default ="))
        .expect("Cargo.toml has default features");
    assert!(
        default.contains("\"serve\""),
        "`serve` is a default feature: {default}"
    );
    let run = run_from(std::path::Path::new("."), &["--help"]);
    run.ok();
    let commands: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("  ")?.split_whitespace().next())
        .collect();
    assert!(commands.contains(&"build"), "{}", run.stdout);
    assert_eq!(
        commands.contains(&"serve"),
        cfg!(feature = "serve"),
        "commands listed: {commands:?}, serve feature on: {}",
        cfg!(feature = "serve")
    );
}

/// The month pages (`history/YYYY-MM/`) and the components' year pages (`components/…/YYYY/`)
/// under `out`: pages the built-in theme writes without a template.
fn month_and_year_pages(out: &std::path::Path) -> u64 {
    let is_number =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name() == "index.html")
        .filter(|entry| {
            let relative = entry.path().strip_prefix(out).expect("under out");
            let parts: Vec<&str> = relative.iter().filter_map(|p| p.to_str()).collect();
            match parts.as_slice() {
                ["history", month, _] => month
                    .split_once('-')
                    .is_some_and(|(year, month)| is_number(year, 4) && is_number(month, 2)),
                ["components", .., year, _] => is_number(year, 4),
                _ => false,
            }
        })
        .count() as u64
}
