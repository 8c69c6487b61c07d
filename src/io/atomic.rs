//! Atomic file writes: the file on disk is always the old version or the new one.
//!
//! The new bytes go to a temporary file in the same folder (named after the
//! target, this process's id and a random part, and created only if no file
//! or link of that name exists, so it is never opened through a planted
//! symbolic link), which is flushed to disk, then renamed over the target;
//! then the folder itself is flushed so the rename survives a power cut. A
//! failure at any step removes the temporary file and leaves the target
//! untouched. A process killed in the middle leaves its temporary file
//! behind; the next save into that folder removes it once that process is
//! gone. Nothing else (no backup, no lock file) is ever written beside the
//! target.
//!
//! A target that is a symbolic link is written through: the file it leads
//! to is replaced, in that file's folder, when it lies inside the link's
//! repository ([`super::inside`]); otherwise nothing is written. A save can
//! say what the target must hold just before the rename ([`Expect`]): a
//! file changed by another program since it was read is then not written
//! over. The only race left is the moment between that check and the
//! rename (ARCHITECTURE.md).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use super::SaveError;

/// The end of every temporary file's name.
const TEMP_SUFFIX: &str = ".jm-tmp";

/// How many hex digits the random part of a temporary file's name has
/// (as `{:012x}` in [`temp_path_for`] writes them).
const RANDOM_DIGITS: usize = 12;

/// A digest of a file's bytes, to tell another program's change from what
/// was read or written (not cryptographic: it guards against accidents, and
/// a program that can write the file needs no collision to change it).
pub fn digest(bytes: &[u8]) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::hash::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// What the target must hold just before a save replaces it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Anything, or nothing: the caller means to replace whatever is there.
    Anything,
    /// Nothing: the file must not exist (a new file never replaces one made
    /// meanwhile).
    Nothing,
    /// The bytes with this [`digest`]: what the caller read or last wrote.
    Digest(u64),
}

/// A fresh name for the temporary file used while saving `target` from
/// this process: `.<name>.<pid>.<random>.jm-tmp` beside it.
fn temp_path(target: &Path) -> PathBuf {
    temp_path_for(target, std::process::id(), random_part())
}

fn temp_path_for(target: &Path, pid: u32, random: u64) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "map".into(), |n| n.to_string_lossy().into_owned());
    let random = random & ((1 << (4 * RANDOM_DIGITS)) - 1);
    target.with_file_name(format!(".{name}.{pid}.{random:012x}{TEMP_SUFFIX}"))
}

/// A random number (std's per-process random hash keys, a counter and the
/// clock): unguessable to whoever plants files before the save runs.
fn random_part() -> u64 {
    use std::hash::{BuildHasher as _, Hasher as _};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::hash::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    if let Ok(now) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        hasher.write_u128(now.as_nanos());
    }
    hasher.finish()
}

/// The process id in a temporary file's name, when `name` is exactly one of
/// ours: `.<name>.<pid>.<12 hex digits>.jm-tmp` as [`temp_path`] makes
/// them, or `.<name>.<pid>.jm-tmp` as earlier versions did.
fn temp_owner(name: &str) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(TEMP_SUFFIX)?;
    let inner = match inner.rsplit_once('.') {
        Some((rest, random))
            if random.len() == RANDOM_DIGITS
                && random
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) =>
        {
            rest
        }
        _ => inner,
    };
    let (target, pid) = inner.rsplit_once('.')?;
    if target.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Writes `bytes` to `target` atomically, whatever `target` holds.
pub fn write(target: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    write_expecting(target, bytes, Expect::Anything)
}

/// Writes `bytes` to `target` atomically, provided that just before the
/// rename `target` still holds what `expect` says; otherwise nothing is
/// written ([`SaveError::ChangedOnDisk`]).
pub fn write_expecting(target: &Path, bytes: &[u8], expect: Expect) -> Result<(), SaveError> {
    write_with(&Disk, target, bytes, expect)
}

/// The file-system steps of a save. The real ones are the default methods;
/// tests override one to fail the way a full disk or a vanished folder does,
/// or to change the file the way another program does.
trait Steps {
    fn create(&self, path: &Path) -> io::Result<File> {
        // `create_new` is O_CREAT|O_EXCL: it fails on any existing name,
        // a symbolic link (even a dangling one) included, and never follows it.
        OpenOptions::new().write(true).create_new(true).open(path)
    }

    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        file.write_all(bytes)
    }

    fn sync(&self, file: &File) -> io::Result<()> {
        file.sync_all()
    }

    /// The digest of what `target` holds now; `None` when nothing is there.
    fn current(&self, target: &Path) -> io::Result<Option<u64>> {
        current_digest(target)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }
}

