//! The words of diff lines, conflict names and resolve errors, in English and
//! Polish side by side: one line per sentence, per noun, per field.
//!
//! A sentence is a template in which `{0}`, `{1}`... stand for its
//! arguments. An item ([`Named`]) takes the grammatical case its place in the
//! Polish sentence needs: `{0:gen}` the genitive ("tekst punktu styku"),
//! `{0:acc}` the accusative ("usunięto personę"), `{0}` the nominative. Only
//! our own nouns are inflected; names from the map stay as they are, in
//! quotes, after the noun. English ignores the case. The Polish verbs are
//! impersonal ("usunięto", "dodano"), so they never agree with a gender.
//!
//! Map text (names, values, ids) goes in as it is and is never translated.
//! The command line speaks English only; the window speaks its own language.

use std::fmt;

use crate::i18n::Lang;
use crate::model::LaneKind;

/// The kind of an item, as a noun.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Noun {
    Map,
    Channel,
    Lane,
    Persona,
    Journey,
    Stage,
    Kpi,
    Step,
    Link,
    Touchpoint,
    Action,
    Thought,
    Feeling,
    PainPoint,
    Opportunity,
    BackstageCard,
    Card,
}

impl Noun {
    /// The noun for a card in a lane of this kind.
    pub(crate) fn card(kind: Option<LaneKind>) -> Noun {
        match kind {
            Some(LaneKind::Touchpoints) => Noun::Touchpoint,
            Some(LaneKind::Actions) => Noun::Action,
            Some(LaneKind::Thoughts) => Noun::Thought,
            Some(LaneKind::Feelings) => Noun::Feeling,
            Some(LaneKind::PainPoints) => Noun::PainPoint,
            Some(LaneKind::Opportunities) => Noun::Opportunity,
            Some(LaneKind::Backstage) => Noun::BackstageCard,
            _ => Noun::Card,
        }
    }

    /// English, then Polish in the nominative, genitive and accusative.
    /// The Polish words are the window's (`Lang::lane_kind`, `app::text`).
    fn words(self) -> (&'static str, [&'static str; 3]) {
        match self {
            Noun::Map => ("the map", ["mapa", "mapy", "mapę"]),
            Noun::Channel => ("channel", ["kanał", "kanału", "kanał"]),
            Noun::Lane => ("lane", ["wiersz", "wiersza", "wiersz"]),
            Noun::Persona => ("persona", ["persona", "persony", "personę"]),
            Noun::Journey => ("journey", ["ścieżka", "ścieżki", "ścieżkę"]),
            Noun::Stage => ("stage", ["etap", "etapu", "etap"]),
            Noun::Kpi => ("KPI", ["KPI", "KPI", "KPI"]),
            Noun::Step => ("step", ["krok", "kroku", "krok"]),
            Noun::Link => ("link", ["połączenie", "połączenia", "połączenie"]),
            Noun::Touchpoint => ("touchpoint", ["punkt styku", "punktu styku", "punkt styku"]),
            Noun::Action => ("action", ["działanie", "działania", "działanie"]),
            Noun::Thought => ("thought", ["myśl", "myśli", "myśl"]),
            Noun::Feeling => ("feeling", ["odczucie", "odczucia", "odczucie"]),
            Noun::PainPoint => ("pain point", ["punkt bólu", "punktu bólu", "punkt bólu"]),
            Noun::Opportunity => ("opportunity", ["szansa", "szansy", "szansę"]),
            Noun::BackstageCard => (
                "backstage card",
                ["karta zaplecza", "karty zaplecza", "kartę zaplecza"],
            ),
            Noun::Card => ("card", ["karta", "karty", "kartę"]),
        }
    }

    fn word(self, lang: Lang, case: Case) -> &'static str {
        let (en, [nominative, genitive, accusative]) = self.words();
        match (lang, case) {
            (Lang::En, _) => en,
            (Lang::Pl, Case::Nom) => nominative,
            (Lang::Pl, Case::Gen) => genitive,
            (Lang::Pl, Case::Acc) => accusative,
        }
    }
}

