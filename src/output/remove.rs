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
#[cfg(not(target_os = "linux"))]
fn remove_children_parallel(dir: &Path) {
    entries(dir).par_iter().for_each(|(path, is_dir)| {
        let _ = if *is_dir {
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        };
    });
}

/// Removes the contents of `dir` in parallel (the incident pages are 10,000s of folders under
/// one `incidents/`), leaving `dir` itself to the caller. Each folder is emptied and removed
/// relative to the open `dir` (`unlinkat`), which saves `remove_dir_all`'s look-up of the
/// folder and its walks of the full path; a folder with folders inside, or one that changed
/// meanwhile, is left to `remove_dir_all`.
#[cfg(target_os = "linux")]
fn remove_children_parallel(dir: &Path) {
    use rustix::fs::{AtFlags, CWD, Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let Ok(fd) = rustix::fs::openat(CWD, dir, flags, Mode::empty()) else {
        return;
    };
    let Ok(list) = rustix::fs::Dir::read_from(&fd) else {
        return;
    };
    let names: Vec<(std::ffi::CString, bool)> = list
        .flatten()
        .filter(|e| !matches!(e.file_name().to_bytes(), b"." | b".."))
        .map(|e| {
            let is_dir = e.file_type() == rustix::fs::FileType::Directory;
            (e.file_name().to_owned(), is_dir)
        })
        .collect();
    names.par_iter().for_each(|(name, is_dir)| {
        if !*is_dir {
            let _ = rustix::fs::unlinkat(&fd, name.as_c_str(), AtFlags::empty());
        } else if remove_page_folder(&fd, name).is_err() && remove_flat_folder(&fd, name).is_err() {
            use std::os::unix::ffi::OsStrExt;
            let path = dir.join(std::ffi::OsStr::from_bytes(name.as_bytes()));
            let _ = std::fs::remove_dir_all(path);
        }
    });
}

/// The one file of a page's folder (`incidents/<slug>/index.html`): nearly every folder of
/// a site holds only that.
#[cfg(target_os = "linux")]
const PAGE_FILE: &str = "index.html";

/// Removes the folder `name` of the open folder `parent` when it holds only [`PAGE_FILE`]
/// (or nothing): four calls (open, unlink, close, remove) instead of the listing's six per
/// folder, 10,000s of folders at a large site. The folder is opened without following a
/// link, so the unlink can only reach a file inside it. Any other content makes the last
/// removal fail and leaves the folder to [`remove_flat_folder`].
#[cfg(target_os = "linux")]
fn remove_page_folder(
    parent: &std::os::fd::OwnedFd,
    name: &std::ffi::CStr,
) -> rustix::io::Result<()> {
    use rustix::fs::{AtFlags, Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let folder = rustix::fs::openat(parent, name, flags, Mode::empty())?;
    match rustix::fs::unlinkat(&folder, PAGE_FILE, AtFlags::empty()) {
        Ok(()) | Err(rustix::io::Errno::NOENT) => {}
        Err(e) => return Err(e),
    }
    drop(folder);
    rustix::fs::unlinkat(parent, name, AtFlags::REMOVEDIR)
}

/// Removes the folder `name` of the open folder `parent` when it holds no folders: its
/// files (and links, never followed) are unlinked, then the folder. An error leaves the rest
/// to the caller.
#[cfg(target_os = "linux")]
fn remove_flat_folder(
    parent: &std::os::fd::OwnedFd,
    name: &std::ffi::CStr,
) -> rustix::io::Result<()> {
    use rustix::fs::{AtFlags, Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    // The listing reads through the folder's own descriptor (`read_from` would open a second).
    let mut list = rustix::fs::Dir::new(rustix::fs::openat(parent, name, flags, Mode::empty())?)?;
    while let Some(entry) = list.next() {
        let entry = entry?;
        let file = entry.file_name();
        if matches!(file.to_bytes(), b"." | b"..") {
            continue;
        }
        // A folder inside fails here (`EISDIR`): `remove_dir_all` takes over.
        rustix::fs::unlinkat(list.fd()?, file, AtFlags::empty())?;
    }
    rustix::fs::unlinkat(parent, name, AtFlags::REMOVEDIR)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn removes_flat_and_nested_folders_but_never_what_a_link_points_to() {
        let tmp = tempfile::tempdir().unwrap();
        let keep = tmp.path().join("keep");
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(keep.join("mine.txt"), "mine").unwrap();
        let site = tmp.path().join("site");
        std::fs::create_dir_all(site.join("incidents/a")).unwrap();
        std::fs::create_dir_all(site.join("incidents/b/deeper/still")).unwrap();
        std::fs::write(site.join("incidents/a/index.html"), "a").unwrap();
        std::fs::write(site.join("incidents/b/deeper/still/x.html"), "x").unwrap();
        std::fs::write(site.join("incidents/top.html"), "t").unwrap();
        std::fs::write(site.join("index.html"), "i").unwrap();
        std::os::unix::fs::symlink(&keep, site.join("incidents/a/planted")).unwrap();
        std::os::unix::fs::symlink(&keep, site.join("incidents/linked")).unwrap();
        remove_tree(&site);
        assert!(!site.exists(), "the whole site is removed");
        assert_eq!(std::fs::read(keep.join("mine.txt")).unwrap(), b"mine");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_page_folder_goes_in_four_calls_anything_else_is_left_to_the_listing() {
        use rustix::fs::{CWD, Mode, OFlags};
        let tmp = tempfile::tempdir().unwrap();
        let keep = tmp.path().join("keep");
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(keep.join(PAGE_FILE), "mine").unwrap();
        let site = tmp.path().join("site");
        for folder in ["page", "empty", "more", "nested/index.html"] {
            std::fs::create_dir_all(site.join(folder)).unwrap();
        }
        std::fs::write(site.join("page").join(PAGE_FILE), "p").unwrap();
        std::fs::write(site.join("more").join(PAGE_FILE), "m").unwrap();
        std::fs::write(site.join("more/feed.json"), "f").unwrap();
        std::os::unix::fs::symlink(&keep, site.join("linked")).unwrap();
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(CWD, &site, flags, Mode::empty()).unwrap();
        for gone in ["page", "empty"] {
            remove_page_folder(&fd, &std::ffi::CString::new(gone).unwrap()).unwrap();
            assert!(!site.join(gone).exists(), "{gone}");
        }
        for left in ["more", "nested", "linked"] {
            let name = std::ffi::CString::new(left).unwrap();
            assert!(remove_page_folder(&fd, &name).is_err(), "{left}");
            assert!(site.join(left).exists(), "{left}");
        }
        assert!(site.join("more/feed.json").exists());
        assert_eq!(std::fs::read(keep.join(PAGE_FILE)).unwrap(), b"mine");
        remove_tree(&site);
        assert!(!site.exists());
    }
}
