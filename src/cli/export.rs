//! `journeymap export`: journeys as PNG pictures or Mermaid diagrams.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{Status, one_line, read_map, report_load_error};
use crate::io;
use crate::model::{JourneyMap, ids};
use crate::render::{ExportOptions, Exporter, encode_png};

/// Which journeys `export` draws.
pub(super) enum Which {
    First,
    One(String),
    All,
}

/// The journeys to draw: by id first, then by name, then by name ignoring case.
pub(super) fn pick_journeys(map: &JourneyMap, which: &Which) -> Result<Vec<usize>, String> {
    match which {
        Which::All => Ok((0..map.journeys.len()).collect()),
        Which::First => Ok(vec![0]),
        Which::One(wanted) => {
            let found = map
                .journeys
                .iter()
                .position(|j| j.id.as_str() == wanted)
                .or_else(|| map.journeys.iter().position(|j| &j.name == wanted))
                .or_else(|| {
                    let wanted = wanted.to_lowercase();
                    map.journeys
                        .iter()
                        .position(|j| j.name.to_lowercase() == wanted)
                });
            found.map(|i| vec![i]).ok_or_else(|| {
                let known: Vec<String> = map
                    .journeys
                    .iter()
                    .map(|j| {
                        format!(
                            "{} (\"{}\")",
                            one_line(j.id.as_str()),
                            j.name.escape_debug()
                        )
                    })
                    .collect();
                format!(
                    "there is no journey \"{}\"; the journeys are: {}",
                    wanted.escape_debug(),
                    known.join(", ")
                )
            })
        }
    }
}

/// Where each picked journey goes: `out` itself, or with `--all`
/// `map.png` -> `map-<stem>.png` (and `.mmd` likewise), where `<stem>` is
/// the journey id made a safe, distinct file name (`ids::file_stems`): the
/// id never becomes a path.
pub(super) fn outputs_for(
    out: &Path,
    map: &JourneyMap,
    journeys: &[usize],
    all: bool,
) -> Vec<PathBuf> {
    if !all {
        return journeys.iter().map(|_| out.to_path_buf()).collect();
    }
    let stem = out
        .file_stem()
        .map_or_else(|| "map".into(), |s| s.to_string_lossy());
    let ext = out
        .extension()
        .map_or_else(|| "png".into(), |e| e.to_string_lossy());
    let ids = journeys
        .iter()
        .map(|&i| map.journeys.get(i).map_or("", |j| j.id.as_str()));
    ids::file_stems(ids)
        .into_iter()
        .map(|id| out.with_file_name(format!("{stem}-{id}.{ext}")))
        .collect()
}

pub(super) fn all_of(which: &Which) -> bool {
    matches!(which, Which::All)
}

/// When the folder `out` goes into is not there (or is not a folder): a
/// message that says so, the output last.
pub(super) fn missing_folder(out: &Path) -> Option<String> {
    let folder = out.parent().filter(|p| !p.as_os_str().is_empty())?;
    match std::fs::metadata(folder) {
        Ok(meta) if meta.is_dir() => None,
        Ok(_) => Some(format!(
            "journeymap: error: cannot export: the output's folder is a file, not a folder: {}",
            out.display()
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(format!(
            "journeymap: error: cannot export: the output's folder does not exist; create it or choose another output: {}",
            out.display()
        )),
        // Anything else (no permission to look) shows when writing.
        Err(_) => None,
    }
}

/// Writes journeys as Mermaid diagrams; what Mermaid cannot hold goes to stderr.
pub(super) fn export_mermaid(
    path: &Path,
    map: &JourneyMap,
    journeys: &[usize],
    out: &Path,
    all: bool,
    err: &mut dyn std::io::Write,
) -> Status {
    let mut status = Status::Ok;
    let targets = outputs_for(out, map, journeys, all);
    for (&index, target) in journeys.iter().zip(&targets) {
        if map.journeys.get(index).is_none() {
            continue;
        }
        let diagram = io::mermaid::to_mermaid(map, index);
        let mut notes = String::new();
        for item in &diagram.dropped {
            let _ = writeln!(
                notes,
                "{}: note: not in the Mermaid diagram: {item}",
                path.display()
            );
        }
        let _ = err.write_all(notes.as_bytes());
        if out.as_os_str() == "-" {
            let mut stdout = std::io::stdout().lock();
            if stdout.write_all(diagram.text.as_bytes()).is_err() {
                status = status.max(Status::Io);
            }
            continue;
        }
        match io::atomic::write(target, diagram.text.as_bytes()) {
            Ok(()) => {
                let _ = writeln!(err, "exported {}", target.display());
            }
            Err(e) => {
                let _ = writeln!(err, "{}: error: {e}", target.display());
                status = status.max(Status::Io);
            }
        }
    }
    status
}

pub(super) fn export(
    path: &Path,
    out: &Path,
    which: &Which,
    options: &ExportOptions,
    err: &mut dyn std::io::Write,
) -> Status {
    let has_extension = |wanted: &str| {
        out.extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case(wanted))
    };
    let mermaid = has_extension("mmd") || out.as_os_str() == "-";
    if !has_extension("png") && !mermaid {
        let _ = writeln!(
            err,
            "{}: error: journeymap exports PNG pictures (.png) and Mermaid diagrams (.mmd); name the output with one of them",
            out.display()
        );
        return Status::Io;
    }
    if out.as_os_str() != "-"
        && let Some(message) = missing_folder(out)
    {
        let _ = writeln!(err, "{message}");
        return Status::Io;
    }
    let map = match read_map(path) {
        Ok((_, map)) => map,
        Err(e) => return report_load_error(path, &e, err),
    };
    if map.journeys.is_empty() {
        let _ = writeln!(
            err,
            "{}: error: the map has no journey to draw",
            path.display()
        );
        return Status::Bad;
    }
    let journeys = match pick_journeys(&map, which) {
        Ok(journeys) => journeys,
        Err(message) => {
            let _ = writeln!(err, "{}: error: {message}", path.display());
            return Status::Bad;
        }
    };
    if mermaid {
        return export_mermaid(path, &map, &journeys, out, all_of(which), err);
    }
    let map_dir = path.parent().unwrap_or(Path::new(""));
    let mut exporter = Exporter::new();
    let mut status = Status::Ok;
    let targets = outputs_for(out, &map, &journeys, all_of(which));
    for (index, target) in journeys.into_iter().zip(targets) {
        if map.journeys.get(index).is_none() {
            continue;
        }
        let picture = exporter.render(&map, index, map_dir, options);
        for warning in &picture.warnings {
            let _ = writeln!(err, "{}: warning: {}", path.display(), one_line(warning));
        }
        let mut bytes = Vec::new();
        if let Err(e) = encode_png(&picture.image, &mut bytes) {
            let _ = writeln!(
                err,
                "{}: error: cannot encode the picture: {e}",
                target.display()
            );
            status = status.max(Status::Io);
            continue;
        }
        match io::atomic::write(&target, &bytes) {
            Ok(()) => {
                let _ = writeln!(
                    err,
                    "exported {} ({} x {} px)",
                    target.display(),
                    picture.image.width(),
                    picture.image.height()
                );
            }
            Err(e) => {
                let _ = writeln!(err, "journeymap: error: {e}");
                status = status.max(Status::Io);
            }
        }
    }
    status
}
