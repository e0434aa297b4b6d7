//! What a derive keeps for the next one to patch it ([`Basis`], see `super::patch`), and
//! which incidents' states it worked out ([`Fresh`]): what `serve` asks after a rebuild.

use super::Derived;
use crate::uptime::Reach;

/// What a later derive needs of this one to patch it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Basis {
    /// Each incident given (in the order given: by path): its source's fingerprint and its
    /// position among the derived incidents ([`HIDDEN`] when not shown).
    pub(super) given: Vec<(u64, u32)>,
    /// The incidents given that were not settled (indexes into `given`, ascending): the next
    /// derive works them out again.
    pub(super) unsettled: Vec<usize>,
    /// Which incidents reach the days measured for uptime.
    pub(super) reach: Reach,
}

/// The position of an incident not shown.
pub(super) const HIDDEN: u32 = u32::MAX;

impl Basis {
    /// From the fingerprints of the incidents given, and for each derived incident (by
    /// position) its index among those given and whether it was settled.
    pub(super) fn new(fingerprints: Vec<u64>, shown: &[(u32, bool)], reach: Reach) -> Basis {
        let mut given: Vec<(u64, u32)> = fingerprints.into_iter().map(|f| (f, HIDDEN)).collect();
        let mut settled = vec![false; given.len()];
        for (position, &(index, is_settled)) in (0..).zip(shown) {
            if let Some(entry) = given.get_mut(index as usize) {
                entry.1 = position;
                settled[index as usize] = is_settled;
            }
        }
        let unsettled = (0..given.len()).filter(|&i| !settled[i]).collect();
        Basis {
            given,
            unsettled,
            reach,
        }
    }
}

/// Which incidents' states a derive worked out.
#[derive(Debug, Clone)]
pub(crate) enum Fresh {
    /// Every incident's (or it did not tell them apart).
    All,
    /// Those at these positions (ascending); the others are the last derive's.
    Only(Vec<usize>),
}

impl Derived {
    /// The positions of the incidents whose states were worked out, ascending.
    pub(crate) fn fresh_positions(&self) -> Box<dyn Iterator<Item = usize> + '_> {
        match &self.fresh {
            Fresh::All => Box::new(0..self.incidents.len()),
            Fresh::Only(positions) => Box::new(positions.iter().copied()),
        }
    }
}

impl Derived {
    /// The positions of the incidents whose sources' fingerprints `wanted` holds, ascending
    /// (from the fingerprints kept for a patch when there are: a walk over a short array).
    pub(crate) fn positions_of(&self, wanted: impl Fn(u64) -> bool) -> Vec<usize> {
        let mut positions: Vec<usize> = if self.basis.given.len() >= self.incidents.len() {
            let given = self.basis.given.iter();
            let shown = given.filter(|&&(f, p)| p != HIDDEN && wanted(f));
            shown.map(|&(_, p)| p as usize).collect()
        } else {
            let each = self.incidents.iter().enumerate();
            each.filter(|(_, i)| wanted(i.fingerprint()))
                .map(|(p, _)| p)
                .collect()
        };
        positions.sort_unstable();
        positions
    }
}
