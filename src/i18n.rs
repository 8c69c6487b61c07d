//! The words journeymap itself puts on a map (labels, badges), in English and Polish.
//!
//! A map's own text is never translated. The language of the words around it
//! follows the map ([`Lang::of_map`]), so a Polish map exports with Polish
//! labels on any machine, in CI too. No egui here: the editor and the
//! command line share it.

use crate::model::{Funnel, Intent, JourneyKind, JourneyMap, LaneKind, Media, Severity};

/// A language of the user interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Polish.
    Pl,
}

/// The letters only Polish uses among the languages we speak.
const POLISH_LETTERS: &str = "ąćęłńśźżĄĆĘŁŃŚŹŻ";

impl Lang {
    /// The language a map is written in: Polish when at least one in a
    /// hundred of its letters is one of ą ć ę ł ń ś ź ż (Polish prose has
    /// about three), English otherwise.
    pub fn of_map(map: &JourneyMap) -> Lang {
        let mut letters = 0usize;
        let mut polish = 0usize;
        let mut count = |s: &str| {
            for c in s.chars().filter(|c| c.is_alphabetic()) {
                letters += 1;
                if POLISH_LETTERS.contains(c) {
                    polish += 1;
                }
            }
        };
        count(&map.title);
        count(&map.description);
        for lane in &map.lanes {
            count(&lane.name);
        }
        for journey in &map.journeys {
            count(&journey.name);
            count(&journey.goal);
            for stage in &journey.stages {
                count(&stage.name);
                count(&stage.goal);
                for step in &stage.steps {
                    count(&step.name);
                }
            }
            for card in &journey.cards {
                count(&card.text);
            }
        }
        if polish > 0 && polish * 100 >= letters {
            Lang::Pl
        } else {
            Lang::En
        }
    }

