//! What keeps work from being lost: the offer to restore unsaved work after
//! a crash, the map changed on disk while open, and saves that fail.

use std::path::{Path, PathBuf};
use std::time::Duration;

use eframe::egui::{self, Context, Id, Key};

use super::autosave;
use super::dialogs::Purpose;
use super::document::{self, Document};
use super::text::T;
use super::watch::Watch;
use super::{Change, EditorApp, Then};
use crate::io::{self, recovery::Found};
use crate::model::JourneyMap;

/// How often a changed file that does not parse (yet) is read again before
/// the editor says so: a program writing it in place may not be done.
const UNREADABLE_TRIES: u8 = 4;
const UNREADABLE_RETRY: Duration = Duration::from_millis(250);
/// How often the editor looks for a map's folder that is gone (deleted by
/// a `git checkout`, an unmounted drive), to watch it again once it is back.
const REWATCH_AFTER: Duration = Duration::from_secs(1);

/// The watch on the open file and what it reported.
#[derive(Default)]
pub(crate) struct Disk {
    watch: Option<Watch>,
    /// Something happened to the file; look at it this frame.
    event: bool,
    /// How many times the file was looked at.
    checks: u64,
    /// When to read a file that did not parse again, and how often it was tried.
    pub(crate) retry: Option<(std::time::Instant, u8)>,
    /// A map whose folder could not be watched (gone), and when to try again.
    rewatch: Option<(PathBuf, std::time::Instant)>,
}

impl Disk {
    /// Reads the file again this frame, as after a watcher's event.
    pub(crate) fn look_again(&mut self) {
        self.event = true;
    }
}

/// The map on disk changed while this one has unsaved changes.
pub(crate) struct Outside {
    map: JourneyMap,
    digest: u64,
    /// The difference, once asked for.
    diff: Option<Vec<String>>,
}

impl EditorApp {
    /// Restores a recovery file as the document (unsaved, at its old path).
    pub(crate) fn restore(&mut self, found: &Found) {
        match found.load() {
            Ok(map) => {
                let mut doc = Document::restored(map, found.original.clone());
                if let Some(path) = &found.original
                    && let Ok(bytes) = std::fs::read(path)
                {
                    // What the restored work would be saved over.
                    doc.set_disk_digest(document::digest(&bytes));
                }
                self.set_document(doc);
                let name = self.doc.name();
                self.say(format!("{} {name}", T::Restored.get(self.lang)), false);
                if let Some(autosave) = &mut self.files.autosave {
                    autosave.adopt(found.clone());
                }
            }
            Err(e) => self.say(format!("{}: {e}", e.at(&found.file)), true),
        }
    }

    /// File > Recover: offers again the work left by windows that did not
    /// close normally (the offer at start may have been put off, or another
    /// window may have crashed since).
    pub(crate) fn look_for_recovery(&mut self) {
        let found = self
            .files
            .autosave
            .as_ref()
            .and_then(|a| a.path().parent())
            .map(io::recovery::find)
            .unwrap_or_default();
        if found.is_empty() {
            self.say(T::NothingToRecover.get(self.lang), false);
        }
        self.recovered = found;
    }

