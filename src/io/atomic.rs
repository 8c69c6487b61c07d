//! Atomic file writes: the file on disk is always the old version or the new one.
//!
//! The new bytes go to a temporary file in the same folder (named after the
//! target and this process's id, so two processes never share one), which is
//! flushed to disk, then renamed over the target; then the folder itself is
//! flushed so the rename survives a power cut. A failure at any step removes
//! the temporary file and leaves the target untouched. A process killed in
//! the middle leaves its temporary file behind; the next save into that
//! folder removes it once that process is gone. Nothing else (no backup, no
//! lock file) is ever written beside the target.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use super::SaveError;

/// The end of every temporary file's name.
const TEMP_SUFFIX: &str = ".jm-tmp";

/// The temporary file used while saving `target` from this process:
/// `.<name>.<pid>.jm-tmp` beside it.
pub fn temp_path(target: &Path) -> PathBuf {
    temp_path_for(target, std::process::id())
}

fn temp_path_for(target: &Path, pid: u32) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "map".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.{pid}{TEMP_SUFFIX}"))
}

/// The process id in a temporary file's name, when `name` is exactly one of
/// ours (`.<name>.<pid>.jm-tmp`, as [`temp_path`] makes them).
fn temp_owner(name: &str) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(TEMP_SUFFIX)?;
    let (target, pid) = inner.rsplit_once('.')?;
    if target.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Writes `bytes` to `target` atomically.
pub fn write(target: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    write_with(&Disk, target, bytes)
}

/// The file-system steps of a save. The real ones are the default methods;
/// tests override one to fail the way a full disk or a vanished folder does.
trait Steps {
    fn create(&self, path: &Path) -> io::Result<File> {
        OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)
    }

    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        file.write_all(bytes)
    }

    fn sync(&self, file: &File) -> io::Result<()> {
        file.sync_all()
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }
}

/// The real file system.
struct Disk;

impl Steps for Disk {}

fn write_with(steps: &impl Steps, target: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    let folder = folder_of(target);
    remove_stale_temp_files(folder);
    let tmp = temp_path(target);
    let result = write_via(steps, &tmp, target, bytes);
    if result.is_err() {
        // Best effort: the temp file may not exist, or the folder may be gone.
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn write_via(steps: &impl Steps, tmp: &Path, target: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    let fail = |step: &'static str| {
        move |source: io::Error| SaveError::Io {
            step,
            source,
            path: target.to_path_buf(),
        }
    };
    let mut file = steps
        .create(tmp)
        .map_err(fail("creating a temporary file in the folder"))?;
    if let Ok(meta) = fs::metadata(target) {
        // Keep the permissions of the file being replaced.
        let _ = file.set_permissions(meta.permissions());
    }
    steps
        .write(&mut file, bytes)
        .map_err(fail("writing the new content"))?;
    steps
        .sync(&file)
        .map_err(fail("flushing the new content to disk"))?;
    drop(file);
    steps
        .rename(tmp, target)
        .map_err(fail("replacing the file with the new content"))?;
    sync_folder(folder_of(target));
    Ok(())
}

/// The folder `target` is in.
fn folder_of(target: &Path) -> &Path {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Flushes `folder`'s entries, so the rename is durable.
fn sync_folder(folder: &Path) {
    // Not every platform can open a folder for syncing; the rename already
    // happened, so a failure here loses nothing but durability on power loss.
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
}

/// Removes the temporary files that processes killed while saving left in
/// `folder`. Only names of exactly our pattern are touched, and only when
/// their process is gone. Best effort: a file that cannot be listed or
/// removed stays, and the save goes on.
fn remove_stale_temp_files(folder: &Path) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    let me = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_owner) else {
            continue;
        };
        let path = entry.path();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && pid != me && is_abandoned(&path, pid) {
            let _ = fs::remove_file(&path);
        }
    }
}

/// How old a temporary file must be before it is removed where there is no
/// way to ask whether its process still runs.
const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_hours(24);

/// True when the process that wrote the temporary file `path` is gone
/// ([`process_gone`]); where that cannot be told, on Linux without `/proc`
/// the file is kept, and elsewhere a file untouched for a day is taken as
/// abandoned.
fn is_abandoned(path: &Path, pid: u32) -> bool {
    match process_gone(pid) {
        Some(gone) => gone,
        None if cfg!(target_os = "linux") => false,
        None => fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > ABANDONED_AFTER),
    }
}

