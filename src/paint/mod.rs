//! THE painter: a laid-out journey as epaint shapes, coloured by the theme.
//! The editor's canvas and the PNG export both draw through [`journey_shapes`],
//! so what you see is what you export.
//!
//! Shapes are in the layout's coordinates (points, the picture's top-left at
//! the origin); the canvas translates them, the export draws them as they are.

pub mod photo;

use epaint::{
    Color32, CornerRadius, CubicBezierShape, Pos2, Rect, RectShape, Shape, Stroke, StrokeKind,
    pos2, vec2,
};

use crate::layout::{JourneyLayout, Mark, PanelKind, TextRole, smooth_path};
use crate::model::{Funnel, LinkKind};
use crate::theme::{SIZES, Theme};

pub use self::photo::{Photo, PhotoError, PhotoTextures};

/// Every shape of a laid-out journey, back to front. `photo` is the persona's
/// photo texture, or `None` for the initials placeholder.
pub fn journey_shapes(layout: &JourneyLayout, theme: &Theme, photo: Option<&Photo>) -> Vec<Shape> {
    let mut shapes = Vec::with_capacity(layout.texts.len() + layout.cards.len() * 3 + 64);
    background_shapes(&mut shapes, layout, theme);
    if let Some(curve) = &layout.curve {
        curve_shapes(&mut shapes, curve, theme);
    }
    card_shapes(&mut shapes, layout, theme);
    for column in &layout.columns {
        if let Some(center) = column.star {
            star(&mut shapes, center, SIZES.star, theme.star);
        }
    }
    link_shapes(&mut shapes, layout, theme);
    photo_shapes(&mut shapes, layout, theme, photo);
    for text in &layout.texts {
        let color = match text.role {
            TextRole::Title | TextRole::Body => theme.text,
            TextRole::Muted => theme.muted,
            TextRole::OnAccent => theme.on_accent,
            TextRole::Alarm => theme.alarm,
        };
        shapes.push(Shape::galley(text.pos, text.galley.clone(), color));
    }
    shapes
}

/// Lane bands and separators, boxes and pills.
fn background_shapes(shapes: &mut Vec<Shape>, layout: &JourneyLayout, theme: &Theme) {
    let radius = CornerRadius::same(u8_radius(SIZES.radius));
    for lane in &layout.lanes {
        if lane.index % 2 == 1 {
            shapes.push(Shape::rect_filled(
                lane.rect,
                CornerRadius::ZERO,
                theme.band,
            ));
        }
        shapes.push(Shape::hline(
            lane.rect.x_range(),
            lane.rect.top(),
            Stroke::new(SIZES.hairline, theme.border),
        ));
    }
    for panel in &layout.panels {
        let shape = match &panel.kind {
            PanelKind::Persona | PanelKind::Stage(_) | PanelKind::Kpis(_) => {
                Shape::Rect(RectShape::new(
                    panel.rect,
                    radius,
                    theme.panel,
                    Stroke::new(SIZES.hairline, theme.border),
                    StrokeKind::Inside,
                ))
            }
            PanelKind::Step(_) => Shape::rect_filled(panel.rect, radius, theme.panel),
            PanelKind::Funnel(funnel) => {
                let color = match funnel {
                    Funnel::Tofu => theme.funnel[0],
                    Funnel::Mofu => theme.funnel[1],
                    Funnel::Bofu => theme.funnel[2],
                    Funnel::None => theme.muted,
                };
                Shape::rect_filled(panel.rect, pill(panel.rect), color)
            }
            PanelKind::JourneyKind => {
                Shape::rect_filled(panel.rect, pill(panel.rect), theme.accent)
            }
        };
        shapes.push(shape);
    }
}

/// Cards, filled by lane, with a stripe for a channel or a severity.
fn card_shapes(shapes: &mut Vec<Shape>, layout: &JourneyLayout, theme: &Theme) {
    let radius = CornerRadius::same(u8_radius(SIZES.radius));
    let left = CornerRadius {
        nw: radius.nw,
        sw: radius.sw,
        ne: 0,
        se: 0,
    };
    let border = Stroke::new(SIZES.hairline, theme.border.gamma_multiply(0.8));
    for card in &layout.cards {
        shapes.push(Shape::Rect(RectShape::new(
            card.rect,
            radius,
            theme.card(card.lane),
            border,
            StrokeKind::Inside,
        )));
        let stripe = match &card.mark {
            Mark::None => None,
            Mark::Channel(id) => Some(theme.channel(id)),
            Mark::Severity(severity) => Some(theme.severity(*severity)),
        };
        if let Some(color) = stripe {
            let rect = Rect::from_min_size(card.rect.min, vec2(SIZES.stripe, card.rect.height()));
            shapes.push(Shape::rect_filled(rect, left, color));
        }
    }
}

