//! Reading a map written by a newer journeymap, as far as this version understands it.
//!
//! [`super::from_str`] refuses such a map; the editor instead shows it
//! read-only. Every model struct denies unknown fields, so a newer file with
//! a new field does not parse as it is. Here each parse error that is an
//! unknown field is found in the text, and that field - with every other
//! field the struct does not know - is blanked out of every struct of the
//! same kind (the same path from the top: all cards, all stages...) in one
//! pass; then the text is parsed again. So a new field in 10,000 cards costs
//! one pass, not 10,000. Blanking keeps every line and column, so later
//! errors and the list of what was left out point into the file as written.

use std::collections::HashMap;
use std::ops::Range;

use ron::error::{Error as RonError, SpannedError};

use super::source_map::{self, Pos, Token, Tokens};
use super::{LoadError, from_str, ron_options};
use crate::model::{CURRENT_VERSION, JourneyMap};

/// At most this many passes, each leaving out one kind of unknown field.
const MAX_PASSES: usize = 64;

/// A map written by a newer journeymap, read as far as this version understands it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewerMap {
    /// The map, with `version` set to `CURRENT_VERSION` (so Save As writes the current version).
    pub map: JourneyMap,
    /// The version in the file.
    pub found: u64,
    /// What this version could not read and left out, in file order:
    /// `line 12: field "mood" of a card`, or grouped when it repeats:
    /// `field "mood" in 240 cards (first at line 12)`.
    pub dropped: Vec<String>,
}

/// Reads a map whose version is newer than this build's: unknown fields are
/// left out (and listed), so it can be shown read-only.
///
/// Errors as [`from_str`] when the text is not a map at all, or when what is
/// newer cannot be left out (an unknown enum variant, a changed type); the
/// error then names both versions too. Items of a kind this version does not
/// know, in a list (`Sticky(..)` among the cards), are left out and listed
/// like fields.
///
/// A map that is not newer is read as [`from_str`] reads it; `found` is
/// then at most [`CURRENT_VERSION`] and `dropped` is empty.
pub fn from_str_newer(text: &str) -> Result<NewerMap, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let probe = source_map::find_version_span(text);
    match probe {
        Some((found, digits)) if found > u64::from(CURRENT_VERSION) => {
            read_newer(text, found, Some(digits))
        }
        _ => match from_str(text) {
            Ok(map) => Ok(NewerMap {
                found: probe.map_or(u64::from(CURRENT_VERSION), |(found, _)| found),
                map,
                dropped: Vec::new(),
            }),
            // The quick probe missed the version (written as `0x2`, say),
            // but the full parse read it.
            Err(LoadError::NewerVersion { found, .. }) => read_newer(text, found, None),
            Err(err) => Err(err),
        },
    }
}

/// Parses `text` (of version `found`, newer) leaving out what it cannot read.
/// `digits` are the bytes of the version number, when the probe found them.
fn read_newer(text: &str, found: u64, digits: Option<Range<usize>>) -> Result<NewerMap, LoadError> {
    let mut work = text.to_owned();
    if let Some(digits) = digits {
        // Write the current version over the newer one (padded with spaces,
        // so no column moves): the version may not even fit in a `u32`.
        let current = CURRENT_VERSION.to_string();
        if let Some(old) = work.get(digits.clone())
            && current.len() <= old.len()
        {
            let padded = format!("{current:<width$}", width = old.len());
            work.replace_range(digits, &padded);
        }
    }
    let options = ron_options();
    let mut left_out = LeftOut::default();
    let mut passes = 0;
    loop {
        let err = match options.from_str::<JourneyMap>(&work) {
            Ok(mut map) => {
                map.version = CURRENT_VERSION;
                return Ok(NewerMap {
                    map,
                    found,
                    dropped: left_out.describe(),
                });
            }
            Err(err) => err,
        };
        passes += 1;
        let blanked = if passes > MAX_PASSES {
            None
        } else {
            leave_out(&work, &err, &mut left_out)
        };
        match blanked {
            Some(next) => work = next,
            None => return Err(name_versions(LoadError::from_ron(&err, &work), found)),
        }
    }
}

