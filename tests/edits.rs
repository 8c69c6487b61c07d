//! Every edit has an exact inverse: apply, undo, redo give back each state.
#![allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::too_many_lines,
    reason = "picks from small made-up numbers"
)]

mod common;

use journeymap::edit::{Edit, ItemRef};
use journeymap::model::{
    Card, Channel, EmotionScale, Journey, JourneyMap, Lane, LaneKind, Link, Persona, Stage, Step,
};
use proptest::prelude::*;

fn pick<T: Clone>(list: &[T], n: usize) -> Option<T> {
    if list.is_empty() {
        None
    } else {
        Some(list[n % list.len()].clone())
    }
}

/// Builds an edit of kind `kind` on items of `doc` chosen by `a`, `b`, `c`.
/// Some picks name items that do not exist, to test that failures change nothing.
fn make_edit(
    doc: &JourneyMap,
    kind: u8,
    a: usize,
    b: usize,
    c: usize,
    text: String,
    score: Option<f32>,
) -> Edit {
    let personas: Vec<_> = doc.personas.iter().map(|p| p.id.clone()).collect();
    let journeys: Vec<_> = doc.journeys.iter().map(|j| j.id.clone()).collect();
    let stages: Vec<_> = doc
        .journeys
        .iter()
        .flat_map(|j| j.stages.iter().map(|s| s.id.clone()))
        .collect();
    let steps: Vec<_> = doc
        .journeys
        .iter()
        .flat_map(|j| j.steps().map(|s| s.id.clone()))
        .collect();
    let lanes: Vec<_> = doc.lanes.iter().map(|l| l.id.clone()).collect();
    let cards: Vec<_> = doc
        .journeys
        .iter()
        .flat_map(|j| j.cards.iter().map(|c| c.id.clone()))
        .collect();
    let links: Vec<_> = doc
        .journeys
        .iter()
        .flat_map(|j| j.links.iter().map(|l| l.id.clone()))
        .collect();
    let new_id = |prefix: &str| doc.fresh_id(prefix);
    let missing = || "does-not-exist".to_owned();
    match kind % 33 {
        0 => Edit::SetTitle(text),
        1 => Edit::SetDescription(text),
        2 => Edit::SetEmotionScale {
            scale: EmotionScale {
                min: (a % 3) as i32 - 2,
                max: 3 + (b % 7) as i32,
            },
            rescale: c.is_multiple_of(2),
        },
        3 => Edit::SetChannels(vec![Channel {
            id: new_id("ch").into(),
            name: text,
            aliases: vec![],
        }]),
        4 => Edit::Rename {
            item: ItemRef::Card(pick(&cards, a).unwrap_or_else(|| missing().into())),
            name: text,
        },
        5 => Edit::Rename {
            item: ItemRef::Stage(pick(&stages, a).unwrap_or_else(|| missing().into())),
            name: text,
        },
        6 => Edit::AddPersona {
            index: b,
            persona: Persona {
                id: new_id("pe").into(),
                name: text,
                ..Persona::default()
            },
        },
        7 => Edit::RemovePersona {
            id: pick(&personas, a).unwrap_or_else(|| missing().into()),
        },
        8 => Edit::MovePersona {
            id: pick(&personas, a).unwrap_or_else(|| missing().into()),
            index: b % 5,
        },
        9 => Edit::AddJourney {
            index: b,
            journey: Journey {
                id: new_id("jr").into(),
                name: text,
                ..Journey::default()
            },
        },
        10 => Edit::RemoveJourney {
            id: pick(&journeys, a).unwrap_or_else(|| missing().into()),
        },
        11 => Edit::MoveJourney {
            id: pick(&journeys, a).unwrap_or_else(|| missing().into()),
            index: b % 4,
        },
        12 => match pick(&journeys, a).and_then(|id| doc.journey(&id).cloned()) {
            Some(mut j) => {
                j.goal = text;
                j.stages.clear();
                Edit::SetJourney(j)
            }
            None => Edit::SetJourney(Journey {
                id: missing().into(),
                ..Journey::default()
            }),
        },
        13 => Edit::AddStage {
            journey: pick(&journeys, a).unwrap_or_else(|| missing().into()),
            index: b,
            stage: Stage {
                id: new_id("st").into(),
                name: text,
                steps: vec![Step {
                    id: new_id("sx").into(),
                    ..Step::default()
                }],
                ..Stage::default()
            },
        },
        14 => Edit::RemoveStage {
            id: pick(&stages, a).unwrap_or_else(|| missing().into()),
        },
        15 => Edit::MoveStage {
            id: pick(&stages, a).unwrap_or_else(|| missing().into()),
            index: b % 5,
        },
        16 => match pick(&stages, a).and_then(|id| doc.stage(&id).cloned()) {
            Some(mut s) => {
                s.goal = text;
                s.steps.clear();
                Edit::SetStage(s)
            }
            None => Edit::SetStage(Stage {
                id: missing().into(),
                ..Stage::default()
            }),
        },
        17 => Edit::AddStep {
            stage: pick(&stages, a).unwrap_or_else(|| missing().into()),
            index: b,
            step: Step {
                id: new_id("sp").into(),
                name: text,
                score,
                ..Step::default()
            },
        },
        18 => Edit::RemoveStep {
            id: pick(&steps, a).unwrap_or_else(|| missing().into()),
        },
        19 => Edit::MoveStep {
            id: pick(&steps, a).unwrap_or_else(|| missing().into()),
            stage: pick(&stages, b).unwrap_or_else(|| missing().into()),
            index: c % 4,
        },
        20 => Edit::SetScore {
            step: pick(&steps, a).unwrap_or_else(|| missing().into()),
            score,
        },
        21 => Edit::AddLane {
            index: b,
            lane: Lane {
                id: new_id("ln").into(),
                kind: LaneKind::ALL[c % LaneKind::ALL.len()],
                name: text,
                hidden: false,
            },
        },
        22 => Edit::RemoveLane {
            id: pick(&lanes, a).unwrap_or_else(|| missing().into()),
        },
        23 => Edit::MoveLane {
            id: pick(&lanes, a).unwrap_or_else(|| missing().into()),
            index: b % 6,
        },
        24 => match (pick(&journeys, a), pick(&lanes, b), pick(&steps, c)) {
            (Some(journey), Some(lane), Some(step)) => Edit::AddCard {
                journey,
                index: a % 9,
                card: Card {
                    id: new_id("cd").into(),
                    lane,
                    step,
                    text,
                    ..Card::default()
                },
            },
            _ => Edit::AddCard {
                journey: missing().into(),
                index: 0,
                card: Card::default(),
            },
        },
        25 => Edit::RemoveCard {
            id: pick(&cards, a).unwrap_or_else(|| missing().into()),
        },
        26 => Edit::MoveCard {
            id: pick(&cards, a).unwrap_or_else(|| missing().into()),
            lane: pick(&lanes, b).unwrap_or_default(),
            step: pick(&steps, c).unwrap_or_default(),
            index: c % 7,
        },
        27 => match pick(&cards, a).and_then(|id| doc.card(&id).cloned()) {
            Some(mut card) => {
                card.details = text;
                card.votes += 1;
                Edit::SetCard(card)
            }
            None => Edit::SetCard(Card {
                id: missing().into(),
                ..Card::default()
            }),
        },
        28 => match (pick(&journeys, a), pick(&cards, b), pick(&cards, c)) {
            (Some(journey), Some(from), Some(to)) => Edit::AddLink {
                journey,
                index: a % 3,
                link: Link {
                    id: new_id("lk").into(),
                    from,
                    to,
                    label: text,
                    ..Link::default()
                },
            },
            _ => Edit::AddLink {
                journey: missing().into(),
                index: 0,
                link: Link::default(),
            },
        },
        29 => Edit::RemoveLink {
            id: pick(&links, a).unwrap_or_else(|| missing().into()),
        },
        32 => Edit::MoveLink {
            id: pick(&links, a).unwrap_or_else(|| missing().into()),
            index: b % 4,
        },
        30 => match pick(&personas, a).and_then(|id| doc.persona(&id).cloned()) {
            Some(mut p) => {
                p.quote = text;
                Edit::SetPersona(p)
            }
            None => Edit::Rename {
                item: ItemRef::Persona(missing().into()),
                name: text,
            },
        },
        _ => Edit::Batch(vec![
            Edit::SetTitle(text.clone()),
            Edit::RemoveCard {
                id: pick(&cards, a).unwrap_or_else(|| missing().into()),
            },
            Edit::RemoveStep {
                id: pick(&steps, b).unwrap_or_else(|| missing().into()),
            },
        ]),
    }
}

