//! `journeymap merge`: git's merge driver.

use std::fmt::Write as _;
use std::path::Path;

use super::{Status, one_line, read_map, report_load_error};
use crate::io::{self, SourceMap};
use crate::model::JourneyMap;
use crate::vcs;

/// Reads a version for merge (any failure is exit 2): its text and the
/// document. A version in which two items share an id is refused too: a
/// merge by id would keep one of them and drop the other without a word.
fn load_for_merge(
    path: &Path,
    err: &mut dyn std::io::Write,
) -> Result<(String, JourneyMap), Status> {
    let (text, doc) = read_map(path).map_err(|e| {
        report_load_error(path, &e, err);
        Status::Io
    })?;
    if let Some(dup) = vcs::merge::duplicate_id(&doc) {
        let kinds = if dup.first == dup.second {
            format!("two {}s", dup.first)
        } else {
            format!("a {} and a {}", dup.first, dup.second)
        };
        let message = format!(
            "the id \"{}\" is used by {kinds}; ids must be unique in a map for a merge by id, so give one of them another id",
            dup.id.escape_debug()
        );
        let source = SourceMap::new(&text);
        let places = source.occurrences(&dup.id);
        let shown = path.display();
        let _ = match places.get(1).or(places.first()) {
            Some(pos) => writeln!(err, "{shown}:{pos}: error: {message}"),
            None => writeln!(err, "{shown}: error: {message}"),
        };
        return Err(Status::Io);
    }
    Ok((text, doc))
}

pub(super) fn merge(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    err: &mut dyn std::io::Write,
) -> Status {
    // An empty ancestor: both sides added the file; merge against an empty map.
    let base_doc = match io::read_text(base) {
        Ok(text) if text.trim().is_empty() => Ok((text, JourneyMap::default())),
        _ => load_for_merge(base, err),
    };
    let (Ok((_, base_doc)), Ok((ours_text, ours_doc)), Ok((_, theirs_doc))) = (
        base_doc,
        load_for_merge(ours, err),
        load_for_merge(theirs, err),
    ) else {
        let _ = writeln!(
            err,
            "journeymap merge: nothing merged; {} is unchanged",
            ours.display()
        );
        return Status::Io;
    };
    let outcome = vcs::merge(&base_doc, &ours_doc, &theirs_doc);
    // A result that is ours already is not written: the file stays as it is
    // (its bytes, its inode), and a read-only folder is no obstacle.
    let same = outcome.map == ours_doc
        || io::to_canonical_string(&outcome.map).is_ok_and(|text| text == ours_text);
    if !same {
        // Written only over the OURS that was read.
        let read = io::atomic::Expect::Digest(io::atomic::digest(ours_text.as_bytes()));
        let written = io::to_canonical_string(&outcome.map)
            .and_then(|text| io::atomic::write_expecting(ours, text.as_bytes(), read));
        if let Err(e) = written {
            let _ = writeln!(err, "journeymap merge: error: {e}");
            return Status::Io;
        }
    }
    let mut report = String::new();
    for line in vcs::diff::describe_conflicts(&outcome) {
        // OURS is a temporary file under git, so its name would not help.
        // One line each, whatever the ids and texts hold.
        let _ = writeln!(report, "journeymap merge: conflict: {}", one_line(&line));
    }
    let _ = err.write_all(report.as_bytes());
    if outcome.conflicts.is_empty() {
        Status::Ok
    } else {
        Status::Bad
    }
}
