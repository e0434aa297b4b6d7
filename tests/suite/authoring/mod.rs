//! The editing commands (`new`, `update`, `resolve`, `statement`, `maintenance`; src/authoring/, src/cmd/author.rs, src/cmd/maintenance.rs).

mod checks;
mod commands;
mod edges;
mod maintenance;
mod next_update;
mod on_call;
mod templates;
mod translations;
