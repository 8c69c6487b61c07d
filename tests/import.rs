//! `journeymap import` and the Mermaid export, run as a user runs them:
//! counts of dropped and merged rows, figures checked against a hand
//! computation, errors with their exit codes, and the Mermaid round trip.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use journeymap::io;
use journeymap::model::{Figures, JourneyMap};

fn journeymap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_journeymap"))
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("runs the binary")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_exit(out: &Output, code: i32) {
    let err = stderr(out);
    assert!(
        !err.contains("panicked") && !err.contains("internal error"),
        "panic: {err}"
    );
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

fn import_dirty(dir: &Path) -> (Output, JourneyMap, PathBuf) {
    let out_path = dir.join("out.ron");
    let out = journeymap(&[
        "import",
        "csv",
        s(&data("dirty-events.csv")),
        "-o",
        s(&out_path),
    ]);
    assert_exit(&out, 0);
    let map = io::load(&out_path).expect("the import loads");
    (out, map, out_path)
}

/// tests/data/dirty-events.csv, by hand (rows are file lines; the header is line 1):
///
/// - 12 data rows. Dropped: line 5 (no customer), line 6 (no time), line 7
///   (no touchpoint): 3 rows, 9 kept.
/// - Channels `fb`, `Facebook`, `FB ` and `social` are the map's channel
///   `social` (its id and aliases); `Website`, `www`, `web` are `web`;
///   `email` is `email`: 8 spellings, 3 channels. Touchpoints `Ad click`,
///   `ad click`, `Ad  Click` are one (named `Ad click`, 3 rows against 1
///   and 1); `Pricing page`, `pricing page`, `Pricing Page` are one (1 row
///   each: the first seen, `Pricing page`, names it); `Demo call`: 7
///   spellings, 3 touchpoints.
/// - Merged: line 3 (A, Ad click, social, 30 min after line 2) and line 12
///   (C, 59 min after line 11): 2. Line 9 (A, Pricing page, web) is 61 min
///   after line 8: kept. 7 events of 3 customers remain.
#[test]
fn a_dirty_csv_reports_exact_drops_and_merges() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (out, _, _) = import_dirty(dir.path());
    let err = stderr(&out);
    for line in [
        "dirty-events.csv: read 12 rows",
        "dirty-events.csv: dropped 1 row without a customer",
        "dirty-events.csv: dropped 1 row without a time",
        "dirty-events.csv: dropped 1 row without a touchpoint",
        "dirty-events.csv: dropped 3 rows in total",
        "dirty-events.csv: standardised 7 touchpoint spellings into 3 touchpoints and 8 channel spellings into 3 channels",
        "dirty-events.csv: merged 2 rows logged again within 1 h (same customer, touchpoint and channel)",
        "dirty-events.csv: merged 2 rows in total",
        "dirty-events.csv: kept 7 events of 3 customers",
    ] {
        assert!(
            err.lines().any(|l| l.ends_with(line)),
            "missing {line:?} in\n{err}"
        );
    }
}

