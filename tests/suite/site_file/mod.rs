//! Every file written into a site, never through a planted link (src/site_file.rs).

mod hostile_links;
