//! The inspector (every field of the selection, or of the journey and the
//! map when nothing is selected) and the personas panel.
//!
//! Each panel edits a copy of its item and queues one `Set...` edit when a
//! field changed; typing into one field is one undo step.

use std::hash::Hash;

use eframe::egui::{self, Context, DragValue, Id, Role, TextEdit, Ui, WidgetInfo};

use super::command::Command;
use super::dialogs::Purpose;
use super::document::Burst;
use super::text::T;
use super::{EditorApp, Modal, Selected};
use crate::edit::Edit;
use crate::i18n::Lang;
use crate::model::{
    Card, EmotionScale, Evidence, Funnel, Intent, Journey, JourneyKind, LaneKind, Link, LinkKind,
    Media, Metric, MetricId, Persona, PersonaId, Severity, Stage, Step,
};

/// Collects a panel's edits; typing bursts end when a field loses focus.
struct Form<'a> {
    lang: Lang,
    session: u64,
    edits: &'a mut Vec<(Edit, Option<Burst>)>,
    lost_focus: bool,
}

impl Form<'_> {
    fn text(&mut self, ui: &mut Ui, label: T, value: &mut String, multiline: bool) -> bool {
        let label = label.get(self.lang);
        let label_id = ui.label(label).id;
        let edit = if multiline {
            TextEdit::multiline(value).desired_rows(2)
        } else {
            TextEdit::singleline(value)
        };
        let response = ui
            .add(edit.desired_width(f32::INFINITY))
            .labelled_by(label_id);
        ui.end_row();
        self.lost_focus |= response.lost_focus();
        response.changed()
    }

    fn lines(&mut self, ui: &mut Ui, label: T, values: &mut Vec<String>) -> bool {
        let mut text = values.join("\n");
        let changed = self.text(ui, label, &mut text, true);
        if changed {
            *values = text.lines().map(str::to_owned).collect();
        }
        changed
    }

    fn choice<V: Copy + PartialEq>(
        &mut self,
        ui: &mut Ui,
        label: T,
        value: &mut V,
        options: &[(V, String)],
    ) -> bool {
        let label = label.get(self.lang);
        let label_id = ui.label(label).id;
        let shown = options
            .iter()
            .find(|(v, _)| v == value)
            .map(|(_, name)| name.clone())
            .unwrap_or_default();
        let mut changed = false;
        let response = egui::ComboBox::from_id_salt(label)
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for (option, name) in options {
                    changed |= ui.selectable_value(value, *option, name).changed();
                }
            })
            .response;
        let _ = response.labelled_by(label_id);
        ui.end_row();
        changed
    }

    fn push(&mut self, edit: Edit, what: impl Hash + std::fmt::Debug) {
        self.edits.push((
            edit,
            Some(Burst {
                what: format!("{what:?}"),
                session: self.session,
            }),
        ));
    }
}

fn optional<V: Copy>(
    lang: Lang,
    values: &[V],
    name: impl Fn(V) -> String,
) -> Vec<(Option<V>, String)> {
    std::iter::once((None, T::None.get(lang).to_owned()))
        .chain(values.iter().map(|v| (Some(*v), name(*v))))
        .collect()
}

