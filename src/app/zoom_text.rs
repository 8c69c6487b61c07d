//! Crisp text at every zoom.
//!
//! egui lays text out at the window's pixels-per-point only, so text laid out
//! at 100% and scaled would be soft at any other zoom. The canvas keeps its
//! own fonts instead. The journey is laid out once per revision, at the
//! reference scale (1 pixel per point), which fixes its geometry and its
//! line breaks. Each text is then set again, only when it comes into view,
//! at `pixels_per_point x step`, where `step` is the zoom rounded to a power
//! of 2^(1/4) (so the texts of a few steps stay cached while zooming). The
//! font atlas is uploaded as a texture of its own, and the texts are drawn
//! as meshes on it.

use std::sync::Arc;

use eframe::egui::{
    Color32, Context, Mesh, Pos2, Shape, TextureId, TextureOptions, epaint,
    epaint::text::{Fonts, LayoutJob, ViewportKey},
    epaint::{ColorImage, ImageData, Vertex},
    vec2,
};

use crate::layout::{JourneyLayout, LayoutOptions, layout_journey, reference_rows_job};
use crate::model::JourneyMap;
use crate::theme::{self, ThemeKind};

/// How many layouts (of different revisions or journeys) stay cached.
const CACHED: usize = 4;

/// The scale the journey is laid out at; its texts are set again for the zoom.
const LAYOUT_PPP: f32 = 1.0;

type Key = (u64, usize, LayoutKey);

#[derive(Clone, Copy, PartialEq, Eq)]
struct LayoutKey(u32, crate::i18n::Lang);

/// The canvas' own fonts, their atlas texture, and the layouts laid out with them.
#[derive(Default)]
pub struct ZoomText {
    fonts: Option<Fonts>,
    theme: Option<ThemeKind>,
    texture: Option<TextureId>,
    atlas_size: [usize; 2],
    /// Bumped whenever the atlas is cleared: meshes made before point into nothing.
    generation: u64,
    layouts: Vec<(Key, Arc<JourneyLayout>)>,
    /// The context our texture lives in, to free it when the canvas goes (another map opens).
    ctx: Option<Context>,
}

impl Drop for ZoomText {
    fn drop(&mut self) {
        if let (Some(ctx), Some(id)) = (&self.ctx, self.texture) {
            ctx.tex_manager().write().free(id);
        }
    }
}

/// The zoom at which text is set for `zoom`: the nearest power of 2^(1/4).
pub fn text_step(zoom: f32) -> f32 {
    let quarter_octaves = (zoom.max(0.01).log2() * 4.0).round();
    2f32.powf(quarter_octaves / 4.0)
}

impl ZoomText {
    /// Starts a frame: a nearly full atlas is cleared here (and
    /// [`Self::generation`] moves on), a changed theme resets the fonts.
    pub fn begin_frame(&mut self, ctx: &Context, theme_kind: ThemeKind) {
        let text_options = theme::text_options(theme_kind);
        let fonts = self
            .fonts
            .get_or_insert_with(|| Fonts::new(text_options, theme::font_definitions()));
        // A pass of the fonts drops galleys the last pass did not use, so it
        // only begins when the atlas must be cleared (nearly full, or a new
        // theme) and before each layout: galleys of unchanged texts then stay
        // cached from one layout to the next.
        if self.theme != Some(theme_kind) || fonts.font_atlas_fill_ratio() > 0.8 {
            fonts.begin_pass(text_options, ViewportKey::default());
            self.generation += 1;
            self.theme = Some(theme_kind);
        }
        if self.texture.is_none() {
            self.ctx = Some(ctx.clone());
            self.texture = Some(ctx.tex_manager().write().alloc(
                "journeymap-canvas-text".to_owned(),
                ImageData::Color(Arc::new(ColorImage::filled([1, 1], Color32::TRANSPARENT))),
                TextureOptions::LINEAR,
            ));
        }
    }

