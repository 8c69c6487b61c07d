//! Semantic checks of a map: what parses but is still wrong.
//!
//! Each [`Diagnostic`] names the place in the file it is about (through a
//! [`SourceMap`] of the map's text), so a person can jump to it. Errors make
//! `journeymap check` fail; warnings do so only with `--strict`.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use crate::io::{Pos, SourceMap, inside};
use crate::model::{Journey, JourneyMap, LaneKind, ids};

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth a look; the map is usable.
    Warning,
    /// The map is wrong and must be fixed.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One finding about a map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where in the file; the file's start when the place is unknown.
    pub pos: Pos,
    /// What is wrong, in plain words.
    pub message: String,
}

/// Checks a map. `source` gives positions (without it every finding points at
/// 1:1); `map_dir` is the folder photo paths are relative to (without it
/// photos are not checked).
pub fn validate(
    doc: &JourneyMap,
    source: Option<&SourceMap>,
    map_dir: Option<&Path>,
) -> Vec<Diagnostic> {
    let empty = SourceMap::default();
    let mut check = Checker {
        doc,
        source: source.unwrap_or(&empty),
        out: Vec::new(),
    };
    check.ids();
    check.scale();
    check.channels();
    check.lanes();
    check.personas(map_dir);
    for journey in &doc.journeys {
        check.journey(journey);
    }
    check.conflicts();
    check
        .out
        .sort_by(|a, b| (a.pos, b.severity).cmp(&(b.pos, a.severity)));
    check.out
}

struct Checker<'a> {
    doc: &'a JourneyMap,
    source: &'a SourceMap,
    out: Vec<Diagnostic>,
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", text.escape_debug())
}

