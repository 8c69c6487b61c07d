//! The semantic diff: what changed between two maps, in words, one change a
//! line, by id rather than by position.
//!
//! Lines come in document order: the map's own fields, channels, lanes,
//! personas, journeys, stages, KPIs, steps, cards, links, then recorded
//! conflicts. Within a list, removed items come first (in the old order),
//! then added and changed ones (in the new order).

use std::collections::{HashMap, HashSet};

use crate::i18n::Lang;
use crate::model::{Card, Channel, Journey, JourneyMap, Lane, Link, Metric, Persona, Stage, Step};

use super::conflict::Cause;
use super::flat::{Entry, Flat};
use super::item::{Item, Show, number};
use super::merge::MergeOutcome;
use super::words::{self, Arg, Named, Noun, Sentence as S};

/// The changes from `old` to `new`, one sentence each, in English (the
/// command line's and git's language); empty when the maps are equal.
pub fn diff(old: &JourneyMap, new: &JourneyMap) -> Vec<String> {
    diff_in(old, new, Lang::En)
}

/// The changes from `old` to `new`, one sentence each, in `lang` (the
/// window's); the same lines as [`diff`], in the same order. Map text
/// (names, values, ids) is never translated.
pub fn diff_in(old: &JourneyMap, new: &JourneyMap, lang: Lang) -> Vec<String> {
    let (a, b) = (Flat::new(old), Flat::new(new));
    let mut d = Differ {
        old,
        new,
        lang,
        lines: Vec::new(),
    };
    if a.top.title != b.top.title {
        d.say(
            S::TitleChanged,
            &[
                Arg::Text(&quoted(&a.top.title)),
                Arg::Text(&quoted(&b.top.title)),
            ],
        );
    }
    if a.top.description != b.top.description {
        d.say(S::DescriptionChanged, &[]);
    }
    if a.top.emotion_scale != b.top.emotion_scale {
        d.say(
            S::ScaleChanged,
            &[
                Arg::Text(&a.top.emotion_scale.show()),
                Arg::Text(&b.top.emotion_scale.show()),
            ],
        );
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
            let what = d.label_of_id(&c.id);
            let field = words::field(&c.field, lang);
            d.say(S::ConflictResolved, &[Arg::Text(&field), Arg::Item(&what)]);
        }
    }
    for c in &b.conflicts {
        if !a.conflicts.contains(c) {
            let what = d.label_of_id(&c.id);
            let field = words::field(&c.field, lang);
            d.say(
                S::ConflictRecorded,
                &[
                    Arg::Text(&field),
                    Arg::Item(&what),
                    Arg::Text(&quoted(&c.ours)),
                    Arg::Text(&quoted(&c.theirs)),
                ],
            );
        }
    }
    if d.lines.is_empty() && old != new {
        // Only the order of a list the flat view does not see (none today).
        d.say(S::Unnamed, &[]);
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

/// A lane's name in quotes: its own, or its kind's in `lang` (as the window draws it).
fn lane_name(row: &Lane, lang: Lang) -> String {
    if row.name.trim().is_empty() {
        quoted(lang.lane_kind(row.kind))
    } else {
        quoted(&row.name)
    }
}

/// An item as words: its kind and name, e.g. `persona "Anna"`.
pub(crate) trait Label: Item {
    /// The kind and name of the item in `map`; `lang` names a lane without a name.
    fn label(&self, map: &JourneyMap, lang: Lang) -> Named;
    /// The step a new item was added at, when its parent says too little (a card's).
    fn added_at(&self, _map: &JourneyMap) -> Option<String> {
        None
    }
}

impl Label for Channel {
    fn label(&self, _: &JourneyMap, _: Lang) -> Named {
        Named::new(Noun::Channel, name_or_id(&self.name, self.id.as_str()))
    }
}
impl Label for Lane {
    fn label(&self, _: &JourneyMap, lang: Lang) -> Named {
        Named::new(Noun::Lane, lane_name(self, lang))
    }
}
impl Label for Persona {
    fn label(&self, _: &JourneyMap, _: Lang) -> Named {
        Named::new(Noun::Persona, name_or_id(&self.name, self.id.as_str()))
    }
}
impl Label for Journey {
    fn label(&self, _: &JourneyMap, _: Lang) -> Named {
        Named::new(Noun::Journey, name_or_id(&self.name, self.id.as_str()))
    }
}
impl Label for Stage {
    fn label(&self, _: &JourneyMap, _: Lang) -> Named {
        Named::new(Noun::Stage, name_or_id(&self.name, self.id.as_str()))
    }
}
impl Label for Metric {
    fn label(&self, _: &JourneyMap, _: Lang) -> Named {
        Named::new(Noun::Kpi, name_or_id(&self.name, self.id.as_str()))
    }
}
impl Label for Step {
    fn label(&self, _: &JourneyMap, _: Lang) -> Named {
        Named::new(Noun::Step, name_or_id(&self.name, self.id.as_str()))
    }
}
impl Label for Card {
    fn label(&self, map: &JourneyMap, _: Lang) -> Named {
        let kind = map.lane(&self.lane).map(|l| l.kind);
        Named::new(Noun::card(kind), name_or_id(&self.text, self.id.as_str()))
    }
    fn added_at(&self, map: &JourneyMap) -> Option<String> {
        let step = map.step(&self.step)?;
        Some(name_or_id(&step.name, step.id.as_str()))
    }
}
impl Label for Link {
    fn label(&self, map: &JourneyMap, _: Lang) -> Named {
        let end = |id: &crate::model::CardId| {
            map.card(id).map_or_else(
                || quoted(id.as_str()),
                |c| name_or_id(&c.text, c.id.as_str()),
            )
        };
        Named::new(
            Noun::Link,
            format!("{} -> {}", end(&self.from), end(&self.to)),
        )
    }
}

fn find<T: Label>(list: &[Entry<T>], id: &str, map: &JourneyMap, lang: Lang) -> Option<Named> {
    list.iter()
        .find(|e| e.item.id() == id)
        .map(|e| e.item.label(map, lang))
}

/// Any item of `map` named by id, as words; `None` when it is not there.
pub(crate) fn label_of_id(map: &JourneyMap, id: &str, lang: Lang) -> Option<Named> {
    if id == super::conflict::MAP_ID {
        return Some(Named::map());
    }
    let flat = Flat::new(map);
    find(&flat.cards, id, map, lang)
        .or_else(|| find(&flat.steps, id, map, lang))
        .or_else(|| find(&flat.stages, id, map, lang))
        .or_else(|| find(&flat.metrics, id, map, lang))
        .or_else(|| find(&flat.links, id, map, lang))
        .or_else(|| find(&flat.personas, id, map, lang))
        .or_else(|| find(&flat.journeys, id, map, lang))
        .or_else(|| find(&flat.lanes, id, map, lang))
        .or_else(|| find(&flat.channels, id, map, lang))
}

struct Differ<'a> {
    old: &'a JourneyMap,
    new: &'a JourneyMap,
    lang: Lang,
    lines: Vec<String>,
}

