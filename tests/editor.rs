//! The editor window, driven through `egui_kittest`: widgets are found by their
//! accessible labels (as a screen reader finds them), never by coordinates.

use std::path::{Path, PathBuf};

use eframe::egui::{self, Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use journeymap::app::dialogs::{Purpose, ScriptedDialogs};
use journeymap::app::{EditorApp, Prefs, Selected, Start};
use journeymap::i18n::Lang;
use journeymap::io::{self, templates};
use journeymap::model::{JourneyKind, JourneyMap};
use tempfile::TempDir;

struct Fixture {
    harness: Harness<'static, EditorApp>,
    dialogs: ScriptedDialogs,
    dir: TempDir,
    path: PathBuf,
}

fn template(name: &str) -> &'static str {
    templates::find(name).map(|t| t.text).unwrap_or_default()
}

/// The editor on a copy of `text` saved as `map.ron` in a fresh folder, in a 1600 x 1000 window.
fn harness_with(text: &str) -> Fixture {
    let dir = tempfile::tempdir().expect("exists");
    let path = dir.path().join("map.ron");
    std::fs::write(&path, text).expect("exists");
    let dialogs = ScriptedDialogs::default();
    let app_dialogs = dialogs.clone();
    let start = Start {
        file: Some(path.clone()),
        screenshot: None,
        prefs: Prefs::default(),
        system_lang: Lang::En,
        ..Start::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .with_step_dt(1.0 / 60.0)
        .build_eframe(move |_cc| EditorApp::new(start, Box::new(app_dialogs)));
    harness.run();
    // The whole journey in view, so every card and cell is on screen.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
    harness.run();
    Fixture {
        harness,
        dialogs,
        dir,
        path,
    }
}

fn harness() -> Fixture {
    harness_with(template("lead-generation"))
}

fn app(f: &Fixture) -> &EditorApp {
    f.harness.state()
}

fn map(f: &Fixture) -> &JourneyMap {
    f.harness.state().map()
}

fn center(f: &Fixture, label: &str) -> Pos2 {
    f.harness.get_by_label(label).rect().center()
}

fn double_click(f: &mut Fixture, label: &str) {
    f.harness.run_steps(30);
    f.harness.get_by_label(label).click();
    f.harness.step();
    f.harness.get_by_label(label).click();
    f.harness.run();
}

/// Double-clicks the free corner of a cell (cards sit inside a padding, never there).
fn double_click_cell(f: &mut Fixture, label: &str) {
    let pos = f.harness.get_by_label(label).rect().max - egui::vec2(2.0, 2.0);
    // Half a second after any earlier click, so this is not counted as a triple click.
    f.harness.run_steps(30);
    click_at(f, pos);
    click_at(f, pos);
    f.harness.run();
}

/// Clicks a menu, then the entry whose label starts with `item` (the shortcut follows it).
fn menu(f: &mut Fixture, menu: &str, item: &str) {
    f.harness
        .get_by_role_and_label(egui::accesskit::Role::Button, menu)
        .click();
    f.harness.run();
    f.harness.get_by_label_contains(item).click();
    f.harness.run();
}

/// Types into the text field labelled `label` (in the inspector, a dialog).
fn type_into(f: &mut Fixture, label: &str, text: &str) {
    f.harness.get_by_label(label).focus();
    f.harness.run();
    f.harness.get_by_label(label).type_text(text);
    f.harness.run();
}

/// Drags from the widget labelled `from` to `to`, in small moves as a hand would.
fn drag(f: &mut Fixture, from: Pos2, to: Pos2) {
    let h = &mut f.harness;
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for i in 1..=5 {
        #[expect(clippy::cast_precision_loss, reason = "a small count")]
        let t = i as f32 / 5.0;
        h.hover_at(from + (to - from) * t);
        h.run();
    }
    h.drop_at(to);
    h.run();
}

fn ctrl(f: &mut Fixture, key: Key) {
    f.harness.key_press_modifiers(Modifiers::COMMAND, key);
    f.harness.run();
}

fn ctrl_shift(f: &mut Fixture, key: Key) {
    f.harness.key_press_modifiers(
        Modifiers {
            shift: true,
            ..Modifiers::COMMAND
        },
        key,
    );
    f.harness.run();
}

fn card_text_at<'a>(map: &'a JourneyMap, step: &str, lane: &str) -> Vec<&'a str> {
    map.journeys[0]
        .cards
        .iter()
        .filter(|c| c.step.as_str() == step && c.lane.as_str() == lane)
        .map(|c| c.text.as_str())
        .collect()
}

