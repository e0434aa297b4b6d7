//! How many nodes YAML aliases repeat, counted during the nesting scan (see `nesting`).
//!
//! Each `*name` stands for a copy of everything its `&name` holds, and copies of copies
//! multiply: 15 KB of front matter (`a: &a [x, x, …]` and `b: [*a, *a, …]`, 3,000 of each)
//! made serde_yaml build 9,000,000 values (730 MB, a minute and a half). serde_yaml's own limit
//! counts alias jumps, not what they copy, so it lets that through. Here each anchored node's
//! size is measured where it ends (its scalar, its closing bracket, or the first line that is
//! not indented under it), with the aliases inside it counted at their own size.

use std::collections::HashMap;

/// Where an anchored node ends.
#[derive(Clone, Copy)]
enum Until {
    /// Not yet known: the node has not started.
    Pending,
    /// When the flow level is back to this.
    Flow(usize),
    /// At a line indented no further than this column (a `- ` entry at the column is still
    /// inside: a sequence may sit at its key's indentation).
    Block(isize),
}

struct Anchor {
    name: Vec<u8>,
    /// `nodes` when the anchor was read.
    start: usize,
    until: Until,
}

/// The nodes read so far and those aliases repeated.
pub(super) struct Aliases {
    max: usize,
    /// Nodes read, each alias counting as the nodes it repeats.
    nodes: usize,
    /// Nodes repeated by aliases.
    repeated: usize,
    sizes: HashMap<Vec<u8>, usize>,
    /// Anchored nodes not yet ended, innermost last.
    open: Vec<Anchor>,
}

impl Aliases {
    pub(super) fn new(max: usize) -> Aliases {
        Aliases {
            max,
            nodes: 0,
            repeated: 0,
            sizes: HashMap::new(),
            open: Vec::new(),
        }
    }

    /// `&name`: the next node is anchored.
    pub(super) fn anchor(&mut self, name: &[u8]) {
        self.open.push(Anchor {
            name: name.to_vec(),
            start: self.nodes,
            until: Until::Pending,
        });
    }

    /// `*name`: a copy of its anchored node; `Err` when the copies pass the limit.
    pub(super) fn alias(&mut self, name: &[u8]) -> Result<(), ()> {
        let size = match self.sizes.get(name) {
            Some(&size) => size,
            // An alias inside its own anchor (libyaml refuses it) repeats what is read so far.
            None => self
                .open
                .iter()
                .rfind(|a| a.name == name)
                .map_or(1, |a| self.nodes - a.start),
        };
        self.repeated = self.repeated.saturating_add(size);
        self.nodes = self.nodes.saturating_add(size);
        self.end_pending();
        if self.repeated > self.max {
            return Err(());
        }
        Ok(())
    }

    /// A scalar (plain, quoted or block).
    pub(super) fn scalar(&mut self) {
        self.nodes += 1;
        self.end_pending();
    }

    /// `[` or `{`, opened at flow level `level`.
    pub(super) fn flow_open(&mut self, level: usize) {
        self.nodes += 1;
        if let Some(a) = self
            .open
            .last_mut()
            .filter(|a| matches!(a.until, Until::Pending))
        {
            a.until = Until::Flow(level);
        }
    }

    /// `]` or `}`, back at flow level `level`.
    pub(super) fn flow_close(&mut self, level: usize) {
        while let Some(a) = self.open.last() {
            match a.until {
                Until::Flow(l) if l >= level => self.end(),
                // `[&a ]`: an anchored node that is empty.
                Until::Pending => self.end(),
                _ => break,
            }
        }
    }

    /// The end of a line in block context, where the innermost collection is at column
    /// `top`: an anchor still waiting for its node anchors the block below.
    pub(super) fn line_end(&mut self, top: isize) {
        if let Some(a) = self
            .open
            .last_mut()
            .filter(|a| matches!(a.until, Until::Pending))
        {
            a.until = Until::Block(top);
        }
    }

    /// A line in block context whose first token is at column `lead` (`dash`: a `- ` entry).
    pub(super) fn line_start(&mut self, lead: usize, dash: bool) {
        let lead = lead as isize;
        while let Some(a) = self.open.last() {
            match a.until {
                Until::Block(col) if lead < col || lead == col && !dash => self.end(),
                _ => break,
            }
        }
    }

    /// A document marker: every anchored node has ended.
    pub(super) fn document(&mut self) {
        while !self.open.is_empty() {
            self.end();
        }
    }

    fn end_pending(&mut self) {
        if self
            .open
            .last()
            .is_some_and(|a| matches!(a.until, Until::Pending))
        {
            self.end();
        }
    }

    fn end(&mut self) {
        if let Some(a) = self.open.pop() {
            self.sizes.insert(a.name, self.nodes - a.start);
        }
    }
}
