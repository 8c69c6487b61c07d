//! Where items and fields sit in a map's text, for `file:line:col` messages.
//!
//! serde forgets positions once a file is parsed, so this module reads the
//! RON text once more with a small tokenizer of its own: it records where
//! each item (a struct with an `id` field) starts, where each of its fields
//! is named, and where each string of a list field stands. It never fails:
//! on text it does not understand it records less. It is iterative, so any
//! nesting depth is safe.

use std::collections::HashMap;
use std::fmt;

/// A 1-based line and column (columns count characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
}

impl Pos {
    /// The start of a file.
    pub const START: Pos = Pos { line: 1, col: 1 };
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Token {
    Ident(String),
    Str(String),
    Number,
    Open(char),
    Close(char),
    Colon,
    Comma,
    Other,
}

/// A forgiving RON tokenizer over text.
pub(super) struct Tokens<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    pos: Pos,
    /// Byte offset of the next character.
    byte: usize,
    /// Byte offset where the last token returned starts.
    token_start: usize,
}

impl<'a> Tokens<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Self {
            chars: text.chars().peekable(),
            pos: Pos::START,
            byte: 0,
            token_start: 0,
        }
    }

    /// The bytes of the last token returned by `next`.
    pub(super) fn last_span(&self) -> std::ops::Range<usize> {
        self.token_start..self.byte
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        self.byte += c.len_utf8();
        if c == '\n' {
            self.pos.line += 1;
            self.pos.col = 1;
        } else {
            self.pos.col += 1;
        }
        Some(c)
    }

    fn skip_block_comment(&mut self) {
        let mut depth = 1usize;
        while let Some(c) = self.bump() {
            match c {
                '*' if self.chars.peek() == Some(&'/') => {
                    self.bump();
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                '/' if self.chars.peek() == Some(&'*') => {
                    self.bump();
                    depth += 1;
                }
                _ => {}
            }
        }
    }

    /// Up to `max` hex digits that come next (never the closing quote).
    fn hex_digits(&mut self, max: usize) -> String {
        let mut digits = String::new();
        while digits.len() < max
            && let Some(&d) = self.chars.peek()
            && d.is_ascii_hexdigit()
        {
            digits.push(d);
            self.bump();
        }
        digits
    }

    /// A string's value, its escapes read as RON reads them (so an id
    /// written `"a\nb"` is found by the id it names); an escape RON does
    /// not know is kept as written.
    fn quoted(&mut self) -> String {
        let mut out: Vec<u8> = Vec::new();
        let mut utf8 = [0u8; 4];
        while let Some(c) = self.bump() {
            let c = match c {
                '"' => break,
                '\\' => match self.bump() {
                    Some('n') => '\n',
                    Some('r') => '\r',
                    Some('t') => '\t',
                    Some('0') => '\0',
                    Some('x') => {
                        // One byte; several in a row may make one character.
                        let digits = self.hex_digits(2);
                        if let Ok(byte) = u8::from_str_radix(&digits, 16) {
                            out.push(byte);
                        }
                        continue;
                    }
                    Some('u') if self.chars.peek() == Some(&'{') => {
                        self.bump();
                        let digits = self.hex_digits(6);
                        if self.chars.peek() == Some(&'}') {
                            self.bump();
                        }
                        u32::from_str_radix(&digits, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .unwrap_or(char::REPLACEMENT_CHARACTER)
                    }
                    Some(other @ ('"' | '\'' | '\\')) => other,
                    Some(other) => {
                        out.push(b'\\');
                        other
                    }
                    None => break,
                },
                c => c,
            };
            out.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
        }
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    fn raw_quoted(&mut self) -> String {
        let mut hashes = 0usize;
        while self.chars.peek() == Some(&'#') {
            self.bump();
            hashes += 1;
        }
        if self.chars.peek() != Some(&'"') {
            return String::new();
        }
        self.bump();
        let mut out = String::new();
        while let Some(c) = self.bump() {
            if c == '"' {
                let mut seen = 0usize;
                while seen < hashes && self.chars.peek() == Some(&'#') {
                    self.bump();
                    seen += 1;
                }
                if seen == hashes {
                    return out;
                }
                out.push('"');
                out.extend(std::iter::repeat_n('#', seen));
            } else {
                out.push(c);
            }
        }
        out
    }
}

impl Iterator for Tokens<'_> {
    type Item = (Token, Pos);

    fn next(&mut self) -> Option<(Token, Pos)> {
        loop {
            let start = self.pos;
            self.token_start = self.byte;
            let c = self.bump()?;
            let token = match c {
                c if c.is_whitespace() => continue,
                '/' if self.chars.peek() == Some(&'/') => {
                    while let Some(c) = self.bump() {
                        if c == '\n' {
                            break;
                        }
                    }
                    continue;
                }
                '/' if self.chars.peek() == Some(&'*') => {
                    self.bump();
                    self.skip_block_comment();
                    continue;
                }
                '"' => Token::Str(self.quoted()),
                'r' if matches!(self.chars.peek(), Some('"' | '#')) => {
                    Token::Str(self.raw_quoted())
                }
                '\'' => {
                    while let Some(c) = self.bump() {
                        match c {
                            '\\' => {
                                self.bump();
                            }
                            '\'' => break,
                            _ => {}
                        }
                    }
                    Token::Other
                }
                '(' | '[' | '{' => Token::Open(c),
                ')' | ']' | '}' => Token::Close(c),
                ':' => Token::Colon,
                ',' => Token::Comma,
                c if c.is_alphabetic() || c == '_' => {
                    let mut ident = String::from(c);
                    while let Some(&n) = self.chars.peek() {
                        if n.is_alphanumeric() || n == '_' {
                            ident.push(n);
                            self.bump();
                        } else {
                            break;
                        }
                    }
                    Token::Ident(ident)
                }
                c if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => {
                    let mut last = c;
                    while let Some(&n) = self.chars.peek() {
                        let exponent_sign = (n == '-' || n == '+') && (last == 'e' || last == 'E');
                        if n.is_ascii_alphanumeric() || n == '.' || n == '_' || exponent_sign {
                            last = n;
                            self.bump();
                        } else {
                            break;
                        }
                    }
                    Token::Number
                }
                _ => Token::Other,
            };
            return Some((token, start));
        }
    }
}

/// Reads `version: N` from the top-level struct without parsing the rest.
///
/// Returns `None` when the text has no such field at the top level or the
/// value is not a whole number; the full parse then reports the problem.
pub fn find_version(text: &str) -> Option<u64> {
    find_version_span(text).map(|(version, _)| version)
}

/// [`find_version`], with the bytes of the number's digits in `text`.
pub(super) fn find_version_span(text: &str) -> Option<(u64, std::ops::Range<usize>)> {
    let mut depth = 0usize;
    let mut tokens = Tokens::new(text);
    while let Some((token, _)) = tokens.next() {
        match token {
            Token::Open(_) => depth += 1,
            Token::Close(_) => depth = depth.saturating_sub(1),
            Token::Ident(name) if depth == 1 && name == "version" => {
                let (colon, _) = tokens.next()?;
                if colon != Token::Colon {
                    continue;
                }
                return read_number_after(&mut tokens, text);
            }
            _ => {}
        }
    }
    None
}

/// The whole number that is the next token: its leading letters, digits
/// and `_` (so `2.0` reads as 2, as it always has), and their bytes.
fn read_number_after(tokens: &mut Tokens<'_>, text: &str) -> Option<(u64, std::ops::Range<usize>)> {
    let (token, _) = tokens.next()?;
    if token != Token::Number {
        return None;
    }
    let span = tokens.last_span();
    let number = text.get(span.clone())?;
    let len = number
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(number.len());
    let digits: String = number.get(..len)?.chars().filter(|c| *c != '_').collect();
    let value = digits.parse().ok()?;
    Some((value, span.start..span.start + len))
}

struct Frame {
    /// `(`, `[` or `{`.
    bracket: char,
    /// The struct name before `(`, if any.
    name: Option<String>,
    /// Where the item starts: its struct name, or the bracket.
    start: Pos,
    /// The field of the parent this frame is the value of.
    via_field: Option<String>,
    /// The field whose value comes next (struct frames).
    current_field: Option<String>,
    /// The item's own id, once its `id` field was read.
    id: Option<String>,
    /// Field name positions, as paths relative to this frame.
    fields: Vec<(String, Pos)>,
    /// Strings in list fields: (field, index, position).
    elements: Vec<(String, usize, Pos)>,
    /// Index of the next list element (list frames).
    index: usize,
}

/// Positions of the items and fields of one map's text.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    items: HashMap<String, Vec<Pos>>,
    fields: HashMap<(String, String), Pos>,
    elements: HashMap<(String, String, usize), Pos>,
}

