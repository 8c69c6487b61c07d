//! What each [`Command`] does: most build [`Edit`]s for the end of the frame.

use std::collections::HashMap;
use std::path::Path;

use eframe::egui::Context;

use super::command::Command;
use super::text::T;
use super::{EditorApp, Modal, Palette, Selected, Then};
use crate::edit::Edit;
use crate::i18n::Lang;
use crate::io;
use crate::model::{
    Card, CardId, Journey, JourneyId, JourneyKind, JourneyMap, LaneId, LinkId, MetricId, Persona,
    PersonaId, Stage, StageId, Step, StepId,
};
use crate::theme::ThemeKind;

/// Ids made while building one batch of edits, so two new items never share one.
struct FreshIds {
    taken: std::collections::HashSet<String>,
}

impl FreshIds {
    fn new(map: &JourneyMap) -> Self {
        FreshIds {
            taken: map.all_ids().into_iter().map(str::to_owned).collect(),
        }
    }

    fn make(&mut self, prefix: &str) -> String {
        let taken: std::collections::HashSet<&str> =
            self.taken.iter().map(String::as_str).collect();
        let id = crate::model::ids::fresh(prefix, &taken);
        self.taken.insert(id.clone());
        id
    }
}

impl EditorApp {
    /// Runs a command (at the end of a frame).
    pub(super) fn run(&mut self, command: Command, ctx: &Context) {
        if !self.enabled(command) {
            return;
        }
        match command {
            Command::New => self.request(Then::New("blank")),
            Command::Open => self.request(Then::Open(None)),
            Command::Save => {
                self.save();
            }
            Command::SaveAs => self.save_copy(),
            Command::ExportPng => self.modal = Some(Modal::ExportScale(1.0)),
            Command::Recover => self.look_for_recovery(),
            Command::Quit => self.request(Then::Close),
            Command::Undo | Command::Redo => {
                self.finish_editing();
                let result = if command == Command::Undo {
                    self.doc.undo()
                } else {
                    self.doc.redo()
                };
                if let Err(e) = result {
                    self.say(e.to_string(), true);
                }
            }
            Command::Copy => self.copy(ctx),
            Command::Paste => ctx.send_viewport_cmd(eframe::egui::ViewportCommand::RequestPaste),
            Command::Duplicate => self.duplicate_cards(),
            Command::Delete => self.delete_selection(),
            Command::NewCard => self.new_card(),
            Command::EditText => {
                if let Some(Selected::Card(id)) = self.view.selection.first().cloned() {
                    self.start_editing(id, None);
                }
            }
            Command::ZoomIn => self.zoom_about(1.25, self.view.canvas.last_rect.center()),
            Command::ZoomOut => self.zoom_about(0.8, self.view.canvas.last_rect.center()),
            Command::ZoomFit => {
                let layout = self.current_layout(ctx);
                self.zoom_to_fit(&layout);
            }
            Command::Zoom100 => {
                let factor = 1.0 / self.view.canvas.zoom;
                self.zoom_about(factor, self.view.canvas.last_rect.center());
            }
            Command::Palette => {
                self.modal = Some(Modal::Palette(Palette {
                    query: String::new(),
                    focus: true,
                }));
            }
            Command::ThemeLight | Command::ThemeDark => {
                self.theme = if command == Command::ThemeDark {
                    ThemeKind::Dark
                } else {
                    ThemeKind::Light
                };
                if self.theme == ThemeKind::Dark {
                    "dark"
                } else {
                    "light"
                }
                .clone_into(&mut self.prefs.theme);
            }
            Command::LangEn | Command::LangPl => {
                self.lang = if command == Command::LangPl {
                    Lang::Pl
                } else {
                    Lang::En
                };
                if self.lang == Lang::Pl { "pl" } else { "en" }.clone_into(&mut self.prefs.lang);
            }
            Command::AddJourney => self.add_journey(),
            Command::DuplicateJourney => self.duplicate_journey(),
            Command::DeleteJourney => {
                if let Some(journey) = self.doc.map().journeys.get(self.view.journey) {
                    self.edits.push((
                        Edit::RemoveJourney {
                            id: journey.id.clone(),
                        },
                        None,
                    ));
                }
            }
            Command::MoveJourneyLeft | Command::MoveJourneyRight => {
                if let Some(journey) = self.doc.map().journeys.get(self.view.journey) {
                    let index = if command == Command::MoveJourneyLeft {
                        self.view.journey.saturating_sub(1)
                    } else {
                        self.view.journey + 1
                    };
                    let index = index.min(self.doc.map().journeys.len().saturating_sub(1));
                    self.edits.push((
                        Edit::MoveJourney {
                            id: journey.id.clone(),
                            index,
                        },
                        None,
                    ));
                    // The view follows the journey by its id.
                }
            }
            Command::AddStage => self.add_stage(),
            Command::AddStep => self.add_step(),
            Command::AddPersona => {
                let mut ids = FreshIds::new(self.doc.map());
                let name = if self.lang == Lang::Pl {
                    "Nowa persona"
                } else {
                    "New persona"
                };
                let persona = Persona {
                    id: ids.make(PersonaId::PREFIX).into(),
                    name: name.to_owned(),
                    ..Persona::default()
                };
                self.view.selection = vec![Selected::Persona(persona.id.clone())];
                self.edits.push((
                    Edit::AddPersona {
                        index: self.doc.map().personas.len(),
                        persona,
                    },
                    None,
                ));
            }
            Command::ClearScore => {
                for item in &self.view.selection {
                    if let Selected::Step(step) = item {
                        self.edits.push((
                            Edit::SetScore {
                                step: step.clone(),
                                score: None,
                            },
                            None,
                        ));
                    }
                }
            }
        }
        // Edits made by a command apply now, so the next command in the queue sees them.
        self.apply_edits();
    }

