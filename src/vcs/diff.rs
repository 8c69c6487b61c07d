//! The semantic diff: what changed between two maps, in words, one change a
//! line, by id rather than by position.
//!
//! Lines come in document order: the map's own fields, channels, lanes,
//! personas, journeys, stages, KPIs, steps, cards, links, then recorded
//! conflicts. Within a list, removed items come first (in the old order),
//! then added and changed ones (in the new order).

use std::collections::{HashMap, HashSet};

use crate::model::{
    Card, Channel, Journey, JourneyMap, Lane, LaneKind, Link, Metric, Persona, Stage, Step,
};

use super::flat::{Entry, Flat};
use super::item::{Item, Show, number};

/// The changes from `old` to `new`, one sentence each; empty when the maps are equal.
pub fn diff(old: &JourneyMap, new: &JourneyMap) -> Vec<String> {
    let (a, b) = (Flat::new(old), Flat::new(new));
    let mut d = Differ {
        old,
        new,
        lines: Vec::new(),
    };
    if a.top.title != b.top.title {
        d.lines.push(format!(
            "title changed {} -> {}",
            quoted(&a.top.title),
            quoted(&b.top.title)
        ));
    }
    if a.top.description != b.top.description {
        d.lines.push("description changed".to_owned());
    }
    if a.top.emotion_scale != b.top.emotion_scale {
        d.lines.push(format!(
            "emotion scale {} -> {}",
            a.top.emotion_scale.show(),
            b.top.emotion_scale.show()
        ));
    }
    d.list(&a.channels, &b.channels);
    d.list(&a.lanes, &b.lanes);
    d.list(&a.personas, &b.personas);
    d.list(&a.journeys, &b.journeys);
    d.list(&a.stages, &b.stages);
    d.list(&a.metrics, &b.metrics);
    d.list(&a.steps, &b.steps);
    d.list(&a.cards, &b.cards);
    d.list(&a.links, &b.links);
    for c in &a.conflicts {
        if !b.conflicts.contains(c) {
            d.lines.push(format!(
                "conflict on {} of {} resolved",
                c.field,
                d.label_of_id(&c.id)
            ));
        }
    }
    for c in &b.conflicts {
        if !a.conflicts.contains(c) {
            d.lines.push(format!(
                "conflict on {} of {} recorded: ours {}, theirs {}",
                c.field,
                d.label_of_id(&c.id),
                quoted(&c.ours),
                quoted(&c.theirs)
            ));
        }
    }
    if d.lines.is_empty() && old != new {
        // Only the order of a list the flat view does not see (none today).
        d.lines
            .push("the maps differ in a way this diff cannot name".to_owned());
    }
    d.lines
}

/// Text in quotes, cut to one short line.
pub(crate) fn quoted(text: &str) -> String {
    const MAX: usize = 48;
    let line = text.lines().next().unwrap_or("");
    let mut short: String = line.chars().take(MAX).collect();
    if short.len() < line.len() || line.len() < text.trim_end().len() {
        short.push('…');
    }
    format!("\"{}\"", short.replace('"', "'"))
}

fn name_or_id(name: &str, id: &str) -> String {
    if name.trim().is_empty() {
        quoted(id)
    } else {
        quoted(name)
    }
}

/// A name without quotes (the id when it has none), as in `moved Awareness -> Decision`.
fn bare_name(name: &str, id: &str) -> String {
    let name = name.lines().next().unwrap_or("").trim();
    if name.is_empty() {
        id.to_owned()
    } else {
        name.to_owned()
    }
}

/// The word for a card in a lane of this kind.
pub(crate) fn card_word(kind: Option<LaneKind>) -> &'static str {
    match kind {
        Some(LaneKind::Touchpoints) => "touchpoint",
        Some(LaneKind::Actions) => "action",
        Some(LaneKind::Thoughts) => "thought",
        Some(LaneKind::Feelings) => "feeling",
        Some(LaneKind::PainPoints) => "pain point",
        Some(LaneKind::Opportunities) => "opportunity",
        Some(LaneKind::Backstage) => "backstage card",
        _ => "card",
    }
}

