//! A folder that a build writes into or reads from by paths relative to it.
//!
//! On Linux the folder is held open and every file and folder is made, opened or linked
//! relative to that handle (`openat`, `mkdirat`, `linkat`): the kernel looks up
//! `incidents/<slug>/index.html` from the staging folder instead of walking the whole absolute
//! path again for each of 10,000s of files, and no component of the folder's own path can be
//! swapped for a link half-way through a build. Files are created with `O_EXCL` (one the
//! build wrote already is replaced) and never written through a symbolic link. Elsewhere the
//! same operations go through full paths.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// An open folder (see the module doc).
pub(super) struct Tree {
    path: PathBuf,
    #[cfg(target_os = "linux")]
    fd: std::os::fd::OwnedFd,
}

impl Tree {
    /// Creates the folder `path` (its parent must exist) and opens it.
    pub(super) fn create(path: &Path) -> io::Result<Tree> {
        std::fs::create_dir(path)?;
        Tree::open(path)
    }

    /// Opens the existing folder `path`, refusing a symbolic link.
    #[cfg(target_os = "linux")]
    pub(super) fn open(path: &Path) -> io::Result<Tree> {
        use rustix::fs::{CWD, Mode, OFlags};
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(CWD, path, flags, Mode::empty())?;
        Ok(Tree {
            path: path.to_path_buf(),
            fd,
        })
    }

    #[cfg(not(target_os = "linux"))]
    pub(super) fn open(path: &Path) -> io::Result<Tree> {
        if !std::fs::symlink_metadata(path)?.is_dir() {
            return Err(io::ErrorKind::NotADirectory.into());
        }
        Ok(Tree {
            path: path.to_path_buf(),
        })
    }

    /// The folder's full path, for messages.
    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// Makes the folder `rel` and any of its missing ancestors, one `mkdir` each. Nearly
    /// always only the last one is missing (`incidents/<slug>`), so that is tried first.
    pub(super) fn make_dir(&self, rel: &str) -> io::Result<()> {
        let mut missing = Vec::new();
        let mut dir = rel;
        loop {
            match self.make_one_dir(dir) {
                Ok(()) => break,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    missing.push(dir);
                    match dir.rsplit_once('/') {
                        Some((parent, _)) => dir = parent,
                        None => return Err(e),
                    }
                }
                Err(e) => return Err(e),
            }
        }
        // The ancestors now exist: make the folders below them, the outermost first.
        missing
            .iter()
            .rev()
            .try_for_each(|dir| self.make_one_dir(dir))
    }

    /// Makes the folder `rel`; one that exists already counts as made.
    fn make_one_dir(&self, rel: &str) -> io::Result<()> {
        #[cfg(target_os = "linux")]
        let made = rustix::fs::mkdirat(&self.fd, rel, rustix::fs::Mode::from(0o777))
            .map_err(io::Error::from);
        #[cfg(not(target_os = "linux"))]
        let made = std::fs::create_dir(self.path.join(rel));
        match made {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
            other => other,
        }
    }

    /// Writes the file `rel` with `bytes`, in one write. A fresh staging folder has nothing
    /// there, so it is created (`O_EXCL`); a file this build wrote there already (a site's
    /// static file at a generated page's path) is replaced, as before; a link or a folder is
    /// an error, never followed.
    pub(super) fn create_file(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let mut file = match self.create_new(rel) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => self.truncate(rel)?,
            made => made?,
        };
        file.write_all(bytes)
    }

    #[cfg(target_os = "linux")]
    fn create_new(&self, rel: &str) -> io::Result<File> {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW;
        let fd = rustix::fs::openat(&self.fd, rel, flags | OFlags::CLOEXEC, Mode::from(0o666))?;
        Ok(File::from(fd))
    }

    #[cfg(not(target_os = "linux"))]
    fn create_new(&self, rel: &str) -> io::Result<File> {
        File::create_new(self.path.join(rel))
    }

    /// Opens the existing file `rel` for writing, emptied, unless it is a link.
    #[cfg(target_os = "linux")]
    fn truncate(&self, rel: &str) -> io::Result<File> {
        self.open_existing(rel, rustix::fs::OFlags::WRONLY | rustix::fs::OFlags::TRUNC)
    }

    /// Opens the existing file `rel` with `access` (read, or write and empty), never through
    /// a link, and not inherited by child processes.
    #[cfg(target_os = "linux")]
    fn open_existing(&self, rel: &str, access: rustix::fs::OFlags) -> io::Result<File> {
        use rustix::fs::{Mode, OFlags};
        let flags = access | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        Ok(File::from(rustix::fs::openat(
            &self.fd,
            rel,
            flags,
            Mode::empty(),
        )?))
    }

    #[cfg(not(target_os = "linux"))]
    fn truncate(&self, rel: &str) -> io::Result<File> {
        let path = self.path.join(rel);
        if std::fs::symlink_metadata(&path)?.file_type().is_symlink() {
            return Err(io::ErrorKind::InvalidInput.into());
        }
        std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(path)
    }

    /// Opens the file `rel` for reading, failing if it is a symbolic link.
    #[cfg(target_os = "linux")]
    pub(super) fn open_file(&self, rel: &str) -> io::Result<File> {
        self.open_existing(rel, rustix::fs::OFlags::RDONLY)
    }

    #[cfg(not(target_os = "linux"))]
    pub(super) fn open_file(&self, rel: &str) -> io::Result<File> {
        let path = self.path.join(rel);
        if std::fs::symlink_metadata(&path)?.file_type().is_symlink() {
            return Err(io::ErrorKind::InvalidInput.into());
        }
        File::open(path)
    }

    /// Hard-links `from`'s file `rel` as this folder's `rel` (a link itself is linked, never
    /// followed).
    #[cfg(target_os = "linux")]
    pub(super) fn link_from(&self, from: &Tree, rel: &str) -> io::Result<()> {
        use rustix::fs::AtFlags;
        rustix::fs::linkat(&from.fd, rel, &self.fd, rel, AtFlags::empty()).map_err(Into::into)
    }

    #[cfg(not(target_os = "linux"))]
    pub(super) fn link_from(&self, from: &Tree, rel: &str) -> io::Result<()> {
        std::fs::hard_link(from.path.join(rel), self.path.join(rel))
    }
}

