//! The journey's picture on the canvas, at any zoom, within a frame's budget.
//!
//! The painter's shapes are made once per layout and theme, in the layout's
//! coordinates, and kept with their bounds; each frame only the shapes in
//! view are copied and moved to the screen. Texts are set at the zoom's
//! text step when they first come into view (at most [`TEXT_BUDGET`] a
//! frame; until then one of another step, or a grey bar, stands in).
//! Zoomed far out, where no text can be read, the picture is drawn simpler:
//! boxes as flat quads, texts as grey bars, merged into a few meshes.

use std::collections::HashMap;
use std::sync::Arc;

use eframe::egui::{
    Color32, Mesh, Pos2, Rect, Shape, emath::TSTransform, epaint, epaint::Vertex, pos2,
};

use super::zoom_text::{ZoomText, text_step};
use crate::layout::JourneyLayout;
use crate::paint;
use crate::theme::{Theme, ThemeKind};

/// Below this zoom the picture is drawn simpler (texts would be under ~4 pixels tall).
pub const FAR_ZOOM: f32 = 0.35;

/// How many texts are set at a new step in one frame.
const TEXT_BUDGET: usize = 200;

/// How many text steps keep their meshes.
const STEPS_KEPT: usize = 4;

/// At most so many quads in one merged mesh of the far picture (so it still culls).
const QUADS_PER_MESH: usize = 4096;

/// The layout the shapes were made from (held, so a new layout can never
/// take its address and pass for it), the theme, and whether a photo was in.
type BaseKey = (Arc<JourneyLayout>, ThemeKind, bool);

/// The shapes of one layout, in its coordinates, and what was made from them.
#[derive(Default)]
pub struct Picture {
    key: Option<BaseKey>,
    base: Vec<(Rect, Shape)>,
    far: Option<Vec<(Rect, Shape)>>,
    /// Per text step (its bits) and atlas generation: text meshes by the text
    /// they show, so a text unchanged by an edit keeps its mesh.
    steps: Vec<(u32, u64, HashMap<TextKey, SetText>)>,
    /// Frames drawn, to forget meshes not used for a while.
    frame: u64,
    /// Which shapes of `base` meet each vertical strip of [`STRIP`] points.
    strips: Vec<Vec<u32>>,
    /// Some text in view was not set at the current step last frame.
    pending: bool,
    /// The last frame's shapes on the screen, and what they were made for.
    last: Option<(LastKey, Vec<Shape>)>,
}

/// A text of the layout: its galley (the same `Arc` while the text is
/// unchanged: layouts come from the fonts' galley cache), where and in what colour.
type TextKey = (usize, [u32; 2], Color32);

/// A text set at a step: the mesh, the galley it was made from (held, so its
/// address names no other text), and the last frame it was drawn.
struct SetText {
    mesh: Shape,
    _galley: Arc<epaint::Galley>,
    used: u64,
}

/// Past this many meshes in a step, those not drawn this frame are dropped.
const MESHES_KEPT: usize = 4096;

fn text_key(text: &epaint::TextShape) -> TextKey {
    (
        Arc::as_ptr(&text.galley) as usize,
        [text.pos.x.to_bits(), text.pos.y.to_bits()],
        text.fallback_color,
    )
}

/// The width of a strip of the picture, for culling.
const STRIP: f32 = 256.0;

type LastKey = (u64, [u32; 3], [u32; 4]);

