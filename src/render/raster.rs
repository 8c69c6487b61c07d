//! The triangle rasterizer: egui meshes onto an RGBA8 framebuffer, the way
//! `egui_glow` draws them.
//!
//! What `egui_glow` does, and so what this does:
//! - vertex colours are premultiplied sRGB bytes, used as they are (no linear
//!   conversion); the fragment colour is `vertex colour * texture colour`,
//!   both in 0..1, in gamma space; the framebuffer is not sRGB;
//! - blending is `ONE, ONE_MINUS_SRC_ALPHA` for colour and
//!   `ONE_MINUS_DST_ALPHA, ONE` for alpha, on an 8-bit framebuffer. The
//!   fragment is rounded to 8 bits and the blend is done in exact 8-bit
//!   arithmetic (as Mesa's llvmpipe does), so the result is deterministic;
//! - a pixel is covered when its centre is inside the triangle (top-left rule
//!   on shared edges, vertices snapped to 1/256 px as GPUs do);
//! - clip rects are rounded to whole pixels and clamped to the image, like
//!   `egui_glow`'s scissor rect;
//! - textures are sampled with their own filter (linear or nearest, chosen by
//!   minification or magnification) and wrap mode. Mipmaps are not built:
//!   a minified texture samples its full-size image.
//!
//! The image is cut in horizontal bands; triangles are sorted into the bands
//! they touch (in drawing order), and the bands are drawn on several threads.

use std::collections::HashMap;

use eframe::egui::{ClippedPrimitive, Color32, Mesh, TextureFilter, TextureId};
use eframe::epaint::{Primitive, Vertex};

use super::texture::Texture;

/// Sub-pixel steps per pixel: vertices snap to 1/256 px (8 bits, like llvmpipe).
const SUB: i64 = 256;
/// Rows per band.
const BAND_ROWS: usize = 32;
/// Images smaller than this many pixels are drawn on the calling thread only.
const THREADED_MIN_PIXELS: usize = 1 << 18;
/// Vertex coordinates are clamped to +-this many pixels so the fixed-point
/// edge functions cannot overflow an `i64`.
const MAX_COORD_PX: f32 = 2_097_152.0; // 2^21

/// One mesh ready to draw: its texture and its clip rect in whole pixels.
struct Job<'a> {
    mesh: &'a Mesh,
    texture: &'a Texture,
    /// `[x0, y0, x1, y1)` in pixels, non-empty, inside the image.
    clip: [i64; 4],
}

/// Draw `primitives` onto a `width` x `height` image cleared to `clear`.
/// Returns premultiplied RGBA8 bytes, row by row.
pub(crate) fn rasterize(
    textures: &HashMap<TextureId, Texture>,
    primitives: &[ClippedPrimitive],
    [width, height]: [usize; 2],
    pixels_per_point: f32,
    clear: Color32,
) -> Vec<u8> {
    let mut frame = clear.to_array().repeat(width * height);
    if width == 0 || height == 0 || !pixels_per_point.is_finite() || pixels_per_point <= 0.0 {
        return frame;
    }
    let jobs = jobs(textures, primitives, [width, height], pixels_per_point);
    let bands = height.div_ceil(BAND_ROWS);
    let bins = bin_triangles(&jobs, bands, pixels_per_point);

    let band_bytes = BAND_ROWS * width * 4;
    let threads = if width * height < THREADED_MIN_PIXELS {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(bands)
    };
    // Interleave bands over threads so each gets a share of every region.
    let mut per_thread: Vec<Vec<(usize, &mut [u8])>> = (0..threads).map(|_| Vec::new()).collect();
    for (band, pixels) in frame.chunks_mut(band_bytes).enumerate() {
        per_thread[band % threads].push((band, pixels));
    }
    let draw = |work: Vec<(usize, &mut [u8])>| {
        for (band, pixels) in work {
            let target = Band {
                pixels,
                width,
                y0: band * BAND_ROWS,
            };
            draw_band(target, &jobs, &bins[band], pixels_per_point);
        }
    };
    std::thread::scope(|scope| {
        let mut work = per_thread.into_iter();
        let own = work.next();
        for chunk in work {
            scope.spawn(|| draw(chunk));
        }
        if let Some(chunk) = own {
            draw(chunk);
        }
    });
    frame
}

