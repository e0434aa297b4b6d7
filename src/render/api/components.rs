//! Component objects: products as Statuspage component groups, features as their components.

use jiff::Timestamp;
use serde_json::{Value, json};

use super::{Api, stable_id};
use crate::markdown;
use crate::model::ComponentStatus;

impl Api<'_> {
    /// Products as Statuspage component groups, each followed by its features.
    pub(super) fn components(&self) -> Vec<Value> {
        let mut out = Vec::new();
        for (pi, (p, state)) in self
            .config
            .products
            .iter()
            .zip(&self.site.products)
            .enumerate()
        {
            let group_id = stable_id(&format!("component:{}", p.id));
            out.push(self.group(pi));
            for (f, &status) in p.features.iter().zip(&state.features) {
                let reference = format!("{}/{}", p.id, f.id);
                out.push(self.component(
                    &reference,
                    &f.name,
                    f.description.as_deref(),
                    status,
                    Some(&group_id),
                ));
            }
        }
        out
    }

    /// The component object of a reference, with the status it has now.
    pub(super) fn component_by_ref(&self, reference: &str) -> Option<Value> {
        match self.config.lookup(reference)? {
            (pi, None) => Some(self.group(pi)),
            (pi, Some(fi)) => {
                let p = &self.config.products[pi];
                let feat = &p.features[fi];
                Some(self.component(
                    reference,
                    &feat.name,
                    feat.description.as_deref(),
                    self.site.products[pi].features[fi],
                    Some(&stable_id(&format!("component:{}", p.id))),
                ))
            }
        }
    }

    /// A component's own name (a feature's name without its product's), as Statuspage names
    /// it, as plain text.
    pub(super) fn component_name(&self, reference: &str) -> String {
        let name = match self.config.lookup(reference) {
            Some((pi, Some(fi))) => &self.config.products[pi].features[fi].name,
            Some((pi, None)) => &self.config.products[pi].name,
            None => reference,
        };
        markdown::plain(name).into_owned()
    }

    /// A product as a Statuspage component group.
    fn group(&self, pi: usize) -> Value {
        let p = &self.config.products[pi];
        let members: Vec<String> = p
            .features
            .iter()
            .map(|f| stable_id(&format!("component:{}/{}", p.id, f.id)))
            .collect();
        let mut group = self.component(
            &p.id,
            &p.name,
            p.description.as_deref(),
            self.site.products[pi].status,
            None,
        );
        group["group"] = json!(true);
        group["components"] = json!(members);
        group
    }

    fn component(
        &self,
        reference: &str,
        name: &str,
        description: Option<&str>,
        status: ComponentStatus,
        group_id: Option<&str>,
    ) -> Value {
        json!({
            "id": stable_id(&format!("component:{reference}")),
            "name": markdown::plain(name),
            "status": status.as_str(),
            "created_at": self.time(self.epoch),
            "updated_at": self.time(self.updated(reference)),
            "position": self.positions.get(reference).copied().unwrap_or(0),
            "description": description.map(markdown::plain),
            "showcase": true,
            "start_date": null,
            "group_id": group_id,
            "page_id": self.page_id,
            "group": false,
            "only_show_if_degraded": false,
        })
    }

    /// When the component last changed: its latest incident's last update, else the epoch.
    fn updated(&self, reference: &str) -> Timestamp {
        self.site
            .by_component
            .get(reference)
            .and_then(|ix| ix.iter().map(|&i| self.site.states[i].updated_at).max())
            .unwrap_or(self.epoch)
    }
}
