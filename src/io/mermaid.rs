//! A journey as a Mermaid `journey` diagram: the title, stages as sections,
//! steps as tasks with their score (on 1..5) and actors (the step's
//! personas). Everything else of the map is dropped, and [`Mermaid::dropped`]
//! says what, so the command line can list it.

use std::fmt::Write as _;

use crate::model::{EmotionScale, Figures, JourneyMap, LaneKind};

/// The scale Mermaid's scores are on.
pub const SCALE: EmotionScale = EmotionScale { min: 1, max: 5 };

/// A diagram and what it could not hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mermaid {
    /// The diagram's text, ending in a new line.
    pub text: String,
    /// What was left out or changed, one item a line, in words.
    pub dropped: Vec<String>,
}

/// Replaces what would end a Mermaid item early (`#`, `;`, new lines, and
/// the separators in `extra`) by spaces; notes the change.
fn clean(text: &str, extra: &[char], what: &str, dropped: &mut Vec<String>) -> String {
    let bad = |c: char| c == '#' || c == ';' || c == '\n' || c == '\r' || extra.contains(&c);
    if !text.contains(bad) {
        return text.trim().to_owned();
    }
    let cleaned: String = text.chars().map(|c| if bad(c) { ' ' } else { c }).collect();
    let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    dropped.push(format!(
        "characters Mermaid cannot hold in {what} \"{}\" (written as \"{cleaned}\")",
        text.escape_debug()
    ));
    cleaned
}

