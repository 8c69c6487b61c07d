//! A map as flat lists of items, each with the id of its parent.

use std::collections::HashMap;

use crate::model::{
    Card, Channel, Conflict, Journey, JourneyMap, Lane, Link, Metric, Persona, Stage, Step,
};

/// One item and the id of the item that holds it (empty at the top level).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Entry<T> {
    /// The holder's id: a journey for stages, cards and links, a stage for steps and KPIs.
    pub parent: String,
    /// The item, without its child lists.
    pub item: T,
}

fn top<T: Clone>(items: &[T]) -> Vec<Entry<T>> {
    items
        .iter()
        .map(|item| Entry {
            parent: String::new(),
            item: item.clone(),
        })
        .collect()
}

/// Every list of a map, flattened in document order.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Flat {
    /// The map's own fields (title, description, scale); its lists are empty.
    pub top: JourneyMap,
    pub channels: Vec<Entry<Channel>>,
    pub lanes: Vec<Entry<Lane>>,
    pub personas: Vec<Entry<Persona>>,
    /// Journeys without their stages, cards and links.
    pub journeys: Vec<Entry<Journey>>,
    /// Stages without their KPIs and steps.
    pub stages: Vec<Entry<Stage>>,
    pub metrics: Vec<Entry<Metric>>,
    pub steps: Vec<Entry<Step>>,
    pub cards: Vec<Entry<Card>>,
    pub links: Vec<Entry<Link>>,
    pub conflicts: Vec<Conflict>,
}

impl Flat {
    /// Flattens a map.
    pub fn new(map: &JourneyMap) -> Self {
        let mut flat = Flat {
            top: JourneyMap {
                version: map.version,
                title: map.title.clone(),
                description: map.description.clone(),
                emotion_scale: map.emotion_scale,
                ..JourneyMap::default()
            },
            channels: top(&map.channels),
            lanes: top(&map.lanes),
            personas: top(&map.personas),
            conflicts: map.conflicts.clone(),
            ..Flat::default()
        };
        for journey in &map.journeys {
            let jid = journey.id.as_str().to_owned();
            for stage in &journey.stages {
                let sid = stage.id.as_str().to_owned();
                flat.metrics.extend(stage.metrics.iter().map(|m| Entry {
                    parent: sid.clone(),
                    item: m.clone(),
                }));
                flat.steps.extend(stage.steps.iter().map(|s| Entry {
                    parent: sid.clone(),
                    item: s.clone(),
                }));
                flat.stages.push(Entry {
                    parent: jid.clone(),
                    item: Stage {
                        metrics: Vec::new(),
                        steps: Vec::new(),
                        ..stage.clone()
                    },
                });
            }
            flat.cards.extend(journey.cards.iter().map(|c| Entry {
                parent: jid.clone(),
                item: c.clone(),
            }));
            flat.links.extend(journey.links.iter().map(|l| Entry {
                parent: jid.clone(),
                item: l.clone(),
            }));
            flat.journeys.push(Entry {
                parent: String::new(),
                item: Journey {
                    stages: Vec::new(),
                    cards: Vec::new(),
                    links: Vec::new(),
                    ..journey.clone()
                },
            });
        }
        flat
    }

    /// Puts the map back together. A child whose parent is not in the
    /// lists is left out: the merge restores such parents first.
    pub fn build(self) -> JourneyMap {
        let mut metrics = group(self.metrics);
        let mut steps = group(self.steps);
        let mut stages = group(self.stages);
        let mut cards = group(self.cards);
        let mut links = group(self.links);
        let journeys = self
            .journeys
            .into_iter()
            .map(|entry| {
                let mut journey = entry.item;
                let id = journey.id.as_str();
                journey.stages = stages
                    .remove(id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|mut stage| {
                        let sid = stage.id.as_str();
                        stage.metrics = metrics.remove(sid).unwrap_or_default();
                        stage.steps = steps.remove(sid).unwrap_or_default();
                        stage
                    })
                    .collect();
                journey.cards = cards.remove(id).unwrap_or_default();
                journey.links = links.remove(id).unwrap_or_default();
                journey
            })
            .collect();
        JourneyMap {
            channels: self.channels.into_iter().map(|e| e.item).collect(),
            lanes: self.lanes.into_iter().map(|e| e.item).collect(),
            personas: self.personas.into_iter().map(|e| e.item).collect(),
            journeys,
            conflicts: self.conflicts,
            ..self.top
        }
    }
}

/// Items by parent id, each group in list order.
fn group<T>(entries: Vec<Entry<T>>) -> HashMap<String, Vec<T>> {
    let mut groups: HashMap<String, Vec<T>> = HashMap::new();
    for entry in entries {
        groups.entry(entry.parent).or_default().push(entry.item);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{self, templates::TEMPLATES};

    #[test]
    fn flattening_and_building_gives_the_same_map() {
        for template in TEMPLATES {
            let map = io::from_str(template.text).expect("template loads");
            assert_eq!(Flat::new(&map).build(), map, "{}", template.name);
        }
        let map = crate::model::synthetic::generate(3, 3, 50);
        let flat = Flat::new(&map);
        assert_eq!(flat.cards.len(), map.card_count());
        assert_eq!(flat.build(), map);
    }
}
