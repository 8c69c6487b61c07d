//! The grid: stage headers, step headers, lane rows with their cards, the
//! KPI boxes, and the links between cards.

use std::collections::HashMap;

use epaint::{Pos2, Rect, pos2, vec2};

use crate::i18n::{Counted, Lang, Phrase};
use crate::model::{Card, Journey, LaneKind, Metric, Stage};
use crate::theme::{self, SIZES};

use super::{
    Builder, CardBox, Column, LaneRow, LinkRoute, Mark, Panel, PanelKind, Pen, Text, TextRole,
    curve, f32_from, job, number, usize_floor,
};

/// Where the grid's columns start and how wide each is.
#[derive(Clone, Copy)]
struct Columns {
    first_x: f32,
    width: f32,
}

impl Columns {
    /// The left edge of column `index`.
    fn x(self, index: usize) -> f32 {
        self.first_x + self.width * f32_from(index)
    }

    /// The width of `count` columns, without the last gap.
    fn span(self, count: usize) -> f32 {
        self.width * f32_from(count.max(1)) - SIZES.gap
    }
}

/// Each stage with the left edge and the width of its columns.
fn stage_spans(journey: &Journey, columns: Columns) -> Vec<(&Stage, f32, f32)> {
    let mut index = 0;
    journey
        .stages
        .iter()
        .map(|stage| {
            let span = (stage, columns.x(index), columns.span(stage.steps.len()));
            index += stage.steps.len().max(1);
            span
        })
        .collect()
}

impl Builder<'_, '_> {
    /// Stage headers, step headers and the lanes below them; returns the bottom.
    pub(super) fn grid(&mut self, top: f32, column_width: f32) -> f32 {
        let sz = SIZES;
        let columns = Columns {
            first_x: sz.margin + sz.label_width,
            width: column_width,
        };
        let stage_bottom = self.stage_headers(top, columns);
        let step_bottom = self.step_headers(stage_bottom + sz.gap / 2.0, columns);
        let bottom = self.lane_rows(step_bottom + sz.gap, columns);
        for column in &mut self.out.columns {
            column.rect.max.y = bottom;
        }
        let right = columns.x(self.out.columns.len()) - sz.gap;
        self.out.grid = Rect::from_min_max(pos2(sz.margin, top), pos2(right, bottom));
        self.links();
        bottom
    }

    /// A header per stage: name, funnel pill, customer role, goal; returns the bottom.
    fn stage_headers(&mut self, top: f32, columns: Columns) -> f32 {
        let sz = SIZES;
        let mut bottom = top;
        let mut spans = Vec::new();
        let mut pills = Vec::new();
        for (stage, x, w) in stage_spans(self.journey, columns) {
            let text_w = w - 2.0 * sz.pad;
            let mut y = top + sz.pad;
            let pill = self
                .lang
                .funnel(stage.funnel)
                .map(|tag| self.galley(tag, theme::bold(sz.small), text_w, 1));
            let pill_w = pill.as_ref().map_or(0.0, |g| g.size().x + 1.5 * sz.pad);
            let name = Pen::new(
                theme::bold(sz.stage),
                (text_w - pill_w - sz.pad).max(text_w * 0.5),
                2,
                TextRole::Title,
            );
            let name_height = self.write(&stage.name, pos2(x + sz.pad, y), &name).y;
            if let Some(pill) = pill {
                let size = self.text_size(&pill, &theme::bold(sz.small)) + vec2(1.5 * sz.pad, 4.0);
                let rect = Rect::from_min_size(pos2(x + w - sz.pad - size.x, y), size);
                pills.push(Panel {
                    rect,
                    kind: PanelKind::Funnel(stage.funnel),
                });
                self.out.texts.push(Text {
                    galley: pill,
                    pos: rect.min + vec2(0.75 * sz.pad, 2.0),
                    role: TextRole::OnAccent,
                });
            }
            y += name_height + 2.0;
            if !stage.customer_role.is_empty() {
                let role = format!(
                    "{}: {}",
                    self.lang.text(Phrase::CustomerRole),
                    stage.customer_role
                );
                let pen = Pen::new(theme::regular(sz.small + 1.0), text_w, 2, TextRole::Muted);
                y += self.write(&role, pos2(x + sz.pad, y), &pen).y;
            }
            if !stage.goal.is_empty() {
                let goal = format!("{}: {}", self.lang.text(Phrase::Goal), stage.goal);
                let pen = Pen::new(theme::regular(sz.small + 1.0), text_w, 3, TextRole::Body);
                y += 2.0 + self.write(&goal, pos2(x + sz.pad, y + 2.0), &pen).y;
            }
            bottom = bottom.max(y + sz.pad);
            spans.push((stage.id.clone(), x, w));
        }
        for (id, x, w) in spans {
            let rect = Rect::from_min_max(pos2(x, top), pos2(x + w, bottom));
            self.out.panels.push(Panel {
                rect,
                kind: PanelKind::Stage(id),
            });
        }
        self.out.panels.extend(pills);
        bottom
    }

