//! WeCom (企业微信) group robots: a Markdown message.

use serde_json::{Value, json};

use crate::notify::escape;
use crate::notify::message::Message;

/// The JSON body.
pub(super) fn body(msg: &Message) -> Value {
    let mut text = format!(
        "**{}**\n> {}\n",
        escape::wecom(&msg.subject()),
        escape::wecom(&msg.when)
    );
    for c in &msg.components {
        text.push_str(&format!("> {}\n", escape::wecom(c)));
    }
    if !msg.body.is_empty() {
        text.push_str(&format!("\n{}\n", escape::wecom(&msg.body)));
    }
    text.push_str(&format!("\n[{}]({})", msg.link_text(), msg.url));
    json!({ "msgtype": "markdown", "markdown": { "content": text } })
}
