//! Every change to a document, applied in one place.
//!
//! An [`Edit`] is the unit of undo: [`Edit::apply`] changes the document and
//! returns the edit that undoes it exactly, so redo is the inverse of the
//! inverse. Items are named by id, never by position; positions inside an
//! edit (`index`) only say where an item goes in its list and are clamped to
//! the list. An edit that cannot be applied (an id that does not exist) leaves
//! the document untouched and says why. References between items (a card's
//! lane, a link's cards) are not checked here: `validate` reports dangling
//! ones, and the editor only builds edits from items it can see.

use std::mem;

use crate::model::{
    Card, CardId, Channel, Conflict, EmotionScale, Journey, JourneyId, JourneyMap, Lane, LaneId,
    Link, LinkId, Persona, PersonaId, Stage, StageId, Step, StepId,
};

/// Names one item whose name (or, for a card, text) can be changed.
#[derive(Clone, Debug, PartialEq)]
pub enum ItemRef {
    /// A persona.
    Persona(PersonaId),
    /// A journey.
    Journey(JourneyId),
    /// A stage.
    Stage(StageId),
    /// A step.
    Step(StepId),
    /// A lane.
    Lane(LaneId),
    /// A card (its text).
    Card(CardId),
    /// A link (its label).
    Link(LinkId),
}

/// One change to a document.
///
/// `index` fields say where an item goes in its list; they are clamped to
/// the list, so any value is safe.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Several edits as one undo step, applied in order.
    Batch(Vec<Edit>),

    /// Set the map's title.
    SetTitle(String),
    /// Set the map's description.
    SetDescription(String),
    /// Set the emotion scale; with `rescale`, every score is mapped onto the new scale.
    SetEmotionScale {
        /// The new scale.
        scale: EmotionScale,
        /// Map the existing scores onto the new scale.
        rescale: bool,
    },
    /// Replace the channel list.
    SetChannels(Vec<Channel>),
    /// Replace the list of recorded merge conflicts.
    SetConflicts(Vec<Conflict>),

    /// Change an item's name (a card's text, a link's label).
    Rename {
        /// The item.
        item: ItemRef,
        /// The new name.
        name: String,
    },

    /// Insert a persona.
    AddPersona {
        /// Position in the persona list.
        index: usize,
        /// The new persona.
        persona: Persona,
    },
    /// Remove a persona (journeys that name it are left to `validate`).
    RemovePersona {
        /// The persona.
        id: PersonaId,
    },
    /// Move a persona to another position.
    MovePersona {
        /// The persona.
        id: PersonaId,
        /// Its new position.
        index: usize,
    },
    /// Replace the persona with the same id.
    SetPersona(Persona),

    /// Insert a journey.
    AddJourney {
        /// Position among the journeys (tabs).
        index: usize,
        /// The new journey.
        journey: Journey,
    },
    /// Remove a journey with everything in it.
    RemoveJourney {
        /// The journey.
        id: JourneyId,
    },
    /// Move a journey (tab) to another position.
    MoveJourney {
        /// The journey.
        id: JourneyId,
        /// Its new position.
        index: usize,
    },
    /// Replace the journey's own fields; its stages, cards and links stay.
    SetJourney(Journey),

    /// Insert a stage into a journey.
    AddStage {
        /// The journey.
        journey: JourneyId,
        /// Position among the journey's stages.
        index: usize,
        /// The new stage.
        stage: Stage,
    },
    /// Remove a stage, the cards in its steps and the links touching them.
    RemoveStage {
        /// The stage.
        id: StageId,
    },
    /// Move a stage within its journey.
    MoveStage {
        /// The stage.
        id: StageId,
        /// Its new position.
        index: usize,
    },
    /// Replace the stage's own fields; its steps stay.
    SetStage(Stage),

    /// Insert a step into a stage.
    AddStep {
        /// The stage.
        stage: StageId,
        /// Position among the stage's steps.
        index: usize,
        /// The new step.
        step: Step,
    },
    /// Remove a step, its cards and the links touching them.
    RemoveStep {
        /// The step.
        id: StepId,
    },
    /// Move a step into a stage of the same journey (possibly its own).
    MoveStep {
        /// The step.
        id: StepId,
        /// The stage it moves into.
        stage: StageId,
        /// Its position there.
        index: usize,
    },
    /// Replace the step with the same id.
    SetStep(Step),
    /// Set or clear a step's emotion score.
    SetScore {
        /// The step.
        step: StepId,
        /// The score; `None` clears it.
        score: Option<f32>,
    },

    /// Insert a lane.
    AddLane {
        /// Position among the lanes (rows).
        index: usize,
        /// The new lane.
        lane: Lane,
    },
    /// Remove a lane, its cards in every journey and the links touching them.
    RemoveLane {
        /// The lane.
        id: LaneId,
    },
    /// Move a lane (row) to another position.
    MoveLane {
        /// The lane.
        id: LaneId,
        /// Its new position.
        index: usize,
    },
    /// Replace the lane with the same id.
    SetLane(Lane),

    /// Insert a card into a journey.
    AddCard {
        /// The journey.
        journey: JourneyId,
        /// Position in the journey's card list (the order within a cell).
        index: usize,
        /// The new card; it names its own lane and step.
        card: Card,
    },
    /// Remove a card and the links touching it.
    RemoveCard {
        /// The card.
        id: CardId,
    },
    /// Put a card into another lane and step, or reorder it within its cell.
    MoveCard {
        /// The card.
        id: CardId,
        /// The lane it moves to.
        lane: LaneId,
        /// The step it moves to.
        step: StepId,
        /// Its new position in the journey's card list.
        index: usize,
    },
    /// Replace the card with the same id.
    SetCard(Card),

    /// Insert a link into a journey.
    AddLink {
        /// The journey.
        journey: JourneyId,
        /// Position in the journey's link list.
        index: usize,
        /// The new link.
        link: Link,
    },
    /// Remove a link.
    RemoveLink {
        /// The link.
        id: LinkId,
    },
    /// Move a link to another position in its journey's list (drawing order).
    MoveLink {
        /// The link.
        id: LinkId,
        /// Its new position.
        index: usize,
    },
    /// Replace the link with the same id.
    SetLink(Link),
}

