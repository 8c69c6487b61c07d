//! File dialogs behind a small trait: native ones through rfd's async API
//! (on a thread, so the window keeps drawing), scripted ones for tests.
//! Where no dialog backend exists the editor asks for a path itself.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

use crate::model::PersonaId;

/// What a file is asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// A map to open.
    Open,
    /// Where to save the map.
    SaveAs,
    /// Where to export a PNG, at this scale (in tenths, 5..=40).
    ExportPng {
        /// Pixels per point times ten.
        scale_tenths: u8,
    },
    /// A photo for a persona.
    Photo(PersonaId),
}

impl Purpose {
    /// True when the dialog asks for a file to write.
    pub fn saves(&self) -> bool {
        matches!(self, Purpose::SaveAs | Purpose::ExportPng { .. })
    }
}

/// Asks the user for files; answers arrive later through [`Dialogs::poll`].
pub trait Dialogs {
    /// False when no dialog can be shown here; the editor then asks itself.
    fn available(&self) -> bool;
    /// Starts asking. `suggested` is the file name (or path) to offer.
    fn ask(&mut self, purpose: Purpose, suggested: Option<PathBuf>, ctx: &eframe::egui::Context);
    /// An answer, if one has arrived: the purpose, and the path (`None`: cancelled).
    fn poll(&mut self) -> Option<(Purpose, Option<PathBuf>)>;
}

type Answer = (Purpose, Option<PathBuf>);

/// Native dialogs through rfd (the desktop portal, or zenity).
pub struct NativeDialogs {
    sender: Sender<Answer>,
    receiver: Receiver<Answer>,
    available: bool,
}

impl Default for NativeDialogs {
    fn default() -> Self {
        let (sender, receiver) = channel();
        NativeDialogs {
            sender,
            receiver,
            available: backend_exists(),
        }
    }
}

/// rfd on Linux talks to the desktop portal over D-Bus and falls back to
/// zenity; with neither, every dialog silently answers "cancelled".
fn backend_exists() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let on_path = |name: &str| {
        std::env::var_os("PATH")
            .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(name).is_file()))
    };
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() || on_path("zenity")
}

impl Dialogs for NativeDialogs {
    fn available(&self) -> bool {
        self.available
    }

    fn ask(&mut self, purpose: Purpose, suggested: Option<PathBuf>, ctx: &eframe::egui::Context) {
        let sender = self.sender.clone();
        let ctx = ctx.clone();
        let mut dialog = rfd::AsyncFileDialog::new();
        dialog = match &purpose {
            Purpose::Open | Purpose::SaveAs => dialog.add_filter("Journey map", &["ron"]),
            Purpose::ExportPng { .. } => dialog.add_filter("PNG", &["png"]),
            Purpose::Photo(_) => dialog.add_filter("Image", &["png", "jpg", "jpeg"]),
        };
        if let Some(suggested) = &suggested {
            if let Some(dir) = suggested.parent().filter(|d| !d.as_os_str().is_empty()) {
                dialog = dialog.set_directory(dir);
            }
            if let Some(name) = suggested.file_name() {
                dialog = dialog.set_file_name(name.to_string_lossy());
            }
        }
        let saves = purpose.saves();
        std::thread::spawn(move || {
            let picked = pollster::block_on(async move {
                if saves {
                    dialog.save_file().await
                } else {
                    dialog.pick_file().await
                }
            });
            let _ = sender.send((purpose, picked.map(|f| f.path().to_path_buf())));
            ctx.request_repaint();
        });
    }

    fn poll(&mut self) -> Option<(Purpose, Option<PathBuf>)> {
        self.receiver.try_recv().ok()
    }
}

/// Dialogs answered by a script: each question takes the next answer.
/// Tests keep a clone to add answers and to see what was asked.
#[derive(Clone, Default)]
pub struct ScriptedDialogs {
    inner: Arc<Mutex<Script>>,
}

#[derive(Default)]
struct Script {
    answers: VecDeque<Option<PathBuf>>,
    asked: Vec<Purpose>,
    pending: VecDeque<Purpose>,
    unavailable: bool,
}

impl ScriptedDialogs {
    /// Queues the answer to the next question (`None`: the user cancels).
    pub fn answer(&self, path: Option<PathBuf>) {
        if let Ok(mut script) = self.inner.lock() {
            script.answers.push_back(path);
        }
    }

    /// What was asked so far.
    pub fn asked(&self) -> Vec<Purpose> {
        self.inner
            .lock()
            .map(|s| s.asked.clone())
            .unwrap_or_default()
    }

    /// Pretends no dialog backend exists.
    pub fn make_unavailable(&self) {
        if let Ok(mut script) = self.inner.lock() {
            script.unavailable = true;
        }
    }
}

impl Dialogs for ScriptedDialogs {
    fn available(&self) -> bool {
        self.inner.lock().is_ok_and(|s| !s.unavailable)
    }

    fn ask(&mut self, purpose: Purpose, _suggested: Option<PathBuf>, _ctx: &eframe::egui::Context) {
        if let Ok(mut script) = self.inner.lock() {
            script.asked.push(purpose.clone());
            script.pending.push_back(purpose);
        }
    }

    fn poll(&mut self) -> Option<(Purpose, Option<PathBuf>)> {
        let mut script = self.inner.lock().ok()?;
        let purpose = script.pending.pop_front()?;
        let answer = script.answers.pop_front().flatten();
        Some((purpose, answer))
    }
}