impl EditorApp {
    fn form(&mut self) -> Form<'_> {
        Form {
            lang: self.lang,
            session: self.session,
            edits: &mut self.edits,
            lost_focus: false,
        }
    }

    /// The right-hand panel.
    pub(super) fn inspector(&mut self, ui: &mut Ui) {
        ui.heading(T::Inspector.get(self.lang));
        egui::ScrollArea::vertical().show(ui, |ui| {
            let lost_focus = match self.view.selection.as_slice() {
                [Selected::Card(id)] => self
                    .doc
                    .map()
                    .card(id)
                    .cloned()
                    .map(|c| self.card_fields(ui, &c)),
                [Selected::Stage(id)] => self
                    .doc
                    .map()
                    .stage(id)
                    .cloned()
                    .map(|s| self.stage_fields(ui, &s)),
                [Selected::Step(id)] => self
                    .doc
                    .map()
                    .step(id)
                    .cloned()
                    .map(|s| self.step_fields(ui, &s)),
                [Selected::Lane(id)] => self.doc.map().lane(id).cloned().map(|lane| {
                    let lang = self.lang;
                    let mut form = self.form();
                    let mut updated = lane.clone();
                    egui::Grid::new("lane").num_columns(2).show(ui, |ui| {
                        form.text(ui, T::Name, &mut updated.name, false);
                        let kinds: Vec<(LaneKind, String)> = LaneKind::ALL
                            .iter()
                            .map(|k| (*k, lang.lane_kind(*k).to_owned()))
                            .collect();
                        form.choice(ui, T::Kind, &mut updated.kind, &kinds);
                        ui.label("");
                        ui.checkbox(&mut updated.hidden, T::Hidden.get(lang));
                        ui.end_row();
                    });
                    if updated != lane {
                        form.push(Edit::SetLane(updated), ("lane", &lane.id));
                    }
                    form.lost_focus
                }),
                [Selected::Link(id)] => self
                    .doc
                    .map()
                    .link(id)
                    .cloned()
                    .map(|l| self.link_fields(ui, &l)),
                [Selected::Persona(id)] => self
                    .doc
                    .map()
                    .persona(id)
                    .cloned()
                    .map(|p| self.persona_fields(ui, &p)),
                [] => Some(self.journey_and_map_fields(ui)),
                _ => {
                    ui.label(text_count(self.lang, self.view.selection.len()));
                    None
                }
            };
            if lost_focus == Some(true) {
                self.doc.seal();
                self.session += 1;
            }
        });
    }

    fn card_fields(&mut self, ui: &mut Ui, card: &Card) -> bool {
        let lang = self.lang;
        let map = self.doc.map();
        let kind = map.lane(&card.lane).map_or(LaneKind::Custom, |l| l.kind);
        let channels: Vec<(Option<usize>, String)> =
            std::iter::once((None, T::None.get(lang).to_owned()))
                .chain(map.channels.iter().enumerate().map(|(i, c)| {
                    (
                        Some(i),
                        if c.name.is_empty() {
                            c.id.to_string()
                        } else {
                            c.name.clone()
                        },
                    )
                }))
                .collect();
        let channel_ids: Vec<_> = map.channels.iter().map(|c| c.id.clone()).collect();
        let links = card_links(map, &card.id);
        let mut form = self.form();
        let mut updated = card.clone();
        let mut remove_link = None;
        egui::Grid::new("card").num_columns(2).show(ui, |ui| {
            form.text(ui, T::Text, &mut updated.text, true);
            form.text(ui, T::Details, &mut updated.details, true);
            if kind == LaneKind::Touchpoints {
                let mut channel = updated
                    .channel
                    .as_ref()
                    .and_then(|c| channel_ids.iter().position(|id| id == c));
                if form.choice(ui, T::Channel, &mut channel, &channels) {
                    updated.channel = channel.and_then(|i| channel_ids.get(i).cloned());
                }
                let intents = optional(
                    lang,
                    &[
                        Intent::Informational,
                        Intent::Commercial,
                        Intent::Transactional,
                    ],
                    |i| lang.intent(i).to_owned(),
                );
                form.choice(ui, T::Intent, &mut updated.intent, &intents);
                let media = optional(lang, &[Media::Owned, Media::Paid, Media::Earned], |m| {
                    lang.media(m).to_owned()
                });
                form.choice(ui, T::Media, &mut updated.media, &media);
            }
            if kind == LaneKind::PainPoints {
                let severities = optional(
                    lang,
                    &[
                        Severity::Low,
                        Severity::Medium,
                        Severity::High,
                        Severity::Critical,
                    ],
                    |s| lang.severity(s).to_owned(),
                );
                form.choice(ui, T::Severity, &mut updated.severity, &severities);
                let label = ui.label(T::Votes.get(lang)).id;
                let _ = ui
                    .add(DragValue::new(&mut updated.votes).range(0..=10_000))
                    .labelled_by(label);
                ui.end_row();
            }
            let mut evidence = updated.evidence.clone().unwrap_or_default();
            let source = form.text(ui, T::EvidenceSource, &mut evidence.source, false);
            let date = form.text(ui, T::EvidenceDate, &mut evidence.date, false);
            if source || date {
                updated.evidence = (evidence != Evidence::default()).then_some(evidence);
            }
            for (link, text) in &links {
                ui.label(T::Link.get(lang));
                ui.horizontal(|ui| {
                    ui.label(text);
                    if ui
                        .small_button("×")
                        .on_hover_text(T::Delete.get(lang))
                        .clicked()
                    {
                        remove_link = Some(link.id.clone());
                    }
                });
                ui.end_row();
            }
        });
        if updated != *card {
            form.push(Edit::SetCard(updated), ("card", &card.id));
        }
        if let Some(id) = remove_link {
            form.edits.push((Edit::RemoveLink { id }, None));
        }
        form.lost_focus
    }

    fn stage_fields(&mut self, ui: &mut Ui, stage: &Stage) -> bool {
        let lang = self.lang;
        let fresh_metric: MetricId = self.doc.map().fresh_id(MetricId::PREFIX).into();
        let mut form = self.form();
        let mut updated = stage.clone();
        egui::Grid::new("stage").num_columns(2).show(ui, |ui| {
            form.text(ui, T::Name, &mut updated.name, false);
            let funnels: Vec<(Funnel, String)> =
                [Funnel::None, Funnel::Tofu, Funnel::Mofu, Funnel::Bofu]
                    .iter()
                    .map(|f| (*f, lang.funnel(*f).unwrap_or(T::None.get(lang)).to_owned()))
                    .collect();
            form.choice(ui, T::Funnel, &mut updated.funnel, &funnels);
            form.text(ui, T::CustomerRole, &mut updated.customer_role, false);
            form.text(ui, T::Goal, &mut updated.goal, true);
        });
        ui.separator();
        ui.strong(T::Kpis.get(lang));
        let mut remove = None;
        egui::Grid::new("kpis").num_columns(5).show(ui, |ui| {
            for label in [T::Name, T::Target, T::Actual, T::Unit] {
                ui.label(label.get(lang));
            }
            ui.end_row();
            for (index, metric) in updated.metrics.iter_mut().enumerate() {
                let name = ui.add(TextEdit::singleline(&mut metric.name).desired_width(90.0));
                name.widget_info(|| {
                    WidgetInfo::labeled(
                        Role::TextInput,
                        true,
                        format!("{} {}", T::Name.get(lang), index + 1),
                    )
                });
                form.lost_focus |= name.lost_focus();
                for (label, value) in [
                    (T::Target, &mut metric.target),
                    (T::Actual, &mut metric.actual),
                ] {
                    let mut text = value.map(|v| v.to_string()).unwrap_or_default();
                    let response = ui.add(TextEdit::singleline(&mut text).desired_width(56.0));
                    response.widget_info(|| {
                        WidgetInfo::labeled(
                            Role::TextInput,
                            true,
                            format!("{} {}", label.get(lang), metric.name),
                        )
                    });
                    form.lost_focus |= response.lost_focus();
                    if response.changed() {
                        let text = text.trim().replace(',', ".");
                        if text.is_empty() {
                            *value = None;
                        } else if let Ok(number) = text.parse::<f64>() {
                            *value = Some(number);
                        }
                    }
                }
                let unit = ui.add(TextEdit::singleline(&mut metric.unit).desired_width(40.0));
                unit.widget_info(|| {
                    WidgetInfo::labeled(
                        Role::TextInput,
                        true,
                        format!("{} {}", T::Unit.get(lang), metric.name),
                    )
                });
                form.lost_focus |= unit.lost_focus();
                if ui
                    .small_button("×")
                    .on_hover_text(T::Delete.get(lang))
                    .clicked()
                {
                    remove = Some(index);
                }
                ui.end_row();
            }
        });
        if let Some(index) = remove {
            updated.metrics.remove(index);
        }
        if ui.button(T::AddKpi.get(lang)).clicked() {
            updated.metrics.push(Metric {
                id: fresh_metric,
                name: "KPI".to_owned(),
                ..Metric::default()
            });
        }
        if updated != *stage {
            form.push(Edit::SetStage(updated), ("stage", &stage.id));
        }
        form.lost_focus
    }

    fn step_fields(&mut self, ui: &mut Ui, step: &Step) -> bool {
        let lang = self.lang;
        let scale = self.doc.map().emotion_scale;
        let mut form = self.form();
        let mut updated = step.clone();
        egui::Grid::new("step").num_columns(2).show(ui, |ui| {
            form.text(ui, T::Name, &mut updated.name, false);
            ui.label(T::Score.get(lang));
            ui.horizontal(|ui| {
                let mut has = updated.score.is_some();
                if ui.checkbox(&mut has, T::Score.get(lang)).changed() {
                    updated.score = has.then_some(middle(scale));
                }
                if let Some(score) = &mut updated.score {
                    let response = ui.add(
                        DragValue::new(score)
                            .range(scale.min..=scale.max)
                            .speed(0.1)
                            .fixed_decimals(1),
                    );
                    response.widget_info(|| {
                        WidgetInfo::labeled(Role::SpinButton, true, T::Score.get(lang))
                    });
                }
            });
            ui.end_row();
            ui.label("");
            ui.checkbox(&mut updated.moment_of_truth, T::MomentOfTruth.get(lang));
            ui.end_row();
        });
        if updated != *step {
            form.push(Edit::SetStep(updated), ("step", &step.id));
        }
        form.lost_focus
    }

    fn link_fields(&mut self, ui: &mut Ui, link: &Link) -> bool {
        let lang = self.lang;
        let map = self.doc.map();
        let end = |id| {
            map.card(id)
                .map_or_else(String::new, |c: &Card| c.text.clone())
        };
        let (from, to) = (end(&link.from), end(&link.to));
        let mut form = self.form();
        let mut updated = link.clone();
        let mut delete = false;
        egui::Grid::new("link").num_columns(2).show(ui, |ui| {
            ui.label(T::From.get(lang));
            ui.label(from);
            ui.end_row();
            ui.label(T::To.get(lang));
            ui.label(to);
            ui.end_row();
            form.text(ui, T::Label, &mut updated.label, false);
            let kinds = [
                (LinkKind::Path, "path / ścieżka".to_owned()),
                (LinkKind::Resolves, "resolves / rozwiązuje".to_owned()),
                (LinkKind::Related, "related / powiązane".to_owned()),
            ];
            form.choice(ui, T::Kind, &mut updated.kind, &kinds);
        });
        if ui.button(T::Delete.get(lang)).clicked() {
            delete = true;
        }
        if delete {
            form.edits.push((
                Edit::RemoveLink {
                    id: link.id.clone(),
                },
                None,
            ));
        } else if updated != *link {
            form.push(Edit::SetLink(updated), ("link", &link.id));
        }
        form.lost_focus
    }

    fn persona_fields(&mut self, ui: &mut Ui, persona: &Persona) -> bool {
        let lang = self.lang;
        let ctx = ui.ctx().clone();
        let photo = self
            .photos
            .get(&ctx, &self.doc.folder(), &persona.photo)
            .ok()
            .flatten();
        let mut choose = false;
        let mut form = self.form();
        let mut updated = persona.clone();
        if let Some(photo) = photo {
            ui.add(
                egui::Image::new((photo.texture_id, egui::vec2(96.0, 96.0))).corner_radius(48.0),
            );
        }
        egui::Grid::new("persona").num_columns(2).show(ui, |ui| {
            form.text(ui, T::Name, &mut updated.name, false);
            form.text(ui, T::Role, &mut updated.role, false);
            form.text(ui, T::Industry, &mut updated.industry, false);
            form.text(ui, T::AgeBand, &mut updated.age_band, false);
            form.text(ui, T::Location, &mut updated.location, false);
            form.text(ui, T::Quote, &mut updated.quote, true);
            form.lines(ui, T::Goal, &mut updated.goals);
            form.lines(ui, T::Details, &mut updated.needs);
            form.text(ui, T::Photo, &mut updated.photo, false);
            ui.label("");
            if ui.button(T::ChoosePhoto.get(lang)).clicked() {
                choose = true;
            }
            ui.end_row();
        });
        if updated != *persona {
            form.push(Edit::SetPersona(updated), ("persona", &persona.id));
        }
        let lost = form.lost_focus;
        if choose {
            self.ask(Purpose::Photo(persona.id.clone()));
        }
        lost
    }

    fn journey_and_map_fields(&mut self, ui: &mut Ui) -> bool {
        let lang = self.lang;
        // Borrowed, not cloned: this runs every frame nothing is selected.
        let map = self.doc.map();
        let current = self.view.journey;
        let mut form = Form {
            lang,
            session: self.session,
            edits: &mut self.edits,
            lost_focus: false,
        };
        ui.label(T::NothingSelected.get(lang));
        if let Some(journey) = map.journeys.get(current) {
            ui.separator();
            ui.strong(T::Journey.get(lang));
            let own = own_fields(journey);
            let mut updated = own.clone();
            egui::Grid::new("journey").num_columns(2).show(ui, |ui| {
                form.text(ui, T::Name, &mut updated.name, false);
                form.text(ui, T::Goal, &mut updated.goal, true);
                let kinds = [
                    (JourneyKind::AsIs, T::AsIs.get(lang).to_owned()),
                    (JourneyKind::ToBe, T::ToBe.get(lang).to_owned()),
                ];
                form.choice(ui, T::Kind, &mut updated.kind, &kinds);
                ui.label(T::Personas.get(lang));
                ui.vertical(|ui| {
                    for persona in &map.personas {
                        let mut on = updated.personas.contains(&persona.id);
                        let primary = updated.personas.first() == Some(&persona.id);
                        let label = if primary {
                            format!("{} ({})", persona.name, T::Primary.get(lang))
                        } else {
                            persona.name.clone()
                        };
                        if ui.checkbox(&mut on, label).changed() {
                            if on {
                                updated.personas.push(persona.id.clone());
                            } else {
                                updated.personas.retain(|p| p != &persona.id);
                            }
                        }
                    }
                });
                ui.end_row();
            });
            if updated != own {
                let id = journey.id.clone();
                form.push(Edit::SetJourney(updated), ("journey", id));
            }
        }
        ui.separator();
        ui.strong(T::Map.get(lang));
        let mut title = map.title.clone();
        let mut description = map.description.clone();
        let mut scale = map.emotion_scale;
        egui::Grid::new("map").num_columns(2).show(ui, |ui| {
            if form.text(ui, T::Title, &mut title, false) {
                form.push(Edit::SetTitle(title.clone()), "title");
            }
            if form.text(ui, T::Description, &mut description, true) {
                form.push(Edit::SetDescription(description.clone()), "description");
            }
            ui.label(T::EmotionScale.get(lang));
            ui.horizontal(|ui| {
                let min = ui.add(DragValue::new(&mut scale.min).range(-100..=scale.max - 1));
                min.widget_info(|| {
                    WidgetInfo::labeled(
                        Role::SpinButton,
                        true,
                        format!("{} {}", T::EmotionScale.get(lang), T::Min.get(lang)),
                    )
                });
                let max = ui.add(DragValue::new(&mut scale.max).range(scale.min + 1..=100));
                max.widget_info(|| {
                    WidgetInfo::labeled(
                        Role::SpinButton,
                        true,
                        format!("{} {}", T::EmotionScale.get(lang), T::Max.get(lang)),
                    )
                });
            });
            ui.end_row();
        });
        if scale != map.emotion_scale && scale.min < scale.max {
            form.push(
                Edit::SetEmotionScale {
                    scale,
                    rescale: true,
                },
                "scale",
            );
        }
        Self::lane_list(ui, map, &mut form);
        form.lost_focus
    }

    /// The map's lanes: shown or hidden, and their order.
    fn lane_list(ui: &mut Ui, map: &crate::model::JourneyMap, form: &mut Form<'_>) {
        let lang = form.lang;
        ui.separator();
        ui.strong(T::Lanes.get(lang));
        for (index, lane) in map.lanes.iter().enumerate() {
            ui.horizontal(|ui| {
                let mut shown = !lane.hidden;
                let name = if lane.name.trim().is_empty() {
                    lang.lane_kind(lane.kind)
                } else {
                    lane.name.as_str()
                };
                if ui.checkbox(&mut shown, name).changed() {
                    let mut updated = lane.clone();
                    updated.hidden = !shown;
                    form.edits.push((Edit::SetLane(updated), None));
                }
                if ui
                    .small_button("↑")
                    .on_hover_text(format!("{name} ↑"))
                    .clicked()
                    && index > 0
                {
                    form.edits.push((
                        Edit::MoveLane {
                            id: lane.id.clone(),
                            index: index - 1,
                        },
                        None,
                    ));
                }
                if ui
                    .small_button("↓")
                    .on_hover_text(format!("{name} ↓"))
                    .clicked()
                {
                    form.edits.push((
                        Edit::MoveLane {
                            id: lane.id.clone(),
                            index: index + 1,
                        },
                        None,
                    ));
                }
            });
        }
    }

    /// The left-hand panel: the map's personas.
    pub(super) fn personas_panel(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        ui.heading(T::Personas.get(lang));
        let personas = self.doc.map().personas.clone();
        for persona in &personas {
            let selected = self
                .view
                .selection
                .contains(&Selected::Persona(persona.id.clone()));
            let name = if persona.name.is_empty() {
                persona.id.to_string()
            } else {
                persona.name.clone()
            };
            if ui.selectable_label(selected, name).clicked() {
                self.view.selection = vec![Selected::Persona(persona.id.clone())];
            }
        }
        ui.separator();
        ui.horizontal_wrapped(|ui| {
            if ui.button(Command::AddPersona.label(lang)).clicked() {
                self.commands.push(Command::AddPersona);
            }
            let selected = self.view.selection.iter().find_map(|s| match s {
                Selected::Persona(id) => Some(id.clone()),
                _ => None,
            });
            if let Some(id) = selected {
                if ui.button(T::Duplicate.get(lang)).clicked() {
                    self.duplicate_persona(&id);
                }
                if ui.button(T::Delete.get(lang)).clicked() {
                    self.delete_persona(&id);
                }
            }
        });
    }

    fn duplicate_persona(&mut self, id: &PersonaId) {
        let map = self.doc.map();
        let Some(index) = map.persona_index(id) else {
            return;
        };
        let Some(persona) = map.personas.get(index) else {
            return;
        };
        let copy = Persona {
            id: map.fresh_id(PersonaId::PREFIX).into(),
            name: format!("{} 2", persona.name),
            ..persona.clone()
        };
        self.view.selection = vec![Selected::Persona(copy.id.clone())];
        self.edits.push((
            Edit::AddPersona {
                index: index + 1,
                persona: copy,
            },
            None,
        ));
    }

    /// Deletes a persona; one still used by a journey is deleted only after the user agrees.
    fn delete_persona(&mut self, id: &PersonaId) {
        let used = self
            .doc
            .map()
            .journeys
            .iter()
            .any(|j| j.personas.contains(id) || j.steps().any(|s| s.personas.contains(id)));
        if used {
            self.modal = Some(Modal::DeletePersona(id.clone()));
        } else {
            self.edits
                .push((Edit::RemovePersona { id: id.clone() }, None));
        }
    }

    /// The question before deleting a persona that journeys use.
    pub(super) fn persona_delete_modal(&mut self, ctx: &Context, id: PersonaId) {
        let lang = self.lang;
        let map = self.doc.map();
        let users: Vec<String> = map
            .journeys
            .iter()
            .filter(|j| j.personas.contains(&id) || j.steps().any(|s| s.personas.contains(&id)))
            .map(|j| j.name.clone())
            .collect();
        let mut answer = None;
        egui::Modal::new(Id::unique("persona-delete")).show(ctx, |ui| {
            ui.label(T::PersonaInUse.get(lang));
            for name in &users {
                ui.label(format!("• {name}"));
            }
            ui.horizontal(|ui| {
                if ui.button(T::RemoveFromJourneys.get(lang)).clicked() {
                    answer = Some(true);
                }
                if ui.button(T::Cancel.get(lang)).clicked() {
                    answer = Some(false);
                }
            });
        });
        match answer {
            Some(true) => {
                let mut edits = Vec::new();
                for journey in &map.journeys {
                    if journey.personas.contains(&id) {
                        let mut updated = journey.clone();
                        updated.personas.retain(|p| p != &id);
                        edits.push(Edit::SetJourney(updated));
                    }
                    for step in journey.steps().filter(|s| s.personas.contains(&id)) {
                        let mut updated = step.clone();
                        updated.personas.retain(|p| p != &id);
                        edits.push(Edit::SetStep(updated));
                    }
                }
                edits.push(Edit::RemovePersona { id });
                self.edits.push((Edit::Batch(edits), None));
            }
            Some(false) => {}
            None => self.modal = Some(Modal::DeletePersona(id)),
        }
    }
}

