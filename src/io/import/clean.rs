//! Cleaning imported events, after the rows with missing data are dropped:
//! values standardised (case, white space, the map's channel aliases; the
//! most frequent spelling names the value), then the same contact logged
//! twice within a window counted once.

use std::collections::HashMap;

use super::csv::{Event, NONE, Spellings};
use crate::model::{Channel, ChannelId};

/// White space collapsed to single spaces, ends trimmed; case kept.
pub fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What two spellings of one value share: [`tidy`] and lower case.
pub fn key(text: &str) -> String {
    tidy(text).to_lowercase()
}

/// A short id from a name: lower-case letters and digits joined by `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.chars().count() > 32 {
        out = out.chars().take(32).collect();
        while out.ends_with('-') {
            out.pop();
        }
    }
    if out.is_empty() { "x".to_owned() } else { out }
}

/// The standard values of one column.
#[derive(Debug, Default)]
pub struct Standard {
    /// For each spelling id, its standard id.
    pub of_spelling: Vec<u32>,
    /// Each standard value's name: its most frequent spelling (tidied).
    pub names: Vec<String>,
    /// Each standard value's [`key`].
    pub keys: Vec<String>,
}

impl Standard {
    /// The standard id of a value's key.
    pub fn find(&self, key: &str) -> Option<u32> {
        self.keys
            .iter()
            .position(|k| k == key)
            .and_then(|i| u32::try_from(i).ok())
    }

    /// A standard id's name.
    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", String::as_str)
    }
}

/// Groups spellings by [`key`], in order of first appearance; the most
/// frequent tidied spelling names each group (the first seen on a tie).
pub fn standardise(spellings: &Spellings) -> Standard {
    let mut by_key: HashMap<String, u32> = HashMap::new();
    let mut out = Standard::default();
    // Per standard value: (tidied spelling, rows), in order of first appearance.
    let mut variants: Vec<Vec<(String, u64)>> = Vec::new();
    for (text, &count) in spellings.texts.iter().zip(&spellings.counts) {
        let tidied = tidy(text);
        let k = tidied.to_lowercase();
        let next = u32::try_from(out.keys.len()).unwrap_or(NONE - 1);
        let id = *by_key.entry(k.clone()).or_insert_with(|| {
            out.keys.push(k);
            variants.push(Vec::new());
            next
        });
        out.of_spelling.push(id);
        if let Some(list) = variants.get_mut(id as usize) {
            match list.iter_mut().find(|(t, _)| *t == tidied) {
                Some((_, c)) => *c += count,
                None => list.push((tidied, count)),
            }
        }
    }
    out.names = variants
        .into_iter()
        .map(|list| {
            let mut best: Option<(String, u64)> = None;
            for (text, count) in list {
                if best.as_ref().is_none_or(|(_, c)| count > *c) {
                    best = Some((text, count));
                }
            }
            best.map(|(t, _)| t).unwrap_or_default()
        })
        .collect();
    out
}

/// Channel spellings resolved against a map's channel list.
#[derive(Debug, Default)]
pub struct Channels {
    /// For each spelling id, the index of its channel in `list`.
    pub of_spelling: Vec<u32>,
    /// The map's channels, then one for each value found nowhere in them.
    pub list: Vec<Channel>,
    /// How many of `list` are new (at its end).
    pub added: usize,
}

impl Channels {
    /// The index of a channel id in `list`.
    pub fn index(&self, id: &ChannelId) -> Option<u32> {
        self.list
            .iter()
            .position(|c| &c.id == id)
            .and_then(|i| u32::try_from(i).ok())
    }
}

/// Finds each spelling's channel by its id, name or an alias (compared by
/// [`key`]); a value found nowhere becomes a new channel named by its most
/// frequent spelling.
pub fn resolve_channels(spellings: &Spellings, known: &[Channel]) -> Channels {
    let mut table: HashMap<String, u32> = HashMap::new();
    for (i, channel) in known.iter().enumerate() {
        let i = u32::try_from(i).unwrap_or(NONE - 1);
        let names = [channel.id.as_str(), channel.name.as_str()]
            .into_iter()
            .chain(channel.aliases.iter().map(String::as_str));
        for name in names {
            let k = key(name);
            if !k.is_empty() {
                table.entry(k).or_insert(i);
            }
        }
    }
    let standard = standardise(spellings);
    let mut list = known.to_vec();
    let mut of_standard = Vec::new();
    for (k, name) in standard.keys.iter().zip(&standard.names) {
        let index = if let Some(&i) = table.get(k) {
            i
        } else {
            let base = slug(name);
            let mut id = base.clone();
            let mut n = 2;
            while list.iter().any(|c| c.id.as_str() == id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            list.push(Channel {
                id: id.into(),
                name: name.clone(),
                aliases: Vec::new(),
            });
            let i = u32::try_from(list.len() - 1).unwrap_or(NONE - 1);
            table.insert(k.clone(), i);
            i
        };
        of_standard.push(index);
    }
    let of_spelling = standard
        .of_spelling
        .iter()
        .map(|&s| of_standard.get(s as usize).copied().unwrap_or(NONE))
        .collect();
    Channels {
        of_spelling,
        added: list.len() - known.len(),
        list,
    }
}

/// Counts the same contact once: events of one customer at one touchpoint
/// through one channel, less than `window` seconds (inclusive) after the
/// last one kept, are merged into it (it takes their score if it has none).
/// Returns how many were merged; the events end up sorted by customer,
/// touchpoint, channel and time.
pub fn dedup(events: &mut Vec<Event>, window: i64) -> u64 {
    events.sort_unstable_by_key(|e| (e.customer, e.touchpoint, e.channel, e.time, e.row));
    let mut merged = 0;
    let mut kept = 0usize;
    for read in 0..events.len() {
        let Some(event) = events.get(read).copied() else {
            break;
        };
        if let Some(last) = kept.checked_sub(1).and_then(|k| events.get_mut(k))
            && last.customer == event.customer
            && last.touchpoint == event.touchpoint
            && last.channel == event.channel
            && event.time - last.time <= window
        {
            merged += 1;
            if last.score.is_nan() {
                last.score = event.score;
            }
            continue;
        }
        if let Some(slot) = events.get_mut(kept) {
            *slot = event;
        }
        kept += 1;
    }
    events.truncate(kept);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(customer: u32, touchpoint: u32, time: i64) -> Event {
        Event {
            customer,
            touchpoint,
            channel: 0,
            stage: NONE,
            source: NONE,
            time,
            score: f32::NAN,
            row: 0,
        }
    }

    #[test]
    fn keys_ignore_case_and_white_space_and_slugs_are_short() {
        assert_eq!(key("  Demo   Call "), "demo call");
        assert_eq!(tidy(" Demo \t call"), "Demo call");
        assert_eq!(slug("E-mail / Newsletter!"), "e-mail-newsletter");
        assert_eq!(slug("!!!"), "x");
    }

    #[test]
    fn a_window_chain_keeps_one_per_window_from_the_last_kept() {
        // 0, 30 min (merged), 61 min (kept: 61 min after the kept one), 90 min (merged).
        let mut events = vec![
            event(0, 0, 0),
            event(0, 0, 1800),
            event(0, 0, 3660),
            event(0, 0, 5400),
            event(1, 0, 0),
        ];
        assert_eq!(dedup(&mut events, 3600), 2);
        let times: Vec<(u32, i64)> = events.iter().map(|e| (e.customer, e.time)).collect();
        assert_eq!(times, vec![(0, 0), (0, 3660), (1, 0)]);
    }
}
