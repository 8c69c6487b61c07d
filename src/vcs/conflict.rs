//! The names a merge records conflicts under, and why each was recorded:
//! shared by the merge that records them, the words that describe them and
//! the resolve that decides them, so none of those imports another.

/// Why a conflict was recorded: what [`describe_conflicts`](super::diff::describe_conflicts) says about it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cause {
    /// Both sides changed the field, differently.
    Changed,
    /// Both sides added an item with this id, with different values of the field.
    Added,
    /// Deleted on one side and changed on the other; kept.
    Deleted,
    /// Deleted on one side and kept, because the other side's item `by` needs it.
    Needed {
        /// The id of the item that refers to it.
        by: String,
    },
    /// A score from one side outside the emotion scale from the other.
    Scale,
    /// A `check` error that none of the three versions had.
    Check,
}

/// The field name recorded for an item deleted on one side and changed on the other.
pub const DELETED: &str = "deleted";

/// The id recorded for conflicts on the map's own fields (title, description, scale).
pub const MAP_ID: &str = "map";

/// The field recorded (on [`MAP_ID`]) for an error that the merged map has
/// and none of the three versions had, which only a person can fix; `ours`
/// holds the error's words.
pub const CHECK: &str = "error";
