//! Ids and file names made unique with `-2`, `-3`, … suffixes, in time linear in their number
//! however many share a name (4,000 components or 20,000 same-day incidents of one name took
//! tens of seconds when each new one tried every suffix against a list); and a count of that
//! work for tests (`tests/suite/import/work_counts.rs`), as `tests/suite/build/work_counts.rs` counts a build's.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};

thread_local! {
    /// Steps of work the import did on this thread, see [`work`].
    static WORK: Cell<u64> = const { Cell::new(0) };
}

/// Steps of import work done on this thread so far: suffixes tried, candidates looked at to
/// merge an incident, bytes scanned for cState shortcodes. Tests compare the counts of two
/// sizes of one input; only their growth means anything.
pub fn work() -> u64 {
    WORK.with(Cell::get)
}

/// Counts `n` steps of work (see [`work`]).
pub(crate) fn count(n: usize) {
    WORK.with(|w| w.set(w.get() + n as u64));
}

/// Names already taken, and for each base the next suffix to try.
#[derive(Debug, Default, Clone)]
pub struct Taken {
    names: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Taken {
    /// Names taken before (file names on disk, ids in the record).
    pub(crate) fn from_names(names: impl IntoIterator<Item = String>) -> Taken {
        Taken {
            names: names.into_iter().collect(),
            next: HashMap::new(),
        }
    }

    /// `base` if it is free, else `base-N` for the lowest N ≥ 2 not tried for this base
    /// before; marked taken. Each base remembers where its suffixes got to, so n names alike
    /// cost O(n) in all (a name such as `login-2` taken on its own is skipped once).
    pub(crate) fn claim(&mut self, base: &str) -> String {
        count(1);
        if self.names.insert(base.to_string()) {
            return base.to_string();
        }
        let n = self.next.entry(base.to_string()).or_insert(2);
        loop {
            count(1);
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.names.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_skip_taken_names_and_cost_one_step_each() {
        let mut taken = Taken::from_names(["a-3".to_string()]);
        let names: Vec<String> = (0..4).map(|_| taken.claim("a")).collect();
        assert_eq!(names, ["a", "a-2", "a-4", "a-5"]);
        let before = work();
        for _ in 0..1000 {
            taken.claim("b");
        }
        // One step per claim, one per suffix tried: linear.
        assert!(work() - before < 2 * 1000 + 1, "{}", work() - before);
    }
}
