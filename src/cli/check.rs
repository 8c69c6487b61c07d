//! `journeymap check`: diagnostics as `file:line:col: error|warning: text`.

use std::fmt::Write as _;
use std::path::Path;

use super::{Status, read_map, report_load_error};
use crate::io::SourceMap;
use crate::validate::{self, Severity};

pub(super) fn check(path: &Path, strict: bool, err: &mut dyn std::io::Write) -> Status {
    let (text, doc) = match read_map(path) {
        Ok(read) => read,
        Err(e) => return report_load_error(path, &e, err),
    };
    let source = SourceMap::new(&text);
    let dir = path.parent().unwrap_or(Path::new(""));
    let diagnostics = validate::validate(&doc, Some(&source), Some(dir));
    let mut status = Status::Ok;
    let mut report = String::new();
    for d in &diagnostics {
        let _ = writeln!(
            report,
            "{}:{}: {}: {}",
            path.display(),
            d.pos,
            d.severity,
            d.message
        );
        if d.severity == Severity::Error || strict {
            status = Status::Bad;
        }
    }
    let _ = err.write_all(report.as_bytes());
    status
}
