//! The CPU rasterizer checked against results it did not make: pixel values
//! worked out by hand, and pictures rendered by egui's own glow backend on
//! Mesa's software OpenGL (see `examples/glow_reference.rs`).

use std::path::PathBuf;

use eframe::egui::{
    self, ClippedPrimitive, Color32, ColorImage, Mesh, Rect, TextureId, TextureOptions,
    TexturesDelta, epaint::ImageDelta, epaint::Primitive, pos2,
};
use journeymap::render::{Rasterizer, encode_png, render_ui};

#[path = "reference/scenes.rs"]
mod scenes;

/// The texture the hand-made meshes use: egui's font texture id, which
/// `Mesh::add_colored_rect` requires; the tests set it to their own image.
const TEX: TextureId = TextureId::Managed(0);

/// A rasterizer with `image` as texture [`TEX`].
fn rasterizer_with(image: ColorImage, options: TextureOptions) -> Rasterizer {
    let mut r = Rasterizer::new();
    let mut delta = TexturesDelta::default();
    delta.set.insert(
        TEX,
        [ImageDelta::full(image, options)].into_iter().collect(),
    );
    r.set_textures(&delta);
    delta.clear();
    r
}

fn white_rasterizer() -> Rasterizer {
    rasterizer_with(
        ColorImage::new([1, 1], vec![Color32::WHITE]),
        TextureOptions::NEAREST,
    )
}

fn everywhere(mesh: Mesh) -> ClippedPrimitive {
    ClippedPrimitive {
        clip_rect: Rect::EVERYTHING,
        primitive: Primitive::Mesh(mesh),
    }
}

fn rect_mesh(min: (f32, f32), max: (f32, f32), colour: Color32) -> Mesh {
    let mut mesh = Mesh::with_texture(TEX);
    mesh.add_colored_rect(
        Rect::from_min_max(pos2(min.0, min.1), pos2(max.0, max.1)),
        colour,
    );
    mesh
}

fn px(image: &image::RgbaImage, x: u32, y: u32) -> [u8; 4] {
    image.get_pixel(x, y).0
}

/// Every pixel of `image`: `inside` where `(x, y)` is in `[x0, x1) x [y0, y1)`, else `outside`.
fn assert_box(
    image: &image::RgbaImage,
    [x0, y0, x1, y1]: [u32; 4],
    inside: [u8; 4],
    outside: [u8; 4],
) {
    for (x, y, p) in image.enumerate_pixels() {
        let want = if (x0..x1).contains(&x) && (y0..y1).contains(&y) {
            inside
        } else {
            outside
        };
        assert_eq!(p.0, want, "pixel ({x}, {y})");
    }
}

#[test]
fn an_opaque_fill_has_exactly_its_colour() {
    let r = white_rasterizer();
    let image = r.paint(
        &[everywhere(rect_mesh(
            (2.0, 2.0),
            (6.0, 5.0),
            Color32::from_rgb(10, 20, 30),
        ))],
        [8, 8],
        1.0,
        Color32::WHITE,
    );
    assert_eq!(image.dimensions(), (8, 8));
    assert_box(&image, [2, 2, 6, 5], [10, 20, 30, 255], [255; 4]);
}

#[test]
fn a_half_transparent_fill_blends_over_the_background() {
    // Red at alpha 128, premultiplied: (128, 0, 0, 128). Over white with
    // ONE, ONE_MINUS_SRC_ALPHA: r = 128 + 255 * 127/255 = 255,
    // g = b = 0 + 255 * 127/255 = 127; alpha stays 255.
    let red = Color32::from_rgba_unmultiplied(255, 0, 0, 128);
    assert_eq!(red.to_array(), [128, 0, 0, 128]);
    let r = white_rasterizer();
    let image = r.paint(
        &[everywhere(rect_mesh((0.0, 0.0), (4.0, 4.0), red))],
        [6, 6],
        1.0,
        Color32::WHITE,
    );
    assert_box(&image, [0, 0, 4, 4], [255, 127, 127, 255], [255; 4]);
}

