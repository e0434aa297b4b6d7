//! The byte-level scan of a body: the markup cap, and bounds of nesting that settle ordinary
//! bodies without parsing them.

use super::{Cap, FAST_MAX_BYTES, MAX_MARKUP, MAX_NESTING};

/// Nesting the byte scan cannot see per line: the paragraph, heading or code block around
/// inline text (tables, which nest more, always take the exact measure).
const BASE_DEPTH: usize = 5;

/// Byte classes of the scan: a markup character, one that can open an inline element, `<`,
/// `|`, a line break, and anything but white space.
pub(super) const MARKUP: u8 = 1;
pub(super) const OPENER: u8 = 2;
pub(super) const LT: u8 = 4;
pub(super) const PIPE: u8 = 8;
pub(super) const NEWLINE: u8 = 16;
pub(super) const INK: u8 = 32;

pub(super) const CLASS: [u8; 256] = {
    let mut t = [INK; 256];
    let blank = b" \t\r\n\x0b\x0c";
    let mut i = 0;
    while i < blank.len() {
        t[blank[i] as usize] = 0;
        i += 1;
    }
    let markup = b"*_[]<>&`|~\\!";
    i = 0;
    while i < markup.len() {
        t[markup[i] as usize] |= MARKUP;
        i += 1;
    }
    t[b'*' as usize] |= OPENER;
    t[b'_' as usize] |= OPENER;
    t[b'~' as usize] |= OPENER;
    t[b'[' as usize] |= OPENER;
    t[b'<' as usize] |= OPENER | LT;
    t[b'|' as usize] |= PIPE;
    t[b'\n' as usize] = NEWLINE;
    t
};

/// Whether a body is surely within every cap, found with whole-body counts that the
/// compiler turns into vector instructions: what nearly every incident takes, at several
/// GB/s. Bounds the depth by every opener of the body together, not per paragraph.
/// `line_ends`: the offsets of the body's `\n`s, in order.
pub(super) fn quick(body: &str, line_ends: impl Iterator<Item = usize>) -> bool {
    let b = body.as_bytes();
    // A body this short cannot reach MAX_MARKUP: at most a markup character and a list
    // marker per byte, and a line per byte.
    const { assert!(3 * FAST_MAX_BYTES < MAX_MARKUP) };
    if b.len() > FAST_MAX_BYTES {
        return false;
    }
    let (mut openers, mut special) = (0usize, 0u8);
    for chunk in b.chunks(128) {
        let (mut o, mut s) = (0u8, 0u8);
        for &c in chunk {
            o += u8::from(matches!(c, b'*' | b'_' | b'~' | b'['));
            s |= u8::from(matches!(c, b'<' | b'|'));
        }
        openers += usize::from(o);
        special |= s;
    }
    if special != 0 {
        return false;
    }
    let mut prefix = 0;
    for start in std::iter::once(0).chain(line_ends.map(|i| i + 1)) {
        let (depth, _, content) = container_prefix(&b[start..]);
        // A reference or footnote definition (`[label]: …`) starts a line.
        if b.get(start + content) == Some(&b'[') {
            return false;
        }
        prefix = prefix.max(depth);
    }
    prefix + openers + BASE_DEPTH <= MAX_NESTING
}

/// Whether `]:` (a reference or footnote definition) occurs: found from each `]` (searched
/// with memchr), faster than a substring search over text that has few brackets.
fn has_definition(body: &str) -> bool {
    body.match_indices(']')
        .any(|(i, _)| body.as_bytes().get(i + 1) == Some(&b':'))
}

/// What the byte scan learnt about a body that stays within [`MAX_MARKUP`].
pub(super) struct Scan {
    /// An upper bound of the nesting depth of any element.
    pub(super) depth: usize,
    /// The classes of all its bytes together: whether it has `<` (raw HTML, whose depth the
    /// scan cannot bound) or `|` (a table).
    pub(super) classes: u8,
}

