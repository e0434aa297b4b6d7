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

/// The associations allowed to change the page.
pub const ALLOWED: [&str; 3] = ["OWNER", "MEMBER", "COLLABORATOR"];

/// The actions the step acts on: a new issue, or a label added (to run it again).
pub const ACTIONS: [&str; 2] = ["opened", "labeled"];

/// `Ok` when the event's author may change the page and the action is one acted on.
pub fn check(event: &Event) -> Result<(), String> {
    if !ACTIONS.contains(&event.action.as_str()) {
        return Err(format!(
            "the issue was {}; only an issue opened or labelled is turned into a change",
            event.action
        ));
    }
    let association = event.issue.author_association.as_str();
    if ALLOWED.contains(&association) {
        Ok(())
    } else {
        Err(format!(
            "@{} is not an owner, member or collaborator of this repository ({association}): only they can change the status page from an issue",
            event.issue.user.login
        ))
    }
}
