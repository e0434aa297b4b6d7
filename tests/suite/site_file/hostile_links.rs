//! Links a hostile contributor (or source) can plant in a site never make Bulletin write
//! outside it (issue 23, finding 2): a link at the old, predictable temporary name
//! (`.<name>.bulletin-tmp`) for `new`, `update`, `resolve`, `statement` and `import`; an
//! `incidents` folder that is a link out of the site; a slug `../../x` in the import record.
//! Each attack leaves the victim file as it was, and the site's file a regular file.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use crate::support::*;

const AT: &str = "2026-11-23T10:05:00Z";
const PRECIOUS: &str = "precious, outside the site\n";

/// A file outside the site that an attack aims at.
struct Victim {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Victim {
    fn new() -> Victim {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("victim");
        std::fs::write(&path, PRECIOUS).unwrap();
        Victim { _dir: dir, path }
    }

    /// Plants a link to the victim at `at`.
    fn plant(&self, at: &Path) {
        symlink(&self.path, at).unwrap();
    }

    fn assert_untouched(&self) {
        assert_eq!(std::fs::read_to_string(&self.path).unwrap(), PRECIOUS);
        assert!(!std::fs::symlink_metadata(&self.path).unwrap().is_symlink());
    }
}

fn assert_regular(path: &Path) {
    let meta = std::fs::symlink_metadata(path).unwrap();
    assert!(meta.is_file(), "{} is not a regular file", path.display());
}

fn old_tmp(site: &TestSite, rel: &str) -> PathBuf {
    let path = site.path().join(rel);
    let name = path.file_name().unwrap().to_str().unwrap().to_string();
    path.with_file_name(format!(".{name}.bulletin-tmp"))
}

#[test]
fn authoring_never_writes_through_a_link_at_the_temporary_name() {
    let site = TestSite::standard();
    let rel = "incidents/login.md";
    site.write(rel, "---\ntitle: Login\naffected:\n  qq: major_outage\n---\n\n## Timeline\n\n### 2026-11-23 17:00 · investigating\nLooking.\n");
    let victim = Victim::new();
    victim.plant(&old_tmp(&site, rel));
    site.run(&["update", "login", "Still looking.", "--now", AT])
        .ok();
    site.run(&["statement", "login", "Sorry.", "--by", "Ops", "--now", AT])
        .ok();
    site.run(&["resolve", "login", "Fixed.", "--now", AT]).ok();
    victim.assert_untouched();
    assert_regular(&site.path().join(rel));
    let text = site.read(rel);
    assert!(
        text.contains("Still looking.") && text.contains("> Sorry.") && text.contains("Fixed."),
        "{text}"
    );

    // `new`, whose file name is known in advance.
    let new_rel = "incidents/2026-11-23-mail-down.md";
    victim.plant(&old_tmp(&site, new_rel));
    site.run(&[
        "new",
        "Mail down",
        "--affects",
        "qq=major_outage",
        "--now",
        AT,
    ])
    .ok();
    victim.assert_untouched();
    assert_regular(&site.path().join(new_rel));
    site.run(&["check", "--now", AT]).ok();
}

#[test]
fn new_does_not_replace_a_link_at_the_file_name() {
    // A dangling link: the name looks free, and renaming over it would silently replace it.
    let site = TestSite::new(CONFIG);
    let outside = tempfile::tempdir().unwrap();
    let ghost = outside.path().join("ghost");
    symlink(&ghost, site.path().join("incidents/planted.md")).unwrap();
    let run = site.run(&[
        "new",
        "T",
        "--affects",
        "qq=major_outage",
        "--slug",
        "planted",
        "--now",
        AT,
    ]);
    assert_ne!(run.status, Some(0), "{}", run.stdout);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert!(!ghost.exists());
    let planted = site.path().join("incidents/planted.md");
    assert!(std::fs::symlink_metadata(planted).unwrap().is_symlink());
}

#[test]
fn authoring_refuses_an_incidents_folder_that_leads_outside() {
    let site = TestSite::new(CONFIG);
    let outside = tempfile::tempdir().unwrap();
    std::fs::remove_dir(site.path().join("incidents")).unwrap();
    symlink(outside.path(), site.path().join("incidents")).unwrap();
    let run = site.run(&[
        "new",
        "Mail down",
        "--affects",
        "qq=major_outage",
        "--now",
        AT,
    ]);
    assert_ne!(run.status, Some(0), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("leads outside the site"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}

fn statuspage() -> String {
    repo()
        .join("tests/fixtures/import/statuspage")
        .to_str()
        .unwrap()
        .to_string()
}

fn import(into: &Path) -> Run {
    run_from(
        Path::new("."),
        &[
            "import",
            "statuspage",
            &statuspage(),
            "--into",
            into.to_str().unwrap(),
        ],
    )
}

#[test]
fn import_never_writes_through_a_link_at_the_temporary_name() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    import(&site).ok();
    let victim = Victim::new();
    // The record is rewritten by every import.
    victim.plant(&site.join("..bulletin-import.json.bulletin-tmp"));
    // And an incident file the import writes again: gone from the site and from the record.
    let file = std::fs::read_dir(site.join("incidents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .unwrap();
    let name = file.file_name().unwrap().to_str().unwrap().to_string();
    std::fs::remove_file(&file).unwrap();
    let record_path = site.join(".bulletin-import.json");
    let mut record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&record_path).unwrap()).unwrap();
    let files = record["files"].as_object_mut().unwrap();
    assert!(files.remove(&format!("incidents/{name}")).is_some());
    std::fs::write(&record_path, serde_json::to_vec_pretty(&record).unwrap()).unwrap();
    let other = Victim::new();
    other.plant(&site.join(format!("incidents/.{name}.bulletin-tmp")));
    import(&site).ok();
    victim.assert_untouched();
    other.assert_untouched();
    assert_regular(&site.join(".bulletin-import.json"));
    assert_regular(&file);
}

#[test]
fn import_refuses_an_incidents_folder_that_leads_outside() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    symlink(&outside, site.join("incidents")).unwrap();
    std::fs::write(site.join("bulletin.yaml"), CONFIG).unwrap();
    let run = import(&site);
    assert_eq!(run.status, Some(2), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("leads outside the site"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_dir(&outside).unwrap().count(),
        0,
        "wrote outside"
    );
    // Nothing else was written either: the import stopped before its first file.
    let mut names: Vec<_> = std::fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["bulletin.yaml", "incidents"]);
}

#[test]
fn import_refuses_record_entries_that_leave_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    import(&site).ok();
    let record_path = site.join(".bulletin-import.json");
    let mut record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&record_path).unwrap()).unwrap();
    let slugs = record["slugs"].as_object_mut().unwrap();
    let keys: Vec<String> = slugs.keys().take(2).cloned().collect();
    slugs.insert(keys[0].clone(), "../../x".into());
    slugs.insert(keys[1].clone(), ".hidden".into());
    // The incidents' files are gone, so the import would write them again under these names.
    for name in std::fs::read_dir(site.join("incidents")).unwrap() {
        std::fs::remove_file(name.unwrap().path()).unwrap();
    }
    record["files"] = serde_json::json!({});
    std::fs::write(&record_path, serde_json::to_vec_pretty(&record).unwrap()).unwrap();
    let before = snapshot(dir.path());
    let run = import(&site);
    assert_eq!(run.status, Some(2), "{}\n{}", run.stdout, run.stderr);
    // Both entries, each at its line in the record.
    assert!(run.stderr.contains("the slug '../../x'"), "{}", run.stderr);
    assert!(run.stderr.contains("the slug '.hidden'"), "{}", run.stderr);
    assert!(
        run.stderr.contains(".bulletin-import.json:"),
        "{}",
        run.stderr
    );
    assert_eq!(
        snapshot(dir.path()),
        before,
        "an import with a bad record writes nothing"
    );
    assert!(!dir.path().join("x.md").exists());
}

#[test]
fn import_leaves_a_link_at_an_incident_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    import(&site).ok();
    let file = std::fs::read_dir(site.join("incidents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .unwrap();
    std::fs::remove_file(&file).unwrap();
    let victim = Victim::new();
    victim.plant(&file);
    let run = import(&site);
    assert!(run.stdout.contains("symbolic link"), "{}", run.stdout);
    victim.assert_untouched();
}
