//! Each branch of the list pages' content blocks against Tera's rendering of the built-in
//! templates (compacted as every theme is), on hand-made cards: the branches a site cannot
//! reach as well (an empty month, an ended incident without a duration). Whole pages of real
//! sites are compared in `tests/suite/render/compiled_page.rs`.

use serde_json::{Value, json};
use tera::{Context, Tera};

use super::{Link, ListWords, Month, Year, component_year, month};
use crate::render::compact;
use crate::render::compiled::{Fields, Html};

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

/// A card as a list reads it: an incident or a maintenance, with or without a title
/// language and a duration.
fn card(kind: &str, title: &str, title_lang: Option<&str>, duration: Option<&str>) -> Value {
    json!({
        "kind": kind, "url": "incidents/a&b/", "title": title, "title_lang": title_lang,
        "impact": {"key": "major", "label": "Major <impact>"},
        "started": {"iso": "2026-03-07T10:00:00-05:00", "day": "7 Mar 2026"},
        "duration": duration,
    })
}

fn cards() -> Vec<Value> {
    vec![
        card(
            "incident",
            "登录失败 <严重> & “引号” \"q\"",
            None,
            Some("2 h"),
        ),
        card("maintenance", "Upgrade 'db'", Some("en"), None),
        card("incident", "No duration", Some(""), Some("")),
    ]
}

fn values(cards: &[Value]) -> Vec<tera::Value> {
    cards.iter().map(tera::Value::from_serializable).collect()
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
    for (cards, newer, older) in [
        (cards(), Some(&april), Some(&march)),
        (vec![], None, Some(&march)),
        (cards()[1..].to_vec(), Some(&april), None),
    ] {
        let tera = rendered(
            "month.html",
            &json!({"root": "../../", "month": {"label": "Feb & <2026>"}, "incidents": cards,
                    "newer": newer, "older": older}),
        );
        let (newer_text, older_text) = (newer.map(label), older.map(label));
        let cards = values(&cards);
        let page = Month {
            words: &words,
            root: "../../",
            label: "Feb & <2026>",
            cards: &cards,
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
    for (feature, newer, older) in [
        (Some(&feature), Some(&newer), Some(&older)),
        (None, None, Some(&older)),
        (Some(&feature), Some(&newer), None),
    ] {
        let tera = rendered(
            "component_year.html",
            &json!({"root": "../../../", "site": {"title": "Site & <co>"}, "product": product,
                    "feature": feature, "year": 2025, "incidents": cards(), "newer": newer,
                    "older": older}),
        );
        let (product, feature) = (
            tera::Value::from_serializable(&product),
            feature.map(tera::Value::from_serializable),
        );
        let cards = values(&cards());
        let page = Year {
            words: &words,
            root: "../../../",
            site_title: "Site & <co>",
            product: Fields::read(&product),
            feature: feature.as_ref().map(Fields::read),
            year: "2025",
            cards: &cards,
            newer: newer.map(|v| link(v, "2026")),
            older: older.map(|v| link(v, "2024")),
        };
        assert_eq!(written(|h| component_year(h, &page)), tera);
    }
}