/// An item as words: its kind and name, e.g. `persona "Anna"`.
pub(crate) trait Label: Item {
    /// The kind and name of the item in `map`.
    fn label(&self, map: &JourneyMap) -> String;
    /// Where a new item was added, when its parent says too little (a card's step).
    fn added_at(&self, _map: &JourneyMap) -> Option<String> {
        None
    }
}

impl Label for Channel {
    fn label(&self, _: &JourneyMap) -> String {
        format!("channel {}", name_or_id(&self.name, self.id.as_str()))
    }
}
impl Label for Lane {
    fn label(&self, _: &JourneyMap) -> String {
        format!("lane {}", quoted(self.display_name()))
    }
}
impl Label for Persona {
    fn label(&self, _: &JourneyMap) -> String {
        format!("persona {}", name_or_id(&self.name, self.id.as_str()))
    }
}
impl Label for Journey {
    fn label(&self, _: &JourneyMap) -> String {
        format!("journey {}", name_or_id(&self.name, self.id.as_str()))
    }
}
impl Label for Stage {
    fn label(&self, _: &JourneyMap) -> String {
        format!("stage {}", name_or_id(&self.name, self.id.as_str()))
    }
}
impl Label for Metric {
    fn label(&self, _: &JourneyMap) -> String {
        format!("KPI {}", name_or_id(&self.name, self.id.as_str()))
    }
}
impl Label for Step {
    fn label(&self, _: &JourneyMap) -> String {
        format!("step {}", name_or_id(&self.name, self.id.as_str()))
    }
}
impl Label for Card {
    fn label(&self, map: &JourneyMap) -> String {
        let kind = map.lane(&self.lane).map(|l| l.kind);
        format!(
            "{} {}",
            card_word(kind),
            name_or_id(&self.text, self.id.as_str())
        )
    }
    fn added_at(&self, map: &JourneyMap) -> Option<String> {
        let step = map.step(&self.step)?;
        Some(format!(
            "at step {}",
            name_or_id(&step.name, step.id.as_str())
        ))
    }
}
impl Label for Link {
    fn label(&self, map: &JourneyMap) -> String {
        let end = |id: &crate::model::CardId| {
            map.card(id).map_or_else(
                || quoted(id.as_str()),
                |c| name_or_id(&c.text, c.id.as_str()),
            )
        };
        format!("link {} -> {}", end(&self.from), end(&self.to))
    }
}

fn find<T: Label>(list: &[Entry<T>], id: &str, map: &JourneyMap) -> Option<String> {
    list.iter()
        .find(|e| e.item.id() == id)
        .map(|e| e.item.label(map))
}

/// Any item of `map` named by id, as words; the bare id when it is not there.
pub(crate) fn label_of_id(map: &JourneyMap, id: &str) -> Option<String> {
    if id == super::merge::MAP_ID {
        return Some("the map".to_owned());
    }
    let flat = Flat::new(map);
    find(&flat.cards, id, map)
        .or_else(|| find(&flat.steps, id, map))
        .or_else(|| find(&flat.stages, id, map))
        .or_else(|| find(&flat.metrics, id, map))
        .or_else(|| find(&flat.links, id, map))
        .or_else(|| find(&flat.personas, id, map))
        .or_else(|| find(&flat.journeys, id, map))
        .or_else(|| find(&flat.lanes, id, map))
        .or_else(|| find(&flat.channels, id, map))
}

struct Differ<'a> {
    old: &'a JourneyMap,
    new: &'a JourneyMap,
    lines: Vec<String>,
}

