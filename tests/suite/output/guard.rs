//! `build` never replaces what it did not make: the site's sources, a file, or a folder of
//! someone else's files; and two builds into one output do not trip over each other.

use std::path::Path;
use std::process::Command;

use crate::support::{NOW_EPOCH, Run, TestSite, run_from, snapshot};

/// Runs `bulletin build` in `cwd` with `args` (no `--root` appended).
fn build_in(cwd: &Path, args: &[&str]) -> Run {
    let args: Vec<&str> = ["build"].into_iter().chain(args.iter().copied()).collect();
    run_from(cwd, &args)
}

/// Every entry name directly in `dir`, hidden ones included, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut list: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    list.sort();
    list
}

fn site_with_theme_folders() -> TestSite {
    let site = TestSite::standard();
    site.write("templates/partials/extra.html", "<p>mine</p>");
    site.write("static/logo.svg", "<svg/>");
    site.write("i18n/en.yaml", "{}\n");
    site
}

#[test]
fn an_output_that_is_or_lies_inside_the_sources_is_refused_and_nothing_changes() {
    let site = site_with_theme_folders();
    let root = site.path();
    let before = snapshot(root);
    let top_before = names(root);
    let cases: &[(&Path, &[&str], &str)] = &[
        (root, &["-o", "incidents"], "the site's incident files"),
        (root, &["-o", "templates"], "the site's templates"),
        (root, &["-o", "static"], "the site's static files"),
        (
            root,
            &["-o", "i18n/out"],
            "lies inside the site's UI strings",
        ),
        (root, &["-o", "bulletin.yaml"], "the site's configuration"),
        (root, &["-o", "."], "is the site's folder ("),
        (root, &["-o", ".."], "contains the site's folder ("),
    ];
    for (cwd, args, says) in cases {
        let run = build_in(cwd, args);
        assert_eq!(
            run.status,
            Some(2),
            "{args:?} must be refused: {}",
            run.stderr
        );
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("choose an output folder"),
            "{}",
            run.stderr
        );
    }
    // The same through --root from elsewhere.
    let outside = tempfile::tempdir().unwrap();
    let root_arg = root.to_str().unwrap();
    let incidents = root.join("incidents");
    let run = build_in(
        outside.path(),
        &["--root", root_arg, "--output", incidents.to_str().unwrap()],
    );
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    assert_eq!(snapshot(root), before, "no source file changed");
    assert_eq!(names(root), top_before, "nothing was left beside them");
    site.run(&["check"]).ok();
}

#[test]
fn an_existing_file_is_never_an_output_even_forced() {
    let site = TestSite::standard();
    site.write("notes.txt", "my notes");
    for args in [&["-o", "notes.txt"][..], &["-o", "notes.txt", "--force"]] {
        let run = build_in(site.path(), args);
        assert_eq!(run.status, Some(2), "{}", run.stderr);
        assert!(run.stderr.contains("is an existing file"), "{}", run.stderr);
    }
    assert_eq!(site.read("notes.txt"), "my notes");
    assert!(!names(site.path()).iter().any(|n| n.contains("bulletin-")));
}

#[test]
fn a_folder_bulletin_did_not_make_is_replaced_only_with_force() {
    let site = TestSite::standard();
    let docs = tempfile::tempdir().unwrap();
    let documents = docs.path().join("Documents");
    std::fs::create_dir_all(documents.join("taxes")).unwrap();
    std::fs::write(documents.join("taxes/2025.pdf"), "keep me").unwrap();
    let out = documents.to_str().unwrap();
    let run = site.run(&["build", "--output", out]);
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("bulletin did not create"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(documents.join("taxes/2025.pdf")).unwrap(),
        b"keep me"
    );
    assert_eq!(names(docs.path()), ["Documents"], "no staging folder left");

    // An empty folder is fine, and the next build recognises its own output.
    let empty = docs.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    site.run(&["build", "--output", empty.to_str().unwrap()])
        .ok();
    assert!(empty.join(".bulletin-output").is_file());
    site.run(&["build", "--output", empty.to_str().unwrap()])
        .ok();

    site.run(&["build", "--output", out, "--force"]).ok();
    assert!(!documents.join("taxes").exists());
    assert!(documents.join("index.html").is_file());
    site.run(&["build", "--output", out]).ok();
}

