//! History: what has ended, and component changes against an independent model (src/history.rs).

mod model;
mod only_what_ended;
