//! One `bulletin notify` run: for each destination, what is new (`diff`), made into batches
//! of deliveries by its target (`targets`: the words from `message`, the target's format),
//! then printed (`--dry-run`) or sent (`send`) with the record saved after each delivery
//! (`state`) and each line reported as it happens (`report`).

use std::collections::HashSet;

use jiff::Timestamp;

use super::config::{Channel, NotifyConfig};
use super::diff::{self, Baseline};
use super::language::Languages;
use super::report::{Head, Report};
use super::send::{self, Outcome, smtp::Mailers};
use super::state::State;
use super::targets::{self, Batch, Destination, Outgoing, Site, StandsFor};
use crate::derive::{Derived, Past};
use crate::events::Event;
use crate::ids::{content_hash, hash_text};

/// What a run is asked to do.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mode {
    pub dry_run: bool,
}

/// Everything a run reads.
pub(crate) struct Run<'a> {
    /// The site in its default language: what the events and their diffs are taken from.
    pub site: &'a Derived,
    /// The site at the events' times: what their messages state.
    pub past: &'a Past<'a>,
    /// The site in each language a target speaks: what its messages say.
    pub languages: &'a Languages<'a>,
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

impl Run<'_> {
    /// Every destination of every target.
    fn destinations(&self) -> Vec<Destination<'_>> {
        let mut out = Vec::new();
        for t in &self.notify.targets {
            match &t.channel {
                Channel::Email(e) => out.extend(e.subscribers.iter().map(|s| Destination {
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
    pub(crate) fn execute(&self, state: &mut State, report: &mut Report) {
        let since = self
            .site
            .now
            .checked_sub(self.notify.max_age)
            .unwrap_or(Timestamp::MIN);
        let current: HashSet<&str> = self.events.iter().map(|e| e.id.as_str()).collect();
        let mut mailers = Mailers::default();
        self.report_unset(report);
        // Without a record, a previous site or `--announce-all`, a destination counts what it
        // finds as had: the report explains it (a first run).
        let no_baseline = self.baseline.previous.is_none() && !self.baseline.announce_all;
        for dest in self.destinations() {
            if !dest.target.unset.is_empty() {
                continue;
            }
            let first_run = no_baseline && state.known(&dest.key).is_none();
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
            report.first_run.count(first_run, fresh.skip.len());
            if !self.mode.dry_run
                && let Err(e) = state.save()
            {
                report.fail_state(&e);
                return;
            }
            let speech = self.languages.get(&dest.target.language);
            let site = Site {
                config: &speech.config,
                site: speech.site(),
                past: self.past,
                strings: &speech.strings,
            };
            let mut progress = Progress {
                state: &mut *state,
                report: &mut *report,
                mailers: &mut mailers,
            };
            for batch in targets::batches(site, &dest, &fresh.send) {
                let stands_for = batch.stands_for;
                if !self.deliver(&dest, batch, &mut progress) {
                    // The rest wait for a rerun, in order.
                    if stands_for == StandsFor::Event {
                        progress.report.left += 1;
                    }
                    break;
                }
            }
        }
    }

    /// Lists every target left out because a variable it names is not set (a dry run: a real
    /// run refuses to start).
    fn report_unset(&self, report: &mut Report) {
        for t in self.notify.targets.iter().filter(|t| !t.unset.is_empty()) {
            report.skipped_target(&t.name, &t.unset);
        }
    }

    /// Sends (or, dry, prints) one batch; false when it failed.
    fn deliver(&self, dest: &Destination, batch: Batch, p: &mut Progress) -> bool {
        let record_first = batch.stands_for == StandsFor::Event;
        let mut all_ok = true;
        for parcel in &batch.parcels {
            let head = Head {
                target: &dest.target.name,
                about: &parcel.about,
            };
            if self.mode.dry_run {
                p.report.would_send(head, &parcel.outgoing);
                continue;
            }
            let outcome = self.send(dest, &parcel.outgoing, p.mailers);
            let ok = outcome.is_delivered();
            all_ok &= ok;
            if ok && record_first && !record(&dest.key, &batch.events, p) {
                return false;
            }
            p.report.outcome(head, &outcome);
        }
        if !self.mode.dry_run && !record_first && all_ok {
            record(&dest.key, &batch.events, p);
        }
        all_ok
    }

    /// Sends one parcel, with retries.
    fn send(&self, dest: &Destination, outgoing: &Outgoing, mailers: &mut Mailers) -> Outcome {
        match outgoing {
            Outgoing::Http(req) => send::http::post(req, &self.notify.retry),
            Outgoing::Mail(mail) => mailers.send(dest.target, mail, &self.notify.retry),
        }
    }
}

/// Notes `events` as delivered to `key` and saves the record; false (reported) when it
/// cannot be saved.
fn record(key: &str, events: &[&Event], p: &mut Progress) -> bool {
    p.state.note(
        key,
        events.iter().map(|e| (e.id.clone(), hash_text(e.hash))),
    );
    if let Err(e) = p.state.save() {
        p.report.fail_state(&e);
        return false;
    }
    true
}
