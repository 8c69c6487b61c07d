//! Merging two random edit histories of one valid map: a merge that records
//! no conflict never leaves a `check` error that none of the three versions
//! had, nothing panics, and every conflict the merge records can be decided.
//!
//! The edits delete stages, steps, lanes, cards, links, personas and
//! channels, add cards, links and scored steps that refer to what the map
//! holds, move cards and steps, and change the emotion scale; both sides
//! pick their targets from a few items often enough that in at least a
//! fifth of the cases they touch the same item (measured and asserted).

use std::cell::Cell;
use std::collections::HashSet;

use journeymap::edit::Edit;
use journeymap::io::{self, templates};
use journeymap::model::{Card, Channel, EmotionScale, JourneyMap, Link, Persona, Step, synthetic};
use journeymap::validate::{self, Severity};
use journeymap::vcs::{self, resolve};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

/// The bases: valid maps of different shapes.
fn bases() -> Vec<JourneyMap> {
    let mut maps = vec![synthetic::generate(3, 2, 24)];
    for name in ["lead-generation", "blank"] {
        let template = templates::find(name).expect("template");
        maps.push(io::from_str(template.text).expect("loads"));
    }
    let showcase = include_str!("../maps/showcase.ron");
    maps.push(io::from_str(showcase).expect("showcase loads"));
    for map in &maps {
        assert_eq!(errors(map), Vec::<String>::new(), "{}", map.title);
    }
    maps
}

fn errors(map: &JourneyMap) -> Vec<String> {
    validate::validate(map, None, None)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message)
        .collect()
}

/// One edit's recipe: which kind, three picks and a score.
type Seed = (u8, usize, usize, usize);

/// Picks one of `items`: half the time among the first three, so the two
/// sides often pick the same one.
fn pick<T: Clone>(items: &[T], n: usize) -> Option<T> {
    if items.is_empty() {
        return None;
    }
    let range = if n.is_multiple_of(2) {
        items.len().min(3)
    } else {
        items.len()
    };
    items.get((n / 2) % range).cloned()
}

/// What a map holds, by id.
struct Ids {
    /// (journey, stage)
    stages: Vec<(String, String)>,
    /// (journey, step)
    steps: Vec<(String, String)>,
    /// Lanes that hold cards.
    lanes: Vec<String>,
    /// (journey, card)
    cards: Vec<(String, String)>,
    links: Vec<String>,
    personas: Vec<String>,
    channels: Vec<String>,
}

impl Ids {
    fn of(map: &JourneyMap) -> Self {
        let mut ids = Ids {
            stages: Vec::new(),
            steps: Vec::new(),
            lanes: map
                .lanes
                .iter()
                .filter(|l| l.kind.holds_cards())
                .map(|l| l.id.as_str().to_owned())
                .collect(),
            cards: Vec::new(),
            links: Vec::new(),
            personas: map
                .personas
                .iter()
                .map(|p| p.id.as_str().to_owned())
                .collect(),
            channels: map
                .channels
                .iter()
                .map(|c| c.id.as_str().to_owned())
                .collect(),
        };
        for j in &map.journeys {
            let jid = j.id.as_str().to_owned();
            for s in &j.stages {
                ids.stages.push((jid.clone(), s.id.as_str().to_owned()));
                for p in &s.steps {
                    ids.steps.push((jid.clone(), p.id.as_str().to_owned()));
                }
            }
            for c in &j.cards {
                ids.cards.push((jid.clone(), c.id.as_str().to_owned()));
            }
            ids.links
                .extend(j.links.iter().map(|l| l.id.as_str().to_owned()));
        }
        ids
    }
}

