//! The suite's one support module: a throw-away site folder and a way to run the real binary
//! (here), JSON and XML readers, the independent validators (`tests/tools/`), linters; a real
//! `bulletin serve` (`serve`), loopback receivers for `bulletin notify` (`notify`), the oracle's
//! generated sites and replay (`oracle`), and the checks shared with the fuzz targets
//! (`contracts`, `import_contracts`, which stay in `tests/fixtures/` where fuzz/ reads them).

// Support code shared by the suite's modules: `pub` says what it offers them.
#![allow(unreachable_pub)]
#![allow(dead_code)]

pub mod built;
#[path = "../../fixtures/contracts.rs"]
pub mod contracts;
pub mod html_depth;
#[path = "../../fixtures/import_contracts.rs"]
pub mod import_contracts;
pub mod notify;
pub mod oracle;
pub mod serve;
pub use built::{default_site_at, one_language_site_at, read_out};

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

    /// The JSON file `rel` of the built site (`public/`).
    pub fn json(&self, rel: &str) -> serde_json::Value {
        read_json(&self.out().join(rel))
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
/// SOURCE_DATE_EPOCH; without `CI`, so a run on a CI service prints what it prints anywhere
/// (`build` warns in CI about the example `base_url`).
pub fn run_from(cwd: &Path, args: &[&str]) -> Run {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(args)
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", NOW_EPOCH)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .expect("run bulletin");
    Run {
        status: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs the binary as [`run_from`] does, with `input` as its stdin (answers to prompts).
pub fn run_with_input(cwd: &Path, args: &[&str], input: &str) -> Run {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(args)
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", NOW_EPOCH)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run bulletin");
    // A command that stops reading early closes the pipe: not the test's failure.
    let _ = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes());
    let output = child.wait_with_output().expect("run bulletin");
    Run {
        status: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `bulletin build` of `root`, which must succeed: into `out` (else `root/public`), at
/// `now`, a time in the site's zone (else the fixed [`NOW_EPOCH`]).
pub fn build(root: &Path, out: Option<&Path>, now: Option<&str>) {
    let mut args = vec!["build"];
    if let Some(out) = out {
        args.extend(["--output", out.to_str().expect("a UTF-8 path")]);
    }
    if let Some(now) = now {
        args.extend(["--now", now]);
    }
    run_in(root, &args).ok();
}

/// `check --format json` on the site at `root` (any folder, not only a [`TestSite`]): its
/// errors. Every line must be JSON.
pub fn check_errors_at(root: &Path) -> Vec<serde_json::Value> {
    let root = root.to_str().expect("a UTF-8 path");
    let run = run_from(
        Path::new("."),
        &["check", "--format", "json", "--root", root],
    );
    run.stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l)
                .unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))
        })
        .filter(|d| d["severity"] == "error")
        .collect()
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

/// How a developer gets the Python validators' packages: the message every missing-tool
/// failure ends with.
pub const PYTHON_TOOLS_INSTALL: &str = "install them with `python3 -m pip install -r tests/requirements.txt` (`bash tests/run.sh` does this before `cargo test`)";

/// Runs `python3 tests/tools/<script> <args>` with `env` added to the environment and returns
/// its output. A missing tool never passes or skips, with or without `CI`: if python3 cannot
/// be started, or the script exits 3 (a required Python package is missing or too old, the
/// contract of tests/tools/_common.py), this panics saying what is missing and how to install it.
pub fn python_tool(
    script: &str,
    args: &[&std::ffi::OsStr],
    env: &[(&str, &std::ffi::OsStr)],
) -> Output {
    let mut cmd = Command::new("python3");
    cmd.arg(repo().join("tests/tools").join(script)).args(args);
    for (key, value) in env {
        cmd.env(key, value);
    }
    let out = cmd.output().unwrap_or_else(|e| {
        panic!(
            "cannot run python3 ({e}): the output tests need Python 3 and the packages in \
             tests/requirements.txt; {PYTHON_TOOLS_INSTALL}"
        )
    });
    if out.status.code() == Some(3) {
        panic!(
            "{script}: a Python package it needs is missing:\n{}\n{PYTHON_TOOLS_INSTALL}",
            String::from_utf8_lossy(&out.stderr).trim_end()
        );
    }
    out
}

