//! Reading and writing map files in their one canonical form.
//!
//! The canonical form is what [`to_canonical_string`] writes: `version`
//! first, fields in the model's order, four-space indent, `\n` line ends,
//! struct names written, fields equal to their default left out, `Some(..)`
//! left implicit, floats in their shortest form that reads back exactly, and
//! a final newline. Loading a canonical file and saving it again gives the
//! same bytes. Saving is atomic (see [`atomic`]).

pub mod atomic;
mod clip;
mod error;
pub mod import;
pub mod inside;
pub mod mermaid;
pub(crate) mod migrate;
mod newer;
pub mod photo;
pub mod recovery;
pub mod source_map;
pub mod templates;

use std::path::Path;

use ron::extensions::Extensions;

pub use clip::{cards_from_str, cards_to_string};
pub use error::{LoadError, SaveError};
pub use newer::{NewerMap, from_str_newer};
pub use source_map::{Pos, SourceMap};

use crate::model::{CURRENT_VERSION, JourneyMap};

/// Maps larger than this are refused before they are read whole.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

fn pretty_config() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .separator(" ")
        .struct_names(true)
        .compact_arrays(false)
        .compact_structs(false)
        .escape_strings(true)
}

/// Parses a map from its text, migrating older versions.
pub fn from_str(text: &str) -> Result<JourneyMap, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::Empty);
    }
    let version = match source_map::find_version(text) {
        // No readable version: the full parse says what is wrong.
        None => CURRENT_VERSION,
        Some(v) => match u32::try_from(v) {
            Ok(v) if migrate::SUPPORTED.contains(&v) => v,
            _ => {
                return Err(LoadError::NewerVersion {
                    found: v,
                    supported: CURRENT_VERSION,
                });
            }
        },
    };
    let doc =
        migrate::parse(text, version, &ron_options()).map_err(|e| LoadError::from_ron(&e, text))?;
    if version == CURRENT_VERSION && doc.version != CURRENT_VERSION {
        // `version` was not where the quick scan looked (e.g. a comment
        // trick); trust what serde read.
        if doc.version > CURRENT_VERSION {
            return Err(LoadError::NewerVersion {
                found: u64::from(doc.version),
                supported: CURRENT_VERSION,
            });
        }
        return migrate::parse(text, doc.version, &ron_options())
            .map_err(|e| LoadError::from_ron(&e, text));
    }
    Ok(doc)
}

/// Parses a map from bytes: checks they are UTF-8 text first.
pub fn from_bytes(bytes: &[u8]) -> Result<JourneyMap, LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| LoadError::not_text(bytes, &e))?;
    from_str(text)
}

/// Reads the text of a map file, refusing files over [`MAX_FILE_BYTES`].
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    let bytes = read_bytes(path)?;
    String::from_utf8(bytes).map_err(|e| LoadError::not_text(e.as_bytes(), &e.utf8_error()))
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).map_err(LoadError::io)?;
    let meta = file.metadata().map_err(LoadError::io)?;
    if meta.is_dir() {
        return Err(LoadError::IsDirectory);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { bytes: meta.len() });
    }
    let mut bytes = Vec::new();
    // `take` guards against a file that grows while it is read.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(LoadError::io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// Loads a map file.
pub fn load(path: &Path) -> Result<JourneyMap, LoadError> {
    from_str(&read_text(path)?)
}

/// Loads a map file written by a newer journeymap, leaving out what this
/// version cannot read (see [`from_str_newer`]), to show it read-only.
pub fn load_newer(path: &Path) -> Result<NewerMap, LoadError> {
    from_str_newer(&read_text(path)?)
}

/// The canonical text of a map.
pub fn to_canonical_string(doc: &JourneyMap) -> Result<String, SaveError> {
    let text = ron_options()
        .to_string_pretty(doc, pretty_config())
        .map_err(|e| SaveError::Serialize(e.to_string()))?;
    // RON escapes an apostrophe as `\'`, which no one wants to read in
    // "customer's". Every `'` in the output is inside a string and escaped, so
    // each `\'` found left to right is such an escape (an escaped backslash
    // is followed by another escape, never by a bare `'`); `'` needs none.
    let mut text = text.replace("\\'", "'");
    text.push('\n');
    Ok(text)
}

/// Saves a map atomically in canonical form.
pub fn save(path: &Path, doc: &JourneyMap) -> Result<(), SaveError> {
    let text = to_canonical_string(doc)?;
    atomic::write(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Card, Journey, Stage, Step};

    #[test]
    fn canonical_text_starts_with_version_and_leaves_defaults_out() {
        let mut doc = JourneyMap {
            title: "Zażółć gęślą jaźń".into(),
            ..JourneyMap::default()
        };
        doc.journeys.push(Journey {
            id: "j".into(),
            stages: vec![Stage {
                id: "s".into(),
                steps: vec![Step {
                    id: "p".into(),
                    score: Some(-0.1),
                    ..Step::default()
                }],
                ..Stage::default()
            }],
            cards: vec![Card {
                id: "c".into(),
                lane: "l".into(),
                step: "p".into(),
                text: "two\nlines \"quoted\" customer's \\'x\\".into(),
                ..Card::default()
            }],
            ..Journey::default()
        });
        let text = to_canonical_string(&doc).expect("serializes");
        assert!(
            text.starts_with("JourneyMap(\n    version: 1,\n    title: \"Zażółć gęślą jaźń\",\n"),
            "{text}"
        );
        assert!(text.contains("score: -0.1,\n"), "{text}");
        assert!(
            text.contains(r#"text: "two\nlines \"quoted\" customer's \\'x\\","#),
            "{text}"
        );
        assert!(!text.contains("details"), "{text}");
        assert!(!text.contains("Some("), "{text}");
        assert!(!text.contains('\r'));
        assert!(text.ends_with(")\n"));
        let back = from_str(&text).expect("loads");
        assert_eq!(back, doc);
        assert_eq!(to_canonical_string(&back).expect("serializes"), text);
    }

    #[test]
    fn version_zero_migrates_to_the_current_version() {
        let text = "JourneyMap(version: 0, title: \"Old\", emotion_min: 1, emotion_max: 5)";
        let doc = from_str(text).expect("migrates");
        assert_eq!(doc.version, CURRENT_VERSION);
        assert_eq!(doc.title, "Old");
        assert_eq!(doc.emotion_scale.min, 1);
        assert_eq!(doc.emotion_scale.max, 5);
        let saved = to_canonical_string(&doc).expect("serializes");
        assert!(saved.contains("version: 1,"), "{saved}");
        assert!(!saved.contains("emotion_min"), "{saved}");
    }

    #[test]
    fn a_newer_version_is_refused_naming_both_versions() {
        let err = from_str("JourneyMap(version: 999, future_field: 1)").expect_err("refused");
        let message = err.to_string();
        assert!(
            message.contains("999") && message.contains('1'),
            "{message}"
        );
        assert!(matches!(err, LoadError::NewerVersion { found: 999, .. }));
    }

    #[test]
    fn explicit_some_is_still_accepted() {
        let text = "JourneyMap(version: 1, journeys: [Journey(id: \"j\", stages: [Stage(id: \"s\", steps: [Step(id: \"p\", score: Some(1.0))])])])";
        let doc = from_str(text).expect("loads");
        assert_eq!(doc.journeys[0].stages[0].steps[0].score, Some(1.0));
    }
}
