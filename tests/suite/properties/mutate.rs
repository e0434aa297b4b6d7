//! Edits to a valid file's bytes, so the robustness properties see near-miss files rather
//! than only noise.

// Support code shared by test crates: `pub` says what it offers them.
#![allow(unreachable_pub)]

use proptest::prelude::*;
use proptest::sample::Index;

/// Edits made to a valid file's bytes.
#[derive(Debug, Clone)]
pub enum Mutation {
    Insert(Index, Vec<u8>),
    Delete(Index, usize),
    Replace(Index, u8),
    DuplicateLine(Index),
    DeleteLine(Index),
}

/// Fragments of the format, so that mutations make near-miss files rather than only noise.
pub const FRAGMENTS: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    "\u{feff}",
    "---\n",
    "\n---\n",
    "...\n",
    "## ",
    "### ",
    "\n## Timeline\n",
    "\n## Statements\n",
    " · ",
    " | ",
    " - ",
    "·",
    "~",
    ":",
    ": ",
    "- ",
    "#",
    "> ",
    "`",
    "```\n",
    "~~~\n",
    "[",
    "](",
    ")",
    "<",
    ">",
    "\"",
    "'",
    "{",
    "}",
    "\t",
    "    ",
    "00:00",
    "24:00",
    "23:59:60",
    "2023-02-29 ",
    "9999-12-31 23:59",
    "-9999-01-01 00:00",
    "T",
    "Z",
    "+08:00",
    "+99:99",
    "resolved",
    "completed",
    "in progress",
    "kind: maintenance\n",
    "scheduled:\n  start: 2026-12-09 01:00\n  end: 2026-12-09 00:00\n",
    "affected: x\n",
    "wechat/",
    "started: ~\n",
    "resolved: 03:30\n",
    "\u{0}",
    "\u{85}",
    "\u{2028}",
    "é",
    "微",
    "\u{fffd}",
];

pub fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<Index>(), prop::sample::select(FRAGMENTS.to_vec()))
            .prop_map(|(i, f)| Mutation::Insert(i, f.as_bytes().to_vec())),
        1 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..4))
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        2 => (any::<Index>(), 1usize..16).prop_map(|(i, n)| Mutation::Delete(i, n)),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Replace(i, b)),
        1 => any::<Index>().prop_map(Mutation::DuplicateLine),
        1 => any::<Index>().prop_map(Mutation::DeleteLine),
    ]
}

pub fn mutate(text: &str, mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for m in mutations {
        let len = bytes.len();
        match m {
            Mutation::Insert(i, b) => {
                let at = i.index(len + 1);
                bytes.splice(at..at, b.iter().copied());
            }
            Mutation::Delete(i, n) if len > 0 => {
                let at = i.index(len);
                bytes.drain(at..(at + n).min(len));
            }
            Mutation::Replace(i, b) if len > 0 => bytes[i.index(len)] = *b,
            Mutation::DuplicateLine(i) | Mutation::DeleteLine(i) if len > 0 => {
                let at = i.index(len);
                let start = bytes[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1);
                let end = bytes[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(len, |p| at + p + 1);
                if matches!(m, Mutation::DuplicateLine(_)) {
                    let line = bytes[start..end].to_vec();
                    bytes.splice(end..end, line);
                } else {
                    bytes.drain(start..end);
                }
            }
            _ => {}
        }
    }
    bytes
}
