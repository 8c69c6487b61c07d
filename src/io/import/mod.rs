//! Maps from data: touchpoint events in CSV ([`csv_new_map`], [`csv_onto_map`])
//! and Mermaid `journey` diagrams ([`mermaid::parse`]).
//!
//! The CSV path: read and drop rows with missing data ([`csv`]), standardise
//! and merge duplicates ([`clean`]), then build steps and cards and attach
//! figures ([`figures`]). Each stage is counted for the report on stderr.

pub mod clean;
pub mod csv;
pub mod figures;
pub mod mermaid;
mod time;

use std::io::Read;

pub use self::csv::{ColumnChoice, Field};
pub use figures::{Attached, Cleaned};

use crate::model::{Channel, EmotionScale, JourneyMap, Lane, LaneKind};

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The input could not be read.
    #[error("cannot read the file: {0}")]
    Io(#[source] std::io::Error),
    /// The file is not CSV text.
    #[error("this is not a CSV file: {0}")]
    NotCsv(String),
    /// A row is not UTF-8 text.
    #[error("row {row} is not UTF-8 text; save the file as UTF-8")]
    NotText {
        /// The file line the row starts on.
        row: u32,
    },
    /// A row does not fit the header.
    #[error("row {row} cannot be read: {message}")]
    BadRow {
        /// The file line the row starts on.
        row: u32,
        /// What is wrong.
        message: String,
    },
    /// Required columns are not there.
    #[error(
        "no column for the {} (looked for the usual names; name it with --columns {}=COLUMN); the columns found are: {}",
        missing.join(", "),
        missing.first().copied().unwrap_or("customer"),
        found.join(", ")
    )]
    MissingColumns {
        /// The fields without a column.
        missing: Vec<&'static str>,
        /// The header's columns.
        found: Vec<String>,
    },
    /// `--columns` names a column the header does not have.
    #[error("--columns says the {field} is in column \"{column}\", but there is no such column; the columns found are: {}", found.join(", "))]
    UnknownColumn {
        /// The field.
        field: &'static str,
        /// The column named.
        column: String,
        /// The header's columns.
        found: Vec<String>,
    },
    /// A time that is none of the accepted forms.
    #[error(
        "row {row}: the {column} \"{value}\" is not a date and time; use RFC 3339 (2024-03-31T14:05:00Z), \"2024-03-31 14:05[:00]\" or \"2024-03-31\""
    )]
    BadTime {
        /// The file line the row starts on.
        row: u32,
        /// The time column's name.
        column: String,
        /// The value found.
        value: String,
    },
    /// A score that is not a number on the scale.
    #[error(
        "row {row}: the score \"{value}\" is not a number from {} to {} (set the scale with --score-scale MIN..MAX)",
        scale.min,
        scale.max
    )]
    BadScore {
        /// The file line the row starts on.
        row: u32,
        /// The value found.
        value: String,
        /// The scale scores must lie on.
        scale: EmotionScale,
    },
    /// Nothing is left after cleaning.
    #[error("no events are left after dropping the rows with missing data")]
    NoEvents,
    /// A Mermaid diagram that does not parse.
    #[error("{message}")]
    Syntax {
        /// The line (from 1).
        line: usize,
        /// The column (from 1).
        col: usize,
        /// What is wrong.
        message: String,
    },
}

impl ImportError {
    /// The line of the file the error is about, and the column when known.
    pub fn position(&self) -> Option<(usize, Option<usize>)> {
        match self {
            ImportError::NotText { row }
            | ImportError::BadRow { row, .. }
            | ImportError::BadTime { row, .. }
            | ImportError::BadScore { row, .. } => Some((*row as usize, None)),
            ImportError::MissingColumns { .. } | ImportError::UnknownColumn { .. } => {
                Some((1, None))
            }
            ImportError::Syntax { line, col, .. } => Some((*line, Some(*col))),
            _ => None,
        }
    }

    /// True when the input could not be read at all (exit 2, not 1).
    pub fn is_io(&self) -> bool {
        matches!(self, ImportError::Io(_))
    }
}

/// How to read an events file.
#[derive(Clone, Debug)]
pub struct CsvOptions {
    /// Columns named on the command line.
    pub columns: ColumnChoice,
    /// Contacts of one customer at one touchpoint and channel this close (seconds) are one.
    pub window: i64,
    /// The scale of the score column.
    pub scale: EmotionScale,
}

impl Default for CsvOptions {
    fn default() -> Self {
        Self {
            columns: ColumnChoice::default(),
            window: 3600,
            scale: EmotionScale { min: 1, max: 5 },
        }
    }
}

