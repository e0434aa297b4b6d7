//! The safe writer's refusals and its read-then-edit rule.

use super::*;

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("incidents")).unwrap();
    dir
}

#[test]
fn writes_only_over_what_the_caller_read() {
    let dir = site();
    let rel = Path::new("incidents/a.md");
    write(dir.path(), rel, b"one", Expect::New).unwrap();
    // New never replaces, not even a file it wrote itself.
    let e = write(dir.path(), rel, b"two", Expect::New).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
    // Someone saved the file since it was read: left as it is.
    let e = write(dir.path(), rel, b"two", Expect::Holds(b"zero")).unwrap_err();
    assert!(e.to_string().contains("changed while"), "{e}");
    assert_eq!(std::fs::read(dir.path().join(rel)).unwrap(), b"one");
    write(dir.path(), rel, b"two", Expect::Holds(b"one")).unwrap();
    assert_eq!(std::fs::read(dir.path().join(rel)).unwrap(), b"two");
    // Gone since it was read: not written back.
    std::fs::remove_file(dir.path().join(rel)).unwrap();
    assert!(write(dir.path(), rel, b"three", Expect::Holds(b"two")).is_err());
    assert!(!dir.path().join(rel).exists());
    // No temporary file is left behind.
    assert_eq!(
        std::fs::read_dir(dir.path().join("incidents"))
            .unwrap()
            .count(),
        0
    );
}

#[test]
fn refuses_paths_and_links_that_leave_the_site() {
    let dir = site();
    let outside = tempfile::tempdir().unwrap();
    for rel in ["../x.md", "/tmp/x.md", "incidents/../../x.md", ""] {
        assert!(
            write(dir.path(), Path::new(rel), b"x", Expect::New).is_err(),
            "{rel}"
        );
    }
    std::os::unix::fs::symlink(outside.path(), dir.path().join("out")).unwrap();
    let e = write(dir.path(), Path::new("out/x.md"), b"x", Expect::New).unwrap_err();
    assert!(e.to_string().contains("leads outside the site"), "{e}");
    // A link inside the site is a folder of the site.
    std::os::unix::fs::symlink("incidents", dir.path().join("inside")).unwrap();
    write(dir.path(), Path::new("inside/x.md"), b"x", Expect::New).unwrap();
    assert!(dir.path().join("incidents/x.md").is_file());
    // The target itself a link (even to a file of the site): refused, left as it is.
    std::os::unix::fs::symlink("x.md", dir.path().join("incidents/l.md")).unwrap();
    let e = write(
        dir.path(),
        Path::new("incidents/l.md"),
        b"y",
        Expect::Holds(b"x"),
    )
    .unwrap_err();
    assert!(e.to_string().contains("symbolic link"), "{e}");
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    assert_eq!(
        std::fs::read(dir.path().join("incidents/x.md")).unwrap(),
        b"x"
    );
}

#[test]
fn names_from_input_are_plain_file_names() {
    for bad in [
        "", "..", ".", "../x", "a/b", "a\\b", ".hidden", "a\0b", "a\u{1b}b",
    ] {
        assert!(name_problem(bad).is_some(), "{bad:?}");
    }
    assert!(name_problem(&"x".repeat(201)).is_some());
    for good in ["2026-11-23-login.md", "微信.md", "bulletin.yaml"] {
        assert_eq!(name_problem(good), None, "{good}");
    }
    assert!(is_leftover(OsStr::new(".a.md.x1y2.bulletin-tmp")));
    assert!(!is_leftover(OsStr::new("a.md")));
}
