//! Who may change the status page from an issue: the issue's author must be the repository's
//! owner, a member of its organisation or an invited collaborator (`author_association`).
//!
//! Why this field: it is in the event itself, so the step needs no token and no network, and
//! the workflow's `if:` can test the same words before any job starts. Its limits (docs/ci.md):
//! it says how the author relates to the repository, not what they may do — an organisation
//! MEMBER or a COLLABORATOR may have read-only or triage access, and it is the author's
//! relation when the event was sent. A repository that needs "write access" exactly should
//! keep issue forms off for such accounts, or choose `pull-request` mode so a person with
//! write access merges every change.

use super::payload::Event;
use super::spec::LABEL;

/// The associations allowed to change the page.
pub const ALLOWED: [&str; 3] = ["OWNER", "MEMBER", "COLLABORATOR"];

/// `Ok` when the event is the form's label being added (GitHub adds it when the form is
/// submitted, and a person adds it again to retry) and its author may change the page. Only
/// that one event: an issue made with a form is both `opened` and `labeled`, and acting on
/// both, or on any other label added, would make the change twice.
pub fn check(event: &Event) -> Result<(), String> {
    let label = event.label.as_ref().map(|l| l.name.as_str());
    if event.action != "labeled" || label != Some(LABEL) {
        return Err(format!(
            "only the `{LABEL}` label being added turns an issue into a change (this event: {})",
            event.action
        ));
    }
    let association = event.issue.author_association.as_str();
    if ALLOWED.contains(&association) {
        Ok(())
    } else {
        Err(format!(
            "`{}` is not an owner, member or collaborator of this repository ({association}): only they can change the status page from an issue",
            event.issue.user.login
        ))
    }
}
