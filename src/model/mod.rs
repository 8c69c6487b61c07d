//! The document: a journey map and everything in it.
//!
//! Plain serde types with no UI imports. The field order here is the order in
//! the saved file, so it is part of the file format: `version` comes first,
//! and a new field goes at the end of its struct together with a version bump
//! and a migration in `io::migrate`.
//!
//! Every field that may be left out of the file has `#[serde(default,
//! skip_serializing_if = "is_default")]`: a field equal to its default is not
//! written, so a new map stays short and a diff shows only what was set.

pub mod ids;
mod query;
pub mod synthetic;

use serde::{Deserialize, Serialize};

pub use ids::{CardId, ChannelId, JourneyId, LaneId, LinkId, MetricId, PersonaId, StageId, StepId};

/// The file format version this build writes.
pub const CURRENT_VERSION: u32 = 1;

/// True when a value equals its type's default; such fields are left out of the file.
pub fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// A whole map file: personas, journeys and the settings they share.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JourneyMap {
    /// File format version; always written first.
    pub version: u32,
    /// The map's title.
    #[serde(default, skip_serializing_if = "is_default")]
    pub title: String,
    /// What the map is for: its goal and scope.
    #[serde(default, skip_serializing_if = "is_default")]
    pub description: String,
    /// The emotion scale every step score lies on.
    #[serde(default, skip_serializing_if = "is_default")]
    pub emotion_scale: EmotionScale,
    /// The channels touchpoint cards may name, with aliases used on import.
    #[serde(default, skip_serializing_if = "is_default")]
    pub channels: Vec<Channel>,
    /// The rows every journey shows, in display order.
    #[serde(default, skip_serializing_if = "is_default")]
    pub lanes: Vec<Lane>,
    /// The people the journeys are about.
    #[serde(default, skip_serializing_if = "is_default")]
    pub personas: Vec<Persona>,
    /// The journeys, in tab order.
    #[serde(default, skip_serializing_if = "is_default")]
    pub journeys: Vec<Journey>,
    /// Unresolved merge conflicts recorded by `journeymap merge`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub conflicts: Vec<Conflict>,
}

impl Default for JourneyMap {
    fn default() -> Self {
        Self {
            version: CURRENT_VERSION,
            title: String::new(),
            description: String::new(),
            emotion_scale: EmotionScale::default(),
            channels: Vec::new(),
            lanes: Vec::new(),
            personas: Vec::new(),
            journeys: Vec::new(),
            conflicts: Vec::new(),
        }
    }
}

/// The integer range a map's emotion scores lie in, e.g. -2..+2, 1..5 or 1..10.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmotionScale {
    /// The worst mood.
    pub min: i32,
    /// The best mood.
    pub max: i32,
}

impl Default for EmotionScale {
    fn default() -> Self {
        Self { min: -2, max: 2 }
    }
}

#[expect(
    clippy::cast_precision_loss,
    reason = "scale bounds are small integers, exact in f32"
)]
fn to_f32(value: i32) -> f32 {
    value as f32
}

impl EmotionScale {
    /// True when `score` is a finite number inside `min..=max`.
    pub fn contains(self, score: f32) -> bool {
        score.is_finite() && to_f32(self.min) <= score && score <= to_f32(self.max)
    }

    /// Maps `score` from this scale onto `to`, linearly, keeping one decimal.
    pub fn rescale(self, score: f32, to: EmotionScale) -> f32 {
        let span = to_f32(self.max) - to_f32(self.min);
        if span <= 0.0 {
            return to_f32(to.min);
        }
        let t = (score - to_f32(self.min)) / span;
        let mapped = to_f32(to.min) + t * (to_f32(to.max) - to_f32(to.min));
        (mapped * 10.0).round() / 10.0
    }
}

/// A channel through which a customer meets the brand.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// Stable id, e.g. `web`.
    pub id: ChannelId,
    /// Display name, e.g. "Website / landing page".
    #[serde(default, skip_serializing_if = "is_default")]
    pub name: String,
    /// Other spellings found in imported data, e.g. `fb` for Facebook.
    #[serde(default, skip_serializing_if = "is_default")]
    pub aliases: Vec<String>,
}

