//! `import csv` on generated touchpoint events: 1,000,000 rows once (time
//! and peak memory printed), then 100,000 rows per criterion iteration (a
//! million per iteration would make criterion's ten samples take minutes).
//!
//! Run: `cargo bench --bench import`. For the binary:
//! `JOURNEYMAP_WRITE_CSV=big.csv cargo bench --bench import` writes the 1M
//! rows to big.csv and stops; then
//! `/usr/bin/time -v journeymap import csv big.csv -o big.ron`.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use journeymap::io::import::{CsvOptions, csv_new_map};

const TOUCHPOINTS: [(&str, &str, &str); 12] = [
    ("Awareness", "Google search", "seo"),
    ("Awareness", "Blog post", "website"),
    ("Awareness", "Ad click", "fb"),
    ("Awareness", "LinkedIn post", "LinkedIn"),
    ("Consideration", "Webinar", "webinar"),
    ("Consideration", "Case study", "Website"),
    ("Consideration", "Newsletter", "e-mail"),
    ("Consideration", "Review on G2", "g2"),
    ("Decision", "Demo call", "sales call"),
    ("Decision", "Pricing page", "www"),
    ("Decision", "Free trial", "app"),
    ("Retention", "Support chat", "live chat"),
];

/// `rows` events of `rows / 30` customers (about 30 touches each, as the
/// B2B figure says), with dirt: spellings in other case, blank customers,
/// and a second source logging some contacts again.
#[expect(
    clippy::cast_possible_truncation,
    reason = "small made-up numbers from a random sequence"
)]
fn generate(rows: usize) -> String {
    let mut out = String::with_capacity(rows * 80);
    out.push_str("customer_id,timestamp,channel,touchpoint,stage,source,score\n");
    let customers = (rows / 30).max(1);
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for i in 0..rows {
        let r = next();
        let customer = (r % customers as u64) as usize;
        let step = ((r >> 20) % TOUCHPOINTS.len() as u64) as usize;
        let (stage, touchpoint, channel) = TOUCHPOINTS[step];
        let day = 1 + step * 2 + ((r >> 32) % 14) as usize;
        let (month, day) = (1 + day / 28, 1 + day % 28);
        let hour = (r >> 40) % 24;
        let minute = (r >> 48) % 60;
        let id = if i % 997 == 0 {
            String::new()
        } else {
            format!("C{customer:06}")
        };
        let spelled = if r % 5 == 0 {
            touchpoint.to_uppercase()
        } else {
            touchpoint.to_owned()
        };
        let source = if r % 7 == 0 { "crm" } else { "web" };
        let score = 1 + (r >> 56) % 5;
        let _ = writeln!(
            out,
            "{id},2025-{month:02}-{day:02} {hour:02}:{minute:02},{channel},{spelled},{stage},{source},{score}"
        );
    }
    out
}

/// Peak resident memory of this process so far, from /proc (Linux).
fn peak_rss_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

fn bench_import(c: &mut Criterion) {
    if let Some(path) = std::env::var_os("JOURNEYMAP_WRITE_CSV") {
        let path = std::path::PathBuf::from(path);
        std::fs::write(&path, generate(1_000_000)).expect("writes the file");
        let path = path.display();
        eprintln!("wrote 1,000,000 rows to {path}");
        std::process::exit(0);
    }
    let options = CsvOptions::default();
    let big = generate(1_000_000);
    let before = peak_rss_mb().unwrap_or_default();
    let start = Instant::now();
    let (map, report) = csv_new_map(big.as_bytes(), &options, "bench").expect("imports");
    eprintln!(
        "1,000,000 rows ({} MiB of CSV): {:.2} s; kept {} events of {} customers, {} dropped, {} merged, {} cards; peak RSS {} MiB (before the import, with the CSV text in memory: {before} MiB)",
        big.len() / (1024 * 1024),
        start.elapsed().as_secs_f64(),
        report.events,
        report.customers,
        report.dropped(),
        report.merged,
        map.journeys[0].cards.len(),
        peak_rss_mb().unwrap_or_default(),
    );
    drop(big);
    let small = generate(100_000);
    let mut group = c.benchmark_group("import-csv");
    group.sample_size(10);
    group.bench_function("100k-rows", |b| {
        b.iter(|| csv_new_map(black_box(small.as_bytes()), &options, "bench").expect("imports"));
    });
    group.finish();
}

criterion_group!(benches, bench_import);
criterion_main!(benches);
