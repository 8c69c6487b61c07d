//! `journeymap import csv|mermaid`: maps from data and from Mermaid diagrams.

use std::fmt::Write as _;
use std::path::Path;

use super::{Status, one_line, read_map, report_load_error};
use crate::io::import::{self, CsvOptions, CsvReport, ImportError};
use crate::io::{self, templates};
use crate::model::JourneyMap;

/// Prints an import error as `file:line[:col]: error: text` and gives its status.
pub(super) fn report_import_error(
    path: &Path,
    error: &ImportError,
    err: &mut dyn std::io::Write,
) -> Status {
    let shown = path.display();
    // One line, whatever the input's values put into the message.
    let message = error.to_string();
    let message = one_line(&message);
    let _ = match error.position() {
        Some((line, Some(col))) => writeln!(err, "{shown}:{line}:{col}: error: {message}"),
        Some((line, None)) => writeln!(err, "{shown}:{line}: error: {message}"),
        None => writeln!(err, "{shown}: error: {message}"),
    };
    if error.is_io() {
        Status::Io
    } else {
        Status::Bad
    }
}

pub(super) fn open_input(
    path: &Path,
    err: &mut dyn std::io::Write,
) -> Result<std::fs::File, Status> {
    let file = std::fs::File::open(path).and_then(|f| {
        if f.metadata()?.is_dir() {
            Err(std::io::Error::other("this is a folder, not a file"))
        } else {
            Ok(f)
        }
    });
    file.map_err(|e| report_import_error(path, &ImportError::Io(e), err))
}

pub(super) fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The report of a CSV import: each reason rows were dropped or merged, with totals.
pub(super) fn csv_report(path: &Path, report: &CsvReport, window: i64) -> String {
    let p = path.display();
    let mut text = String::new();
    let _ = writeln!(text, "{p}: read {}", plural(report.rows, "row", "rows"));
    for (n, why) in [
        (report.no_customer, "without a customer"),
        (report.no_time, "without a time"),
        (report.no_touchpoint, "without a touchpoint"),
    ] {
        let _ = writeln!(text, "{p}: dropped {} {why}", plural(n, "row", "rows"));
    }
    let _ = writeln!(
        text,
        "{p}: dropped {} in total",
        plural(report.dropped(), "row", "rows")
    );
    let (spellings, touchpoints) = report.touchpoint_spellings;
    let (channel_spellings, channels) = report.channel_spellings;
    let _ = writeln!(
        text,
        "{p}: standardised {spellings} touchpoint spellings into {touchpoints} touchpoints and {channel_spellings} channel spellings into {channels} channels"
    );
    let window = if window % 3600 == 0 {
        format!("{} h", window / 3600)
    } else if window % 60 == 0 {
        format!("{} min", window / 60)
    } else {
        format!("{window} s")
    };
    let _ = writeln!(
        text,
        "{p}: merged {} logged again within {window} (same customer, touchpoint and channel)",
        plural(report.merged, "row", "rows")
    );
    let _ = writeln!(
        text,
        "{p}: merged {} in total",
        plural(report.merged, "row", "rows")
    );
    let _ = writeln!(
        text,
        "{p}: kept {} of {}",
        plural(report.events, "event", "events"),
        plural(report.customers, "customer", "customers")
    );
    if report.without_stage > 0 {
        let _ = writeln!(
            text,
            "{p}: {} without a stage went into stage \"{}\"",
            plural(report.without_stage, "event", "events"),
            import::figures::NO_STAGE
        );
    }
    for channel in &report.channels_added {
        let _ = writeln!(
            text,
            "{p}: channel \"{}\" is not in the channel list; added it",
            channel.escape_debug()
        );
    }
    for (name, channel, touches) in &report.attached.unmatched {
        let through = if channel.is_empty() {
            String::new()
        } else {
            format!(" ({})", one_line(channel))
        };
        let _ = writeln!(
            text,
            "{p}: warning: touchpoint \"{}\"{through} has no card on the map; {} not attached",
            name.escape_debug(),
            plural(*touches, "touch", "touches")
        );
    }
    text
}

pub(super) fn import_csv(
    input: &Path,
    out: &Path,
    existing: Option<&Path>,
    options: &CsvOptions,
    err: &mut dyn std::io::Write,
) -> Status {
    let mut base = match existing {
        None => None,
        Some(path) => match read_map(path) {
            Ok((_, map)) => Some(map),
            Err(e) => return report_load_error(path, &e, err),
        },
    };
    let file = match open_input(input, err) {
        Ok(file) => file,
        Err(status) => return status,
    };
    let result = if let Some(map) = base.as_mut() {
        import::csv_onto_map(file, options, map).map(|report| (None, report))
    } else {
        let title = input.file_stem().map_or_else(
            || "Imported journey".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
        import::csv_new_map(file, options, &title).map(|(map, report)| (Some(map), report))
    };
    let (built, report) = match result {
        Ok(done) => done,
        Err(e) => return report_import_error(input, &e, err),
    };
    let _ = err.write_all(csv_report(input, &report, options.window).as_bytes());
    let Some(map) = built.or(base) else {
        return Status::Bad;
    };
    write_map(out, &map, err)
}

pub(super) fn write_map(out: &Path, map: &JourneyMap, err: &mut dyn std::io::Write) -> Status {
    match io::save(out, map) {
        Ok(()) => {
            let cards: usize = map.journeys.iter().map(|j| j.cards.len()).sum();
            let steps: usize = map
                .journeys
                .iter()
                .flat_map(|j| &j.stages)
                .map(|s| s.steps.len())
                .sum();
            let stages: usize = map.journeys.iter().map(|j| j.stages.len()).sum();
            let _ = writeln!(
                err,
                "wrote {} ({stages} stages, {steps} steps, {cards} cards)",
                out.display()
            );
            Status::Ok
        }
        Err(e) => {
            let _ = writeln!(err, "{}: error: {e}", out.display());
            Status::Io
        }
    }
}

pub(super) fn import_mermaid(input: &Path, out: &Path, err: &mut dyn std::io::Write) -> Status {
    let text = match io::read_text(input) {
        Ok(text) => text,
        Err(e) => return report_load_error(input, &e, err),
    };
    let base = templates::find("blank")
        .and_then(|t| io::from_str(t.text).ok())
        .unwrap_or_default();
    match import::mermaid::parse(&text, base) {
        Ok(map) => write_map(out, &map, err),
        Err(e) => report_import_error(input, &e, err),
    }
}
