//! Finding incident files without ever leaving the site root.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};

/// The folder, under the site root, that holds incident files.
pub const INCIDENTS_DIR: &str = "incidents";

/// The site's folder of incident templates (`bulletin new --template`; not published, and
/// not `templates/`, which holds the theme's overrides).
pub const TEMPLATES_DIR: &str = "incident-templates";

/// Every `*.md` file under `<root>/incidents`, relative to `root`, sorted so that the build does
/// not depend on file-system order. Hidden files and editor leftovers are skipped; symbolic links
/// to files, and `incidents/` itself when it is a link, are followed only when they resolve
/// inside the site root (otherwise a `symlink-outside-root` warning); linked folders below
/// `incidents/` are not entered.
pub fn find_incident_files(root: &Path) -> (Vec<PathBuf>, Diagnostics) {
    let mut files = Vec::new();
    let mut problems = Diagnostics::default();
    for found in incident_files(root) {
        match found {
            Ok(rel) => files.push(rel),
            Err(d) => problems.push(d),
        }
    }
    (files, problems)
}

/// [`find_incident_files`] as the folder is read, in the same order: loading can start on the
/// first files while the rest are still being listed.
pub(super) fn incident_files(
    root: &Path,
) -> impl Iterator<Item = Result<PathBuf, Diagnostic>> + Send {
    let root = root.to_path_buf();
    let dir = root.join(INCIDENTS_DIR);
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.clone());
    let folder = incidents_folder(&dir, &canonical_root);
    // walkdir always follows the folder it is asked to walk, even with `follow_links(false)`,
    // so a linked `incidents/` is judged here, by the rule the walk applies to linked files.
    let problem = (folder == Folder::LinkOutside).then(|| {
        Diagnostic::warning(
            Code::SymlinkOutsideRoot,
            INCIDENTS_DIR,
            "symbolic link leads outside the site root (or nowhere) and is not followed",
        )
        .hint("move the folder into the site root (or copy its files into incidents/) instead of linking to it")
    });
    let walker = (folder == Folder::Walk).then(|| {
        WalkDir::new(&dir)
            .follow_links(false)
            // By file name, as `sort_by_file_name` sorts: siblings' paths are their folder's
            // path and their name, so comparing whole paths compares names, without
            // `Path::file_name` taking each path apart again in every comparison (1 % of a
            // 10k build).
            .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()))
    });
    problem.map(Err).into_iter().chain(
        walker
            .into_iter()
            .flatten()
            .filter_map(move |entry| classify(&root, &canonical_root, entry)),
    )
}

/// What `<root>/incidents` is, for the walk.
#[derive(Debug, PartialEq, Eq)]
enum Folder {
    /// A folder, or a link to a folder inside the site root: walk it.
    Walk,
    /// A link that leads outside the root, or nowhere: warn, do not follow.
    LinkOutside,
    /// Missing, or not a folder: no incidents.
    Nothing,
}

/// Judges `dir` (`<root>/incidents`) with one `lstat` in the common case of a plain folder.
fn incidents_folder(dir: &Path, canonical_root: &Path) -> Folder {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => match dir.canonicalize() {
            Ok(target) if target.starts_with(canonical_root) && target.is_dir() => Folder::Walk,
            Ok(target) if target.starts_with(canonical_root) => Folder::Nothing,
            _ => Folder::LinkOutside,
        },
        Ok(m) if m.is_dir() => Folder::Walk,
        _ => Folder::Nothing,
    }
}

/// What one entry of the walk is: an incident file, a problem to report, or nothing.
fn classify(
    root: &Path,
    canonical_root: &Path,
    entry: walkdir::Result<walkdir::DirEntry>,
) -> Option<Result<PathBuf, Diagnostic>> {
    let entry = match entry {
        Ok(entry) => entry,
        Err(e) => {
            let path = e.path().map(|p| relative(root, p)).unwrap_or_default();
            return Some(Err(Diagnostic::access(
                Code::Unreadable,
                path,
                format!("cannot read: {e}"),
            )));
        }
    };
    let path = entry.path();
    if !is_incident_file(path) {
        return None;
    }
    let rel = relative(root, path);
    if entry.path_is_symlink() {
        if !link_stays_inside(canonical_root, path) {
            return Some(Err(Diagnostic::warning(
                Code::SymlinkOutsideRoot,
                &rel,
                "symbolic link leads outside the site root (or nowhere) and is not followed",
            )
            .hint("copy the file into incidents/ instead of linking to it")));
        }
    } else if !entry.file_type().is_file() {
        return None;
    }
    Some(Ok(rel))
}

/// Whether a symbolic link at `path` resolves to a file inside `canonical_root`.
fn link_stays_inside(canonical_root: &Path, path: &Path) -> bool {
    path.canonicalize()
        .is_ok_and(|target| target.starts_with(canonical_root) && target.is_file())
}

/// Whether `rel` (under `root`) is a regular file, or a link to a file inside the root, in a
/// folder the walk enters: the rule [`find_incident_files`] applies, for callers that look at
/// one file.
pub fn is_followable_file(root: &Path, rel: &Path) -> bool {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    // The walk enters `incidents/` only by the rule of `incidents_folder`, and never enters a
    // linked folder below it (`follow_links(false)`): a file reached otherwise is not an incident.
    let mut dir = root.to_path_buf();
    for (i, part) in rel
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .enumerate()
    {
        dir.push(part);
        let entered = if i == 0 {
            incidents_folder(&dir, &canonical_root) == Folder::Walk
        } else {
            std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir())
        };
        if !entered {
            return false;
        }
    }
    let path = root.join(rel);
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.file_type().is_symlink() => link_stays_inside(&canonical_root, &path),
        Ok(m) => m.is_file(),
        Err(_) => false,
    }
}

/// Whether `path` names an incident source: a visible `.md` file that is not an editor's
/// temporary copy.
pub(super) fn is_incident_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
        && !name.starts_with('.')
        && !name.starts_with('#')
        && !name.ends_with('~')
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Files come in the order of their names, a folder's files where the folder's name
    /// sorts, byte by byte (`-` and `.` before `/`, capitals before small letters): the
    /// order every build lists incidents in.
    #[test]
    fn files_come_sorted_by_name_folder_by_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let names = [
            "b.md", "a.md", "a-b.md", "a/z.md", "a/b/c.md", "a/Y.md", "a0.md", "B.md", "事.md",
        ];
        for name in names {
            let path = tmp.path().join(INCIDENTS_DIR).join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let (files, problems) = find_incident_files(tmp.path());
        assert!(problems.is_empty());
        let found: Vec<String> = files
            .iter()
            .map(|f| f.strip_prefix(INCIDENTS_DIR).unwrap().display().to_string())
            .collect();
        let expected = [
            "B.md", "a/Y.md", "a/b/c.md", "a/z.md", "a-b.md", "a.md", "a0.md", "b.md", "事.md",
        ];
        assert_eq!(found, expected);
    }
}
