//! From a phone: GitHub issue forms that change the status page. `bulletin init --ci github`
//! writes three forms (new incident, update, resolve; [`forms`]) and a workflow that, when a
//! form is submitted, runs `bulletin issue-form apply` on the event. That step reads the
//! event ([`payload`], bounded), checks its author ([`permission`]), reads the form's answers
//! ([`body`]) and runs the authoring command in this process ([`apply`]); the workflow then
//! commits the file (or opens a pull request) and posts the reply this module writes. The
//! issue is only the input: the Markdown file stays the truth.

use jiff::Timestamp;

use crate::config::Config;
use crate::diagnostics::report::{self, Format};

pub mod apply;
pub(crate) mod body;
pub mod forms;
pub mod payload;
pub mod permission;
pub mod spec;

pub use apply::{Applied, Refusal};
pub use payload::Event;

/// What the step did, and the reply to post on the issue (Markdown).
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The change written, or `None` when nothing was changed.
    pub applied: Option<Applied>,
    pub reply: String,
}

/// Turns the event into a change of the site at `now`, or into a refusal that says why.
pub fn handle(config: &Config, now: Timestamp, event: &Event) -> Outcome {
    if let Err(why) = permission::check(event) {
        return refused(config, &Refusal::Form(vec![why]));
    }
    let words = match spec::Words::for_site(config) {
        Ok(w) => w,
        Err(d) => return refused(config, &Refusal::Check(d.iter().cloned().collect())),
    };
    let submitted = match body::read(event.issue.body.as_deref().unwrap_or(""), &words) {
        Ok(s) => s,
        Err(problems) => return refused(config, &Refusal::Form(problems)),
    };
    match apply::run(config, now, &submitted) {
        Ok(applied) => Outcome {
            reply: done_reply(config, &applied),
            applied: Some(applied),
        },
        Err(refusal) => refused(config, &refusal),
    }
}

/// The reply for a change made: the command, the file and the page's address.
fn done_reply(config: &Config, applied: &Applied) -> String {
    let command = match applied.action {
        spec::Action::New => "bulletin new",
        spec::Action::Update => "bulletin update",
        spec::Action::Resolve => "bulletin resolve",
    };
    let url = crate::urls::incident_url(&config.base_url, &applied.slug);
    format!(
        "Done: `{command}` wrote `{}`.\n\nThe page: {url} (it shows the change once the site is published again).\n",
        applied.file.display()
    )
}

/// A reply for a refusal: nothing changed, why (in a code block, so nothing the issue said
/// becomes a mention or a link) and how to try again.
pub fn refused(config: &Config, refusal: &Refusal) -> Outcome {
    let why = match refusal {
        Refusal::Form(problems) => problems.join("\n"),
        Refusal::Check(diagnostics) => {
            report::render(diagnostics, Format::Human, &config.root, false)
        }
    };
    Outcome {
        applied: None,
        reply: refusal_reply(&why),
    }
}

/// The refusal reply around `why`, fenced with more backticks than `why` holds in a row.
pub fn refusal_reply(why: &str) -> String {
    let longest = why.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!(
        "Nothing was changed on the status page:\n\n{fence}text\n{}\n{fence}\n\nEdit the issue, then remove and add the `{}` label again to retry.\n",
        why.trim_end(),
        spec::LABEL
    )
}
