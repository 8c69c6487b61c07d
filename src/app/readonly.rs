//! A map from a newer journeymap: shown read-only under a banner naming
//! both versions; Save is off, so the newer file is never written over, and
//! Save As makes a copy in this version only after saying what it loses.

use std::path::Path;

use eframe::egui::{self, Context, Id, Key, Ui};

use super::EditorApp;
use super::dialogs::Purpose;
use super::document::Document;
use super::text::{self, T};
use crate::io::{self, LoadError};
use crate::model::CURRENT_VERSION;

/// Why the open map is read-only.
pub(crate) struct ReadOnly {
    /// The file's version.
    found: u64,
    /// What this version could not read (and a copy will not have).
    dropped: Vec<String>,
    /// The warning before Save As is showing.
    warning: bool,
}

impl ReadOnly {
    /// True while the warning before Save As is showing.
    pub(crate) fn warning(&self) -> bool {
        self.warning
    }
}

impl EditorApp {
    /// Opens a map of a newer version read-only, as far as it can be read.
    pub(crate) fn open_newer(&mut self, path: &Path) -> Result<(), LoadError> {
        let text = io::read_text(path)?;
        let newer = io::from_str_newer(&text)?;
        self.set_document(Document::loaded(newer.map, path, &text));
        self.files.read_only = Some(ReadOnly {
            found: newer.found,
            dropped: newer.dropped,
            warning: false,
        });
        Ok(())
    }

    /// True while the map is read-only.
    pub fn is_read_only(&self) -> bool {
        self.files.read_only.is_some()
    }

    /// Save As on a read-only map: first the warning of what the copy loses.
    pub(crate) fn save_copy(&mut self) {
        if let Some(read_only) = &mut self.files.read_only {
            read_only.warning = true;
        } else {
            self.ask(Purpose::SaveAs);
        }
    }

    /// False (and said) when saving to `path` would write over the newer map.
    pub(crate) fn may_save_to(&mut self, path: &Path) -> bool {
        let Some(open) = self.doc.path() else {
            return true;
        };
        if self.files.read_only.is_none() {
            return true;
        }
        let same = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        if same(open) == same(path) {
            let text = format!(
                "{}: {}",
                T::WouldOverwriteNewer.get(self.lang),
                path.display()
            );
            self.say(text, true);
            return false;
        }
        true
    }

    /// The banner over a read-only map.
    pub(crate) fn read_only_banner(&mut self, ui: &mut Ui) {
        let Some(read_only) = &self.files.read_only else {
            return;
        };
        let lang = self.lang;
        let message = text::read_only(lang, read_only.found, CURRENT_VERSION);
        let mut copy = false;
        egui::Panel::top("read-only").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(ui.visuals().warn_fg_color, message);
                copy = ui.button(T::SaveCopy.get(lang)).clicked();
            });
        });
        if copy {
            self.save_copy();
        }
    }

    /// The warning before a copy of a newer map is saved.
    pub(crate) fn save_copy_modal(&mut self, ctx: &Context) {
        let Some(read_only) = &self.files.read_only else {
            return;
        };
        if !read_only.warning {
            return;
        }
        let lang = self.lang;
        let mut answer = None;
        egui::Modal::new(Id::unique("save-copy")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            ui.heading(T::SaveCopyTitle.get(lang));
            ui.label(text::read_only(lang, read_only.found, CURRENT_VERSION));
            if read_only.dropped.is_empty() {
                ui.label(T::SaveCopyNothingLost.get(lang));
            } else {
                ui.label(T::SaveCopyLoses.get(lang));
                egui::ScrollArea::vertical()
                    .max_height(240.0)
                    .show(ui, |ui| {
                        for what in &read_only.dropped {
                            ui.label(format!("• {what}"));
                        }
                    });
            }
            ui.horizontal(|ui| {
                if ui.button(T::SaveCopy.get(lang)).clicked() {
                    answer = Some(true);
                }
                if ui.button(T::Cancel.get(lang)).clicked()
                    || ui.input(|i| i.key_pressed(Key::Escape))
                {
                    answer = Some(false);
                }
            });
        });
        if let Some(go) = answer {
            if let Some(read_only) = &mut self.files.read_only {
                read_only.warning = false;
            }
            if go {
                self.ask(Purpose::SaveAs);
            }
        }
    }
}
