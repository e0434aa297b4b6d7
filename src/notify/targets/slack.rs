//! Slack incoming webhooks: Block Kit with mrkdwn text, escaped by Slack's rules.

use serde_json::{Value, json};

use crate::notify::escape;
use crate::notify::message::Message;

/// The JSON body.
pub(super) fn body(msg: &Message) -> Value {
    let mut text = format!(
        "*{}*\n{}",
        escape::slack(&msg.subject()),
        escape::slack(&msg.when)
    );
    for c in &msg.components {
        text.push_str(&format!("\n• {}", escape::slack(c)));
    }
    if !msg.body.is_empty() {
        text.push_str(&format!("\n\n{}", escape::slack(&msg.body)));
    }
    // The URL is the site's own (base_url and a percent-encoded slug): no `|` or `>` in it.
    let link = format!("<{}|{}>", msg.url, msg.link_text());
    json!({
        "text": escape::slack(&msg.subject()),
        "blocks": [
            { "type": "section", "text": { "type": "mrkdwn", "text": text, "verbatim": true } },
            { "type": "context", "elements": [ { "type": "mrkdwn", "text": link } ] },
        ],
    })
}
