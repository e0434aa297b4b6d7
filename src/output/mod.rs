//! Writing a rendered site to disk without ever leaving a half-written output folder.
//!
//! The new site is written into a staging folder beside the output folder, and only when every
//! file is written is it swapped into place. A build that fails or is killed part-way leaves
//! the previous site exactly as it was (plus, at worst, a hidden staging folder that the next
//! build removes).
//!
//! A file whose bytes are the same as in the previous site is not written again: the staging
//! folder gets a hard link to the previous file. Its modification time stays what it was, so
//! `rsync`, CDN uploaders and caches see only the files that really changed.

use std::collections::HashSet;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

mod guard;
mod remove;
mod tree;

pub(crate) use guard::OutputLock;
pub use guard::{MARKER, MARKER_TEXT, Previous, Source};
use remove::remove_tree;
use tree::Tree;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        Self {
            path: path.into(),
            bytes,
        }
    }
}

/// Why the output could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// A rendered path would land outside the output folder.
    UnsafePath(String),
    /// The output folder is, holds or lies inside the site's sources.
    HoldsSources {
        output: PathBuf,
        /// "is", "contains" or "lies inside".
        relation: &'static str,
        source: Source,
    },
    /// The output path is an existing file.
    NotAFolder(PathBuf),
    /// The output is something Bulletin did not make (say what), and `--force` was not given.
    NotOurs(PathBuf, &'static str),
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::UnsafePath(p) => write!(
                f,
                "refusing to write '{p}': it would land outside the output folder"
            ),
            WriteError::HoldsSources {
                output,
                relation,
                source,
            } => write!(
                f,
                "refusing to build into {}: it {relation} the site's {} ({}), which a build would replace; \
                 choose an output folder outside the sources, such as the default <root>/public",
                output.display(),
                source.what,
                source.path.display()
            ),
            WriteError::NotAFolder(p) => write!(
                f,
                "refusing to build into {}: it is an existing file, not a folder; choose another --output",
                p.display()
            ),
            WriteError::NotOurs(p, what) => write!(
                f,
                "refusing to replace {}: it is {what} that bulletin did not create (no {MARKER} from an earlier build); \
                 choose a new or empty folder, or pass --force to replace it and everything in it",
                p.display()
            ),
            WriteError::Io(p, e) => write!(f, "cannot write {}: {e}", p.display()),
        }
    }
}

impl std::error::Error for WriteError {}

/// Writes `files` as the complete new content of `output`, replacing what was there only once
/// everything is written. `sources` are the site's own files, which are never replaced.
pub fn write_site(
    output: &Path,
    sources: &[Source],
    force: bool,
    files: &[OutputFile],
) -> Result<(), WriteError> {
    let staging = Staging::new(output, sources, force)?;
    files.par_iter().try_for_each(|f| staging.put(f))?;
    staging.commit()
}

/// A new site being written beside the output folder. Files go in as they are rendered (so a
/// build never holds the whole site in memory); [`Staging::commit`] swaps the folder in.
/// Dropped without a commit, for example when rendering failed, it removes itself and the
/// previous output stays as it was.
pub(crate) struct Staging {
    output: PathBuf,
    /// The staging folder, held open: files are made relative to it.
    dir: Tree,
    old: PathBuf,
    committed: bool,
    /// The previous site to compare with, if there is one (a first build skips the lookups).
    previous: Option<Tree>,
    /// Folders already created (relative paths), so each is made once however many files
    /// it holds.
    made: Mutex<HashSet<String>>,
    /// Keeps a concurrent build into the same output waiting until this one is done.
    _lock: OutputLock,
}

