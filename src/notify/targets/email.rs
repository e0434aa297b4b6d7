//! Mail to one subscriber: a subject with the status and component at a glance, a text part
//! and an HTML part (escaped) in the target's language (an untranslated original marked with
//! its own `lang`), and `List-Unsubscribe` when the target
//! has an unsubscribe URL. The settings are read in `config/` (`email`, `resolve`); sending
//! is `send/smtp.rs`'s job.

use super::Context;
use crate::notify::config::Email;
use crate::notify::escape;
use crate::notify::message::Message;
use crate::notify::subscribers::{self, Subscriber};

/// One mail, ready to send.
#[derive(Debug, Clone)]
pub(crate) struct Mail {
    pub from: String,
    pub to: String,
    /// Where `to` is written: "line 3 of $SUBSCRIBERS".
    pub to_place: String,
    /// `<key@host>`: the delivery's idempotency key (event id, content hash, target and
    /// recipient) at the site's host, so a resent mail is recognisably the same one and a
    /// correction is a new one.
    pub message_id: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The `List-Unsubscribe` URL, for this subscriber.
    pub unsubscribe: Option<String>,
    pub language: String,
}

/// The mail of `msg` to `to`.
pub(super) fn mail(ctx: &Context, msg: &Message, email: &Email, subscriber: &Subscriber) -> Mail {
    let to = subscriber.address.as_str();
    let unsubscribe = email.unsubscribe_url.as_ref().map(|u| {
        let address: String = url::form_urlencoded::byte_serialize(to.as_bytes()).collect();
        u.replace("{email}", &address)
    });
    let mut text = msg.plain();
    if let Some(u) = &unsubscribe {
        text.push_str(&format!("\n{}: {u}\n", msg.words.unsubscribe));
    }
    Mail {
        from: email.from.clone(),
        to: to.to_string(),
        to_place: subscribers::place(subscriber, &email.list),
        message_id: message_id(ctx),
        subject: format!("[{}] {}", msg.site_title, msg.subject()),
        html: html(msg, unsubscribe.as_deref()),
        text,
        unsubscribe,
        language: msg.words.language.clone(),
    }
}

/// The mail's `Message-ID` (RFC 5322 3.6.4: unique, `id-left@id-right`).
fn message_id(ctx: &Context) -> String {
    let host = url::Url::parse(&ctx.config.base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "bulletin.invalid".into());
    format!("<{}@{host}>", ctx.idempotency_key)
}

fn html(msg: &Message, unsubscribe: Option<&str>) -> String {
    let e = escape::html;
    let lang = e(&msg.words.language);
    let mut out = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body>\n<h1>{}</h1>\n<p>{}</p>\n",
        e(&msg.subject()),
        e(&msg.subject()),
        e(&msg.when)
    );
    if !msg.components.is_empty() {
        out.push_str("<ul>\n");
        for c in &msg.components {
            out.push_str(&format!("<li>{}</li>\n", e(c)));
        }
        out.push_str("</ul>\n");
    }
    for block in &msg.blocks {
        // An untranslated original says which language it is in.
        if let Some(lang) = &block.lang {
            out.push_str(&format!("<div lang=\"{}\">\n", e(lang)));
        }
        for para in block.text.split("\n\n").filter(|p| !p.trim().is_empty()) {
            out.push_str(&format!("<p>{}</p>\n", e(para).replace('\n', "<br>")));
        }
        if block.lang.is_some() {
            out.push_str("</div>\n");
        }
    }
    out.push_str(&format!(
        "<p><a href=\"{}\">{}</a></p>\n",
        e(&msg.url),
        e(msg.link_text())
    ));
    if let Some(u) = unsubscribe {
        let word = e(&msg.words.unsubscribe);
        out.push_str(&format!(
            "<p><small><a href=\"{}\">{word}</a></small></p>\n",
            e(u)
        ));
    }
    out.push_str("</body></html>\n");
    out
}