impl Picture {
    /// Adds to `out` what is visible of `layout` in `visible` (layout
    /// coordinates), moved to the screen by `screen_from_layout`.
    #[expect(
        clippy::too_many_arguments,
        reason = "what the picture is of, where it goes, and the fonts"
    )]
    pub fn draw(
        &mut self,
        layout: &Arc<JourneyLayout>,
        theme: &Theme,
        photo: Option<&paint::Photo>,
        text: &mut ZoomText,
        screen_from_layout: TSTransform,
        visible: Rect,
        pixels_per_point: f32,
        out: &mut Vec<Shape>,
    ) {
        let same = self
            .key
            .as_ref()
            .is_some_and(|(made_from, kind, with_photo)| {
                Arc::ptr_eq(made_from, layout)
                    && *kind == theme.kind
                    && *with_photo == photo.is_some()
            });
        if !same {
            self.base = paint::journey_shapes(layout, theme, photo)
                .into_iter()
                .map(|shape| (shape.visual_bounding_rect(), shape))
                .collect();
            self.strips = strips(&self.base);
            self.far = None;
            self.last = None;
            self.key = Some((Arc::clone(layout), theme.kind, photo.is_some()));
        }
        // Nothing moved and every text was ready: last frame's shapes again.
        let last_key = (
            text.generation(),
            [
                screen_from_layout.scaling.to_bits(),
                screen_from_layout.translation.x.to_bits(),
                screen_from_layout.translation.y.to_bits(),
            ],
            [
                visible.min.x.to_bits(),
                visible.min.y.to_bits(),
                visible.max.x.to_bits(),
                visible.max.y.to_bits(),
            ],
        );
        if let Some((k, shapes)) = &self.last
            && *k == last_key
            && !self.pending
        {
            out.extend(shapes.iter().cloned());
            return;
        }
        let start = out.len();
        self.draw_moved(text, screen_from_layout, visible, pixels_per_point, out);
        let generation = text.generation();
        self.last = Some((
            (generation, last_key.1, last_key.2),
            out.get(start..).unwrap_or_default().to_vec(),
        ));
    }

    /// [`Self::draw`] without the last frame's shapes.
    fn draw_moved(
        &mut self,
        text: &mut ZoomText,
        screen_from_layout: TSTransform,
        visible: Rect,
        pixels_per_point: f32,
        out: &mut Vec<Shape>,
    ) {
        self.pending = false;
        let zoom = screen_from_layout.scaling;
        if zoom < FAR_ZOOM {
            let far = self.far.get_or_insert_with(|| simplified(&self.base));
            out.extend(
                far.iter()
                    .filter(|(bounds, _)| bounds.intersects(visible))
                    .map(|(_, shape)| moved(shape, screen_from_layout)),
            );
            return;
        }
        let in_view = in_view(&self.strips, &self.base, visible);
        let step = text_step(zoom);
        let text_ppp = pixels_per_point * step;
        self.frame += 1;
        let frame = self.frame;
        // Twice at most: a mesh made after the atlas grew invalidates the ones before it.
        for _ in 0..2 {
            let generation = text.generation();
            self.steps.retain(|(_, g, _)| *g == generation);
            let current =
                if let Some(i) = self.steps.iter().position(|(s, _, _)| *s == step.to_bits()) {
                    i
                } else {
                    self.steps
                        .insert(0, (step.to_bits(), generation, HashMap::new()));
                    self.steps.truncate(STEPS_KEPT);
                    0
                };
            let start = out.len();
            let mut budget = TEXT_BUDGET;
            for &index in &in_view {
                let Some((_, shape)) = self.base.get(index) else {
                    continue;
                };
                let Shape::Text(text_shape) = shape else {
                    out.push(moved(shape, screen_from_layout));
                    continue;
                };
                let key = text_key(text_shape);
                let ready = self
                    .steps
                    .get_mut(current)
                    .and_then(|(_, _, meshes)| meshes.get_mut(&key));
                if let Some(set) = ready {
                    set.used = frame;
                    out.push(moved(&set.mesh, screen_from_layout));
                } else if budget > 0 {
                    budget -= 1;
                    let mesh = text.text_mesh(text_shape, text_ppp);
                    out.push(moved(&mesh, screen_from_layout));
                    if let Some((_, _, meshes)) = self.steps.get_mut(current) {
                        meshes.insert(
                            key,
                            SetText {
                                mesh,
                                _galley: Arc::clone(&text_shape.galley),
                                used: frame,
                            },
                        );
                    }
                } else if let Some(set) = self
                    .steps
                    .iter()
                    .find_map(|(_, _, meshes)| meshes.get(&key))
                {
                    // Another step's glyphs, scaled: soft for a frame or two.
                    self.pending = true;
                    out.push(moved(&set.mesh, screen_from_layout));
                } else {
                    self.pending = true;
                    let mut mesh = Mesh::default();
                    greeked(&mut mesh, text_shape);
                    out.push(moved(&Shape::mesh(mesh), screen_from_layout));
                }
            }
            if text.generation() == generation {
                for (_, _, meshes) in &mut self.steps {
                    if meshes.len() > MESHES_KEPT {
                        meshes.retain(|_, set| set.used == frame);
                    }
                }
                return;
            }
            out.truncate(start);
        }
    }

    /// Whether some text in view is not yet set at the current step (so
    /// another frame is needed to finish the picture).
    pub fn pending(&self) -> bool {
        self.pending
    }
}

