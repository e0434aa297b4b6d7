//! An email target's settings in notify.yaml, as written: the SMTP server, the sender, the
//! variable naming the subscriber list (a file outside the repository) and the unsubscribe
//! URL. `resolve` reads the credentials and the list.

use super::channel::Security;
use super::target::{RawTarget, Reader, Role, valid_url};

/// What the text says of an email target.
#[derive(Debug, Clone)]
pub struct EmailSpec {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub from: String,
    /// How the list is named in reports: `$NAME`, the variable holding its (secret) path.
    pub list: String,
    pub unsubscribe_url: Option<String>,
}

impl Reader<'_> {
    /// The SMTP settings of an email target; its variables are noted, to be read.
    pub(super) fn email(&mut self, raw: &RawTarget) -> Option<EmailSpec> {
        let Some(smtp) = &raw.smtp else {
            self.missing("smtp", "add smtp: {host, port, security: starttls|tls}");
            return None;
        };
        let Some(from) = raw.from.clone() else {
            self.missing("from", "add from: \"Status <status@example.com>\"");
            return None;
        };
        if let Some(var) = smtp.username_env.as_deref() {
            self.var(var, Role::Username, "username_env:");
        }
        if let Some(var) = smtp.password_env.as_deref() {
            self.var(var, Role::Password, "password_env:");
        }
        let list = format!("${}", raw.subscribers_env.as_deref().unwrap_or_default());
        match raw.subscribers_env.as_deref() {
            Some(var) => self.var(var, Role::Subscribers, "subscribers_env:"),
            None => self.missing("subscribers_env", "name the environment variable that holds the path of the subscriber list (one address a line)"),
        }
        if let Some(u) = raw
            .unsubscribe_url
            .as_deref()
            .filter(|u| !valid_url(&u.replace("{email}", "x")))
        {
            self.problem(
                self.place
                    .error(
                        "notify-url",
                        u,
                        format!("`{u}` is not an absolute http(s) URL"),
                    )
                    .hint("write it as https://host/path"),
            );
        }
        Some(EmailSpec {
            host: smtp.host.clone(),
            port: smtp.port.unwrap_or(smtp.security.default_port()),
            security: smtp.security,
            from,
            list,
            unsubscribe_url: raw.unsubscribe_url.clone(),
        })
    }

    fn missing(&mut self, field: &str, hint: &str) {
        let message = format!("an email target needs `{field}:`");
        let d = self.place.error("notify-email", "type:", message);
        self.problem(d.hint(hint));
    }
}
