//! Uptime against hand-computed values (src/uptime.rs).

mod hand_computed;
