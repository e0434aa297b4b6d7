//! The release files the repository ships: its GitHub workflows pass actionlint (which knows
//! which actions still run on GitHub's runners), and the Dockerfile passes hadolint.
//! docs/releasing.md describes them.

mod common;

use std::path::PathBuf;

/// `.github/workflows/*.yml`, sorted.
fn workflows() -> Vec<PathBuf> {
    let dir = common::repo().join(".github/workflows");
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
    common::actionlint(&files, &common::repo());
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
    let out = common::linter("actionlint", &[file.as_os_str()], dir.path());
    assert!(
        !out.status.success(),
        "actionlint accepted actions/checkout@v4"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("node20"));
}
