//! The theme: templates, static files and UI strings.
//!
//! The default theme is compiled into the binary (`themes/default`), so `bulletin` works alone.
//! A site overrides it file by file: first `<root>/templates/`, `<root>/static/` and
//! `<root>/i18n/`, then the folder named by `theme:` in `bulletin.yaml`, then the built-in files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};

/// Where the built-in theme's files live in the source tree (for messages).
pub(crate) const BUILTIN_DIR: &str = "themes/default";

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)) as &[u8])),*]
    };
}

/// The built-in theme, embedded at compile time.
pub(crate) const BUILTIN: &[(&str, &[u8])] = embed!(
    "templates/base.html",
    "templates/index.html",
    "templates/incident.html",
    "templates/component.html",
    "templates/history.html",
    "templates/month.html",
    "templates/component_year.html",
    "templates/404.html",
    "templates/feed_item.html",
    "templates/partials/incident_card.html",
    "templates/partials/incident_row.html",
    "templates/partials/year_row.html",
    "templates/partials/uptime.html",
    "templates/partials/uptime_key.html",
    "templates/partials/feature_row.html",
    "templates/partials/uptime_days.html",
    "templates/partials/month_count.html",
    "templates/partials/script.html",
    "templates/embed.html",
    "templates/subscribe.html",
    "templates/partials/subscribe_panel.html",
    "static/style.css",
    "static/bulletin.js",
    "i18n/en.yaml",
    "i18n/zh-CN.yaml",
    "i18n/zh-TW.yaml",
    "i18n/ja.yaml",
    "i18n/ko.yaml",
    "i18n/de.yaml",
    "i18n/fr.yaml",
    "i18n/es.yaml",
    "i18n/pt-BR.yaml",
);

/// One file of the theme and where it came from.
#[derive(Debug, Clone)]
pub(crate) struct ThemeFile {
    pub bytes: Vec<u8>,
    /// The file it was read from, relative to the site root, or `themes/default/…` when built in.
    pub origin: PathBuf,
    /// Whether it is the built-in theme's own. Said here, not read from `origin`: a site's theme
    /// folder may be named `themes/default` too (a copy of the built-in theme to change).
    builtin: bool,
}

impl ThemeFile {
    /// Whether it is the built-in theme's own file.
    pub(crate) fn is_builtin(&self) -> bool {
        self.builtin
    }
}

/// All files of the effective theme, keyed by their path inside the theme.
#[derive(Debug, Clone, Default)]
pub(crate) struct Theme {
    pub files: BTreeMap<String, ThemeFile>,
    /// The built-in files, kept for what merges rather than replaces (UI strings).
    builtin: BTreeMap<String, ThemeFile>,
}

impl Theme {
    /// The built-in theme with the site's overrides laid over it.
    pub(crate) fn load(config: &Config) -> Result<Theme, Diagnostics> {
        let builtin: BTreeMap<String, ThemeFile> = BUILTIN
            .iter()
            .map(|(name, bytes)| {
                let file = ThemeFile {
                    bytes: bytes.to_vec(),
                    origin: Path::new(BUILTIN_DIR).join(name),
                    builtin: true,
                };
                (name.to_string(), file)
            })
            .collect();
        let mut files = builtin.clone();
        let mut problems = Vec::new();
        let mut layers = Vec::new();
        if let Some(theme) = &config.theme {
            if !config.root.join(theme).is_dir() {
                problems.push(
                    Diagnostic::error(
                        Code::ThemeMissing,
                        crate::config::CONFIG_FILE,
                        format!("theme folder '{}' does not exist", theme.display()),
                    )
                    .hint("`theme:` names a folder relative to the site root holding templates/, static/ and i18n/"),
                );
            }
            layers.push(theme.clone());
        }
        layers.push(PathBuf::new());
        for layer in layers {
            for sub in ["templates", "static", "i18n"] {
                overlay(
                    &config.root,
                    &layer.join(sub),
                    sub,
                    &mut files,
                    &mut problems,
                );
            }
        }
        if problems.is_empty() {
            Ok(Theme { files, builtin })
        } else {
            Err(problems.into())
        }
    }

    /// Templates, as (name inside `templates/`, source, origin).
    pub(crate) fn templates(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.under("templates/")
    }

    /// Static files, as (output path, file).
    pub(crate) fn statics(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.under("static/")
    }

    /// The built-in theme's file at `name`, even when the site overrides it.
    pub(crate) fn builtin(&self, name: &str) -> Option<&ThemeFile> {
        self.builtin.get(name)
    }

    /// A file by its path inside the theme.
    pub(crate) fn get(&self, name: &str) -> Option<&ThemeFile> {
        self.files.get(name)
    }

    /// Whether the file at `name` is the built-in theme's own: no site or theme folder
    /// overrides it (a copy, even an identical one or one in a folder named `themes/default`,
    /// counts as an override: [`ThemeFile::is_builtin`]).
    pub(crate) fn uses_builtin(&self, name: &str) -> bool {
        self.files.get(name).is_some_and(ThemeFile::is_builtin)
    }

    fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a ThemeFile)> {
        self.files
            .range(prefix.to_string()..)
            .take_while(move |(k, _)| k.starts_with(prefix))
            .map(move |(k, f)| (&k[prefix.len()..], f))
    }
}

/// Lays the files under `<root>/<dir>` over `files` as `<sub>/…`, without following links.
fn overlay(
    root: &Path,
    dir: &Path,
    sub: &str,
    files: &mut BTreeMap<String, ThemeFile>,
    problems: &mut Vec<Diagnostic>,
) {
    let full = root.join(dir);
    if !full.is_dir() {
        return;
    }
    for entry in WalkDir::new(&full).follow_links(false).sort_by_file_name() {
        let entry = match entry {
            Ok(e) if e.file_type().is_file() => e,
            Ok(_) => continue,
            Err(e) => {
                problems.push(Diagnostic::access(
                    Code::Unreadable,
                    dir,
                    format!("cannot read theme: {e}"),
                ));
                continue;
            }
        };
        let inner = entry.path().strip_prefix(&full).unwrap_or(entry.path());
        if inner
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        {
            continue;
        }
        let name = format!("{sub}/{}", inner.to_string_lossy().replace('\\', "/"));
        let origin = dir.join(inner);
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                let file = ThemeFile {
                    bytes,
                    origin,
                    builtin: false,
                };
                files.insert(name, file);
            }
            Err(e) => problems.push(Diagnostic::access(
                Code::Unreadable,
                &origin,
                format!("cannot read theme file: {e}"),
            )),
        }
    }
}
