//! `check --format github` names files by their path in the repository, so GitHub attaches the
//! annotation to the file in review even when the site is in a subfolder.

use std::path::Path;
use std::process::Command;

use crate::support::*;

const BAD: &str = "---\ntitle: Bad\naffected:\n  wechat/logn: major_outage\n---\n\n## Timeline\n\n### 2023-03-29 00:30 · investigating\nx\n";

fn annotations(cwd: &Path, root: &str) -> Vec<String> {
    let run = run_from(cwd, &["check", "--format", "github", "--root", root]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    run.stdout.lines().map(str::to_string).collect()
}

#[test]
fn a_site_in_a_subfolder_of_a_git_repository_is_annotated_with_repository_paths() {
    let repo_dir = tempfile::tempdir().unwrap();
    let git = Command::new("git")
        .args(["init", "-q"])
        .current_dir(repo_dir.path())
        .status()
        .expect("git is installed");
    assert!(git.success());
    let site = repo_dir.path().join("ops/status");
    std::fs::create_dir_all(site.join("incidents")).unwrap();
    std::fs::write(site.join("bulletin.yaml"), CONFIG).unwrap();
    std::fs::write(site.join("incidents/bad.md"), BAD).unwrap();
    // As CI runs it (from the repository's top, --root the subfolder) and from inside the site.
    for (cwd, root) in [
        (repo_dir.path().to_path_buf(), "ops/status"),
        (site.clone(), "."),
    ] {
        let lines = annotations(&cwd, root);
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("::error file=ops/status/incidents/bad.md,line=4,")),
            "from {}: {lines:?}",
            cwd.display()
        );
    }
}

#[test]
fn outside_git_paths_are_relative_to_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("incidents")).unwrap();
    std::fs::write(site.join("bulletin.yaml"), CONFIG).unwrap();
    std::fs::write(site.join("incidents/bad.md"), BAD).unwrap();
    let lines = annotations(dir.path(), "site");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::error file=site/incidents/bad.md,")),
        "{lines:?}"
    );
}
