//! Component objects: products as Statuspage component groups, features as their components.

use jiff::Timestamp;
use serde_json::{Value, json};

use super::Api;
use crate::config::ComponentRef;
use crate::ids::Key;
use crate::markdown;

impl Api<'_> {
    /// Products as Statuspage component groups, each followed by its features.
    pub(super) fn components(&self) -> Vec<Value> {
        self.config
            .components()
            .map(|c| self.component(c).0.clone())
            .collect()
    }

    /// The object of `c` this render shows, and the hash incident objects embedding it are
    /// keyed on (built once, in [`Api::new`]).
    pub(super) fn component(&self, c: ComponentRef) -> &(Value, u64) {
        &self.component_objects[&c]
    }

    /// The component object of `c` (a group for a product), with the status it has now.
    pub(super) fn component_object(&self, c: ComponentRef) -> Value {
        let p = &self.config.products[c.product];
        let (description, group_id) = match c.feature {
            Some(fi) => (
                p.features[fi].description.as_deref(),
                Some(self.component_id(ComponentRef::product(c.product))),
            ),
            None => (p.description.as_deref(), None),
        };
        // Statuspage's own names for bulletin.yaml's `hide_uptime` and `only_show_if_degraded`.
        let (hide_uptime, only_show_if_degraded) = match c.feature {
            Some(fi) => (
                p.features[fi].hide_uptime,
                p.features[fi].only_show_if_degraded,
            ),
            None => (p.hide_uptime, p.only_show_if_degraded),
        };
        let mut object = json!({
            "id": self.component_id(c),
            "name": self.component_name(c),
            "status": self.site.status_of(c).as_str(),
            "created_at": self.time(self.epoch),
            "updated_at": self.time(self.updated(c)),
            "position": self.positions.get(&c).copied().unwrap_or(0),
            "description": description.map(markdown::plain),
            "showcase": !hide_uptime,
            "start_date": null,
            "group_id": group_id,
            "page_id": self.page_id,
            "group": false,
            "only_show_if_degraded": only_show_if_degraded,
        });
        if c.feature.is_none() {
            let members: Vec<String> = (0..p.features.len())
                .map(|fi| {
                    self.component_id(ComponentRef {
                        product: c.product,
                        feature: Some(fi),
                    })
                })
                .collect();
            object["group"] = json!(true);
            object["components"] = json!(members);
        }
        object
    }

    /// A component's stable id, derived from its reference.
    pub(super) fn component_id(&self, c: ComponentRef) -> String {
        Key::Component(&self.config.reference(c)).stable_id()
    }

    /// A component's own name (a feature's name without its product's), as Statuspage names
    /// it, as plain text.
    pub(super) fn component_name(&self, c: ComponentRef) -> String {
        markdown::plain(self.config.own_name(c)).into_owned()
    }

    /// When the component last changed: its latest incident's last update, else the epoch.
    fn updated(&self, c: ComponentRef) -> Timestamp {
        self.site
            .by_component
            .get(&c)
            .and_then(|ix| ix.iter().map(|&i| self.site.states[i].updated_at).max())
            .unwrap_or(self.epoch)
    }
}
