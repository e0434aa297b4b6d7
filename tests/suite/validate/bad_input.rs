//! `bulletin check` and the bad-input table: every kind of broken input gets a diagnostic that
//! names the file, line and problem, and none makes the tool panic.

use crate::support::*;
use serde_json::Value;

/// Asserts exactly one error with `code`, in `file` at `line` (and `column` if given),
/// whose message contains `message`. Returns it for further checks.
fn expect_error(site: &TestSite, code: &str, file: &str, line: u64, message: &str) -> Value {
    let (diags, status) = check_json(site);
    assert_eq!(status, Some(1), "exit 1 on errors: {diags:#?}");
    let errors: Vec<&Value> = diags.iter().filter(|d| d["severity"] == "error").collect();
    let found = errors
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} error in {errors:#?}"));
    assert_eq!(found["file"], file, "{found:#?}");
    assert_eq!(found["line"], line, "{found:#?}");
    assert!(
        found["message"].as_str().unwrap().contains(message),
        "{found:#?}"
    );
    assert!(
        found["hint"].is_string(),
        "every error says what to do: {found:#?}"
    );
    (*found).clone()
}

fn site_with(name: &str, text: &str) -> TestSite {
    let site = TestSite::standard();
    site.write(&format!("incidents/{name}"), text);
    site
}

const HEAD: &str = "---\ntitle: T\naffected:\n  wechat/login: major_outage\n---\n";

#[test]
fn malformed_yaml() {
    let site = site_with("x.md", "---\ntitle: T\n  bad: indent\n---\n");
    expect_error(
        &site,
        "yaml",
        "incidents/x.md",
        3,
        "mapping values are not allowed",
    );
    let site = site_with("x.md", "---\ntitle: T\naffected: [wechat/login\n---\n");
    expect_error(
        &site,
        "yaml",
        "incidents/x.md",
        3,
        "did not find expected ',' or ']'",
    );
    let site = site_with("x.md", "---\ntitle: T\naffected: [wechat/login]\n---\n");
    expect_error(
        &site,
        "bad-value",
        "incidents/x.md",
        3,
        "`affected` is not a map",
    );
}

#[test]
fn missing_and_unterminated_front_matter() {
    let site = site_with("x.md", "# Just markdown\n");
    expect_error(
        &site,
        "missing-front-matter",
        "incidents/x.md",
        1,
        "does not start with front matter",
    );
    let site = site_with("x.md", "---\ntitle: T\n\n## Timeline\n");
    expect_error(
        &site,
        "unterminated-front-matter",
        "incidents/x.md",
        1,
        "never closed",
    );
}

#[test]
fn unknown_field_suggests_the_right_one() {
    let site = site_with(
        "x.md",
        "---\ntitle: T\nafected:\n  wechat/login: major_outage\n---\n",
    );
    let d = expect_error(
        &site,
        "unknown-field",
        "incidents/x.md",
        3,
        "unknown field `afected`",
    );
    assert_eq!(d["hint"], "did you mean 'affected'?");
}

#[test]
fn unknown_component_suggests_the_right_one() {
    let site = site_with(
        "x.md",
        "---\ntitle: T\naffected:\n  wechat/pay: major_outage\n  wechat/logn: partial_outage\n---\n## Timeline\n### 2023-03-29 00:30 · investigating\nx\n",
    );
    let d = expect_error(
        &site,
        "unknown-component",
        "incidents/x.md",
        5,
        "unknown component 'wechat/logn'",
    );
    assert_eq!(d["hint"], "did you mean 'wechat/login'?");
    assert_eq!(d["column"], 3);
}

