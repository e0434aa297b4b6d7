//! An incident's component statuses over time: the front matter's `affected` is the state at
//! the start, each timeline entry's `Affects:` line changes it from the entry's time on, and
//! the end of the incident brings every component back (docs/format.md, "Component changes").
//!
//! Everything that says what a component's status was or is (the current status, impact,
//! uptime, the API's `affected_components`, the incident page) reads it from here.

use jiff::Timestamp;

use crate::config::ComponentRef;
use crate::model::{Affected, ComponentStatus, Incident, Kind};

mod maintenance;

/// A stretch of time in which one component had one status, because of one incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stretch {
    pub component: ComponentRef,
    /// Never `operational`: a component that is fine has no stretch.
    pub status: ComponentStatus,
    pub from: Timestamp,
    /// `None` while it lasts.
    pub until: Option<Timestamp>,
}

/// One change of a component's status at one entry, as the API's `affected_components` and
/// the entry's chips show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Transition {
    pub component: ComponentRef,
    pub old: ComponentStatus,
    pub new: ComponentStatus,
}

/// Whether any entry of `inc` changes a component (most incidents: none, and the front
/// matter's statuses hold from start to end).
pub(crate) fn has_changes(inc: &Incident) -> bool {
    inc.updates.iter().any(|u| !u.changes.is_empty())
}

/// Whether the front matter's statuses hold, unbroken, from the start of `inc` to its end:
/// no entry changes a component, no entry follows a final one and none reopens the incident
/// after its `resolved:` time. After a final entry [`replay`] has the components back to
/// operational, so the time to a reopening entry (or to a second `resolved`) is not a stretch;
/// nor is the time from `resolved:` to the entry that reopens it ([`stretches`]). Uptime takes
/// its fast path only when this holds.
pub(crate) fn holds_throughout(inc: &Incident) -> bool {
    if inc.reopened_after_override().is_some() {
        return false;
    }
    let mut ended = false;
    for u in &inc.updates {
        if ended || !u.changes.is_empty() {
            return false;
        }
        ended = u.status.is_final();
    }
    true
}

/// One status given to one component, with the one it had before.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Given<'a> {
    /// `None`: the front matter; `Some(n)`: entry `n`.
    pub entry: Option<usize>,
    pub component: ComponentRef,
    pub old: ComponentStatus,
    pub new: ComponentStatus,
    /// Where it was written; `None` for what a final or reopening entry implies.
    pub written: Option<&'a Affected>,
}

/// The statuses the components hold during the replay, and what was given so far.
#[derive(Default)]
struct Replay<'a> {
    held: Vec<(ComponentRef, ComponentStatus)>,
    out: Vec<Given<'a>>,
}

impl<'a> Replay<'a> {
    fn give(
        &mut self,
        entry: Option<usize>,
        component: ComponentRef,
        new: ComponentStatus,
        written: Option<&'a Affected>,
    ) {
        let old = match self.held.iter_mut().find(|(c, _)| *c == component) {
            Some((_, s)) => std::mem::replace(s, new),
            None => {
                self.held.push((component, new));
                ComponentStatus::Operational
            }
        };
        self.out.push(Given {
            entry,
            component,
            old,
            new,
            written,
        });
    }
}

/// Every status given, in order: the front matter's, then each entry's. A final entry brings
/// every component back; an entry that reopens the incident after it gives them back the
/// statuses they had before it. Validation reads it too, so the rule is written once.
pub(crate) fn replay(inc: &Incident) -> Vec<Given<'_>> {
    let mut r = Replay::default();
    for a in &inc.affected {
        if let Some(c) = a.target {
            r.give(None, c, a.status, Some(a));
        }
    }
    let mut before_end: Option<Vec<(ComponentRef, ComponentStatus)>> = None;
    for (n, u) in inc.updates.iter().enumerate() {
        if !u.status.is_final()
            && let Some(restored) = before_end.take()
        {
            for (c, s) in restored {
                r.give(Some(n), c, s, None);
            }
        }
        for a in &u.changes {
            if let Some(c) = a.target {
                r.give(Some(n), c, a.status, Some(a));
            }
        }
        if u.status.is_final() && before_end.is_none() {
            let down: Vec<_> = r
                .held
                .iter()
                .copied()
                .filter(|(_, s)| *s != ComponentStatus::Operational)
                .collect();
            for &(c, _) in &down {
                r.give(Some(n), c, ComponentStatus::Operational, None);
            }
            before_end = Some(down);
        }
    }
    r.out
}

