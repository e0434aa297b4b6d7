//! Nothing raw to a terminal: ids, names, status words, zones, track times, titles, source
//! lines and a remote server's reply that hold OSC 52 (clipboard write), OSC 0 (window title),
//! an 8-bit CSI or a right-to-left override reach stdout and stderr escaped (`\u{001B}`), in
//! `import`, `check` (human, github and json), `build` and `notify --dry-run`.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use crate::support::{TestSite, run_from};
use serde_json::json;

/// Writes the clipboard, sets the window title, clears the screen (8-bit CSI), reverses what
/// follows.
const HOSTILE: &str = "\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}]0;pwned\u{7}\u{9b}2J\u{202E}";

/// `text` holds no character a terminal acts on but a line end and a tab.
fn assert_safe(what: &str, text: &str) {
    let raw: Vec<String> = text
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    assert!(raw.is_empty(), "{what} holds raw {raw:?}:\n{text}");
}

/// Both streams are safe, and the planted sequence is shown, escaped, in one of them.
fn assert_escaped(what: &str, run: &crate::support::Run) {
    assert_safe(&format!("{what}: stdout"), &run.stdout);
    assert_safe(&format!("{what}: stderr"), &run.stderr);
    let both = format!("{}{}", run.stdout, run.stderr);
    assert!(
        both.contains("\\u{001B}]52;c;") && both.contains("\\u{009B}2J"),
        "{what}: the escaped sequence is not shown:\n{both}"
    );
}

fn import(args: &[&str], into: &Path) -> crate::support::Run {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    all.extend(["--into", into.to_str().unwrap()]);
    run_from(Path::new("."), &all)
}

/// A saved Statuspage page whose zone, component names, ids, titles and status words carry
/// [`HOSTILE`].
fn hostile_statuspage() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let page = json!({"id": "p1", "name": "Small", "url": "https://status.small.example",
        "time_zone": format!("Mars/{HOSTILE}")});
    let components = json!({"page": page, "components": [
        {"id": "c1", "name": format!("REST{HOSTILE}"), "status": "operational"},
        {"id": "c1", "name": format!("REST{HOSTILE}"), "status": "operational"},
        {"id": format!("c2{HOSTILE}"), "name": "Hooks", "status": format!("odd{HOSTILE}")}]});
    let update = |status: String, hour: u32| {
        json!({"id": format!("u{hour}{HOSTILE}"), "status": status,
            "display_at": format!("2026-10-05T{hour:02}:00:00.000Z"), "body": format!("Text {HOSTILE}"),
            "affected_components": [{"code": "c1", "name": format!("REST{HOSTILE}"),
                "old_status": "operational", "new_status": format!("weird{HOSTILE}")}]})
    };
    let incidents = json!({"page": page, "incidents": [{
        "id": format!("i1{HOSTILE}"), "name": format!("Down {HOSTILE}"), "impact": format!("big{HOSTILE}"),
        "created_at": "2026-10-05T10:00:00.000Z",
        "incident_updates": [update("resolved".into(), 11), update(format!("gone{HOSTILE}"), 12),
            update("investigating".into(), 10)]}]});
    for (name, doc) in [
        ("components.json", components),
        ("incidents.json", incidents),
    ] {
        std::fs::write(dir.path().join(name), serde_json::to_vec(&doc).unwrap()).unwrap();
    }
    dir
}

#[test]
fn a_statuspage_import_prints_what_it_read_escaped() {
    let src = hostile_statuspage();
    let src = src.path().to_str().unwrap();
    for dry in [true, false] {
        let site = tempfile::tempdir().unwrap();
        let into = site.path().join("site");
        let args = if dry {
            vec!["statuspage", src, "--dry-run"]
        } else {
            vec!["statuspage", src]
        };
        let run = import(&args, &into);
        assert_escaped(&format!("import (dry run: {dry})"), &run);
    }
}

