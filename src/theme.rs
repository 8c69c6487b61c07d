//! Design tokens: every colour, size and font of a drawn map, in one place.
//!
//! Sizes are in points (a point is one pixel at scale 1). The layout reads
//! the sizes and fonts (it needs them to measure); the painter reads the
//! colours. This module uses epaint only: no egui Context, no app.

use std::sync::Arc;

use epaint::text::{FontData, FontDefinitions, FontFamily, TextOptions};
use epaint::{Color32, FontColorTransferFunction, FontId, Vec2};

use crate::model::{LaneKind, Severity};

/// Noto Sans: covers every Polish letter, in a regular and a bold weight.
const NOTO_SANS: &[u8] = include_bytes!("../assets/fonts/NotoSans-Regular.ttf");
const NOTO_SANS_BOLD: &[u8] = include_bytes!("../assets/fonts/NotoSans-Bold.ttf");
/// `DejaVu` Sans: arrows, math and other symbols Noto Sans lacks.
const DEJAVU_SANS: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");

/// The name of the bold font family.
pub const BOLD: &str = "bold";

/// The fonts of a map: Noto Sans first, then `DejaVu` Sans and egui's fonts as
/// fallbacks for symbols and emoji.
pub fn font_definitions() -> FontDefinitions {
    let mut defs = FontDefinitions::default();
    defs.font_data.insert(
        "NotoSans".to_owned(),
        Arc::new(FontData::from_static(NOTO_SANS)),
    );
    defs.font_data.insert(
        "NotoSans-Bold".to_owned(),
        Arc::new(FontData::from_static(NOTO_SANS_BOLD)),
    );
    defs.font_data.insert(
        "DejaVuSans".to_owned(),
        Arc::new(FontData::from_static(DEJAVU_SANS)),
    );
    let mut fallback = vec!["DejaVuSans".to_owned()];
    fallback.extend(
        defs.families
            .get(&FontFamily::Proportional)
            .cloned()
            .unwrap_or_default(),
    );
    let mut regular = vec!["NotoSans".to_owned()];
    regular.extend(fallback.iter().cloned());
    let mut bold = vec!["NotoSans-Bold".to_owned(), "NotoSans".to_owned()];
    bold.extend(fallback);
    defs.families.insert(FontFamily::Proportional, regular);
    defs.families.insert(FontFamily::Name(BOLD.into()), bold);
    defs
}

/// How glyphs are measured and drawn, for light or dark colours.
///
/// Hinting is off: hinted advances are snapped to the pixel grid, so a line
/// would wrap differently at each scale and `--scale 2` would not be exactly
/// twice the picture. Unhinted text is still drawn at the export's
/// pixels-per-point (crisp, not upscaled). Glyph coverage is lightened on
/// dark backgrounds as egui does.
pub fn text_options(kind: ThemeKind) -> TextOptions {
    TextOptions {
        font_hinting: false,
        color_transfer_function: match kind {
            ThemeKind::Light => FontColorTransferFunction::LIGHT_MODE_DEFAULT,
            ThemeKind::Dark => FontColorTransferFunction::DARK_MODE_DEFAULT,
        },
        ..TextOptions::default()
    }
}

/// Regular text of `size` points.
pub fn regular(size: f32) -> FontId {
    FontId::proportional(size)
}

/// Bold text of `size` points.
pub fn bold(size: f32) -> FontId {
    FontId::new(size, FontFamily::Name(BOLD.into()))
}

