//! The one way Bulletin writes a file into a site (`new`, `update`, `resolve`, `statement`,
//! `import`): a temporary file created exclusively, with a random name, in the target's own
//! folder; synced; then renamed over the target. Readers see the old file or the new one; a
//! failed or killed write leaves the target as it was (at worst a `.<name>.*.bulletin-tmp`
//! beside it, which `import` clears). [`write_many`] does the same for many files with one
//! sync for all.
//!
//! What it refuses, since a site may hold what a hostile contributor or source planted:
//! - a path that is not plain names below the site (`..`, absolute, NUL);
//! - a folder on the way that leads outside the site (a linked `incidents/`);
//! - a target that is a symbolic link (renaming over it would replace the link, and writing
//!   through it would write outside the site) or not a regular file;
//! - a target that is not what the caller last read ([`Expect`]): a file it did not create is
//!   never overwritten.
//!
//! The temporary file comes from the `tempfile` crate (`O_CREAT|O_EXCL` with a random name,
//! so a link planted at a predictable name is never followed; `persist_noclobber` renames
//! without replacing). The folder checks are by path, then the file is created in the
//! resolved folder: a folder swapped for a link between the two is a race this does not close
//! (that needs `openat` on every component).

use std::collections::{BTreeSet, HashMap};
use std::ffi::OsStr;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

/// What the target must be at the moment it is replaced.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Expect<'a> {
    /// Nothing: the file is new, and an existing one (of anyone) is left alone.
    New,
    /// A regular file holding exactly these bytes (what the caller read and decided about).
    Holds(&'a [u8]),
}

/// Writes `bytes` to `root/rel` as the module says; `rel` is `/`-separated plain names.
pub(crate) fn write(root: &Path, rel: &Path, bytes: &[u8], expect: Expect) -> io::Result<()> {
    let (folder, name) = folder_in_site(root, rel)?;
    let staged = stage(folder.clone(), name, rel, bytes, expect, true)?;
    staged.commit()?;
    sync_folder(&folder);
    Ok(())
}

/// Writes many files as [`write`] does, with one sync of the file system for all of them
/// instead of one per file (10,000 syncs are most of an import's time on a disk): every
/// temporary file is written, then synced at once, then each renamed, then each folder synced.
/// `before_rename(i)` may stop file `i` (the import's test hook). Returns one result per
/// file, in order; a file written but not renamed (an error, a kill) leaves at most its
/// temporary file.
pub(crate) fn write_many(
    root: &Path,
    files: &[(&Path, &[u8], Expect)],
    before_rename: impl Fn(usize) -> io::Result<()> + Sync,
) -> Vec<io::Result<()>> {
    // Each folder is resolved once, not once a file: canonicalising costs a system call per
    // path component, and an import writes thousands of files into one folder.
    let mut resolved: HashMap<&Path, Result<PathBuf, (io::ErrorKind, String)>> = HashMap::new();
    for (parent, _) in files.iter().filter_map(|(rel, ..)| split_plain(rel).ok()) {
        resolved
            .entry(parent)
            .or_insert_with(|| resolve_folder(root, parent).map_err(|e| (e.kind(), e.to_string())));
    }
    let staged: Vec<io::Result<Staged>> = files
        .par_iter()
        .map(|&(rel, bytes, expect)| {
            let (parent, name) = split_plain(rel)?;
            let folder = resolved[parent]
                .clone()
                .map_err(|(kind, message)| io::Error::new(kind, message))?;
            stage(folder, name, rel, bytes, expect, false)
        })
        .collect();
    let folders: BTreeSet<PathBuf> = staged.iter().flatten().map(|s| s.folder.clone()).collect();
    if let Err(e) = sync_staged(&staged, &folders) {
        return staged
            .iter()
            .map(|_| Err(io::Error::new(e.kind(), e.to_string())))
            .collect();
    }
    let results: Vec<io::Result<()>> = staged
        .into_par_iter()
        .enumerate()
        .map(|(i, s)| before_rename(i).and_then(|()| s?.commit()))
        .collect();
    folders.iter().for_each(|f| sync_folder(f));
    results
}

/// A temporary file written beside its target, not yet renamed over it.
struct Staged<'a> {
    tmp: tempfile::TempPath,
    folder: PathBuf,
    target: PathBuf,
    rel: &'a Path,
    expect: Expect<'a>,
}

/// Writes `bytes` to a new temporary file in `folder` (the real folder of `rel`, checked to be
/// inside the site) beside its file `name` (synced when `sync`), after checking the target.
fn stage<'a>(
    folder: PathBuf,
    name: &OsStr,
    rel: &'a Path,
    bytes: &[u8],
    expect: Expect<'a>,
    sync: bool,
) -> io::Result<Staged<'a>> {
    let target = folder.join(name);
    check_target(&target, rel, expect)?;
    let prefix = format!(".{}.", name.to_string_lossy());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TMP_SUFFIX).rand_bytes(8);
    // The mode `std::fs::write` gives before the umask: the temporary file's own 0600 would
    // hide incident files from a web server's user.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(&folder)?;
    tmp.write_all(bytes)?;
    if sync {
        tmp.as_file().sync_all()?;
    }
    Ok(Staged {
        tmp: tmp.into_temp_path(),
        folder,
        target,
        rel,
        expect,
    })
}

impl Staged<'_> {
    /// Renames the temporary file over the target, if the target is still as expected.
    fn commit(self) -> io::Result<()> {
        check_target(&self.target, self.rel, self.expect)?;
        match self.expect {
            Expect::New => self.tmp.persist_noclobber(&self.target).map_err(|e| {
                if e.error.kind() == io::ErrorKind::AlreadyExists {
                    exists(self.rel)
                } else {
                    e.error
                }
            }),
            Expect::Holds(_) => self.tmp.persist(&self.target).map_err(|e| e.error),
        }
    }
}