/// What a lane (row) shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LaneKind {
    /// Touchpoints by channel.
    Touchpoints,
    /// What the customer does.
    Actions,
    /// What the customer thinks.
    Thoughts,
    /// What the customer feels, in words.
    Feelings,
    /// The emotion curve through the step scores; holds no cards.
    Emotion,
    /// Pain points and friction.
    PainPoints,
    /// Opportunities and ideas.
    Opportunities,
    /// Teams, systems and processes behind the touchpoints.
    Backstage,
    /// The stages' KPIs; holds no cards.
    Kpis,
    /// A free text lane.
    #[default]
    Custom,
}

impl LaneKind {
    /// Every kind, in the standard order of a new map.
    pub const ALL: [LaneKind; 10] = [
        LaneKind::Touchpoints,
        LaneKind::Actions,
        LaneKind::Thoughts,
        LaneKind::Feelings,
        LaneKind::Emotion,
        LaneKind::PainPoints,
        LaneKind::Opportunities,
        LaneKind::Backstage,
        LaneKind::Kpis,
        LaneKind::Custom,
    ];

    /// The English name of the kind.
    pub fn label(self) -> &'static str {
        match self {
            LaneKind::Touchpoints => "Touchpoints",
            LaneKind::Actions => "Actions",
            LaneKind::Thoughts => "Thoughts",
            LaneKind::Feelings => "Feelings",
            LaneKind::Emotion => "Emotion curve",
            LaneKind::PainPoints => "Pain points",
            LaneKind::Opportunities => "Opportunities",
            LaneKind::Backstage => "Backstage",
            LaneKind::Kpis => "KPIs",
            LaneKind::Custom => "Notes",
        }
    }

    /// False for lanes drawn from other data (the curve, the KPIs).
    pub fn holds_cards(self) -> bool {
        !matches!(self, LaneKind::Emotion | LaneKind::Kpis)
    }
}

/// A row of the map.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lane {
    /// Stable id.
    pub id: LaneId,
    /// What the lane shows.
    #[serde(default, skip_serializing_if = "is_default")]
    pub kind: LaneKind,
    /// Display name; empty means the kind's own name.
    #[serde(default, skip_serializing_if = "is_default")]
    pub name: String,
    /// A hidden lane keeps its cards but is not drawn.
    #[serde(default, skip_serializing_if = "is_default")]
    pub hidden: bool,
}

impl Lane {
    /// The name to show: the lane's own, or its kind's.
    pub fn display_name(&self) -> &str {
        if self.name.trim().is_empty() {
            self.kind.label()
        } else {
            &self.name
        }
    }
}

/// A fictional profile of one customer segment, or one B2B stakeholder.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Persona {
    /// Stable id.
    pub id: PersonaId,
    /// Name, e.g. "Anna, marketing manager".
    #[serde(default, skip_serializing_if = "is_default")]
    pub name: String,
    /// Photo path, relative to the map file (PNG or JPEG).
    #[serde(default, skip_serializing_if = "is_default")]
    pub photo: String,
    /// Role or job title.
    #[serde(default, skip_serializing_if = "is_default")]
    pub role: String,
    /// Role in a B2B buying committee: decision maker, user, influencer...
    #[serde(default, skip_serializing_if = "is_default")]
    pub committee_role: String,
    /// Industry.
    #[serde(default, skip_serializing_if = "is_default")]
    pub industry: String,
    /// Age band, e.g. "35-44".
    #[serde(default, skip_serializing_if = "is_default")]
    pub age_band: String,
    /// Where the persona lives or works.
    #[serde(default, skip_serializing_if = "is_default")]
    pub location: String,
    /// A quote in the persona's own words.
    #[serde(default, skip_serializing_if = "is_default")]
    pub quote: String,
    /// Goals.
    #[serde(default, skip_serializing_if = "is_default")]
    pub goals: Vec<String>,
    /// Needs.
    #[serde(default, skip_serializing_if = "is_default")]
    pub needs: Vec<String>,
    /// Motivations.
    #[serde(default, skip_serializing_if = "is_default")]
    pub motivations: Vec<String>,
    /// Frustrations and concerns.
    #[serde(default, skip_serializing_if = "is_default")]
    pub frustrations: Vec<String>,
    /// Preferred channels (ids from the map's channel list).
    #[serde(default, skip_serializing_if = "is_default")]
    pub channels: Vec<ChannelId>,
}

