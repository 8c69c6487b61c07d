//! Reading a CSV of touchpoint events: columns found by name (with aliases,
//! or as `--columns` says), rows streamed into compact interned events, rows
//! with a missing customer, time or touchpoint dropped and counted.
//!
//! Nothing of a row is kept as text but the first copy of each distinct
//! value: customers, touchpoints, channels and stages become integer ids, so
//! a million rows take a few tens of megabytes.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

use super::ImportError;
use crate::model::EmotionScale;

/// What a column of the events file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// The customer or account id.
    Customer,
    /// When the contact happened.
    Time,
    /// Through which channel.
    Channel,
    /// Which touchpoint.
    Touchpoint,
    /// The journey stage (optional).
    Stage,
    /// The system that logged the contact (optional).
    Source,
    /// A satisfaction score (optional).
    Score,
}

impl Field {
    /// Every field, in the order messages list them.
    pub const ALL: [Field; 7] = [
        Field::Customer,
        Field::Time,
        Field::Channel,
        Field::Touchpoint,
        Field::Stage,
        Field::Source,
        Field::Score,
    ];

    /// The name used in `--columns` and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Field::Customer => "customer",
            Field::Time => "time",
            Field::Channel => "channel",
            Field::Touchpoint => "touchpoint",
            Field::Stage => "stage",
            Field::Source => "source",
            Field::Score => "score",
        }
    }

    /// True for the columns an events file must have.
    pub fn required(self) -> bool {
        matches!(
            self,
            Field::Customer | Field::Time | Field::Channel | Field::Touchpoint
        )
    }

    /// Column names recognised for this field (compared after lower-casing,
    /// with spaces and hyphens read as `_`).
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Customer => &[
                "customer",
                "customer_id",
                "customerid",
                "client",
                "client_id",
                "account",
                "account_id",
                "accountid",
                "user",
                "user_id",
                "userid",
                "contact",
                "contact_id",
                "lead_id",
                "person_id",
                "visitor_id",
            ],
            Field::Time => &[
                "time",
                "timestamp",
                "date",
                "datetime",
                "date_time",
                "event_time",
                "event_date",
                "occurred_at",
                "created_at",
                "ts",
            ],
            Field::Channel => &["channel", "channel_name", "medium", "utm_medium"],
            Field::Touchpoint => &[
                "touchpoint",
                "touch_point",
                "touchpoint_name",
                "event",
                "event_name",
                "interaction",
                "activity",
                "action",
                "page",
            ],
            Field::Stage => &[
                "stage",
                "journey_stage",
                "funnel_stage",
                "lifecycle_stage",
                "phase",
            ],
            Field::Source => &["source", "source_system", "system", "data_source", "tool"],
            Field::Score => &[
                "score",
                "satisfaction",
                "satisfaction_score",
                "csat",
                "rating",
            ],
        }
    }

    fn by_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Column names chosen on the command line (`--columns customer=acct,time=ts`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnChoice(Vec<(Field, String)>);

impl ColumnChoice {
    /// Parses `field=column,field=column`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut out = Vec::new();
        for part in text.split(',').filter(|p| !p.trim().is_empty()) {
            let Some((field, column)) = part.split_once('=') else {
                return Err(format!(
                    "\"{part}\" should be FIELD=COLUMN, e.g. customer=account_id"
                ));
            };
            let Some(field) = Field::by_name(field.trim()) else {
                let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
                return Err(format!(
                    "\"{}\" is not a field; the fields are {}",
                    field.trim(),
                    names.join(", ")
                ));
            };
            out.push((field, column.trim().to_owned()));
        }
        Ok(ColumnChoice(out))
    }

    fn get(&self, field: Field) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| c.as_str())
    }
}

/// No value: a row without a channel or stage, or an event without a score.
pub const NONE: u32 = u32::MAX;

/// One contact, with every text interned.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Event {
    /// Customer id (index into the interned customers).
    pub customer: u32,
    /// Touchpoint: a spelling id while reading, a standard id after cleaning.
    pub touchpoint: u32,
    /// Channel: a spelling id while reading, a channel index after cleaning; or [`NONE`].
    pub channel: u32,
    /// Stage: a spelling id while reading, a standard id after cleaning; or [`NONE`].
    pub stage: u32,
    /// Source system spelling id, or [`NONE`].
    pub source: u32,
    /// Seconds since the Unix epoch, UTC.
    pub time: i64,
    /// Satisfaction score on the import's scale; NaN when there is none.
    pub score: f32,
    /// The file line the row starts on (the header is line 1).
    pub row: u32,
}

/// The distinct spellings of one column's values, as read.
#[derive(Debug, Default)]
pub struct Spellings {
    ids: HashMap<Box<str>, u32>,
    /// Each spelling, in order of first appearance.
    pub texts: Vec<Box<str>>,
    /// How many kept rows used each spelling.
    pub counts: Vec<u64>,
}

