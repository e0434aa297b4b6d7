//! Template errors as diagnostics: the template file, its line and column as the user wrote
//! it, and what to do.

use std::collections::HashMap;
use std::path::PathBuf;

use tera::ErrorKind;

use crate::diagnostics::{Code, Diagnostic};
use crate::theme;

/// A Tera error as a diagnostic pointing into the template file.
pub(super) fn template_error(
    e: &tera::Error,
    origins: &HashMap<String, PathBuf>,
    shifts: &HashMap<String, Vec<usize>>,
) -> Diagnostic {
    let (report, code) = match e.kind() {
        ErrorKind::SyntaxError(r) => (Some(r), Code::TemplateSyntax),
        ErrorKind::RenderingError(r) => (Some(r), Code::TemplateRender),
        _ => (None, Code::Template),
    };
    let hint = "fix the template, or delete the override to fall back to the built-in theme";
    match report {
        Some(r) => {
            let file = origins
                .get(r.filename())
                .cloned()
                .unwrap_or_else(|| PathBuf::from(r.filename()));
            let span = r.span();
            // The column in the file, before `compact` took the line's indentation.
            let shift = shifts
                .get(r.filename())
                .and_then(|lines| lines.get(span.start_line.wrapping_sub(1)))
                .copied()
                .unwrap_or(0);
            let length = if span.start_line == span.end_line {
                span.end_col.saturating_sub(span.start_col)
            } else {
                1
            };
            Diagnostic::error(code, file, r.message().to_string())
                .at(span.start_line, span.start_col + shift + 1)
                .length(length)
                .hint(hint)
        }
        None => Diagnostic::error(code, theme::BUILTIN_DIR, e.to_string()).hint(hint),
    }
}
