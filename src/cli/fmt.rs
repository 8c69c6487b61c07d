//! `journeymap fmt`: the canonical form, written atomically (not over another program's save).

use std::path::Path;

use super::{Status, read_map, report_load_error};
use crate::io;

pub(super) fn fmt(path: &Path, check_only: bool, err: &mut dyn std::io::Write) -> Status {
    let (text, doc) = match read_map(path) {
        Ok(read) => read,
        Err(e) => return report_load_error(path, &e, err),
    };
    let canonical = match io::to_canonical_string(&doc) {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(err, "{}: error: {e}", path.display());
            return Status::Bad;
        }
    };
    if canonical == text {
        return Status::Ok;
    }
    if check_only {
        let _ = writeln!(
            err,
            "{}: not in canonical form; `journeymap fmt {}` rewrites it",
            path.display(),
            path.display()
        );
        return Status::Bad;
    }
    // Another program's save since `text` was read is not written over.
    let read = io::atomic::Expect::Digest(io::atomic::digest(text.as_bytes()));
    match io::atomic::write_expecting(path, canonical.as_bytes(), read) {
        Ok(()) => {
            let _ = writeln!(err, "formatted {}", path.display());
            Status::Ok
        }
        Err(e) => {
            let _ = writeln!(err, "journeymap: error: {e}");
            Status::Io
        }
    }
}
