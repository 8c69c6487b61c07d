//! `journeymap export`: the command line, the pictures it writes, and
//! snapshots of two templates drawn by our own rasterizer.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use image::{RgbaImage, imageops};
use journeymap::io::{self, templates};
use journeymap::render::{ExportOptions, Exporter};
use journeymap::theme::ThemeKind;

fn journeymap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_journeymap"))
        .args(args)
        .output()
        .expect("journeymap runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_exit(out: &Output, code: i32) {
    assert_eq!(out.status.code(), Some(code), "stderr: {}", stderr(out));
}

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn maps() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("maps")
}

fn template_path(name: &str) -> PathBuf {
    maps().join(format!("{name}.ron"))
}

fn open(path: &Path) -> RgbaImage {
    image::open(path).expect("a PNG").to_rgba8()
}

#[test]
fn every_template_exports_without_warnings() {
    let dir = tempfile::tempdir().expect("temp dir");
    for t in templates::TEMPLATES {
        let out_path = dir.path().join(format!("{}.png", t.name));
        let out = journeymap(&["export", s(&template_path(t.name)), "-o", s(&out_path)]);
        assert_exit(&out, 0);
        let picture = open(&out_path);
        assert_eq!(
            stderr(&out).trim(),
            format!(
                "exported {} ({} x {} px)",
                out_path.display(),
                picture.width(),
                picture.height()
            ),
            "{}: one line, no warning",
            t.name
        );
        assert!(
            picture.width() >= 700 && picture.height() >= 500,
            "{}",
            t.name
        );
    }
}

#[test]
fn scale_2_is_twice_the_pixels_and_sharper_than_an_upscale() {
    let dir = tempfile::tempdir().expect("temp dir");
    let one = dir.path().join("one.png");
    let two = dir.path().join("two.png");
    let map = template_path("lead-generation");
    assert_exit(&journeymap(&["export", s(&map), "-o", s(&one)]), 0);
    assert_exit(
        &journeymap(&["export", s(&map), "-o", s(&two), "--scale", "2"]),
        0,
    );
    let (one, two) = (open(&one), open(&two));
    assert!(
        two.width().abs_diff(one.width() * 2) <= 1,
        "{} vs {}",
        two.width(),
        one.width()
    );
    assert!(
        two.height().abs_diff(one.height() * 2) <= 1,
        "{} vs {}",
        two.height(),
        one.height()
    );

    // The same region, the header's title and persona: a 2x resize of the
    // scale-1 picture against the scale-2 picture.
    let crop = |image: &RgbaImage, factor: u32| {
        imageops::crop_imm(image, 0, 0, 700 * factor, 300 * factor).to_image()
    };
    let upscaled = imageops::resize(&crop(&one, 1), 1400, 600, imageops::FilterType::Triangle);
    let rendered = crop(&two, 2);
    let (sharp_up, sharp_real) = (sharpness(&upscaled), sharpness(&rendered));
    eprintln!("sharpness: rendered at 2x {sharp_real:.1}, 2x resize {sharp_up:.1}");
    assert!(
        sharp_real > sharp_up * 1.5,
        "rendered at 2x: {sharp_real:.1}, upscaled: {sharp_up:.1}"
    );
    // Not an upscale in any other way either: nearest-neighbour differs a lot too.
    let nearest = imageops::resize(&crop(&one, 1), 1400, 600, imageops::FilterType::Nearest);
    let differing = nearest
        .pixels()
        .zip(rendered.pixels())
        .filter(|(a, b)| a.0.iter().zip(b.0).any(|(x, y)| x.abs_diff(y) > 40))
        .count();
    assert!(
        differing > 5_000,
        "{differing} pixels differ from a nearest upscale"
    );
}

/// Mean squared horizontal and vertical difference of neighbouring pixels'
/// luminance: crisp edges give large steps, a blurred upscale small ones.
fn sharpness(image: &RgbaImage) -> f64 {
    let luma = |x: u32, y: u32| {
        let p = image.get_pixel(x, y).0;
        0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2])
    };
    let mut sum = 0.0;
    let mut n = 0.0;
    for y in 0..image.height() - 1 {
        for x in 0..image.width() - 1 {
            let here = luma(x, y);
            sum += (luma(x + 1, y) - here).powi(2) + (luma(x, y + 1) - here).powi(2);
            n += 2.0;
        }
    }
    sum / n
}

