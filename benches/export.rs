//! Export speed: a journey drawn to a picture (layout, paint, tessellation,
//! rasterization) and the PNG encoding of that picture, timed apart.
//!
//! `cargo bench --bench export`. The targets (issue 3): the generated map of
//! 20 stages x 5 steps with 2,000 cards at `--width 4000` in at most 0.5 s,
//! render and encode together; at most 50 ms per megapixel on any map; the
//! `lead-generation` template at scale 2 in at most 150 ms.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use journeymap::io::{self, templates};
use journeymap::model::{JourneyMap, synthetic};
use journeymap::render::{ExportOptions, Exporter, encode_png};

/// As the binary does: tessellation allocates a lot.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench_map(c: &mut Criterion, name: &str, map: &JourneyMap, options: &ExportOptions) {
    let mut exporter = Exporter::new();
    let picture = exporter.render(map, 0, Path::new("."), options);
    let (w, h) = picture.image.dimensions();
    println!(
        "{name}: {w} x {h} px = {:.2} megapixels, {} cards",
        f64::from(w) * f64::from(h) / 1e6,
        map.journeys[0].cards.len()
    );
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("render", |b| {
        b.iter(|| black_box(exporter.render(black_box(map), 0, Path::new("."), options)));
    });
    group.bench_function("encode", |b| {
        b.iter(|| {
            let mut bytes = Vec::with_capacity(4 << 20);
            encode_png(black_box(&picture.image), &mut bytes).expect("encodes");
            black_box(bytes)
        });
    });
    group.finish();
}

fn synthetic_2000_cards(c: &mut Criterion) {
    let map = synthetic::generate(20, 5, 2_000);
    let options = ExportOptions {
        width: Some(4000),
        ..ExportOptions::default()
    };
    bench_map(c, "synthetic-20x5-2000-cards-width-4000", &map, &options);
}

fn lead_generation_scale_2(c: &mut Criterion) {
    let template = templates::find("lead-generation").expect("template");
    let map = io::from_str(template.text).expect("loads");
    let options = ExportOptions {
        scale: 2.0,
        ..ExportOptions::default()
    };
    bench_map(c, "lead-generation-scale-2", &map, &options);
}

fn lead_generation_scale_1(c: &mut Criterion) {
    let template = templates::find("lead-generation").expect("template");
    let map = io::from_str(template.text).expect("loads");
    bench_map(
        c,
        "lead-generation-scale-1",
        &map,
        &ExportOptions::default(),
    );
}

criterion_group!(
    benches,
    synthetic_2000_cards,
    lead_generation_scale_2,
    lead_generation_scale_1
);
criterion_main!(benches);
