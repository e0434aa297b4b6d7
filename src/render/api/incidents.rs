//! Incident objects (incidents and scheduled maintenances), with their updates.

use std::sync::Arc;

use serde_json::{Value, json};

use super::Api;
use crate::history;
use crate::ids::Key;
use crate::json::json_fragment;
use crate::markdown;
use crate::model::{Incident, Kind, UpdateStatus};
use crate::urls::incident_url;

impl Api<'_> {
    /// The incident object of `i`, reused while neither it nor any component object it
    /// embeds changed (their status, `updated_at` and `created_at` follow other incidents).
    pub(super) fn incident(&self, i: usize) -> Arc<[u8]> {
        use std::hash::{Hash, Hasher};
        let inc = &self.site.incidents[i];
        let mut h = std::hash::DefaultHasher::new();
        self.site.states[i].cache_key(inc).hash(&mut h);
        for c in history::components(inc) {
            self.component(c).1.hash(&mut h);
        }
        // Kept as the lists write it: an element of a list that is a member of the top
        // object, two levels deep.
        self.cache.get_or(&inc.slug, h.finish(), || {
            json_fragment(&self.build_incident(i), 2).into()
        })
    }

    fn build_incident(&self, i: usize) -> Value {
        let inc = &self.site.incidents[i];
        let state = &self.site.states[i];
        let id = Key::Incident(&inc.slug).stable_id();
        let impact = match inc.kind {
            Kind::Maintenance => "maintenance",
            Kind::Incident => state.impact.as_str(),
        };
        // When it last entered monitoring: a second "monitoring" entry is news, not a change.
        let monitoring_at = inc
            .updates
            .windows(2)
            .filter(|w| w[1].status == UpdateStatus::Monitoring && w[0].status != w[1].status)
            .map(|w| &w[1])
            .chain(
                inc.updates
                    .first()
                    .filter(|u| u.status == UpdateStatus::Monitoring),
            )
            .map(|u| u.time.at)
            .max()
            .map(|t| self.time(t));
        let mut v = json!({
            "id": id,
            "name": markdown::plain(&inc.title),
            "status": state.status.statuspage_word(),
            "created_at": self.time(state.created_at),
            "updated_at": self.time(state.updated_at),
            "monitoring_at": monitoring_at,
            "resolved_at": state.resolved_at.map(|t| self.time(t)),
            "impact": impact,
            "shortlink": incident_url(&self.config.base_url, &inc.slug),
            "started_at": self.time(state.started_at),
            "page_id": self.page_id,
            "incident_updates": self.updates(inc, &id),
            "postmortem_body": inc.postmortem.as_ref().map(|p| markdown::to_plain_text(&p.body)),
            "postmortem_published_at": inc.postmortem.as_ref().and_then(|p| p.published).map(|t| self.time(t.at)),
            "components": history::components(inc).map(|c| self.component(c).0.clone()).collect::<Vec<_>>(),
        });
        if let Some(w) = inc.window() {
            v["scheduled_for"] = json!(self.time(w.start));
            v["scheduled_until"] = json!(self.time(w.end));
        }
        if state.status == UpdateStatus::Cancelled {
            v["cancelled_at"] = json!(state.resolved_at.map(|t| self.time(t)));
        }
        v
    }

    /// Updates newest first.
    fn updates(&self, inc: &Incident, incident_id: &str) -> Vec<Value> {
        inc.updates
            .iter()
            .enumerate()
            .rev()
            .map(|(n, u)| {
                let at = self.time(u.time.at);
                json!({
                    "id": Key::Update(&inc.slug, n).stable_id(),
                    "status": u.status.statuspage_word(),
                    "body": markdown::to_plain_text(&u.body),
                    "incident_id": incident_id,
                    "created_at": at,
                    "updated_at": at,
                    "display_at": at,
                    "affected_components": self.affected_components(inc, n),
                    "deliver_notifications": true,
                    "custom_tweet": null,
                    "tweet_id": null,
                })
            })
            .collect()
    }

    /// Update `n`'s `affected_components`: the component statuses it changed, old and new,
    /// as Statuspage's updates carry them (the first update records the components going
    /// down, a final one their coming back); null when it changed none.
    fn affected_components(&self, inc: &Incident, n: usize) -> Value {
        let changes = history::transitions(inc, n);
        if changes.is_empty() {
            return Value::Null;
        }
        let shown = |s| inc.kind.shown_status(s);
        Value::Array(
            changes
                .into_iter()
                .map(|t| {
                    json!({
                        "code": self.component_id(t.component),
                        "name": self.component_name(t.component),
                        "old_status": shown(t.old).as_str(),
                        "new_status": shown(t.new).as_str(),
                    })
                })
                .collect(),
        )
    }
}