impl Scan {
    /// Whether the scan alone shows the body within every cap.
    pub(super) fn settled(&self, body: &str) -> bool {
        self.depth <= MAX_NESTING
            && self.classes & (LT | PIPE) == 0
            && body.len() <= FAST_MAX_BYTES
            // A reference or footnote definition lets a short use repeat a long target, as
            // a table row is filled up with empty cells to the width of its header.
            && !has_definition(body)
    }
}

/// One pass over the bytes: counts markup (failing at the place it passes [`MAX_MARKUP`]) and
/// bounds the nesting depth from each line's container prefix and each paragraph's openers.
pub(super) fn scan(body: &str) -> Result<Scan, (Cap, usize)> {
    let b = body.as_bytes();
    let (mut markup, mut depth, mut classes) = (0usize, 0usize, 0u8);
    // Deepest container prefix and inline openers of the paragraph so far.
    let (mut block, mut openers) = (0usize, 0usize);
    let (mut line_markup, mut line_openers, mut line_classes) = (0usize, 0usize, 0u8);
    let mut start = 0;
    // One pass, one table lookup a byte; the work at line ends is rare enough to branch on.
    for (i, &c) in b.iter().chain(std::iter::once(&b'\n')).enumerate() {
        let k = CLASS[c as usize];
        line_markup += usize::from(k & MARKUP);
        line_openers += usize::from((k & OPENER) >> 1);
        line_classes |= k;
        if k & NEWLINE == 0 {
            continue;
        }
        if line_classes & INK == 0 {
            (block, openers) = (0, 0);
        } else {
            let line = &b[start..i.min(b.len())];
            let (prefix, markers, _) = container_prefix(line);
            if markup + line_markup + markers + 1 > MAX_MARKUP {
                let at = markup_limit_in(line, MAX_MARKUP - markup);
                return Err((Cap::Markup, start + at));
            }
            markup += line_markup + markers + 1;
            block = block.max(prefix);
            openers += line_openers;
            depth = depth.max(block + openers + BASE_DEPTH);
        }
        classes |= line_classes;
        (line_markup, line_openers, line_classes) = (0, 0, 0);
        start = i + 1;
    }
    Ok(Scan { depth, classes })
}

/// The byte offset within `line` of its `n`th markup character past the limit.
fn markup_limit_in(line: &[u8], left: usize) -> usize {
    line.iter()
        .enumerate()
        .filter(|&(_, &c)| CLASS[c as usize] & MARKUP != 0)
        .nth(left.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// A bound of the nesting a line's container prefix opens (`>`, list markers, indentation),
/// how many of its markers are not markup characters already (`-`, `+`, `1.`), and where
/// the line's content starts. Each
/// marker counts two (a list and its item); each column of indentation one, as a nested list
/// needs at least two more columns per level.
fn container_prefix(line: &[u8]) -> (usize, usize, usize) {
    let (mut depth, mut markers, mut i) = (0, 0, 0);
    loop {
        while let Some(&c) = line.get(i).filter(|c| matches!(c, b' ' | b'\t')) {
            depth += if c == b'\t' { 4 } else { 1 };
            i += 1;
        }
        // `line` may run on past its line break (see `quick`).
        let spaced = |j: usize| {
            line.get(j)
                .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
        };
        let next = match line.get(i) {
            Some(b'>') => i + 1,
            Some(b'-' | b'+' | b'*') if spaced(i + 1) => i + 1,
            Some(c) if c.is_ascii_digit() => {
                let digits = line[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                match line.get(i + digits) {
                    Some(b'.' | b')') if digits <= 9 && spaced(i + digits + 1) => i + digits + 1,
                    _ => break,
                }
            }
            _ => break,
        };
        depth += 2;
        markers += usize::from(CLASS[line[i] as usize] & MARKUP == 0);
        i = next;
    }
    (depth, markers, i)
}
