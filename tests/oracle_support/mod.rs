//! Support of `tests/oracle.rs`: the generated sites (`site`), the independent replay of
//! their timelines (`replay`), and one reader per surface that compares it with the replay
//! (`data`: API, feeds, calendar, badges; `pages`: HTML; `notify`: the dry run).

#![allow(unreachable_pub)]
#![allow(dead_code)]

pub mod data;
pub mod findings;
pub mod notify;
pub mod pages;
pub mod replay;
pub mod site;
