//! Reading the site's sources: limits, crafted input, a linked `incidents/` folder (src/content/).

mod hostile_sources;
mod limits;
mod linked_incidents_folder;