/// Why an edit could not be applied. The document is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The edit names an item that is not in the document.
    #[error("there is no {kind} with id \"{id}\"")]
    NotFound {
        /// Kind of item, e.g. "card".
        kind: &'static str,
        /// The id looked for.
        id: String,
    },
    /// A step may only move between stages of one journey.
    #[error("step \"{step}\" cannot move to stage \"{stage}\" of another journey")]
    OtherJourney {
        /// The step.
        step: String,
        /// The target stage.
        stage: String,
    },
}

fn not_found(kind: &'static str, id: &impl ToString) -> EditError {
    EditError::NotFound {
        kind,
        id: id.to_string(),
    }
}

/// Inserts at `index`, or at the end when `index` is past it.
fn insert_clamped<T>(list: &mut Vec<T>, index: usize, item: T) {
    let index = index.min(list.len());
    list.insert(index, item);
}

/// Moves the item at `from` to `index` (clamped); returns where it ended up.
fn move_within<T>(list: &mut Vec<T>, from: usize, index: usize) -> usize {
    let item = list.remove(from);
    let index = index.min(list.len());
    list.insert(index, item);
    index
}

impl Edit {
    /// Applies the edit and returns the edit that undoes it.
    ///
    /// On error the document is left exactly as it was.
    #[expect(
        clippy::too_many_lines,
        reason = "one arm per edit: this match is the one place a document changes"
    )]
    pub fn apply(self, doc: &mut JourneyMap) -> Result<Edit, EditError> {
        match self {
            Edit::Batch(edits) => apply_batch(edits, doc),
            Edit::SetTitle(title) => Ok(Edit::SetTitle(mem::replace(&mut doc.title, title))),
            Edit::SetDescription(text) => Ok(Edit::SetDescription(mem::replace(
                &mut doc.description,
                text,
            ))),
            Edit::SetEmotionScale { scale, rescale } => Ok(set_emotion_scale(doc, scale, rescale)),
            Edit::SetChannels(channels) => {
                Ok(Edit::SetChannels(mem::replace(&mut doc.channels, channels)))
            }
            Edit::SetConflicts(conflicts) => Ok(Edit::SetConflicts(mem::replace(
                &mut doc.conflicts,
                conflicts,
            ))),
            Edit::Rename { item, name } => rename(doc, item, name),

            Edit::AddPersona { index, persona } => {
                let id = persona.id.clone();
                insert_clamped(&mut doc.personas, index, persona);
                Ok(Edit::RemovePersona { id })
            }
            Edit::RemovePersona { id } => {
                let index = doc
                    .persona_index(&id)
                    .ok_or_else(|| not_found("persona", &id))?;
                let persona = doc.personas.remove(index);
                Ok(Edit::AddPersona { index, persona })
            }
            Edit::MovePersona { id, index } => {
                let from = doc
                    .persona_index(&id)
                    .ok_or_else(|| not_found("persona", &id))?;
                move_within(&mut doc.personas, from, index);
                Ok(Edit::MovePersona { id, index: from })
            }
            Edit::SetPersona(persona) => {
                let index = doc
                    .persona_index(&persona.id)
                    .ok_or_else(|| not_found("persona", &persona.id))?;
                let old = mem::replace(&mut doc.personas[index], persona);
                Ok(Edit::SetPersona(old))
            }

            Edit::AddJourney { index, journey } => {
                let id = journey.id.clone();
                insert_clamped(&mut doc.journeys, index, journey);
                Ok(Edit::RemoveJourney { id })
            }
            Edit::RemoveJourney { id } => {
                let index = doc
                    .journey_index(&id)
                    .ok_or_else(|| not_found("journey", &id))?;
                let journey = doc.journeys.remove(index);
                Ok(Edit::AddJourney { index, journey })
            }
            Edit::MoveJourney { id, index } => {
                let from = doc
                    .journey_index(&id)
                    .ok_or_else(|| not_found("journey", &id))?;
                move_within(&mut doc.journeys, from, index);
                Ok(Edit::MoveJourney { id, index: from })
            }
            Edit::SetJourney(mut journey) => {
                let index = doc
                    .journey_index(&journey.id)
                    .ok_or_else(|| not_found("journey", &journey.id))?;
                let target = &mut doc.journeys[index];
                journey.stages = mem::take(&mut target.stages);
                journey.cards = mem::take(&mut target.cards);
                journey.links = mem::take(&mut target.links);
                let mut old = mem::replace(target, journey);
                // The children stay with the document, not with the undo record.
                old.stages.clear();
                old.cards.clear();
                old.links.clear();
                Ok(Edit::SetJourney(old))
            }

            Edit::AddStage {
                journey,
                index,
                stage,
            } => {
                let j = doc
                    .journey_index(&journey)
                    .ok_or_else(|| not_found("journey", &journey))?;
                let id = stage.id.clone();
                insert_clamped(&mut doc.journeys[j].stages, index, stage);
                Ok(Edit::RemoveStage { id })
            }
            Edit::RemoveStage { id } => {
                let (j, s) = doc.stage_at(&id).ok_or_else(|| not_found("stage", &id))?;
                let journey = &mut doc.journeys[j];
                let steps: Vec<StepId> = journey.stages[s]
                    .steps
                    .iter()
                    .map(|p| p.id.clone())
                    .collect();
                let mut undo = remove_cards_where(journey, |c| steps.contains(&c.step));
                let stage = journey.stages.remove(s);
                undo.insert(
                    0,
                    Edit::AddStage {
                        journey: journey.id.clone(),
                        index: s,
                        stage,
                    },
                );
                Ok(Edit::Batch(undo))
            }
            Edit::MoveStage { id, index } => {
                let (j, s) = doc.stage_at(&id).ok_or_else(|| not_found("stage", &id))?;
                move_within(&mut doc.journeys[j].stages, s, index);
                Ok(Edit::MoveStage { id, index: s })
            }
            Edit::SetStage(mut stage) => {
                let (j, s) = doc
                    .stage_at(&stage.id)
                    .ok_or_else(|| not_found("stage", &stage.id))?;
                let target = &mut doc.journeys[j].stages[s];
                stage.steps = mem::take(&mut target.steps);
                let mut old = mem::replace(target, stage);
                old.steps.clear();
                Ok(Edit::SetStage(old))
            }

            Edit::AddStep { stage, index, step } => {
                let (j, s) = doc
                    .stage_at(&stage)
                    .ok_or_else(|| not_found("stage", &stage))?;
                let id = step.id.clone();
                insert_clamped(&mut doc.journeys[j].stages[s].steps, index, step);
                Ok(Edit::RemoveStep { id })
            }
            Edit::RemoveStep { id } => {
                let at = doc.step_at(&id).ok_or_else(|| not_found("step", &id))?;
                let journey = &mut doc.journeys[at.journey];
                let mut undo = remove_cards_where(journey, |c| c.step == id);
                let stage = &mut journey.stages[at.stage];
                let step = stage.steps.remove(at.step);
                undo.insert(
                    0,
                    Edit::AddStep {
                        stage: stage.id.clone(),
                        index: at.step,
                        step,
                    },
                );
                Ok(Edit::Batch(undo))
            }
            Edit::MoveStep { id, stage, index } => {
                let at = doc.step_at(&id).ok_or_else(|| not_found("step", &id))?;
                let (j, s) = doc
                    .stage_at(&stage)
                    .ok_or_else(|| not_found("stage", &stage))?;
                if j != at.journey {
                    return Err(EditError::OtherJourney {
                        step: id.to_string(),
                        stage: stage.to_string(),
                    });
                }
                let journey = &mut doc.journeys[j];
                let from_stage = journey.stages[at.stage].id.clone();
                let step = journey.stages[at.stage].steps.remove(at.step);
                insert_clamped(&mut journey.stages[s].steps, index, step);
                Ok(Edit::MoveStep {
                    id,
                    stage: from_stage,
                    index: at.step,
                })
            }
            Edit::SetStep(step) => {
                let at = doc
                    .step_at(&step.id)
                    .ok_or_else(|| not_found("step", &step.id))?;
                let target = &mut doc.journeys[at.journey].stages[at.stage].steps[at.step];
                Ok(Edit::SetStep(mem::replace(target, step)))
            }
            Edit::SetScore { step, score } => {
                let at = doc.step_at(&step).ok_or_else(|| not_found("step", &step))?;
                let target = &mut doc.journeys[at.journey].stages[at.stage].steps[at.step];
                let old = mem::replace(&mut target.score, score);
                Ok(Edit::SetScore { step, score: old })
            }

            Edit::AddLane { index, lane } => {
                let id = lane.id.clone();
                insert_clamped(&mut doc.lanes, index, lane);
                Ok(Edit::RemoveLane { id })
            }
            Edit::RemoveLane { id } => {
                let index = doc.lane_index(&id).ok_or_else(|| not_found("lane", &id))?;
                let mut undo = Vec::new();
                for journey in &mut doc.journeys {
                    undo.extend(remove_cards_where(journey, |c| c.lane == id));
                }
                let lane = doc.lanes.remove(index);
                undo.insert(0, Edit::AddLane { index, lane });
                Ok(Edit::Batch(undo))
            }
            Edit::MoveLane { id, index } => {
                let from = doc.lane_index(&id).ok_or_else(|| not_found("lane", &id))?;
                move_within(&mut doc.lanes, from, index);
                Ok(Edit::MoveLane { id, index: from })
            }
            Edit::SetLane(lane) => {
                let index = doc
                    .lane_index(&lane.id)
                    .ok_or_else(|| not_found("lane", &lane.id))?;
                Ok(Edit::SetLane(mem::replace(&mut doc.lanes[index], lane)))
            }

            Edit::AddCard {
                journey,
                index,
                card,
            } => {
                let j = doc
                    .journey_index(&journey)
                    .ok_or_else(|| not_found("journey", &journey))?;
                let id = card.id.clone();
                insert_clamped(&mut doc.journeys[j].cards, index, card);
                Ok(Edit::RemoveCard { id })
            }
            Edit::RemoveCard { id } => {
                let (j, _) = doc.card_at(&id).ok_or_else(|| not_found("card", &id))?;
                let journey = &mut doc.journeys[j];
                // The first card with this id only, as card_at found it.
                let mut first = true;
                let undo = remove_cards_where(journey, |c| {
                    let hit = first && c.id == id;
                    if hit {
                        first = false;
                    }
                    hit
                });
                Ok(Edit::Batch(undo))
            }
            Edit::MoveCard {
                id,
                lane,
                step,
                index,
            } => {
                let (j, c) = doc.card_at(&id).ok_or_else(|| not_found("card", &id))?;
                let cards = &mut doc.journeys[j].cards;
                let old_lane = mem::replace(&mut cards[c].lane, lane);
                let old_step = mem::replace(&mut cards[c].step, step);
                move_within(cards, c, index);
                Ok(Edit::MoveCard {
                    id,
                    lane: old_lane,
                    step: old_step,
                    index: c,
                })
            }
            Edit::SetCard(card) => {
                let (j, c) = doc
                    .card_at(&card.id)
                    .ok_or_else(|| not_found("card", &card.id))?;
                Ok(Edit::SetCard(mem::replace(
                    &mut doc.journeys[j].cards[c],
                    card,
                )))
            }

            Edit::AddLink {
                journey,
                index,
                link,
            } => {
                let j = doc
                    .journey_index(&journey)
                    .ok_or_else(|| not_found("journey", &journey))?;
                let id = link.id.clone();
                insert_clamped(&mut doc.journeys[j].links, index, link);
                Ok(Edit::RemoveLink { id })
            }
            Edit::RemoveLink { id } => {
                let (j, l) = doc.link_at(&id).ok_or_else(|| not_found("link", &id))?;
                let journey = &mut doc.journeys[j];
                let link = journey.links.remove(l);
                Ok(Edit::AddLink {
                    journey: journey.id.clone(),
                    index: l,
                    link,
                })
            }
            Edit::MoveLink { id, index } => {
                let (j, l) = doc.link_at(&id).ok_or_else(|| not_found("link", &id))?;
                move_within(&mut doc.journeys[j].links, l, index);
                Ok(Edit::MoveLink { id, index: l })
            }
            Edit::SetLink(link) => {
                let (j, l) = doc
                    .link_at(&link.id)
                    .ok_or_else(|| not_found("link", &link.id))?;
                Ok(Edit::SetLink(mem::replace(
                    &mut doc.journeys[j].links[l],
                    link,
                )))
            }
        }
    }
}