/// Adds both versions to a parse error of a newer map.
fn name_versions(err: LoadError, found: u64) -> LoadError {
    match err {
        LoadError::Syntax { pos, message } => LoadError::Syntax {
            pos,
            message: format!(
                "{message} (this map was written by a newer journeymap, file version {found}, \
                 and this one reads versions up to {CURRENT_VERSION}: if this is something new, \
                 open the map with a newer journeymap)"
            ),
        },
        other => other,
    }
}

/// One thing left out, wherever it occurs.
struct Group {
    /// `field "mood"` or `item "Sticky"`.
    what: String,
    /// `card`, `map`, `cards`...: what it was in or of.
    kind: Kind,
    /// Where each occurrence is named, in file order.
    at: Vec<Pos>,
}

enum Kind {
    /// A field of a struct, by the struct's name.
    Of(String),
    /// An item in a list, by the list's field.
    In(String),
}

/// Everything left out so far, by (path, name).
#[derive(Default)]
struct LeftOut {
    groups: HashMap<(usize, String), Group>,
}

impl LeftOut {
    fn add(&mut self, sig: usize, what: String, kind: Kind, pos: Pos) {
        self.groups
            .entry((sig, what.clone()))
            .or_insert_with(|| Group {
                what,
                kind,
                at: Vec::new(),
            })
            .at
            .push(pos);
    }

    fn describe(self) -> Vec<String> {
        let mut groups: Vec<Group> = self.groups.into_values().collect();
        for group in &mut groups {
            group.at.sort_unstable();
        }
        groups.sort_by_key(|g| g.at.first().copied());
        groups.iter().map(Group::describe).collect()
    }
}

impl Group {
    fn describe(&self) -> String {
        let first = self.at.first().copied().unwrap_or(Pos::START);
        let count = self.at.len();
        match (&self.kind, count) {
            (Kind::Of(name), 1) => format!("line {}: {} of {}", first.line, self.what, one(name)),
            (Kind::Of(name), _) => format!(
                "{} in {count} {} (first at line {})",
                self.what,
                many(name),
                first.line
            ),
            (Kind::In(list), 1) => format!("line {}: {} in {list}", first.line, self.what),
            (Kind::In(list), _) => format!(
                "{} {count} times in {list} (first at line {})",
                self.what, first.line
            ),
        }
    }
}

/// A struct's name in words: `EmotionScale` -> `emotion scale`.
fn words(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// One struct of kind `name`: `a card`, `an evidence`, `the map`.
fn one(name: &str) -> String {
    if name == "JourneyMap" {
        return "the map".to_owned();
    }
    let words = words(name);
    if words.ends_with('s') {
        words
    } else if words.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {words}")
    } else {
        format!("a {words}")
    }
}

/// Structs of kind `name`: `cards`, `figures`.
fn many(name: &str) -> String {
    if name == "JourneyMap" {
        return "maps".to_owned();
    }
    let words = words(name);
    if words.ends_with('s') {
        words
    } else {
        format!("{words}s")
    }
}