#[test]
fn two_half_transparent_fills_blend_in_order() {
    // First red over white gives (255, 127, 127) as above. Then blue at alpha
    // 128, premultiplied (0, 0, 128, 128): r = 0 + 255 * 127/255 = 127,
    // g = 0 + 127 * 127/255 = 63.25 -> 63, b = 128 + 127 * 127/255 = 191.25 -> 191.
    let red = Color32::from_rgba_unmultiplied(255, 0, 0, 128);
    let blue = Color32::from_rgba_unmultiplied(0, 0, 255, 128);
    let r = white_rasterizer();
    let prims = [
        everywhere(rect_mesh((0.0, 0.0), (4.0, 4.0), red)),
        everywhere(rect_mesh((2.0, 2.0), (6.0, 6.0), blue)),
    ];
    let image = r.paint(&prims, [6, 6], 1.0, Color32::WHITE);
    assert_eq!(px(&image, 1, 1), [255, 127, 127, 255]);
    assert_eq!(px(&image, 3, 3), [127, 63, 191, 255]);
    // Blue alone over white: r = g = 127, b = 128 + 127 = 255.
    assert_eq!(px(&image, 5, 5), [127, 127, 255, 255]);
    assert_eq!(px(&image, 5, 0), [255, 255, 255, 255]);
}

#[test]
fn a_half_transparent_fill_on_a_transparent_background_keeps_its_alpha() {
    // Framebuffer: (128, 0, 0) and alpha 128 * (1 - 0) + 0 = 128; the image
    // is returned with straight alpha: (255, 0, 0, 128).
    let red = Color32::from_rgba_unmultiplied(255, 0, 0, 128);
    let r = white_rasterizer();
    let image = r.paint(
        &[everywhere(rect_mesh((0.0, 0.0), (2.0, 2.0), red))],
        [3, 3],
        1.0,
        Color32::TRANSPARENT,
    );
    assert_box(&image, [0, 0, 2, 2], [255, 0, 0, 128], [0; 4]);
}

#[test]
fn a_clip_rect_cuts_on_rounded_pixel_edges() {
    // egui_glow rounds the clip rect to pixels: x 1.5 -> 2, 5.6 -> 6; y 2.4 -> 2, 6.5 -> 7.
    let r = white_rasterizer();
    let prim = ClippedPrimitive {
        clip_rect: Rect::from_min_max(pos2(1.5, 2.4), pos2(5.6, 6.5)),
        primitive: Primitive::Mesh(rect_mesh((0.0, 0.0), (8.0, 8.0), Color32::BLACK)),
    };
    let image = r.paint(&[prim], [8, 8], 1.0, Color32::WHITE);
    assert_box(&image, [2, 2, 6, 7], [0, 0, 0, 255], [255; 4]);
}

#[test]
fn points_are_scaled_to_pixels() {
    let r = white_rasterizer();
    let prim = ClippedPrimitive {
        clip_rect: Rect::from_min_max(pos2(0.0, 0.0), pos2(3.5, 3.5)),
        primitive: Primitive::Mesh(rect_mesh((1.0, 1.0), (4.0, 2.0), Color32::BLACK)),
    };
    // At 2 px per point: rect (2, 2)-(8, 4), clipped at 7 px.
    let image = r.paint(&[prim], [10, 6], 2.0, Color32::WHITE);
    assert_box(&image, [2, 2, 7, 4], [0, 0, 0, 255], [255; 4]);
}

#[test]
fn triangles_sharing_an_edge_cover_each_pixel_once() {
    // A 5x5 quad split along its diagonal, whose pixel centres (i+0.5, i+0.5)
    // lie exactly on the shared edge: half-transparent black must darken
    // every pixel once, to 255 * 127/255 = 127, never twice (63).
    let r = white_rasterizer();
    let half = Color32::from_rgba_premultiplied(0, 0, 0, 128);
    let image = r.paint(
        &[everywhere(rect_mesh((0.0, 0.0), (5.0, 5.0), half))],
        [5, 5],
        1.0,
        Color32::WHITE,
    );
    assert_box(&image, [0, 0, 5, 5], [127, 127, 127, 255], [0; 4]);
}