fn apply_batch(edits: Vec<Edit>, doc: &mut JourneyMap) -> Result<Edit, EditError> {
    let mut undo: Vec<Edit> = Vec::with_capacity(edits.len());
    for edit in edits {
        match edit.apply(doc) {
            Ok(inverse) => undo.push(inverse),
            Err(err) => {
                // Roll back what this batch already did, newest first.
                for inverse in undo.into_iter().rev() {
                    // An inverse of an applied edit always applies.
                    let _ = inverse.apply(doc);
                }
                return Err(err);
            }
        }
    }
    undo.reverse();
    Ok(Edit::Batch(undo))
}

/// Removes the cards matching `hit` and every link touching them; returns the
/// edits that put them back, in the order that restores every position.
fn remove_cards_where(journey: &mut Journey, mut hit: impl FnMut(&Card) -> bool) -> Vec<Edit> {
    let mut removed_cards: Vec<(usize, Card)> = Vec::new();
    let mut kept = Vec::with_capacity(journey.cards.len());
    for (index, card) in mem::take(&mut journey.cards).into_iter().enumerate() {
        if hit(&card) {
            removed_cards.push((index, card));
        } else {
            kept.push(card);
        }
    }
    journey.cards = kept;
    if removed_cards.is_empty() {
        return Vec::new();
    }
    let gone: Vec<&CardId> = removed_cards.iter().map(|(_, c)| &c.id).collect();
    let mut removed_links: Vec<(usize, Link)> = Vec::new();
    let mut kept_links = Vec::with_capacity(journey.links.len());
    for (index, link) in mem::take(&mut journey.links).into_iter().enumerate() {
        if gone.contains(&&link.from) || gone.contains(&&link.to) {
            removed_links.push((index, link));
        } else {
            kept_links.push(link);
        }
    }
    journey.links = kept_links;
    // Re-inserting in ascending order of the old positions restores them all.
    let journey_id = &journey.id;
    let cards = removed_cards
        .into_iter()
        .map(|(index, card)| Edit::AddCard {
            journey: journey_id.clone(),
            index,
            card,
        });
    let links = removed_links
        .into_iter()
        .map(|(index, link)| Edit::AddLink {
            journey: journey_id.clone(),
            index,
            link,
        });
    cards.chain(links).collect()
}

