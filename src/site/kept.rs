//! The list of checked incidents that a session checking again and again (`serve`) keeps
//! from one check to the next: patched for the files applied since, not made anew from every
//! file (at 100,000 incidents that walk, and a shared pointer touched per incident, cost more
//! than the rest of the check).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::content::Parsed;
use crate::model::Checked;

/// Every incident of the session that is [`Checked`], in path order (the order derive takes
/// them in), as of the files applied before the last check; with the files applied since.
#[derive(Debug, Default)]
pub(super) struct KeptList {
    /// `None` until a check makes it (from every file), and again after a load.
    listed: Option<Listed>,
    /// Files applied since the list was made or last patched: the only ones a patch reads.
    changed: BTreeSet<PathBuf>,
    /// Whether derive left the last list it was handed where it found it (in `Valid`): then
    /// the next is lent to it rather than copied. Learnt from one rebuild to the next, so a
    /// derive that keeps what it takes costs a copy, never a walk of every file.
    lend: bool,
}

/// The list of one check.
#[derive(Debug)]
struct Listed {
    /// `None` while lent to derive ([`KeptList::hand_out`]).
    checked: Option<Vec<Checked>>,
    /// How long it was when handed out: what tells it came back whole.
    handed: usize,
    /// The files whose incident lacks a fact [`Checked`] needs (its start, a maintenance's
    /// window), in path order: each is an error, when no other check found one.
    unchecked: BTreeSet<PathBuf>,
}

impl KeptList {
    /// Forgets the list: every file was loaded anew.
    pub(super) fn reset(&mut self) {
        self.listed = None;
        self.changed.clear();
    }

    /// Notes that the file `rel` was applied (read again, added or gone).
    pub(super) fn changed(&mut self, rel: &Path) {
        if self.listed.is_some() {
            self.changed.insert(rel.to_path_buf());
        }
    }

    /// Brings the list up to date with `incidents`, the session's parsed files by path:
    /// patched for the files applied since, or made from all of them when there is none (or
    /// derive kept the one lent to it). Returns how many files were looked at.
    pub(super) fn update(&mut self, incidents: &BTreeMap<PathBuf, Parsed>) -> usize {
        let changed = std::mem::take(&mut self.changed);
        if let Some(listed) = &mut self.listed
            && let Some(checked) = &mut listed.checked
        {
            for path in &changed {
                patch(checked, &mut listed.unchecked, path, incidents.get(path));
            }
            return changed.len();
        }
        self.listed = Some(Listed::of(incidents));
        incidents.len()
    }

    /// The files whose incident is not [`Checked`], in path order.
    pub(super) fn unchecked(&self) -> impl Iterator<Item = &PathBuf> {
        self.listed.iter().flat_map(|l| &l.unchecked)
    }

    /// The list for derive, up to date ([`KeptList::update`]): lent when derive gave the last
    /// one back, else a copy; with how many incidents were copied (0 when lent).
    pub(super) fn hand_out(&mut self) -> (Vec<Checked>, usize) {
        let Some(listed) = &mut self.listed else {
            return (Vec::new(), 0);
        };
        let (checked, copied) = if self.lend {
            (listed.checked.take(), 0)
        } else {
            let copy = listed.checked.clone();
            let copied = copy.as_ref().map_or(0, Vec::len);
            (copy, copied)
        };
        let checked = checked.unwrap_or_default();
        listed.handed = checked.len();
        (checked, copied)
    }

    /// What derive left of the list handed to it: the list itself when it left it whole (the
    /// next is lent), nothing when it took it (the next is copied; a lent one is made again).
    pub(super) fn take_back(&mut self, left: Vec<Checked>) {
        let Some(listed) = &mut self.listed else {
            return;
        };
        self.lend = left.len() == listed.handed;
        if listed.checked.is_none() {
            if self.lend {
                listed.checked = Some(left);
            } else {
                self.listed = None;
            }
        }
    }
}

impl Listed {
    /// The list of every file in `incidents`.
    fn of(incidents: &BTreeMap<PathBuf, Parsed>) -> Listed {
        let mut checked = Vec::with_capacity(incidents.len());
        let mut unchecked = BTreeSet::new();
        for (path, parsed) in incidents {
            match parsed.checked() {
                Some(c) => checked.push(c),
                None => {
                    unchecked.insert(path.clone());
                }
            }
        }
        Listed {
            checked: Some(checked),
            handed: 0,
            unchecked,
        }
    }
}

/// Puts the file at `path`, now `parsed` (`None`: gone or no longer an incident), in `checked`
/// (in path order) or `unchecked`, in place of what it was.
fn patch(
    checked: &mut Vec<Checked>,
    unchecked: &mut BTreeSet<PathBuf>,
    path: &Path,
    parsed: Option<&Parsed>,
) {
    let at = checked.binary_search_by(|c| c.file.as_path().cmp(path));
    let now = parsed.and_then(Parsed::checked);
    unchecked.remove(path);
    if parsed.is_some() && now.is_none() {
        unchecked.insert(path.to_path_buf());
    }
    match (at, now) {
        (Ok(i), Some(c)) => checked[i] = c,
        (Ok(i), None) => {
            checked.remove(i);
        }
        (Err(i), Some(c)) => checked.insert(i, c),
        (Err(_), None) => {}
    }
}
