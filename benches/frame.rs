//! One frame of the editor (run + tessellate) on a generated map of 10,000
//! cards, against egui's own demo frame measured in the same run.
//!
//! `cargo bench --bench frame`. Targets (issue 4): at 100% zoom the p95
//! frame at most 2x the demo frame; zoomed out to fit at most 8 ms; while
//! zooming continuously at most 16 ms (panning at 100% is measured too).
//! Criterion prints medians; after the
//! groups, each case runs 200 more frames and prints its p50 and p95.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui::{self, Event, Key, Modifiers, Pos2, RawInput, Rect, vec2};
use journeymap::app::dialogs::ScriptedDialogs;
use journeymap::app::{EditorApp, Prefs, Start};
use journeymap::i18n::Lang;
use journeymap::model::{JourneyMap, synthetic};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SCREEN: [f32; 2] = [1600.0, 1000.0];

fn input(events: Vec<Event>, time: f64) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(SCREEN[0], SCREEN[1]))),
        events,
        time: Some(time),
        ..RawInput::default()
    }
}

/// One frame: run the app, tessellate what it drew.
fn frame(ctx: &egui::Context, app: &mut EditorApp, events: Vec<Event>, time: f64) -> usize {
    let mut output = ctx.run_ui(input(events, time), |ui| app.show(ui));
    let primitives = ctx.tessellate(std::mem::take(&mut output.shapes), output.pixels_per_point);
    output.textures_delta.clear();
    primitives.len()
}

fn key(key: Key) -> Vec<Event> {
    vec![Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND,
    }]
}

/// The editor on a generated map of 20 stages x 5 steps and 10,000 cards, at `zoom_key`.
fn editor(map: &JourneyMap, zoom_key: Key) -> (egui::Context, EditorApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("big.ron");
    journeymap::io::save(&path, map).expect("saved");
    let start = Start {
        file: Some(path),
        screenshot: None,
        prefs: Prefs::default(),
        system_lang: Lang::En,
        ..Start::default()
    };
    let mut app = EditorApp::new(start, Box::new(ScriptedDialogs::default()));
    let ctx = egui::Context::default();
    for n in 0..5 {
        frame(&ctx, &mut app, Vec::new(), f64::from(n) / 60.0);
    }
    frame(&ctx, &mut app, key(zoom_key), 0.1);
    for n in 0..5 {
        frame(&ctx, &mut app, Vec::new(), 0.2 + f64::from(n) / 60.0);
    }
    (ctx, app, dir)
}

/// Ctrl+scroll over the canvas, a new zoom every frame: in by 3% a frame for
/// 100 frames (from the whole map to about 100%), then out again for 100;
/// the text step changes about every 8 frames on the way.
fn zooming(n: u64) -> Vec<Event> {
    let factor = if (n / 100).is_multiple_of(2) {
        1.03
    } else {
        1.0 / 1.03
    };
    vec![
        Event::PointerMoved(Pos2::new(700.0, 500.0)),
        Event::Zoom(factor),
    ]
}

/// A trackpad scrolling sideways, 20 points a frame: right for 100 frames, then back.
fn panning(n: u64) -> Vec<Event> {
    let dx = if (n / 100).is_multiple_of(2) {
        -20.0
    } else {
        20.0
    };
    vec![
        Event::PointerMoved(Pos2::new(700.0, 500.0)),
        Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: vec2(dx, 0.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        },
    ]
}

/// Typing into a card: N makes a new card and starts its text, then a letter
/// and a Backspace by turns, one a frame (every key is an edit of the map).
fn typing(n: u64) -> Vec<Event> {
    let press = |key| Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::NONE,
    };
    match n {
        1 => vec![press(Key::N)],
        n if n.is_multiple_of(2) => vec![Event::Text("a".to_owned())],
        _ => vec![press(Key::Backspace)],
    }
}

fn percentiles(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    let at = |q: f64| {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "an index into 200 samples"
        )]
        let i = ((times.len() as f64 - 1.0) * q).round() as usize;
        times.get(i).copied().unwrap_or_default()
    };
    (at(0.5), at(0.95))
}

