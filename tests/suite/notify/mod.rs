//! `bulletin notify` (src/notify/): targets, config, mail, chat escaping, the JSON report, reruns, timed events, truth at each event's time.

mod ci_recipe;
mod config;
mod email;
mod escape;
mod first_run;
mod json_report;
mod language;
mod per_language;
mod rerun;
mod targets;
mod timed;
mod truth;
