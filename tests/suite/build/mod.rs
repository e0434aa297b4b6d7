//! `bulletin build` end to end and the work it does (src/build.rs).

mod end_to_end;
mod static_files;
mod theme_beside;
mod work_counts;
