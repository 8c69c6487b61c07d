//! Mermaid `journey` diagrams into maps: the title, sections as stages,
//! tasks as steps (each with a touchpoint card), scores as the emotion curve
//! on a 1..5 scale, actors as personas.
//!
//! ```text
//! journey
//!     title My working day
//!     section Go to work
//!       Make tea: 5: Me
//!       Do work: 1: Me, Cat
//! ```

use std::collections::HashSet;

use super::ImportError;
use super::clean::slug;
use crate::model::{
    Card, EmotionScale, Journey, JourneyMap, LaneKind, Persona, PersonaId, Stage, Step,
};

/// The scale of Mermaid's scores.
pub const SCALE: EmotionScale = EmotionScale { min: 1, max: 5 };

/// A parsed diagram, before it becomes a map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diagram {
    /// The title, if any.
    pub title: String,
    /// `accDescr`, if any.
    pub description: String,
    /// Sections in order; tasks before the first section go into one with no name.
    pub sections: Vec<Section>,
}

/// A `section` and its tasks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Section {
    /// The section's name.
    pub name: String,
    /// Its tasks in order.
    pub tasks: Vec<Task>,
}

/// A task line: `name: score: actor, actor`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Task {
    /// The task's name.
    pub name: String,
    /// Its score, 1 to 5.
    pub score: f32,
    /// Its actors, in order.
    pub actors: Vec<String>,
}

fn syntax(line: usize, col: usize, message: impl Into<String>) -> ImportError {
    ImportError::Syntax {
        line,
        col,
        message: message.into(),
    }
}

/// The text after `word` and white space, when the line starts with that word.
fn after_word<'a>(line: &'a str, word: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(word)?;
    if rest.is_empty() {
        return Some("");
    }
    rest.starts_with(char::is_whitespace).then(|| rest.trim())
}

/// Parses the text of a Mermaid journey diagram.
pub fn parse_diagram(text: &str) -> Result<Diagram, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut diagram = Diagram::default();
    let mut started = false;
    let mut front_matter = false;
    let mut in_block = false;
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let line = raw.trim();
        let col = raw.len() - raw.trim_start().len() + 1;
        if front_matter {
            // YAML front matter may carry the title.
            if let Some(title) = line.strip_prefix("title:") {
                title
                    .trim()
                    .trim_matches(['"', '\''])
                    .clone_into(&mut diagram.title);
            }
            front_matter = line != "---";
            continue;
        }
        if in_block {
            in_block = !line.ends_with('}');
            continue;
        }
        if line.is_empty() || line.starts_with("%%") {
            continue;
        }
        if !started {
            if line == "---" {
                front_matter = true;
                continue;
            }
            if after_word(line, "journey") != Some("") {
                return Err(syntax(
                    number,
                    col,
                    "a Mermaid journey diagram starts with the word `journey` on a line of its own",
                ));
            }
            started = true;
            continue;
        }
        if let Some(title) = after_word(line, "title") {
            title.clone_into(&mut diagram.title);
        } else if let Some(name) = after_word(line, "section") {
            diagram.sections.push(Section {
                name: name.to_owned(),
                tasks: Vec::new(),
            });
        } else if let Some(rest) = line.strip_prefix("accDescr") {
            let rest = rest.trim_start();
            if let Some(value) = rest.strip_prefix(':') {
                value.trim().clone_into(&mut diagram.description);
            } else if rest.starts_with('{') {
                in_block = !rest.ends_with('}');
            }
        } else if line.starts_with("accTitle") && line.contains(':') {
            // An accessible title says what the title says.
        } else {
            let task = task(line, number, col)?;
            if diagram.sections.is_empty() {
                diagram.sections.push(Section::default());
            }
            if let Some(section) = diagram.sections.last_mut() {
                section.tasks.push(task);
            }
        }
    }
    if !started {
        return Err(syntax(
            1,
            1,
            "the file has no diagram; a Mermaid journey diagram starts with the word `journey`",
        ));
    }
    Ok(diagram)
}