fn set_emotion_scale(doc: &mut JourneyMap, scale: EmotionScale, rescale: bool) -> Edit {
    let old = mem::replace(&mut doc.emotion_scale, scale);
    let mut undo = vec![Edit::SetEmotionScale {
        scale: old,
        rescale: false,
    }];
    if rescale {
        for journey in &mut doc.journeys {
            for stage in &mut journey.stages {
                for step in &mut stage.steps {
                    if let Some(score) = step.score {
                        undo.push(Edit::SetScore {
                            step: step.id.clone(),
                            score: Some(score),
                        });
                        step.score = Some(old.rescale(score, scale));
                    }
                }
            }
        }
    }
    if undo.len() == 1 {
        undo.remove(0)
    } else {
        Edit::Batch(undo)
    }
}

fn rename(doc: &mut JourneyMap, item: ItemRef, name: String) -> Result<Edit, EditError> {
    let slot: &mut String = match &item {
        ItemRef::Persona(id) => {
            let i = doc
                .persona_index(id)
                .ok_or_else(|| not_found("persona", id))?;
            &mut doc.personas[i].name
        }
        ItemRef::Journey(id) => {
            let i = doc
                .journey_index(id)
                .ok_or_else(|| not_found("journey", id))?;
            &mut doc.journeys[i].name
        }
        ItemRef::Stage(id) => {
            let (j, s) = doc.stage_at(id).ok_or_else(|| not_found("stage", id))?;
            &mut doc.journeys[j].stages[s].name
        }
        ItemRef::Step(id) => {
            let at = doc.step_at(id).ok_or_else(|| not_found("step", id))?;
            &mut doc.journeys[at.journey].stages[at.stage].steps[at.step].name
        }
        ItemRef::Lane(id) => {
            let i = doc.lane_index(id).ok_or_else(|| not_found("lane", id))?;
            &mut doc.lanes[i].name
        }
        ItemRef::Card(id) => {
            let (j, c) = doc.card_at(id).ok_or_else(|| not_found("card", id))?;
            &mut doc.journeys[j].cards[c].text
        }
        ItemRef::Link(id) => {
            let (j, l) = doc.link_at(id).ok_or_else(|| not_found("link", id))?;
            &mut doc.journeys[j].links[l].label
        }
    };
    let old = mem::replace(slot, name);
    Ok(Edit::Rename { item, name: old })
}
