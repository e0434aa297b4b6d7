//! Writes a synthetic status site for benchmarks: `cargo run --release --example gen_corpus --
//! <incidents> <dir> [seed] [--languages en,zh-CN]`.
//!
//! `--languages` publishes the site in those languages (the first the default, `en` unless
//! given) with every product's name translated; the incidents stay in the default language,
//! so every other tree shows them marked "not yet translated" (as much Markdown as translated
//! text would be).
//!
//! 4 products with 26 features; incidents spread over the years before 2026-11-23 with 3–7
//! timeline updates, one statement and ~2–3 KB of Markdown each; every 40th entry is a
//! maintenance window; the newest few incidents are still open and the newest maintenance is
//! upcoming. The same arguments always give the same files.

use std::fmt::Write as _;
use std::path::Path;

const PRODUCTS: [(&str, &[&str]); 4] = [
    (
        "compute",
        &[
            "instances",
            "volumes",
            "autoscaling",
            "images",
            "snapshots",
            "gpu",
            "spot",
        ],
    ),
    (
        "storage",
        &["objects", "cdn", "archive", "backup", "files", "transfer"],
    ),
    (
        "data",
        &["postgres", "mysql", "redis", "kafka", "search", "warehouse"],
    ),
    (
        "network",
        &[
            "dns",
            "load-balancers",
            "vpn",
            "firewall",
            "private-network",
            "ipv6",
            "peering",
        ],
    ),
];

const STATUSES: [&str; 3] = ["degraded_performance", "partial_outage", "major_outage"];

const WORDS: [&str; 24] = [
    "requests",
    "latency",
    "elevated",
    "errors",
    "region",
    "customers",
    "cluster",
    "nodes",
    "traffic",
    "recovering",
    "mitigation",
    "deploy",
    "rollback",
    "capacity",
    "timeouts",
    "database",
    "queue",
    "replication",
    "failover",
    "monitoring",
    "upstream",
    "provider",
    "network",
    "storage",
];

