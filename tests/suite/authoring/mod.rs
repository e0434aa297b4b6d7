//! The editing commands (`new`, `update`, `resolve`, `statement`; src/authoring/, src/cmd/author.rs).

mod commands;
mod edges;
mod next_update;
