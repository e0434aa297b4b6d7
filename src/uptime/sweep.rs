//! Measuring a stretch of time against a component's spans in one sweep over their edges:
//! `O(k log k)` for `k` spans, where cutting the stretch at every edge and asking each span
//! whether it covers each piece was `O(k²)` (at 100,000 incidents a product's 90 days hold
//! a thousand spans, and that was most of a one-file rebuild).

use jiff::Timestamp;

use super::{Measured, Span};
use crate::model::ComponentStatus;

/// The statuses in their order (`status as usize`), best first.
const STATUSES: [ComponentStatus; 5] = [
    ComponentStatus::Operational,
    ComponentStatus::UnderMaintenance,
    ComponentStatus::DegradedPerformance,
    ComponentStatus::PartialOutage,
    ComponentStatus::MajorOutage,
];

/// The spans covering the piece of time being measured, as counts: how many of each
/// weight, status, maintenance and degraded.
#[derive(Default)]
struct Covering {
    /// `(weight, how many)`: a site has a few weights (one per status), so a short list.
    weights: Vec<(u64, i64)>,
    statuses: [i64; 5],
    maintenance: i64,
    degraded: i64,
}

impl Covering {
    /// Adds (`by` = 1) or removes (`by` = −1) a span.
    fn count(&mut self, s: &Span, by: i64) {
        match self.weights.iter_mut().find(|(w, _)| *w == s.weight) {
            Some((_, n)) => *n += by,
            None => self.weights.push((s.weight, by)),
        }
        self.statuses[s.status as usize] += by;
        self.maintenance += by * i64::from(s.maintenance);
        self.degraded += by * i64::from(s.degraded);
    }

    fn weight(&self) -> u64 {
        let weights = self.weights.iter().filter(|(_, n)| *n > 0);
        weights.map(|(w, _)| *w).max().unwrap_or(0)
    }

    /// The worst status shown (operational when nothing covers).
    fn shown(&self) -> ComponentStatus {
        let covering = STATUSES.iter().zip(self.statuses);
        let shown = covering
            .filter(|(_, n)| *n > 0)
            .map(|(s, _)| *s)
            .next_back();
        shown.unwrap_or(ComponentStatus::Operational)
    }
}

/// Measures `[from, to)` against `spans`: the worst weight at each instant counts once, and
/// time under maintenance is excluded.
pub(crate) fn measure(spans: &[Span], from: Timestamp, to: Timestamp) -> Measured {
    // Each span begins covering at its start and stops at its end, within [from, to): the
    // edges hold the span itself (no list of the spans inside first: this runs for every
    // day of every component's bar, each rebuild).
    let mut edges: Vec<(Timestamp, &Span, i64)> = Vec::new();
    let mut worst = ComponentStatus::Operational;
    for s in spans.iter().filter(|s| s.start < to && s.end > from) {
        worst = worst.max(s.status);
        edges.push((s.start.max(from), s, 1));
        edges.push((s.end.min(to), s, -1));
    }
    let mut out = Measured {
        worst,
        ..Measured::default()
    };
    edges.sort_unstable_by_key(|e| e.0);
    let mut covering = Covering::default();
    let (mut next, mut at) = (0, from);
    while at < to {
        while let Some(&(t, span, by)) = edges.get(next).filter(|e| e.0 <= at) {
            debug_assert_eq!(t, at, "every edge lies in [from, to]");
            covering.count(span, by);
            next += 1;
        }
        // The next edge (all lie within [from, to]), where what covers changes.
        let until = edges.get(next).map_or(to, |e| e.0);
        let millis = (until.as_millisecond() - at.as_millisecond()).unsigned_abs();
        out.per_status[covering.shown() as usize] += millis;
        if covering.maintenance > 0 {
            out.maintenance = true;
        } else {
            out.measured += millis;
            out.down += covering.weight() * millis;
            out.degraded |= covering.degraded > 0;
        }
        at = until;
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_statuses_are_listed_in_their_order() {
        for (i, s) in STATUSES.iter().enumerate() {
            assert_eq!(*s as usize, i);
        }
        assert!(STATUSES.windows(2).all(|w| w[0] < w[1]));
    }

    /// The measure as it was: the stretch cut at every edge, each piece asked of every span.
    fn cut_at_every_edge(spans: &[Span], from: Timestamp, to: Timestamp) -> Measured {
        let inside: Vec<&Span> = spans
            .iter()
            .filter(|s| s.start < to && s.end > from)
            .collect();
        let mut out = Measured {
            worst: inside
                .iter()
                .map(|s| s.status)
                .max()
                .unwrap_or(ComponentStatus::Operational),
            ..Measured::default()
        };
        let mut cuts: Vec<Timestamp> = vec![from, to];
        for s in &inside {
            cuts.extend([s.start.max(from), s.end.min(to)]);
        }
        cuts.sort_unstable();
        cuts.dedup();
        for pair in cuts.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let millis = (b.as_millisecond() - a.as_millisecond()).unsigned_abs();
            let covering = inside.iter().filter(|s| s.start <= a && s.end >= b);
            let (mut w, mut maintenance, mut degraded) = (0u64, false, false);
            let mut shown = ComponentStatus::Operational;
            for s in covering {
                w = w.max(s.weight);
                maintenance |= s.maintenance;
                degraded |= s.degraded;
                shown = shown.max(s.status);
            }
            out.per_status[shown as usize] += millis;
            if maintenance {
                out.maintenance = true;
            } else {
                out.measured += millis;
                out.down += w * millis;
                out.degraded |= degraded;
            }
        }
        out
    }

    /// A span of the test's hour: minutes from its start, a status, whether maintenance.
    fn span((start, minutes, status, maintenance): (i64, i64, usize, bool)) -> Span {
        let at = |m: i64| Timestamp::from_second(m * 60).expect("in range");
        let status = STATUSES[status];
        Span {
            start: at(start),
            end: at(start + minutes),
            weight: super::super::weight(status, &crate::config::UptimeRules::default()),
            status,
            degraded: status == ComponentStatus::DegradedPerformance,
            maintenance,
            incident: 0,
        }
    }

    proptest! {
        /// The sweep measures what cutting at every edge measured, overlaps, spans that
        /// reach out of the stretch and empty ones included.
        #[test]
        fn the_sweep_measures_what_every_cut_measured(
            spans in prop::collection::vec((-20i64..80, 0i64..50, 0usize..5, any::<bool>()), 0..12),
            from in -10i64..30,
            length in 0i64..70,
        ) {
            let spans: Vec<Span> = spans.into_iter().map(span).collect();
            let at = |m: i64| Timestamp::from_second(m * 60).expect("in range");
            let (from, to) = (at(from), at(from + length));
            prop_assert_eq!(measure(&spans, from, to), cut_at_every_edge(&spans, from, to));
        }
    }
}