/// The real file system.
struct Disk;

impl Steps for Disk {}

/// The digest of the file at `target` now (`None`: there is none), read
/// without following a link and without blocking; anything but a regular
/// file of at most the map size limit reads as a digest no content has.
fn current_digest(target: &Path) -> io::Result<Option<u64>> {
    match fs::symlink_metadata(target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
        Ok(_) => {}
    }
    let limit = super::MAX_FILE_BYTES;
    let read = super::inside::open_regular(target, limit)
        .and_then(|(file, len)| super::inside::read_all(file, len, limit));
    match read {
        Ok(bytes) => Ok(Some(digest(&bytes))),
        Err(super::inside::Refused::Unreadable(e)) => Err(e),
        Err(_) => Ok(Some(digest(b"\0not a regular map file\0"))),
    }
}

/// Where a save to `target` writes: `target` itself, or the file a symbolic
/// link there leads to when that is inside the link's repository.
fn destination(target: &Path) -> Result<PathBuf, SaveError> {
    let is_link = fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(target.to_path_buf());
    }
    let root = super::inside::root_of(target);
    match super::inside::resolve(target) {
        Some(real) if super::inside::is_under(&root, &real) => Ok(real),
        resolved => Err(SaveError::LinkOutside {
            link: target.to_path_buf(),
            target: resolved.unwrap_or_else(|| target.to_path_buf()),
        }),
    }
}

