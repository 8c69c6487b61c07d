//! Three-way merge of maps by id, for git's merge driver.
//!
//! Per field: a change on one side wins; the same change on both is taken
//! once; different changes keep ours and record a [`Conflict`]. Per list
//! (personas, stages, cards...): items are matched by id, never by
//! position. An item deleted on one side and untouched on the other is
//! deleted; deleted on one side and changed on the other, it is kept with a
//! conflict. Items added on both sides are all kept: ours in our order,
//! theirs after the item they follow in theirs. The list order is ours,
//! unless only theirs reordered it; an item that only theirs moved (to
//! another stage, step or lane) goes where theirs put it.

use std::collections::{HashMap, HashSet};

use crate::model::{Conflict, JourneyMap};
use crate::validate;

use super::conflict::Cause;
pub use super::conflict::{CHECK, DELETED, MAP_ID};
use super::flat::{Entry, Flat};
use super::item::{Item, Merger, Show};

/// The result of a merge.
#[derive(Clone, Debug, PartialEq)]
pub struct MergeOutcome {
    /// The merged map; it holds the new conflicts in its conflict list too.
    pub map: JourneyMap,
    /// The conflicts this merge found (ours kept, theirs recorded).
    pub conflicts: Vec<Conflict>,
    /// Why each of `conflicts` was recorded, in the same order.
    pub(crate) causes: Vec<Cause>,
}

/// Two items of one map with the same id, which a merge by id cannot tell apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateId {
    /// The id both items have.
    pub id: String,
    /// What the first item is (`card`, `step`, `KPI`...), in document order.
    pub first: &'static str,
    /// What the second item is.
    pub second: &'static str,
}

/// The first id that two items of `map` share, if any: all items (channels,
/// lanes, personas, journeys, stages, KPIs, steps, cards, links) share one
/// id space, so a card and a step with one id count as well.
pub fn duplicate_id(map: &JourneyMap) -> Option<DuplicateId> {
    let all = map.ids_with_kinds();
    let mut seen: HashMap<&str, &'static str> = HashMap::with_capacity(all.len());
    for (kind, id) in all {
        if let Some(first) = seen.insert(id, kind) {
            return Some(DuplicateId {
                id: id.to_owned(),
                first,
                second: kind,
            });
        }
    }
    None
}

