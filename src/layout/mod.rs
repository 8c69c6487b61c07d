//! A journey as geometry: where every box, card, text, link and curve point
//! sits, in points, with the picture's top-left corner at the origin.
//!
//! Pure: it reads the document, the sizes of [`crate::theme`] and measures
//! text with epaint's fonts (no egui Context, no app). The same document,
//! options and pixels-per-point give the same geometry; [`LayoutCache`] keeps
//! the last result per document revision. Text is laid out here once, with a
//! placeholder colour the painter replaces, so the painter never measures.

mod curve;
mod grid;
mod header;

use std::sync::Arc;

use epaint::text::{Fonts, FontsView, LayoutJob, TextWrapping, ViewportKey};
use epaint::{Color32, FontId, Galley, Pos2, Rect, Vec2, pos2, vec2};

use crate::i18n::{Lang, Phrase};
use crate::model::{
    CardId, Funnel, Journey, JourneyMap, LaneId, LaneKind, LinkId, LinkKind, StageId, StepId,
};
use crate::theme::{self, SIZES};

pub use self::curve::{Curve, CurvePoint, smooth_path};

/// What changes the geometry besides the document.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutOptions {
    /// The picture is at least this wide, in points: step columns stretch to
    /// fill it. Zero for the natural width.
    pub min_width: f32,
    /// The language of journeymap's own labels.
    pub lang: Lang,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            min_width: 0.0,
            lang: Lang::En,
        }
    }
}

/// How a text block is drawn; the painter picks its colour by role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextRole {
    /// The map's title and the journey's name.
    Title,
    /// Normal text.
    Body,
    /// Secondary text: roles, badges, labels of the curve.
    Muted,
    /// Text on a saturated pill.
    OnAccent,
    /// Text of a KPI that is behind its target.
    Alarm,
}

/// A laid-out text and where its top-left corner goes.
#[derive(Clone, Debug)]
pub struct Text {
    /// The glyphs, in the placeholder colour.
    pub galley: Arc<Galley>,
    /// Top-left corner.
    pub pos: Pos2,
    /// How to colour it.
    pub role: TextRole,
}

impl Text {
    /// The rectangle the text covers.
    pub fn rect(&self) -> Rect {
        Rect::from_min_size(self.pos, self.galley.size())
    }
}

/// A box drawn behind texts (header, persona, stage, step, KPIs, lane label).
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    /// Where.
    pub rect: Rect,
    /// What it is, for the painter and for hit tests.
    pub kind: PanelKind,
}

/// What a [`Panel`] is.
#[derive(Clone, Debug, PartialEq)]
pub enum PanelKind {
    /// The persona card.
    Persona,
    /// A stage header.
    Stage(StageId),
    /// A step header.
    Step(StepId),
    /// A stage's KPI box.
    Kpis(StageId),
    /// A funnel tag pill.
    Funnel(Funnel),
    /// The as-is / to-be badge.
    JourneyKind,
}

/// The persona's photo, or the place for its initials.
#[derive(Clone, Debug)]
pub struct Photo {
    /// The circle's bounding square.
    pub rect: Rect,
    /// The photo's path as written in the map (relative to the map file).
    pub path: String,
    /// The persona's initials, drawn when there is no photo.
    pub initials: Text,
}

/// A lane row.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneRow {
    /// The lane.
    pub id: LaneId,
    /// What it holds.
    pub kind: LaneKind,
    /// The whole row, label column included.
    pub rect: Rect,
    /// Its position among the shown lanes, for banding.
    pub index: usize,
}

/// A step column (or the empty column of a stage without steps).
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// The step, if any.
    pub step: Option<StepId>,
    /// The stage it belongs to.
    pub stage: StageId,
    /// The column from the top of the step header to the bottom of the grid.
    pub rect: Rect,
    /// Where the moment-of-truth star goes; `None` when the step is not one.
    pub star: Option<Pos2>,
}