impl Differ<'_> {
    fn say(&mut self, sentence: S, args: &[Arg<'_>]) {
        self.lines.push(sentence.say(self.lang, args));
    }

    fn label_of_id(&self, id: &str) -> Named {
        label_of_id(self.new, id, self.lang)
            .or_else(|| label_of_id(self.old, id, self.lang))
            .unwrap_or_else(|| Named::bare(quoted(id)))
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
                let label = e.item.label(self.old, self.lang);
                self.say(S::Removed, &[Arg::Item(&label)]);
            }
        }
        let in_order = kept_in_order(old, new, &old_at);
        let mut previous: Option<&Entry<T>> = None;
        for (i, e) in new.iter().enumerate() {
            match old_at.get(e.item.id()) {
                None => self.added(e),
                Some(&o) => {
                    let before = &old[o];
                    // Changes are told under the name the reader knew.
                    let label = before.item.label(self.old, self.lang);
                    let moved = before.parent != e.parent;
                    if moved {
                        let from = Self::parent_name(self.old, &before.parent);
                        let to = Self::parent_name(self.new, &e.parent);
                        self.say(
                            S::Moved,
                            &[Arg::Item(&label), Arg::Text(&from), Arg::Text(&to)],
                        );
                    }
                    let mut fields = Vec::new();
                    let lang = self.lang;
                    T::diff_fields(&before.item, &e.item, &mut |name, a, b| {
                        fields.push(Change {
                            name,
                            a: a.show(),
                            b: b.show(),
                            shown: [a.show_in(lang), b.show_in(lang)],
                            elements: [a.elements(), b.elements()],
                        });
                    });
                    let placed = before.item.place() != e.item.place();
                    for change in fields {
                        let line = self.field_line(&label, change);
                        self.lines.extend(line);
                    }
                    if !moved && !placed && !in_order.contains(&i) {
                        match previous {
                            Some(p) => {
                                let after = p.item.label(self.new, self.lang);
                                self.say(S::MovedAfter, &[Arg::Item(&label), Arg::Item(&after)]);
                            }
                            None => self.say(S::MovedToStart, &[Arg::Item(&label)]),
                        }
                    }
                }
            }
            previous = Some(e);
        }
    }

    /// The line for an item that `new` has and `old` has not.
    fn added<T: Label>(&mut self, e: &Entry<T>) {
        let label = e.item.label(self.new, self.lang);
        if let Some(step) = e.item.added_at(self.new) {
            self.say(S::AddedAtStep, &[Arg::Item(&label), Arg::Text(&step)]);
        } else if e.parent.is_empty() {
            self.say(S::Added, &[Arg::Item(&label)]);
        } else {
            let to = self.added_where(&e.parent);
            self.say(S::AddedTo, &[Arg::Item(&label), Arg::Item(&to)]);
        }
    }

    fn added_where(&self, parent: &str) -> Named {
        let map = self.new;
        if let Some(stage) = map.stage(&parent.into()) {
            Named::new(Noun::Stage, name_or_id(&stage.name, parent))
        } else if let Some(journey) = map.journey(&parent.into()) {
            Named::new(Noun::Journey, name_or_id(&journey.name, parent))
        } else {
            Named::bare(quoted(parent))
        }
    }

    /// The line(s) for one changed field.
    fn field_line(&self, label: &Named, change: Change) -> Vec<String> {
        let Change {
            name,
            a,
            b,
            shown: [shown_a, shown_b],
            elements: [ea, eb],
        } = change;
        let (a, b) = (a.as_str(), b.as_str());
        let lang = self.lang;
        let field = words::field(name, lang);
        let say = |sentence: S, args: &[Arg<'_>]| sentence.say(lang, args);
        let item = Arg::Item(label);
        let line = match name {
            "name" => say(S::Renamed, &[item, Arg::Text(&quoted(b))]),
            "text" => say(S::TextChanged, &[item, Arg::Text(&quoted(b))]),
            "label" => say(S::Relabelled, &[item, Arg::Text(&quoted(b))]),
            "score" => {
                let signed = self.new.emotion_scale.min < 0;
                let show = |v: &str| match v.parse::<f64>() {
                    Ok(n) if signed && n > 0.0 => format!("+{}", number(n)),
                    _ => v.to_owned(),
                };
                say(S::Score, &[item, Arg::Text(&show(a)), Arg::Text(&show(b))])
            }
            "moment_of_truth" if b == "yes" => say(S::MomentOfTruth, &[item]),
            "moment_of_truth" => say(S::NoMomentOfTruth, &[item]),
            "step" => self.step_line(label, a, b),
            "lane" => {
                let lane_by_id = |map: &JourneyMap, id: &str| {
                    map.lane(&id.into())
                        .map_or_else(|| quoted(id), |l| lane_name(l, lang))
                };
                let (from, to) = (lane_by_id(self.old, a), lane_by_id(self.new, b));
                say(S::MovedLane, &[item, Arg::Text(&from), Arg::Text(&to)])
            }
            "details" | "description" | "quote" | "goal" => {
                say(S::LongTextChanged, &[item, Arg::Text(&field)])
            }
            _ => {
                if let (Some(ea), Some(eb)) = (ea, eb) {
                    let element = |sentence: S, x: &String| {
                        say(sentence, &[item, Arg::Text(&field), Arg::Text(&quoted(x))])
                    };
                    let mut lines: Vec<String> = ea
                        .iter()
                        .filter(|x| !eb.contains(x))
                        .map(|x| element(S::ElementRemoved, x))
                        .collect();
                    lines.extend(
                        eb.iter()
                            .filter(|x| !ea.contains(x))
                            .map(|x| element(S::ElementAdded, x)),
                    );
                    if lines.is_empty() {
                        lines.push(say(S::Reordered, &[item, Arg::Text(&field)]));
                    }
                    return lines;
                }
                say(
                    S::FieldChanged,
                    &[
                        item,
                        Arg::Text(&field),
                        Arg::Text(&shown_a),
                        Arg::Text(&shown_b),
                    ],
                )
            }
        };
        vec![line]
    }

    /// A card moved from step `a` to step `b`: told by stage when the stage changed.
    fn step_line(&self, label: &Named, a: &str, b: &str) -> String {
        let stage_of = |map: &JourneyMap, id: &str| {
            stage_of_step(map, id).map(|s| (s.id.clone(), bare_name(&s.name, s.id.as_str())))
        };
        let step_name = |map: &JourneyMap, id: &str| {
            map.step(&id.into())
                .map_or_else(|| quoted(id), |s| name_or_id(&s.name, id))
        };
        let (sentence, from, to) = match (stage_of(self.old, a), stage_of(self.new, b)) {
            (Some((ia, na)), Some((ib, nb))) if ia != ib => (S::Moved, na, nb),
            _ => (S::MovedStep, step_name(self.old, a), step_name(self.new, b)),
        };
        sentence.say(
            self.lang,
            &[Arg::Item(label), Arg::Text(&from), Arg::Text(&to)],
        )
    }
}

