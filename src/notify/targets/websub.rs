//! WebSub (W3C): when something is new, tell the hub which feeds changed (`hub.mode=publish`,
//! one ping per feed); subscribers then fetch them from the hub. The feeds name the hub
//! (`websub_hub` in bulletin.yaml) and themselves (`rel="self"`). The pings go as one batch:
//! the events count as delivered once all are.

use std::collections::BTreeSet;

use super::{About, AnswerRule, Batch, HttpRequest, Outgoing, Parcel, Site, StandsFor};
use crate::events::Event;
use crate::notify::config::Secret;
use crate::notify::diff::Novelty;
use crate::urls::{FEEDS, component_path};

/// The feeds that show `events`: the site's, and those of every component (and its product)
/// the events' incidents touch.
fn feeds(site: Site, events: &[(&Event, Novelty)]) -> BTreeSet<String> {
    let base = &site.config.base_url;
    let mut prefixes = BTreeSet::from([String::new()]);
    for (e, _) in events {
        for c in crate::history::components(&site.site.incidents[e.incident]) {
            let product = crate::config::ComponentRef::product(c.product);
            prefixes.insert(component_path(&site.config.reference(c)));
            prefixes.insert(component_path(&site.config.reference(product)));
        }
    }
    prefixes
        .iter()
        .flat_map(|p| FEEDS.map(|f| format!("{base}{p}{f}")))
        .collect()
}

/// A ping of `hub` for every feed `events` changed (`None` when nothing is new).
pub(super) fn batch<'a>(
    site: Site,
    hub: &Secret,
    events: &[(&'a Event, Novelty)],
) -> Option<Batch<'a>> {
    if events.is_empty() {
        return None;
    }
    let parcels = feeds(site, events)
        .into_iter()
        .map(|feed| {
            let body: String = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("hub.mode", "publish")
                .append_pair("hub.url", &feed)
                .finish();
            let req = HttpRequest {
                url: hub.clone(),
                content_type: "application/x-www-form-urlencoded",
                headers: Vec::new(),
                body,
                answer: AnswerRule::Status,
            };
            Parcel {
                about: About::Feed(feed),
                outgoing: Outgoing::Http(req),
            }
        })
        .collect();
    Some(Batch {
        events: events.iter().map(|(e, _)| *e).collect(),
        parcels,
        stands_for: StandsFor::Feeds,
    })
}
