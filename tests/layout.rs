//! The layout: pure geometry, measured with epaint's fonts and no egui Context.

mod common;

use std::sync::Arc;

use epaint::text::Fonts;
use epaint::{FontId, Rect};
use journeymap::i18n::Lang;
use journeymap::io::{self, templates};
use journeymap::layout::{JourneyLayout, LayoutCache, LayoutOptions, layout_journey};
use journeymap::model::{Card, CardId, JourneyMap, LaneKind, synthetic};
use journeymap::theme::{self, SIZES};

fn fonts() -> Fonts {
    Fonts::new(
        theme::text_options(theme::ThemeKind::Light),
        theme::font_definitions(),
    )
}

fn template(name: &str) -> JourneyMap {
    io::from_str(templates::find(name).expect("template").text).expect("loads")
}

fn lay_out(map: &JourneyMap, fonts: &mut Fonts) -> JourneyLayout {
    let options = LayoutOptions {
        min_width: 0.0,
        lang: Lang::of_map(map),
    };
    layout_journey(map, 0, &options, 1.0, &mut fonts.with_pixels_per_point(1.0))
}

/// Every text that starts inside a card ends inside it.
fn assert_texts_inside_cards(layout: &JourneyLayout) {
    let mut checked = 0;
    for card in &layout.cards {
        for text in layout.texts.iter().filter(|t| card.rect.contains(t.pos)) {
            let rect = text.rect();
            assert!(
                card.rect.expand(0.5).contains_rect(rect),
                "text {:?} of {:?} overflows card {} at {:?}",
                text.galley.text(),
                rect,
                card.id,
                card.rect
            );
            checked += 1;
        }
    }
    assert!(checked >= layout.cards.len(), "every card has a text");
}

#[test]
fn every_template_lays_out_with_text_inside_its_cards() {
    let mut fonts = fonts();
    for t in templates::TEMPLATES {
        let map = io::from_str(t.text).expect("loads");
        let layout = lay_out(&map, &mut fonts);
        let cards = map.journeys[0]
            .cards
            .iter()
            .filter(|c| map.lane(&c.lane).is_some_and(|l| !l.hidden))
            .count();
        assert_eq!(layout.cards.len(), cards, "{}", t.name);
        assert_texts_inside_cards(&layout);
        let picture = Rect::from_min_size(epaint::Pos2::ZERO, layout.size);
        for text in &layout.texts {
            assert!(
                picture.contains_rect(text.rect()),
                "{} {:?}",
                t.name,
                text.galley.text()
            );
        }
    }
}

#[test]
fn the_same_document_gives_the_same_geometry() {
    let map = template("lead-generation");
    let a = lay_out(&map, &mut fonts());
    let b = lay_out(&map, &mut fonts());
    assert_eq!(a.size, b.size);
    assert_eq!(a.cards, b.cards);
    assert_eq!(a.links, b.links);
    assert_eq!(a.curve, b.curve);
    assert_eq!(a.panels, b.panels);
    let positions = |l: &JourneyLayout| {
        l.texts
            .iter()
            .map(|t| (t.pos, t.galley.text().to_owned()))
            .collect::<Vec<_>>()
    };
    assert_eq!(positions(&a), positions(&b));
}

#[test]
fn a_long_card_is_elided_at_the_maximum_height_and_its_row_grows_to_it() {
    let mut map = template("blank");
    let journey = &mut map.journeys[0];
    let step = journey.stages[0].steps[0].id.clone();
    let lane = map
        .lanes
        .iter()
        .find(|l| l.kind == LaneKind::Actions)
        .expect("actions lane")
        .id
        .clone();
    let long = "A very long note that goes on and on. ".repeat(40);
    for (id, text) in [("cd-long", long.as_str()), ("cd-short", "Short")] {
        map.journeys[0].cards.push(Card {
            id: CardId::from(id),
            lane: lane.clone(),
            step: step.clone(),
            text: text.to_owned(),
            ..Card::default()
        });
    }
    let layout = lay_out(&map, &mut fonts());
    let long_card = layout
        .cards
        .iter()
        .find(|c| c.id.as_str() == "cd-long")
        .expect("laid out");
    let short_card = layout
        .cards
        .iter()
        .find(|c| c.id.as_str() == "cd-short")
        .expect("laid out");
    assert!(long_card.elided);
    assert!(!short_card.elided);
    assert!(long_card.rect.height() <= SIZES.card_max_height + 0.01);
    assert!(long_card.rect.height() > SIZES.card_max_height * 0.8);
    assert!(
        short_card.rect.top() > long_card.rect.bottom(),
        "stacked below"
    );
    let row = layout.lanes.iter().find(|l| l.id == lane).expect("row");
    assert!(row.rect.contains_rect(long_card.rect) && row.rect.contains_rect(short_card.rect));
    assert_texts_inside_cards(&layout);
    let text = layout
        .texts
        .iter()
        .find(|t| long_card.rect.contains(t.pos) && t.galley.elided)
        .expect("elided text");
    let last = text
        .galley
        .rows
        .last()
        .and_then(|row| row.glyphs.last())
        .expect("a glyph");
    assert_eq!(last.chr, '…');
}

