//! How long each stage of a build took (`bulletin build --timings`).

use std::time::Duration;

/// How long each stage of a build took.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub load_and_validate: Duration,
    pub derive_and_render: Duration,
    pub write: Duration,
    /// The stages finer: reading, parsing and checking each file on its own (in parallel).
    pub load: Duration,
    /// The checks of the incidents as a whole (slugs, times against now, translations).
    pub check: Duration,
    /// Setting up the staging folder, then deriving what the site shows.
    pub derive: Duration,
    /// Compiling the theme, beside `check` and `derive` (on the other core when free).
    pub theme: Duration,
    /// Rendering, and writing each file into the staging folder as it is rendered.
    pub render: Duration,
}

impl Timings {
    /// From the moments (since the build's start) when loading, checking, deriving,
    /// rendering and the swap ended, and how long the theme took to compile.
    pub(super) fn of(marks: [Duration; 5], theme: Duration) -> Timings {
        let [loaded_at, checked_at, derived_at, rendered_at, ended] = marks;
        Timings {
            load_and_validate: checked_at,
            // Rendering and writing overlap: files are written as they are rendered.
            derive_and_render: rendered_at - checked_at,
            write: ended - rendered_at,
            load: loaded_at,
            check: checked_at - loaded_at,
            derive: derived_at - checked_at,
            theme,
            render: rendered_at - derived_at,
        }
    }
}
