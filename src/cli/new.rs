//! `journeymap new`: a map from a template, never over a file without `--force`.

use std::path::Path;

use super::Status;
use crate::io::{self, templates};

pub(super) fn new(
    template: &str,
    force: bool,
    path: &Path,
    err: &mut dyn std::io::Write,
) -> Status {
    let Some(template) = templates::find(template) else {
        let _ = writeln!(
            err,
            "journeymap: there is no template called \"{template}\"; the templates are: {}",
            templates::names().join(", ")
        );
        return Status::Io;
    };
    if !force && (path.exists() || path.is_symlink()) {
        let _ = writeln!(
            err,
            "{}: error: the file already exists; choose another name or add --force to replace it",
            path.display()
        );
        return Status::Bad;
    }
    let doc = match io::from_str(template.text) {
        Ok(doc) => doc,
        Err(e) => {
            // A template that does not load is a bug in this build.
            let _ = writeln!(
                err,
                "journeymap: internal error: template {} does not load: {e}",
                template.name
            );
            return Status::Io;
        }
    };
    let expect = if force {
        io::atomic::Expect::Anything
    } else {
        // A file made meanwhile is not replaced either.
        io::atomic::Expect::Nothing
    };
    let written = io::to_canonical_string(&doc)
        .and_then(|text| io::atomic::write_expecting(path, text.as_bytes(), expect));
    match written {
        Ok(()) => {
            let _ = writeln!(
                err,
                "created {} from template {}",
                path.display(),
                template.name
            );
            Status::Ok
        }
        Err(e) => {
            let _ = writeln!(err, "journeymap: error: {e}");
            Status::Io
        }
    }
}
