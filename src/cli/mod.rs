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

use crate::io::import::{ColumnChoice, CsvOptions};
use crate::io::{self, LoadError, templates};
use crate::model::{EmotionScale, JourneyMap};
use crate::render::ExportOptions;
use crate::render::export::SCALE_RANGE;
use crate::theme::ThemeKind;

mod check;
mod diff;
mod export;
mod fmt;
mod import;
mod merge;
mod new;
mod textconv;

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
    let mut err = Printable(std::io::stderr().lock());
    let status = match cli.command {
        Some(command) => run(command, &mut out, &mut err),
        None => open_editor(cli.file, cli.screenshot, &mut err),
    };
    let _ = out.flush();
    status.into()
}

/// A writer for diagnostics: control characters other than the line end
/// (a terminal's escape sequences, carriage returns, a bell), which could
/// only come from a map's text or an input file, are written as `\u{1b}`.
/// A line end inside a value is escaped where the value is printed.
struct Printable<W>(W);

impl<W: std::io::Write> std::io::Write for Printable<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // What is written here is formatted text, whole `str` pieces.
        let text = match std::str::from_utf8(buf) {
            Ok(text) if text.contains(|c: char| c.is_control() && c != '\n') => text,
            _ => {
                self.0.write_all(buf)?;
                return Ok(buf.len());
            }
        };
        let mut escaped = String::with_capacity(text.len() + 16);
        for c in text.chars() {
            if c.is_control() && c != '\n' {
                let _ = write!(escaped, "\\u{{{:x}}}", u32::from(c));
            } else {
                escaped.push(c);
            }
        }
        self.0.write_all(escaped.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// Text from a map or an input file, made one line for a diagnostic:
/// control characters (line ends too) written as escapes.
fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(char::is_control) {
        text.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_debug().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
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
        } => new::new(&template, force, &path, err),
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
            .map(|f| check::check(f, strict, err))
            .max()
            .unwrap_or(Status::Ok),
        Command::Fmt { check, files } => files
            .iter()
            .map(|f| fmt::fmt(f, check, err))
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
                (true, _) => export::Which::All,
                (false, Some(journey)) => export::Which::One(journey),
                (false, None) => export::Which::First,
            };
            let options = ExportOptions {
                scale,
                width,
                theme: theme.into(),
            };
            export::export(&file, &out, &which, &options, err)
        }
        Command::Diff { old, new } => diff::diff(&old, &new, out, err),
        Command::Textconv { file } => textconv::textconv(&file, out, err),
        Command::Merge { base, ours, theirs } => merge::merge(&base, &ours, &theirs, err),
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
                import::import_csv(&input, &out, map.as_deref(), &options, err)
            }
            ImportCommand::Mermaid { input, out } => import::import_mermaid(&input, &out, err),
        },
    }
}

/// Prints a load error as `file:line:col: error: message` and gives its status.
fn report_load_error(path: &Path, error: &LoadError, err: &mut dyn std::io::Write) -> Status {
    let shown = path.display();
    // One line, whatever the file's text put into the message.
    let message = error.to_string();
    let message = one_line(&message);
    let _ = match error.pos() {
        Some(pos) => writeln!(err, "{shown}:{pos}: error: {message}"),
        None => writeln!(err, "{shown}: error: {message}"),
    };
    if error.is_unreadable() {
        Status::Io
    } else {
        Status::Bad
    }
}

/// Reads a map file: its text (for positions and comparisons) and the document.
fn read_map(path: &Path) -> Result<(String, JourneyMap), LoadError> {
    let text = io::read_text(path)?;
    let doc = io::from_str(&text)?;
    Ok((text, doc))
}

/// Loads a map for diff, where any failure is exit 2.
fn load_or_report(path: &Path, err: &mut dyn std::io::Write) -> Result<JourneyMap, Status> {
    read_map(path).map(|(_, doc)| doc).map_err(|e| {
        report_load_error(path, &e, err);
        Status::Io
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_escape_control_characters_but_not_line_ends() {
        let mut out = Printable(Vec::new());
        let _ = writeln!(out, "a\u{1b}[31mb\r\u{85}c\u{7f} ż");
        assert_eq!(
            String::from_utf8(out.0).expect("UTF-8"),
            "a\\u{1b}[31mb\\u{d}\\u{85}c\\u{7f} ż\n"
        );
        assert_eq!(one_line("a\nb"), "a\\nb");
        assert_eq!(one_line("plain"), "plain");
    }
}
