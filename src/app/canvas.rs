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
use crate::model::{
    Card, CardId, Journey, JourneyMap, LaneId, LaneKind, Link, LinkId, StageId, StepId,
};
use crate::theme::{OVERLAY, SIZES, Theme};

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
        let inner = rect.shrink(OVERLAY.reveal_margin);
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

    /// Draws the canvas and turns gestures on it into edits: the picture,
    /// then one pass per kind of item, each adding to one queue that is
    /// applied once they are all done.
    pub(super) fn canvas_ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        let rect = ui.available_rect_before_wrap();
        let layout = self.begin_canvas(&ctx, rect);
        let lang = self.lang;
        let theme = Theme::new(self.theme);
        let background = self.background_pass(ui, rect);
        let screen_from_canvas = self.screen_from_canvas(&ctx, rect);
        let canvas_from_screen = screen_from_canvas.inverse();
        let painter = ui.painter_at(rect);
        self.picture_pass(&ctx, &painter, &layout, &theme, screen_from_canvas, rect);
        let far = self.view.canvas.zoom < FAR_ZOOM;
        self.far_gestures(&background, &layout, canvas_from_screen);
        if far {
            far_selection_pass(
                &painter,
                &layout,
                &theme,
                &self.view.selection,
                screen_from_canvas,
            );
        }

        let map = self.doc.map();
        let Some(journey) = map.journeys.get(self.view.journey) else {
            return;
        };
        let frame = Frame {
            ui,
            ctx: &ctx,
            painter: &painter,
            map,
            journey,
            journey_index: self.view.journey,
            layout: &layout,
            screen_from_canvas,
            canvas_from_screen,
            rect,
            visible: canvas_from_screen.mul_rect(rect),
            far,
            lang,
            theme: &theme,
            shift: ctx.input(|i| i.modifiers.shift),
            selection: &self.view.selection,
        };
        let mut queue = Queue::default();
        let drag = &mut self.view.canvas.drag;
        cells_pass(&frame, &mut queue);
        headers_pass(&frame, drag, &mut queue);
        lane_labels_pass(&frame, drag, &mut queue);
        let card_rects = cards_pass(&frame, drag, &mut queue);
        links_pass(&frame, &mut queue);
        curve_pass(&frame, drag, &mut self.session, &mut queue);
        link_handle_pass(&frame, &card_rects, drag);
        // A read-only map is looked at, not changed: only box selection starts.
        let refused = self.files.read_only.is_some()
            && drag
                .as_ref()
                .is_some_and(|d| !matches!(d, Drag::Select { .. }));
        if refused {
            *drag = None;
        }
        let released = ctx.input(|i| i.pointer.any_released());
        drop_pass(&frame, &card_rects, drag.as_ref(), released, &mut queue);
        if (released || !ctx.input(|i| i.pointer.any_down())) && drag.take().is_some() {
            self.session += 1;
        }
        self.editing_pass(ui, rect, &layout, &theme, &card_rects, &mut queue);
        self.apply_queue(queue);
        if refused {
            self.say(T::ReadOnlyEdit.get(lang), true);
        }
    }

    /// The frame's start: the canvas' rectangle, its text, the layout, and
    /// the view fitted or moved to what is being typed into.
    fn begin_canvas(&mut self, ctx: &egui::Context, rect: Rect) -> Arc<JourneyLayout> {
        self.view.canvas.last_rect = rect;
        self.view.canvas.text.begin_frame(ctx, self.theme);
        let layout = self.current_layout(ctx);
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
        layout
    }

    /// The background: pan by dragging, box-select with Shift, zoom with Ctrl+scroll or a pinch.
    fn background_pass(&mut self, ui: &Ui, rect: Rect) -> egui::Response {
        let ctx = ui.ctx();
        let lang = self.lang;
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
        background
    }

    /// Canvas to screen: the pan on whole pixels, so glyphs land on the pixel grid.
    fn screen_from_canvas(&self, ctx: &egui::Context, rect: Rect) -> TSTransform {
        let pixels = ctx.pixels_per_point();
        let origin = ((rect.min + self.view.canvas.pan).to_vec2() * pixels)
            .round()
            .to_pos2()
            / pixels;
        TSTransform::new(origin.to_vec2(), self.view.canvas.zoom)
    }

    /// The picture, culled to what is visible.
    fn picture_pass(
        &mut self,
        ctx: &egui::Context,
        painter: &egui::Painter,
        layout: &Arc<JourneyLayout>,
        theme: &Theme,
        screen_from_canvas: TSTransform,
        rect: Rect,
    ) {
        let photo = self.persona_photo(ctx);
        let canvas = &mut self.view.canvas;
        painter.rect_filled(
            screen_from_canvas.mul_rect(Rect::from_min_size(Pos2::ZERO, layout.size)),
            0.0,
            theme.background,
        );
        let visible = screen_from_canvas.inverse().mul_rect(rect);
        let mut shapes = Vec::new();
        canvas.picture.draw(
            layout,
            theme,
            photo.as_ref(),
            &mut canvas.text,
            screen_from_canvas,
            visible,
            ctx.pixels_per_point(),
            &mut shapes,
        );
        canvas.text.upload(ctx);
        painter.extend(shapes);
        if canvas.picture.pending() {
            ctx.request_repaint();
        }
    }

    /// Typing into a card, in place.
    fn editing_pass(
        &mut self,
        ui: &mut Ui,
        rect: Rect,
        layout: &JourneyLayout,
        theme: &Theme,
        card_rects: &[(CardId, Rect)],
        queue: &mut Queue,
    ) {
        let lang = self.lang;
        let Some(editing) = &mut self.view.canvas.editing else {
            return;
        };
        let Some((_, screen)) = card_rects.iter().find(|(c, _)| *c == editing.card) else {
            return;
        };
        let area = screen.expand(OVERLAY.gap).intersect(rect);
        let response = ui.put(
            area,
            egui::TextEdit::multiline(&mut editing.text)
                .id(Id::unique("card-text-editor"))
                .frame(
                    egui::Frame::new()
                        .fill(theme.background)
                        .stroke(Stroke::new(OVERLAY.stroke, theme.accent)),
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
            queue.edits.push((
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
        let (enter, escape, tab) = ui.input(|i| {
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
                    queue.start_editing = Some(next);
                }
            }
        }
    }

    /// What the passes asked for: the selection, typing, then the edits.
    fn apply_queue(&mut self, queue: Queue) {
        if let Some((picked, add)) = queue.picked {
            if !add {
                self.view.selection.clear();
            }
            for item in picked {
                if !self.view.selection.contains(&item) {
                    self.view.selection.push(item);
                }
            }
        }
        if queue.clear {
            self.view.selection.clear();
            self.finish_editing();
        }
        if let Some((item, add)) = queue.select {
            self.select(item, add);
        }
        if let Some(card) = queue.start_editing {
            self.start_editing(
                card,
                queue.edits.iter().find_map(|(e, _)| match e {
                    Edit::AddCard { card, .. } => Some(card.text.clone()),
                    _ => None,
                }),
            );
        }
        self.edits.extend(queue.edits);
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

/// What every pass of one canvas frame reads.
struct Frame<'a> {
    ui: &'a Ui,
    ctx: &'a egui::Context,
    painter: &'a egui::Painter,
    map: &'a JourneyMap,
    journey: &'a Journey,
    journey_index: usize,
    layout: &'a JourneyLayout,
    screen_from_canvas: TSTransform,
    canvas_from_screen: TSTransform,
    /// The canvas on the screen.
    rect: Rect,
    /// The part of the picture in view (picture points).
    visible: Rect,
    /// Zoomed so far out that cards, cells and links have no widgets.
    far: bool,
    lang: Lang,
    theme: &'a Theme,
    shift: bool,
    selection: &'a [Selected],
}

impl Frame<'_> {
    fn to_screen(&self, rect: Rect) -> Rect {
        self.screen_from_canvas.mul_rect(rect)
    }
}

/// What the passes ask for; applied once they are all done.
#[derive(Default)]
struct Queue {
    edits: Vec<(Edit, Option<Burst>)>,
    select: Option<(Selected, bool)>,
    /// Cards caught by a box selection, and whether they add to the selection.
    picked: Option<(Vec<Selected>, bool)>,
    start_editing: Option<CardId>,
    clear: bool,
}

/// Zoomed far out, cards are too small to hold widgets: the selection is outlined here.
fn far_selection_pass(
    painter: &egui::Painter,
    layout: &JourneyLayout,
    theme: &Theme,
    selection: &[Selected],
    screen_from_canvas: TSTransform,
) {
    let selected: Vec<&CardId> = selection
        .iter()
        .filter_map(|s| match s {
            Selected::Card(id) => Some(id),
            _ => None,
        })
        .collect();
    for card_box in layout.cards.iter().filter(|_| !selected.is_empty()) {
        if selected.contains(&&card_box.id) {
            painter.rect_stroke(
                screen_from_canvas
                    .mul_rect(card_box.rect)
                    .expand(OVERLAY.gap),
                OVERLAY.far_radius,
                Stroke::new(OVERLAY.stroke, theme.accent),
                StrokeKind::Outside,
            );
        }
    }
}

/// Cells: double-click an empty place to add a card (or, on the curve, a score).
fn cells_pass(frame: &Frame, queue: &mut Queue) {
    let (map, lang) = (frame.map, frame.lang);
    let visible = if frame.far {
        Rect::NOTHING
    } else {
        frame.visible
    };
    for cell in cells(frame.layout, visible) {
        let screen = frame.to_screen(cell.rect);
        let step_name = map
            .step(&cell.step)
            .map(|s| s.name.clone())
            .unwrap_or_default();
        let lane_name = map
            .lane(&cell.lane)
            .map(|l| l.display_name().to_owned())
            .unwrap_or_default();
        let id = Id::unique(("cell", &cell.lane, &cell.step));
        let response = frame.ui.interact(screen, id, Sense::click());
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
                queue.start_editing = Some(card.id.clone());
                queue.edits.push((
                    Edit::AddCard {
                        journey: frame.journey.id.clone(),
                        index: frame.journey.cards.len(),
                        card,
                    },
                    None,
                ));
            } else if cell.kind == LaneKind::Emotion
                && let (Some(curve), Some(pos)) = (
                    &frame.layout.curve,
                    response.interact_pointer_pos().or(response.hover_pos()),
                )
            {
                let score = score_at(curve, map, frame.canvas_from_screen * pos);
                queue.edits.push((
                    Edit::SetScore {
                        step: cell.step.clone(),
                        score: Some(score),
                    },
                    None,
                ));
            }
        } else if response.clicked() {
            queue.clear = true;
        }
    }
}

