//! The human report points at the right characters and says what is wrong there; files with
//! classic Mac line ends load; file names with invisible characters, or that collide with
//! another after Unicode normalisation, are refused.

use std::path::Path;

use crate::support::*;
use bulletin::diagnostics::report::{Format, human, render};
use bulletin::diagnostics::{Code, Diagnostic};
use serde_json::Value;

/// Renders `d` without colour against a site holding `text` as `incidents/x.md`.
fn render_human(text: &str, d: &Diagnostic) -> String {
    let site = TestSite::new(CONFIG);
    site.write("incidents/x.md", text);
    human(d, site.path(), false)
}

/// The marker under source line `line` of a rendered report: (display columns from the start
/// of the line's text to the marker, display width of the marker). The gutter (`NN │ ` over
/// `   · `) is one column per character, so character positions in the report are columns.
fn marker(report: &str, line: usize) -> (usize, usize) {
    let lines: Vec<&str> = report.lines().collect();
    let src = lines
        .iter()
        .position(|l| l.trim_start().starts_with(&format!("{line} │")))
        .unwrap_or_else(|| panic!("no source line {line} in:\n{report}"));
    let text_start = lines[src].chars().position(|c| c == '│').unwrap() + 2;
    let under: Vec<char> = lines[src + 1].chars().collect();
    let start = under
        .iter()
        .position(|&c| c == '─' || c == '┬')
        .unwrap_or_else(|| panic!("no marker under line {line}:\n{report}"));
    let width = under[start..]
        .iter()
        .take_while(|&&c| c == '─' || c == '┬')
        .count();
    (start - text_start, width)
}

#[test]
fn marker_and_header_count_characters_on_a_line_with_a_middle_dot() {
    let text = "---\n### 2023-03-29 00:30 · investigatin\nmore\n";
    // "### 2023-03-29 00:30 · " is 23 characters (24 bytes: `·` takes two).
    let d = Diagnostic::error(
        Code::UnknownStatus,
        "incidents/x.md",
        "unknown status 'investigatin'",
    )
    .at(2, 24)
    .length(12);
    let report = render_human(text, &d);
    assert!(report.contains("[incidents/x.md:2:24]"), "{report}");
    assert_eq!(marker(&report, 2), (23, 12), "{report}");
}

#[test]
fn marker_and_header_count_characters_on_a_line_of_chinese() {
    let text = "---\n标题：微信 · 登录失败\n";
    // 微信 is characters 4–5; each CJK character is two columns wide on a terminal.
    let d = Diagnostic::error(
        Code::UnknownComponent,
        "incidents/x.md",
        "unknown product '微信'",
    )
    .at(2, 4)
    .length(2);
    let report = render_human(text, &d);
    assert!(report.contains("[incidents/x.md:2:4]"), "{report}");
    assert_eq!(marker(&report, 2), (6, 4), "{report}");
}

#[test]
fn the_label_says_what_is_wrong_not_where() {
    let text = "---\ntitle: T\n";
    let d = Diagnostic::error(Code::BadTitle, "incidents/x.md", "title is too short").at(2, 8);
    let report = render_human(text, &d);
    assert!(report.contains("╰── title is too short"), "{report}");
    assert_eq!(
        report.matches("incidents/x.md:2:8").count(),
        1,
        "the place appears once, in the header:\n{report}"
    );
    let labelled = d.label("one letter");
    let report = render_human(text, &labelled);
    assert!(report.contains("╰── one letter"), "{report}");
    assert!(report.contains("title is too short"), "{report}");
}

#[test]
fn json_and_github_formats_keep_their_shape() {
    let d = Diagnostic::error(Code::BadTitle, "incidents/x.md", "title is too short")
        .at(2, 8)
        .label("one letter")
        .hint("write more");
    assert_eq!(
        render(
            std::slice::from_ref(&d),
            Format::Json,
            Path::new("."),
            false
        ),
        "{\"severity\":\"error\",\"code\":\"bad-title\",\"file\":\"incidents/x.md\",\"line\":2,\"column\":8,\"message\":\"title is too short\",\"hint\":\"write more\"}\n"
    );
    assert_eq!(
        render(&[d], Format::Github, Path::new("."), false),
        "::error file=incidents/x.md,line=2,col=8,title=bad-title::title is too short (hint: write more)\n"
    );
}

