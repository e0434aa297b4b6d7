//! The three issue forms, as data: each field's id, label, type and bounds. The forms
//! `bulletin init --ci github` writes ([`super::forms`]) and the reader of a submitted
//! form ([`super::body`]) both follow this one description, so a label is written once.

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::i18n::Strings;
use crate::model::{ComponentStatus, UpdateStatus};

/// Which authoring command a form stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    New,
    Update,
    Resolve,
}

/// How a field is filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Widget {
    /// One line of text.
    Input,
    /// Markdown, many lines.
    Textarea,
    /// One (or, `multiple`, several) of the given choices.
    Dropdown { choices: Choices, multiple: bool },
}

/// Where a dropdown's choices come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Choices {
    /// The components of the site's `bulletin.yaml`, as `product` or `product/feature`.
    Components,
    /// The status of a component during an incident (not `operational`).
    IncidentComponentStatus,
    /// A component's new status in an update (`operational` included).
    ChangedComponentStatus,
    /// The statuses of an open incident's first entry.
    NewStatus,
    /// The statuses an update may give, incident ones then maintenance ones.
    UpdateStatus,
}

impl Choices {
    /// The words of a fixed list (`None` for the site's components).
    pub(crate) fn words(self) -> Option<Vec<&'static str>> {
        let open = |s: &UpdateStatus| !s.is_final();
        match self {
            Choices::Components => None,
            Choices::IncidentComponentStatus => Some(
                ComponentStatus::WORDS
                    .iter()
                    .copied()
                    .filter(|w| *w != "under_maintenance")
                    .collect(),
            ),
            Choices::ChangedComponentStatus => Some(
                std::iter::once("operational")
                    .chain(ComponentStatus::WORDS.iter().copied())
                    .collect(),
            ),
            Choices::NewStatus => Some(
                UpdateStatus::INCIDENT
                    .iter()
                    .filter(|s| open(s))
                    .map(|s| s.as_str())
                    .collect(),
            ),
            Choices::UpdateStatus => Some(
                UpdateStatus::INCIDENT
                    .iter()
                    .chain(&UpdateStatus::MAINTENANCE)
                    .filter(|s| open(s))
                    .map(|s| s.as_str())
                    .collect(),
            ),
        }
    }
}

/// One field of a form.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    /// The form's id for it (stable; GitHub does not show it in the issue).
    pub id: &'static str,
    /// The i18n key of its label: what the issue shows as its `### ` heading, which is how a
    /// submitted form is read.
    pub label: &'static str,
    /// The i18n key of its help line, if any.
    pub help: Option<&'static str>,
    pub widget: Widget,
    pub required: bool,
    /// The longest value accepted, in characters.
    pub max_chars: usize,
}

/// One form: a file in `.github/ISSUE_TEMPLATE/` and its fields, the first of which names it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Form {
    pub action: Action,
    /// File name in `.github/ISSUE_TEMPLATE/`.
    pub file: &'static str,
    /// The i18n group of its words: `name`, `description`, `title` (the default).
    pub words: &'static str,
    pub fields: &'static [Field],
}

/// The label every form gives its issue, which the workflow runs on.
pub const LABEL: &str = "status-page";

/// A title or an incident's slug: one line.
const LINE_CHARS: usize = 200;
/// An entry's Markdown.
const MESSAGE_CHARS: usize = 10_000;
/// A dropdown's answer: several component references.
const CHOICE_CHARS: usize = 4_000;

const fn field(
    id: &'static str,
    label: &'static str,
    help: Option<&'static str>,
    widget: Widget,
    required: bool,
) -> Field {
    let max_chars = match widget {
        Widget::Input => LINE_CHARS,
        Widget::Textarea => MESSAGE_CHARS,
        Widget::Dropdown { .. } => CHOICE_CHARS,
    };
    Field {
        id,
        label,
        help,
        widget,
        required,
        max_chars,
    }
}

const fn dropdown(choices: Choices, multiple: bool) -> Widget {
    Widget::Dropdown { choices, multiple }
}

const MESSAGE: Option<&str> = Some("issue_form.message_help");
const SLUG: Option<&str> = Some("issue_form.slug_help");

/// The three forms, in the order GitHub lists them.
#[rustfmt::skip]
pub(crate) const FORMS: [Form; 3] = [
    Form {
        action: Action::New,
        file: "bulletin-new.yml",
        words: "issue_form.new",
        fields: &[
            field("title", "issue_form.new.title_label", Some("issue_form.new.title_help"), Widget::Input, true),
            field("components", "issue_form.new.components", None, dropdown(Choices::Components, true), true),
            field("component_status", "issue_form.new.component_status", Some("issue_form.new.component_status_help"), dropdown(Choices::IncidentComponentStatus, false), true),
            field("status", "issue_form.new.status", None, dropdown(Choices::NewStatus, false), true),
            field("message", "issue_form.new.message", MESSAGE, Widget::Textarea, false),
        ],
    },
    Form {
        action: Action::Update,
        file: "bulletin-update.yml",
        words: "issue_form.update",
        fields: &[
            field("incident", "issue_form.update.incident", SLUG, Widget::Input, true),
            field("status", "issue_form.update.status", Some("issue_form.update.status_help"), dropdown(Choices::UpdateStatus, false), false),
            field("components", "issue_form.update.components", Some("issue_form.update.components_help"), dropdown(Choices::Components, true), false),
            field("component_status", "issue_form.update.component_status", Some("issue_form.update.component_status_help"), dropdown(Choices::ChangedComponentStatus, false), false),
            field("message", "issue_form.update.message", MESSAGE, Widget::Textarea, true),
        ],
    },
    Form {
        action: Action::Resolve,
        file: "bulletin-resolve.yml",
        words: "issue_form.resolve",
        fields: &[
            field("incident", "issue_form.resolve.incident", SLUG, Widget::Input, true),
            field("message", "issue_form.resolve.message", MESSAGE, Widget::Textarea, false),
        ],
    },
];

/// The forms' words in the site's language (the theme's `issue_form:` strings): the forms
/// are written with them and a submitted form is read by them.
#[derive(Debug, Clone)]
pub(crate) struct Words(Strings);

impl Words {
    pub(crate) fn for_site(config: &Config) -> Result<Words, Diagnostics> {
        Strings::for_site(config).map(Words)
    }

    /// A field's label: its `### ` heading in the issue.
    pub(crate) fn label(&self, field: &Field) -> String {
        self.0.get(field.label)
    }

    /// A field's help line, if it has one.
    pub(crate) fn help(&self, field: &Field) -> Option<String> {
        field.help.map(|key| self.0.get(key))
    }

    /// The form's `name`, `description` or `title`.
    pub(crate) fn form(&self, form: &Form, what: &str) -> String {
        self.0.get(&format!("{}.{what}", form.words))
    }
}