    /// A header per step (its name, a star for a moment of truth) and the
    /// grid's columns; returns the bottom.
    fn step_headers(&mut self, top: f32, columns: Columns) -> f32 {
        let sz = SIZES;
        let star = sz.body + 4.0;
        let inner = columns.width - sz.gap;
        let mut bottom = top;
        for stage in &self.journey.stages {
            if stage.steps.is_empty() {
                let x = columns.x(self.out.columns.len());
                self.out.columns.push(Column {
                    step: None,
                    stage: stage.id.clone(),
                    rect: Rect::from_min_size(pos2(x, top), vec2(inner, 0.0)),
                    star: None,
                });
            }
            for step in &stage.steps {
                let x = columns.x(self.out.columns.len());
                let text_x = x + sz.pad + if step.moment_of_truth { star } else { 0.0 };
                let pen = Pen::new(
                    theme::bold(sz.body),
                    x + inner - sz.pad - text_x,
                    3,
                    TextRole::Title,
                );
                let height = self.write(&step.name, pos2(text_x, top + sz.pad), &pen).y;
                bottom = bottom.max(top + height + 2.0 * sz.pad);
                self.out.columns.push(Column {
                    step: Some(step.id.clone()),
                    stage: stage.id.clone(),
                    rect: Rect::from_min_size(pos2(x, top), vec2(inner, 0.0)),
                    star: step
                        .moment_of_truth
                        .then(|| pos2(x + sz.pad + star / 2.0 - 1.0, top + sz.pad + sz.body * 0.7)),
                });
            }
        }
        for column in &mut self.out.columns {
            column.rect.max.y = bottom;
            if let Some(step) = &column.step {
                self.out.panels.push(Panel {
                    rect: column.rect,
                    kind: PanelKind::Step(step.clone()),
                });
            }
        }
        bottom
    }

    /// The shown lanes, each as tall as its tallest cell; returns the bottom.
    fn lane_rows(&mut self, top: f32, columns: Columns) -> f32 {
        let sz = SIZES;
        let map = self.map;
        let right = columns.x(self.out.columns.len()) - sz.gap;
        // The cards of each (lane, step) cell, in list order.
        let mut cells: HashMap<(&str, &str), Vec<(usize, &Card)>> = HashMap::new();
        for (index, card) in self.journey.cards.iter().enumerate() {
            cells
                .entry((card.lane.as_str(), card.step.as_str()))
                .or_default()
                .push((index, card));
        }
        let mut y = top;
        for (index, lane) in map.lanes.iter().filter(|l| !l.hidden).enumerate() {
            let name = if lane.name.trim().is_empty() {
                self.lang.lane_kind(lane.kind)
            } else {
                lane.name.as_str()
            };
            // The curve's scale labels sit on the right of its label cell.
            let scale_room = if lane.kind == LaneKind::Emotion {
                sz.scale_labels
            } else {
                0.0
            };
            let pen = Pen::new(
                theme::bold(sz.body),
                sz.label_width - 2.0 * sz.pad - scale_room,
                3,
                TextRole::Title,
            );
            let label_height = self
                .write(name, pos2(sz.margin + sz.pad, y + sz.pad), &pen)
                .y
                + 2.0 * sz.pad;
            let content_height = match lane.kind {
                LaneKind::Emotion => self.curve(&lane.id, y, columns),
                LaneKind::Kpis => self.kpis(y, columns),
                _ => self.cards(lane.kind, &cells, lane.id.as_str(), y, columns),
            };
            let h = content_height.max(label_height).max(sz.row_min_height);
            if let Some(curve) = self.out.curve.as_mut().filter(|c| c.lane == lane.id) {
                curve.rect.max.y = y + h;
            }
            let rect = Rect::from_min_max(pos2(sz.margin, y), pos2(right, y + h));
            self.out.lanes.push(LaneRow {
                id: lane.id.clone(),
                kind: lane.kind,
                rect,
                index,
            });
            y += h + sz.gap / 2.0;
        }
        y - sz.gap / 2.0
    }

