//! What makes a next check of the site cheap: which files hold each slug, and every file by
//! the moment from which the checks against "now" find nothing in it. Kept file by file by
//! `serve`; a session that checks once drops them after its check.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use jiff::{SignedDuration, Timestamp};
use rayon::prelude::*;

use crate::content::Parsed;
use crate::diagnostics::Diagnostics;
use crate::validate::{self, slugs::Slugs};

#[derive(Debug, Default)]
pub(super) struct CheckIndexes {
    /// Which files hold each slug, for the check that two do not collide.
    slugs: Slugs,
    /// Every file by the moment from which the checks against "now" find nothing in it
    /// ([`validate::quiet_from`]; the end of time while it is open): a check runs them only
    /// on the files not quiet yet.
    quiet: BTreeSet<(Timestamp, PathBuf)>,
}

impl CheckIndexes {
    /// The indexes of every incident.
    /// The quiet moments (a walk of each incident's entries) are found on the other core
    /// while this one files the slugs: this runs on one thread between the parallel load
    /// and the check.
    pub(super) fn of(incidents: &BTreeMap<PathBuf, Parsed>) -> CheckIndexes {
        let filed = || {
            let mut slugs = Slugs::default();
            incidents.values().for_each(|parsed| slugs.add(parsed));
            slugs
        };
        let quiet = || incidents.par_iter().map(|(_, p)| quiet_key(p)).collect();
        let (slugs, quiet) = rayon::join(filed, quiet);
        CheckIndexes { slugs, quiet }
    }

    pub(super) fn add(&mut self, parsed: &Parsed) {
        self.slugs.add(parsed);
        self.quiet.insert(quiet_key(parsed));
    }

    pub(super) fn remove(&mut self, parsed: &Parsed) {
        self.slugs.remove(parsed);
        self.quiet.remove(&quiet_key(parsed));
    }

    /// The slug clashes, as `validate::slugs::check` reports them.
    pub(super) fn check_slugs(&self, out: &mut Diagnostics) {
        self.slugs.check(out);
    }

    /// The paths of the incidents not quiet at `now`, in no particular order.
    pub(super) fn loud(&self, now: Timestamp) -> impl Iterator<Item = &PathBuf> {
        let after_now = now
            .checked_add(SignedDuration::from_nanos(1))
            .unwrap_or(now);
        (self.quiet.range((after_now, PathBuf::new())..)).map(|(_, path)| path)
    }
}

/// Where `parsed` goes in [`CheckIndexes::quiet`].
fn quiet_key(parsed: &Parsed) -> (Timestamp, PathBuf) {
    let quiet = validate::quiet_from(parsed).unwrap_or(Timestamp::MAX);
    (quiet, parsed.file.clone())
}