/// Sizes of the map, in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sizes {
    /// Around the whole picture.
    pub margin: f32,
    /// Between blocks (header, persona, grid) and between cards.
    pub gap: f32,
    /// Inside boxes and cards.
    pub pad: f32,
    /// The column of lane labels on the left of the grid.
    pub label_width: f32,
    /// A step column at its natural width.
    pub column_width: f32,
    /// The smallest picture width, so the header has room.
    pub min_content_width: f32,
    /// A card's height at most; longer text is elided.
    pub card_max_height: f32,
    /// A lane row at least.
    pub row_min_height: f32,
    /// The emotion-curve lane.
    pub curve_height: f32,
    /// The persona photo (a circle).
    pub photo: f32,
    /// Corner radius of boxes and cards.
    pub radius: f32,
    /// The coloured stripe on a card's left edge.
    pub stripe: f32,
    /// Font sizes.
    pub title: f32,
    /// The journey's name.
    pub heading: f32,
    /// Stage names.
    pub stage: f32,
    /// Body text: cards, goals.
    pub body: f32,
    /// Badges and small print.
    pub small: f32,
    /// Lines: links, the curve.
    pub line: f32,
    /// Borders of boxes and cards, gridlines.
    pub hairline: f32,
    /// A point of the emotion curve (radius).
    pub point: f32,
    /// The ring around a dip of the curve (radius).
    pub dip: f32,
    /// A link's arrow head, tip to base.
    pub arrow: f32,
    /// A dashed link's dash and gap.
    pub dash: [f32; 2],
    /// The moment-of-truth star (outer radius).
    pub star: f32,
    /// Room for the curve's scale labels at the right of its lane label.
    pub scale_labels: f32,
    /// The longest line of running text (the map's description).
    pub text_max_width: f32,
}

/// Sizes of what the editor draws over the picture on its canvas (selection
/// outlines, drop indicators, handles, hit targets), in screen points: they
/// stay the same size at every zoom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Overlay {
    /// Outlines and indicators.
    pub stroke: f32,
    /// Between an item and its outline (and an indicator inside a cell).
    pub gap: f32,
    /// Corners of a selected card's outline and of a drop cell's.
    pub radius: f32,
    /// Corners of a card's outline when zoomed far out.
    pub far_radius: f32,
    /// A link's click target and the link handle's.
    pub target: Vec2,
    /// A selected or hovered link's line.
    pub link_width: f32,
    /// An emotion point's drag target.
    pub point_target: Vec2,
    /// The ring around a hovered emotion point (radius).
    pub point_ring: f32,
    /// The link handle: distance from the card's right edge, radius, ring width.
    pub handle_offset: f32,
    /// The link handle's radius.
    pub handle_radius: f32,
    /// The ring around the link handle.
    pub handle_ring: f32,
    /// How strongly a box selection is filled with the accent colour.
    pub box_fill: f32,
    /// Room kept around a card the view moves to for typing.
    pub reveal_margin: f32,
}

/// The canvas overlay's sizes.
pub const OVERLAY: Overlay = Overlay {
    stroke: 2.0,
    gap: 2.0,
    radius: 4.0,
    far_radius: 2.0,
    target: Vec2::splat(14.0),
    link_width: 3.0,
    point_target: Vec2::splat(16.0),
    point_ring: 7.0,
    handle_offset: 8.0,
    handle_radius: 5.0,
    handle_ring: 1.5,
    box_fill: 0.1,
    reveal_margin: 24.0,
};

/// The one set of sizes.
pub const SIZES: Sizes = Sizes {
    margin: 24.0,
    gap: 8.0,
    pad: 8.0,
    label_width: 132.0,
    column_width: 184.0,
    min_content_width: 760.0,
    card_max_height: 150.0,
    row_min_height: 56.0,
    curve_height: 150.0,
    photo: 72.0,
    radius: 6.0,
    stripe: 4.0,
    title: 24.0,
    heading: 17.0,
    stage: 15.0,
    body: 13.0,
    small: 11.0,
    line: 2.0,
    hairline: 1.0,
    point: 4.5,
    dip: 9.0,
    arrow: 7.0,
    dash: [5.0, 3.0],
    star: 7.0,
    scale_labels: 28.0,
    text_max_width: 1100.0,
};

/// Light or dark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ThemeKind {
    /// Dark text on white: for print and slides.
    #[default]
    Light,
    /// Light text on near-black.
    Dark,
}