/// The meshes that can be drawn: with a known texture and a non-empty clip.
fn jobs<'a>(
    textures: &'a HashMap<TextureId, Texture>,
    primitives: &'a [ClippedPrimitive],
    [width, height]: [usize; 2],
    ppp: f32,
) -> Vec<Job<'a>> {
    #[expect(
        clippy::cast_possible_wrap,
        reason = "image sides are far below i64::MAX"
    )]
    let (w, h) = (width as i64, height as i64);
    let mut jobs = Vec::new();
    for primitive in primitives {
        let Primitive::Mesh(mesh) = &primitive.primitive else {
            continue; // paint callbacks need a GPU; there is nothing to call here
        };
        let Some(texture) = textures.get(&mesh.texture_id) else {
            continue; // `egui_glow` also skips a mesh whose texture it does not know
        };
        #[expect(
            clippy::cast_possible_truncation,
            reason = "rounded and then clamped to the image, as `egui_glow` does"
        )]
        let px = |v: f32| (v * ppp).round() as i64;
        let r = primitive.clip_rect;
        let x0 = px(r.min.x).clamp(0, w);
        let y0 = px(r.min.y).clamp(0, h);
        let x1 = px(r.max.x).clamp(x0, w);
        let y1 = px(r.max.y).clamp(y0, h);
        if x0 < x1 && y0 < y1 && !mesh.indices.is_empty() {
            jobs.push(Job {
                mesh,
                texture,
                clip: [x0, y0, x1, y1],
            });
        }
    }
    jobs
}

/// A vertex position in fixed point (1/[`SUB`] px); `None` when not finite.
#[inline]
fn fixed(v: &Vertex, ppp: f32) -> Option<[i64; 2]> {
    let to = |c: f32| {
        let p = c * ppp;
        #[expect(
            clippy::cast_possible_truncation,
            reason = "clamped to +-2^21 px, so the 1/256 px value fits easily"
        )]
        p.is_finite()
            .then(|| (p.clamp(-MAX_COORD_PX, MAX_COORD_PX) * 256.0).round() as i64)
    };
    Some([to(v.pos.x)?, to(v.pos.y)?])
}

/// The first and last pixel (row or column) whose centre lies in `[lo, hi]` (fixed point).
#[inline]
fn centres_between(lo: i64, hi: i64) -> (i64, i64) {
    let half = SUB / 2;
    (
        -(-(lo - half)).div_euclid(SUB), // ceil((lo - half) / SUB)
        (hi - half).div_euclid(SUB),
    )
}

/// The three vertices of triangle `t` of a mesh, or `None` if an index is out of range.
#[inline]
fn triangle(mesh: &Mesh, t: usize) -> Option<[&Vertex; 3]> {
    let idx = mesh.indices.get(3 * t..3 * t + 3)?;
    Some([
        mesh.vertices.get(idx[0] as usize)?,
        mesh.vertices.get(idx[1] as usize)?,
        mesh.vertices.get(idx[2] as usize)?,
    ])
}

/// For every band, the triangles `(job, triangle)` that may cover one of its pixels, in drawing order.
fn bin_triangles(jobs: &[Job<'_>], bands: usize, ppp: f32) -> Vec<Vec<(u32, u32)>> {
    let mut bins: Vec<Vec<(u32, u32)>> = vec![Vec::new(); bands];
    #[expect(clippy::cast_possible_wrap, reason = "a small constant")]
    let band_rows = BAND_ROWS as i64;
    for (j, job) in jobs.iter().enumerate() {
        let [cx0, cy0, cx1, cy1] = job.clip;
        for t in 0..job.mesh.indices.len() / 3 {
            let Some(tri) = triangle(job.mesh, t) else {
                continue;
            };
            let (Some(a), Some(b), Some(c)) =
                (fixed(tri[0], ppp), fixed(tri[1], ppp), fixed(tri[2], ppp))
            else {
                continue;
            };
            let (y_lo, y_hi) = centres_between(a[1].min(b[1]).min(c[1]), a[1].max(b[1]).max(c[1]));
            let (x_lo, x_hi) = centres_between(a[0].min(b[0]).min(c[0]), a[0].max(b[0]).max(c[0]));
            let (y_lo, y_hi) = (y_lo.max(cy0), y_hi.min(cy1 - 1));
            if y_lo > y_hi || x_lo.max(cx0) > x_hi.min(cx1 - 1) {
                continue;
            }
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "rows are inside the image; jobs and triangles number far below u32::MAX"
            )]
            let (first, last, entry) = (
                (y_lo / band_rows) as usize,
                (y_hi / band_rows) as usize,
                (j as u32, t as u32),
            );
            for bin in &mut bins[first..=last] {
                bin.push(entry);
            }
        }
    }
    bins
}

