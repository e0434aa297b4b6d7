//! The manual's sections that the command line definition does not hold: EXIT STATUS (from
//! [`Exit`], the one home of the codes), FILES and EXAMPLES of each page, as roff.

use crate::cmd::Exit;

/// `text` as roff text: backslashes, hyphens and a leading `.` or `'` escaped.
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

/// A section of tagged paragraphs: each tag in bold, then its text.
fn section(title: &str, items: &[(String, String)]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut out = format!(".SH \"{title}\"\n");
    for (tag, text) in items {
        out.push_str(&format!(".TP\n\\fB{}\\fR\n{}\n", roff(tag), roff(text)));
    }
    out
}

/// EXIT STATUS: 0, then every [`Exit`] with its meaning.
pub(super) fn exit_status() -> String {
    let mut items = vec![("0".to_string(), "Success.".to_string())];
    items.extend(
        Exit::ALL
            .iter()
            .map(|e| (e.code().to_string(), e.meaning().to_string())),
    );
    section("EXIT STATUS", &items)
}

/// The files the page `name` (`bulletin` or `bulletin-<command>`) reads or writes.
fn file_list(name: &str) -> &'static [(&'static str, &'static str)] {
    const SITE: (&str, &str) = ("bulletin.yaml", "The site's settings and components.");
    const INCIDENTS: (&str, &str) = (
        "incidents/*.md",
        "One incident or maintenance a file: front matter and timeline.",
    );
    match name {
        "bulletin" | "bulletin-check" | "bulletin-serve" | "bulletin-translate-status" => {
            &[SITE, INCIDENTS]
        }
        "bulletin-build" => &[
            SITE,
            INCIDENTS,
            (
                "public/",
                "The built site (--output); replaced only when the build succeeds.",
            ),
        ],
        "bulletin-new" | "bulletin-update" | "bulletin-resolve" | "bulletin-statement" => {
            &[SITE, INCIDENTS]
        }
        "bulletin-notify" => &[
            SITE,
            ("notify.yaml", "The targets to deliver to and how."),
            (
                ".notify-state/",
                "The delivery record (--state): what was delivered, so nothing is sent twice.",
            ),
        ],
        "bulletin-init" => &[
            SITE,
            INCIDENTS,
            (".gitignore", "Leaves the built site out of git."),
            (
                ".github/workflows/",
                ".github/ISSUE_TEMPLATE/, .gitlab-ci.yml: with --ci.",
            ),
        ],
        "bulletin-import" => &[SITE, INCIDENTS],
        "bulletin-issue-form" => &[
            SITE,
            INCIDENTS,
            (
                ".github/ISSUE_TEMPLATE/bulletin-*.yml",
                "The issue forms; `forms` rewrites only those whose first line is Bulletin's.",
            ),
        ],
        _ => &[],
    }
}

/// FILES of the page `name`.
pub(super) fn files(name: &str) -> String {
    let items: Vec<(String, String)> = file_list(name)
        .iter()
        .map(|(f, t)| (f.to_string(), t.to_string()))
        .collect();
    section("FILES", &items)
}

/// The examples of each page (`bulletin` or `bulletin-<command>`): a command and what it does.
#[rustfmt::skip]
const EXAMPLES: &[(&str, &[(&str, &str)])] = &[
    ("bulletin", &[("bulletin init my-status --ci github", "A new site with a GitHub workflow and issue forms."), ("bulletin serve", "See the site while editing it.")]),
    ("bulletin-init", &[("bulletin init my-status --language zh-CN --timezone Asia/Shanghai", "A Chinese site in a new folder."), ("bulletin init . --ci github", "Also the publishing workflow, and issue forms to post from a phone.")]),
    ("bulletin-build", &[("bulletin build --output public --base-url https://status.example.com/", "Build the site for its address.")]),
    ("bulletin-check", &[("bulletin check --deny-warnings", "Fail on warnings too."), ("bulletin check --format github", "Problems as annotations in GitHub Actions.")]),
    ("bulletin-new", &[("bulletin new \"Logins fail\" --affects api=major_outage -m \"Looking into it.\"", "Open an incident.")]),
    ("bulletin-update", &[("bulletin update 2026-03-29-logins-fail \"Fixed, watching.\" --status monitoring --affects api=operational", "Add an entry that also puts a component back."), ("bulletin update 2026-03-29-logins-fail --lang zh-CN \"已修复，观察中。\"", "Translate the latest entry into another of the site's languages.")]),
    ("bulletin-translate-status", &[("bulletin translate-status --format json", "What each language still lacks, for a script.")]),
    ("bulletin-resolve", &[("bulletin resolve 2026-03-29-logins-fail \"Logins work again.\"", "Close it.")]),
    ("bulletin-statement", &[("bulletin statement 2026-03-29-logins-fail \"We are sorry.\" --by \"Dana, CTO\" --url https://blog.example.com/sorry", "Quote an official statement.")]),
    ("bulletin-notify", &[("bulletin notify --dry-run", "Print what would be sent, send nothing.")]),
    ("bulletin-import", &[("bulletin import statuspage https://status.example.com --into .", "Import a Statuspage site's history.")]),
    ("bulletin-man", &[("bulletin man --out /usr/local/share/man/man1", "Install (or update) the pages.")]),
    ("bulletin-completions", &[("bulletin completions bash > /etc/bash_completion.d/bulletin", "Completion for bash.")]),
    ("bulletin-issue-form", &[("bulletin issue-form forms", "Rewrite the issue forms after changing the components.")]),
];

fn example_list(name: &str) -> &'static [(&'static str, &'static str)] {
    EXAMPLES
        .iter()
        .find(|(page, _)| *page == name)
        .map_or(&[], |(_, list)| *list)
}

/// EXAMPLES of the page `name`.
pub(super) fn examples(name: &str) -> String {
    let items: Vec<(String, String)> = example_list(name)
        .iter()
        .map(|(c, t)| (c.to_string(), t.to_string()))
        .collect();
    section("EXAMPLES", &items)
}