/// Whether process `pid` has ended; `None` where that cannot be told.
/// Linux: a process runs while `/proc/<pid>` exists and is not a zombie (a
/// killed process its parent has not reaped yet); a reused pid counts as
/// running, the safe side. `None` without `/proc`, and on other systems.
pub(crate) fn process_gone(pid: u32) -> Option<bool> {
    #[cfg(target_os = "linux")]
    {
        let proc = Path::new("/proc");
        if !proc.join("self").exists() {
            return None;
        }
        Some(
            match fs::read_to_string(proc.join(pid.to_string()).join("stat")) {
                Ok(stat) => stat
                    .rsplit_once(") ")
                    .is_some_and(|(_, rest)| rest.starts_with(['Z', 'X'])),
                Err(_) => true,
            },
        )
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = pid;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("map.ron");
        fs::write(&target, "old").expect("write");
        write(&target, b"new").expect("save");
        assert_eq!(fs::read_to_string(&target).expect("read"), "new");
        assert_eq!(names_in(dir.path()), ["map.ron"]);
    }

    #[test]
    fn a_failed_rename_leaves_the_target_and_no_temp_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A folder where the map should be: the rename over it fails.
        let target = dir.path().join("map.ron");
        fs::create_dir(&target).expect("mkdir");
        fs::write(target.join("inside.txt"), "keep").expect("write");
        let err = write(&target, b"new").expect_err("fails");
        assert!(
            err.to_string().contains("while replacing the file"),
            "{err}"
        );
        assert_eq!(
            fs::read_to_string(target.join("inside.txt")).expect("read"),
            "keep"
        );
        assert!(!temp_path(&target).exists(), "the temp file is removed");
    }

    #[test]
    fn a_missing_folder_fails_and_writes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("gone").join("map.ron");
        let err = write(&target, b"new").expect_err("fails");
        let message = err.to_string();
        assert!(message.contains("the folder is gone"), "{message}");
        assert!(
            message.ends_with(&target.display().to_string()),
            "{message}"
        );
        assert!(!target.exists());
    }

    #[test]
    fn only_names_of_our_exact_pattern_are_temp_files() {
        assert_eq!(temp_owner(".map.ron.1234.jm-tmp"), Some(1234));
        assert_eq!(temp_owner(".my.map.ron.7.jm-tmp"), Some(7));
        let path = temp_path_for(Path::new("/x/plan.ron"), 42);
        let name = path.file_name().and_then(|n| n.to_str()).expect("name");
        assert_eq!(temp_owner(name), Some(42));
        for other in [
            "map.ron",
            "map.ron.1234.jm-tmp",
            "..1234.jm-tmp",
            ".map.ron.jm-tmp",
            ".map.ron.12a4.jm-tmp",
            ".map.ron.+12.jm-tmp",
            ".map.ron.1234.jm-tmp.bak",
            ".map.ron.1234.jm-tmpx",
            ".map.ron.99999999999.jm-tmp",
            "notes.txt",
        ] {
            assert_eq!(temp_owner(other), None, "{other}");
        }
    }

    /// The id of a process that has exited.
    #[cfg(target_os = "linux")]
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new(std::env::current_exe().expect("exe"))
            .arg("--list")
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("spawns");
        let pid = child.id();
        child.wait().expect("exits");
        pid
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_save_removes_temp_files_of_dead_processes_and_nothing_else() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("map.ron");
        fs::write(&target, "old").expect("write");
        let dead = dead_pid();
        let stale = temp_path_for(&target, dead);
        let stale_other_map = temp_path_for(&dir.path().join("other.ron"), dead);
        let alive = temp_path_for(&target, 1);
        let mine = temp_path_for(&dir.path().join("other.ron"), std::process::id());
        let lookalikes = [
            format!(".map.ron.{dead}.jm-tmp.bak"),
            format!("map.ron.{dead}.jm-tmp"),
            "notes.txt".to_owned(),
        ];
        for path in [&stale, &stale_other_map, &alive, &mine] {
            fs::write(path, "half a map").expect("write");
        }
        for name in &lookalikes {
            fs::write(dir.path().join(name), "not ours").expect("write");
        }
        // A folder with our pattern is not a file we wrote.
        let folder = temp_path_for(&dir.path().join("dir.ron"), dead);
        fs::create_dir(&folder).expect("mkdir");

        write(&target, b"new").expect("save");

        assert!(
            !stale.exists() && !stale_other_map.exists(),
            "stale ones go"
        );
        assert!(alive.exists(), "pid 1 is alive");
        assert!(mine.exists(), "this process is alive");
        assert!(folder.is_dir());
        for name in &lookalikes {
            assert!(dir.path().join(name).exists(), "{name} stays");
        }
        assert_eq!(fs::read_to_string(&target).expect("read"), "new");
    }

    /// Where a save fails on purpose.
    #[derive(Clone, Copy, Debug, PartialEq)]
    enum At {
        Create,
        Write,
        Sync,
        Rename,
    }

    /// The real steps, except one that fails with `error`; a failing write
    /// first writes half the bytes, as a disk that fills up does.
    struct Failing {
        at: At,
        error: fn() -> io::Error,
    }

    impl Steps for Failing {
        fn create(&self, path: &Path) -> io::Result<File> {
            if self.at == At::Create {
                return Err((self.error)());
            }
            Disk.create(path)
        }

        fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
            if self.at == At::Write {
                file.write_all(&bytes[..bytes.len() / 2])?;
                return Err((self.error)());
            }
            Disk.write(file, bytes)
        }

        fn sync(&self, file: &File) -> io::Result<()> {
            if self.at == At::Sync {
                return Err((self.error)());
            }
            Disk.sync(file)
        }

        fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
            if self.at == At::Rename {
                return Err((self.error)());
            }
            Disk.rename(from, to)
        }
    }

    /// Fails a save at `at` with `error`; asserts the map on disk keeps its
    /// bytes, no temp file is left, and returns the message.
    fn failed_save(at: At, error: fn() -> io::Error) -> String {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("map.ron");
        let old = b"JourneyMap(\n    version: 1,\n    title: \"Old\",\n)\n";
        fs::write(&target, old).expect("write");
        let new = "JourneyMap(version: 1, title: \"New\")\n".repeat(1000);
        let err = write_with(&Failing { at, error }, &target, new.as_bytes())
            .expect_err("the save fails");
        assert_eq!(fs::read(&target).expect("read"), old, "{at:?}: untouched");
        assert_eq!(names_in(dir.path()), ["map.ron"], "{at:?}: no temp file");
        let message = err.to_string();
        assert!(
            message.ends_with(&format!(
                "the file on disk was not changed: {}",
                target.display()
            )),
            "{at:?}: the path comes last: {message}"
        );
        assert!(
            !message.contains("Os {") && !message.contains("kind:"),
            "{message}"
        );
        message
    }

    const STEPS: [At; 4] = [At::Create, At::Write, At::Sync, At::Rename];

    #[test]
    fn a_read_only_folder_is_said_in_plain_words_and_the_file_is_untouched() {
        for at in STEPS {
            for error in [
                || io::Error::from(io::ErrorKind::PermissionDenied),
                || io::Error::from(io::ErrorKind::ReadOnlyFilesystem),
                #[cfg(target_os = "linux")]
                || io::Error::from_raw_os_error(13), // EACCES
                #[cfg(target_os = "linux")]
                || io::Error::from_raw_os_error(30), // EROFS
            ] {
                let message = failed_save(at, error);
                assert!(message.starts_with("cannot save ("), "{message}");
                assert!(
                    message.contains("permission denied: the folder is read-only or not yours"),
                    "{at:?}: {message}"
                );
            }
        }
    }

    #[test]
    fn a_deleted_folder_is_said_in_plain_words_and_the_file_is_untouched() {
        for at in STEPS {
            for error in [
                || io::Error::from(io::ErrorKind::NotFound),
                #[cfg(target_os = "linux")]
                || io::Error::from_raw_os_error(2), // ENOENT
            ] {
                let message = failed_save(at, error);
                assert!(
                    message.contains("the folder is gone (deleted, moved or unmounted)"),
                    "{at:?}: {message}"
                );
            }
        }
    }

    #[test]
    fn a_full_disk_is_said_in_plain_words_and_the_file_is_untouched() {
        for at in STEPS {
            for error in [
                || io::Error::from(io::ErrorKind::StorageFull),
                || io::Error::from(io::ErrorKind::QuotaExceeded),
                #[cfg(target_os = "linux")]
                || io::Error::from_raw_os_error(28), // ENOSPC
                #[cfg(target_os = "linux")]
                || io::Error::from_raw_os_error(122), // EDQUOT
            ] {
                let message = failed_save(at, error);
                assert!(
                    message.contains("the disk is full; free some space and save again"),
                    "{at:?}: {message}"
                );
            }
        }
    }

    #[test]
    fn each_failing_step_is_named() {
        let full = || io::Error::from(io::ErrorKind::StorageFull);
        for (at, words) in [
            (At::Create, "while creating a temporary file in the folder"),
            (At::Write, "while writing the new content"),
            (At::Sync, "while flushing the new content to disk"),
            (At::Rename, "while replacing the file"),
        ] {
            let message = failed_save(at, full);
            assert!(message.contains(words), "{at:?}: {message}");
        }
    }

    #[test]
    fn an_unexpected_error_keeps_the_system_words() {
        let message = failed_save(At::Write, || io::Error::other("the cable is loose"));
        assert!(message.contains("the cable is loose"), "{message}");
    }
}