/// Stage and step headers: click to select, drag to reorder.
fn headers_pass(frame: &Frame, drag: &mut Option<Drag>, queue: &mut Queue) {
    let (map, lang) = (frame.map, frame.lang);
    for panel in &frame.layout.panels {
        let screen = frame.to_screen(panel.rect);
        if !screen.intersects(frame.rect) {
            continue;
        }
        let (item, label, start, key) = match &panel.kind {
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
        let response =
            frame
                .ui
                .interact(screen, Id::unique(("panel", key)), Sense::click_and_drag());
        response.widget_info(|| WidgetInfo::labeled(Role::ColumnHeader, true, &label));
        if response.clicked() {
            queue.select = Some((item, frame.shift));
        }
        if response.drag_started() {
            *drag = Some(start);
        }
        response.on_hover_cursor(CursorIcon::Grab);
    }
}

/// Lane labels: click to select, drag to reorder.
fn lane_labels_pass(frame: &Frame, drag: &mut Option<Drag>, queue: &mut Queue) {
    for lane in &frame.layout.lanes {
        let label_rect = Rect::from_min_max(
            lane.rect.min,
            pos2(lane.rect.min.x + SIZES.label_width, lane.rect.max.y),
        );
        let screen = frame.to_screen(label_rect);
        if !screen.intersects(frame.rect) {
            continue;
        }
        let name = frame
            .map
            .lane(&lane.id)
            .map(|l| l.display_name().to_owned())
            .unwrap_or_default();
        let response = frame.ui.interact(
            screen,
            Id::unique(("lane", &lane.id)),
            Sense::click_and_drag(),
        );
        response.widget_info(|| {
            WidgetInfo::labeled(
                Role::RowHeader,
                true,
                format!("{} {name}", T::Lane.get(frame.lang)),
            )
        });
        if response.clicked() {
            queue.select = Some((Selected::Lane(lane.id.clone()), frame.shift));
        }
        if response.drag_started() {
            *drag = Some(Drag::Lane(lane.id.clone()));
        }
    }
}

/// Cards: each box knows where its card is in the journey's list. Returns
/// the cards in view with their rectangles on the screen.
fn cards_pass(frame: &Frame, drag: &mut Option<Drag>, queue: &mut Queue) -> Vec<(CardId, Rect)> {
    let mut card_rects: Vec<(CardId, Rect)> = Vec::new();
    if frame.far {
        return card_rects;
    }
    for card_box in &frame.layout.cards {
        let screen = frame.to_screen(card_box.rect);
        if !screen.intersects(frame.rect) {
            continue;
        }
        let Some(card) = frame
            .journey
            .cards
            .get(card_box.index)
            .filter(|c| c.id == card_box.id)
        else {
            continue;
        };
        let selected = frame.selection.contains(&Selected::Card(card.id.clone()));
        let response = frame.ui.interact(
            screen,
            Id::unique(("card", &card.id)),
            Sense::click_and_drag(),
        );
        let label = card_label(card, frame.lang);
        response.widget_info(|| WidgetInfo::selected(Role::Button, true, selected, &label));
        if response.double_clicked() {
            queue.start_editing = Some(card.id.clone());
        } else if response.clicked() {
            queue.select = Some((Selected::Card(card.id.clone()), frame.shift));
        }
        if response.drag_started() {
            let mut ids: Vec<CardId> = frame
                .selection
                .iter()
                .filter_map(|s| match s {
                    Selected::Card(id) => Some(id.clone()),
                    _ => None,
                })
                .collect();
            if !ids.contains(&card.id) {
                ids = vec![card.id.clone()];
                queue.select = Some((Selected::Card(card.id.clone()), false));
            }
            *drag = Some(Drag::Cards(ids));
        }
        if selected {
            frame.painter.rect_stroke(
                screen.expand(OVERLAY.gap),
                OVERLAY.radius,
                Stroke::new(OVERLAY.stroke, frame.theme.accent),
                StrokeKind::Outside,
            );
        }
        card_rects.push((card.id.clone(), screen));
    }
    card_rects
}

/// Links: a small target on each route's middle selects it.
fn links_pass(frame: &Frame, queue: &mut Queue) {
    if frame.far {
        return;
    }
    let map = frame.map;
    for route in &frame.layout.links {
        let Some(mid) = route.points.get(route.points.len() / 2).copied() else {
            continue;
        };
        let screen = Rect::from_center_size(frame.screen_from_canvas * mid, OVERLAY.target);
        if !screen.intersects(frame.rect) {
            continue;
        }
        let label = map
            .link(&route.id)
            .map(|l| link_label(map, l, frame.lang))
            .unwrap_or_default();
        let selected = frame.selection.contains(&Selected::Link(route.id.clone()));
        let response = frame
            .ui
            .interact(screen, Id::unique(("link", &route.id)), Sense::click());
        response.widget_info(|| WidgetInfo::selected(Role::Link, true, selected, &label));
        if response.clicked() {
            queue.select = Some((Selected::Link(route.id.clone()), frame.shift));
        }
        if selected || response.hovered() {
            let points: Vec<Pos2> = route
                .points
                .iter()
                .map(|p| frame.screen_from_canvas * *p)
                .collect();
            frame.painter.add(Shape::line(
                points,
                Stroke::new(OVERLAY.link_width, frame.theme.accent),
            ));
        }
    }
}

/// The emotion curve's points: drag up and down, snapped to whole values.
fn curve_pass(frame: &Frame, drag: &mut Option<Drag>, session: &mut u64, queue: &mut Queue) {
    let Some(curve) = &frame.layout.curve else {
        return;
    };
    let map = frame.map;
    for point in &curve.points {
        let center = frame.screen_from_canvas * point.pos;
        let screen = Rect::from_center_size(center, OVERLAY.point_target);
        if !screen.intersects(frame.rect) {
            continue;
        }
        let name = map
            .step(&point.step)
            .map(|s| s.name.clone())
            .unwrap_or_default();
        let response = frame.ui.interact(
            screen,
            Id::unique(("score", &point.step)),
            Sense::click_and_drag(),
        );
        response.widget_info(|| {
            let mut info = WidgetInfo::labeled(
                Role::Slider,
                true,
                format!("{} {name}", T::Emotion.get(frame.lang)),
            );
            info.value = Some(f64::from(point.score));
            info
        });
        if response.hovered() || response.dragged() {
            frame.painter.circle_stroke(
                center,
                OVERLAY.point_ring,
                Stroke::new(OVERLAY.stroke, frame.theme.accent),
            );
        }
        if response.clicked() {
            queue.select = Some((Selected::Step(point.step.clone()), false));
        }
        if response.drag_started() {
            *session += 1;
            *drag = Some(Drag::Score {
                step: point.step.clone(),
                session: *session,
            });
        }
        if response.dragged()
            && let Some(Drag::Score { step, session }) = &*drag
            && let Some(pos) = response.interact_pointer_pos()
        {
            let score = score_at(curve, map, frame.canvas_from_screen * pos);
            if map.step(step).and_then(|s| s.score) != Some(score) {
                queue.edits.push((
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

/// Where the link handle of a card on the screen sits.
fn handle_center(card: Rect) -> Pos2 {
    pos2(card.right() + OVERLAY.handle_offset, card.center().y)
}

/// A handle on the selected card: drag it to another card to draw a path.
fn link_handle_pass(frame: &Frame, card_rects: &[(CardId, Rect)], drag: &mut Option<Drag>) {
    let [Selected::Card(id)] = frame.selection else {
        return;
    };
    let Some((_, screen)) = card_rects.iter().find(|(c, _)| c == id) else {
        return;
    };
    let center = handle_center(*screen);
    let handle = Rect::from_center_size(center, OVERLAY.target);
    let text = frame
        .map
        .card(id)
        .map(|c| card_label(c, frame.lang))
        .unwrap_or_default();
    let response = frame
        .ui
        .interact(handle, Id::unique(("handle", id)), Sense::drag());
    response.widget_info(|| {
        WidgetInfo::labeled(
            Role::Button,
            true,
            format!("{} {text}", T::LinkFrom.get(frame.lang)),
        )
    });
    frame.painter.circle(
        center,
        OVERLAY.handle_radius,
        frame.theme.accent,
        Stroke::new(OVERLAY.handle_ring, frame.theme.background),
    );
    if response.drag_started() {
        *drag = Some(Drag::Link(id.clone()));
    }
}

/// The gesture in progress: indicators while dragging, edits on release.
fn drop_pass(
    frame: &Frame,
    card_rects: &[(CardId, Rect)],
    drag: Option<&Drag>,
    released: bool,
    queue: &mut Queue,
) {
    let pointer = frame
        .ctx
        .input(|i| i.pointer.interact_pos().or(i.pointer.hover_pos()));
    let (Some(drag), Some(pos)) = (drag, pointer) else {
        return;
    };
    let at = frame.canvas_from_screen * pos;
    let edit = match drag {
        Drag::Cards(ids) => drop_cards(frame, ids, at, released),
        Drag::Stage(id) => {
            let (index, x) = stage_drop(frame.layout, frame.journey, id, at.x);
            column_indicator(frame, x);
            released.then(|| Edit::MoveStage {
                id: id.clone(),
                index,
            })
        }
        Drag::Step(id) => {
            step_drop(frame.layout, frame.journey, id, at.x).and_then(|(stage, index, x)| {
                column_indicator(frame, x);
                released.then(|| Edit::MoveStep {
                    id: id.clone(),
                    stage,
                    index,
                })
            })
        }
        Drag::Lane(id) => {
            let (index, y) = lane_drop(frame.layout, frame.map, id, at.y);
            frame.painter.hline(
                frame.rect.x_range(),
                frame.screen_from_canvas.mul_pos(pos2(0.0, y)).y,
                indicator(frame),
            );
            released.then(|| Edit::MoveLane {
                id: id.clone(),
                index,
            })
        }
        Drag::Link(from) => drop_link(frame, card_rects, from, pos, released, queue),
        Drag::Select { start } => {
            drop_select(frame, *start, pos, released, queue);
            None
        }
        Drag::Score { .. } => None,
    };
    if let Some(edit) = edit {
        queue.edits.push((edit, None));
    }
}

fn indicator(frame: &Frame) -> Stroke {
    Stroke::new(OVERLAY.stroke, frame.theme.accent)
}

/// A line where a dragged stage or step would go.
fn column_indicator(frame: &Frame, x: f32) {
    frame.painter.vline(
        frame.screen_from_canvas.mul_pos(pos2(x, 0.0)).x,
        frame.rect.y_range(),
        indicator(frame),
    );
}

/// Cards dragged over a cell that holds cards: its outline, the move on release.
fn drop_cards(frame: &Frame, ids: &[CardId], at: Pos2, released: bool) -> Option<Edit> {
    let cell = cell_at(frame.layout, at).filter(|c| c.kind.holds_cards())?;
    frame.painter.rect_stroke(
        frame.to_screen(cell.rect).shrink(OVERLAY.gap),
        OVERLAY.radius,
        indicator(frame),
        StrokeKind::Inside,
    );
    if !released {
        return None;
    }
    let index = drop_index(frame.map, frame.journey_index, frame.layout, &cell, at, ids);
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
    Some(Edit::Batch(moves))
}

/// A path drawn from a card's handle: an arrow, a new link when let go on another card.
fn drop_link(
    frame: &Frame,
    card_rects: &[(CardId, Rect)],
    from: &CardId,
    pos: Pos2,
    released: bool,
    queue: &mut Queue,
) -> Option<Edit> {
    if let Some((_, screen)) = card_rects.iter().find(|(c, _)| c == from) {
        let start = handle_center(*screen);
        frame.painter.arrow(start, pos - start, indicator(frame));
    }
    let target = frame
        .layout
        .card_at(frame.canvas_from_screen * pos)
        .filter(|target| released && &target.id != from)?;
    let link = Link {
        id: frame.map.fresh_id(LinkId::PREFIX).into(),
        from: from.clone(),
        to: target.id.clone(),
        ..Link::default()
    };
    queue.select = Some((Selected::Link(link.id.clone()), false));
    Some(Edit::AddLink {
        journey: frame.journey.id.clone(),
        index: frame.journey.links.len(),
        link,
    })
}

/// A box selection: the box, the cards it touches on release.
fn drop_select(frame: &Frame, start: Pos2, pos: Pos2, released: bool, queue: &mut Queue) {
    let area = Rect::from_two_pos(start, pos);
    frame.painter.rect(
        area,
        0.0,
        frame.theme.accent.gamma_multiply(OVERLAY.box_fill),
        indicator(frame),
        StrokeKind::Inside,
    );
    if released {
        let canvas_area = frame.canvas_from_screen.mul_rect(area);
        let picked = frame
            .layout
            .cards
            .iter()
            .filter(|c| canvas_area.intersects(c.rect))
            .map(|c| Selected::Card(c.id.clone()))
            .collect();
        queue.picked = Some((picked, frame.shift));
    }
}
