//! journeymap: customer journey maps as RON text files that diff and merge.
//!
//! Layers, lowest first; a module only uses the ones before it:
//! [`model`] -> [`edit`], [`validate`], [`io`], [`vcs`], [`i18n`] -> [`theme`], [`layout`]
//! -> [`paint`] -> [`render`], [`app`] -> [`cli`].
//! See ARCHITECTURE.md for the whole picture.

pub mod app;
pub mod cli;
pub mod edit;
pub mod i18n;
pub mod io;
pub mod layout;
pub mod model;
pub mod paint;
pub mod render;
pub mod theme;
pub mod validate;
pub mod vcs;
