//! Persona photos: decoded with limits, cropped square, scaled down, and
//! uploaded as a texture. A photo that is missing, broken or huge is an error
//! the caller shows as a warning; the painter then draws the initials.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::io;
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
    /// The file is not read: outside the map's repository, missing, not a
    /// regular file, too large or unreadable ([`io::inside`]).
    #[error("{}", refused_words(.0))]
    Refused(#[from] io::inside::Refused),
    /// The file is not an image journeymap reads (PNG, JPEG).
    #[error("photo is not a PNG or JPEG image ({0})")]
    NotAnImage(String),
    /// The image is larger than [`MAX_SIDE`] or would need too much memory.
    #[error("photo is too large (at most {MAX_SIDE} x {MAX_SIDE} pixels)")]
    TooLarge,
}

/// Why a photo was not read, as earlier versions said it ("photo not
/// found"), which scripts may look for.
fn refused_words(refused: &io::inside::Refused) -> String {
    match refused {
        io::inside::Refused::NotFound => "photo not found".to_owned(),
        other => format!("photo {other}"),
    }
}

/// A photo uploaded as a texture.
#[derive(Clone)]
pub struct Photo {
    /// What the painter draws.
    pub texture_id: TextureId,
    /// Keeps the texture alive.
    _handle: TextureHandle,
}

/// Reads and decodes the photo written as `photo` in a map saved in
/// `map_dir` - only a regular file inside the map's repository, at most
/// [`io::inside::PHOTO_MAX_BYTES`] ([`io::inside::read`]) - cropped to its centre square
/// and scaled to [`TEXTURE_SIDE`] (never up).
pub fn load(map_dir: &Path, photo: &str) -> Result<ColorImage, PhotoError> {
    let bytes = io::inside::read(map_dir, photo, io::inside::PHOTO_MAX_BYTES)?;
    decode(&bytes)
}

/// Decodes a photo's bytes: cropped to its centre square and scaled to
/// [`TEXTURE_SIDE`] (never up).
pub fn decode(bytes: &[u8]) -> Result<ColorImage, PhotoError> {
    let mut reader = ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| PhotoError::NotAnImage(e.to_string()))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(u64::from(MAX_SIDE) * u64::from(MAX_SIDE) * 4);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| match e {
        ImageError::Limits(_) => PhotoError::TooLarge,
        ImageError::IoError(e) => PhotoError::NotAnImage(e.to_string()),
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
        let result = load(map_dir, photo).map(|image| {
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