/// The rows of the image one thread draws into.
struct Band<'a> {
    /// RGBA8 premultiplied, `width * 4` bytes a row.
    pixels: &'a mut [u8],
    width: usize,
    /// The image row of the band's first row.
    y0: usize,
}

fn draw_band(mut band: Band<'_>, jobs: &[Job<'_>], bin: &[(u32, u32)], ppp: f32) {
    for &(j, t) in bin {
        let job = &jobs[j as usize];
        if let Some(tri) = triangle(job.mesh, t as usize) {
            draw_triangle(&mut band, job, tri, ppp);
        }
    }
}

/// `round(a * b / 255)` for bytes, exactly.
#[inline]
fn mul255(a: u32, b: u32) -> u32 {
    let t = a * b + 128;
    (t + (t >> 8)) >> 8
}

/// Blend a premultiplied fragment onto a framebuffer pixel with `egui_glow`'s blend function.
#[inline]
fn blend(dst: &mut [u8], src: [u8; 4]) {
    let keep = 255 - u32::from(src[3]);
    for c in 0..3 {
        let v = u32::from(src[c]) + mul255(u32::from(dst[c]), keep);
        dst[c] = v.min(255) as u8;
    }
    let da = u32::from(dst[3]);
    dst[3] = (mul255(u32::from(src[3]), 255 - da) + da).min(255) as u8;
}

/// A colour channel product `vertex * texel / 255` (both in 0..=255) rounded to a byte,
/// like the GPU's conversion of the fragment colour to the 8-bit framebuffer.
#[inline]
fn to_byte(v: f32) -> u8 {
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "clamped to 0..=255 first"
    )]
    {
        (v.clamp(0.0, 255.0) + 0.5) as u8
    }
}

#[inline]
fn fragment(colour: [f32; 4], texel: [f32; 4]) -> [u8; 4] {
    const K: f32 = 1.0 / 255.0;
    [
        to_byte(colour[0] * texel[0] * K),
        to_byte(colour[1] * texel[1] * K),
        to_byte(colour[2] * texel[2] * K),
        to_byte(colour[3] * texel[3] * K),
    ]
}

fn rgba_f32(c: Color32) -> [f32; 4] {
    [
        f32::from(c.r()),
        f32::from(c.g()),
        f32::from(c.b()),
        f32::from(c.a()),
    ]
}

/// An attribute that varies linearly over the triangle: its value at the
/// start of a row and its change per pixel to the right.
#[derive(Clone, Copy)]
struct Plane {
    /// Change per unit of the edge function `w1` and `w2`.
    k1: f32,
    k2: f32,
    base: f32,
}

impl Plane {
    /// The attribute with values `a`, `b`, `c` at the triangle's vertices.
    fn new(a: f32, b: f32, c: f32, area: f32) -> Self {
        Self {
            k1: (b - a) / area,
            k2: (c - a) / area,
            base: a,
        }
    }

    #[inline]
    fn at(self, w1: f32, w2: f32) -> f32 {
        self.base + w1 * self.k1 + w2 * self.k2
    }

    /// Change per pixel when `w1`, `w2` change by `d1`, `d2`.
    #[inline]
    fn step(self, d1: f32, d2: f32) -> f32 {
        d1 * self.k1 + d2 * self.k2
    }
}

/// What a triangle paints, per pixel.
enum Shade {
    /// The same fragment everywhere.
    Flat([u8; 4]),
    /// Colour and texture coordinates interpolated per pixel.
    Smooth {
        colour: Option<[Plane; 4]>,
        flat_colour: [f32; 4],
        uv: Option<([Plane; 2], TextureFilter)>,
        flat_texel: [f32; 4],
    },
}

/// The fixed-point edge function: twice the signed area of `(a, b, p)`.
#[inline]
fn edge(a: [i64; 2], b: [i64; 2], p: [i64; 2]) -> i64 {
    (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])
}

/// The three edges of a triangle, set up for one row after another.
struct Edges {
    /// Edge i runs between the two vertices other than i.
    ends: [([i64; 2], [i64; 2]); 3],
    /// The smallest edge value that counts as inside (top-left rule).
    min_w: [i64; 3],
    /// Change of each edge value per pixel to the right.
    step_x: [i64; 3],
}

