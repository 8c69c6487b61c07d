//! Typed ids: short stable strings such as `tp-7f3a`, never array indexes.
//!
//! Every item of a map (persona, journey, stage, step, lane, card, link,
//! channel) has one; all of them share one id space inside a map, so an id
//! alone names an item. Ids are written to the file as plain strings and are
//! never regenerated on load.

use std::collections::HashSet;
use std::fmt;
use std::hash::{BuildHasher as _, Hasher as _};

use serde::{Deserialize, Serialize};

macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident, $prefix:literal) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The prefix fresh ids of this kind start with.
            pub const PREFIX: &'static str = $prefix;

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(s)
            }
        }
    };
}

typed_id!(
    /// Names a persona.
    PersonaId, "pe"
);
typed_id!(
    /// Names a journey.
    JourneyId, "jr"
);
typed_id!(
    /// Names a stage (a column group).
    StageId, "st"
);
typed_id!(
    /// Names a step (a sub-column of a stage).
    StepId, "sp"
);
typed_id!(
    /// Names a lane (a row).
    LaneId, "ln"
);
typed_id!(
    /// Names a card.
    CardId, "cd"
);
typed_id!(
    /// Names a link between two cards.
    LinkId, "lk"
);
typed_id!(
    /// Names a channel of the map's channel list.
    ChannelId, "ch"
);
typed_id!(
    /// Names a KPI of a stage.
    MetricId, "kp"
);

/// Makes a fresh id `PREFIX-xxxx` (hex) that is not in `taken`.
///
/// The suffix is random so ids made on two branches of a git repository are
/// unlikely to collide when the branches merge.
pub fn fresh<S: std::hash::BuildHasher>(prefix: &str, taken: &HashSet<&str, S>) -> String {
    let state = std::collections::hash_map::RandomState::new();
    let mut counter: u64 = 0;
    loop {
        let mut hasher = state.build_hasher();
        hasher.write_u64(counter);
        let bits = hasher.finish();
        // Four hex digits while there is room, more once a map grows crowded.
        let width = if counter < 64 { 4 } else { 8 };
        let candidate = format!("{prefix}-{:0width$x}", bits & ((1u64 << (width * 4)) - 1));
        if !taken.contains(candidate.as_str()) {
            return candidate;
        }
        counter += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_ids_avoid_taken_ones() {
        let mut taken_owned: Vec<String> = Vec::new();
        for _ in 0..500 {
            let taken: HashSet<&str> = taken_owned.iter().map(String::as_str).collect();
            let id = fresh("cd", &taken);
            assert!(id.starts_with("cd-"), "{id}");
            assert!(!taken.contains(id.as_str()));
            taken_owned.push(id);
        }
    }
}