/// Makes the staged files' bytes durable before any is renamed: one `syncfs` on Linux,
/// else each file synced.
fn sync_staged(staged: &[io::Result<Staged>], folders: &BTreeSet<PathBuf>) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        let _ = staged;
        folders
            .iter()
            .try_for_each(|f| Ok(rustix::fs::syncfs(std::fs::File::open(f)?)?))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = folders;
        staged
            .iter()
            .flatten()
            .try_for_each(|s| std::fs::File::open(&s.tmp)?.sync_all())
    }
}

/// Makes the renames into `folder` durable (where a folder can be synced).
fn sync_folder(folder: &Path) {
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}

/// The end of every temporary file's name (`.<name>.<random>.bulletin-tmp`).
pub(crate) const TMP_SUFFIX: &str = ".bulletin-tmp";

/// Whether `name` is one of this module's temporary files (left by a killed run).
pub(crate) fn is_leftover(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') && name.ends_with(TMP_SUFFIX)
}

/// Why `name`, taken from input (a slug, a record entry), cannot name a file in a site
/// folder, if it cannot: it must be one plain name (no `/`, `\`, `..`, NUL or other control
/// character), visible (no leading `.`), of a length every file system takes.
pub(crate) fn name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("is empty")
    } else if name.contains(['/', '\\']) {
        Some("holds '/' or '\\'")
    } else if name.starts_with('.') {
        Some("starts with '.'")
    } else if name.chars().any(char::is_control) {
        Some("holds a control character")
    } else if name.len() > 200 {
        Some("is longer than 200 bytes")
    } else {
        None
    }
}

/// The real folder `rel` is in, checked to be inside the site, and `rel`'s file name.
fn folder_in_site<'a>(root: &Path, rel: &'a Path) -> io::Result<(PathBuf, &'a OsStr)> {
    let (parent, name) = split_plain(rel)?;
    Ok((resolve_folder(root, parent)?, name))
}

/// `rel`'s folder and file name, refused unless it is plain names below the site.
fn split_plain(rel: &Path) -> io::Result<(&Path, &OsStr)> {
    let plain = rel
        .components()
        .all(|c| matches!(c, Component::Normal(n) if !n.as_encoded_bytes().contains(&0)));
    let name = rel.file_name().filter(|_| plain).ok_or_else(|| {
        refused(format!(
            "{} is not a path of plain names inside the site",
            rel.display()
        ))
    })?;
    Ok((rel.parent().unwrap_or(Path::new("")), name))
}

/// The real path of the existing folder `root/parent`, checked to be inside the site.
fn resolve_folder(root: &Path, parent: &Path) -> io::Result<PathBuf> {
    folder_inside(root, parent)?.ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::NotFound,
            format!("{} does not exist", parent.display()),
        )
    })
}

/// The real path of the folder `root/rel` when it exists, refused when it leads outside the
/// site (a link to elsewhere): files are written there, and `check` does not follow such a
/// link either.
pub(crate) fn folder_inside(root: &Path, rel: &Path) -> io::Result<Option<PathBuf>> {
    let folder = match root.join(rel).canonicalize() {
        Ok(folder) => folder,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if !folder.starts_with(root.canonicalize()?) {
        return Err(refused(format!(
            "{} leads outside the site (to {}); Bulletin does not write through a link that leaves the site: replace the link with a folder",
            rel.display(),
            folder.display()
        )));
    }
    Ok(Some(folder))
}

/// Refuses a target that is a link, not a regular file, or not what `expect` says.
fn check_target(target: &Path, rel: &Path, expect: Expect) -> io::Result<()> {
    let meta = match std::fs::symlink_metadata(target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    match (meta, expect) {
        (Some(m), _) if m.is_symlink() => Err(refused(format!(
            "{} is a symbolic link; Bulletin does not write through links or replace them: replace it with the file itself",
            rel.display()
        ))),
        (Some(m), _) if !m.is_file() => {
            Err(refused(format!("{} is not a regular file", rel.display())))
        }
        (None, Expect::New) => Ok(()),
        (Some(_), Expect::New) => Err(exists(rel)),
        (None, Expect::Holds(_)) => Err(changed(rel)),
        (Some(_), Expect::Holds(old)) => match read_regular(target) {
            Ok(now) if now == old => Ok(()),
            _ => Err(changed(rel)),
        },
    }
}

/// Reads `path` if it is a regular file (never through a link), else an error.
pub(crate) fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    let mut file = open_no_follow(path)?;
    if !file.metadata()?.is_file() {
        return Err(refused(format!("{} is not a regular file", path.display())));
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: a FIFO planted at the path fails the regular-file check instead of hanging.
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc_flags())
        .open(path)
}

#[cfg(all(unix, target_os = "linux"))]
fn libc_flags() -> i32 {
    (rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK).bits() as i32
}

#[cfg(all(unix, not(target_os = "linux")))]
fn libc_flags() -> i32 {
    0
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> io::Result<std::fs::File> {
    std::fs::File::open(path)
}

fn refused(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::PermissionDenied, message)
}

fn exists(rel: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{} exists already and is left as it is", rel.display()),
    )
}

fn changed(rel: &Path) -> io::Error {
    io::Error::other(format!(
        "{} changed while Bulletin was working on it; left as it is: run the command again",
        rel.display()
    ))
}

#[cfg(test)]
mod tests;
