//! WebSub (W3C): when something is new, tell the hub which feeds changed (`hub.mode=publish`,
//! one ping per feed); subscribers then fetch them from the hub. The feeds name the hub
//! (`websub_hub` in bulletin.yaml) and themselves (`rel="self"`).

use std::collections::BTreeSet;

use super::config::Target;
use super::delivery;
use super::diff::Novelty;
use super::report::{About, Head, Report};
use super::run::Run;
use super::state::State;
use super::targets::{AnswerRule, HttpRequest, Outgoing};
use crate::events::Event;
use crate::ids::hash_text;
use crate::urls::{FEEDS, component_path};

/// The feeds that show `events`: the site's, and those of every component (and its product)
/// the events' incidents touch.
pub(super) fn feeds(run: &Run, events: &[(&Event, Novelty)]) -> BTreeSet<String> {
    let base = &run.config.base_url;
    let mut prefixes = BTreeSet::from([String::new()]);
    for (e, _) in events {
        for c in crate::history::components(&run.site.incidents[e.incident]) {
            let product = crate::config::ComponentRef::product(c.product);
            prefixes.insert(component_path(&run.config.reference(c)));
            prefixes.insert(component_path(&run.config.reference(product)));
        }
    }
    prefixes
        .iter()
        .flat_map(|p| FEEDS.map(|f| format!("{base}{p}{f}")))
        .collect()
}

/// Pings the hub for every changed feed; the events count as delivered once all pings are.
pub(super) fn ping(
    run: &Run,
    key: &str,
    target: &Target,
    send: &[(&Event, Novelty)],
    state: &mut State,
    report: &mut Report,
) {
    let Some(hub) = &target.url else { return };
    if send.is_empty() {
        return;
    }
    let mut all_ok = true;
    for feed in feeds(run, send) {
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
        let head = Head {
            target: &target.name,
            about: About::Feed(&feed),
        };
        if run.mode.dry_run {
            report.would_send(head, &Outgoing::Http(req));
            continue;
        }
        let outcome = delivery::post(&req, &run.notify.retry);
        all_ok &= outcome.is_delivered();
        report.outcome(head, &outcome);
    }
    if all_ok && !run.mode.dry_run {
        state.note(
            key,
            send.iter().map(|(e, _)| (e.id.clone(), hash_text(e.hash))),
        );
        if let Err(e) = state.save() {
            report.fail_state(&e);
        }
    }
}