/// The key used for the map itself (the top-level struct has no id).
const MAP_KEY: &str = "";

impl SourceMap {
    /// Reads positions from a map's text.
    pub fn new(text: &str) -> Self {
        let mut map = SourceMap::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut tokens = Tokens::new(text).peekable();
        // The last identifier, if it came right before `(`: a struct name.
        let mut pending_name: Option<(String, Pos)> = None;
        while let Some((token, pos)) = tokens.next() {
            match token {
                Token::Ident(name) => {
                    if matches!(tokens.peek(), Some((Token::Colon, _))) {
                        if let Some(frame) = stack.last_mut()
                            && frame.bracket == '('
                        {
                            frame.fields.push((name.clone(), pos));
                            frame.current_field = Some(name);
                        }
                        tokens.next();
                        pending_name = None;
                    } else {
                        pending_name = Some((name, pos));
                    }
                    continue;
                }
                Token::Open(bracket) => {
                    let (name, start) = match pending_name.take() {
                        Some((name, name_pos)) if bracket == '(' => (Some(name), name_pos),
                        _ => (None, pos),
                    };
                    let via_field = stack.last().and_then(|f| f.current_field.clone());
                    stack.push(Frame {
                        bracket,
                        name,
                        start,
                        via_field,
                        current_field: None,
                        id: None,
                        fields: Vec::new(),
                        elements: Vec::new(),
                        index: 0,
                    });
                }
                Token::Close(_) => {
                    if let Some(frame) = stack.pop() {
                        map.close(frame, stack.last_mut());
                    }
                }
                Token::Str(value) => {
                    let len = stack.len();
                    if let Some(frame) = stack.last_mut() {
                        if frame.bracket == '(' {
                            let is_conflict = frame.name.as_deref() == Some("Conflict");
                            if frame.current_field.as_deref() == Some("id") && !is_conflict {
                                frame.id = Some(value);
                            }
                        } else if frame.bracket == '[' && len >= 2 {
                            let index = frame.index;
                            let field = frame.via_field.clone();
                            if let (Some(field), Some(parent)) = (field, stack.get_mut(len - 2)) {
                                parent.elements.push((field, index, pos));
                            }
                        }
                    }
                }
                Token::Comma => {
                    if let Some(frame) = stack.last_mut() {
                        if frame.bracket == '[' {
                            frame.index += 1;
                        } else {
                            frame.current_field = None;
                        }
                    }
                }
                Token::Colon | Token::Number | Token::Other => {}
            }
            pending_name = None;
        }
        // Unclosed frames (a cut-off file): record what they hold.
        while let Some(frame) = stack.pop() {
            map.close(frame, stack.last_mut());
        }
        for positions in map.items.values_mut() {
            positions.sort_unstable();
        }
        map
    }

