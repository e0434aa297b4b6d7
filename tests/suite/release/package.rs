//! The published crate (`cargo package --list`): it holds what a build needs (the code, the
//! embedded theme, licences, readme, changelog) and none of the repository's tests, fixtures,
//! benches, fuzz targets or examples. docs/releasing.md reviews the list.

use std::collections::BTreeSet;
use std::process::Command;

/// The file list `cargo package` would publish, from the repository's manifest.
fn package_list() -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["package", "--list", "--allow-dirty", "--offline", "--quiet"])
        .current_dir(crate::support::repo())
        .output()
        .expect("run cargo package --list");
    assert!(
        out.status.success(),
        "cargo package --list failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Files git tracks under `dir` (the theme and code a build embeds or compiles).
fn tracked(dir: &str) -> Vec<String> {
    let out = Command::new("git")
        .args(["ls-files", "--", dir])
        .current_dir(crate::support::repo())
        .output()
        .expect("run git ls-files");
    assert!(out.status.success(), "git ls-files {dir} failed");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_package_holds_what_a_build_needs() {
    let list = package_list();
    let mut missing: Vec<String> = ["Cargo.toml", "Cargo.lock", "README.md", "CHANGELOG.md"]
        .into_iter()
        .chain([
            "LICENSE-MIT",
            "LICENSE-APACHE",
            "build.rs",
            "src/main.rs",
            "src/lib.rs",
        ])
        .map(str::to_owned)
        .chain(tracked("src"))
        .chain(tracked("themes"))
        .filter(|f| !list.contains(f))
        .collect();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "the published crate lacks files a build needs (Cargo.toml `include`): {missing:?}"
    );
}

#[test]
fn the_package_holds_no_tests_fixtures_or_tools() {
    let list = package_list();
    let kept_out = [
        "tests/",
        "fuzz/",
        "bench/",
        "examples/",
        "docs/",
        ".github/",
        ".ci/",
    ];
    let extra: Vec<&String> = list
        .iter()
        .filter(|f| kept_out.iter().any(|p| f.starts_with(p)))
        .chain(list.iter().filter(|f| f.contains("fixtures/")))
        .collect();
    assert!(
        extra.is_empty(),
        "the published crate holds files no build needs (Cargo.toml `include`): {extra:?}"
    );
}