/// For each strip of [`STRIP`] points from x = 0, the shapes that meet it.
fn strips(base: &[(Rect, Shape)]) -> Vec<Vec<u32>> {
    let mut strips: Vec<Vec<u32>> = Vec::new();
    for (index, (bounds, _)) in base.iter().enumerate() {
        let Ok(index) = u32::try_from(index) else {
            break;
        };
        let (first, last) = strip_range(bounds.x_range());
        if strips.len() <= last {
            strips.resize_with(last + 1, Vec::new);
        }
        for strip in strips.iter_mut().take(last + 1).skip(first) {
            strip.push(index);
        }
    }
    strips
}

/// The strips `x` covers, first and last.
fn strip_range(x: epaint::emath::Rangef) -> (usize, usize) {
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "clamped to the strips of a picture a few million points wide"
    )]
    let strip = |x: f32| (x / STRIP).floor().clamp(0.0, 65_535.0) as usize;
    if x.min > x.max {
        return (1, 0);
    }
    (strip(x.min), strip(x.max))
}

/// The shapes of `base` that meet `visible`, in drawing order.
fn in_view(strips: &[Vec<u32>], base: &[(Rect, Shape)], visible: Rect) -> Vec<usize> {
    let (first, last) = strip_range(visible.x_range());
    let mut found: Vec<usize> = Vec::new();
    for (n, strip) in strips.iter().enumerate().take(last + 1).skip(first) {
        for &index in strip {
            let index = index as usize;
            let Some((bounds, _)) = base.get(index) else {
                continue;
            };
            // A shape across several strips counts in the first one in view.
            if bounds.intersects(visible) && strip_range(bounds.x_range()).0.max(first) == n {
                found.push(index);
            }
        }
    }
    found.sort_unstable();
    found
}

/// `shape` (in layout coordinates) copied and moved to the screen.
fn moved(shape: &Shape, screen_from_layout: TSTransform) -> Shape {
    let mut shape = shape.clone();
    shape.transform(screen_from_layout);
    shape
}

/// The far picture: boxes, dots and polygons as flat triangles, texts as
/// grey bars, merged into meshes; lines and curves stay shapes.
fn simplified(base: &[(Rect, Shape)]) -> Vec<(Rect, Shape)> {
    let mut out = Vec::new();
    let mut mesh = Mesh::default();
    let mut bounds = Rect::NOTHING;
    let mut quads = 0;
    let flush = |out: &mut Vec<(Rect, Shape)>, mesh: &mut Mesh, bounds: &mut Rect| {
        if !mesh.is_empty() {
            out.push((*bounds, Shape::mesh(std::mem::take(mesh))));
        }
        *bounds = Rect::NOTHING;
    };
    for (shape_bounds, shape) in base {
        let added = match shape {
            Shape::Rect(rect) => {
                if rect.fill.a() > 0 {
                    mesh.add_colored_rect(rect.rect, rect.fill);
                } else if rect.stroke.width > 0.0 {
                    outline(&mut mesh, rect.rect, rect.stroke.width, rect.stroke.color);
                }
                true
            }
            Shape::Circle(circle) => {
                let color = if circle.fill.a() > 0 {
                    circle.fill
                } else {
                    circle.stroke.color
                };
                let side = circle.radius * 1.6;
                mesh.add_colored_rect(
                    Rect::from_center_size(circle.center, epaint::vec2(side, side)),
                    color,
                );
                true
            }
            Shape::Path(path) if path.closed && path.fill.a() > 0 && path.points.len() >= 3 => {
                fan(&mut mesh, &path.points, path.fill);
                true
            }
            Shape::Text(text) => {
                greeked(&mut mesh, text);
                true
            }
            _ => false,
        };
        if added {
            bounds = bounds.union(*shape_bounds);
            quads += 1;
            if quads >= QUADS_PER_MESH {
                flush(&mut out, &mut mesh, &mut bounds);
                quads = 0;
            }
        } else {
            flush(&mut out, &mut mesh, &mut bounds);
            quads = 0;
            out.push((*shape_bounds, shape.clone()));
        }
    }
    flush(&mut out, &mut mesh, &mut bounds);
    out
}

