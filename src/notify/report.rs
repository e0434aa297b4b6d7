//! What a run says: one line per delivery as it happens (so a log shows how far a killed job
//! got), in words or as JSON lines (`--format json`), and a summary. Every key and word a
//! JSON line can hold is made here ([`Line`], [`Verdict`]) and listed in docs/notify.md.

use serde::Serialize;
use serde_json::Value;

use super::send::Outcome;
use super::targets::{About, Outgoing};

/// What a line is about: one event for one destination, or one feed a WebSub hub is told of.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Head<'a> {
    pub target: &'a str,
    pub about: &'a About<'a>,
}

impl Head<'_> {
    /// "ops · update:login#1 (new)" or "hub · https://…/atom.xml (feed)".
    fn human(&self) -> String {
        match self.about {
            About::Event { id, novelty } => format!("{} · {id} ({})", self.target, novelty.word()),
            About::Feed(url) => format!("{} · {url} (feed)", self.target),
        }
    }
}

/// One JSON line. Its fields are in the order of their keys: the order serde_json has
/// always written the lines in (they were maps), so the lines are the same bytes.
#[derive(Serialize, Default)]
struct Line<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    attempts: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    feed: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    novelty: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request: Option<Request<'a>>,
    result: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<&'a str>,
    /// A skipped target's unset environment variables.
    #[serde(skip_serializing_if = "Option::is_none")]
    variables: Option<&'a [String]>,
}

impl<'a> Line<'a> {
    /// A line about `head` with `verdict`.
    fn about(head: Head<'a>, verdict: Verdict) -> Line<'a> {
        let (event, novelty, feed) = match head.about {
            About::Event { id, novelty } => (Some(*id), Some(novelty.word()), None),
            About::Feed(url) => (None, None, Some(url.as_str())),
        };
        Line {
            target: Some(head.target),
            event,
            novelty,
            feed,
            result: verdict.word(),
            ..Line::default()
        }
    }
}

/// What a dry run shows of one delivery (fields in the order of their keys, as [`Line`]).
#[derive(Serialize)]
#[serde(untagged)]
enum Request<'a> {
    Http {
        /// The body as JSON when it is JSON (shown as a value, not a string).
        body: Value,
        content_type: &'a str,
        headers: &'a [(String, String)],
        method: &'static str,
        url: &'a str,
    },
    Mail {
        from: &'a str,
        html: &'a str,
        list_unsubscribe: Option<&'a str>,
        message_id: &'a str,
        subject: &'a str,
        text: &'a str,
        to: &'a str,
    },
}

impl<'a> Request<'a> {
    fn of(outgoing: &'a Outgoing) -> Request<'a> {
        match outgoing {
            Outgoing::Http(r) => Request::Http {
                body: serde_json::from_str::<Value>(&r.body)
                    .unwrap_or(Value::String(r.body.clone())),
                content_type: r.content_type,
                headers: &r.headers,
                method: "POST",
                url: &r.url.shown,
            },
            Outgoing::Mail(m) => Request::Mail {
                from: &m.from,
                html: &m.html,
                list_unsubscribe: m.unsubscribe.as_deref(),
                message_id: &m.message_id,
                subject: &m.subject,
                text: &m.text,
                to: &m.to,
            },
        }
    }

    /// The request as a person reads it.
    fn human(&self) -> String {
        match self {
            Request::Http {
                body,
                content_type,
                headers,
                url,
                ..
            } => {
                let mut s = format!("POST {url}\nContent-Type: {content_type}\n");
                for (k, v) in *headers {
                    s.push_str(&format!("{k}: {v}\n"));
                }
                let body = match body {
                    Value::String(t) => t.clone(),
                    v => serde_json::to_string_pretty(v).unwrap_or_default(),
                };
                s + "\n" + &body
            }
            Request::Mail {
                from,
                html,
                list_unsubscribe,
                message_id,
                subject,
                text,
                to,
            } => format!(
                "From: {from}\nTo: {to}\nMessage-ID: {message_id}\nSubject: {subject}\n{}\n{text}\n--- HTML ---\n{html}",
                list_unsubscribe
                    .map(|u| format!("List-Unsubscribe: <{u}>\n"))
                    .unwrap_or_default(),
            ),
        }
    }
}

/// A line's `result`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Sent,
    Rejected,
    Failed,
    DryRun,
    /// The delivery record could not be saved: nothing more is sent.
    StateError,
    /// A dry run left the target out: environment variables it names are not set.
    Skipped,
}

impl Verdict {
    #[cfg(test)]
    pub(crate) const ALL: [Verdict; 6] = [
        Verdict::Sent,
        Verdict::Rejected,
        Verdict::Failed,
        Verdict::DryRun,
        Verdict::StateError,
        Verdict::Skipped,
    ];

