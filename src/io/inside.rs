//! "Inside": the one place a map may make journeymap read from or write to.
//!
//! A map often comes from someone else (a branch, a pull request CI
//! renders), and so does the folder around it. What the map names - a
//! persona's photo, the file a symbolic link leads to - is used only when it
//! lies under the map's *root*: the root of the git work tree that holds the
//! map (the nearest ancestor folder with a `.git`), or the map's own folder
//! when there is none, after resolving symbolic links.
//!
//! Files found inside are opened without following a symbolic link and
//! without blocking, and their type and size are checked on the open handle
//! (not on the path, which could change in between): only regular files, up
//! to a limit, are read. A FIFO or a device never hangs or floods a reader.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, Read as _};
use std::path::{Component, Path, PathBuf};

/// The most symbolic links followed while resolving one path (as Linux's
/// `MAXSYMLINKS`); more is a loop, and the path counts as outside.
const MAX_LINKS: usize = 40;

/// The largest photo file read, in bytes (the painter and `check` alike).
pub const PHOTO_MAX_BYTES: u64 = 32 * 1024 * 1024;

/// Why a file a map names was not read.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// The path leads outside the map's root. Said the same way whether or
    /// not the file exists, so a map cannot probe the machine's files.
    #[error("is outside the map's repository, so it is not read")]
    Outside,
    /// Nothing is there.
    #[error("was not found")]
    NotFound,
    /// A folder, a device, a FIFO or a socket.
    #[error("is not a regular file (a folder, device or pipe)")]
    NotAFile,
    /// Larger than the caller's limit.
    #[error("is larger than {} MB", .limit / (1024 * 1024))]
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The system refused to open or read it.
    #[error("cannot be read ({0})")]
    Unreadable(io::Error),
}

/// `path` as an absolute path (joined to the current folder when relative),
/// without touching the file system.
fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_or_else(|_| path.to_path_buf(), |cwd| cwd.join(path))
    }
}

/// `path` with every symbolic link in it followed, as the system would:
/// links are read one component at a time (a link to a link too, up to
/// 40), `..` goes up from where the links led, and components
/// that do not exist are taken as written. Unlike `canonicalize`, it also
/// resolves a path that does not exist - through a dangling link too - so
/// whether a path is inside never depends on whether its file exists.
/// `None` for a loop of links.
pub fn resolve(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    // Components still to walk, the next one last.
    let mut pending: Vec<OsString> = Vec::new();
    push_components(&mut pending, &mut out, &absolute(path));
    let mut links = 0;
    while let Some(name) = pending.pop() {
        if name == ".." {
            out.pop();
            continue;
        }
        let next = out.join(&name);
        let is_link = fs::symlink_metadata(&next).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            out = next;
            continue;
        }
        links += 1;
        if links > MAX_LINKS {
            return None;
        }
        let target = fs::read_link(&next).ok()?;
        push_components(&mut pending, &mut out, &target);
    }
    Some(out)
}

/// Queues `path`'s components to be walked before those already pending;
/// an absolute `path` restarts `out` at its root.
fn push_components(pending: &mut Vec<OsString>, out: &mut PathBuf, path: &Path) {
    let mut names = Vec::new();
    for component in path.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => {
                out.clear();
                out.push(component.as_os_str());
                names.clear();
            }
            Component::CurDir => {}
            Component::ParentDir => names.push(OsString::from("..")),
            Component::Normal(name) => names.push(name.to_os_string()),
        }
    }
    pending.extend(names.into_iter().rev());
}

/// The root of the map at `map_path`: the nearest ancestor of its folder
/// (symbolic links resolved) holding a `.git` (a folder, or a file in a
/// worktree), else that folder itself.
pub fn root_of(map_path: &Path) -> PathBuf {
    let folder = match map_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    root_of_folder(folder)
}

