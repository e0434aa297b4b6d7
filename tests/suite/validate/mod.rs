//! `bulletin check` and the validation rules (src/validate.rs).

mod bad_input;
mod every_problem;
mod no_silent_lies;
mod rule_edges;
mod translations;
