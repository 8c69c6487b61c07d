//! The command line: `journeymap new | templates | check | fmt`.
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

use crate::io::{self, LoadError, SourceMap, templates};
use crate::model::JourneyMap;
use crate::validate::{self, Severity};

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
        None => open_editor(cli.file.as_deref(), &mut err),
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

fn open_editor(_file: Option<&Path>, err: &mut dyn std::io::Write) -> Status {
    let _ = writeln!(
        err,
        "journeymap: the editor window is not part of this version yet; \
         use `journeymap new`, `journeymap check` or `journeymap fmt` (see `journeymap --help`)"
    );
    Status::Io
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
            let _ = writeln!(err, "{}: error: {e}", path.display());
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
            let _ = writeln!(err, "{}: error: {e}", path.display());
            Status::Io
        }
    }
}