/// The colour mark of a card.
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    /// No mark.
    None,
    /// A touchpoint's channel (by id).
    Channel(String),
    /// A pain point's severity.
    Severity(crate::model::Severity),
}

/// A card's box.
#[derive(Clone, Debug, PartialEq)]
pub struct CardBox {
    /// The card.
    pub id: CardId,
    /// Where the card is in its journey's list of cards.
    pub index: usize,
    /// Its lane's kind (the fill colour).
    pub lane: LaneKind,
    /// Where.
    pub rect: Rect,
    /// The stripe on its left edge.
    pub mark: Mark,
    /// Whether its text was cut to the card's height.
    pub elided: bool,
}

/// A link's route: an orthogonal polyline from one card to another, ending in an arrow.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkRoute {
    /// The link.
    pub id: LinkId,
    /// What it means.
    pub kind: LinkKind,
    /// The corners, first on the `from` card's edge, last on the `to` card's edge.
    pub points: Vec<Pos2>,
}

/// A journey laid out.
#[derive(Clone, Debug)]
pub struct JourneyLayout {
    /// The whole picture, in points.
    pub size: Vec2,
    /// Boxes, drawn first.
    pub panels: Vec<Panel>,
    /// The persona photo.
    pub photo: Option<Photo>,
    /// The lane rows.
    pub lanes: Vec<LaneRow>,
    /// The step columns.
    pub columns: Vec<Column>,
    /// The grid: stage headers to the last lane, label column included.
    pub grid: Rect,
    /// The cards.
    pub cards: Vec<CardBox>,
    /// The links.
    pub links: Vec<LinkRoute>,
    /// The emotion curve, if its lane is shown.
    pub curve: Option<Curve>,
    /// Every text, in drawing order.
    pub texts: Vec<Text>,
}

impl Default for JourneyLayout {
    fn default() -> Self {
        JourneyLayout {
            size: Vec2::ZERO,
            panels: Vec::new(),
            photo: None,
            lanes: Vec::new(),
            columns: Vec::new(),
            grid: Rect::NOTHING,
            cards: Vec::new(),
            links: Vec::new(),
            curve: None,
            texts: Vec::new(),
        }
    }
}

impl JourneyLayout {
    /// The card under `pos`, topmost first.
    pub fn card_at(&self, pos: Pos2) -> Option<&CardBox> {
        self.cards.iter().rev().find(|c| c.rect.contains(pos))
    }
}

