//! `bulletin import` against crafted sources (issue 23): bodies nested past the caps, a flood
//! of cState shortcodes, files that are links out of the source, FIFOs or devices, names
//! with control and bidirectional characters, ids listed twice, a redirect to `file://`.
//! Every input is generated here (the real ones are megabytes); each must give a report
//! line or a clear error, never a crash, a hang or a silent loss.

use std::path::Path;

use crate::support::{check_errors_at, run_from};
use serde_json::{Value, json};

/// Runs `bulletin import <args…> --into <into>`.
fn import(args: &[&str], into: &Path) -> crate::support::Run {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--into", into.to_str().unwrap()]);
    run_from(Path::new("."), &all)
}

/// A saved Statuspage page: `components` and `incidents` under a page `p1`.
fn statuspage(components: Value, incidents: Value) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let page = json!({"id": "p1", "name": "Small", "url": "https://status.small.example", "time_zone": "Etc/UTC"});
    let docs = [
        (
            "components.json",
            json!({"page": page, "components": components}),
        ),
        (
            "incidents.json",
            json!({"page": page, "incidents": incidents}),
        ),
    ];
    for (name, doc) in docs {
        std::fs::write(dir.path().join(name), serde_json::to_vec(&doc).unwrap()).unwrap();
    }
    dir
}

fn api_group() -> Value {
    json!([
        {"id": "g1", "name": "API", "group": true},
        {"id": "c1", "name": "REST", "group_id": "g1"}
    ])
}

fn incident(id: &str, name: &str, bodies: &[&str]) -> Value {
    let updates: Vec<Value> = bodies
        .iter()
        .enumerate()
        .map(|(n, body)| {
            let status = if n + 1 == bodies.len() { "resolved" } else { "investigating" };
            json!({"status": status, "body": body, "display_at": format!("2026-10-05T1{}:00:00Z", 9 - n),
                   "affected_components": [{"code": "c1", "name": "REST", "old_status": "operational", "new_status": "major_outage"}]})
        })
        .collect();
    json!({"id": id, "name": name, "status": "resolved", "impact": "major", "incident_updates": updates})
}

