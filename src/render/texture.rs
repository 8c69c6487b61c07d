//! Textures as `egui_glow` holds them: RGBA8 texels exactly as sent (egui's
//! colours are premultiplied, sRGB-encoded, and never converted), sampled
//! like OpenGL samples a `GL_RGBA8` texture with the delta's filter and wrap
//! mode.

use eframe::egui::{Color32, ImageData, TextureFilter, TextureOptions, TextureWrapMode};
use eframe::epaint::ImageDelta;

/// One texture: texels row by row, top row first.
#[derive(Clone, Debug)]
pub(crate) struct Texture {
    width: usize,
    height: usize,
    texels: Vec<Color32>,
    options: TextureOptions,
}

impl Texture {
    /// A whole texture from a delta without a position; `None` for an empty image.
    pub(crate) fn from_delta(delta: &ImageDelta) -> Option<Self> {
        let ImageData::Color(image) = &delta.image;
        let [width, height] = image.size;
        if width == 0 || height == 0 || image.pixels.len() != width * height {
            return None;
        }
        Some(Self {
            width,
            height,
            texels: image.pixels.clone(),
            options: delta.options,
        })
    }

    /// Apply a partial update at `pos`; the parts outside the texture are dropped.
    /// Like `glTexParameter` before `glTexSubImage2D`, the delta's options replace ours.
    pub(crate) fn update(&mut self, pos: [usize; 2], delta: &ImageDelta) {
        let ImageData::Color(image) = &delta.image;
        let [w, h] = image.size;
        if image.pixels.len() != w * h {
            return;
        }
        self.options = delta.options;
        let [x0, y0] = pos;
        if x0 >= self.width || y0 >= self.height {
            return;
        }
        let copy_w = w.min(self.width - x0);
        let copy_h = h.min(self.height - y0);
        for row in 0..copy_h {
            let src = &image.pixels[row * w..row * w + copy_w];
            let start = (y0 + row) * self.width + x0;
            self.texels[start..start + copy_w].copy_from_slice(src);
        }
    }

    /// Width and height in texels.
    pub(crate) fn size(&self) -> [usize; 2] {
        [self.width, self.height]
    }

    /// The filter OpenGL picks for a triangle whose texture coordinates change
    /// by `texels_per_pixel` (the larger of the two screen directions, in texels):
    /// minification when a pixel covers more than one texel.
    pub(crate) fn filter_for(&self, texels_per_pixel: f32) -> TextureFilter {
        if texels_per_pixel > 1.0 {
            self.options.minification
        } else {
            self.options.magnification
        }
    }