/// A grammatical case of a Polish noun.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Case {
    Nom,
    Gen,
    Acc,
}

/// An item in words: its kind and its name as the map has it, e.g.
/// `persona "Anna"`, in any language (`Display` is the English one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    noun: Option<Noun>,
    name: String,
}

impl Named {
    /// An item of kind `noun` called `name` (already quoted as it should show).
    pub(crate) fn new(noun: Noun, name: String) -> Named {
        Named {
            noun: Some(noun),
            name,
        }
    }

    /// Something known only by `name` (an id not found in the map).
    pub(crate) fn bare(name: String) -> Named {
        Named { noun: None, name }
    }

    /// The map itself.
    pub(crate) fn map() -> Named {
        Named {
            noun: Some(Noun::Map),
            name: String::new(),
        }
    }

    /// The same, with its id after it in brackets.
    pub(crate) fn with_id(mut self, id: &str) -> Named {
        self.name = format!("{} ({id})", self.name);
        self
    }

    fn say(&self, lang: Lang, case: Case) -> String {
        match self.noun {
            None => self.name.clone(),
            Some(noun) if self.name.is_empty() => noun.word(lang, case).to_owned(),
            Some(noun) => format!("{} {}", noun.word(lang, case), self.name),
        }
    }

    /// The item in `lang`, as the subject of a sentence.
    pub fn in_lang(&self, lang: Lang) -> String {
        self.say(lang, Case::Nom)
    }
}

impl fmt::Display for Named {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.in_lang(Lang::En))
    }
}

/// A field's name in Polish, by its name in the file. Every field of every
/// item (`Item::FIELDS`) is here, with the merge's parent fields and the
/// map's own; the English is the file's name with spaces for `_`.
const FIELDS: &[(&str, &str)] = &[
    // The map's own fields (conflicts on "map").
    ("title", "tytuł"),
    ("description", "opis"),
    ("emotion_scale", "skala emocji"),
    // A merge's parent fields and its deleted-or-changed conflict.
    ("parent", "element nadrzędny"),
    ("journey", "ścieżka"),
    ("stage", "etap"),
    ("deleted", "usunięcie"),
    // An error of the merged map that no version had (on "map").
    ("error", "błąd"),
    // Items' fields, in the order of `item.rs`.
    ("name", "nazwa"),
    ("aliases", "aliasy"),
    ("kind", "rodzaj"),
    ("hidden", "ukrycie"),
    ("photo", "zdjęcie"),
    ("role", "stanowisko"),
    ("committee_role", "rola w komitecie zakupowym"),
    ("industry", "branża"),
    ("age_band", "wiek"),
    ("location", "miejsce"),
    ("quote", "cytat"),
    ("goals", "cele"),
    ("needs", "potrzeby"),
    ("motivations", "motywacje"),
    ("frustrations", "frustracje"),
    ("channels", "kanały"),
    ("personas", "persony"),
    ("goal", "cel"),
    ("figures", "dane liczbowe"),
    ("funnel", "lejek"),
    ("customer_role", "rola klienta"),
    ("target", "cel"),
    ("actual", "wynik"),
    ("unit", "jednostka"),
    ("score", "ocena emocji"),
    ("moment_of_truth", "moment prawdy"),
    ("lane", "wiersz"),
    ("step", "krok"),
    ("text", "tekst"),
    ("details", "szczegóły"),
    ("channel", "kanał"),
    ("intent", "intencja"),
    ("media", "rodzaj mediów"),
    ("severity", "dotkliwość"),
    ("votes", "głosy"),
    ("evidence", "źródło danych"),
    ("from", "początek"),
    ("to", "koniec"),
    ("label", "etykieta"),
];

