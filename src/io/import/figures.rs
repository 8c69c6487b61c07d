//! From cleaned events to a map: steps and touchpoint cards for a new map,
//! and the figures (customers, touches, B2B journey figures, drop-off,
//! average scores) attached to the touchpoint cards of any map.

use std::collections::HashMap;

use super::clean::{Channels, Standard, key, slug};
use super::csv::{Event, NONE};
use crate::model::{
    Card, CardId, EmotionScale, Figures, Journey, JourneyMap, LaneKind, Stage, StageId, Step,
    StepId,
};

/// Cleaned events and the names behind their ids.
#[derive(Debug)]
pub struct Cleaned {
    /// The events, sorted by customer (then touchpoint, channel, time).
    pub events: Vec<Event>,
    /// Touchpoint names.
    pub touchpoints: Standard,
    /// Stage names, in order of first appearance; empty without a stage column.
    pub stages: Standard,
    /// Channels: `event.channel` indexes `channels.list`.
    pub channels: Channels,
    /// The events carry scores.
    pub has_score: bool,
    /// The scale of the scores.
    pub scale: EmotionScale,
}

/// The name of the one stage of a file without a stage column, and of the
/// stage of rows whose stage is empty.
pub const NO_STAGE: &str = "No stage";

/// What attaching the figures found.
#[derive(Debug, Default)]
pub struct Attached {
    /// Events that landed on a card.
    pub matched: u64,
    /// Touchpoints (name, channel name, touches) with no card on the map.
    pub unmatched: Vec<(String, String, u64)>,
    /// Steps whose score was set from the data.
    pub scored_steps: usize,
}

#[expect(
    clippy::cast_precision_loss,
    reason = "counts of events are far below 2^52"
)]
fn f64_of(n: u64) -> f64 {
    n as f64
}

fn usize_of(n: u32) -> usize {
    n as usize
}

/// Rounds to `places` decimals so figures read well and re-imports diff little.
fn round(value: f64, places: i32) -> f64 {
    let factor = 10f64.powi(places);
    (value * factor).round() / factor
}

/// The middle value (the mean of the two middle ones for an even count).
fn median(values: &mut [f64]) -> Option<f64> {
    values.sort_unstable_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => values.get(n / 2).copied(),
        _ => Some((values.get(n / 2 - 1)? + values.get(n / 2)?) / 2.0),
    }
}

/// Events grouped by customer (they are sorted by customer).
fn by_customer(events: &[Event]) -> impl Iterator<Item = &[Event]> {
    events.chunk_by(|a, b| a.customer == b.customer)
}

/// Makes an id unique in `taken` by adding `-2`, `-3`...
fn unique(base: &str, taken: &mut std::collections::HashSet<String>) -> String {
    let mut id = base.to_owned();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

/// The stage index of an event in a new map: its standard stage, or the
/// extra "No stage" one after them.
fn stage_of(event: &Event, stages: &Standard) -> usize {
    if event.stage == NONE {
        stages.names.len()
    } else {
        usize_of(event.stage)
    }
}

/// Per (stage, touchpoint): the seconds from each customer's first touch to
/// their first meeting it, and the channels it was met through.
#[expect(
    clippy::type_complexity,
    reason = "two maps by the same key, used once"
)]
fn step_times(
    data: &Cleaned,
) -> (
    HashMap<(usize, u32), Vec<f64>>,
    HashMap<(usize, u32), Vec<u32>>,
) {
    let mut offsets: HashMap<(usize, u32), Vec<f64>> = HashMap::new();
    let mut channels: HashMap<(usize, u32), Vec<u32>> = HashMap::new();
    let mut firsts: HashMap<(usize, u32), i64> = HashMap::new();
    for group in by_customer(&data.events) {
        let start = group.iter().map(|e| e.time).min().unwrap_or_default();
        firsts.clear();
        for event in group {
            let step = (stage_of(event, &data.stages), event.touchpoint);
            let first = firsts.entry(step).or_insert(event.time);
            *first = (*first).min(event.time);
            let list = channels.entry(step).or_default();
            if !list.contains(&event.channel) {
                list.push(event.channel);
            }
        }
        for (&step, &first) in &firsts {
            #[expect(clippy::cast_precision_loss, reason = "seconds; exactness not needed")]
            offsets
                .entry(step)
                .or_default()
                .push((first - start) as f64);
        }
    }
    (offsets, channels)
}

