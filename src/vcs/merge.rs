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

use super::flat::{Entry, Flat};
use super::item::{Item, Show};

/// The result of a merge.
#[derive(Clone, Debug, PartialEq)]
pub struct MergeOutcome {
    /// The merged map; it holds the new conflicts in its conflict list too.
    pub map: JourneyMap,
    /// The conflicts this merge found (ours kept, theirs recorded).
    pub conflicts: Vec<Conflict>,
}

/// The field name recorded for an item deleted on one side and changed on the other.
pub const DELETED: &str = "deleted";

/// The id recorded for conflicts on the map's own fields (title, description, scale).
pub const MAP_ID: &str = "map";

/// Each conflict of a merge in words, e.g. `both sides changed the text of
/// card "Demo" (cd-demo): kept ours "Demo call", theirs was "Demo (30 min)"`.
pub fn describe_conflicts(outcome: &MergeOutcome) -> Vec<String> {
    outcome
        .conflicts
        .iter()
        .map(|c| {
            let what = super::diff::label_of_id(&outcome.map, &c.id)
                .map_or_else(|| format!("\"{}\"", c.id), |l| format!("{l} ({})", c.id));
            if c.field == DELETED {
                let (gone, kept) = if c.ours == "deleted" {
                    ("our", "their")
                } else {
                    ("their", "our")
                };
                format!("{what} was deleted on {gone} side but changed on {kept} side; it is kept")
            } else {
                format!(
                    "both sides changed the {} of {what}: kept ours {}, theirs was {}",
                    c.field.replace('_', " "),
                    super::diff::quoted(&c.ours),
                    super::diff::quoted(&c.theirs)
                )
            }
        })
        .collect()
}

/// Collects the conflicts of one merge.
#[derive(Debug, Default)]
pub(crate) struct Merger {
    conflicts: Vec<Conflict>,
}

impl Merger {
    /// Merges one field into `ours`.
    pub(crate) fn field<T: Show + PartialEq + Clone>(
        &mut self,
        id: &str,
        name: &str,
        base: &T,
        ours: &mut T,
        theirs: &T,
    ) {
        if theirs == base || theirs == ours {
            return;
        }
        if ours == base {
            ours.clone_from(theirs);
            return;
        }
        self.conflict(id, name, ours.show(), theirs.show());
    }

    fn conflict(&mut self, id: &str, field: &str, ours: String, theirs: String) {
        self.conflicts.push(Conflict {
            id: id.to_owned(),
            field: field.to_owned(),
            ours,
            theirs,
        });
    }

    /// An item deleted on one side and changed on the other.
    fn deleted(&mut self, id: &str, deleted_by_ours: bool) {
        let (ours, theirs) = if deleted_by_ours {
            ("deleted", "changed")
        } else {
            ("changed", "deleted")
        };
        self.conflict(id, DELETED, ours.to_owned(), theirs.to_owned());
    }
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
    // A child kept (or added) on one side whose parent the other side
    // deleted: the parent comes back, with a conflict.
    let needed: Vec<String> = flat
        .steps
        .iter()
        .map(|e| e.parent.clone())
        .chain(flat.metrics.iter().map(|e| e.parent.clone()))
        .collect();
    restore(
        &mut m,
        &mut flat.stages,
        &needed,
        [&o.stages, &t.stages, &b.stages],
    );
    let needed: Vec<String> = flat
        .stages
        .iter()
        .map(|e| e.parent.clone())
        .chain(flat.cards.iter().map(|e| e.parent.clone()))
        .chain(flat.links.iter().map(|e| e.parent.clone()))
        .collect();
    restore(
        &mut m,
        &mut flat.journeys,
        &needed,
        [&o.journeys, &t.journeys, &b.journeys],
    );

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
    MergeOutcome {
        map: flat.build(),
        conflicts: m.conflicts,
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
) -> Entry<T> {
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
                let b = b.map_or(&empty, |&b| &base[b]);
                result.push(merge_entry(m, parent_field, b, &ours[o], &theirs[t]));
            }
            (Some(&b), _, _) => {
                // The following side deleted it.
                if *e != base[b] {
                    m.deleted(id, theirs_lead);
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
                let moved_here = key(e) != key(&base[b]);
                let moved_there = key(&lead[l]) != key(&base[b]);
                if moved_here && !moved_there {
                    if let Some(from) = result.iter().position(|r| r.item.id() == id) {
                        let item = result.remove(from);
                        let at = insert_at(&result, anchor, &added_by_leader);
                        result.insert(at, item);
                    }
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
                    m.deleted(id, !theirs_lead);
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

/// Puts back the parents that `needed` names but the merged `list` lacks,
/// taken from ours, theirs or base (`sides`, in that order), each after the
/// item it follows there.
fn restore<T: Item>(
    m: &mut Merger,
    list: &mut Vec<Entry<T>>,
    needed: &[String],
    sides: [&[Entry<T>]; 3],
) {
    let mut present: HashSet<String> = list.iter().map(|e| e.item.id().to_owned()).collect();
    for id in needed {
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
            m.deleted(id, side_no != 0);
            present.insert(id.clone());
            break;
        }
    }
}