/// The field called `name` in the file, in words; a field this version does
/// not know (from a newer journeymap) keeps its file name in any language.
pub(crate) fn field(name: &str, lang: Lang) -> String {
    let polish = FIELDS.iter().find(|(n, _)| *n == name).map(|(_, pl)| *pl);
    match (lang, polish) {
        (Lang::Pl, Some(pl)) => pl.to_owned(),
        _ => name.replace('_', " "),
    }
}

/// What a sentence is filled with.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Arg<'a> {
    /// Text put in as it is (map text, a quoted value, a field's word, a number).
    Text(&'a str),
    /// An item, in the case the sentence asks for.
    Item(&'a Named),
}

impl Arg<'_> {
    fn say(self, lang: Lang, case: Case) -> String {
        match self {
            Arg::Text(text) => text.to_owned(),
            Arg::Item(named) => named.say(lang, case),
        }
    }
}

/// Every sentence the diff, the conflict names and the resolve errors say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sentence {
    // The map's own fields.
    TitleChanged,
    DescriptionChanged,
    ScaleChanged,
    // Items of a list.
    Removed,
    Added,
    AddedAtStep,
    AddedTo,
    Moved,
    MovedStep,
    MovedLane,
    MovedAfter,
    MovedToStart,
    // One field of an item.
    Renamed,
    TextChanged,
    Relabelled,
    Score,
    MomentOfTruth,
    NoMomentOfTruth,
    LongTextChanged,
    ElementRemoved,
    ElementAdded,
    Reordered,
    FieldChanged,
    // Recorded conflicts, in a diff.
    ConflictResolved,
    ConflictRecorded,
    Unnamed,
    // A conflict's name (`resolve::what`).
    FieldOf,
    DeletedOurs,
    DeletedTheirs,
    // Why a conflict cannot be decided (`ResolveError`).
    NoSuchConflict,
    ItemGone,
    NotExact,
    UnknownField,
    OtherJourney,
}

impl Sentence {
    /// Every sentence, for the tests.
    #[cfg(test)]
    pub(crate) const ALL: [Sentence; 34] = [
        Sentence::TitleChanged,
        Sentence::DescriptionChanged,
        Sentence::ScaleChanged,
        Sentence::Removed,
        Sentence::Added,
        Sentence::AddedAtStep,
        Sentence::AddedTo,
        Sentence::Moved,
        Sentence::MovedStep,
        Sentence::MovedLane,
        Sentence::MovedAfter,
        Sentence::MovedToStart,
        Sentence::Renamed,
        Sentence::TextChanged,
        Sentence::Relabelled,
        Sentence::Score,
        Sentence::MomentOfTruth,
        Sentence::NoMomentOfTruth,
        Sentence::LongTextChanged,
        Sentence::ElementRemoved,
        Sentence::ElementAdded,
        Sentence::Reordered,
        Sentence::FieldChanged,
        Sentence::ConflictResolved,
        Sentence::ConflictRecorded,
        Sentence::Unnamed,
        Sentence::FieldOf,
        Sentence::DeletedOurs,
        Sentence::DeletedTheirs,
        Sentence::NoSuchConflict,
        Sentence::ItemGone,
        Sentence::NotExact,
        Sentence::UnknownField,
        Sentence::OtherJourney,
    ];

