//! The command line: `journeymap new | templates | check | fmt | export | diff | textconv | merge | import`.
//!
//! Results go to stdout, diagnostics and progress to stderr, messages in
//! English. Exit codes: 0 fine, 1 a bad map (or, for `new`, the output
//! exists), 2 a file that cannot be read or written; with several files the
//! worst one wins.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::io::import::{self, ColumnChoice, CsvOptions, CsvReport, ImportError};
use crate::io::{self, LoadError, SourceMap, templates};
use crate::model::{EmotionScale, JourneyMap};
use crate::render::export::SCALE_RANGE;
use crate::render::{ExportOptions, Exporter, encode_png};
use crate::theme::ThemeKind;
use crate::validate::{self, Severity};
use crate::vcs;

/// The outcome of a command, ordered from best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Everything fine.
    Ok = 0,
    /// A bad map, a map not in canonical form, or an existing output.
    Bad = 1,
    /// A file could not be read or written.
    Io = 2,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> Self {
        ExitCode::from(status as u8)
    }
}

#[derive(Parser, Debug)]
#[command(
    name = "journeymap",
    version,
    about = "Customer journey maps as text files that diff, merge and render in CI",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// A map to open in the editor.
    file: Option<PathBuf>,
    /// Open the window, save what it shows after a few frames as this PNG, and exit.
    #[arg(long, value_name = "OUT.png")]
    screenshot: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Write a new map from a template (never overwrites without --force).
    New {
        /// The template to start from; `journeymap templates` lists them.
        #[arg(long, default_value = "blank", value_name = "NAME")]
        template: String,
        /// Replace OUT if it exists.
        #[arg(long)]
        force: bool,
        /// Where to write the map.
        #[arg(value_name = "OUT")]
        out: PathBuf,
    },
    /// List the templates, one per line: NAME, two spaces, description.
    Templates,
    /// Validate maps; print diagnostics as `FILE:LINE:COL: error|warning: TEXT`.
    Check {
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
        /// The maps to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Rewrite maps in canonical form, atomically.
    Fmt {
        /// Change nothing; exit 1 if a map is not in canonical form.
        #[arg(long)]
        check: bool,
        /// The maps to format.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Draw journeys as PNG pictures (.png), or write them as Mermaid journey diagrams (.mmd).
    Export {
        /// The map.
        file: PathBuf,
        /// The file to write: .png (a picture) or .mmd (Mermaid; `-` for stdout); with --all, `map.png` writes `map-<journey-id>.png`.
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        out: PathBuf,
        /// The journey to draw, by id or name (default: the first).
        #[arg(long, value_name = "ID|NAME", conflicts_with = "all")]
        journey: Option<String>,
        /// Draw every journey, one picture each.
        #[arg(long)]
        all: bool,
        /// Pixels per point, 0.5 to 4: 2 gives twice the pixels with crisp text.
        #[arg(long, default_value_t = 1.0, value_parser = parse_scale, value_name = "X")]
        scale: f32,
        /// The picture's width in pixels (default: the layout's natural width at that scale).
        #[arg(long, value_name = "PX", value_parser = clap::value_parser!(u32).range(16..=65_536))]
        width: Option<u32>,
        /// Light or dark colours.
        #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
        theme: ThemeArg,
    },
    /// Say what changed between two maps, one change a line (exit 1 when they differ).
    Diff {
        /// The older map.
        old: PathBuf,
        /// The newer map.
        new: PathBuf,
    },
    /// Print a readable outline of a map, for git's diff.<driver>.textconv.
    Textconv {
        /// The map; a file that does not parse is printed as it is.
        file: PathBuf,
    },
    /// Merge two maps by id (git merge driver: %O %A %B); the result goes into OURS.
    Merge {
        /// The common ancestor (%O).
        base: PathBuf,
        /// Our version (%A); overwritten with the result.
        ours: PathBuf,
        /// Their version (%B).
        theirs: PathBuf,
    },
    /// Build a map from data: a CSV of touchpoint events, or a Mermaid journey diagram.
    Import {
        #[command(subcommand)]
        what: ImportCommand,
    },
}

#[derive(Subcommand, Debug)]
enum ImportCommand {
    /// A map from a CSV of touchpoint events (one row per contact); what was
    /// dropped and merged is reported on stderr.
    Csv {
        /// The events: customer, time, channel, touchpoint columns; stage, source, score optional.
        #[arg(value_name = "EVENTS.csv")]
        input: PathBuf,
        /// The map to write (replaced if it exists; may be the --map file).
        #[arg(short = 'o', long = "output", value_name = "OUT.ron")]
        out: PathBuf,
        /// Attach the figures to this map's touchpoint cards (by name and channel) instead of building a new map.
        #[arg(long, value_name = "EXISTING.ron")]
        map: Option<PathBuf>,
        /// Name the columns: FIELD=COLUMN,... with fields customer, time, channel, touchpoint, stage, source, score.
        #[arg(long, value_name = "FIELD=COLUMN,...", value_parser = ColumnChoice::parse)]
        columns: Option<ColumnChoice>,
        /// Contacts of one customer at one touchpoint and channel this close count once: e.g. 1h, 30m, 90s, 0.
        #[arg(long, default_value = "1h", value_parser = parse_window, value_name = "DURATION")]
        window: i64,
        /// The scale of the score column, MIN..MAX; a new map declares it.
        #[arg(long, default_value = "1..5", value_parser = parse_score_scale, value_name = "MIN..MAX")]
        score_scale: EmotionScale,
    },
    /// A map from a Mermaid `journey` diagram: sections -> stages, tasks -> steps, actors -> personas.
    Mermaid {
        /// The diagram.
        #[arg(value_name = "IN.mmd")]
        input: PathBuf,
        /// The map to write (replaced if it exists).
        #[arg(short = 'o', long = "output", value_name = "OUT.ron")]
        out: PathBuf,
    },
}

fn parse_window(text: &str) -> Result<i64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let n: i64 = digits
        .parse()
        .map_err(|_| format!("\"{text}\" is not a duration like 1h, 30m or 90s"))?;
    let factor = match unit {
        "" | "s" => 1,
        "m" | "min" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("\"{text}\" is not a duration like 1h, 30m or 90s")),
    };
    n.checked_mul(factor)
        .ok_or_else(|| format!("\"{text}\" is too long"))
}

