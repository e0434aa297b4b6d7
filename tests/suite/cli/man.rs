//! `bulletin man`: pages with EXIT STATUS (the CLI's own codes), FILES and EXAMPLES, and
//! `--out` replacing the pages it wrote before — and only those; `--help` of `--format`
//! describing every value it offers.

use std::path::Path;

use crate::support::*;

#[test]
fn pages_have_exit_status_files_and_examples() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("man1");
    run_from(Path::new("."), &["man", "--out", out.to_str().unwrap()]).ok();
    let page = std::fs::read_to_string(out.join("bulletin-new.1")).unwrap();
    for section in [".SH \"EXIT STATUS\"", ".SH \"FILES\"", ".SH \"EXAMPLES\""] {
        assert!(page.contains(section), "{section} missing:\n{page}");
    }
    // Every status the binary exits with: 0, 1 (a refused edit) and 2 (bad usage).
    for code in ["\\fB0\\fR", "\\fB1\\fR", "\\fB2\\fR"] {
        assert!(page.contains(code), "{code} missing:\n{page}");
    }
    assert!(
        page.contains("incidents/*.md") && page.contains("bulletin new"),
        "{page}"
    );
    let top = std::fs::read_to_string(out.join("bulletin.1")).unwrap();
    assert!(
        top.contains(".SH \"EXAMPLES\"") && top.contains("bulletin init"),
        "{top}"
    );
}

#[test]
fn out_replaces_its_own_pages_and_leaves_other_files_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("man1");
    let dir = out.to_str().unwrap();
    run_from(Path::new("."), &["man", "--out", dir]).ok();
    let fresh = std::fs::read_to_string(out.join("bulletin-new.1")).unwrap();
    // Our page, changed since; and one as a version without the marker line wrote it.
    std::fs::write(
        out.join("bulletin-new.1"),
        fresh.replace("window", "old words"),
    )
    .unwrap();
    let older: String = fresh.lines().skip(1).map(|l| format!("{l}\n")).collect();
    std::fs::write(out.join("bulletin-check.1"), older).unwrap();
    let again = run_from(Path::new("."), &["man", "--out", dir]);
    again.ok();
    assert_eq!(
        std::fs::read_to_string(out.join("bulletin-new.1")).unwrap(),
        fresh
    );
    assert!(
        std::fs::read_to_string(out.join("bulletin-check.1"))
            .unwrap()
            .starts_with(".\\\"")
    );
    // A file it did not write is left as it is, and said so.
    std::fs::write(out.join("bulletin-build.1"), "my notes\n").unwrap();
    let run = run_from(Path::new("."), &["man", "--out", dir]);
    assert_eq!(run.status, Some(2));
    assert!(
        run.stderr.contains("left alone") && run.stderr.contains("bulletin-build.1"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(out.join("bulletin-build.1")).unwrap(),
        "my notes\n"
    );
}

#[test]
fn format_help_describes_every_value() {
    for command in ["notify", "check"] {
        let help = run_from(Path::new("."), &[command, "--help"]);
        help.ok();
        for value in ["human:", "json:", "github: GitHub Actions annotations"] {
            assert!(
                help.stdout.contains(value),
                "{command} --help lacks {value}:\n{}",
                help.stdout
            );
        }
        assert!(
            !help.stdout.contains("words, or one JSON object a line"),
            "{}",
            help.stdout
        );
    }
}