/// What was read, dropped, merged and built: printed on stderr.
#[derive(Debug, Default)]
pub struct CsvReport {
    /// Data rows read.
    pub rows: u64,
    /// Dropped: no customer.
    pub no_customer: u64,
    /// Dropped: no time.
    pub no_time: u64,
    /// Dropped: no touchpoint.
    pub no_touchpoint: u64,
    /// Merged: the same contact within the window.
    pub merged: u64,
    /// Events kept.
    pub events: u64,
    /// Distinct customers among the kept events.
    pub customers: u64,
    /// Distinct touchpoint spellings, and the touchpoints they make.
    pub touchpoint_spellings: (usize, usize),
    /// Distinct channel spellings, and the channels they make.
    pub channel_spellings: (usize, usize),
    /// Channels not in the map's list, added to a new map.
    pub channels_added: Vec<String>,
    /// Kept events without a stage, when the file has a stage column.
    pub without_stage: u64,
    /// What attaching the figures found.
    pub attached: Attached,
}

impl CsvReport {
    /// Rows dropped in all.
    pub fn dropped(&self) -> u64 {
        self.no_customer + self.no_time + self.no_touchpoint
    }
}

/// Reads and cleans events; channels resolve against `known`.
pub fn clean_csv(
    input: impl Read,
    options: &CsvOptions,
    known: &[Channel],
) -> Result<(Cleaned, CsvReport), ImportError> {
    let raw = csv::read(input, &options.columns, options.scale)?;
    let touchpoints = clean::standardise(&raw.touchpoints);
    let stages = clean::standardise(&raw.stages);
    let channels = clean::resolve_channels(&raw.channels, known);
    let distinct = |list: &[u32]| {
        let mut ids = list.to_vec();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    let mut report = CsvReport {
        rows: raw.rows,
        no_customer: raw.no_customer,
        no_time: raw.no_time,
        no_touchpoint: raw.no_touchpoint,
        touchpoint_spellings: (raw.touchpoints.texts.len(), touchpoints.names.len()),
        channel_spellings: (raw.channels.texts.len(), distinct(&channels.of_spelling)),
        channels_added: channels
            .list
            .iter()
            .skip(channels.list.len() - channels.added)
            .map(|c| c.name.clone())
            .collect(),
        ..CsvReport::default()
    };
    let mut events = raw.events;
    let map = |table: &[u32], id: u32| {
        if id == csv::NONE {
            csv::NONE
        } else {
            table.get(id as usize).copied().unwrap_or(csv::NONE)
        }
    };
    for event in &mut events {
        event.touchpoint = map(&touchpoints.of_spelling, event.touchpoint);
        event.channel = map(&channels.of_spelling, event.channel);
        event.stage = map(&stages.of_spelling, event.stage);
    }
    report.merged = clean::dedup(&mut events, options.window);
    if events.is_empty() {
        return Err(ImportError::NoEvents);
    }
    report.events = events.len() as u64;
    report.customers = events.chunk_by(|a, b| a.customer == b.customer).count() as u64;
    if raw.has_stage {
        report.without_stage = events.iter().filter(|e| e.stage == csv::NONE).count() as u64;
    }
    let cleaned = Cleaned {
        events,
        touchpoints,
        stages,
        channels,
        has_score: raw.has_score,
        scale: options.scale,
    };
    Ok((cleaned, report))
}

/// The map a CSV import starts from: the blank template's channels and lanes.
fn base_map() -> JourneyMap {
    let mut map = super::templates::find("blank")
        .and_then(|t| super::from_str(t.text).ok())
        .unwrap_or_default();
    if !map.lanes.iter().any(|l| l.kind == LaneKind::Touchpoints) {
        map.lanes.insert(
            0,
            Lane {
                id: "ln-touch".into(),
                kind: LaneKind::Touchpoints,
                ..Lane::default()
            },
        );
    }
    map
}

/// A new map from a CSV of events: the blank template's channels and lanes,
/// one journey called `title`.
pub fn csv_new_map(
    input: impl Read,
    options: &CsvOptions,
    title: &str,
) -> Result<(JourneyMap, CsvReport), ImportError> {
    let base = base_map();
    let (cleaned, mut report) = clean_csv(input, options, &base.channels)?;
    let (map, attached) = figures::build(base, &cleaned, title);
    report.attached = attached;
    Ok((map, report))
}

/// Attaches the figures of a CSV of events to an existing map, in place;
/// nothing else of the map changes (but the scores of steps the data scores).
pub fn csv_onto_map(
    input: impl Read,
    options: &CsvOptions,
    map: &mut JourneyMap,
) -> Result<CsvReport, ImportError> {
    let (cleaned, mut report) = clean_csv(input, options, &map.channels)?;
    report.channels_added.clear();
    report.attached = figures::attach(map, &cleaned);
    Ok(report)
}
