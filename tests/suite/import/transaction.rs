//! An import is a transaction (issue 23, finding 3): one that fails or is killed part way is
//! resumed by the next, which leaves the site byte for byte as one uninterrupted import would
//! (no `-2` copies, no temporary files); two imports into one folder do not run at once.
//!
//! Failures are injected with `BULLETIN_IMPORT_FAIL_AFTER=N` (the writer fails every file
//! after the first N; docs/testing.md), and kills are real: SIGKILL once the import has
//! written some files of a generated source. Before the lock and the record's `pending`, each
//! of these tests failed: the interrupted import came back with `-2` copies (or was refused,
//! its folder "not a Bulletin site"), and two imports at once failed or duplicated.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::*;

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/import/statuspage")
}

fn import_command(source: &Path, into: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bulletin"));
    cmd.args(["import", "statuspage"])
        .arg(source)
        .arg("--into")
        .arg(into)
        .env("SOURCE_DATE_EPOCH", NOW_EPOCH)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

/// Imports `source` into `into`, failing every file write after the first `fail_after`.
fn import(source: &Path, into: &Path, fail_after: Option<usize>) -> std::process::Output {
    let mut cmd = import_command(source, into);
    if let Some(n) = fail_after {
        cmd.env("BULLETIN_IMPORT_FAIL_AFTER", n.to_string());
    }
    cmd.output().unwrap()
}

/// The site as one uninterrupted import of `source` leaves it.
fn reference(source: &Path) -> (tempfile::TempDir, Vec<(PathBuf, Vec<u8>)>) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    import(source, &site, None);
    let files = snapshot(&site);
    assert!(files.len() > 10);
    (dir, files)
}

fn names(files: &[(PathBuf, Vec<u8>)]) -> Vec<String> {
    files.iter().map(|(p, _)| p.display().to_string()).collect()
}

#[test]
fn an_import_that_failed_part_way_is_resumed_not_duplicated() {
    let source = fixture();
    let (_keep, expected) = reference(&source);
    // Every point: before the first file, after each one (bulletin.yaml and 13 incidents; the
    // record and the new site's .gitignore, written when missing, are not among the N).
    for n in 0..expected.len() - 2 {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let failed = import(&source, &site, Some(n));
        assert_ne!(
            failed.status.code(),
            Some(0),
            "n = {n}: the failure was not injected"
        );
        assert!(
            String::from_utf8_lossy(&failed.stderr).contains("BULLETIN_IMPORT_FAIL_AFTER"),
            "n = {n}: {}",
            String::from_utf8_lossy(&failed.stderr)
        );
        let rerun = import(&source, &site, None);
        assert_eq!(
            rerun.status.code(),
            Some(0),
            "n = {n}: {}",
            String::from_utf8_lossy(&rerun.stderr)
        );
        let got = snapshot(&site);
        assert_eq!(names(&got), names(&expected), "n = {n}");
        assert!(got == expected, "n = {n}: same names, other bytes");
    }
}

/// A Statuspage folder with `copies` times the fixture's incidents (new ids and titles).
fn generated(dir: &Path, copies: usize) -> PathBuf {
    let source = dir.join("source");
    std::fs::create_dir_all(&source).unwrap();
    for entry in std::fs::read_dir(fixture()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), source.join(entry.file_name())).unwrap();
    }
    let path = source.join("incidents.json");
    let mut page: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let originals = page["incidents"].as_array().unwrap().clone();
    let mut all = Vec::new();
    for k in 0..copies {
        for inc in &originals {
            let mut inc = inc.clone();
            let id = format!("{}x{k}", inc["id"].as_str().unwrap());
            inc["name"] = format!("{} {k}", inc["name"].as_str().unwrap()).into();
            for u in inc["incident_updates"].as_array_mut().unwrap() {
                u["id"] = format!("{}x{k}", u["id"].as_str().unwrap()).into();
                u["incident_id"] = id.clone().into();
            }
            inc["id"] = id.into();
            all.push(inc);
        }
    }
    page["incidents"] = all.into();
    std::fs::write(&path, serde_json::to_vec(&page).unwrap()).unwrap();
    source
}

fn count(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| d.count())
}

#[test]
fn an_import_killed_part_way_is_resumed_not_duplicated() {
    let work = tempfile::tempdir().unwrap();
    let source = generated(work.path(), 80);
    let (_keep, expected) = reference(&source);
    for (i, kill_at) in [1, 200, 600].into_iter().enumerate() {
        let site = work.path().join(format!("site{i}"));
        let mut child = import_command(&source, &site).spawn().unwrap();
        // Not a timed test: whenever the kill lands, the rerun must give the same site.
        while count(&site.join("incidents")) < kill_at && child.try_wait().unwrap().is_none() {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        let _ = child.kill();
        child.wait().unwrap();
        let rerun = import(&source, &site, None);
        assert!(
            rerun.status.success(),
            "{}",
            String::from_utf8_lossy(&rerun.stderr)
        );
        let got = snapshot(&site);
        assert_eq!(
            names(&got).len(),
            names(&expected).len(),
            "killed at {kill_at}"
        );
        assert_eq!(names(&got), names(&expected), "killed at {kill_at}");
        assert!(
            got == expected,
            "killed at {kill_at}: same names, other bytes"
        );
    }
}

#[test]
fn a_second_import_into_the_same_folder_waits_for_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    // Hold the site's lock as a running import (or build) does.
    let held = std::fs::File::open(&site).unwrap();
    held.lock().unwrap();
    let mut child = import_command(&fixture(), &site).spawn().unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stderr, &mut line).unwrap();
    assert!(
        line.contains("waiting for another bulletin command"),
        "{line}"
    );
    assert_eq!(
        count(&site),
        0,
        "wrote while another import held the folder"
    );
    held.unlock().unwrap();
    assert!(child.wait().unwrap().success());
    let (_keep, expected) = reference(&fixture());
    assert!(snapshot(&site) == expected);
}

#[test]
fn two_imports_started_together_leave_the_site_of_one() {
    // Without the lock, both planned the same files: one failed on the other's temporary
    // file, or the second wrote every incident again as `-2`.
    let work = tempfile::tempdir().unwrap();
    let source = generated(work.path(), 80);
    let (_keep, expected) = reference(&source);
    let site = work.path().join("site");
    let first = import_command(&source, &site).spawn().unwrap();
    let second = import_command(&source, &site).spawn().unwrap();
    for child in [first, second] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let got = snapshot(&site);
    assert_eq!(got.len(), expected.len(), "files (duplicates?)");
    assert_eq!(names(&got), names(&expected));
    assert!(got == expected, "same names, other bytes");
}