/// The last layout, kept while the document revision, the journey, the
/// options and the pixels-per-point stay the same.
#[derive(Default)]
pub struct LayoutCache {
    key: Option<(u64, usize, LayoutOptionsKey, u32)>,
    layout: Arc<JourneyLayout>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct LayoutOptionsKey(u32, Lang);

impl LayoutCache {
    /// The layout of `journey` in `map` at `revision`, computed only when
    /// something changed; `fonts` must measure at `pixels_per_point`.
    pub fn get(
        &mut self,
        revision: u64,
        map: &JourneyMap,
        journey: usize,
        options: &LayoutOptions,
        pixels_per_point: f32,
        fonts: &mut FontsView<'_>,
    ) -> Arc<JourneyLayout> {
        let key = (
            revision,
            journey,
            LayoutOptionsKey(options.min_width.to_bits(), options.lang),
            pixels_per_point.to_bits(),
        );
        if self.key != Some(key) {
            self.layout = Arc::new(layout_journey(
                map,
                journey,
                options,
                pixels_per_point,
                fonts,
            ));
            self.key = Some(key);
        }
        Arc::clone(&self.layout)
    }
}

/// The step columns of a journey: one per step, one for a stage without steps.
fn column_count(journey: &Journey) -> usize {
    journey
        .stages
        .iter()
        .map(|stage| stage.steps.len().max(1))
        .sum()
}

fn journey_natural_width(journey: &Journey) -> f32 {
    let sz = SIZES;
    let grid = sz.label_width + f32_from(column_count(journey).max(1)) * sz.column_width;
    2.0 * sz.margin + grid.max(sz.min_content_width)
}

/// The width, in points, of journey number `journey` laid out without a
/// minimum width: known without measuring any text (it depends on the
/// number of columns only), so an export can pick its scale first.
pub fn natural_width(map: &JourneyMap, journey: usize) -> f32 {
    map.journeys
        .get(journey)
        .map_or(SIZES.min_content_width, journey_natural_width)
}

/// Lays out journey number `journey` of `map` (an out-of-range index gives an empty picture).
pub fn layout_journey(
    map: &JourneyMap,
    journey: usize,
    options: &LayoutOptions,
    pixels_per_point: f32,
    fonts: &mut FontsView<'_>,
) -> JourneyLayout {
    let Some(journey) = map.journeys.get(journey) else {
        return JourneyLayout {
            size: vec2(SIZES.min_content_width, SIZES.min_content_width / 2.0),
            ..JourneyLayout::default()
        };
    };
    if pixels_per_point != REFERENCE_PPP {
        begin_reference_pass();
    }
    Builder {
        map,
        journey,
        pixels_per_point,
        lang: options.lang,
        fonts,
        out: JourneyLayout::default(),
    }
    .build(*options)
}

struct Builder<'a, 'f> {
    map: &'a JourneyMap,
    journey: &'a Journey,
    /// What `fonts` measure at.
    pixels_per_point: f32,
    lang: Lang,
    fonts: &'a mut FontsView<'f>,
    out: JourneyLayout,
}

/// The pixels-per-point at which lines are broken.
const REFERENCE_PPP: f32 = 1.0;

thread_local! {
    /// Fonts at [`REFERENCE_PPP`], to break lines when laying out at another scale.
    static REFERENCE_FONTS: std::cell::RefCell<Option<Fonts>> = const { std::cell::RefCell::new(None) };
}

fn reference_fonts() -> Fonts {
    Fonts::new(
        theme::text_options(theme::ThemeKind::Light),
        theme::font_definitions(),
    )
}

/// Starts a layout pass of the reference fonts: galleys not used since the
/// last pass leave their cache, a full atlas is cleared.
fn begin_reference_pass() {
    REFERENCE_FONTS.with_borrow_mut(|fonts| {
        if let Some(fonts) = fonts {
            fonts.begin_pass(
                theme::text_options(theme::ThemeKind::Light),
                ViewportKey::default(),
            );
        }
    });
}

/// Text wrapped to `width`, at most `rows` rows, elided with an ellipsis.
fn job(text: &str, font: FontId, width: f32, rows: usize) -> LayoutJob {
    let mut job = LayoutJob::simple(text.to_owned(), font, Color32::PLACEHOLDER, width.max(1.0));
    job.wrap = TextWrapping {
        max_width: width.max(1.0),
        max_rows: rows,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    job
}

/// A job that sets `reference`'s text again with exactly its rows (and its
/// elision): to set, at another scale, a text laid out at the reference scale.
pub fn reference_rows_job(reference: &Galley) -> LayoutJob {
    let mut text = String::with_capacity(reference.job.text.len() + reference.rows.len());
    for (i, row) in reference.rows.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.extend(row.glyphs.iter().map(|g| g.chr));
    }
    let format = reference
        .job
        .sections
        .first()
        .map(|s| s.format.clone())
        .unwrap_or_default();
    let mut job = LayoutJob::single_section(text, format);
    job.wrap.max_width = f32::INFINITY;
    job
}

/// How a text is set: font, wrap width, at most so many rows, and its role.
#[derive(Clone)]
struct Pen {
    font: FontId,
    width: f32,
    rows: usize,
    role: TextRole,
}

impl Pen {
    fn new(font: FontId, width: f32, rows: usize, role: TextRole) -> Pen {
        Pen {
            font,
            width,
            rows,
            role,
        }
    }
}

impl Builder<'_, '_> {
    fn galley(&mut self, text: &str, font: FontId, width: f32, rows: usize) -> Arc<Galley> {
        self.layout(job(text, font, width, rows)).0
    }