#[test]
fn hostile_text_lays_out_inside_its_card() {
    let mut map = template("lead-generation");
    let texts = [
        "x".repeat(5000),                                           // one unbreakable word
        "\u{0}\u{7}\t\r\n\u{1b}[31mred\u{200b}\u{feff}".repeat(50), // control characters
        "مرحبا بالعالم هذا نص طويل باللغة العربية ".repeat(30),     // right to left
        "זהו טקסט בעברית ".repeat(40),
        "🙂🎉 emoji ".repeat(100),
        "\n".repeat(500),
    ];
    for (card, text) in map.journeys[0].cards.iter_mut().zip(texts.iter().cycle()) {
        card.text.clone_from(text);
    }
    let layout = lay_out(&map, &mut fonts());
    assert_texts_inside_cards(&layout);
    for card in &layout.cards {
        assert!(
            card.rect.height() <= SIZES.card_max_height + 0.01,
            "{}",
            card.id
        );
    }
}

#[test]
fn texts_of_100000_characters_controls_and_right_to_left_stay_in_their_cells_and_the_picture() {
    let plain = lay_out(&template("lead-generation"), &mut fonts());
    let map = common::with_hostile_texts(template("lead-generation"));
    let layout = lay_out(&map, &mut fonts());
    eprintln!(
        "plain {:?}, hostile {:?}: {} cards, {} texts",
        plain.size,
        layout.size,
        layout.cards.len(),
        layout.texts.len()
    );
    assert!(layout.size.x.is_finite() && layout.size.y.is_finite());
    // Every text is cut to its rows: the picture does not grow with the text.
    assert!(
        layout.size.y < plain.size.y * 2.0 && layout.size.x < plain.size.x * 2.0,
        "{:?} vs {:?}",
        layout.size,
        plain.size
    );
    let picture = Rect::from_min_size(epaint::Pos2::ZERO, layout.size);
    for text in &layout.texts {
        assert!(
            picture.expand(0.5).contains_rect(text.rect()),
            "text at {:?} leaves the picture {picture:?}",
            text.rect()
        );
    }
    for panel in &layout.panels {
        assert!(picture.contains_rect(panel.rect), "{panel:?}");
    }
    assert_texts_inside_cards(&layout);
    let journey = &map.journeys[0];
    assert_eq!(layout.cards.len(), journey.cards.len());
    for card in &layout.cards {
        let model = journey
            .cards
            .iter()
            .find(|c| c.id == card.id)
            .expect("a card of the map");
        let row = layout
            .lanes
            .iter()
            .find(|l| l.id == model.lane)
            .expect("its lane");
        let column = layout
            .columns
            .iter()
            .find(|c| c.step.as_ref() == Some(&model.step))
            .expect("its step");
        assert!(
            row.rect.expand(0.5).contains_rect(card.rect),
            "{} leaves its lane",
            card.id
        );
        assert!(
            card.rect.left() >= column.rect.left() - 0.5
                && card.rect.right() <= column.rect.right() + 0.5,
            "{} leaves its step's column",
            card.id
        );
        assert!(card.rect.height() <= SIZES.card_max_height + 0.01);
    }
}

#[test]
fn every_polish_letter_has_a_glyph_in_both_weights() {
    let mut fonts = fonts();
    let mut view = fonts.with_pixels_per_point(1.0);
    let letters = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ";
    for font in [theme::regular(13.0), theme::bold(13.0)] {
        for c in letters.chars() {
            assert!(view.has_glyph(&font, c), "{c} in {font:?}");
        }
    }
    // And the symbols people type: arrows, math, check marks (the DejaVu fallback).
    for c in "→←≥≤✓€…“”–".chars() {
        assert!(view.has_glyph(&FontId::proportional(13.0), c), "{c}");
    }
}

#[test]
fn columns_stretch_to_a_minimum_width() {
    let map = template("lead-generation");
    let mut fonts = fonts();
    let natural = lay_out(&map, &mut fonts);
    let options = LayoutOptions {
        min_width: natural.size.x * 1.5,
        lang: Lang::En,
    };
    let wide = layout_journey(
        &map,
        0,
        &options,
        1.0,
        &mut fonts.with_pixels_per_point(1.0),
    );
    assert!((wide.size.x - natural.size.x * 1.5).abs() < 0.01);
    let width = |l: &JourneyLayout| l.columns[0].rect.width();
    assert!(width(&wide) > width(&natural) * 1.4);
    assert_texts_inside_cards(&wide);
}

#[test]
fn the_cache_keeps_a_layout_until_the_revision_changes() {
    let map = synthetic::generate(4, 3, 60);
    let mut fonts = fonts();
    let mut view = fonts.with_pixels_per_point(1.0);
    let mut cache = LayoutCache::default();
    let options = LayoutOptions::default();
    let first = cache.get(1, &map, 0, &options, 1.0, &mut view);
    let again = cache.get(1, &map, 0, &options, 1.0, &mut view);
    assert!(Arc::ptr_eq(&first, &again));
    let next = cache.get(2, &map, 0, &options, 1.0, &mut view);
    assert!(!Arc::ptr_eq(&first, &next));
    assert_eq!(first.cards, next.cards, "same document, same geometry");
}

