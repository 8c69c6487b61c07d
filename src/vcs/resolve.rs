//! Deciding one recorded merge conflict, as an undoable [`Edit`].
//!
//! The merge keeps our value in the map and records both values as text
//! (the `Show` text of `item.rs`). Keeping ours therefore only removes the
//! conflict from the list. Taking theirs reads their text back into a value
//! (`Parse`), refuses it unless the value shows as exactly their text again,
//! and sets that one field, in one [`Edit::Batch`] with the removal, so a
//! single undo brings back both the value and the conflict.
//!
//! Limits, by design:
//! - a list of texts is split on `, `, so an element that itself holds `, `
//!   comes back as two elements (the text is the same, the list is not);
//! - an id or a text that is literally `none` reads as "not set";
//! - a step taken into their stage goes at the end of that stage (the
//!   conflict records the stage, not the position);
//! - a stage, card or link that the sides moved to different journeys is
//!   left to the user (moving it would drop its cards or links);
//! - taking a side removes only that conflict, even when removing an item
//!   leaves other conflicts about its contents (they then name an item that
//!   is gone: keeping ours removes them, taking theirs says so).

use std::fmt;

use crate::edit::Edit;
use crate::i18n::Lang;
use crate::model::{
    Card, Channel, Conflict, Journey, JourneyMap, Lane, Link, Metric, Persona, Stage, Step,
};

use super::diff::{Label, quoted};
use super::item::{FieldError, Item, parse_exact};
use super::merge::{CHECK, DELETED, MAP_ID};
use super::words::{self, Arg, Named, Sentence as S};

/// Which side of a recorded conflict to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Take {
    /// Our value, the one the merge kept in the map.
    Ours,
    /// Their value, recorded in the conflict.
    Theirs,
}

/// Why a choice cannot be made automatically. The messages are for the
/// user ([`ResolveError::message`] in the window's language, `Display` in
/// English); the fields are for the program.
#[derive(Debug, Clone, PartialEq)]
pub enum ResolveError {
    /// The conflict list has no entry at that position (it changed meanwhile).
    NoSuchConflict {
        /// The position asked for.
        index: usize,
        /// How many conflicts the map has.
        count: usize,
    },
    /// The item their value belongs to (or the stage it moves to) is no
    /// longer in the map.
    ItemGone {
        /// The id of the missing item.
        id: String,
    },
    /// Their value's text does not read back into exactly their value.
    NotExact {
        /// The field, e.g. `evidence`.
        field: String,
        /// Their value, as recorded.
        theirs: String,
    },
    /// The item has no field of that name in this version of journeymap.
    UnknownField {
        /// The id of the item.
        id: String,
        /// The field recorded in the conflict.
        field: String,
    },
    /// Their side moved the item to another journey; that is not one edit.
    OtherJourney {
        /// The item, in words.
        what: Named,
    },
}

impl ResolveError {
    /// What went wrong and what the user can do, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ResolveError::NoSuchConflict { index, count } => S::NoSuchConflict.say(
                lang,
                &[Arg::Text(&index.to_string()), Arg::Text(&count.to_string())],
            ),
            ResolveError::ItemGone { id } => S::ItemGone.say(lang, &[Arg::Text(&quoted(id))]),
            ResolveError::NotExact { field, theirs } => S::NotExact.say(
                lang,
                &[
                    Arg::Text(&words::field(field, lang)),
                    Arg::Text(&quoted(theirs)),
                ],
            ),
            ResolveError::UnknownField { id, field } => {
                S::UnknownField.say(lang, &[Arg::Text(&quoted(field)), Arg::Text(&quoted(id))])
            }
            ResolveError::OtherJourney { what } => S::OtherJourney.say(lang, &[Arg::Item(what)]),
        }
    }
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ResolveError {}

/// The edit that keeps `take`'s side of conflict `index` of `map.conflicts`
/// and removes that conflict from the list.
///
/// A field conflict: ours removes the conflict only; theirs sets the field
/// to their value too. A `deleted` conflict (one side deleted the item, the
/// other changed it, and the merge kept it): the deleting side's choice
/// removes the item (with what removing it removes in the editor, e.g. a
/// stage's cards), the other side's choice only removes the conflict.
/// Setting the emotion scale from a conflict does not rescale the scores:
/// the merge merged the scores on their own.
pub fn resolve(map: &JourneyMap, index: usize, take: Take) -> Result<Edit, ResolveError> {
    let change = change(map, conflict_at(map, index)?, take)?;
    let mut rest = map.conflicts.clone();
    rest.remove(index);
    let drop = Edit::SetConflicts(rest);
    Ok(match change {
        Some(change) => Edit::Batch(vec![change, drop]),
        None => drop,
    })
}

/// Whether [`resolve`] can make `take`'s choice on conflict `index`, without
/// building the edit (the conflicts panel asks this for every button, every frame).
pub fn check(map: &JourneyMap, index: usize, take: Take) -> Result<(), ResolveError> {
    change(map, conflict_at(map, index)?, take).map(|_| ())
}

fn conflict_at(map: &JourneyMap, index: usize) -> Result<&Conflict, ResolveError> {
    map.conflicts
        .get(index)
        .ok_or(ResolveError::NoSuchConflict {
            index,
            count: map.conflicts.len(),
        })
}

/// The change to the map that `take`'s choice makes, besides removing the conflict.
fn change(map: &JourneyMap, conflict: &Conflict, take: Take) -> Result<Option<Edit>, ResolveError> {
    Ok(if conflict.id == MAP_ID && conflict.field == CHECK {
        // An error no version had: a note to fix by hand, either way.
        None
    } else if conflict.field == DELETED {
        let deleted_by_ours = conflict.ours == "deleted";
        let remove = match take {
            Take::Ours => deleted_by_ours,
            Take::Theirs => !deleted_by_ours,
        };
        // An item already gone needs no removing.
        remove
            .then(|| find(map, &conflict.id).map(|found| found.removal(map)))
            .flatten()
    } else {
        match take {
            Take::Ours => None,
            Take::Theirs => take_theirs(map, conflict)?,
        }
    })
}

/// A short name of what conflicts, in English, e.g. `text of touchpoint
/// "Demo call" (cd-demo)`, `title of the map`, `stage "Decision"
/// (st-decide), deleted on our side`.
pub fn what(map: &JourneyMap, conflict: &Conflict) -> String {
    what_in(map, conflict, Lang::En)
}