/// The root for a map in `folder` (see [`root_of`]).
pub fn root_of_folder(folder: &Path) -> PathBuf {
    let folder = resolve(folder).unwrap_or_else(|| absolute(folder));
    folder
        .ancestors()
        .find(|dir| fs::symlink_metadata(dir.join(".git")).is_ok())
        .unwrap_or(&folder)
        .to_path_buf()
}

/// Where `relative` (a path written in a map saved in `map_dir`) leads,
/// when that is inside the map's root; [`Refused::Outside`] otherwise,
/// without a look at whether the file exists. An absolute path is always
/// outside: a map is shared, and an absolute path names a file of one
/// machine.
pub fn locate(map_dir: &Path, relative: &str) -> Result<PathBuf, Refused> {
    let written = Path::new(relative);
    if written.has_root() || written.is_absolute() || relative.contains('\0') {
        return Err(Refused::Outside);
    }
    let root = root_of_folder(map_dir);
    let path = resolve(&map_dir.join(written)).ok_or(Refused::Outside)?;
    if is_under(&root, &path) {
        Ok(path)
    } else {
        Err(Refused::Outside)
    }
}

/// Whether the resolved `path` lies under `root` (the root itself is a
/// folder, never a file a map may name).
pub fn is_under(root: &Path, path: &Path) -> bool {
    path.starts_with(root) && path != root
}

/// Opens `path` for reading without following a symbolic link in its last
/// component and without blocking (a FIFO opens at once), then checks on
/// the open handle that it is a regular file of at most `limit` bytes.
pub fn open_regular(path: &Path, limit: u64) -> Result<(File, u64), Refused> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC);
    }
    let file = options.open(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => Refused::NotFound,
        // O_NOFOLLOW on a link: it appeared after the path was resolved.
        #[cfg(unix)]
        _ if e.raw_os_error() == Some(libc::ELOOP) => Refused::Outside,
        io::ErrorKind::IsADirectory => Refused::NotAFile,
        _ => Refused::Unreadable(e),
    })?;
    let meta = file.metadata().map_err(Refused::Unreadable)?;
    if !meta.is_file() {
        return Err(Refused::NotAFile);
    }
    if meta.len() > limit {
        return Err(Refused::TooLarge { limit });
    }
    Ok((file, meta.len()))
}

/// Reads the file `relative` (written in a map saved in `map_dir`): only
/// inside the map's root ([`locate`]), only a regular file, at most `limit`
/// bytes ([`open_regular`]; a file that grows while it is read is cut off
/// and refused).
pub fn read(map_dir: &Path, relative: &str, limit: u64) -> Result<Vec<u8>, Refused> {
    let path = locate(map_dir, relative)?;
    let (file, len) = open_regular(&path, limit)?;
    read_all(file, len, limit)
}

/// Reads a file [`open_regular`] opened (`len` bytes when it was opened):
/// at most `limit` bytes, so one that grows meanwhile is cut off and refused.
pub fn read_all(file: File, len: u64, limit: u64) -> Result<Vec<u8>, Refused> {
    let mut bytes = Vec::with_capacity(usize::try_from(len.min(limit)).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Refused::Unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(Refused::TooLarge { limit });
    }
    Ok(bytes)
}

