//! The canvas: the journey drawn by THE painter, panned and zoomed, and the
//! gestures on it (select, create, drag cards and headers, the emotion
//! curve, links, typing into a card).
//!
//! Every item on the canvas is an egui widget with an accessible label, so a
//! screen reader (and a test) can find it. Gestures only queue [`Edit`]s; the
//! app applies them after the frame is drawn.

use std::sync::Arc;

use eframe::egui::{
    self, CursorIcon, Id, Key, Pos2, Rect, Role, Sense, Shape, Stroke, StrokeKind, Ui, Vec2,
    WidgetInfo, emath::TSTransform, pos2, vec2,
};

use super::document::Burst;
use super::picture::{FAR_ZOOM, Picture};
use super::text::T;
use super::zoom_text::ZoomText;
use super::{EditorApp, Selected};
use crate::edit::{Edit, ItemRef};
use crate::i18n::Lang;
use crate::layout::{JourneyLayout, LayoutOptions, PanelKind};
use crate::model::{Card, CardId, JourneyMap, LaneId, LaneKind, Link, LinkId, StageId, StepId};
use crate::theme::{SIZES, Theme};

/// The smallest and largest zoom.
pub const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.05..=4.0;

/// How often, at most, the map's language is found again while it changes.
const LANG_RESCAN: std::time::Duration = std::time::Duration::from_secs(1);

/// The smallest zoom a map opens at; a map that fits only smaller opens at its top-left corner.
const OPENING_ZOOM: f32 = 0.6;

/// Pan, zoom and what is being dragged or typed: view state, never saved in the map.
pub struct CanvasState {
    /// Where the picture's origin sits, relative to the canvas' top-left corner.
    pub pan: Vec2,
    /// Screen points per picture point.
    pub zoom: f32,
    /// Zoom to fit on the next frame (after opening a map).
    pub fit_next: bool,
    text: ZoomText,
    picture: Picture,
    drag: Option<Drag>,
    /// The card whose text is being typed, with the text so far.
    pub editing: Option<Editing>,
    /// The canvas' rectangle last frame, for zoom commands.
    pub last_rect: Rect,
    /// The language the map is written in (a scan of all its texts), the
    /// revision it was found at, and when.
    map_lang: Option<(u64, Lang, std::time::Instant)>,
}

impl Default for CanvasState {
    fn default() -> Self {
        CanvasState {
            pan: vec2(0.0, 0.0),
            zoom: 1.0,
            fit_next: true,
            text: ZoomText::default(),
            picture: Picture::default(),
            drag: None,
            editing: None,
            last_rect: Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0)),
            map_lang: None,
        }
    }
}

/// Typing into a card, in place.
pub struct Editing {
    /// The card.
    pub card: CardId,
    /// The text as typed.
    pub text: String,
    /// The undo burst the typing belongs to.
    pub session: u64,
    focus_pending: bool,
}

impl Editing {
    /// Starts typing into `card`, whose text is `text`.
    pub fn new(card: CardId, text: String, session: u64) -> Self {
        Editing {
            card,
            text,
            session,
            focus_pending: true,
        }
    }
}

enum Drag {
    Cards(Vec<CardId>),
    Stage(StageId),
    Step(StepId),
    Lane(LaneId),
    Score { step: StepId, session: u64 },
    Link(CardId),
    Select { start: Pos2 },
}

/// A cell of the grid: a lane at a step.
#[derive(Clone, Debug)]
struct Cell {
    lane: LaneId,
    kind: LaneKind,
    step: StepId,
    rect: Rect,
}

fn cell_at(layout: &JourneyLayout, pos: Pos2) -> Option<Cell> {
    let lane = layout
        .lanes
        .iter()
        .find(|l| l.rect.y_range().contains(pos.y) && pos.x >= l.rect.min.x + SIZES.label_width)?;
    let column = layout
        .columns
        .iter()
        .find(|c| c.rect.x_range().contains(pos.x))?;
    let step = column.step.clone()?;
    Some(Cell {
        lane: lane.id.clone(),
        kind: lane.kind,
        step,
        rect: Rect::from_x_y_ranges(column.rect.x_range(), lane.rect.y_range()),
    })
}

/// The cells of the grid that meet `visible` (layout coordinates).
fn cells(layout: &JourneyLayout, visible: Rect) -> impl Iterator<Item = Cell> + '_ {
    layout
        .lanes
        .iter()
        .filter(move |lane| lane.rect.y_range().intersects(visible.y_range()))
        .flat_map(move |lane| {
            layout
                .columns
                .iter()
                .filter(move |column| column.rect.x_range().intersects(visible.x_range()))
                .filter_map(move |column| {
                    Some(Cell {
                        lane: lane.id.clone(),
                        kind: lane.kind,
                        step: column.step.clone()?,
                        rect: Rect::from_x_y_ranges(column.rect.x_range(), lane.rect.y_range()),
                    })
                })
        })
}

