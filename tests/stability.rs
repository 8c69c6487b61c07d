//! The file is a good citizen of git: small edits give small diffs.

use journeymap::edit::{Edit, ItemRef};
use journeymap::io::{self, templates::TEMPLATES};
use journeymap::model::{Card, JourneyMap};

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// The lines of `new` that differ from `old`, as (common prefix, old middle, new middle).
fn changed<'a>(old: &[&'a str], new: &[&'a str]) -> (usize, Vec<&'a str>, Vec<&'a str>) {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    (
        prefix,
        old[prefix..old.len() - suffix].to_vec(),
        new[prefix..new.len() - suffix].to_vec(),
    )
}

fn maps() -> Vec<(&'static str, JourneyMap)> {
    let mut maps: Vec<_> = TEMPLATES
        .iter()
        .map(|t| (t.name, io::from_str(t.text).expect("template loads")))
        .collect();
    maps.push((
        "showcase",
        io::from_str(include_str!("../maps/showcase.ron")).expect("showcase loads"),
    ));
    maps.push((
        "generated",
        journeymap::model::synthetic::generate(4, 3, 200),
    ));
    maps
}

#[test]
fn renaming_a_card_changes_one_line() {
    for (name, mut doc) in maps() {
        let Some(card) = doc
            .journeys
            .iter()
            .flat_map(|j| &j.cards)
            .last()
            .map(|c| c.id.clone())
        else {
            continue;
        };
        let before = io::to_canonical_string(&doc).expect("saves");
        Edit::Rename {
            item: ItemRef::Card(card),
            name: "Renamed card".into(),
        }
        .apply(&mut doc)
        .expect("applies");
        let after = io::to_canonical_string(&doc).expect("saves");
        let (_, old, new) = changed(&lines(&before), &lines(&after));
        assert_eq!(old.len(), 1, "{name}: {old:?} -> {new:?}");
        assert_eq!(
            new,
            vec![old[0].split("text:").next().unwrap_or("").to_owned() + "text: \"Renamed card\","],
            "{name}"
        );
    }
}

#[test]
fn changing_a_score_changes_one_line() {
    for (name, mut doc) in maps() {
        let Some(step) = doc
            .journeys
            .iter()
            .flat_map(journeymap::model::Journey::steps)
            .find(|s| s.score.is_some())
            .map(|s| s.id.clone())
        else {
            continue;
        };
        let before = io::to_canonical_string(&doc).expect("saves");
        Edit::SetScore {
            step,
            score: Some(1.5),
        }
        .apply(&mut doc)
        .expect("applies");
        let after = io::to_canonical_string(&doc).expect("saves");
        let (_, old, new) = changed(&lines(&before), &lines(&after));
        assert_eq!((old.len(), new.len()), (1, 1), "{name}: {old:?} -> {new:?}");
        assert!(new[0].trim() == "score: 1.5,", "{name}: {new:?}");
    }
}

#[test]
fn adding_a_card_adds_only_its_lines() {
    for (name, mut doc) in maps() {
        let Some(journey) = doc.journeys.first() else {
            continue;
        };
        let (Some(step), Some(lane)) = (
            journey.steps().next().map(|s| s.id.clone()),
            doc.lanes.first().map(|l| l.id.clone()),
        ) else {
            continue;
        };
        let journey_id = journey.id.clone();
        let index = journey.cards.len() / 2;
        // The first card of a journey also opens its `cards: [` list.
        let list_lines = if journey.cards.is_empty() { 2 } else { 0 };
        let before = io::to_canonical_string(&doc).expect("saves");
        let card = Card {
            id: doc.fresh_id("cd").into(),
            lane,
            step,
            text: "A new card".into(),
            ..Card::default()
        };
        Edit::AddCard {
            journey: journey_id,
            index,
            card,
        }
        .apply(&mut doc)
        .expect("applies");
        let after = io::to_canonical_string(&doc).expect("saves");
        let (_, old, new) = changed(&lines(&before), &lines(&after));
        assert!(old.is_empty(), "{name}: removed {old:?}");
        let trimmed: Vec<&str> = new.iter().map(|l| l.trim()).collect();
        // The inserted block is one whole card, possibly shifted by the diff
        // to start at its closing line of the card before.
        let card_lines = [
            "Card(",
            "id:",
            "lane:",
            "step:",
            "text: \"A new card\",",
            "),",
        ];
        assert_eq!(
            trimmed.len(),
            card_lines.len() + list_lines,
            "{name}: {trimmed:?}"
        );
        let joined = trimmed.join("\n");
        assert!(
            joined.contains("text: \"A new card\","),
            "{name}: {trimmed:?}"
        );
        assert_eq!(
            trimmed.iter().filter(|l| l.starts_with("Card(")).count(),
            1,
            "{name}: {trimmed:?}"
        );
    }
}

#[test]
fn moving_a_card_changes_only_its_own_lines() {
    for (name, mut doc) in maps() {
        let Some(journey) = doc
            .journeys
            .iter()
            .find(|j| j.cards.len() >= 2 && j.steps().count() >= 2)
        else {
            continue;
        };
        let card = journey.cards[0].clone();
        let other_step = journey
            .steps()
            .map(|s| s.id.clone())
            .find(|s| *s != card.step)
            .expect("two steps");
        let before = io::to_canonical_string(&doc).expect("saves");
        Edit::MoveCard {
            id: card.id.clone(),
            lane: card.lane.clone(),
            step: other_step,
            index: 0,
        }
        .apply(&mut doc)
        .expect("applies");
        let after = io::to_canonical_string(&doc).expect("saves");
        let (_, old, new) = changed(&lines(&before), &lines(&after));
        assert_eq!((old.len(), new.len()), (1, 1), "{name}: {old:?} -> {new:?}");
        assert!(new[0].trim().starts_with("step:"), "{name}: {new:?}");
    }
}