#[test]
fn width_stretches_or_shrinks_the_picture_to_exactly_that_many_pixels() {
    let dir = tempfile::tempdir().expect("temp dir");
    let map = template_path("lead-generation");
    for width in ["4000", "900"] {
        let path = dir.path().join(format!("w{width}.png"));
        assert_exit(
            &journeymap(&["export", s(&map), "-o", s(&path), "--width", width]),
            0,
        );
        assert_eq!(open(&path).width().to_string(), width);
    }
}

#[test]
fn all_writes_one_picture_per_journey_named_by_id() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = journeymap(&[
        "export",
        s(&maps().join("showcase.ron")),
        "-o",
        s(&dir.path().join("map.png")),
        "--all",
    ]);
    assert_exit(&out, 0);
    let mut written: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, ["map-jr-asis.png", "map-jr-tobe.png"]);
}

#[test]
fn journey_is_chosen_by_id_or_name_and_an_unknown_one_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let map = maps().join("showcase.ron");
    let by_id = dir.path().join("id.png");
    let by_name = dir.path().join("name.png");
    let first = dir.path().join("first.png");
    assert_exit(
        &journeymap(&["export", s(&map), "-o", s(&by_id), "--journey", "jr-tobe"]),
        0,
    );
    let name = &journeymap::io::load(&map).expect("loads").journeys[1]
        .name
        .clone();
    assert_exit(
        &journeymap(&["export", s(&map), "-o", s(&by_name), "--journey", name]),
        0,
    );
    assert_exit(&journeymap(&["export", s(&map), "-o", s(&first)]), 0);
    assert_eq!(open(&by_id), open(&by_name));
    assert_ne!(
        open(&by_id).dimensions(),
        open(&first).dimensions(),
        "the first journey is another picture"
    );

    let out = journeymap(&["export", s(&map), "-o", s(&first), "--journey", "nope"]);
    assert_exit(&out, 1);
    let err = stderr(&out);
    assert!(
        err.contains("no journey \"nope\"") && err.contains("jr-asis") && err.contains("jr-tobe"),
        "{err}"
    );
}

#[test]
fn an_unwritable_output_is_exit_2_and_names_the_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let map = template_path("blank");
    let missing = dir.path().join("no-such-folder").join("map.png");
    let out = journeymap(&["export", s(&map), "-o", s(&missing)]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains(s(&missing)), "{}", stderr(&out));
    assert!(!missing.exists());

    // A folder where the file should go.
    let folder = dir.path().join("taken.png");
    std::fs::create_dir(&folder).expect("mkdir");
    let out = journeymap(&["export", s(&map), "-o", s(&folder)]);
    assert_exit(&out, 2);
    assert!(folder.is_dir());
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        1,
        "no temp file left"
    );
}

#[test]
fn an_output_that_is_not_png_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = journeymap(&[
        "export",
        s(&template_path("blank")),
        "-o",
        s(&dir.path().join("map.jpg")),
    ]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains(".png"), "{}", stderr(&out));
}

#[test]
fn a_bad_map_is_exit_1_with_its_position_and_a_missing_one_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "JourneyMap(\n    version: 1,\n    title: 42,\n)\n").expect("write");
    let png = dir.path().join("out.png");
    let out = journeymap(&["export", s(&bad), "-o", s(&png)]);
    assert_exit(&out, 1);
    assert!(
        stderr(&out).contains(&format!("{}:3:", bad.display())),
        "{}",
        stderr(&out)
    );
    assert!(!png.exists());
    let out = journeymap(&["export", s(&dir.path().join("none.ron")), "-o", s(&png)]);
    assert_exit(&out, 2);
}