    fn close(&mut self, frame: Frame, parent: Option<&mut Frame>) {
        if frame.bracket != '(' {
            return;
        }
        let key = match (&frame.id, &parent) {
            (Some(id), _) => id.clone(),
            (None, None) => MAP_KEY.to_owned(),
            (None, Some(_)) => {
                // An item without an id (Evidence, Figures, Some(..)): its
                // fields belong to the nearest item, under a dotted path.
                if let Some(parent) = parent {
                    let prefix = frame.via_field.map(|f| format!("{f}.")).unwrap_or_default();
                    for (field, pos) in frame.fields {
                        parent.fields.push((format!("{prefix}{field}"), pos));
                    }
                    for (field, index, pos) in frame.elements {
                        parent
                            .elements
                            .push((format!("{prefix}{field}"), index, pos));
                    }
                }
                return;
            }
        };
        self.items.entry(key.clone()).or_default().push(frame.start);
        for (field, pos) in frame.fields {
            self.fields.entry((key.clone(), field)).or_insert(pos);
        }
        for (field, index, pos) in frame.elements {
            self.elements
                .entry((key.clone(), field, index))
                .or_insert(pos);
        }
    }

    /// Where the item with `id` starts (its first occurrence).
    pub fn item(&self, id: &str) -> Option<Pos> {
        self.items.get(id).and_then(|p| p.first().copied())
    }