    /// A fixed phrase in this language.
    pub fn text(self, phrase: Phrase) -> &'static str {
        use Phrase as P;
        match (self, phrase) {
            (Lang::En, P::Goal) => "Goal",
            (Lang::Pl, P::Goal) => "Cel",
            (Lang::En, P::CustomerRole) => "Customer role",
            (Lang::Pl, P::CustomerRole) => "Rola klienta",
            (Lang::En, P::Goals) => "Goals",
            (Lang::Pl, P::Goals) => "Cele",
            (Lang::En, P::Needs) => "Needs",
            (Lang::Pl, P::Needs) => "Potrzeby",
            (Lang::En, P::Motivations) => "Motivations",
            (Lang::Pl, P::Motivations) => "Motywacje",
            (Lang::En, P::Frustrations) => "Frustrations",
            (Lang::Pl, P::Frustrations) => "Frustracje",
            (Lang::En, P::Stakeholders) => "Stakeholders",
            (Lang::Pl, P::Stakeholders) => "Interesariusze",
            (Lang::En, P::More) => "more",
            (Lang::Pl, P::More) => "więcej",
            (Lang::En, P::Target) => "target",
            (Lang::Pl, P::Target) => "cel",
            (Lang::En, P::Source) => "Source",
            (Lang::Pl, P::Source) => "Źródło",
            (Lang::En, P::MomentOfTruth) => "Moment of truth",
            (Lang::Pl, P::MomentOfTruth) => "Moment prawdy",
            (Lang::En, P::NoStages) => "This journey has no stages yet.",
            (Lang::Pl, P::NoStages) => "Ta ścieżka nie ma jeszcze etapów.",
            (Lang::En, P::NoScores) => "No emotion scores yet.",
            (Lang::Pl, P::NoScores) => "Brak ocen emocji.",
            (Lang::En, P::NoKpis) => "No KPIs",
            (Lang::Pl, P::NoKpis) => "Brak KPI",
            (Lang::En, P::DropOff) => "drop-off",
            (Lang::Pl, P::DropOff) => "odpływ",
            (Lang::En, P::PerCustomer) => "per customer",
            (Lang::Pl, P::PerCustomer) => "na klienta",
            (Lang::En, P::Channels) => "channels",
            (Lang::Pl, P::Channels) => "kanałów",
            (Lang::En, P::DaysFirstToLast) => "days from first to last touch",
            (Lang::Pl, P::DaysFirstToLast) => "dni od pierwszego do ostatniego kontaktu",
            (Lang::En, P::Median) => "median",
            (Lang::Pl, P::Median) => "mediana",
            (Lang::En, P::Touches) => "touches",
            (Lang::Pl, P::Touches) => "kontaktów",
        }
    }

    /// The name of a lane kind, for a lane without a name of its own.
    pub fn lane_kind(self, kind: LaneKind) -> &'static str {
        match (self, kind) {
            (Lang::En, kind) => kind.label(),
            (Lang::Pl, LaneKind::Touchpoints) => "Punkty styku",
            (Lang::Pl, LaneKind::Actions) => "Działania",
            (Lang::Pl, LaneKind::Thoughts) => "Myśli",
            (Lang::Pl, LaneKind::Feelings) => "Odczucia",
            (Lang::Pl, LaneKind::Emotion) => "Krzywa emocji",
            (Lang::Pl, LaneKind::PainPoints) => "Punkty bólu",
            (Lang::Pl, LaneKind::Opportunities) => "Szanse",
            (Lang::Pl, LaneKind::Backstage) => "Zaplecze",
            (Lang::Pl, LaneKind::Kpis) => "KPI",
            (Lang::Pl, LaneKind::Custom) => "Notatki",
        }
    }

    /// `n` and the counted word in the right plural form: "1 vote",
    /// "3 głosy", "5 głosów".
    pub fn count(self, n: u64, what: Counted) -> String {
        let forms: [&str; 3] = match (self, what) {
            (Lang::En, Counted::Votes) => ["vote", "votes", "votes"],
            (Lang::Pl, Counted::Votes) => ["głos", "głosy", "głosów"],
            (Lang::En, Counted::Customers) => ["customer", "customers", "customers"],
            (Lang::Pl, Counted::Customers) => ["klient", "klientów", "klientów"],
            (Lang::En, Counted::Cards) => ["card", "cards", "cards"],
            (Lang::Pl, Counted::Cards) => ["karta", "karty", "kart"],
            (Lang::En, Counted::Touches) => ["touch", "touches", "touches"],
            (Lang::Pl, Counted::Touches) => ["kontakt", "kontakty", "kontaktów"],
        };
        let [one, few, many] = forms;
        let word = match self {
            _ if n == 1 => one,
            Lang::En => few,
            // Polish: 2-4, 22-24, ... but not 12-14 take the "few" form.
            Lang::Pl if matches!(n % 10, 2..=4) && !matches!(n % 100, 12..=14) => few,
            Lang::Pl => many,
        };
        format!("{n} {word}")
    }

    /// As-is or to-be.
    pub fn journey_kind(self, kind: JourneyKind) -> &'static str {
        match (self, kind) {
            (Lang::En, JourneyKind::AsIs) => "AS-IS",
            (Lang::En, JourneyKind::ToBe) => "TO-BE",
            (Lang::Pl, JourneyKind::AsIs) => "STAN OBECNY",
            (Lang::Pl, JourneyKind::ToBe) => "STAN DOCELOWY",
        }
    }

    /// The funnel tag; the English acronyms are used in Polish marketing too.
    pub fn funnel(self, funnel: Funnel) -> Option<&'static str> {
        match funnel {
            Funnel::None => None,
            Funnel::Tofu => Some("TOFU"),
            Funnel::Mofu => Some("MOFU"),
            Funnel::Bofu => Some("BOFU"),
        }
    }

    /// A touchpoint's intent.
    pub fn intent(self, intent: Intent) -> &'static str {
        match (self, intent) {
            (Lang::En, Intent::Informational) => "informational",
            (Lang::En, Intent::Commercial) => "commercial",
            (Lang::En, Intent::Transactional) => "transactional",
            (Lang::Pl, Intent::Informational) => "informacyjna",
            (Lang::Pl, Intent::Commercial) => "komercyjna",
            (Lang::Pl, Intent::Transactional) => "transakcyjna",
        }
    }

    /// Owned, paid or earned media.
    pub fn media(self, media: Media) -> &'static str {
        match (self, media) {
            (Lang::En, Media::Owned) => "owned",
            (Lang::En, Media::Paid) => "paid",
            (Lang::En, Media::Earned) => "earned",
            (Lang::Pl, Media::Owned) => "własne",
            (Lang::Pl, Media::Paid) => "płatne",
            (Lang::Pl, Media::Earned) => "zdobyte",
        }
    }

    /// A pain point's severity.
    pub fn severity(self, severity: Severity) -> &'static str {
        match (self, severity) {
            (Lang::En, Severity::Low) => "Low",
            (Lang::En, Severity::Medium) => "Medium",
            (Lang::En, Severity::High) => "High",
            (Lang::En, Severity::Critical) => "Critical",
            (Lang::Pl, Severity::Low) => "Niska",
            (Lang::Pl, Severity::Medium) => "Średnia",
            (Lang::Pl, Severity::High) => "Wysoka",
            (Lang::Pl, Severity::Critical) => "Krytyczna",
        }
    }
}

