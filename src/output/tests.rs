//! Tests of the output folder: safe paths, replacing an earlier output whole, refusing one, an output that was a symlink, and which old files count as unchanged.

use super::*;

#[test]
fn paths_cannot_escape() {
    assert!(is_safe_relative("incidents/微信/index.html"));
    for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\..\\b", "./x"] {
        assert!(!is_safe_relative(bad), "{bad}");
    }
}

fn site_folder(root: &Path) -> Vec<Source> {
    vec![Source {
        path: root.to_path_buf(),
        what: "site folder",
        may_hold_output: true,
    }]
}

#[test]
fn replaces_an_earlier_output_whole_and_leaves_its_marker() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let sources = site_folder(&tmp.path().join("site"));
    std::fs::create_dir_all(out.join("stale")).unwrap();
    std::fs::write(out.join("stale/old.html"), "old").unwrap();
    std::fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
    // A staging folder of a build killed earlier (pid 1 is never a build).
    std::fs::create_dir_all(tmp.path().join(".public.bulletin-new-1/x")).unwrap();
    let files = [OutputFile::new("index.html", b"new".to_vec())];
    write_site(&out, &sources, false, &files).unwrap();
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"new");
    assert_eq!(
        std::fs::read(out.join(MARKER)).unwrap(),
        MARKER_TEXT.as_bytes()
    );
    assert!(!out.join("stale").exists());
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().collect();
    assert_eq!(leftovers.len(), 1, "staging folders are cleaned up");
}

#[test]
fn a_path_written_twice_is_one_file_not_a_failed_build() {
    // A site's static file at a generated page's path, as `static/index.html`.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let sources = site_folder(&tmp.path().join("site"));
    let files = [
        OutputFile::new("index.html", b"page".to_vec()),
        OutputFile::new("index.html", b"static".to_vec()),
    ];
    write_site(&out, &sources, false, &files).unwrap();
    let written = std::fs::read(out.join("index.html")).unwrap();
    assert!(written == b"page" || written == b"static");
}

#[test]
fn a_refused_output_is_left_exactly_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let sources = site_folder(&tmp.path().join("site"));
    let mine = tmp.path().join("Documents");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("thesis.md"), "mine").unwrap();
    let err = write_site(&mine, &sources, false, &[]).unwrap_err();
    assert!(matches!(err, WriteError::NotOurs(..)), "{err}");
    assert!(err.to_string().contains("--force"), "{err}");
    assert_eq!(std::fs::read(mine.join("thesis.md")).unwrap(), b"mine");
    let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().collect();
    assert_eq!(names.len(), 1, "nothing created beside it");
    write_site(&mine, &sources, true, &[]).unwrap();
    assert!(!mine.join("thesis.md").exists(), "--force replaces it");
}

#[cfg(unix)]
#[test]
fn an_output_that_was_a_symlink_is_replaced_only_when_forced_never_its_target() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("elsewhere");
    std::fs::create_dir_all(target.join("incidents/a")).unwrap();
    std::fs::write(target.join("incidents/a/index.html"), "keep").unwrap();
    std::fs::write(target.join(MARKER), MARKER_TEXT).unwrap();
    let out = tmp.path().join("public");
    std::os::unix::fs::symlink(&target, &out).unwrap();
    let sources = site_folder(&tmp.path().join("src"));
    let files = [OutputFile::new("index.html", b"new".to_vec())];
    let err = write_site(&out, &sources, false, &files).unwrap_err();
    assert!(
        matches!(err, WriteError::NotOurs(_, "a symbolic link")),
        "{err}"
    );
    write_site(&out, &sources, true, &files).unwrap();
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"new");
    assert!(!std::fs::symlink_metadata(&out).unwrap().is_symlink());
    assert_eq!(
        std::fs::read(target.join("incidents/a/index.html")).unwrap(),
        b"keep",
        "the link's target is left alone"
    );
}

#[test]
fn only_a_file_with_exactly_the_bytes_counts_as_the_same() {
    let tmp = tempfile::tempdir().unwrap();
    let tree = Tree::create(&tmp.path().join("old")).unwrap();
    let page = vec![b'x'; 20_000];
    for (name, bytes) in [("same", &page[..]), ("longer", &page[..]), ("empty", b"")] {
        tree.create_file(name, bytes).unwrap();
    }
    tree.create_file("longer", &[&page[..], b"!"].concat())
        .unwrap();
    assert!(same_bytes(&tree, "same", &page));
    assert!(same_bytes(&tree, "empty", b""));
    assert!(!same_bytes(&tree, "longer", &page));
    assert!(!same_bytes(&tree, "same", &page[1..]));
    assert!(!same_bytes(&tree, "same", &[&page[1..], b"y"].concat()));
    assert!(!same_bytes(&tree, "missing", b""));
}
