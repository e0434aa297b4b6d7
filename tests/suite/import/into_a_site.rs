//! Importing into a site of one's own (issue 27, item 7): refused without `--into`, in one
//! line; with `--into`, refused until the site's `bulletin.yaml` has the imported components
//! or `--add-components` adds them, keeping every byte of the file that was there; a short
//! report; a new site gets `init`'s `.gitignore` and CI recipe and a note on `base_url`.
//! The source is the generated page of `bench/import.sh`, on a small scale.

use std::path::{Path, PathBuf};

use crate::support::*;

#[path = "../../../examples/gen_statuspage.rs"]
#[allow(dead_code, unreachable_pub)]
mod gen_statuspage;

/// The generated Statuspage page of `n` incidents, in `dir`.
fn generated(dir: &Path, n: usize) -> PathBuf {
    let source = dir.join("statuspage");
    gen_statuspage::write_page(n, &source);
    source
}

/// Every file under `root` with its bytes, sorted.
fn files(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn an_inited_site_takes_an_import_only_when_named_and_with_its_components() {
    let work = tempfile::tempdir().unwrap();
    let source = generated(work.path(), 60);
    let source = source.to_str().unwrap();
    let site = work.path().join("site");
    run_from(Path::new("."), &["init", site.to_str().unwrap()]).ok();
    let before = files(&site);
    let yaml = std::fs::read_to_string(site.join("bulletin.yaml")).unwrap();

    // Without --into: one clear line, nothing written.
    let run = run_from(&site, &["import", "statuspage", source]);
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("nothing was written: to import into it, name it (`--into .`"),
        "{}",
        run.stderr
    );
    assert_eq!(files(&site), before);

    // Named, but its bulletin.yaml lacks the components: refused, nothing written.
    let run = run_from(&site, &["import", "statuspage", source, "--into", "."]);
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("lacks 44 of the imported components")
            && run.stderr.contains("--add-components"),
        "{}",
        run.stderr
    );
    assert_eq!(files(&site), before);

    // With --add-components: the components are added as new lines, the import checks clean.
    let args = [
        "import",
        "statuspage",
        source,
        "--into",
        ".",
        "--add-components",
    ];
    let run = run_from(&site, &args);
    run.ok();
    assert!(run.stdout.contains("checked: 0 error(s)"), "{}", run.stdout);
    assert!(
        run.stdout.lines().count() < 30,
        "a short report:\n{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  - … and 57 more (--verbose lists each)\n"),
        "{}",
        run.stdout
    );
    // The two incidents of the source without components: one shown, one counted.
    assert_eq!(
        run.stderr.matches("nothing-affected\n").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("… and 1 more nothing-affected (`bulletin check` or --verbose lists each)"),
        "{}",
        run.stderr
    );
    let after = std::fs::read_to_string(site.join("bulletin.yaml")).unwrap();
    let same = yaml
        .bytes()
        .zip(after.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    assert!(
        after.len() > yaml.len() && after.ends_with(&yaml[same..]),
        "only lines inserted:\n{after}"
    );
    run_in(&site, &["check"]).ok();
    assert_eq!(
        std::fs::read(site.join(".gitignore")).unwrap(),
        before
            .iter()
            .find(|(p, _)| p.ends_with(".gitignore"))
            .unwrap()
            .1,
        "the site's own .gitignore stays"
    );

    // Again: nothing to add, the file stays.
    run_from(&site, &args).ok();
    assert_eq!(
        std::fs::read_to_string(site.join("bulletin.yaml")).unwrap(),
        after
    );
    let verbose = run_from(
        &site,
        &["import", "statuspage", source, "--into", ".", "--verbose"],
    );
    verbose.ok();
}

#[test]
fn a_new_site_gets_the_gitignore_and_ci_of_init_and_a_note_on_its_address() {
    let work = tempfile::tempdir().unwrap();
    let source = generated(work.path(), 5);
    let site = work.path().join("site");
    let args = [
        "import",
        "statuspage",
        source.to_str().unwrap(),
        "--into",
        site.to_str().unwrap(),
        "--ci",
        "github",
    ];
    let run = run_from(Path::new("."), &args);
    run.ok();
    let inited = work.path().join("inited");
    run_from(
        Path::new("."),
        &["init", inited.to_str().unwrap(), "--ci", "github"],
    )
    .ok();
    for file in [".gitignore", ".github/workflows/status-page.yml"] {
        assert_eq!(
            std::fs::read(site.join(file)).unwrap(),
            std::fs::read(inited.join(file)).unwrap(),
            "{file}"
        );
    }
    assert!(
        run.stdout.contains(
            "note: base_url in bulletin.yaml is the imported page's address (https://status.bench.example"
        ),
        "{}",
        run.stdout
    );
    let yaml = std::fs::read_to_string(site.join("bulletin.yaml")).unwrap();
    assert!(yaml.contains("# The imported page's own address"), "{yaml}");
    // A second import leaves them as they are; the folder is the import's own now.
    let again = run_from(&site, &["import", "statuspage", source.to_str().unwrap()]);
    again.ok();
    assert!(
        again.stdout.contains("0 new and 0 updated"),
        "{}",
        again.stdout
    );
}