/// The 7 events (customer: touchpoint/channel/stage at time, score):
///
/// ```text
/// A: Ad click/social/Awareness 03-01 09:00 (4); Pricing page/web/Consideration 03-03 12:00 (5), 13:01 (2)
/// B: Ad click/social/Awareness 03-01 10:00 (2); Demo call/email/Decision 03-05 08:00 (-)
/// C: Ad click/social/Awareness 03-02 09:00 (3; line 12's 5 was merged); Pricing page/web/Consideration 03-04 00:00 (4)
/// ```
///
/// - Cards: Ad click 3 customers, 3 touches; Pricing page 2 (A, C), 3;
///   Demo call 1, 1.
/// - Stages, in order of first appearance: Awareness (A, B, C: 3, 3
///   touches; 2 of them reach Consideration: drop-off 1 - 2/3 = 0.333);
///   Consideration (A, C: 2, 3 touches; none reaches Decision: drop-off 1);
///   Decision (B: 1, 1 touch; the last stage has none).
/// - Journey: 7 touches / 3 customers = 2.33; channels A {social, web},
///   B {social, email}, C {social, web}: 2; days first to last: A 52 h 1 min
///   = 2.1674, B 94 h = 3.9167, C 39 h = 1.625; mean 7.7090 / 3 = 2.5697 ->
///   2.6; median 2.1674 -> 2.2.
/// - Scores on 1..5: Ad click (4 + 2 + 3) / 3 = 3; Pricing page
///   (5 + 2 + 4) / 3 = 3.667 -> 3.7; Demo call none.
#[test]
fn figures_match_the_hand_computation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, map, _) = import_dirty(dir.path());
    assert_eq!((map.emotion_scale.min, map.emotion_scale.max), (1, 5));
    let journey = &map.journeys[0];
    assert_eq!(journey.name, "dirty-events");
    let stages: Vec<&str> = journey.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(stages, ["Awareness", "Consideration", "Decision"]);
    let steps: Vec<Vec<(&str, Option<f32>)>> = journey
        .stages
        .iter()
        .map(|s| s.steps.iter().map(|p| (p.name.as_str(), p.score)).collect())
        .collect();
    assert_eq!(
        steps,
        vec![
            vec![("Ad click", Some(3.0))],
            vec![("Pricing page", Some(3.7))],
            vec![("Demo call", None)],
        ]
    );
    let cards: Vec<(&str, &str, Option<u64>, Option<u64>)> = journey
        .cards
        .iter()
        .map(|c| {
            (
                c.text.as_str(),
                c.channel.as_ref().map_or("", |ch| ch.as_str()),
                c.figures.customers,
                c.figures.touches,
            )
        })
        .collect();
    assert_eq!(
        cards,
        vec![
            ("Ad click", "social", Some(3), Some(3)),
            ("Pricing page", "web", Some(2), Some(3)),
            ("Demo call", "email", Some(1), Some(1)),
        ]
    );
    let stage_figures: Vec<(Option<u64>, Option<u64>, Option<f64>)> = journey
        .stages
        .iter()
        .map(|s| (s.figures.customers, s.figures.touches, s.figures.drop_off))
        .collect();
    assert_eq!(
        stage_figures,
        vec![
            (Some(3), Some(3), Some(0.333)),
            (Some(2), Some(3), Some(1.0)),
            (Some(1), Some(1), None),
        ]
    );
    assert_eq!(
        journey.figures,
        Figures {
            customers: Some(3),
            touches: Some(7),
            touches_per_customer: Some(2.33),
            channels_per_customer: Some(2.0),
            days_mean: Some(2.6),
            days_median: Some(2.2),
            drop_off: None,
        }
    );
    // The imported map is clean: every channel is in its list, ids unique.
    let check = journeymap(&["check", s(&dir.path().join("out.ron"))]);
    assert_exit(&check, 0);
    assert!(!stderr(&check).contains("error"), "{}", stderr(&check));
}

#[test]
fn importing_the_same_data_twice_gives_the_same_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, _, first) = import_dirty(dir.path());
    let first = std::fs::read(first).expect("read");
    let again = dir.path().join("again.ron");
    let out = journeymap(&[
        "import",
        "csv",
        s(&data("dirty-events.csv")),
        "-o",
        s(&again),
    ]);
    assert_exit(&out, 0);
    assert!(std::fs::read(again).expect("read") == first);
}

fn changed_lines(a: &str, b: &str) -> usize {
    assert_eq!(a.lines().count(), b.lines().count(), "same shape");
    a.lines().zip(b.lines()).filter(|(x, y)| x != y).count()
}

#[test]
fn a_re_import_onto_the_map_updates_figures_in_place_with_a_small_diff() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, _, map_path) = import_dirty(dir.path());
    let before = std::fs::read_to_string(&map_path).expect("read");
    // One more contact: customer D clicks the ad (Awareness).
    let mut events = std::fs::read_to_string(data("dirty-events.csv")).expect("read");
    events.push_str("D,2024-03-06 10:00,fb,Ad click,Awareness,ads,5\n");
    let events = write(dir.path(), "more.csv", events.as_bytes());
    let out = journeymap(&[
        "import",
        "csv",
        s(&events),
        "--map",
        s(&map_path),
        "-o",
        s(&map_path),
    ]);
    assert_exit(&out, 0);
    let after = std::fs::read_to_string(&map_path).expect("read");
    // Ad click: card, step and stage customers and touches (6 lines), the
    // stage's drop-off (2/4 reach Consideration: 0.5), the step's score
    // ((9 + 5) / 4 = 3.5), and the journey's customers, touches, touches and
    // days per customer (5 lines; channels per customer stays 2 since D has one
    // channel: (2 + 2 + 2 + 1) / 4 = 1.75 - 6 lines). At most 15 of ~300 lines.
    let changed = changed_lines(&before, &after);
    assert!((8..=15).contains(&changed), "{changed} lines changed");
    let diff = journeymap(&[
        "diff",
        s(&write(dir.path(), "before.ron", before.as_bytes())),
        s(&map_path),
    ]);
    assert_exit(&diff, 1);
    let text = String::from_utf8_lossy(&diff.stdout).into_owned();
    for line in text.lines() {
        assert!(
            line.contains("figures") || line.contains("emotion"),
            "only figures and scores change: {line}\n{text}"
        );
    }
    let map = io::load(&map_path).expect("loads");
    let stage = &map.journeys[0].stages[0];
    assert_eq!(stage.figures.customers, Some(4));
    assert_eq!(stage.figures.drop_off, Some(0.5));
    assert_eq!(stage.steps[0].score, Some(3.5));
}