/// Reads from `file` onto `buf`'s spare room (its capacity, not zeroed first), in one read
/// where the system allows it.
#[cfg(target_os = "linux")]
pub(super) fn read_once(file: &mut File, buf: &mut Vec<u8>) -> io::Result<()> {
    rustix::io::read(&*file, rustix::buffer::spare_capacity(buf))?;
    Ok(())
}

#[cfg(not(target_os = "linux"))]
pub(super) fn read_once(file: &mut File, buf: &mut Vec<u8>) -> io::Result<()> {
    use std::io::Read;
    let room = (buf.capacity() - buf.len()) as u64;
    file.take(room).read_to_end(buf).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_missing_ancestors_and_replaces_a_file_it_wrote() {
        let tmp = tempfile::tempdir().unwrap();
        let tree = Tree::create(&tmp.path().join("new")).unwrap();
        tree.make_dir("a/b/c").unwrap();
        tree.make_dir("a/b/c").unwrap();
        tree.create_file("a/b/c/x.html", b"x").unwrap();
        assert_eq!(
            std::fs::read(tree.path().join("a/b/c/x.html")).unwrap(),
            b"x"
        );
        tree.create_file("a/b/c/x.html", b"yy").unwrap();
        assert_eq!(
            std::fs::read(tree.path().join("a/b/c/x.html")).unwrap(),
            b"yy"
        );
        assert!(tree.create_file("a/b", b"z").is_err(), "a folder stays");
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_or_reads_through_a_planted_link() {
        let tmp = tempfile::tempdir().unwrap();
        let victim = tmp.path().join("victim.txt");
        std::fs::write(&victim, "mine").unwrap();
        let tree = Tree::create(&tmp.path().join("new")).unwrap();
        std::os::unix::fs::symlink(&victim, tree.path().join("index.html")).unwrap();
        assert!(tree.create_file("index.html", b"site").is_err());
        assert!(tree.open_file("index.html").is_err());
        assert_eq!(std::fs::read(&victim).unwrap(), b"mine");
        std::os::unix::fs::symlink(tmp.path(), tmp.path().join("link")).unwrap();
        assert!(Tree::open(&tmp.path().join("link")).is_err());
    }
}
