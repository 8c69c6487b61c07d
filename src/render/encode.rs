//! PNG encoding with png's fast (fdeflate) compression.

use std::io::Write;

/// Encode as PNG with png's fast compression (fdeflate), RGBA8.
///
/// The alpha in `image` is straight (not premultiplied), as PNG stores it.
pub fn encode_png(image: &image::RgbaImage, out: impl Write) -> Result<(), png::EncodingError> {
    let mut encoder = png::Encoder::new(out, image.width(), image.height());
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(image.as_raw())?;
    writer.finish()
}
