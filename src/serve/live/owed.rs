//! What refused rebuilds were asked to render. An edit the check refuses (the site has an
//! error) is applied to the session all the same, and the pages that showed the incident's
//! old version (the components it left, its old month) still show it: the next rebuild that
//! succeeds, whatever file it is for, renders them too.

use std::collections::HashSet;

use super::Fingerprints;
use crate::config::ComponentRef;
use crate::derive::Month;
use crate::render::Selection;

/// A rebuild's wish: the edited incidents, the components and months that showed them before
/// and after, and whether the set of pages may have changed.
#[derive(Debug, Default, Clone)]
pub(super) struct Wanted {
    pub(super) edited: Fingerprints,
    pub(super) components: HashSet<ComponentRef>,
    pub(super) months: HashSet<Month>,
    pub(super) structural: bool,
}

impl Wanted {
    /// This wish with `owed` (what refused rebuilds wanted) added.
    pub(super) fn with(mut self, owed: Wanted) -> Wanted {
        self.edited.extend(owed.edited);
        self.components.extend(owed.components);
        self.months.extend(owed.months);
        self.structural |= owed.structural;
        self
    }

    /// The pages to render: everything when the set of pages may have changed.
    pub(super) fn selection(&self) -> Selection {
        if self.structural {
            return Selection::All;
        }
        Selection::Only {
            incidents: Vec::new(),
            components: self.components.clone(),
            months: self.months.clone(),
        }
    }
}