    #[inline]
    fn wrap(&self, i: i64, n: usize) -> usize {
        #[expect(
            clippy::cast_possible_wrap,
            reason = "texture sides are far below i64::MAX"
        )]
        let n_i = n as i64;
        #[expect(
            clippy::cast_sign_loss,
            clippy::cast_possible_truncation,
            reason = "every branch yields a value in 0..n"
        )]
        match self.options.wrap_mode {
            TextureWrapMode::ClampToEdge => i.clamp(0, n_i - 1) as usize,
            TextureWrapMode::Repeat => i.rem_euclid(n_i) as usize,
            TextureWrapMode::MirroredRepeat => {
                let period = i.rem_euclid(2 * n_i);
                (if period < n_i {
                    period
                } else {
                    2 * n_i - 1 - period
                }) as usize
            }
        }
    }

    #[inline]
    fn texel(&self, x: usize, y: usize) -> [f32; 4] {
        let c = self.texels[y * self.width + x];
        [
            f32::from(c.r()),
            f32::from(c.g()),
            f32::from(c.b()),
            f32::from(c.a()),
        ]
    }

    /// Sample at normalized coordinates `(u, v)`, channels in 0..=255.
    ///
    /// Linear filtering weighs the four nearest texels; where the sample
    /// point is within [`EXACT`] of a texel centre that texel alone is
    /// returned (the others would move the result by under 0.03 of a level).
    #[inline]
    pub(crate) fn sample(&self, u: f32, v: f32, filter: TextureFilter) -> [f32; 4] {
        #[expect(clippy::cast_precision_loss, reason = "texture sides fit in f32")]
        let (width, height) = (self.width as f32, self.height as f32);
        #[expect(
            clippy::cast_possible_truncation,
            reason = "floor of a finite coordinate; NaN and huge values saturate and are then wrapped"
        )]
        match filter {
            TextureFilter::Nearest => {
                let column = self.wrap((u * width).floor() as i64, self.width);
                let row = self.wrap((v * height).floor() as i64, self.height);
                self.texel(column, row)
            }
            TextureFilter::Linear => {
                // OpenGL: texel centres sit at half-integer coordinates.
                let tx = u * width - 0.5;
                let ty = v * height - 0.5;
                let fx = tx.floor();
                let fy = ty.floor();
                let ax = tx - fx;
                let ay = ty - fy;
                let x0 = fx as i64;
                let y0 = fy as i64;
                // A pixel centre on a texel centre (text drawn at its own
                // pixels-per-point): the other three texels weigh nothing.
                if ax < EXACT && ay < EXACT {
                    return self.texel(self.wrap(x0, self.width), self.wrap(y0, self.height));
                }
                let (xa, xb) = (self.wrap(x0, self.width), self.wrap(x0 + 1, self.width));
                let (ya, yb) = (self.wrap(y0, self.height), self.wrap(y0 + 1, self.height));
                let t00 = self.texel(xa, ya);
                let t10 = self.texel(xb, ya);
                let t01 = self.texel(xa, yb);
                let t11 = self.texel(xb, yb);
                let mut out = [0.0; 4];
                for c in 0..4 {
                    let top = t00[c] + (t10[c] - t00[c]) * ax;
                    let bottom = t01[c] + (t11[c] - t01[c]) * ax;
                    out[c] = top + (bottom - top) * ay;
                }
                out
            }
        }
    }
}

/// A weight below which bilinear filtering skips the neighbouring texels.
const EXACT: f32 = 1.0 / 8192.0;

#[cfg(test)]
mod tests {
    use super::*;
    use eframe::egui::ColorImage;

    fn close(got: f32, want: f32) {
        assert!((got - want).abs() < 1e-4, "got {got}, want {want}");
    }

    fn texture(options: TextureOptions) -> Texture {
        let pixels = vec![
            Color32::from_gray(0),
            Color32::from_gray(100),
            Color32::from_gray(200),
            Color32::from_gray(50),
        ];
        let image = ColorImage::new([2, 2], pixels);
        Texture::from_delta(&ImageDelta::full(image, options)).expect("a 2x2 image is valid")
    }

    #[test]
    fn linear_sampling_at_texel_centres_returns_the_texel() {
        let t = texture(TextureOptions::LINEAR);
        close(t.sample(0.75, 0.25, TextureFilter::Linear)[0], 100.0);
        close(t.sample(0.25, 0.75, TextureFilter::Linear)[0], 200.0);
    }

    #[test]
    fn linear_sampling_between_centres_interpolates_and_clamps_at_edges() {
        let t = texture(TextureOptions::LINEAR);
        // Middle of the texture: the mean of all four texels (0+100+200+50)/4.
        close(t.sample(0.5, 0.5, TextureFilter::Linear)[0], 87.5);
        // Left of the first centre with clamping: still texel (0, 0).
        close(t.sample(0.0, 0.25, TextureFilter::Linear)[0], 0.0);
    }

    #[test]
    fn repeat_wraps_to_the_other_side() {
        let t = texture(TextureOptions::LINEAR_REPEAT);
        // u = 0 lies between texel 1 (of the previous tile) and texel 0.
        close(t.sample(0.0, 0.25, TextureFilter::Linear)[0], 50.0);
        close(t.sample(1.25, 0.25, TextureFilter::Nearest)[0], 0.0);
    }

    #[test]
    fn partial_update_writes_inside_and_drops_the_rest() {
        let mut t = texture(TextureOptions::NEAREST);
        let patch = ColorImage::new([2, 1], vec![Color32::RED, Color32::BLUE]);
        t.update(
            [1, 1],
            &ImageDelta::partial([1, 1], patch, TextureOptions::NEAREST),
        );
        assert_eq!(t.texels[3], Color32::RED);
        assert_eq!(t.texels[0], Color32::from_gray(0));
    }
}
