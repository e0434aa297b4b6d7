//! Bounded work (issue 11, defects 3 and 4): nesting, markup and rendered size have caps
//! (`content::limits`, docs/limits.md); a file over one gets a diagnostic with file, line and
//! column and is never rendered; a file under them renders to a bounded size.
//!
//! These tests count (diagnostics, bytes of output), never time.

use std::path::Path;

use crate::support::html_depth::html_depth;
use std::sync::LazyLock;

use crate::support::{CONFIG, TestSite};
use bulletin::config::{self, Config};
use bulletin::content::{self, limits};
use bulletin::diagnostics::Code;
use bulletin::limits::{MAX_FILE_BYTES, MAX_NESTING};
use bulletin::markdown;

/// Front matter and the start of one timeline entry; the construct follows.
const FRONT: &str = "---\ntitle: Pathological\naffected:\n  wechat/login: major_outage\n---\nSummary.\n\n## Timeline\n\n### 2023-03-29 00:30 · investigating\n";

/// The 1-based line where the entry's text starts.
fn body_line() -> usize {
    FRONT.lines().count() + 1
}

static SITE: LazyLock<Config> =
    LazyLock::new(|| config::parse(Path::new("."), CONFIG, None).expect("valid config"));

const CAPS: [&str; 3] = ["nesting-too-deep", "too-much-markup", "output-too-large"];

/// `unit` repeated to make a body of about `bytes`.
fn repeat(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len() + 1)[..bytes].to_string()
}

/// The constructs of the issue, each as a body of about `bytes`.
fn constructs(bytes: usize) -> Vec<(&'static str, String)> {
    let mut nested_list = String::new();
    let mut level = 0;
    while nested_list.len() < bytes {
        nested_list += &format!("{}- x\n", "  ".repeat(level));
        level += 1;
    }
    let n = bytes / 16;
    let footnotes = (0..n).map(|i| format!("[^{i}]")).collect::<String>()
        + "\n\n"
        + &(0..n).map(|i| format!("[^{i}]: n\n")).collect::<String>();
    let linkref = format!(
        "[a]: https://example.test/{}\n\n{}",
        "y".repeat(bytes / 2),
        repeat("[a]", bytes / 2)
    );
    let table = format!(
        "|a|b|c|\n|:-:|:-:|:-:|\n{}",
        repeat("|||\n", bytes.saturating_sub(24))
    );
    let wide = format!(
        "|{}\n|{}\n{}",
        repeat("a|", bytes / 3),
        repeat("-|", bytes / 3),
        repeat("x\n", bytes / 3)
    );
    // Formatting elements closed only by the paragraph: html5ever re-opens each in every
    // later block, so the output grows with the square of their number.
    let reopened: String = (0..bytes / 24)
        .map(|i| format!("<p><b id=a{i}>x</p>\n\n"))
        .collect();
    vec![
        ("div", repeat("<div>", bytes)),
        ("quote", repeat(">", bytes)),
        ("star", repeat("*", bytes)),
        ("bracket", repeat("[", bytes)),
        ("nested list", nested_list),
        ("pipe", repeat("|", bytes)),
        ("footnotes", footnotes),
        ("backtick", repeat("`", bytes)),
        ("entity", repeat("&amp;", bytes)),
        ("emphasis", repeat("*a", bytes)),
        ("reference link", linkref),
        ("aligned table", table),
        ("wide table", wide),
        ("reopened formatting", reopened),
        ("lt", repeat("<", bytes)),
    ]
}

/// Parses an incident whose first entry is `body`: the cap diagnostic, if any.
fn parse(body: &str) -> Option<bulletin::diagnostics::Diagnostic> {
    let text = format!("{FRONT}{body}\n");
    let (incident, problems) = content::parse(&SITE, Path::new("incidents/x.md"), &text);
    let cap = problems
        .into_iter()
        .find(|d| CAPS.contains(&d.code.as_str()));
    if cap.is_some() {
        assert!(incident.is_none(), "a file over a cap must not be rendered");
    }
    cap
}

#[test]
fn a_4_mib_file_of_any_one_construct_is_refused_with_its_place() {
    let budget = MAX_FILE_BYTES as usize - FRONT.len() - 2;
    for (name, body) in constructs(budget) {
        let body = &body[..budget.min(body.len())];
        let d = parse(body).unwrap_or_else(|| panic!("{name}: 4 MiB accepted"));
        assert!(d.is_error(), "{name}: {d:?}");
        let (line, column) = (d.line.expect("line"), d.column.expect("column"));
        assert!(line >= body_line() && column >= 1, "{name}: {d:?}");
        assert!(d.hint.is_some(), "{name}: what to do");
    }
}

#[test]
fn what_is_accepted_renders_within_the_output_cap() {
    // Under the markup cap, so the nesting and output caps (or nothing) decide.
    for bytes in [2_000, 20_000, 150_000] {
        for (name, body) in constructs(bytes) {
            if parse(&body).is_some() {
                continue;
            }
            let html = markdown::to_html(&body, false);
            // Linear: at most 64 bytes per byte beyond 64 KiB, and 4 MiB.
            assert!(
                html.len() <= limits::MAX_HTML_BYTES.min(64 * body.len() + (64 << 10)),
                "{name} at {bytes} B was accepted but renders to {} B",
                html.len()
            );
            assert_eq!(
                limits::html_limit(body.len()),
                limits::MAX_HTML_BYTES.min(64 * body.len() + (64 << 10))
            );
            assert!(
                html_depth(&html) <= MAX_NESTING,
                "{name} at {bytes} B: depth {}",
                html_depth(&html)
            );
        }
    }
}