    /// The template in English and in Polish.
    #[rustfmt::skip]
    fn words(self) -> (&'static str, &'static str) {
        use Sentence as S;
        match self {
            S::TitleChanged => ("title changed {0} -> {1}", "zmieniono tytuł: {0} -> {1}"),
            S::DescriptionChanged => ("description changed", "zmieniono opis"),
            S::ScaleChanged => ("emotion scale {0} -> {1}", "zmieniono skalę emocji: {0} -> {1}"),
            S::Removed => ("{0} removed", "usunięto {0:acc}"),
            S::Added => ("{0} added", "dodano {0:acc}"),
            S::AddedAtStep => ("{0} added at step {1}", "dodano {0:acc} w kroku {1}"),
            S::AddedTo => ("{0} added to {1}", "dodano {0:acc} do {1:gen}"),
            S::Moved => ("{0} moved {1} -> {2}", "przeniesiono {0:acc}: {1} -> {2}"),
            S::MovedStep => (
                "{0} moved from step {1} to step {2}",
                "przeniesiono {0:acc} z kroku {1} do kroku {2}",
            ),
            S::MovedLane => (
                "{0} moved from lane {1} to lane {2}",
                "przeniesiono {0:acc} z wiersza {1} do wiersza {2}",
            ),
            S::MovedAfter => ("{0} moved after {1}", "przeniesiono {0:acc} za {1:acc}"),
            S::MovedToStart => ("{0} moved to the start", "przeniesiono {0:acc} na początek"),
            S::Renamed => ("{0} renamed to {1}", "zmieniono nazwę {0:gen} na {1}"),
            S::TextChanged => ("{0} renamed to {1}", "zmieniono tekst {0:gen} na {1}"),
            S::Relabelled => ("{0} relabelled {1}", "zmieniono etykietę {0:gen} na {1}"),
            S::Score => ("emotion at {0}: {1} -> {2}", "ocena emocji {0:gen}: {1} -> {2}"),
            S::MomentOfTruth => (
                "{0} marked as a moment of truth",
                "oznaczono {0:acc} jako moment prawdy",
            ),
            S::NoMomentOfTruth => (
                "{0} no longer a moment of truth",
                "{0} nie jest już momentem prawdy",
            ),
            // Only details, description, quote and goal: their accusative is their nominative.
            S::LongTextChanged => ("{0}: {1} changed", "{0}: zmieniono {1}"),
            S::ElementRemoved => ("{0}: {1}: removed {2}", "{0}: {1}: usunięto {2}"),
            S::ElementAdded => ("{0}: {1}: added {2}", "{0}: {1}: dodano {2}"),
            S::Reordered => ("{0}: {1} reordered", "{0}: {1}: zmieniono kolejność"),
            S::FieldChanged => ("{0}: {1} {2} -> {3}", "{0}: {1}: {2} -> {3}"),
            S::ConflictResolved => (
                "conflict on {0} of {1} resolved",
                "rozwiązano konflikt: {0} {1:gen}",
            ),
            S::ConflictRecorded => (
                "conflict on {0} of {1} recorded: ours {2}, theirs {3}",
                "zapisano konflikt: {0} {1:gen}: nasza {2}, ich {3}",
            ),
            S::Unnamed => (
                "the maps differ in a way this diff cannot name",
                "mapy różnią się w sposób, którego to porównanie nie umie nazwać",
            ),
            S::FieldOf => ("{0} of {1}", "{0} {1:gen}"),
            S::DeletedOurs => ("{0}, deleted on our side", "{0}: usunięto po naszej stronie"),
            S::DeletedTheirs => ("{0}, deleted on their side", "{0}: usunięto po ich stronie"),
            S::NoSuchConflict => (
                "this conflict is no longer in the list (number {0} of {1}); look at the list again",
                "tego konfliktu nie ma już na liście (numer {0} z {1}); spójrz na listę jeszcze raz",
            ),
            S::ItemGone => (
                "{0} is no longer in the map, so their version cannot be put back; keep ours, or make the change by hand",
                "elementu {0} nie ma już na mapie, więc ich wersji nie da się przywrócić; zostaw naszą albo wprowadź zmianę ręcznie",
            ),
            S::NotExact => (
                "their {0} ({1}) cannot be restored exactly from its text; edit it by hand",
                "{0}: ich wartości ({1}) nie da się dokładnie odtworzyć z zapisanego tekstu; zmień ją ręcznie",
            ),
            S::UnknownField => (
                "journeymap does not know a field called {0} on {1}; edit it by hand",
                "journeymap nie zna pola {0} elementu {1}; zmień je ręcznie",
            ),
            S::OtherJourney => (
                "{0} was moved to another journey on their side; move it by hand",
                "po ich stronie przeniesiono {0:acc} do innej ścieżki; zrób to ręcznie",
            ),
        }
    }

