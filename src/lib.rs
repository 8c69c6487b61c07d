//! journeymap: customer journey maps as RON text files that diff and merge.
//!
//! Layers, lowest first; a module only uses the ones before it:
//! [`model`] -> [`edit`], [`validate`], [`io`], [`vcs`] -> [`cli`].
//! See ARCHITECTURE.md for the whole picture.

pub mod cli;
pub mod edit;
pub mod io;
pub mod model;
pub mod render;
pub mod validate;
pub mod vcs;