    /// Where each item with `id` starts, in file order.
    pub fn occurrences(&self, id: &str) -> &[Pos] {
        self.items.get(id).map_or(&[], Vec::as_slice)
    }

    /// Where `field` of the item `id` is named; `field` may be a dotted path
    /// such as `evidence.date`. Falls back to the item itself.
    pub fn field(&self, id: &str, field: &str) -> Option<Pos> {
        self.fields
            .get(&(id.to_owned(), field.to_owned()))
            .copied()
            .or_else(|| self.item(id))
    }

    /// Where the `index`th string of the list `field` of item `id` stands.
    pub fn element(&self, id: &str, field: &str, index: usize) -> Option<Pos> {
        self.elements
            .get(&(id.to_owned(), field.to_owned(), index))
            .copied()
            .or_else(|| self.field(id, field))
    }

    /// Where a field of the map itself (the top-level struct) is named.
    pub fn map_field(&self, field: &str) -> Option<Pos> {
        self.field(MAP_KEY, field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"JourneyMap(
    version: 1,
    emotion_scale: EmotionScale(min: -2, max: 2),
    journeys: [
        Journey(
            id: "j1",
            personas: ["p1", "p2"],
            cards: [
                Card(id: "c1", lane: "l", step: "s", evidence: Evidence(date: "x")),
                Card(
                    id: "c1",
                    text: "a \" quoted // not a comment",
                ),
            ],
        ),
    ],
    conflicts: [Conflict(id: "c1", field: "text")],
)
"#;

    #[test]
    fn ids_with_escapes_are_found_by_their_value() {
        let text = "JourneyMap(\n    journeys: [\n        Journey(\n            id: \"a\\nb\\u{1b}\\x41\\xc5\\x9b\\\"\",\n        ),\n    ],\n)\n";
        let map = SourceMap::new(text);
        assert_eq!(
            map.field("a\nb\u{1b}Aś\"", "id"),
            Some(Pos { line: 4, col: 13 })
        );
    }

    #[test]
    fn finds_items_fields_and_list_elements() {
        let map = SourceMap::new(TEXT);
        assert_eq!(map.item("j1"), Some(Pos { line: 5, col: 9 }));
        assert_eq!(
            map.occurrences("c1"),
            &[Pos { line: 9, col: 17 }, Pos { line: 10, col: 17 }]
        );
        assert_eq!(map.field("j1", "personas"), Some(Pos { line: 7, col: 13 }));
        assert_eq!(
            map.element("j1", "personas", 1),
            Some(Pos { line: 7, col: 30 })
        );
        assert_eq!(
            map.field("c1", "evidence.date"),
            Some(Pos { line: 9, col: 73 })
        );
        assert_eq!(
            map.map_field("emotion_scale.max"),
            Some(Pos { line: 3, col: 42 })
        );
        assert_eq!(map.map_field("conflicts"), Some(Pos { line: 17, col: 5 }));
    }

    #[test]
    fn reads_the_version_without_parsing_the_rest() {
        assert_eq!(find_version(TEXT), Some(1));
        assert_eq!(
            find_version("JourneyMap(title: \"version: 7\", version: 12)"),
            Some(12)
        );
        assert_eq!(find_version("JourneyMap(x: Foo(version: 3))"), None);
        assert_eq!(find_version(""), None);
    }

    #[test]
    fn survives_deep_nesting_and_cut_off_text() {
        let deep = "(".repeat(100_000);
        let map = SourceMap::new(&deep);
        assert_eq!(map.item("x"), None);
        assert_eq!(find_version(&deep), None);
        let cut = &TEXT[..TEXT.len() / 2];
        let map = SourceMap::new(cut);
        assert!(map.item("j1").is_some());
    }
}