/// Builds a new map on `base` (its channels and lanes): one journey named
/// `title`, a stage per stage value, a step per touchpoint within a stage
/// (ordered by the median time from each customer's first touch to the
/// touchpoint), a touchpoint card per channel; then attaches the figures.
pub fn build(mut base: JourneyMap, data: &Cleaned, title: &str) -> (JourneyMap, Attached) {
    let stage_count = data.stages.names.len() + 1;
    let (mut offsets, mut channels) = step_times(data);
    let lane = base
        .lanes
        .iter()
        .find(|l| l.kind == LaneKind::Touchpoints)
        .map_or_else(|| "ln-touch".into(), |l| l.id.clone());
    let mut taken = std::collections::HashSet::new();
    let mut journey = Journey {
        id: "jr-main".into(),
        name: title.to_owned(),
        ..Journey::default()
    };
    taken.insert("jr-main".to_owned());
    let mut steps_by_stage: Vec<Vec<(f64, String, u32)>> = vec![Vec::new(); stage_count];
    for (&(stage, touchpoint), values) in &mut offsets {
        let middle = median(values).unwrap_or_default();
        if let Some(list) = steps_by_stage.get_mut(stage) {
            let name = data.touchpoints.name(touchpoint).to_owned();
            list.push((middle, key(&name), touchpoint));
        }
    }
    for (stage_index, mut steps) in steps_by_stage.into_iter().enumerate() {
        if steps.is_empty() {
            continue;
        }
        steps.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        let name = data
            .stages
            .names
            .get(stage_index)
            .map_or(NO_STAGE, String::as_str);
        let mut stage = Stage {
            id: StageId::from(unique(&format!("st-{}", slug(name)), &mut taken)),
            name: name.to_owned(),
            ..Stage::default()
        };
        for (_, _, touchpoint) in steps {
            let name = data.touchpoints.name(touchpoint);
            let step_id = StepId::from(unique(&format!("sp-{}", slug(name)), &mut taken));
            let mut through = channels
                .remove(&(stage_index, touchpoint))
                .unwrap_or_default();
            through.sort_unstable();
            for channel in through {
                let channel_id = data
                    .channels
                    .list
                    .get(usize_of(channel))
                    .map(|c| c.id.clone());
                let suffix = channel_id
                    .as_ref()
                    .map_or_else(String::new, |c| format!("-{}", slug(c.as_str())));
                journey.cards.push(Card {
                    id: CardId::from(unique(&format!("cd-{}{suffix}", slug(name)), &mut taken)),
                    lane: lane.clone(),
                    step: step_id.clone(),
                    text: name.to_owned(),
                    channel: channel_id,
                    ..Card::default()
                });
            }
            stage.steps.push(Step {
                id: step_id,
                name: name.to_owned(),
                ..Step::default()
            });
        }
        journey.stages.push(stage);
    }
    title.clone_into(&mut base.title);
    base.description = String::new();
    base.channels.clone_from(&data.channels.list);
    if data.has_score {
        base.emotion_scale = data.scale;
    }
    base.personas.clear();
    base.conflicts.clear();
    base.journeys = vec![journey];
    let attached = attach(&mut base, data);
    (base, attached)
}

/// Where a card sits, flattened over all journeys.
struct Slot {
    journey: usize,
    stage: usize,
    step: usize,
    card: usize,
}

