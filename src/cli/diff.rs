//! `journeymap diff`: what changed between two maps, in words, one change a line.

use std::fmt::Write as _;
use std::path::Path;

use super::{Status, load_or_report};
use crate::vcs;

pub(super) fn diff(
    old: &Path,
    new: &Path,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> Status {
    let (Ok(old), Ok(new)) = (load_or_report(old, err), load_or_report(new, err)) else {
        return Status::Io;
    };
    let lines = vcs::diff(&old, &new);
    let mut text = String::new();
    for line in &lines {
        let _ = writeln!(text, "{line}");
    }
    let _ = out.write_all(text.as_bytes());
    if lines.is_empty() {
        Status::Ok
    } else {
        Status::Bad
    }
}