#[test]
fn double_clicking_an_empty_cell_creates_a_card_and_typing_names_it() {
    let mut f = harness();
    let before = map(&f).journeys[0].cards.len();
    double_click_cell(&mut f, "Cell Actions / Recommends it to a peer");
    assert_eq!(map(&f).journeys[0].cards.len(), before + 1);
    f.harness
        .get_by_label("Card text")
        .type_text("Tells a friend at a fair");
    f.harness.key_press(Key::Enter);
    f.harness.run();
    let texts = card_text_at(map(&f), "sp-referral", "ln-act");
    assert!(texts.contains(&"Tells a friend at a fair"), "{texts:?}");
    // Typing is one undo step, creating the card another.
    ctrl(&mut f, Key::Z);
    assert!(!card_text_at(map(&f), "sp-referral", "ln-act").contains(&"Tells a friend at a fair"));
    assert_eq!(map(&f).journeys[0].cards.len(), before + 1);
    ctrl(&mut f, Key::Z);
    assert_eq!(map(&f).journeys[0].cards.len(), before);
    ctrl_shift(&mut f, Key::Z);
    ctrl(&mut f, Key::Y);
    assert!(card_text_at(map(&f), "sp-referral", "ln-act").contains(&"Tells a friend at a fair"));
}

#[test]
fn editing_a_cards_text_in_place_and_tab_moves_to_the_next_card() {
    let mut f = harness();
    double_click(&mut f, "Curious but sceptical");
    let editor = f.harness.get_by_label("Card text");
    editor.type_text(", then hopeful");
    f.harness.key_press(Key::Tab);
    f.harness.run();
    let card = map(&f).card(&"cd-feel-search".into()).expect("exists");
    assert_eq!(card.text, "Curious but sceptical, then hopeful");
    // Tab left the first card and now edits another one.
    let Some(Selected::Card(next)) = app(&f).selection().first().cloned() else {
        panic!("a card is selected after Tab")
    };
    assert_ne!(next.as_str(), "cd-feel-search");
    f.harness.key_press(Key::Escape);
    f.harness.run();
    ctrl(&mut f, Key::Z);
    assert_eq!(
        map(&f).card(&"cd-feel-search".into()).expect("exists").text,
        "Curious but sceptical"
    );
}

#[test]
fn dragging_a_card_moves_it_to_another_stage_and_undo_brings_it_back() {
    let mut f = harness();
    let from = center(&f, "LinkedIn post shared by a peer");
    let to = center(&f, "Cell Touchpoints / Checks pricing");
    drag(&mut f, from, to);
    let card = map(&f).card(&"cd-tp-linkedin".into()).expect("exists");
    assert_eq!(card.step.as_str(), "sp-pricing");
    assert_eq!(card.lane.as_str(), "ln-touch");
    ctrl(&mut f, Key::Z);
    assert_eq!(
        map(&f)
            .card(&"cd-tp-linkedin".into())
            .expect("exists")
            .step
            .as_str(),
        "sp-search"
    );
}

#[test]
fn dragging_a_stage_header_reorders_the_stages() {
    let mut f = harness();
    let from = center(&f, "Stage Awareness");
    let decision = f.harness.get_by_label("Stage Decision").rect();
    let to = Pos2::new(decision.right() - 2.0, decision.center().y);
    drag(&mut f, from, to);
    let names: Vec<&str> = map(&f).journeys[0]
        .stages
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Consideration",
            "Decision",
            "Awareness",
            "Retention",
            "Advocacy"
        ]
    );
    ctrl(&mut f, Key::Z);
    assert_eq!(map(&f).journeys[0].stages[0].name, "Awareness");
}

#[test]
fn dragging_an_emotion_point_up_raises_the_score_in_whole_steps() {
    let mut f = harness();
    let label = "Emotion at Checks pricing";
    let from = center(&f, label);
    // The curve's scale is -2..2; the top of the plot is +2.
    let top = f
        .harness
        .get_by_label("Emotion at Recommends it to a peer")
        .rect()
        .center()
        .y;
    drag(&mut f, from, Pos2::new(from.x, top));
    assert_eq!(
        map(&f).step(&"sp-pricing".into()).expect("exists").score,
        Some(2.0)
    );
    // The whole drag is one undo step.
    ctrl(&mut f, Key::Z);
    assert_eq!(
        map(&f).step(&"sp-pricing".into()).expect("exists").score,
        Some(-1.0)
    );
}

#[test]
fn clearing_and_adding_a_score() {
    let mut f = harness();
    f.harness.get_by_label("Step Checks pricing").click();
    f.harness.run();
    menu(&mut f, "Edit", "Clear emotion score");
    assert_eq!(
        map(&f).step(&"sp-pricing".into()).expect("exists").score,
        None
    );
    // Double-clicking the curve's row adds a score where the click was.
    double_click_cell(&mut f, "Cell Emotion curve / Checks pricing");
    assert!(
        map(&f)
            .step(&"sp-pricing".into())
            .expect("exists")
            .score
            .is_some()
    );
}

