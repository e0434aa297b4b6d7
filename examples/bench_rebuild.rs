//! Benchmark of `bulletin serve`'s incremental rebuild: `cargo run --release --example
//! bench_rebuild -- <site> [rounds]`.
//!
//! Loads the site into memory once (as `serve` does), then, each round, appends a timeline
//! entry to one incident file and times [`LiveSite::update`] — re-parse, validate, derive and
//! re-render of what shows that incident — from the file being saved to the new pages being in
//! memory, ready to serve. Prints min / median / max, the work of the last round (what was
//! checked, derived and built: counts a busy machine cannot stretch) and the median CPU time
//! of a round over all threads (Linux). The file is restored afterwards.

use std::path::PathBuf;
use std::time::Instant;

use bulletin::build::{Clock, Options};
use bulletin::serve::live::LiveSite;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(root) = args.get(1).map(PathBuf::from) else {
        eprintln!("usage: bench_rebuild <site> [rounds]");
        std::process::exit(2);
    };
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(20);
    let options = Options {
        clock: Clock::Text("2026-11-23 12:00".into()),
        ..Options::new(&root)
    };
    let started = Instant::now();
    let mut site = LiveSite::new(options).unwrap_or_else(|d| {
        eprintln!("site has errors: {} (run bulletin check)", d.error_count());
        std::process::exit(1);
    });
    println!(
        "initial in-memory build: {:.0} ms, {} files",
        started.elapsed().as_secs_f64() * 1000.0,
        site.files().len()
    );

    // Time for a profiler to start counting once the initial build is done
    // (`BENCH_REBUILD_PAUSE_MS`; docs/performance.md, session 10).
    let pause = std::env::var("BENCH_REBUILD_PAUSE_MS").ok();
    if let Some(ms) = pause.and_then(|ms| ms.parse().ok()) {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    let (files, _) = bulletin::content::find_incident_files(&root);
    let rel = files.iter().max().cloned().expect("the site has incidents");
    let path = root.join(&rel);
    let original = std::fs::read(&path).expect("read incident");
    let mut times = Vec::with_capacity(rounds);
    let mut cpu = Vec::with_capacity(rounds);
    let mut rendered = 0;
    let mut work = String::new();
    for round in 0..rounds {
        let mut text = original.clone();
        text.extend_from_slice(
            format!(
                "\n### 2026-11-23 11:{:02} · monitoring\n\nRound {round}.\n",
                round % 60
            )
            .as_bytes(),
        );
        let t = Instant::now();
        let c = cpu_ns();
        std::fs::write(&path, &text).expect("write incident");
        let rebuilt = site.update(std::slice::from_ref(&rel)).unwrap_or_else(|d| {
            eprintln!("rebuild failed: {} error(s)", d.error_count());
            std::process::exit(1);
        });
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        cpu.push(
            cpu_ns()
                .zip(c)
                .map(|(b, a)| b.saturating_sub(a) as f64 / 1e6),
        );
        rendered = rebuilt.rendered;
        let stats = rebuilt.stats;
        work = format!(
            "{} incidents checked against now, {} states derived, {} cards, {} full views, {} uptime views, {} templates",
            rebuilt.timed,
            rebuilt.derived,
            stats.cards,
            stats.details,
            stats.uptime_views,
            stats.templates
        );
    }
    std::fs::write(&path, &original).expect("restore incident");
    times.sort_by(f64::total_cmp);
    println!(
        "one-file rebuild of {} ({rendered} files re-rendered), {rounds} rounds: min {:.1} ms, median {:.1} ms, max {:.1} ms",
        rel.display(),
        times[0],
        times[times.len() / 2],
        times[times.len() - 1]
    );
    println!("work of the last round: {work}");
    let mut cpu: Vec<f64> = cpu.into_iter().flatten().collect();
    cpu.sort_by(f64::total_cmp);
    if let Some(median) = cpu.get(cpu.len() / 2) {
        println!("CPU time of a round, all threads: median {median:.1} ms");
    }
}

/// The CPU time of every thread of this process so far, in nanoseconds (Linux only: the
/// first field of each thread's `schedstat`).
fn cpu_ns() -> Option<u64> {
    let tasks = std::fs::read_dir("/proc/self/task").ok()?;
    let mut total = 0;
    for task in tasks.flatten() {
        let stat = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
        total += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(total)
}

// The same allocator as the `bulletin` binary, so the figures are serve's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