#[test]
fn unknown_status_and_impact_words() {
    let site = site_with(
        "x.md",
        &format!("{HEAD}## Timeline\n\n### 2023-03-29 00:30 · investigatin\nx\n"),
    );
    let d = expect_error(
        &site,
        "unknown-status",
        "incidents/x.md",
        8,
        "unknown status 'investigatin'",
    );
    assert_eq!(d["hint"], "did you mean 'investigating'?");
    assert_eq!(d["column"], 24, "points at the word");

    let site = site_with("x.md", "---\ntitle: T\nimpact: severe\n---\n");
    let d = expect_error(
        &site,
        "unknown-value",
        "incidents/x.md",
        3,
        "`impact`: unknown value 'severe'",
    );
    assert!(
        d["hint"]
            .as_str()
            .unwrap()
            .contains("none, minor, major, critical"),
        "{d}"
    );

    let site = site_with(
        "x.md",
        "---\ntitle: T\naffected:\n  wechat/login: major_outgae\n---\n",
    );
    let d = expect_error(&site, "unknown-value", "incidents/x.md", 4, "major_outgae");
    assert_eq!(d["hint"], "did you mean 'major_outage'?");

    let site = site_with(
        "x.md",
        &format!("{HEAD}## Timeline\n### 2023-03-29 00:30 · completed\nx\n"),
    );
    expect_error(
        &site,
        "unknown-status",
        "incidents/x.md",
        7,
        "not a status for incident entries",
    );
}

#[test]
fn unparseable_times() {
    let site = site_with(
        "x.md",
        &format!("{HEAD}## Timeline\n### 29/03/2023 00:30 · investigating\nx\n"),
    );
    expect_error(&site, "bad-time", "incidents/x.md", 7, "29/03/2023");
    let site = site_with(
        "x.md",
        &format!("{HEAD}## Timeline\n### 00:30 · investigating\nx\n"),
    );
    expect_error(&site, "bad-time", "incidents/x.md", 7, "has no date");
    let site = site_with(
        "x.md",
        "---\ntitle: T\nstarted: last tuesday\n---\n## Timeline\n### 2023-03-29 00:30 · investigating\nx\n",
    );
    expect_error(&site, "bad-time", "incidents/x.md", 3, "started");
}

#[test]
fn unknown_time_zone() {
    let site = TestSite::new(&CONFIG.replace("Asia/Shanghai", "Asia/Shanghia"));
    let d = expect_error(
        &site,
        "unknown-timezone",
        "bulletin.yaml",
        4,
        "unknown time zone 'Asia/Shanghia'",
    );
    assert_eq!(d["column"], 11);
}

#[test]
fn timeline_out_of_order() {
    let site = site_with(
        "x.md",
        &format!(
            "{HEAD}## Timeline\n### 2023-03-29 10:30 · investigating\nx\n### 09:00 · identified\ny\n"
        ),
    );
    expect_error(
        &site,
        "timeline-order",
        "incidents/x.md",
        9,
        "earlier than the one before",
    );
}

#[test]
fn resolution_before_start() {
    let site = site_with(
        "x.md",
        "---\ntitle: T\nresolved: 2023-03-28 10:00\naffected:\n  wechat/login: major_outage\n---\n## Timeline\n### 2023-03-29 10:30 · investigating\nx\n",
    );
    expect_error(
        &site,
        "resolved-before-start",
        "incidents/x.md",
        3,
        "resolved before it started",
    );
}

#[test]
fn update_after_resolved_needs_a_reopening_status() {
    let body = "## Timeline\n### 2023-03-29 10:30 · investigating\nx\n### 11:00 · resolved\ny\n### 11:30 · monitoring\nz\n";
    let site = site_with("x.md", &format!("{HEAD}{body}"));
    expect_error(
        &site,
        "update-after-resolved",
        "incidents/x.md",
        11,
        "'monitoring' entry after the incident was resolved",
    );
    // Reopening is fine.
    let site = site_with(
        "x.md",
        &format!("{HEAD}{}", body.replace("monitoring", "investigating")),
    );
    let (diags, status) = check_json(&site);
    assert_eq!(status, Some(0), "{diags:#?}");
}

#[test]
fn duplicate_slugs_including_letter_case() {
    let site = TestSite::standard();
    site.write("incidents/2023/Login.md", GOOD_INCIDENT);
    let d = expect_error(
        &site,
        "duplicate-slug",
        "incidents/login.md",
        1,
        "also used by incidents/2023/Login.md",
    );
    assert!(d["hint"].as_str().unwrap().contains("rename"));
}

