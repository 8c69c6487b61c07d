//! A journey as a picture, headless: layout, the painter, the CPU rasterizer.
//!
//! Text is laid out and rasterized at the export's pixels-per-point, so
//! `scale 2` is twice the pixels with crisp text, not an upscale.

use std::path::Path;

use eframe::egui::{Color32, Context, Vec2, Visuals, vec2};

use crate::i18n::Lang;
use crate::layout::{JourneyLayout, LayoutOptions, layout_journey, natural_width};
use crate::model::JourneyMap;
use crate::paint::{self, PhotoTextures};
use crate::theme::{Theme, ThemeKind, font_definitions, text_options};

use super::render_ui;

/// The smallest and largest `scale`.
pub const SCALE_RANGE: std::ops::RangeInclusive<f32> = 0.5..=4.0;
/// A picture has at most this many pixels; a larger one is drawn at a smaller scale.
pub const MAX_PIXELS: f32 = 256.0 * 1024.0 * 1024.0;
/// And at most this many on a side (the texture limit of many viewers).
pub const MAX_SIDE: f32 = 32_768.0;

/// How to draw a picture.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExportOptions {
    /// Pixels per point, within [`SCALE_RANGE`].
    pub scale: f32,
    /// The picture's width in pixels; `None` for the layout's natural width
    /// at `scale`. Wider than natural stretches the step columns; narrower
    /// draws at a smaller scale.
    pub width: Option<u32>,
    /// Light or dark.
    pub theme: ThemeKind,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            scale: 1.0,
            width: None,
            theme: ThemeKind::Light,
        }
    }
}

/// A drawn journey.
pub struct Picture {
    /// The pixels (straight alpha).
    pub image: image::RgbaImage,
    /// What the reader should know: a photo not drawn, a scale lowered.
    pub warnings: Vec<String>,
}

/// Draws journeys; keeps its egui context (fonts, textures) between pictures.
pub struct Exporter {
    ctx: Context,
    photos: PhotoTextures,
}

impl Default for Exporter {
    fn default() -> Self {
        Self::new()
    }
}

impl Exporter {
    /// A headless egui context with the map's fonts.
    pub fn new() -> Self {
        let ctx = Context::default();
        ctx.set_fonts(font_definitions());
        Exporter {
            ctx,
            photos: PhotoTextures::default(),
        }
    }

    /// Lays out journey number `journey` at `pixels_per_point`, the fonts measuring at it.
    fn layout(
        &self,
        map: &JourneyMap,
        journey: usize,
        options: LayoutOptions,
        pixels_per_point: f32,
    ) -> JourneyLayout {
        // A first tiny pass creates the fonts at this pixels-per-point (and
        // hands the font atlas to the rasterizer); the layout's glyphs then
        // reach it with the next pass's textures delta.
        render_ui(
            &self.ctx,
            vec2(1.0, 1.0),
            pixels_per_point,
            Color32::TRANSPARENT,
            |_| {},
        );
        self.ctx
            .fonts_mut(|fonts| layout_journey(map, journey, &options, pixels_per_point, fonts))
    }

    /// Draws journey number `journey` of `map`; photos are found relative to `map_dir`.
    pub fn render(
        &mut self,
        map: &JourneyMap,
        journey: usize,
        map_dir: &Path,
        options: &ExportOptions,
    ) -> Picture {
        let mut warnings = Vec::new();
        let theme = Theme::new(options.theme);
        let mut visuals = match options.theme {
            ThemeKind::Light => Visuals::light(),
            ThemeKind::Dark => Visuals::dark(),
        };
        visuals.text_options = text_options(options.theme);
        self.ctx.set_visuals(visuals);
        let lang = Lang::of_map(map);
        let natural_width = natural_width(map, journey);
        let mut ppp = options
            .scale
            .clamp(*SCALE_RANGE.start(), *SCALE_RANGE.end());

        // Fit the width asked for: stretch the columns, or lower the scale.
        // The layout is the same at every scale, so the natural width decides
        // the scale before anything is laid out.
        let mut width_points = natural_width;
        if let Some(width) = options.width {
            #[expect(clippy::cast_precision_loss, reason = "widths are far below 2^24")]
            let width = width as f32;
            if natural_width * ppp > width + 0.5 {
                ppp = width / natural_width;
            }
            width_points = width / ppp;
        }
        let min_width = if width_points > natural_width + 0.01 {
            width_points
        } else {
            0.0
        };
        let mut layout = self.layout(map, journey, LayoutOptions { min_width, lang }, ppp);

        // Keep the picture within what a PNG viewer (and memory) can take.
        let limit = fit_scale(vec2(width_points, layout.size.y), ppp);
        if limit < ppp {
            warnings.push(format!(
                "the picture would be {:.0} x {:.0} pixels; drawn at scale {limit:.2} instead",
                width_points * ppp,
                layout.size.y * ppp
            ));
            ppp = limit;
            layout = self.layout(
                map,
                journey,
                LayoutOptions {
                    min_width: 0.0,
                    lang,
                },
                ppp,
            );
            width_points = layout.size.x;
        }

        let photo = map
            .journeys
            .get(journey)
            .and_then(|j| j.personas.first())
            .and_then(|id| map.persona(id))
            .and_then(
                |persona| match self.photos.get(&self.ctx, map_dir, &persona.photo) {
                    Ok(photo) => photo,
                    Err(e) => {
                        // Map text in a log line: escaped, so no line break
                        // or terminal control gets through.
                        warnings.push(format!(
                            "persona \"{}\": {e}; drawing the initials instead: {}",
                            persona.name.escape_debug(),
                            map_dir
                                .join(&persona.photo)
                                .display()
                                .to_string()
                                .escape_debug()
                        ));
                        None
                    }
                },
            );
        let shapes = paint::journey_shapes(&layout, &theme, photo.as_ref());
        let size = Vec2::new(width_points, layout.size.y);
        let image = render_ui(&self.ctx, size, ppp, theme.background, |ui| {
            ui.painter().extend(shapes.iter().cloned());
        });
        Picture { image, warnings }
    }
}

/// The largest pixels-per-point (at most `ppp`) that keeps a picture of
/// `size_points` within [`MAX_SIDE`] and [`MAX_PIXELS`].
fn fit_scale(size_points: Vec2, ppp: f32) -> f32 {
    let side = MAX_SIDE / size_points.x.max(size_points.y).max(1.0);
    let area = (MAX_PIXELS / (size_points.x * size_points.y).max(1.0)).sqrt();
    ppp.min(side).min(area)
}
