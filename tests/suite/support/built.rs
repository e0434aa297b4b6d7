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

/// The file `rel` of a built site, or a panic naming it.
pub fn read_out(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}