    /// The cards of one lane, stacked per step; returns the row's height.
    fn cards(
        &mut self,
        kind: LaneKind,
        cells: &HashMap<(&str, &str), Vec<(usize, &Card)>>,
        lane: &str,
        top: f32,
        columns: Columns,
    ) -> f32 {
        let sz = SIZES;
        let card_w = columns.width - sz.gap - sz.pad;
        let text_w = card_w - 2.0 * sz.pad - sz.stripe;
        let small = Pen::new(theme::regular(sz.small), text_w, 1, TextRole::Muted);
        let body_row = self.line_height(&theme::regular(sz.body));
        let small_row = self.line_height(&theme::regular(sz.small));
        let mut tallest: f32 = 0.0;
        for index in 0..self.out.columns.len() {
            let Some(step) = self.out.columns.get(index).and_then(|c| c.step.clone()) else {
                continue;
            };
            let Some(cards) = cells.get(&(lane, step.as_str())) else {
                continue;
            };
            let x = columns.x(index) + sz.pad * 0.5;
            let text_x = x + sz.stripe + sz.pad;
            let mut y = top + sz.pad * 0.5;
            for &(card_index, card) in cards {
                let card_top = y;
                let mut cy = card_top + sz.pad * 0.75;
                let mut budget = sz.card_max_height - 1.5 * sz.pad;
                if let Some(meta) = self.meta_line(card, kind) {
                    let h = self.write(&meta, pos2(text_x, cy), &small).y + 2.0;
                    cy += h;
                    budget -= h;
                }
                if let Some(figures) = self.card_figures(card) {
                    let h = self.write(&figures, pos2(text_x, cy), &small).y + 2.0;
                    cy += h;
                    budget -= h;
                }
                let evidence = card
                    .evidence
                    .as_ref()
                    .filter(|e| !e.source.is_empty() || !e.date.is_empty());
                if evidence.is_some() {
                    budget -= small_row + 2.0;
                }
                // As many rows as fit under the card's maximum height; the rest is elided.
                let rows = usize_floor(budget / body_row).max(1);
                let (galley, elided) =
                    self.layout(job(&card.text, theme::regular(sz.body), text_w, rows));
                let text_height = self
                    .text_size(&galley, &theme::regular(sz.body))
                    .y
                    .max(body_row);
                self.out.texts.push(Text {
                    galley,
                    pos: pos2(text_x, cy),
                    role: TextRole::Body,
                });
                cy += text_height;
                if let Some(evidence) = evidence {
                    let parts: Vec<&str> = [evidence.source.as_str(), evidence.date.as_str()]
                        .into_iter()
                        .filter(|p| !p.is_empty())
                        .collect();
                    let source =
                        format!("{}: {}", self.lang.text(Phrase::Source), parts.join(", "));
                    cy += 2.0 + self.write(&source, pos2(text_x, cy + 2.0), &small).y;
                }
                let card_h = (cy + sz.pad * 0.75 - card_top).min(sz.card_max_height);
                let mark = match (kind, &card.channel, card.severity) {
                    (LaneKind::Touchpoints, Some(channel), _) => Mark::Channel(channel.to_string()),
                    (_, _, Some(severity)) => Mark::Severity(severity),
                    _ => Mark::None,
                };
                let rect = Rect::from_min_size(pos2(x, card_top), vec2(card_w, card_h));
                self.out.cards.push(CardBox {
                    id: card.id.clone(),
                    index: card_index,
                    lane: kind,
                    rect,
                    mark,
                    elided,
                });
                y = card_top + card_h + sz.gap * 0.75;
            }
            tallest = tallest.max(y - sz.gap * 0.75 + sz.pad * 0.5 - top);
        }
        tallest
    }