#[test]
fn editing_a_kpi_in_the_inspector() {
    let mut f = harness();
    f.harness.get_by_label("Stage Awareness").click();
    f.harness.run();
    let field = f.harness.get_by_label("Actual CPL (cost per lead)");
    field.focus();
    f.harness.run();
    f.harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    f.harness
        .get_by_label("Actual CPL (cost per lead)")
        .type_text("130");
    f.harness.run();
    let stage = map(&f).stage(&"st-awareness".into()).expect("exists");
    assert_eq!(stage.metrics[0].actual, Some(130.0));
    f.harness.get_by_label("Add KPI").click();
    f.harness.run();
    assert_eq!(
        map(&f)
            .stage(&"st-awareness".into())
            .expect("exists")
            .metrics
            .len(),
        4
    );
}

#[test]
fn editing_card_fields_by_kind_in_the_inspector() {
    let mut f = harness();
    f.harness
        .get_by_label("LinkedIn post shared by a peer")
        .click();
    f.harness.run();
    assert!(
        f.harness.query_by_label("Channel").is_some(),
        "a touchpoint has a channel"
    );
    assert!(
        f.harness.query_by_label("Severity").is_none(),
        "a touchpoint has no severity"
    );
    type_into(&mut f, "Evidence source", "Interviews");
    let card = map(&f).card(&"cd-tp-linkedin".into()).expect("exists");
    assert_eq!(
        card.evidence.as_ref().map(|e| e.source.as_str()),
        Some("Interviews")
    );
}

#[test]
fn deleting_a_persona_still_in_use_asks_first() {
    let mut f = harness();
    f.harness.get_by_label("Anna, marketing manager").click();
    f.harness.run();
    f.harness.get_by_label("Delete").click();
    f.harness.run();
    // Not deleted silently: a question names the journey that uses her.
    assert!(map(&f).persona(&"pe-anna".into()).is_some());
    assert!(
        f.harness
            .query_by_label("• Lead generation (as-is)")
            .is_some()
    );
    f.harness.get_by_label("Cancel").click();
    f.harness.run();
    assert!(map(&f).persona(&"pe-anna".into()).is_some());
    f.harness.get_by_label("Delete").click();
    f.harness.run();
    f.harness
        .get_by_label("Delete persona and remove it from the journeys")
        .click();
    f.harness.run();
    assert!(map(&f).persona(&"pe-anna".into()).is_none());
    assert!(map(&f).journeys[0].personas.is_empty());
    assert!(
        journeymap::validate::validate(map(&f), None, None)
            .iter()
            .all(|d| !d.message.contains("pe-anna"))
    );
    ctrl(&mut f, Key::Z);
    assert!(map(&f).persona(&"pe-anna".into()).is_some());
    assert_eq!(map(&f).journeys[0].personas[0].as_str(), "pe-anna");
}

#[test]
fn a_photo_chosen_outside_the_maps_repository_is_copied_beside_the_map() {
    let mut f = harness();
    let elsewhere = tempfile::tempdir().expect("exists");
    let photo = elsewhere.path().join("face.png");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("maps/anna.png"),
        &photo,
    )
    .expect("exists");
    f.harness.get_by_label("Anna, marketing manager").click();
    f.harness.run();
    f.dialogs.answer(Some(photo.clone()));
    f.harness.get_by_label("Choose photo…").click();
    f.harness.run();
    assert_eq!(
        map(&f).persona(&"pe-anna".into()).expect("exists").photo,
        "photos/face.png"
    );
    let copy = f.dir.path().join("photos/face.png");
    assert_eq!(
        std::fs::read(&copy).expect("copied"),
        std::fs::read(&photo).expect("exists")
    );
    let status = app(&f).status().expect("says so");
    assert!(
        !status.error && status.text.contains("photos/face.png"),
        "{status:?}"
    );
}

#[test]
fn a_persona_photo_is_chosen_through_the_dialog() {
    let mut f = harness();
    let photo = f.dir.path().join("face.png");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("maps/anna.png"),
        &photo,
    )
    .expect("exists");
    f.harness.get_by_label("Anna, marketing manager").click();
    f.harness.run();
    f.dialogs.answer(Some(photo));
    f.harness.get_by_label("Choose photo…").click();
    f.harness.run();
    assert_eq!(f.dialogs.asked(), vec![Purpose::Photo("pe-anna".into())]);
    assert_eq!(
        map(&f).persona(&"pe-anna".into()).expect("exists").photo,
        "face.png"
    );
    assert!(
        app(&f).status().is_none_or(|s| !s.error),
        "{:?}",
        app(&f).status()
    );
}

