//! The order of the derived incidents (newest first by start, ties by slug), and the last
//! derive's order kept for the next one (`serve`): after a one-file edit almost every
//! incident is where it was, so the kept order is walked once and only the incidents that
//! are new, edited or moved are put in their places by a binary search, instead of sorting
//! every incident again.

use std::cmp::Ordering;

use jiff::Timestamp;

use super::IncidentState;
use crate::model::Checked;

/// The last derive's order: its incidents as given (path order), by fingerprint and start
/// time, and the sorted order as positions into them.
#[derive(Debug, Default)]
pub(super) struct Order {
    fingerprints: Vec<u64>,
    starts: Vec<Timestamp>,
    sorted: Vec<u32>,
}

/// The incidents' order (position `i` of the result is the index of the `i`th incident), and
/// how many incidents were placed by comparing them (the rest kept their order).
pub(super) struct Sorted {
    pub(super) order: Vec<usize>,
    pub(super) placed: usize,
}

/// More changed incidents than this (one in `FEW` of all), and a full sort is cheaper.
const FEW: usize = 16;

/// Sorts `incidents` (with their `states`, parallel) newest first, ties by slug, keeping the
/// order of `kept` for the incidents it had with the same fingerprint and start time; keeps
/// this order in `kept` for the next derive.
pub(super) fn sort(
    incidents: &[Checked],
    states: &[IncidentState],
    kept: Option<&mut Order>,
) -> Sorted {
    let before = |a: usize, b: usize| {
        states[b]
            .started_at
            .cmp(&states[a].started_at)
            .then_with(|| incidents[a].slug.cmp(&incidents[b].slug))
    };
    let Some(kept) = kept else {
        return Sorted {
            order: sort_all(incidents.len(), before),
            placed: incidents.len(),
        };
    };
    let fingerprints: Vec<u64> = incidents.iter().map(Checked::fingerprint).collect();
    let starts: Vec<Timestamp> = states.iter().map(|s| s.started_at).collect();
    let sorted = match align(kept, &fingerprints, &starts) {
        Some((same, fresh)) => place(kept, &same, fresh, before),
        None => Sorted {
            order: sort_all(incidents.len(), before),
            placed: incidents.len(),
        },
    };
    *kept = Order {
        fingerprints,
        starts,
        sorted: sorted.order.iter().map(|&i| i as u32).collect(),
    };
    sorted
}

/// Every incident sorted (a stable sort through an index, so each comparison reads a ready
/// start time).
fn sort_all(n: usize, before: impl Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| before(a, b));
    order
}

/// Matches the kept incidents to the given ones, both in path order, in one walk: for each
/// kept position, the given incident with the same fingerprint and start (`u32::MAX` for
/// none), and the given incidents matched to none. `None` when more than a few changed.
fn align(
    kept: &Order,
    fingerprints: &[u64],
    starts: &[Timestamp],
) -> Option<(Vec<u32>, Vec<usize>)> {
    let (old, new) = (&kept.fingerprints, fingerprints);
    let limit = new.len() / FEW + 1;
    let mut same = vec![u32::MAX; old.len()];
    let mut fresh = Vec::new();
    let (mut j, mut i) = (0, 0);
    while i < new.len() {
        if j < old.len() && old[j] == new[i] {
            if kept.starts[j] == starts[i] {
                same[j] = i as u32;
            } else {
                fresh.push(i);
            }
            (i, j) = (i + 1, j + 1);
        } else if j + 1 < old.len() && old[j + 1] == new[i] {
            // The kept one at `j` is gone (deleted, or hidden again).
            j += 1;
        } else {
            // New here, or edited: an edited file's fingerprint is new, and the kept one at
            // `j` is passed unless the next given one is it (a file added before it).
            let inserted = i + 1 < new.len() && j < old.len() && new[i + 1] == old[j];
            fresh.push(i);
            i += 1;
            j += usize::from(!inserted && j < old.len());
        }
        if fresh.len() > limit {
            return None;
        }
    }
    Some((same, fresh))
}

/// The kept order of the matched incidents, with each fresh one put in its place by a binary
/// search.
fn place(
    kept: &Order,
    same: &[u32],
    mut fresh: Vec<usize>,
    before: impl Fn(usize, usize) -> Ordering,
) -> Sorted {
    let mut rest: Vec<usize> = kept
        .sorted
        .iter()
        .map(|&j| same[j as usize])
        .filter(|&i| i != u32::MAX)
        .map(|i| i as usize)
        .collect();
    fresh.sort_by(|&a, &b| before(a, b));
    let placed = fresh.len();
    let mut order = Vec::with_capacity(rest.len() + fresh.len());
    let mut from = 0;
    for f in fresh {
        let at = from + rest[from..].partition_point(|&k| before(k, f) != Ordering::Greater);
        order.extend_from_slice(&rest[from..at]);
        order.push(f);
        from = at;
    }
    order.extend(rest.drain(from..));
    Sorted { order, placed }
}