impl Checker<'_> {
    fn push(&mut self, severity: Severity, pos: Option<Pos>, message: String) {
        self.out.push(Diagnostic {
            severity,
            pos: pos.unwrap_or(Pos::START),
            message,
        });
    }

    fn error_at(&mut self, id: &str, field: &str, message: String) {
        let pos = self.source.field(id, field);
        self.push(Severity::Error, pos, message);
    }

    fn warn_at(&mut self, id: &str, field: &str, message: String) {
        let pos = self.source.field(id, field);
        self.push(Severity::Warning, pos, message);
    }

    fn ids(&mut self) {
        let doc = self.doc;
        let all = doc.ids_with_kinds();
        let mut seen: HashMap<&str, (&'static str, usize)> = HashMap::new();
        let mut empty_reported = false;
        for (kind, id) in all {
            if id.trim().is_empty() {
                if !empty_reported {
                    self.push(
                        Severity::Error,
                        None,
                        format!("a {kind} has an empty id; every item needs a unique id such as \"cd-7f3a\""),
                    );
                    empty_reported = true;
                }
                continue;
            }
            let entry = seen.entry(id).or_insert((kind, 0));
            entry.1 += 1;
            let (first_kind, count) = *entry;
            if count == 1
                && let Some(problem) = ids::problem(id)
            {
                // An id may become part of a file name or a log line, so
                // only a safe shape is accepted (the file still loads).
                let pos = self.source.field(id, "id");
                self.push(
                    Severity::Error,
                    pos,
                    format!(
                        "the id {} of this {kind} is not a valid id: {problem}; an id has only letters, digits, \"-\", \"_\" and \".\" (not first), at most {} characters, such as \"cd-7f3a\"",
                        quoted(id),
                        ids::MAX_LEN
                    ),
                );
            }
            if count > 1 {
                let positions = self.source.occurrences(id);
                let pos = positions.get(count - 1).or(positions.last()).copied();
                let first = positions
                    .first()
                    .map_or_else(String::new, |p| format!(" (first used at line {})", p.line));
                self.push(
                    Severity::Error,
                    pos,
                    format!(
                        "the id {} of this {kind} is already used by a {first_kind}{first}; ids must be unique in a map",
                        quoted(id)
                    ),
                );
            }
        }
    }

    fn scale(&mut self) {
        let scale = self.doc.emotion_scale;
        if scale.min >= scale.max {
            let pos = self.source.map_field("emotion_scale");
            self.push(
                Severity::Error,
                pos,
                format!(
                    "the emotion scale runs from {} to {}; its lowest value must be below its highest",
                    scale.min, scale.max
                ),
            );
        }
    }

    fn channels(&mut self) {
        for channel in &self.doc.channels {
            if channel.name.trim().is_empty() {
                self.warn_at(
                    channel.id.as_str(),
                    "id",
                    format!("channel {} has no name", quoted(channel.id.as_str())),
                );
            }
        }
    }

    fn lanes(&mut self) {
        // Lanes may go without a name: they show their kind's name.
        let mut seen_kinds = HashSet::new();
        for lane in &self.doc.lanes {
            let special = !lane.kind.holds_cards();
            if special && !seen_kinds.insert(lane.kind) {
                self.warn_at(
                    lane.id.as_str(),
                    "kind",
                    format!("the map has more than one {} lane", lane.kind.label()),
                );
            }
        }
    }

    fn channel_known(&self, id: &str) -> bool {
        self.doc.channels.iter().any(|c| c.id.as_str() == id)
    }

    fn personas(&mut self, map_dir: Option<&Path>) {
        let doc = self.doc;
        for persona in &doc.personas {
            let id = persona.id.as_str();
            if persona.name.trim().is_empty() {
                self.warn_at(id, "name", format!("persona {} has no name", quoted(id)));
            }
            if let Some(dir) = map_dir
                && !persona.photo.trim().is_empty()
                && let Err(refused) = inside::check(dir, &persona.photo, inside::PHOTO_MAX_BYTES)
            {
                let reason = match refused {
                    inside::Refused::NotFound => {
                        "was not found (paths are relative to the map file)".to_owned()
                    }
                    other => other.to_string(),
                };
                self.warn_at(
                    id,
                    "photo",
                    format!(
                        "the photo of persona {} at {} {reason}; initials are shown instead",
                        quoted(&persona.name),
                        quoted(&persona.photo)
                    ),
                );
            }
            for (index, channel) in persona.channels.iter().enumerate() {
                if !self.channel_known(channel.as_str()) {
                    let pos = self.source.element(id, "channels", index);
                    self.push(
                        Severity::Error,
                        pos,
                        format!(
                            "persona {} prefers channel {}, which is not in the map's channel list",
                            quoted(&persona.name),
                            quoted(channel.as_str())
                        ),
                    );
                }
            }
        }
    }

    fn persona_refs(&mut self, owner: &str, what: &str, personas: &[crate::model::PersonaId]) {
        for (index, persona) in personas.iter().enumerate() {
            if self.doc.persona(persona).is_none() {
                let pos = self.source.element(owner, "personas", index);
                self.push(
                    Severity::Error,
                    pos,
                    format!(
                        "{what} names persona {}, which does not exist; add the persona or fix the id",
                        quoted(persona.as_str())
                    ),
                );
            }
        }
    }

    fn journey(&mut self, journey: &Journey) {
        let jid = journey.id.as_str();
        let jname = quoted(&journey.name);
        if journey.name.trim().is_empty() {
            self.warn_at(jid, "name", format!("journey {} has no name", quoted(jid)));
        }
        self.persona_refs(jid, &format!("journey {jname}"), &journey.personas);
        if journey.stages.is_empty() {
            self.warn_at(jid, "id", format!("journey {jname} has no stages yet"));
        }
        for stage in &journey.stages {
            let sid = stage.id.as_str();
            if stage.name.trim().is_empty() {
                self.warn_at(
                    sid,
                    "name",
                    format!("a stage of journey {jname} has no name"),
                );
            }
            for metric in &stage.metrics {
                let mid = metric.id.as_str();
                if metric.name.trim().is_empty() {
                    self.warn_at(
                        mid,
                        "name",
                        format!("a KPI of stage {} has no name", quoted(&stage.name)),
                    );
                }
                for (field, value) in [("target", metric.target), ("actual", metric.actual)] {
                    if value.is_some_and(|v| !v.is_finite()) {
                        self.error_at(
                            mid,
                            field,
                            format!(
                                "the {field} of KPI {} is not a number",
                                quoted(&metric.name)
                            ),
                        );
                    }
                }
            }
            if stage.steps.is_empty() {
                self.warn_at(
                    sid,
                    "id",
                    format!(
                        "stage {} has no steps, so nothing can be placed in it",
                        quoted(&stage.name)
                    ),
                );
            }
            for step in &stage.steps {
                let pid = step.id.as_str();
                if let Some(score) = step.score {
                    let scale = self.doc.emotion_scale;
                    if !scale.contains(score) {
                        self.error_at(
                            pid,
                            "score",
                            format!(
                                "the emotion score {score} of step {} is outside the map's scale {}..{}",
                                quoted(&step.name),
                                scale.min,
                                scale.max
                            ),
                        );
                    }
                }
                self.persona_refs(pid, &format!("step {}", quoted(&step.name)), &step.personas);
            }
        }
        self.cards(journey);
        self.links(journey);
        self.domain(journey);
    }

    fn lane_kind(&self, lane: &crate::model::LaneId) -> Option<LaneKind> {
        self.doc.lane(lane).map(|l| l.kind)
    }

    /// The domain's rules of thumb, as warnings. A journey without cards is a
    /// skeleton still being filled in (the blank template), so it is left alone.
    fn domain(&mut self, journey: &Journey) {
        if journey.cards.is_empty() {
            return;
        }
        let kind_of: HashMap<&str, Option<LaneKind>> = journey
            .cards
            .iter()
            .map(|c| (c.id.as_str(), self.lane_kind(&c.lane)))
            .collect();
        let is = |card: &str, kind: LaneKind| kind_of.get(card).copied().flatten() == Some(kind);
        for card in &journey.cards {
            if self.lane_kind(&card.lane) != Some(LaneKind::PainPoints) {
                continue;
            }
            let resolved = journey.links.iter().any(|l| {
                (l.from == card.id && is(l.to.as_str(), LaneKind::Opportunities))
                    || (l.to == card.id && is(l.from.as_str(), LaneKind::Opportunities))
            });
            if !resolved {
                self.warn_at(
                    card.id.as_str(),
                    "text",
                    format!(
                        "pain point {} has no opportunity; link it to an opportunity card that resolves it",
                        quoted(&card.text)
                    ),
                );
            }
        }
        let has_lane = |kind: LaneKind| self.doc.lanes.iter().any(|l| l.kind == kind);
        if has_lane(LaneKind::Touchpoints) {
            for stage in &journey.stages {
                let touched = journey.cards.iter().any(|c| {
                    is(c.id.as_str(), LaneKind::Touchpoints)
                        && stage.steps.iter().any(|s| s.id == c.step)
                });
                if !touched {
                    self.warn_at(
                        stage.id.as_str(),
                        "name",
                        format!(
                            "stage {} has no touchpoint; where does the customer meet the brand here?",
                            quoted(&stage.name)
                        ),
                    );
                }
            }
        }
        let scores = journey
            .stages
            .iter()
            .flat_map(|s| &s.steps)
            .filter(|s| s.score.is_some())
            .count();
        if has_lane(LaneKind::Emotion) && scores < 2 {
            self.warn_at(
                journey.id.as_str(),
                "name",
                format!(
                    "the emotion curve of journey {} has {scores} score{}; a curve needs at least two",
                    quoted(&journey.name),
                    if scores == 1 { "" } else { "s" }
                ),
            );
        }
        self.first_visit(journey, &is);
    }

    /// At the first visit (the first step of the first stage) the map should
    /// offer at least three alternative paths for each intent its touchpoints carry.
    fn first_visit(&mut self, journey: &Journey, is: &dyn Fn(&str, LaneKind) -> bool) {
        const PATHS: usize = 3;
        let Some(first) = journey.stages.first().and_then(|s| s.steps.first()) else {
            return;
        };
        let cards: Vec<&crate::model::Card> = journey
            .cards
            .iter()
            .filter(|c| c.step == first.id && is(c.id.as_str(), LaneKind::Touchpoints))
            .collect();
        let mut intents: Vec<crate::model::Intent> = Vec::new();
        for card in &cards {
            if let Some(intent) = card.intent
                && !intents.contains(&intent)
            {
                intents.push(intent);
            }
        }
        for intent in intents {
            let mut targets: Vec<(&str, &str)> = journey
                .links
                .iter()
                .filter(|l| {
                    l.kind == crate::model::LinkKind::Path
                        && cards
                            .iter()
                            .any(|c| c.id == l.from && c.intent == Some(intent))
                })
                .map(|l| (l.from.as_str(), l.to.as_str()))
                .collect();
            // Two links between the same cards are one path.
            targets.sort_unstable();
            targets.dedup();
            if targets.len() < PATHS {
                let name = match intent {
                    crate::model::Intent::Informational => "informational",
                    crate::model::Intent::Commercial => "commercial",
                    crate::model::Intent::Transactional => "transactional",
                };
                self.warn_at(
                    first.id.as_str(),
                    "name",
                    format!(
                        "the first visit (step {}) offers {} alternative path{} for the {name} intent; a map should offer at least {PATHS} (path links leaving its {name} touchpoints)",
                        quoted(&first.name),
                        targets.len(),
                        if targets.len() == 1 { "" } else { "s" }
                    ),
                );
            }
        }
    }

    fn cards(&mut self, journey: &Journey) {
        let doc = self.doc;
        for card in &journey.cards {
            let cid = card.id.as_str();
            let what = format!("card {}", quoted(&card.text));
            match doc.lane(&card.lane) {
                None => self.error_at(
                    cid,
                    "lane",
                    format!("{what} is in lane {}, which does not exist", quoted(card.lane.as_str())),
                ),
                Some(lane) if !lane.kind.holds_cards() => self.warn_at(
                    cid,
                    "lane",
                    format!(
                        "{what} is in the {} lane, which shows {} and no cards; move it to another lane",
                        lane.display_name(),
                        if lane.kind == LaneKind::Emotion { "the emotion curve" } else { "the stages' KPIs" }
                    ),
                ),
                Some(_) => {}
            }
            if !journey.has_step(&card.step) {
                let elsewhere = doc.step(&card.step).is_some();
                self.error_at(
                    cid,
                    "step",
                    if elsewhere {
                        format!(
                            "{what} is at step {}, which belongs to another journey",
                            quoted(card.step.as_str())
                        )
                    } else {
                        format!(
                            "{what} is at step {}, which does not exist",
                            quoted(card.step.as_str())
                        )
                    },
                );
            }
            if let Some(channel) = &card.channel
                && !self.channel_known(channel.as_str())
            {
                {
                    self.error_at(
                        cid,
                        "channel",
                        format!(
                            "{what} names channel {}, which is not in the map's channel list",
                            quoted(channel.as_str())
                        ),
                    );
                }
            }
            if card.text.trim().is_empty() {
                self.warn_at(cid, "id", format!("card {} has no text", quoted(cid)));
            }
            if let Some(evidence) = &card.evidence
                && !evidence.date.is_empty()
                && !is_iso_date(&evidence.date)
            {
                {
                    self.warn_at(
                        cid,
                        "evidence.date",
                        format!(
                            "the evidence date {} of {what} is not a date like 2026-03-31",
                            quoted(&evidence.date)
                        ),
                    );
                }
            }
        }
    }

    fn links(&mut self, journey: &Journey) {
        let cards: HashSet<&str> = journey.cards.iter().map(|c| c.id.as_str()).collect();
        for link in &journey.links {
            let lid = link.id.as_str();
            for (field, end) in [("from", &link.from), ("to", &link.to)] {
                if !cards.contains(end.as_str()) {
                    self.error_at(
                        lid,
                        field,
                        format!(
                            "link {} points {field} card {}, which is not in this journey",
                            quoted(lid),
                            quoted(end.as_str())
                        ),
                    );
                }
            }
            if link.from == link.to {
                self.warn_at(
                    lid,
                    "to",
                    format!("link {} goes from a card to itself", quoted(lid)),
                );
            }
        }
    }

    fn conflicts(&mut self) {
        let pos = self.source.map_field("conflicts");
        for conflict in &self.doc.conflicts {
            // `merge` records an item deleted on one side and changed (or
            // needed) on the other as field "deleted", with "deleted" on
            // the deleting side: the item itself is kept.
            let message = if conflict.id == "map" && conflict.field == "error" {
                format!(
                    "unresolved merge conflict: the merge left an error that no version had ({}); fix it, then remove the conflict",
                    conflict.ours
                )
            } else if conflict.field == "deleted" {
                let (gone, changed) = if conflict.ours == "deleted" {
                    ("our side", "theirs")
                } else {
                    ("their side", "ours")
                };
                format!(
                    "unresolved merge conflict on {}: deleted on {gone} but changed on {changed}, so it is kept; keep it or delete it, then remove the conflict",
                    quoted(&conflict.id)
                )
            } else {
                format!(
                    "unresolved merge conflict on {} of {}: kept {}, the other side had {}",
                    conflict.field,
                    quoted(&conflict.id),
                    quoted(&conflict.ours),
                    quoted(&conflict.theirs)
                )
            };
            self.push(Severity::Warning, pos, message);
        }
    }
}