    /// The template in `lang`.
    fn template(self, lang: Lang) -> &'static str {
        let (en, pl) = self.words();
        match lang {
            Lang::En => en,
            Lang::Pl => pl,
        }
    }

    /// The sentence in `lang`, filled with `args`.
    pub(crate) fn say(self, lang: Lang, args: &[Arg<'_>]) -> String {
        fill(self.template(lang), lang, args)
    }
}

/// `template` with each `{n}` (or `{n:case}`) replaced by argument `n`, in
/// one pass, so an argument's own braces are never read as a placeholder.
fn fill(template: &str, lang: Lang, args: &[Arg<'_>]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            rest = &rest[open..];
            break;
        };
        let spec = &after[..close];
        let (n, case) = spec.split_once(':').unwrap_or((spec, ""));
        let case = match case {
            "gen" => Case::Gen,
            "acc" => Case::Acc,
            _ => Case::Nom,
        };
        if let Some(arg) = n.parse::<usize>().ok().and_then(|n| args.get(n)) {
            out.push_str(&arg.say(lang, case));
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Card, Channel, Journey, Lane, Link, Metric, Persona, Stage, Step};
    use crate::vcs::item::Item;

    /// The placeholders of a template, in order, without their cases.
    fn placeholders(template: &str) -> Vec<String> {
        let mut found: Vec<String> = template
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}'))
            .map(|(spec, _)| spec.split(':').next().unwrap_or("").to_owned())
            .collect();
        found.sort();
        found
    }

    #[test]
    fn both_languages_of_a_sentence_take_the_same_arguments() {
        for s in Sentence::ALL {
            let (en, pl) = s.words();
            assert_eq!(placeholders(en), placeholders(pl), "{s:?}");
            assert!(!en.contains(":gen") && !en.contains(":acc"), "{s:?}");
            assert_ne!(en, pl, "{s:?} has a Polish text");
        }
    }

    #[test]
    fn sentences_fill_in_one_pass_with_the_case_polish_asks_for() {
        let anna = Named::new(Noun::Persona, "\"Anna {1}\"".to_owned());
        let args = [Arg::Item(&anna), Arg::Text("\"x\"")];
        assert_eq!(
            Sentence::Removed.say(Lang::Pl, &args),
            "usunięto personę \"Anna {1}\""
        );
        assert_eq!(
            Sentence::Renamed.say(Lang::Pl, &args),
            "zmieniono nazwę persony \"Anna {1}\" na \"x\""
        );
        assert_eq!(
            Sentence::Renamed.say(Lang::En, &args),
            "persona \"Anna {1}\" renamed to \"x\""
        );
        assert_eq!(
            Sentence::FieldOf.say(Lang::Pl, &[Arg::Text("tytuł"), Arg::Item(&Named::map())]),
            "tytuł mapy"
        );
        assert_eq!(fill("a {9} b {", Lang::En, &args), "a  b {");
    }

    #[test]
    fn every_field_of_every_item_has_a_polish_word() {
        let lists = [
            Channel::FIELDS,
            Lane::FIELDS,
            Persona::FIELDS,
            Journey::FIELDS,
            Stage::FIELDS,
            Metric::FIELDS,
            Step::FIELDS,
            Card::FIELDS,
            Link::FIELDS,
        ];
        for name in lists.iter().flat_map(|l| l.iter()) {
            assert!(
                FIELDS.iter().any(|(n, _)| n == name),
                "{name} has no Polish word"
            );
            assert_eq!(field(name, Lang::En), name.replace('_', " "));
        }
        for (name, pl) in FIELDS {
            assert_ne!(field(name, Lang::Pl), field(name, Lang::En), "{name}");
            assert_eq!(field(name, Lang::Pl), *pl);
        }
        assert_eq!(field("colour_of_sky", Lang::Pl), "colour of sky");
    }
}