/// 200 more frames of the case `name`, with their median and 95th percentile;
/// skipped when a filter given to `cargo bench` leaves the case out.
fn report(name: &str, mut run: impl FnMut(u64)) {
    let filter = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-') && a.parse::<f64>().is_err());
    if filter.is_some_and(|f| !name.contains(&f)) {
        return;
    }
    let mut times = Vec::with_capacity(200);
    for n in 0..200 {
        let start = Instant::now();
        run(n);
        times.push(start.elapsed());
    }
    let (p50, p95) = percentiles(times);
    println!(
        "{name}: p50 {:.2} ms, p95 {:.2} ms",
        p50.as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3
    );
}

/// One scene of the editor: a map at a zoom, and the input of each frame.
struct Case {
    name: &'static str,
    ctx: egui::Context,
    app: Box<EditorApp>,
    _dir: tempfile::TempDir,
    events: fn(u64) -> Vec<Event>,
    /// Frames so far: the input's own clock (zooming goes in and out by turns).
    frames: u64,
}

impl Case {
    fn new(
        name: &'static str,
        map: &JourneyMap,
        zoom_key: Key,
        events: fn(u64) -> Vec<Event>,
    ) -> Case {
        let (ctx, app, dir) = editor(map, zoom_key);
        Case {
            name,
            ctx,
            app: Box::new(app),
            _dir: dir,
            events,
            frames: 0,
        }
    }

    fn frame(&mut self) -> usize {
        self.frames += 1;
        #[expect(clippy::cast_precision_loss, reason = "a frame count")]
        let time = 1.0 + self.frames as f64 / 60.0;
        frame(&self.ctx, &mut self.app, (self.events)(self.frames), time)
    }
}

fn still(_: u64) -> Vec<Event> {
    Vec::new()
}

fn frames(c: &mut Criterion) {
    let demo_ctx = egui::Context::default();
    let mut demo = egui_demo_lib::DemoWindows::default();
    let mut demo_frame = |n: u64| {
        #[expect(clippy::cast_precision_loss, reason = "a frame count")]
        let time = n as f64 / 60.0;
        let mut output = demo_ctx.run_ui(input(Vec::new(), time), |ui| demo.ui(ui));
        let primitives =
            demo_ctx.tessellate(std::mem::take(&mut output.shapes), output.pixels_per_point);
        output.textures_delta.clear();
        black_box(primitives.len());
    };
    let big = synthetic::generate(20, 5, 10_000);
    let lead_generation = journeymap::io::from_str(
        journeymap::io::templates::find("lead-generation")
            .map(|t| t.text)
            .unwrap_or_default(),
    )
    .expect("the bundled template loads");
    let mut cases = [
        Case::new("10k cards at 100%", &big, Key::Num0, still),
        Case::new("10k cards zoomed to fit", &big, Key::Num1, still),
        Case::new("10k cards while zooming", &big, Key::Num1, zooming),
        Case::new("10k cards panning at 100%", &big, Key::Num0, panning),
        Case::new("10k cards typing into a card", &big, Key::Num0, typing),
        Case::new(
            "lead-generation (124 cards) typing into a card",
            &lead_generation,
            Key::Num0,
            typing,
        ),
    ];

    let mut group = c.benchmark_group("frame");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(6));
    let mut n = 0u64;
    group.bench_function("egui demo (yardstick)", |b| {
        b.iter(|| {
            n += 1;
            demo_frame(n);
        });
    });
    for case in &mut cases {
        group.bench_function(case.name, |b| b.iter(|| black_box(case.frame())));
    }
    group.finish();

    report("egui demo (yardstick)", |k| demo_frame(n + k));
    for case in &mut cases {
        let name = case.name;
        report(name, |_| {
            black_box(case.frame());
        });
    }
    // What the typing cases typed into, as a check that they typed at all.
    for case in cases.iter().filter(|c| c.name.contains("typing")) {
        let doc = case.app.document();
        println!(
            "({}: {} cards, revision {}, can undo {})",
            case.name,
            case.app.map().journeys.first().map_or(0, |j| j.cards.len()),
            doc.revision(),
            doc.can_undo()
        );
    }
}

criterion_group!(benches, frames);
criterion_main!(benches);