#[test]
fn a_cstate_import_prints_what_it_read_escaped() {
    let src = tempfile::tempdir().unwrap();
    std::fs::write(
        src.path().join("config.yml"),
        "title: Small\nbaseURL: https://status.small.example\nparams:\n  categories:\n    - name: Core\n  systems:\n    - name: Gateway\n      category: Core\n",
    )
    .unwrap();
    let issues = src.path().join("content/issues");
    std::fs::create_dir_all(&issues).unwrap();
    // YAML's double-quoted escapes carry the controls into the front matter's values.
    let yaml = "\\e]52;c;ZXZpbA==\\a\\e]0;pwned\\a\\x9b2J\\u202E";
    let body = format!(
        "*Odd{HOSTILE}* - Text {HOSTILE}. {{{{< track \"2026-06-01 1{HOSTILE}:00:00\" >}}}}\n\n*Investigating* - Down. {{{{< track \"2026-06-01 10:00:00\" >}}}}\n"
    );
    let front = format!(
        "---\ntitle: \"Gateway {yaml}\"\ndate: 2026-06-01 10:00:00\nseverity: \"bad{yaml}\"\naffected:\n  - \"Gate{yaml}\"\n---\n\n"
    );
    std::fs::write(issues.join("2026-06-01-gateway.md"), front + &body).unwrap();
    std::fs::write(issues.join(format!("x{HOSTILE}.md")), "no front matter").unwrap();
    let site = tempfile::tempdir().unwrap();
    for dry in [true, false] {
        let mut args = vec!["cstate", src.path().to_str().unwrap()];
        if dry {
            args.push("--dry-run");
        }
        let run = import(&args, &site.path().join("site"));
        assert_escaped(&format!("cstate import (dry run: {dry})"), &run);
    }
}

/// A loopback server answering every request with 200 and `body` as HTML.
fn serve_html(body: String) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
        }
    });
    base
}

#[test]
fn the_preview_of_a_remote_reply_that_is_not_json_is_escaped() {
    let base = serve_html(format!("<{HOSTILE}>"));
    let site = tempfile::tempdir().unwrap();
    let into = site.path().join("site");
    let run = import(&["statuspage", &base, "--timeout", "5"], &into);
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("it begins: <"), "{}", run.stderr);
    assert_escaped("a reply that is not JSON", &run);
}

/// An incident whose title, front matter, body and component reference carry [`HOSTILE`].
fn hostile_site() -> TestSite {
    let site = TestSite::standard();
    site.write(
        "incidents/bad.md",
        &format!(
            "---\ntitle: Down {HOSTILE}\nodd{HOSTILE}: 1\naffected:\n  wechat/x{HOSTILE}: down{HOSTILE}\n---\nBody {HOSTILE}\n\n## Timeline\n\n### 2026-11-23 09:00 · gone{HOSTILE}\nText.\n"
        ),
    );
    site
}

#[test]
fn check_prints_every_format_escaped() {
    let site = hostile_site();
    for format in ["human", "github"] {
        let run = site.run(&["check", "--format", format]);
        assert_eq!(run.status, Some(1), "{}", run.stderr);
        assert_escaped(&format!("check --format {format}"), &run);
    }
    // JSON escapes control characters its own way, and stays JSON with the same values.
    let run = site.run(&["check", "--format", "json"]);
    assert_safe("check --format json", &run.stdout);
    let messages: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        messages
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains(HOSTILE)),
        "{}",
        run.stdout
    );
}

