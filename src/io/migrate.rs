//! Loading older file versions: a chain of typed steps, one per version.
//!
//! Each old version keeps a frozen copy of the types that changed in it and
//! a function that turns it into the next version. Loading version N parses
//! with version N's types and runs every step from N up to
//! [`CURRENT_VERSION`]. Version 1 is the first released version; version 0
//! is a made-up predecessor (the emotion scale as two top-level fields) that
//! keeps the chain tested until a real version 2 adds the next step.

use serde::Deserialize;

use crate::model::{Channel, Conflict, EmotionScale, Journey, JourneyMap, Lane, Persona};

/// The versions this build can read, oldest first.
pub const SUPPORTED: std::ops::RangeInclusive<u32> = 0..=crate::model::CURRENT_VERSION;

/// Parses `text`, written in file version `version`, into the current document.
///
/// `version` must lie in [`SUPPORTED`]; the caller checks that first.
pub(crate) fn parse(
    text: &str,
    version: u32,
    options: &ron::Options,
) -> Result<JourneyMap, ron::error::SpannedError> {
    match version {
        0 => options.from_str::<V0>(text).map(V0::upgrade),
        _ => options.from_str::<JourneyMap>(text),
    }
}

/// Version 0 (made up): the scale was `emotion_min` and `emotion_max` on the map.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "JourneyMap")]
struct V0 {
    #[expect(dead_code, reason = "read to check the file's shape; always 0")]
    version: u32,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default = "v0_min")]
    emotion_min: i32,
    #[serde(default = "v0_max")]
    emotion_max: i32,
    #[serde(default)]
    channels: Vec<Channel>,
    #[serde(default)]
    lanes: Vec<Lane>,
    #[serde(default)]
    personas: Vec<Persona>,
    #[serde(default)]
    journeys: Vec<Journey>,
    #[serde(default)]
    conflicts: Vec<Conflict>,
}

fn v0_min() -> i32 {
    EmotionScale::default().min
}

fn v0_max() -> i32 {
    EmotionScale::default().max
}

impl V0 {
    /// Version 0 -> version 1.
    fn upgrade(self) -> JourneyMap {
        let emotion_scale = EmotionScale {
            min: self.emotion_min,
            max: self.emotion_max,
        };
        JourneyMap {
            version: 1,
            title: self.title,
            description: self.description,
            emotion_scale,
            channels: self.channels,
            lanes: self.lanes,
            personas: self.personas,
            journeys: self.journeys,
            conflicts: self.conflicts,
        }
    }
}