/// The stretches of `inc`, which started at `start` and ended at `end` (`None`: not yet).
/// Entries dated before `start` count from `start`. An incident resolved by its `resolved:`
/// time and reopened by a later entry was resolved in between, as after a final entry: the
/// stretches pause from the one to the other (entries are the replay's events; `resolved:` is
/// not one, so the pause is cut out here).
pub(crate) fn stretches(inc: &Incident, start: Timestamp, end: Option<Timestamp>) -> Vec<Stretch> {
    let mut out = replayed(inc, start, end);
    if let (Some(resolved), Some(reopened)) = (inc.resolved_override, inc.reopened_after_override())
    {
        pause(&mut out, resolved.at, reopened.time.at);
    }
    out
}

/// Cuts `[from, until)` out of `stretches`: a stretch across it becomes two.
fn pause(stretches: &mut Vec<Stretch>, from: Timestamp, until: Timestamp) {
    let mut after = Vec::new();
    for s in stretches.iter_mut() {
        let ends_after = s.until.is_none_or(|u| u > until);
        if s.from < until && ends_after {
            after.push(Stretch {
                from: until.max(s.from),
                ..*s
            });
        }
        if s.from < from && s.until.is_none_or(|u| u > from) {
            s.until = Some(from);
        } else if s.from >= from && s.from < until {
            // Wholly inside the pause, or the part after it was kept above.
            s.until = Some(s.from);
        }
    }
    stretches.append(&mut after);
    stretches.retain(|s| s.until.is_none_or(|u| u > s.from));
}

/// The stretches as the replay of the entries gives them.
fn replayed(inc: &Incident, start: Timestamp, end: Option<Timestamp>) -> Vec<Stretch> {
    let mut open: Vec<Stretch> = Vec::new();
    let mut done: Vec<Stretch> = Vec::new();
    for e in replay(inc) {
        let at = e.entry.map_or(start, |n| inc.updates[n].time.at.max(start));
        if end.is_some_and(|end| at >= end) {
            break;
        }
        set(&mut open, &mut done, e.component, e.new, at);
    }
    for mut s in open {
        s.until = end;
        done.push(s);
    }
    done.retain(|s| s.until.is_none_or(|u| u > s.from));
    done
}

/// Gives `component` `status` from `at` on: closes its open stretch, opens a new one unless
/// the component is back to operational.
fn set(
    open: &mut Vec<Stretch>,
    done: &mut Vec<Stretch>,
    component: ComponentRef,
    status: ComponentStatus,
    at: Timestamp,
) {
    if let Some(i) = open.iter().position(|s| s.component == component) {
        if open[i].status == status {
            return;
        }
        let mut closed = open.remove(i);
        closed.until = Some(at);
        done.push(closed);
    }
    if status != ComponentStatus::Operational {
        open.push(Stretch {
            component,
            status,
            from: at,
            until: None,
        });
    }
}

/// The changes entry `n` made, one per component (its status before the entry and after),
/// as Statuspage's incident updates record them. The first entry also records the front
/// matter's statuses, the components going down, unless it is final: a one-entry incident
/// records the components coming back.
/// A maintenance records its changes by the window instead (see [`maintenance`]).
pub(crate) fn transitions(inc: &Incident, n: usize) -> Vec<Transition> {
    if inc.kind == Kind::Maintenance {
        return maintenance::transitions(inc, n);
    }
    let front_is_before = n == 0 && inc.updates.first().is_some_and(|u| u.status.is_final());
    let mut out: Vec<Transition> = Vec::new();
    for e in replay(inc) {
        if e.entry.is_some_and(|m| m > n) {
            break;
        }
        let recorded = match e.entry {
            Some(m) => m == n,
            None => n == 0 && !front_is_before,
        };
        if !recorded {
            continue;
        }
        match out.iter_mut().find(|t| t.component == e.component) {
            Some(t) => t.new = e.new,
            None => out.push(Transition {
                component: e.component,
                old: e.old,
                new: e.new,
            }),
        }
    }
    out.retain(|t| t.old != t.new);
    out
}

/// Every component `inc` names, as often as it is named (front matter, then entries): for a
/// caller that removes repeats its own way (derive's index sorts its slots).
pub(crate) fn named(inc: &Incident) -> impl Iterator<Item = ComponentRef> + Clone + '_ {
    let written = inc.affected.iter().filter_map(|a| a.target);
    let changed = inc
        .updates
        .iter()
        .flat_map(|u| u.changes.iter().filter_map(|c| c.target));
    written.chain(changed)
}

