//! What a run says: one line per delivery as it happens (so a log shows how far a killed job
//! got), in words or as JSON lines (`--format json`), and a summary. Every key and word a
//! JSON line can hold is made here ([`Head`], [`Verdict`]) and listed in docs/notify.md.

use serde_json::{Value, json};

use super::delivery::Outcome;
use super::diff::Novelty;
use super::run::describe;
use super::targets::Outgoing;

/// What a line is about: one event for one destination, or one feed a WebSub hub is told of
/// (a ping stands for every event that changed the feed, so it has no event or novelty).
#[derive(Debug, Clone, Copy)]
pub struct Head<'a> {
    pub target: &'a str,
    pub about: About<'a>,
}

#[derive(Debug, Clone, Copy)]
pub enum About<'a> {
    Event { id: &'a str, novelty: Novelty },
    Feed(&'a str),
}

impl Head<'_> {
    /// `target`, and `event` and `novelty` or `feed`.
    fn json(&self) -> Value {
        match self.about {
            About::Event { id, novelty } => {
                json!({ "target": self.target, "event": id, "novelty": novelty.word() })
            }
            About::Feed(url) => json!({ "target": self.target, "feed": url }),
        }
    }

    /// "ops · update:login#1 (new)" or "hub · https://…/atom.xml (feed)".
    fn human(&self) -> String {
        match self.about {
            About::Event { id, novelty } => format!("{} · {id} ({})", self.target, novelty.word()),
            About::Feed(url) => format!("{} · {url} (feed)", self.target),
        }
    }
}

/// A line's `result`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Sent,
    Rejected,
    Failed,
    DryRun,
    /// The delivery record could not be saved: nothing more is sent.
    StateError,
}

impl Verdict {
    pub const ALL: [Verdict; 5] = [
        Verdict::Sent,
        Verdict::Rejected,
        Verdict::Failed,
        Verdict::DryRun,
        Verdict::StateError,
    ];

    pub fn word(self) -> &'static str {
        match self {
            Verdict::Sent => "sent",
            Verdict::Rejected => "rejected",
            Verdict::Failed => "failed",
            Verdict::DryRun => "dry-run",
            Verdict::StateError => "state-error",
        }
    }
}

/// The counts and the output format of a run.
#[derive(Debug, Default)]
pub struct Report {
    pub json: bool,
    pub sent: usize,
    pub failed: usize,
    /// Would be sent (dry run).
    pub planned: usize,
    /// Recorded as had without sending (filtered out, too old, or the baseline had them).
    pub skipped: usize,
    /// Destinations whose remaining events wait for a rerun after a failure.
    pub left: usize,
    /// Time spent working out what is new for each destination (`--timings`).
    pub diff_time: std::time::Duration,
}

impl Report {
    /// Prints a line at once, escaped for a terminal: it quotes targets, event ids and whole
    /// messages built from incident text.
    fn line(&self, v: &Value, human: String) {
        if self.json {
            crate::terminal::out_json(&v.to_string());
        } else {
            crate::outln!("{human}");
        }
    }

    /// A dry run's delivery: exactly what would be sent.
    pub fn would_send(&mut self, head: Head, outgoing: &Outgoing) {
        self.planned += 1;
        let request = describe(outgoing);
        let human = format!(
            "── would send to {}\n{}",
            head.human(),
            human_request(&request)
        );
        let mut line = head.json();
        line["result"] = json!(Verdict::DryRun.word());
        line["request"] = request;
        self.line(&line, human);
    }

    /// A delivery's outcome.
    pub fn outcome(&mut self, head: Head, outcome: &Outcome) {
        let (verdict, attempts, reason) = match outcome {
            Outcome::Delivered { attempts } => (Verdict::Sent, attempts, None),
            Outcome::Rejected { attempts, reason } => (Verdict::Rejected, attempts, Some(reason)),
            Outcome::GaveUp { attempts, reason } => (Verdict::Failed, attempts, Some(reason)),
        };
        let result = verdict.word();
        if outcome.is_delivered() {
            self.sent += 1
        } else {
            self.failed += 1
        }
        let human = format!(
            "{result:<8} {}{}",
            head.human(),
            reason
                .map(|r| format!(": {r} after {attempts} attempt(s)"))
                .unwrap_or_default()
        );
        let mut line = head.json();
        line["result"] = json!(result);
        line["attempts"] = json!(attempts);
        if let Some(r) = reason {
            line["error"] = json!(r);
        }
        self.line(&line, human);
    }

    /// The record could not be saved: nothing more is sent (it could not be recorded).
    pub fn fail_state(&mut self, message: &str) {
        self.failed += 1;
        self.line(
            &json!({ "result": Verdict::StateError.word(), "error": message }),
            format!("error: {message}"),
        );
    }

    /// The closing line.
    pub fn summary(&self, dry_run: bool) -> String {
        if dry_run {
            format!(
                "notify (dry run): {} message(s) would be sent; {} event(s) not for sending",
                self.planned, self.skipped
            )
        } else {
            format!(
                "notify: {} sent, {} failed; {} event(s) not for sending{}",
                self.sent,
                self.failed,
                self.skipped,
                if self.left > 0 {
                    format!("; {} target(s) have events waiting for a rerun", self.left)
                } else {
                    String::new()
                }
            )
        }
    }
}

fn human_request(r: &Value) -> String {
    if let Some(url) = r["url"].as_str() {
        let mut s = format!(
            "POST {url}\nContent-Type: {}\n",
            r["content_type"].as_str().unwrap_or("")
        );
        for h in r["headers"].as_array().into_iter().flatten() {
            s.push_str(&format!(
                "{}: {}\n",
                h[0].as_str().unwrap_or(""),
                h[1].as_str().unwrap_or("")
            ));
        }
        let body = match &r["body"] {
            Value::String(t) => t.clone(),
            v => serde_json::to_string_pretty(v).unwrap_or_default(),
        };
        s + "\n" + &body
    } else {
        format!(
            "From: {}\nTo: {}\nMessage-ID: {}\nSubject: {}\n{}\n{}\n--- HTML ---\n{}",
            r["from"].as_str().unwrap_or(""),
            r["to"].as_str().unwrap_or(""),
            r["message_id"].as_str().unwrap_or(""),
            r["subject"].as_str().unwrap_or(""),
            r["list_unsubscribe"]
                .as_str()
                .map(|u| format!("List-Unsubscribe: <{u}>\n"))
                .unwrap_or_default(),
            r["text"].as_str().unwrap_or(""),
            r["html"].as_str().unwrap_or("")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/notify.md lists every `result` word a JSON line can hold (tests/notify_json.rs
    /// holds real runs to the whole list; an unsavable record is hard to make there).
    #[test]
    fn every_result_word_is_documented() {
        let doc = include_str!("../../docs/notify.md");
        let item = doc
            .lines()
            .skip_while(|l| !l.starts_with("  - `result`:"))
            .take_while(|l| !l.starts_with("  - `attempts`"))
            .collect::<Vec<_>>()
            .join(" ");
        for v in Verdict::ALL {
            assert!(
                item.contains(&format!("`{}`", v.word())),
                "{}: {item}",
                v.word()
            );
        }
    }
}