/// Where a card dropped at `pos` into `cell` goes in the journey's card list
/// (counted without the cards being moved).
fn drop_index(
    map: &JourneyMap,
    journey: usize,
    layout: &JourneyLayout,
    cell: &Cell,
    pos: Pos2,
    moving: &[CardId],
) -> usize {
    let Some(journey) = map.journeys.get(journey) else {
        return 0;
    };
    let list: Vec<&Card> = journey
        .cards
        .iter()
        .filter(|c| !moving.contains(&c.id))
        .collect();
    let in_cell: Vec<usize> = list
        .iter()
        .enumerate()
        .filter(|(_, c)| c.lane == cell.lane && c.step == cell.step)
        .map(|(i, _)| i)
        .collect();
    for &i in &in_cell {
        let Some(card) = list.get(i) else { continue };
        if let Some(rect) = layout
            .cards
            .iter()
            .find(|b| b.id == card.id)
            .map(|b| b.rect)
            && pos.y < rect.center().y
        {
            return i;
        }
    }
    in_cell.last().map_or(list.len(), |&i| i + 1)
}

fn card_label(card: &Card, lang: Lang) -> String {
    if card.text.trim().is_empty() {
        format!("{} {}", T::Card.get(lang), card.id)
    } else {
        card.text.clone()
    }
}

impl EditorApp {
    /// The layout of the current journey; computed only when the document
    /// or the journey changed.
    pub(super) fn current_layout(&mut self, ctx: &egui::Context) -> Arc<JourneyLayout> {
        let map = self.doc.map();
        let revision = self.doc.revision();
        // While typing, the scan (milliseconds on a big map) runs at most
        // once a second; one keystroke rarely changes a map's language.
        let lang = match self.view.canvas.map_lang {
            Some((r, lang, _)) if r == revision => lang,
            Some((_, lang, at)) if at.elapsed() < LANG_RESCAN => {
                ctx.request_repaint_after(LANG_RESCAN);
                lang
            }
            _ => {
                let lang = Lang::of_map(map);
                self.view.canvas.map_lang = Some((revision, lang, std::time::Instant::now()));
                lang
            }
        };
        let options = LayoutOptions {
            min_width: 0.0,
            lang,
        };
        self.view
            .canvas
            .text
            .layout(revision, map, self.view.journey, options)
    }

    /// Sets the zoom to show the whole journey in the canvas.
    pub(super) fn zoom_to_fit(&mut self, layout: &JourneyLayout) {
        let rect = self.view.canvas.last_rect;
        let size = layout.size.max(vec2(1.0, 1.0));
        let zoom = (rect.width() / size.x)
            .min(rect.height() / size.y)
            .clamp(*ZOOM_RANGE.start(), 1.0);
        self.view.canvas.zoom = zoom;
        self.view.canvas.pan = (rect.size() - size * zoom) / 2.0;
        self.view.canvas.pan.y = self.view.canvas.pan.y.max(0.0);
    }

