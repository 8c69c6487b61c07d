//! Maps in git: a semantic diff, a readable outline for `textconv`, and a
//! three-way merge by id.
//!
//! All three work on a flat view of the document (`flat::Flat`): every
//! item of a list (stage, step, KPI, card, link...) with the id of the item
//! that holds it. A child's parent is then one more field, so moving a step
//! to another stage merges like renaming it does. `resolve` turns the choice
//! on one recorded conflict into an undoable edit; `words` holds what they say,
//! in English (the command line's) and Polish (for the window). No UI
//! imports here.

mod conflict;
pub mod diff;
mod flat;
mod item;
pub mod merge;
pub mod resolve;
pub mod textconv;
pub mod words;

pub use diff::diff;
pub use merge::{MergeOutcome, merge};
pub use textconv::outline;