fn parse_score_scale(text: &str) -> Result<EmotionScale, String> {
    let bad = || format!("\"{text}\" is not a scale like 1..5 or -2..2");
    let (min, max) = text.split_once("..").ok_or_else(bad)?;
    let min: i32 = min.trim().parse().map_err(|_| bad())?;
    let max: i32 = max.trim().parse().map_err(|_| bad())?;
    if min >= max {
        return Err(format!(
            "the scale's lowest value must be below its highest: {text}"
        ));
    }
    Ok(EmotionScale { min, max })
}

/// `--theme`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ThemeArg {
    Light,
    Dark,
}

impl From<ThemeArg> for ThemeKind {
    fn from(theme: ThemeArg) -> Self {
        match theme {
            ThemeArg::Light => ThemeKind::Light,
            ThemeArg::Dark => ThemeKind::Dark,
        }
    }
}

fn parse_scale(text: &str) -> Result<f32, String> {
    let scale: f32 = text
        .parse()
        .map_err(|_| format!("\"{text}\" is not a number"))?;
    if SCALE_RANGE.contains(&scale) {
        Ok(scale)
    } else {
        Err(format!(
            "the scale must be between {} and {}",
            SCALE_RANGE.start(),
            SCALE_RANGE.end()
        ))
    }
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help and version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = err.print();
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
        }
    };
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let status = match cli.command {
        Some(command) => run(command, &mut out, &mut err),
        None => open_editor(cli.file, cli.screenshot, &mut err),
    };
    let _ = out.flush();
    status.into()
}

fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
        eprintln!(
            "journeymap: internal error{location}: {}\nThis is a bug; please report it with the file that caused it.",
            info.payload_as_str().unwrap_or("unknown cause")
        );
    }));
}

fn open_editor(
    file: Option<PathBuf>,
    screenshot: Option<PathBuf>,
    err: &mut dyn std::io::Write,
) -> Status {
    match crate::app::run(file, screenshot) {
        Ok(()) if crate::app::SCREENSHOT_FAILED.load(std::sync::atomic::Ordering::Relaxed) => {
            Status::Io
        }
        Ok(()) => Status::Ok,
        Err(e) => {
            let _ = writeln!(err, "journeymap: cannot open the editor window: {e}");
            Status::Io
        }
    }
}

