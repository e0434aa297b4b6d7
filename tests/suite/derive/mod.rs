//! What the timeline says at a moment: component statuses, maintenance phases (src/derive/).

mod component_changes;
mod maintenance_phases;
