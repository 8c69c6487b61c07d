//! The editor window (eframe): the document, commands with shortcuts, menus,
//! journey tabs, the canvas, the inspector and the personas panel.
//!
//! Data flows one way: widgets queue [`Edit`]s and [`Command`]s while the
//! frame is drawn; `EditorApp::end_frame` applies them afterwards, so the
//! document never changes while it is being drawn.

pub mod autosave;
pub mod canvas;
pub mod command;
mod conflicts;
pub mod dialogs;
pub mod document;
mod inspector;
mod ops;
mod picture;
mod readonly;
mod safety;
pub mod text;
mod watch;
mod zoom_text;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use eframe::egui::{self, Context, Id, Key, Rect, Sense, Stroke, Ui, ViewportCommand};
use serde::{Deserialize, Serialize};

use self::autosave::{Autosave, Clock, SystemClock};
use self::canvas::CanvasState;
use self::command::{Command, Menu};
use self::dialogs::{Dialogs, Purpose};
use self::document::{Burst, Document};
use self::text::T;
use crate::edit::Edit;
use crate::i18n::Lang;
use crate::io::{self, templates};
use crate::model::{CardId, JourneyId, JourneyMap, LaneId, LinkId, PersonaId, StageId, StepId};
use crate::paint::{self, PhotoTextures};
use crate::theme::{self, OVERLAY, ThemeKind};

/// Something selected on the canvas or in a panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selected {
    /// A card.
    Card(CardId),
    /// A stage.
    Stage(StageId),
    /// A step.
    Step(StepId),
    /// A lane.
    Lane(LaneId),
    /// A link.
    Link(LinkId),
    /// A persona.
    Persona(PersonaId),
}

/// What to do once the unsaved-changes question is answered.
#[derive(Clone, Debug, PartialEq)]
pub enum Then {
    /// Close the window.
    Close,
    /// Open a map (`None`: ask for one first).
    Open(Option<PathBuf>),
    /// Start a new map from a template.
    New(&'static str),
    /// Restore unsaved work left by a window that did not close normally.
    Restore(io::recovery::Found),
}

/// A change of the whole document (or of what its file holds), asked for
/// while the frame is drawn - from a menu, a modal's answer or a file dialog -
/// and made after drawing, with the edits: nothing replaces the document
/// while a menu is being drawn.
enum Change {
    /// Run `then`, first asking about unsaved changes.
    Request(Then),
    /// Run `then`: the unsaved changes were discarded.
    Proceed(Then),
    /// Save, then run `then`.
    SaveThen(Then),
    /// A file question answered (`None`: cancelled).
    Answered(Purpose, Option<PathBuf>),
    /// Take the map as it changed on disk, dropping this window's changes.
    TakeTheirs(safety::Outside),
}

/// Preferences kept between runs in eframe's storage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Recently opened or saved maps, newest first.
    pub recent: Vec<PathBuf>,
    /// `dark` or `light`.
    pub theme: String,
    /// `pl` or `en`; empty: follow the system.
    pub lang: String,
}

const PREFS_KEY: &str = "journeymap";
const MAX_RECENT: usize = 10;

/// How the editor starts.
#[derive(Default)]
pub struct Start {
    /// The map to open; `None`: the last one, or an untitled copy of `lead-generation`.
    pub file: Option<PathBuf>,
    /// Save a screenshot of the window here after a few frames, then close.
    pub screenshot: Option<PathBuf>,
    /// Preferences (from eframe's storage, or a test's).
    pub prefs: Prefs,
    /// The system's language, when the preferences do not name one.
    pub system_lang: Lang,
    /// Where recovery files go (see [`data_dir`]); `None`: no autosave.
    pub data_dir: Option<PathBuf>,
    /// The clock for timers; `None`: the system's.
    pub clock: Option<Arc<dyn Clock>>,
}

/// A short message in the status bar.
#[derive(Clone, Debug)]
pub struct Status {
    /// The text.
    pub text: String,
    /// Shown in the alarm colour.
    pub error: bool,
}

/// The command palette's state.
#[derive(Default)]
struct Palette {
    query: String,
    focus: bool,
}

/// What the window is asking the user: while one is open, shortcuts and
/// clipboard events wait (the palette's own shortcut excepted).
enum Modal {
    /// Save the unsaved changes first? Then `Then`.
    Unsaved(Then),
    /// The window's own path field, when there is no native file dialog.
    PathPrompt {
        /// What the path is for.
        purpose: Purpose,
        /// The path as typed.
        path: String,
    },
    /// The scale of a PNG export.
    ExportScale(f32),
    /// Delete a persona that journeys use?
    DeletePersona(PersonaId),
    /// The command palette.
    Palette(Palette),
}

/// The screenshot taken for `--screenshot`.
struct Screenshot {
    path: PathBuf,
    frames: u32,
    requested: bool,
    done: Arc<Mutex<Option<Result<(), String>>>>,
}

/// What the window shows of the document: view state, never saved in the map.
struct View {
    /// The journey shown, by id: it stays shown when journeys move (a tab
    /// dragged, an undo, a reload). `None` until the first frame finds one.
    journey_id: Option<JourneyId>,
    /// Where that journey is in the map, found again at every frame's start
    /// ([`View::find_journey`]); when it is gone (deleted), the journey now
    /// at that place is shown instead.
    journey: usize,
    selection: Vec<Selected>,
    /// Pan, zoom and the gesture under way.
    canvas: CanvasState,
}

