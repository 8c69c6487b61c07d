//! Makes the reference pictures in `tests/reference/` with egui's own glow
//! backend, so tests/render.rs can check our CPU rasterizer against output
//! it did not make.
//!
//! How the committed references were made (once, by hand; CI only compiles
//! this example):
//!
//! ```sh
//! apt-get install -y xvfb libgl1-mesa-dri libegl1 libgl1 libxkbcommon-x11-0 \
//!     libxcursor1 libxrandr2 libxi6 mesa-utils
//! xvfb-run -a -s "-screen 0 1280x1024x24" env LIBGL_ALWAYS_SOFTWARE=1 \
//!     cargo run --example glow_reference
//! ```
//!
//! They were made on Debian 12 with Mesa 22.3.6, llvmpipe (LLVM 15.0.6, 256
//! bits), OpenGL 4.5 core profile (from `glxinfo -B` under the same Xvfb).
//!
//! Each scene runs in its own process (winit allows one event loop per
//! process): the window's inner size is the scene's size in pixels, native
//! pixels per point is 1 under Xvfb, and the zoom factor is set to the
//! scene's pixels per point. Dithering is off (it is an optional step of
//! `egui_glow`'s shader that adds noise; our rasterizer does not dither). After
//! a few frames the example takes egui's viewport screenshot
//! (`ViewportCommand::Screenshot`), checks its size, and saves it as
//! `tests/reference/NAME.png`.
//!
//! `cargo run --example glow_reference -- NAME` makes one scene.

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::sync::Arc;
use std::sync::mpsc;

use eframe::egui::{self, ColorImage};

#[path = "../tests/reference/scenes.rs"]
mod scenes;

use scenes::{SCENES, Scene};

/// Frames drawn before the screenshot, so the window has its size and egui has settled.
const WARM_UP_FRAMES: u32 = 5;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => all_scenes(),
        [name] => {
            if let Some(scene) = SCENES.iter().find(|s| s.name == name) {
                one_scene(scene)
            } else {
                eprintln!("no scene called {name}");
                ExitCode::from(2)
            }
        }
        _ => {
            eprintln!("usage: glow_reference [SCENE]");
            ExitCode::from(2)
        }
    }
}

fn all_scenes() -> ExitCode {
    let Ok(me) = std::env::current_exe() else {
        eprintln!("cannot find this program's own path");
        return ExitCode::FAILURE;
    };
    let mut ok = true;
    for scene in SCENES {
        match Command::new(&me).arg(scene.name).status() {
            Ok(status) if status.success() => {}
            Ok(status) => {
                eprintln!("{}: failed ({status})", scene.name);
                ok = false;
            }
            Err(e) => {
                eprintln!("{}: cannot start: {e}", scene.name);
                ok = false;
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn reference_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference")
        .join(format!("{name}.png"))
}

fn one_scene(scene: &'static Scene) -> ExitCode {
    let [w, h] = scene.size_px();
    #[expect(clippy::cast_precision_loss, reason = "small sizes")]
    let inner = egui::vec2(w as f32, h as f32);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size(inner)
            .with_resizable(false)
            .with_decorations(false),
        dithering: false,
        persist_window: false,
        ..eframe::NativeOptions::default()
    };
    let (sender, receiver) = mpsc::channel();
    let result = eframe::run_native(
        "glow_reference",
        options,
        Box::new(move |cc| {
            cc.egui_ctx.set_zoom_factor(scene.pixels_per_point);
            Ok(Box::new(Reference {
                scene,
                frame: 0,
                sender,
                receiver: None,
                done: false,
            }))
        }),
    );
    if let Err(e) = result {
        eprintln!("{}: eframe failed: {e}", scene.name);
        return ExitCode::FAILURE;
    }
    match receiver.recv() {
        Ok(Ok(path)) => {
            println!("{}: wrote {}", scene.name, path.display());
            ExitCode::SUCCESS
        }
        Ok(Err(e)) => {
            eprintln!("{}: {e}", scene.name);
            ExitCode::FAILURE
        }
        Err(_) => {
            eprintln!("{}: the window closed before the screenshot", scene.name);
            ExitCode::FAILURE
        }
    }
}

struct Reference {
    scene: &'static Scene,
    frame: u32,
    /// Reports the saved file (or the error) to `one_scene`.
    sender: mpsc::Sender<Result<PathBuf, String>>,
    /// The screenshot, once requested.
    receiver: Option<mpsc::Receiver<Arc<ColorImage>>>,
    done: bool,
}

impl eframe::App for Reference {
    fn clear_color(&self, _visuals: &egui::Visuals) -> [f32; 4] {
        self.scene.clear.to_normalized_gamma_f32()
    }

    fn persist_egui_memory(&self) -> bool {
        false
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        (self.scene.draw)(ui);
        self.frame += 1;
        let ctx = ui.ctx().clone();
        ctx.request_repaint();
        if self.done {
            return;
        }
        if self.frame == WARM_UP_FRAMES {
            let (tx, rx) = mpsc::channel();
            ctx.request_screenshot(move |image| {
                let _ = tx.send(image);
            });
            self.receiver = Some(rx);
        }
        let Some(image) = self.receiver.as_ref().and_then(|rx| rx.try_recv().ok()) else {
            return;
        };
        let result = save(self.scene, &image, ctx.pixels_per_point());
        self.done = true;
        let _ = self.sender.send(result);
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }
}

/// Check the screenshot's size, crop any extra framebuffer, and save it.
fn save(scene: &Scene, image: &ColorImage, pixels_per_point: f32) -> Result<PathBuf, String> {
    if (pixels_per_point - scene.pixels_per_point).abs() > 1e-6 {
        return Err(format!(
            "egui ran at {pixels_per_point} pixels per point, the scene wants {}",
            scene.pixels_per_point
        ));
    }
    let [w, h] = scene.size_px();
    let [iw, ih] = image.size;
    if iw < w as usize || ih < h as usize {
        return Err(format!(
            "the screenshot is {iw}x{ih}, smaller than the scene's {w}x{h}"
        ));
    }
    let mut out = image::RgbaImage::new(w, h);
    for (x, y, px) in out.enumerate_pixels_mut() {
        let c = image.pixels[y as usize * iw + x as usize];
        *px = image::Rgba(c.to_array());
    }
    let path = reference_path(scene.name);
    out.save(&path)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    if (iw, ih) != (w as usize, h as usize) {
        eprintln!(
            "{}: cropped the {iw}x{ih} screenshot to {w}x{h}",
            scene.name
        );
    }
    Ok(path)
}