/// Blanks out what `err` says this version cannot read, everywhere it
/// occurs at the same path, and records it. `None` when the error is not
/// of a kind that can be left out, or nothing was found to leave out.
fn leave_out(text: &str, err: &SpannedError, left_out: &mut LeftOut) -> Option<String> {
    let at = Pos {
        line: err.span.end.line,
        col: err.span.end.col,
    };
    let scan = Scan::new(text);
    let mut ranges = Vec::new();
    match &err.code {
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let field = scan
                .fields
                .iter()
                .filter(|f| f.name == *found && f.pos <= at)
                .max_by_key(|f| f.pos)?;
            let sig = field.sig;
            let kind = outer
                .clone()
                .or_else(|| field.outer.clone())
                .unwrap_or_else(|| "Item".to_owned());
            for f in scan.fields.iter().filter(|f| f.sig == sig) {
                if !expected.contains(&f.name.as_str()) {
                    left_out.add(
                        sig,
                        format!("field {:?}", f.name),
                        Kind::Of(kind.clone()),
                        f.pos,
                    );
                    ranges.push(f.range.clone());
                }
            }
        }
        RonError::ExpectedDifferentStructName { found, .. } => {
            let item = scan
                .items
                .iter()
                .filter(|i| i.pos <= at)
                .max_by_key(|i| i.pos)
                .filter(|i| i.name == *found && i.in_list)?;
            let sig = item.sig;
            let list = scan.sig_names.get(sig).map_or("", |s| last_segment(s));
            for i in scan
                .items
                .iter()
                .filter(|i| i.sig == sig && i.name == *found)
            {
                left_out.add(
                    sig,
                    format!("item {:?}", i.name),
                    Kind::In(list.to_owned()),
                    i.pos,
                );
                ranges.push(i.range.clone());
            }
        }
        _ => return None,
    }
    if ranges.is_empty() {
        return None;
    }
    Some(blank(text, &mut ranges))
}

fn last_segment(sig: &str) -> &str {
    sig.rsplit('.').next().unwrap_or(sig)
}

/// `text` with every character in `ranges` but line ends turned into a
/// space, so lines and columns (in characters) stay where they were.
fn blank(text: &str, ranges: &mut [Range<usize>]) -> String {
    ranges.sort_unstable_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    for range in ranges.iter() {
        // Ranges of one path never nest; skip one that would overlap.
        if range.start < done {
            continue;
        }
        out.push_str(text.get(done..range.start).unwrap_or_default());
        for c in text.get(range.clone()).unwrap_or_default().chars() {
            out.push(if c == '\n' || c == '\r' { c } else { ' ' });
        }
        done = range.end;
    }
    out.push_str(text.get(done..).unwrap_or_default());
    out
}

/// A field of a struct, with its value and trailing comma.
struct FieldSpan {
    /// The path of the struct it is in.
    sig: usize,
    /// The struct's written name, if any.
    outer: Option<String>,
    name: String,
    /// From the name to after the comma (or to before the `)`).
    range: Range<usize>,
    /// Where the name is.
    pos: Pos,
}

/// A named struct, with its trailing comma when it is in a list.
struct ItemSpan {
    /// Its path (a list's items have the list's path).
    sig: usize,
    name: String,
    in_list: bool,
    range: Range<usize>,
    pos: Pos,
}

/// A field being read: its name, where it starts.
struct OpenField {
    name: String,
    start: usize,
    pos: Pos,
}

struct Frame {
    bracket: char,
    /// The struct name before `(`, with where it starts.
    name: Option<(String, usize, Pos)>,
    start: usize,
    sig: usize,
    field: Option<OpenField>,
    /// The item just closed in this list, until its comma.
    last_item: Option<usize>,
}

/// Where each struct field and each named struct of a text sits, with
/// the path from the top (`.journeys.cards`) it is found at: all structs at
/// one path are of one kind, whether or not their names are written.
#[derive(Default)]
struct Scan {
    fields: Vec<FieldSpan>,
    items: Vec<ItemSpan>,
    /// Paths by number.
    sig_names: Vec<String>,
    sigs: HashMap<(usize, String), usize>,
}

