//! The repository's own site built for a test to read, and reading a built file.

use std::path::{Path, PathBuf};

use super::{repo, run_in};

/// The repository's own site (the reference outage, in Chinese) built at `now` into a
/// temporary folder: the folder (removed when it is dropped) and the site in it.
pub fn default_site_at(now: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    run_in(
        &repo(),
        &["build", "--output", out.to_str().unwrap(), "--now", now],
    )
    .ok();
    (tmp, out)
}

/// The repository's site with `config` as its `bulletin.yaml`, built at `now`;
/// its translation files left out unless `translations`.
pub fn build_copy(config: &str, translations: bool, now: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("src");
    for dir in ["incidents", "static"] {
        for entry in walkdir::WalkDir::new(repo().join(dir)) {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(repo()).unwrap();
            let name = rel.to_string_lossy();
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(root.join(rel)).unwrap();
            } else if translations || !name.ends_with(".en.md") {
                std::fs::copy(entry.path(), root.join(rel)).unwrap();
            }
        }
    }
    std::fs::write(root.join("bulletin.yaml"), config).unwrap();
    let out = tmp.path().join("site");
    let args = ["build", "--output", out.to_str().unwrap(), "--now", now];
    run_in(&root, &args).ok();
    (tmp, out)
}

/// `config` (the repository's) with only its default language: `languages:` made `language:`
/// and every `translations:` block taken out.
pub fn in_one_language(config: &str) -> String {
    let mut kept = Vec::new();
    let mut skip_deeper_than: Option<usize> = None;
    for line in config.lines() {
        let indent = line.len() - line.trim_start().len();
        if let Some(depth) = skip_deeper_than {
            if indent > depth || line.trim().is_empty() && indent == 0 && depth == 0 {
                continue;
            }
            skip_deeper_than = None;
        }
        if line.trim_start().starts_with("translations:") {
            skip_deeper_than = Some(indent);
            continue;
        }
        kept.push(line.replace("languages: [zh-CN, en]", "language: zh-CN"));
    }
    kept.join("\n") + "\n"
}

/// The repository's site in its default language only (no `en/` tree, no switcher): what a
/// site in one language pays per page, built at `now`.
pub fn one_language_site_at(now: &str) -> (tempfile::TempDir, PathBuf) {
    let config = std::fs::read_to_string(repo().join("bulletin.yaml")).unwrap();
    build_copy(&in_one_language(&config), false, now)
}

/// The file `rel` of a built site, or a panic naming it.
pub fn read_out(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}
