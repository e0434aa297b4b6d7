//! Helpers for integration tests: a throw-away site folder and a way to run the real binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fixed "now" so tests do not depend on the clock: 2026-11-23 12:00 UTC.
pub const NOW_EPOCH: &str = "1795435200";

/// A minimal English config with two products.
pub const CONFIG: &str = "\
title: Test Status
base_url: https://status.test/
language: en
timezone: Asia/Shanghai
products:
  - id: wechat
    name: WeChat
    features:
      - id: login
        name: Login
      - id: pay
        name: Pay
  - id: qq
    name: QQ
    features:
      - id: mail
        name: Mail
";

/// A valid resolved incident.
pub const GOOD_INCIDENT: &str = "\
---
title: Login failures
affected:
  wechat/login: major_outage
---
Users could not log in.

## Timeline

### 2023-03-29 00:30 · investigating
Looking into it.

### 03:30 · resolved
Fixed.
";

/// A site in a temporary folder.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    pub fn new(config: &str) -> Self {
        let site = TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        site.write("bulletin.yaml", config);
        std::fs::create_dir_all(site.path().join("incidents")).unwrap();
        site
    }

    /// The standard test config with one good incident.
    pub fn standard() -> Self {
        let site = Self::new(CONFIG);
        site.write("incidents/login.md", GOOD_INCIDENT);
        site
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        let p = self.path().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
    }

    pub fn out(&self) -> PathBuf {
        self.path().join("public")
    }

    /// Runs `bulletin <args> --root <site>` with the fixed clock.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }
}

/// The output of one run of the binary.
pub struct Run {
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(&self) -> &Self {
        assert_eq!(
            self.status,
            Some(0),
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
}

/// Runs the binary with `--root root` appended and a fixed SOURCE_DATE_EPOCH.
pub fn run_in(root: &Path, args: &[&str]) -> Run {
    let root_arg = root.as_os_str().to_str().expect("UTF-8 path");
    let args: Vec<&str> = args.iter().copied().chain(["--root", root_arg]).collect();
    run_from(Path::new("."), &args)
}

/// Runs the binary in the working directory `cwd` with exactly `args` and a fixed
/// SOURCE_DATE_EPOCH.
pub fn run_from(cwd: &Path, args: &[&str]) -> Run {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(args)
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", NOW_EPOCH)
        .env("NO_COLOR", "1")
        .output()
        .expect("run bulletin");
    Run {
        status: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `check --format json`: the diagnostics and the exit status.
pub fn check_json(site: &TestSite) -> (Vec<serde_json::Value>, Option<i32>) {
    let run = site.run(&["check", "--format", "json"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let diags = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    (diags, run.status)
}

/// The repository root (the default site).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir`, relative, with its bytes, sorted.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}