impl Edges {
    fn new([p0, p1, p2]: [[i64; 2]; 3]) -> Self {
        let ends = [(p1, p2), (p2, p0), (p0, p1)];
        // Top-left rule: a pixel centre exactly on an edge belongs to the
        // triangle for only one of the edge's two directions, so an edge two
        // triangles share is drawn once.
        let min_w = ends.map(|(a, b)| {
            let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
            i64::from(!(dy < 0 || (dy == 0 && dx > 0)))
        });
        let step_x = ends.map(|(a, b)| -(b[1] - a[1]) * SUB);
        Self {
            ends,
            min_w,
            step_x,
        }
    }

    /// The edge values at the centre of pixel `(x, y)`, and the columns
    /// `x + k_lo ..= x + k_hi` (with `0 <= k_lo`, `k_hi <= max_k`) inside the
    /// triangle on that row; `None` when there are none.
    #[inline]
    fn span(&self, x: i64, y: i64, max_k: i64) -> Option<([i64; 3], i64, i64)> {
        let centre = [x * SUB + SUB / 2, y * SUB + SUB / 2];
        let w = self.ends.map(|(a, b)| edge(a, b, centre));
        let (mut k_lo, mut k_hi) = (0, max_k);
        for ((&step, &min_w), &w) in self.step_x.iter().zip(&self.min_w).zip(&w) {
            // Solve w + step * k >= min_w for whole k.
            let need = min_w - w;
            match step.cmp(&0) {
                std::cmp::Ordering::Greater => k_lo = k_lo.max(-(-need).div_euclid(step)),
                std::cmp::Ordering::Less => k_hi = k_hi.min((-need).div_euclid(-step)),
                std::cmp::Ordering::Equal if need > 0 => return None,
                std::cmp::Ordering::Equal => {}
            }
        }
        (k_lo <= k_hi).then_some((w, k_lo, k_hi))
    }
}

fn draw_triangle(band: &mut Band<'_>, job: &Job<'_>, tri: [&Vertex; 3], ppp: f32) {
    let (Some(a), Some(mut b), Some(mut c)) =
        (fixed(tri[0], ppp), fixed(tri[1], ppp), fixed(tri[2], ppp))
    else {
        return;
    };
    let [va, mut vb, mut vc] = tri;
    let mut area = edge(a, b, c);
    if area == 0 {
        return;
    }
    if area < 0 {
        std::mem::swap(&mut b, &mut c);
        std::mem::swap(&mut vb, &mut vc);
        area = -area;
    }

    // Rows and columns to visit: bounding box within the clip rect and this band.
    let [cx0, cy0, cx1, cy1] = job.clip;
    #[expect(
        clippy::cast_possible_wrap,
        reason = "image sides are far below i64::MAX"
    )]
    let (band_y0, band_y1) = (
        band.y0 as i64,
        (band.y0 + band.pixels.len() / (band.width * 4)) as i64,
    );
    let (y_lo, y_hi) = centres_between(a[1].min(b[1]).min(c[1]), a[1].max(b[1]).max(c[1]));
    let (x_lo, x_hi) = centres_between(a[0].min(b[0]).min(c[0]), a[0].max(b[0]).max(c[0]));
    let y_first = y_lo.max(cy0).max(band_y0);
    let y_last = y_hi.min(cy1 - 1).min(band_y1 - 1);
    let x_first = x_lo.max(cx0);
    let x_last = x_hi.min(cx1 - 1);
    if y_first > y_last || x_first > x_last {
        return;
    }
    let Some(shade) = shade(job.texture, [va, vb, vc], [a, b, c], area) else {
        return;
    };
    let edges = Edges::new([a, b, c]);
    for y in y_first..=y_last {
        let Some((w, k_lo, k_hi)) = edges.span(x_first, y, x_last - x_first) else {
            continue;
        };
        #[expect(
            clippy::cast_sign_loss,
            clippy::cast_possible_truncation,
            reason = "rows and columns are inside the image"
        )]
        let (row, first, count) = (
            (y - band_y0) as usize,
            (x_first + k_lo) as usize,
            (k_hi - k_lo + 1) as usize,
        );
        let start = (row * band.width + first) * 4;
        let span = &mut band.pixels[start..start + count * 4];
        // Edge values (vertex weights times `area`) at the span's first pixel.
        let w = [1, 2].map(|i| w[i] + edges.step_x[i] * k_lo);
        paint_span(
            span,
            &shade,
            job.texture,
            w,
            [edges.step_x[1], edges.step_x[2]],
        );
    }
}