/// Whether a journey describes today or the intended future.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum JourneyKind {
    /// The journey as it is today.
    #[default]
    AsIs,
    /// The journey as it should become.
    ToBe,
}

/// One persona's path towards a goal: stages with their steps, and cards.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journey {
    /// Stable id.
    pub id: JourneyId,
    /// Name shown on the tab.
    #[serde(default, skip_serializing_if = "is_default")]
    pub name: String,
    /// Personas: the first is the primary persona, the rest are stakeholders.
    #[serde(default, skip_serializing_if = "is_default")]
    pub personas: Vec<PersonaId>,
    /// The customer's goal on this journey.
    #[serde(default, skip_serializing_if = "is_default")]
    pub goal: String,
    /// As-is or to-be.
    #[serde(default, skip_serializing_if = "is_default")]
    pub kind: JourneyKind,
    /// The columns, in order.
    #[serde(default, skip_serializing_if = "is_default")]
    pub stages: Vec<Stage>,
    /// The cards; each names its lane and step. List order is order within a cell.
    #[serde(default, skip_serializing_if = "is_default")]
    pub cards: Vec<Card>,
    /// Relations between cards.
    #[serde(default, skip_serializing_if = "is_default")]
    pub links: Vec<Link>,
    /// Figures computed from imported data.
    #[serde(default, skip_serializing_if = "is_default")]
    pub figures: Figures,
}

/// Where a stage sits in the marketing funnel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Funnel {
    /// Not tagged.
    #[default]
    None,
    /// Top of the funnel: awareness.
    Tofu,
    /// Middle of the funnel: consideration.
    Mofu,
    /// Bottom of the funnel: decision.
    Bofu,
}

/// A column group of a journey, e.g. Awareness.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Stable id.
    pub id: StageId,
    /// Name, free text.
    #[serde(default, skip_serializing_if = "is_default")]
    pub name: String,
    /// Funnel tag.
    #[serde(default, skip_serializing_if = "is_default")]
    pub funnel: Funnel,
    /// Who the customer is at this stage, e.g. "prospect".
    #[serde(default, skip_serializing_if = "is_default")]
    pub customer_role: String,
    /// What the customer wants to achieve here.
    #[serde(default, skip_serializing_if = "is_default")]
    pub goal: String,
    /// KPIs of this stage.
    #[serde(default, skip_serializing_if = "is_default")]
    pub metrics: Vec<Metric>,
    /// The stage's sub-columns, in order.
    #[serde(default, skip_serializing_if = "is_default")]
    pub steps: Vec<Step>,
    /// Figures computed from imported data.
    #[serde(default, skip_serializing_if = "is_default")]
    pub figures: Figures,
}

/// A KPI of a stage, e.g. NPS with target 40 and actual 32.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// Stable id (a merge needs it).
    pub id: MetricId,
    /// KPI name, e.g. "CPL".
    #[serde(default, skip_serializing_if = "is_default")]
    pub name: String,
    /// The value aimed for.
    #[serde(default, skip_serializing_if = "is_default")]
    pub target: Option<f64>,
    /// The value measured.
    #[serde(default, skip_serializing_if = "is_default")]
    pub actual: Option<f64>,
    /// Unit, e.g. "%", "PLN", "days".
    #[serde(default, skip_serializing_if = "is_default")]
    pub unit: String,
}

/// A sub-column of a stage; it carries at most one emotion score.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Stable id.
    pub id: StepId,
    /// Name, e.g. "Reads a blog post".
    #[serde(default, skip_serializing_if = "is_default")]
    pub name: String,
    /// Emotion score on the map's scale; none when not scored.
    #[serde(default, skip_serializing_if = "is_default")]
    pub score: Option<f32>,
    /// A moment of truth: after it the customer should not turn back.
    #[serde(default, skip_serializing_if = "is_default")]
    pub moment_of_truth: bool,
    /// Personas taking part in this step (Mermaid's actors per task).
    #[serde(default, skip_serializing_if = "is_default")]
    pub personas: Vec<PersonaId>,
    /// Figures computed from imported data.
    #[serde(default, skip_serializing_if = "is_default")]
    pub figures: Figures,
}

