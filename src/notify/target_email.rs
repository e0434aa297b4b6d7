//! An email target's settings in notify.yaml: the SMTP server, the sender, the subscriber
//! list (a file outside the repository, named by an environment variable) and the
//! unsubscribe URL.

use std::path::PathBuf;

use super::config::{Email, Security};
use super::subscribers::{self, Subscriber};
use super::target_config::{RawTarget, Reader, valid_url};
use crate::diagnostics::Code;

impl Reader<'_, '_> {
    /// The SMTP settings and subscribers of an email target.
    pub(super) fn email(&mut self, raw: &RawTarget) -> Option<Email> {
        let Some(smtp) = &raw.smtp else {
            self.missing("smtp", "add smtp: {host, port, security: starttls|tls}");
            return None;
        };
        let Some(from) = raw.from.clone() else {
            self.missing("from", "add from: \"Status <status@example.com>\"");
            return None;
        };
        let username = smtp
            .username_env
            .as_deref()
            .and_then(|v| self.env_var(v, "username_env:"));
        let password = smtp
            .password_env
            .as_deref()
            .and_then(|v| self.env_var(v, "password_env:"));
        let list = format!("${}", raw.subscribers_env.as_deref().unwrap_or_default());
        let subscribers = match raw.subscribers_env.as_deref() {
            Some(var) => self.subscribers(var),
            None => {
                self.missing("subscribers_env", "name the environment variable that holds the path of the subscriber list (one address a line)");
                Vec::new()
            }
        };
        if let Some(u) = raw
            .unsubscribe_url
            .as_deref()
            .filter(|u| !valid_url(&u.replace("{email}", "x")))
        {
            self.problems.push(
                self.place
                    .error(
                        Code::NotifyUrl,
                        u,
                        format!("`{u}` is not an absolute http(s) URL"),
                    )
                    .hint("write it as https://host/path"),
            );
        }
        let port = smtp.port.unwrap_or(match smtp.security {
            Security::Tls => 465,
            Security::Starttls => 587,
            Security::None => 25,
        });
        Some(Email {
            host: smtp.host.clone(),
            port,
            security: smtp.security,
            username,
            password,
            from,
            subscribers,
            list,
            unsubscribe_url: raw.unsubscribe_url.clone(),
        })
    }

    fn missing(&mut self, field: &str, hint: &str) {
        let message = format!("an email target needs `{field}:`");
        let d = self.place.error(Code::NotifyEmail, "type:", message);
        self.problems.push(d.hint(hint));
    }

    /// The addresses in the file the variable names: one a line, `#` comments.
    fn subscribers(&mut self, var: &str) -> Vec<Subscriber> {
        let Some(path) = self.env_var(var, "subscribers_env:") else {
            return Vec::new();
        };
        match std::fs::read_to_string(PathBuf::from(&path.value)) {
            Ok(text) => subscribers::parse(&text),
            Err(e) => {
                let message = format!(
                    "cannot read the subscriber list that {} names: {e}",
                    path.shown
                );
                self.problems.push(self.place.error(
                    Code::NotifySubscribers,
                    "subscribers_env:",
                    message,
                ));
                Vec::new()
            }
        }
    }
}
