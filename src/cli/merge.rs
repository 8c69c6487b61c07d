//! `journeymap merge`: git's merge driver.

use std::fmt::Write as _;
use std::path::Path;

use super::{Status, load_or_report};
use crate::io;
use crate::model::JourneyMap;
use crate::vcs;

pub(super) fn merge(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    err: &mut dyn std::io::Write,
) -> Status {
    // An empty ancestor: both sides added the file; merge against an empty map.
    let base_doc = match io::read_text(base) {
        Ok(text) if text.trim().is_empty() => Ok(JourneyMap::default()),
        _ => load_or_report(base, err),
    };
    let (Ok(base_doc), Ok(ours_doc), Ok(theirs_doc)) = (
        base_doc,
        load_or_report(ours, err),
        load_or_report(theirs, err),
    ) else {
        let _ = writeln!(
            err,
            "journeymap merge: nothing merged; {} is unchanged",
            ours.display()
        );
        return Status::Io;
    };
    let outcome = vcs::merge(&base_doc, &ours_doc, &theirs_doc);
    if let Err(e) = io::save(ours, &outcome.map) {
        let _ = writeln!(err, "journeymap merge: error: {e}");
        return Status::Io;
    }
    let mut report = String::new();
    for line in vcs::merge::describe_conflicts(&outcome) {
        // OURS is a temporary file under git, so its name would not help.
        let _ = writeln!(report, "journeymap merge: conflict: {line}");
    }
    let _ = err.write_all(report.as_bytes());
    if outcome.conflicts.is_empty() {
        Status::Ok
    } else {
        Status::Bad
    }
}
