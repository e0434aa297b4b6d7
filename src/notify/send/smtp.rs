//! Mail over SMTP with lettre (feature `notify-send`): one connection setup per email
//! target, made on its first mail ([`Mailers`]); STARTTLS or TLS (rustls), or plain for a
//! relay on the same machine; credentials from the environment. A 4xx SMTP answer or a lost
//! connection is retried; a 5xx is reported.

use std::collections::HashMap;
#[cfg(feature = "notify-send")]
use std::time::Duration;

#[cfg(feature = "notify-send")]
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
#[cfg(feature = "notify-send")]
use lettre::message::{Mailbox, MultiPart, SinglePart};
#[cfg(feature = "notify-send")]
use lettre::transport::smtp::authentication::Credentials;
#[cfg(feature = "notify-send")]
use lettre::{SmtpTransport, Transport};

use super::Outcome;
#[cfg(feature = "notify-send")]
use super::{Attempt, with_retries};
#[cfg(feature = "notify-send")]
use crate::notify::config::{Channel, Email, Security};
use crate::notify::config::{Retry, Target};
use crate::notify::targets::Mail;

/// The transports made so far, by target name.
#[derive(Default)]
pub(crate) struct Mailers {
    #[cfg(feature = "notify-send")]
    transports: HashMap<String, SmtpTransport>,
    #[cfg(not(feature = "notify-send"))]
    transports: HashMap<String, ()>,
}

impl Mailers {
    /// Sends `mail` for `target`, with retries.
    #[cfg(feature = "notify-send")]
    pub(crate) fn send(&mut self, target: &Target, mail: &Mail, retry: &Retry) -> Outcome {
        if let Some(p) = crate::notify::subscribers::problem(&mail.to) {
            return Outcome::Rejected {
                attempts: 0,
                reason: format!(
                    "`{}` ({}) is not an email address: {}",
                    mail.to, mail.to_place, p.what
                ),
            };
        }
        let Channel::Email(email) = &target.channel else {
            return Outcome::Rejected {
                attempts: 0,
                reason: "no smtp settings".into(),
            };
        };
        if !self.transports.contains_key(&target.name) {
            match transport(email, retry.timeout) {
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
        send(&self.transports[&target.name], mail, retry)
    }

    /// Without the feature, nothing can be sent.
    #[cfg(not(feature = "notify-send"))]
    pub(crate) fn send(&mut self, _target: &Target, _mail: &Mail, _retry: &Retry) -> Outcome {
        let _ = &self.transports;
        Outcome::Rejected {
            attempts: 0,
            reason: "this bulletin was built without the `notify-send` feature".into(),
        }
    }
}

/// `List-Unsubscribe: <url>` (RFC 2369).
#[cfg(feature = "notify-send")]
#[derive(Clone)]
struct ListUnsubscribe(String);

#[cfg(feature = "notify-send")]
impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.trim_matches(['<', '>']).to_string()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `Content-Language` (RFC 3282): the message's language.
#[cfg(feature = "notify-send")]
#[derive(Clone)]
struct ContentLanguage(String);

#[cfg(feature = "notify-send")]
impl Header for ContentLanguage {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Language")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ContentLanguage(s.to_string()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// The transport for `email`'s server.
#[cfg(feature = "notify-send")]
fn transport(email: &Email, timeout: Duration) -> Result<SmtpTransport, String> {
    let builder = match email.security {
        Security::Tls => SmtpTransport::relay(&email.host).map_err(|e| e.to_string())?,
        Security::Starttls => {
            SmtpTransport::starttls_relay(&email.host).map_err(|e| e.to_string())?
        }
        Security::None => SmtpTransport::builder_dangerous(&email.host),
    };
    let mut builder = builder.port(email.port).timeout(Some(timeout));
    if let (Some(u), Some(p)) = (&email.username, &email.password) {
        builder = builder.credentials(Credentials::new(u.value.clone(), p.value.clone()));
    }
    Ok(builder.build())
}

/// The message lettre sends.
#[cfg(feature = "notify-send")]
fn message(mail: &Mail) -> Result<lettre::Message, String> {
    let from: Mailbox = mail.from.parse().map_err(|e| format!("`from`: {e}"))?;
    let to: Mailbox = mail
        .to
        .parse()
        .map_err(|e| format!("`{}` ({}): {e}", mail.to, mail.to_place))?;
    let mut builder = lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(mail.subject.clone())
        .message_id(Some(mail.message_id.clone()))
        .header(ContentLanguage(mail.language.to_string()));
    if let Some(u) = &mail.unsubscribe {
        builder = builder.header(ListUnsubscribe(u.clone()));
    }
    let parts = MultiPart::alternative()
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .body(mail.text.clone()),
        )
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_HTML)
                .body(mail.html.clone()),
        );
    builder.multipart(parts).map_err(|e| e.to_string())
}

/// Sends `mail` through `transport`, with retries.
#[cfg(feature = "notify-send")]
fn send(transport: &SmtpTransport, mail: &Mail, retry: &Retry) -> Outcome {
    let message = match message(mail) {
        Ok(m) => m,
        Err(reason) => {
            return Outcome::Rejected {
                attempts: 0,
                reason,
            };
        }
    };
    with_retries(retry, || match transport.send(&message) {
        Ok(_) => Attempt::Done,
        Err(e) if e.is_permanent() => Attempt::Permanent(e.to_string()),
        Err(e) => Attempt::Transient(e.to_string()),
    })
}