impl Differ<'_> {
    fn label_of_id(&self, id: &str) -> String {
        label_of_id(self.new, id)
            .or_else(|| label_of_id(self.old, id))
            .unwrap_or_else(|| quoted(id))
    }

    /// A parent (stage or journey) by id, as its bare name.
    fn parent_name(map: &JourneyMap, id: &str) -> String {
        map.stage(&id.into())
            .map(|s| bare_name(&s.name, id))
            .or_else(|| map.journey(&id.into()).map(|j| bare_name(&j.name, id)))
            .unwrap_or_else(|| id.to_owned())
    }

    fn list<T: Label>(&mut self, old: &[Entry<T>], new: &[Entry<T>]) {
        let old_at: HashMap<&str, usize> = old
            .iter()
            .enumerate()
            .rev()
            .map(|(i, e)| (e.item.id(), i))
            .collect();
        let new_ids: HashSet<&str> = new.iter().map(|e| e.item.id()).collect();
        for e in old {
            if !new_ids.contains(e.item.id()) {
                let label = e.item.label(self.old);
                self.lines.push(format!("{label} removed"));
            }
        }
        let in_order = kept_in_order(old, new, &old_at);
        let mut previous: Option<&Entry<T>> = None;
        for (i, e) in new.iter().enumerate() {
            let label = e.item.label(self.new);
            match old_at.get(e.item.id()) {
                None => {
                    let line = if let Some(at) = e.item.added_at(self.new) {
                        format!("{label} added {at}")
                    } else if e.parent.is_empty() {
                        format!("{label} added")
                    } else {
                        format!("{label} added to {}", self.added_where(&e.parent))
                    };
                    self.lines.push(line);
                }
                Some(&o) => {
                    let before = &old[o];
                    // Changes are told under the name the reader knew.
                    let label = before.item.label(self.old);
                    let moved = before.parent != e.parent;
                    if moved {
                        self.lines.push(format!(
                            "{label} moved {} -> {}",
                            Self::parent_name(self.old, &before.parent),
                            Self::parent_name(self.new, &e.parent)
                        ));
                    }
                    let mut fields = Vec::new();
                    T::diff_fields(&before.item, &e.item, &mut |name, a, b| {
                        fields.push((name, a.show(), b.show(), a.elements(), b.elements()));
                    });
                    let placed = before.item.place() != e.item.place();
                    for (name, a, b, ea, eb) in fields {
                        let line = self.field_line(&label, name, &a, &b, ea, eb);
                        self.lines.extend(line);
                    }
                    if !moved && !placed && !in_order.contains(&i) {
                        let line = match previous {
                            Some(p) => format!("{label} moved after {}", p.item.label(self.new)),
                            None => format!("{label} moved to the start"),
                        };
                        self.lines.push(line);
                    }
                }
            }
            previous = Some(e);
        }
    }

    fn added_where(&self, parent: &str) -> String {
        let map = self.new;
        if let Some(stage) = map.stage(&parent.into()) {
            format!("stage {}", name_or_id(&stage.name, parent))
        } else if let Some(journey) = map.journey(&parent.into()) {
            format!("journey {}", name_or_id(&journey.name, parent))
        } else {
            quoted(parent)
        }
    }

    /// The line(s) for one changed field.
    fn field_line(
        &self,
        label: &str,
        name: &str,
        a: &str,
        b: &str,
        ea: Option<Vec<String>>,
        eb: Option<Vec<String>>,
    ) -> Vec<String> {
        let field = name.replace('_', " ");
        let line = match name {
            "name" | "text" => format!("{label} renamed to {}", quoted(b)),
            "label" => format!("{label} relabelled {}", quoted(b)),
            "score" => {
                let signed = self.new.emotion_scale.min < 0;
                let show = |v: &str| match v.parse::<f64>() {
                    Ok(n) if signed && n > 0.0 => format!("+{}", number(n)),
                    _ => v.to_owned(),
                };
                format!("emotion at {}: {} -> {}", label, show(a), show(b))
            }
            "moment_of_truth" if b == "yes" => format!("{label} marked as a moment of truth"),
            "moment_of_truth" => format!("{label} no longer a moment of truth"),
            "step" => {
                let stage_of = |map: &JourneyMap, id: &str| {
                    stage_of_step(map, id)
                        .map(|s| (s.id.clone(), bare_name(&s.name, s.id.as_str())))
                };
                let step_name = |map: &JourneyMap, id: &str| {
                    map.step(&id.into())
                        .map_or_else(|| quoted(id), |s| name_or_id(&s.name, id))
                };
                match (stage_of(self.old, a), stage_of(self.new, b)) {
                    (Some((ia, na)), Some((ib, nb))) if ia != ib => {
                        format!("{label} moved {na} -> {nb}")
                    }
                    _ => format!(
                        "{label} moved from step {} to step {}",
                        step_name(self.old, a),
                        step_name(self.new, b)
                    ),
                }
            }
            "lane" => {
                let lane = |map: &JourneyMap, id: &str| {
                    map.lane(&id.into())
                        .map_or_else(|| quoted(id), |l| quoted(l.display_name()))
                };
                format!(
                    "{label} moved from lane {} to lane {}",
                    lane(self.old, a),
                    lane(self.new, b)
                )
            }
            "details" | "description" | "quote" | "goal" => format!("{label}: {field} changed"),
            _ => {
                if let (Some(ea), Some(eb)) = (ea, eb) {
                    let mut lines: Vec<String> = ea
                        .iter()
                        .filter(|x| !eb.contains(x))
                        .map(|x| format!("{label}: {field}: removed {}", quoted(x)))
                        .collect();
                    lines.extend(
                        eb.iter()
                            .filter(|x| !ea.contains(x))
                            .map(|x| format!("{label}: {field}: added {}", quoted(x))),
                    );
                    if lines.is_empty() {
                        lines.push(format!("{label}: {field} reordered"));
                    }
                    return lines;
                }
                format!("{label}: {field} {a} -> {b}")
            }
        };
        vec![line]
    }
}