#[test]
fn staging_folders_of_killed_builds_are_removed_by_the_next_build() {
    let site = TestSite::standard();
    site.run(&["build"]).ok();
    let stale = site.path().join(".public.bulletin-new-4000000");
    std::fs::create_dir_all(stale.join("incidents/x")).unwrap();
    std::fs::write(stale.join("incidents/x/index.html"), "half").unwrap();
    // A user's file that merely looks similar stays.
    site.write(".public.bulletin-notes", "mine");
    site.run(&["build"]).ok();
    assert!(!stale.exists());
    assert_eq!(site.read(".public.bulletin-notes"), "mine");
}

#[test]
fn concurrent_builds_into_one_output_both_succeed() {
    let site = TestSite::standard();
    for i in 0..300 {
        site.write(
            &format!("incidents/2023-03-{:02}-n{i}.md", i % 28 + 1),
            &crate::support::GOOD_INCIDENT.replace("Login failures", &format!("Failure {i}")),
        );
    }
    site.run(&["build"]).ok();
    let bin = env!("CARGO_BIN_EXE_bulletin");
    for round in 0..3 {
        let children: Vec<_> = (0..2)
            .map(|_| {
                Command::new(bin)
                    .args(["build", "--root"])
                    .arg(site.path())
                    .env("SOURCE_DATE_EPOCH", NOW_EPOCH)
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert!(
            site.out()
                .join("incidents/2023-03-01-n0/index.html")
                .is_file()
        );
        let leftovers: Vec<_> = names(site.path())
            .into_iter()
            .filter(|n| n.contains(".bulletin-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

#[test]
fn a_build_that_fails_while_rendering_leaves_the_previous_site_and_no_staging_folder() {
    let site = TestSite::standard();
    site.run(&["build"]).ok();
    let before = snapshot(&site.out());
    // A template mistake shows only when that page is rendered, after staging began.
    site.write(
        "templates/index.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ no_such_thing.field }}</p>\n{% endblock content %}\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert_eq!(
        snapshot(&site.out()),
        before,
        "the previous site is untouched"
    );
    let leftovers: Vec<_> = names(site.path())
        .into_iter()
        .filter(|n| n.contains(".bulletin-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A template mistake that shows only while pages are rendered, after staging began.
const BROKEN_INDEX: &str = "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ no_such_thing.field }}</p>\n{% endblock content %}\n";

#[test]
fn a_killed_builds_leftovers_are_sorted_out_even_when_the_next_build_fails() {
    let site = TestSite::standard();
    site.run(&["build"]).ok();
    // Killed between the two renames of the fallback swap: the site was moved aside.
    std::fs::rename(site.out(), site.path().join(".public.bulletin-old-4000001")).unwrap();
    // And a half-written staging folder of another killed build.
    let half = site.path().join(".public.bulletin-new-4000002");
    std::fs::create_dir_all(&half).unwrap();
    std::fs::write(half.join("index.html"), "half").unwrap();
    // Names that only look like Bulletin's are not touched.
    site.write(".public.bulletin-new-draft/notes.md", "mine");
    site.write(".public.bulletin-keep-1/notes.md", "mine too");
    site.write("templates/index.html", BROKEN_INDEX);
    assert_eq!(site.run(&["build"]).status, Some(1));
    assert!(
        site.out().join("incidents/login/index.html").is_file(),
        "the site moved aside is put back"
    );
    assert_ne!(
        site.read("public/index.html"),
        "half",
        "never the half-written one"
    );
    assert!(!half.exists());
    assert_eq!(site.read(".public.bulletin-new-draft/notes.md"), "mine");
    assert_eq!(site.read(".public.bulletin-keep-1/notes.md"), "mine too");
}

#[test]
fn a_half_written_staging_folder_never_becomes_the_output() {
    let site = TestSite::standard();
    let half = site.path().join(".public.bulletin-new-4000003");
    std::fs::create_dir_all(&half).unwrap();
    std::fs::write(half.join("index.html"), "half").unwrap();
    site.write("templates/index.html", BROKEN_INDEX);
    assert_eq!(site.run(&["build"]).status, Some(1));
    assert!(!site.out().exists(), "no output rather than half of one");
    assert!(!half.exists());
}
