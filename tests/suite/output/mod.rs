//! Writing the output folder: one atomic swap, never replacing what Bulletin did not make (src/output/).

mod atomic_swap;
mod guard;
