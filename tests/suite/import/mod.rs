//! `bulletin import` from Statuspage and cState (src/import/).

mod hostile;
mod into_a_site;
mod sources;
mod transaction;
mod work_counts;