    fn selected_cards(&self) -> Vec<CardId> {
        self.view
            .selection
            .iter()
            .filter_map(|s| match s {
                Selected::Card(id) => Some(id.clone()),
                _ => None,
            })
            .collect()
    }

    /// Selected cards to the clipboard as RON: a list of cards, as in a map file.
    fn copy(&mut self, ctx: &Context) {
        let cards: Vec<Card> = self
            .selected_cards()
            .iter()
            .filter_map(|id| self.doc.map().card(id).cloned())
            .collect();
        if cards.is_empty() {
            return;
        }
        match crate::io::cards_to_string(&cards) {
            Ok(text) => ctx.copy_text(text),
            Err(e) => self.say(e.to_string(), true),
        }
    }

    /// Pastes cards copied as RON (from this map, another one, or a text
    /// editor): new ids; into the selected card's cell, or where they were.
    pub(super) fn paste(&mut self, text: &str) {
        let cards = match crate::io::cards_from_str(text) {
            Ok(cards) => cards,
            Err(e) => {
                self.say(e.to_string(), true);
                return;
            }
        };
        let map = self.doc.map();
        let Some(journey) = map.journeys.get(self.view.journey) else {
            return;
        };
        let target = self
            .selected_cards()
            .first()
            .and_then(|id| map.card(id))
            .map(|c| (c.lane.clone(), c.step.clone()));
        let first_lane = map
            .lanes
            .iter()
            .find(|l| l.kind.holds_cards())
            .map(|l| l.id.clone());
        let first_step = journey.steps().next().map(|s| s.id.clone());
        let mut ids = FreshIds::new(map);
        let mut edits = Vec::new();
        let mut selection = Vec::new();
        for (n, mut card) in cards.into_iter().enumerate() {
            card.id = ids.make(CardId::PREFIX).into();
            if let Some((lane, step)) = &target {
                card.lane = lane.clone();
                card.step = step.clone();
            } else {
                if !map
                    .lanes
                    .iter()
                    .any(|l| l.id == card.lane && l.kind.holds_cards())
                    && let Some(lane) = &first_lane
                {
                    card.lane = lane.clone();
                }
                if !journey.has_step(&card.step)
                    && let Some(step) = &first_step
                {
                    card.step = step.clone();
                }
            }
            selection.push(Selected::Card(card.id.clone()));
            edits.push(Edit::AddCard {
                journey: journey.id.clone(),
                index: journey.cards.len() + n,
                card,
            });
        }
        self.view.selection = selection;
        self.edits.push((Edit::Batch(edits), None));
    }

    fn duplicate_cards(&mut self) {
        let map = self.doc.map();
        let Some(journey) = map.journeys.get(self.view.journey) else {
            return;
        };
        let mut ids = FreshIds::new(map);
        let mut edits = Vec::new();
        let mut selection = Vec::new();
        for id in self.selected_cards() {
            let Some(index) = journey.cards.iter().position(|c| c.id == id) else {
                continue;
            };
            let Some(card) = journey.cards.get(index) else {
                continue;
            };
            let copy = Card {
                id: ids.make(CardId::PREFIX).into(),
                ..card.clone()
            };
            selection.push(Selected::Card(copy.id.clone()));
            edits.push(Edit::AddCard {
                journey: journey.id.clone(),
                index: index + 1 + edits.len(),
                card: copy,
            });
        }
        self.view.selection = selection;
        self.edits.push((Edit::Batch(edits), None));
    }

