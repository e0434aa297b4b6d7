//! Each branch of the list pages' content blocks against Tera's rendering of the built-in
//! templates (compacted as every theme is), on hand-made cards: the branches a site cannot
//! reach as well (an empty month, an ended incident without a duration). Whole pages of real
//! sites are compared in `tests/suite/render/compiled_page.rs`.

use serde_json::{Value, json};
use tera::{Context, Tera};

use std::sync::Arc;

use super::{Link, ListWords, Month, Year, component_year, month};
use crate::render::cards::Card;
use crate::render::compact;
use crate::render::compiled::{Fields, Html};
use crate::render::values::LabelValues;
use crate::render::view::{IncidentCard, Label, TimeView};

/// The built-in templates a list page reads, compacted, under a `base.html` that writes the
/// content block alone.
fn tera() -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on([".html"]);
    let theme = |name: &str, source: &str| (name.to_string(), compact::template(source).source);
    tera.add_raw_templates([
        theme("base.html", "{% block content %}{% endblock content %}"),
        theme(
            "month.html",
            include_str!("../../../../themes/default/templates/month.html"),
        ),
        theme(
            "partials/incident_row.html",
            include_str!("../../../../themes/default/templates/partials/incident_row.html"),
        ),
        theme(
            "component_year.html",
            include_str!("../../../../themes/default/templates/component_year.html"),
        ),
        theme(
            "partials/year_row.html",
            include_str!("../../../../themes/default/templates/partials/year_row.html"),
        ),
    ])
    .expect("the built-in templates compile");
    tera
}

/// The words, each with characters to escape.
fn words_tree() -> Value {
    json!({
        "ui": {
            "history": "History & <past>", "no_incidents_month": "None \"here\"",
            "newer": "Newer", "older": "Older", "colon": ": ", "lasted": "Lasted <for>",
            "feature_of": "Part 'of'",
        },
        "history": {"by_year": "By & year"},
        "kind": {"incident": "Incident", "maintenance": "Maint <enance>"},
    })
}

/// A time as the views give it.
fn time(iso: &str, day: &str) -> TimeView {
    TimeView {
        iso: iso.into(),
        display: format!("{day} 10:00 UTC-5"),
        short: format!("{day} 10:00"),
        date: day.into(),
        day: day.into(),
        clock: "10:00".into(),
        approximate: false,
    }
}

/// A card as a list reads it: an incident or a maintenance, with or without a title
/// language and a duration.
fn card(kind: &'static str, title: &str, title_lang: Option<&str>, duration: Option<&str>) -> Card {
    let label = |key, label: &str| Label {
        key,
        label: label.into(),
    };
    Card::new(IncidentCard {
        slug: "a&b".into(),
        url: "incidents/a&b/".into(),
        title: title.into(),
        kind,
        phase: "resolved",
        status: label("resolved", "Resolved"),
        impact: label("major", "Major <impact>"),
        started: time("2026-03-07T10:00:00-05:00", "7 Mar 2026"),
        resolved: Some(time("2026-03-07T12:00:00-05:00", "7 Mar 2026")),
        duration: duration.map(str::to_string),
        window: None,
        updated: time("2026-03-07T12:00:00-05:00", "7 Mar 2026"),
        latest: None,
        next_update: None,
        affected: Vec::new(),
        title_lang: title_lang.map(str::to_string),
    })
}

/// The cards of a list, and the same as the template reads them.
fn cards(from: usize) -> (Vec<Arc<Card>>, Vec<tera::Value>) {
    let cards = [
        card(
            "incident",
            "登录失败 <严重> & “引号” \"q\"",
            None,
            Some("2 h"),
        ),
        card("maintenance", "Upgrade 'db'", Some("en"), None),
        card("incident", "No duration", Some(""), Some("")),
    ];
    let labels = LabelValues::default();
    let values = cards[from..]
        .iter()
        .map(|c| c.view.to_value(&labels))
        .collect();
    (cards.into_iter().skip(from).map(Arc::new).collect(), values)
}

fn rows(cards: &[Arc<Card>]) -> Vec<super::Row<'_>> {
    cards.iter().map(|c| c.view.row()).collect()
}

fn written(write: impl FnOnce(&mut Html)) -> String {
    let mut h = Html::with_capacity(0);
    write(&mut h);
    String::from_utf8(h.into_bytes()).unwrap()
}

fn rendered(template: &str, context: &Value) -> String {
    let mut context = Context::from_serialize(context).unwrap();
    context.insert("t", &words_tree());
    tera().render(template, &context).unwrap()
}

/// A pager's link from its template value (`label` or `year`).
fn link<'a>(value: &'a Value, text: &'a str) -> Link<'a> {
    Link {
        url: value["url"].as_str().unwrap(),
        text,
    }
}

#[test]
fn a_month_page_is_teras_in_every_branch() {
    let words = ListWords::of(&words_tree()).expect("every word");
    let march = json!({"url": "history/2026-03/", "label": "March <2026>"});
    let april = json!({"url": "history/2026-04/", "label": "April"});
    let label = |v: &Value| v["label"].as_str().unwrap().to_string();
    for ((cards, values), newer, older) in [
        (cards(0), Some(&april), Some(&march)),
        (cards(3), None, Some(&march)),
        (cards(1), Some(&april), None),
    ] {
        let tera = rendered(
            "month.html",
            &json!({"root": "../../", "month": {"label": "Feb & <2026>"}, "incidents": values,
                    "newer": newer, "older": older}),
        );
        let (newer_text, older_text) = (newer.map(label), older.map(label));
        let page = Month {
            words: &words,
            root: "../../",
            label: "Feb & <2026>",
            cards: &rows(&cards),
            newer: newer.zip(newer_text.as_deref()).map(|(v, t)| link(v, t)),
            older: older.zip(older_text.as_deref()).map(|(v, t)| link(v, t)),
        };
        assert_eq!(written(|h| month(h, &page)), tera);
    }
}

#[test]
fn a_component_year_page_is_teras_in_every_branch() {
    let words = ListWords::of(&words_tree()).expect("every word");
    let product = json!({"url": "components/app/", "name": "App & <co>"});
    let feature = json!({"url": "components/app/login/", "name": "登录 \"Login\""});
    let newer = json!({"url": "components/app/history/2026/", "year": 2026});
    let older = json!({"url": "components/app/history/2024/", "year": 2024});
    let (cards, values) = cards(0);
    for (feature, newer, older) in [
        (Some(&feature), Some(&newer), Some(&older)),
        (None, None, Some(&older)),
        (Some(&feature), Some(&newer), None),
    ] {
        let tera = rendered(
            "component_year.html",
            &json!({"root": "../../../", "site": {"title": "Site & <co>"}, "product": product,
                    "feature": feature, "year": 2025, "incidents": values, "newer": newer,
                    "older": older}),
        );
        let (product, feature) = (
            tera::Value::from_serializable(&product),
            feature.map(tera::Value::from_serializable),
        );
        let page = Year {
            words: &words,
            root: "../../../",
            site_title: "Site & <co>",
            product: Fields::read(&product),
            feature: feature.as_ref().map(Fields::read),
            year: "2025",
            cards: &rows(&cards),
            newer: newer.map(|v| link(v, "2026")),
            older: older.map(|v| link(v, "2024")),
        };
        assert_eq!(written(|h| component_year(h, &page)), tera);
    }
}
