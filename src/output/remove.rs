//! Removing what a build made and no longer needs: a replaced site, a failed staging folder,
//! and staging folders left behind by builds that were killed.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// Removes a replaced site. Its top-level folders are removed in parallel: on a large site
/// (one folder per incident) this is most of the time between "written" and "done". Like
/// `remove_dir_all`, it never follows a symbolic link: an output folder that was a link to
/// elsewhere loses the link, not what it points to.
pub(super) fn remove_tree(dir: &Path) {
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
        entries(dir).par_iter().for_each(|(path, is_dir)| {
            if *is_dir {
                remove_children_parallel(path);
            }
        });
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// Removes the contents of `dir` in parallel (the incident pages are 10,000s of folders under
/// one `incidents/`), leaving `dir` itself to the caller.
fn remove_children_parallel(dir: &Path) {
    entries(dir).par_iter().for_each(|(path, is_dir)| {
        let _ = if *is_dir {
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        };
    });
}

/// The entries of `dir` and whether each is a real folder (not a link to one), as the
/// directory listing tells, without looking each one up again.
fn entries(dir: &Path) -> Vec<(PathBuf, bool)> {
    let Ok(list) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    list.flatten()
        .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
        .collect()
}

/// The name prefix of the staging folders of the output folder called `name`.
pub(super) fn staging_prefix(name: &str) -> String {
    format!(".{name}.bulletin-")
}

/// Removes staging folders left behind by builds that were killed. A build killed between the
/// two renames of the fallback swap leaves the previous site moved aside: it is put back.
/// Called only while holding the output's lock, so no other build is using them.
pub(super) fn remove_stale(parent: &Path, name: &str, output: &Path) {
    let prefix = staging_prefix(name);
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file_name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        // Only folders of Bulletin's own naming: `new-<pid>` or `old-<pid>`.
        let Some((state, pid)) = rest.split_once('-') else {
            continue;
        };
        if !matches!(state, "new" | "old") || pid.parse::<u32>().is_err() {
            continue;
        }
        if state == "old" && std::fs::symlink_metadata(output).is_err() {
            let _ = std::fs::rename(e.path(), output);
        } else {
            remove_tree(&e.path());
        }
    }
}