#[test]
fn non_utf8_file() {
    let site = TestSite::standard();
    site.write_bytes("incidents/x.md", b"---\ntitle: caf\xe9\n---\n");
    let d = expect_error(&site, "not-utf8", "incidents/x.md", 2, "not valid UTF-8");
    assert_eq!(d["column"], 11);
}

#[test]
fn bom_and_crlf_simply_work() {
    let site = TestSite::new(CONFIG);
    let text = format!("\u{feff}{}", GOOD_INCIDENT.replace('\n', "\r\n"));
    site.write("incidents/crlf.md", &text);
    let (diags, status) = check_json(&site);
    assert_eq!(status, Some(0), "{diags:#?}");
    site.run(&["build"]).ok();
    let page = site.read("public/incidents/crlf/index.html");
    assert!(page.contains("<h1>Login failures</h1>"));
    assert!(page.contains("Looking into it."));
    assert!(!page.contains('\r'));
}

#[test]
fn empty_file() {
    let site = site_with("x.md", "");
    expect_error(&site, "empty-file", "incidents/x.md", 1, "empty");
    let site = site_with("x.md", "\n  \n");
    expect_error(&site, "empty-file", "incidents/x.md", 1, "empty");
}

#[test]
fn ten_megabyte_file_is_refused_with_the_limit() {
    let site = TestSite::standard();
    let mut big = GOOD_INCIDENT.to_string();
    while big.len() < 10 * 1024 * 1024 {
        big.push_str("log line log line log line log line log line log line log line log line\n");
    }
    site.write("incidents/big.md", &big);
    let (diags, status) = check_json(&site);
    assert_eq!(status, Some(1));
    let d = diags
        .iter()
        .find(|d| d["code"] == "file-too-large")
        .expect("refused");
    assert_eq!(d["file"], "incidents/big.md");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("over the 4 MiB limit"),
        "{d}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_outside_the_root_is_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        GOOD_INCIDENT.replace("Login failures", "SECRET TITLE"),
    )
    .unwrap();
    let site = TestSite::standard();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        site.path().join("incidents/link.md"),
    )
    .unwrap();
    let (diags, status) = check_json(&site);
    assert_eq!(status, Some(0), "a warning, not an error");
    let d = diags
        .iter()
        .find(|d| d["code"] == "symlink-outside-root")
        .expect("warned");
    assert_eq!(d["file"], "incidents/link.md");
    site.run(&["build"]).ok();
    let all: Vec<u8> = snapshot(&site.out())
        .into_iter()
        .flat_map(|f| f.1)
        .collect();
    assert!(!String::from_utf8_lossy(&all).contains("SECRET TITLE"));
}