impl Spellings {
    fn intern(&mut self, text: &str) -> u32 {
        let id = if let Some(&id) = self.ids.get(text) {
            id
        } else {
            let id = u32::try_from(self.texts.len()).unwrap_or(NONE - 1);
            self.ids.insert(text.into(), id);
            self.texts.push(text.into());
            self.counts.push(0);
            id
        };
        if let Some(count) = self.counts.get_mut(id as usize) {
            *count += 1;
        }
        id
    }
}

/// What reading the file gave: events and the rows dropped for each reason.
#[derive(Debug, Default)]
pub struct RawEvents {
    /// The kept rows.
    pub events: Vec<Event>,
    /// How many distinct customers.
    pub customers: u32,
    /// Touchpoint spellings.
    pub touchpoints: Spellings,
    /// Channel spellings.
    pub channels: Spellings,
    /// Stage spellings.
    pub stages: Spellings,
    /// Source system spellings.
    pub sources: Spellings,
    /// The file has a stage column.
    pub has_stage: bool,
    /// The file has a score column.
    pub has_score: bool,
    /// Data rows read (without the header).
    pub rows: u64,
    /// Rows dropped: no customer.
    pub no_customer: u64,
    /// Rows dropped: no time.
    pub no_time: u64,
    /// Rows dropped: no touchpoint.
    pub no_touchpoint: u64,
}

/// Lower-cased, trimmed, spaces and hyphens as `_`: how column names are compared.
fn header_key(name: &str) -> String {
    name.trim()
        .trim_start_matches('\u{feff}')
        .trim()
        .to_lowercase()
        .replace([' ', '-'], "_")
}

/// The delimiter the first line uses most: `,`, `;` or a tab.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut quoted = false;
    let mut counts = [0usize; 3];
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let [comma, semicolon, tab] = counts;
    if semicolon > comma && semicolon >= tab {
        b';'
    } else if tab > comma && tab > semicolon {
        b'\t'
    } else {
        b','
    }
}

/// Refuses binary files: a NUL byte, or bytes that are not UTF-8, at the start.
fn check_text(head: &[u8]) -> Result<(), ImportError> {
    if let Some(at) = head.iter().position(|&b| b == 0) {
        return Err(ImportError::NotCsv(format!(
            "it holds binary data (a zero byte at byte {})",
            at + 1
        )));
    }
    if let Err(e) = std::str::from_utf8(head)
        && e.error_len().is_some()
    {
        return Err(ImportError::NotCsv(format!(
            "it is not UTF-8 text (byte {} is not)",
            e.valid_up_to() + 1
        )));
    }
    Ok(())
}

/// Which column index holds each field.
fn find_columns(
    headers: &[String],
    choice: &ColumnChoice,
) -> Result<HashMap<Field, usize>, ImportError> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let mut found = HashMap::new();
    let mut missing = Vec::new();
    for field in Field::ALL {
        let index = if let Some(name) = choice.get(field) {
            let wanted = header_key(name);
            match keys.iter().position(|k| *k == wanted) {
                Some(i) => Some(i),
                None => {
                    return Err(ImportError::UnknownColumn {
                        field: field.name(),
                        column: name.to_owned(),
                        found: headers.to_vec(),
                    });
                }
            }
        } else {
            field
                .aliases()
                .iter()
                .find_map(|alias| keys.iter().position(|k| k == alias))
        };
        match index {
            Some(i) => {
                found.insert(field, i);
            }
            None if field.required() => missing.push(field.name()),
            None => {}
        }
    }
    if missing.is_empty() {
        Ok(found)
    } else {
        Err(ImportError::MissingColumns {
            missing,
            found: headers.to_vec(),
        })
    }
}

fn trim(bytes: &[u8]) -> &[u8] {
    bytes.trim_ascii()
}

fn text_of(bytes: &[u8], row: u32) -> Result<&str, ImportError> {
    std::str::from_utf8(trim(bytes)).map_err(|_| ImportError::NotText { row })
}

