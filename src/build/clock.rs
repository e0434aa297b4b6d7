//! Where a build's "now" comes from.

use jiff::Timestamp;

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};
use crate::time;

/// Where "now" comes from. It decides what is active or upcoming, so fixing it makes builds
/// reproducible.
#[derive(Debug, Clone, Default)]
pub enum Clock {
    /// The system clock.
    #[default]
    System,
    /// Seconds since the Unix epoch, as in `SOURCE_DATE_EPOCH`.
    Epoch(i64),
    /// A time as written in incident files, read in the site's zone.
    Text(String),
}

impl Clock {
    /// `SOURCE_DATE_EPOCH` when set, else the system clock.
    pub fn from_env() -> Result<Clock, String> {
        match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(v) => {
                v.trim().parse().map(Clock::Epoch).map_err(|_| {
                    format!("SOURCE_DATE_EPOCH='{v}' is not a whole number of seconds")
                })
            }
            Err(_) => Ok(Clock::System),
        }
    }

    /// "Now" for `config`'s site.
    pub fn resolve(&self, config: &Config) -> Result<Timestamp, Diagnostic> {
        match self {
            Clock::System => Ok(Timestamp::now()),
            Clock::Epoch(secs) => Timestamp::from_second(*secs).map_err(|e| {
                Diagnostic::access(
                    Code::BadNow,
                    "SOURCE_DATE_EPOCH",
                    format!("out of range: {e}"),
                )
            }),
            Clock::Text(text) => time::parse(text, &config.timezone, None)
                .map(|t| t.at)
                .map_err(|e| Diagnostic::access(Code::BadNow, "--now", e.message).hint(e.hint)),
        }
    }
}