    fn delete_selection(&mut self) {
        self.finish_editing();
        let mut edits = Vec::new();
        for item in std::mem::take(&mut self.view.selection) {
            match item {
                Selected::Card(id) => edits.push(Edit::RemoveCard { id }),
                Selected::Stage(id) => edits.push(Edit::RemoveStage { id }),
                Selected::Step(id) => edits.push(Edit::RemoveStep { id }),
                Selected::Lane(id) => edits.push(Edit::RemoveLane { id }),
                Selected::Link(id) => edits.push(Edit::RemoveLink { id }),
                Selected::Persona(id) => self.modal = Some(Modal::DeletePersona(id)),
            }
        }
        if !edits.is_empty() {
            self.edits.push((Edit::Batch(edits), None));
        }
    }

    /// A new card in the selected card's cell (after it), or the first cell; typing starts at once.
    fn new_card(&mut self) {
        let map = self.doc.map();
        let Some(journey) = map.journeys.get(self.view.journey) else {
            return;
        };
        let selected = self
            .selected_cards()
            .first()
            .and_then(|id| map.card(id))
            .cloned();
        let (lane, step, index): (Option<LaneId>, Option<StepId>, usize) =
            if let Some(card) = &selected {
                (
                    Some(card.lane.clone()),
                    Some(card.step.clone()),
                    journey
                        .cards
                        .iter()
                        .position(|c| c.id == card.id)
                        .map_or(journey.cards.len(), |i| i + 1),
                )
            } else {
                let step = self
                    .view
                    .selection
                    .iter()
                    .find_map(|s| match s {
                        Selected::Step(id) => Some(id.clone()),
                        _ => None,
                    })
                    .or_else(|| journey.steps().next().map(|s| s.id.clone()));
                let lane = self
                    .view
                    .selection
                    .iter()
                    .find_map(|s| match s {
                        Selected::Lane(id) => Some(id.clone()),
                        _ => None,
                    })
                    .or_else(|| {
                        map.lanes
                            .iter()
                            .find(|l| l.kind.holds_cards() && !l.hidden)
                            .map(|l| l.id.clone())
                    });
                (lane, step, journey.cards.len())
            };
        let (Some(lane), Some(step)) = (lane, step) else {
            return;
        };
        let card = Card {
            id: map.fresh_id(CardId::PREFIX).into(),
            lane,
            step,
            ..Card::default()
        };
        let id = card.id.clone();
        self.edits.push((
            Edit::AddCard {
                journey: journey.id.clone(),
                index,
                card,
            },
            None,
        ));
        self.start_editing(id, Some(String::new()));
    }

    fn add_journey(&mut self) {
        let map = self.doc.map();
        let mut ids = FreshIds::new(map);
        let pl = self.lang == Lang::Pl;
        let journey = Journey {
            id: ids.make(JourneyId::PREFIX).into(),
            name: if pl { "Nowa ścieżka" } else { "New journey" }.to_owned(),
            personas: map
                .journeys
                .get(self.view.journey)
                .map(|j| j.personas.clone())
                .unwrap_or_default(),
            stages: vec![Stage {
                id: ids.make(StageId::PREFIX).into(),
                name: if pl { "Etap 1" } else { "Stage 1" }.to_owned(),
                steps: vec![Step {
                    id: ids.make(StepId::PREFIX).into(),
                    name: if pl { "Krok 1" } else { "Step 1" }.to_owned(),
                    ..Step::default()
                }],
                ..Stage::default()
            }],
            ..Journey::default()
        };
        let index = map.journeys.len();
        self.view.show_new(journey.id.clone(), index);
        self.edits.push((Edit::AddJourney { index, journey }, None));
        self.view.selection.clear();
        self.view.canvas.fit_next = true;
    }