    /// Zooms by `factor` keeping the canvas point under `anchor` (screen) in place.
    pub(super) fn zoom_about(&mut self, factor: f32, anchor: Pos2) {
        let canvas = &mut self.view.canvas;
        let old = canvas.zoom;
        let new = (old * factor).clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end());
        let origin = canvas.last_rect.min + canvas.pan;
        let point = (anchor - origin) / old;
        canvas.zoom = new;
        canvas.pan = anchor - canvas.last_rect.min - point * new;
    }

    /// A click on the background: on a card when zoomed far out (cards have no
    /// widgets there) it selects the card, a double-click zooms in on it to
    /// 100%; anywhere else it clears the selection.
    fn far_gestures(
        &mut self,
        background: &egui::Response,
        layout: &JourneyLayout,
        canvas_from_screen: TSTransform,
    ) {
        let pointer = background.interact_pointer_pos();
        let hit = pointer
            .filter(|_| self.view.canvas.zoom < FAR_ZOOM)
            .and_then(|p| layout.card_at(canvas_from_screen * p))
            .map(|c| Selected::Card(c.id.clone()));
        if background.double_clicked()
            && hit.is_some()
            && let Some(pos) = pointer
        {
            self.zoom_about(1.0 / self.view.canvas.zoom, pos);
        } else if background.clicked() {
            self.finish_editing();
            let shift = background.ctx.input(|i| i.modifiers.shift);
            match hit {
                Some(item) => self.select(item, shift),
                None => self.view.selection.clear(),
            }
        }
    }

    /// Typing into a card needs it in view and big enough to read: zoomed
    /// far out, the view zooms in on it to 100%; out of view (a card made by
    /// N, reached by Tab), it moves just enough to show it.
    fn reveal_editing(&mut self, layout: &JourneyLayout) {
        let Some(editing) = &self.view.canvas.editing else {
            return;
        };
        let Some(card_box) = layout.cards.iter().find(|c| c.id == editing.card) else {
            return;
        };
        let canvas = &mut self.view.canvas;
        let rect = canvas.last_rect;
        if canvas.zoom < FAR_ZOOM {
            canvas.zoom = 1.0;
            canvas.pan = rect.center() - rect.min - card_box.rect.center().to_vec2();
            return;
        }
        let screen = TSTransform::new((rect.min + canvas.pan).to_vec2(), canvas.zoom)
            .mul_rect(card_box.rect);
        // A card partly in view has its text field already.
        if screen.intersects(rect) {
            return;
        }
        let inner = rect.shrink(24.0);
        for (axis, low, high, min, max) in [
            (
                0,
                screen.left(),
                screen.right(),
                inner.left(),
                inner.right(),
            ),
            (
                1,
                screen.top(),
                screen.bottom(),
                inner.top(),
                inner.bottom(),
            ),
        ] {
            canvas.pan[axis] += if high - low > max - min || low < min {
                min - low
            } else if high > max {
                max - high
            } else {
                0.0
            };
        }
    }

    /// Draws the canvas and turns gestures on it into edits.
    #[expect(
        clippy::too_many_lines,
        reason = "the canvas' widgets in drawing order; each gesture is a short arm"
    )]
    pub(super) fn canvas_ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        let rect = ui.available_rect_before_wrap();
        self.view.canvas.last_rect = rect;
        self.view.canvas.text.begin_frame(&ctx, self.theme);
        let layout = self.current_layout(&ctx);
        if self.view.canvas.fit_next {
            self.view.canvas.fit_next = false;
            self.zoom_to_fit(&layout);
            // A wide map fitted whole is too small to read: start at a
            // readable size at its top-left corner instead.
            if self.view.canvas.zoom < OPENING_ZOOM {
                self.view.canvas.zoom = OPENING_ZOOM;
                self.view.canvas.pan = vec2(8.0, 8.0);
            }
        }
        self.reveal_editing(&layout);
        let lang = self.lang;
        let theme = Theme::new(self.theme);

        // Background: pan by dragging, box-select with Shift, zoom with Ctrl+scroll or a pinch.
        let background = ui.interact(rect, Id::unique("canvas"), Sense::click_and_drag());
        background.widget_info(|| WidgetInfo::labeled(Role::Canvas, true, T::Canvas.get(lang)));
        if background.hovered() {
            let (scroll, zoom, pointer) =
                ctx.input(|i| (i.smooth_scroll_delta, i.zoom_delta(), i.pointer.hover_pos()));
            if (zoom - 1.0).abs() > f32::EPSILON {
                self.zoom_about(zoom, pointer.unwrap_or(rect.center()));
            } else {
                self.view.canvas.pan += scroll;
            }
        }
        if background.drag_started() {
            let shift = ctx.input(|i| i.modifiers.shift);
            if shift && let Some(pos) = background.interact_pointer_pos() {
                self.view.canvas.drag = Some(Drag::Select { start: pos });
            }
        }
        if background.dragged() && !matches!(self.view.canvas.drag, Some(Drag::Select { .. })) {
            self.view.canvas.pan += background.drag_delta();
        }

        // Whole pixels, so glyphs land on the pixel grid.
        let pixels = ctx.pixels_per_point();
        let origin = ((rect.min + self.view.canvas.pan).to_vec2() * pixels)
            .round()
            .to_pos2()
            / pixels;
        let zoom = self.view.canvas.zoom;
        let screen_from_canvas = TSTransform::new(origin.to_vec2(), zoom);
        let canvas_from_screen = screen_from_canvas.inverse();
        let to_screen = |r: Rect| screen_from_canvas.mul_rect(r);

        // The picture, culled to what is visible.
        let photo = self.persona_photo(&ctx);
        let painter = ui.painter_at(rect);
        let canvas = &mut self.view.canvas;
        painter.rect_filled(
            to_screen(Rect::from_min_size(Pos2::ZERO, layout.size)),
            0.0,
            theme.background,
        );
        let visible = canvas_from_screen.mul_rect(rect);
        let mut shapes = Vec::new();
        canvas.picture.draw(
            &layout,
            &theme,
            photo.as_ref(),
            &mut canvas.text,
            screen_from_canvas,
            visible,
            ctx.pixels_per_point(),
            &mut shapes,
        );
        canvas.text.upload(&ctx);
        painter.extend(shapes);
        if canvas.picture.pending() {
            ctx.request_repaint();
        }
        let far = zoom < FAR_ZOOM;
        self.far_gestures(&background, &layout, canvas_from_screen);
        if far {
            // Cards are too small to hold widgets: the selection is outlined here.
            let selected: Vec<&CardId> = self
                .view
                .selection
                .iter()
                .filter_map(|s| match s {
                    Selected::Card(id) => Some(id),
                    _ => None,
                })
                .collect();
            for card_box in layout.cards.iter().filter(|_| !selected.is_empty()) {
                if selected.contains(&&card_box.id) {
                    painter.rect_stroke(
                        to_screen(card_box.rect).expand(2.0),
                        2.0,
                        Stroke::new(2.0, theme.accent),
                        StrokeKind::Outside,
                    );
                }
            }
        }

        let map = self.doc.map();
        let Some(journey) = map.journeys.get(self.view.journey) else {
            return;
        };
        let journey_id = journey.id.clone();
        let mut edits: Vec<(Edit, Option<Burst>)> = Vec::new();
        let mut select: Option<(Selected, bool)> = None;
        let mut start_editing: Option<CardId> = None;
        let shift = ctx.input(|i| i.modifiers.shift);
        let mut clear = false;

        // Cells: double-click an empty place to add a card (or, on the curve, a score).
        for cell in cells(&layout, if far { Rect::NOTHING } else { visible }) {
            let screen = to_screen(cell.rect);
            let step_name = map
                .step(&cell.step)
                .map(|s| s.name.clone())
                .unwrap_or_default();
            let lane_name = map
                .lane(&cell.lane)
                .map(|l| l.display_name().to_owned())
                .unwrap_or_default();
            let id = Id::unique(("cell", &cell.lane, &cell.step));
            let response = ui.interact(screen, id, Sense::click());
            response.widget_info(|| {
                WidgetInfo::labeled(
                    Role::Cell,
                    true,
                    format!("{} {lane_name} / {step_name}", T::Cell.get(lang)),
                )
            });
            if response.double_clicked() {
                if cell.kind.holds_cards() {
                    let card = Card {
                        id: map.fresh_id(CardId::PREFIX).into(),
                        lane: cell.lane.clone(),
                        step: cell.step.clone(),
                        ..Card::default()
                    };
                    start_editing = Some(card.id.clone());
                    edits.push((
                        Edit::AddCard {
                            journey: journey_id.clone(),
                            index: journey.cards.len(),
                            card,
                        },
                        None,
                    ));
                } else if cell.kind == LaneKind::Emotion
                    && let (Some(curve), Some(pos)) = (
                        &layout.curve,
                        response.interact_pointer_pos().or(response.hover_pos()),
                    )
                {
                    let score = score_at(curve, map, canvas_from_screen * pos);
                    edits.push((
                        Edit::SetScore {
                            step: cell.step.clone(),
                            score: Some(score),
                        },
                        None,
                    ));
                }
            } else if response.clicked() {
                clear = true;
            }
        }

        // Headers: click to select, drag to reorder.
        for panel in &layout.panels {
            let screen = to_screen(panel.rect);
            if !screen.intersects(rect) {
                continue;
            }
            let (item, label, drag, key) = match &panel.kind {
                PanelKind::Stage(id) => (
                    Selected::Stage(id.clone()),
                    format!(
                        "{} {}",
                        T::Stage.get(lang),
                        map.stage(id).map(|s| s.name.as_str()).unwrap_or_default()
                    ),
                    Drag::Stage(id.clone()),
                    id.as_str(),
                ),
                PanelKind::Step(id) => (
                    Selected::Step(id.clone()),
                    format!(
                        "{} {}",
                        T::Step.get(lang),
                        map.step(id).map(|s| s.name.as_str()).unwrap_or_default()
                    ),
                    Drag::Step(id.clone()),
                    id.as_str(),
                ),
                _ => continue,
            };
            let response = ui.interact(screen, Id::unique(("panel", key)), Sense::click_and_drag());
            response.widget_info(|| WidgetInfo::labeled(Role::ColumnHeader, true, &label));
            if response.clicked() {
                select = Some((item, shift));
            }
            if response.drag_started() {
                self.view.canvas.drag = Some(drag);
            }
            response.on_hover_cursor(CursorIcon::Grab);
        }
        for lane in &layout.lanes {
            let label_rect = Rect::from_min_max(
                lane.rect.min,
                pos2(lane.rect.min.x + SIZES.label_width, lane.rect.max.y),
            );
            let screen = to_screen(label_rect);
            if !screen.intersects(rect) {
                continue;
            }
            let name = map
                .lane(&lane.id)
                .map(|l| l.display_name().to_owned())
                .unwrap_or_default();
            let response = ui.interact(
                screen,
                Id::unique(("lane", &lane.id)),
                Sense::click_and_drag(),
            );
            response.widget_info(|| {
                WidgetInfo::labeled(
                    Role::RowHeader,
                    true,
                    format!("{} {name}", T::Lane.get(lang)),
                )
            });
            if response.clicked() {
                select = Some((Selected::Lane(lane.id.clone()), shift));
            }
            if response.drag_started() {
                self.view.canvas.drag = Some(Drag::Lane(lane.id.clone()));
            }
        }

        // Cards: each box knows where its card is in the journey's list.
        let mut card_rects: Vec<(CardId, Rect)> = Vec::new();
        for card_box in &layout.cards {
            if far {
                break;
            }
            let screen = to_screen(card_box.rect);
            if !screen.intersects(rect) {
                continue;
            }
            let Some(card) = journey
                .cards
                .get(card_box.index)
                .filter(|c| c.id == card_box.id)
            else {
                continue;
            };
            let selected = self
                .view
                .selection
                .contains(&Selected::Card(card.id.clone()));
            let response = ui.interact(
                screen,
                Id::unique(("card", &card.id)),
                Sense::click_and_drag(),
            );
            let label = card_label(card, lang);
            response.widget_info(|| WidgetInfo::selected(Role::Button, true, selected, &label));
            if response.double_clicked() {
                start_editing = Some(card.id.clone());
            } else if response.clicked() {
                select = Some((Selected::Card(card.id.clone()), shift));
            }
            if response.drag_started() {
                let mut ids: Vec<CardId> = self
                    .view
                    .selection
                    .iter()
                    .filter_map(|s| match s {
                        Selected::Card(id) => Some(id.clone()),
                        _ => None,
                    })
                    .collect();
                if !ids.contains(&card.id) {
                    ids = vec![card.id.clone()];
                    select = Some((Selected::Card(card.id.clone()), false));
                }
                self.view.canvas.drag = Some(Drag::Cards(ids));
            }
            if selected {
                painter.rect_stroke(
                    screen.expand(2.0),
                    4.0,
                    Stroke::new(2.0, theme.accent),
                    StrokeKind::Outside,
                );
            }
            card_rects.push((card.id.clone(), screen));
        }

        // Links: a small target on each route's middle selects it.
        for route in layout.links.iter().filter(|_| !far) {
            let Some(mid) = route.points.get(route.points.len() / 2).copied() else {
                continue;
            };
            let screen = Rect::from_center_size(screen_from_canvas * mid, vec2(14.0, 14.0));
            if !screen.intersects(rect) {
                continue;
            }
            let label = map
                .link(&route.id)
                .map(|l| link_label(map, l, lang))
                .unwrap_or_default();
            let selected = self
                .view
                .selection
                .contains(&Selected::Link(route.id.clone()));
            let response = ui.interact(screen, Id::unique(("link", &route.id)), Sense::click());
            response.widget_info(|| WidgetInfo::selected(Role::Link, true, selected, &label));
            if response.clicked() {
                select = Some((Selected::Link(route.id.clone()), shift));
            }
            if selected || response.hovered() {
                let points: Vec<Pos2> = route
                    .points
                    .iter()
                    .map(|p| screen_from_canvas * *p)
                    .collect();
                painter.add(Shape::line(points, Stroke::new(3.0, theme.accent)));
            }
        }

        // The emotion curve's points: drag up and down, snapped to whole values.
        if let Some(curve) = &layout.curve {
            for point in &curve.points {
                let center = screen_from_canvas * point.pos;
                let screen = Rect::from_center_size(center, vec2(16.0, 16.0));
                if !screen.intersects(rect) {
                    continue;
                }
                let name = map
                    .step(&point.step)
                    .map(|s| s.name.clone())
                    .unwrap_or_default();
                let response = ui.interact(
                    screen,
                    Id::unique(("score", &point.step)),
                    Sense::click_and_drag(),
                );
                response.widget_info(|| {
                    let mut info = WidgetInfo::labeled(
                        Role::Slider,
                        true,
                        format!("{} {name}", T::Emotion.get(lang)),
                    );
                    info.value = Some(f64::from(point.score));
                    info
                });
                if response.hovered() || response.dragged() {
                    painter.circle_stroke(center, 7.0, Stroke::new(2.0, theme.accent));
                }
                if response.clicked() {
                    select = Some((Selected::Step(point.step.clone()), false));
                }
                if response.drag_started() {
                    self.session += 1;
                    self.view.canvas.drag = Some(Drag::Score {
                        step: point.step.clone(),
                        session: self.session,
                    });
                }
                if response.dragged()
                    && let Some(Drag::Score { step, session }) = &self.view.canvas.drag
                    && let Some(pos) = response.interact_pointer_pos()
                {
                    let score = score_at(curve, map, canvas_from_screen * pos);
                    if map.step(step).and_then(|s| s.score) != Some(score) {
                        edits.push((
                            Edit::SetScore {
                                step: step.clone(),
                                score: Some(score),
                            },
                            Some(Burst {
                                what: format!("score:{step}"),
                                session: *session,
                            }),
                        ));
                    }
                }
            }
        }

        // A handle on the selected card: drag it to another card to draw a path.
        if let [Selected::Card(id)] = self.view.selection.as_slice()
            && let Some((_, screen)) = card_rects.iter().find(|(c, _)| c == id)
        {
            let center = pos2(screen.right() + 8.0, screen.center().y);
            let handle = Rect::from_center_size(center, vec2(14.0, 14.0));
            let text = map
                .card(id)
                .map(|c| card_label(c, lang))
                .unwrap_or_default();
            let response = ui.interact(handle, Id::unique(("handle", id)), Sense::drag());
            response.widget_info(|| {
                WidgetInfo::labeled(
                    Role::Button,
                    true,
                    format!("{} {text}", T::LinkFrom.get(lang)),
                )
            });
            painter.circle(
                center,
                5.0,
                theme.accent,
                Stroke::new(1.5, theme.background),
            );
            if response.drag_started() {
                self.view.canvas.drag = Some(Drag::Link(id.clone()));
            }
        }

        // A read-only map is looked at, not changed: only box selection starts.
        let refused = self.files.read_only.is_some()
            && self
                .view
                .canvas
                .drag
                .as_ref()
                .is_some_and(|d| !matches!(d, Drag::Select { .. }));
        if refused {
            self.view.canvas.drag = None;
        }
        // The gesture in progress: indicators while dragging, edits on release.
        let pointer_pos = ctx.input(|i| i.pointer.interact_pos().or(i.pointer.hover_pos()));
        let released = ctx.input(|i| i.pointer.any_released());
        if let (Some(drag), Some(pos)) = (&self.view.canvas.drag, pointer_pos) {
            let at = canvas_from_screen * pos;
            let indicator = Stroke::new(2.0, theme.accent);
            match drag {
                Drag::Cards(ids) => {
                    if let Some(cell) = cell_at(&layout, at).filter(|c| c.kind.holds_cards()) {
                        painter.rect_stroke(
                            to_screen(cell.rect).shrink(2.0),
                            4.0,
                            indicator,
                            StrokeKind::Inside,
                        );
                        if released {
                            let index = drop_index(map, self.view.journey, &layout, &cell, at, ids);
                            let moves = ids
                                .iter()
                                .enumerate()
                                .map(|(n, id)| Edit::MoveCard {
                                    id: id.clone(),
                                    lane: cell.lane.clone(),
                                    step: cell.step.clone(),
                                    index: index + n,
                                })
                                .collect();
                            edits.push((Edit::Batch(moves), None));
                        }
                    }
                }
                Drag::Stage(id) => {
                    let (index, x) = stage_drop(&layout, journey, id, at.x);
                    painter.vline(
                        screen_from_canvas.mul_pos(pos2(x, 0.0)).x,
                        rect.y_range(),
                        indicator,
                    );
                    if released {
                        edits.push((
                            Edit::MoveStage {
                                id: id.clone(),
                                index,
                            },
                            None,
                        ));
                    }
                }
                Drag::Step(id) => {
                    if let Some((stage, index, x)) = step_drop(&layout, journey, id, at.x) {
                        painter.vline(
                            screen_from_canvas.mul_pos(pos2(x, 0.0)).x,
                            rect.y_range(),
                            indicator,
                        );
                        if released {
                            edits.push((
                                Edit::MoveStep {
                                    id: id.clone(),
                                    stage,
                                    index,
                                },
                                None,
                            ));
                        }
                    }
                }
                Drag::Lane(id) => {
                    let (index, y) = lane_drop(&layout, map, id, at.y);
                    painter.hline(
                        rect.x_range(),
                        screen_from_canvas.mul_pos(pos2(0.0, y)).y,
                        indicator,
                    );
                    if released {
                        edits.push((
                            Edit::MoveLane {
                                id: id.clone(),
                                index,
                            },
                            None,
                        ));
                    }
                }
                Drag::Link(from) => {
                    if let Some((_, screen)) = card_rects.iter().find(|(c, _)| c == from) {
                        painter.arrow(
                            pos2(screen.right() + 8.0, screen.center().y),
                            pos - pos2(screen.right() + 8.0, screen.center().y),
                            indicator,
                        );
                    }
                    if released
                        && let Some(target) = layout.card_at(at)
                        && &target.id != from
                    {
                        let link = Link {
                            id: map.fresh_id(LinkId::PREFIX).into(),
                            from: from.clone(),
                            to: target.id.clone(),
                            ..Link::default()
                        };
                        select = Some((Selected::Link(link.id.clone()), false));
                        edits.push((
                            Edit::AddLink {
                                journey: journey_id.clone(),
                                index: journey.links.len(),
                                link,
                            },
                            None,
                        ));
                    }
                }
                Drag::Select { start } => {
                    let area = Rect::from_two_pos(*start, pos);
                    painter.rect(
                        area,
                        0.0,
                        theme.accent.gamma_multiply(0.1),
                        indicator,
                        StrokeKind::Inside,
                    );
                    if released {
                        let canvas_area = canvas_from_screen.mul_rect(area);
                        let picked: Vec<Selected> = layout
                            .cards
                            .iter()
                            .filter(|c| canvas_area.intersects(c.rect))
                            .map(|c| Selected::Card(c.id.clone()))
                            .collect();
                        if !shift {
                            self.view.selection.clear();
                        }
                        for item in picked {
                            if !self.view.selection.contains(&item) {
                                self.view.selection.push(item);
                            }
                        }
                    }
                }
                Drag::Score { .. } => {}
            }
        }
        if (released || !ctx.input(|i| i.pointer.any_down()))
            && self.view.canvas.drag.take().is_some()
        {
            self.session += 1;
        }

        // Typing into a card, in place.
        if let Some(editing) = &mut self.view.canvas.editing
            && let Some((_, screen)) = card_rects.iter().find(|(c, _)| *c == editing.card)
        {
            let area = screen.expand(2.0).intersect(rect);
            let response = ui.put(
                area,
                egui::TextEdit::multiline(&mut editing.text)
                    .id(Id::unique("card-text-editor"))
                    .frame(
                        egui::Frame::new()
                            .fill(theme.background)
                            .stroke(Stroke::new(2.0, theme.accent)),
                    )
                    .desired_width(area.width())
                    .return_key(Some(egui::KeyboardShortcut::new(
                        egui::Modifiers::SHIFT,
                        Key::Enter,
                    ))),
            );
            response.widget_info(|| {
                WidgetInfo::labeled(Role::MultilineTextInput, true, T::CardText.get(lang))
            });
            if editing.focus_pending {
                response.request_focus();
                editing.focus_pending = false;
            }
            if response.changed() {
                edits.push((
                    Edit::Rename {
                        item: ItemRef::Card(editing.card.clone()),
                        name: editing.text.clone(),
                    },
                    Some(Burst {
                        what: format!("text:{}", editing.card),
                        session: editing.session,
                    }),
                ));
            }
            let (enter, escape, tab) = ctx.input(|i| {
                (
                    i.key_pressed(Key::Enter) && !i.modifiers.shift,
                    i.key_pressed(Key::Escape),
                    i.key_pressed(Key::Tab),
                )
            });
            if enter || escape || tab || response.lost_focus() {
                let card = editing.card.clone();
                self.finish_editing();
                if tab {
                    let order: Vec<&CardId> = layout.cards.iter().map(|c| &c.id).collect();
                    let next = order
                        .iter()
                        .position(|c| **c == card)
                        .and_then(|i| order.get(i + 1))
                        .map(|c| (*c).clone());
                    if let Some(next) = next {
                        start_editing = Some(next);
                    }
                }
            }
        }

        if clear {
            self.view.selection.clear();
            self.finish_editing();
        }
        if let Some((item, add)) = select {
            self.select(item, add);
        }
        if let Some(card) = start_editing {
            self.start_editing(
                card,
                edits.iter().find_map(|(e, _)| match e {
                    Edit::AddCard { card, .. } => Some(card.text.clone()),
                    _ => None,
                }),
            );
        }
        self.edits.extend(edits);
        if refused {
            self.say(T::ReadOnlyEdit.get(lang), true);
        }
    }

    /// Ends typing into a card; the next typing is a new undo step.
    pub(super) fn finish_editing(&mut self) {
        if self.view.canvas.editing.take().is_some() {
            self.doc.seal();
            self.session += 1;
        }
    }

    /// Starts typing into `card` (`text`: its text when the card is being created this frame).
    pub(super) fn start_editing(&mut self, card: CardId, text: Option<String>) {
        self.finish_editing();
        if self.files.read_only.is_some() {
            self.say(T::ReadOnlyEdit.get(self.lang), true);
            return;
        }
        let text = text.or_else(|| self.doc.map().card(&card).map(|c| c.text.clone()));
        if let Some(text) = text {
            self.session += 1;
            self.view.selection = vec![Selected::Card(card.clone())];
            self.view.canvas.editing = Some(Editing::new(card, text, self.session));
        }
    }
}