/// One changed field of an item: its values as the file has them (`a`,
/// `b`), as the window shows them, and a list's elements.
struct Change {
    name: &'static str,
    a: String,
    b: String,
    shown: [String; 2],
    elements: [Option<Vec<String>>; 2],
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

/// Each conflict of a merge in words, e.g. `both sides changed the text of
/// card "Demo" (cd-demo): kept ours "Demo call", theirs was "Demo (30 min)"`.
pub fn describe_conflicts(outcome: &MergeOutcome) -> Vec<String> {
    let name = |id: &str| {
        label_of_id(&outcome.map, id, crate::i18n::Lang::En)
            .map_or_else(|| format!("\"{id}\""), |l| format!("{l} ({id})"))
    };
    outcome
        .conflicts
        .iter()
        .zip(&outcome.causes)
        .map(|(c, cause)| {
            let what = name(&c.id);
            let (gone, kept) = if c.ours == "deleted" {
                ("our", "their")
            } else {
                ("their", "our")
            };
            let values = format!(
                "kept ours {}, theirs was {}",
                quoted(&c.ours),
                quoted(&c.theirs)
            );
            let field = c.field.replace('_', " ");
            match cause {
                Cause::Deleted => format!(
                    "{what} was deleted on {gone} side but changed on {kept} side; it is kept"
                ),
                Cause::Needed { by } => format!(
                    "{what} was deleted on {gone} side, but {} needs it; it is kept",
                    name(by)
                ),
                Cause::Added => format!("both sides added {what}, with different {field}: {values}"),
                Cause::Changed => format!("both sides changed the {field} of {what}: {values}"),
                Cause::Scale => format!(
                    "the emotion score of {what} is {}, outside the merged emotion scale {}; kept it, the other value is {}",
                    quoted(&c.ours),
                    outcome.map.emotion_scale.show(),
                    quoted(&c.theirs)
                ),
                Cause::Check => format!(
                    "the merged map has an error that no version had ({}); fix it by hand",
                    c.ours
                ),
            }
        })
        .collect()
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

    /// The showcase, and a version of it with one change of each kind a diff
    /// tells (a stage only the old one has, to be removed).
    fn every_kind_of_change() -> (JourneyMap, JourneyMap) {
        use crate::model::{Card, Conflict, EmotionScale, Metric, Severity, Stage};
        let mut old = showcase();
        old.journeys[1].stages.push(Stage {
            id: "st-loyal".into(),
            name: "Loyalty".into(),
            ..Stage::default()
        });
        let mut new = showcase();
        new.title = "Showcase, second edition".into();
        new.description.push_str(" More.");
        new.emotion_scale = EmotionScale { min: 1, max: 7 };
        // Channels: one removed, one moved after another.
        new.channels.retain(|c| c.id.as_str() != "chat");
        let reviews = new.channels.remove(2);
        new.channels.insert(1, reviews);
        // Lanes: renamed, shown again.
        new.lanes[9].name = "Quotations".into();
        new.lanes[10].hidden = false;
        // A persona: a text field, a long text, a list grown, a list reordered.
        new.personas[0].age_band = "45-54".into();
        new.personas[0].quote = "Something else".into();
        new.personas[0].goals.push("Win an award".into());
        new.personas[0].channels.reverse();
        // Journeys: renamed, a persona dropped, a stage added.
        new.journeys[1].name = "Choosing a newsletter tool (future)".into();
        new.journeys[0].personas.truncate(1);
        new.journeys[0].stages.push(Stage {
            id: "st-ret".into(),
            name: "Retention".into(),
            ..Stage::default()
        });
        // KPIs: a target changed, one added.
        let stages = &mut new.journeys[0].stages;
        stages[0].metrics[0].target = Some(50.0);
        stages[2].metrics.push(Metric {
            id: "kp-nps".into(),
            name: "NPS".into(),
            ..Metric::default()
        });
        // Steps: a score, a moment of truth gained and one lost, a step moved.
        stages[1].steps[1].score = Some(3.0);
        stages[0].steps[0].moment_of_truth = true;
        stages[2].steps[0].moment_of_truth = false;
        let compare = stages[1].steps.remove(0);
        stages[2].steps.push(compare);
        // Cards.
        let cards = &mut new.journeys[0].cards;
        let card = |cards: &mut Vec<Card>, id: &str| -> usize {
            cards
                .iter()
                .position(|c| c.id.as_str() == id)
                .expect("card")
        };
        let i = card(cards, "cd-reviews");
        cards[i].text = "Reviews on G2".into();
        let i = card(cards, "cd-act");
        cards[i].step = "sp-read".into();
        let i = card(cards, "cd-think");
        cards[i].lane = "ln-feel".into();
        let i = card(cards, "cd-back-crm");
        cards[i].details = "Two teams".into();
        let i = card(cards, "cd-pain-spam");
        cards[i].severity = Some(Severity::Low);
        cards[i].votes = 5;
        let i = card(cards, "cd-note");
        cards.remove(i);
        let i = card(cards, "cd-quote");
        let quote = cards.remove(i);
        cards.insert(0, quote);
        cards.push(Card {
            id: "cd-vat".into(),
            lane: "ln-opp".into(),
            step: "sp-buy".into(),
            text: "Show the price with VAT".into(),
            ..Card::default()
        });
        // Links: one removed, one relabelled.
        let links = &mut new.journeys[0].links;
        links.retain(|l| l.id.as_str() != "lk-02");
        links[1].label = "solves".into();
        // Conflicts: the showcase's resolved, a new one recorded.
        new.conflicts = vec![Conflict {
            id: "map".into(),
            field: "title".into(),
            ours: "Ours".into(),
            theirs: "Theirs".into(),
        }];
        (old, new)
    }

    #[test]
    fn every_kind_of_change_reads_in_polish_line_for_line() {
        let (old, new) = every_kind_of_change();
        let en = diff(&old, &new);
        let pl = diff_in(&old, &new, Lang::Pl);
        assert_eq!(diff_in(&old, &new, Lang::En), en);
        assert_eq!(pl.len(), en.len(), "{pl:#?}\n{en:#?}");
        for (p, e) in pl.iter().zip(&en) {
            assert_ne!(p, e, "every line has words to translate");
        }
        let want = [
            r#"zmieniono tytuł: "Showcase: every field of the format" -> "Showcase, second edition""#,
            "zmieniono opis",
            "zmieniono skalę emocji: 1..5 -> 1..7",
            r#"usunięto kanał "Chat""#,
            r#"przeniesiono kanał "Review sites" za kanał "Website""#,
            r#"zmieniono nazwę wiersza "Quotes" na "Quotations""#,
            r#"wiersz "Facilitator notes": ukrycie: tak -> nie"#,
            r#"persona "Anna, marketing manager": wiek: 35-44 -> 45-54"#,
            r#"persona "Anna, marketing manager": zmieniono cytat"#,
            r#"persona "Anna, marketing manager": cele: dodano "Win an award""#,
            r#"persona "Anna, marketing manager": kanały: zmieniono kolejność"#,
            r#"ścieżka "Choosing a newsletter tool (as-is)": persony: usunięto "pe-ben""#,
            r#"zmieniono nazwę ścieżki "Choosing a newsletter tool (to-be)" na "Choosing a newsletter tool (future)""#,
            r#"usunięto etap "Loyalty""#,
            r#"dodano etap "Retention" do ścieżki "Choosing a newsletter tool (as-is)""#,
            r#"KPI "CPL": cel: 40 -> 50"#,
            r#"dodano KPI "NPS" do etapu "Decision""#,
            r#"oznaczono krok "Reads a blog post" jako moment prawdy"#,
            r#"ocena emocji kroku "Starts a free trial": 2 -> 3"#,
            r#"krok "Buys a yearly plan" nie jest już momentem prawdy"#,
            r#"przeniesiono krok "Compares three tools": Consideration -> Decision"#,
            r#"usunięto kartę "Ask the IT team for real CSV files""#,
            r#"przeniesiono kartę "'I just want it to work on Monday.'" na początek"#,
            r#"zmieniono tekst punktu styku "User reviews on G2" na "Reviews on G2""#,
            r#"przeniesiono działanie "Creates an account, confirms the e-mail": Consideration -> Awareness"#,
            r#"przeniesiono myśl "'Which tool do teams like mine use?'" z wiersza "Myśli" do wiersza "Odczucia""#,
            r#"punkt bólu "Confirmation e-mail lands in spam": dotkliwość: Wysoka -> Niska"#,
            r#"punkt bólu "Confirmation e-mail lands in spam": głosy: 4 -> 5"#,
            r#"karta zaplecza "CRM creates a lead; sales gets a task": zmieniono szczegóły"#,
            r#"dodano szansę "Show the price with VAT" w kroku "Buys a yearly plan""#,
            r#"usunięto połączenie "User reviews on G2" -> "Trial sign-up form""#,
            r#"zmieniono etykietę połączenia "Contact import rejects the CSV file" -> "Import wizard that fixes the columns" na "solves""#,
            r#"rozwiązano konflikt: tekst punktu bólu "Price shown without VAT""#,
            r#"zapisano konflikt: tytuł mapy: nasza "Ours", ich "Theirs""#,
        ];
        assert_eq!(pl, want, "{pl:#?}");
    }

    #[test]
    fn a_card_moved_within_a_stage_and_an_unnamed_lane_read_in_polish() {
        let (old, new) = after(Edit::MoveCard {
            id: "cd-reviews".into(),
            lane: "ln-back".into(),
            step: "sp-trial".into(),
            index: 99,
        });
        assert_eq!(
            diff_in(&old, &new, Lang::Pl),
            vec![
                r#"przeniesiono punkt styku "User reviews on G2" z wiersza "Punkty styku" do wiersza "Behind the scenes""#,
                r#"przeniesiono punkt styku "User reviews on G2" z kroku "Compares three tools" do kroku "Starts a free trial""#,
            ]
        );
        let mut renamed = old.clone();
        renamed.lanes[0].name = "Contact points".into();
        assert_eq!(
            diff_in(&old, &renamed, Lang::Pl),
            vec![r#"zmieniono nazwę wiersza "Punkty styku" na "Contact points""#]
        );
        assert_eq!(
            diff(&old, &renamed),
            vec![r#"lane "Touchpoints" renamed to "Contact points""#]
        );
    }
}