fn run(command: Command, out: &mut dyn std::io::Write, err: &mut dyn std::io::Write) -> Status {
    match command {
        Command::New {
            template,
            force,
            out: path,
        } => new(&template, force, &path, err),
        Command::Templates => {
            let mut text = String::new();
            for t in templates::TEMPLATES {
                let _ = writeln!(text, "{}  {}", t.name, t.description);
            }
            let _ = out.write_all(text.as_bytes());
            Status::Ok
        }
        Command::Check { strict, files } => files
            .iter()
            .map(|f| check(f, strict, err))
            .max()
            .unwrap_or(Status::Ok),
        Command::Fmt { check, files } => files
            .iter()
            .map(|f| fmt(f, check, err))
            .max()
            .unwrap_or(Status::Ok),
        Command::Export {
            file,
            out,
            journey,
            all,
            scale,
            width,
            theme,
        } => {
            let which = match (all, journey) {
                (true, _) => Which::All,
                (false, Some(journey)) => Which::One(journey),
                (false, None) => Which::First,
            };
            let options = ExportOptions {
                scale,
                width,
                theme: theme.into(),
            };
            export(&file, &out, &which, &options, err)
        }
        Command::Diff { old, new } => diff(&old, &new, out, err),
        Command::Textconv { file } => textconv(&file, out, err),
        Command::Merge { base, ours, theirs } => merge(&base, &ours, &theirs, err),
        Command::Import { what } => match what {
            ImportCommand::Csv {
                input,
                out,
                map,
                columns,
                window,
                score_scale,
            } => {
                let options = CsvOptions {
                    columns: columns.unwrap_or_default(),
                    window,
                    scale: score_scale,
                };
                import_csv(&input, &out, map.as_deref(), &options, err)
            }
            ImportCommand::Mermaid { input, out } => import_mermaid(&input, &out, err),
        },
    }
}

/// Prints a load error as `file:line:col: error: message` and gives its status.
fn report_load_error(path: &Path, error: &LoadError, err: &mut dyn std::io::Write) -> Status {
    let shown = path.display();
    let _ = match error.pos() {
        Some(pos) => writeln!(err, "{shown}:{pos}: error: {error}"),
        None => writeln!(err, "{shown}: error: {error}"),
    };
    if error.is_unreadable() {
        Status::Io
    } else {
        Status::Bad
    }
}