impl View {
    /// Shows the journey at `index` of `map`.
    fn show(&mut self, map: &JourneyMap, index: usize) {
        self.journey = index;
        self.journey_id = map.journeys.get(index).map(|j| j.id.clone());
    }

    /// Shows journey `id`, which a queued edit puts at `index`.
    fn show_new(&mut self, id: JourneyId, index: usize) {
        self.journey = index;
        self.journey_id = Some(id);
    }

    /// Finds the shown journey's place in `map` again; a journey that is
    /// gone gives its place (or the last journey) to the one there now.
    fn find_journey(&mut self, map: &JourneyMap) {
        let found = self
            .journey_id
            .as_ref()
            .and_then(|id| map.journeys.iter().position(|j| &j.id == id));
        let index = found.unwrap_or_else(|| self.journey.min(map.journeys.len().saturating_sub(1)));
        self.show(map, index);
    }

    fn new() -> Self {
        View {
            journey_id: None,
            journey: 0,
            selection: Vec::new(),
            canvas: CanvasState::default(),
        }
    }
}

/// The document's file and what watches and keeps it: dialogs, the watch,
/// autosave, and whether the map may be saved at all.
struct Files {
    dialogs: Box<dyn Dialogs>,
    /// A file question to ask once the frame is drawn.
    pending_ask: Option<(Purpose, Option<PathBuf>)>,
    /// What to do once the save under way succeeds.
    after_save: Option<Then>,
    autosave: Option<Autosave>,
    autosave_error: Option<String>,
    /// What the window knows of the file on disk.
    disk: safety::Disk,
    /// Set for a newer version's map, which is not saved over.
    read_only: Option<readonly::ReadOnly>,
}

/// The editor.
pub struct EditorApp {
    doc: Document,
    view: View,
    files: Files,
    lang: Lang,
    theme: ThemeKind,
    prefs: Prefs,
    /// The question the window is asking (one at a time).
    modal: Option<Modal>,
    status: Option<Status>,
    edits: Vec<(Edit, Option<Burst>)>,
    changes: Vec<Change>,
    commands: Vec<Command>,
    session: u64,
    photos: PhotoTextures,
    photo_warned: Vec<String>,
    screenshot: Option<Screenshot>,
    closing: bool,
    close_sent: bool,
    title: String,
    fonts_set: bool,
    visuals_applied: Option<ThemeKind>,
    clock: Arc<dyn Clock>,
    recovered: Vec<io::recovery::Found>,
    outside: Option<safety::Outside>,
    save_error: Option<String>,
}

impl EditorApp {
    /// The editor with `start`'s map, answering file questions through `dialogs`.
    pub fn new(start: Start, dialogs: Box<dyn Dialogs>) -> Self {
        let lang = match start.prefs.lang.as_str() {
            "pl" => Lang::Pl,
            "en" => Lang::En,
            _ => start.system_lang,
        };
        let theme = if start.prefs.theme == "dark" {
            ThemeKind::Dark
        } else {
            ThemeKind::Light
        };
        let clock: Arc<dyn Clock> = start.clock.unwrap_or_else(|| Arc::new(SystemClock));
        let recovery_folder = start.data_dir.as_deref().map(io::recovery::folder);
        let mut app = EditorApp {
            doc: Document::new(untitled_map(templates::find("lead-generation")), None),
            view: View::new(),
            files: Files {
                dialogs,
                pending_ask: None,
                after_save: None,
                autosave: recovery_folder
                    .as_deref()
                    .map(|folder| Autosave::new(folder, Arc::clone(&clock))),
                autosave_error: None,
                disk: safety::Disk::default(),
                read_only: None,
            },
            lang,
            theme,
            prefs: start.prefs,
            modal: None,
            status: None,
            edits: Vec::new(),
            changes: Vec::new(),
            commands: Vec::new(),
            session: 0,
            photos: PhotoTextures::default(),
            photo_warned: Vec::new(),
            screenshot: start.screenshot.map(|path| Screenshot {
                path,
                frames: 0,
                requested: false,
                done: Arc::default(),
            }),
            closing: false,
            close_sent: false,
            title: String::new(),
            fonts_set: false,
            visuals_applied: None,
            recovered: recovery_folder
                .as_deref()
                .map(io::recovery::find)
                .unwrap_or_default(),
            clock,
            outside: None,
            save_error: None,
        };
        let file = start.file.or_else(|| app.prefs.recent.first().cloned());
        if let Some(path) = file {
            app.open(&path);
        }
        app
    }