/// Merges `theirs` into `ours`, both descended from `base`.
pub fn merge(base: &JourneyMap, ours: &JourneyMap, theirs: &JourneyMap) -> MergeOutcome {
    let (b, o, t) = (Flat::new(base), Flat::new(ours), Flat::new(theirs));
    let mut m = Merger::default();
    let mut top = o.top.clone();
    top.version = crate::model::CURRENT_VERSION;
    m.field(MAP_ID, "title", &b.top.title, &mut top.title, &t.top.title);
    m.field(
        MAP_ID,
        "description",
        &b.top.description,
        &mut top.description,
        &t.top.description,
    );
    m.field(
        MAP_ID,
        "emotion_scale",
        &b.top.emotion_scale,
        &mut top.emotion_scale,
        &t.top.emotion_scale,
    );
    let mut flat = Flat {
        top,
        channels: merge_list(&mut m, "parent", &b.channels, &o.channels, &t.channels),
        lanes: merge_list(&mut m, "parent", &b.lanes, &o.lanes, &t.lanes),
        personas: merge_list(&mut m, "parent", &b.personas, &o.personas, &t.personas),
        journeys: merge_list(&mut m, "parent", &b.journeys, &o.journeys, &t.journeys),
        stages: merge_list(&mut m, "journey", &b.stages, &o.stages, &t.stages),
        metrics: merge_list(&mut m, "stage", &b.metrics, &o.metrics, &t.metrics),
        steps: merge_list(&mut m, "stage", &b.steps, &o.steps, &t.steps),
        cards: merge_list(&mut m, "journey", &b.cards, &o.cards, &t.cards),
        links: merge_list(&mut m, "journey", &b.links, &o.links, &t.links),
        conflicts: Vec::new(),
    };
    restore_references(&mut m, &mut flat, [&o, &t, &b]);
    scores_outside_the_scale(&mut m, &flat, [&b, &o, &t]);

    let mut conflicts = merge_conflicts(&b.conflicts, &o.conflicts, &t.conflicts);
    for new in &m.conflicts {
        match conflicts
            .iter_mut()
            .find(|c| c.id == new.id && c.field == new.field)
        {
            Some(old) => old.clone_from(new),
            None => conflicts.push(new.clone()),
        }
    }
    flat.conflicts = conflicts;
    let mut map = flat.build();
    // What the steps above do not foresee still never passes as clean. A
    // score with a conflict of its own is already in the person's hands.
    let scored: HashSet<&str> = m
        .conflicts
        .iter()
        .filter(|c| c.field == "score")
        .map(|c| c.id.as_str())
        .collect();
    let mut probe = None;
    if !scored.is_empty() {
        let mut unscored = map.clone();
        for step in unscored
            .journeys
            .iter_mut()
            .flat_map(|j| &mut j.stages)
            .flat_map(|s| &mut s.steps)
            .filter(|s| scored.contains(s.id.as_str()))
        {
            step.score = None;
        }
        probe = Some(unscored);
    }
    for error in new_errors(probe.as_ref().unwrap_or(&map), [base, ours, theirs]) {
        let conflict = Conflict {
            id: MAP_ID.to_owned(),
            field: CHECK.to_owned(),
            ours: error,
            theirs: String::new(),
        };
        if !map.conflicts.contains(&conflict) {
            map.conflicts.push(conflict.clone());
        }
        m.conflicts.push(conflict);
        m.causes.push(Cause::Check);
    }
    MergeOutcome {
        map,
        conflicts: m.conflicts,
        causes: m.causes,
    }
}

/// The errors `check` finds in `merged` that it finds in none of `inputs`
/// (compared by their words: positions differ between the files).
fn new_errors(merged: &JourneyMap, inputs: [&JourneyMap; 3]) -> Vec<String> {
    let errors = |map: &JourneyMap| -> Vec<String> {
        validate::validate(map, None, None)
            .into_iter()
            .filter(|d| d.severity == validate::Severity::Error)
            .map(|d| d.message)
            .collect()
    };
    let found = errors(merged);
    if found.is_empty() {
        return found;
    }
    let known: HashSet<String> = inputs.into_iter().flat_map(errors).collect();
    let mut out: Vec<String> = Vec::new();
    for error in found {
        if !known.contains(&error) && !out.contains(&error) {
            out.push(error);
        }
    }
    out
}

/// What each item of the merged lists refers to: (the id referred to, the
/// id of the item that refers to it), for one kind of target.
type Needs = Vec<(String, String)>;

/// Brings back every item the merged map refers to but one side deleted (a
/// lane that holds a card the other side added, a card a new link points
/// at, a step, stage, journey, persona or channel), each with a `deleted`
/// conflict, until nothing is missing: a restored card may need its step,
/// a step its stage, a stage its journey. A reference that no version can
/// satisfy was an error before the merge and is left to `check`.
fn restore_references(m: &mut Merger, flat: &mut Flat, sides: [&Flat; 3]) {
    while restore_holders(m, flat, sides) | restore_named(m, flat, sides) {}
}

