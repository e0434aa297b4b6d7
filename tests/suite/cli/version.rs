//! Version discipline: `bulletin --version` names the version and the commit it was built
//! from (build.rs, "unknown" outside git), and a site names the version of Bulletin that
//! built it in its footer and its API's `page.generator`, unless `show_generator: false`.

use std::path::Path;
use std::process::Command;

use crate::support::*;

const VERSION: &str = env!("CARGO_PKG_VERSION");

#[test]
fn version_names_the_version_and_the_commit() {
    let run = run_from(Path::new("."), &["--version"]);
    assert_eq!(run.status, Some(0));
    let line = run.stdout.trim();
    let commit = line
        .strip_prefix(&format!("bulletin {VERSION} (commit "))
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{line}"));
    assert!(
        commit == "unknown" || commit.len() >= 7 && commit.bytes().all(|b| b.is_ascii_hexdigit()),
        "{line}"
    );
}

#[test]
fn the_build_script_says_unknown_outside_git_and_does_not_fail() {
    let tmp = tempfile::tempdir().unwrap();
    let exe = tmp.path().join("build-script");
    let compiled = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .args(["--edition", "2024", "-o"])
        .arg(&exe)
        .arg(repo().join("build.rs"))
        .output()
        .unwrap();
    assert!(compiled.status.success(), "{compiled:?}");
    // A folder no git repository holds (the ceiling stops git looking above it).
    let out = Command::new(&exe)
        .current_dir(tmp.path())
        .env("GIT_CEILING_DIRECTORIES", tmp.path().parent().unwrap())
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("cargo:rustc-env=BULLETIN_COMMIT=unknown\n"),
        "{stdout}"
    );
    // Without git at all.
    let out = Command::new(&exe)
        .current_dir(tmp.path())
        .env("PATH", tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("BULLETIN_COMMIT=unknown\n")
    );
}

/// The footer line and `page.generator` of a build of `site`.
fn generator(site: &TestSite) -> (String, serde_json::Value) {
    site.run(&["build", "--output", site.out().to_str().unwrap()])
        .ok();
    let index = std::fs::read_to_string(site.out().join("index.html")).unwrap();
    let footer = index
        .split("<footer")
        .nth(1)
        .and_then(|f| f.split("</footer>").next())
        .unwrap()
        .to_string();
    let summary = read_json(&site.out().join("api/v2/summary.json"));
    (footer, summary["page"]["generator"].clone())
}

#[test]
fn the_site_names_the_version_that_built_it_unless_told_not_to() {
    let site = TestSite::standard();
    let (footer, api) = generator(&site);
    assert!(
        footer.contains(&format!("Published with Bulletin {VERSION}</p>")),
        "{footer}"
    );
    assert_eq!(api, format!("Bulletin {VERSION}"));
    let config = site.read("bulletin.yaml");
    site.write(
        "bulletin.yaml",
        &format!("{config}\nshow_generator: false\n"),
    );
    let (footer, api) = generator(&site);
    assert!(footer.contains("Published with Bulletin</p>"), "{footer}");
    assert!(api.is_null(), "{api}");
}