fn write_with(
    steps: &impl Steps,
    target: &Path,
    bytes: &[u8],
    expect: Expect,
) -> Result<(), SaveError> {
    let target = &destination(target)?;
    let folder = folder_of(target);
    remove_stale_temp_files(folder);
    let (file, tmp) = create_temp(steps, target).map_err(|source| SaveError::Io {
        step: "creating a temporary file in the folder",
        source,
        path: target.clone(),
    })?;
    let result = write_via(steps, file, &tmp, target, bytes, expect);
    if result.is_err() {
        // Best effort: the folder may be gone. `tmp` is ours: we created it.
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Creates a temporary file beside `target` under a fresh name; a name
/// already taken (planted, or another save's) is skipped, never opened.
fn create_temp(steps: &impl Steps, target: &Path) -> io::Result<(File, PathBuf)> {
    for _ in 0..8 {
        let tmp = temp_path(target);
        match steps.create(&tmp) {
            Ok(file) => return Ok((file, tmp)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::from(io::ErrorKind::AlreadyExists))
}

fn write_via(
    steps: &impl Steps,
    mut file: File,
    tmp: &Path,
    target: &Path,
    bytes: &[u8],
    expect: Expect,
) -> Result<(), SaveError> {
    let fail = |step: &'static str| {
        move |source: io::Error| SaveError::Io {
            step,
            source,
            path: target.to_path_buf(),
        }
    };
    if let Ok(meta) = fs::symlink_metadata(target)
        && meta.is_file()
    {
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
    if expect != Expect::Anything {
        let now = steps
            .current(target)
            .map_err(fail("reading the file on disk again"))?;
        let unchanged = match expect {
            Expect::Anything => true,
            Expect::Nothing => now.is_none(),
            Expect::Digest(read) => now == Some(read),
        };
        if !unchanged {
            return Err(SaveError::ChangedOnDisk {
                path: target.to_path_buf(),
            });
        }
    }
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
        // `file_type` does not follow a link: a planted link of our pattern
        // is left alone, and so is what it leads to.
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
        None => fs::symlink_metadata(path)
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
        assert_eq!(
            names_in(dir.path()),
            ["map.ron"],
            "the temp file is removed"
        );
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
        assert_eq!(temp_owner(".map.ron.1234.0123456789ab.jm-tmp"), Some(1234));
        for random in [0, 42, u64::MAX] {
            let path = temp_path_for(Path::new("/x/plan.ron"), 42, random);
            let name = path.file_name().and_then(|n| n.to_str()).expect("name");
            assert_eq!(temp_owner(name), Some(42), "{name}");
        }
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
            ".map.ron.12.0123456789AB.jm-tmp",
            ".map.ron.0123456789ab.jm-tmp",
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
        let stale = temp_path_for(&target, dead, 7);
        let stale_other_map = temp_path_for(&dir.path().join("other.ron"), dead, 8);
        let alive = temp_path_for(&target, 1, 9);
        let mine = temp_path_for(&dir.path().join("other.ron"), std::process::id(), 10);
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
        let folder = temp_path_for(&dir.path().join("dir.ron"), dead, 11);
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

    /// Real steps, except that the first temp name is taken by a planted
    /// link (made there on the first attempt).
    struct TakenOnce<'a> {
        victim: &'a Path,
        first: std::cell::Cell<bool>,
    }

    impl Steps for TakenOnce<'_> {
        fn create(&self, path: &Path) -> io::Result<File> {
            if self.first.replace(false) {
                #[cfg(unix)]
                std::os::unix::fs::symlink(self.victim, path)?;
            }
            Disk.create(path)
        }
    }

    impl Failing {
        fn taken_once(victim: &Path) -> TakenOnce<'_> {
            TakenOnce {
                victim,
                first: std::cell::Cell::new(true),
            }
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
        let err = write_with(
            &Failing { at, error },
            &target,
            new.as_bytes(),
            Expect::Anything,
        )
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

    #[test]
    fn temp_names_differ_from_save_to_save() {
        let target = Path::new("/x/map.ron");
        assert_ne!(temp_path(target), temp_path(target));
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_link_at_any_temp_name_is_never_written_through() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("tempdir");
        let outside = tempfile::tempdir().expect("tempdir");
        let victim = outside.path().join("victim.txt");
        fs::write(&victim, "precious").expect("write");
        let target = dir.path().join("map.ron");
        fs::write(&target, "old").expect("write");
        // Every name this save could pick first, for 100 random parts, and
        // the old pid-only name of every pid a save may have.
        let planted: Vec<PathBuf> = (0..100)
            .map(|r| temp_path_for(&target, std::process::id(), r))
            .chain([target.with_file_name(format!(".map.ron.{}.jm-tmp", std::process::id()))])
            .collect();
        for path in &planted {
            symlink(&victim, path).expect("link");
        }
        write(&target, b"new").expect("save");
        assert_eq!(fs::read_to_string(&target).expect("read"), "new");
        assert_eq!(fs::read_to_string(&victim).expect("read"), "precious");
        // A link whose name is exactly taken is skipped, not followed.
        let taken = Failing::taken_once(&victim);
        write_with(&taken, &target, b"newer", Expect::Anything).expect("save");
        assert_eq!(fs::read_to_string(&target).expect("read"), "newer");
        assert_eq!(fs::read_to_string(&victim).expect("read"), "precious");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_sweep_leaves_planted_links_and_their_targets() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("tempdir");
        let outside = tempfile::tempdir().expect("tempdir");
        let victim = outside.path().join("victim.ron");
        fs::write(&victim, "precious").expect("write");
        let target = dir.path().join("map.ron");
        let dead = dead_pid();
        let link = temp_path_for(&target, dead, 5);
        symlink(&victim, &link).expect("link");
        write(&target, b"new").expect("save");
        assert!(link.is_symlink(), "the link stays");
        assert_eq!(fs::read_to_string(&victim).expect("read"), "precious");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_file_inside_is_written_through_and_stays_a_link() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = fs::canonicalize(dir.path()).expect("canonical");
        fs::create_dir_all(repo.join(".git")).expect("mkdir");
        fs::create_dir_all(repo.join("real")).expect("mkdir");
        fs::write(repo.join("real/map.ron"), "old").expect("write");
        fs::create_dir_all(repo.join("maps")).expect("mkdir");
        let link = repo.join("maps/map.ron");
        symlink("../real/map.ron", &link).expect("link");
        write(&link, b"new").expect("save");
        assert!(link.is_symlink(), "the link is kept");
        assert_eq!(
            fs::read_to_string(repo.join("real/map.ron")).expect("read"),
            "new"
        );
        assert_eq!(names_in(&repo.join("maps")), ["map.ron"]);
        assert_eq!(names_in(&repo.join("real")), ["map.ron"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_leading_out_of_the_repository_is_refused_naming_both() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("tempdir");
        let base = fs::canonicalize(dir.path()).expect("canonical");
        let repo = base.join("repo");
        fs::create_dir_all(repo.join(".git")).expect("mkdir");
        let victim = base.join("victim.txt");
        fs::write(&victim, "precious").expect("write");
        let link = repo.join("map.ron");
        symlink(&victim, &link).expect("link");
        let err = write(&link, b"new").expect_err("refused");
        let message = err.to_string();
        assert!(matches!(err, SaveError::LinkOutside { .. }), "{message}");
        assert!(message.contains(&victim.display().to_string()), "{message}");
        assert!(message.ends_with(&link.display().to_string()), "{message}");
        assert_eq!(fs::read_to_string(&victim).expect("read"), "precious");
        assert!(link.is_symlink());
        assert_eq!(names_in(&repo), [".git", "map.ron"]);
    }

    /// Real steps, except that another program saves `text` to the target
    /// just before the check.
    struct Meddling {
        text: &'static [u8],
    }

    impl Steps for Meddling {
        fn current(&self, target: &Path) -> io::Result<Option<u64>> {
            fs::write(target, self.text)?;
            Disk.current(target)
        }
    }

    #[test]
    fn a_change_made_before_the_check_is_not_written_over() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("map.ron");
        fs::write(&target, "read").expect("write");
        let read = digest(b"read");
        let err = write_with(
            &Meddling { text: b"theirs" },
            &target,
            b"mine",
            Expect::Digest(read),
        )
        .expect_err("refused");
        assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err}");
        assert!(err.to_string().contains("another program changed"), "{err}");
        assert_eq!(fs::read_to_string(&target).expect("read"), "theirs");
        assert_eq!(names_in(dir.path()), ["map.ron"], "no temp file left");
        // A file that appeared where a new one was to be made is kept too.
        let fresh = dir.path().join("fresh.ron");
        let err = write_with(
            &Meddling { text: b"theirs" },
            &fresh,
            b"mine",
            Expect::Nothing,
        )
        .expect_err("refused");
        assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err}");
        assert_eq!(fs::read_to_string(&fresh).expect("read"), "theirs");
        // Unchanged: written.
        write_expecting(&target, b"mine", Expect::Digest(digest(b"theirs"))).expect("saves");
        assert_eq!(fs::read_to_string(&target).expect("read"), "mine");
    }

    /// The reproduction of lost saves: another program saves the file (by
    /// rename, as editors do) at a random moment while ours runs, 1,000
    /// times. Every one of its saves that finished before our check must be
    /// on disk afterwards.
    #[test]
    fn no_save_finished_before_the_check_is_lost_in_a_thousand_races() {
        use std::sync::{Arc, Barrier, Mutex};
        use std::time::Instant;

        /// Real steps that record when the check ran.
        struct Timed(Mutex<Option<Instant>>);
        impl Steps for Timed {
            fn current(&self, target: &Path) -> io::Result<Option<u64>> {
                if let Ok(mut at) = self.0.lock() {
                    *at = Some(Instant::now());
                }
                Disk.current(target)
            }
        }

        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("map.ron");
        let mut refused = 0;
        for round in 0..1000_u32 {
            fs::write(&target, "base").expect("write");
            let barrier = Arc::new(Barrier::new(2));
            let other = {
                let barrier = Arc::clone(&barrier);
                let target = target.clone();
                std::thread::spawn(move || {
                    barrier.wait();
                    // Spread the other save over the whole of ours.
                    for _ in 0..(round % 50) * 20 {
                        std::hint::spin_loop();
                    }
                    let tmp = target.with_file_name("other-program.tmp");
                    fs::write(&tmp, "theirs").expect("write");
                    fs::rename(&tmp, &target).expect("rename");
                    Instant::now()
                })
            };
            let timed = Timed(Mutex::new(None));
            barrier.wait();
            let ours = write_with(&timed, &target, b"ours", Expect::Digest(digest(b"base")));
            let theirs_done = other.join().expect("joins");
            let checked = timed.0.lock().expect("lock").expect("the check ran");
            let on_disk = fs::read_to_string(&target).expect("read");
            if theirs_done < checked {
                assert_eq!(
                    on_disk, "theirs",
                    "round {round}: their finished save was lost"
                );
                assert!(ours.is_err(), "round {round}");
            }
            if ours.is_err() {
                refused += 1;
            }
        }
        // The race was real: some of our saves met theirs.
        assert!(refused > 0, "no round met the other save");
    }
}
