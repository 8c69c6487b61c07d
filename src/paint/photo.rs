//! Persona photos: decoded with limits, cropped square, scaled down, and
//! uploaded as a texture. A photo that is missing, broken or huge is an error
//! the caller shows as a warning; the painter then draws the initials.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use eframe::egui::{ColorImage, Context, TextureHandle, TextureId, TextureOptions};
use image::{ImageError, ImageReader, Limits};

/// The largest photo side decoded, in pixels: bigger files are refused before
/// their pixels are allocated.
pub const MAX_SIDE: u32 = 8192;
/// The side of the square the photo is scaled to (sharp up to scale 3.5).
pub const TEXTURE_SIDE: u32 = 256;

/// Why a photo is not drawn.
#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    /// The file is not there.
    #[error("photo not found")]
    NotFound,
    /// The file cannot be read.
    #[error("photo cannot be read ({0})")]
    Unreadable(std::io::Error),
    /// The file is not an image journeymap reads (PNG, JPEG).
    #[error("photo is not a PNG or JPEG image ({0})")]
    NotAnImage(String),
    /// The image is larger than [`MAX_SIDE`] or would need too much memory.
    #[error("photo is too large (at most {MAX_SIDE} x {MAX_SIDE} pixels)")]
    TooLarge,
}

/// A photo uploaded as a texture.
#[derive(Clone)]
pub struct Photo {
    /// What the painter draws.
    pub texture_id: TextureId,
    /// Keeps the texture alive.
    _handle: TextureHandle,
}

/// Decodes the photo at `path`: cropped to its centre square and scaled to
/// [`TEXTURE_SIDE`] (never up).
pub fn decode(path: &Path) -> Result<ColorImage, PhotoError> {
    let reader = ImageReader::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => PhotoError::NotFound,
        _ => PhotoError::Unreadable(e),
    })?;
    let mut reader = reader
        .with_guessed_format()
        .map_err(PhotoError::Unreadable)?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(u64::from(MAX_SIDE) * u64::from(MAX_SIDE) * 4);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| match e {
        ImageError::Limits(_) => PhotoError::TooLarge,
        ImageError::IoError(e) => PhotoError::Unreadable(e),
        other => PhotoError::NotAnImage(other.to_string()),
    })?;
    let side = image.width().min(image.height());
    if side == 0 {
        return Err(PhotoError::NotAnImage("the image is empty".to_owned()));
    }
    let square = image.crop_imm(
        (image.width() - side) / 2,
        (image.height() - side) / 2,
        side,
        side,
    );
    let target = side.min(TEXTURE_SIDE);
    let scaled = square
        .resize_exact(target, target, image::imageops::FilterType::Triangle)
        .to_rgba8();
    let pixels = [scaled.width() as usize, scaled.height() as usize];
    Ok(ColorImage::from_rgba_unmultiplied(pixels, scaled.as_raw()))
}

/// Photos by resolved path, each uploaded once per context.
#[derive(Default)]
pub struct PhotoTextures {
    loaded: HashMap<PathBuf, Option<Photo>>,
}

impl PhotoTextures {
    /// The photo written as `photo` in a map saved in `map_dir`, loading it
    /// on first use. An empty `photo` is `Ok(None)`; a photo that fails is
    /// reported once (`Err`) and then `Ok(None)` from the cache.
    pub fn get(
        &mut self,
        ctx: &Context,
        map_dir: &Path,
        photo: &str,
    ) -> Result<Option<Photo>, PhotoError> {
        if photo.is_empty() {
            return Ok(None);
        }
        let path = map_dir.join(photo);
        if let Some(loaded) = self.loaded.get(&path) {
            return Ok(loaded.clone());
        }
        let result = decode(&path).map(|image| {
            let handle = ctx.load_texture(
                format!("persona-photo:{}", path.display()),
                image,
                TextureOptions::LINEAR,
            );
            Photo {
                texture_id: handle.id(),
                _handle: handle,
            }
        });
        self.loaded.insert(path, result.as_ref().ok().cloned());
        result.map(Some)
    }
}