#[test]
fn duplicating_a_journey_makes_a_to_be_copy_with_new_ids() {
    let mut f = harness();
    menu(&mut f, "Journey", "Duplicate journey as to-be");
    let m = map(&f);
    assert_eq!(m.journeys.len(), 2);
    assert_eq!(m.journeys[1].kind, JourneyKind::ToBe);
    assert_eq!(m.journeys[1].cards.len(), m.journeys[0].cards.len());
    assert_eq!(app(&f).journey_index(), 1);
    let errors: Vec<_> = journeymap::validate::validate(m, None, None)
        .into_iter()
        .filter(|d| d.severity == journeymap::validate::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(
        f.harness
            .query_by_label("Lead generation (as-is) (to-be)")
            .is_some()
    );
    ctrl(&mut f, Key::Z);
    assert_eq!(map(&f).journeys.len(), 1);
}

#[test]
fn drawing_a_link_from_a_cards_handle_to_another_card() {
    let mut f = harness();
    let links = map(&f).journeys[0].links.len();
    f.harness.get_by_label("Curious but sceptical").click();
    f.harness.run();
    let from = center(&f, "Draw a link from Curious but sceptical");
    let to = center(&f, "LinkedIn post shared by a peer");
    drag(&mut f, from, to);
    let journey = &map(&f).journeys[0];
    assert_eq!(journey.links.len(), links + 1);
    let link = journey.links.last().expect("exists");
    assert_eq!(
        (link.from.as_str(), link.to.as_str()),
        ("cd-feel-search", "cd-tp-linkedin")
    );
    // The new link is selected; label it in the inspector.
    type_into(&mut f, "Label", "asks a peer");
    assert_eq!(
        map(&f).journeys[0].links.last().expect("exists").label,
        "asks a peer"
    );
    ctrl(&mut f, Key::Z);
    ctrl(&mut f, Key::Z);
    assert_eq!(map(&f).journeys[0].links.len(), links);
}

#[test]
fn copy_and_paste_cards_between_two_maps() {
    let mut source = harness();
    source.harness.get_by_label("Curious but sceptical").click();
    source.harness.run();
    source.harness.event(egui::Event::Copy);
    source.harness.step();
    let copied = source
        .harness
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .expect("cards were copied as text");
    assert!(
        copied.contains("Card(") && copied.contains("Curious but sceptical"),
        "{copied}"
    );

    let mut target = harness_with(template("ecommerce"));
    let before = target.harness.state().map().card_count();
    target.harness.event(egui::Event::Paste(copied));
    target.harness.run();
    let m = target.harness.state().map();
    assert_eq!(m.card_count(), before + 1);
    let pasted = m.journeys[0]
        .cards
        .iter()
        .find(|c| c.text == "Curious but sceptical")
        .expect("pasted");
    assert!(m.lane(&pasted.lane).is_some() && m.journeys[0].has_step(&pasted.step));
    assert!(
        m.card(&"cd-feel-search".into())
            .is_none_or(|c| c.id != pasted.id)
    );
}

#[test]
fn delete_and_duplicate_selected_cards() {
    let mut f = harness();
    let before = map(&f).journeys[0].cards.len();
    f.harness.get_by_label("Curious but sceptical").click();
    f.harness.run();
    ctrl(&mut f, Key::D);
    assert_eq!(map(&f).journeys[0].cards.len(), before + 1);
    f.harness.key_press(Key::Delete);
    f.harness.run();
    assert_eq!(map(&f).journeys[0].cards.len(), before);
    assert!(
        map(&f).card(&"cd-feel-search".into()).is_some(),
        "the copy was deleted, not the original"
    );
}

#[test]
fn shift_click_adds_to_the_selection() {
    let mut f = harness();
    f.harness.get_by_label("Curious but sceptical").click();
    f.harness.run();
    f.harness
        .get_by_label("LinkedIn post shared by a peer")
        .click_modifiers(Modifiers::SHIFT);
    f.harness.run();
    assert_eq!(app(&f).selection().len(), 2);
    f.harness.get_by_label("Curious but sceptical").click();
    f.harness.run();
    assert_eq!(app(&f).selection().len(), 1);
}

#[test]
fn zoom_to_fit_and_actual_size() {
    let mut f = harness();
    ctrl(&mut f, Key::Num0);
    assert!((app(&f).zoom() - 1.0).abs() < 1e-4);
    ctrl(&mut f, Key::Minus);
    assert!(app(&f).zoom() < 1.0);
    ctrl(&mut f, Key::Num1);
    let fit = app(&f).zoom();
    assert!(fit < 1.0 && fit > 0.05, "{fit}");
}

#[test]
fn saving_through_the_dialog_writes_the_file_and_clears_the_unsaved_marker() {
    let mut f = harness();
    f.harness.get_by_label("Curious but sceptical").click();
    f.harness.run();
    f.harness.key_press(Key::Delete);
    f.harness.run();
    assert!(
        app(&f).title().starts_with("● map.ron"),
        "{}",
        app(&f).title()
    );
    assert!(f.harness.query_by_label("● map.ron").is_some());
    let copy = f.dir.path().join("copy.ron");
    f.dialogs.answer(Some(copy.clone()));
    ctrl_shift(&mut f, Key::S);
    assert_eq!(f.dialogs.asked(), vec![Purpose::SaveAs]);
    assert_eq!(app(&f).title(), "copy.ron — journeymap");
    assert!(f.harness.query_by_label("copy.ron").is_some());
    let saved = io::load(&copy).expect("exists");
    assert_eq!(&saved, map(&f));
    assert!(saved.card(&"cd-feel-search".into()).is_none());
    // Ctrl+S now saves there without asking.
    double_click_cell(&mut f, "Cell Actions / Recommends it to a peer");
    f.harness.key_press(Key::Escape);
    f.harness.run();
    ctrl(&mut f, Key::S);
    assert_eq!(f.dialogs.asked().len(), 1);
    assert_eq!(&io::load(&copy).expect("exists"), map(&f));
    assert!(!app(&f).title().starts_with('●'));
    let _ = &f.path;
}

#[test]
fn closing_with_unsaved_changes_asks_save_discard_or_cancel() {
    let mut f = harness();
    ctrl(&mut f, Key::Q);
    assert!(app(&f).is_closing(), "nothing to save: closes at once");

    let mut f = harness();
    f.harness.get_by_label("Curious but sceptical").click();
    f.harness.run();
    f.harness.key_press(Key::Delete);
    f.harness.run();
    ctrl(&mut f, Key::Q);
    assert!(!app(&f).is_closing());
    assert!(f.harness.query_by_label("Unsaved changes").is_some());
    f.harness.get_by_label("Cancel").click();
    f.harness.run();
    assert!(!app(&f).is_closing());
    ctrl(&mut f, Key::Q);
    f.harness.get_by_label("Save").click();
    f.harness.run();
    assert!(app(&f).is_closing());
    assert!(
        io::load(&f.path)
            .expect("exists")
            .card(&"cd-feel-search".into())
            .is_none()
    );
}

#[test]
fn opening_another_map_with_changes_asks_and_discard_opens_it() {
    let mut f = harness();
    let other = f.dir.path().join("other.ron");
    std::fs::write(&other, template("ecommerce")).expect("exists");
    f.harness.get_by_label("Curious but sceptical").click();
    f.harness.run();
    f.harness.key_press(Key::Delete);
    f.harness.run();
    f.dialogs.answer(Some(other.clone()));
    ctrl(&mut f, Key::O);
    assert!(f.harness.query_by_label("Unsaved changes").is_some());
    assert!(
        f.dialogs.asked().is_empty(),
        "asks about the changes before the file"
    );
    f.harness.get_by_label("Discard").click();
    f.harness.run();
    f.harness.run();
    assert_eq!(f.dialogs.asked(), vec![Purpose::Open]);
    assert_eq!(app(&f).document().path(), Some(other.as_path()));
    // The map on disk kept its card: discarding never writes.
    assert!(
        io::load(&f.path)
            .expect("exists")
            .card(&"cd-feel-search".into())
            .is_some()
    );
    assert!(
        app(&f)
            .prefs()
            .recent
            .iter()
            .any(|p| p.ends_with("other.ron"))
    );
}

#[test]
fn without_a_dialog_backend_the_editor_asks_for_a_path_itself() {
    let mut f = harness();
    f.dialogs.make_unavailable();
    ctrl_shift(&mut f, Key::S);
    let target = f.dir.path().join("typed.ron");
    f.harness
        .get_by_label("Path")
        .set_text_value_accesskit(&target.display().to_string());
    f.harness.run();
    f.harness.get_by_label("OK").click();
    f.harness.run();
    assert!(f.dialogs.asked().is_empty());
    assert_eq!(&io::load(&target).expect("exists"), map(&f));
}

#[test]
fn export_png_asks_the_scale_then_the_file() {
    let mut f = harness();
    let out = f.dir.path().join("map.png");
    f.dialogs.answer(Some(out.clone()));
    ctrl(&mut f, Key::E);
    f.harness
        .get_by_role_and_label(egui::accesskit::Role::Slider, "Scale")
        .set_value_accesskit(2.0);
    f.harness.run();
    f.harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Export PNG…")
        .click();
    f.harness.run();
    assert_eq!(
        f.dialogs.asked(),
        vec![Purpose::ExportPng { scale_tenths: 20 }]
    );
    let picture = image::open(&out).expect("exists");
    let natural = journeymap::layout::natural_width(map(&f), 0);
    #[expect(clippy::cast_precision_loss, reason = "a picture's width")]
    let width = picture.width() as f32;
    assert!((width - natural * 2.0).abs() <= 2.0, "{width} vs {natural}");
}

#[test]
fn a_shortcut_and_the_palette_run_the_same_command() {
    let mut f = harness();
    let stages = map(&f).journeys[0].stages.len();
    ctrl_shift(&mut f, Key::G);
    assert_eq!(map(&f).journeys[0].stages.len(), stages + 1);
    ctrl(&mut f, Key::K);
    f.harness
        .get_by_label("Search commands")
        .type_text("add sta");
    f.harness.run();
    assert!(f.harness.query_by_label_contains("Add stage").is_some());
    f.harness.key_press(Key::Enter);
    f.harness.run();
    assert_eq!(map(&f).journeys[0].stages.len(), stages + 2);
    // And the menu entry, which shows the same shortcut.
    menu(&mut f, "Journey", "Add stage Ctrl+Shift+G");
    assert_eq!(map(&f).journeys[0].stages.len(), stages + 3);
}

#[test]
fn switching_the_language_changes_the_menus_and_plural_forms() {
    // Three journeys with 1, 2 and 5 cards.
    let mut m = io::from_str(template("lead-generation")).expect("exists");
    let base = m.journeys[0].clone();
    m.journeys.clear();
    for (n, count) in [1usize, 2, 5].into_iter().enumerate() {
        let mut journey = base.clone();
        journey.id = format!("jr-{n}").into();
        journey.name = format!("J{n}");
        journey.cards.truncate(count);
        journey.links.clear();
        for card in &mut journey.cards {
            card.id = format!("{}-{n}", card.id).into();
        }
        for stage in &mut journey.stages {
            stage.id = format!("{}-{n}", stage.id).into();
            for metric in &mut stage.metrics {
                metric.id = format!("{}-{n}", metric.id).into();
            }
        }
        m.journeys.push(journey);
    }
    // Steps keep their ids in each copy: only the cards' count matters here.
    let mut f = harness_with(&io::to_canonical_string(&m).expect("exists"));
    assert!(f.harness.query_by_label("File").is_some());
    menu(&mut f, "View", "Polski");
    assert_eq!(app(&f).lang(), Lang::Pl);
    assert!(f.harness.query_by_label("Plik").is_some());
    assert!(f.harness.query_by_label("Widok").is_some());
    assert!(f.harness.query_by_label("File").is_none());
    assert_eq!(app(&f).prefs().lang, "pl");
    for (tab, words) in [("J0", "1 karta"), ("J1", "2 karty"), ("J2", "5 kart")] {
        f.harness.get_by_label(tab).click();
        f.harness.run();
        assert!(f.harness.query_by_label(words).is_some(), "{tab}: {words}");
    }
}

#[test]
fn the_theme_switches_and_is_remembered() {
    let mut f = harness();
    menu(&mut f, "View", "Dark theme");
    assert_eq!(app(&f).theme(), journeymap::theme::ThemeKind::Dark);
    assert_eq!(app(&f).prefs().theme, "dark");
    assert!(f.harness.ctx.global_style().visuals.dark_mode);
}

#[test]
fn every_interactive_widget_has_an_accessible_label() {
    let f = harness();
    let mut unlabeled = Vec::new();
    let mut count = 0;
    for node in f
        .harness
        .root()
        .query_all(egui_kittest::kittest::by().recursive(true))
    {
        use egui::accesskit::Role;
        let role = node.accesskit_node().role();
        let interactive = matches!(
            role,
            Role::Button
                | Role::TextInput
                | Role::MultilineTextInput
                | Role::SearchInput
                | Role::CheckBox
                | Role::ComboBox
                | Role::Slider
                | Role::SpinButton
                | Role::Cell
                | Role::ColumnHeader
                | Role::RowHeader
                | Role::Link
                | Role::Canvas
        );
        if interactive {
            count += 1;
            if node
                .accesskit_node()
                .label()
                .is_none_or(|l| l.trim().is_empty())
            {
                unlabeled.push(format!("{role:?}"));
            }
        }
    }
    assert!(count > 200, "only {count} widgets found");
    assert!(
        unlabeled.is_empty(),
        "{} without a label: {unlabeled:?}",
        unlabeled.len()
    );
}

#[test]
fn dragging_a_step_header_moves_it_into_another_stage() {
    let mut f = harness();
    let from = center(&f, "Step Checks pricing");
    let target = f.harness.get_by_label("Step Attends a webinar").rect();
    let to = Pos2::new(target.left() + 4.0, target.center().y);
    drag(&mut f, from, to);
    let consideration = map(&f).stage(&"st-consideration".into()).expect("exists");
    let steps: Vec<&str> = consideration.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        steps,
        ["sp-ebook", "sp-nurture", "sp-pricing", "sp-webinar"]
    );
    ctrl(&mut f, Key::Z);
    assert_eq!(
        map(&f)
            .stage(&"st-consideration".into())
            .expect("exists")
            .steps
            .len(),
        3
    );
}