fn task(line: &str, number: usize, col: usize) -> Result<Task, ImportError> {
    let mut parts = line.split(':');
    let name = parts.next().unwrap_or_default().trim();
    let (Some(score_text), actors) = (parts.next(), parts.next()) else {
        return Err(syntax(
            number,
            col,
            format!(
                "expected `title`, `section` or a task like `Make tea: 5: Me`, but found \"{line}\""
            ),
        ));
    };
    if parts.next().is_some() {
        return Err(syntax(
            number,
            col,
            "a task has three parts, `name: score: actor, actor`; this line has more colons",
        ));
    }
    if name.is_empty() {
        return Err(syntax(number, col, "this task has no name before its `:`"));
    }
    let score_col = col + line.find(':').unwrap_or_default() + 1;
    let score = score_text.trim();
    let value: f32 = score.parse().map_err(|_| {
        syntax(
            number,
            score_col,
            format!("the score of task \"{name}\" must be a number from 1 to 5, not \"{score}\""),
        )
    })?;
    if !SCALE.contains(value) {
        return Err(syntax(
            number,
            score_col,
            format!("the score of task \"{name}\" must be from 1 to 5, not {score}"),
        ));
    }
    let actors = actors
        .map(|a| {
            a.split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    Ok(Task {
        name: name.to_owned(),
        score: value,
        actors,
    })
}

/// Parses a Mermaid journey diagram into a map on `base` (its channels and
/// lanes; its journeys and personas are replaced).
pub fn parse(text: &str, mut base: JourneyMap) -> Result<JourneyMap, ImportError> {
    let diagram = parse_diagram(text)?;
    let mut taken: HashSet<String> = HashSet::new();
    let mut unique = |base: String| {
        let mut id = base.clone();
        let mut n = 2;
        while taken.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(id.clone());
        id
    };
    let lane = base
        .lanes
        .iter()
        .find(|l| l.kind == LaneKind::Touchpoints)
        .map_or_else(|| "ln-touch".into(), |l| l.id.clone());
    let name = if diagram.title.is_empty() {
        "Journey".to_owned()
    } else {
        diagram.title.clone()
    };
    let mut journey = Journey {
        id: unique("jr-main".to_owned()).into(),
        name,
        ..Journey::default()
    };
    let mut personas: Vec<Persona> = Vec::new();
    for section in &diagram.sections {
        let mut stage = Stage {
            id: unique(format!("st-{}", slug(&section.name))).into(),
            name: section.name.clone(),
            ..Stage::default()
        };
        for task in &section.tasks {
            let step_id = unique(format!("sp-{}", slug(&task.name)));
            let mut step_personas: Vec<PersonaId> = Vec::new();
            for actor in &task.actors {
                let id = if let Some(p) = personas.iter().find(|p| p.name == *actor) {
                    p.id.clone()
                } else {
                    let id: PersonaId = unique(format!("pe-{}", slug(actor))).into();
                    personas.push(Persona {
                        id: id.clone(),
                        name: actor.clone(),
                        ..Persona::default()
                    });
                    id
                };
                if !step_personas.contains(&id) {
                    step_personas.push(id);
                }
            }
            journey.cards.push(Card {
                id: unique(format!("cd-{}", slug(&task.name))).into(),
                lane: lane.clone(),
                step: step_id.clone().into(),
                text: task.name.clone(),
                ..Card::default()
            });
            stage.steps.push(Step {
                id: step_id.into(),
                name: task.name.clone(),
                score: Some(task.score),
                personas: step_personas,
                ..Step::default()
            });
        }
        journey.stages.push(stage);
    }
    journey.personas = personas.iter().map(|p| p.id.clone()).collect();
    base.title.clone_from(&diagram.title);
    base.description = diagram.description;
    base.emotion_scale = SCALE;
    base.personas = personas;
    base.journeys = vec![journey];
    base.conflicts.clear();
    Ok(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mermaid_docs_example_parses() {
        let text = "journey\n    title My working day\n    section Go to work\n      Make tea: 5: Me\n      Go upstairs: 3: Me\n      Do work: 1: Me, Cat\n    section Go home\n      Go downstairs: 5: Me\n      Sit down: 5: Me\n";
        let d = parse_diagram(text).expect("parses");
        assert_eq!(d.title, "My working day");
        assert_eq!(d.sections.len(), 2);
        assert_eq!(d.sections[0].tasks[2].actors, vec!["Me", "Cat"]);
        let map = parse(text, JourneyMap::default()).expect("maps");
        assert_eq!(map.personas.len(), 2);
        assert_eq!(map.journeys[0].stages[1].steps[1].score, Some(5.0));
    }

    #[test]
    fn errors_name_the_line_and_column() {
        let err =
            parse_diagram("journey\n  title T\n  section A\n    Make tea 5 Me\n").expect_err("bad");
        assert_eq!(err.position(), Some((4, Some(5))));
        let err = parse_diagram("journey\nsection A\n  Tea: five: Me\n").expect_err("bad");
        assert_eq!(err.position(), Some((3, Some(7))));
        assert!(err.to_string().contains("\"five\""), "{err}");
        let front = parse_diagram("---\ntitle: \"Day\"\n---\n%% note\njourney\n  Tea: 4\n")
            .expect("parses");
        assert_eq!(front.title, "Day");
        assert_eq!(front.sections[0].tasks[0].name, "Tea");
        let err = parse_diagram("graph TD\n").expect_err("bad");
        assert_eq!(err.position(), Some((1, Some(1))));
    }
}