    /// A card's badge line: channel, intent and media of a touchpoint;
    /// severity and votes of a pain point.
    fn meta_line(&self, card: &Card, kind: LaneKind) -> Option<String> {
        let lang = self.lang;
        let mut parts: Vec<String> = Vec::new();
        if let Some(channel) = &card.channel {
            let name = self
                .map
                .channels
                .iter()
                .find(|c| &c.id == channel)
                .map_or_else(|| channel.to_string(), |c| c.name.clone());
            parts.push(name);
        }
        if let Some(intent) = card.intent {
            parts.push(lang.intent(intent).to_owned());
        }
        if let Some(media) = card.media {
            parts.push(lang.media(media).to_owned());
        }
        if let Some(severity) = card.severity {
            parts.push(lang.severity(severity).to_owned());
        }
        if card.votes > 0 || (kind == LaneKind::PainPoints && card.severity.is_some()) {
            parts.push(lang.count(u64::from(card.votes), Counted::Votes));
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    /// A card's imported figures on a line of their own (so a long channel
    /// name never cuts them off): customers who met it, and touches.
    fn card_figures(&self, card: &Card) -> Option<String> {
        let lang = self.lang;
        let mut parts = Vec::new();
        if let Some(customers) = card.figures.customers {
            parts.push(lang.count(customers, Counted::Customers));
        }
        if let Some(touches) = card.figures.touches {
            parts.push(lang.count(touches, Counted::Touches));
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    /// A stage's imported figures for its KPI box: customers who reached it
    /// and the share lost before the next stage.
    fn stage_figures(&self, stage: &Stage) -> Option<String> {
        let customers = stage.figures.customers?;
        let mut line = self.lang.count(customers, Counted::Customers);
        if let Some(drop_off) = stage.figures.drop_off {
            line = format!(
                "{line} · {}% {}",
                number(drop_off * 100.0),
                self.lang.text(Phrase::DropOff)
            );
        }
        Some(line)
    }

    /// One KPI box per stage; returns the row's height.
    fn kpis(&mut self, top: f32, columns: Columns) -> f32 {
        let sz = SIZES;
        let mut tallest: f32 = 0.0;
        let mut boxes = Vec::new();
        for (stage, x, w) in stage_spans(self.journey, columns) {
            let text_w = w - 2.0 * sz.pad;
            let name = Pen::new(theme::bold(sz.small + 1.0), text_w, 2, TextRole::Body);
            let mut y = top + sz.pad;
            let figures = self.stage_figures(stage);
            if stage.metrics.is_empty() && figures.is_none() {
                let pen = Pen::new(theme::regular(sz.small), text_w, 1, TextRole::Muted);
                y += self
                    .write(self.lang.text(Phrase::NoKpis), pos2(x + sz.pad, y), &pen)
                    .y;
            }
            for metric in &stage.metrics {
                y += self.write(&metric.name, pos2(x + sz.pad, y), &name).y;
                let (line, behind) = kpi_line(metric, self.lang);
                let role = if behind {
                    TextRole::Alarm
                } else {
                    TextRole::Muted
                };
                let pen = Pen::new(theme::regular(sz.small + 1.0), text_w, 2, role);
                y += self.write(&line, pos2(x + sz.pad, y), &pen).y + 4.0;
            }
            if let Some(figures) = figures {
                let pen = Pen::new(theme::regular(sz.small + 1.0), text_w, 2, TextRole::Muted);
                y += self.write(&figures, pos2(x + sz.pad, y), &pen).y + 4.0;
            }
            tallest = tallest.max(y + sz.pad - top);
            boxes.push((stage.id.clone(), x, w));
        }
        for (id, x, w) in boxes {
            let rect = Rect::from_min_size(pos2(x, top), vec2(w, tallest));
            self.out.panels.push(Panel {
                rect,
                kind: PanelKind::Kpis(id),
            });
        }
        tallest
    }

    /// The emotion curve's lane (only the first one shows it); returns its height.
    fn curve(&mut self, lane: &crate::model::LaneId, top: f32, columns: Columns) -> f32 {
        if self.out.curve.is_some() {
            return 0.0;
        }
        let height = SIZES.curve_height;
        let curve = curve::layout(
            self,
            lane.clone(),
            top,
            columns.first_x,
            columns.width,
            height,
        );
        self.out.curve = Some(curve);
        height
    }

    /// Routes every link whose two cards are on this journey's picture.
    fn links(&mut self) {
        let rects: HashMap<&str, Rect> = self
            .out
            .cards
            .iter()
            .map(|c| (c.id.as_str(), c.rect))
            .collect();
        let mut routes = Vec::new();
        for link in &self.journey.links {
            let (Some(&from), Some(&to)) =
                (rects.get(link.from.as_str()), rects.get(link.to.as_str()))
            else {
                continue;
            };
            let from_row = self
                .out
                .lanes
                .iter()
                .find(|l| l.rect.y_range().contains(from.center().y))
                .map_or(from, |l| l.rect);
            routes.push(LinkRoute {
                id: link.id.clone(),
                kind: link.kind,
                points: route(from, to, from_row),
            });
        }
        self.out.links = routes;
    }
}

/// An orthogonal route from card `from` to card `to` that runs only through
/// the gutters between columns and along the gap under (or over) the `from`
/// card's row, so it never crosses a card.
fn route(from: Rect, to: Rect, from_row: Rect) -> Vec<Pos2> {
    let gutter = SIZES.gap * 0.75;
    let dx = to.center().x - from.center().x;
    if dx.abs() < from.width() / 2.0 {
        // The same column: out of the left edge, along the gutter, into the left edge.
        let x = from.left().min(to.left()) - gutter;
        let a = pos2(from.left(), from.center().y);
        let b = pos2(to.left(), to.center().y);
        return vec![a, pos2(x, a.y), pos2(x, b.y), b];
    }
    let rightwards = dx > 0.0;
    let (a, b, exit_x, entry_x) = if rightwards {
        let a = pos2(from.right(), from.center().y);
        let b = pos2(to.left(), to.center().y);
        (a, b, from.right() + gutter, to.left() - gutter)
    } else {
        let a = pos2(from.left(), from.center().y);
        let b = pos2(to.right(), to.center().y);
        (a, b, from.left() - gutter, to.right() + gutter)
    };
    if dx.abs() < from.width() * 1.6 {
        // Neighbouring columns: through the gutter between them.
        return vec![a, pos2(entry_x, a.y), pos2(entry_x, b.y), b];
    }
    // Further: down (or up) the gutter, along the gap between rows, then up (or down).
    let lane_y = if to.center().y < from_row.top() {
        from_row.top() - SIZES.gap / 4.0
    } else {
        from_row.bottom() + SIZES.gap / 4.0
    };
    vec![
        a,
        pos2(exit_x, a.y),
        pos2(exit_x, lane_y),
        pos2(entry_x, lane_y),
        pos2(entry_x, b.y),
        b,
    ]
}

/// `actual / target unit (+x%)`, and whether the actual is behind the target
/// (a KPI whose name says "cost" or "time" is better when lower).
fn kpi_line(metric: &Metric, lang: Lang) -> (String, bool) {
    let unit = if metric.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", metric.unit)
    };
    let target = lang.text(Phrase::Target);
    match (metric.actual, metric.target) {
        (Some(actual), Some(goal)) => {
            let delta = if goal.abs() > f64::EPSILON {
                format!(" ({:+.0}%)", (actual - goal) / goal.abs() * 100.0)
            } else {
                String::new()
            };
            let lower_is_better = lower_is_better(&metric.name);
            let behind = if lower_is_better {
                actual > goal
            } else {
                actual < goal
            };
            (
                format!(
                    "{}{unit} / {target} {}{unit}{delta}",
                    number(actual),
                    number(goal)
                ),
                behind,
            )
        }
        (Some(actual), None) => (format!("{}{unit}", number(actual)), false),
        (None, Some(goal)) => (format!("{target} {}{unit}", number(goal)), false),
        (None, None) => ("-".to_owned(), false),
    }
}

fn lower_is_better(name: &str) -> bool {
    /// Word beginnings of KPIs that should go down: costs, times, lengths,
    /// losses, complaints, in English and Polish.
    const LOWER: [&str; 24] = [
        "cost",
        "cpl",
        "cac",
        "cpa",
        "cpc",
        "churn",
        "time",
        "length",
        "abandon",
        "bounce",
        "drop",
        "exit",
        "return",
        "complaint",
        "koszt",
        "czas",
        "długoś",
        "rezygnac",
        "porzuc",
        "odrzuc",
        "odejś",
        "zwrot",
        "reklamac",
        "error",
    ];
    /// A value is better when higher, even a "lifetime" one ("w czasie").
    const HIGHER: [&str; 4] = ["clv", "ltv", "value", "wartoś"];
    let name = name.to_lowercase();
    let words: Vec<&str> = name.split(|c: char| !c.is_alphanumeric()).collect();
    let starts = |list: &[&str]| {
        words
            .iter()
            .any(|word| list.iter().any(|w| word.starts_with(w)))
    };
    starts(&LOWER) && !starts(&HIGHER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cost_or_a_time_is_better_when_lower_and_lifetime_value_is_not() {
        assert!(lower_is_better("CPL (cost per lead)"));
        assert!(lower_is_better("Time to first sales contact"));
        assert!(lower_is_better("Koszt pozyskania klienta"));
        assert!(lower_is_better("Cart abandonment rate"));
        assert!(lower_is_better("Bounce rate"));
        assert!(lower_is_better("Porzucenie formularza"));
        assert!(lower_is_better("Współczynnik odrzuceń"));
        assert!(lower_is_better("Sales cycle length"));
        assert!(!lower_is_better("CLV (customer lifetime value)"));
        assert!(!lower_is_better("CLV (wartość klienta w czasie)"));
        assert!(!lower_is_better("Conversion rate (CR)"));
        assert!(!lower_is_better("NPS"));
    }

    #[test]
    fn a_kpi_line_shows_actual_target_and_the_difference() {
        let metric = Metric {
            name: "NPS".into(),
            target: Some(40.0),
            actual: Some(32.0),
            unit: "points".into(),
            ..Metric::default()
        };
        assert_eq!(
            kpi_line(&metric, Lang::En),
            ("32 points / target 40 points (-20%)".to_owned(), true)
        );
        let cost = Metric {
            name: "CPL".into(),
            target: Some(120.0),
            actual: Some(145.0),
            unit: "PLN".into(),
            ..Metric::default()
        };
        assert_eq!(
            kpi_line(&cost, Lang::Pl),
            ("145 PLN / cel 120 PLN (+21%)".to_owned(), true)
        );
    }

    #[test]
    #[expect(
        clippy::float_cmp,
        reason = "the corners are copied coordinates, not computed ones"
    )]
    fn routes_are_orthogonal_and_end_on_the_cards_edges() {
        let from = Rect::from_min_size(pos2(0.0, 0.0), vec2(100.0, 40.0));
        let row = Rect::from_min_max(pos2(0.0, 0.0), pos2(1000.0, 60.0));
        for to in [
            Rect::from_min_size(pos2(0.0, 100.0), vec2(100.0, 40.0)), // same column
            Rect::from_min_size(pos2(120.0, 100.0), vec2(100.0, 40.0)), // next column
            Rect::from_min_size(pos2(600.0, 0.0), vec2(100.0, 40.0)), // far, same row
            Rect::from_min_size(pos2(-600.0, 200.0), vec2(100.0, 40.0)), // far, leftwards
        ] {
            let points = route(from, to, row);
            let (first, last) = (points[0], points[points.len() - 1]);
            assert!(
                first.x == from.left() || first.x == from.right(),
                "{points:?}"
            );
            assert!(last.x == to.left() || last.x == to.right(), "{points:?}");
            assert_eq!(last.y, to.center().y);
            for pair in points.windows(2) {
                assert!(
                    pair[0].x == pair[1].x || pair[0].y == pair[1].y,
                    "not orthogonal: {points:?}"
                );
            }
        }
    }
}