/// Runs the validator `tests/tools/check_<tool>.py <dir>` (see tests/tools/README.md) and
/// panics with its report unless it passes; a missing package fails too (see [`python_tool`]).
pub fn validate(tool: &str, dir: &Path) {
    let out = python_tool(&format!("check_{tool}.py"), &[dir.as_os_str()], &[]);
    assert!(
        out.status.success(),
        "check_{tool} failed ({}) on {}:\n{}{}",
        out.status,
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The headers a `_headers` file (Netlify / Cloudflare Pages) gives the rule whose pattern is
/// exactly `pattern`, trimmed, in order; panics when there is no such rule.
pub fn headers_for<'a>(file: &'a str, pattern: &str) -> Vec<&'a str> {
    let mut lines = file.lines().skip_while(|l| *l != pattern);
    lines
        .next()
        .unwrap_or_else(|| panic!("no rule for {pattern}:\n{file}"));
    lines
        .take_while(|l| l.starts_with("  "))
        .map(str::trim)
        .collect()
}

/// Parses the JSON file at `path`, panicking with the path on any error.
pub fn read_json(path: &Path) -> serde_json::Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of every element at `path` (element names from the root, e.g.
/// `["rss", "channel", "item", "description"]`) in the XML document `xml`, with entity and
/// character references resolved: what a feed reader reads, not the escaped source.
pub fn xml_texts(xml: &str, path: &[&str]) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut stack, mut found) = (Vec::<String>::new(), Vec::new());
    // The escaped text of the element being collected; references are put back as written
    // and the whole is unescaped once at its end.
    let mut raw: Option<String> = None;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                stack.push(String::from_utf8_lossy(e.name().as_ref()).into_owned());
                if stack == path {
                    raw = Some(String::new());
                }
            }
            Event::End(_) => {
                if stack == path
                    && let Some(text) = raw.take()
                {
                    found.push(quick_xml::escape::unescape(&text).unwrap().into_owned());
                }
                stack.pop();
            }
            Event::Text(t) => {
                if let Some(r) = raw.as_mut() {
                    r.push_str(&t.decode().unwrap());
                }
            }
            Event::GeneralRef(g) => {
                if let Some(r) = raw.as_mut() {
                    r.push_str(&format!("&{};", g.decode().unwrap()));
                }
            }
            Event::CData(c) => {
                if let Some(r) = raw.as_mut() {
                    r.push_str(&quick_xml::escape::escape(c.decode().unwrap().as_ref()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    found
}

/// One affected component of an update: name, old status, new status.
pub type Change = (String, String, String);

/// Each API incident update's status and its `affected_components`, oldest first.
pub fn changes(incident: &serde_json::Value) -> Vec<(String, Vec<Change>)> {
    let mut out: Vec<_> = incident["incident_updates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            let list = u["affected_components"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|c| {
                            let s = |k: &str| c[k].as_str().unwrap().to_string();
                            (s("name"), s("old_status"), s("new_status"))
                        })
                        .collect()
                })
                .unwrap_or_default();
            (u["status"].as_str().unwrap().to_string(), list)
        })
        .collect();
    out.reverse();
    out
}

pub fn change(name: &str, old: &str, new: &str) -> Change {
    (name.into(), old.into(), new.into())
}

/// Runs a linter installed from tests/requirements.txt (`actionlint`, `hadolint`) with `args`
/// in `cwd`. A missing linter fails the test, saying how to install it: it never skips.
pub fn linter(program: &str, args: &[&std::ffi::OsStr], cwd: &Path) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} ({e}); {PYTHON_TOOLS_INSTALL}"))
}

/// Runs `actionlint` on the workflow files `files` (relative to `cwd` or absolute) and panics
/// with its report unless it finds nothing. actionlint also reports actions on a runtime
/// GitHub's runners no longer have (node20).
pub fn actionlint(files: &[PathBuf], cwd: &Path) {
    let args: Vec<&std::ffi::OsStr> = files.iter().map(|f| f.as_os_str()).collect();
    assert!(!args.is_empty(), "actionlint: no workflow files given");
    let out = linter("actionlint", &args, cwd);
    assert!(
        out.status.success(),
        "actionlint found problems ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
