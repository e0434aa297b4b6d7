//! Records the commit Bulletin is built from, for `bulletin --version`. Outside a git
//! checkout (a packaged crate, a source archive) or without git, the commit is "unknown":
//! the build never fails for want of it. Only `--version` shows it; pages carry the version
//! alone, so the output of a site does not change with every commit of Bulletin.

use std::process::Command;

/// Runs `git <args>` in the crate's folder; its trimmed output, or None on any failure.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

fn main() {
    let commit = git(&["rev-parse", "--short=10", "HEAD"]).unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=BULLETIN_COMMIT={commit}");
    // Run again when HEAD moves: a commit, a checkout (in a worktree too: git names the paths).
    println!("cargo:rerun-if-changed=build.rs");
    // A path that does not exist would make cargo run this (and rebuild) every time.
    let branch = git(&["symbolic-ref", "-q", "HEAD"]);
    let watched = ["HEAD", "packed-refs"].into_iter().chain(branch.as_deref());
    for path in watched {
        if let Some(p) = git(&["rev-parse", "--git-path", path])
            && std::path::Path::new(&p).exists()
        {
            println!("cargo:rerun-if-changed={p}");
        }
    }
}
