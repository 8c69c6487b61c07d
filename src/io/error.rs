//! What can go wrong reading or writing a map, in words a designer understands.

use std::fmt::Write as _;

use ron::error::{Error as RonError, SpannedError};

use super::source_map::Pos;
use crate::model::CURRENT_VERSION;

/// A map that could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read at all.
    #[error("cannot read the file: {0}")]
    Io(#[source] std::io::Error),
    /// A folder was given where a file was expected.
    #[error("this is a folder, not a map file")]
    IsDirectory,
    /// The file is over the size limit.
    #[error(
        "the file is {} MB, more than the {} MB a map may have; is this the right file?",
        bytes / (1024 * 1024),
        super::MAX_FILE_BYTES / (1024 * 1024)
    )]
    TooLarge {
        /// The file's size.
        bytes: u64,
    },
    /// The file has no content.
    #[error("the file is empty; a map starts with `JourneyMap(` and `version: {CURRENT_VERSION}`")]
    Empty,
    /// The bytes are not UTF-8 text.
    #[error("this is not a text file (the bytes here are not UTF-8 text); is this the right file?")]
    NotText {
        /// Where the first bad byte is.
        pos: Pos,
    },
    /// The file was written by a newer journeymap.
    #[error(
        "this map has file version {found}, but this journeymap reads versions up to {supported}; \
         open it with a newer journeymap"
    )]
    NewerVersion {
        /// The version in the file.
        found: u64,
        /// The newest version this build reads.
        supported: u32,
    },
    /// The text is not a valid map.
    #[error("{message}")]
    Syntax {
        /// Where the problem is.
        pos: Pos,
        /// What is wrong, in plain words.
        message: String,
    },
}

impl LoadError {
    pub(crate) fn io(err: std::io::Error) -> Self {
        LoadError::Io(err)
    }

    pub(crate) fn not_text(bytes: &[u8], err: &std::str::Utf8Error) -> Self {
        let good = bytes.get(..err.valid_up_to()).unwrap_or_default();
        // The prefix is valid UTF-8 by definition of `valid_up_to`.
        let text = String::from_utf8_lossy(good);
        let line = 1 + text.matches('\n').count();
        let col = 1 + text.rsplit('\n').next().map_or(0, |l| l.chars().count());
        LoadError::NotText {
            pos: Pos { line, col },
        }
    }

    /// A RON error on `text`, in plain words.
    pub(crate) fn from_ron(err: &SpannedError, text: &str) -> Self {
        let pos = Pos {
            line: err.span.start.line.max(1),
            col: err.span.start.col.max(1),
        };
        let mut message = explain(&err.code);
        if err.code != RonError::Eof && only_blank_after(text, pos) {
            message.push_str("; the file ends here - was it cut off?");
        }
        LoadError::Syntax { pos, message }
    }

    /// Where in the file the problem is, when it is at one place.
    pub fn pos(&self) -> Option<Pos> {
        match self {
            LoadError::Syntax { pos, .. } | LoadError::NotText { pos } => Some(*pos),
            LoadError::Empty | LoadError::NewerVersion { .. } => Some(Pos::START),
            LoadError::Io(_) | LoadError::IsDirectory | LoadError::TooLarge { .. } => None,
        }
    }

    /// `path:line:col` when the problem is at one place in `path`, else `path`.
    pub fn at(&self, path: &std::path::Path) -> String {
        self.pos().map_or_else(
            || path.display().to_string(),
            |pos| format!("{}:{pos}", path.display()),
        )
    }

    /// True when the file could not be read (as opposed to read and refused).
    pub fn is_unreadable(&self) -> bool {
        matches!(
            self,
            LoadError::Io(_) | LoadError::IsDirectory | LoadError::TooLarge { .. }
        )
    }
}

/// True when at most one character (the one the parser stopped at) and
/// white space follow `pos` in `text`: the problem is at the very end.
fn only_blank_after(text: &str, pos: Pos) -> bool {
    let Some(line) = text.split('\n').nth(pos.line - 1) else {
        return true;
    };
    let rest_of_line = line.chars().skip(pos.col - 1);
    let later_lines = text.split('\n').skip(pos.line).flat_map(str::chars);
    rest_of_line
        .chain(later_lines)
        .filter(|c| !c.is_whitespace())
        .nth(1)
        .is_none()
}

fn one_of(names: &[&str]) -> String {
    let mut out = String::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == names.len() { " or " } else { ", " });
        }
        let _ = write!(out, "`{name}`");
    }
    out
}

fn item_name(outer: Option<&String>) -> String {
    outer.map_or_else(|| "this item".to_owned(), |o| format!("`{o}(...)`"))
}