/// One round of [`restore_references`] for the items that hold or join
/// others: a link's cards, a card's step, a step's or KPI's stage, a
/// stage's, card's or link's journey. True when it put any back.
fn restore_holders(m: &mut Merger, flat: &mut Flat, sides: [&Flat; 3]) -> bool {
    let [o, t, b] = sides;
    let mut restored = false;
    let needs: Needs = flat
        .links
        .iter()
        .flat_map(|e| {
            let by = e.item.id.as_str();
            [
                (e.item.from.as_str().to_owned(), by.to_owned()),
                (e.item.to.as_str().to_owned(), by.to_owned()),
            ]
        })
        .collect();
    restored |= restore(m, &mut flat.cards, &needs, [&o.cards, &t.cards, &b.cards]);
    let needs: Needs = flat
        .cards
        .iter()
        .map(|e| {
            (
                e.item.step.as_str().to_owned(),
                e.item.id.as_str().to_owned(),
            )
        })
        .collect();
    restored |= restore(m, &mut flat.steps, &needs, [&o.steps, &t.steps, &b.steps]);
    let needs: Needs = flat
        .steps
        .iter()
        .map(|e| (e.parent.clone(), e.item.id.as_str().to_owned()))
        .chain(
            flat.metrics
                .iter()
                .map(|e| (e.parent.clone(), e.item.id.as_str().to_owned())),
        )
        .collect();
    restored |= restore(
        m,
        &mut flat.stages,
        &needs,
        [&o.stages, &t.stages, &b.stages],
    );
    let needs: Needs = flat
        .stages
        .iter()
        .map(|e| (e.parent.clone(), e.item.id.as_str().to_owned()))
        .chain(
            flat.cards
                .iter()
                .map(|e| (e.parent.clone(), e.item.id.as_str().to_owned())),
        )
        .chain(
            flat.links
                .iter()
                .map(|e| (e.parent.clone(), e.item.id.as_str().to_owned())),
        )
        .collect();
    restored |= restore(
        m,
        &mut flat.journeys,
        &needs,
        [&o.journeys, &t.journeys, &b.journeys],
    );
    restored
}

/// One round of [`restore_references`] for the items others name: a
/// card's lane and channel, a journey's and step's personas, a persona's
/// channels. True when it put any back.
fn restore_named(m: &mut Merger, flat: &mut Flat, sides: [&Flat; 3]) -> bool {
    let [o, t, b] = sides;
    let mut restored = false;
    let needs: Needs = flat
        .cards
        .iter()
        .map(|e| {
            (
                e.item.lane.as_str().to_owned(),
                e.item.id.as_str().to_owned(),
            )
        })
        .collect();
    restored |= restore(m, &mut flat.lanes, &needs, [&o.lanes, &t.lanes, &b.lanes]);
    let needs: Needs = flat
        .journeys
        .iter()
        .flat_map(|e| e.item.personas.iter().map(|p| (p, e.item.id.as_str())))
        .chain(
            flat.steps
                .iter()
                .flat_map(|e| e.item.personas.iter().map(|p| (p, e.item.id.as_str()))),
        )
        .map(|(p, by)| (p.as_str().to_owned(), by.to_owned()))
        .collect();
    restored |= restore(
        m,
        &mut flat.personas,
        &needs,
        [&o.personas, &t.personas, &b.personas],
    );
    let needs: Needs = flat
        .cards
        .iter()
        .filter_map(|e| {
            let channel = e.item.channel.as_ref()?;
            Some((channel.as_str().to_owned(), e.item.id.as_str().to_owned()))
        })
        .chain(flat.personas.iter().flat_map(|e| {
            e.item
                .channels
                .iter()
                .map(|c| (c.as_str().to_owned(), e.item.id.as_str().to_owned()))
        }))
        .collect();
    restored |= restore(
        m,
        &mut flat.channels,
        &needs,
        [&o.channels, &t.channels, &b.channels],
    );
    restored
}

/// A step's score taken from one side that lies outside the emotion scale
/// taken from the other (one side changed the scale, the other scored a
/// step on the old one): a `score` conflict whose other value is the other
/// side's score of that step (`none` where it has none), so taking it
/// gives a score inside the scale. A score that was already outside the
/// scale in a version is left to `check`.
fn scores_outside_the_scale(m: &mut Merger, flat: &Flat, sides: [&Flat; 3]) {
    let scale = flat.top.emotion_scale;
    for e in &flat.steps {
        let id = e.item.id.as_str();
        let Some(score) = e.item.score.filter(|s| !scale.contains(*s)) else {
            continue;
        };
        let score_on = |side: &Flat| {
            side.steps
                .iter()
                .find(|s| s.item.id.as_str() == id)
                .and_then(|s| s.item.score)
        };
        let already = sides
            .iter()
            .any(|side| score_on(side) == Some(score) && !side.top.emotion_scale.contains(score));
        if already || m.has(id, "score") {
            continue;
        }
        let [_, o, t] = sides;
        let other = [score_on(o), score_on(t)]
            .into_iter()
            .find(|v| *v != Some(score) && v.is_none_or(|v| scale.contains(v)));
        if let Some(other) = other {
            m.conflict(id, "score", Some(score).show(), other.show(), Cause::Scale);
        }
    }
}

