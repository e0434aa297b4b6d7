//! Discord webhooks: one embed; no mention is ever parsed (`allowed_mentions`).

use serde_json::{Value, json};

use crate::model::Kind;
use crate::notify::escape;
use crate::notify::message::Message;

/// The JSON body.
pub(super) fn body(msg: &Message) -> Value {
    let mut text = String::new();
    for c in &msg.components {
        text.push_str(&format!("• {}\n", escape::discord(c)));
    }
    if !msg.body.is_empty() {
        text.push_str(&format!("\n{}", escape::discord(&msg.body)));
    }
    let color = match (msg.incident_kind, msg.status) {
        (_, Some("resolved" | "completed")) => 0x2e7d32,
        (Kind::Maintenance, _) => 0x1565c0,
        _ => 0xc62828,
    };
    json!({
        "allowed_mentions": { "parse": [] },
        "embeds": [{
            "title": escape::discord(&msg.subject()),
            "url": msg.url,
            "description": text,
            "timestamp": msg.time,
            "color": color,
            "footer": { "text": msg.site_title },
        }],
    })
}