#[test]
fn dragging_a_lane_label_reorders_the_lanes() {
    let mut f = harness();
    let from = center(&f, "Lane Feelings");
    let target = f.harness.get_by_label("Lane Actions").rect();
    let to = Pos2::new(target.center().x, target.top() + 2.0);
    drag(&mut f, from, to);
    let lanes: Vec<&str> = map(&f)
        .lanes
        .iter()
        .take(3)
        .map(|l| l.id.as_str())
        .collect();
    assert_eq!(lanes, ["ln-touch", "ln-feel", "ln-act"]);
}

#[test]
fn journeys_are_renamed_added_moved_and_deleted() {
    let mut f = harness();
    // Nothing selected: the inspector shows the journey's fields.
    f.harness.get_by_label("Name").focus();
    f.harness.run();
    f.harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    f.harness.get_by_label("Name").type_text("Lead gen today");
    f.harness.run();
    assert_eq!(map(&f).journeys[0].name, "Lead gen today");
    assert!(
        f.harness.query_by_label("Lead gen today").is_some(),
        "the tab shows the new name"
    );
    f.harness.get_by_label("+").click();
    f.harness.run();
    assert_eq!(map(&f).journeys.len(), 2);
    assert_eq!(app(&f).journey_index(), 1);
    menu(&mut f, "Journey", "Move journey left");
    assert_eq!(map(&f).journeys[0].name, "New journey");
    assert_eq!(app(&f).journey_index(), 0);
    menu(&mut f, "Journey", "Delete journey");
    assert_eq!(map(&f).journeys.len(), 1);
    assert_eq!(map(&f).journeys[0].name, "Lead gen today");
}

