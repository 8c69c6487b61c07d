//! Three maps from one input, split on the byte 0xFF (never in UTF-8 text):
//! base, ours, theirs (a part left out repeats the base, so a plain map file
//! is a seed). Whatever loads is merged, never panics, and gives a map that
//! saves and loads back; a merge without conflicts (of versions without a
//! duplicate id, which `journeymap merge` refuses) has no `check` error that
//! none of the three versions had; every recorded conflict decides either
//! way without a panic.
#![no_main]

use std::collections::HashSet;

use journeymap::io;
use journeymap::model::JourneyMap;
use journeymap::validate::{self, Severity};
use journeymap::vcs::{self, resolve};
use libfuzzer_sys::fuzz_target;

fn errors(map: &JourneyMap) -> Vec<String> {
    validate::validate(map, None, None)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message)
        .collect()
}

fuzz_target!(|bytes: &[u8]| {
    let mut parts = bytes.splitn(3, |b| *b == 0xFF);
    let Some(first) = parts.next() else { return };
    let (second, third) = (parts.next().unwrap_or(first), parts.next().unwrap_or(first));
    let (Ok(base), Ok(ours), Ok(theirs)) = (
        io::from_bytes(first),
        io::from_bytes(second),
        io::from_bytes(third),
    ) else {
        return;
    };
    let out = vcs::merge(&base, &ours, &theirs);
    let _ = vcs::diff::describe_conflicts(&out);
    let text = io::to_canonical_string(&out.map).expect("a merged map saves");
    assert_eq!(io::from_str(&text).expect("a merged map loads"), out.map);
    let refused = [&base, &ours, &theirs]
        .iter()
        .any(|m| vcs::merge::duplicate_id(m).is_some());
    if out.conflicts.is_empty() && !refused {
        let known: HashSet<String> = [&base, &ours, &theirs]
            .into_iter()
            .flat_map(errors)
            .collect();
        let new: Vec<String> = errors(&out.map)
            .into_iter()
            .filter(|e| !known.contains(e))
            .collect();
        assert!(new.is_empty(), "a clean merge added errors: {new:?}");
    }
    for index in 0..out.map.conflicts.len() {
        for take in [resolve::Take::Ours, resolve::Take::Theirs] {
            let _ = resolve::what(&out.map, &out.map.conflicts[index]);
            if let Ok(edit) = resolve::resolve(&out.map, index, take) {
                let mut decided = out.map.clone();
                let _ = edit.apply(&mut decided);
            }
        }
    }
});
