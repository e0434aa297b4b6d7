//! `bulletin init`: a new site that checks and builds at once and takes the editing commands,
//! in English, Chinese and the languages that get the English examples; a folder with anything
//! in it is refused.

use std::path::Path;

use crate::support::*;

/// Runs `bulletin init <dir> <extra>` (with the fixed clock of the other commands).
fn init(dir: &Path, extra: &[&str]) -> Run {
    let dir = dir.to_str().unwrap();
    let args: Vec<&str> = ["init", dir]
        .iter()
        .copied()
        .chain(extra.iter().copied())
        .collect();
    run_from(Path::new("."), &args)
}

/// The first hour: init, check, build, then new, update and resolve on the new site, and a
/// clean build (no warning) at the end.
fn first_hour(language: &str, title: &str, affects: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("status");
    init(&root, &["--language", language]).ok();
    let config = std::fs::read_to_string(root.join("bulletin.yaml")).unwrap();
    assert!(
        config.contains(&format!("language: {language}")),
        "{config}"
    );
    assert!(config.contains("# "), "the catalogue is commented");
    assert_eq!(
        std::fs::read_to_string(root.join(".gitignore"))
            .unwrap()
            .lines()
            .last(),
        Some("/public/")
    );
    run_in(&root, &["check", "--deny-warnings"]).ok();
    run_in(&root, &["build"]).ok();

    let new = run_in(
        &root,
        &["new", title, "--affects", affects, "-m", "Looking."],
    );
    new.ok();
    let slug = new
        .stdout
        .trim()
        .strip_prefix("incidents/")
        .and_then(|s| s.strip_suffix(".md"))
        .unwrap_or_else(|| panic!("{}", new.stdout))
        .to_string();
    assert!(slug.is_ascii(), "{slug}");
    run_in(
        &root,
        &["update", &slug, "--status", "identified", "Found it."],
    )
    .ok();
    run_in(&root, &["resolve", &slug, "Fixed."]).ok();
    run_in(&root, &["check", "--deny-warnings"]).ok();
    let built = run_in(&root, &["build"]);
    built.ok();
    assert!(
        built.stdout.starts_with("Built 3 incidents"),
        "{}",
        built.stdout
    );
    assert!(built.stderr.is_empty(), "warnings: {}", built.stderr);
    assert!(root.join("public/_headers").is_file());
}

#[test]
fn a_new_english_site_checks_builds_and_takes_the_editing_commands() {
    first_hour("en", "Webhooks delayed", "api/webhooks=partial_outage");
}

#[test]
fn a_new_chinese_site_checks_builds_and_takes_the_editing_commands() {
    first_hour("zh-CN", "Webhook 延迟", "api/webhooks=partial_outage");
}

#[test]
fn init_never_writes_into_a_folder_that_has_anything_in_it() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let run = init(tmp.path(), &[]);
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
        "mine"
    );

    // A hidden file counts too; an empty folder is fine.
    let hidden = tempfile::tempdir().unwrap();
    std::fs::write(hidden.path().join(".git"), "gitdir: x").unwrap();
    assert_eq!(init(hidden.path(), &[]).status, Some(2));
    let empty = tempfile::tempdir().unwrap();
    init(empty.path(), &["--timezone", "Europe/Berlin"]).ok();
    let config = std::fs::read_to_string(empty.path().join("bulletin.yaml")).unwrap();
    assert!(config.contains("timezone: \"Europe/Berlin\""), "{config}");
}

#[test]
fn init_refuses_an_unknown_time_zone_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("s");
    let run = init(&root, &["--timezone", "Mars/Olympus"]);
    assert_eq!(run.status, Some(2));
    assert!(
        run.stderr.contains("unknown time zone 'Mars/Olympus'"),
        "{}",
        run.stderr
    );
    assert!(!root.exists());
}

#[test]
fn init_writes_the_ci_workflow_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let run = init(&tmp.path().join("gh"), &["--ci", "github"]);
    run.ok();
    assert!(
        run.stderr
            .contains("one step by hand: Settings → Pages → Source: GitHub Actions"),
        "{}",
        run.stderr
    );
    let gh = std::fs::read_to_string(tmp.path().join("gh/.github/workflows/status-page.yml"));
    assert!(gh.unwrap().contains("bulletin check --format github"));
    init(&tmp.path().join("gl"), &["--ci", "gitlab"]).ok();
    let gl = std::fs::read_to_string(tmp.path().join("gl/.gitlab-ci.yml")).unwrap();
    assert!(gl.contains("bulletin build --output public"));
    assert!(!tmp.path().join("gl/.github").exists());
}

/// `bulletin build` in a new site, with `CI` set to `ci` (or unset) and `extra` flags.
fn build_in_ci(site: &Path, ci: Option<&str>, extra: &[&str]) -> Run {
    let out = site.join("out");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"));
    cmd.args(["build", "--root", site.to_str().unwrap(), "--output"])
        .arg(&out)
        .args(extra)
        .env("NO_COLOR", "1")
        .env_remove("CI");
    if let Some(ci) = ci {
        cmd.env("CI", ci);
    }
    let output = cmd.output().unwrap();
    std::fs::remove_dir_all(&out).ok();
    Run {
        status: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn a_ci_build_for_the_example_address_warns_where_the_address_is() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("s");
    init(&site, &[]).ok();
    let config = std::fs::read_to_string(site.join("bulletin.yaml")).unwrap();
    let line = 1 + config
        .lines()
        .position(|l| l.contains("status.example.com"))
        .unwrap();
    let run = build_in_ci(&site, Some("true"), &[]);
    assert_eq!(
        run.status,
        Some(0),
        "a warning, not an error: {}",
        run.stderr
    );
    assert!(run.stderr.contains("example-base-url"), "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("bulletin.yaml:{line}:")),
        "{}",
        run.stderr
    );
    // Not outside CI, and not when the address is given.
    let quiet = build_in_ci(&site, None, &[]);
    assert!(
        !quiet.stderr.contains("example-base-url"),
        "{}",
        quiet.stderr
    );
    let given = build_in_ci(
        &site,
        Some("true"),
        &["--base-url", "https://you.github.io/s"],
    );
    assert!(
        !given.stderr.contains("example-base-url"),
        "{}",
        given.stderr
    );
}

/// The languages init has no example files of its own for get the English ones, with their
/// `language:`, zone and title; the site checks and builds in that language.
#[test]
fn a_new_japanese_site_checks_builds_and_takes_the_editing_commands() {
    first_hour("ja", "Webhook の遅延", "api/webhooks=partial_outage");
}

#[test]
fn a_new_brazilian_site_is_written_in_its_language_and_zone() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("status");
    init(&root, &["--language", "pt-BR"]).ok();
    let config = std::fs::read_to_string(root.join("bulletin.yaml")).unwrap();
    for line in [
        "language: pt-BR\n",
        "timezone: \"America/Sao_Paulo\"\n",
        "title: \"Status dos serviços\"\n",
    ] {
        assert!(config.contains(line), "{line}: {config}");
    }
    run_in(&root, &["build"]).ok();
    let index = std::fs::read_to_string(root.join("public/index.html")).unwrap();
    assert!(
        index.contains("Todos os sistemas estão operacionais"),
        "{index}"
    );
}