/// Recorded conflicts merge as a set: one resolved (removed) on either side stays resolved.
fn merge_conflicts(base: &[Conflict], ours: &[Conflict], theirs: &[Conflict]) -> Vec<Conflict> {
    let mut out: Vec<Conflict> = ours
        .iter()
        .filter(|c| !base.contains(c) || theirs.contains(c))
        .cloned()
        .collect();
    for c in theirs {
        if !base.contains(c) && !out.contains(c) {
            out.push(c.clone());
        }
    }
    out
}

fn index<T: Item>(list: &[Entry<T>]) -> HashMap<&str, usize> {
    let mut map = HashMap::with_capacity(list.len());
    for (i, e) in list.iter().enumerate() {
        // With duplicate ids (an invalid map) the first one counts.
        map.entry(e.item.id()).or_insert(i);
    }
    map
}

fn key<T: Item>(e: &Entry<T>) -> (&str, String) {
    (e.parent.as_str(), e.item.place())
}

fn merge_entry<T: Item>(
    m: &mut Merger,
    parent_field: &str,
    base: &Entry<T>,
    ours: &Entry<T>,
    theirs: &Entry<T>,
    added: bool,
) -> Entry<T> {
    m.added = added;
    let mut out = ours.clone();
    let id = ours.item.id().to_owned();
    m.field(
        &id,
        parent_field,
        &base.parent,
        &mut out.parent,
        &theirs.parent,
    );
    T::merge_fields(m, &base.item, &mut out.item, &theirs.item);
    m.added = false;
    out
}

/// Where an item that follows `anchor` on the other side goes: right after
/// the anchor, past the items the leading side added there.
fn insert_at<T: Item>(
    result: &[Entry<T>],
    anchor: Option<&str>,
    added_by_leader: &dyn Fn(&str) -> bool,
) -> usize {
    let mut at = anchor
        .and_then(|a| result.iter().position(|e| e.item.id() == a))
        .map_or(0, |i| i + 1);
    while at < result.len() && added_by_leader(result[at].item.id()) {
        at += 1;
    }
    at
}

/// The ids of `list` that `common` accepts, in list order.
fn common_order<'a, T: Item>(list: &'a [Entry<T>], common: &dyn Fn(&&str) -> bool) -> Vec<&'a str> {
    list.iter()
        .map(|e| e.item.id())
        .filter(|id| common(id))
        .collect()
}

