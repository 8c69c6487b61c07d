//! What merge and diff need to know about each kind of item: its id, its
//! fields (listed once here, and checked against the struct at compile time),
//! how a field's value reads in a sentence, and how such a sentence reads
//! back into a value (to take their side of a recorded conflict).

use crate::model::{
    Card, CardId, Channel, ChannelId, Conflict, EmotionScale, Evidence, Figures, Funnel, Intent,
    Journey, JourneyKind, Lane, LaneId, LaneKind, Link, LinkKind, Media, Metric, Persona,
    PersonaId, Severity, Stage, Step, StepId,
};

use super::conflict::{Cause, DELETED};
use crate::i18n::Lang;

/// A field's value as short text, for conflicts and diff lines.
pub(crate) trait Show {
    /// The value in a few words; `none` for an unset option.
    fn show(&self) -> String;
    /// The value in the words of `lang`, for the window's diff lines: the
    /// same as [`Show::show`] in English (what conflicts record and the
    /// command line prints); in Polish, yes/no, none and enum values are
    /// translated. Map text is never translated.
    fn show_in(&self, lang: Lang) -> String {
        let _ = lang;
        self.show()
    }
    /// For lists: the elements, so a diff can name what was added or removed.
    fn elements(&self) -> Option<Vec<String>> {
        None
    }
}

impl Show for String {
    fn show(&self) -> String {
        self.clone()
    }
}

impl Show for bool {
    fn show(&self) -> String {
        if *self { "yes" } else { "no" }.to_owned()
    }
    fn show_in(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.show(),
            Lang::Pl => if *self { "tak" } else { "nie" }.to_owned(),
        }
    }
}

/// "none" in `lang`: an option without a value.
fn none_in(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "none",
        Lang::Pl => "brak",
    }
}

impl Show for u32 {
    fn show(&self) -> String {
        self.to_string()
    }
}

/// A number without a needless `.0`.
pub(crate) fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        value.to_string()
    }
}

impl Show for Option<f32> {
    fn show(&self) -> String {
        self.map_or_else(|| "none".to_owned(), |v| number(f64::from(v)))
    }
    fn show_in(&self, lang: Lang) -> String {
        self.map_or_else(|| none_in(lang).to_owned(), |v| number(f64::from(v)))
    }
}

impl Show for Option<f64> {
    fn show(&self) -> String {
        self.map_or_else(|| "none".to_owned(), number)
    }
    fn show_in(&self, lang: Lang) -> String {
        self.map_or_else(|| none_in(lang).to_owned(), number)
    }
}

/// An enum value in the window's words (English: its name in the file).
trait InLang: std::fmt::Debug {
    /// The Polish word the window uses for it, if any.
    fn polish(&self) -> Option<&'static str>;

    fn in_lang(&self, lang: Lang) -> String {
        match (lang, self.polish()) {
            (Lang::Pl, Some(word)) => word.to_owned(),
            _ => format!("{self:?}"),
        }
    }
}

impl InLang for Intent {
    fn polish(&self) -> Option<&'static str> {
        Some(Lang::Pl.intent(*self))
    }
}

impl InLang for Media {
    fn polish(&self) -> Option<&'static str> {
        Some(Lang::Pl.media(*self))
    }
}

impl InLang for Severity {
    fn polish(&self) -> Option<&'static str> {
        Some(Lang::Pl.severity(*self))
    }
}

impl InLang for LaneKind {
    fn polish(&self) -> Option<&'static str> {
        Some(Lang::Pl.lane_kind(*self))
    }
}

impl InLang for Funnel {
    fn polish(&self) -> Option<&'static str> {
        Some(Lang::Pl.funnel(*self).unwrap_or("brak"))
    }
}

impl InLang for JourneyKind {
    fn polish(&self) -> Option<&'static str> {
        Some(Lang::Pl.journey_kind(*self))
    }
}

impl InLang for LinkKind {
    fn polish(&self) -> Option<&'static str> {
        Some(match self {
            LinkKind::Path => "ścieżka",
            LinkKind::Resolves => "rozwiązuje",
            LinkKind::Related => "powiązanie",
        })
    }
}