#[test]
fn figures_attach_to_an_existing_map_by_name_and_channel_and_nothing_else_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let map_path = dir.path().join("lead.ron");
    assert_exit(
        &journeymap(&["new", "--template", "lead-generation", s(&map_path)]),
        0,
    );
    let before = std::fs::read_to_string(&map_path).expect("read");
    let map = io::load(&map_path).expect("loads");
    let card = map.journeys[0]
        .cards
        .iter()
        .find(|c| c.channel.is_some())
        .expect("a touchpoint with a channel")
        .clone();
    let channel = card.channel.clone().expect("channel");
    let events = format!(
        "user,date,medium,event\nu1,2024-01-01,{ch},{text}\nu2,2024-01-02,{ch},{upper}\nu2,2024-01-03,{ch},Not on the map\n",
        ch = channel.as_str(),
        text = card.text,
        upper = card.text.to_uppercase(),
    );
    let events = write(dir.path(), "events.csv", events.as_bytes());
    let out_path = dir.path().join("with-figures.ron");
    let out = journeymap(&[
        "import",
        "csv",
        s(&events),
        "--map",
        s(&map_path),
        "-o",
        s(&out_path),
    ]);
    assert_exit(&out, 0);
    assert!(
        stderr(&out).contains("touchpoint \"Not on the map\""),
        "{}",
        stderr(&out)
    );
    let after = io::load(&out_path).expect("loads");
    let got = after.journeys[0]
        .cards
        .iter()
        .find(|c| c.id == card.id)
        .expect("card kept");
    assert_eq!(got.figures.customers, Some(2));
    assert_eq!(got.figures.touches, Some(2));
    // Clear the figures again: the rest is the map as it was.
    let mut cleared = after.clone();
    for journey in &mut cleared.journeys {
        journey.figures = Figures::default();
        for stage in &mut journey.stages {
            stage.figures = Figures::default();
            for step in &mut stage.steps {
                step.figures = Figures::default();
            }
        }
        for card in &mut journey.cards {
            card.figures = Figures::default();
        }
    }
    assert!(io::to_canonical_string(&cleared).expect("saves") == before);
}

#[test]
fn a_file_that_is_not_csv_is_bad_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let png =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("maps/anna.png")).expect("a png");
    let path = write(dir.path(), "photo.csv", &png);
    let out = journeymap(&[
        "import",
        "csv",
        s(&path),
        "-o",
        s(&dir.path().join("o.ron")),
    ]);
    assert_exit(&out, 1);
    assert!(
        stderr(&out).contains("photo.csv: error: this is not a CSV file"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("o.ron").exists());
}

#[test]
fn a_missing_column_is_named_with_the_columns_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "e.csv",
        b"Customer,Channel,Touchpoint\nA,web,Home\n",
    );
    let out = journeymap(&[
        "import",
        "csv",
        s(&path),
        "-o",
        s(&dir.path().join("o.ron")),
    ]);
    assert_exit(&out, 1);
    let err = stderr(&out);
    assert!(
        err.contains("e.csv:1: error: no column for the time"),
        "{err}"
    );
    assert!(
        err.contains("the columns found are: Customer, Channel, Touchpoint"),
        "{err}"
    );
    // Named with --columns, it is found.
    let path = write(
        dir.path(),
        "f.csv",
        b"who,when,how,what\nA,2024-01-01,web,Home\n",
    );
    let out = journeymap(&[
        "import",
        "csv",
        s(&path),
        "--columns",
        "customer=who,time=when,channel=how,touchpoint=what",
        "-o",
        s(&dir.path().join("o.ron")),
    ]);
    assert_exit(&out, 0);
}

#[test]
fn a_bad_timestamp_names_its_row_and_value() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "e.csv",
        b"customer,time,channel,touchpoint\nA,2024-03-01,web,Home\nB,31/03/2024,web,Home\n",
    );
    let out = journeymap(&[
        "import",
        "csv",
        s(&path),
        "-o",
        s(&dir.path().join("o.ron")),
    ]);
    assert_exit(&out, 1);
    let err = stderr(&out);
    assert!(
        err.contains("e.csv:3: error: row 3: the time \"31/03/2024\""),
        "{err}"
    );
}