#[test]
fn the_shown_journey_stays_shown_when_journeys_move_under_it() {
    let mut f = harness();
    f.harness.get_by_label("+").click();
    f.harness.run();
    let shown = |f: &Fixture| map(f).journeys[app(f).journey_index()].name.clone();
    assert_eq!(shown(&f), "New journey");
    menu(&mut f, "Journey", "Move journey left");
    assert_eq!(shown(&f), "New journey");
    // Undo moves it back: the view goes with it, by its id.
    ctrl(&mut f, Key::Z);
    assert_eq!(map(&f).journeys[1].name, "New journey");
    assert_eq!(shown(&f), "New journey");
    ctrl(&mut f, Key::Y);
    assert_eq!(shown(&f), "New journey");
    assert_eq!(app(&f).journey_index(), 0);
    // A deleted journey gives its place to the one there now.
    menu(&mut f, "Journey", "Delete journey");
    assert_eq!(map(&f).journeys.len(), 1);
    assert_eq!(app(&f).journey_index(), 0);
    assert_eq!(shown(&f), map(&f).journeys[0].name);
}

/// A file dropped from the desktop, as the windowing layer hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_map_file_on_the_window_opens_it() {
    let mut f = harness();
    let other = f.dir.path().join("dropped.ron");
    std::fs::write(&other, template("b2b-saas")).expect("written");
    f.harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(other.clone())));
    f.harness.run();
    assert_eq!(app(&f).document().path(), Some(other.as_path()));
}