/// What a touchpoint is for the customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Intent {
    /// Informational / educational.
    Informational,
    /// Commercial / navigational.
    Commercial,
    /// Transactional.
    Transactional,
}

/// Who owns the medium of a touchpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Media {
    /// The brand's own channel.
    Owned,
    /// Bought reach: ads.
    Paid,
    /// Others talking: reviews, press, word of mouth.
    Earned,
}

/// How much a pain point hurts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    /// A nuisance.
    Low,
    /// Slows the customer down.
    Medium,
    /// Makes customers leave.
    High,
    /// Stops the journey.
    Critical,
}

/// Where a card's claim comes from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Source: interview, survey, analytics...
    #[serde(default, skip_serializing_if = "is_default")]
    pub source: String,
    /// Date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub date: String,
}

/// One note on the map, in one lane at one step.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    /// Stable id.
    pub id: CardId,
    /// The lane (row) it sits in.
    pub lane: LaneId,
    /// The step (column) it sits in.
    pub step: StepId,
    /// The text on the card.
    #[serde(default, skip_serializing_if = "is_default")]
    pub text: String,
    /// Longer notes, shown in the inspector.
    #[serde(default, skip_serializing_if = "is_default")]
    pub details: String,
    /// Touchpoints: the channel (an id from the map's channel list).
    #[serde(default, skip_serializing_if = "is_default")]
    pub channel: Option<ChannelId>,
    /// Touchpoints: informational, commercial or transactional.
    #[serde(default, skip_serializing_if = "is_default")]
    pub intent: Option<Intent>,
    /// Touchpoints: owned, paid or earned.
    #[serde(default, skip_serializing_if = "is_default")]
    pub media: Option<Media>,
    /// Pain points: how much it hurts.
    #[serde(default, skip_serializing_if = "is_default")]
    pub severity: Option<Severity>,
    /// Pain points: votes from a workshop.
    #[serde(default, skip_serializing_if = "is_default")]
    pub votes: u32,
    /// Where the card's claim comes from.
    #[serde(default, skip_serializing_if = "is_default")]
    pub evidence: Option<Evidence>,
    /// Figures computed from imported data.
    #[serde(default, skip_serializing_if = "is_default")]
    pub figures: Figures,
}

/// What a link between two cards means.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkKind {
    /// An (alternative) path the customer takes.
    #[default]
    Path,
    /// From a pain point to the opportunity that resolves it.
    Resolves,
    /// Any other relation.
    Related,
}

/// A relation from one card to another.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// Stable id.
    pub id: LinkId,
    /// The card it starts at.
    pub from: CardId,
    /// The card it points to.
    pub to: CardId,
    /// What it means.
    #[serde(default, skip_serializing_if = "is_default")]
    pub kind: LinkKind,
    /// A label drawn on the arrow.
    #[serde(default, skip_serializing_if = "is_default")]
    pub label: String,
}

/// Figures computed from imported event data; all optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figures {
    /// Distinct customers who reached this item.
    #[serde(default, skip_serializing_if = "is_default")]
    pub customers: Option<u64>,
    /// Touches (events) counted on this item.
    #[serde(default, skip_serializing_if = "is_default")]
    pub touches: Option<u64>,
    /// Mean touches per customer.
    #[serde(default, skip_serializing_if = "is_default")]
    pub touches_per_customer: Option<f64>,
    /// Mean distinct channels per customer.
    #[serde(default, skip_serializing_if = "is_default")]
    pub channels_per_customer: Option<f64>,
    /// Mean days from first to last touch.
    #[serde(default, skip_serializing_if = "is_default")]
    pub days_mean: Option<f64>,
    /// Median days from first to last touch.
    #[serde(default, skip_serializing_if = "is_default")]
    pub days_median: Option<f64>,
    /// Share of customers lost before the next stage, 0..1.
    #[serde(default, skip_serializing_if = "is_default")]
    pub drop_off: Option<f64>,
}

/// A field that two branches changed differently, kept until someone decides.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// The id of the item.
    pub id: String,
    /// The field, e.g. `text`.
    pub field: String,
    /// Our value (the one kept in the map).
    #[serde(default, skip_serializing_if = "is_default")]
    pub ours: String,
    /// Their value.
    #[serde(default, skip_serializing_if = "is_default")]
    pub theirs: String,
}
