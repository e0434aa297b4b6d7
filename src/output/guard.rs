//! What a build may replace. An output folder is Bulletin's only if Bulletin made it: never
//! the site's own sources, never an existing file, never a folder of someone else's files.
//! Every build leaves a small marker file in its output so the next one knows the folder is
//! its own to replace.

use std::fs::File;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::WriteError;

/// The file every build writes at the top of its output. A non-empty folder without it was
/// not made by Bulletin and is not replaced unless the user says so (`--force`).
pub const MARKER: &str = ".bulletin-output";

/// What the marker says to someone who finds it.
pub const MARKER_TEXT: &str = "This folder is written by `bulletin build`, which replaces it whole on every build.\nDo not keep your own files here: they would be removed.\n";

/// A part of the site's sources that an output folder must not be, hold or lie inside.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    /// What it is, for messages: "incident files", "templates", ….
    pub what: &'static str,
    /// Whether an output may lie inside it (true only for the site folder itself, whose
    /// `public/` is the default output).
    pub may_hold_output: bool,
}

/// How an output folder relates to a source, for messages.
fn relation(output: &Path, source: &Source) -> Option<&'static str> {
    if output == source.path {
        Some("is")
    } else if source.path.starts_with(output) {
        Some("contains")
    } else if output.starts_with(&source.path) && !source.may_hold_output {
        Some("lies inside")
    } else {
        None
    }
}

/// What is at the output path before a build.
#[derive(Debug, PartialEq, Eq)]
pub enum Previous {
    /// Nothing yet, or an empty folder: a first build.
    Nothing,
    /// A site an earlier build wrote (unchanged files can be linked from it).
    Site,
    /// Something Bulletin did not make, replaced because the user forced it.
    Forced,
}

/// Refuses an output that would destroy something Bulletin did not make; says what is there.
pub(super) fn check_output(
    output: &Path,
    sources: &[Source],
    force: bool,
) -> Result<Previous, WriteError> {
    let resolved = resolve(output).map_err(|e| WriteError::Io(output.to_path_buf(), e))?;
    for source in sources {
        let source_path = resolve(&source.path).unwrap_or_else(|_| source.path.clone());
        let resolved_source = Source {
            path: source_path,
            ..source.clone()
        };
        if let Some(relation) = relation(&resolved, &resolved_source) {
            return Err(WriteError::HoldsSources {
                output: output.to_path_buf(),
                relation,
                source: source.clone(),
            });
        }
    }
    let meta = match std::fs::symlink_metadata(output) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Previous::Nothing),
        Err(e) => return Err(WriteError::Io(output.to_path_buf(), e)),
    };
    let foreign = |what| {
        if force {
            Ok(Previous::Forced)
        } else {
            Err(WriteError::NotOurs(output.to_path_buf(), what))
        }
    };
    if meta.is_symlink() {
        return foreign("a symbolic link");
    }
    if !meta.is_dir() {
        return Err(WriteError::NotAFolder(output.to_path_buf()));
    }
    if output.join(MARKER).is_file() {
        return Ok(Previous::Site);
    }
    let mut listing = std::fs::read_dir(output).map_err(|e| WriteError::Io(output.into(), e))?;
    if listing.next().is_none() {
        return Ok(Previous::Nothing);
    }
    foreign("a folder that is not empty")
}

/// `path` made absolute with every symbolic link resolved, also when it does not exist yet:
/// its longest existing ancestor is resolved and the rest appended, so `-o incidents` run
/// inside the site and `-o S/incidents` through a linked `S` both name the real folder.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        match existing.canonicalize() {
            Ok(mut real) => {
                for part in rest.iter().rev() {
                    match part {
                        Component::ParentDir => {
                            real.pop();
                        }
                        Component::Normal(name) => real.push(name),
                        _ => {}
                    }
                }
                return Ok(real);
            }
            Err(_) => {
                let (Some(parent), Some(last)) =
                    (existing.parent(), existing.components().next_back())
                else {
                    return Ok(absolute);
                };
                rest.push(last);
                existing = parent;
            }
        }
    }
}