#[test]
fn scale_outside_half_to_four_is_a_usage_error() {
    let map = template_path("blank");
    for scale in ["0.25", "5", "x"] {
        let out = journeymap(&["export", s(&map), "-o", "unused.png", "--scale", scale]);
        assert_exit(&out, 2);
        assert!(
            stderr(&out).contains("scale") || stderr(&out).contains("number"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn a_missing_photo_is_a_warning_and_the_picture_is_still_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let map = dir.path().join("map.ron");
    let text = std::fs::read_to_string(maps().join("showcase.ron")).expect("read");
    std::fs::write(&map, text.replace("\"anna.png\"", "\"photos/missing.png\"")).expect("write");
    let png = dir.path().join("map.png");
    let out = journeymap(&["export", s(&map), "-o", s(&png)]);
    assert_exit(&out, 0);
    let err = stderr(&out);
    assert!(
        err.contains("warning: persona \"Anna, marketing manager\": photo not found"),
        "{err}"
    );
    assert!(err.contains("missing.png"), "{err}");
    assert!(png.is_file());
}

#[test]
fn a_photo_is_drawn_and_a_broken_or_huge_one_falls_back_to_initials() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(maps().join("showcase.ron")).expect("read");
    let map = dir.path().join("map.ron");
    std::fs::write(&map, &text).expect("write");
    let png = dir.path().join("map.png");
    let photo_pixel = |bytes: Option<&[u8]>| {
        match bytes {
            Some(bytes) => std::fs::write(dir.path().join("anna.png"), bytes).expect("write photo"),
            None => std::fs::copy(maps().join("anna.png"), dir.path().join("anna.png"))
                .map(|_| ())
                .expect("copy"),
        }
        let out = journeymap(&["export", s(&map), "-o", s(&png)]);
        assert_exit(&out, 0);
        (stderr(&out), open(&png))
    };
    let (err, with_photo) = photo_pixel(None);
    assert!(!err.contains("warning"), "{err}");
    // The warning names the persona, what is wrong and the photo, path last.
    let warning = |err: &str, what: &str| {
        let line = err
            .lines()
            .find(|l| l.contains("warning: "))
            .unwrap_or_else(|| panic!("a warning in {err}"));
        assert!(
            line.contains(&format!(
                "warning: persona \"Anna, marketing manager\": {what}"
            )),
            "{line}"
        );
        let path = dir.path().join("anna.png");
        let end = format!("; drawing the initials instead: {}", path.display());
        assert!(line.ends_with(&end), "{line}");
    };
    let (err, not_image) = photo_pixel(Some(b"this is not a picture"));
    warning(&err, "photo is not a PNG or JPEG image (");
    // A PNG that claims 100,000 x 100,000 pixels: refused before its pixels
    // (40 GB) are allocated.
    let (err, huge) = photo_pixel(Some(&huge_png_header()));
    warning(&err, "photo is too large (at most 8192 x 8192 pixels)");
    // Initials are drawn whatever went wrong, as for a persona without a
    // photo, and differ from the photo.
    assert_eq!(not_image, huge);
    assert_ne!(with_photo, huge);
    std::fs::write(&map, text.replace("            photo: \"anna.png\",\n", "")).expect("write");
    let out = journeymap(&["export", s(&map), "-o", s(&png)]);
    assert_exit(&out, 0);
    assert_eq!(open(&png), huge, "the initials, as without a photo");
}

/// A PNG that claims 100,000 x 100,000 pixels and has none.
fn huge_png_header() -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut chunk = b"IHDR".to_vec();
    chunk.extend_from_slice(&ihdr);
    let crc = crc32(&chunk);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&chunk);
    png.extend_from_slice(&crc.to_be_bytes());
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn texts_of_100000_characters_controls_and_right_to_left_export_without_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let template = templates::find("lead-generation").expect("template");
    let map = common::with_hostile_texts(io::from_str(template.text).expect("loads"));
    let path = dir.path().join("hostile.ron");
    io::save(&path, &map).expect("saves");
    let png = dir.path().join("hostile.png");
    let out = journeymap(&["export", s(&path), "-o", s(&png)]);
    assert_exit(&out, 0);
    let err = stderr(&out);
    assert!(
        !err.contains("warning") && !err.contains("panicked") && !err.contains("internal error"),
        "{err}"
    );
    let picture = open(&png);
    // The natural width at scale 1: no text widened the picture.
    let width = journeymap::layout::natural_width(&map, 0);
    assert!(
        (f64::from(picture.width()) - f64::from(width).round()).abs() < 0.5,
        "{} px wide, natural width {width}: {err}",
        picture.width()
    );
    assert!(picture.height() < 4000, "{} px high", picture.height());
}