/// Paint one run of pixels; `w` are the weights of the second and third
/// vertex (times the area) at its first pixel, `step` their change per pixel.
#[inline]
fn paint_span(span: &mut [u8], shade: &Shade, texture: &Texture, w: [i64; 2], step: [i64; 2]) {
    match shade {
        Shade::Flat(src) => {
            if src[3] == 255 {
                for px in span.chunks_exact_mut(4) {
                    px.copy_from_slice(src);
                }
            } else {
                for px in span.chunks_exact_mut(4) {
                    blend(px, *src);
                }
            }
        }
        Shade::Smooth {
            colour,
            flat_colour,
            uv,
            flat_texel,
        } => {
            #[expect(
                clippy::cast_precision_loss,
                reason = "barycentric weights need no more than f32"
            )]
            let ([w1, w2], [s1, s2]) = (w.map(|v| v as f32), step.map(|v| v as f32));
            let row = |p: Plane| (p.at(w1, w2), p.step(s1, s2));
            let colour_row = colour.map(|planes| planes.map(row));
            let uv_row = uv.map(|(planes, filter)| (planes.map(row), filter));
            for (k, px) in span.chunks_exact_mut(4).enumerate() {
                #[expect(
                    clippy::cast_precision_loss,
                    reason = "a column offset within the image"
                )]
                let kf = k as f32;
                let c = colour_row.map_or(*flat_colour, |planes| planes.map(|(v, d)| v + d * kf));
                let t = uv_row.map_or(*flat_texel, |([(u, du), (v, dv)], filter)| {
                    texture.sample(u + du * kf, v + dv * kf, filter)
                });
                let src = fragment(c, t);
                if src[3] == 255 {
                    px.copy_from_slice(&src);
                } else if src != [0; 4] {
                    blend(px, src);
                }
            }
        }
    }
}

/// Work out what the triangle paints; `None` when it paints nothing.
fn shade(texture: &Texture, v: [&Vertex; 3], p: [[i64; 2]; 3], area: i64) -> Option<Shade> {
    #[expect(
        clippy::cast_precision_loss,
        reason = "barycentric weights need no more than f32"
    )]
    let area = area as f32;
    let flat_colour = v[0].color == v[1].color && v[0].color == v[2].color;
    let flat_uv = v[0].uv == v[1].uv && v[0].uv == v[2].uv;
    let first = rgba_f32(v[0].color);
    if flat_colour && v[0].color == Color32::TRANSPARENT {
        return None;
    }
    let colour = (!flat_colour).then(|| {
        let all = [first, rgba_f32(v[1].color), rgba_f32(v[2].color)];
        std::array::from_fn(|c| Plane::new(all[0][c], all[1][c], all[2][c], area))
    });
    if flat_uv {
        // Derivatives are zero: OpenGL magnifies.
        let texel = texture.sample(v[0].uv.x, v[0].uv.y, texture.filter_for(0.0));
        return Some(match colour {
            None => Shade::Flat(fragment(first, texel)),
            Some(colour) => Shade::Smooth {
                colour: Some(colour),
                flat_colour: first,
                uv: None,
                flat_texel: texel,
            },
        });
    }
    let uv = [
        Plane::new(v[0].uv.x, v[1].uv.x, v[2].uv.x, area),
        Plane::new(v[0].uv.y, v[1].uv.y, v[2].uv.y, area),
    ];
    // Texels per pixel along x and along y, to choose between minification
    // and magnification as OpenGL does (the larger of the two lengths).
    let size = texture.size();
    // Change of the second and third vertex weights per pixel in x and in y.
    let along = |a: [i64; 2], b: [i64; 2]| [-(b[1] - a[1]) * SUB, (b[0] - a[0]) * SUB];
    #[expect(
        clippy::cast_precision_loss,
        reason = "gradients and texture sides need no more than f32"
    )]
    let texels_per_pixel = {
        let (e1, e2) = (along(p[2], p[0]), along(p[0], p[1]));
        let per_axis = |axis: usize| {
            let du = uv[0].step(e1[axis] as f32, e2[axis] as f32) * size[0] as f32;
            let dv = uv[1].step(e1[axis] as f32, e2[axis] as f32) * size[1] as f32;
            du.hypot(dv)
        };
        per_axis(0).max(per_axis(1))
    };
    Some(Shade::Smooth {
        colour,
        flat_colour: first,
        uv: Some((uv, texture.filter_for(texels_per_pixel))),
        flat_texel: [255.0; 4],
    })
}
