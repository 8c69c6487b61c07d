//! Basic scenes drawn both by egui's glow backend (`examples/glow_reference.rs`,
//! which made the PNGs next to this file) and by our CPU rasterizer
//! (`tests/render.rs`, which compares the two).
//!
//! Every colour is given explicitly, so the pictures do not depend on the
//! theme egui picks.

use eframe::egui::{
    self, Align2, Color32, ColorImage, CornerRadius, FontId, Pos2, Rect, Stroke, StrokeKind,
    TextureHandle, TextureOptions, pos2, vec2,
};

/// One scene: what to draw, on how big a screen, at which scale.
pub struct Scene {
    /// File name of the reference, without `.png`.
    pub name: &'static str,
    /// Screen size in points.
    pub size: egui::Vec2,
    /// Pixels per point.
    pub pixels_per_point: f32,
    /// Background (the clear colour).
    pub clear: Color32,
    /// Draws the scene into the root `Ui`.
    pub draw: fn(&mut egui::Ui),
}

impl Scene {
    /// Size of the picture in pixels.
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "small positive sizes"
    )]
    pub fn size_px(&self) -> [u32; 2] {
        let s = self.size * self.pixels_per_point;
        [s.x.round() as u32, s.y.round() as u32]
    }
}

const SIZE: egui::Vec2 = egui::Vec2::new(160.0, 100.0);
const PAPER: Color32 = Color32::from_rgb(250, 248, 240);
const NIGHT: Color32 = Color32::from_rgb(24, 28, 40);

/// All scenes, in the order the example draws them.
pub const SCENES: &[Scene] = &[
    Scene {
        name: "filled_rect",
        size: SIZE,
        pixels_per_point: 1.0,
        clear: PAPER,
        draw: filled_rect,
    },
    Scene {
        name: "stroked_rect",
        size: SIZE,
        pixels_per_point: 1.0,
        clear: PAPER,
        draw: stroked_rect,
    },
    Scene {
        name: "rounded_rect",
        size: SIZE,
        pixels_per_point: 1.0,
        clear: NIGHT,
        draw: rounded_rect,
    },
    Scene {
        name: "circle",
        size: SIZE,
        pixels_per_point: 1.0,
        clear: PAPER,
        draw: circle,
    },
    Scene {
        name: "overlap",
        size: SIZE,
        pixels_per_point: 1.0,
        clear: Color32::WHITE,
        draw: overlap,
    },
    Scene {
        name: "text",
        size: vec2(320.0, 80.0),
        pixels_per_point: 1.0,
        clear: PAPER,
        draw: text,
    },
    Scene {
        name: "text_2x",
        size: vec2(320.0, 80.0),
        pixels_per_point: 2.0,
        clear: NIGHT,
        draw: text_on_night,
    },
    Scene {
        name: "image",
        size: SIZE,
        pixels_per_point: 1.0,
        clear: PAPER,
        draw: image,
    },
];

fn filled_rect(ui: &mut egui::Ui) {
    let p = ui.painter();
    p.rect_filled(
        Rect::from_min_max(pos2(10.0, 10.0), pos2(70.0, 50.0)),
        0.0,
        Color32::from_rgb(40, 90, 200),
    );
    // Not on the pixel grid: egui snaps some edges, the rest are feathered.
    p.rect_filled(
        Rect::from_min_max(pos2(80.3, 20.6), pos2(150.7, 80.2)),
        0.0,
        Color32::from_rgb(240, 140, 30),
    );
    p.rect_filled(
        Rect::from_min_max(pos2(20.0, 60.0), pos2(60.0, 90.0)),
        0.0,
        Color32::from_rgb(20, 160, 80),
    );
}

fn stroked_rect(ui: &mut egui::Ui) {
    let p = ui.painter();
    let ink = Color32::from_rgb(30, 30, 30);
    p.rect_stroke(
        Rect::from_min_max(pos2(10.0, 10.0), pos2(70.0, 50.0)),
        0.0,
        Stroke::new(1.0, ink),
        StrokeKind::Inside,
    );
    p.rect_stroke(
        Rect::from_min_max(pos2(90.0, 15.0), pos2(145.0, 45.0)),
        0.0,
        Stroke::new(3.0, Color32::from_rgb(200, 40, 60)),
        StrokeKind::Outside,
    );
    p.rect_stroke(
        Rect::from_min_max(pos2(15.5, 62.5), pos2(70.5, 88.5)),
        0.0,
        Stroke::new(2.0, Color32::from_rgb(40, 90, 200)),
        StrokeKind::Middle,
    );
    p.line_segment([pos2(90.0, 60.0), pos2(150.0, 92.0)], Stroke::new(1.5, ink));
}

