//! DingTalk custom robots: a Markdown message; with a secret, the URL carries DingTalk's
//! signature (`timestamp` in milliseconds, `sign` = base64 of HMAC-SHA256 keyed with the
//! secret over `timestamp + "\n" + secret`, percent-encoded).

use serde_json::json;

use super::{Context, HttpRequest, base64, hmac_sha256, http};
use crate::notify::config::Secret;
use crate::notify::escape;
use crate::notify::message::Message;

/// The signed request.
pub(super) fn request(ctx: &Context, msg: &Message, url: &Secret) -> HttpRequest {
    let mut url = url.clone();
    if let Some(secret) = ctx.secret {
        let ts = ctx.now_ms.to_string();
        let sign = base64(&hmac_sha256(
            secret.value.as_bytes(),
            format!("{ts}\n{}", secret.value).as_bytes(),
        ));
        let sign: String = url::form_urlencoded::byte_serialize(sign.as_bytes()).collect();
        let sep = if url.value.contains('?') { '&' } else { '?' };
        let query = format!("{sep}timestamp={ts}&sign={sign}");
        url = Secret {
            value: format!("{}{query}", url.value),
            shown: format!("{}{query}", url.shown),
        };
    }
    let mut text = format!(
        "### {}\n\n{}\n\n",
        escape::dingtalk(&msg.subject()),
        escape::dingtalk(&msg.when)
    );
    for c in &msg.components {
        text.push_str(&format!("- {}\n", escape::dingtalk(c)));
    }
    if !msg.body.is_empty() {
        text.push_str(&format!("\n{}\n", escape::dingtalk(&msg.body)));
    }
    text.push_str(&format!("\n[{}]({})", msg.link_text(), msg.url));
    let body = json!({
        "msgtype": "markdown",
        "markdown": { "title": escape::dingtalk(&msg.subject()), "text": text },
        "at": { "isAtAll": false, "atMobiles": [], "atUserIds": [] },
    });
    http(url, body, ctx.idempotency_key)
}