/// The whole score nearest to the canvas point `at` on the curve's scale.
fn score_at(curve: &crate::layout::Curve, map: &JourneyMap, at: Pos2) -> f32 {
    let scale = map.emotion_scale;
    #[expect(
        clippy::cast_precision_loss,
        reason = "scale bounds are small integers"
    )]
    let (min, max) = (scale.min as f32, scale.max as f32);
    let t = ((curve.plot.bottom() - at.y) / curve.plot.height().max(1.0)).clamp(0.0, 1.0);
    (min + t * (max - min)).round().clamp(min, max)
}

fn link_label(map: &JourneyMap, link: &Link, lang: Lang) -> String {
    let end = |id: &CardId| {
        map.card(id)
            .map(|c| card_label(c, lang))
            .unwrap_or_default()
    };
    if link.label.is_empty() {
        format!(
            "{} {} → {}",
            T::Link.get(lang),
            end(&link.from),
            end(&link.to)
        )
    } else {
        format!("{} {}", T::Link.get(lang), link.label)
    }
}

/// Where a dragged stage goes: its new index, and the x of the indicator.
fn stage_drop(
    layout: &JourneyLayout,
    journey: &crate::model::Journey,
    id: &StageId,
    x: f32,
) -> (usize, f32) {
    let spans: Vec<(&StageId, Rect)> = layout
        .panels
        .iter()
        .filter_map(|p| match &p.kind {
            PanelKind::Stage(s) => Some((s, p.rect)),
            _ => None,
        })
        .collect();
    let others: Vec<&(&StageId, Rect)> = spans.iter().filter(|(s, _)| *s != id).collect();
    let index = others.iter().filter(|(_, r)| r.center().x < x).count();
    let indicator = others.get(index).map_or_else(
        || spans.last().map_or(x, |(_, r)| r.right()),
        |(_, r)| r.left(),
    );
    (index.min(journey.stages.len()), indicator)
}

