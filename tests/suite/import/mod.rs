//! `bulletin import` from Statuspage and cState (src/import/).

mod hostile;
mod sources;
mod transaction;
mod work_counts;
