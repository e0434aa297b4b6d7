//! The theme's words an incident page writes (`t.ui.*`, `t.kind.*`), looked up and escaped
//! once per tree instead of on every page.

use serde_json::Value;

use super::html::escaped;

/// The words of `t.ui` the incident page uses, escaped, in the template's order.
macro_rules! ui_words {
    ($($key:ident),* $(,)?) => {
        /// `t.ui.*` and `t.kind.*` as the incident page writes them: escaped.
        pub(crate) struct Words {
            $(pub(crate) $key: String,)*
            /// `t.kind.incident`, `t.kind.maintenance`.
            pub(crate) incident: String,
            pub(crate) maintenance: String,
            /// `t.ui.ongoing_for` around its `{}`: what `split(pat="{}")` gives `first` and
            /// `last`.
            pub(crate) ongoing_before: String,
            pub(crate) ongoing_after: String,
        }

        impl Words {
            /// The words from the strings' tree; `None` when one is missing or is not text
            /// (Tera then renders the page, and says what is wrong).
            pub(crate) fn of(tree: &Value) -> Option<Words> {
                let ui = tree.get("ui")?;
                let word = |group: &Value, key: &str| group.get(key)?.as_str().map(str::to_string);
                let kinds = tree.get("kind")?;
                let ongoing_for = word(ui, "ongoing_for")?;
                let before = ongoing_for.split("{}").next().unwrap_or_default();
                let after = ongoing_for.split("{}").last().unwrap_or_default();
                Some(Words {
                    $($key: escaped(&word(ui, stringify!($key))?),)*
                    incident: escaped(&word(kinds, "incident")?),
                    maintenance: escaped(&word(kinds, "maintenance")?),
                    ongoing_before: escaped(before),
                    ongoing_after: escaped(after),
                })
            }
        }
    };
}

ui_words!(
    untranslated,
    status,
    impact,
    next_update_by,
    window,
    started,
    resolved,
    duration,
    ongoing,
    postmortem_published,
    affected_then,
    affected,
    timeline,
    new_window,
    colon,
    component_changes,
    statements,
    comma,
    via,
    source,
);

impl Words {
    /// `t.kind[kind]`, for a card's kind (`model::Kind`: one of the two).
    pub(crate) fn kind(&self, kind: &str) -> &str {
        if kind == "maintenance" {
            &self.maintenance
        } else {
            &self.incident
        }
    }
}
