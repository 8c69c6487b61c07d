//! Noticing when the open map changes on disk (a `git pull`, another
//! editor): the map's folder is watched, not the file, since a save by
//! rename replaces the file and a watch on the old one would go quiet.
//!
//! The watcher only says "something happened to this name"; the app then
//! reads the file and compares its content with what it last read or wrote
//! ([`Document::disk_digest`](super::document::Document::disk_digest)), so
//! its own saves, and events that change nothing, are ignored.
//!
//! A watch ends with its folder (deleted, moved, unmounted); the app then
//! looks for the folder once a second and watches it again when it is back.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use eframe::egui::Context;
use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecursiveMode, Watcher as _};

/// A watch on the folder of one map.
pub(crate) struct Watch {
    path: PathBuf,
    _watcher: notify::RecommendedWatcher,
    events: Receiver<()>,
}

impl Watch {
    /// Watches `path`'s folder for changes to `path`; wakes `ctx` on each.
    pub(crate) fn new(path: &Path, ctx: &Context) -> Result<Self, String> {
        let name = path.file_name().map(std::ffi::OsStr::to_os_string);
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        // A folder that is gone fails here, before a watcher and its thread
        // are made: the window asks again every second until it is back.
        std::fs::metadata(&folder).map_err(|e| e.to_string())?;
        let (sender, events) = channel();
        let ctx = ctx.clone();
        let own_folder = folder.clone();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let Ok(event) = event else {
                    // The watch itself failed (e.g. too many events): look again.
                    let _ = sender.send(());
                    ctx.request_repaint();
                    return;
                };
                let matters = match event.kind {
                    // Reading the file (ours too) is not a change.
                    EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
                    EventKind::Access(_) => false,
                    _ => true,
                };
                // The file, or the folder itself (deleted or moved: the
                // watch ends, and the app looks for the folder again).
                let ours = event.need_rescan()
                    || event.paths.is_empty()
                    || event.paths.iter().any(|p| {
                        *p == own_folder || p.file_name().map(std::ffi::OsStr::to_os_string) == name
                    });
                if matters && ours {
                    let _ = sender.send(());
                    ctx.request_repaint();
                }
            })
            .map_err(|e| e.to_string())?;
        watcher
            .watch(&folder, RecursiveMode::NonRecursive)
            .map_err(|e| e.to_string())?;
        Ok(Watch {
            path: path.to_path_buf(),
            _watcher: watcher,
            events,
        })
    }

    /// The map watched.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// True when anything happened to the file since the last call.
    pub(crate) fn changed(&self) -> bool {
        let mut any = false;
        while self.events.try_recv().is_ok() {
            any = true;
        }
        any
    }

    /// Waits up to `timeout` for something to happen to the file (tests: a
    /// bounded wait on the watcher's channel, never a sleep).
    pub(crate) fn wait(&self, timeout: Duration) -> bool {
        self.events.recv_timeout(timeout).is_ok()
    }
}