impl Staging {
    /// Prepares a staging folder for `output` after checking that it may be replaced: not
    /// one of `sources`, not a file, and (unless `force`) empty or an earlier build's output.
    pub(crate) fn new(
        output: &Path,
        sources: &[Source],
        force: bool,
    ) -> Result<Staging, WriteError> {
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        // Refused before anything is created; checked again under the lock, since a build
        // that held it may have changed the output meanwhile.
        guard::check_output(output, sources, force)?;
        std::fs::create_dir_all(&parent).map_err(|e| WriteError::Io(parent.clone(), e))?;
        let lock = OutputLock::acquire(&parent, output);
        let previous = guard::check_output(output, sources, force)?;
        remove::remove_stale(&parent, &name, output);
        let prefix = remove::staging_prefix(&name);
        let pid = std::process::id();
        let dir = parent.join(format!("{prefix}new-{pid}"));
        let dir = Tree::create(&dir).map_err(|e| WriteError::Io(dir, e))?;
        let staging = Staging {
            output: output.to_path_buf(),
            old: parent.join(format!("{prefix}old-{pid}")),
            dir,
            committed: false,
            // Unreadable, it is only not compared with: every file is written anew.
            previous: (previous == Previous::Site)
                .then(|| Tree::open(output).ok())
                .flatten(),
            made: Mutex::default(),
            _lock: lock,
        };
        staging.put(&OutputFile::new(MARKER, MARKER_TEXT.as_bytes().to_vec()))?;
        Ok(staging)
    }

    /// Writes one file into the staging folder, or links the previous site's copy when it
    /// has the same bytes. Safe to call from many threads.
    pub(crate) fn put(&self, file: &OutputFile) -> Result<(), WriteError> {
        if !is_safe_relative(&file.path) {
            return Err(WriteError::UnsafePath(file.path.clone()));
        }
        let rel = file.path.as_str();
        let io = |rel: &str, e| WriteError::Io(self.dir.path().join(rel), e);
        if let Some((parent, _)) = rel.rsplit_once('/')
            && !self.made.lock().expect("lock").contains(parent)
        {
            self.dir.make_dir(parent).map_err(|e| io(parent, e))?;
            self.made.lock().expect("lock").insert(parent.to_owned());
        }
        if let Some(previous) = &self.previous
            && same_bytes(previous, rel, &file.bytes)
            && self.dir.link_from(previous, rel).is_ok()
        {
            return Ok(());
        }
        self.dir
            .create_file(rel, &file.bytes)
            .map_err(|e| io(rel, e))
    }

    /// Swaps the new site in for the old one.
    pub(crate) fn commit(mut self) -> Result<(), WriteError> {
        self.committed = true;
        let result = swap_in(self.dir.path(), &self.output, &self.old);
        if result.is_err() {
            remove_tree(self.dir.path());
        }
        result
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_tree(self.dir.path());
        }
    }
}

/// Moves `staging` to `output`. Where the OS can exchange two paths in one step (Linux), the
/// output folder is never missing, not even for an instant; elsewhere the previous output is
/// moved aside first and restored if the second rename fails.
fn swap_in(staging: &Path, output: &Path, old: &Path) -> Result<(), WriteError> {
    let io = |e: io::Error| WriteError::Io(output.to_path_buf(), e);
    if !output.exists() {
        return std::fs::rename(staging, output).map_err(io);
    }
    if exchange(staging, output).is_ok() {
        // `staging` now holds the previous site.
        remove_tree(staging);
        return Ok(());
    }
    std::fs::rename(output, old).map_err(io)?;
    if let Err(e) = std::fs::rename(staging, output) {
        let _ = std::fs::rename(old, output);
        remove_tree(staging);
        return Err(io(e));
    }
    remove_tree(old);
    Ok(())
}

/// Whether the file `rel` of `tree` holds exactly `bytes` (false if it cannot be read). Only
/// a regular file counts: a link must never make a symlink's target part of the site.
fn same_bytes(tree: &Tree, rel: &str, bytes: &[u8]) -> bool {
    let Ok(mut file) = tree.open_file(rel) else {
        return false;
    };
    match file.metadata() {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {}
        _ => return false,
    }
    // One read of one byte more than expected: a regular file's read stops short only at
    // its end, so `bytes.len()` read means the whole file, and a file that grew since the
    // stat gives one byte more. (A second read to see the end cost 10,000s of calls.) A
    // read that stops shorter still only makes the file be written anew.
    let mut old = Vec::with_capacity(bytes.len() + 1);
    match tree::read_once(&mut file, &mut old) {
        Ok(()) => old == bytes,
        Err(_) => false,
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// A relative path with only normal components: no `..`, no root, no drive.
fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests;