/// Attaches the figures of `data` to the touchpoint cards of `map` by name
/// and channel (a card without a channel takes every channel of its name;
/// among cards of one name and channel, the one in a stage of the event's
/// stage name). Every old figure is cleared first, so the map holds exactly
/// this data's figures; scores are set on steps that got scored events.
#[expect(
    clippy::too_many_lines,
    reason = "one pass over the events with every counter side by side reads better than split"
)]
pub fn attach(map: &mut JourneyMap, data: &Cleaned) -> Attached {
    let touch_lanes: Vec<_> = map
        .lanes
        .iter()
        .filter(|l| l.kind == LaneKind::Touchpoints)
        .map(|l| l.id.clone())
        .collect();
    // Flattened items: stages and steps get global indexes.
    let mut stage_base = Vec::new();
    let mut stage_journey = Vec::new();
    let mut stage_key = Vec::new();
    let mut step_index: HashMap<StepId, (usize, usize)> = HashMap::new();
    let mut steps = 0usize;
    for (j, journey) in map.journeys.iter().enumerate() {
        stage_base.push(stage_journey.len());
        for stage in &journey.stages {
            let s = stage_journey.len();
            stage_journey.push(j);
            stage_key.push(key(&stage.name));
            for step in &stage.steps {
                step_index.insert(step.id.clone(), (s, steps));
                steps += 1;
            }
        }
    }
    let mut slots: Vec<Slot> = Vec::new();
    // (touchpoint, channel or NONE) -> candidate slots.
    let mut candidates: HashMap<(u32, u32), Vec<usize>> = HashMap::new();
    for (j, journey) in map.journeys.iter().enumerate() {
        for (c, card) in journey.cards.iter().enumerate() {
            if !touch_lanes.contains(&card.lane) {
                continue;
            }
            let (Some(touchpoint), Some(&(stage, step))) = (
                data.touchpoints.find(&key(&card.text)),
                step_index.get(&card.step),
            ) else {
                continue;
            };
            let channel = match &card.channel {
                None => NONE,
                Some(id) => match data.channels.index(id) {
                    Some(i) => i,
                    None => continue,
                },
            };
            candidates
                .entry((touchpoint, channel))
                .or_default()
                .push(slots.len());
            slots.push(Slot {
                journey: j,
                stage,
                step,
                card: c,
            });
        }
    }
    // Each event's slot, cached per (touchpoint, channel, stage).
    let mut cache: HashMap<(u32, u32, u32), u32> = HashMap::new();
    let slot_of = |event: &Event, cache: &mut HashMap<(u32, u32, u32), u32>| -> u32 {
        *cache
            .entry((event.touchpoint, event.channel, event.stage))
            .or_insert_with(|| {
                let list = candidates
                    .get(&(event.touchpoint, event.channel))
                    .or_else(|| candidates.get(&(event.touchpoint, NONE)));
                let Some(list) = list else {
                    return NONE;
                };
                let wanted = if event.stage == NONE {
                    key(NO_STAGE)
                } else {
                    data.stages
                        .keys
                        .get(usize_of(event.stage))
                        .cloned()
                        .unwrap_or_default()
                };
                let pick = list
                    .iter()
                    .find(|&&s| {
                        slots
                            .get(s)
                            .and_then(|slot| stage_key.get(slot.stage))
                            .is_some_and(|k| *k == wanted)
                    })
                    .or_else(|| list.first());
                pick.and_then(|&s| u32::try_from(s).ok()).unwrap_or(NONE)
            })
    };

    let stages = stage_journey.len();
    let journeys = map.journeys.len();
    let mut card_customers = vec![0u64; slots.len()];
    let mut card_touches = vec![0u64; slots.len()];
    let mut step_customers = vec![0u64; steps];
    let mut step_touches = vec![0u64; steps];
    let mut step_score = vec![(0f64, 0u64); steps];
    let mut stage_customers = vec![0u64; stages];
    let mut stage_touches = vec![0u64; stages];
    let mut stage_on = vec![0u64; stages];
    // Per journey: customers, touches, and per customer touches, channels, days.
    let mut per_journey: Vec<(Vec<f64>, Vec<f64>, Vec<f64>)> =
        vec![(Vec::new(), Vec::new(), Vec::new()); journeys];
    let mut journey_touches = vec![0u64; journeys];
    let mut unmatched: HashMap<(u32, u32), u64> = HashMap::new();
    let mut matched = 0u64;
    let mut mine: Vec<(usize, u32, i64, usize)> = Vec::new();
    let mut seen: Vec<usize> = Vec::new();
    for group in by_customer(&data.events) {
        mine.clear();
        for event in group {
            let s = slot_of(event, &mut cache);
            let Some(slot) = slots.get(usize_of(s)) else {
                *unmatched
                    .entry((event.touchpoint, event.channel))
                    .or_default() += 1;
                continue;
            };
            matched += 1;
            if let Some(t) = card_touches.get_mut(usize_of(s)) {
                *t += 1;
            }
            if let Some(t) = step_touches.get_mut(slot.step) {
                *t += 1;
            }
            if let Some(t) = stage_touches.get_mut(slot.stage) {
                *t += 1;
            }
            if !event.score.is_nan()
                && let Some((sum, n)) = step_score.get_mut(slot.step)
            {
                *sum += f64::from(event.score);
                *n += 1;
            }
            mine.push((usize_of(s), event.channel, event.time, slot.journey));
        }
        let mut count_distinct = |ids: &mut dyn Iterator<Item = usize>, into: &mut [u64]| {
            seen.clear();
            seen.extend(ids);
            seen.sort_unstable();
            seen.dedup();
            for &i in &seen {
                if let Some(n) = into.get_mut(i) {
                    *n += 1;
                }
            }
            seen.clone()
        };
        count_distinct(&mut mine.iter().map(|m| m.0), &mut card_customers);
        count_distinct(
            &mut mine.iter().filter_map(|m| slots.get(m.0).map(|s| s.step)),
            &mut step_customers,
        );
        let reached = count_distinct(
            &mut mine.iter().filter_map(|m| slots.get(m.0).map(|s| s.stage)),
            &mut stage_customers,
        );
        for &s in &reached {
            let same_journey = stage_journey.get(s) == stage_journey.get(s + 1);
            if same_journey
                && reached.binary_search(&(s + 1)).is_ok()
                && let Some(n) = stage_on.get_mut(s)
            {
                *n += 1;
            }
        }
        mine.sort_unstable_by_key(|m| (m.3, m.1, m.2));
        for chunk in mine.chunk_by(|a, b| a.3 == b.3) {
            let Some(journey) = chunk.first().map(|m| m.3) else {
                continue;
            };
            let first = chunk.iter().map(|m| m.2).min().unwrap_or_default();
            let last = chunk.iter().map(|m| m.2).max().unwrap_or_default();
            let mut channels: Vec<u32> = chunk.iter().map(|m| m.1).filter(|&c| c != NONE).collect();
            channels.dedup();
            if let Some(n) = journey_touches.get_mut(journey) {
                *n += chunk.len() as u64;
            }
            if let Some((touches, chans, days)) = per_journey.get_mut(journey) {
                touches.push(f64_of(chunk.len() as u64));
                chans.push(f64_of(channels.len() as u64));
                #[expect(clippy::cast_precision_loss, reason = "seconds to days")]
                days.push((last - first) as f64 / 86_400.0);
            }
        }
    }

    // Write the figures, clearing every old one.
    let scale = map.emotion_scale;
    let mut scored_steps = 0;
    let mut global_step = 0usize;
    for (j, journey) in map.journeys.iter_mut().enumerate() {
        journey.figures = Figures::default();
        if let Some((touches, chans, days)) = per_journey.get_mut(j)
            && !touches.is_empty()
        {
            let n = f64_of(touches.len() as u64);
            let mean = |v: &[f64]| v.iter().sum::<f64>() / n;
            journey.figures = Figures {
                customers: Some(touches.len() as u64),
                touches: journey_touches.get(j).copied(),
                touches_per_customer: Some(round(mean(touches), 2)),
                channels_per_customer: Some(round(mean(chans), 2)),
                days_mean: Some(round(mean(days), 1)),
                days_median: median(days).map(|d| round(d, 1)),
                drop_off: None,
            };
        }
        let first_stage = stage_base.get(j).copied().unwrap_or_default();
        let stage_total = journey.stages.len();
        for (k, stage) in journey.stages.iter_mut().enumerate() {
            let s = first_stage + k;
            let customers = stage_customers.get(s).copied().unwrap_or_default();
            stage.figures = Figures::default();
            if customers > 0 {
                stage.figures.customers = Some(customers);
                stage.figures.touches = stage_touches.get(s).copied();
                if k + 1 < stage_total {
                    let on = stage_on.get(s).copied().unwrap_or_default();
                    stage.figures.drop_off = Some(round(1.0 - f64_of(on) / f64_of(customers), 3));
                }
            }
            for step in &mut stage.steps {
                let p = global_step;
                global_step += 1;
                step.figures = Figures::default();
                let customers = step_customers.get(p).copied().unwrap_or_default();
                if customers > 0 {
                    step.figures.customers = Some(customers);
                    step.figures.touches = step_touches.get(p).copied();
                }
                if let Some(&(sum, n)) = step_score.get(p)
                    && n > 0
                {
                    #[expect(clippy::cast_possible_truncation, reason = "a score on a small scale")]
                    let average = (sum / f64_of(n)) as f32;
                    let average = if data.scale == scale {
                        (average * 10.0).round() / 10.0
                    } else {
                        data.scale.rescale(average, scale)
                    };
                    step.score = Some(average);
                    scored_steps += 1;
                }
            }
        }
        for card in &mut journey.cards {
            card.figures = Figures::default();
        }
    }
    for (i, slot) in slots.iter().enumerate() {
        let customers = card_customers.get(i).copied().unwrap_or_default();
        if customers == 0 {
            continue;
        }
        if let Some(card) = map
            .journeys
            .get_mut(slot.journey)
            .and_then(|j| j.cards.get_mut(slot.card))
        {
            card.figures.customers = Some(customers);
            card.figures.touches = card_touches.get(i).copied();
        }
    }
    let mut unmatched: Vec<(String, String, u64)> = unmatched
        .into_iter()
        .map(|((t, c), n)| {
            let channel = data
                .channels
                .list
                .get(usize_of(c))
                .map_or_else(String::new, |c| c.name.clone());
            (data.touchpoints.name(t).to_owned(), channel, n)
        })
        .collect();
    unmatched.sort_by(|a, b| {
        b.2.cmp(&a.2)
            .then_with(|| a.0.cmp(&b.0))
            .then_with(|| a.1.cmp(&b.1))
    });
    Attached {
        matched,
        unmatched,
        scored_steps,
    }
}
