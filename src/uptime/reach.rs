//! Which incidents can touch the days measured (see [`Reach`]), and the spans each component
//! is charged from them.

use jiff::{SignedDuration, Timestamp};

use super::{Span, spans_of};
use crate::config::{ComponentRef, Config};
use crate::model::Incident;

/// The spans of every incident touching each component. Each component's incidents are
/// newest first by start: those starting in the window measured are found by a binary
/// search, and of those starting earlier only the ones not resolved before it (few, found in
/// one pass for all components: [`Reach`]) can touch it, rather than every component passing
/// over every incident it ever had.
pub(crate) fn spans_by_component(
    config: &Config,
    incidents: &[crate::model::Checked],
    starts_and_ends: &[(Timestamp, Option<Timestamp>)],
    by_component: &std::collections::HashMap<ComponentRef, Vec<usize>>,
    reach: &Reach,
) -> Vec<(ComponentRef, Vec<Span>)> {
    config
        .components()
        .map(|c| {
            let all = by_component.get(&c).map_or(&[][..], Vec::as_slice);
            let ends = |i: usize| starts_and_ends[i];
            (c, reach.spans(config, incidents, ends, all, c))
        })
        .collect()
}

/// Which incidents can touch the days measured as of `now`: those starting since `oldest`,
/// and the few starting earlier that were not resolved before it (`long`, ascending).
/// `serve` keeps it from one derive to the next while "now" stays (see `derive::patch`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Reach {
    now: Timestamp,
    oldest: Timestamp,
    long: Vec<usize>,
}

impl Reach {
    /// Looks at every incident's start and end (by position).
    pub(crate) fn new(
        config: &Config,
        starts_and_ends: &[(Timestamp, Option<Timestamp>)],
        now: Timestamp,
    ) -> Reach {
        let mut reach = Reach {
            now,
            oldest: oldest(config, now),
            long: Vec::new(),
        };
        reach.long = (0..starts_and_ends.len())
            .filter(|&i| reach.is_long(starts_and_ends[i]))
            .collect();
        reach
    }

    /// The same as [`Reach::new`] at a later `now`, from this one: of the `count` incidents
    /// (newest first by start, each one's start and end by position from `starts_and_ends`),
    /// only those that were long and those whose start the days measured left behind since
    /// (found by a binary search) are looked at. `None` when `now` went back.
    pub(crate) fn advance(
        &self,
        config: &Config,
        now: Timestamp,
        count: usize,
        starts_and_ends: impl Fn(usize) -> (Timestamp, Option<Timestamp>),
    ) -> Option<Reach> {
        let mut reach = Reach {
            now,
            oldest: oldest(config, now),
            long: Vec::new(),
        };
        if now < self.now || reach.oldest < self.oldest {
            return None;
        }
        let starting_before = |t: Timestamp| partition(count, |i| starts_and_ends(i).0 >= t);
        let left_behind = starting_before(reach.oldest)..starting_before(self.oldest);
        let long = self.long.iter().copied().chain(left_behind);
        reach.long = long
            .filter(|&i| reach.is_long(starts_and_ends(i)))
            .collect();
        reach.long.sort_unstable();
        Some(reach)
    }

    /// Whether an incident starting and ending so started before the days measured and
    /// reaches into them.
    fn is_long(&self, (start, end): (Timestamp, Option<Timestamp>)) -> bool {
        start < self.oldest && self.reaches(end)
    }

    fn reaches(&self, end: Option<Timestamp>) -> bool {
        end.is_none_or(|e| e >= self.oldest)
    }

    /// Incident `i` now starts and ends so (its position unchanged).
    pub(crate) fn update(&mut self, i: usize, start_and_end: (Timestamp, Option<Timestamp>)) {
        let at = self.long.binary_search(&i);
        match (at, self.is_long(start_and_end)) {
            (Ok(at), false) => {
                self.long.remove(at);
            }
            (Err(at), true) => self.long.insert(at, i),
            _ => {}
        }
    }

    /// The spans on component `c` of its incidents `all` (positions, newest first), each
    /// incident's start and end by position from `starts_and_ends`.
    pub(crate) fn spans(
        &self,
        config: &Config,
        incidents: &[crate::model::Checked],
        starts_and_ends: impl Fn(usize) -> (Timestamp, Option<Timestamp>),
        all: &[usize],
        c: ComponentRef,
    ) -> Vec<Span> {
        let recent = all.partition_point(|&i| starts_and_ends(i).0 >= self.oldest);
        let earlier = &all[recent..];
        let long = self
            .long
            .iter()
            .filter(|i| earlier.binary_search(i).is_ok());
        let mut spans = Vec::new();
        for &i in all[..recent].iter().chain(long) {
            self.spans_of_one(
                config,
                (&incidents[i], i),
                starts_and_ends(i),
                c,
                &mut spans,
            );
        }
        spans
    }

    /// The spans incident `inc` (at position `i`, starting and ending so) puts on `c`, when
    /// it reaches the days measured: a patch compares an edited incident's before and after.
    pub(crate) fn spans_of_one(
        &self,
        config: &Config,
        (inc, i): (&Incident, usize),
        (start, end): (Timestamp, Option<Timestamp>),
        c: ComponentRef,
        out: &mut Vec<Span>,
    ) {
        if self.reaches(end) {
            spans_of(inc, i, start, end, c, self.now, &config.uptime, out);
        }
    }
}

/// The first day measured as of `now` begins after this: incidents resolved before it are
/// left out (the days measured, at least 90, and two days' margin for the time zone).
fn oldest(config: &Config, now: Timestamp) -> Timestamp {
    now.checked_sub(SignedDuration::from_hours(
        24 * i64::from(config.uptime.days.max(90)) + 48,
    ))
    .unwrap_or(now)
}

/// The first of `0..count` for which `before` is false (it is true of a prefix).
fn partition(count: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut low, mut high) = (0, count);
    while low < high {
        let mid = low + (high - low) / 2;
        if before(mid) {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    low
}
