//! One SMTP connection setup per email target, made on its first mail.

use std::collections::HashMap;

use super::config::{Retry, Target};
use super::delivery::Outcome;
use super::targets::Mail;

/// The transports made so far, by target name.
#[derive(Default)]
pub(super) struct Mailers {
    #[cfg(feature = "notify-send")]
    transports: HashMap<String, lettre::SmtpTransport>,
    #[cfg(not(feature = "notify-send"))]
    transports: HashMap<String, ()>,
}

impl Mailers {
    /// Sends `mail` for `target`, with retries.
    #[cfg(feature = "notify-send")]
    pub(super) fn send(&mut self, target: &Target, mail: &Mail, retry: &Retry) -> Outcome {
        if let Some(p) = super::subscribers::problem(&mail.to) {
            return Outcome::Rejected {
                attempts: 0,
                reason: format!(
                    "`{}` ({}) is not an email address: {}",
                    mail.to, mail.to_place, p.what
                ),
            };
        }
        let Some(email) = &target.email else {
            return Outcome::Rejected {
                attempts: 0,
                reason: "no smtp settings".into(),
            };
        };
        if !self.transports.contains_key(&target.name) {
            match super::smtp::transport(email, retry.timeout) {
                Ok(t) => {
                    self.transports.insert(target.name.clone(), t);
                }
                Err(reason) => {
                    return Outcome::Rejected {
                        attempts: 0,
                        reason,
                    };
                }
            }
        }
        super::smtp::send(&self.transports[&target.name], mail, retry)
    }

    /// Without the feature, nothing can be sent.
    #[cfg(not(feature = "notify-send"))]
    pub(super) fn send(&mut self, _target: &Target, _mail: &Mail, _retry: &Retry) -> Outcome {
        let _ = &self.transports;
        Outcome::Rejected {
            attempts: 0,
            reason: "this bulletin was built without the `notify-send` feature".into(),
        }
    }
}