/// The fixed phrases of [`Lang::text`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[expect(missing_docs, reason = "each variant is the phrase it names")]
pub enum Phrase {
    Goal,
    CustomerRole,
    Goals,
    Needs,
    Motivations,
    Frustrations,
    Stakeholders,
    More,
    Target,
    Source,
    MomentOfTruth,
    NoStages,
    NoScores,
    NoKpis,
    DropOff,
    PerCustomer,
    Channels,
    DaysFirstToLast,
    Median,
    Touches,
}

/// What [`Lang::count`] counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    /// A pain point's votes.
    Votes,
    /// Customers who met a touchpoint (imported data).
    Customers,
    /// Cards of a journey (the editor's status bar).
    Cards,
    /// Contacts counted on a touchpoint (imported data).
    Touches,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::templates;

    fn template(name: &str) -> JourneyMap {
        let t = templates::find(name).expect("template exists");
        crate::io::from_str(t.text).expect("template loads")
    }

    #[test]
    fn the_polish_template_is_polish_and_the_english_ones_are_english() {
        assert_eq!(Lang::of_map(&template("lead-generation-pl")), Lang::Pl);
        for name in ["lead-generation", "b2b-saas", "ecommerce", "blank"] {
            assert_eq!(Lang::of_map(&template(name)), Lang::En, "{name}");
        }
        let showcase = crate::io::from_str(include_str!("../maps/showcase.ron")).expect("loads");
        assert_eq!(Lang::of_map(&showcase), Lang::En);
    }

    #[test]
    fn counts_take_the_plural_form_of_their_language() {
        assert_eq!(Lang::En.count(1, Counted::Votes), "1 vote");
        assert_eq!(Lang::En.count(0, Counted::Votes), "0 votes");
        assert_eq!(Lang::Pl.count(1, Counted::Votes), "1 głos");
        assert_eq!(Lang::Pl.count(3, Counted::Votes), "3 głosy");
        assert_eq!(Lang::Pl.count(5, Counted::Votes), "5 głosów");
        assert_eq!(Lang::Pl.count(12, Counted::Votes), "12 głosów");
        assert_eq!(Lang::Pl.count(22, Counted::Votes), "22 głosy");
        assert_eq!(Lang::Pl.count(2, Counted::Customers), "2 klientów");
    }

    #[test]
    fn one_polish_name_in_an_english_map_does_not_make_it_polish() {
        let mut map = template("lead-generation");
        map.title = "Łódź".to_owned();
        assert_eq!(Lang::of_map(&map), Lang::En);
    }
}