/// Turns a RON parse error into a sentence for someone who is not a programmer.
fn explain(code: &RonError) -> String {
    match code {
        RonError::Eof => "the file ends too early: it was cut off, or a closing `)` or `]` is missing".to_owned(),
        RonError::NoSuchStructField { expected, found, outer } => format!(
            "unknown field `{found}` in {}: check its spelling; the fields allowed here are {}",
            item_name(outer.as_ref()),
            one_of(expected)
        ),
        RonError::MissingStructField { field, outer } => format!(
            "{} is missing its `{field}` field",
            item_name(outer.as_ref())
        ),
        RonError::DuplicateStructField { field, outer } => format!(
            "the field `{field}` appears twice in {}; keep one",
            item_name(outer.as_ref())
        ),
        RonError::NoSuchEnumVariant { expected, found, outer } => {
            let what = outer.as_ref().map_or_else(String::new, |o| format!(" for {o}"));
            format!("`{found}` is not a valid value{what}; use {}", one_of(expected))
        }
        RonError::ExpectedDifferentStructName { expected, found } => {
            format!("expected a `{expected}` here, but found a `{found}`")
        }
        RonError::ExpectedStructName(name) => format!("expected a `{name}(...)` here"),
        RonError::ExpectedNamedStructLike(name) => format!("expected a `{name}(...)` here"),
        RonError::ExceededRecursionLimit => {
            "brackets are nested far too deeply here; a journey map never nests like this - is this the right file?".to_owned()
        }
        RonError::Utf8Error(_) => "this is not UTF-8 text; is this the right file?".to_owned(),
        RonError::TrailingCharacters => {
            "there is more text after the end of the map; remove it or check the brackets before it".to_owned()
        }
        RonError::UnexpectedChar(c) => format!("unexpected character `{}` here", c.escape_default()),
        RonError::ExpectedString | RonError::ExpectedStringEnd => {
            "expected a text in double quotes here, or its closing `\"`".to_owned()
        }
        RonError::ExpectedInteger | RonError::IntegerOutOfBounds | RonError::InvalidIntegerDigit { .. } => {
            "expected a whole number here, within range".to_owned()
        }
        RonError::ExpectedFloat | RonError::FloatUnderscore => "expected a number here".to_owned(),
        RonError::ExpectedBoolean => "expected `true` or `false` here".to_owned(),
        RonError::ExpectedComma => "expected a comma `,` here, between two fields or items".to_owned(),
        RonError::ExpectedArray => "expected a list in square brackets `[ ... ]` here".to_owned(),
        RonError::ExpectedArrayEnd => "expected `]` to close the list, or a comma before the next item".to_owned(),
        RonError::ExpectedStructLike => "expected `(` to open an item here".to_owned(),
        RonError::ExpectedStructLikeEnd | RonError::ExpectedOptionEnd => {
            "expected `)` to close the item, or a comma before the next field".to_owned()
        }
        RonError::ExpectedMapColon => "expected a colon `:` after the field name".to_owned(),
        RonError::ExpectedIdentifier => "expected a field name here".to_owned(),
        RonError::InvalidValueForType { expected, found } => {
            format!("expected {expected} here, but found {found}")
        }
        RonError::Message(message) => plain_serde_message(message),
        other => {
            let text = other.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => "the text here is not a valid map".to_owned(),
            }
        }
    }
}

/// serde's own messages ("invalid type: integer `3`, expected a string") are
/// already close to plain words; make them a little plainer.
fn plain_serde_message(message: &str) -> String {
    message
        .replace("invalid type: ", "wrong kind of value: found ")
        .replace("invalid value: ", "wrong value: found ")
        .replace("a string", "a text in double quotes")
}

/// A map that could not be saved. The file on disk is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The document could not be turned into text (a bug, or a value RON cannot hold).
    #[error("cannot write the map as text: {0}")]
    Serialize(String),
    /// Creating, writing, flushing or renaming the new file failed.
    #[error(
        "cannot save (while {step}): {}; the file on disk was not changed: {}",
        plain_io(.source),
        .path.display()
    )]
    Io {
        /// The step that failed, in words.
        step: &'static str,
        /// The system's reason.
        #[source]
        source: std::io::Error,
        /// The file being saved.
        path: std::path::PathBuf,
    },
    /// Another program changed (or made) the file after it was read, so the
    /// save did not write over that change.
    #[error(
        "cannot save: another program changed the file on disk while this save ran, \
         so nothing was written over that change; read it again and retry: {}",
        .path.display()
    )]
    ChangedOnDisk {
        /// The file being saved.
        path: std::path::PathBuf,
    },
    /// The file to write is a symbolic link that leads outside the
    /// repository it is in.
    #[error(
        "cannot save through a symbolic link that leads outside its repository (to {}); \
         nothing was written: {}",
        .target.display(),
        .link.display()
    )]
    LinkOutside {
        /// The link.
        link: std::path::PathBuf,
        /// Where it leads.
        target: std::path::PathBuf,
    },
}

/// The usual reasons a save fails, in words and with what to do.
fn plain_io(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            "permission denied: the folder is read-only or not yours; save somewhere else or ask for write access".to_owned()
        }
        ErrorKind::NotFound => {
            "the folder is gone (deleted, moved or unmounted); save somewhere else or create the folder again".to_owned()
        }
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "the disk is full; free some space and save again".to_owned()
        }
        ErrorKind::IsADirectory => {
            "a folder of that name is in the way; save under another name".to_owned()
        }
        _ => err.to_string(),
    }
}