    /// The editor for eframe: preferences from its storage, native dialogs.
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, mut start: Start) -> Self {
        cc.egui_ctx.set_fonts(theme::font_definitions());
        if let Some(storage) = cc.storage
            && let Some(prefs) = eframe::get_value::<Prefs>(storage, PREFS_KEY)
        {
            start.prefs = prefs;
        }
        let mut app = EditorApp::new(start, Box::new(dialogs::NativeDialogs::default()));
        app.fonts_set = true;
        app
    }

    /// The document.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The map being edited.
    pub fn map(&self) -> &JourneyMap {
        self.doc.map()
    }

    /// The index of the journey shown.
    pub fn journey_index(&self) -> usize {
        self.view.journey
    }

    /// What is selected.
    pub fn selection(&self) -> &[Selected] {
        &self.view.selection
    }

    /// The window title: the file name, a dot when there are unsaved changes
    /// (or recorded conflicts still to resolve).
    pub fn title(&self) -> String {
        let marker = if looks_unsaved(&self.doc) { "● " } else { "" };
        format!("{marker}{} — journeymap", self.doc.name())
    }

    /// The language of the window.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Light or dark.
    pub fn theme(&self) -> ThemeKind {
        self.theme
    }

    /// The preferences as they would be saved now.
    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    /// The status bar's message.
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    /// The zoom of the canvas.
    pub fn zoom(&self) -> f32 {
        self.view.canvas.zoom
    }

    /// True once the window was asked to close (and nothing stopped it).
    pub fn is_closing(&self) -> bool {
        self.closing
    }

    fn say(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(Status {
            text: text.into(),
            error,
        });
    }

    /// Loads `path` as the document; on failure keeps the current one and says why.
    pub fn open(&mut self, path: &Path) {
        // Absolute, so the recent list and a recovery file still name this
        // file when journeymap next starts in another folder.
        let absolute = std::path::absolute(path);
        let path = absolute.as_deref().unwrap_or(path);
        let opened =
            match io::read_text(path).and_then(|text| Document::from_file_text(&text, path)) {
                Ok(doc) => {
                    self.set_document(doc);
                    Ok(T::Opened)
                }
                // A newer journeymap's map: read-only, as far as it can be read.
                Err(io::LoadError::NewerVersion { .. }) => {
                    self.open_newer(path).map(|()| T::OpenedReadOnly)
                }
                Err(e) => Err(e),
            };
        match opened {
            Ok(said) => {
                self.remember(path);
                self.say(format!("{} {}", said.get(self.lang), path.display()), false);
            }
            Err(e) => self.say(format!("{}: {e}", e.at(path)), true),
        }
    }

    /// Makes `doc` the document, with a fresh view.
    fn set_document(&mut self, doc: Document) {
        self.doc = doc;
        self.view = View::new();
        self.outside = None;
        self.files.disk.retry = None;
        self.files.read_only = None;
    }

    fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.prefs.recent.retain(|p| p != &path);
        self.prefs.recent.insert(0, path);
        self.prefs.recent.truncate(MAX_RECENT);
    }

    /// Saves to the document's path, or asks for one.
    fn save(&mut self) -> bool {
        if self.files.read_only.is_some() {
            self.say(T::ReadOnlyEdit.get(self.lang), true);
            return false;
        }
        if let Some(path) = self.doc.path().map(Path::to_path_buf) {
            self.save_to(&path)
        } else {
            self.ask(Purpose::SaveAs);
            false
        }
    }

    fn save_to(&mut self, path: &Path) -> bool {
        self.finish_editing();
        if !self.may_save_to(path) {
            self.files.after_save = None;
            return false;
        }
        match self.doc.save_as(path) {
            Ok(()) => {
                // A copy of a newer map is a map of this version: editable.
                self.files.read_only = None;
                self.remember(path);
                self.say(
                    format!("{} {}", T::Saved.get(self.lang), path.display()),
                    false,
                );
                if let Some(then) = self.files.after_save.take() {
                    self.proceed(then);
                }
                true
            }
            Err(e @ io::SaveError::ChangedOnDisk { .. }) => {
                // Another program saved the file since we read it: read it
                // now and ask, as when the watcher tells of a change.
                self.files.after_save = None;
                self.say(e.to_string(), true);
                self.files.disk.look_again();
                false
            }
            Err(e) => {
                self.files.after_save = None;
                let message = e.to_string();
                self.say(message.clone(), true);
                self.save_error = Some(message);
                false
            }
        }
    }

    /// Asks for a file: the native dialog, or the editor's own path field.
    fn ask(&mut self, purpose: Purpose) {
        if self.files.dialogs.available() {
            let suggested = match &purpose {
                Purpose::SaveAs => Some(
                    self.doc
                        .path()
                        .map_or_else(|| PathBuf::from(self.doc.name()), Path::to_path_buf),
                ),
                Purpose::ExportPng { .. } => Some(
                    self.doc
                        .folder()
                        .join(Path::new(&self.doc.name()).with_extension("png")),
                ),
                _ => self
                    .doc
                    .path()
                    .and_then(Path::parent)
                    .map(Path::to_path_buf),
            };
            self.files.pending_ask = Some((purpose, suggested));
        } else {
            let initial = match &purpose {
                Purpose::SaveAs => self
                    .doc
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                _ => String::new(),
            };
            self.modal = Some(Modal::PathPrompt {
                purpose,
                path: initial,
            });
        }
    }

    fn answered(&mut self, purpose: Purpose, path: Option<PathBuf>) {
        let Some(path) = path else {
            self.files.after_save = None;
            return;
        };
        match purpose {
            Purpose::Open => self.open(&path),
            Purpose::SaveAs => {
                self.save_to(&path);
            }
            Purpose::ExportPng { scale_tenths } => {
                self.export_png(&path, f32::from(scale_tenths) / 10.0);
            }
            Purpose::Photo(persona) => self.set_photo(&persona, &path),
        }
    }

    /// Runs `then` now, or first asks about unsaved changes.
    fn request(&mut self, then: Then) {
        if self.doc.is_dirty() {
            self.modal = Some(Modal::Unsaved(then));
        } else {
            self.proceed(then);
        }
    }

    fn proceed(&mut self, then: Then) {
        match then {
            Then::Close => self.closing = true,
            Then::Open(Some(path)) => self.open(&path),
            Then::Open(None) => self.ask(Purpose::Open),
            Then::New(template) => {
                self.set_document(Document::new(untitled_map(templates::find(template)), None));
            }
            Then::Restore(found) => self.restore(&found),
        }
    }

    fn export_png(&mut self, path: &Path, scale: f32) {
        let options = crate::render::ExportOptions {
            scale,
            width: None,
            theme: self.theme,
        };
        let mut exporter = crate::render::Exporter::new();
        let picture = exporter.render(
            self.doc.map(),
            self.view.journey,
            &self.doc.folder(),
            &options,
        );
        let mut bytes = Vec::new();
        let result = crate::render::encode_png(&picture.image, &mut bytes)
            .map_err(|e| e.to_string())
            .and_then(|()| io::atomic::write(path, &bytes).map_err(|e| e.to_string()));
        match result {
            Ok(()) => {
                let mut text = format!("{} {}", T::Exported.get(self.lang), path.display());
                for warning in picture.warnings {
                    text.push_str("; ");
                    text.push_str(&warning);
                }
                self.say(text, false);
            }
            Err(e) => self.say(format!("{e}: {}", path.display()), true),
        }
    }

    /// The primary persona's photo for the canvas; a failure is said once.
    fn persona_photo(&mut self, ctx: &Context) -> Option<paint::Photo> {
        let map = self.doc.map();
        let persona = map
            .journeys
            .get(self.view.journey)
            .and_then(|j| j.personas.first())
            .and_then(|id| map.persona(id))?;
        let photo = persona.photo.clone();
        let name = persona.name.clone();
        match self.photos.get(ctx, &self.doc.folder(), &photo) {
            Ok(photo) => photo,
            Err(e) => {
                if !self.photo_warned.contains(&photo) {
                    self.photo_warned.push(photo.clone());
                    self.say(format!("{name}: {e}: {photo}"), true);
                }
                None
            }
        }
    }

    fn select(&mut self, item: Selected, add: bool) {
        if add {
            if let Some(i) = self.view.selection.iter().position(|s| *s == item) {
                self.view.selection.remove(i);
            } else {
                self.view.selection.push(item);
            }
        } else {
            self.view.selection = vec![item];
        }
    }

    /// Drops selected items that no longer exist (deleted, undone).
    fn repair_selection(&mut self) {
        let map = self.doc.map();
        self.view.selection.retain(|s| match s {
            Selected::Card(id) => map.card(id).is_some(),
            Selected::Stage(id) => map.stage(id).is_some(),
            Selected::Step(id) => map.step(id).is_some(),
            Selected::Lane(id) => map.lane(id).is_some(),
            Selected::Link(id) => map.link(id).is_some(),
            Selected::Persona(id) => map.persona(id).is_some(),
        });
        if let Some(editing) = &self.view.canvas.editing
            && map.card(&editing.card).is_none()
        {
            self.view.canvas.editing = None;
        }
        self.view.find_journey(map);
    }

    fn apply_visuals(&mut self, ctx: &Context) {
        if self.visuals_applied == Some(self.theme) {
            return;
        }
        self.visuals_applied = Some(self.theme);
        let mut visuals = match self.theme {
            ThemeKind::Light => egui::Visuals::light(),
            ThemeKind::Dark => egui::Visuals::dark(),
        };
        visuals.text_options = theme::text_options(self.theme);
        ctx.set_visuals(visuals);
    }

    /// Turns shortcuts and clipboard events into commands.
    fn read_input(&mut self, ctx: &Context) {
        let palette = matches!(self.modal, Some(Modal::Palette(_)));
        if (self.modal.is_some() && !palette)
            || self.outside.is_some()
            || self.save_error.is_some()
            || self
                .files
                .read_only
                .as_ref()
                .is_some_and(readonly::ReadOnly::warning)
            || !self.recovered.is_empty()
        {
            return;
        }
        let typing = ctx.egui_wants_keyboard_input();
        let mut shortcuts: Vec<(Command, egui::KeyboardShortcut)> = Command::ALL
            .iter()
            .flat_map(|c| {
                [c.shortcut(), c.alternative_shortcut()]
                    .into_iter()
                    .flatten()
                    .map(move |s| (*c, s))
            })
            .collect();
        // Ctrl+Shift+Z before Ctrl+Z: egui matches a shortcut whatever Shift does.
        shortcuts.sort_by_key(|(_, s)| {
            std::cmp::Reverse(u8::from(s.modifiers.shift) + u8::from(s.modifiers.command))
        });
        for (command, shortcut) in shortcuts {
            if typing && Command::is_plain_key(shortcut) {
                continue;
            }
            if palette && command != Command::Palette {
                continue;
            }
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.commands.push(command);
            }
        }
        if typing || palette {
            return;
        }
        let events = ctx.input(|i| i.events.clone());
        for event in events {
            match event {
                egui::Event::Copy => self.commands.push(Command::Copy),
                egui::Event::Cut => {
                    self.commands.push(Command::Copy);
                    self.commands.push(Command::Delete);
                }
                egui::Event::Paste(text) => self.paste(&text),
                _ => {}
            }
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped
            .into_iter()
            .find(|p| p.extension().is_some_and(|e| e == "ron"))
        {
            self.changes.push(Change::Request(Then::Open(Some(path))));
        }
    }

    /// The whole window, once per frame.
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if !self.fonts_set {
            // New fonts take effect next frame, with a new atlas that the
            // canvas notices (see `current_layout`).
            ctx.set_fonts(theme::font_definitions());
            self.fonts_set = true;
            ctx.request_repaint();
        }
        self.apply_visuals(&ctx);
        while let Some((purpose, path)) = self.files.dialogs.poll() {
            self.changes.push(Change::Answered(purpose, path));
        }
        self.watch_disk(&ctx);
        if ctx.input(|i| i.viewport().close_requested()) && !self.closing {
            if self.doc.is_dirty() {
                ctx.send_viewport_cmd(ViewportCommand::CancelClose);
                self.modal = Some(Modal::Unsaved(Then::Close));
            } else {
                self.closing = true;
            }
        }
        self.repair_selection();
        self.read_input(&ctx);

        let enabled: Vec<bool> = Command::ALL.iter().map(|c| self.enabled(*c)).collect();
        let menu = egui::Panel::top("menu")
            .show(ui, |ui| {
                menu_bar(ui, &self.prefs.recent, &enabled, self.lang)
            })
            .inner;
        for action in menu {
            self.act(action);
        }
        let shown = self.view.journey;
        let tabs = egui::Panel::top("tabs")
            .show(ui, |ui| tabs(ui, &self.doc, shown, self.lang))
            .inner;
        for action in tabs {
            self.act(action);
        }
        self.read_only_banner(ui);
        egui::Panel::bottom("status").show(ui, |ui| {
            status_bar(ui, &self.doc, &self.view, self.status.as_ref(), self.lang);
        });
        self.conflicts_panel(ui);
        let read_only = self.files.read_only.is_some();
        egui::Panel::left("personas")
            .default_size(220.0)
            .show(ui, |ui| {
                if read_only {
                    ui.disable();
                }
                self.personas_panel(ui);
            });
        egui::Panel::right("inspector")
            .default_size(300.0)
            .show(ui, |ui| {
                if read_only {
                    ui.disable();
                }
                self.inspector(ui);
            });
        let backdrop = crate::theme::Theme::new(self.theme).panel;
        egui::CentralPanel::default()
            .frame(egui::Frame::new().fill(backdrop))
            .show(ui, |ui| self.canvas_ui(ui));
        self.modals(&ctx);
        self.save_failed_modal(&ctx);
        self.save_copy_modal(&ctx);
        self.outside_modal(&ctx);
        self.recovery_modal(&ctx);
        self.end_frame(&ctx);
    }

    /// Applies the frame's edits and commands, then updates the window.
    fn end_frame(&mut self, ctx: &Context) {
        self.apply_edits();
        self.apply_changes(ctx);
        for command in std::mem::take(&mut self.commands) {
            self.run(command, ctx);
        }
        self.autosave_step(ctx);
        if let Some((purpose, suggested)) = self.files.pending_ask.take() {
            self.files.dialogs.ask(purpose, suggested, ctx);
        }
        let title = self.title();
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        if self.closing && !self.close_sent {
            self.close_sent = true;
            // A normal close: nothing is left to recover.
            if let Some(autosave) = &mut self.files.autosave {
                autosave.close();
            }
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
        self.screenshot_step(ctx);
    }

    /// Makes the changes asked for while the frame was drawn, in order.
    fn apply_changes(&mut self, ctx: &Context) {
        if self.changes.is_empty() {
            return;
        }
        for change in std::mem::take(&mut self.changes) {
            match change {
                Change::Request(then) => self.request(then),
                Change::Proceed(then) => self.proceed(then),
                Change::SaveThen(then) => {
                    self.files.after_save = Some(then);
                    if self.doc.path().is_some() {
                        self.save();
                    } else {
                        self.ask(Purpose::SaveAs);
                    }
                }
                Change::Answered(purpose, path) => self.answered(purpose, path),
                Change::TakeTheirs(outside) => self.take_theirs(outside),
            }
            // Edits a change made (a persona's photo) apply before the next one.
            self.apply_edits();
        }
        // The window was drawn with the document as it was.
        ctx.request_repaint();
    }

    /// Applies the queued edits (a read-only map takes none, and says so).
    fn apply_edits(&mut self) {
        if self.files.read_only.is_some() && !self.edits.is_empty() {
            self.edits.clear();
            self.say(T::ReadOnlyEdit.get(self.lang), true);
        }
        for (edit, burst) in std::mem::take(&mut self.edits) {
            if let Err(e) = self.doc.apply(edit, burst) {
                self.say(e.to_string(), true);
            }
        }
    }

    /// Autosave's turn: the document to the recovery file when its timer is up.
    fn autosave_step(&mut self, ctx: &Context) {
        let Some(autosave) = &mut self.files.autosave else {
            return;
        };
        let active = !self.closing && self.files.read_only.is_none();
        if let Some(wait) = autosave.tick(ctx, &self.doc, active) {
            ctx.request_repaint_after(wait);
        }
        if autosave.error != self.files.autosave_error {
            self.files.autosave_error.clone_from(&autosave.error);
            if let Some(e) = autosave.error.clone() {
                self.say(format!("{}: {e}", T::AutosaveFailed.get(self.lang)), true);
            }
        }
    }

    fn screenshot_step(&mut self, ctx: &Context) {
        let Some(shot) = &mut self.screenshot else {
            return;
        };
        shot.frames += 1;
        if !shot.requested && shot.frames >= 5 {
            shot.requested = true;
            let path = shot.path.clone();
            let done = Arc::clone(&shot.done);
            let repaint = ctx.clone();
            ctx.request_screenshot(move |image| {
                let rgba = image::RgbaImage::from_raw(
                    u32::try_from(image.size[0]).unwrap_or(0),
                    u32::try_from(image.size[1]).unwrap_or(0),
                    image
                        .pixels
                        .iter()
                        .flat_map(egui::Color32::to_srgba_unmultiplied)
                        .collect(),
                );
                let result = match rgba {
                    Some(rgba) => {
                        let mut bytes = Vec::new();
                        crate::render::encode_png(&rgba, &mut bytes)
                            .map_err(|e| e.to_string())
                            .and_then(|()| {
                                io::atomic::write(&path, &bytes).map_err(|e| e.to_string())
                            })
                    }
                    None => Err("the screenshot had no pixels".to_owned()),
                };
                if let Ok(mut slot) = done.lock() {
                    *slot = Some(result);
                }
                repaint.request_repaint();
            });
        }
        let finished = shot.done.lock().ok().and_then(|mut d| d.take());
        if let Some(result) = finished {
            if let Err(e) = result {
                eprintln!(
                    "journeymap: cannot save the screenshot: {e}: {}",
                    shot.path.display()
                );
                SCREENSHOT_FAILED.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            self.closing = true;
        }
        if !self.closing {
            ctx.request_repaint();
        }
    }

    /// False for commands that would do nothing now.
    fn enabled(&self, command: Command) -> bool {
        let has_cards = self
            .view
            .selection
            .iter()
            .any(|s| matches!(s, Selected::Card(_)));
        match command {
            Command::Save => self.files.read_only.is_none(),
            Command::Recover => self.files.autosave.is_some(),
            Command::Undo => self.doc.can_undo(),
            Command::Redo => self.doc.can_redo(),
            Command::Copy | Command::Duplicate | Command::EditText => has_cards,
            Command::Delete => !self.view.selection.is_empty(),
            Command::ClearScore => self
                .view
                .selection
                .iter()
                .any(|s| matches!(s, Selected::Step(_))),
            Command::ThemeLight => self.theme != ThemeKind::Light,
            Command::ThemeDark => self.theme != ThemeKind::Dark,
            Command::LangEn => self.lang != Lang::En,
            Command::LangPl => self.lang != Lang::Pl,
            Command::DuplicateJourney
            | Command::DeleteJourney
            | Command::AddStage
            | Command::AddStep
            | Command::NewCard => !self.doc.map().journeys.is_empty(),
            _ => true,
        }
    }

    /// Does what a panel asked for.
    fn act(&mut self, action: Action) {
        match action {
            Action::Show(index) => {
                self.view.show(self.doc.map(), index);
                self.view.selection.clear();
                self.view.canvas.editing = None;
                self.view.canvas.fit_next = true;
            }
            Action::MoveJourney(id, index) => {
                self.edits.push((Edit::MoveJourney { id, index }, None));
            }
            Action::Command(command) => self.commands.push(command),
            Action::Request(then) => self.changes.push(Change::Request(then)),
        }
    }

    /// The question being asked, if any; an unanswered one stays for the next frame.
    fn modals(&mut self, ctx: &Context) {
        match self.modal.take() {
            Some(Modal::Unsaved(then)) => self.unsaved_modal(ctx, then),
            Some(Modal::PathPrompt { purpose, path }) => self.path_prompt_modal(ctx, purpose, path),
            Some(Modal::ExportScale(scale)) => self.export_modal(ctx, scale),
            Some(Modal::DeletePersona(id)) => self.persona_delete_modal(ctx, id),
            Some(Modal::Palette(palette)) => self.palette_window(ctx, palette),
            None => {}
        }
    }

    fn unsaved_modal(&mut self, ctx: &Context, then: Then) {
        let lang = self.lang;
        let mut answer = None;
        egui::Modal::new(Id::unique("unsaved")).show(ctx, |ui| {
            ui.heading(T::UnsavedTitle.get(lang));
            ui.label(T::UnsavedQuestion.get(lang));
            ui.horizontal(|ui| {
                if ui.button(T::Save.get(lang)).clicked() {
                    answer = Some(0);
                }
                if ui.button(T::Discard.get(lang)).clicked() {
                    answer = Some(1);
                }
                if ui.button(T::Cancel.get(lang)).clicked()
                    || ui.input(|i| i.key_pressed(Key::Escape))
                {
                    answer = Some(2);
                }
            });
        });
        match answer {
            Some(0) => self.changes.push(Change::SaveThen(then)),
            Some(1) => self.changes.push(Change::Proceed(then)),
            Some(_) => {}
            None => self.modal = Some(Modal::Unsaved(then)),
        }
    }

    fn path_prompt_modal(&mut self, ctx: &Context, purpose: Purpose, mut path: String) {
        let lang = self.lang;
        let mut answer = None;
        egui::Modal::new(Id::unique("path-prompt")).show(ctx, |ui| {
            ui.label(T::PathPrompt.get(lang));
            let response = ui.add(egui::TextEdit::singleline(&mut path).desired_width(360.0));
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, T::Path.get(lang))
            });
            ui.horizontal(|ui| {
                let enter = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                if (ui.button(T::Ok.get(lang)).clicked() || enter) && !path.trim().is_empty() {
                    answer = Some(Some(PathBuf::from(path.trim())));
                }
                if ui.button(T::Cancel.get(lang)).clicked() {
                    answer = Some(None);
                }
            });
        });
        match answer {
            Some(answer) => self.changes.push(Change::Answered(purpose, answer)),
            None => self.modal = Some(Modal::PathPrompt { purpose, path }),
        }
    }

    fn export_modal(&mut self, ctx: &Context, mut scale: f32) {
        let lang = self.lang;
        let mut answer = None;
        egui::Modal::new(Id::unique("export")).show(ctx, |ui| {
            ui.heading(Command::ExportPng.label(lang));
            let slider = ui.add(
                egui::Slider::new(&mut scale, 0.5..=4.0)
                    .step_by(0.5)
                    .text(T::Scale.get(lang)),
            );
            slider.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Slider, true, T::Scale.get(lang))
            });
            ui.horizontal(|ui| {
                if ui.button(Command::ExportPng.label(lang)).clicked() {
                    answer = Some(true);
                }
                if ui.button(T::Cancel.get(lang)).clicked() {
                    answer = Some(false);
                }
            });
        });
        match answer {
            Some(true) => {
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "0.5..=4 times ten"
                )]
                let scale_tenths = (scale * 10.0).round().clamp(5.0, 40.0) as u8;
                self.ask(Purpose::ExportPng { scale_tenths });
            }
            Some(false) => {}
            None => self.modal = Some(Modal::ExportScale(scale)),
        }
    }

    fn palette_window(&mut self, ctx: &Context, mut palette: Palette) {
        let lang = self.lang;
        let enabled: Vec<bool> = Command::ALL.iter().map(|c| self.enabled(*c)).collect();
        let mut run = None;
        let mut close = false;
        egui::Modal::new(Id::unique("palette")).show(ctx, |ui| {
            ui.set_width(360.0);
            let response = ui.add(
                egui::TextEdit::singleline(&mut palette.query)
                    .hint_text(T::SearchCommands.get(lang)),
            );
            response.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::SearchInput,
                    true,
                    T::SearchCommands.get(lang),
                )
            });
            if palette.focus {
                response.request_focus();
                palette.focus = false;
            }
            let query = palette.query.to_lowercase();
            let matches: Vec<Command> = Command::ALL
                .into_iter()
                .filter(|c| *c != Command::Palette && c.label(lang).to_lowercase().contains(&query))
                .collect();
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .show(ui, |ui| {
                    for command in &matches {
                        let button = command.button(lang);
                        let on = Command::ALL
                            .iter()
                            .position(|c| c == command)
                            .and_then(|i| enabled.get(i).copied())
                            .unwrap_or(true);
                        if ui.add_enabled(on, button).clicked() {
                            run = Some(*command);
                        }
                    }
                });
            if ui.input(|i| i.key_pressed(Key::Enter)) {
                run = matches.first().copied();
            }
            if ui.input(|i| i.key_pressed(Key::Escape)) {
                close = true;
            }
        });
        if let Some(command) = run {
            self.commands.push(command);
        } else if !close {
            self.modal = Some(Modal::Palette(palette));
        }
    }
}