fn number(value: f32) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Writes journey `index` of `map` as a Mermaid journey diagram.
#[expect(
    clippy::too_many_lines,
    reason = "the diagram, then every kind of item it drops, each in a few lines"
)]
pub fn to_mermaid(map: &JourneyMap, index: usize) -> Mermaid {
    let mut dropped = Vec::new();
    let mut text = String::from("journey\n");
    let Some(journey) = map.journeys.get(index) else {
        return Mermaid { text, dropped };
    };
    let title = if map.title.trim().is_empty() {
        journey.name.as_str()
    } else {
        map.title.as_str()
    };
    if !title.trim().is_empty() {
        let title = clean(title, &[], "the title", &mut dropped);
        let _ = writeln!(text, "    title {title}");
    }
    if !journey.name.is_empty() && journey.name != title {
        dropped.push(format!(
            "the journey's name \"{}\" (Mermaid has one title)",
            journey.name.escape_debug()
        ));
    }
    let scale = map.emotion_scale;
    if scale != SCALE {
        dropped.push(format!(
            "the emotion scale {}..{}: scores are rescaled to Mermaid's 1..5",
            scale.min, scale.max
        ));
    }
    let mut unscored = 0usize;
    let mut figures = 0usize;
    let count_figures = |f: &Figures| usize::from(*f != Figures::default());
    let mut stage_extras = [0usize; 4];
    for (s, stage) in journey.stages.iter().enumerate() {
        if s > 0 || !stage.name.is_empty() {
            let name = clean(&stage.name, &[':'], "the stage name", &mut dropped);
            let _ = writeln!(text, "    section {name}");
        }
        for (i, present) in [
            stage.funnel != crate::model::Funnel::None,
            !stage.customer_role.is_empty(),
            !stage.goal.is_empty(),
            !stage.metrics.is_empty(),
        ]
        .into_iter()
        .enumerate()
        {
            if let Some(n) = stage_extras.get_mut(i) {
                *n += if i == 3 {
                    stage.metrics.len()
                } else {
                    usize::from(present)
                };
            }
        }
        figures += count_figures(&stage.figures);
        for step in &stage.steps {
            let name = clean(&step.name, &[':'], "the step name", &mut dropped);
            let score = match step.score {
                Some(score) if scale == SCALE => score,
                Some(score) => scale.rescale(score, SCALE),
                None => {
                    unscored += 1;
                    3.0
                }
            };
            let actors: Vec<String> = step
                .personas
                .iter()
                .map(|id| {
                    let name = map.persona(id).map_or(id.as_str(), |p| p.name.as_str());
                    clean(name, &[':', ','], "the persona name", &mut dropped)
                })
                .collect();
            if actors.is_empty() {
                let _ = writeln!(text, "      {name}: {}", number(score));
            } else {
                let _ = writeln!(
                    text,
                    "      {name}: {}: {}",
                    number(score),
                    actors.join(", ")
                );
            }
            figures += count_figures(&step.figures);
        }
    }
    if unscored > 0 {
        dropped.push(format!(
            "no score on {}: Mermaid needs one; written as 3, the middle of 1..5",
            plural(unscored, "step", "steps")
        ));
    }
    let moments = journey
        .stages
        .iter()
        .flat_map(|s| &s.steps)
        .filter(|s| s.moment_of_truth)
        .count();
    for (n, one, many) in [
        (stage_extras[0], "funnel tag", "funnel tags"),
        (stage_extras[1], "customer role", "customer roles"),
        (stage_extras[2], "stage goal", "stage goals"),
        (stage_extras[3], "KPI", "KPIs"),
        (moments, "moment of truth", "moments of truth"),
    ] {
        if n > 0 {
            dropped.push(plural(n, one, many));
        }
    }
    // A touchpoint card named as its step is the task itself.
    let mut by_lane: Vec<(String, usize)> = Vec::new();
    for card in &journey.cards {
        figures += count_figures(&card.figures);
        let lane = map.lane(&card.lane);
        let step = map.step(&card.step);
        let is_task = lane.is_some_and(|l| l.kind == LaneKind::Touchpoints)
            && step.is_some_and(|s| s.name == card.text)
            && card.channel.is_none()
            && card.intent.is_none()
            && card.media.is_none()
            && card.details.is_empty()
            && card.evidence.is_none();
        if is_task {
            continue;
        }
        let lane_name =
            lane.map_or_else(|| "no lane".to_owned(), |l| l.display_name().to_lowercase());
        match by_lane.iter_mut().find(|(n, _)| *n == lane_name) {
            Some((_, count)) => *count += 1,
            None => by_lane.push((lane_name, 1)),
        }
    }
    if !by_lane.is_empty() {
        let total: usize = by_lane.iter().map(|(_, n)| n).sum();
        let parts: Vec<String> = by_lane.iter().map(|(l, n)| format!("{n} {l}")).collect();
        dropped.push(format!(
            "{} ({})",
            plural(total, "card", "cards"),
            parts.join(", ")
        ));
    }
    if !journey.links.is_empty() {
        dropped.push(plural(journey.links.len(), "link", "links"));
    }
    figures += count_figures(&journey.figures);
    if figures > 0 {
        dropped.push(format!(
            "imported figures of {}",
            plural(figures, "item", "items")
        ));
    }
    if !map.description.is_empty() {
        dropped.push("the map's description".to_owned());
    }
    if !journey.goal.is_empty() {
        dropped.push("the journey's goal".to_owned());
    }
    if journey.kind != crate::model::JourneyKind::AsIs {
        dropped.push("the journey's kind (to-be)".to_owned());
    }
    let detailed = map
        .personas
        .iter()
        .filter(|p| {
            let bare = crate::model::Persona {
                id: p.id.clone(),
                name: p.name.clone(),
                ..crate::model::Persona::default()
            };
            **p != bare
        })
        .count();
    if detailed > 0 {
        dropped.push(format!(
            "the details of {} (role, photo, goals...; Mermaid keeps only names)",
            plural(detailed, "persona", "personas")
        ));
    }
    let unused = map
        .personas
        .iter()
        .filter(|p| {
            !journey
                .stages
                .iter()
                .flat_map(|s| &s.steps)
                .any(|s| s.personas.contains(&p.id))
        })
        .count();
    if unused > 0 {
        dropped.push(format!(
            "{} not named on any step (Mermaid's actors are per task)",
            plural(unused, "persona", "personas")
        ));
    }
    if map.journeys.len() > 1 {
        dropped.push(format!(
            "{} (Mermaid holds one; export each with --journey or --all)",
            plural(map.journeys.len() - 1, "other journey", "other journeys")
        ));
    }
    if !map.conflicts.is_empty() {
        dropped.push(plural(
            map.conflicts.len(),
            "merge conflict",
            "merge conflicts",
        ));
    }
    // One note per item, however many steps share it.
    let mut seen = std::collections::HashSet::new();
    dropped.retain(|item| seen.insert(item.clone()));
    Mermaid { text, dropped }
}