/// The colours of a map.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    /// Light or dark.
    pub kind: ThemeKind,
    /// The picture's background.
    pub background: Color32,
    /// Boxes: header, persona, stage and step headers, KPI boxes.
    pub panel: Color32,
    /// Alternate lane rows.
    pub band: Color32,
    /// Thin borders and gridlines.
    pub border: Color32,
    /// Normal text.
    pub text: Color32,
    /// Secondary text.
    pub muted: Color32,
    /// Text on a saturated pill.
    pub on_accent: Color32,
    /// Accent: the curve, links, pills.
    pub accent: Color32,
    /// Dips of the curve, critical pain.
    pub alarm: Color32,
    /// The moment-of-truth marker.
    pub star: Color32,
    /// A card's fill, per lane kind.
    pub cards: [Color32; LaneKind::ALL.len()],
    /// Severity colours, low to critical.
    pub severity: [Color32; 4],
    /// Channel stripes, picked by channel id.
    pub channels: [Color32; 8],
    /// TOFU, MOFU, BOFU pills.
    pub funnel: [Color32; 3],
}

impl Theme {
    /// The theme of `kind`.
    pub fn new(kind: ThemeKind) -> Theme {
        match kind {
            ThemeKind::Light => Theme::light(),
            ThemeKind::Dark => Theme::dark(),
        }
    }

    /// Dark text on white.
    pub fn light() -> Theme {
        Theme {
            kind: ThemeKind::Light,
            background: Color32::from_rgb(0xFF, 0xFF, 0xFF),
            panel: Color32::from_rgb(0xF3, 0xF4, 0xF7),
            band: Color32::from_rgb(0xFA, 0xFA, 0xFC),
            border: Color32::from_rgb(0xD5, 0xD8, 0xDF),
            text: Color32::from_rgb(0x1F, 0x23, 0x2B),
            muted: Color32::from_rgb(0x5E, 0x65, 0x72),
            on_accent: Color32::from_rgb(0xFF, 0xFF, 0xFF),
            accent: Color32::from_rgb(0x3B, 0x5B, 0xDB),
            alarm: Color32::from_rgb(0xD6, 0x33, 0x3D),
            star: Color32::from_rgb(0xE0, 0x9F, 0x10),
            cards: [
                Color32::from_rgb(0xE3, 0xEC, 0xFF), // touchpoints
                Color32::from_rgb(0xE6, 0xF4, 0xEA), // actions
                Color32::from_rgb(0xF1, 0xEA, 0xFB), // thoughts
                Color32::from_rgb(0xFF, 0xF1, 0xE0), // feelings
                Color32::from_rgb(0xFF, 0xFF, 0xFF), // emotion (no cards)
                Color32::from_rgb(0xFD, 0xE5, 0xE6), // pain points
                Color32::from_rgb(0xE0, 0xF5, 0xF2), // opportunities
                Color32::from_rgb(0xEC, 0xEE, 0xF1), // backstage
                Color32::from_rgb(0xFF, 0xFF, 0xFF), // KPIs (no cards)
                Color32::from_rgb(0xFF, 0xF9, 0xD6), // custom
            ],
            severity: [
                Color32::from_rgb(0x8A, 0x94, 0xA3),
                Color32::from_rgb(0xE0, 0x9F, 0x10),
                Color32::from_rgb(0xE8, 0x6A, 0x1A),
                Color32::from_rgb(0xD6, 0x33, 0x3D),
            ],
            channels: [
                Color32::from_rgb(0x3B, 0x5B, 0xDB),
                Color32::from_rgb(0x0C, 0xA6, 0x78),
                Color32::from_rgb(0xE8, 0x59, 0x0C),
                Color32::from_rgb(0xAE, 0x3E, 0xC9),
                Color32::from_rgb(0x10, 0x98, 0xAD),
                Color32::from_rgb(0xD6, 0x33, 0x6C),
                Color32::from_rgb(0x74, 0xB8, 0x16),
                Color32::from_rgb(0x84, 0x5E, 0xF7),
            ],
            funnel: [
                Color32::from_rgb(0x22, 0x8B, 0xE6),
                Color32::from_rgb(0x7C, 0x4D, 0xD6),
                Color32::from_rgb(0x0C, 0x8F, 0x5A),
            ],
        }
    }

