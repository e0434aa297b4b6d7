//! One `bulletin notify` run: for each destination, what is new (`diff`), put into words
//! (`message`), into its target's format (`targets`), then printed (`--dry-run`) or sent
//! (`delivery`, `smtp`) with the record saved after each delivery (`state`).

use std::collections::HashSet;

use jiff::Timestamp;
use serde_json::{Value, json};

use super::config::{Format, NotifyConfig, Target};
use super::diff::{self, Baseline, Novelty};
use super::mailers::Mailers;
use super::message;
use super::report::{About, Head, Report};
use super::state::State;
use super::subscribers::Subscriber;
use super::targets::{self, Context, Outgoing};
use super::{delivery, websub};
use crate::config::Config;
use crate::derive::{Derived, Past};
use crate::events::Event;
use crate::ids::{content_hash, hash_text};

/// What a run is asked to do.
#[derive(Debug, Clone, Copy)]
pub struct Mode {
    pub dry_run: bool,
}

/// Everything a run reads.
pub struct Run<'a> {
    pub config: &'a Config,
    pub site: &'a Derived,
    /// The site at the events' times: what their messages state.
    pub past: &'a Past<'a>,
    pub notify: &'a NotifyConfig,
    pub events: &'a [Event],
    pub baseline: Baseline<'a>,
    pub mode: Mode,
}

/// Where a run's results go.
struct Progress<'a> {
    state: &'a mut State,
    report: &'a mut Report,
    mailers: &'a mut Mailers,
}

/// One destination: a target, or one subscriber of an email target.
struct Destination<'a> {
    key: String,
    target: &'a Target,
    recipient: Option<&'a Subscriber>,
}

impl Run<'_> {
    /// Every destination of every target.
    fn destinations(&self) -> Vec<Destination<'_>> {
        let mut out = Vec::new();
        for t in &self.notify.targets {
            match (&t.format, &t.email) {
                (Format::Email, Some(e)) => out.extend(e.subscribers.iter().map(|s| Destination {
                    // The address is not written into the record: its hash is.
                    key: format!(
                        "{}/{}",
                        t.name,
                        hash_text(content_hash(&[&s.address.to_lowercase()]))
                    ),
                    target: t,
                    recipient: Some(s),
                })),
                _ => out.push(Destination {
                    key: t.name.clone(),
                    target: t,
                    recipient: None,
                }),
            }
        }
        out
    }

    /// Delivers (or, dry, prints) what is new for every destination, recording as it goes.
    pub fn execute(&self, state: &mut State, report: &mut Report) {
        let since = self
            .site
            .now
            .checked_sub(self.notify.max_age)
            .unwrap_or(Timestamp::MIN);
        let current: HashSet<&str> = self.events.iter().map(|e| e.id.as_str()).collect();
        let mut mailers = Mailers::default();
        for dest in self.destinations() {
            let started = std::time::Instant::now();
            let fresh = diff::fresh(
                self.events,
                self.site,
                dest.target,
                state.known(&dest.key),
                self.baseline,
                since,
            );
            report.diff_time += started.elapsed();
            state.prune(&dest.key, &current);
            state.note(
                &dest.key,
                fresh.skip.iter().map(|e| (e.id.clone(), hash_text(e.hash))),
            );
            report.skipped += fresh.skip.len();
            if !self.mode.dry_run
                && let Err(e) = state.save()
            {
                report.fail_state(&e);
                return;
            }
            if dest.target.format == Format::Websub {
                websub::ping(self, &dest.key, dest.target, &fresh.send, state, report);
                continue;
            }
            for &(event, novelty) in &fresh.send {
                let mut progress = Progress {
                    state: &mut *state,
                    report: &mut *report,
                    mailers: &mut mailers,
                };
                let ok = self.deliver(&dest, event, novelty, &mut progress);
                if !ok {
                    // The rest wait for a rerun, in order.
                    report.left += 1;
                    break;
                }
            }
        }
    }

    /// Sends one event to one destination; false when it failed.
    fn deliver(
        &self,
        dest: &Destination,
        event: &Event,
        novelty: Novelty,
        p: &mut Progress,
    ) -> bool {
        let hash = hash_text(event.hash);
        let key = format!(
            "bulletin-{}",
            hash_text(content_hash(&[&dest.key, &event.id, &hash]))
        );
        let msg = message::compose(
            self.config,
            self.site,
            self.past,
            event,
            novelty == Novelty::Correction,
        );
        let ctx = Context {
            config: self.config,
            site: self.site,
            event,
            target: dest.target,
            idempotency_key: &key,
            now_ms: Timestamp::now().as_millisecond(),
        };
        let Some(outgoing) = targets::render(&ctx, &msg, dest.recipient) else {
            return true;
        };
        let head = Head {
            target: &dest.target.name,
            about: About::Event {
                id: &event.id,
                novelty,
            },
        };
        if self.mode.dry_run {
            p.report.would_send(head, &outgoing);
            return true;
        }
        let outcome = match &outgoing {
            Outgoing::Http(req) => delivery::post(req, &self.notify.retry),
            Outgoing::Mail(mail) => p.mailers.send(dest.target, mail, &self.notify.retry),
        };
        let ok = outcome.is_delivered();
        if ok {
            p.state.note(&dest.key, [(event.id.clone(), hash)]);
            if let Err(e) = p.state.save() {
                p.report.fail_state(&e);
                return false;
            }
        }
        p.report.outcome(head, &outcome);
        ok
    }
}

/// The JSON a dry run shows for one delivery.
pub fn describe(outgoing: &Outgoing) -> Value {
    match outgoing {
        Outgoing::Http(r) => json!({
            "method": "POST",
            "url": r.url.shown,
            "content_type": r.content_type,
            "headers": r.headers.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
            "body": serde_json::from_str::<Value>(&r.body).unwrap_or(Value::String(r.body.clone())),
        }),
        Outgoing::Mail(m) => json!({
            "from": m.from,
            "to": m.to,
            "message_id": m.message_id,
            "subject": m.subject,
            "list_unsubscribe": m.unsubscribe,
            "text": m.text,
            "html": m.html,
        }),
    }
}
