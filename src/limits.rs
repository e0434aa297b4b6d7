//! The two bounds every reader of input shares, whatever it reads (incident files,
//! `bulletin.yaml`, `notify.yaml`, imported pages): how large one file may be, and how deeply
//! anything in it may nest. They live below the readers (config, content, yaml, import), so
//! that none of them imports another for a number. The caps of one reader stay with it
//! (`content::limits`: Markdown's markup and rendered HTML); the table of all of them is
//! docs/limits.md.

/// Files larger than this are refused before they are read: an incident this big is a pasted
/// log, and reading it would slow every build and serve rebuild.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// How deeply elements may nest: quotes, lists (two levels each: the list and its item),
/// emphasis, links and raw HTML tags left open, all counted together; YAML collections and
/// imported HTML are held to the same depth.
pub const MAX_NESTING: usize = 64;