/// True for `YYYY-MM-DD` with a plausible month and day.
fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    matches!(
        (num(y, 4), num(m, 2), num(d, 2)),
        (Some(_), Some(1..=12), Some(1..=31))
    )
}

/// True when any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io;
    use crate::model::{
        Card, Channel, Conflict, EmotionScale, Evidence, Lane, LaneKind, Link, Persona, synthetic,
    };

    /// Validates `doc` through its own canonical text, as `check` does.
    fn check(doc: &JourneyMap, dir: Option<&Path>) -> Vec<Diagnostic> {
        let text = io::to_canonical_string(doc).expect("saves");
        validate(doc, Some(&SourceMap::new(&text)), dir)
    }

    fn messages(diagnostics: &[Diagnostic]) -> Vec<String> {
        diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.severity, d.message))
            .collect()
    }

    /// A generated map, completed so it keeps the domain's rules of thumb
    /// (the generator scatters cards at random).
    fn sample() -> JourneyMap {
        let mut doc = synthetic::generate(2, 2, 20);
        let lane_of = |kind| {
            doc.lanes
                .iter()
                .find(|l| l.kind == kind)
                .map(|l| l.id.clone())
                .expect("the generator makes every lane")
        };
        let (touch, pain, opp) = (
            lane_of(LaneKind::Touchpoints),
            lane_of(LaneKind::PainPoints),
            lane_of(LaneKind::Opportunities),
        );
        let journey = &mut doc.journeys[0];
        let mut added = 0;
        let mut add = |journey: &mut crate::model::Journey,
                       lane: &crate::model::LaneId,
                       step: crate::model::StepId| {
            added += 1;
            let id = format!("cd-rule-{added}");
            journey.cards.push(Card {
                id: id.clone().into(),
                lane: lane.clone(),
                step,
                text: id.clone(),
                ..Card::default()
            });
            crate::model::CardId::from(id)
        };
        for s in 0..journey.stages.len() {
            let first_step = journey.stages[s].steps[0].id.clone();
            let first = add(journey, &touch, first_step);
            for k in 0..3 {
                let target = add(journey, &touch, journey.stages[s].steps[0].id.clone());
                journey.links.push(Link {
                    id: format!("lk-rule-{s}-{k}").into(),
                    from: first.clone(),
                    to: target,
                    ..Link::default()
                });
            }
        }
        let pains: Vec<(crate::model::CardId, crate::model::StepId)> = journey
            .cards
            .iter()
            .filter(|c| c.lane == pain)
            .map(|c| (c.id.clone(), c.step.clone()))
            .collect();
        for (i, (id, step)) in pains.into_iter().enumerate() {
            let to = add(journey, &opp, step);
            journey.links.push(Link {
                id: format!("lk-resolve-{i}").into(),
                from: id,
                to,
                kind: crate::model::LinkKind::Resolves,
                ..Link::default()
            });
        }
        // The first visit's own touchpoints need three paths each.
        let first_step = journey.stages[0].steps[0].id.clone();
        let at_first: Vec<crate::model::CardId> = journey
            .cards
            .iter()
            .filter(|c| c.lane == touch && c.step == first_step && c.intent.is_some())
            .map(|c| c.id.clone())
            .collect();
        for (i, from) in at_first.into_iter().enumerate() {
            for k in 0..3 {
                let to = add(journey, &touch, first_step.clone());
                journey.links.push(Link {
                    id: format!("lk-first-{i}-{k}").into(),
                    from: from.clone(),
                    to,
                    ..Link::default()
                });
            }
        }
        doc
    }

    #[test]
    fn a_generated_map_is_clean() {
        assert_eq!(messages(&check(&sample(), None)), Vec::<String>::new());
    }

    #[test]
    fn dangling_references_are_errors_at_the_referring_field() {
        let mut doc = sample();
        let card = &mut doc.journeys[0].cards[3];
        card.lane = "ln-gone".into();
        card.step = "sp-gone".into();
        card.channel = Some("telegraph".into());
        let card_id = card.id.clone();
        doc.journeys[0].links.push(Link {
            id: "lk-x".into(),
            from: card_id.clone(),
            to: "cd-gone".into(),
            ..Link::default()
        });
        let found = check(&doc, None);
        let text = messages(&found).join("\n");
        assert!(
            text.contains("is in lane \"ln-gone\", which does not exist"),
            "{text}"
        );
        assert!(
            text.contains("is at step \"sp-gone\", which does not exist"),
            "{text}"
        );
        assert!(text.contains("names channel \"telegraph\""), "{text}");
        assert!(
            text.contains("link \"lk-x\" points to card \"cd-gone\""),
            "{text}"
        );
        assert_eq!(
            found
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count(),
            4
        );
        let source = SourceMap::new(&io::to_canonical_string(&doc).expect("saves"));
        let lane_pos = source.field(card_id.as_str(), "lane").expect("found");
        assert!(
            found.iter().any(|d| d.pos == lane_pos),
            "points at the lane field"
        );
    }

    #[test]
    fn a_step_of_another_journey_is_named_as_such() {
        let mut doc = sample();
        let mut second = doc.journeys[0].clone();
        second.id = "jr-1".into();
        for (i, stage) in second.stages.iter_mut().enumerate() {
            stage.id = format!("st-b{i}").into();
            stage.metrics.clear();
            for (k, step) in stage.steps.iter_mut().enumerate() {
                step.id = format!("sp-b{i}-{k}").into();
            }
        }
        second.cards.truncate(1);
        second.cards[0].id = "cd-b".into();
        second.links.clear();
        doc.journeys.push(second);
        let text = messages(&check(&doc, None)).join("\n");
        assert!(text.contains("which belongs to another journey"), "{text}");
    }

    #[test]
    fn scale_ids_names_lanes_dates_and_conflicts_are_checked() {
        let mut doc = sample();
        doc.emotion_scale = EmotionScale { min: 3, max: 3 };
        doc.journeys[0].stages[0].steps[0].score = None;
        for stage in &mut doc.journeys[0].stages {
            for step in &mut stage.steps {
                step.score = None;
            }
        }
        doc.channels.push(Channel::default());
        doc.personas.push(Persona {
            id: "pe-0".into(),
            ..Persona::default()
        });
        let kpi = "ln-kpi";
        doc.lanes.push(Lane {
            id: kpi.into(),
            kind: LaneKind::Kpis,
            ..Lane::default()
        });
        let step = doc.journeys[0].stages[0].steps[0].id.clone();
        doc.journeys[0].cards.push(Card {
            id: "cd-kpi".into(),
            lane: kpi.into(),
            step,
            text: "In the KPI lane".into(),
            evidence: Some(Evidence {
                source: "survey".into(),
                date: "31.03.2026".into(),
            }),
            ..Card::default()
        });
        doc.conflicts.push(Conflict {
            id: "cd-kpi".into(),
            field: "text".into(),
            ours: "a".into(),
            theirs: "b".into(),
        });
        let found = check(&doc, None);
        let text = messages(&found).join("\n");
        for expected in [
            "error: the emotion scale runs from 3 to 3",
            "error: a channel has an empty id",
            "error: the id \"pe-0\" of this persona is already used by a persona",
            "warning: persona \"pe-0\" has no name",
            "warning: the map has more than one KPIs lane",
            "which shows the stages' KPIs and no cards",
            "is not a date like 2026-03-31",
            "warning: unresolved merge conflict on text of \"cd-kpi\": kept \"a\", the other side had \"b\"",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
        assert!(has_errors(&found));
    }

    #[test]
    fn a_missing_photo_is_a_warning_and_a_present_one_is_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut doc = sample();
        doc.personas[0].photo = "photos/anna.png".into();
        let found = check(&doc, Some(dir.path()));
        assert_eq!(found.len(), 1, "{:?}", messages(&found));
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(found[0].message.contains("\"photos/anna.png\""));
        std::fs::create_dir(dir.path().join("photos")).expect("mkdir");
        std::fs::write(dir.path().join("photos/anna.png"), b"png").expect("write");
        assert!(check(&doc, Some(dir.path())).is_empty());
    }

    /// A small map that keeps every rule of thumb: two stages with a
    /// touchpoint each, two scores, a resolved pain point, and three paths
    /// from the first visit's informational touchpoint.
    fn domain_map() -> JourneyMap {
        use crate::model::{Intent, Journey, LinkKind, Stage, Step};
        let lane = |id: &str, kind| Lane {
            id: id.into(),
            kind,
            ..Lane::default()
        };
        let card = |id: &str, lane: &str, step: &str| Card {
            id: id.into(),
            lane: lane.into(),
            step: step.into(),
            text: id.to_owned(),
            ..Card::default()
        };
        let step = |id: &str| Step {
            id: id.into(),
            name: id.to_owned(),
            score: Some(1.0),
            ..Step::default()
        };
        let link = |id: &str, from: &str, to: &str, kind| Link {
            id: id.into(),
            from: from.into(),
            to: to.into(),
            kind,
            ..Link::default()
        };
        let mut first = card("cd-first", "ln-t", "sp-1");
        first.intent = Some(Intent::Informational);
        JourneyMap {
            lanes: vec![
                lane("ln-t", LaneKind::Touchpoints),
                lane("ln-e", LaneKind::Emotion),
                lane("ln-p", LaneKind::PainPoints),
                lane("ln-o", LaneKind::Opportunities),
            ],
            journeys: vec![Journey {
                id: "jr".into(),
                name: "J".into(),
                stages: vec![
                    Stage {
                        id: "st-1".into(),
                        name: "One".into(),
                        steps: vec![step("sp-1")],
                        ..Stage::default()
                    },
                    Stage {
                        id: "st-2".into(),
                        name: "Two".into(),
                        steps: vec![step("sp-2")],
                        ..Stage::default()
                    },
                ],
                cards: vec![
                    first,
                    card("cd-a", "ln-t", "sp-2"),
                    card("cd-b", "ln-t", "sp-2"),
                    card("cd-c", "ln-t", "sp-2"),
                    card("cd-pain", "ln-p", "sp-2"),
                    card("cd-opp", "ln-o", "sp-2"),
                ],
                links: vec![
                    link("lk-1", "cd-first", "cd-a", LinkKind::Path),
                    link("lk-2", "cd-first", "cd-b", LinkKind::Path),
                    link("lk-3", "cd-first", "cd-c", LinkKind::Path),
                    link("lk-4", "cd-pain", "cd-opp", LinkKind::Resolves),
                ],
                ..Journey::default()
            }],
            ..JourneyMap::default()
        }
    }

    fn warnings(doc: &JourneyMap) -> Vec<String> {
        let found = check(doc, None);
        assert!(found.iter().all(|d| d.severity == Severity::Warning));
        found.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn a_map_that_keeps_the_rules_of_thumb_has_no_domain_warnings() {
        assert_eq!(warnings(&domain_map()), Vec::<String>::new());
    }

    #[test]
    fn each_rule_of_thumb_broken_is_one_warning() {
        let mut doc = domain_map();
        doc.journeys[0].links.retain(|l| l.id.as_str() != "lk-4");
        assert_eq!(
            warnings(&doc),
            [
                "pain point \"cd-pain\" has no opportunity; link it to an opportunity card that resolves it"
            ]
        );

        let mut doc = domain_map();
        doc.journeys[0]
            .cards
            .retain(|c| !matches!(c.id.as_str(), "cd-a" | "cd-b" | "cd-c"));
        doc.journeys[0].links.retain(|l| l.id.as_str() == "lk-4");
        let found = warnings(&doc);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("offers 0 alternative paths for the informational intent; a map should offer at least 3"), "{found:?}");
        assert!(
            found[1].starts_with("stage \"Two\" has no touchpoint"),
            "{found:?}"
        );

        let mut doc = domain_map();
        doc.journeys[0].stages[1].steps[0].score = None;
        assert_eq!(
            warnings(&doc),
            ["the emotion curve of journey \"J\" has 1 score; a curve needs at least two"]
        );

        // Two links between the same cards are one path; a relation is no path.
        let mut doc = domain_map();
        doc.journeys[0].links[1].to = "cd-a".into();
        doc.journeys[0].links[2].kind = crate::model::LinkKind::Related;
        let found = warnings(&doc);
        assert!(
            found.len() == 1 && found[0].contains("offers 1 alternative path for"),
            "{found:?}"
        );
    }

    #[test]
    fn a_journey_without_cards_is_a_skeleton_and_not_judged() {
        let mut doc = domain_map();
        doc.journeys[0].cards.clear();
        doc.journeys[0].links.clear();
        assert_eq!(warnings(&doc), Vec::<String>::new());
    }

    #[test]
    fn dates_are_checked_for_shape() {
        assert!(is_iso_date("2026-03-31"));
        assert!(!is_iso_date("2026-13-01"));
        assert!(!is_iso_date("26-03-31"));
        assert!(!is_iso_date("2026/03/31"));
    }
}
