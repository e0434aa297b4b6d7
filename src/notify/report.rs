//! What a run says: one line per delivery as it happens (so a log shows how far a killed job
//! got), in words or as JSON lines (`--format json`), and a summary.

use std::io::Write;

use serde_json::{Value, json};

use super::delivery::Outcome;
use super::run::describe;
use super::targets::Outgoing;

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
    fn line(&self, v: &Value, human: String) {
        let mut out = std::io::stdout().lock();
        let _ = if self.json {
            writeln!(out, "{v}")
        } else {
            writeln!(out, "{human}")
        };
        let _ = out.flush();
    }

    /// A dry run's delivery: exactly what would be sent.
    pub fn would_send(&mut self, mut head: Value, outgoing: &Outgoing) {
        self.planned += 1;
        let request = describe(outgoing);
        let human = format!(
            "── would send to {} · {} ({})\n{}",
            head["target"].as_str().unwrap_or(""),
            head["event"].as_str().unwrap_or(""),
            head["novelty"].as_str().unwrap_or(""),
            human_request(&request)
        );
        head["result"] = json!("dry-run");
        head["request"] = request;
        self.line(&head, human);
    }

    /// A delivery's outcome.
    pub fn outcome(&mut self, mut head: Value, outcome: &Outcome) {
        let (result, attempts, reason) = match outcome {
            Outcome::Delivered { attempts } => ("sent", attempts, None),
            Outcome::Rejected { attempts, reason } => ("rejected", attempts, Some(reason)),
            Outcome::GaveUp { attempts, reason } => ("failed", attempts, Some(reason)),
        };
        if outcome.is_delivered() {
            self.sent += 1
        } else {
            self.failed += 1
        }
        let human = format!(
            "{result:<8} {} · {} ({}){}",
            head["target"].as_str().unwrap_or(""),
            head["event"].as_str().unwrap_or(""),
            head["novelty"].as_str().unwrap_or(""),
            reason
                .map(|r| format!(": {r} after {attempts} attempt(s)"))
                .unwrap_or_default()
        );
        head["result"] = json!(result);
        head["attempts"] = json!(attempts);
        if let Some(r) = reason {
            head["error"] = json!(r);
        }
        self.line(&head, human);
    }

    /// The record could not be saved: nothing more is sent (it could not be recorded).
    pub fn fail_state(&mut self, message: &str) {
        self.failed += 1;
        self.line(
            &json!({ "result": "state-error", "error": message }),
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
