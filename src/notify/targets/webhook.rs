//! Generic webhooks, shaped like Atlassian Statuspage's incident webhooks (`meta`, `page`,
//! `incident` with the announced entry in `incident_updates` and its
//! `affected_components`), so receivers written for Statuspage read them. Bulletin's own
//! facts (event id, kind, whether it is a correction) are under `bulletin`. With a secret, the
//! body is signed: `X-Bulletin-Signature: sha256=<hex HMAC-SHA256 of the body>`.

use serde_json::{Value, json};

use super::{Context, HttpRequest, hex, hmac_sha256, http};
use crate::ids::{Key, stable_id};
use crate::model::Kind;
use crate::notify::config::Secret;
use crate::notify::message::Message;

/// The signed request.
pub(super) fn request(ctx: &Context, msg: &Message, url: &Secret) -> HttpRequest {
    let mut req = http(url.clone(), body(ctx, msg), ctx.idempotency_key);
    req.headers
        .push(("X-Bulletin-Event".into(), msg.event_id.clone()));
    if let Some(secret) = ctx.secret {
        let sig = hex(&hmac_sha256(secret.value.as_bytes(), req.body.as_bytes()));
        req.headers
            .push(("X-Bulletin-Signature".into(), format!("sha256={sig}")));
    }
    req
}

/// The body: every fact as the page showed it at the event's time (`msg.page`).
fn body(ctx: &Context, msg: &Message) -> Value {
    let (config, site) = (ctx.config, ctx.site);
    let inc = &site.incidents[ctx.event.incident];
    let page = &msg.page;
    let incident_id = Key::Incident(&inc.slug).stable_id();
    let update = update(
        ctx,
        msg,
        page.incident_status.statuspage_word(),
        &incident_id,
    );
    let impact = match inc.kind {
        Kind::Maintenance => "maintenance",
        Kind::Incident => page.impact.as_str(),
    };
    let (indicator, description) = page.overall.page_indicator();
    let mut incident = json!({
        "id": incident_id,
        "name": msg.title,
        "status": page.incident_status.statuspage_word(),
        "impact": impact,
        "shortlink": msg.url,
        "created_at": page.created_at,
        "updated_at": msg.time,
        "incident_updates": [update],
    });
    if let Some(w) = page.window {
        incident["scheduled_for"] = json!(crate::time::rfc3339(
            &w.start.to_zoned_datetime(config.timezone.clone())
        ));
        incident["scheduled_until"] = json!(crate::time::rfc3339(
            &w.end.to_zoned_datetime(config.timezone.clone())
        ));
    }
    json!({
        "meta": { "unsubscribe": null, "documentation": null, "generated_at": msg.time },
        "page": {
            "id": stable_id(&config.base_url),
            "status_indicator": indicator,
            "status_description": description,
        },
        "incident": incident,
        "bulletin": {
            "event_id": msg.event_id,
            "kind": msg.kind.word(),
            "correction": msg.correction,
            "headline": msg.headline,
            "idempotency_key": ctx.idempotency_key,
        },
    })
}

/// The announced entry, as an element of Statuspage's `incident_updates`; its
/// `affected_components` are the changes the page showed at that instant.
fn update(ctx: &Context, msg: &Message, incident_status: &str, incident_id: &str) -> Value {
    let config = ctx.config;
    let affected: Vec<Value> = msg
        .page
        .changes
        .iter()
        .map(|c| {
            json!({
                "code": Key::Component(&config.reference(c.component)).stable_id(),
                "name": config.full_name(c.component),
                "old_status": c.old.as_str(),
                "new_status": c.new.as_str(),
            })
        })
        .collect();
    json!({
        "id": stable_id(&msg.event_id),
        "status": msg.status.unwrap_or(incident_status),
        "body": msg.body,
        "created_at": msg.time,
        "updated_at": msg.time,
        "display_at": msg.time,
        "incident_id": incident_id,
        "affected_components": affected,
    })
}
