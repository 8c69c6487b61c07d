//! Crisp text at every zoom.
//!
//! egui lays text out at the window's pixels-per-point only, so text laid out
//! at 100% and scaled would be soft at any other zoom. The canvas keeps its
//! own fonts instead: it lays the journey out at `pixels_per_point x step`,
//! where `step` is the zoom rounded to a power of 2^(1/4) (so the layouts of
//! a few steps stay cached while zooming), uploads that font atlas as a
//! texture of its own, and draws the painter's texts as meshes on it. The
//! geometry is the same at every pixels-per-point (lines are broken at one
//! reference scale), so hit tests do not care which step drew it.

use std::sync::Arc;

use eframe::egui::{
    Color32, Context, Mesh, Pos2, Shape, TextureId, TextureOptions, epaint,
    epaint::text::{Fonts, ViewportKey},
    epaint::{ColorImage, ImageData, Vertex},
    vec2,
};

use crate::layout::{JourneyLayout, LayoutOptions, layout_journey};
use crate::model::JourneyMap;
use crate::theme::{self, ThemeKind};

/// How many layouts (of different steps or revisions) stay cached.
const CACHED: usize = 4;

type Key = (u64, usize, u32, u32, LayoutKey);

#[derive(Clone, Copy, PartialEq, Eq)]
struct LayoutKey(u32, crate::i18n::Lang);

/// The canvas' own fonts, their atlas texture, and the layouts laid out with them.
#[derive(Default)]
pub struct ZoomText {
    fonts: Option<Fonts>,
    theme: Option<ThemeKind>,
    texture: Option<TextureId>,
    atlas_size: [usize; 2],
    layouts: Vec<(Key, Arc<JourneyLayout>)>,
}

/// The zoom at which text is laid out for `zoom`: the nearest power of 2^(1/4).
pub fn text_step(zoom: f32) -> f32 {
    let quarter_octaves = (zoom.max(0.01).log2() * 4.0).round();
    2f32.powf(quarter_octaves / 4.0)
}

impl ZoomText {
    /// The layout of `journey` at `revision`, its text set for `step`.
    #[expect(
        clippy::too_many_arguments,
        reason = "the layout's inputs and the cache key"
    )]
    pub fn layout(
        &mut self,
        ctx: &Context,
        revision: u64,
        map: &JourneyMap,
        journey: usize,
        options: LayoutOptions,
        step: f32,
        theme_kind: ThemeKind,
    ) -> Arc<JourneyLayout> {
        let ppp = ctx.pixels_per_point() * step;
        let key = (
            revision,
            journey,
            step.to_bits(),
            ctx.pixels_per_point().to_bits(),
            LayoutKey(options.min_width.to_bits(), options.lang),
        );
        if let Some((_, layout)) = self.layouts.iter().find(|(k, _)| *k == key) {
            return Arc::clone(layout);
        }
        let text_options = theme::text_options(theme_kind);
        let fonts = self
            .fonts
            .get_or_insert_with(|| Fonts::new(text_options, theme::font_definitions()));
        let fill = fonts.font_atlas_fill_ratio();
        fonts.begin_pass(text_options, ViewportKey::default());
        if self.theme != Some(theme_kind) || fonts.font_atlas_fill_ratio() < fill {
            // A new atlas: every cached layout points into the old one.
            self.layouts.clear();
            self.theme = Some(theme_kind);
        }
        let layout = Arc::new(layout_journey(
            map,
            journey,
            &options,
            ppp,
            &mut fonts.with_pixels_per_point(ppp),
        ));
        self.upload(ctx);
        self.layouts.insert(0, (key, Arc::clone(&layout)));
        self.layouts.truncate(CACHED);
        layout
    }

    /// Hands what the atlas gained to egui as our texture.
    fn upload(&mut self, ctx: &Context) {
        let Some(fonts) = &mut self.fonts else { return };
        self.atlas_size = fonts.font_image_size();
        let Some(delta) = fonts.font_image_delta() else {
            return;
        };
        let manager = ctx.tex_manager();
        let mut manager = manager.write();
        let id = *self.texture.get_or_insert_with(|| {
            manager.alloc(
                "journeymap-canvas-text".to_owned(),
                ImageData::Color(Arc::new(ColorImage::filled([1, 1], Color32::TRANSPARENT))),
                TextureOptions::LINEAR,
            )
        });
        manager.set(id, delta);
    }

    /// A key that changes whenever the meshes made by [`Self::meshes`] would.
    pub fn mesh_key(&self) -> ([usize; 2], Option<TextureId>) {
        (self.atlas_size, self.texture)
    }

    /// The painter's shapes with each text turned into a mesh on our atlas;
    /// text anchors snap to the pixels of `step` so glyphs stay sharp.
    pub fn meshes(&self, shapes: Vec<Shape>, pixels_per_point: f32) -> Vec<Shape> {
        let Some(texture) = self.texture else {
            return shapes;
        };
        #[expect(clippy::cast_precision_loss, reason = "atlas sides are far below 2^24")]
        let normalize = vec2(
            1.0 / self.atlas_size[0].max(1) as f32,
            1.0 / self.atlas_size[1].max(1) as f32,
        );
        shapes
            .into_iter()
            .map(|shape| match shape {
                Shape::Text(text) => text_mesh(&text, texture, normalize, pixels_per_point),
                other => other,
            })
            .collect()
    }
}

fn text_mesh(
    text: &epaint::TextShape,
    texture: TextureId,
    normalize: epaint::Vec2,
    pixels_per_point: f32,
) -> Shape {
    let snap = |p: Pos2| {
        Pos2::new(
            (p.x * pixels_per_point).round() / pixels_per_point,
            (p.y * pixels_per_point).round() / pixels_per_point,
        )
    };
    let anchor = snap(text.pos);
    let mut mesh = Mesh::with_texture(texture);
    for row in &text.galley.rows {
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
