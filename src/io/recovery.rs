//! Recovery files: unsaved work written automatically beside the editor's
//! other files (never over the user's map), offered again after a crash.
//!
//! A recovery file is the map's canonical text after a few `//` comment
//! lines (RON comments, so the file loads as a map as it is) that say which
//! map it is, when it was written and by which window:
//!
//! ```text
//! // journeymap recovery: unsaved work, written automatically
//! // original: /home/ola/maps/onboarding.ron
//! // title: Onboarding
//! // saved: 1795777080
//! // owner: 4242 3
//! JourneyMap(
//! ```
//!
//! Each window has its own file, `recovery-<pid>-<window>.ron`; the owner
//! line names the process and the window. A file is offered on the next
//! start when its window is gone: its process has ended, or (within one
//! process) the window was dropped without closing normally.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use super::{LoadError, SaveError};
use crate::model::JourneyMap;

const FIRST_LINE: &str = "// journeymap recovery: unsaved work, written automatically";
const PREFIX: &str = "recovery-";

/// The folder for recovery files inside the editor's data folder.
pub fn folder(data_dir: &Path) -> PathBuf {
    data_dir.join("recovery")
}

/// Windows of this process whose recovery files are in use.
static LIVE: Mutex<Option<HashSet<u32>>> = Mutex::new(None);
static NEXT_WINDOW: AtomicU32 = AtomicU32::new(1);

/// One window's claim on its recovery file: the file is this window's while
/// the claim lives. Dropping it (a window dropped without closing, as in a
/// crash) leaves the file for the next start to offer.
#[derive(Debug)]
pub struct Claim {
    window: u32,
    path: PathBuf,
}

impl Claim {
    /// A new window's recovery file in `folder` (not written yet).
    pub fn new(folder: &Path) -> Self {
        let window = NEXT_WINDOW.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut live) = LIVE.lock() {
            live.get_or_insert_with(HashSet::new).insert(window);
        }
        Claim {
            window,
            path: folder.join(format!("{PREFIX}{}-{window}.ron", std::process::id())),
        }
    }

    /// The recovery file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `map` (unsaved work of the map at `original`) as this window's
    /// recovery file, atomically; `saved` is the time in seconds since 1970.
    pub fn write(
        &self,
        map: &JourneyMap,
        original: Option<&Path>,
        saved: u64,
    ) -> Result<(), SaveError> {
        let text = super::to_canonical_string(map)?;
        let mut out = String::with_capacity(text.len() + 256);
        out.push_str(FIRST_LINE);
        out.push('\n');
        let original = original.map_or_else(|| "untitled".to_owned(), |p| p.display().to_string());
        for (key, value) in [
            ("original", one_line(&original)),
            ("title", one_line(&map.title)),
            ("saved", saved.to_string()),
            ("owner", format!("{} {}", std::process::id(), self.window)),
        ] {
            out.push_str("// ");
            out.push_str(key);
            out.push_str(": ");
            out.push_str(&value);
            out.push('\n');
        }
        out.push_str(&text);
        if let Some(folder) = self.path.parent() {
            std::fs::create_dir_all(folder).map_err(|source| SaveError::Io {
                step: "creating the recovery folder",
                source,
                path: folder.to_path_buf(),
            })?;
        }
        super::atomic::write(&self.path, out.as_bytes())
    }

    /// Removes the recovery file (after a save or a normal close).
    pub fn remove(&self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if let Ok(mut live) = LIVE.lock()
            && let Some(live) = live.as_mut()
        {
            live.remove(&self.window);
        }
    }
}

/// A recovery file left by a window that is gone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The recovery file.
    pub file: PathBuf,
    /// The map it is unsaved work of; `None`: an untitled map.
    pub original: Option<PathBuf>,
    /// The map's title.
    pub title: String,
    /// When it was written, in seconds since 1970.
    pub saved: u64,
}

impl Found {
    /// The recovered map.
    pub fn load(&self) -> Result<JourneyMap, LoadError> {
        super::load(&self.file)
    }

    /// Deletes the file (the user discarded it, or it was restored and written again).
    pub fn discard(&self) {
        let _ = std::fs::remove_file(&self.file);
    }
}

/// The recovery files in `folder` whose windows are gone, newest first.
pub fn find(folder: &Path) -> Vec<Found> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found: Vec<Found> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "ron")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(PREFIX))
        })
        .filter_map(|p| read_header(&p))
        .filter(|(_, owner)| !owner_alive(*owner))
        .map(|(found, _)| found)
        .collect();
    found.sort_by(|a, b| b.saved.cmp(&a.saved).then_with(|| a.file.cmp(&b.file)));
    found
}