#[test]
fn vertex_colours_are_interpolated_at_pixel_centres() {
    // Black at x = 0 to white at x = 4: centres at 0.5, 1.5, 2.5, 3.5 get
    // 255 * x / 4 = 31.9, 95.6, 159.4, 223.1 -> 32, 96, 159, 223.
    let r = white_rasterizer();
    let mut mesh = Mesh::with_texture(TEX);
    for (x, c) in [(0.0, Color32::BLACK), (4.0, Color32::WHITE)] {
        mesh.colored_vertex(pos2(x, 0.0), c);
        mesh.colored_vertex(pos2(x, 1.0), c);
    }
    mesh.add_triangle(0, 1, 2);
    mesh.add_triangle(1, 2, 3);
    let image = r.paint(&[everywhere(mesh)], [4, 1], 1.0, Color32::WHITE);
    let reds: Vec<u8> = (0..4).map(|x| px(&image, x, 0)[0]).collect();
    assert_eq!(reds, [32, 96, 159, 223]);
}

fn grey_checker() -> ColorImage {
    ColorImage::new([2, 2], [0, 100, 200, 50].map(Color32::from_gray).to_vec())
}

fn textured_quad(tint: Color32) -> ClippedPrimitive {
    let mut mesh = Mesh::with_texture(TEX);
    mesh.add_rect_with_uv(
        Rect::from_min_max(pos2(0.0, 0.0), pos2(4.0, 4.0)),
        Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
        tint,
    );
    everywhere(mesh)
}

#[test]
fn nearest_sampling_repeats_each_texel() {
    let r = rasterizer_with(grey_checker(), TextureOptions::NEAREST);
    let image = r.paint(
        &[textured_quad(Color32::WHITE)],
        [4, 4],
        1.0,
        Color32::BLACK,
    );
    let grey: Vec<u8> = image.pixels().map(|p| p.0[0]).collect();
    assert_eq!(
        grey,
        [
            0, 0, 100, 100, 0, 0, 100, 100, 200, 200, 50, 50, 200, 200, 50, 50
        ]
    );
}

#[test]
fn linear_sampling_interpolates_like_opengl() {
    // Pixel (1, 1): centre 1.5 -> u = v = 0.375 -> texel coordinate 0.375 * 2 - 0.5 = 0.25.
    // Top row 0 + (100 - 0) * 0.25 = 25, bottom row 200 + (50 - 200) * 0.25 = 162.5,
    // together 25 + (162.5 - 25) * 0.25 = 59.375 -> 59.
    // Pixel (0, 0): u = v = 0.125 -> -0.25, clamped to the edge texel: 0.
    // Tinted half grey (128): 59.375 * 128/255 = 29.8 -> 30.
    let r = rasterizer_with(grey_checker(), TextureOptions::LINEAR);
    let image = r.paint(
        &[textured_quad(Color32::WHITE)],
        [4, 4],
        1.0,
        Color32::BLACK,
    );
    assert_eq!(px(&image, 1, 1), [59, 59, 59, 255]);
    assert_eq!(px(&image, 0, 0), [0, 0, 0, 255]);
    let image = r.paint(
        &[textured_quad(Color32::from_gray(128))],
        [4, 4],
        1.0,
        Color32::BLACK,
    );
    assert_eq!(px(&image, 1, 1), [30, 30, 30, 255]);
}

#[test]
fn freed_and_unknown_textures_draw_nothing() {
    let mut r = white_rasterizer();
    let mut delta = TexturesDelta::default();
    delta.free.insert(TEX);
    r.free_textures(&delta);
    delta.clear();
    assert!(!r.has_texture(TEX));
    let image = r.paint(
        &[everywhere(rect_mesh(
            (0.0, 0.0),
            (2.0, 2.0),
            Color32::BLACK,
        ))],
        [2, 2],
        1.0,
        Color32::WHITE,
    );
    assert_box(&image, [0, 0, 0, 0], [0; 4], [255; 4]);
}