/// A short name of what conflicts, in `lang`, e.g. `tekst punktu styku
/// "Demo call" (cd-demo)`, `tytuł mapy`, `etap "Decyzja" (st-decide):
/// usunięto po naszej stronie`. Map text is never translated.
pub fn what_in(map: &JourneyMap, conflict: &Conflict, lang: Lang) -> String {
    let who = if conflict.id == MAP_ID {
        Named::map()
    } else {
        find(map, &conflict.id).map_or_else(
            || Named::bare(quoted(&conflict.id)),
            |found| found.label(map, lang).with_id(&conflict.id),
        )
    };
    if conflict.field == DELETED {
        let side = if conflict.ours == "deleted" {
            S::DeletedOurs
        } else {
            S::DeletedTheirs
        };
        side.say(lang, &[Arg::Item(&who)])
    } else {
        let field = words::field(&conflict.field, lang);
        S::FieldOf.say(lang, &[Arg::Text(&field), Arg::Item(&who)])
    }
}

/// An item of the map found by id, in the order `diff` looks for labels.
#[derive(Clone, Copy)]
enum Found<'a> {
    Channel(usize, &'a Channel),
    Lane(&'a Lane),
    Persona(&'a Persona),
    Journey(&'a Journey),
    Stage(&'a Stage),
    /// A KPI, its stage and its position there.
    Metric(&'a Stage, usize, &'a Metric),
    Step(&'a Step),
    Card(&'a Card),
    Link(&'a Link),
}

fn find<'a>(map: &'a JourneyMap, id: &str) -> Option<Found<'a>> {
    let metric = || {
        map.journeys.iter().flat_map(|j| &j.stages).find_map(|s| {
            let (i, m) = s
                .metrics
                .iter()
                .enumerate()
                .find(|(_, m)| m.id.as_str() == id)?;
            Some(Found::Metric(s, i, m))
        })
    };
    map.card(&id.into())
        .map(Found::Card)
        .or_else(|| map.step(&id.into()).map(Found::Step))
        .or_else(|| map.stage(&id.into()).map(Found::Stage))
        .or_else(metric)
        .or_else(|| map.link(&id.into()).map(Found::Link))
        .or_else(|| map.persona(&id.into()).map(Found::Persona))
        .or_else(|| map.journey(&id.into()).map(Found::Journey))
        .or_else(|| map.lane(&id.into()).map(Found::Lane))
        .or_else(|| {
            let (i, c) = map
                .channels
                .iter()
                .enumerate()
                .find(|(_, c)| c.id.as_str() == id)?;
            Some(Found::Channel(i, c))
        })
}

/// A journey's own fields: what `Edit::SetJourney` replaces.
fn journey_fields(j: &Journey) -> Journey {
    Journey {
        id: j.id.clone(),
        name: j.name.clone(),
        personas: j.personas.clone(),
        goal: j.goal.clone(),
        kind: j.kind,
        stages: Vec::new(),
        cards: Vec::new(),
        links: Vec::new(),
        figures: j.figures.clone(),
    }
}

/// A stage's own fields and KPIs: what `Edit::SetStage` replaces.
fn stage_fields(s: &Stage) -> Stage {
    Stage {
        id: s.id.clone(),
        name: s.name.clone(),
        funnel: s.funnel,
        customer_role: s.customer_role.clone(),
        goal: s.goal.clone(),
        metrics: s.metrics.clone(),
        steps: Vec::new(),
        figures: s.figures.clone(),
    }
}

/// One edit, or several as one.
fn batch(mut edits: Vec<Edit>) -> Edit {
    if edits.len() == 1
        && let Some(edit) = edits.pop()
    {
        return edit;
    }
    Edit::Batch(edits)
}

fn with_field<T: Item>(mut item: T, field: &str, text: &str) -> Result<T, FieldError> {
    item.set_field(field, text)?;
    Ok(item)
}

impl Found<'_> {
    fn label(self, map: &JourneyMap, lang: Lang) -> Named {
        match self {
            Found::Channel(_, c) => c.label(map, lang),
            Found::Lane(l) => l.label(map, lang),
            Found::Persona(p) => p.label(map, lang),
            Found::Journey(j) => j.label(map, lang),
            Found::Stage(s) => s.label(map, lang),
            Found::Metric(_, _, m) => m.label(map, lang),
            Found::Step(s) => s.label(map, lang),
            Found::Card(c) => c.label(map, lang),
            Found::Link(l) => l.label(map, lang),
        }
    }

    /// The edit that removes the item, as removing it in the editor does.
    fn removal(self, map: &JourneyMap) -> Edit {
        match self {
            Found::Channel(i, c) => {
                // What names the channel lets go of it first, so the map
                // stays valid (the editor leaves that to `check`).
                let mut edits = Vec::new();
                for card in map.journeys.iter().flat_map(|j| &j.cards) {
                    if card.channel.as_ref() == Some(&c.id) {
                        edits.push(Edit::SetCard(Card {
                            channel: None,
                            ..card.clone()
                        }));
                    }
                }
                for persona in &map.personas {
                    if persona.channels.contains(&c.id) {
                        let mut persona = persona.clone();
                        persona.channels.retain(|p| *p != c.id);
                        edits.push(Edit::SetPersona(persona));
                    }
                }
                let mut channels = map.channels.clone();
                channels.remove(i);
                edits.push(Edit::SetChannels(channels));
                batch(edits)
            }
            Found::Lane(l) => Edit::RemoveLane { id: l.id.clone() },
            Found::Persona(p) => {
                // Journeys and steps that name the persona let go of it first.
                let mut edits = Vec::new();
                for journey in &map.journeys {
                    if journey.personas.contains(&p.id) {
                        let mut fields = journey_fields(journey);
                        fields.personas.retain(|q| *q != p.id);
                        edits.push(Edit::SetJourney(fields));
                    }
                    for step in journey.steps() {
                        if step.personas.contains(&p.id) {
                            let mut step = step.clone();
                            step.personas.retain(|q| *q != p.id);
                            edits.push(Edit::SetStep(step));
                        }
                    }
                }
                edits.push(Edit::RemovePersona { id: p.id.clone() });
                batch(edits)
            }
            Found::Journey(j) => Edit::RemoveJourney { id: j.id.clone() },
            Found::Stage(s) => Edit::RemoveStage { id: s.id.clone() },
            Found::Metric(s, i, _) => {
                let mut stage = stage_fields(s);
                stage.metrics.remove(i);
                Edit::SetStage(stage)
            }
            Found::Step(s) => Edit::RemoveStep { id: s.id.clone() },
            Found::Card(c) => Edit::RemoveCard { id: c.id.clone() },
            Found::Link(l) => Edit::RemoveLink { id: l.id.clone() },
        }
    }

    /// The edit that sets one of the item's own fields from its text.
    fn set(self, map: &JourneyMap, field: &str, text: &str) -> Result<Edit, FieldError> {
        Ok(match self {
            Found::Channel(i, c) => {
                let channel = with_field(c.clone(), field, text)?;
                let mut channels = map.channels.clone();
                if let Some(slot) = channels.get_mut(i) {
                    *slot = channel;
                }
                Edit::SetChannels(channels)
            }
            Found::Lane(l) => Edit::SetLane(with_field(l.clone(), field, text)?),
            Found::Persona(p) => Edit::SetPersona(with_field(p.clone(), field, text)?),
            Found::Journey(j) => Edit::SetJourney(with_field(journey_fields(j), field, text)?),
            Found::Stage(s) => Edit::SetStage(with_field(stage_fields(s), field, text)?),
            Found::Metric(s, i, m) => {
                let metric = with_field(m.clone(), field, text)?;
                let mut stage = stage_fields(s);
                if let Some(slot) = stage.metrics.get_mut(i) {
                    *slot = metric;
                }
                Edit::SetStage(stage)
            }
            Found::Step(s) => Edit::SetStep(with_field(s.clone(), field, text)?),
            Found::Card(c) => Edit::SetCard(with_field(c.clone(), field, text)?),
            Found::Link(l) => Edit::SetLink(with_field(l.clone(), field, text)?),
        })
    }
}

/// The change that puts their value back; `None` when there is nothing to change.
fn take_theirs(map: &JourneyMap, conflict: &Conflict) -> Result<Option<Edit>, ResolveError> {
    let (id, field, text) = (
        conflict.id.as_str(),
        conflict.field.as_str(),
        conflict.theirs.as_str(),
    );
    let field_error = |e: FieldError| match e {
        FieldError::Unknown => ResolveError::UnknownField {
            id: id.to_owned(),
            field: field.to_owned(),
        },
        FieldError::NotExact => ResolveError::NotExact {
            field: field.to_owned(),
            theirs: text.to_owned(),
        },
    };
    if id == MAP_ID {
        return Ok(Some(match field {
            "title" => Edit::SetTitle(parse_exact(text).map_err(field_error)?),
            "description" => Edit::SetDescription(parse_exact(text).map_err(field_error)?),
            "emotion_scale" => Edit::SetEmotionScale {
                scale: parse_exact(text).map_err(field_error)?,
                rescale: false,
            },
            _ => return Err(field_error(FieldError::Unknown)),
        }));
    }
    let gone = |id: &str| ResolveError::ItemGone { id: id.to_owned() };
    let found = find(map, id).ok_or_else(|| gone(id))?;
    // The merge records a child's parent under the parent's kind.
    match (found, field) {
        (Found::Step(step), "stage") => {
            let (to_journey, _) = map.stage_at(&text.into()).ok_or_else(|| gone(text))?;
            let at = map.step_at(&step.id).ok_or_else(|| gone(id))?;
            if at.journey != to_journey {
                return Err(ResolveError::OtherJourney {
                    what: found.label(map, Lang::En),
                });
            }
            Ok(Some(Edit::MoveStep {
                id: step.id.clone(),
                stage: text.into(),
                index: usize::MAX,
            }))
        }
        (Found::Metric(from, i, metric), "stage") => {
            if from.id.as_str() == text {
                return Ok(None);
            }
            let to = map.stage(&text.into()).ok_or_else(|| gone(text))?;
            let mut from = stage_fields(from);
            from.metrics.remove(i);
            let mut to = stage_fields(to);
            to.metrics.push(metric.clone());
            Ok(Some(Edit::Batch(vec![
                Edit::SetStage(from),
                Edit::SetStage(to),
            ])))
        }
        (Found::Stage(_) | Found::Card(_) | Found::Link(_), "journey") => {
            Err(ResolveError::OtherJourney {
                what: found.label(map, Lang::En),
            })
        }
        _ => found.set(map, field, text).map(Some).map_err(field_error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        ChannelId, Evidence, Figures, Funnel, Intent, JourneyKind, LaneKind, LinkKind, Media,
        Severity,
    };
    use crate::vcs::merge::merge;

    fn template() -> JourneyMap {
        let template = crate::io::templates::find("lead-generation").expect("template");
        crate::io::from_str(template.text).expect("template loads")
    }

    fn changed(base: &JourneyMap, change: impl Fn(&mut JourneyMap)) -> JourneyMap {
        let mut map = base.clone();
        change(&mut map);
        map
    }

    fn applied(map: &JourneyMap, edit: Edit) -> (JourneyMap, Edit) {
        let mut map = map.clone();
        let undo = edit.apply(&mut map).expect("edit applies");
        (map, undo)
    }

    /// Takes `take` on conflict `index` and checks that undo gives `map`
    /// back exactly and redo the same result again.
    fn taken(map: &JourneyMap, index: usize, take: Take) -> JourneyMap {
        let edit = resolve(map, index, take).expect("resolves");
        let (after, undo) = applied(map, edit);
        let (back, redo) = applied(&after, undo);
        assert_eq!(back, *map, "undo gives the map back");
        assert_eq!(applied(&back, redo).0, after, "redo");
        assert_eq!(after.conflicts.len() + 1, map.conflicts.len());
        after
    }

    fn card<'a>(map: &'a mut JourneyMap, id: &str) -> &'a mut Card {
        let (j, c) = map.card_at(&id.into()).expect("card");
        &mut map.journeys[j].cards[c]
    }

    fn step<'a>(map: &'a mut JourneyMap, id: &str) -> &'a mut Step {
        let at = map.step_at(&id.into()).expect("step");
        &mut map.journeys[at.journey].stages[at.stage].steps[at.step]
    }

    fn stage<'a>(map: &'a mut JourneyMap, id: &str) -> &'a mut Stage {
        let (j, s) = map.stage_at(&id.into()).expect("stage");
        &mut map.journeys[j].stages[s]
    }

    fn metric<'a>(map: &'a mut JourneyMap, id: &str) -> &'a mut Metric {
        map.journeys
            .iter_mut()
            .flat_map(|j| &mut j.stages)
            .flat_map(|s| &mut s.metrics)
            .find(|m| m.id.as_str() == id)
            .expect("metric")
    }

    fn lane<'a>(map: &'a mut JourneyMap, id: &str) -> &'a mut Lane {
        let i = map.lane_index(&id.into()).expect("lane");
        &mut map.lanes[i]
    }

    fn link<'a>(map: &'a mut JourneyMap, id: &str) -> &'a mut Link {
        let (j, l) = map.link_at(&id.into()).expect("link");
        &mut map.journeys[j].links[l]
    }

    fn channel<'a>(map: &'a mut JourneyMap, id: &str) -> &'a mut Channel {
        map.channels
            .iter_mut()
            .find(|c| c.id.as_str() == id)
            .expect("channel")
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    /// Both sides set one field differently: the merge records one
    /// conflict named `name`; theirs gives their map, ours ours.
    fn both_set(name: &str, ours: impl Fn(&mut JourneyMap), theirs: impl Fn(&mut JourneyMap)) {
        let base = template();
        let (o, t) = (changed(&base, ours), changed(&base, theirs));
        assert_ne!(o, t, "{name}: the sides differ");
        let merged = merge(&base, &o, &t).map;
        assert_eq!(merged.conflicts.len(), 1, "{name}: {:?}", merged.conflicts);
        assert_eq!(what(&merged, &merged.conflicts[0]), name);
        assert_eq!(taken(&merged, 0, Take::Theirs), t, "{name}: theirs");
        assert_eq!(taken(&merged, 0, Take::Ours), o, "{name}: ours");
    }

    #[test]
    fn card_fields_take_either_side() {
        let tp = r#"of touchpoint "Organic search result (blog post)" (cd-tp-google)"#;
        let pain = r#"of pain point "Pop-ups cover the text on mobile" (cd-pain-popup)"#;
        both_set(
            r#"text of touchpoint "Ours" (cd-tp-google)"#,
            |m| card(m, "cd-tp-google").text = "Ours".into(),
            |m| card(m, "cd-tp-google").text = "Theirs, with a comma".into(),
        );
        both_set(
            &format!("details {tp}"),
            |m| card(m, "cd-tp-google").details = "Two\nlines".into(),
            |m| card(m, "cd-tp-google").details = String::new(),
        );
        both_set(
            &format!("intent {tp}"),
            |m| card(m, "cd-tp-google").intent = Some(Intent::Commercial),
            |m| card(m, "cd-tp-google").intent = Some(Intent::Transactional),
        );
        both_set(
            &format!("intent {tp}"),
            |m| card(m, "cd-tp-google").intent = Some(Intent::Commercial),
            |m| card(m, "cd-tp-google").intent = None,
        );
        both_set(
            &format!("media {tp}"),
            |m| card(m, "cd-tp-google").media = None,
            |m| card(m, "cd-tp-google").media = Some(Media::Paid),
        );
        both_set(
            &format!("channel {tp}"),
            |m| card(m, "cd-tp-google").channel = Some(ChannelId::from("web")),
            |m| card(m, "cd-tp-google").channel = Some(ChannelId::from("ads")),
        );
        both_set(
            &format!("channel {tp}"),
            |m| card(m, "cd-tp-google").channel = Some(ChannelId::from("web")),
            |m| card(m, "cd-tp-google").channel = None,
        );
        both_set(
            &format!("severity {pain}"),
            |m| card(m, "cd-pain-popup").severity = Some(Severity::High),
            |m| card(m, "cd-pain-popup").severity = Some(Severity::Low),
        );
        both_set(
            &format!("votes {pain}"),
            |m| card(m, "cd-pain-popup").votes = 10,
            |m| card(m, "cd-pain-popup").votes = 0,
        );
        both_set(
            &format!("evidence {pain}"),
            |m| {
                card(m, "cd-pain-popup").evidence = Some(Evidence {
                    source: "Survey".into(),
                    date: String::new(),
                });
            },
            |m| {
                card(m, "cd-pain-popup").evidence = Some(Evidence {
                    source: "Usability test, round 2".into(),
                    date: "2024-05-01".into(),
                });
            },
        );
        both_set(
            &format!("figures {pain}"),
            |m| {
                card(m, "cd-pain-popup").figures = Figures {
                    customers: Some(10),
                    ..Figures::default()
                };
            },
            |m| {
                card(m, "cd-pain-popup").figures = Figures {
                    customers: Some(12),
                    touches_per_customer: Some(1.75),
                    ..Figures::default()
                };
            },
        );
        // Moved to different lanes on both sides: the lane is one more field.
        both_set(
            r#"lane of action "Organic search result (blog post)" (cd-tp-google)"#,
            |m| card(m, "cd-tp-google").lane = "ln-act".into(),
            |m| card(m, "cd-tp-google").lane = "ln-think".into(),
        );
    }

    #[test]
    fn step_fields_take_either_side() {
        let search = r#"of step "Searches for a solution" (sp-search)"#;
        both_set(
            &format!("score {search}"),
            |m| step(m, "sp-search").score = Some(1.5),
            |m| step(m, "sp-search").score = Some(-0.3),
        );
        both_set(
            &format!("score {search}"),
            |m| step(m, "sp-search").score = Some(2.0),
            |m| step(m, "sp-search").score = None,
        );
        both_set(
            r#"name of step "Ours" (sp-search)"#,
            |m| step(m, "sp-search").name = "Ours".into(),
            |m| step(m, "sp-search").name = "Theirs".into(),
        );
        both_set(
            &format!("personas {search}"),
            |m| step(m, "sp-search").personas = vec!["pe-anna".into()],
            |m| step(m, "sp-search").personas = vec!["pe-anna".into(), "pe-ceo".into()],
        );
    }

    #[test]
    fn stage_and_kpi_fields_take_either_side() {
        let awareness = r#"of stage "Awareness" (st-awareness)"#;
        both_set(
            &format!("funnel {awareness}"),
            |m| stage(m, "st-awareness").funnel = Funnel::Mofu,
            |m| stage(m, "st-awareness").funnel = Funnel::None,
        );
        both_set(
            &format!("goal {awareness}"),
            |m| stage(m, "st-awareness").goal = "Ours".into(),
            |m| stage(m, "st-awareness").goal = "Theirs".into(),
        );
        both_set(
            &format!("figures {awareness}"),
            |m| stage(m, "st-awareness").figures.drop_off = Some(0.5),
            |m| stage(m, "st-awareness").figures.drop_off = Some(0.125),
        );
        let cpl = r#"of KPI "CPL (cost per lead)" (kp-cpl)"#;
        both_set(
            &format!("target {cpl}"),
            |m| metric(m, "kp-cpl").target = Some(100.0),
            |m| metric(m, "kp-cpl").target = Some(150.5),
        );
        both_set(
            &format!("actual {cpl}"),
            |m| metric(m, "kp-cpl").actual = None,
            |m| metric(m, "kp-cpl").actual = Some(3.0),
        );
        both_set(
            &format!("unit {cpl}"),
            |m| metric(m, "kp-cpl").unit = "EUR".into(),
            |m| metric(m, "kp-cpl").unit = "USD".into(),
        );
    }

    #[test]
    fn lane_link_persona_journey_and_channel_fields_take_either_side() {
        both_set(
            r#"kind of lane "Content" (ln-content)"#,
            |m| lane(m, "ln-content").kind = LaneKind::Thoughts,
            |m| lane(m, "ln-content").kind = LaneKind::Backstage,
        );
        both_set(
            r#"name of lane "Ours" (ln-content)"#,
            |m| lane(m, "ln-content").name = "Ours".into(),
            |m| lane(m, "ln-content").name = String::new(),
        );
        let popup = r#"of link "Pop-ups cover the text on mobile" -> "Inline CTA instead of a pop-up" (lk-popup)"#;
        both_set(
            &format!("kind {popup}"),
            |m| link(m, "lk-popup").kind = LinkKind::Path,
            |m| link(m, "lk-popup").kind = LinkKind::Related,
        );
        both_set(
            &format!("label {popup}"),
            |m| link(m, "lk-popup").label = "ours".into(),
            |m| link(m, "lk-popup").label = "theirs".into(),
        );
        let anna = r#"of persona "Anna, marketing manager" (pe-anna)"#;
        both_set(
            &format!("goals {anna}"),
            |m| m.personas[0].goals = strings(&["Ours"]),
            |m| m.personas[0].goals = strings(&["More leads", "Fewer spreadsheets"]),
        );
        both_set(
            &format!("channels {anna}"),
            |m| m.personas[0].channels = vec!["web".into()],
            |m| m.personas[0].channels = Vec::new(),
        );
        both_set(
            &format!("quote {anna}"),
            |m| m.personas[0].quote = "Ours".into(),
            |m| m.personas[0].quote = "Theirs".into(),
        );
        let journey = r#"of journey "Lead generation (as-is)" (jr-lead-gen)"#;
        both_set(
            &format!("goal {journey}"),
            |m| m.journeys[0].goal = "Ours".into(),
            |m| m.journeys[0].goal = "Theirs".into(),
        );
        both_set(
            &format!("figures {journey}"),
            |m| m.journeys[0].figures.days_mean = Some(12.5),
            |m| m.journeys[0].figures.days_median = Some(7.0),
        );
        both_set(
            &format!("personas {journey}"),
            |m| m.journeys[0].personas = Vec::new(),
            |m| m.journeys[0].personas.push("pe-ceo".into()),
        );
        both_set(
            r#"name of channel "Shop" (store)"#,
            |m| channel(m, "store").name = "Shop".into(),
            |m| channel(m, "store").name = "Retail".into(),
        );
        both_set(
            r#"aliases of channel "Store" (store)"#,
            |m| channel(m, "store").aliases = strings(&["pos"]),
            |m| channel(m, "store").aliases = strings(&["shop", "pos", "till"]),
        );
    }

    #[test]
    fn the_maps_own_fields_take_either_side() {
        both_set(
            "title of the map",
            |m| m.title = "Ours".into(),
            |m| m.title = "Theirs".into(),
        );
        both_set(
            "description of the map",
            |m| m.description = "Ours\n\nsecond paragraph".into(),
            |m| m.description = String::new(),
        );
        // Their scale comes without rescaling: the scores merged on their own.
        both_set(
            "emotion scale of the map",
            |m| m.emotion_scale = crate::model::EmotionScale { min: 1, max: 5 },
            |m| m.emotion_scale = crate::model::EmotionScale { min: -5, max: 5 },
        );
    }

    /// A conflict the merge cannot make (a yes/no or a two-valued kind
    /// changed "differently"), recorded by hand on the template.
    fn recorded(id: &str, field: &str, ours: &str, theirs: &str) -> JourneyMap {
        let mut map = template();
        map.conflicts.push(Conflict {
            id: id.into(),
            field: field.into(),
            ours: ours.into(),
            theirs: theirs.into(),
        });
        map
    }

    #[test]
    fn two_valued_fields_take_their_side_too() {
        let map = recorded("sp-search", "moment_of_truth", "no", "yes");
        let want = changed(&template(), |m| step(m, "sp-search").moment_of_truth = true);
        assert_eq!(taken(&map, 0, Take::Theirs), want);
        assert_eq!(taken(&map, 0, Take::Ours), template());

        let map = recorded("ln-content", "hidden", "no", "yes");
        let want = changed(&template(), |m| lane(m, "ln-content").hidden = true);
        assert_eq!(taken(&map, 0, Take::Theirs), want);

        let map = recorded("jr-lead-gen", "kind", "AsIs", "ToBe");
        let want = changed(&template(), |m| m.journeys[0].kind = JourneyKind::ToBe);
        assert_eq!(taken(&map, 0, Take::Theirs), want);
    }

    #[test]
    fn a_step_moved_to_two_stages_goes_to_the_end_of_theirs() {
        let base = template();
        let move_to = |to: &'static str| {
            move |m: &mut JourneyMap| {
                Edit::MoveStep {
                    id: "sp-search".into(),
                    stage: to.into(),
                    index: 0,
                }
                .apply(m)
                .expect("moves");
            }
        };
        let (o, t) = (
            changed(&base, move_to("st-consideration")),
            changed(&base, move_to("st-decision")),
        );
        let merged = merge(&base, &o, &t).map;
        assert_eq!(
            merged.conflicts,
            vec![Conflict {
                id: "sp-search".into(),
                field: "stage".into(),
                ours: "st-consideration".into(),
                theirs: "st-decision".into(),
            }]
        );
        let after = taken(&merged, 0, Take::Theirs);
        let steps = |m: &JourneyMap, s: &str| -> Vec<String> {
            m.stage(&s.into())
                .expect("stage")
                .steps
                .iter()
                .map(|p| p.id.to_string())
                .collect()
        };
        assert_eq!(
            steps(&after, "st-decision"),
            strings(&["sp-pricing", "sp-demo", "sp-purchase", "sp-search"])
        );
        assert_eq!(
            steps(&after, "st-consideration"),
            steps(&base, "st-consideration")
        );
        assert_eq!(taken(&merged, 0, Take::Ours), o);
    }

    #[test]
    fn a_kpi_moved_to_two_stages_takes_either_stage() {
        let base = template();
        let move_to = |to: &'static str| {
            move |m: &mut JourneyMap| {
                let kpi = stage(m, "st-awareness").metrics.remove(0);
                stage(m, to).metrics.push(kpi);
            }
        };
        let (o, t) = (
            changed(&base, move_to("st-consideration")),
            changed(&base, move_to("st-decision")),
        );
        let merged = merge(&base, &o, &t).map;
        assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
        assert_eq!(merged.conflicts[0].field, "stage");
        assert_eq!(taken(&merged, 0, Take::Theirs), t);
        assert_eq!(taken(&merged, 0, Take::Ours), o);
    }

    #[test]
    fn conflicts_resolve_one_at_a_time_in_any_order() {
        let base = template();
        let o = changed(&base, |m| {
            m.title = "Ours".into();
            card(m, "cd-pain-popup").votes = 1;
            metric(m, "kp-ctr").target = Some(2.0);
        });
        let t = changed(&base, |m| {
            m.title = "Theirs".into();
            card(m, "cd-pain-popup").votes = 2;
            metric(m, "kp-ctr").target = None;
        });
        let merged = merge(&base, &o, &t).map;
        assert_eq!(merged.conflicts.len(), 3);
        let mut map = merged.clone();
        while !map.conflicts.is_empty() {
            map = taken(&map, map.conflicts.len() - 1, Take::Theirs);
        }
        assert_eq!(map, t);
        // The middle one (the KPI, in document order) only: the others stay, in order.
        assert_eq!(merged.conflicts[1].id, "kp-ctr");
        let mut middle = taken(&merged, 1, Take::Theirs);
        assert_eq!(
            middle.conflicts,
            vec![merged.conflicts[0].clone(), merged.conflicts[2].clone()]
        );
        assert_eq!(metric(&mut middle, "kp-ctr").target, None);
        assert_eq!(card(&mut middle, "cd-pain-popup").votes, 1);
        assert_eq!(middle.title, "Ours");
    }

    /// A change made to one side of a merge.
    type Change = Box<dyn Fn(&mut JourneyMap)>;

    /// Each kind of item, deleted on one side and changed on the other.
    fn deletions() -> Vec<(&'static str, Change, Change)> {
        let edit = |edit: Edit| {
            move |m: &mut JourneyMap| {
                edit.clone().apply(m).expect("edit applies");
            }
        };
        vec![
            (
                r#"touchpoint "Organic search result (blog post)" (cd-tp-google)"#,
                Box::new(edit(Edit::RemoveCard {
                    id: "cd-tp-google".into(),
                })),
                Box::new(|m| card(m, "cd-tp-google").votes = 3),
            ),
            (
                r#"link "Pop-ups cover the text on mobile" -> "Inline CTA instead of a pop-up" (lk-popup)"#,
                Box::new(edit(Edit::RemoveLink {
                    id: "lk-popup".into(),
                })),
                Box::new(|m| link(m, "lk-popup").label = "fixes".into()),
            ),
            (
                r#"step "Sees a retargeting ad" (sp-retarget)"#,
                Box::new(edit(Edit::RemoveStep {
                    id: "sp-retarget".into(),
                })),
                Box::new(|m| step(m, "sp-retarget").score = Some(-2.0)),
            ),
            (
                r#"stage "Awareness" (st-awareness)"#,
                Box::new(edit(Edit::RemoveStage {
                    id: "st-awareness".into(),
                })),
                Box::new(|m| stage(m, "st-awareness").funnel = Funnel::None),
            ),
            (
                r#"KPI "CPL (cost per lead)" (kp-cpl)"#,
                Box::new(|m| {
                    stage(m, "st-awareness").metrics.remove(0);
                }),
                Box::new(|m| metric(m, "kp-cpl").target = Some(99.0)),
            ),
            (
                r#"lane "Content" (ln-content)"#,
                Box::new(edit(Edit::RemoveLane {
                    id: "ln-content".into(),
                })),
                Box::new(|m| lane(m, "ln-content").hidden = true),
            ),
            (
                r#"persona "Anna, marketing manager" (pe-anna)"#,
                // Deleted with the journeys' and steps' mentions of it, as
                // deciding for the deleting side does.
                Box::new(|m| {
                    for journey in &mut m.journeys {
                        journey.personas.retain(|p| p.as_str() != "pe-anna");
                        for stage in &mut journey.stages {
                            for step in &mut stage.steps {
                                step.personas.retain(|p| p.as_str() != "pe-anna");
                            }
                        }
                    }
                    m.personas.retain(|p| p.id.as_str() != "pe-anna");
                }),
                Box::new(|m| m.personas[0].goals.push("One more".into())),
            ),
            (
                r#"journey "Lead generation (as-is)" (jr-lead-gen)"#,
                Box::new(edit(Edit::RemoveJourney {
                    id: "jr-lead-gen".into(),
                })),
                Box::new(|m| m.journeys[0].kind = JourneyKind::ToBe),
            ),
            (
                r#"channel "Store" (store)"#,
                Box::new(|m| m.channels.retain(|c| c.id.as_str() != "store")),
                Box::new(|m| channel(m, "store").aliases.clear()),
            ),
        ]
    }

    #[test]
    fn an_item_deleted_by_ours_and_changed_by_theirs_goes_or_stays() {
        for (name, delete, change) in deletions() {
            let base = template();
            let (o, t) = (changed(&base, &delete), changed(&base, &change));
            let merged = merge(&base, &o, &t).map;
            assert_eq!(merged.conflicts.len(), 1, "{name}: {:?}", merged.conflicts);
            assert_eq!(
                what(&merged, &merged.conflicts[0]),
                format!("{name}, deleted on our side")
            );
            assert_eq!(taken(&merged, 0, Take::Ours), o, "{name}: ours deletes");
            let mut kept = merged.clone();
            kept.conflicts.clear();
            assert_eq!(
                taken(&merged, 0, Take::Theirs),
                kept,
                "{name}: theirs keeps"
            );
        }
    }

    #[test]
    fn an_item_changed_by_ours_and_deleted_by_theirs_stays_or_goes() {
        for (name, delete, change) in deletions() {
            let base = template();
            let (o, t) = (changed(&base, &change), changed(&base, &delete));
            let merged = merge(&base, &o, &t).map;
            assert_eq!(merged.conflicts.len(), 1, "{name}: {:?}", merged.conflicts);
            assert_eq!(
                what(&merged, &merged.conflicts[0]),
                format!("{name}, deleted on their side")
            );
            assert_eq!(taken(&merged, 0, Take::Theirs), t, "{name}: theirs deletes");
            let mut kept = merged.clone();
            kept.conflicts.clear();
            assert_eq!(taken(&merged, 0, Take::Ours), kept, "{name}: ours keeps");
        }
    }

    #[test]
    fn a_deleted_item_already_gone_only_loses_its_conflict() {
        let mut map = recorded("cd-gone", DELETED, "deleted", "changed");
        map.conflicts.push(map.conflicts[0].clone());
        let edit = resolve(&map, 0, Take::Ours).expect("resolves");
        assert_eq!(edit, Edit::SetConflicts(vec![map.conflicts[1].clone()]));
    }

    #[test]
    fn their_value_for_an_item_gone_is_refused_and_ours_still_works() {
        let base = template();
        let o = changed(&base, |m| card(m, "cd-pain-popup").votes = 1);
        let t = changed(&base, |m| card(m, "cd-pain-popup").votes = 2);
        let mut merged = merge(&base, &o, &t).map;
        Edit::RemoveCard {
            id: "cd-pain-popup".into(),
        }
        .apply(&mut merged)
        .expect("removes");
        let err = resolve(&merged, 0, Take::Theirs).expect_err("gone");
        assert_eq!(
            err,
            ResolveError::ItemGone {
                id: "cd-pain-popup".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "\"cd-pain-popup\" is no longer in the map, so their version cannot be put back; keep ours, or make the change by hand"
        );
        assert_eq!(
            what(&merged, &merged.conflicts[0]),
            "votes of \"cd-pain-popup\""
        );
        assert!(taken(&merged, 0, Take::Ours).conflicts.is_empty());
    }

    #[test]
    fn a_value_whose_text_has_two_readings_is_refused() {
        let base = template();
        let evidence = |source: &'static str| {
            move |m: &mut JourneyMap| {
                card(m, "cd-pain-popup").evidence = Some(Evidence {
                    source: source.into(),
                    date: String::new(),
                });
            }
        };
        let o = changed(&base, evidence("Survey"));
        let t = changed(&base, evidence("Interviews, five customers"));
        let merged = merge(&base, &o, &t).map;
        let err = resolve(&merged, 0, Take::Theirs).expect_err("not exact");
        assert_eq!(
            err,
            ResolveError::NotExact {
                field: "evidence".into(),
                theirs: "Interviews, five customers".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "their evidence (\"Interviews, five customers\") cannot be restored exactly from its text; edit it by hand"
        );
        assert_eq!(taken(&merged, 0, Take::Ours), o);
        // The panel's check says the same as resolve, without building the edit.
        assert_eq!(check(&merged, 0, Take::Theirs), Err(err));
        assert_eq!(check(&merged, 0, Take::Ours), Ok(()));
        assert!(matches!(
            check(&merged, 1, Take::Ours),
            Err(ResolveError::NoSuchConflict { index: 1, .. })
        ));

        let map = recorded("cd-pain-popup", "severity", "Medium", "Severe");
        assert!(matches!(
            resolve(&map, 0, Take::Theirs),
            Err(ResolveError::NotExact { .. })
        ));
        let map = recorded("map", "emotion_scale", "-2..2", "1 to 5");
        assert!(matches!(
            resolve(&map, 0, Take::Theirs),
            Err(ResolveError::NotExact { .. })
        ));
    }

    #[test]
    fn unknown_fields_moves_across_journeys_and_bad_indexes_are_refused() {
        let map = recorded("cd-pain-popup", "colour", "red", "blue");
        assert_eq!(
            resolve(&map, 0, Take::Theirs),
            Err(ResolveError::UnknownField {
                id: "cd-pain-popup".into(),
                field: "colour".into()
            })
        );
        assert!(taken(&map, 0, Take::Ours).conflicts.is_empty());
        let map = recorded("map", "language", "en", "pl");
        assert!(matches!(
            resolve(&map, 0, Take::Theirs),
            Err(ResolveError::UnknownField { .. })
        ));
        let map = recorded("cd-pain-popup", "journey", "jr-lead-gen", "jr-other");
        assert!(matches!(
            resolve(&map, 0, Take::Theirs),
            Err(ResolveError::OtherJourney { .. })
        ));
        let map = recorded("sp-search", "stage", "st-awareness", "st-gone");
        assert_eq!(
            resolve(&map, 0, Take::Theirs),
            Err(ResolveError::ItemGone {
                id: "st-gone".into()
            })
        );
        assert_eq!(
            resolve(&map, 1, Take::Ours),
            Err(ResolveError::NoSuchConflict { index: 1, count: 1 })
        );
    }

    #[test]
    fn conflicts_on_every_kind_of_item_are_named_in_polish() {
        let cases = [
            ("map", "title", "tytuł mapy"),
            ("map", "emotion_scale", "skala emocji mapy"),
            (
                "cd-tp-google",
                "text",
                r#"tekst punktu styku "Organic search result (blog post)" (cd-tp-google)"#,
            ),
            (
                "cd-act-search",
                "details",
                r#"szczegóły działania "Googles how to follow up fair contacts" (cd-act-search)"#,
            ),
            (
                "cd-think-search",
                "evidence",
                r#"źródło danych myśli "There must be something better than Excel" (cd-think-search)"#,
            ),
            (
                "cd-feel-search",
                "lane",
                r#"wiersz odczucia "Curious but sceptical" (cd-feel-search)"#,
            ),
            (
                "cd-pain-popup",
                "votes",
                r#"głosy punktu bólu "Pop-ups cover the text on mobile" (cd-pain-popup)"#,
            ),
            (
                "cd-opp-popup",
                "step",
                r#"krok szansy "Inline CTA instead of a pop-up" (cd-opp-popup)"#,
            ),
            (
                "cd-back-seo",
                "channel",
                r#"kanał karty zaplecza "SEO content plan for ICP keywords" (cd-back-seo)"#,
            ),
            (
                "cd-ct-seo",
                "figures",
                r#"dane liczbowe karty "SEO blog posts and educational articles" (cd-ct-seo)"#,
            ),
            (
                "lk-popup",
                "label",
                r#"etykieta połączenia "Pop-ups cover the text on mobile" -> "Inline CTA instead of a pop-up" (lk-popup)"#,
            ),
            (
                "sp-retarget",
                "moment_of_truth",
                r#"moment prawdy kroku "Sees a retargeting ad" (sp-retarget)"#,
            ),
            (
                "st-awareness",
                "customer_role",
                r#"rola klienta etapu "Awareness" (st-awareness)"#,
            ),
            (
                "kp-cpl",
                "target",
                r#"cel KPI "CPL (cost per lead)" (kp-cpl)"#,
            ),
            (
                "ln-content",
                "hidden",
                r#"ukrycie wiersza "Content" (ln-content)"#,
            ),
            ("ln-back", "kind", r#"rodzaj wiersza "Zaplecze" (ln-back)"#),
            (
                "pe-anna",
                "committee_role",
                r#"rola w komitecie zakupowym persony "Anna, marketing manager" (pe-anna)"#,
            ),
            (
                "jr-lead-gen",
                "personas",
                r#"persony ścieżki "Lead generation (as-is)" (jr-lead-gen)"#,
            ),
            ("store", "aliases", r#"aliasy kanału "Store" (store)"#),
            ("cd-gone", "votes", r#"głosy "cd-gone""#),
        ];
        for (id, field, want) in cases {
            let map = recorded(id, field, "a", "b");
            let conflict = &map.conflicts[0];
            assert_eq!(what_in(&map, conflict, Lang::Pl), want);
            assert_eq!(what_in(&map, conflict, Lang::En), what(&map, conflict));
            assert_ne!(what(&map, conflict), want, "{id} {field}");
        }
    }

    #[test]
    fn deleted_items_are_named_in_polish_for_either_side() {
        let polish = [
            r#"punkt styku "Organic search result (blog post)" (cd-tp-google)"#,
            r#"połączenie "Pop-ups cover the text on mobile" -> "Inline CTA instead of a pop-up" (lk-popup)"#,
            r#"krok "Sees a retargeting ad" (sp-retarget)"#,
            r#"etap "Awareness" (st-awareness)"#,
            r#"KPI "CPL (cost per lead)" (kp-cpl)"#,
            r#"wiersz "Content" (ln-content)"#,
            r#"persona "Anna, marketing manager" (pe-anna)"#,
            r#"ścieżka "Lead generation (as-is)" (jr-lead-gen)"#,
            r#"kanał "Store" (store)"#,
        ];
        let cases = deletions();
        assert_eq!(cases.len(), polish.len());
        for ((name, delete, change), pl) in cases.into_iter().zip(polish) {
            let base = template();
            let sides = [
                (changed(&base, &delete), changed(&base, &change), "naszej"),
                (changed(&base, &change), changed(&base, &delete), "ich"),
            ];
            for (o, t, side) in sides {
                let merged = merge(&base, &o, &t).map;
                let conflict = &merged.conflicts[0];
                let got = what_in(&merged, conflict, Lang::Pl);
                assert_eq!(got, format!("{pl}: usunięto po {side} stronie"), "{name}");
                assert_ne!(got, what(&merged, conflict));
            }
        }
        let gone = recorded("cd-gone", DELETED, "deleted", "changed");
        assert_eq!(
            what_in(&gone, &gone.conflicts[0], Lang::Pl),
            r#""cd-gone": usunięto po naszej stronie"#
        );
    }

    #[test]
    fn resolve_errors_speak_polish_too() {
        let errors = [
            (
                ResolveError::NoSuchConflict { index: 3, count: 2 },
                "tego konfliktu nie ma już na liście (numer 3 z 2); spójrz na listę jeszcze raz",
            ),
            (
                ResolveError::ItemGone {
                    id: "cd-pain-popup".into(),
                },
                r#"elementu "cd-pain-popup" nie ma już na mapie, więc ich wersji nie da się przywrócić; zostaw naszą albo wprowadź zmianę ręcznie"#,
            ),
            (
                ResolveError::NotExact {
                    field: "evidence".into(),
                    theirs: "Interviews, five customers".into(),
                },
                r#"źródło danych: ich wartości ("Interviews, five customers") nie da się dokładnie odtworzyć z zapisanego tekstu; zmień ją ręcznie"#,
            ),
            (
                ResolveError::UnknownField {
                    id: "cd-pain-popup".into(),
                    field: "colour".into(),
                },
                r#"journeymap nie zna pola "colour" elementu "cd-pain-popup"; zmień je ręcznie"#,
            ),
        ];
        for (err, want) in errors {
            assert_eq!(err.message(Lang::Pl), want);
            assert_eq!(err.message(Lang::En), err.to_string());
            assert_ne!(err.to_string(), want);
        }
        let map = recorded("cd-pain-popup", "journey", "jr-lead-gen", "jr-other");
        let err = resolve(&map, 0, Take::Theirs).expect_err("other journey");
        assert_eq!(
            err.message(Lang::Pl),
            r#"po ich stronie przeniesiono punkt bólu "Pop-ups cover the text on mobile" do innej ścieżki; zrób to ręcznie"#
        );
        assert_eq!(
            err.to_string(),
            r#"pain point "Pop-ups cover the text on mobile" was moved to another journey on their side; move it by hand"#
        );
    }
}