/// Reads events from CSV text; `scale` bounds the scores.
pub fn read(
    input: impl Read,
    choice: &ColumnChoice,
    scale: EmotionScale,
) -> Result<RawEvents, ImportError> {
    let mut input = BufReader::with_capacity(1 << 16, input);
    let head = input.fill_buf().map_err(ImportError::Io)?;
    if head.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::NotCsv("the file is empty".to_owned()));
    }
    check_text(head)?;
    let delimiter = sniff_delimiter(head);
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(false)
        .from_reader(input);
    let headers: Vec<String> = reader
        .byte_headers()
        .map_err(|e| csv_error(&e))?
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_owned())
        .collect();
    let columns = find_columns(&headers, choice)?;
    let column = |f: Field| columns.get(&f).copied();
    let (customer_col, time_col, channel_col, touch_col) = (
        column(Field::Customer).unwrap_or_default(),
        column(Field::Time).unwrap_or_default(),
        column(Field::Channel).unwrap_or_default(),
        column(Field::Touchpoint).unwrap_or_default(),
    );
    let (stage_col, source_col, score_col) = (
        column(Field::Stage),
        column(Field::Source),
        column(Field::Score),
    );
    let time_name = headers.get(time_col).cloned().unwrap_or_default();
    let mut out = RawEvents {
        has_stage: stage_col.is_some(),
        has_score: score_col.is_some(),
        ..RawEvents::default()
    };
    let mut customers: HashMap<Box<[u8]>, u32> = HashMap::new();
    let mut record = ::csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(&e)),
        }
        out.rows += 1;
        let row = record
            .position()
            .map_or(0, |p| u32::try_from(p.line()).unwrap_or(u32::MAX));
        let field = |i: usize| trim(record.get(i).unwrap_or_default());
        let customer = field(customer_col);
        let time = field(time_col);
        let touch = field(touch_col);
        if customer.is_empty() {
            out.no_customer += 1;
            continue;
        }
        if time.is_empty() {
            out.no_time += 1;
            continue;
        }
        if touch.is_empty() {
            out.no_touchpoint += 1;
            continue;
        }
        let time_text = text_of(time, row)?;
        let Some(time) = super::time::parse(time_text) else {
            return Err(ImportError::BadTime {
                row,
                column: time_name,
                value: time_text.to_owned(),
            });
        };
        let score = match score_col.map(field).filter(|s| !s.is_empty()) {
            None => f32::NAN,
            Some(bytes) => parse_score(text_of(bytes, row)?, row, scale)?,
        };
        let next = u32::try_from(customers.len()).unwrap_or(NONE - 1);
        let customer = *customers.entry(customer.into()).or_insert(next);
        let touchpoint = out.touchpoints.intern(text_of(touch, row)?);
        let optional = |col: Option<usize>, spellings: &mut Spellings| match col.map(field) {
            Some(bytes) if !bytes.is_empty() => text_of(bytes, row).map(|t| spellings.intern(t)),
            _ => Ok(NONE),
        };
        let channel = optional(Some(channel_col), &mut out.channels)?;
        let stage = optional(stage_col, &mut out.stages)?;
        let source = optional(source_col, &mut out.sources)?;
        out.events.push(Event {
            customer,
            touchpoint,
            channel,
            stage,
            source,
            time,
            score,
            row,
        });
    }
    out.customers = u32::try_from(customers.len()).unwrap_or(u32::MAX);
    Ok(out)
}

fn parse_score(text: &str, row: u32, scale: EmotionScale) -> Result<f32, ImportError> {
    let value: Option<f32> = text.replace(',', ".").parse().ok();
    match value {
        Some(v) if scale.contains(v) => Ok(v),
        _ => Err(ImportError::BadScore {
            row,
            value: text.to_owned(),
            scale,
        }),
    }
}

fn csv_error(e: &::csv::Error) -> ImportError {
    match e.kind() {
        ::csv::ErrorKind::Io(io) => ImportError::Io(std::io::Error::new(io.kind(), io.to_string())),
        ::csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => ImportError::BadRow {
            row: pos
                .as_ref()
                .map_or(0, |p| u32::try_from(p.line()).unwrap_or(u32::MAX)),
            message: format!("it has {len} fields, but the header has {expected_len}"),
        },
        _ => ImportError::NotCsv(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale() -> EmotionScale {
        EmotionScale { min: 1, max: 5 }
    }

    #[test]
    fn aliases_and_case_find_the_columns_and_a_semicolon_is_sniffed() {
        let text = "Account;Date;Medium;Event name;Rating\nA;2024-01-01;web;Home;4,5\n";
        let raw = read(text.as_bytes(), &ColumnChoice::default(), scale()).expect("reads");
        assert_eq!(raw.events.len(), 1);
        assert!(raw.has_score && !raw.has_stage);
        assert!((raw.events[0].score - 4.5).abs() < 1e-6);
    }

    #[test]
    fn columns_can_be_named() {
        let text = "who,when,how,what\nA,2024-01-01,web,Home\n";
        let choice =
            ColumnChoice::parse("customer=who,time=when,channel=how,touchpoint=what").expect("ok");
        let raw = read(text.as_bytes(), &choice, scale()).expect("reads");
        assert_eq!(raw.events.len(), 1);
        assert!(ColumnChoice::parse("colour=x").is_err());
        assert!(ColumnChoice::parse("customer").is_err());
    }

    #[test]
    fn a_missing_column_names_it_and_the_columns_found() {
        let text = "customer,channel,touchpoint\nA,web,Home\n";
        let err = read(text.as_bytes(), &ColumnChoice::default(), scale()).expect_err("refused");
        let message = err.to_string();
        assert!(message.contains("time"), "{message}");
        assert!(
            message.contains("customer, channel, touchpoint"),
            "{message}"
        );
    }
}