#[test]
fn bad_meshes_and_sizes_do_not_panic() {
    let r = white_rasterizer();
    let mut mesh = rect_mesh((0.0, 0.0), (2.0, 2.0), Color32::BLACK);
    mesh.indices.push(99); // out of range, and not a multiple of three
    let mut nan = rect_mesh((0.0, 0.0), (f32::NAN, 2.0), Color32::BLACK);
    nan.vertices[0].pos.y = f32::INFINITY;
    let huge = rect_mesh((-1e30, -1e30), (1e30, 1e30), Color32::from_rgb(1, 2, 3));
    let prims = [everywhere(mesh), everywhere(nan), everywhere(huge)];
    let image = r.paint(&prims, [3, 3], 1.0, Color32::WHITE);
    assert_eq!(px(&image, 2, 2), [1, 2, 3, 255]);
    assert_eq!(
        r.paint(&prims, [0, 5], 1.0, Color32::WHITE).dimensions(),
        (0, 5)
    );
    let _ = r.paint(&prims, [3, 3], f32::NAN, Color32::WHITE);
}

#[test]
fn png_round_trip_keeps_every_pixel() {
    let mut image = image::RgbaImage::new(37, 11);
    for (x, y, p) in image.enumerate_pixels_mut() {
        #[expect(clippy::cast_possible_truncation, reason = "small test image")]
        let v = [
            (x * 7) as u8,
            (y * 23) as u8,
            (x * y) as u8,
            (255 - x) as u8,
        ];
        *p = image::Rgba(v);
    }
    let mut bytes = Vec::new();
    encode_png(&image, &mut bytes).expect("encoding into memory works");
    let back = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png)
        .expect("our PNG decodes")
        .to_rgba8();
    assert_eq!(back, image);
}

#[test]
fn render_ui_makes_an_image_of_the_rounded_size_and_keeps_the_font_between_calls() {
    let ctx = egui::Context::default();
    let draw = |ui: &mut egui::Ui| {
        ui.painter().text(
            pos2(2.0, 2.0),
            egui::Align2::LEFT_TOP,
            "Hej",
            egui::FontId::proportional(14.0),
            Color32::BLACK,
        );
    };
    let first = render_ui(&ctx, egui::vec2(40.3, 20.0), 1.5, Color32::WHITE, draw);
    assert_eq!(first.dimensions(), (60, 30));
    let dark = |img: &image::RgbaImage| img.pixels().filter(|p| p.0[0] < 128).count();
    assert!(dark(&first) > 20, "the text is drawn");
    // egui sends the font atlas only once; the second picture still has the text.
    let second = render_ui(&ctx, egui::vec2(40.3, 20.0), 1.5, Color32::WHITE, draw);
    assert_eq!(first, second);
}

// ---------------------------------------------------------------------------
// Against egui_glow's pictures.

// Measured against Mesa 22.3.6 llvmpipe: max diff 1 on any channel, mean
// below 0.03 (rounding in bilinear filtering and interpolation).

/// A channel may differ by this much on any pixel...
const MAX_DIFF: u8 = 3;
/// ...and by more (up to anything) on at most this share of pixels.
const MAX_OUTLIER_SHARE: f64 = 0.001;
/// The mean difference per channel over the whole picture.
const MAX_MEAN_DIFF: f64 = 0.1;

fn reference_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reference")
}

struct Diff {
    max: u8,
    mean: f64,
    outliers: usize,
    pixels: usize,
    image: image::RgbaImage,
}

fn diff(ours: &image::RgbaImage, reference: &image::RgbaImage) -> Diff {
    let mut image = image::RgbaImage::new(ours.width(), ours.height());
    let (mut max, mut sum, mut outliers) = (0u8, 0u64, 0usize);
    for ((a, b), d) in ours
        .pixels()
        .zip(reference.pixels())
        .zip(image.pixels_mut())
    {
        let per: [u8; 4] = std::array::from_fn(|c| a.0[c].abs_diff(b.0[c]));
        let worst = *per.iter().max().expect("four channels");
        max = max.max(worst);
        sum += per.iter().map(|&v| u64::from(v)).sum::<u64>();
        if worst > MAX_DIFF {
            outliers += 1;
        }
        let shade = 255 - worst.saturating_mul(8);
        *d = image::Rgba(if worst > MAX_DIFF {
            [255, 0, 0, 255]
        } else {
            [shade, shade, 255, 255]
        });
    }
    let pixels = ours.pixels().len();
    #[expect(clippy::cast_precision_loss, reason = "small pictures")]
    let mean = sum as f64 / (pixels * 4) as f64;
    Diff {
        max,
        mean,
        outliers,
        pixels,
        image,
    }
}