#[test]
fn the_dark_theme_draws_on_a_dark_background() {
    let map = journeymap::io::load(&template_path("lead-generation")).expect("loads");
    let mut exporter = Exporter::new();
    let light = exporter.render(&map, 0, &maps(), &ExportOptions::default());
    let dark = exporter.render(
        &map,
        0,
        &maps(),
        &ExportOptions {
            theme: ThemeKind::Dark,
            ..ExportOptions::default()
        },
    );
    let corner = |image: &RgbaImage| image.get_pixel(2, 2).0;
    assert_eq!(corner(&light.image), [255, 255, 255, 255]);
    let [r, g, b, a] = corner(&dark.image);
    assert!(
        r < 40 && g < 40 && b < 40 && a == 255,
        "{:?}",
        corner(&dark.image)
    );
    assert_eq!(light.image.dimensions(), dark.image.dimensions());
}

// --- Snapshots -------------------------------------------------------------

/// Compares `image` with `tests/snapshots/NAME.png`. A channel may differ by
/// a little (rounding), on a few pixels by more (a glyph's antialiasing);
/// beyond that the test fails and writes `NAME.new.png` and `NAME.diff.png`
/// (git-ignored) to look at. `UPDATE_SNAPSHOTS=1` rewrites the reference.
fn assert_snapshot(name: &str, image: &RgbaImage) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("snapshots");
    let reference = dir.join(format!("{name}.png"));
    let new = dir.join(format!("{name}.new.png"));
    let diff_path = dir.join(format!("{name}.diff.png"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(&dir).expect("mkdir");
        image.save(&reference).expect("save reference");
        return;
    }
    let expected = image::open(&reference)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run with UPDATE_SNAPSHOTS=1 to create it",
                reference.display()
            )
        })
        .to_rgba8();
    let mut diff = RgbaImage::new(image.width(), image.height());
    let mut far = 0usize;
    let mut total = 0u64;
    if expected.dimensions() == image.dimensions() {
        for ((a, b), d) in image.pixels().zip(expected.pixels()).zip(diff.pixels_mut()) {
            let delta =
                a.0.iter()
                    .zip(b.0)
                    .map(|(x, y)| x.abs_diff(y))
                    .max()
                    .unwrap_or(0);
            total += u64::from(delta);
            if delta > 24 {
                far += 1;
                *d = image::Rgba([255, 0, 255, 255]);
            } else {
                let g = 255 - delta * 4;
                *d = image::Rgba([g, g, g, 255]);
            }
        }
    }
    let pixels = (image.width() * image.height()) as usize;
    let same_size = expected.dimensions() == image.dimensions();
    #[expect(clippy::cast_precision_loss, reason = "a mean of small numbers")]
    let mean = total as f64 / pixels.max(1) as f64;
    if !same_size || far * 1000 > pixels || mean > 0.5 {
        image.save(&new).expect("save .new.png");
        diff.save(&diff_path).expect("save .diff.png");
        panic!(
            "{name}: {} (reference {:?}, new {:?}); {far} pixels differ by more than 24, mean difference {mean:.3}; see {} and {}",
            if same_size {
                "pictures differ"
            } else {
                "sizes differ"
            },
            expected.dimensions(),
            image.dimensions(),
            new.display(),
            diff_path.display()
        );
    }
    let _ = std::fs::remove_file(&new);
    let _ = std::fs::remove_file(&diff_path);
}

/// The top-left corner of a template's picture at scale 1: header, persona,
/// stage and step headers, four steps of cards, links, the curve's start.
fn snapshot_of(template: &str) -> RgbaImage {
    let map = journeymap::io::load(&template_path(template)).expect("loads");
    let picture = Exporter::new().render(&map, 0, &maps(), &ExportOptions::default());
    assert!(picture.warnings.is_empty(), "{:?}", picture.warnings);
    imageops::crop_imm(&picture.image, 0, 0, 640, 1000).to_image()
}

#[test]
fn snapshot_lead_generation() {
    assert_snapshot("lead-generation", &snapshot_of("lead-generation"));
}

#[test]
fn snapshot_lead_generation_pl() {
    assert_snapshot("lead-generation-pl", &snapshot_of("lead-generation-pl"));
}