/// One update body of 20,000 nested `<span>` (10,000 `<div>`, `<blockquote>`) aborted the
/// import with a stack overflow (exit 134), `--dry-run` included: the body keeps its text,
/// with a report line, and the site passes `check`.
#[test]
fn html_nested_past_the_cap_is_imported_as_text() {
    let deep = |open: &str, close: &str, n: usize| {
        format!("{}Still down.{}", open.repeat(n), close.repeat(n))
    };
    let spans = deep("<span>", "</span>", 20_000);
    let divs = deep("<div>", "</div>", 10_000);
    let quotes = deep("<blockquote>", "</blockquote>", 10_000);
    let src = statuspage(
        api_group(),
        json!([incident(
            "i1",
            "Deep",
            &["<p>Fixed.</p>", &spans, &divs, &quotes]
        )]),
    );
    let site = tempfile::tempdir().unwrap();
    let dry = import(
        &["statuspage", src.path().to_str().unwrap(), "--dry-run"],
        site.path(),
    );
    assert_eq!(dry.status, Some(0), "{}\n{}", dry.stdout, dry.stderr);
    let run = import(&["statuspage", src.path().to_str().unwrap()], site.path());
    assert_eq!(run.status, Some(0), "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout.matches("nests more than 64 levels deep").count(),
        3,
        "{}",
        run.stdout
    );
    assert_eq!(check_errors_at(site.path()), Vec::<Value>::new());
    let file = std::fs::read_dir(site.path().join("incidents"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    let text = std::fs::read_to_string(file.path()).unwrap();
    assert_eq!(text.matches("Still down.").count(), 3, "{text}");
    assert!(!text.contains("<span") && !text.contains("<div"), "{text}");
}

/// 100,000 `{{<x>}}` shortcodes before a `track` overflowed the stack (one recursion each).
#[test]
fn a_flood_of_cstate_shortcodes_is_read_in_one_pass() {
    let body = format!(
        "*Investigating* - Down.{} {{{{< track \"2026-06-01 10:00:00\" >}}}}\n",
        "{{<x>}}".repeat(100_000)
    );
    let src = cstate_site(&[(
        "2026-06-01-flood.md",
        &format!(
            "---\ntitle: Flood\ndate: 2026-06-01 10:00:00\nseverity: down\naffected:\n  - Gateway\n---\n{body}"
        ),
    )]);
    let site = tempfile::tempdir().unwrap();
    let run = import(
        &["cstate", src.path().to_str().unwrap(), "--dry-run"],
        site.path(),
    );
    assert_eq!(run.status, Some(0), "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("1 incident(s) read"), "{}", run.stdout);
}

/// A cState site: one category `Core` with the system `Gateway`, and the given issues.
fn cstate_site(issues: &[(&str, &str)]) -> tempfile::TempDir {
    cstate_site_with(
        "title: Small\nbaseURL: https://status.small.example\nparams:\n  categories:\n    - name: Core\n  systems:\n    - name: Gateway\n      category: Core\n",
        issues,
    )
}

fn cstate_site_with(config: &str, issues: &[(&str, &str)]) -> tempfile::TempDir {
    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("config.yml"), config).unwrap();
    std::fs::create_dir_all(src.path().join("content/issues")).unwrap();
    for (name, text) in issues {
        std::fs::write(src.path().join("content/issues").join(name), text).unwrap();
    }
    src
}

/// A cState issue that is a link to a file outside the source was imported and published; a
/// FIFO hung the import; a Statuspage document linked to `/dev/zero` was read without end.
/// Each is now a clear error, and nothing is written.
#[cfg(unix)]
#[test]
fn links_out_fifos_and_devices_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(
        &secret,
        "---\ntitle: Secret\ndate: 2026-06-01 10:00:00\n---\nprivate\n",
    )
    .unwrap();
    let src = cstate_site(&[]);
    let issues = src.path().join("content/issues");
    std::os::unix::fs::symlink(&secret, issues.join("2026-06-01-leak.md")).unwrap();
    let site = tempfile::tempdir().unwrap();
    let into = site.path().join("site");
    let run = import(&["cstate", src.path().to_str().unwrap()], &into);
    assert_eq!(run.status, Some(2), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("outside the source folder"),
        "{}",
        run.stderr
    );
    assert!(!into.exists());

    std::fs::remove_file(issues.join("2026-06-01-leak.md")).unwrap();
    let fifo = issues.join("2026-06-01-pipe.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let run = import(&["cstate", src.path().to_str().unwrap()], &into);
    assert_eq!(run.status, Some(2), "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
    assert!(!into.exists());

    let page = statuspage(api_group(), json!([]));
    std::fs::remove_file(page.path().join("incidents.json")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", page.path().join("incidents.json")).unwrap();
    let run = import(&["statuspage", page.path().to_str().unwrap()], &into);
    assert_eq!(run.status, Some(2), "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("incidents.json"), "{}", run.stderr);
    assert!(!into.exists());
}

/// Component names with NUL, ESC or a right-to-left override were imported as they were
/// (the badge SVG was then not well-formed); cState titles kept control characters (the
/// closing check failed). Names are cleaned, each with a report line, and the site checks.
#[test]
fn names_lose_control_and_bidi_characters() {
    let components = json!([
        {"id": "g1", "name": "API\u{202e}", "group": true},
        {"id": "c1", "name": "RE\u{0}ST\u{1b}[31m", "group_id": "g1"}
    ]);
    let src = statuspage(components, json!([incident("i1", "Errors", &["Fixed."])]));
    let site = tempfile::tempdir().unwrap();
    let run = import(&["statuspage", src.path().to_str().unwrap()], site.path());
    assert_eq!(run.status, Some(0), "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout.matches("each became a space").count(),
        2,
        "{}",
        run.stdout
    );
    let config = std::fs::read_to_string(site.path().join("bulletin.yaml")).unwrap();
    assert!(
        config.contains("name: \"RE ST [31m\"") && config.contains("name: \"API\""),
        "{config}"
    );
    assert_eq!(check_errors_at(site.path()), Vec::<Value>::new());

    let src = cstate_site_with(
        "title: \"Sma\\x1bll\"\nparams:\n  systems:\n    - name: \"Gate\\u202eway\"\n",
        &[(
            "2026-06-01-x.md",
            "---\ntitle: \"Gateway\\x07 down\\u202e\"\ndate: 2026-06-01 10:00:00\nseverity: down\nresolved: true\naffected:\n  - \"Gate\\u202eway\"\n---\nDown.\n",
        )],
    );
    let site = tempfile::tempdir().unwrap();
    let run = import(&["cstate", src.path().to_str().unwrap()], site.path());
    assert_eq!(run.status, Some(0), "{}\n{}", run.stdout, run.stderr);
    assert_eq!(check_errors_at(site.path()), Vec::<Value>::new());
    assert_eq!(
        run.stdout.matches("each became a space").count(),
        3,
        "{}",
        run.stdout
    );
}

/// An incident id listed twice dropped one incident silently; a component id listed twice
/// moved its changes to the other component silently. Both are in the report now.
#[test]
fn ids_listed_twice_are_reported() {
    let components = json!([
        {"id": "g1", "name": "API", "group": true},
        {"id": "c1", "name": "REST", "group_id": "g1"},
        {"id": "c1", "name": "Webhooks", "group_id": "g1"}
    ]);
    let incidents = json!([
        incident("i1", "First", &["Fixed."]),
        incident("i1", "Second", &["Looking.", "Fixed."])
    ]);
    let src = statuspage(components, incidents);
    let site = tempfile::tempdir().unwrap();
    let run = import(
        &["statuspage", src.path().to_str().unwrap(), "--dry-run"],
        site.path(),
    );
    assert_eq!(run.status, Some(0), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("incident id 'i1': listed twice in incidents.json: only one is imported, the one with more updates ('Second', 2 update(s))"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("component 'Webhooks': its id 'c1' is also component 'REST''s: left out"),
        "{}",
        run.stdout
    );
}

/// A redirect to `file:///etc/passwd` was reported as "too many redirects".
#[test]
fn a_redirect_to_another_scheme_is_reported_as_such() {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        // One request is all the import makes before it stops.
        let (mut stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            line.clear();
        }
        let _ = stream.write_all(b"HTTP/1.1 302 Found\r\nLocation: file:///etc/passwd\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    });
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("site");
    let run = import(&["statuspage", &base, "--timeout", "5"], &into);
    server.join().unwrap();
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("to file:///etc/passwd, a file: address, not http(s): not followed"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("too many redirects"), "{}", run.stderr);
    assert!(!into.exists());
}

use crate::support::import_contracts;

/// The fuzz targets' checks (`tests/fixtures/import_contracts.rs`) over their committed seed
/// corpora (written by `fuzz/seeds/make_import_seeds.py`): the crafted inputs above, scaled
/// down, and the fixtures.
#[test]
fn the_import_fuzz_seeds_hold_the_contracts() {
    type Contract = fn(&[u8]) -> Result<(), String>;
    let targets: [(&str, Contract); 2] = [
        ("import_statuspage", import_contracts::statuspage_converts),
        ("import_cstate", import_contracts::cstate_converts),
    ];
    for (target, holds) in targets {
        let dir = crate::support::repo().join("fuzz/seeds").join(target);
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            holds(&bytes).unwrap_or_else(|broken| panic!("{}: {broken}", path.display()));
            seen += 1;
        }
        assert!(seen >= 10, "{target}: {seen} seeds");
    }
}