/// An edit that applies to `map`, and the ids of the items it touches
/// (changes, deletes, or refers to).
#[expect(clippy::too_many_lines, reason = "one arm per kind of edit")]
fn make_edit(map: &JourneyMap, side: &str, nth: usize, seed: Seed) -> Option<(Edit, Vec<String>)> {
    let (kind, a, b, c) = seed;
    let ids = Ids::of(map);
    let new_id = |prefix: &str| {
        // Now and then both sides add the same id (once each).
        let both = format!("{prefix}-both-{}", b % 3);
        let text = format!("id: \"{both}\"");
        if a.is_multiple_of(7) && !io::to_canonical_string(map).is_ok_and(|t| t.contains(&text)) {
            both
        } else {
            format!("{prefix}-{side}-{nth}")
        }
    };
    Some(match kind % 14 {
        0 => {
            let (_, id) = pick(&ids.stages, a)?;
            (
                Edit::RemoveStage {
                    id: id.as_str().into(),
                },
                vec![id],
            )
        }
        1 => {
            let (_, id) = pick(&ids.steps, a)?;
            (
                Edit::RemoveStep {
                    id: id.as_str().into(),
                },
                vec![id],
            )
        }
        2 => {
            let id = pick(&ids.lanes, a)?;
            (
                Edit::RemoveLane {
                    id: id.as_str().into(),
                },
                vec![id],
            )
        }
        3 => {
            let (_, id) = pick(&ids.cards, a)?;
            (
                Edit::RemoveCard {
                    id: id.as_str().into(),
                },
                vec![id],
            )
        }
        4 | 5 => {
            let (journey, step) = pick(&ids.steps, a)?;
            let lane = pick(&ids.lanes, b)?;
            let channel = if c.is_multiple_of(3) {
                pick(&ids.channels, c)
            } else {
                None
            };
            let id = new_id("cd");
            let mut touched = vec![id.clone(), step.clone(), lane.clone()];
            touched.extend(channel.clone());
            let card = Card {
                id: id.as_str().into(),
                lane: lane.as_str().into(),
                step: step.as_str().into(),
                text: id.clone(),
                channel: channel.map(|c| c.as_str().into()),
                ..Card::default()
            };
            (
                Edit::AddCard {
                    journey: journey.as_str().into(),
                    index: c,
                    card,
                },
                touched,
            )
        }
        6 | 7 => {
            let (journey, from) = pick(&ids.cards, a)?;
            let same: Vec<(String, String)> = ids
                .cards
                .iter()
                .filter(|(j, _)| *j == journey)
                .cloned()
                .collect();
            let (_, to) = pick(&same, b)?;
            let id = new_id("lk");
            let link = Link {
                id: id.as_str().into(),
                from: from.as_str().into(),
                to: to.as_str().into(),
                ..Link::default()
            };
            (
                Edit::AddLink {
                    journey: journey.as_str().into(),
                    index: c,
                    link,
                },
                vec![id, from, to],
            )
        }
        8 => {
            let (_, id) = pick(&ids.cards, a)?;
            let mut card = map.card(&id.as_str().into())?.clone();
            card.text = format!("{} ({side})", card.text);
            (Edit::SetCard(card), vec![id])
        }
        9 => {
            let (journey, id) = pick(&ids.cards, a)?;
            let steps: Vec<(String, String)> = ids
                .steps
                .iter()
                .filter(|(j, _)| *j == journey)
                .cloned()
                .collect();
            let (_, step) = pick(&steps, b)?;
            let lane = pick(&ids.lanes, c)?;
            (
                Edit::MoveCard {
                    id: id.as_str().into(),
                    lane: lane.as_str().into(),
                    step: step.as_str().into(),
                    index: c,
                },
                vec![id, step, lane],
            )
        }
        10 => {
            // A new scored step, or a persona named by a step.
            let (_, stage) = pick(&ids.stages, a)?;
            let scale = map.emotion_scale;
            let span = i64::from(scale.max) - i64::from(scale.min);
            #[expect(clippy::cast_precision_loss, reason = "small numbers")]
            let score = scale.min as f32
                + (i64::try_from(b).unwrap_or(0).rem_euclid(span.max(1) + 1)) as f32;
            let id = new_id("sp");
            let mut touched = vec![id.clone(), stage.clone()];
            let personas = pick(&ids.personas, c).map(|p| {
                touched.push(p.clone());
                vec![p.as_str().into()]
            });
            let step = Step {
                id: id.as_str().into(),
                name: id.clone(),
                score: Some(score),
                personas: personas.unwrap_or_default(),
                ..Step::default()
            };
            (
                Edit::AddStep {
                    stage: stage.as_str().into(),
                    index: c,
                    step,
                },
                touched,
            )
        }
        11 => {
            let scale = match a % 3 {
                0 => EmotionScale { min: 1, max: 5 },
                1 => EmotionScale { min: -2, max: 2 },
                _ => EmotionScale { min: 1, max: 10 },
            };
            (
                Edit::SetEmotionScale {
                    scale,
                    rescale: true,
                },
                vec!["map".to_owned()],
            )
        }
        12 => {
            // A persona or a channel deleted, with every reference to it (as
            // a careful person would): new in this side, not an error.
            if b.is_multiple_of(2) {
                let id = pick(&ids.personas, a)?;
                let mut edits = Vec::new();
                for j in &map.journeys {
                    if j.personas.iter().any(|p| p.as_str() == id) {
                        let mut fields = j.clone();
                        fields.stages.clear();
                        fields.cards.clear();
                        fields.links.clear();
                        fields.personas.retain(|p| p.as_str() != id);
                        edits.push(Edit::SetJourney(fields));
                    }
                    for step in j.steps() {
                        if step.personas.iter().any(|p| p.as_str() == id) {
                            let mut step = step.clone();
                            step.personas.retain(|p| p.as_str() != id);
                            edits.push(Edit::SetStep(step));
                        }
                    }
                }
                edits.push(Edit::RemovePersona {
                    id: id.as_str().into(),
                });
                (Edit::Batch(edits), vec![id])
            } else {
                let id = pick(&ids.channels, a)?;
                let mut edits = Vec::new();
                for j in &map.journeys {
                    for card in &j.cards {
                        if card.channel.as_ref().is_some_and(|c| c.as_str() == id) {
                            let mut card = card.clone();
                            card.channel = None;
                            edits.push(Edit::SetCard(card));
                        }
                    }
                }
                for p in &map.personas {
                    if p.channels.iter().any(|c| c.as_str() == id) {
                        let mut persona: Persona = p.clone();
                        persona.channels.retain(|c| c.as_str() != id);
                        edits.push(Edit::SetPersona(persona));
                    }
                }
                let channels: Vec<Channel> = map
                    .channels
                    .iter()
                    .filter(|c| c.id.as_str() != id)
                    .cloned()
                    .collect();
                edits.push(Edit::SetChannels(channels));
                (Edit::Batch(edits), vec![id])
            }
        }
        _ => {
            if a.is_multiple_of(2) {
                let id = pick(&ids.links, b)?;
                (
                    Edit::RemoveLink {
                        id: id.as_str().into(),
                    },
                    vec![id],
                )
            } else {
                // A step moved to another stage of its journey.
                let (journey, id) = pick(&ids.steps, b)?;
                let stages: Vec<(String, String)> = ids
                    .stages
                    .iter()
                    .filter(|(j, _)| *j == journey)
                    .cloned()
                    .collect();
                let (_, stage) = pick(&stages, c)?;
                (
                    Edit::MoveStep {
                        id: id.as_str().into(),
                        stage: stage.as_str().into(),
                        index: a,
                    },
                    vec![id, stage],
                )
            }
        }
    })
}

