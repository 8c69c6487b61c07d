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
    /// A dip: the bottom of a valley (no neighbour lower, one higher), below
    /// the middle of the scale.
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
    // A plus sign only on a scale around zero: on 1..5 every score is positive.
    let signed = scale.min < 0;
    for &(y, value) in &gridlines {
        let label = if value > 0 && signed {
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
            .map
            .step(step_id)
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
        // The bottom of a valley, a flat one too: no neighbour lower, one
        // neighbour higher (or no neighbours at all).
        let no_lower = |other: Option<&f32>| other.is_none_or(|o| point.score <= *o);
        let higher = |other: Option<&f32>| other.is_some_and(|o| point.score < *o);
        let alone = before.is_none() && after.is_none();
        point.dip = point.score < middle
            && no_lower(before)
            && no_lower(after)
            && (alone || higher(before) || higher(after));
    }

    // Each point's score, just above it.
    for point in &points {
        let label = score_label(point.score, signed);
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
fn score_label(score: f32, signed: bool) -> String {
    let text = if (score - score.round()).abs() < 0.05 {
        format!("{:.0}", score.round())
    } else {
        format!("{score:.1}")
    };
    if score > 0.0 && signed {
        format!("+{text}")
    } else {
        text
    }
}

/// The smooth path through `points` (left to right) as cubic Bézier
/// segments: a monotone cubic (Fritsch-Carlson), so the curve never swings
/// above or below its points - a flat stretch stays flat and a peak or a dip
/// is exactly at its step, not beside it. Control points are kept between
/// `top` and `bottom` so the curve stays in its lane.
pub fn smooth_path(points: &[Pos2], top: f32, bottom: f32) -> Vec<[Pos2; 4]> {
    let slopes: Vec<f32> = points
        .windows(2)
        .map(|pair| {
            let dx = pair[1].x - pair[0].x;
            if dx.abs() < f32::EPSILON {
                0.0
            } else {
                (pair[1].y - pair[0].y) / dx
            }
        })
        .collect();
    // A tangent per point: zero at a peak, a dip or a flat; otherwise the
    // mean of the slopes around it, limited so the segment stays monotone.
    let tangents: Vec<f32> = (0..points.len())
        .map(|i| {
            let before = i.checked_sub(1).and_then(|j| slopes.get(j)).copied();
            let after = slopes.get(i).copied();
            match (before, after) {
                (Some(b), Some(a)) if b * a > 0.0 => {
                    let mean = f32::midpoint(a, b);
                    let limit = 3.0 * a.abs().min(b.abs());
                    mean.clamp(-limit, limit)
                }
                (Some(_), Some(_)) | (None, None) => 0.0,
                (Some(only), None) | (None, Some(only)) => only,
            }
        })
        .collect();
    let clamp = |p: Pos2| pos2(p.x, p.y.clamp(top, bottom));
    points
        .windows(2)
        .zip(tangents.windows(2))
        .map(|(pair, m)| {
            let (p1, p2) = (pair[0], pair[1]);
            let third = (p2.x - p1.x) / 3.0;
            let c1 = clamp(p1 + vec2(third, m[0] * third));
            let c2 = clamp(p2 - vec2(third, m[1] * third));
            [p1, c1, c2, p2]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Points along a segment, densely.
    fn sample(segment: [Pos2; 4]) -> Vec<Pos2> {
        let [p0, p1, p2, p3] = segment;
        (0..=32u8)
            .map(|step| {
                let t = f32::from(step) / 32.0;
                let rest = 1.0 - t;
                let weights = [
                    rest * rest * rest,
                    3.0 * rest * rest * t,
                    3.0 * rest * t * t,
                    t * t * t,
                ];
                pos2(
                    weights[0] * p0.x + weights[1] * p1.x + weights[2] * p2.x + weights[3] * p3.x,
                    weights[0] * p0.y + weights[1] * p1.y + weights[2] * p2.y + weights[3] * p3.y,
                )
            })
            .collect()
    }

    #[test]
    fn the_curve_passes_through_its_points_and_never_overshoots_them() {
        let ys = [50.0, 20.0, 80.0, 80.0, 10.0, 60.0, 55.0];
        let points: Vec<Pos2> = ys
            .iter()
            .zip(0u8..)
            .map(|(&y, i)| pos2(f32::from(i) * 100.0, y))
            .collect();
        let path = smooth_path(&points, 0.0, 100.0);
        assert_eq!(path.len(), points.len() - 1);
        for (i, segment) in path.iter().enumerate() {
            assert_eq!(segment[0], points[i]);
            assert_eq!(segment[3], points[i + 1]);
            let (lo, hi) = (
                points[i].y.min(points[i + 1].y),
                points[i].y.max(points[i + 1].y),
            );
            for p in sample(*segment) {
                assert!(
                    p.y >= lo - 0.01 && p.y <= hi + 0.01,
                    "segment {i} leaves {lo}..{hi}: {p:?}"
                );
            }
        }
    }
}
