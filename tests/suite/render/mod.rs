//! The rendered site (src/render/): pages, theme, feeds, the API, machine outputs, headers.

mod api;
mod chrome;
mod compiled_lists;
mod compiled_page;
mod component_list;
mod csp;
mod feeds;
mod front_page;
mod history_pages;
mod hosting_headers;
mod inert_output;
mod language_trees;
mod languages;
mod machine_outputs;
mod theme;
mod times;
mod uptime_bars;
mod weight;
