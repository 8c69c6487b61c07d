//! Typed ids: short stable strings such as `tp-7f3a`, never array indexes.
//!
//! Every item of a map (persona, journey, stage, step, lane, card, link,
//! channel) has one; all of them share one id space inside a map, so an id
//! alone names an item. Ids are written to the file as plain strings and are
//! never regenerated on load.
//!
//! What a valid id is, is said once here ([`problem`], [`is_valid`]): letters
//! and digits of any script (`char::is_alphanumeric`), `-`, `_` and `.`; not
//! starting with `.`; at most [`MAX_LEN`] characters. A map with a bad id
//! still loads (so the editor can fix it); `validate` reports it. Map text
//! never becomes a file name as it is: [`file_stem`] and [`file_stems`] make
//! an ASCII name from it.

use std::collections::HashSet;
use std::fmt;
use std::fmt::Write as _;
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

/// The longest valid id, in characters.
pub const MAX_LEN: usize = 128;

/// Why a text is not a valid id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdProblem {
    /// The id is empty.
    Empty,
    /// The id starts with `.`.
    LeadingDot,
    /// The id is longer than [`MAX_LEN`] characters (it has this many).
    TooLong(usize),
    /// The id has a character that is not a letter, a digit, `-`, `_` or `.`.
    Character(char),
}

impl fmt::Display for IdProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdProblem::Empty => f.write_str("it is empty"),
            IdProblem::LeadingDot => f.write_str("it starts with \".\""),
            IdProblem::TooLong(n) => {
                write!(f, "it is {n} characters long, more than {MAX_LEN}")
            }
            IdProblem::Character(' ') => f.write_str("it has a space"),
            IdProblem::Character('\n' | '\r') => f.write_str("it has a line end"),
            IdProblem::Character('\t') => f.write_str("it has a tab"),
            IdProblem::Character(c) if c.is_whitespace() || c.is_control() => {
                write!(f, "it has the invisible character U+{:04X}", u32::from(*c))
            }
            IdProblem::Character(c) => write!(f, "it has the character \"{}\"", c.escape_debug()),
        }
    }
}

/// True for a character an id may hold: a letter or digit of any script
/// (`char::is_alphanumeric`), `-`, `_` or `.`.
pub fn is_id_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// Why `id` is not a valid id, or `None` when it is one.
///
/// The first problem found: empty, a leading `.`, a character that is not
/// allowed, then the length.
pub fn problem(id: &str) -> Option<IdProblem> {
    if id.is_empty() {
        return Some(IdProblem::Empty);
    }
    if id.starts_with('.') {
        return Some(IdProblem::LeadingDot);
    }
    if let Some(c) = id.chars().find(|&c| !is_id_char(c)) {
        return Some(IdProblem::Character(c));
    }
    let len = id.chars().count();
    (len > MAX_LEN).then_some(IdProblem::TooLong(len))
}

/// True when `id` is a valid id (see [`problem`]).
pub fn is_valid(id: &str) -> bool {
    problem(id).is_none()
}

/// The longest readable part of a [`file_stem`], in characters (all ASCII).
const STEM_READABLE: usize = 64;

/// An id (or any text from a map) as part of a file name, such as the
/// `<id>` of `map-<id>.png`.
///
/// The result is never empty, is ASCII lower-case letters, digits, `-`, `_`,
/// `.` and `+`, does not start with `.`, and is at most 73 characters long.
/// An id that is already lower-case ASCII letters, digits, `-`, `_` and `.`
/// (not starting with `.`, at most 64 long) is kept as it is. Any other text
/// becomes a readable form - lower case, Latin letters without their marks
/// (`ś` -> `s`, `ß` -> `ss`), any other character `_`, cut to 64 - then `+`
/// and eight hex digits of a stable hash (64-bit FNV-1a, folded) of the
/// whole text: `jr-świat` -> `jr-swiat+3083c1cb`. `+` is not an id
/// character, so a name with a hash never equals an id kept as it is; two
/// texts with a hash share a name only if their readable forms and hashes
/// both match, and [`file_stems`] gives even those distinct names.
pub fn file_stem(id: &str) -> String {
    let mut readable = String::new();
    for c in id.chars().flat_map(char::to_lowercase) {
        if readable.len() >= STEM_READABLE {
            break;
        }
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_') || (c == '.' && !readable.is_empty())
        {
            readable.push(c);
        } else if let Some(latin) = unmarked(c) {
            readable.push_str(latin);
        } else {
            readable.push('_');
        }
    }
    readable.truncate(STEM_READABLE);
    if readable == id && !id.is_empty() {
        return readable;
    }
    if readable.is_empty() {
        readable.push_str("id");
    }
    let _ = write!(readable, "+{:08x}", stable_hash(id));
    readable
}

/// File stems for several items written side by side (`export --all`): the
/// [`file_stem`] of each, with `+2`, `+3`... added to one that an earlier
/// item already took. So distinct items always get distinct names, even
/// with one id twice or a hash collision, and names differ even where the
/// file system ignores case (every stem is lower case).
pub fn file_stems<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for id in ids {
        let base = file_stem(id);
        let mut stem = base.clone();
        let mut n = 2u64;
        while taken.contains(&stem) {
            stem = format!("{base}+{n}");
            n += 1;
        }
        taken.insert(stem.clone());
        out.push(stem);
    }
    out
}