    pub(crate) fn word(self) -> &'static str {
        match self {
            Verdict::Sent => "sent",
            Verdict::Rejected => "rejected",
            Verdict::Failed => "failed",
            Verdict::DryRun => "dry-run",
            Verdict::StateError => "state-error",
            Verdict::Skipped => "skipped",
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
    /// What destinations without a record or a baseline counted as had.
    pub first_run: FirstRun,
}

/// Destinations with no delivery record, no previous site and no `--announce-all`: they count
/// every event they find as had, and send nothing (docs/notify.md, "The first run").
#[derive(Debug, Default, Clone, Copy)]
pub struct FirstRun {
    pub destinations: usize,
    /// The most events one of them counted as had.
    pub events: usize,
}

impl FirstRun {
    /// Counts a destination that counted `skipped` events as had, when it had no baseline.
    pub(crate) fn count(&mut self, no_baseline: bool, skipped: usize) {
        if no_baseline {
            self.destinations += 1;
            self.events = self.events.max(skipped);
        }
    }
}

impl Report {
    /// Prints a line at once, escaped for a terminal: it quotes targets, event ids and whole
    /// messages built from incident text.
    fn line(&self, line: &Line, human: String) {
        if self.json {
            let text = serde_json::to_string(line).unwrap_or_default();
            crate::terminal::out_json(&text);
        } else {
            crate::outln!("{human}");
        }
    }

    /// A dry run's delivery: exactly what would be sent.
    pub(crate) fn would_send(&mut self, head: Head, outgoing: &Outgoing) {
        self.planned += 1;
        let request = Request::of(outgoing);
        let human = format!("── would send to {}\n{}", head.human(), request.human());
        let line = Line {
            request: Some(request),
            ..Line::about(head, Verdict::DryRun)
        };
        self.line(&line, human);
    }

    /// A delivery's outcome.
    pub(crate) fn outcome(&mut self, head: Head, outcome: &Outcome) {
        let (verdict, attempts, reason) = match outcome {
            Outcome::Delivered { attempts } => (Verdict::Sent, *attempts, None),
            Outcome::Rejected { attempts, reason } => (Verdict::Rejected, *attempts, Some(reason)),
            Outcome::GaveUp { attempts, reason } => (Verdict::Failed, *attempts, Some(reason)),
        };
        if outcome.is_delivered() {
            self.sent += 1
        } else {
            self.failed += 1
        }
        let human = format!(
            "{:<8} {}{}",
            verdict.word(),
            head.human(),
            reason
                .map(|r| format!(": {r} after {attempts} attempt(s)"))
                .unwrap_or_default()
        );
        let line = Line {
            attempts: Some(attempts),
            error: reason.map(String::as_str),
            ..Line::about(head, verdict)
        };
        self.line(&line, human);
    }

    /// A target a dry run leaves out because the variables `unset` are not set.
    pub(crate) fn skipped_target(&mut self, target: &str, unset: &[String]) {
        let line = Line {
            target: Some(target),
            variables: Some(unset),
            result: Verdict::Skipped.word(),
            ..Line::default()
        };
        let human = format!(
            "{:<8} {target}: environment variable {} not set, so nothing is shown for it (a real run refuses to start)",
            Verdict::Skipped.word(),
            unset.join(", ")
        );
        self.line(&line, human);
    }

    /// The record could not be saved: nothing more is sent (it could not be recorded).
    pub(crate) fn fail_state(&mut self, message: &str) {
        self.failed += 1;
        let line = Line {
            error: Some(message),
            result: Verdict::StateError.word(),
            ..Line::default()
        };
        self.line(&line, format!("error: {message}"));
    }

    /// On a first run, what it found and how to announce it; `previous`: the `--previous`
    /// given, which was not there.
    pub fn first_run_hint(&self, previous: Option<&str>) -> Option<String> {
        let FirstRun {
            destinations,
            events,
        } = self.first_run;
        if destinations == 0 || events == 0 {
            return None;
        }
        let baseline = match previous {
            Some(p) => format!("the previous site (--previous {p}) has published nothing yet"),
            None => "no previous site was given (--previous)".to_string(),
        };
        Some(format!(
            "first run: {destinations} destination(s) have no delivery record and {baseline}, so the {events} event(s) found count as already announced and none is sent.
               To announce the recent ones now: --announce-all (every event younger than max_age in notify.yaml).
               To announce only what is new since the published site: --previous <its URL or folder>.
               Keep the record between runs with --state DIR, so the next run sends exactly what is new (docs/notify.md)."
        ))
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

#[cfg(test)]
mod tests;
