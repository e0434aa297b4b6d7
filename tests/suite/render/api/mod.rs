//! The Statuspage-shaped API (src/render/api/).

mod status;
mod updates;
