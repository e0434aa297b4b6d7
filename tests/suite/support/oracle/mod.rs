//! Support of `tests/suite/oracle.rs`: the generated sites (`site`, its maintenance windows in
//! `maintenance`), the independent replay of
//! their timelines (`replay`), and one reader per surface that compares it with the replay
//! (`api`: the API; `outputs`: feeds, calendar, badges; `uptime`: `api/uptime.json`; `pages`: HTML; `notify`: the dry run).

#![allow(unreachable_pub)]
#![allow(dead_code)]

pub mod api;
pub mod findings;
pub mod maintenance;
pub mod notify;
pub mod outputs;
pub mod pages;
pub mod replay;
pub mod site;
pub mod uptime;