/// What a panel asks for; the app does it once the panel is drawn.
enum Action {
    /// Show the journey at this index, with a fresh selection and view.
    Show(usize),
    /// Move a journey (its tab) to this index.
    MoveJourney(JourneyId, usize),
    /// Run a command at the end of the frame.
    Command(Command),
    /// Replace the document (asking first about unsaved changes).
    Request(Then),
}

/// The menus: a template or a recent file to open, and every command
/// (`enabled`: one flag per [`Command::ALL`]).
fn menu_bar(ui: &mut Ui, recent: &[PathBuf], enabled: &[bool], lang: Lang) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        for menu in Menu::ALL {
            ui.menu_button(menu.label(lang), |ui| {
                if menu == Menu::File {
                    file_menu_extras(ui, recent, lang, &mut actions);
                }
                for (command, on) in Command::ALL.into_iter().zip(enabled) {
                    if command.menu() != menu {
                        continue;
                    }
                    if ui.add_enabled(*on, command.button(lang)).clicked() {
                        actions.push(Action::Command(command));
                        ui.close();
                    }
                }
            });
        }
    });
    actions
}

/// File's submenus: a new map from a template, a recent file.
fn file_menu_extras(ui: &mut Ui, recent: &[PathBuf], lang: Lang, actions: &mut Vec<Action>) {
    ui.menu_button(T::NewFromTemplate.get(lang), |ui| {
        for template in templates::TEMPLATES {
            if ui
                .button(template.name)
                .on_hover_text(template.description)
                .clicked()
            {
                actions.push(Action::Request(Then::New(template.name)));
                ui.close();
            }
        }
    });
    ui.menu_button(T::OpenRecent.get(lang), |ui| {
        if recent.is_empty() {
            ui.label(T::NoRecentFiles.get(lang));
        }
        for path in recent {
            if ui.button(path.display().to_string()).clicked() {
                actions.push(Action::Request(Then::Open(Some(path.clone()))));
                ui.close();
            }
        }
    });
}

