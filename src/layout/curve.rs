//! The emotion curve: a point per scored step over the map's declared scale,
//! gridlines at whole values, dips marked, and the smooth path through the points.

use epaint::{Pos2, Rect, pos2, vec2};

use crate::i18n::Phrase;
use crate::model::{EmotionScale, LaneId, StepId};
use crate::theme::{self, SIZES};

use super::{Builder, Text, TextRole, f32_from};

/// The curve's geometry.
#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    /// Its lane.
    pub lane: LaneId,
    /// The lane's row (without the label column).
    pub rect: Rect,
    /// The band the scale maps onto: `max` at the top, `min` at the bottom.
    pub plot: Rect,
    /// One horizontal gridline per whole value shown: its y and its value.
    pub gridlines: Vec<(f32, i32)>,
    /// The y of the scale's neutral value (0 when the scale spans it, else its middle).
    pub neutral_y: f32,
    /// The scored steps, left to right.
    pub points: Vec<CurvePoint>,
}

/// One step's score on the curve.
#[derive(Clone, Debug, PartialEq)]
pub struct CurvePoint {
    /// The step.
    pub step: StepId,
    /// Where.
    pub pos: Pos2,
    /// The score (clamped to the scale).
    pub score: f32,
    /// A dip: lower than its neighbours and below the middle of the scale.
    pub dip: bool,
}

impl Curve {
    /// The y of `score` on this curve's scale.
    pub fn y_of(&self, score: f32, scale: EmotionScale) -> f32 {
        y_of(self.plot, score, scale)
    }
}

fn y_of(plot: Rect, score: f32, scale: EmotionScale) -> f32 {
    let (min, max) = scale_bounds(scale);
    let t = if max > min {
        (score.clamp(min, max) - min) / (max - min)
    } else {
        0.5
    };
    plot.bottom() - t * plot.height()
}

#[expect(
    clippy::cast_precision_loss,
    reason = "scale bounds are small integers"
)]
fn scale_bounds(scale: EmotionScale) -> (f32, f32) {
    (scale.min as f32, scale.max as f32)
}

/// A gridline at every whole value of the scale, or at every n-th on a wide
/// one (at most 11 lines); in i64 so a hand-made scale cannot overflow.
fn gridlines(plot: Rect, scale: EmotionScale) -> Vec<(f32, i32)> {
    let (low, high) = (i64::from(scale.min), i64::from(scale.max));
    let every = ((high - low).max(1) + 9) / 10;
    let mut lines = Vec::new();
    let mut value = low;
    while value <= high {
        if let Ok(value) = i32::try_from(value) {
            #[expect(
                clippy::cast_precision_loss,
                reason = "a label's position, not a value"
            )]
            lines.push((y_of(plot, value as f32, scale), value));
        }
        value += every;
    }
    lines
}

pub(super) fn layout(
    builder: &mut Builder<'_, '_>,
    lane: LaneId,
    top: f32,
    first_x: f32,
    column_width: f32,
    height: f32,
) -> Curve {
    let sz = SIZES;
    let scale = builder.map.emotion_scale;
    let columns = builder.out.columns.clone();
    let right = first_x + column_width * f32_from(columns.len()) - sz.gap;
    let rect = Rect::from_min_max(pos2(first_x, top), pos2(right, top + height));
    let plot = Rect::from_min_max(
        pos2(first_x, top + sz.pad * 2.0),
        pos2(right, top + height - sz.pad * 2.0),
    );

    let gridlines = gridlines(plot, scale);
    let (min, max) = scale_bounds(scale);
    let neutral = if min <= 0.0 && max >= 0.0 {
        0.0
    } else {
        f32::midpoint(min, max)
    };
    let neutral_y = y_of(plot, neutral, scale);

    // Labels of the gridlines, right-aligned in the label column.
    let label_right = first_x - sz.pad;
    for &(y, value) in &gridlines {
        let label = if value > 0 {
            format!("+{value}")
        } else {
            value.to_string()
        };
        let galley = builder.galley(&label, theme::regular(sz.small), sz.label_width, 1);
        let pos = pos2(label_right - galley.size().x, y - galley.size().y / 2.0);
        builder.out.texts.push(Text {
            galley,
            pos,
            role: TextRole::Muted,
        });
    }

    // Points at the centre of their step column.
    let mut points: Vec<CurvePoint> = Vec::new();
    for (c, column) in columns.iter().enumerate() {
        let Some(step_id) = &column.step else {
            continue;
        };
        let Some(score) = builder
            .journey
            .stages
            .iter()
            .flat_map(|stage| &stage.steps)
            .find(|step| &step.id == step_id)
            .and_then(|step| step.score)
            .filter(|score| score.is_finite())
        else {
            continue;
        };
        let score = score.clamp(min, max);
        let x = first_x + column_width * f32_from(c) + (column_width - sz.gap) / 2.0;
        points.push(CurvePoint {
            step: step_id.clone(),
            pos: pos2(x, y_of(plot, score, scale)),
            score,
            dip: false,
        });
    }
    let middle = f32::midpoint(min, max);
    let scores: Vec<f32> = points.iter().map(|p| p.score).collect();
    for (i, point) in points.iter_mut().enumerate() {
        let before = i.checked_sub(1).and_then(|j| scores.get(j));
        let after = scores.get(i + 1);
        let lower_than = |other: Option<&f32>| other.is_none_or(|o| point.score < *o);
        point.dip = point.score < middle && lower_than(before) && lower_than(after);
    }

    // Each point's score, just above it.
    for point in &points {
        let label = score_label(point.score);
        let galley = builder.galley(&label, theme::bold(sz.small), column_width, 1);
        let lift = if point.dip { 11.0 } else { 6.0 };
        let pos = point.pos + vec2(-galley.size().x / 2.0, -galley.size().y - lift);
        builder.out.texts.push(Text {
            galley,
            pos,
            role: TextRole::Muted,
        });
    }
    if points.is_empty() {
        let text = builder.lang.text(Phrase::NoScores);
        let galley = builder.galley(text, theme::regular(sz.body), rect.width(), 1);
        let pos = pos2(first_x + sz.pad, neutral_y - galley.size().y - 4.0);
        builder.out.texts.push(Text {
            galley,
            pos,
            role: TextRole::Muted,
        });
    }

    Curve {
        lane,
        rect,
        plot,
        gridlines,
        neutral_y,
        points,
    }
}

/// `+1`, `0`, `-1.5`: whole scores without decimals, imported averages with one.
fn score_label(score: f32) -> String {
    let text = if (score - score.round()).abs() < 0.05 {
        format!("{:.0}", score.round())
    } else {
        format!("{score:.1}")
    };
    if score > 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

/// The smooth path through `points` as cubic Bézier segments (Catmull-Rom:
/// each segment's tangents point from the previous to the next point), with
/// control points kept between `top` and `bottom` so the curve stays in its lane.
pub fn smooth_path(points: &[Pos2], top: f32, bottom: f32) -> Vec<[Pos2; 4]> {
    let clamp = |p: Pos2| pos2(p.x, p.y.clamp(top, bottom));
    points
        .windows(2)
        .enumerate()
        .map(|(i, pair)| {
            let (p1, p2) = (pair[0], pair[1]);
            let p0 = i
                .checked_sub(1)
                .and_then(|j| points.get(j))
                .copied()
                .unwrap_or(p1);
            let p3 = points.get(i + 2).copied().unwrap_or(p2);
            let c1 = clamp(p1 + (p2 - p0) / 6.0);
            let c2 = clamp(p2 - (p3 - p1) / 6.0);
            [p1, c1, c2, p2]
        })
        .collect()
}
