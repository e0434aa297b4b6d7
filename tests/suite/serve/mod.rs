//! `bulletin serve` (src/serve/): the real server, its clock, links, and serve equals build.

mod clock;
mod end_to_end;
mod equals_build;
mod equals_build_cases;
mod equals_build_checks;
mod equals_build_kept;
mod equals_build_patch;
mod incremental;
mod linked_root;
mod notes;
mod translations;
mod work;