/// True when the map has changes to save, or merge conflicts still to resolve.
fn looks_unsaved(doc: &Document) -> bool {
    doc.is_dirty() || !doc.map().conflicts.is_empty()
}

/// The journeys as tabs: click to open one, drag one sideways to reorder.
fn tabs(ui: &mut Ui, doc: &Document, shown: usize, lang: Lang) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        let mut tabs: Vec<egui::Response> = Vec::new();
        for (index, journey) in doc.map().journeys.iter().enumerate() {
            let name = if journey.name.is_empty() {
                journey.id.to_string()
            } else {
                journey.name.clone()
            };
            let response = ui
                .add(egui::Button::selectable(index == shown, name).sense(Sense::click_and_drag()))
                .on_hover_text(text::cards(lang, journey.cards.len()));
            if response.clicked() && index != shown {
                actions.push(Action::Show(index));
            }
            tabs.push(response);
        }
        actions.extend(tab_drag(ui, doc, &tabs));
        if ui
            .button("+")
            .on_hover_text(Command::AddJourney.label(lang))
            .clicked()
        {
            actions.push(Action::Command(Command::AddJourney));
        }
    });
    actions
}

/// A tab being dragged: an indicator where it would go, the move on release.
fn tab_drag(ui: &Ui, doc: &Document, tabs: &[egui::Response]) -> Vec<Action> {
    let Some((from, response)) = tabs
        .iter()
        .enumerate()
        .find(|(_, r)| r.dragged() || r.drag_stopped())
    else {
        return Vec::new();
    };
    let Some(pointer) = ui.ctx().pointer_interact_pos() else {
        return Vec::new();
    };
    let others: Vec<Rect> = tabs
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != from)
        .map(|(_, tab)| tab.rect)
        .collect();
    let index = others.iter().filter(|r| r.center().x < pointer.x).count();
    let x = others.get(index).map_or_else(
        || tabs.last().map_or(pointer.x, |tab| tab.rect.right()),
        Rect::left,
    );
    ui.painter().vline(
        x - OVERLAY.gap,
        response.rect.y_range(),
        Stroke::new(OVERLAY.stroke, ui.visuals().selection.stroke.color),
    );
    let Some(journey) = doc.map().journeys.get(from) else {
        return Vec::new();
    };
    if !response.drag_stopped() || index == from {
        return Vec::new();
    }
    // The open journey stays open wherever it goes: the view knows it by id.
    vec![Action::MoveJourney(journey.id.clone(), index)]
}