fn compare_with_reference(scene: &scenes::Scene) {
    let ctx = egui::Context::default();
    let ours = render_ui(
        &ctx,
        scene.size,
        scene.pixels_per_point,
        scene.clear,
        scene.draw,
    );
    let path = reference_dir().join(format!("{}.png", scene.name));
    let reference = image::open(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        .to_rgba8();
    let [w, h] = scene.size_px();
    assert_eq!(ours.dimensions(), (w, h), "{}: our size", scene.name);
    assert_eq!(
        reference.dimensions(),
        (w, h),
        "{}: reference size",
        scene.name
    );
    let d = diff(&ours, &reference);
    #[expect(clippy::cast_precision_loss, reason = "small pictures")]
    let share = d.outliers as f64 / d.pixels as f64;
    let summary = format!(
        "{}: max diff {}, mean diff {:.4}, {} of {} pixels ({:.3}%) differ by more than {MAX_DIFF}",
        scene.name,
        d.max,
        d.mean,
        d.outliers,
        d.pixels,
        share * 100.0
    );
    println!("{summary}");
    if share > MAX_OUTLIER_SHARE || d.mean > MAX_MEAN_DIFF {
        let new = reference_dir().join(format!("{}.new.png", scene.name));
        let diff_path = reference_dir().join(format!("{}.diff.png", scene.name));
        ours.save(&new)
            .expect("can write the .new.png next to the reference");
        d.image
            .save(&diff_path)
            .expect("can write the .diff.png next to the reference");
        panic!(
            "{summary}; see {} and {}",
            new.display(),
            diff_path.display()
        );
    }
}

fn scene(name: &str) -> &'static scenes::Scene {
    scenes::SCENES
        .iter()
        .find(|s| s.name == name)
        .expect("the scene exists")
}

#[test]
fn filled_rect_matches_glow() {
    compare_with_reference(scene("filled_rect"));
}

#[test]
fn stroked_rect_matches_glow() {
    compare_with_reference(scene("stroked_rect"));
}

#[test]
fn rounded_rect_matches_glow() {
    compare_with_reference(scene("rounded_rect"));
}

#[test]
fn circle_matches_glow() {
    compare_with_reference(scene("circle"));
}

#[test]
fn overlapping_transparent_rects_match_glow() {
    compare_with_reference(scene("overlap"));
}

#[test]
fn text_matches_glow() {
    compare_with_reference(scene("text"));
}

#[test]
fn text_at_2x_matches_glow() {
    compare_with_reference(scene("text_2x"));
}

#[test]
fn image_texture_matches_glow() {
    compare_with_reference(scene("image"));
}

#[test]
fn every_scene_has_a_test() {
    let tested = [
        "filled_rect",
        "stroked_rect",
        "rounded_rect",
        "circle",
        "overlap",
        "text",
        "text_2x",
        "image",
    ];
    let names: Vec<&str> = scenes::SCENES.iter().map(|s| s.name).collect();
    assert_eq!(names, tested);
}

#[test]
fn glow_itself_blends_as_worked_out_by_hand() {
    // The same values as the hand-computed tests above, read from egui_glow's
    // picture of the overlap scene: red alone, red then blue, blue alone, over white.
    let path = reference_dir().join("overlap.png");
    let reference = image::open(&path)
        .expect("the overlap reference exists")
        .to_rgba8();
    assert_eq!(px(&reference, 20, 20), [255, 127, 127, 255]);
    assert_eq!(px(&reference, 80, 40), [127, 63, 191, 255]);
    assert_eq!(px(&reference, 140, 35), [127, 127, 255, 255]);
}
