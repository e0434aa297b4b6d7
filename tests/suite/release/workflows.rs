//! The release files the repository ships: its GitHub workflows pass actionlint (which knows
//! which actions still run on GitHub's runners), and the Dockerfile passes hadolint.
//! docs/releasing.md describes them.

use std::path::PathBuf;

/// `.github/workflows/*.yml`, sorted.
fn workflows() -> Vec<PathBuf> {
    let dir = crate::support::repo().join(".github/workflows");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_shipped_workflow_passes_actionlint() {
    let files = workflows();
    let names: Vec<_> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_owned())
        .collect();
    assert!(
        names.iter().any(|n| n == "release.yml") && names.iter().any(|n| n == "ci.yml"),
        "expected release.yml and ci.yml in .github/workflows, found {names:?}"
    );
    crate::support::actionlint(&files, &crate::support::repo());
}

/// The check above can fail: actionlint refuses an action on the removed node20 runtime.
#[test]
fn actionlint_refuses_a_node20_action() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("old.yml");
    std::fs::write(
        &file,
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n",
    )
    .unwrap();
    let out = crate::support::linter("actionlint", &[file.as_os_str()], dir.path());
    assert!(
        !out.status.success(),
        "actionlint accepted actions/checkout@v4"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("node20"));
}

#[test]
fn the_dockerfile_passes_hadolint() {
    let out = crate::support::linter(
        "hadolint",
        &["Dockerfile".as_ref()],
        &crate::support::repo(),
    );
    assert!(
        out.status.success(),
        "hadolint found problems:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The check above can fail: hadolint refuses an image tagged `latest` and a root user.
#[test]
fn hadolint_refuses_a_careless_dockerfile() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Dockerfile"),
        "FROM debian:latest\nUSER root\n",
    )
    .unwrap();
    let out = crate::support::linter("hadolint", &["Dockerfile".as_ref()], dir.path());
    assert!(
        !out.status.success(),
        "hadolint accepted FROM debian:latest"
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("DL3007") && report.contains("DL3002"),
        "{report}"
    );
}

/// What docs/releasing.md promises of the image's last stage: an unprivileged user, the site
/// mounted at /site, `bulletin` as the entry point and `build` as the default command.
#[test]
fn the_image_runs_bulletin_build_in_site_as_a_user() {
    let text = std::fs::read_to_string(crate::support::repo().join("Dockerfile")).unwrap();
    let stages = text.lines().filter(|l| l.starts_with("FROM ")).count();
    assert!(stages >= 2, "the Dockerfile is not multi-stage");
    let lines: Vec<&str> = text.lines().collect();
    let last = lines.rsplit(|l| l.starts_with("FROM ")).next().unwrap();
    let has = |line: &str| last.iter().any(|l| l.trim() == line);
    let user = last
        .iter()
        .rev()
        .find_map(|l| l.strip_prefix("USER "))
        .expect("no USER in the last stage");
    let uid = user.split(':').next().unwrap();
    assert!(
        uid.parse::<u32>().is_ok_and(|u| u != 0),
        "the image runs as {user}: a numeric non-root id"
    );
    assert!(has("WORKDIR /site"), "{last:?}");
    assert!(has(r#"ENTRYPOINT ["bulletin"]"#), "{last:?}");
    assert!(has(r#"CMD ["build"]"#), "{last:?}");
    assert!(
        !last.iter().any(|l| l.starts_with("RUN ")),
        "the last stage runs commands: {last:?}"
    );
}
