//! A readable outline of a map, for git's `diff.<driver>.textconv`: title,
//! personas, and per journey its stages, steps (score, moment of truth),
//! cards by lane under their step, and links. Items keep the file's order
//! and carry their id in brackets, so the outline is stable and a small edit
//! changes a line or two of it.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::model::{Card, Journey, JourneyMap, Lane, PersonaId};

use super::item::{Show, number};

/// Text on one line, in quotes: new lines shown as `\n`.
fn text(s: &str) -> String {
    format!(
        "\"{}\"",
        s.replace('\\', "\\\\")
            .replace('\n', "\\n")
            .replace('"', "\\\"")
    )
}

/// Personas by name in quotes, or by id where the id names no persona.
fn persona_names(map: &JourneyMap, ids: &[PersonaId]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            map.persona(id)
                .map_or_else(|| id.to_string(), |p| text(&p.name))
        })
        .collect()
}

fn push_parts(out: &mut String, parts: &[String]) {
    let parts: Vec<&String> = parts.iter().filter(|p| !p.is_empty()).collect();
    if !parts.is_empty() {
        out.push_str(" - ");
        out.push_str(
            &parts
                .iter()
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
}

fn opt(label: &str, value: &str) -> String {
    if value.is_empty() {
        String::new()
    } else {
        format!("{label}{value}")
    }
}

/// The outline of `map`, ending with a new line.
pub fn outline(map: &JourneyMap) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Map {}", text(&map.title));
    if !map.description.is_empty() {
        let _ = writeln!(out, "  description: {}", text(&map.description));
    }
    let _ = writeln!(out, "  emotion scale {}", map.emotion_scale.show());
    if !map.channels.is_empty() {
        out.push_str("Channels\n");
        for c in &map.channels {
            let _ = write!(out, "  {} [{}]", text(&c.name), c.id);
            if !c.aliases.is_empty() {
                let _ = write!(out, " - aliases {}", c.aliases.join(", "));
            }
            out.push('\n');
        }
    }
    if !map.lanes.is_empty() {
        out.push_str("Lanes\n");
        for l in &map.lanes {
            let _ = write!(out, "  {} [{}] {:?}", text(l.display_name()), l.id, l.kind);
            if l.hidden {
                out.push_str(", hidden");
            }
            out.push('\n');
        }
    }
    if !map.personas.is_empty() {
        out.push_str("Personas\n");
        for p in &map.personas {
            let _ = write!(out, "  Persona {} [{}]", text(&p.name), p.id);
            push_parts(
                &mut out,
                &[
                    p.role.clone(),
                    p.committee_role.clone(),
                    p.industry.clone(),
                    p.age_band.clone(),
                    p.location.clone(),
                    opt("photo ", &p.photo),
                    opt("channels ", &p.channels.show()),
                ],
            );
            out.push('\n');
            if !p.quote.is_empty() {
                let _ = writeln!(out, "    quote: {}", text(&p.quote));
            }
            for (name, list) in [
                ("goal", &p.goals),
                ("need", &p.needs),
                ("motivation", &p.motivations),
                ("frustration", &p.frustrations),
            ] {
                for item in list {
                    let _ = writeln!(out, "    {name}: {}", text(item));
                }
            }
        }
    }
    for journey in &map.journeys {
        journey_outline(&mut out, map, journey);
    }
    if !map.conflicts.is_empty() {
        out.push_str("Unresolved merge conflicts\n");
        for c in &map.conflicts {
            let _ = writeln!(
                out,
                "  {} of [{}]: ours {}, theirs {}",
                c.field,
                c.id,
                text(&c.ours),
                text(&c.theirs)
            );
        }
    }
    out
}

fn figures(out: &mut String, indent: &str, f: &crate::model::Figures) {
    if *f != crate::model::Figures::default() {
        let _ = writeln!(out, "{indent}figures: {}", f.show());
    }
}

fn journey_outline(out: &mut String, map: &JourneyMap, journey: &Journey) {
    let kind = match journey.kind {
        crate::model::JourneyKind::AsIs => "as-is",
        crate::model::JourneyKind::ToBe => "to-be",
    };
    let _ = write!(
        out,
        "Journey {} [{}] {kind}",
        text(&journey.name),
        journey.id
    );
    let personas = persona_names(map, &journey.personas);
    if !personas.is_empty() {
        let _ = write!(out, ", personas: {}", personas.join(", "));
    }
    out.push('\n');
    if !journey.goal.is_empty() {
        let _ = writeln!(out, "  goal: {}", text(&journey.goal));
    }
    figures(out, "  ", &journey.figures);
    let mut by_step: HashMap<&str, Vec<&Card>> = HashMap::new();
    for card in &journey.cards {
        by_step.entry(card.step.as_str()).or_default().push(card);
    }
    for stage in &journey.stages {
        stage_outline(out, map, stage, &mut by_step);
    }
    // Cards whose step is not in this journey, in list order.
    let unplaced: Vec<&Card> = journey
        .cards
        .iter()
        .filter(|c| by_step.contains_key(c.step.as_str()))
        .collect();
    if !unplaced.is_empty() {
        out.push_str("  Cards on no step of this journey\n");
        for card in unplaced {
            card_line(out, card, &format!("    step {} ", card.step), "      ");
        }
    }
    if !journey.links.is_empty() {
        out.push_str("  Links\n");
        for link in &journey.links {
            let end = |id: &crate::model::CardId| {
                journey
                    .cards
                    .iter()
                    .find(|c| &c.id == id)
                    .map_or_else(|| format!("[{id}]"), |c| text(&c.text))
            };
            let _ = write!(
                out,
                "    {} -> {} [{}] {:?}",
                end(&link.from),
                end(&link.to),
                link.id,
                link.kind
            );
            if !link.label.is_empty() {
                let _ = write!(out, " {}", text(&link.label));
            }
            out.push('\n');
        }
    }
}

fn stage_outline<'a>(
    out: &mut String,
    map: &JourneyMap,
    stage: &crate::model::Stage,
    by_step: &mut HashMap<&'a str, Vec<&'a Card>>,
) {
    let _ = write!(out, "  Stage {} [{}]", text(&stage.name), stage.id);
    push_parts(
        out,
        &[
            if stage.funnel == crate::model::Funnel::None {
                String::new()
            } else {
                format!("{:?}", stage.funnel).to_uppercase()
            },
            opt("customer ", &stage.customer_role),
        ],
    );
    out.push('\n');
    if !stage.goal.is_empty() {
        let _ = writeln!(out, "    goal: {}", text(&stage.goal));
    }
    figures(out, "    ", &stage.figures);
    for m in &stage.metrics {
        let unit = if m.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", m.unit)
        };
        let value =
            |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{}{unit}", number(v)));
        let _ = writeln!(
            out,
            "    KPI {} [{}]: target {}, actual {}",
            text(&m.name),
            m.id,
            value(m.target),
            value(m.actual)
        );
    }
    for step in &stage.steps {
        let _ = write!(out, "    Step {} [{}]", text(&step.name), step.id);
        let personas = persona_names(map, &step.personas);
        push_parts(
            out,
            &[
                step.score
                    .map(|s| format!("emotion {}", number(f64::from(s))))
                    .unwrap_or_default(),
                if step.moment_of_truth {
                    "moment of truth".to_owned()
                } else {
                    String::new()
                },
                opt("personas ", &personas.join(", ")),
            ],
        );
        out.push('\n');
        figures(out, "      ", &step.figures);
        let cards = by_step.remove(step.id.as_str()).unwrap_or_default();
        cards_by_lane(out, map, &cards, "      ");
    }
}