fn new(template: &str, force: bool, path: &Path, err: &mut dyn std::io::Write) -> Status {
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
    match io::save(path, &doc) {
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

/// Reads a map file: its text (for positions and comparisons) and the document.
fn read_map(path: &Path) -> Result<(String, JourneyMap), LoadError> {
    let text = io::read_text(path)?;
    let doc = io::from_str(&text)?;
    Ok((text, doc))
}

fn check(path: &Path, strict: bool, err: &mut dyn std::io::Write) -> Status {
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

fn fmt(path: &Path, check_only: bool, err: &mut dyn std::io::Write) -> Status {
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
    match io::atomic::write(path, canonical.as_bytes()) {
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

/// Loads a map for diff, where any failure is exit 2.
fn load_or_report(path: &Path, err: &mut dyn std::io::Write) -> Result<JourneyMap, Status> {
    read_map(path).map(|(_, doc)| doc).map_err(|e| {
        report_load_error(path, &e, err);
        Status::Io
    })
}

fn diff(
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

fn textconv(path: &Path, out: &mut dyn std::io::Write, err: &mut dyn std::io::Write) -> Status {
    let bytes = match read_for_textconv(path, out) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Status::Ok,
        Err(e) => {
            let _ = writeln!(err, "{}: error: cannot read the file: {e}", path.display());
            return Status::Ok;
        }
    };
    // git shows whatever this prints; a map that does not parse is shown as it is.
    match io::from_bytes(&bytes) {
        Ok(doc) => {
            let _ = out.write_all(vcs::outline(&doc).as_bytes());
        }
        Err(_) => {
            let _ = out.write_all(&bytes);
        }
    }
    Status::Ok
}

/// The bytes of a map for textconv; a file over the size limit of a map is
/// copied to `out` as it is, without holding it in memory (`None`).
fn read_for_textconv(
    path: &Path,
    out: &mut dyn std::io::Write,
) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read as _;
    let mut file = std::fs::File::open(path)?;
    if file.metadata()?.len() > io::MAX_FILE_BYTES {
        std::io::copy(&mut file, out)?;
        return Ok(None);
    }
    let mut bytes = Vec::new();
    file.take(io::MAX_FILE_BYTES).read_to_end(&mut bytes)?;
    Ok(Some(bytes))
}

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

fn merge(base: &Path, ours: &Path, theirs: &Path, err: &mut dyn std::io::Write) -> Status {
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
    if !same && let Err(e) = io::save(ours, &outcome.map) {
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

/// Which journeys `export` draws.
enum Which {
    First,
    One(String),
    All,
}

/// The journeys to draw: by id first, then by name, then by name ignoring case.
fn pick_journeys(map: &JourneyMap, which: &Which) -> Result<Vec<usize>, String> {
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
                    .map(|j| format!("{} (\"{}\")", j.id, j.name))
                    .collect();
                format!(
                    "there is no journey \"{wanted}\"; the journeys are: {}",
                    known.join(", ")
                )
            })
        }
    }
}

/// `map.png` + `--all` -> `map-<journey-id>.png` (and `.mmd` likewise).
fn output_for(out: &Path, journey_id: &str, all: bool) -> PathBuf {
    if !all {
        return out.to_path_buf();
    }
    let stem = out
        .file_stem()
        .map_or_else(|| "map".into(), |s| s.to_string_lossy());
    let ext = out
        .extension()
        .map_or_else(|| "png".into(), |e| e.to_string_lossy());
    out.with_file_name(format!("{stem}-{journey_id}.{ext}"))
}

fn all_of(which: &Which) -> bool {
    matches!(which, Which::All)
}

/// Writes journeys as Mermaid diagrams; what Mermaid cannot hold goes to stderr.
fn export_mermaid(
    path: &Path,
    map: &JourneyMap,
    journeys: &[usize],
    out: &Path,
    all: bool,
    err: &mut dyn std::io::Write,
) -> Status {
    let mut status = Status::Ok;
    for &index in journeys {
        let Some(journey) = map.journeys.get(index) else {
            continue;
        };
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
        let target = output_for(out, journey.id.as_str(), all);
        match io::atomic::write(&target, diagram.text.as_bytes()) {
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

/// Prints an import error as `file:line[:col]: error: text` and gives its status.
fn report_import_error(path: &Path, error: &ImportError, err: &mut dyn std::io::Write) -> Status {
    let shown = path.display();
    let _ = match error.position() {
        Some((line, Some(col))) => writeln!(err, "{shown}:{line}:{col}: error: {error}"),
        Some((line, None)) => writeln!(err, "{shown}:{line}: error: {error}"),
        None => writeln!(err, "{shown}: error: {error}"),
    };
    if error.is_io() {
        Status::Io
    } else {
        Status::Bad
    }
}

fn open_input(path: &Path, err: &mut dyn std::io::Write) -> Result<std::fs::File, Status> {
    let file = std::fs::File::open(path).and_then(|f| {
        if f.metadata()?.is_dir() {
            Err(std::io::Error::other("this is a folder, not a file"))
        } else {
            Ok(f)
        }
    });
    file.map_err(|e| report_import_error(path, &ImportError::Io(e), err))
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The report of a CSV import: each reason rows were dropped or merged, with totals.
fn csv_report(path: &Path, report: &CsvReport, window: i64) -> String {
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
            "{p}: channel \"{channel}\" is not in the channel list; added it"
        );
    }
    for (name, channel, touches) in &report.attached.unmatched {
        let through = if channel.is_empty() {
            String::new()
        } else {
            format!(" ({channel})")
        };
        let _ = writeln!(
            text,
            "{p}: warning: touchpoint \"{name}\"{through} has no card on the map; {} not attached",
            plural(*touches, "touch", "touches")
        );
    }
    text
}

fn import_csv(
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

fn write_map(out: &Path, map: &JourneyMap, err: &mut dyn std::io::Write) -> Status {
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

fn import_mermaid(input: &Path, out: &Path, err: &mut dyn std::io::Write) -> Status {
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

fn export(
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
    let all = matches!(which, Which::All);
    for index in journeys {
        let Some(journey) = map.journeys.get(index) else {
            continue;
        };
        let target = output_for(out, journey.id.as_str(), all);
        let picture = exporter.render(&map, index, map_dir, options);
        for warning in &picture.warnings {
            let _ = writeln!(err, "{}: warning: {warning}", path.display());
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
