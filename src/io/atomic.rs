//! Atomic file writes: the file on disk is always the old version or the new one.
//!
//! The new bytes go to a temporary file in the same folder (named after the
//! target and this process's id, so two processes never share one), which is
//! flushed to disk, then renamed over the target; then the folder itself is
//! flushed so the rename survives a power cut. A failure at any step removes
//! the temporary file and leaves the target untouched.

use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::SaveError;

/// The temporary file used while saving `target` from this process.
pub fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "map".into(), |n| n.to_string_lossy().into_owned());
    let tmp = format!(".{name}.{}.jm-tmp", std::process::id());
    target.with_file_name(tmp)
}

fn io(what: &'static str) -> impl FnOnce(std::io::Error) -> SaveError {
    move |source| SaveError::Io { what, source }
}

/// Writes `bytes` to `target` atomically.
pub fn write(target: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    let tmp = temp_path(target);
    let result = write_via(&tmp, target, bytes);
    if result.is_err() {
        // Best effort: the temp file may not exist, or the folder may be gone.
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn write_via(tmp: &Path, target: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(tmp)
        .map_err(io("cannot create a temporary file in the folder"))?;
    if let Ok(meta) = fs::metadata(target) {
        // Keep the permissions of the file being replaced.
        let _ = file.set_permissions(meta.permissions());
    }
    file.write_all(bytes)
        .map_err(io("cannot write the new content"))?;
    file.sync_all()
        .map_err(io("cannot flush the new content to disk"))?;
    drop(file);
    fs::rename(tmp, target).map_err(io("cannot replace the file"))?;
    sync_folder(target);
    Ok(())
}

/// Flushes the folder entry of `target`, so the rename is durable.
fn sync_folder(target: &Path) {
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // Not every platform can open a folder for syncing; the rename already
    // happened, so a failure here loses nothing but durability on power loss.
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("map.ron");
        fs::write(&target, "old").expect("write");
        write(&target, b"new").expect("save");
        assert_eq!(fs::read_to_string(&target).expect("read"), "new");
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("map.ron")]);
    }

    #[test]
    fn a_failed_rename_leaves_the_target_and_no_temp_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A folder where the map should be: the rename over it fails.
        let target = dir.path().join("map.ron");
        fs::create_dir(&target).expect("mkdir");
        fs::write(target.join("inside.txt"), "keep").expect("write");
        let err = write(&target, b"new").expect_err("fails");
        assert!(err.to_string().contains("cannot replace the file"), "{err}");
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
        assert!(err.to_string().contains("not changed"), "{err}");
        assert!(!target.exists());
    }
}