    /// The offer to restore work left by windows that did not close normally.
    pub(crate) fn recovery_modal(&mut self, ctx: &Context) {
        if self.recovered.is_empty() {
            return;
        }
        let lang = self.lang;
        let mut restore = None;
        let mut discard = None;
        let mut later = false;
        egui::Modal::new(Id::unique("recovery")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            ui.heading(T::RecoverTitle.get(lang));
            ui.label(T::RecoverText.get(lang));
            for (i, found) in self.recovered.iter().enumerate() {
                ui.separator();
                let name = found.original.as_deref().map_or_else(
                    || T::Untitled.get(lang).to_owned(),
                    |p| p.display().to_string(),
                );
                ui.strong(format!("{} — {name}", found.title));
                ui.label(format!(
                    "{}: {}",
                    T::SavedAutomatically.get(lang),
                    autosave::when(found, lang)
                ));
                ui.horizontal(|ui| {
                    if ui.button(T::Restore.get(lang)).clicked() {
                        restore = Some(i);
                    }
                    if ui.button(T::Discard.get(lang)).clicked() {
                        discard = Some(i);
                    }
                });
            }
            ui.separator();
            if ui.button(T::DecideLater.get(lang)).clicked()
                || ui.input(|i| i.key_pressed(Key::Escape))
            {
                later = true;
            }
        });
        if let Some(i) = restore {
            let found = self.recovered.remove(i);
            // One document per window: the others wait (File > Recover).
            self.recovered.clear();
            // Unsaved work in this window is asked about first.
            self.changes.push(Change::Request(Then::Restore(found)));
        } else if let Some(i) = discard {
            self.recovered.remove(i).discard();
        } else if later {
            self.recovered.clear();
        }
    }

    /// Keeps the folder watch on the document's path and looks at the file
    /// when something happened to it.
    pub(crate) fn watch_disk(&mut self, ctx: &Context) {
        if self.files.disk.watch.as_ref().map(Watch::path) != self.doc.path() {
            self.files.disk.watch = None;
            let now = self.clock.now();
            let path = self.doc.path().map(Path::to_path_buf);
            let failed = self
                .files
                .disk
                .rewatch
                .take()
                .filter(|(p, _)| Some(p) == path.as_ref());
            match (path, failed) {
                (None, _) => {}
                (Some(path), Some((_, at))) if now < at => {
                    self.files.disk.rewatch = Some((path, at));
                    ctx.request_repaint_after(at - now);
                }
                (Some(path), failed) => match Watch::new(&path, ctx) {
                    Ok(watch) => {
                        self.files.disk.watch = Some(watch);
                        if failed.is_some() {
                            // The folder is back: the file may be too.
                            self.files.disk.event = true;
                        }
                    }
                    Err(e) => {
                        if failed.is_none() {
                            self.say(format!("{e}: {}", path.display()), true);
                        }
                        self.files.disk.rewatch = Some((path, now + REWATCH_AFTER));
                        ctx.request_repaint_after(REWATCH_AFTER);
                    }
                },
            }
        }
        if self.files.disk.watch.as_ref().is_some_and(Watch::changed) {
            self.files.disk.event = true;
        }
        if let Some((at, _)) = self.files.disk.retry {
            let now = self.clock.now();
            if now >= at {
                self.files.disk.event = true;
            } else {
                ctx.request_repaint_after(at - now);
            }
        }
        if std::mem::take(&mut self.files.disk.event) {
            self.check_disk(ctx);
        }
    }

    /// Reads the file after an event: the same bytes as last read or
    /// written (our own save) are nothing; a change reloads a clean map at
    /// once, or asks when there are unsaved changes.
    fn check_disk(&mut self, ctx: &Context) {
        let Some(path) = self.doc.path().map(Path::to_path_buf) else {
            return;
        };
        self.files.disk.checks += 1;
        let lang = self.lang;
        let text = match io::read_text(&path) {
            Ok(text) => text,
            Err(io::LoadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                let folder_gone = path.parent().is_some_and(|folder| !folder.exists());
                if folder_gone || self.doc.disk_digest().is_some() {
                    // The watch may go with the folder (now, or just after
                    // the file): watch again in a second, and look then.
                    self.files.disk.watch = None;
                    self.files.disk.rewatch =
                        Some((path.clone(), self.clock.now() + REWATCH_AFTER));
                    ctx.request_repaint_after(REWATCH_AFTER);
                }
                if self.doc.disk_digest().is_some() {
                    self.doc.mark_unsaved();
                    let text = format!("{} {}", T::DeletedOutside.get(lang), path.display());
                    self.say(text, true);
                }
                return;
            }
            Err(e) => {
                let text = format!("{} {}: {e}", T::UnreadableOutside.get(lang), path.display());
                self.say(text, true);
                return;
            }
        };
        let digest = document::digest(text.as_bytes());
        if Some(digest) == self.doc.disk_digest() {
            self.files.disk.retry = None;
            return;
        }
        if self.files.read_only.is_some() {
            // Read again, as a newer map or as it is now.
            self.open(&path);
            return;
        }
        match io::from_str(&text) {
            Ok(map) => {
                self.files.disk.retry = None;
                if &map == self.doc.map() {
                    // Written with what this window holds (a file put back,
                    // another window's save): nothing to ask.
                    if self.doc.is_dirty() {
                        let text = format!("{} {}", T::SameOutside.get(lang), path.display());
                        self.say(text, false);
                    }
                    self.doc.saved_outside(digest);
                } else if self.doc.is_dirty() {
                    self.outside = Some(Outside {
                        map,
                        digest,
                        diff: None,
                    });
                } else {
                    self.doc.reload(map, digest);
                    self.repair_selection();
                    let text = format!("{} {}", T::ReloadedOutside.get(lang), path.display());
                    self.say(text, false);
                }
            }
            Err(io::LoadError::NewerVersion { .. }) if !self.doc.is_dirty() => {
                // Saved by a newer journeymap: shown read-only from now on.
                self.files.disk.retry = None;
                self.open(&path);
            }
            Err(e) => {
                let tries = self.files.disk.retry.map_or(0, |(_, n)| n);
                if tries < UNREADABLE_TRIES {
                    self.files.disk.retry = Some((self.clock.now() + UNREADABLE_RETRY, tries + 1));
                    ctx.request_repaint_after(UNREADABLE_RETRY);
                } else {
                    self.files.disk.retry = None;
                    let text = format!("{} {}: {e}", T::UnreadableOutside.get(lang), e.at(&path));
                    self.say(text, true);
                }
            }
        }
    }

    /// The map as it changed on disk replaces this window's (the answer "reload theirs").
    pub(crate) fn take_theirs(&mut self, outside: Outside) {
        let path = self.doc.path().map(Path::to_path_buf).unwrap_or_default();
        self.doc.reload(outside.map, outside.digest);
        self.repair_selection();
        let text = format!("{} {}", T::ReloadedOutside.get(self.lang), path.display());
        self.say(text, false);
    }

    /// The question when the map changed on disk under unsaved changes.
    pub(crate) fn outside_modal(&mut self, ctx: &Context) {
        let Some(outside) = &mut self.outside else {
            return;
        };
        let lang = self.lang;
        let mine = self.doc.map();
        let path = self.doc.path().map(Path::to_path_buf).unwrap_or_default();
        let mut answer = None;
        egui::Modal::new(Id::unique("outside-change")).show(ctx, |ui| {
            ui.set_max_width(640.0);
            ui.heading(T::ChangedOutsideTitle.get(lang));
            ui.label(T::ChangedOutsideText.get(lang));
            ui.monospace(path.display().to_string());
            ui.horizontal(|ui| {
                if ui.button(T::ReloadTheirs.get(lang)).clicked() {
                    answer = Some(true);
                }
                if ui.button(T::KeepMine.get(lang)).clicked() {
                    answer = Some(false);
                }
                if outside.diff.is_none() && ui.button(T::ShowDifference.get(lang)).clicked() {
                    outside.diff = Some(crate::vcs::diff::diff_in(mine, &outside.map, lang));
                }
            });
            if let Some(lines) = &outside.diff {
                ui.separator();
                ui.strong(T::DifferenceHeading.get(lang));
                if lines.is_empty() {
                    ui.label(T::NoDifference.get(lang));
                }
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        for line in lines {
                            ui.label(line);
                        }
                    });
            }
        });
        match answer {
            Some(true) => {
                if let Some(outside) = self.outside.take() {
                    self.changes.push(Change::TakeTheirs(outside));
                }
            }
            Some(false) => {
                if let Some(outside) = self.outside.take() {
                    self.doc.set_disk_digest(outside.digest);
                }
            }
            None => {}
        }
    }

    /// A failed save, said in the window: the map stays unsaved.
    pub(crate) fn save_failed_modal(&mut self, ctx: &Context) {
        let Some(message) = &self.save_error else {
            return;
        };
        let lang = self.lang;
        let mut answer = None;
        egui::Modal::new(Id::unique("save-failed")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            ui.heading(T::SaveFailedTitle.get(lang));
            ui.colored_label(ui.visuals().error_fg_color, message);
            ui.label(T::SaveFailedText.get(lang));
            ui.horizontal(|ui| {
                if ui.button(T::SaveAs.get(lang)).clicked() {
                    answer = Some(true);
                }
                if ui.button(T::Ok.get(lang)).clicked() || ui.input(|i| i.key_pressed(Key::Escape))
                {
                    answer = Some(false);
                }
            });
        });
        if let Some(save_as) = answer {
            self.save_error = None;
            if save_as {
                self.ask(Purpose::SaveAs);
            }
        }
    }

    /// Waits up to `timeout` for the watcher to report something about the
    /// open file; the next frame then looks at it. For tests: a bounded
    /// wait on the watcher's channel, never a sleep.
    pub fn wait_for_disk_change(&mut self, timeout: Duration) -> bool {
        let seen = self
            .files
            .disk
            .watch
            .as_ref()
            .is_some_and(|w| w.wait(timeout));
        self.files.disk.event |= seen;
        seen
    }

    /// True while a changed file that did not parse waits to be read again.
    pub fn reading_again(&self) -> bool {
        self.files.disk.retry.is_some()
    }

    /// How many times the file was read after the watcher reported something.
    pub fn disk_checks(&self) -> u64 {
        self.files.disk.checks
    }

    /// The revision held in the recovery file, after waiting up to
    /// `timeout` for writes already under way (tests).
    pub fn flush_autosave(&mut self, timeout: Duration) -> Option<u64> {
        self.files.autosave.as_mut().and_then(|a| a.flush(timeout))
    }

    /// This window's recovery file (written only while there is unsaved work).
    pub fn recovery_file(&self) -> Option<PathBuf> {
        self.files.autosave.as_ref().map(|a| a.path().to_path_buf())
    }
}