    /// Light text on near-black.
    pub fn dark() -> Theme {
        Theme {
            kind: ThemeKind::Dark,
            background: Color32::from_rgb(0x16, 0x18, 0x1D),
            panel: Color32::from_rgb(0x23, 0x26, 0x2E),
            band: Color32::from_rgb(0x1B, 0x1D, 0x23),
            border: Color32::from_rgb(0x3A, 0x3F, 0x4B),
            text: Color32::from_rgb(0xE8, 0xEA, 0xEE),
            muted: Color32::from_rgb(0xA0, 0xA7, 0xB4),
            on_accent: Color32::from_rgb(0xFF, 0xFF, 0xFF),
            accent: Color32::from_rgb(0x74, 0x8F, 0xFC),
            alarm: Color32::from_rgb(0xFF, 0x6B, 0x6B),
            star: Color32::from_rgb(0xFC, 0xC4, 0x19),
            cards: [
                Color32::from_rgb(0x24, 0x33, 0x55),
                Color32::from_rgb(0x1F, 0x3A, 0x2A),
                Color32::from_rgb(0x33, 0x29, 0x48),
                Color32::from_rgb(0x45, 0x34, 0x1E),
                Color32::from_rgb(0x16, 0x18, 0x1D),
                Color32::from_rgb(0x4A, 0x24, 0x28),
                Color32::from_rgb(0x1A, 0x3E, 0x3A),
                Color32::from_rgb(0x2C, 0x30, 0x38),
                Color32::from_rgb(0x16, 0x18, 0x1D),
                Color32::from_rgb(0x42, 0x3C, 0x1C),
            ],
            severity: [
                Color32::from_rgb(0x8A, 0x94, 0xA3),
                Color32::from_rgb(0xFC, 0xC4, 0x19),
                Color32::from_rgb(0xFF, 0x92, 0x2B),
                Color32::from_rgb(0xFF, 0x6B, 0x6B),
            ],
            channels: [
                Color32::from_rgb(0x74, 0x8F, 0xFC),
                Color32::from_rgb(0x38, 0xD9, 0xA9),
                Color32::from_rgb(0xFF, 0x92, 0x2B),
                Color32::from_rgb(0xDA, 0x77, 0xF2),
                Color32::from_rgb(0x3B, 0xC9, 0xDB),
                Color32::from_rgb(0xF0, 0x65, 0x95),
                Color32::from_rgb(0xA9, 0xE3, 0x4B),
                Color32::from_rgb(0x97, 0x75, 0xFA),
            ],
            funnel: [
                Color32::from_rgb(0x22, 0x8B, 0xE6),
                Color32::from_rgb(0x7C, 0x4D, 0xD6),
                Color32::from_rgb(0x0C, 0x8F, 0x5A),
            ],
        }
    }

    /// A card's fill for its lane kind.
    pub fn card(&self, kind: LaneKind) -> Color32 {
        let index = LaneKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        self.cards.get(index).copied().unwrap_or(self.panel)
    }

    /// A pain point's severity colour.
    pub fn severity(&self, severity: Severity) -> Color32 {
        let [low, medium, high, critical] = self.severity;
        match severity {
            Severity::Low => low,
            Severity::Medium => medium,
            Severity::High => high,
            Severity::Critical => critical,
        }
    }

    /// A channel's stripe colour: the same channel id always gets the same colour.
    pub fn channel(&self, channel_id: &str) -> Color32 {
        // FNV-1a: stable across runs and builds, unlike std's hasher.
        let mut hash: u32 = 0x811C_9DC5;
        for byte in channel_id.bytes() {
            hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
        }
        let index = hash as usize % self.channels.len();
        self.channels.get(index).copied().unwrap_or(self.accent)
    }
}