impl Scan {
    fn new(text: &str) -> Self {
        let mut scan = Scan {
            sig_names: vec![String::new()],
            ..Scan::default()
        };
        let mut stack: Vec<Frame> = Vec::new();
        let mut tokens = Tokens::new(text);
        let mut pending: Option<(String, usize, Pos)> = None;
        while let Some((token, pos)) = tokens.next() {
            let bytes = tokens.last_span();
            match token {
                Token::Ident(name) => {
                    pending = Some((name, bytes.start, pos));
                    continue;
                }
                Token::Colon => {
                    if let (Some((name, start, pos)), Some(frame)) =
                        (pending.take(), stack.last_mut())
                        && frame.bracket == '('
                    {
                        frame.field = Some(OpenField { name, start, pos });
                    }
                }
                Token::Open(bracket) => {
                    let sig = match stack.last() {
                        None => 0,
                        Some(parent) => match &parent.field {
                            Some(field) if parent.bracket == '(' => {
                                scan.child_sig(parent.sig, &field.name)
                            }
                            _ => parent.sig,
                        },
                    };
                    let name = pending.take().filter(|_| bracket == '(');
                    let start = name.as_ref().map_or(bytes.start, |(_, start, _)| *start);
                    stack.push(Frame {
                        bracket,
                        name,
                        start,
                        sig,
                        field: None,
                        last_item: None,
                    });
                }
                Token::Close(_) => {
                    if let Some(mut frame) = stack.pop() {
                        scan.end_field(&mut frame, bytes.start);
                        if let Some(parent) = stack.last_mut()
                            && let Some((name, _, pos)) = frame.name
                        {
                            let in_list = parent.bracket == '[';
                            if in_list {
                                parent.last_item = Some(scan.items.len());
                            }
                            scan.items.push(ItemSpan {
                                sig: frame.sig,
                                name,
                                in_list,
                                range: frame.start..bytes.end,
                                pos,
                            });
                        }
                    }
                }
                Token::Comma => {
                    if let Some(frame) = stack.last_mut() {
                        if frame.bracket == '(' {
                            scan.end_field(frame, bytes.end);
                        } else if let Some(item) = frame.last_item.take()
                            && let Some(item) = scan.items.get_mut(item)
                        {
                            item.range.end = bytes.end;
                        }
                    }
                }
                Token::Str(_) | Token::Number | Token::Other => {}
            }
            pending = None;
        }
        // A cut-off text: the fields still open run to its end.
        while let Some(mut frame) = stack.pop() {
            scan.end_field(&mut frame, text.len());
        }
        scan
    }

    fn child_sig(&mut self, parent: usize, field: &str) -> usize {
        if let Some(sig) = self.sigs.get(&(parent, field.to_owned())) {
            return *sig;
        }
        let sig = self.sig_names.len();
        let name = format!(
            "{}.{field}",
            self.sig_names.get(parent).map_or("", String::as_str)
        );
        self.sig_names.push(name);
        self.sigs.insert((parent, field.to_owned()), sig);
        sig
    }