fn cards_by_lane(out: &mut String, map: &JourneyMap, cards: &[&Card], indent: &str) {
    let inner = format!("{indent}  ");
    for lane in &map.lanes {
        for card in cards.iter().filter(|c| c.lane == lane.id) {
            card_line(out, card, &format!("{indent}{}: ", lane_name(lane)), &inner);
        }
    }
    for card in cards.iter().filter(|c| map.lane(&c.lane).is_none()) {
        card_line(out, card, &format!("{indent}lane {}: ", card.lane), &inner);
    }
}

fn lane_name(lane: &Lane) -> &str {
    lane.display_name()
}

fn card_line(out: &mut String, card: &Card, head: &str, indent: &str) {
    let _ = write!(out, "{head}{} [{}]", text(&card.text), card.id);
    push_parts(
        out,
        &[
            card.channel
                .as_ref()
                .map(|c| format!("channel {c}"))
                .unwrap_or_default(),
            card.intent.map(|v| format!("{v:?}")).unwrap_or_default(),
            card.media.map(|v| format!("{v:?}")).unwrap_or_default(),
            card.severity
                .map(|v| format!("severity {v:?}"))
                .unwrap_or_default(),
            if card.votes == 0 {
                String::new()
            } else {
                format!(
                    "{} vote{}",
                    card.votes,
                    if card.votes == 1 { "" } else { "s" }
                )
            },
        ],
    );
    out.push('\n');
    if !card.details.is_empty() {
        let _ = writeln!(out, "{indent}details: {}", text(&card.details));
    }
    if let Some(e) = &card.evidence {
        let _ = writeln!(out, "{indent}evidence: {}", Some(e.clone()).show());
    }
    figures(out, indent, &card.figures);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io;

    #[test]
    fn the_outline_names_every_card_under_its_step() {
        let map = io::from_str(include_str!("../../maps/showcase.ron")).expect("loads");
        let outline = outline(&map);
        for card in map.journeys.iter().flat_map(|j| &j.cards) {
            assert_eq!(
                outline
                    .matches(&format!("{} [{}]", text(&card.text), card.id))
                    .count(),
                1,
                "{}\n{outline}",
                card.id
            );
        }
        assert!(outline.contains("moment of truth"), "{outline}");
        assert!(outline.contains("Unresolved merge conflicts"), "{outline}");
        assert_eq!(outline, super::outline(&map), "stable");
    }
}
