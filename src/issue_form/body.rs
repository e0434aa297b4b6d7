//! Reading a submitted issue form. GitHub writes the answers into the issue's body as
//! `### <label>` followed by a blank line and the value (`_No response_` when left empty;
//! several dropdown choices joined by `, `). Only the fields of the form the body starts
//! with are read, in the form's order: a `### ` line that is not the next field's label is
//! part of the value it appears in, and a one-line field that holds more than one line is
//! refused — so nothing outside the form's own fields is ever taken as an answer.

use super::spec::{FORMS, Field, Form, Widget, Words};

/// What GitHub writes for a field left empty.
const NO_RESPONSE: &str = "_No response_";
/// What GitHub offers in a dropdown that is not required.
const NONE_CHOICE: &str = "None";
/// How GitHub joins a multiple dropdown's choices.
const CHOICE_SEPARATOR: &str = ", ";

/// The answers of one submitted form, each checked against its field's bounds.
#[derive(Debug, Clone)]
pub(crate) struct Submitted {
    pub form: &'static Form,
    /// Field id and its value, trimmed; empty when left empty.
    values: Vec<(&'static str, String)>,
}

impl Submitted {
    /// The value of field `id` (empty when left empty or not in the form).
    pub(crate) fn get(&self, id: &str) -> &str {
        self.values
            .iter()
            .find(|(k, _)| *k == id)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The choices of the multiple dropdown `id`.
    pub(crate) fn choices(&self, id: &str) -> Vec<&str> {
        let value = self.get(id);
        if value.is_empty() {
            return Vec::new();
        }
        value.split(CHOICE_SEPARATOR).map(str::trim).collect()
    }
}

fn heading(field: &Field, words: &Words) -> String {
    format!("### {}", words.label(field))
}

/// Reads `body` as one of the forms; every problem found is returned at once.
pub(crate) fn read(body: &str, words: &Words) -> Result<Submitted, Vec<String>> {
    let body = body.replace("\r\n", "\n");
    let first = body.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let Some(form) = FORMS
        .iter()
        .find(|f| first.trim_end() == heading(&f.fields[0], words))
    else {
        let expected: Vec<String> = FORMS.iter().map(|f| heading(&f.fields[0], words)).collect();
        return Err(vec![format!(
            "this issue was not written with one of the status page's forms: it should start with one of {}",
            expected.join(", ")
        )]);
    };
    let sections = split(&body, form, words);
    let mut values = Vec::new();
    let mut problems = Vec::new();
    for (field, section) in form.fields.iter().zip(sections) {
        match value(field, &words.label(field), &section) {
            Ok(v) => values.push((field.id, v)),
            Err(p) => problems.push(p),
        }
    }
    if problems.is_empty() {
        Ok(Submitted { form, values })
    } else {
        Err(problems)
    }
}

/// The raw text under each field's heading, in field order (empty when a heading is absent).
fn split(body: &str, form: &Form, words: &Words) -> Vec<String> {
    let headings: Vec<String> = form.fields.iter().map(|f| heading(f, words)).collect();
    let mut sections = vec![String::new(); form.fields.len()];
    let mut current: Option<usize> = None;
    for line in body.split_inclusive('\n') {
        let start = current.map_or(0, |i| i + 1);
        let next = (start..form.fields.len()).find(|&j| line.trim_end() == headings[j]);
        match (next, current) {
            (Some(j), _) => current = Some(j),
            (None, Some(i)) => sections[i].push_str(line),
            (None, None) => {}
        }
    }
    sections
}

/// One field's value, checked: required, length, one line, a known choice.
fn value(field: &Field, label: &str, section: &str) -> Result<String, String> {
    let text = section.trim();
    let empty = text == NO_RESPONSE
        || text.is_empty()
        || (matches!(field.widget, Widget::Dropdown { .. }) && text == NONE_CHOICE);
    if empty {
        return if field.required {
            Err(format!("\"{label}\" is required"))
        } else {
            Ok(String::new())
        };
    }
    let chars = text.chars().count();
    if chars > field.max_chars {
        return Err(format!(
            "\"{label}\" is {chars} characters long; at most {} are accepted",
            field.max_chars
        ));
    }
    if field.widget != Widget::Textarea && text.contains('\n') {
        return Err(format!(
            "\"{label}\" holds more than one line: only the form's own fields are read, one line each"
        ));
    }
    if let Widget::Dropdown { choices, multiple } = field.widget
        && let Some(words) = choices.words()
    {
        let given: Vec<&str> = if multiple {
            text.split(CHOICE_SEPARATOR).map(str::trim).collect()
        } else {
            vec![text]
        };
        if let Some(bad) = given.iter().find(|g| !words.contains(g)) {
            return Err(format!(
                "\"{label}\": '{bad}' is not one of {}",
                words.join(", ")
            ));
        }
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issue_form::spec::Action;

    fn read(body: &str) -> Result<Submitted, Vec<String>> {
        let yaml = "title: T\nbase_url: https://s.test/\nlanguage: en\ntimezone: UTC\nproducts:\n  - id: qq\n    name: QQ\n";
        let config = crate::config::parse(std::path::Path::new("."), yaml, None).expect("config");
        super::read(body, &Words::for_site(&config).expect("words"))
    }

    #[test]
    fn reads_the_fields_in_order_and_a_heading_in_a_message_stays_text() {
        let body = "### Incident to resolve\r\n\r\nx-1\r\n\r\n### Message\r\n\r\nDone.\r\n### Incident to resolve\r\n\r\nmore";
        let form = read(body).unwrap();
        assert_eq!(form.form.action, Action::Resolve);
        assert_eq!(form.get("incident"), "x-1");
        assert_eq!(
            form.get("message"),
            "Done.\n### Incident to resolve\n\nmore"
        );
    }

    #[test]
    fn empty_answers_and_unknown_forms() {
        let body = "### Incident to update\n\nx\n\n### New status\n\nNone\n\n### Changed components\n\n_No response_\n\n### Their new status\n\n_No response_\n\n### Message\n\nm";
        let form = read(body).unwrap();
        assert_eq!(form.get("status"), "");
        assert!(form.choices("components").is_empty());
        assert!(read("### Something else\n\nx").is_err());
        // A required field left empty, and a choice not in the list: both said at once.
        let bad = "### Incident title\n\n_No response_\n\n### Affected components\n\nqq\n\n### Component status\n\nbroken\n\n### Status\n\ninvestigating";
        assert_eq!(read(bad).unwrap_err().len(), 2);
    }
}