/// 64-bit FNV-1a of `text`'s UTF-8 bytes, folded to 32 bits: the same on
/// every platform and in every version (std's hashers promise neither).
fn stable_hash(text: &str) -> u32 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in text.as_bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    #[expect(
        clippy::cast_possible_truncation,
        reason = "folding to 32 bits on purpose"
    )]
    let folded = (hash ^ (hash >> 32)) as u32;
    folded
}

/// A lower-case Latin letter with a mark, as plain ASCII letters.
fn unmarked(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
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

    #[test]
    fn fresh_ids_are_valid() {
        let taken = HashSet::new();
        for prefix in [
            PersonaId::PREFIX,
            JourneyId::PREFIX,
            StageId::PREFIX,
            StepId::PREFIX,
            LaneId::PREFIX,
            CardId::PREFIX,
            LinkId::PREFIX,
            ChannelId::PREFIX,
            MetricId::PREFIX,
        ] {
            let id = fresh(prefix, &taken);
            assert!(is_valid(&id), "{id}");
        }
    }

    #[test]
    fn the_id_rule_at_its_boundaries() {
        let at_limit = "ż".repeat(MAX_LEN);
        let over = "ż".repeat(MAX_LEN + 1);
        assert!(is_valid(&at_limit), "128 characters (256 bytes) is fine");
        assert_eq!(problem(&over), Some(IdProblem::TooLong(129)));
        assert!(is_valid("st-świadomość"));
        assert!(is_valid("Zażółć_gęślą.jaźń-1"));
        assert!(is_valid("a.b"), "a dot inside is fine");
        assert!(is_valid("日本"), "any script's letters");
        assert_eq!(problem(".hidden"), Some(IdProblem::LeadingDot));
        assert_eq!(problem(".."), Some(IdProblem::LeadingDot));
        assert_eq!(problem(""), Some(IdProblem::Empty));
        assert_eq!(problem("x/../y"), Some(IdProblem::Character('/')));
        assert_eq!(problem("a\\b"), Some(IdProblem::Character('\\')));
        assert_eq!(problem("a b"), Some(IdProblem::Character(' ')));
        assert_eq!(problem("a\nb"), Some(IdProblem::Character('\n')));
        assert_eq!(problem("🦀"), Some(IdProblem::Character('🦀')));
        assert_eq!(problem("a:b"), Some(IdProblem::Character(':')));
        assert_eq!(IdProblem::Character('\n').to_string(), "it has a line end");
        assert_eq!(
            IdProblem::Character('\u{1b}').to_string(),
            "it has the invisible character U+001B"
        );
        assert_eq!(
            IdProblem::Character('/').to_string(),
            "it has the character \"/\""
        );
    }

    #[test]
    fn file_stems_keep_plain_ids_and_mark_the_rest() {
        assert_eq!(file_stem("jr-lead-gen"), "jr-lead-gen");
        assert_eq!(file_stem("jr_1.2"), "jr_1.2");
        let swiat = file_stem("jr-świat");
        assert_eq!(swiat, "jr-swiat+3083c1cb", "as README shows it");
        assert_ne!(swiat, file_stem("jr-swiat"));
        assert_ne!(file_stem("jr-Swiat"), file_stem("jr-swiat"));
        assert_eq!(file_stem("jr-świat"), swiat, "stable");
        assert!(file_stem("x/../../../escaped").starts_with("x_.._.._.._escaped+"));
        assert!(file_stem(".hidden").starts_with("_hidden+"));
        assert!(file_stem("").starts_with("id+"));
        assert!(file_stem(&"a".repeat(500)).len() == 73);
        assert_eq!(
            file_stem("jr-a+2").len(),
            "jr-a_2+".len() + 8,
            "+ is not kept"
        );
        assert_eq!(
            file_stems(["jr-a", "jr-a", "jr-b", "jr-a"]),
            ["jr-a", "jr-a+2", "jr-b", "jr-a+3"]
        );
    }

    /// Any text: ASCII, Polish, separators, control characters, emoji...
    fn any_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            "[a-zA-Z0-9ąćęłńóśźżĄĆĘŁŃÓŚŹŻ./\\\\_ \n\t-]{0,80}",
            any::<String>(),
            "[a-z.-]{60,70}",
        ]
    }

    proptest::proptest! {
        #[test]
        fn file_stems_are_safe_and_distinct(ids in proptest::collection::hash_set(any_text(), 1..12)) {
            let ids: Vec<String> = ids.into_iter().collect();
            let stems = file_stems(ids.iter().map(String::as_str));
            let distinct: HashSet<&String> = stems.iter().collect();
            proptest::prop_assert_eq!(distinct.len(), ids.len());
            for (id, stem) in ids.iter().zip(&stems) {
                proptest::prop_assert!(!stem.is_empty());
                proptest::prop_assert!(stem.is_ascii(), "{:?} -> {:?}", id, stem);
                proptest::prop_assert!(
                    !stem.contains(|c: char| c == '/' || c == '\\' || c.is_control()),
                    "{:?} -> {:?}", id, stem
                );
                proptest::prop_assert!(!stem.starts_with('.'), "{:?} -> {:?}", id, stem);
                proptest::prop_assert_eq!(stem.to_ascii_lowercase(), stem.clone());
                proptest::prop_assert_eq!(&file_stem(id), stem, "no clash in distinct ids here");
            }
        }

        #[test]
        fn distinct_ids_get_distinct_stems(a in any_text(), b in any_text()) {
            proptest::prop_assume!(a != b);
            proptest::prop_assert_ne!(file_stem(&a), file_stem(&b));
        }
    }
}
