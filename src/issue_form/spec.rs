//! The three issue forms, as data: each field's id, label, type and bounds. The forms
//! `bulletin init --ci github` writes ([`super::forms`]) and the reader of a submitted
//! form ([`super::body`]) both follow this one description, so a label is written once.

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
    /// What the issue shows as its `### ` heading, which is how a submitted form is read.
    pub label: &'static str,
    pub description: &'static str,
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
    pub name: &'static str,
    pub description: &'static str,
    /// The default title.
    pub title: &'static str,
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
    description: &'static str,
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
        description,
        widget,
        required,
        max_chars,
    }
}

const fn dropdown(choices: Choices, multiple: bool) -> Widget {
    Widget::Dropdown { choices, multiple }
}

const MESSAGE: &str = "What readers of the status page should know (Markdown).";
const SLUG: &str =
    "Its slug: the file name in incidents/ without .md, e.g. 2026-03-29-login-errors.";

/// The three forms, in the order GitHub lists them.
pub(crate) const FORMS: [Form; 3] = [
    Form {
        action: Action::New,
        file: "bulletin-new.yml",
        name: "Status page: new incident",
        description: "Open an incident on the status page (runs `bulletin new`).",
        title: "Incident: ",
        fields: &[
            field(
                "title",
                "Incident title",
                "The title readers see.",
                Widget::Input,
                true,
            ),
            field(
                "components",
                "Affected components",
                "",
                dropdown(Choices::Components, true),
                true,
            ),
            field(
                "component_status",
                "Component status",
                "How badly they are affected.",
                dropdown(Choices::IncidentComponentStatus, false),
                true,
            ),
            field(
                "status",
                "Status",
                "",
                dropdown(Choices::NewStatus, false),
                true,
            ),
            field("message", "Message", MESSAGE, Widget::Textarea, false),
        ],
    },
    Form {
        action: Action::Update,
        file: "bulletin-update.yml",
        name: "Status page: update",
        description: "Add an entry to an incident or maintenance (runs `bulletin update`).",
        title: "Update: ",
        fields: &[
            field("incident", "Incident to update", SLUG, Widget::Input, true),
            field(
                "status",
                "New status",
                "Leave empty to keep the current one; incident statuses first, then maintenance ones.",
                dropdown(Choices::UpdateStatus, false),
                false,
            ),
            field(
                "components",
                "Changed components",
                "Components whose status this update changes.",
                dropdown(Choices::Components, true),
                false,
            ),
            field(
                "component_status",
                "Their new status",
                "Required when components are chosen.",
                dropdown(Choices::ChangedComponentStatus, false),
                false,
            ),
            field("message", "Message", MESSAGE, Widget::Textarea, true),
        ],
    },
    Form {
        action: Action::Resolve,
        file: "bulletin-resolve.yml",
        name: "Status page: resolve",
        description: "Close an incident, or complete a maintenance (runs `bulletin resolve`).",
        title: "Resolve: ",
        fields: &[
            field("incident", "Incident to resolve", SLUG, Widget::Input, true),
            field("message", "Message", MESSAGE, Widget::Textarea, false),
        ],
    },
];
