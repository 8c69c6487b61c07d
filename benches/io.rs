//! Load and save of a generated map with 10,000 cards, with `serde_json` on the
//! same document as the yardstick; and autosave on that map: the writer's
//! copy (how long it holds the shared map, and what an edit landing then
//! pays) and the recovery file write on the writer's thread.
//!
//! Run: `cargo bench --bench io`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use journeymap::io;
use journeymap::model::{JourneyMap, synthetic};

fn bench_io(c: &mut Criterion) {
    let doc = synthetic::generate(20, 5, 10_000);
    let ron_text = io::to_canonical_string(&doc).expect("saves");
    let json_text = serde_json::to_string_pretty(&doc).expect("json");
    eprintln!(
        "map: {} cards, RON {} KiB, JSON {} KiB",
        doc.card_count(),
        ron_text.len() / 1024,
        json_text.len() / 1024
    );

    let mut group = c.benchmark_group("io-10k-cards");
    group.bench_function("load/ron", |b| {
        b.iter(|| io::from_str(black_box(&ron_text)).expect("loads"));
    });
    group.bench_function("load/json", |b| {
        b.iter(|| serde_json::from_str::<JourneyMap>(black_box(&json_text)).expect("loads"));
    });
    group.bench_function("save/ron", |b| {
        b.iter(|| io::to_canonical_string(black_box(&doc)).expect("saves"));
    });
    group.bench_function("save/json", |b| {
        b.iter(|| serde_json::to_string_pretty(black_box(&doc)).expect("saves"));
    });
    group.finish();

    let mut group = c.benchmark_group("autosave-10k-cards");
    // The window's thread shares the map with the writer (no copy); the
    // writer copies it and lets go. An edit landing during that copy pays
    // one copy too; any other edit pays nothing.
    group.bench_function("copy of the map (writer holds the shared map)", |b| {
        b.iter(|| black_box(&doc).clone());
    });
    let folder = tempfile::tempdir().expect("a temporary folder");
    let claim = io::recovery::Claim::new(folder.path());
    let original = folder.path().join("big.ron");
    group.bench_function("recovery file written (writer's thread)", |b| {
        b.iter(|| {
            claim
                .write(black_box(&doc), Some(&original), 0)
                .expect("written");
        });
    });
    group.finish();
}

criterion_group!(benches, bench_io);
criterion_main!(benches);
