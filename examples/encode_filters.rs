//! PNG row filters compared on one real picture: the `lead-generation`
//! template at scale 2, encoded with fdeflate and each filter, RGBA8.
//!
//! `cargo run --release --example encode_filters`

use std::path::Path;
use std::time::Instant;

use journeymap::io::templates;
use journeymap::render::{ExportOptions, Exporter};

fn main() {
    let template = templates::find("lead-generation").expect("template");
    let map = journeymap::io::from_str(template.text).expect("loads");
    let options = ExportOptions {
        scale: 2.0,
        ..ExportOptions::default()
    };
    let image = Exporter::new()
        .render(&map, 0, Path::new("."), &options)
        .image;
    println!("{} x {} px", image.width(), image.height());
    for (name, filter) in [
        ("adaptive (png's Fast)", png::Filter::Adaptive),
        ("up", png::Filter::Up),
        ("sub", png::Filter::Sub),
        ("paeth", png::Filter::Paeth),
    ] {
        let mut best = f64::MAX;
        let mut size = 0;
        for _ in 0..5 {
            let start = Instant::now();
            let mut out = Vec::new();
            let mut encoder = png::Encoder::new(&mut out, image.width(), image.height());
            encoder.set_color(png::ColorType::Rgba);
            encoder.set_depth(png::BitDepth::Eight);
            encoder.set_compression(png::Compression::Fast);
            encoder.set_filter(filter);
            let mut writer = encoder.write_header().expect("header");
            writer.write_image_data(image.as_raw()).expect("data");
            writer.finish().expect("finish");
            best = best.min(start.elapsed().as_secs_f64());
            size = out.len();
        }
        println!("{name}: {:.1} ms, {} KiB", best * 1000.0, size / 1024);
    }
}