macro_rules! show_debug {
    ($($ty:ty),*) => {$(
        impl Show for $ty {
            fn show(&self) -> String {
                format!("{self:?}")
            }
            fn show_in(&self, lang: Lang) -> String {
                self.in_lang(lang)
            }
        }
        impl Show for Option<$ty> {
            fn show(&self) -> String {
                self.as_ref().map_or_else(|| "none".to_owned(), |v| format!("{v:?}"))
            }
            fn show_in(&self, lang: Lang) -> String {
                self.as_ref().map_or_else(|| none_in(lang).to_owned(), |v| v.in_lang(lang))
            }
        }
    )*};
}
/// Calls `$m!` with every enum a field can hold, so the lists cannot drift apart.
macro_rules! field_enums {
    ($m:ident) => {
        $m!(
            Intent,
            Media,
            Severity,
            LaneKind,
            Funnel,
            JourneyKind,
            LinkKind
        );
    };
}
field_enums!(show_debug);

macro_rules! show_id {
    ($($ty:ty),*) => {$(
        impl Show for $ty {
            fn show(&self) -> String {
                self.as_str().to_owned()
            }
        }
        impl Show for Option<$ty> {
            fn show(&self) -> String {
                self.as_ref().map_or_else(|| "none".to_owned(), |v| v.as_str().to_owned())
            }
            fn show_in(&self, lang: Lang) -> String {
                self.as_ref().map_or_else(|| none_in(lang).to_owned(), |v| v.as_str().to_owned())
            }
        }
        impl Show for Vec<$ty> {
            fn show(&self) -> String {
                self.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
            fn elements(&self) -> Option<Vec<String>> {
                Some(self.iter().map(|v| v.as_str().to_owned()).collect())
            }
        }
    )*};
}
show_id!(PersonaId, ChannelId, CardId, StepId, LaneId);

impl Show for Vec<String> {
    fn show(&self) -> String {
        self.join(", ")
    }
    fn elements(&self) -> Option<Vec<String>> {
        Some(self.clone())
    }
}

impl Show for EmotionScale {
    fn show(&self) -> String {
        format!("{}..{}", self.min, self.max)
    }
}

impl Show for Option<Evidence> {
    fn show(&self) -> String {
        match self {
            None => "none".to_owned(),
            Some(e) => [e.source.as_str(), e.date.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

impl Show for Figures {
    fn show(&self) -> String {
        #[expect(clippy::cast_precision_loss, reason = "counts shown as text")]
        let parts = [
            ("customers", self.customers.map(|v| v as f64)),
            ("touches", self.touches.map(|v| v as f64)),
            ("touches per customer", self.touches_per_customer),
            ("channels per customer", self.channels_per_customer),
            ("days (mean)", self.days_mean),
            ("days (median)", self.days_median),
            ("drop-off", self.drop_off),
        ];
        let shown: Vec<String> = parts
            .iter()
            .filter_map(|(name, v)| v.map(|v| format!("{name} {}", number(v))))
            .collect();
        if shown.is_empty() {
            "none".to_owned()
        } else {
            shown.join(", ")
        }
    }
}

/// The way back from [`Show`]: the value a shown text stands for.
///
/// `show` is not one-to-one for every type, so a caller checks that the
/// value shows as the text again ([`parse_exact`]); even then some texts
/// have two readings, and the one taken here is documented on each impl.
pub(crate) trait Parse: Sized {
    /// The value `text` stands for; `None` when it cannot be read.
    fn parse(text: &str) -> Option<Self>;
}

/// Why a field could not be set from a conflict's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FieldError {
    /// The item has no field of that name.
    Unknown,
    /// The text does not read back into a value that shows as the same text.
    NotExact,
}

/// The value `text` stands for, only when it shows as exactly `text` again.
pub(crate) fn parse_exact<T: Parse + Show>(text: &str) -> Result<T, FieldError> {
    let value = T::parse(text).ok_or(FieldError::NotExact)?;
    if value.show() == text {
        Ok(value)
    } else {
        Err(FieldError::NotExact)
    }
}

/// An optional value: `none` is unset (an id or text that is literally
/// `none` reads as unset too).
#[expect(
    clippy::option_option,
    reason = "the outer option is whether the text reads, the inner is the value"
)]
fn parse_option<T>(text: &str, some: impl FnOnce(&str) -> Option<T>) -> Option<Option<T>> {
    if text == "none" {
        Some(None)
    } else {
        some(text).map(Some)
    }
}

/// A list shown joined by `, `; an element that itself holds `, ` reads as
/// two elements (the text is the same, the list is not).
fn split_list(text: &str) -> impl Iterator<Item = &str> {
    text.split(", ").filter(|_| !text.is_empty())
}

impl Parse for String {
    fn parse(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
}

impl Parse for bool {
    fn parse(text: &str) -> Option<Self> {
        match text {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        }
    }
}

impl Parse for u32 {
    fn parse(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

impl Parse for Option<f32> {
    fn parse(text: &str) -> Option<Self> {
        parse_option(text, |t| t.parse().ok())
    }
}

impl Parse for Option<f64> {
    fn parse(text: &str) -> Option<Self> {
        parse_option(text, |t| t.parse().ok())
    }
}

macro_rules! parse_variant {
    ($($ty:ty),*) => {$(
        impl Parse for $ty {
            /// A variant by its name, as the file writes it.
            fn parse(text: &str) -> Option<Self> {
                // Only a bare name: RON would also take spaces and comments.
                if text.is_empty() || !text.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return None;
                }
                ron::from_str(text).ok()
            }
        }
        impl Parse for Option<$ty> {
            fn parse(text: &str) -> Option<Self> {
                parse_option(text, <$ty>::parse)
            }
        }
    )*};
}
field_enums!(parse_variant);

macro_rules! parse_id {
    ($($ty:ty),*) => {$(
        impl Parse for $ty {
            fn parse(text: &str) -> Option<Self> {
                Some(text.into())
            }
        }
        impl Parse for Option<$ty> {
            fn parse(text: &str) -> Option<Self> {
                parse_option(text, |t| Some(t.into()))
            }
        }
        impl Parse for Vec<$ty> {
            fn parse(text: &str) -> Option<Self> {
                Some(split_list(text).map(Into::into).collect())
            }
        }
    )*};
}
parse_id!(PersonaId, ChannelId, CardId, StepId, LaneId);

impl Parse for Vec<String> {
    fn parse(text: &str) -> Option<Self> {
        Some(split_list(text).map(str::to_owned).collect())
    }
}

impl Parse for EmotionScale {
    fn parse(text: &str) -> Option<Self> {
        let (min, max) = text.split_once("..")?;
        Some(EmotionScale {
            min: min.parse().ok()?,
            max: max.parse().ok()?,
        })
    }
}

/// A date as evidence writes it, `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

impl Parse for Option<Evidence> {
    /// `source, date`, either part alone, or `none`. A lone date reads as a
    /// date, not a source; a text with `, ` that does not end in a date is
    /// refused (a source with a comma, or a date of another form: no way to
    /// tell).
    fn parse(text: &str) -> Option<Self> {
        parse_option(text, |t| {
            let (source, date) = match t.rsplit_once(", ") {
                Some((source, date)) if is_date(date) => (source, date),
                Some(_) => return None,
                None if is_date(t) => ("", t),
                None => (t, ""),
            };
            Some(Evidence {
                source: source.to_owned(),
                date: date.to_owned(),
            })
        })
    }
}

impl Parse for Figures {
    /// `customers 12, drop-off 0.25`: each figure by its shown name.
    fn parse(text: &str) -> Option<Self> {
        let mut figures = Figures::default();
        if text == "none" {
            return Some(figures);
        }
        for part in text.split(", ") {
            let (name, value) = part.rsplit_once(' ')?;
            match name {
                "customers" => figures.customers = Some(value.parse().ok()?),
                "touches" => figures.touches = Some(value.parse().ok()?),
                "touches per customer" => figures.touches_per_customer = Some(value.parse().ok()?),
                "channels per customer" => {
                    figures.channels_per_customer = Some(value.parse().ok()?);
                }
                "days (mean)" => figures.days_mean = Some(value.parse().ok()?),
                "days (median)" => figures.days_median = Some(value.parse().ok()?),
                "drop-off" => figures.drop_off = Some(value.parse().ok()?),
                _ => return None,
            }
        }
        Some(figures)
    }
}

/// Receives the fields that differ between two versions of an item.
pub(crate) type FieldSink<'a> = dyn FnMut(&'static str, &dyn Show, &dyn Show) + 'a;

/// An item of a list that merges and diffs by id.
pub(crate) trait Item: Clone + PartialEq + Default {
    /// The names of the fields that merge and diff see, in the file's order
    /// (the tests check that each has a Polish word).
    #[cfg(test)]
    const FIELDS: &'static [&'static str];
    /// The item's id.
    fn id(&self) -> &str;
    /// Where the item sits besides its parent (a card's lane and step); a
    /// side that changes it has moved the item.
    fn place(&self) -> String {
        String::new()
    }
    /// Merges every field three-way into `ours`.
    fn merge_fields(m: &mut Merger, base: &Self, ours: &mut Self, theirs: &Self);
    /// Calls `sink` for every field that differs, in the file's order.
    fn diff_fields(old: &Self, new: &Self, sink: &mut FieldSink<'_>);
    /// Sets the field called `name` to the value `text` shows (as a
    /// conflict records it); the item is unchanged on error.
    fn set_field(&mut self, name: &str, text: &str) -> Result<(), FieldError>;
}

/// Implements [`Item`] from the list of fields; the destructuring without
/// `..` makes the build fail when a field is added to the model but not here.
macro_rules! item {
    ($ty:ident, skip [$($skip:ident),*], fields [$($f:ident),*] $(, place $place:expr)?) => {
        impl Item for $ty {
            #[cfg(test)]
            const FIELDS: &'static [&'static str] = &[$(stringify!($f)),*];
            fn id(&self) -> &str {
                self.id.as_str()
            }
            $(fn place(&self) -> String {
                let place: fn(&Self) -> String = $place;
                place(self)
            })?
            fn merge_fields(m: &mut Merger, base: &Self, ours: &mut Self, theirs: &Self) {
                let $ty { id: _, $($skip: _,)* $($f: _,)* } = base;
                let id = ours.id.as_str().to_owned();
                $(m.field(&id, stringify!($f), &base.$f, &mut ours.$f, &theirs.$f);)*
            }
            fn diff_fields(old: &Self, new: &Self, sink: &mut FieldSink<'_>) {
                $(if old.$f != new.$f {
                    sink(stringify!($f), &old.$f, &new.$f);
                })*
            }
            fn set_field(&mut self, name: &str, text: &str) -> Result<(), FieldError> {
                match name {
                    $(stringify!($f) => self.$f = parse_exact(text)?,)*
                    _ => return Err(FieldError::Unknown),
                }
                Ok(())
            }
        }
    };
}

item!(Channel, skip [], fields [name, aliases]);
item!(Lane, skip [], fields [kind, name, hidden]);
item!(
    Persona,
    skip [],
    fields [
        name, photo, role, committee_role, industry, age_band, location, quote, goals, needs,
        motivations, frustrations, channels
    ]
);
item!(Journey, skip [stages, cards, links], fields [name, personas, goal, kind, figures]);
item!(Stage, skip [metrics, steps], fields [name, funnel, customer_role, goal, figures]);
item!(Metric, skip [], fields [name, target, actual, unit]);
item!(Step, skip [], fields [name, score, moment_of_truth, personas, figures]);
item!(
    Card,
    skip [],
    fields [
        lane, step, text, details, channel, intent, media, severity, votes, evidence, figures
    ],
    place |c| format!("{}\u{1f}{}", c.lane, c.step)
);
item!(Link, skip [], fields [from, to, kind, label]);

/// Collects the conflicts of one merge.
#[derive(Debug, Default)]
pub(crate) struct Merger {
    pub(super) conflicts: Vec<Conflict>,
    pub(super) causes: Vec<Cause>,
    /// Set while merging an item that both sides added (no base version).
    pub(super) added: bool,
}

impl Merger {
    /// Merges one field into `ours`.
    pub(crate) fn field<T: Show + PartialEq + Clone>(
        &mut self,
        id: &str,
        name: &str,
        base: &T,
        ours: &mut T,
        theirs: &T,
    ) {
        if theirs == base || theirs == ours {
            return;
        }
        if ours == base {
            ours.clone_from(theirs);
            return;
        }
        let cause = if self.added {
            Cause::Added
        } else {
            Cause::Changed
        };
        self.conflict(id, name, ours.show(), theirs.show(), cause);
    }

    pub(super) fn conflict(
        &mut self,
        id: &str,
        field: &str,
        ours: String,
        theirs: String,
        cause: Cause,
    ) {
        self.conflicts.push(Conflict {
            id: id.to_owned(),
            field: field.to_owned(),
            ours,
            theirs,
        });
        self.causes.push(cause);
    }

    /// An item deleted on one side and changed on the other (or, `cause`,
    /// needed by an item of the other side).
    pub(super) fn deleted(&mut self, id: &str, deleted_by_ours: bool, cause: Cause) {
        let (ours, theirs) = if deleted_by_ours {
            ("deleted", "changed")
        } else {
            ("changed", "deleted")
        };
        self.conflict(id, DELETED, ours.to_owned(), theirs.to_owned(), cause);
    }

    pub(super) fn has(&self, id: &str, field: &str) -> bool {
        self.conflicts
            .iter()
            .any(|c| c.id == id && c.field == field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_short_text() {
        assert_eq!(Some(1.0f32).show(), "1");
        assert_eq!(Some(-0.5f32).show(), "-0.5");
        assert_eq!(None::<f64>.show(), "none");
        assert_eq!(Some(Severity::High).show(), "High");
        assert_eq!(EmotionScale { min: 1, max: 5 }.show(), "1..5");
        let figures = Figures {
            customers: Some(12),
            drop_off: Some(0.25),
            ..Figures::default()
        };
        assert_eq!(figures.show(), "customers 12, drop-off 0.25");
        assert_eq!(
            vec!["a".to_owned(), "b".to_owned()].elements(),
            Some(vec!["a".to_owned(), "b".to_owned()])
        );
    }

    fn round_trips<T: Parse + Show + PartialEq + std::fmt::Debug>(value: &T) {
        let text = value.show();
        assert_eq!(parse_exact::<T>(&text).as_ref(), Ok(value), "{text:?}");
    }

    #[test]
    fn shown_values_read_back() {
        round_trips(&"Demo, call".to_owned());
        round_trips(&true);
        round_trips(&false);
        round_trips(&7u32);
        round_trips(&Some(-1.5f32));
        round_trips(&Some(0.1f32));
        round_trips(&None::<f32>);
        round_trips(&Some(120.0f64));
        round_trips(&Some(Severity::Critical));
        round_trips(&None::<Intent>);
        round_trips(&Funnel::None);
        round_trips(&LinkKind::Resolves);
        round_trips(&Some(ChannelId::from("web")));
        round_trips(&StepId::from("sp-demo"));
        round_trips(&vec![PersonaId::from("pe-a"), PersonaId::from("pe-b")]);
        round_trips(&Vec::<PersonaId>::new());
        round_trips(&vec!["one".to_owned(), "two".to_owned()]);
        round_trips(&EmotionScale { min: -3, max: 3 });
        for (source, date) in [
            ("Interviews", "2024-05-01"),
            ("", "2024-05-01"),
            ("Survey", ""),
        ] {
            round_trips(&Some(Evidence {
                source: source.into(),
                date: date.into(),
            }));
        }
        round_trips(&None::<Evidence>);
        round_trips(&Figures {
            customers: Some(12),
            touches: Some(30),
            touches_per_customer: Some(2.5),
            channels_per_customer: Some(1.25),
            days_mean: Some(3.1),
            days_median: Some(2.0),
            drop_off: Some(0.125),
        });
        round_trips(&Figures::default());
    }

    #[test]
    fn texts_without_one_reading_are_refused() {
        assert_eq!(parse_exact::<bool>("true"), Err(FieldError::NotExact));
        assert_eq!(parse_exact::<u32>("-1"), Err(FieldError::NotExact));
        assert_eq!(parse_exact::<Option<f32>>("1.0"), Err(FieldError::NotExact));
        assert_eq!(
            parse_exact::<Option<Severity>>("Huge"),
            Err(FieldError::NotExact)
        );
        assert_eq!(
            parse_exact::<Option<Severity>>(" High"),
            Err(FieldError::NotExact)
        );
        assert_eq!(
            parse_exact::<Option<Severity>>("Some(High)"),
            Err(FieldError::NotExact)
        );
        assert_eq!(
            parse_exact::<EmotionScale>("1-5"),
            Err(FieldError::NotExact)
        );
        let commas = Some(Evidence {
            source: "Interviews, five customers".into(),
            date: String::new(),
        });
        assert_eq!(
            parse_exact::<Option<Evidence>>(&commas.show()),
            Err(FieldError::NotExact)
        );
        assert_eq!(
            parse_exact::<Figures>("customers many"),
            Err(FieldError::NotExact)
        );
        assert_eq!(
            parse_exact::<Figures>("visitors 3"),
            Err(FieldError::NotExact)
        );
    }

    #[test]
    fn a_field_is_set_by_name_from_its_text() {
        let mut card = Card::default();
        card.set_field("severity", "High").expect("severity");
        card.set_field("votes", "4").expect("votes");
        assert_eq!((card.severity, card.votes), (Some(Severity::High), 4));
        assert_eq!(card.set_field("colour", "red"), Err(FieldError::Unknown));
        assert_eq!(card.set_field("votes", "four"), Err(FieldError::NotExact));
        assert_eq!(card.votes, 4);
    }

    #[test]
    fn a_card_is_placed_by_lane_and_step() {
        let card = Card {
            id: "c".into(),
            lane: "l".into(),
            step: "s".into(),
            ..Card::default()
        };
        assert_eq!(card.place(), "l\u{1f}s");
        assert_eq!(Link::default().place(), "");
    }

    #[test]
    fn values_read_in_the_windows_words_and_in_english_as_the_file_has_them() {
        // English is what conflicts record and the command line prints.
        for (value, file) in [
            (true.show_in(Lang::En), "yes"),
            (Severity::High.show_in(Lang::En), "High"),
            (None::<Severity>.show_in(Lang::En), "none"),
            (Some(Funnel::Mofu).show_in(Lang::En), "Mofu"),
            (LinkKind::Resolves.show_in(Lang::En), "Resolves"),
            (None::<f64>.show_in(Lang::En), "none"),
        ] {
            assert_eq!(value, file);
        }
        assert_eq!(
            Severity::Critical.show_in(Lang::En),
            Severity::Critical.show()
        );
        for (value, polish) in [
            (true.show_in(Lang::Pl), "tak"),
            (false.show_in(Lang::Pl), "nie"),
            (Severity::High.show_in(Lang::Pl), "Wysoka"),
            (None::<Severity>.show_in(Lang::Pl), "brak"),
            (Some(Intent::Commercial).show_in(Lang::Pl), "komercyjna"),
            (Funnel::None.show_in(Lang::Pl), "brak"),
            (Funnel::Tofu.show_in(Lang::Pl), "TOFU"),
            (JourneyKind::ToBe.show_in(Lang::Pl), "STAN DOCELOWY"),
            (LinkKind::Resolves.show_in(Lang::Pl), "rozwiązuje"),
            (Some(0.25).show_in(Lang::Pl), "0.25"),
            (None::<f32>.show_in(Lang::Pl), "brak"),
        ] {
            assert_eq!(value, polish);
        }
    }
}