/// Merges one list by id.
fn merge_list<T: Item>(
    m: &mut Merger,
    parent_field: &str,
    base: &[Entry<T>],
    ours: &[Entry<T>],
    theirs: &[Entry<T>],
) -> Vec<Entry<T>> {
    let (bi, oi, ti) = (index(base), index(ours), index(theirs));
    let common = |id: &&str| bi.contains_key(id) && oi.contains_key(id) && ti.contains_key(id);
    let base_order = common_order(base, &common);
    // Ours leads, unless only theirs reordered the items both kept.
    let theirs_lead =
        common_order(ours, &common) == base_order && common_order(theirs, &common) != base_order;
    let (lead, lead_index, follow, follow_index) = if theirs_lead {
        (theirs, &ti, ours, &oi)
    } else {
        (ours, &oi, theirs, &ti)
    };
    let empty = Entry::default();
    let mut result: Vec<Entry<T>> = Vec::with_capacity(lead.len().max(follow.len()));
    let mut seen: HashSet<&str> = HashSet::new();
    for e in lead {
        let id = e.item.id();
        if !seen.insert(id) {
            continue;
        }
        match (bi.get(id), oi.get(id), ti.get(id)) {
            (b, Some(&o), Some(&t)) => {
                let added = b.is_none();
                let b = b.map_or(&empty, |&b| &base[b]);
                result.push(merge_entry(m, parent_field, b, &ours[o], &theirs[t], added));
            }
            (Some(&b), _, _) => {
                // The following side deleted it.
                if *e != base[b] {
                    m.deleted(id, theirs_lead, Cause::Deleted);
                    result.push(e.clone());
                }
            }
            (None, _, _) => result.push(e.clone()),
        }
    }
    let kept: HashSet<String> = result.iter().map(|e| e.item.id().to_owned()).collect();
    let added_by_leader = |id: &str| !bi.contains_key(id) && !follow_index.contains_key(id);
    let mut anchor: Option<&str> = None;
    let mut placed: HashSet<&str> = HashSet::new();
    for e in follow {
        let id = e.item.id();
        if !placed.insert(id) {
            continue;
        }
        if seen.contains(id) {
            if !kept.contains(id) {
                continue;
            }
            // Moved by the following side only: put it where that side put it.
            if let (Some(&b), Some(&l)) = (bi.get(id), lead_index.get(id)) {
                let follower_moved = key(e) != key(&base[b]);
                let leader_moved = key(&lead[l]) != key(&base[b]);
                if follower_moved
                    && !leader_moved
                    && let Some(from) = result.iter().position(|r| r.item.id() == id)
                {
                    let item = result.remove(from);
                    let at = insert_at(&result, anchor, &added_by_leader);
                    result.insert(at, item);
                }
            }
            anchor = Some(id);
            continue;
        }
        let keep = match bi.get(id) {
            // Deleted by the leading side: gone, unless the following side changed it.
            Some(&b) => {
                let changed = *e != base[b];
                if changed {
                    m.deleted(id, !theirs_lead, Cause::Deleted);
                }
                changed
            }
            None => true,
        };
        if keep {
            let at = insert_at(&result, anchor, &added_by_leader);
            result.insert(at, e.clone());
            anchor = Some(id);
        }
    }
    result
}