#[test]
fn the_curve_has_a_point_per_scored_step_and_marks_dips() {
    let map = template("lead-generation");
    let layout = lay_out(&map, &mut fonts());
    let curve = layout.curve.as_ref().expect("curve lane shown");
    let scored: Vec<f32> = map.journeys[0]
        .stages
        .iter()
        .flat_map(|s| &s.steps)
        .filter_map(|s| s.score)
        .collect();
    assert_eq!(curve.points.len(), scored.len());
    for (point, score) in curve.points.iter().zip(&scored) {
        assert!((curve.y_of(*score, map.emotion_scale) - point.pos.y).abs() < 0.01);
        assert!(curve.plot.expand(0.01).contains(point.pos));
    }
    // Higher scores sit higher.
    let (min, max) = (
        f32::from(i16::try_from(map.emotion_scale.min).expect("small")),
        f32::from(i16::try_from(map.emotion_scale.max).expect("small")),
    );
    let top = curve.y_of(max, map.emotion_scale);
    let bottom = curve.y_of(min, map.emotion_scale);
    assert!(top < bottom);
    let dips: Vec<f32> = curve
        .points
        .iter()
        .filter(|p| p.dip)
        .map(|p| p.score)
        .collect();
    assert_eq!(dips, vec![-0.5, -1.0, -1.5], "the template's three dips");
}

#[test]
fn the_geometry_is_the_same_at_every_scale() {
    let mut fonts = fonts();
    let options = LayoutOptions::default();
    for t in templates::TEMPLATES {
        let map = io::from_str(t.text).expect("loads");
        let reference = layout_journey(
            &map,
            0,
            &options,
            1.0,
            &mut fonts.with_pixels_per_point(1.0),
        );
        for ppp in [0.5, 0.75, 1.5, 2.0, 3.0, 4.0] {
            let scaled = layout_journey(
                &map,
                0,
                &options,
                ppp,
                &mut fonts.with_pixels_per_point(ppp),
            );
            assert_eq!(scaled.size, reference.size, "{} at {ppp}", t.name);
            assert_eq!(scaled.cards, reference.cards, "{} at {ppp}", t.name);
            assert_eq!(scaled.lanes, reference.lanes, "{} at {ppp}", t.name);
            let rows = |l: &JourneyLayout| {
                l.texts
                    .iter()
                    .map(|t| t.galley.rows.len())
                    .collect::<Vec<_>>()
            };
            assert_eq!(rows(&scaled), rows(&reference), "{} at {ppp}", t.name);
        }
    }
}

#[test]
fn the_natural_width_is_known_before_layout() {
    let mut fonts = fonts();
    for t in templates::TEMPLATES {
        let map = io::from_str(t.text).expect("loads");
        let layout = lay_out(&map, &mut fonts);
        let width = journeymap::layout::natural_width(&map, 0);
        assert!(
            (width - layout.size.x).abs() < 0.001,
            "{}: {width} vs {}",
            t.name,
            layout.size.x
        );
    }
}

#[test]
fn imported_figures_show_on_cards_kpi_boxes_and_the_header() {
    let mut fonts = fonts();
    let mut map = template("lead-generation");
    let journey = &mut map.journeys[0];
    journey.figures.customers = Some(120);
    journey.figures.touches_per_customer = Some(31.0);
    journey.figures.channels_per_customer = Some(3.1);
    journey.figures.days_mean = Some(192.0);
    journey.figures.days_median = Some(150.5);
    journey.stages[0].figures.customers = Some(120);
    journey.stages[0].figures.drop_off = Some(0.25);
    let card = journey
        .cards
        .iter_mut()
        .find(|c| c.channel.is_some())
        .expect("a touchpoint");
    card.figures.customers = Some(120);
    card.figures.touches = Some(1);
    let card_id = card.id.clone();
    let layout = lay_out(&map, &mut fonts);
    let texts: Vec<&str> = layout.texts.iter().map(|t| t.galley.text()).collect();
    for wanted in [
        "120 customers · 1 touch",
        "120 customers · 25% drop-off",
        "120 customers · 31 touches per customer · 3.1 channels per customer · 192 days from first to last touch (median 150.5)",
    ] {
        assert!(texts.contains(&wanted), "no {wanted:?} in {texts:?}");
    }
    // The card's figures are inside the card.
    let card = layout
        .cards
        .iter()
        .find(|c| c.id == card_id)
        .expect("laid out");
    assert!(
        layout
            .texts
            .iter()
            .any(|t| t.galley.text() == "120 customers · 1 touch"
                && card.rect.contains_rect(t.rect()))
    );
    assert_texts_inside_cards(&layout);
}