/// Links above the cards they join: paths solid, resolutions in green, relations dashed.
fn link_shapes(shapes: &mut Vec<Shape>, layout: &JourneyLayout, theme: &Theme) {
    for link in &layout.links {
        let color = match link.kind {
            LinkKind::Path => theme.accent,
            LinkKind::Resolves => theme.channels[1],
            LinkKind::Related => theme.muted,
        };
        let stroke = Stroke::new(SIZES.line * 0.75, color);
        if link.kind == LinkKind::Related {
            shapes.extend(Shape::dashed_line(
                &link.points,
                stroke,
                SIZES.dash[0],
                SIZES.dash[1],
            ));
        } else {
            shapes.push(Shape::line(link.points.clone(), stroke));
        }
        if let [.., from, to] = link.points.as_slice() {
            arrow_head(shapes, *from, *to, color);
        }
    }
}

/// The persona's photo in a circle, or its initials on the accent colour.
fn photo_shapes(
    shapes: &mut Vec<Shape>,
    layout: &JourneyLayout,
    theme: &Theme,
    photo: Option<&Photo>,
) {
    let Some(place) = &layout.photo else { return };
    let circle = CornerRadius::same(u8_radius(place.rect.width() / 2.0));
    if let Some(photo) = photo {
        let uv = Rect::from_min_max(Pos2::ZERO, pos2(1.0, 1.0));
        shapes.push(Shape::Rect(
            RectShape::filled(place.rect, circle, Color32::WHITE)
                .with_texture(photo.texture_id, uv),
        ));
    } else {
        shapes.push(Shape::rect_filled(place.rect, circle, theme.accent));
        let initials = &place.initials;
        shapes.push(Shape::galley(
            initials.pos,
            initials.galley.clone(),
            theme.on_accent,
        ));
    }
}

fn curve_shapes(shapes: &mut Vec<Shape>, curve: &crate::layout::Curve, theme: &Theme) {
    let x_range = curve.plot.x_range();
    for &(y, _) in &curve.gridlines {
        shapes.push(Shape::hline(
            x_range,
            y,
            Stroke::new(SIZES.hairline, theme.border.gamma_multiply(0.7)),
        ));
    }
    shapes.push(Shape::hline(
        x_range,
        curve.neutral_y,
        Stroke::new(SIZES.hairline * 1.5, theme.border),
    ));
    let points: Vec<Pos2> = curve.points.iter().map(|p| p.pos).collect();
    let stroke = Stroke::new(SIZES.line * 1.5, theme.accent);
    for segment in smooth_path(&points, curve.plot.top(), curve.plot.bottom()) {
        shapes.push(Shape::CubicBezier(CubicBezierShape::from_points_stroke(
            segment,
            false,
            Color32::TRANSPARENT,
            stroke,
        )));
    }
    for point in &curve.points {
        if point.dip {
            shapes.push(Shape::circle_filled(
                point.pos,
                SIZES.dip,
                theme.alarm.gamma_multiply(0.25),
            ));
            shapes.push(Shape::circle_stroke(
                point.pos,
                SIZES.dip,
                Stroke::new(SIZES.hairline * 1.5, theme.alarm),
            ));
        }
        let fill = if point.dip { theme.alarm } else { theme.accent };
        shapes.push(Shape::circle_filled(point.pos, SIZES.point, fill));
        shapes.push(Shape::circle_stroke(
            point.pos,
            SIZES.point,
            Stroke::new(SIZES.hairline * 1.5, theme.background),
        ));
    }
}

/// A five-pointed star: a convex pentagon and five convex tips.
fn star(shapes: &mut Vec<Shape>, center: Pos2, radius: f32, color: Color32) {
    let inner = radius * 0.45;
    let at = |i: usize, r: f32| {
        #[expect(clippy::cast_precision_loss, reason = "i < 10")]
        let angle = -std::f32::consts::FRAC_PI_2 + i as f32 * std::f32::consts::PI / 5.0;
        center + vec2(angle.cos(), angle.sin()) * r
    };
    let pentagon: Vec<Pos2> = (0..5).map(|k| at(2 * k + 1, inner)).collect();
    shapes.push(Shape::convex_polygon(pentagon, color, Stroke::NONE));
    for k in 0..5 {
        let tip = at(2 * k, radius);
        let left = at((2 * k + 9) % 10, inner);
        let right = at(2 * k + 1, inner);
        shapes.push(Shape::convex_polygon(
            vec![left, tip, right],
            color,
            Stroke::NONE,
        ));
    }
}

fn arrow_head(shapes: &mut Vec<Shape>, from: Pos2, to: Pos2, color: Color32) {
    let dir = (to - from).normalized();
    if !dir.is_finite() {
        return;
    }
    let length = SIZES.arrow;
    let back = to - dir * length;
    let wing = dir.rot90() * (length * 0.5);
    shapes.push(Shape::convex_polygon(
        vec![to, back + wing, back - wing],
        color,
        Stroke::NONE,
    ));
}

/// Fully rounded ends for a pill.
fn pill(rect: Rect) -> CornerRadius {
    CornerRadius::same(u8_radius(rect.height() / 2.0))
}

#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "clamped to 0..=255 first"
)]
fn u8_radius(r: f32) -> u8 {
    r.round().clamp(0.0, 255.0) as u8
}