/// Where a dragged step goes: the stage, the index in it, and the indicator's x.
fn step_drop(
    layout: &JourneyLayout,
    journey: &crate::model::Journey,
    id: &StepId,
    x: f32,
) -> Option<(StageId, usize, f32)> {
    let stage = layout.panels.iter().find_map(|p| match &p.kind {
        PanelKind::Stage(s) if p.rect.x_range().contains(x) => Some(s.clone()),
        _ => None,
    })?;
    let target = journey.stages.iter().find(|s| s.id == stage)?;
    let columns: Vec<Rect> = target
        .steps
        .iter()
        .filter(|s| &s.id != id)
        .filter_map(|s| {
            layout
                .columns
                .iter()
                .find(|c| c.step.as_ref() == Some(&s.id))
        })
        .map(|c| c.rect)
        .collect();
    let index = columns.iter().filter(|r| r.center().x < x).count();
    let indicator = columns.get(index).map_or_else(
        || {
            layout
                .panels
                .iter()
                .find(|p| p.kind == PanelKind::Stage(stage.clone()))
                .map_or(x, |p| p.rect.right())
        },
        Rect::left,
    );
    Some((stage, index, indicator))
}

/// Where a dragged lane goes among all lanes (hidden ones included), and the indicator's y.
fn lane_drop(layout: &JourneyLayout, map: &JourneyMap, id: &LaneId, y: f32) -> (usize, f32) {
    let others: Vec<_> = layout.lanes.iter().filter(|l| &l.id != id).collect();
    let shown_index = others.iter().filter(|l| l.rect.center().y < y).count();
    let indicator = others.get(shown_index).map_or_else(
        || layout.lanes.last().map_or(y, |l| l.rect.bottom()),
        |l| l.rect.top(),
    );
    // Translate the position among shown lanes into the map's list.
    let index = match others.get(shown_index) {
        Some(next) => {
            let position = map.lane_index(&next.id).unwrap_or(0);
            let own = map.lane_index(id).unwrap_or(usize::MAX);
            if own < position {
                position - 1
            } else {
                position
            }
        }
        None => map.lanes.len(),
    };
    (index, indicator)
}