#[test]
fn build_prints_its_failure_escaped() {
    let run = hostile_site().run(&["build"]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert_escaped("build", &run);
}

#[test]
fn notify_dry_run_shows_the_messages_escaped() {
    let site = TestSite::standard();
    site.write(
        "incidents/now.md",
        &format!("---\ntitle: Slow pages\naffected:\n  qq/mail: degraded_performance\n---\nSlow.\n\n## Timeline\n\n### 2026-11-23 10:00 · investigating\nLooking {HOSTILE}.\n"),
    );
    site.write(
        "notify.yaml",
        "targets:\n  - { name: w, type: webhook, url: \"https://hooks.test/w\" }\n",
    );
    for format in ["human", "json"] {
        let run = site.run(&[
            "notify",
            "--dry-run",
            "--announce-all",
            "--now",
            "2026-11-23 11:00",
            "--format",
            format,
        ]);
        assert_eq!(run.status, Some(0), "{}\n{}", run.stdout, run.stderr);
        assert_safe(&format!("notify {format}: stdout"), &run.stdout);
        assert_safe(&format!("notify {format}: stderr"), &run.stderr);
        assert!(run.stdout.contains("Slow pages"), "{}", run.stdout);
        if format == "human" {
            assert!(run.stdout.contains("\\u{009B}2J"), "{}", run.stdout);
        }
    }
}

/// `serve`, whose first build fails, says so on stderr and announces itself on stdout; the
/// site folder's name (shown in the announcement) holds [`HOSTILE`] too.
#[test]
fn serve_prints_its_failure_and_its_folder_escaped() {
    let site = hostile_site();
    let root = site.path().join(format!("site{HOSTILE}"));
    std::fs::create_dir_all(root.join("incidents")).unwrap();
    for rel in ["bulletin.yaml", "incidents/bad.md"] {
        std::fs::copy(site.path().join(rel), root.join(rel)).unwrap();
    }
    let (out, err) = (site.path().join("out.txt"), site.path().join("err.txt"));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&root)
        .env("NO_COLOR", "1")
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while !std::fs::read_to_string(&out)
        .unwrap()
        .contains("Ctrl-C to stop")
        && start.elapsed() < std::time::Duration::from_secs(60)
    {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    let run = crate::support::Run {
        status: None,
        stdout: std::fs::read_to_string(&out).unwrap(),
        stderr: std::fs::read_to_string(&err).unwrap(),
    };
    assert!(run.stdout.contains("Serving"), "{}", run.stdout);
    assert!(run.stderr.contains("unknown-status"), "{}", run.stderr);
    assert_escaped("serve", &run);
    assert!(run.stdout.contains("\\u{202E}"), "{}", run.stdout);
}

/// On a terminal, `check` colours its report: Bulletin's colour codes (`ESC [ … m`) are then
/// the only escape sequences, and what the incident planted is shown escaped. `script` (from
/// util-linux) gives the run a terminal.
#[cfg(target_os = "linux")]
#[test]
fn a_coloured_report_on_a_terminal_shows_the_planted_sequences_escaped() {
    // A missing tool fails, never skips (docs/testing.md): `script` is in Debian's essential
    // bsdutils, so it is on every machine the suite runs on.
    assert!(
        std::process::Command::new("script")
            .arg("--version")
            .output()
            .is_ok(),
        "no `script` command to give the run a terminal: install util-linux (Debian: bsdutils)"
    );
    let site = hostile_site();
    let command = format!(
        "'{}' check --root '{}'",
        env!("CARGO_BIN_EXE_bulletin"),
        site.path().display()
    );
    let out = std::process::Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .env_remove("NO_COLOR")
        .env("SOURCE_DATE_EPOCH", crate::support::NOW_EPOCH)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    // The terminal turns each line end into CR LF.
    let shown = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
    assert!(shown.contains("\u{1b}[31m"), "not coloured: {shown}");
    let planted: Vec<_> = shown
        .char_indices()
        .filter(|&(i, c)| {
            (c == '\u{1b}' && !shown[i + 1..].starts_with('['))
                || matches!(c, '\u{7}' | '\u{9b}' | '\u{202E}')
        })
        .collect();
    assert!(planted.is_empty(), "{planted:?} in {shown}");
    assert!(shown.contains("\\u{001B}]52;c;"), "{shown}");
}