#[test]
fn unreadable_input_or_output_is_an_io_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = journeymap(&[
        "import",
        "csv",
        s(&dir.path().join("missing.csv")),
        "-o",
        s(&dir.path().join("o.ron")),
    ]);
    assert_exit(&out, 2);
    let out = journeymap(&[
        "import",
        "csv",
        s(&data("dirty-events.csv")),
        "-o",
        s(&dir.path().join("no/such/folder/o.ron")),
    ]);
    assert_exit(&out, 2);
    let out = journeymap(&[
        "import",
        "mermaid",
        s(&dir.path().join("missing.mmd")),
        "-o",
        s(&dir.path().join("o.ron")),
    ]);
    assert_exit(&out, 2);
}

#[test]
fn mermaid_to_map_to_mermaid_keeps_title_sections_tasks_scores_and_actors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = data("working-day.mmd");
    let map_path = dir.path().join("day.ron");
    assert_exit(
        &journeymap(&["import", "mermaid", s(&source), "-o", s(&map_path)]),
        0,
    );
    let map = io::load(&map_path).expect("loads");
    assert_eq!(map.title, "My working day");
    let names: Vec<&str> = map.personas.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Me", "Cat"]);
    assert_eq!(map.journeys[0].stages.len(), 2);
    assert_eq!(map.journeys[0].cards.len(), 5);
    let back = dir.path().join("back.mmd");
    let out = journeymap(&["export", s(&map_path), "-o", s(&back)]);
    assert_exit(&out, 0);
    assert!(
        !stderr(&out).contains("note:"),
        "nothing dropped: {}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(back).expect("read"),
        std::fs::read_to_string(source).expect("read")
    );
    // The imported map passes its checks.
    assert_exit(&journeymap(&["check", "--strict", s(&map_path)]), 0);
}

#[test]
fn a_mermaid_syntax_error_names_the_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "bad.mmd",
        b"journey\n    title T\n    section A\n      Make tea 5 Me\n",
    );
    let out = journeymap(&[
        "import",
        "mermaid",
        s(&path),
        "-o",
        s(&dir.path().join("o.ron")),
    ]);
    assert_exit(&out, 1);
    assert!(
        stderr(&out).contains("bad.mmd:4:7: error: expected `title`, `section` or a task"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn export_to_mermaid_lists_what_it_dropped_on_stderr() {
    let dir = tempfile::tempdir().expect("tempdir");
    let map_path = dir.path().join("lead.ron");
    assert_exit(
        &journeymap(&["new", "--template", "lead-generation", s(&map_path)]),
        0,
    );
    let out_path = dir.path().join("lead.mmd");
    let out = journeymap(&["export", s(&map_path), "-o", s(&out_path)]);
    assert_exit(&out, 0);
    let err = stderr(&out);
    for item in [
        "cards (",
        "links",
        "KPIs",
        "funnel tags",
        "the emotion scale -2..2",
    ] {
        assert!(err.contains(item), "missing {item:?} in\n{err}");
    }
    let mut notes: Vec<&str> = err.lines().filter(|l| l.contains(": note: ")).collect();
    let count = notes.len();
    notes.sort_unstable();
    notes.dedup();
    assert_eq!(notes.len(), count, "each note once: {err}");
    let text = std::fs::read_to_string(&out_path).expect("written");
    assert!(text.starts_with("journey\n    title "), "{text}");
    assert!(text.contains("\n    section Awareness\n"), "{text}");
    // Only the diagram on stdout with `-o -`.
    let out = journeymap(&["export", s(&map_path), "-o", "-"]);
    assert_exit(&out, 0);
    assert_eq!(String::from_utf8_lossy(&out.stdout), text);
}

#[test]
fn domain_checks_warn_and_fail_only_with_strict() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("lead.ron");
    assert_exit(
        &journeymap(&["new", "--template", "lead-generation", s(&path)]),
        0,
    );
    assert_exit(&journeymap(&["check", "--strict", s(&path)]), 0);
    // Remove the link that resolves the pop-up pain point, and two first-visit paths.
    let text = std::fs::read_to_string(&path).expect("read");
    let mut map = io::from_str(&text).expect("loads");
    map.journeys[0].links.retain(|l| {
        !matches!(
            l.id.as_str(),
            "lk-popup" | "lk-path-search-podcast" | "lk-path-search-ad"
        )
    });
    io::save(&path, &map).expect("saves");
    let out = journeymap(&["check", s(&path)]);
    assert_exit(&out, 0);
    let err = stderr(&out);
    assert!(err.contains(": warning: pain point \""), "{err}");
    assert!(
        err.contains(
            "offers 2 alternative paths for the informational intent; a map should offer at least 3"
        ),
        "{err}"
    );
    assert_eq!(err.lines().count(), 2, "{err}");
    assert_exit(&journeymap(&["check", "--strict", s(&path)]), 1);
}