/// The stage that holds a step.
fn stage_of_step<'m>(map: &'m JourneyMap, step: &str) -> Option<&'m Stage> {
    map.journeys
        .iter()
        .flat_map(|j| &j.stages)
        .find(|s| s.steps.iter().any(|p| p.id.as_str() == step))
}

/// Positions in `new` of the kept items that stay in their old order: the
/// longest run of kept items whose old positions increase. Those outside it
/// were moved.
fn kept_in_order<T: Item>(
    old: &[Entry<T>],
    new: &[Entry<T>],
    old_at: &HashMap<&str, usize>,
) -> HashSet<usize> {
    let _ = old;
    // (new position, old position) of kept items, in new order.
    let kept: Vec<(usize, usize)> = new
        .iter()
        .enumerate()
        .filter_map(|(i, e)| old_at.get(e.item.id()).map(|&o| (i, o)))
        .collect();
    // Longest increasing subsequence of old positions, O(n log n).
    let mut tails: Vec<usize> = Vec::new(); // index into `kept` of the tail of each length
    let mut back: Vec<Option<usize>> = vec![None; kept.len()];
    for (k, &(_, o)) in kept.iter().enumerate() {
        let len = tails.partition_point(|&t| kept[t].1 < o);
        back[k] = len.checked_sub(1).map(|l| tails[l]);
        if len == tails.len() {
            tails.push(k);
        } else {
            tails[len] = k;
        }
    }
    let mut out = HashSet::new();
    let mut at = tails.last().copied();
    while let Some(k) = at {
        out.insert(kept[k].0);
        at = back[k];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Edit, ItemRef};

    fn showcase() -> JourneyMap {
        crate::io::from_str(include_str!("../../maps/showcase.ron")).expect("showcase loads")
    }

    fn after(edit: Edit) -> (JourneyMap, JourneyMap) {
        let old = showcase();
        let mut new = old.clone();
        edit.apply(&mut new).expect("edit applies");
        (old, new)
    }

    fn lines_for(edit: Edit) -> Vec<String> {
        let (old, new) = after(edit);
        diff(&old, &new)
    }

    #[test]
    fn equal_maps_have_no_changes() {
        let map = showcase();
        assert!(diff(&map, &map).is_empty());
    }

    #[test]
    fn each_kind_of_edit_reads_as_one_sentence() {
        let cases = vec![
            (
                Edit::MoveCard {
                    id: "cd-reviews".into(),
                    lane: "ln-touch".into(),
                    step: "sp-buy".into(),
                    index: 99,
                },
                "touchpoint \"User reviews on G2\" moved Consideration -> Decision",
            ),
            (
                Edit::MoveCard {
                    id: "cd-reviews".into(),
                    lane: "ln-touch".into(),
                    step: "sp-trial".into(),
                    index: 99,
                },
                "touchpoint \"User reviews on G2\" moved from step \"Compares three tools\" to step \"Starts a free trial\"",
            ),
            (
                Edit::Rename {
                    item: ItemRef::Persona("pe-anna".into()),
                    name: "Anna K.".into(),
                },
                "persona \"Anna, marketing manager\" renamed to \"Anna K.\"",
            ),
            (
                Edit::SetScore {
                    step: "sp-trial".into(),
                    score: Some(4.0),
                },
                "emotion at step \"Starts a free trial\": 2 -> 4",
            ),
            (
                Edit::RemoveCard {
                    id: "cd-note".into(),
                },
                "card \"Ask the IT team for real CSV files\" removed",
            ),
            (
                Edit::AddStage {
                    journey: "jr-asis".into(),
                    index: 9,
                    stage: crate::model::Stage {
                        id: "st-ret".into(),
                        name: "Retention".into(),
                        ..crate::model::Stage::default()
                    },
                },
                "stage \"Retention\" added to journey \"Choosing a newsletter tool (as-is)\"",
            ),
        ];
        for (edit, want) in cases {
            let got = lines_for(edit.clone());
            assert_eq!(got, vec![want.to_owned()], "{edit:?}");
        }
    }

    #[test]
    fn scores_are_signed_on_a_scale_around_zero() {
        let mut old = showcase();
        old.emotion_scale = crate::model::EmotionScale { min: -2, max: 2 };
        let mut new = old.clone();
        Edit::SetScore {
            step: "sp-trial".into(),
            score: Some(-1.0),
        }
        .apply(&mut old)
        .expect("applies");
        Edit::SetScore {
            step: "sp-trial".into(),
            score: Some(1.0),
        }
        .apply(&mut new)
        .expect("applies");
        assert_eq!(
            diff(&old, &new),
            vec!["emotion at step \"Starts a free trial\": -1 -> +1".to_owned()]
        );
    }

    #[test]
    fn a_removed_link_and_reordered_cards_are_named() {
        let (old, new) = after(Edit::RemoveLink { id: "lk-02".into() });
        assert_eq!(
            diff(&old, &new),
            vec!["link \"User reviews on G2\" -> \"Trial sign-up form\" removed".to_owned()]
        );
        let (old, new) = after(Edit::MoveCard {
            id: "cd-note".into(),
            lane: "ln-facilitator".into(),
            step: "sp-import".into(),
            index: 0,
        });
        assert_eq!(
            diff(&old, &new),
            vec!["card \"Ask the IT team for real CSV files\" moved to the start".to_owned()]
        );
    }

    #[test]
    fn every_changed_field_of_a_persona_is_told() {
        let old = showcase();
        let mut new = old.clone();
        new.personas[0].goals.push("Win an award".into());
        new.personas[0].age_band = "45-54".into();
        new.personas[0].quote = "Something else".into();
        assert_eq!(
            diff(&old, &new),
            vec![
                "persona \"Anna, marketing manager\": age band 35-44 -> 45-54",
                "persona \"Anna, marketing manager\": quote changed",
                "persona \"Anna, marketing manager\": goals: added \"Win an award\"",
            ]
        );
    }
}