#[test]
fn the_output_cap_is_reported_where_it_is_reached() {
    // 160 KB of three centred cells a row: 4 bytes that render to about 125.
    let body = format!("|a|b|c|\n|:-:|:-:|:-:|\n{}", "|||\n".repeat(40_000));
    let d = parse(&body).expect("refused");
    assert_eq!(d.code, Code::OutputTooLarge, "{d:?}");
    // The cap is not spurious: the body does render to more than the cap.
    assert!(markdown::to_html(&body, false).len() > limits::MAX_HTML_BYTES);
    let line = d.line.unwrap();
    assert!(
        line > body_line() + 1000 && line < body_line() + 40_002,
        "{d:?}"
    );
    assert!(d.message.contains("4 MiB"), "{d:?}");

    // A few lines that would become a megabyte: 300 header columns, 300 rows of one cell.
    let body = format!(
        "|{}\n|{}\n{}",
        "a|".repeat(300),
        "-|".repeat(300),
        "x\n".repeat(300)
    );
    assert!(markdown::to_html(&body, false).len() > 64 * body.len() + (64 << 10));
    let d = parse(&body).expect("refused");
    assert_eq!(d.code, Code::OutputTooLarge, "{d:?}");
}

/// Runs `bulletin check --format json` and returns the first diagnostic with a cap's code.
fn check_cap(site: &TestSite) -> serde_json::Value {
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, Some(1), "{}\n{}", run.stdout, run.stderr);
    run.stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|d| CAPS.contains(&d["code"].as_str().unwrap_or("")))
        .unwrap_or_else(|| panic!("no cap diagnostic:\n{}", run.stdout))
}

#[test]
fn nested_divs_are_refused_at_the_tag_past_the_cap_and_not_built() {
    // 20,000 nested `<div>`s took 5 s to check before (50,000: 30 s; 200,000: 2 min).
    let site = TestSite::standard();
    site.write(
        "incidents/x.md",
        &format!("{FRONT}{}\n", "<div>".repeat(20_000)),
    );
    let d = check_cap(&site);
    assert_eq!(d["code"], "nesting-too-deep");
    assert_eq!(d["file"], "incidents/x.md");
    assert_eq!(d["line"], body_line());
    // The tag that passes the cap, not the start of the line.
    let column = d["column"].as_u64().unwrap() as usize;
    let tag = (column - 1) / "<div>".len() + 1;
    assert!(
        (MAX_NESTING - 3..=MAX_NESTING + 1).contains(&tag),
        "column {column} is tag {tag}"
    );
    let build = site.run(&["build"]);
    assert_eq!(build.status, Some(1), "{}", build.stderr);
    assert!(!site.out().exists(), "build wrote a site");
}

#[test]
fn deep_quotes_and_lists_are_refused_where_they_pass_the_cap() {
    let site = TestSite::standard();
    site.write(
        "incidents/x.md",
        &format!("{FRONT}{} deep\n", ">".repeat(1_000)),
    );
    let d = check_cap(&site);
    assert_eq!(d["code"], "nesting-too-deep");
    assert_eq!(d["line"], body_line());
    let column = d["column"].as_u64().unwrap() as usize;
    assert!((MAX_NESTING / 2..=MAX_NESTING + 1).contains(&column), "{d}");

    let list: String = (0..200)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect();
    site.write("incidents/x.md", &format!("{FRONT}{list}"));
    let d = check_cap(&site);
    assert_eq!(d["code"], "nesting-too-deep");
    // A list level is two elements (the list and its item).
    let level = d["line"].as_u64().unwrap() as usize - body_line();
    assert!(
        (MAX_NESTING / 2 - 2..=MAX_NESTING / 2 + 1).contains(&level),
        "{d}"
    );
}

#[test]
fn markup_cap_is_reported_at_the_character_that_passes_it() {
    let site = TestSite::standard();
    let line = format!("{}\n", "[".repeat(1000));
    site.write(
        "incidents/x.md",
        &format!("{FRONT}{}", line.repeat(limits::MAX_MARKUP / 1000 + 5)),
    );
    let d = check_cap(&site);
    assert_eq!(d["code"], "too-much-markup");
    // 1,001 items a line (1,000 brackets and the line itself).
    let lines = d["line"].as_u64().unwrap() as usize - body_line();
    assert_eq!(lines, limits::MAX_MARKUP / 1001, "{d}");
    assert!(d["column"].as_u64().unwrap() >= 1);
}

#[test]
fn ordinary_incidents_stay_below_every_cap() {
    // The repository's own incidents, which are long and use most of Markdown.
    for dir in ["incidents", "examples/acme/incidents"] {
        let root = crate::support::repo();
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let rel = path.strip_prefix(&root).unwrap();
            assert!(limits::check(rel, &text, 0).is_none(), "{}", path.display());
        }
    }
}