/// A side: the base with the seeds' edits applied, and what they touched.
fn side(base: &JourneyMap, name: &str, seeds: &[Seed]) -> (JourneyMap, HashSet<String>) {
    let mut map = base.clone();
    let mut touched = HashSet::new();
    for (n, seed) in seeds.iter().enumerate() {
        if let Some((edit, ids)) = make_edit(&map, name, n, *seed)
            && edit.apply(&mut map).is_ok()
        {
            touched.extend(ids);
        }
    }
    (map, touched)
}

fn seeds() -> impl Strategy<Value = Vec<Seed>> {
    proptest::collection::vec(
        (any::<u8>(), any::<usize>(), any::<usize>(), any::<usize>()),
        1..8,
    )
}

#[test]
fn a_clean_merge_of_two_edit_histories_adds_no_check_error() {
    let bases = bases();
    let cases = cases();
    let total = Cell::new(0u32);
    let same_item = Cell::new(0u32);
    let clean = Cell::new(0u32);
    let kept_for_a_reference = Cell::new(0u32);
    let mut runner = TestRunner::new(Config {
        cases,
        ..Config::default()
    });
    let strategy = (0..bases.len(), seeds(), seeds());
    let result = runner.run(&strategy, |(which, ours_seeds, theirs_seeds)| {
        let base = &bases[which];
        let (ours, ours_touched) = side(base, "o", &ours_seeds);
        let (theirs, theirs_touched) = side(base, "t", &theirs_seeds);
        total.set(total.get() + 1);
        if !ours_touched.is_disjoint(&theirs_touched) {
            same_item.set(same_item.get() + 1);
        }
        let out = vcs::merge(base, &ours, &theirs);
        let known: HashSet<String> = [base, &ours, &theirs]
            .into_iter()
            .flat_map(errors)
            .collect();
        let new: Vec<String> = errors(&out.map)
            .into_iter()
            .filter(|e| !known.contains(e))
            .collect();
        if out.conflicts.is_empty() {
            clean.set(clean.get() + 1);
            prop_assert!(new.is_empty(), "a clean merge added errors: {:?}", new);
        }
        // Every case here is foreseen: the last-resort note is never needed.
        prop_assert!(
            out.conflicts.iter().all(|c| c.field != vcs::merge::CHECK),
            "{:?}",
            out.conflicts
        );
        // Every conflict of this merge can be decided either way.
        for conflict in &out.conflicts {
            let index = out
                .map
                .conflicts
                .iter()
                .position(|c| c == conflict)
                .expect("recorded in the map");
            if conflict.field == vcs::merge::DELETED {
                kept_for_a_reference.set(kept_for_a_reference.get() + 1);
            }
            for take in [resolve::Take::Ours, resolve::Take::Theirs] {
                if let Ok(edit) = resolve::resolve(&out.map, index, take) {
                    let mut decided = out.map.clone();
                    prop_assert!(
                        edit.apply(&mut decided).is_ok(),
                        "{:?} {:?}",
                        conflict,
                        take
                    );
                }
            }
        }
        let text = io::to_canonical_string(&out.map).expect("saves");
        prop_assert_eq!(io::from_str(&text).expect("loads"), out.map);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let (total, same_item) = (total.get(), same_item.get());
    eprintln!(
        "{total} merges: {same_item} with an item touched on both sides, {} clean, {} deleted-item conflicts",
        clean.get(),
        kept_for_a_reference.get()
    );
    assert!(
        same_item * 5 >= total,
        "only {same_item} of {total} cases touch one item on both sides"
    );
    assert!(
        clean.get() * 10 >= total,
        "few clean merges: {}",
        clean.get()
    );
}

#[test]
fn the_sides_are_valid_maps() {
    // The property above is only about the merge if the sides are valid.
    let bases = bases();
    let mut runner = TestRunner::new(Config {
        cases: cases().min(200),
        ..Config::default()
    });
    let result = runner.run(&(0..bases.len(), seeds()), |(which, seeds)| {
        let (map, _) = side(&bases[which], "o", &seeds);
        prop_assert_eq!(errors(&map), Vec::<String>::new());
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