/// A small deterministic generator (xorshift64*): the corpus must not depend on a crate's
/// version of randomness.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn sentence(&mut self, words: usize) -> String {
        let mut s = String::new();
        for i in 0..words {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(WORDS[self.below(WORDS.len() as u64) as usize]);
        }
        s.push('.');
        s
    }
    fn paragraph(&mut self, sentences: usize) -> String {
        (0..sentences)
            .map(|_| {
                let words = 8 + self.below(8) as usize;
                self.sentence(words)
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().collect();
    let languages = match args.iter().position(|a| a == "--languages") {
        Some(at) if at + 1 < args.len() => {
            let list = args.remove(at + 1);
            args.remove(at);
            list.split(',').map(str::to_string).collect()
        }
        _ => vec!["en".to_string()],
    };
    let (Some(n), Some(dir)) = (
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: gen_corpus <incidents> <dir> [seed] [--languages en,zh-CN]");
        std::process::exit(2);
    };
    let seed = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(42u64);
    let dir = Path::new(dir);
    std::fs::create_dir_all(dir.join("incidents")).expect("create dir");
    std::fs::write(dir.join("bulletin.yaml"), config(&languages)).expect("write config");
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    // Newest incident starts 2026-11-22; older ones spread back roughly 8 hours apart.
    let newest: jiff::Timestamp = "2026-11-22T14:00:00Z".parse().expect("timestamp");
    // Spread the corpus over about six years whatever its size.
    let spacing = (6 * 365 * 24 * 60 / n.max(1) as i64).max(10);
    for i in 0..n {
        let start = newest
            - jiff::SignedDuration::from_mins(
                (i as i64) * spacing + rng.below((spacing / 2) as u64) as i64,
            );
        let text = if i % 40 == 20 {
            maintenance(&mut rng, i, start)
        } else {
            incident(&mut rng, i, start)
        };
        let name = format!("{}-{i:06}.md", local(start, "%Y-%m-%d"));
        std::fs::write(dir.join("incidents").join(name), text).expect("write incident");
    }
    eprintln!("wrote {n} incidents to {}", dir.display());
}

/// Times are written with their offset: civil times in a zone with DST can be ambiguous or
/// missing, and the corpus must be valid whatever the dates.
fn stamp(t: jiff::Timestamp) -> String {
    local(t, "%Y-%m-%dT%H:%M:%S%:z")
}

fn local(t: jiff::Timestamp, format: &str) -> String {
    let zone = jiff::tz::TimeZone::get("America/New_York").expect("zone");
    t.to_zoned_datetime(zone).strftime(format).to_string()
}

/// The site's config, in `languages` (the first the default).
fn config(languages: &[String]) -> String {
    let language = match languages {
        [one] => format!("language: {one}"),
        all => format!("languages: [{}]", all.join(", ")),
    };
    let mut s = format!(
        "title: Synthetic Cloud Status\nbase_url: https://status.synthetic.example/\n{language}\ntimezone: America/New_York\nproducts:\n",
    );
    for (p, features) in PRODUCTS {
        let _ = writeln!(s, "  - id: {p}\n    name: {}", p.to_uppercase());
        if languages.len() > 1 {
            let _ = writeln!(s, "    translations:");
            for other in &languages[1..] {
                let _ = writeln!(s, "      {other}: {{name: {p} ({other})}}");
            }
        }
        let _ = writeln!(s, "    features:");
        for f in features {
            let _ = writeln!(
                s,
                "      - id: {f}\n        name: {f}\n        description: The {f} service"
            );
        }
    }
    s
}

fn component(rng: &mut Rng) -> String {
    let (p, features) = PRODUCTS[rng.below(4) as usize];
    format!(
        "{p}/{}",
        features[rng.below(features.len() as u64) as usize]
    )
}

fn incident(rng: &mut Rng, i: usize, start: jiff::Timestamp) -> String {
    let mut s = format!("---\ntitle: Elevated errors number {i}\naffected:\n");
    let mut seen = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let c = component(rng);
        if !seen.contains(&c) {
            let _ = writeln!(s, "  {c}: {}", STATUSES[rng.below(3) as usize]);
            seen.push(c);
        }
    }
    let _ = write!(
        s,
        "---\n\n{}\n\n{}\n\n## Timeline\n",
        rng.paragraph(4),
        rng.paragraph(3)
    );
    let updates = 3 + rng.below(5) as usize;
    let open = i < 3;
    let statuses = ["investigating", "identified", "monitoring"];
    let mut t = start;
    for u in 0..updates {
        let last = u + 1 == updates;
        let status = if last && !open {
            "resolved"
        } else {
            statuses[u.min(2)]
        };
        let sentences = 2 + rng.below(3) as usize;
        let _ = write!(
            s,
            "\n### {} · {status}\n\n{}\n",
            stamp(t),
            rng.paragraph(sentences)
        );
        t += jiff::SignedDuration::from_mins(10 + rng.below(50) as i64);
    }
    let _ = write!(
        s,
        "\n## Statements\n\n### {} · Operations team · [Blog](https://blog.synthetic.example/{i})\n\n> {}\n",
        stamp(t),
        rng.paragraph(2)
    );
    s
}

fn maintenance(rng: &mut Rng, i: usize, start: jiff::Timestamp) -> String {
    let upcoming = i < 40;
    // The newest maintenance is a window three weeks after the newest incident: upcoming.
    let window = if upcoming {
        "2026-12-14T07:00:00Z"
            .parse::<jiff::Timestamp>()
            .expect("timestamp")
    } else {
        start
    };
    let end = window + jiff::SignedDuration::from_hours(2);
    let mut s = format!(
        "---\ntitle: Planned maintenance {i}\nkind: maintenance\naffected:\n  {}: under_maintenance\nscheduled:\n  start: {}\n  end: {}\n---\n\n{}\n\n## Timeline\n\n### {} · scheduled\n\n{}\n",
        component(rng),
        stamp(window),
        stamp(end),
        rng.paragraph(3),
        stamp(window - jiff::SignedDuration::from_hours(24 * 7)),
        rng.paragraph(2)
    );
    if !upcoming {
        let _ = write!(
            s,
            "\n### {} · in_progress\n\n{}\n\n### {} · completed\n\n{}\n",
            stamp(window),
            rng.paragraph(1),
            stamp(end),
            rng.paragraph(1)
        );
    }
    s
}
