//! An email target's settings in notify.yaml, as written: the SMTP server, the sender, the
//! variable naming the subscriber list (a file outside the repository) and the unsubscribe
//! URL. `resolve` reads the credentials and the list.

use crate::diagnostics::Code;
use serde::Deserialize;

use super::channel::Security;
use super::spec::{EmailSpec, Reader, Role};
use crate::urls::web::is_absolute_web_url;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSmtp {
    pub(super) host: String,
    pub(super) port: Option<u16>,
    pub(super) security: Security,
    pub(super) username_env: Option<String>,
    pub(super) password_env: Option<String>,
}

/// An email target's own fields of its entry.
pub(super) struct Fields<'a> {
    pub(super) smtp: Option<&'a RawSmtp>,
    pub(super) from: Option<&'a str>,
    pub(super) subscribers_env: Option<&'a str>,
    pub(super) unsubscribe_url: Option<&'a str>,
}

/// The SMTP settings of an email target; its variables are noted, to be read.
pub(super) fn read(reader: &mut Reader, raw: Fields) -> Option<EmailSpec> {
    reader.email(raw)
}

impl Reader<'_> {
    fn email(&mut self, raw: Fields) -> Option<EmailSpec> {
        let Some(smtp) = raw.smtp else {
            self.missing("smtp", "add smtp: {host, port, security: starttls|tls}");
            return None;
        };
        let Some(from) = raw.from.map(str::to_string) else {
            self.missing("from", "add from: \"Status <status@example.com>\"");
            return None;
        };
        if let Some(var) = smtp.username_env.as_deref() {
            self.var(var, Role::Username, "username_env:");
        }
        if let Some(var) = smtp.password_env.as_deref() {
            self.var(var, Role::Password, "password_env:");
        }
        let list = format!("${}", raw.subscribers_env.unwrap_or_default());
        match raw.subscribers_env {
            Some(var) => self.var(var, Role::Subscribers, "subscribers_env:"),
            None => self.missing("subscribers_env", "name the environment variable that holds the path of the subscriber list (one address a line)"),
        }
        if let Some(u) = raw
            .unsubscribe_url
            .filter(|u| !is_absolute_web_url(&u.replace("{email}", "x")))
        {
            self.problem(
                self.place
                    .error(
                        Code::NotifyUrl,
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
            unsubscribe_url: raw.unsubscribe_url.map(str::to_string),
        })
    }

    fn missing(&mut self, field: &str, hint: &str) {
        let message = format!("an email target needs `{field}:`");
        let d = self.place.error(Code::NotifyEmail, "type:", message);
        self.problem(d.hint(hint));
    }
}