#[test]
fn shift_dragging_over_empty_space_selects_the_cards_in_the_box() {
    let mut f = harness();
    let a = f
        .harness
        .get_by_label("Organic search result (blog post)")
        .rect();
    let b = f
        .harness
        .get_by_label("LinkedIn post shared by a peer")
        .rect();
    let one = a.union(b);
    // From the cell's padding above-left of both cards to below-right of them.
    let from = one.min - egui::vec2(3.0, 3.0);
    let to = one.max + egui::vec2(1.0, 1.0);
    f.harness
        .event(egui::Event::ModifiersChanged(Modifiers::SHIFT));
    drag(&mut f, from, to);
    f.harness
        .event(egui::Event::ModifiersChanged(Modifiers::NONE));
    f.harness.run();
    let selected = app(&f).selection().to_vec();
    assert_eq!(selected.len(), 2, "{selected:?}");
    for text in [
        "Organic search result (blog post)",
        "LinkedIn post shared by a peer",
    ] {
        let id = map(&f).journeys[0]
            .cards
            .iter()
            .find(|c| c.text == text)
            .map(|c| c.id.clone())
            .expect("the card exists");
        assert!(selected.contains(&Selected::Card(id)), "{text} selected");
    }
    // The view did not pan: a Shift drag selects instead.
    assert_eq!(
        f.harness
            .get_by_label("Organic search result (blog post)")
            .rect(),
        a
    );
}

#[test]
fn duplicating_a_persona_adds_a_copy_with_a_new_id_and_undo_removes_it() {
    let mut f = harness();
    let before = map(&f).personas.clone();
    f.harness.get_by_label("Anna, marketing manager").click();
    f.harness.run();
    f.harness.get_by_label("Duplicate").click();
    // The personas list scrolls to the copy: a few frames of animation.
    f.harness.run_steps(10);
    let after = &map(&f).personas;
    assert_eq!(after.len(), before.len() + 1);
    let copy = &after[1];
    assert_eq!(copy.name, format!("{} 2", before[0].name));
    assert_ne!(copy.id, before[0].id);
    assert_eq!(copy.quote, before[0].quote);
    assert_eq!(app(&f).selection(), [Selected::Persona(copy.id.clone())]);
    ctrl(&mut f, Key::Z);
    assert_eq!(map(&f).personas, before);
}