/// A rectangle's outline as four flat bars.
fn outline(mesh: &mut Mesh, rect: Rect, width: f32, color: Color32) {
    let (min, max) = (rect.min, rect.max);
    mesh.add_colored_rect(Rect::from_min_max(min, pos2(max.x, min.y + width)), color);
    mesh.add_colored_rect(Rect::from_min_max(pos2(min.x, max.y - width), max), color);
    mesh.add_colored_rect(Rect::from_min_max(min, pos2(min.x + width, max.y)), color);
    mesh.add_colored_rect(Rect::from_min_max(pos2(max.x - width, min.y), max), color);
}

/// A convex polygon as a triangle fan.
fn fan(mesh: &mut Mesh, points: &[Pos2], color: Color32) {
    let Ok(base) = u32::try_from(mesh.vertices.len()) else {
        return;
    };
    mesh.vertices.extend(points.iter().map(|&pos| Vertex {
        pos,
        uv: epaint::WHITE_UV,
        color,
    }));
    let Ok(count) = u32::try_from(points.len()) else {
        return;
    };
    for i in 1..count.saturating_sub(1) {
        mesh.add_triangle(base, base + i, base + i + 1);
    }
}

/// A text as a grey bar per row, as a page looks from afar.
fn greeked(mesh: &mut Mesh, text: &epaint::TextShape) {
    let color = text.fallback_color.gamma_multiply(0.35);
    for row in &text.galley.rows {
        let rect = row.rect().translate(text.pos.to_vec2());
        if rect.width() <= 0.0 {
            continue;
        }
        let bar = Rect::from_center_size(
            rect.center(),
            epaint::vec2(rect.width(), rect.height() * 0.5),
        );
        mesh.add_colored_rect(bar, color);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use eframe::egui::{Stroke, vec2};

    /// Shapes scattered over a wide picture, some across many strips, some empty.
    fn scattered() -> Vec<(Rect, Shape)> {
        let mut seed = 12_345u32;
        let mut next = move || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            f32::from(u16::try_from(seed >> 16).unwrap_or(0)) / 65_535.0
        };
        (0..2_000)
            .map(|i| {
                let min = pos2(next() * 20_000.0, next() * 3_000.0);
                let size = if i % 50 == 0 {
                    vec2(next() * 8_000.0, 20.0)
                } else {
                    vec2(next() * 300.0, next() * 200.0)
                };
                let rect = Rect::from_min_size(min, size);
                (rect, Shape::rect_filled(rect, 0.0, Color32::RED))
            })
            .chain(std::iter::once((Rect::NOTHING, Shape::Noop)))
            .collect()
    }

    #[test]
    fn the_strips_find_exactly_the_shapes_in_view_in_drawing_order() {
        let base = scattered();
        let strips = strips(&base);
        for view in [
            Rect::from_min_size(pos2(0.0, 0.0), vec2(1_600.0, 1_000.0)),
            Rect::from_min_size(pos2(7_777.0, 1_200.0), vec2(900.0, 700.0)),
            Rect::from_min_size(pos2(-500.0, -500.0), vec2(30_000.0, 9_000.0)),
            Rect::from_min_size(pos2(19_700.0, 0.0), vec2(300.0, 3_000.0)),
        ] {
            let brute: Vec<usize> = base
                .iter()
                .enumerate()
                .filter(|(_, (bounds, _))| bounds.intersects(view))
                .map(|(i, _)| i)
                .collect();
            assert!(!brute.is_empty());
            assert_eq!(in_view(&strips, &base, view), brute, "{view:?}");
        }
    }

    #[test]
    fn far_out_boxes_and_texts_merge_into_meshes_and_lines_stay() {
        let boxes = (0..10u8).map(|i| {
            let rect = Rect::from_min_size(pos2(f32::from(i) * 10.0, 0.0), vec2(8.0, 8.0));
            (rect, Shape::rect_filled(rect, 2.0, Color32::BLUE))
        });
        let line = Shape::hline(0.0..=100.0, 50.0, Stroke::new(1.0, Color32::BLACK));
        let mut base: Vec<(Rect, Shape)> = boxes.collect();
        base.push((line.visual_bounding_rect(), line));
        let far = simplified(&base);
        assert_eq!(far.len(), 2, "one mesh of boxes, then the line");
        let Some((bounds, Shape::Mesh(mesh))) = far.first() else {
            panic!("a mesh first: {far:?}");
        };
        assert_eq!(mesh.vertices.len(), 40, "four corners a box");
        assert_eq!(*bounds, Rect::from_min_max(pos2(0.0, 0.0), pos2(98.0, 8.0)));
        assert!(matches!(far.get(1), Some((_, Shape::LineSegment { .. }))));
    }
}
