//! Finding items by id. Positions returned here are for the moment only:
//! they are never stored, and never written to a file.

use super::{
    Card, CardId, Journey, JourneyId, JourneyMap, Lane, LaneId, Link, LinkId, Persona, PersonaId,
    Stage, StageId, Step, StepId,
};

/// Where a step sits: journey, stage and step positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepAt {
    /// Position of the journey in the map.
    pub journey: usize,
    /// Position of the stage in the journey.
    pub stage: usize,
    /// Position of the step in the stage.
    pub step: usize,
}

impl JourneyMap {
    /// Every item's id with its kind in words (`"card"`, `"KPI"`...), in
    /// document order: channels, lanes, personas, then each journey with its
    /// stages, their KPIs and steps, its cards and links. All items share one
    /// id space, so this is the list uniqueness is judged on.
    pub fn ids_with_kinds(&self) -> Vec<(&'static str, &str)> {
        let mut all: Vec<(&'static str, &str)> = Vec::new();
        all.extend(self.channels.iter().map(|c| ("channel", c.id.as_str())));
        all.extend(self.lanes.iter().map(|l| ("lane", l.id.as_str())));
        all.extend(self.personas.iter().map(|p| ("persona", p.id.as_str())));
        for journey in &self.journeys {
            all.push(("journey", journey.id.as_str()));
            for stage in &journey.stages {
                all.push(("stage", stage.id.as_str()));
                all.extend(stage.metrics.iter().map(|m| ("KPI", m.id.as_str())));
                all.extend(stage.steps.iter().map(|s| ("step", s.id.as_str())));
            }
            all.extend(journey.cards.iter().map(|c| ("card", c.id.as_str())));
            all.extend(journey.links.iter().map(|l| ("link", l.id.as_str())));
        }
        all
    }

    /// Position of a persona.
    pub fn persona_index(&self, id: &PersonaId) -> Option<usize> {
        self.personas.iter().position(|p| &p.id == id)
    }

    /// A persona by id.
    pub fn persona(&self, id: &PersonaId) -> Option<&Persona> {
        self.personas.iter().find(|p| &p.id == id)
    }

    /// Position of a lane.
    pub fn lane_index(&self, id: &LaneId) -> Option<usize> {
        self.lanes.iter().position(|l| &l.id == id)
    }

    /// A lane by id.
    pub fn lane(&self, id: &LaneId) -> Option<&Lane> {
        self.lanes.iter().find(|l| &l.id == id)
    }

    /// Position of a journey.
    pub fn journey_index(&self, id: &JourneyId) -> Option<usize> {
        self.journeys.iter().position(|j| &j.id == id)
    }

    /// A journey by id.
    pub fn journey(&self, id: &JourneyId) -> Option<&Journey> {
        self.journeys.iter().find(|j| &j.id == id)
    }

    /// Journey and stage positions of a stage.
    pub fn stage_at(&self, id: &StageId) -> Option<(usize, usize)> {
        self.journeys.iter().enumerate().find_map(|(j, journey)| {
            journey
                .stages
                .iter()
                .position(|s| &s.id == id)
                .map(|s| (j, s))
        })
    }

    /// A stage by id.
    pub fn stage(&self, id: &StageId) -> Option<&Stage> {
        let (j, s) = self.stage_at(id)?;
        self.journeys.get(j)?.stages.get(s)
    }

    /// Where a step sits.
    pub fn step_at(&self, id: &StepId) -> Option<StepAt> {
        self.journeys.iter().enumerate().find_map(|(j, journey)| {
            journey.stages.iter().enumerate().find_map(|(s, stage)| {
                stage
                    .steps
                    .iter()
                    .position(|p| &p.id == id)
                    .map(|p| StepAt {
                        journey: j,
                        stage: s,
                        step: p,
                    })
            })
        })
    }

    /// A step by id.
    pub fn step(&self, id: &StepId) -> Option<&Step> {
        let at = self.step_at(id)?;
        self.journeys
            .get(at.journey)?
            .stages
            .get(at.stage)?
            .steps
            .get(at.step)
    }

    /// Journey and card positions of a card.
    pub fn card_at(&self, id: &CardId) -> Option<(usize, usize)> {
        self.journeys.iter().enumerate().find_map(|(j, journey)| {
            journey
                .cards
                .iter()
                .position(|c| &c.id == id)
                .map(|c| (j, c))
        })
    }

    /// A card by id.
    pub fn card(&self, id: &CardId) -> Option<&Card> {
        let (j, c) = self.card_at(id)?;
        self.journeys.get(j)?.cards.get(c)
    }

    /// Journey and link positions of a link.
    pub fn link_at(&self, id: &LinkId) -> Option<(usize, usize)> {
        self.journeys.iter().enumerate().find_map(|(j, journey)| {
            journey
                .links
                .iter()
                .position(|l| &l.id == id)
                .map(|l| (j, l))
        })
    }

    /// A link by id.
    pub fn link(&self, id: &LinkId) -> Option<&Link> {
        let (j, l) = self.link_at(id)?;
        self.journeys.get(j)?.links.get(l)
    }

    /// Every id in the map, for making fresh ones.
    pub fn all_ids(&self) -> Vec<&str> {
        self.ids_with_kinds()
            .into_iter()
            .map(|(_, id)| id)
            .collect()
    }

    /// A fresh id with `prefix` that no item of this map uses.
    pub fn fresh_id(&self, prefix: &str) -> String {
        let taken: std::collections::HashSet<&str> = self.all_ids().into_iter().collect();
        super::ids::fresh(prefix, &taken)
    }

    /// Number of cards over all journeys.
    pub fn card_count(&self) -> usize {
        self.journeys.iter().map(|j| j.cards.len()).sum()
    }
}

impl Journey {
    /// True when `step` belongs to one of this journey's stages.
    pub fn has_step(&self, step: &StepId) -> bool {
        self.stages
            .iter()
            .any(|s| s.steps.iter().any(|p| &p.id == step))
    }

    /// The steps of all stages, left to right.
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.stages.iter().flat_map(|s| s.steps.iter())
    }
}