/// Every component `inc` names, once each, in the order first named (front matter, then
/// entries). Without allocating: it runs for every incident of every build, and the lists
/// are a handful long, so looking back over the earlier names is cheaper than a set.
pub(crate) fn components(inc: &Incident) -> impl Iterator<Item = ComponentRef> + '_ {
    let named = named(inc);
    named
        .clone()
        .enumerate()
        .filter(move |&(i, c)| !named.clone().take(i).any(|earlier| earlier == c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::{self, Config};

    fn site() -> Config {
        let yaml = "title: T\nbase_url: https://s.test/\nlanguage: en\ntimezone: UTC\nproducts:\n  - id: app\n    name: App\n    features:\n      - id: pay\n        name: Pay\n";
        config::parse(Path::new("."), yaml, None).expect("test config")
    }

    fn incident(config: &Config, timeline: &str) -> Incident {
        let text = format!(
            "---\ntitle: T\naffected:\n  app/pay: major_outage\n---\n\n## Timeline\n\n{timeline}"
        );
        let (inc, problems) = crate::content::parse(config, Path::new("incidents/t.md"), &text);
        assert!(problems.iter().all(|d| !d.is_error()), "{problems:?}");
        std::sync::Arc::unwrap_or_clone(inc.expect("parsed").incident)
    }

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn a_status_replaced_in_the_same_minute_leaves_no_stretch() {
        let config = site();
        let inc = incident(
            &config,
            "### 2026-01-01 10:00 · investigating\na\n\n### 10:00 · identified\nAffects: app/pay=partial_outage\n\nb\n\n### 11:00 · resolved\nc\n",
        );
        let start = at("2026-01-01T10:00:00Z");
        let s = stretches(&inc, start, Some(at("2026-01-01T11:00:00Z")));
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!(s[0].status, ComponentStatus::PartialOutage);
    }

    #[test]
    fn the_front_matter_holds_throughout_only_without_changes_or_entries_after_an_end() {
        let config = site();
        let plain = "### 2026-01-01 10:00 · investigating\na\n\n### 11:00 · resolved\nb\n";
        assert!(holds_throughout(&incident(&config, plain)));
        let reopened = format!("{plain}\n### 12:00 · investigating\nc\n");
        assert!(!holds_throughout(&incident(&config, &reopened)));
        let changed = "### 2026-01-01 10:00 · investigating\na\n\n### 10:30 · identified\nAffects: app/pay=partial_outage\n\nb\n";
        assert!(!holds_throughout(&incident(&config, changed)));
    }

    #[test]
    fn a_pause_cuts_every_stretch_across_it_and_drops_those_inside() {
        let c = ComponentRef::product(0);
        let s = |from: &str, until: Option<&str>| Stretch {
            component: c,
            status: ComponentStatus::MajorOutage,
            from: at(from),
            until: until.map(at),
        };
        let mut all = vec![
            s("2026-01-01T08:00:00Z", Some("2026-01-01T09:30:00Z")),
            s("2026-01-01T09:40:00Z", Some("2026-01-01T10:30:00Z")),
            s("2026-01-01T10:40:00Z", None),
            s("2026-01-01T12:00:00Z", Some("2026-01-01T13:00:00Z")),
        ];
        pause(
            &mut all,
            at("2026-01-01T09:00:00Z"),
            at("2026-01-01T11:00:00Z"),
        );
        let spans: Vec<_> = all.iter().map(|s| (s.from, s.until)).collect();
        let want = [
            s("2026-01-01T08:00:00Z", Some("2026-01-01T09:00:00Z")),
            s("2026-01-01T12:00:00Z", Some("2026-01-01T13:00:00Z")),
            s("2026-01-01T11:00:00Z", None),
        ];
        assert_eq!(spans, want.map(|s| (s.from, s.until)));
    }

    #[test]
    fn reopening_gives_components_back_the_statuses_they_had() {
        let config = site();
        let inc = incident(
            &config,
            "### 2026-01-01 10:00 · investigating\na\n\n### 11:00 · resolved\nb\n\n### 12:00 · investigating\nc\n",
        );
        let s = stretches(&inc, at("2026-01-01T10:00:00Z"), None);
        let open: Vec<_> = s.iter().filter(|s| s.until.is_none()).collect();
        assert_eq!(open.len(), 1, "{s:?}");
        assert_eq!(open[0].status, ComponentStatus::MajorOutage);
        assert_eq!(open[0].from, at("2026-01-01T12:00:00Z"));
        let reopened = transitions(&inc, 2);
        assert_eq!(reopened.len(), 1);
        assert_eq!(
            (reopened[0].old, reopened[0].new),
            (ComponentStatus::Operational, ComponentStatus::MajorOutage)
        );
    }
}
