//! install.sh (which the Action runs too) against a fake release served on 127.0.0.1: the
//! archive for each OS and architecture, `latest` through GitHub's redirect, a checksum
//! mismatch refused with nothing installed, a missing asset reported with exit status 3 (the
//! Action's cue to build from the registry). `uname` is a fake on PATH.

use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// A release server on 127.0.0.1 serving `root` at `/releases/download/…`, with
/// `/releases/latest` redirecting to the tag `v0.1.0`. Stopped when dropped.
struct FakeRelease {
    base: String,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeRelease {
    fn start(root: PathBuf) -> FakeRelease {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    respond(stream, &root);
                }
            }
        });
        FakeRelease {
            base: format!("http://{addr}/releases"),
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for FakeRelease {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so that it sees the flag.
        let _ = TcpStream::connect(
            self.base
                .trim_start_matches("http://")
                .split('/')
                .next()
                .unwrap(),
        );
        if let Some(t) = self.thread.take() {
            t.join().unwrap();
        }
    }
}

fn respond(mut stream: TcpStream, root: &Path) {
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // The headers, up to the empty line.
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let path = line.split(' ').nth(1).unwrap_or("/").to_owned();
    let (status, extra, body) = if path == "/releases/latest" {
        (
            "302 Found",
            "Location: /releases/tag/v0.1.0\r\n".to_owned(),
            Vec::new(),
        )
    } else if path.starts_with("/releases/tag/") {
        ("200 OK", String::new(), b"release page".to_vec())
    } else if let Some(file) = path.strip_prefix("/releases/download/")
        && !file.contains("..")
        && let Ok(bytes) = std::fs::read(root.join(file))
    {
        ("200 OK", String::new(), bytes)
    } else {
        ("404 Not Found", String::new(), b"Not Found".to_vec())
    };
    let head = format!(
        "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

const TARGETS: [&str; 5] = [
    "x86_64-unknown-linux-musl",
    "aarch64-unknown-linux-musl",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
    "x86_64-pc-windows-msvc",
];

/// Release v0.1.0 under `root/v0.1.0/`: one archive per target whose binary says its target,
/// each with its `.sha256`.
fn make_release(root: &Path) {
    let dir = root.join("v0.1.0");
    std::fs::create_dir_all(&dir).unwrap();
    for target in TARGETS {
        let stage = tempfile::tempdir().unwrap();
        let windows = target.contains("windows");
        let exe = if windows { "bulletin.exe" } else { "bulletin" };
        std::fs::write(stage.path().join(exe), format!("binary for {target}\n")).unwrap();
        std::fs::write(stage.path().join("README.md"), "readme\n").unwrap();
        let name = format!(
            "bulletin-0.1.0-{target}.{}",
            if windows { "zip" } else { "tar.gz" }
        );
        let archive = dir.join(&name);
        let status = if windows {
            Command::new("zip")
                .arg("-q")
                .arg(&archive)
                .args([exe, "README.md"])
                .current_dir(stage.path())
                .status()
        } else {
            Command::new("tar")
                .arg("-czf")
                .arg(&archive)
                .args(["-C"])
                .arg(stage.path())
                .args([exe, "README.md"])
                .status()
        };
        assert!(status.expect("run zip/tar").success(), "cannot make {name}");
        let hex = format!("{:x}", Sha256::digest(std::fs::read(&archive).unwrap()));
        std::fs::write(
            dir.join(format!("{name}.sha256")),
            format!("{hex}  {name}\n"),
        )
        .unwrap();
    }
}

/// Runs install.sh as on a machine whose `uname -s` and `uname -m` say `os` and `arch`.
fn install(release: &FakeRelease, os: &str, arch: &str, version: &str, into: &Path) -> Output {
    let fake = into.parent().unwrap().join(format!("fakebin-{os}-{arch}"));
    std::fs::create_dir_all(&fake).unwrap();
    let uname = fake.join("uname");
    std::fs::write(
        &uname,
        format!("#!/bin/sh\ncase \"$1\" in -s) echo '{os}' ;; -m) echo '{arch}' ;; *) echo '{os}' ;; esac\n"),
    )
    .unwrap();
    std::fs::set_permissions(&uname, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", fake.display(), std::env::var("PATH").unwrap());
    Command::new("sh")
        .arg(crate::support::repo().join("install.sh"))
        .env("PATH", path)
        .env("BULLETIN_RELEASES_URL", &release.base)
        .env("BULLETIN_VERSION", version)
        .env("BULLETIN_INSTALL_DIR", into)
        .env(
            "GITHUB_OUTPUT",
            into.parent().unwrap().join("github_output"),
        )
        .output()
        .expect("run sh install.sh")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn setup() -> (tempfile::TempDir, FakeRelease) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("release");
    make_release(&root);
    let server = FakeRelease::start(root);
    (tmp, server)
}

#[test]
fn each_os_and_architecture_gets_its_archive() {
    let (tmp, server) = setup();
    let cases = [
        ("Linux", "x86_64", "x86_64-unknown-linux-musl", "bulletin"),
        ("Linux", "aarch64", "aarch64-unknown-linux-musl", "bulletin"),
        ("Linux", "arm64", "aarch64-unknown-linux-musl", "bulletin"),
        ("Darwin", "x86_64", "x86_64-apple-darwin", "bulletin"),
        ("Darwin", "arm64", "aarch64-apple-darwin", "bulletin"),
        (
            "MINGW64_NT-10.0-20348",
            "x86_64",
            "x86_64-pc-windows-msvc",
            "bulletin.exe",
        ),
    ];
    for (i, (os, arch, target, exe)) in cases.into_iter().enumerate() {
        let into = tmp.path().join(format!("bin{i}"));
        let out = install(&server, os, arch, "0.1.0", &into);
        assert!(out.status.success(), "{os} {arch}: {}", stderr(&out));
        let installed = std::fs::read_to_string(into.join(exe)).unwrap();
        assert_eq!(installed, format!("binary for {target}\n"), "{os} {arch}");
        let mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(into.join(exe)).unwrap().permissions(),
        );
        assert_eq!(mode & 0o111, 0o111, "{os} {arch}: not executable");
    }
}

#[test]
fn latest_follows_the_release_redirect_and_reports_the_version() {
    let (tmp, server) = setup();
    let into = tmp.path().join("bin");
    let out = install(&server, "Linux", "x86_64", "latest", &into);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(into.join("bulletin").is_file());
    let outputs = std::fs::read_to_string(tmp.path().join("github_output")).unwrap();
    assert!(outputs.contains("version=0.1.0\n"), "{outputs}");
    // The Action's first step: the version `latest` stands for, installing nothing.
    let out = Command::new("sh")
        .arg(crate::support::repo().join("install.sh"))
        .arg("--print-version")
        .env("BULLETIN_RELEASES_URL", &server.base)
        .env("BULLETIN_VERSION", "latest")
        .env("BULLETIN_INSTALL_DIR", tmp.path().join("unused"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "0.1.0\n");
    assert!(!tmp.path().join("unused").exists());
}

#[test]
fn a_checksum_mismatch_installs_nothing() {
    let (tmp, server) = setup();
    let sum = tmp
        .path()
        .join("release/v0.1.0/bulletin-0.1.0-x86_64-unknown-linux-musl.tar.gz.sha256");
    std::fs::write(
        &sum,
        format!(
            "{}  bulletin-0.1.0-x86_64-unknown-linux-musl.tar.gz\n",
            "0".repeat(64)
        ),
    )
    .unwrap();
    let into = tmp.path().join("bin");
    let out = install(&server, "Linux", "x86_64", "0.1.0", &into);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("checksum mismatch"),
        "{}",
        stderr(&out)
    );
    assert!(
        !into.exists(),
        "the install folder was created: {}",
        into.display()
    );
}

#[test]
fn a_missing_checksum_file_installs_nothing() {
    let (tmp, server) = setup();
    std::fs::remove_file(
        tmp.path()
            .join("release/v0.1.0/bulletin-0.1.0-aarch64-apple-darwin.tar.gz.sha256"),
    )
    .unwrap();
    let into = tmp.path().join("bin");
    let out = install(&server, "Darwin", "arm64", "0.1.0", &into);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("unverified"), "{}", stderr(&out));
    assert!(!into.exists());
}

#[test]
fn a_missing_asset_is_a_clear_error_with_status_3() {
    let (tmp, server) = setup();
    let into = tmp.path().join("bin");
    let out = install(&server, "Linux", "x86_64", "0.2.0", &into);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("has no asset bulletin-0.2.0-x86_64-unknown-linux-musl.tar.gz"),
        "{err}"
    );
    assert!(
        err.contains("cargo install --locked bulletin --version 0.2.0"),
        "{err}"
    );
    assert!(!into.exists());
}

#[test]
fn an_unsupported_platform_or_a_bad_version_is_refused() {
    let (tmp, server) = setup();
    let into = tmp.path().join("bin");
    let out = install(&server, "FreeBSD", "x86_64", "0.1.0", &into);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no prebuilt binary for the OS 'FreeBSD'"),
        "{}",
        stderr(&out)
    );
    let out = install(&server, "Linux", "riscv64", "0.1.0", &into);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let out = install(&server, "Linux", "x86_64", "0.1.0/../../x", &into);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("is not a version"),
        "{}",
        stderr(&out)
    );
    assert!(!into.exists());
}