/// The status bar: the file, the journey's cards, the zoom, the last message.
fn status_bar(ui: &mut Ui, doc: &Document, view: &View, status: Option<&Status>, lang: Lang) {
    ui.horizontal(|ui| {
        let marker = if looks_unsaved(doc) { "● " } else { "" };
        ui.label(format!("{marker}{}", doc.name()));
        ui.separator();
        if let Some(journey) = doc.map().journeys.get(view.journey) {
            ui.label(text::cards(lang, journey.cards.len()));
            ui.separator();
        }
        ui.label(format!("{:.0}%", view.canvas.zoom * 100.0));
        if let Some(status) = status {
            ui.separator();
            let color = if status.error {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().text_color()
            };
            ui.colored_label(color, &status.text);
        }
    });
}

/// Set when `--screenshot` could not write its file; the binary exits 2.
pub static SCREENSHOT_FAILED: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// A fresh untitled map from `template` (blank when there is none).
fn untitled_map(template: Option<&templates::Template>) -> JourneyMap {
    template
        .and_then(|t| io::from_str(t.text).ok())
        .unwrap_or_default()
}

impl eframe::App for EditorApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}

/// The language the system asks for: Polish for a `pl` locale, English otherwise.
pub fn system_lang() -> Lang {
    match sys_locale::get_locale() {
        Some(locale) if locale.to_lowercase().starts_with("pl") => Lang::Pl,
        _ => Lang::En,
    }
}

/// Where the editor keeps its files: `JOURNEYMAP_DATA_DIR`, or the OS data folder.
pub fn data_dir() -> Option<PathBuf> {
    std::env::var_os("JOURNEYMAP_DATA_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            directories::ProjectDirs::from("", "", "journeymap").map(|d| d.data_dir().to_path_buf())
        })
}

/// Opens the editor window; returns when it closes.
pub fn run(file: Option<PathBuf>, screenshot: Option<PathBuf>) -> Result<(), eframe::Error> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("journeymap")
        .with_inner_size([1280.0, 800.0])
        .with_drag_and_drop(true);
    if screenshot.is_some() {
        viewport = viewport.with_inner_size([1280.0, 800.0]);
    }
    let options = eframe::NativeOptions {
        viewport,
        persistence_path: data_dir().map(|d| d.join("app.ron")),
        ..eframe::NativeOptions::default()
    };
    let start = Start {
        file,
        screenshot,
        prefs: Prefs::default(),
        system_lang: system_lang(),
        data_dir: data_dir(),
        clock: None,
    };
    eframe::run_native(
        "journeymap",
        options,
        Box::new(move |cc| Ok(Box::new(EditorApp::from_creation_context(cc, start)))),
    )
}