/// Held while a build writes beside its output: a second build into the same place waits for
/// the first to finish instead of removing its staging folder as stale. The lock is on the
/// output's parent folder (an advisory `flock`), so no lock file is left in the user's tree.
/// `bulletin import` and the authoring commands take the same lock on the site folder
/// ([`OutputLock::folder`]), so they wait for each other and for a build into `public/`.
pub(crate) struct OutputLock {
    _dir: Option<File>,
}

impl OutputLock {
    /// Locks `parent`, waiting (and saying so) while another build holds it.
    pub(super) fn acquire(parent: &Path, output: &Path) -> OutputLock {
        OutputLock::folder(parent, || {
            format!(
                "waiting for another bulletin build into {} to finish…",
                output.display()
            )
        })
    }

    /// Locks `dir`, printing `waiting()` while another bulletin command holds it. Where a
    /// folder cannot be opened for locking (not on Unix), commands are not serialised.
    pub(crate) fn folder(dir: &Path, waiting: impl FnOnce() -> String) -> OutputLock {
        let Ok(dir) = File::open(dir) else {
            return OutputLock { _dir: None };
        };
        match dir.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                crate::errln!("{}", waiting());
                if dir.lock().is_err() {
                    return OutputLock { _dir: None };
                }
            }
            Err(std::fs::TryLockError::Error(_)) => return OutputLock { _dir: None },
        }
        OutputLock { _dir: Some(dir) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(root: &Path) -> Vec<Source> {
        vec![
            Source {
                path: root.to_path_buf(),
                what: "site folder",
                may_hold_output: true,
            },
            Source {
                path: root.join("incidents"),
                what: "incident files",
                may_hold_output: false,
            },
            Source {
                path: root.join("bulletin.yaml"),
                what: "configuration",
                may_hold_output: false,
            },
        ]
    }

    #[test]
    fn sources_are_never_an_output() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("incidents")).unwrap();
        std::fs::write(root.join("bulletin.yaml"), "x").unwrap();
        let list = sources(&root);
        for (out, relation) in [
            (root.clone(), "is"),
            (root.join("incidents"), "is"),
            (root.join("incidents/sub/public"), "lies inside"),
            (root.join("bulletin.yaml"), "is"),
            (tmp.path().to_path_buf(), "contains"),
            (root.join("public/../incidents"), "is"),
        ] {
            match check_output(&out, &list, true) {
                Err(WriteError::HoldsSources { relation: r, .. }) => {
                    assert_eq!(r, relation, "{}", out.display())
                }
                other => panic!("{}: {other:?}", out.display()),
            }
        }
        assert_eq!(
            check_output(&root.join("public"), &list, false).unwrap(),
            Previous::Nothing
        );
    }

    #[test]
    fn only_our_own_or_empty_folders_are_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let list = sources(&tmp.path().join("site"));
        let file = tmp.path().join("notes.txt");
        std::fs::write(&file, "mine").unwrap();
        assert!(matches!(
            check_output(&file, &list, true),
            Err(WriteError::NotAFolder(_))
        ));
        let docs = tmp.path().join("docs");
        std::fs::create_dir(&docs).unwrap();
        assert_eq!(
            check_output(&docs, &list, false).unwrap(),
            Previous::Nothing
        );
        std::fs::write(docs.join("thesis.md"), "mine").unwrap();
        assert!(matches!(
            check_output(&docs, &list, false),
            Err(WriteError::NotOurs(..))
        ));
        assert_eq!(check_output(&docs, &list, true).unwrap(), Previous::Forced);
        std::fs::write(docs.join(MARKER), MARKER_TEXT).unwrap();
        assert_eq!(check_output(&docs, &list, false).unwrap(), Previous::Site);
    }
}
