//! The conflicts panel: merge conflicts recorded in the map (by
//! `journeymap merge`), each with both values and a button to take either.
//! A choice is an edit like any other (undo brings the conflict back); the
//! map counts as unsaved until none is left.

use eframe::egui::{self, Role, Ui, WidgetInfo};

use super::EditorApp;
use super::text::T;
use crate::vcs::resolve::{self, Take};

impl EditorApp {
    /// The panel, shown while the map has recorded conflicts.
    pub(super) fn conflicts_panel(&mut self, ui: &mut Ui) {
        if self.doc.map().conflicts.is_empty() {
            return;
        }
        let lang = self.lang;
        egui::Panel::bottom("conflicts")
            .resizable(true)
            .default_size(180.0)
            .show(ui, |ui| {
                let map = self.doc.map();
                ui.horizontal(|ui| {
                    ui.heading(format!(
                        "{} ({})",
                        T::Conflicts.get(lang),
                        map.conflicts.len()
                    ));
                    ui.label(T::ConflictsHelp.get(lang));
                });
                let mut chosen = None;
                egui::ScrollArea::vertical().show(ui, |ui| {
                    egui::Grid::new("conflict-grid")
                        .num_columns(3)
                        .striped(true)
                        .spacing([16.0, 6.0])
                        .show(ui, |ui| {
                            for (index, conflict) in map.conflicts.iter().enumerate() {
                                let what = resolve::what_in(map, conflict, lang);
                                ui.label(&what);
                                for (take, value, button) in [
                                    (Take::Ours, &conflict.ours, T::KeepOurs),
                                    (Take::Theirs, &conflict.theirs, T::TakeTheirs),
                                ] {
                                    let side = match take {
                                        Take::Ours => T::Ours,
                                        Take::Theirs => T::Theirs,
                                    };
                                    ui.horizontal(|ui| {
                                        ui.label(format!("{}: {value:?}", side.get(lang)));
                                        let can = resolve::check(map, index, take);
                                        let label = format!("{} — {what}", button.get(lang));
                                        let response = ui
                                            .add_enabled(
                                                can.is_ok(),
                                                egui::Button::new(button.get(lang)),
                                            )
                                            .on_disabled_hover_text(
                                                can.as_ref()
                                                    .err()
                                                    .map(|e| e.message(lang))
                                                    .unwrap_or_default(),
                                            );
                                        response.widget_info(|| {
                                            WidgetInfo::labeled(Role::Button, can.is_ok(), &label)
                                        });
                                        if response.clicked() {
                                            chosen = Some((index, take));
                                        }
                                    });
                                }
                                ui.end_row();
                            }
                        });
                });
                if let Some((index, take)) = chosen {
                    match resolve::resolve(map, index, take) {
                        Ok(edit) => self.edits.push((edit, None)),
                        Err(e) => {
                            let text = e.message(lang);
                            self.say(text, true);
                        }
                    }
                }
            });
    }
}