/// The links that start or end at `card`, each with the other end's text and an arrow.
fn card_links(map: &crate::model::JourneyMap, card: &crate::model::CardId) -> Vec<(Link, String)> {
    map.journeys
        .iter()
        .flat_map(|j| j.links.iter())
        .filter(|l| &l.from == card || &l.to == card)
        .map(|l| {
            let other = if &l.from == card { &l.to } else { &l.from };
            let text = map
                .card(other)
                .map_or_else(|| other.to_string(), |c| c.text.clone());
            let arrow = if &l.from == card { "→" } else { "←" };
            (l.clone(), format!("{arrow} {text}"))
        })
        .collect()
}

/// The middle of a scale, snapped to a whole value: a new score's start.
fn middle(scale: EmotionScale) -> f32 {
    #[expect(
        clippy::cast_precision_loss,
        reason = "scale bounds are small integers"
    )]
    let mid = i32::midpoint(scale.min, scale.max) as f32;
    mid
}

fn text_count(lang: Lang, n: usize) -> String {
    super::text::cards(lang, n)
}

/// A journey's own fields, without its stages, cards and links (which
/// `SetJourney` leaves alone): cheap to copy every frame, whatever its size.
fn own_fields(journey: &Journey) -> Journey {
    Journey {
        id: journey.id.clone(),
        name: journey.name.clone(),
        personas: journey.personas.clone(),
        goal: journey.goal.clone(),
        kind: journey.kind,
        figures: journey.figures.clone(),
        ..Journey::default()
    }
}