type Seed = (u8, usize, usize, usize, String, Option<f32>);

fn seeds() -> impl Strategy<Value = Vec<Seed>> {
    proptest::collection::vec(
        (
            any::<u8>(),
            any::<usize>(),
            any::<usize>(),
            any::<usize>(),
            common::text(),
            proptest::option::of((-20i32..20).prop_map(|n| n as f32 / 10.0)),
        ),
        1..12,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1000)
    ))]

    #[test]
    fn every_edit_is_undone_and_redone_exactly(mut doc in common::document(), seeds in seeds()) {
        for (kind, a, b, c, text, score) in seeds {
            let edit = make_edit(&doc, kind, a, b, c, text, score);
            let before = doc.clone();
            let Ok(undo) = edit.clone().apply(&mut doc) else {
                prop_assert_eq!(&doc, &before, "a failed {:?} changed the document", edit);
                continue;
            };
            let after = doc.clone();
            let redo = undo.apply(&mut doc).expect("undo applies");
            prop_assert_eq!(&doc, &before, "undo of {:?}", edit);
            redo.apply(&mut doc).expect("redo applies");
            prop_assert_eq!(&doc, &after, "redo of {:?}", edit);
        }
    }
}

#[test]
fn removing_a_stage_takes_its_cards_and_their_links_and_undo_restores_them() {
    let mut doc = journeymap::model::synthetic::generate(3, 2, 60);
    let before = doc.clone();
    let stage = doc.journeys[0].stages[1].id.clone();
    let steps: Vec<_> = doc.journeys[0].stages[1]
        .steps
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let in_stage = before.journeys[0]
        .cards
        .iter()
        .filter(|c| steps.contains(&c.step))
        .count();
    assert!(in_stage > 0, "the generated map has cards in stage 1");
    let undo = Edit::RemoveStage { id: stage }
        .apply(&mut doc)
        .expect("applies");
    assert_eq!(doc.journeys[0].stages.len(), 2);
    assert!(
        doc.journeys[0]
            .cards
            .iter()
            .all(|c| !steps.contains(&c.step))
    );
    assert_eq!(
        doc.journeys[0].cards.len(),
        before.journeys[0].cards.len() - in_stage
    );
    let cards: Vec<_> = doc.journeys[0].cards.iter().map(|c| &c.id).collect();
    assert!(
        doc.journeys[0]
            .links
            .iter()
            .all(|l| cards.contains(&&l.from) && cards.contains(&&l.to))
    );
    undo.apply(&mut doc).expect("undo applies");
    assert_eq!(doc, before);
}

#[test]
fn rescaling_maps_scores_onto_the_new_scale_and_undo_restores_them() {
    let mut doc = journeymap::model::synthetic::generate(1, 3, 0);
    for (step, score) in doc.journeys[0].stages[0]
        .steps
        .iter_mut()
        .zip([-2.0, 0.0, 2.0])
    {
        step.score = Some(score);
    }
    let before = doc.clone();
    let undo = Edit::SetEmotionScale {
        scale: EmotionScale { min: 1, max: 5 },
        rescale: true,
    }
    .apply(&mut doc)
    .expect("applies");
    let scores: Vec<_> = doc.journeys[0].stages[0]
        .steps
        .iter()
        .map(|s| s.score)
        .collect();
    assert_eq!(scores, vec![Some(1.0), Some(3.0), Some(5.0)]);
    undo.apply(&mut doc).expect("undo applies");
    assert_eq!(doc, before);
}