#[test]
fn classic_mac_line_ends_check_clean_and_positions_count_them() {
    let site = TestSite::new(CONFIG);
    site.write("incidents/mac.md", &GOOD_INCIDENT.replace('\n', "\r"));
    let (diags, status) = check_json(&site);
    assert_eq!(status, Some(0), "{diags:#?}");
    assert!(diags.is_empty(), "{diags:#?}");

    let broken = GOOD_INCIDENT
        .replace("wechat/login", "wechat/logn")
        .replace('\n', "\r");
    site.write("incidents/mac.md", &broken);
    let (diags, _) = check_json(&site);
    assert_eq!(diags[0]["code"], "unknown-component", "{diags:#?}");
    assert_eq!(
        (&diags[0]["line"], &diags[0]["column"]),
        (&4.into(), &3.into())
    );
    // The human report finds the same line in the file on disk.
    let run = site.run(&["check"]);
    assert!(
        run.stderr.contains("4 │   wechat/logn: major_outage"),
        "{}",
        run.stderr
    );
}

#[test]
fn not_utf8_position_counts_classic_mac_line_ends() {
    let site = TestSite::new(CONFIG);
    site.write_bytes("incidents/x.md", b"---\rtitle: caf\xe9\r---\r");
    let (diags, _) = check_json(&site);
    let d = diags
        .iter()
        .find(|d| d["code"] == "not-utf8")
        .expect("not-utf8");
    assert_eq!(
        (&d["line"], &d["column"]),
        (&2.into(), &11.into()),
        "{d:#?}"
    );
}

#[test]
fn file_names_with_bidi_controls_or_format_characters_are_refused() {
    for (name, escaped, what) in [
        (
            "evil\u{202E}dm.md",
            "evil\\u{202E}dm",
            "U+202E (a right-to-left override)",
        ),
        (
            "a\u{2066}b.md",
            "a\\u{2066}b",
            "U+2066 (a bidirectional isolate)",
        ),
        ("a\u{200F}b.md", "a\\u{200F}b", "U+200F (a direction mark)"),
        ("a\u{061C}b.md", "a\\u{061C}b", "U+061C (a direction mark)"),
        (
            "zero\u{200B}width.md",
            "zero\\u{200B}width",
            "U+200B (an invisible format character)",
        ),
        (
            "bell\u{7}.md",
            "bell\\u{0007}",
            "U+0007 (a control character)",
        ),
    ] {
        let site = TestSite::new(CONFIG);
        site.write(&format!("incidents/{name}"), GOOD_INCIDENT);
        let (diags, status) = check_json(&site);
        assert_eq!(status, Some(1), "{name:?}: {diags:#?}");
        let d = &diags[0];
        assert_eq!(d["code"], "bad-slug", "{d:#?}");
        assert_eq!(d["file"], format!("incidents/{name}"));
        let message = d["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("'{escaped}' contains {what}")),
            "{message}"
        );
        assert!(
            d["hint"].as_str().unwrap().starts_with("rename the file"),
            "{d:#?}"
        );
        // People see the name escaped: the raw override would reorder their terminal line.
        let run = site.run(&["check"]);
        assert!(!run.stderr.contains(name), "{}", run.stderr);
        assert!(run.stderr.contains(escaped), "{}", run.stderr);
    }
}

#[test]
fn joiners_that_scripts_and_emoji_need_are_fine_in_file_names() {
    let site = TestSite::new(CONFIG);
    site.write("incidents/می\u{200C}خواهم.md", GOOD_INCIDENT);
    site.write("incidents/👩\u{200D}💻-outage.md", GOOD_INCIDENT);
    let (diags, status) = check_json(&site);
    assert_eq!(status, Some(0), "{diags:#?}");
}

/// The one `duplicate-slug` error of a site with `a` and `b`: it is in one of them and names
/// the other.
fn collision(a: &str, b: &str) -> Value {
    let site = TestSite::new(CONFIG);
    site.write(&format!("incidents/{a}"), GOOD_INCIDENT);
    site.write(&format!("incidents/{b}"), GOOD_INCIDENT);
    let (diags, status) = check_json(&site);
    assert_eq!(status, Some(1), "{diags:#?}");
    let found: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "duplicate-slug")
        .collect();
    assert_eq!(found.len(), 1, "{diags:#?}");
    let d = found[0].clone();
    let (here, other) = if d["file"] == format!("incidents/{a}") {
        (a, b)
    } else {
        (b, a)
    };
    assert_eq!(d["file"], format!("incidents/{here}"));
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains(&format!("is also used by incidents/{other}")),
        "{d:#?}"
    );
    assert_eq!((&d["line"], &d["column"]), (&1.into(), &1.into()));
    assert!(d["hint"].as_str().unwrap().contains("rename one"), "{d:#?}");
    d
}

#[test]
fn nfc_and_nfd_forms_of_one_file_name_collide() {
    let (nfc, nfd) = ("caf\u{E9}-outage.md", "cafe\u{301}-outage.md");
    let d = collision(nfc, nfd);
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("another Unicode form"),
        "{d:#?}"
    );
    // And with letter case as well: one page on macOS.
    let d = collision("CAFE\u{301}-outage.md", nfc);
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("letter case and Unicode form"),
        "{d:#?}"
    );
}