/// Checks, without reading it, that `relative` would be read by [`read`].
pub fn check(map_dir: &Path, relative: &str, limit: u64) -> Result<(), Refused> {
    let path = locate(map_dir, relative)?;
    open_regular(&path, limit).map(|_| ())
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    #[cfg(unix)]
    use std::os::unix::fs::symlink;

    /// A folder holding `repo/` (with `.git` and `maps/photos/`): the
    /// temporary folder, to keep, and the repository's resolved path.
    pub(in crate::io) fn repo() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = fs::canonicalize(dir.path())
            .expect("canonical")
            .join("repo");
        fs::create_dir_all(root.join(".git")).expect("mkdir");
        fs::create_dir_all(root.join("maps/photos")).expect("mkdir");
        (dir, root)
    }

    #[test]
    fn the_root_is_the_nearest_work_tree_else_the_maps_folder() {
        let (dir, root) = repo();
        assert_eq!(root_of(&root.join("maps/a.ron")), root);
        let loose = fs::canonicalize(dir.path())
            .expect("canonical")
            .join("loose");
        fs::create_dir(&loose).expect("mkdir");
        assert_eq!(root_of(&loose.join("a.ron")), loose);
        // A worktree's `.git` is a file.
        let worktree = loose.join("wt");
        fs::create_dir(&worktree).expect("mkdir");
        fs::write(worktree.join(".git"), "gitdir: elsewhere").expect("write");
        assert_eq!(root_of(&worktree.join("a.ron")), worktree);
    }

    #[test]
    fn paths_inside_are_found_and_paths_out_are_refused_alike() {
        let (_dir, root) = repo();
        let maps = root.join("maps");
        fs::write(maps.join("photos/a.png"), "png").expect("write");
        fs::write(root.join("top.png"), "png").expect("write");
        assert_eq!(
            locate(&maps, "photos/a.png").expect("inside"),
            maps.join("photos/a.png")
        );
        // Up to the repository's root is still inside.
        assert_eq!(
            locate(&maps, "../top.png").expect("inside"),
            root.join("top.png")
        );
        // Missing files inside resolve too (found or not is for the reader).
        assert!(locate(&maps, "photos/missing.png").is_ok());
        for outside in [
            "/etc/passwd",
            "/nonexistent/x.png",
            "../../x.png",
            "../../../../../../etc/passwd",
            "photos/../../../x.png",
            "..",
            "../",
        ] {
            assert!(
                matches!(locate(&maps, outside), Err(Refused::Outside)),
                "{outside}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_before_deciding_even_dangling_ones() {
        let (dir, root) = repo();
        let maps = root.join("maps");
        let secret = fs::canonicalize(dir.path())
            .expect("canonical")
            .join("secret.png");
        fs::write(&secret, "secret").expect("write");
        fs::write(maps.join("photos/real.png"), "png").expect("write");
        symlink(&secret, maps.join("photos/out.png")).expect("link");
        symlink(
            dir.path().join("missing.png"),
            maps.join("photos/dangling.png"),
        )
        .expect("link");
        symlink(dir.path(), maps.join("photos/up")).expect("link");
        symlink("real.png", maps.join("photos/in.png")).expect("link");
        symlink("loop-b", maps.join("photos/loop-a")).expect("link");
        symlink("loop-a", maps.join("photos/loop-b")).expect("link");
        for outside in [
            "photos/out.png",
            "photos/dangling.png",
            "photos/up/secret.png",
            "photos/up/missing.png",
            "photos/loop-a",
        ] {
            assert!(
                matches!(locate(&maps, outside), Err(Refused::Outside)),
                "{outside}"
            );
        }
        assert_eq!(
            locate(&maps, "photos/in.png").expect("inside"),
            maps.join("photos/real.png")
        );
        assert_eq!(read(&maps, "photos/in.png", 10).expect("reads"), b"png");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let (_dir, root) = repo();
        let maps = root.join("maps");
        fs::write(maps.join("photos/big.png"), vec![0_u8; 2048]).expect("write");
        assert!(matches!(
            read(&maps, "photos/big.png", 1024),
            Err(Refused::TooLarge { limit: 1024 })
        ));
        assert!(matches!(
            read(&maps, "photos", 1024),
            Err(Refused::NotAFile)
        ));
        assert!(matches!(
            read(&maps, "photos/none.png", 1024),
            Err(Refused::NotFound)
        ));
        let fifo = maps.join("photos/fifo.png");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        // Would block forever without O_NONBLOCK; refused on the handle.
        assert!(matches!(
            read(&maps, "photos/fifo.png", 1024),
            Err(Refused::NotAFile)
        ));
        assert!(matches!(
            check(&maps, "photos/fifo.png", 1024),
            Err(Refused::NotAFile)
        ));
    }
}
