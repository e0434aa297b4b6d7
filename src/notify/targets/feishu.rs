//! Feishu / Lark custom bots: a text message, signed when the bot has a secret (Feishu's
//! rule: base64 of HMAC-SHA256 keyed with `timestamp + "\n" + secret` over nothing).

use serde_json::{Value, json};

use super::{Context, base64, hmac_sha256};
use crate::notify::escape;
use crate::notify::message::Message;

/// The JSON body.
pub(super) fn body(msg: &Message, ctx: &Context) -> Value {
    let mut body =
        json!({ "msg_type": "text", "content": { "text": escape::feishu(&msg.plain()) } });
    if let Some(secret) = ctx.secret {
        let ts = (ctx.now_ms / 1000).to_string();
        let key = format!("{ts}\n{}", secret.value);
        body["timestamp"] = json!(ts);
        body["sign"] = json!(base64(&hmac_sha256(key.as_bytes(), b"")));
    }
    body
}