#[test]
fn saving_an_unedited_map_is_byte_identical_and_never_resorts() {
    for template in TEMPLATES {
        let doc = io::from_str(template.text).expect("loads");
        assert_eq!(
            io::to_canonical_string(&doc).expect("saves"),
            template.text,
            "{}",
            template.name
        );
    }
    // Items keep their order even when it is not sorted.
    let mut doc = journeymap::model::synthetic::generate(2, 2, 20);
    doc.journeys[0].cards.reverse();
    doc.lanes.reverse();
    let text = io::to_canonical_string(&doc).expect("saves");
    let back = io::from_str(&text).expect("loads");
    assert_eq!(back, doc);
    assert_eq!(back.journeys[0].cards[0].id.as_str(), "cd-00019");
}

#[test]
fn moving_a_card_to_another_stage_changes_only_its_step_line() {
    let mut tested = 0;
    for (name, mut doc) in maps() {
        let Some((card, target)) = doc.journeys.iter().find_map(|j| {
            let card = j.cards.first()?;
            let stage_of = |step: &journeymap::model::StepId| {
                j.stages
                    .iter()
                    .position(|s| s.steps.iter().any(|p| &p.id == step))
            };
            let from = stage_of(&card.step)?;
            let target = j
                .stages
                .iter()
                .enumerate()
                .find(|(i, s)| *i != from && !s.steps.is_empty())?
                .1
                .steps[0]
                .id
                .clone();
            Some((card.clone(), target))
        }) else {
            continue;
        };
        let before = io::to_canonical_string(&doc).expect("saves");
        Edit::MoveCard {
            id: card.id.clone(),
            lane: card.lane.clone(),
            step: target.clone(),
            index: 0,
        }
        .apply(&mut doc)
        .expect("applies");
        let after = io::to_canonical_string(&doc).expect("saves");
        let (_, old, new) = changed(&lines(&before), &lines(&after));
        assert_eq!((old.len(), new.len()), (1, 1), "{name}: {old:?} -> {new:?}");
        assert_eq!(new[0].trim(), format!("step: \"{target}\","), "{name}");
        tested += 1;
    }
    assert!(tested >= 4, "only {tested} maps had a card to move");
}

#[test]
fn removing_a_card_removes_only_its_lines() {
    let mut tested = 0;
    for (name, mut doc) in maps() {
        // A card that no link touches, so only the card goes.
        let links: Vec<_> = doc.journeys.iter().flat_map(|j| &j.links).collect();
        let Some(card) = doc
            .journeys
            .iter()
            .flat_map(|j| &j.cards)
            .skip(1)
            .find(|c| !links.iter().any(|l| l.from == c.id || l.to == c.id))
            .cloned()
        else {
            continue;
        };
        let before = io::to_canonical_string(&doc).expect("saves");
        let card_text = io::to_canonical_string(&JourneyMap {
            journeys: vec![journeymap::model::Journey {
                cards: vec![card.clone()],
                ..Default::default()
            }],
            ..JourneyMap::default()
        })
        .expect("saves");
        let card_lines = card_text
            .lines()
            .skip_while(|l| l.trim() != "Card(")
            .take_while(|l| l.trim() != "],")
            .count();
        Edit::RemoveCard {
            id: card.id.clone(),
        }
        .apply(&mut doc)
        .expect("applies");
        let after = io::to_canonical_string(&doc).expect("saves");
        let (_, old, new) = changed(&lines(&before), &lines(&after));
        assert!(new.is_empty(), "{name}: added {new:?}");
        assert_eq!(old.len(), card_lines, "{name}: {old:?}");
        tested += 1;
    }
    assert!(tested >= 4, "only {tested} maps had an unlinked card");
}

#[test]
fn renaming_a_persona_stage_or_step_changes_one_line() {
    for (name, doc) in maps() {
        let mut items = Vec::new();
        if let Some(p) = doc.personas.first() {
            items.push(ItemRef::Persona(p.id.clone()));
        }
        if let Some(j) = doc.journeys.first() {
            if let Some(s) = j.stages.last() {
                items.push(ItemRef::Stage(s.id.clone()));
            }
            if let Some(p) = j.steps().nth(1) {
                items.push(ItemRef::Step(p.id.clone()));
            }
        }
        for item in items {
            let mut edited = doc.clone();
            let before = io::to_canonical_string(&edited).expect("saves");
            Edit::Rename {
                item: item.clone(),
                name: "A new name".into(),
            }
            .apply(&mut edited)
            .expect("applies");
            let after = io::to_canonical_string(&edited).expect("saves");
            let (_, old, new) = changed(&lines(&before), &lines(&after));
            assert_eq!(
                (old.len(), new.len()),
                (1, 1),
                "{name} {item:?}: {old:?} -> {new:?}"
            );
            assert_eq!(new[0].trim(), "name: \"A new name\",", "{name} {item:?}");
        }
    }
}

#[test]
fn a_saved_file_on_disk_is_byte_identical_to_the_template() {
    let dir = tempfile::tempdir().expect("temp dir");
    let showcase = include_str!("../maps/showcase.ron");
    let all = TEMPLATES
        .iter()
        .map(|t| (t.name, t.text))
        .chain([("showcase", showcase)]);
    for (name, text) in all {
        let path = dir.path().join(format!("{name}.ron"));
        std::fs::write(&path, text).expect("write");
        let doc = io::load(&path).expect("loads");
        io::save(&path, &doc).expect("saves");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            text,
            "{name}"
        );
    }
}