    /// Changes whenever meshes made earlier by [`Self::text_mesh`] are no longer valid.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The layout of `journey` at `revision` (geometry and line breaks; its
    /// galleys are at the reference scale).
    pub fn layout(
        &mut self,
        revision: u64,
        map: &JourneyMap,
        journey: usize,
        options: LayoutOptions,
    ) -> Arc<JourneyLayout> {
        let key = (
            revision,
            journey,
            LayoutKey(options.min_width.to_bits(), options.lang),
        );
        if let Some((_, layout)) = self.layouts.iter().find(|(k, _)| *k == key) {
            return Arc::clone(layout);
        }
        let text_options = theme::text_options(self.theme.unwrap_or(ThemeKind::Light));
        let fonts = self
            .fonts
            .get_or_insert_with(|| Fonts::new(text_options, theme::font_definitions()));
        let fill = fonts.font_atlas_fill_ratio();
        fonts.begin_pass(text_options, ViewportKey::default());
        if fonts.font_atlas_fill_ratio() < fill {
            self.generation += 1;
        }
        let layout = Arc::new(layout_journey(
            map,
            journey,
            &options,
            LAYOUT_PPP,
            &mut fonts.with_pixels_per_point(LAYOUT_PPP),
        ));
        self.layouts.insert(0, (key, Arc::clone(&layout)));
        self.layouts.truncate(CACHED);
        layout
    }

    /// `text` (a text of a layout) set at `pixels_per_point`, as a mesh on our
    /// atlas in the layout's coordinates; its anchor snaps to those pixels so
    /// glyphs stay sharp. Call [`Self::upload`] before the frame ends.
    pub fn text_mesh(&mut self, text: &epaint::TextShape, pixels_per_point: f32) -> Shape {
        let (Some(fonts), Some(texture)) = (&mut self.fonts, self.texture) else {
            return Shape::Noop;
        };
        let job: LayoutJob = reference_rows_job(&text.galley);
        let galley = fonts.layout_uncached(pixels_per_point, Arc::new(job));
        let size = fonts.font_image_size();
        if size != self.atlas_size {
            // The atlas grew: texture coordinates made before are wrong now.
            self.atlas_size = size;
            self.generation += 1;
        }
        #[expect(clippy::cast_precision_loss, reason = "atlas sides are far below 2^24")]
        let normalize = vec2(1.0 / size[0].max(1) as f32, 1.0 / size[1].max(1) as f32);
        let snap = |p: Pos2| {
            Pos2::new(
                (p.x * pixels_per_point).round() / pixels_per_point,
                (p.y * pixels_per_point).round() / pixels_per_point,
            )
        };
        let anchor = snap(text.pos);
        let mut mesh = Mesh::with_texture(texture);
        for row in &galley.rows {
            let row_pos = anchor + row.pos.to_vec2();
            let Ok(base) = u32::try_from(mesh.vertices.len()) else {
                break;
            };
            mesh.indices
                .extend(row.visuals.mesh.indices.iter().map(|i| i + base));
            mesh.vertices
                .extend(row.visuals.mesh.vertices.iter().map(|v| Vertex {
                    pos: row_pos + v.pos.to_vec2(),
                    uv: (v.uv.to_vec2() * normalize).to_pos2(),
                    color: if v.color == Color32::PLACEHOLDER {
                        text.fallback_color
                    } else {
                        v.color
                    },
                }));
        }
        Shape::mesh(mesh)
    }

    /// Hands what the atlas gained to egui as our texture.
    pub fn upload(&mut self, ctx: &Context) {
        let (Some(fonts), Some(id)) = (&mut self.fonts, self.texture) else {
            return;
        };
        if let Some(delta) = fonts.font_image_delta() {
            ctx.tex_manager().write().set(id, delta);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_steps_are_quarter_octaves() {
        assert!((text_step(1.0) - 1.0).abs() < 1e-6);
        assert!((text_step(1.03) - 1.0).abs() < 1e-6);
        assert!((text_step(2.0) - 2.0).abs() < 1e-5);
        assert!((text_step(0.6) - 2f32.powf(-0.75)).abs() < 1e-5);
        assert!((text_step(1.15) - 2f32.powf(0.25)).abs() < 1e-5);
    }
}