/// Puts back the items that `needs` names but the merged `list` lacks,
/// taken from ours, theirs or base (`sides`, in that order), each after the
/// item it follows there; true when it put any back.
fn restore<T: Item>(
    m: &mut Merger,
    list: &mut Vec<Entry<T>>,
    needs: &[(String, String)],
    sides: [&[Entry<T>]; 3],
) -> bool {
    let mut present: HashSet<String> = list.iter().map(|e| e.item.id().to_owned()).collect();
    let mut restored = false;
    for (id, by) in needs {
        if present.contains(id) {
            continue;
        }
        for (side_no, side) in sides.iter().enumerate() {
            let Some(pos) = side.iter().position(|e| e.item.id() == id) else {
                continue;
            };
            let at = side[..pos]
                .iter()
                .rev()
                .find_map(|p| list.iter().position(|e| e.item.id() == p.item.id()))
                .map_or(0, |i| i + 1);
            list.insert(at, side[pos].clone());
            // Kept by ours: theirs deleted it; otherwise ours did.
            m.deleted(id, side_no != 0, Cause::Needed { by: by.clone() });
            present.insert(id.clone());
            restored = true;
            break;
        }
    }
    restored
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Edit, ItemRef};
    use crate::model::{Card, Step};
    use crate::vcs::diff::describe_conflicts;

    fn showcase() -> JourneyMap {
        crate::io::from_str(include_str!("../../maps/showcase.ron")).expect("showcase loads")
    }

    fn edited(base: &JourneyMap, edits: Vec<Edit>) -> JourneyMap {
        let mut map = base.clone();
        Edit::Batch(edits).apply(&mut map).expect("edit applies");
        map
    }

    fn rename_card(id: &str, text: &str) -> Edit {
        Edit::Rename {
            item: ItemRef::Card(id.into()),
            name: text.into(),
        }
    }

    fn ids(map: &JourneyMap) -> Vec<&str> {
        map.journeys[0]
            .cards
            .iter()
            .map(|c| c.id.as_str())
            .collect()
    }

    #[test]
    fn one_sided_changes_come_through_unchanged() {
        let base = showcase();
        let changed = edited(&base, vec![rename_card("cd-blog", "X")]);
        assert_eq!(merge(&base, &changed, &base).map, changed);
        assert_eq!(merge(&base, &base, &changed).map, changed);
        assert_eq!(merge(&base, &changed, &changed).map, changed);
        assert!(merge(&base, &base, &changed).conflicts.is_empty());
    }

    #[test]
    fn edits_to_neighbouring_cards_both_merge() {
        let base = showcase();
        let ours = edited(&base, vec![rename_card("cd-blog", "Ours")]);
        let theirs = edited(&base, vec![rename_card("cd-sponsored", "Theirs")]);
        let out = merge(&base, &ours, &theirs);
        assert!(out.conflicts.is_empty(), "{:?}", out.conflicts);
        let card = |id: &str| out.map.card(&id.into()).expect("card").text.clone();
        assert_eq!(
            (card("cd-blog"), card("cd-sponsored")),
            ("Ours".into(), "Theirs".into())
        );
    }

    #[test]
    fn a_card_moved_on_one_side_and_renamed_on_the_other_is_both() {
        let base = showcase();
        let ours = edited(&base, vec![rename_card("cd-reviews", "Renamed")]);
        let theirs = edited(
            &base,
            vec![Edit::MoveCard {
                id: "cd-reviews".into(),
                lane: "ln-touch".into(),
                step: "sp-buy".into(),
                index: 0,
            }],
        );
        for (a, b) in [(&ours, &theirs), (&theirs, &ours)] {
            let out = merge(&base, a, b);
            assert!(out.conflicts.is_empty(), "{:?}", out.conflicts);
            let card = out.map.card(&"cd-reviews".into()).expect("card");
            assert_eq!(
                (card.text.as_str(), card.step.as_str()),
                ("Renamed", "sp-buy")
            );
            assert_eq!(out.map.card_count(), base.card_count());
        }
    }

    #[test]
    fn the_same_field_changed_twice_keeps_ours_and_records_a_conflict() {
        let base = showcase();
        let ours = edited(&base, vec![rename_card("cd-blog", "Ours")]);
        let theirs = edited(&base, vec![rename_card("cd-blog", "Theirs")]);
        let out = merge(&base, &ours, &theirs);
        let expected = Conflict {
            id: "cd-blog".into(),
            field: "text".into(),
            ours: "Ours".into(),
            theirs: "Theirs".into(),
        };
        assert_eq!(out.conflicts, vec![expected.clone()]);
        assert!(out.map.conflicts.contains(&expected));
        // The showcase's own open conflict stays.
        assert_eq!(out.map.conflicts.len(), base.conflicts.len() + 1);
        assert_eq!(out.map.card(&"cd-blog".into()).expect("card").text, "Ours");
        let words = describe_conflicts(&out);
        assert_eq!(
            words,
            vec![
                "both sides changed the text of touchpoint \"Ours\" (cd-blog): kept ours \"Ours\", theirs was \"Theirs\""
                    .to_owned()
            ]
        );
    }

    #[test]
    fn deletions_win_over_no_change_and_lose_to_a_change() {
        let base = showcase();
        let removed = edited(
            &base,
            vec![Edit::RemoveCard {
                id: "cd-note".into(),
            }],
        );
        let out = merge(&base, &removed, &base);
        assert!(out.map.card(&"cd-note".into()).is_none());
        assert!(out.conflicts.is_empty());
        let out = merge(&base, &base, &removed);
        assert!(out.map.card(&"cd-note".into()).is_none());

        let changed = edited(&base, vec![rename_card("cd-note", "Still needed")]);
        let out = merge(&base, &removed, &changed);
        assert_eq!(
            out.map.card(&"cd-note".into()).expect("kept").text,
            "Still needed"
        );
        assert_eq!(out.conflicts.len(), 1);
        assert_eq!(out.conflicts[0].field, DELETED);
        assert_eq!(out.conflicts[0].ours, "deleted");
        let out = merge(&base, &changed, &removed);
        assert_eq!(
            out.map.card(&"cd-note".into()).expect("kept").text,
            "Still needed"
        );
        assert_eq!(out.conflicts[0].theirs, "deleted");
    }

    #[test]
    fn cards_added_on_both_sides_are_all_kept_ours_first() {
        let base = showcase();
        let add = |id: &str, after: usize| Edit::AddCard {
            journey: "jr-asis".into(),
            index: after,
            card: Card {
                id: id.into(),
                lane: "ln-act".into(),
                step: "sp-read".into(),
                text: id.into(),
                ..Card::default()
            },
        };
        let ours = edited(&base, vec![add("cd-ours", 2)]);
        let theirs = edited(&base, vec![add("cd-theirs", 2), add("cd-theirs-end", 99)]);
        let out = merge(&base, &ours, &theirs);
        assert!(out.conflicts.is_empty());
        let got = ids(&out.map);
        let mut want = ids(&base);
        want.insert(2, "cd-ours");
        want.insert(3, "cd-theirs");
        want.push("cd-theirs-end");
        assert_eq!(got, want);
    }

    #[test]
    fn an_order_changed_only_by_theirs_is_taken() {
        let base = showcase();
        let theirs = edited(
            &base,
            vec![Edit::MoveCard {
                id: "cd-note".into(),
                lane: "ln-facilitator".into(),
                step: "sp-import".into(),
                index: 0,
            }],
        );
        let ours = edited(&base, vec![rename_card("cd-blog", "Ours")]);
        let out = merge(&base, &ours, &theirs);
        assert_eq!(ids(&out.map), ids(&theirs));
        assert_eq!(out.map.card(&"cd-blog".into()).expect("card").text, "Ours");
    }

    #[test]
    fn a_step_added_to_a_stage_the_other_side_deleted_brings_the_stage_back() {
        let base = showcase();
        let ours = edited(
            &base,
            vec![Edit::RemoveStage {
                id: "st-onboard".into(),
            }],
        );
        let theirs = edited(
            &base,
            vec![Edit::AddStep {
                stage: "st-onboard".into(),
                index: 9,
                step: Step {
                    id: "sp-new".into(),
                    name: "Sends the first issue".into(),
                    ..Step::default()
                },
            }],
        );
        let out = merge(&base, &ours, &theirs);
        let stage = out.map.stage(&"st-onboard".into()).expect("stage restored");
        assert!(stage.steps.iter().any(|s| s.id.as_str() == "sp-new"));
        assert!(
            out.conflicts
                .iter()
                .any(|c| c.id == "st-onboard" && c.field == DELETED),
            "{:?}",
            out.conflicts
        );
    }

    #[test]
    fn a_step_moved_to_another_stage_and_renamed_is_both_once() {
        let base = showcase();
        let ours = edited(
            &base,
            vec![Edit::Rename {
                item: ItemRef::Step("sp-compare".into()),
                name: "Compares tools".into(),
            }],
        );
        let theirs = edited(
            &base,
            vec![Edit::MoveStep {
                id: "sp-compare".into(),
                stage: "st-decide".into(),
                index: 0,
            }],
        );
        let out = merge(&base, &ours, &theirs);
        assert!(out.conflicts.is_empty(), "{:?}", out.conflicts);
        let decide = out.map.stage(&"st-decide".into()).expect("stage");
        assert_eq!(decide.steps[0].name, "Compares tools");
        let all: Vec<&str> = out.map.journeys[0].steps().map(|s| s.id.as_str()).collect();
        assert_eq!(
            all.iter().filter(|s| **s == "sp-compare").count(),
            1,
            "{all:?}"
        );
    }

    #[test]
    fn a_duplicate_id_of_any_two_kinds_is_found() {
        let base = showcase();
        assert_eq!(duplicate_id(&base), None);
        let mut twin = base.clone();
        let card = twin.journeys[0].cards[1].clone();
        twin.journeys[0].cards.push(card.clone());
        assert_eq!(
            duplicate_id(&twin),
            Some(DuplicateId {
                id: card.id.as_str().to_owned(),
                first: "card",
                second: "card",
            })
        );
        let mut step_as_lane = base.clone();
        let lane = step_as_lane.lanes[0].id.as_str().to_owned();
        step_as_lane.journeys[0].stages[0].steps[0].id = lane.as_str().into();
        let found = duplicate_id(&step_as_lane).expect("found");
        assert_eq!((found.first, found.second), ("lane", "step"));
    }

    #[test]
    fn one_id_added_as_two_kinds_is_an_error_conflict_not_a_clean_merge() {
        let base = showcase();
        let ours = edited(
            &base,
            vec![Edit::AddStep {
                stage: "st-onboard".into(),
                index: 0,
                step: Step {
                    id: "x-new".into(),
                    name: "New step".into(),
                    ..Step::default()
                },
            }],
        );
        let theirs = edited(
            &base,
            vec![Edit::AddCard {
                journey: "jr-asis".into(),
                index: 0,
                card: Card {
                    id: "x-new".into(),
                    lane: "ln-act".into(),
                    step: "sp-read".into(),
                    text: "New card".into(),
                    ..Card::default()
                },
            }],
        );
        let out = merge(&base, &ours, &theirs);
        assert_eq!(out.conflicts.len(), 1, "{:?}", out.conflicts);
        let conflict = &out.conflicts[0];
        assert_eq!(
            (conflict.id.as_str(), conflict.field.as_str()),
            (MAP_ID, CHECK)
        );
        assert!(conflict.ours.contains("\"x-new\""), "{conflict:?}");
        assert!(out.map.conflicts.contains(conflict));
        let words = describe_conflicts(&out);
        assert!(
            words[0].starts_with("the merged map has an error that no version had ("),
            "{words:?}"
        );
        // The conflicts panel can take it off the list either way.
        let index = out.map.conflicts.len() - 1;
        for take in [
            super::super::resolve::Take::Ours,
            super::super::resolve::Take::Theirs,
        ] {
            let edit = super::super::resolve::resolve(&out.map, index, take).expect("resolves");
            assert_eq!(edit, Edit::SetConflicts(base.conflicts.clone()));
        }
    }

    #[test]
    fn one_id_added_on_both_sides_with_different_fields_is_said_to_be_added() {
        let base = showcase();
        let add = |text: &str| {
            edited(
                &base,
                vec![Edit::AddCard {
                    journey: "jr-asis".into(),
                    index: 0,
                    card: Card {
                        id: "cd-new".into(),
                        lane: "ln-act".into(),
                        step: "sp-read".into(),
                        text: text.into(),
                        ..Card::default()
                    },
                }],
            )
        };
        let out = merge(&base, &add("Ours"), &add("Theirs"));
        assert_eq!(
            describe_conflicts(&out),
            vec![
                "both sides added action \"Ours\" (cd-new), with different text: kept ours \"Ours\", theirs was \"Theirs\""
                    .to_owned()
            ]
        );
        // Added the same on both sides: once, and clean.
        let out = merge(&base, &add("Same"), &add("Same"));
        assert!(out.conflicts.is_empty());
    }

    #[test]
    fn resolved_conflicts_stay_resolved() {
        let base = showcase();
        let resolved = edited(&base, vec![Edit::SetConflicts(Vec::new())]);
        assert!(merge(&base, &base, &resolved).map.conflicts.is_empty());
        assert!(merge(&base, &resolved, &base).map.conflicts.is_empty());
    }
}
