//! PNG encoding with png's fast (fdeflate) compression.

use std::io::Write;

/// Encode as PNG with png's fast compression (fdeflate), RGBA8.
///
/// The alpha in `image` is straight (not premultiplied), as PNG stores it.
/// The row filter is Paeth for every row rather than `Fast`'s adaptive
/// choice: on a 17-megapixel map it encoded in 43 ms instead of 80 ms, for
/// a file 6% larger (`examples/encode_filters.rs`).
pub fn encode_png(image: &image::RgbaImage, out: impl Write) -> Result<(), png::EncodingError> {
    let mut encoder = png::Encoder::new(out, image.width(), image.height());
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Paeth);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(image.as_raw())?;
    writer.finish()
}
