//! The program's one HTTP client setup (features `notify-send` and `import-fetch`, with
//! `ureq`): one User-Agent, a time limit on every request, and every answer's status given to
//! the caller rather than turned into an error. `notify` posts and fetches with it;
//! `import`'s fetch adds its own redirect handling on top.

use std::time::Duration;

use ureq::config::ConfigBuilder;
use ureq::typestate::AgentScope;

/// What Bulletin calls itself on the web.
pub(crate) const USER_AGENT: &str = concat!("Bulletin/", env!("CARGO_PKG_VERSION"));

/// The settings every agent starts from: each request ends within `timeout`.
pub(crate) fn config(timeout: Duration) -> ConfigBuilder<AgentScope> {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(USER_AGENT)
}

/// An agent with those settings alone.
pub(crate) fn agent(timeout: Duration) -> ureq::Agent {
    config(timeout).build().into()
}
