//! Reading a source's files (a saved Statuspage folder, a cState site) as hostile input: only
//! regular files (a FIFO would hang the import, `/dev/zero` never ends), no more than
//! [`MAX_BYTES`] of each, and only files inside the source folder (a symlink leading out of it
//! could publish any file the user can read).

use std::io::Read as _;
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic};

/// The most one source file or fetched document may weigh: a page's JSON is kilobytes to a
/// few megabytes, a cState issue kilobytes.
pub(crate) const MAX_BYTES: u64 = 64 << 20;

/// The bytes of `path`, a file that must lie inside `root` (both as the file system resolves
/// them, symlinks followed), be a regular file, and hold at most [`MAX_BYTES`].
pub(crate) fn read_inside(root: &Path, path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let io_error =
        |e: std::io::Error| Diagnostic::access(Code::ImportUnreadable, path, e.to_string());
    let real = path.canonicalize().map_err(io_error)?;
    let real_root = root.canonicalize().map_err(io_error)?;
    if !real.starts_with(&real_root) {
        return Err(Diagnostic::access(
            Code::ImportOutsideSource,
            path,
            format!(
                "a symbolic link to {}, outside the source folder {}: not read",
                real.display(),
                real_root.display()
            ),
        )
        .hint("copy the file into the source folder if it belongs to it"));
    }
    // Checked before opening: opening a FIFO blocks until someone writes to it.
    let kind = std::fs::metadata(&real).map_err(io_error)?.file_type();
    if !kind.is_file() {
        return Err(not_regular(path));
    }
    let mut file = std::fs::File::open(&real).map_err(io_error)?;
    // Checked again on the open file, in case the path was swapped in between.
    if !file.metadata().map_err(io_error)?.is_file() {
        return Err(not_regular(path));
    }
    let mut bytes = Vec::new();
    (&mut file)
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Diagnostic::access(
            Code::ImportTooLarge,
            path,
            format!("over {} MiB: not read", MAX_BYTES >> 20),
        )
        .hint("a status page's documents are a few megabytes at most; is this the right file?"));
    }
    Ok(bytes)
}

/// The same, as UTF-8 text.
pub(crate) fn read_text_inside(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    String::from_utf8(read_inside(root, path)?).map_err(|e| {
        Diagnostic::access(
            Code::ImportUnreadable,
            path,
            format!("not UTF-8 text: {}", e.utf8_error()),
        )
    })
}

fn not_regular(path: &Path) -> Diagnostic {
    Diagnostic::access(
        Code::ImportNotAFile,
        path,
        "not a regular file (a device, a FIFO or a socket): not read",
    )
    .hint("give a folder of saved files; a pipe or device cannot be imported")
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn devices_fifos_and_links_out_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.md"), dir.path().join("a.md"))
            .unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.json")).unwrap();
        let fifo = dir.path().join("fifo.json");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        std::fs::write(dir.path().join("ok.json"), "{}").unwrap();
        let code = |name: &str| read_inside(dir.path(), &dir.path().join(name)).map_err(|d| d.code);
        assert_eq!(code("a.md"), Err(Code::ImportOutsideSource));
        assert_eq!(code("zero.json"), Err(Code::ImportOutsideSource));
        assert_eq!(code("fifo.json"), Err(Code::ImportNotAFile));
        assert_eq!(code("ok.json"), Ok(b"{}".to_vec()));
        // A device inside the folder read is refused too (it would be read without end).
        let zero = read_inside(Path::new("/dev"), Path::new("/dev/zero")).map_err(|d| d.code);
        assert_eq!(zero, Err(Code::ImportNotAFile));
    }
}