/// Reads the comment lines at the top; `None` for a file that is not ours.
fn read_header(path: &Path) -> Option<(Found, (u32, u32))> {
    use std::io::{BufRead as _, BufReader};
    let file = std::fs::File::open(path).ok()?;
    let mut lines = BufReader::new(file).lines();
    if lines.next()?.ok()? != FIRST_LINE {
        return None;
    }
    let mut found = Found {
        file: path.to_path_buf(),
        original: None,
        title: String::new(),
        saved: 0,
    };
    let mut owner = None;
    for line in lines.take(8) {
        let line = line.ok()?;
        let Some((key, value)) = line
            .strip_prefix("// ")
            .and_then(|rest| rest.split_once(": "))
        else {
            break;
        };
        match key {
            "original" if value != "untitled" => found.original = Some(PathBuf::from(value)),
            "title" => value.clone_into(&mut found.title),
            "saved" => found.saved = value.parse().ok()?,
            "owner" => {
                let (pid, window) = value.split_once(' ')?;
                owner = Some((pid.parse().ok()?, window.parse().ok()?));
            }
            _ => {}
        }
    }
    Some((found, owner?))
}

/// True while the window that owns a recovery file may still be writing it.
fn owner_alive((pid, window): (u32, u32)) -> bool {
    if pid == std::process::id() {
        return LIVE
            .lock()
            .ok()
            .and_then(|live| live.as_ref().map(|l| l.contains(&window)))
            .unwrap_or(false);
    }
    process_alive(pid)
}

/// Whether another process still runs ([`super::atomic::process_gone`]).
/// Where that cannot be told: on Linux without `/proc` no process would
/// seem alive, so nothing is offered; elsewhere there is no cheap way to
/// ask, and another process's file is taken as left behind.
fn process_alive(pid: u32) -> bool {
    match super::atomic::process_gone(pid) {
        Some(gone) => !gone,
        None => cfg!(target_os = "linux"),
    }
}

/// A header value on one line.
fn one_line(value: &str) -> String {
    value.replace(['\n', '\r'], " ")
}

/// `2026-11-27 10:58 UTC` for seconds since 1970.
pub fn utc_time(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rest = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::templates;

    fn map() -> JourneyMap {
        let text = templates::find("lead-generation")
            .map(|t| t.text)
            .unwrap_or_default();
        crate::io::from_str(text).expect("exists")
    }

    #[test]
    fn a_live_window_keeps_its_file_and_a_dropped_one_leaves_it_to_be_found() {
        let dir = tempfile::tempdir().expect("exists");
        let folder = folder(dir.path());
        let map = map();
        let claim = Claim::new(&folder);
        claim
            .write(&map, Some(Path::new("/maps/lead.ron")), 1_795_777_080)
            .expect("exists");
        assert!(find(&folder).is_empty(), "the window still runs");
        let other = Claim::new(&folder);
        other.write(&map, None, 1_795_777_000).expect("exists");
        assert_ne!(claim.path(), other.path());
        drop(claim);
        drop(other);
        let found = find(&folder);
        assert_eq!(found.len(), 2);
        let first = found.first().expect("exists");
        assert_eq!(first.original.as_deref(), Some(Path::new("/maps/lead.ron")));
        assert_eq!(first.title, map.title);
        assert_eq!(first.saved, 1_795_777_080);
        assert_eq!(first.load().expect("exists"), map);
        assert_eq!(found.get(1).and_then(|f| f.original.clone()), None);
        first.discard();
        assert_eq!(find(&folder).len(), 1);
    }

    #[test]
    fn files_of_other_kinds_are_ignored() {
        let dir = tempfile::tempdir().expect("exists");
        std::fs::write(dir.path().join("recovery-1-1.ron"), "JourneyMap()").expect("exists");
        std::fs::write(dir.path().join("notes.ron"), FIRST_LINE).expect("exists");
        assert!(find(dir.path()).is_empty());
        assert!(find(&dir.path().join("missing")).is_empty());
    }

    #[test]
    fn times_read_as_utc_dates() {
        assert_eq!(utc_time(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_time(951_827_696), "2000-02-29 12:34 UTC");
        assert_eq!(utc_time(1_795_777_080), "2026-11-27 10:58 UTC");
    }
}
