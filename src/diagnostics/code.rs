//! The stable identifiers of problems (`unknown-component`, `bad-time`, …): one variant a kind
//! of problem, so a misspelt code does not compile and comparisons are checked.
//!
//! The strings are a public interface: `check --format json` prints them, the GitHub report
//! puts them in annotation titles, and docs/bad-input.md and docs/limits.md name them. A
//! variant may be added; its string must never change.

use std::fmt;

use serde::{Serialize, Serializer};

/// Declares [`Code`] with each variant's string, and [`Code::ALL`].
macro_rules! codes {
    ($($variant:ident => $text:literal,)*) => {
        /// What kind of problem a [`super::Diagnostic`] is.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $(
                #[doc = concat!("`", $text, "`")]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in declaration order (for the tests that hold the list to its rules).
            #[cfg(test)]
            pub(crate) const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as printed: kebab-case, stable across releases.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }
        }
    };
}

codes! {
    // Reading a file, any file
    Unreadable => "unreadable",
    NotUtf8 => "not-utf8",
    FileTooLarge => "file-too-large",
    SymlinkOutsideRoot => "symlink-outside-root",
    Yaml => "yaml",
    TooManyAliased => "too-many-aliased",
    NestingTooDeep => "nesting-too-deep",
    BadValue => "bad-value",
    UnknownField => "unknown-field",
    UnknownValue => "unknown-value",
    MissingField => "missing-field",
    // `bulletin.yaml`
    ConfigMissing => "config-missing",
    ConfigUnreadable => "config-unreadable",
    ConfigEncoding => "config-encoding",
    ConfigEmpty => "config-empty",
    BadConfig => "bad-config",
    NoProducts => "no-products",
    BadComponentId => "bad-component-id",
    BadName => "bad-name",
    DuplicateComponent => "duplicate-component",
    BadBaseUrl => "bad-base-url",
    ExampleBaseUrl => "example-base-url",
    UnknownTimezone => "unknown-timezone",
    UnknownLanguage => "unknown-language",
    BadUptimeRules => "bad-uptime-rules",
    BadWebsubHub => "bad-websub-hub",
    BadAsset => "bad-asset",
    BadLink => "bad-link",
    BadRefresh => "bad-refresh",
    // An incident file: its form
    EmptyFile => "empty-file",
    MissingFrontMatter => "missing-front-matter",
    UnterminatedFrontMatter => "unterminated-front-matter",
    FrontMatterTooLarge => "front-matter-too-large",
    BadFrontMatter => "bad-front-matter",
    EmptyTitle => "empty-title",
    BadTitle => "bad-title",
    BadSlug => "bad-slug",
    BadTime => "bad-time",
    AmbiguousTime => "ambiguous-time",
    BadEntryHeading => "bad-entry-heading",
    TextOutsideEntry => "text-outside-entry",
    DuplicateSection => "duplicate-section",
    UnknownStatus => "unknown-status",
    BadComponentChange => "bad-component-change",
    BadWindowChange => "bad-window-change",
    UnknownComponentStatus => "unknown-component-status",
    ComponentChangeWithoutStatus => "component-change-without-status",
    LateComponentChange => "late-component-change",
    NextUpdateBeforeEntry => "next-update-before-entry",
    TooMuchMarkup => "too-much-markup",
    OutputTooLarge => "output-too-large",
    // An incident file: what it says (validation)
    UnknownComponent => "unknown-component",
    UnchangedComponent => "unchanged-component",
    NothingAffected => "nothing-affected",
    MissingWindow => "missing-window",
    WindowOnIncident => "window-on-incident",
    WindowEndsBeforeStart => "window-ends-before-start",
    EmptyTimeline => "empty-timeline",
    ResolvedBeforeStart => "resolved-before-start",
    ReopenedAfterOverride => "reopened-after-override",
    StartedAfterFirstEntry => "started-after-first-entry",
    TimelineOrder => "timeline-order",
    UpdateAfterResolved => "update-after-resolved",
    StaleIncident => "stale-incident",
    MaintenanceNotCompleted => "maintenance-not-completed",
    MaintenanceChange => "maintenance-change",
    StatementWithoutSource => "statement-without-source",
    EmptyUpdate => "empty-update",
    FutureEntry => "future-entry",
    FutureStatement => "future-statement",
    NextUpdatePassed => "next-update-passed",
    DuplicateSlug => "duplicate-slug",
    // A translation file (`<slug>.<language>.md`)
    TranslationField => "translation-field",
    TranslationOrphan => "translation-orphan",
    TranslationMismatch => "translation-mismatch",
    TranslationMissing => "translation-missing",
    // Building: the clock, the theme, the output
    BadNow => "bad-now",
    ThemeMissing => "theme-missing",
    Template => "template",
    TemplateSyntax => "template-syntax",
    TemplateRender => "template-render",
    Feed => "feed",
    Sitemap => "sitemap",
    Unwritable => "unwritable",
    // The authoring commands (`new`, `update`, `resolve`, `statement`)
    BadUsage => "bad-usage",
    SlugTaken => "slug-taken",
    UnknownSlug => "unknown-slug",
    AlreadyResolved => "already-resolved",
    MissingStatus => "missing-status",
    BadUrl => "bad-url",
    UnknownTemplate => "unknown-template",
    // `bulletin import`
    ImportTarget => "import-target",
    ImportMissingComponents => "import-missing-components",
    ImportNoFetch => "import-no-fetch",
    ImportFetch => "import-fetch",
    ImportTimeout => "import-timeout",
    ImportHttpStatus => "import-http-status",
    ImportRedirect => "import-redirect",
    ImportUnreadable => "import-unreadable",
    ImportOutsideSource => "import-outside-source",
    ImportNotAFile => "import-not-a-file",
    ImportTooLarge => "import-too-large",
    ImportNotJson => "import-not-json",
    ImportNotStatuspage => "import-not-statuspage",
    ImportNoDocuments => "import-no-documents",
    ImportNotCstate => "import-not-cstate",
    ImportBadYaml => "import-bad-yaml",
    ImportBadRecord => "import-bad-record",
    // `notify.yaml` and the subscriber list
    NotifyUnreadable => "notify-unreadable",
    NotifyMaxAge => "notify-max-age",
    NotifyDuration => "notify-duration",
    NotifyTarget => "notify-target",
    NotifyType => "notify-type",
    NotifyKind => "notify-kind",
    NotifyDuplicate => "notify-duplicate",
    NotifyComponent => "notify-component",
    NotifyUrl => "notify-url",
    NotifyUrlSecret => "notify-url-secret",
    NotifyEnv => "notify-env",
    NotifyEmail => "notify-email",
    NotifySubscriber => "notify-subscriber",
    NotifySubscribers => "notify-subscribers",
    NotifyWebsub => "notify-websub",
    NotifyLanguage => "notify-language",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Ordered by the printed string, so sorting problems by code is the same as when codes were
/// strings.
impl Ord for Code {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::Code;

    fn is_kebab(s: &str) -> bool {
        !s.is_empty()
            && s.split('-').all(|word| {
                !word.is_empty()
                    && word
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            })
    }

    #[test]
    fn every_code_is_unique_and_kebab_case() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(is_kebab(s), "{s:?} is not kebab-case");
            assert!(seen.insert(s), "{s:?} is the string of two codes");
            assert_eq!(code.to_string(), s);
            assert_eq!(serde_json::to_string(code).unwrap(), format!("\"{s}\""));
        }
    }

    #[test]
    fn codes_sort_by_their_strings() {
        let mut codes = Code::ALL.to_vec();
        codes.sort();
        let strings: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
        assert!(strings.is_sorted(), "{strings:?}");
    }

    /// The codes the docs name: "error `x`" / "warning `x`" in prose, and the cells of a
    /// table's `Code` column.
    fn documented_codes(doc: &str) -> Vec<String> {
        let mut found = Vec::new();
        let mut code_column = None;
        for line in doc.lines() {
            for kind in ["error `", "warning `"] {
                for (at, _) in line.match_indices(kind) {
                    let rest = &line[at + kind.len()..];
                    found.extend(rest.split('`').next().map(str::to_string));
                }
            }
            if !line.starts_with('|') {
                code_column = None;
                continue;
            }
            let cells = table_cells(line);
            match code_column {
                None => code_column = cells.iter().position(|c| c.trim() == "Code"),
                Some(i) => {
                    let cell = cells.get(i).map_or("", |c| c.as_str());
                    found.extend(cell.split('`').skip(1).step_by(2).map(str::to_string));
                }
            }
        }
        found
    }

    /// The cells of a Markdown table row; `\|` is a pipe inside a cell.
    fn table_cells(line: &str) -> Vec<String> {
        let mut cells = vec![String::new()];
        let mut escaped = false;
        for c in line.chars().skip(1) {
            match c {
                '|' if !escaped => cells.push(String::new()),
                _ => cells.last_mut().expect("one cell").push(c),
            }
            escaped = c == '\\';
        }
        cells
    }

    #[test]
    fn every_code_the_docs_name_is_a_code() {
        let known: HashSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
        let mut named = 0;
        for entry in std::fs::read_dir(docs).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let doc = std::fs::read_to_string(&path).unwrap();
            for code in documented_codes(&doc).iter().filter(|c| is_kebab(c)) {
                assert!(
                    known.contains(code.as_str()),
                    "{}: `{code}` is no code",
                    path.display()
                );
                named += 1;
            }
        }
        assert!(named > 20, "only {named} codes found in the docs");
    }
}