#[test]
fn dragging_a_journey_tab_reorders_the_journeys() {
    let mut f = harness();
    f.harness.get_by_label("+").click();
    f.harness.run();
    f.harness.get_by_label("+").click();
    f.harness.run();
    let names =
        |f: &Fixture| -> Vec<String> { map(f).journeys.iter().map(|j| j.name.clone()).collect() };
    let first = names(&f)[0].clone();
    assert_eq!(names(&f).len(), 3);
    // The newest journey is open; drag the first tab past the last one.
    let open = map(&f).journeys[2].id.clone();
    let from = center(&f, &first);
    let to = f.harness.get_by_label("+").rect().left_center() - egui::vec2(4.0, 0.0);
    // As `drag`, in frames rather than until settled: the tab's tooltip keeps fading in.
    let h = &mut f.harness;
    h.hover_at(from);
    h.run_steps(2);
    h.drag_at(from);
    h.run_steps(2);
    for i in 1..=5 {
        #[expect(clippy::cast_precision_loss, reason = "a small count")]
        let t = i as f32 / 5.0;
        h.hover_at(from + (to - from) * t);
        h.run_steps(2);
    }
    h.drop_at(to);
    h.run_steps(10);
    assert_eq!(names(&f)[2], first, "{:?}", names(&f));
    assert_eq!(
        map(&f).journeys[app(&f).journey_index()].id,
        open,
        "the open journey stays open"
    );
    ctrl(&mut f, Key::Z);
    assert_eq!(names(&f)[0], first);
}

/// Clicks at `pos` (a place, not a widget: zoomed far out cards have none).
fn click_at(f: &mut Fixture, pos: Pos2) {
    f.harness.hover_at(pos);
    f.harness.event(egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    f.harness.event(egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    f.harness.step();
}

#[test]
fn zoomed_far_out_a_click_selects_the_card_under_it_and_a_double_click_zooms_in() {
    let mut f = harness();
    let label = "Curious but sceptical";
    let card = center(&f, label);
    let canvas = center(&f, "Journey canvas");
    let fit = app(&f).zoom();
    // Ctrl+Minus zooms about the canvas' centre, so the card's place follows.
    let mut presses = 0;
    while f.harness.query_by_label(label).is_some() {
        assert!(
            presses < 10,
            "the cards keep their widgets at {}",
            app(&f).zoom()
        );
        ctrl(&mut f, Key::Minus);
        presses += 1;
    }
    let zoom = app(&f).zoom();
    assert!(
        zoom < 0.4,
        "drawn simpler only when text is too small to read: {zoom}"
    );
    let at = canvas + (card - canvas) * (zoom / fit);

    f.harness.run_steps(30);
    click_at(&mut f, at);
    f.harness.run();
    assert_eq!(
        app(&f).selection(),
        [Selected::Card("cd-feel-search".into())]
    );
    // Empty space still clears the selection.
    click_at(&mut f, canvas + egui::vec2(0.0, 380.0));
    f.harness.run();
    assert!(app(&f).selection().is_empty());

    f.harness.run_steps(30);
    click_at(&mut f, at);
    click_at(&mut f, at);
    f.harness.run();
    assert!((app(&f).zoom() - 1.0).abs() < 1e-4, "{}", app(&f).zoom());
    // At 100% the card is a widget again, under the pointer.
    let rect = f.harness.get_by_label(label).rect();
    assert!(rect.expand(4.0).contains(at), "{rect:?} around {at:?}");
}

#[test]
fn a_new_card_out_of_view_brings_the_view_to_it_for_typing() {
    let mut f = harness();
    ctrl(&mut f, Key::Num0);
    // Scroll far to the right: the first step's cells leave the view.
    for _ in 0..12 {
        f.harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(-400.0, 0.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        f.harness.run_steps(4);
    }
    // Scrolling is smoothed over frames: let it finish.
    f.harness.run_steps(60);
    assert!(
        f.harness
            .query_by_label("Cell Touchpoints / Searches for a solution")
            .is_none(),
        "the first step is out of view"
    );
    // N with nothing selected: a card in the first step's first lane.
    f.harness.key_press(Key::N);
    f.harness.run();
    f.harness
        .get_by_label("Card text")
        .type_text("Asks a colleague");
    f.harness.key_press(Key::Enter);
    f.harness.run();
    assert!(
        map(&f).journeys[0]
            .cards
            .iter()
            .any(|c| c.text == "Asks a colleague"),
        "typed into the new card"
    );
    assert!(
        f.harness
            .query_by_label("Cell Touchpoints / Searches for a solution")
            .is_some(),
        "the view came back to it"
    );
}