    fn end_field(&mut self, frame: &mut Frame, end: usize) {
        if let Some(field) = frame.field.take() {
            self.fields.push(FieldSpan {
                sig: frame.sig,
                outer: frame.name.as_ref().map(|(name, _, _)| name.clone()),
                name: field.name,
                range: field.start..end,
                pos: field.pos,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::templates;

    fn template() -> &'static str {
        templates::find("lead-generation")
            .expect("the template exists")
            .text
    }

    fn newer(text: &str) -> String {
        let next = CURRENT_VERSION + 1;
        let bumped = text.replacen(
            &format!("version: {CURRENT_VERSION},"),
            &format!("version: {next},"),
            1,
        );
        assert_ne!(bumped, text, "the version was bumped");
        bumped
    }

    fn original() -> JourneyMap {
        from_str(template()).expect("the template loads")
    }

    /// The 1-based line of the `n`th (from 0) occurrence of `needle`.
    fn line_of(text: &str, needle: &str, n: usize) -> usize {
        let at = text
            .match_indices(needle)
            .nth(n)
            .expect("the needle occurs")
            .0;
        1 + text.get(..at).expect("in text").matches('\n').count()
    }

    #[test]
    fn a_newer_map_without_new_fields_loads_unchanged() {
        let text = newer(template());
        assert!(matches!(
            from_str(&text),
            Err(LoadError::NewerVersion { found, .. }) if found == u64::from(CURRENT_VERSION + 1)
        ));
        let newer = from_str_newer(&text).expect("reads");
        assert_eq!(newer.found, u64::from(CURRENT_VERSION + 1));
        assert!(newer.dropped.is_empty(), "{:?}", newer.dropped);
        assert_eq!(newer.map, original());
        assert_eq!(newer.map.version, CURRENT_VERSION);
    }

    #[test]
    fn a_new_field_in_one_card_is_left_out_and_named_with_its_line() {
        let text = newer(template()).replacen(
            "Card(\n",
            "Card(\n                    mood: Mood(level: 3, words: [\"calm\", \"(\"]),\n",
            1,
        );
        let newer = from_str_newer(&text).expect("reads");
        assert_eq!(newer.map, original());
        let line = line_of(&text, "mood:", 0);
        assert_eq!(
            newer.dropped,
            vec![format!("line {line}: field \"mood\" of a card")]
        );
    }

    #[test]
    fn a_new_field_in_every_card_is_one_grouped_entry() {
        let cards = template().matches("Card(\n").count();
        assert!(cards > 10);
        let text = newer(template()).replace("Card(\n", "Card(\n                    mood: 3,\n");
        let newer = from_str_newer(&text).expect("reads");
        assert_eq!(newer.map, original());
        let line = line_of(&text, "mood:", 0);
        assert_eq!(
            newer.dropped,
            vec![format!(
                "field \"mood\" in {cards} cards (first at line {line})"
            )]
        );
    }

    #[test]
    fn new_fields_in_a_stage_and_the_map_are_listed_in_file_order() {
        let mut text = newer(template()).replacen(
            "Stage(\n",
            "Stage(\n                    budget: 1.5e3,\n",
            1,
        );
        let end = text.rfind(')').expect("the map closes");
        text.insert_str(end, "    theme: \"dark\",\n");
        let newer = from_str_newer(&text).expect("reads");
        assert_eq!(newer.map, original());
        assert_eq!(
            newer.dropped,
            vec![
                format!(
                    "line {}: field \"budget\" of a stage",
                    line_of(&text, "budget:", 0)
                ),
                format!(
                    "line {}: field \"theme\" of the map",
                    line_of(&text, "theme:", 0)
                ),
            ]
        );
    }

    #[test]
    fn a_new_first_field_and_one_without_comma_are_left_out() {
        let text = format!(
            "JourneyMap(version: {}, title: \"T\", lanes: [Lane(shade: 2, id: \"l\", name: \"L\", glow: true)])",
            CURRENT_VERSION + 7
        );
        let newer = from_str_newer(&text).expect("reads");
        assert_eq!(newer.map.lanes.len(), 1);
        assert_eq!(newer.map.lanes[0].id.as_str(), "l");
        assert_eq!(
            newer.dropped,
            vec![
                "line 1: field \"shade\" of a lane".to_owned(),
                "line 1: field \"glow\" of a lane".to_owned(),
            ]
        );
    }

    #[test]
    fn field_like_text_inside_a_string_is_not_touched() {
        let text =
            newer(template()).replacen("Card(\n", "Card(\n                    mood: 3,\n", 1);
        let text = text.replacen(
            "text: \"",
            "text: \"mood: 3, Card(mood: 4) \\\"mood: 5\\\" ",
            1,
        );
        let newer = from_str_newer(&text).expect("reads");
        let card = newer.map.journeys[0]
            .cards
            .iter()
            .find(|c| c.text.starts_with("mood: 3"))
            .expect("the card keeps its text");
        assert!(
            card.text.starts_with("mood: 3, Card(mood: 4) \"mood: 5\" "),
            "{}",
            card.text
        );
        assert_eq!(newer.dropped.len(), 1, "{:?}", newer.dropped);
    }

    #[test]
    fn an_unknown_enum_variant_is_an_error_naming_both_versions() {
        let text = newer(template()).replacen("intent: Commercial", "intent: Navigational", 1);
        assert_ne!(text, newer(template()));
        let err = from_str_newer(&text).expect_err("cannot be left out");
        let LoadError::Syntax { pos, message } = &err else {
            panic!("a syntax error: {err:?}");
        };
        assert_eq!(pos.line, line_of(&text, "Navigational", 0));
        assert!(message.contains("Navigational"), "{message}");
        assert!(
            message.contains(&format!("file version {}", CURRENT_VERSION + 1))
                && message.contains(&format!("up to {CURRENT_VERSION}")),
            "{message}"
        );
    }

    #[test]
    fn a_cut_off_newer_map_is_a_syntax_error_with_its_place() {
        let text = newer(template()).replace("Card(\n", "Card(\n                    mood: 3,\n");
        // Cut right after a new field: only that is left out, then the end.
        let at = text
            .match_indices("mood: 3,\n")
            .nth(30)
            .expect("31 cards")
            .0
            + 9;
        let cut = text.get(..at).expect("ascii cut");
        let err = from_str_newer(cut).expect_err("cut off");
        let LoadError::Syntax { pos, message } = &err else {
            panic!("a syntax error: {err:?}");
        };
        // The parser stops after the last `Card(`: the line before the field.
        assert_eq!(pos.line + 1, line_of(cut, "mood:", 30), "{pos} {message}");
        assert!(message.contains("cut off"), "{message}");
        assert!(message.contains("file version 2"), "{message}");
        // Cut in the middle of a text.
        let cut = text.get(..text.len() / 2).expect("ascii cut");
        let err = from_str_newer(cut).expect_err("cut off");
        let LoadError::Syntax { pos, message } = &err else {
            panic!("a syntax error: {err:?}");
        };
        assert!(pos.line > 100, "{pos}");
        assert!(message.contains("file version 2"), "{message}");
    }

    #[test]
    fn an_unknown_item_kind_in_a_list_is_left_out() {
        let text = newer(template()).replacen(
            "    lanes: [\n",
            "    lanes: [\n        Swimlane(id: \"x\", name: \"New\"),\n",
            1,
        );
        let newer = from_str_newer(&text).expect("reads");
        assert_eq!(newer.map, original());
        assert_eq!(
            newer.dropped,
            vec![format!(
                "line {}: item \"Swimlane\" in lanes",
                line_of(&text, "Swimlane", 0)
            )]
        );
    }

    #[test]
    fn a_version_too_big_for_any_build_still_reads() {
        let text = template().replacen(
            &format!("version: {CURRENT_VERSION},"),
            "version: 99999999999,",
            1,
        );
        let newer = from_str_newer(&text).expect("reads");
        assert_eq!(newer.found, 99_999_999_999);
        assert_eq!(newer.map, original());
    }

    #[test]
    fn a_current_map_reads_as_usual() {
        let newer = from_str_newer(template()).expect("reads");
        assert_eq!(newer.found, u64::from(CURRENT_VERSION));
        assert_eq!(newer.map, original());
        assert!(newer.dropped.is_empty());
        assert!(matches!(from_str_newer("  "), Err(LoadError::Empty)));
    }

    #[test]
    fn a_new_field_in_ten_thousand_cards_is_one_pass_and_one_entry() {
        let doc = crate::model::synthetic::generate(5, 8, 10_000);
        let text = crate::io::to_canonical_string(&doc).expect("serializes");
        let text = newer(&text).replace("Card(\n", "Card(\n                    mood: [1, 2],\n");
        let newer = from_str_newer(&text).expect("reads");
        assert_eq!(newer.map, doc);
        assert_eq!(
            newer.dropped,
            vec![format!(
                "field \"mood\" in 10000 cards (first at line {})",
                line_of(&text, "mood:", 0)
            )]
        );
    }
}
