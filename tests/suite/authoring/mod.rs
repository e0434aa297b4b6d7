//! The editing commands (`new`, `update`, `resolve`, `statement`; src/authoring/, src/cmd/author.rs).

mod checks;
mod commands;
mod edges;
mod templates;
