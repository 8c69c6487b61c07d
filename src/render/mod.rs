//! A CPU rasterizer for egui's tessellated output, and PNG encoding.
//!
//! It needs no display and no GPU: [`render_ui`] runs egui offscreen,
//! tessellates, and [`Rasterizer::paint`] draws the meshes as egui's glow
//! backend would (premultiplied sRGB-space colours, `egui_glow`'s blend
//! function, textures from the textures delta). [`encode_png`] writes the
//! picture with png's fast (fdeflate) compression.

mod encode;
pub mod export;
mod raster;
mod texture;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use eframe::egui::{
    self, ClippedPrimitive, Color32, Context, Pos2, RawInput, Rect, TextureId, TexturesDelta,
    ViewportId, ViewportInfo,
};

pub use self::encode::encode_png;
pub use self::export::{ExportOptions, Exporter, Picture};
use self::texture::Texture;

/// CPU rasterizer for egui's tessellated output.
///
/// It keeps the textures egui sends in its textures deltas (the font atlas
/// and user images), by [`TextureId`], like a GPU backend keeps its
/// textures between frames.
#[derive(Clone, Debug, Default)]
pub struct Rasterizer {
    textures: HashMap<TextureId, Texture>,
}

impl Rasterizer {
    /// A rasterizer without textures.
    pub fn new() -> Self {
        Self::default()
    }

    /// Apply the `set` part of a textures delta (whole and partial updates; font atlas and user images).
    ///
    /// A partial update of a texture we do not have is ignored, as is an
    /// image whose pixel count does not match its size.
    pub fn set_textures(&mut self, delta: &TexturesDelta) {
        #[expect(
            clippy::iter_over_hash_type,
            reason = "updates of different textures are independent"
        )]
        for (id, image_deltas) in &delta.set {
            for image_delta in image_deltas {
                match image_delta.pos {
                    None => {
                        if let Some(texture) = Texture::from_delta(image_delta) {
                            self.textures.insert(*id, texture);
                        } else {
                            self.textures.remove(id);
                        }
                    }
                    Some(pos) => {
                        if let Some(texture) = self.textures.get_mut(id) {
                            texture.update(pos, image_delta);
                        }
                    }
                }
            }
        }
    }

    /// Apply the `free` part of a textures delta.
    ///
    /// Neither this nor [`Self::set_textures`] empties the delta: call
    /// `delta.clear()` once both are applied (egui asserts in debug builds
    /// that a delta is not dropped unapplied).
    pub fn free_textures(&mut self, delta: &TexturesDelta) {
        for id in &delta.free {
            self.textures.remove(id);
        }
    }

    /// Whether the rasterizer holds a texture for `id`.
    pub fn has_texture(&self, id: TextureId) -> bool {
        self.textures.contains_key(&id)
    }

    /// Rasterize primitives onto a `size_px` image cleared to `clear`.
    ///
    /// Clip rects and vertex positions are in points; they are multiplied by
    /// `pixels_per_point`. Meshes whose texture is unknown and paint
    /// callbacks are skipped. The result has straight (not premultiplied)
    /// alpha, as PNG wants; where the picture is opaque the two are the same.
    pub fn paint(
        &self,
        primitives: &[ClippedPrimitive],
        size_px: [u32; 2],
        pixels_per_point: f32,
        clear: Color32,
    ) -> image::RgbaImage {
        let [w, h] = size_px;
        let mut bytes = raster::rasterize(
            &self.textures,
            primitives,
            [w as usize, h as usize],
            pixels_per_point,
            clear,
        );
        // egui's alpha blend keeps an opaque pixel opaque, so on an opaque
        // background there is nothing to unmultiply.
        if clear.a() != 255 {
            unmultiply(&mut bytes);
        }
        image::RgbaImage::from_raw(w, h, bytes).unwrap_or_else(|| image::RgbaImage::new(w, h))
    }
}

/// Turn premultiplied RGBA8 into straight alpha, in place.
fn unmultiply(bytes: &mut [u8]) {
    for px in bytes.chunks_exact_mut(4) {
        let a = px[3];
        if a == 0 {
            px.copy_from_slice(&[0; 4]);
        } else if a != 255 {
            let a = u32::from(a);
            for c in &mut px[..3] {
                *c = ((u32::from(*c) * 255 + a / 2) / a).min(255) as u8;
            }
        }
    }
}

/// The rasterizer that belongs to one egui [`Context`]: it keeps that
/// context's textures between calls of [`render_ui`], because egui sends
/// each texture (the font atlas too) only once.
#[derive(Clone, Default)]
struct SharedRasterizer(Arc<Mutex<Rasterizer>>);

/// Run `draw` in the offscreen egui Context `ctx` on a screen of `size_points` at `pixels_per_point`,
/// tessellate and rasterize.
///
/// Runs two passes (so anything that needs a sizing pass settles) and
/// applies the textures deltas of both passes in order; returns the second
/// pass's picture. The image is `(size_points * pixels_per_point).round()`
/// pixels. Text is laid out and its glyphs rasterized at `pixels_per_point`
/// (crisp at 2x, not scaled up). The context keeps the textures for the
/// next call, so use one context per picture size or style as you like.
pub fn render_ui(
    ctx: &Context,
    size_points: egui::Vec2,
    pixels_per_point: f32,
    clear: Color32,
    mut draw: impl FnMut(&mut egui::Ui),
) -> image::RgbaImage {
    let shared = ctx.data_mut(|data| {
        data.get_temp_mut_or_default::<SharedRasterizer>(egui::Id::unique(
            "journeymap::render::Rasterizer",
        ))
        .clone()
    });
    let mut rasterizer = shared.0.lock().unwrap_or_else(PoisonError::into_inner);

    // egui's pixels_per_point is zoom_factor * native_pixels_per_point.
    let zoom = ctx.zoom_factor();
    let native = pixels_per_point / if zoom > 0.0 { zoom } else { 1.0 };
    let input = || {
        let mut input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, size_points)),
            max_texture_side: Some(16_384),
            ..RawInput::default()
        };
        input.viewports.insert(
            ViewportId::ROOT,
            ViewportInfo {
                native_pixels_per_point: Some(native),
                ..ViewportInfo::default()
            },
        );
        input
    };

    let mut first = ctx.run_ui(input(), &mut draw);
    rasterizer.set_textures(&first.textures_delta);
    rasterizer.free_textures(&first.textures_delta);
    first.textures_delta.clear();

    let mut second = ctx.run_ui(input(), &mut draw);
    rasterizer.set_textures(&second.textures_delta);
    let ppp = second.pixels_per_point;
    let primitives = ctx.tessellate(std::mem::take(&mut second.shapes), ppp);
    let size_px = size_points * pixels_per_point;
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "rounded; a negative or NaN size saturates to an empty image"
    )]
    let size_px = [size_px.x.round() as u32, size_px.y.round() as u32];
    let image = rasterizer.paint(&primitives, size_px, ppp, clear);
    rasterizer.free_textures(&second.textures_delta);
    second.textures_delta.clear();
    image
}
