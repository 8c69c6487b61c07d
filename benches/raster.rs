//! Export throughput: a map-like picture (cards with text, links, a curve)
//! 4000 x 2000 px, rendered by the CPU rasterizer and encoded as PNG.
//!
//! `cargo bench --bench raster -- --warm-up-time 1 --measurement-time 5`
//! (half a minute). Measured on the 2-core build machine while others
//! compiled: 313,198 triangles; paint 124 ms, `render_ui` (two egui passes,
//! tessellation, paint) 128 ms, PNG encode 38 ms: 21 ms per megapixel for
//! the whole export.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui::{
    self, Align2, Color32, CornerRadius, FontId, Rect, Stroke, StrokeKind, pos2, vec2,
};
use journeymap::render::{Rasterizer, encode_png, render_ui};

const SIZE: egui::Vec2 = egui::Vec2::new(4000.0, 2000.0);

fn map(ui: &mut egui::Ui) {
    let p = ui.painter();
    let ink = Color32::from_rgb(30, 30, 40);
    for col in 0..40u8 {
        for row in 0..20u8 {
            let (x, y) = (f32::from(col) * 100.0 + 5.0, f32::from(row) * 100.0 + 5.0);
            let card = Rect::from_min_size(pos2(x, y), vec2(90.0, 88.0));
            let fill = Color32::from_rgb(240 - col * 2, 230, 200 + row * 2);
            p.rect_filled(card, CornerRadius::same(6), fill);
            p.rect_stroke(
                card,
                CornerRadius::same(6),
                Stroke::new(1.0, ink),
                StrokeKind::Inside,
            );
            for line in 0..3u16 {
                p.text(
                    pos2(x + 6.0, y + 6.0 + f32::from(line) * 16.0),
                    Align2::LEFT_TOP,
                    "Karta źółć 12",
                    FontId::proportional(12.0),
                    ink,
                );
            }
        }
    }
    let curve: Vec<egui::Pos2> = (0..400u16)
        .map(|i| {
            pos2(
                f32::from(i) * 10.0,
                1000.0 + (f32::from(i) * 0.1).sin() * 300.0,
            )
        })
        .collect();
    p.add(egui::Shape::line(
        curve,
        Stroke::new(3.0, Color32::from_rgb(200, 60, 90)),
    ));
    for i in 0..200u16 {
        let x = f32::from(i) * 20.0;
        p.circle_filled(
            pos2(x, 1000.0 + (x * 0.01).sin() * 300.0),
            5.0,
            Color32::from_rgba_unmultiplied(20, 90, 200, 180),
        );
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("export_4000x2000");
    group.sample_size(10);
    let ctx = egui::Context::default();
    let _ = render_ui(&ctx, SIZE, 1.0, Color32::WHITE, map);
    let (rasterizer, primitives) = tessellated();
    group.bench_function("paint", |b| {
        b.iter(|| black_box(rasterizer.paint(&primitives, [4000, 2000], 1.0, Color32::WHITE)));
    });
    group.bench_function("render_ui", |b| {
        b.iter(|| black_box(render_ui(&ctx, SIZE, 1.0, Color32::WHITE, map)));
    });
    let image = render_ui(&ctx, SIZE, 1.0, Color32::WHITE, map);
    group.bench_function("encode_png", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(4 << 20);
            encode_png(&image, &mut out).expect("encoding into memory works");
            black_box(out)
        });
    });
    group.finish();
}

/// The map's primitives, and a rasterizer holding their textures.
fn tessellated() -> (Rasterizer, Vec<egui::ClippedPrimitive>) {
    let ctx = egui::Context::default();
    let mut rasterizer = Rasterizer::new();
    let input = || egui::RawInput {
        screen_rect: Some(Rect::from_min_size(egui::Pos2::ZERO, SIZE)),
        max_texture_side: Some(16_384),
        ..egui::RawInput::default()
    };
    let mut primitives = Vec::new();
    for _ in 0..2 {
        let mut out = ctx.run_ui(input(), map);
        rasterizer.set_textures(&out.textures_delta);
        rasterizer.free_textures(&out.textures_delta);
        out.textures_delta.clear();
        primitives = ctx.tessellate(std::mem::take(&mut out.shapes), out.pixels_per_point);
    }
    let triangles: usize = primitives
        .iter()
        .map(|p| match &p.primitive {
            egui::epaint::Primitive::Mesh(m) => m.indices.len() / 3,
            egui::epaint::Primitive::Callback(_) => 0,
        })
        .sum();
    eprintln!("{} primitives, {triangles} triangles", primitives.len());
    (rasterizer, primitives)
}

criterion_group!(benches, bench);
criterion_main!(benches);