#[test]
fn file_names_with_spaces_and_non_ascii_letters_work() {
    let site = TestSite::standard();
    site.write(
        "incidents/登录 故障.md",
        &GOOD_INCIDENT.replace("Login failures", "登录故障"),
    );
    site.run(&["build"]).ok();
    assert!(
        site.read("public/incidents/登录 故障/index.html")
            .contains("<h1>登录故障</h1>")
    );
    // The history lists it (the front page only lists the last 14 days).
    let history = site.read("public/history/index.html");
    assert!(
        history.contains(r#"href="../incidents/%E7%99%BB%E5%BD%95%20%E6%95%85%E9%9A%9C/""#),
        "links are percent-encoded:\n{history}"
    );
}

#[test]
fn maintenance_window_ending_before_it_starts() {
    let site = site_with(
        "m.md",
        "---\ntitle: Upgrade\nkind: maintenance\naffected:\n  qq: under_maintenance\nscheduled:\n  start: 2026-12-09 04:00\n  end: 2026-12-09 01:00\n---\n",
    );
    expect_error(
        &site,
        "window-ends-before-start",
        "incidents/m.md",
        6,
        "ends before it starts",
    );
}

#[test]
fn missing_or_invalid_config() {
    let tmp = tempfile::tempdir().unwrap();
    let run = run_in(tmp.path(), &["check", "--format", "json"]);
    assert_eq!(run.status, Some(2), "missing config is a usage error");
    assert!(
        run.stdout.contains("\"code\":\"config-missing\""),
        "{}",
        run.stdout
    );

    let site = TestSite::new(&CONFIG.replace("title:", "titel:"));
    let d = expect_error(
        &site,
        "unknown-field",
        "bulletin.yaml",
        1,
        "unknown field `titel`",
    );
    assert_eq!(d["hint"], "did you mean 'title'?");

    let site = TestSite::new(&CONFIG.replace("https://status.test/", "status.test"));
    expect_error(
        &site,
        "bad-base-url",
        "bulletin.yaml",
        2,
        "not an absolute http(s) URL",
    );

    let site = TestSite::new(&CONFIG.replace("id: pay", "id: Pay Now"));
    expect_error(
        &site,
        "bad-component-id",
        "bulletin.yaml",
        11,
        "not a valid id",
    );
}

#[test]
fn theme_template_syntax_error_and_missing_variable() {
    let site = TestSite::standard();
    site.write(
        "templates/index.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}\n",
    );
    let d = expect_error(&site, "template-syntax", "templates/index.html", 3, "");
    assert!(!d["message"].as_str().unwrap().is_empty());

    let site = TestSite::standard();
    site.write("templates/index.html", "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ no_such_thing.field }}</p>\n{% endblock content %}\n");
    expect_error(&site, "template-render", "templates/index.html", 3, "");
    // And the build refuses to write.
    let run = site.run(&["build"]);
    assert_eq!(run.status, Some(1));
    assert!(!site.out().exists());
}

#[test]
fn github_format_prints_one_annotation_per_problem() {
    let site = TestSite::standard();
    site.write("incidents/a.md", "---\ntitle: A\nafected: {}\n---\n");
    site.write("incidents/b.md", "---\ntitle: B\naffected:\n  wechat/logn: major_outage\n---\n## Timeline\n### 2023-03-29 00:30 · investigating\nx\n");
    site.write(
        "incidents/c.md",
        &format!("{HEAD}## Timeline\n### 2023-02-30 00:30 · investigating\nx\n"),
    );
    let run = site.run(&["check", "--format", "github"]);
    assert_eq!(run.status, Some(1));
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error "))
        .collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(
        lines[0].starts_with("::error file=incidents/a.md,line=3,col=1,title=unknown-field::"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("::error file=incidents/b.md,line=4,col=3,title=unknown-component::"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("::error file=incidents/c.md,line=7,col=5,title=bad-time::"),
        "{}",
        lines[2]
    );
}

#[test]
fn human_format_shows_the_source_line_and_a_marker() {
    let site = site_with(
        "x.md",
        "---\ntitle: T\naffected:\n  wechat/logn: major_outage\n---\n## Timeline\n### 2023-03-29 00:30 · investigating\nx\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, Some(1));
    assert!(run.stderr.contains("incidents/x.md:4:3"), "{}", run.stderr);
    assert!(
        run.stderr.contains("  wechat/logn: major_outage"),
        "source line shown:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean 'wechat/login'?"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1 error(s)"), "{}", run.stderr);
}

#[test]
fn warnings_and_deny_warnings() {
    let site = TestSite::standard();
    site.write("incidents/open.md", "---\ntitle: Still open\naffected:\n  qq: degraded_performance\n---\n## Timeline\n### 2026-11-01 10:00 · investigating\n\n## Statements\n### 2026-11-01 11:00 · Ops team\n> We are on it.\n");
    site.write("incidents/m.md", "---\ntitle: Old maintenance\nkind: maintenance\naffected:\n  qq/mail: under_maintenance\nscheduled:\n  start: 2026-10-01 01:00\n  end: 2026-10-01 02:00\n---\n");
    let (diags, status) = check_json(&site);
    assert_eq!(status, Some(0), "warnings alone pass: {diags:#?}");
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    for code in [
        "stale-incident",
        "statement-without-source",
        "empty-update",
        "maintenance-not-completed",
    ] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    assert!(diags.iter().all(|d| d["severity"] == "warning"));
    let run = site.run(&["check", "--deny-warnings"]);
    assert_eq!(run.status, Some(1));
}

#[test]
fn check_writes_nothing_and_a_clean_site_exits_zero() {
    let site = TestSite::standard();
    let run = site.run(&["check"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert!(!site.out().exists());
}