    /// Lays out `job` at the builder's pixels-per-point, with the line breaks
    /// (and elision) it gets at [`REFERENCE_PPP`]; also says whether it was elided.
    ///
    /// Glyph positions are snapped to pixels, so a line that just fits at one
    /// scale may wrap at another. Breaking lines once, at one scale, keeps
    /// the geometry the same at every scale and zoom.
    fn layout(&mut self, job: LayoutJob) -> (Arc<Galley>, bool) {
        if self.pixels_per_point == REFERENCE_PPP {
            let galley = self.fonts.layout_job(job);
            let elided = galley.elided;
            return (galley, elided);
        }
        let reference = REFERENCE_FONTS.with_borrow_mut(|fonts| {
            fonts
                .get_or_insert_with(reference_fonts)
                .with_pixels_per_point(REFERENCE_PPP)
                .layout_job(job.clone())
        });
        (
            self.fonts.layout_job(reference_rows_job(&reference)),
            reference.elided,
        )
    }

    /// The height a row of `font` takes in the layout: epaint's row height
    /// rounded up to a whole point. A galley's own rows are snapped to pixels,
    /// so they are a little taller or shorter at each pixels-per-point; laying
    /// out by this height instead keeps the geometry the same at every scale
    /// (scale 2 is exactly twice the pixels) and never shorter than the text.
    fn line_height(&mut self, font: &FontId) -> f32 {
        self.fonts.row_height(font).ceil()
    }

    /// The size `galley` (set in `font`) takes in the layout.
    fn text_size(&mut self, galley: &Galley, font: &FontId) -> Vec2 {
        vec2(
            galley.size().x,
            f32_from(galley.rows.len()) * self.line_height(font),
        )
    }

    /// Lays out a text with `pen` and places it at `pos`; returns its size.
    fn write(&mut self, text: &str, pos: Pos2, pen: &Pen) -> Vec2 {
        let galley = self.galley(text, pen.font.clone(), pen.width, pen.rows);
        let size = self.text_size(&galley, &pen.font);
        self.out.texts.push(Text {
            galley,
            pos,
            role: pen.role,
        });
        size
    }

    fn build(mut self, options: LayoutOptions) -> JourneyLayout {
        let sz = SIZES;
        let n_columns = column_count(self.journey);
        let n = f32_from(n_columns.max(1));
        let width = journey_natural_width(self.journey).max(options.min_width);
        let column_width = if n_columns == 0 {
            sz.column_width
        } else {
            ((width - 2.0 * sz.margin - sz.label_width) / n).max(sz.column_width)
        };
        let content_width = width - 2.0 * sz.margin;

        let mut y = self.header(sz.margin, content_width);
        y = self.persona(y + sz.gap * 2.0, content_width);
        let y = y + sz.gap * 2.0;
        let bottom = if n_columns == 0 {
            let pen = Pen::new(theme::regular(sz.body), content_width, 1, TextRole::Muted);
            y + self
                .write(self.lang.text(Phrase::NoStages), pos2(sz.margin, y), &pen)
                .y
        } else {
            self.grid(y, column_width)
        };
        self.out.size = vec2(width, (bottom + sz.margin).ceil());
        self.out
    }
}

/// A number as people write it: no trailing zeros.
fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_owned()
}

/// Up to two initials of a name: "Anna Kowalska" -> "AK".
fn initials(name: &str) -> String {
    let initials: String = name
        .split_whitespace()
        .filter_map(|word| word.chars().next())
        .filter(|c| c.is_alphanumeric())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect();
    if initials.is_empty() {
        "?".to_owned()
    } else {
        initials
    }
}

#[expect(
    clippy::cast_precision_loss,
    reason = "counts of columns and lists are small"
)]
fn f32_from(n: usize) -> f32 {
    n as f32
}

#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a small, non-negative row count"
)]
fn usize_floor(x: f32) -> usize {
    if x.is_finite() && x > 0.0 {
        x.floor() as usize
    } else {
        0
    }
}