fn rounded_rect(ui: &mut egui::Ui) {
    let p = ui.painter();
    let card = Rect::from_min_max(pos2(12.0, 12.0), pos2(90.0, 88.0));
    p.rect_filled(
        card,
        CornerRadius::same(12),
        Color32::from_rgb(236, 236, 245),
    );
    p.rect_stroke(
        Rect::from_min_max(pos2(100.0, 20.0), pos2(150.0, 80.0)),
        CornerRadius::same(8),
        Stroke::new(2.0, Color32::from_rgb(120, 200, 255)),
        StrokeKind::Inside,
    );
}

fn circle(ui: &mut egui::Ui) {
    let p = ui.painter();
    p.circle_filled(pos2(50.0, 50.0), 30.0, Color32::from_rgb(200, 60, 120));
    p.circle_stroke(
        pos2(120.0, 50.0),
        25.0,
        Stroke::new(4.0, Color32::from_rgb(30, 120, 90)),
    );
    p.circle_filled(pos2(120.0, 50.0), 3.3, Color32::BLACK);
}

fn overlap(ui: &mut egui::Ui) {
    let p = ui.painter();
    p.rect_filled(
        Rect::from_min_max(pos2(10.0, 10.0), pos2(100.0, 70.0)),
        0.0,
        Color32::from_rgba_unmultiplied(255, 0, 0, 128),
    );
    p.rect_filled(
        Rect::from_min_max(pos2(60.0, 30.0), pos2(150.0, 90.0)),
        0.0,
        Color32::from_rgba_unmultiplied(0, 0, 255, 128),
    );
    p.rect_filled(
        Rect::from_min_max(pos2(40.0, 50.0), pos2(120.0, 95.0)),
        CornerRadius::same(10),
        Color32::from_rgba_unmultiplied(20, 200, 60, 60),
    );
}

fn text(ui: &mut egui::Ui) {
    lines(
        ui,
        Color32::from_rgb(20, 20, 30),
        Color32::from_rgb(160, 30, 60),
    );
}

fn text_on_night(ui: &mut egui::Ui) {
    lines(
        ui,
        Color32::from_rgb(235, 235, 240),
        Color32::from_rgb(255, 200, 90),
    );
}

fn lines(ui: &egui::Ui, ink: Color32, accent: Color32) {
    let p = ui.painter();
    p.text(
        pos2(8.0, 6.0),
        Align2::LEFT_TOP,
        "Zażółć gęślą jaźń ĄĆĘŁŃÓŚŹŻ",
        FontId::proportional(16.0),
        ink,
    );
    p.text(
        pos2(8.0, 32.0),
        Align2::LEFT_TOP,
        "The quick brown fox jumps over",
        FontId::proportional(13.0),
        accent,
    );
    p.text(
        pos2(8.0, 54.0),
        Align2::LEFT_TOP,
        "fn main() { 42 }",
        FontId::monospace(12.0),
        ink,
    );
}

fn image(ui: &mut egui::Ui) {
    let linear = texture(ui, "checker-linear", TextureOptions::LINEAR);
    let nearest = texture(ui, "checker-nearest", TextureOptions::NEAREST);
    let p = ui.painter();
    let uv = Rect::from_min_max(Pos2::ZERO, pos2(1.0, 1.0));
    p.image(
        linear.id(),
        Rect::from_min_size(pos2(10.0, 10.0), vec2(64.0, 64.0)),
        uv,
        Color32::WHITE,
    );
    p.image(
        nearest.id(),
        Rect::from_min_size(pos2(86.0, 10.0), vec2(64.0, 64.0)),
        uv,
        Color32::WHITE,
    );
    // Tinted and shrunk.
    p.image(
        linear.id(),
        Rect::from_min_size(pos2(10.0, 80.0), vec2(40.0, 16.0)),
        uv,
        Color32::from_rgb(255, 200, 120),
    );
}

/// The scene's texture, loaded once per context and kept in its memory.
fn texture(ui: &egui::Ui, name: &str, options: TextureOptions) -> TextureHandle {
    let id = egui::Id::unique(("scene-texture", name));
    if let Some(handle) = ui.ctx().data(|d| d.get_temp::<TextureHandle>(id)) {
        return handle;
    }
    let handle = ui.ctx().load_texture(name, checker(), options);
    ui.ctx().data_mut(|d| d.insert_temp(id, handle.clone()));
    handle
}

/// A 16x16 checker with a colour gradient and alpha falling off to the right.
fn checker() -> ColorImage {
    let pixels = (0..16u8)
        .flat_map(|y| {
            (0..16u8).map(move |x| {
                let on = (x / 4 + y / 4) % 2 == 0;
                let alpha = 255 - x * 12;
                if on {
                    Color32::from_rgba_unmultiplied(x * 16, 80, 255 - y * 16, alpha)
                } else {
                    Color32::from_rgba_unmultiplied(250, 250, y * 16, alpha)
                }
            })
        })
        .collect();
    ColorImage::new([16, 16], pixels)
}