    /// A copy of the journey with new ids everywhere, marked to-be, right after it.
    fn duplicate_journey(&mut self) {
        let map = self.doc.map();
        let Some(source) = map.journeys.get(self.view.journey) else {
            return;
        };
        let mut ids = FreshIds::new(map);
        let mut journey = source.clone();
        journey.id = ids.make(JourneyId::PREFIX).into();
        journey.kind = JourneyKind::ToBe;
        journey.name = format!(
            "{} ({})",
            source.name,
            T::ToBe.get(self.lang).to_lowercase()
        );
        let mut steps: HashMap<StepId, StepId> = HashMap::new();
        for stage in &mut journey.stages {
            stage.id = ids.make(StageId::PREFIX).into();
            for metric in &mut stage.metrics {
                metric.id = ids.make(MetricId::PREFIX).into();
            }
            for step in &mut stage.steps {
                let new: StepId = ids.make(StepId::PREFIX).into();
                steps.insert(step.id.clone(), new.clone());
                step.id = new;
            }
        }
        let mut cards: HashMap<CardId, CardId> = HashMap::new();
        for card in &mut journey.cards {
            let new: CardId = ids.make(CardId::PREFIX).into();
            cards.insert(card.id.clone(), new.clone());
            card.id = new;
            if let Some(step) = steps.get(&card.step) {
                card.step = step.clone();
            }
        }
        for link in &mut journey.links {
            link.id = ids.make(LinkId::PREFIX).into();
            if let Some(from) = cards.get(&link.from) {
                link.from = from.clone();
            }
            if let Some(to) = cards.get(&link.to) {
                link.to = to.clone();
            }
        }
        let index = self.view.journey + 1;
        self.view.show_new(journey.id.clone(), index);
        self.edits.push((Edit::AddJourney { index, journey }, None));
        self.view.selection.clear();
        self.view.canvas.fit_next = true;
    }

    fn add_stage(&mut self) {
        let map = self.doc.map();
        let Some(journey) = map.journeys.get(self.view.journey) else {
            return;
        };
        let after = self.view.selection.iter().find_map(|s| match s {
            Selected::Stage(id) => journey.stages.iter().position(|st| &st.id == id),
            _ => None,
        });
        let mut ids = FreshIds::new(map);
        let n = journey.stages.len() + 1;
        let pl = self.lang == Lang::Pl;
        let stage = Stage {
            id: ids.make(StageId::PREFIX).into(),
            name: format!("{} {n}", T::Stage.get(self.lang)),
            steps: vec![Step {
                id: ids.make(StepId::PREFIX).into(),
                name: if pl { "Krok 1" } else { "Step 1" }.to_owned(),
                ..Step::default()
            }],
            ..Stage::default()
        };
        self.view.selection = vec![Selected::Stage(stage.id.clone())];
        self.edits.push((
            Edit::AddStage {
                journey: journey.id.clone(),
                index: after.map_or(journey.stages.len(), |i| i + 1),
                stage,
            },
            None,
        ));
    }

    fn add_step(&mut self) {
        let map = self.doc.map();
        let Some(journey) = map.journeys.get(self.view.journey) else {
            return;
        };
        let (stage, index) = match self.view.selection.first() {
            Some(Selected::Step(id)) => match map.step_at(id) {
                Some(at) => (
                    journey.stages.get(at.stage).map(|s| s.id.clone()),
                    at.step + 1,
                ),
                None => (None, 0),
            },
            Some(Selected::Stage(id)) => {
                (Some(id.clone()), map.stage(id).map_or(0, |s| s.steps.len()))
            }
            _ => (
                journey.stages.last().map(|s| s.id.clone()),
                journey.stages.last().map_or(0, |s| s.steps.len()),
            ),
        };
        let Some(stage) = stage else { return };
        let step = Step {
            id: map.fresh_id(StepId::PREFIX).into(),
            name: format!("{} {}", T::Step.get(self.lang), index + 1),
            ..Step::default()
        };
        self.view.selection = vec![Selected::Step(step.id.clone())];
        self.edits
            .push((Edit::AddStep { stage, index, step }, None));
    }

    /// Sets a persona's photo to the file `path` the user chose: named
    /// relative to the map's folder when it lies inside the map's
    /// repository, else copied beside the map first (`io::photo::adopt_photo`),
    /// so a map never names a file outside its repository.
    pub(super) fn set_photo(&mut self, persona: &PersonaId, path: &Path) {
        let Some(mut updated) = self.doc.map().persona(persona).cloned() else {
            return;
        };
        let Some(map_path) = self.doc.path().map(Path::to_path_buf) else {
            self.say(T::PhotoNeedsSavedMap.get(self.lang), true);
            return;
        };
        let adopted = match io::photo::adopt_photo(&map_path, path, io::inside::PHOTO_MAX_BYTES) {
            Ok(adopted) => adopted,
            Err(e) => {
                let text = format!("{} {e}: {}", T::PhotoNotUsed.get(self.lang), path.display());
                self.say(text, true);
                return;
            }
        };
        if adopted.copied {
            let text = format!("{} {}", T::PhotoCopied.get(self.lang), adopted.relative);
            self.say(text, false);
        }
        updated.photo = adopted.relative;
        self.photo_warned.retain(|p| *p != updated.photo);
        self.edits.push((Edit::SetPersona(updated), None));
    }
}
