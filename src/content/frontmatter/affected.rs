//! The front matter's `affected` map read by the full reader: each component on its own.

use serde::Deserialize;
use serde_yaml::Value;

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Affected, ComponentStatus, narrow};
use crate::yaml::YamlText;

/// Reads `affected` entry by entry, in the order written: each bad status is reported on
/// its own line, and the components that are fine are kept for the other checks.
pub(super) fn read(
    config: &Config,
    yaml: &YamlText,
    value: &Value,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Affected> {
    let map = match value {
        Value::Mapping(map) => map,
        Value::Null => return Vec::new(),
        _ => {
            problems.push(
                Diagnostic::error(Code::BadValue, yaml.file, "`affected` is not a map of components to statuses")
                    .span(yaml.key_span("affected"))
                    .hint(format!("write one `product/feature: status` per line under `affected:`, e.g. `  {}: major_outage`", config.example_component())),
            );
            return Vec::new();
        }
    };
    let from = yaml.key_span("affected").line;
    let mut out = Vec::with_capacity(map.len());
    for (key, status) in map {
        let component = match key {
            Value::String(s) => s.clone(),
            other => serde_yaml::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        let at = yaml.span_after(from, &component);
        match ComponentStatus::deserialize(status) {
            Ok(status) => out.push(Affected {
                component: component.into(),
                target: None,
                status,
                line: narrow(at.line),
                column: narrow(at.column),
            }),
            Err(e) => {
                let mut d = yaml.value_error("affected", &e);
                let said = e.to_string();
                let word = said.split('`').nth(1).unwrap_or(&said);
                d.message =
                    format!("unknown component status '{word}' for '{component}' in `affected`");
                if d.line != Some(at.line) {
                    d = d.span(yaml.span_after(at.line, ":"));
                }
                problems.push(d);
            }
        }
    }
    out
}
