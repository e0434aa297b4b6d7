//! Microsoft Teams workflow webhooks ("Post to a channel when a webhook request is received"):
//! a message with one Adaptive Card.

use serde_json::{Value, json};

use crate::notify::escape;
use crate::notify::message::Message;

/// The JSON body.
pub(super) fn body(msg: &Message) -> Value {
    let mut blocks = vec![
        json!({ "type": "TextBlock", "text": escape::teams(&msg.subject()), "weight": "Bolder", "size": "Medium", "wrap": true }),
        json!({ "type": "TextBlock", "text": escape::teams(&msg.when), "isSubtle": true, "spacing": "None", "wrap": true }),
    ];
    for c in &msg.components {
        blocks.push(json!({ "type": "TextBlock", "text": escape::teams(c), "wrap": true }));
    }
    if !msg.body.is_empty() {
        blocks.push(json!({ "type": "TextBlock", "text": escape::teams(&msg.body), "wrap": true }));
    }
    json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": null,
            "content": {
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "type": "AdaptiveCard",
                "version": "1.4",
                "body": blocks,
                "actions": [{ "type": "Action.OpenUrl", "title": msg.link_text(), "url": msg.url }],
            },
        }],
    })
}
