//! A photo the user chose in the editor, made one the map may name: a file
//! inside the map's repository is named by its path from the map's folder;
//! one from elsewhere is copied beside the map first ([`adopt_photo`]).

use std::fs;
use std::io;
use std::path::Path;

use super::inside::{Refused, is_under, open_regular, read_all, resolve, root_of};
use super::{SaveError, atomic};

/// A photo the user chose for a map, as the map will name it.
#[derive(Debug, PartialEq, Eq)]
pub struct Adopted {
    /// The path to write in the map: relative to the map's folder, with `/`.
    pub relative: String,
    /// Whether the file was copied beside the map (it was outside).
    pub copied: bool,
}

/// Why a chosen photo could not be used.
#[derive(Debug, thiserror::Error)]
pub enum AdoptError {
    /// The chosen file cannot be read as a photo.
    #[error("the chosen file {0}")]
    Refused(#[from] Refused),
    /// The copy beside the map could not be written.
    #[error("{0}")]
    Copy(#[from] SaveError),
}

/// Makes the file `chosen` (picked by the user) a photo of the map saved at
/// `map_path`: a file inside the map's repository is named by its path
/// relative to the map's folder; a file outside is copied beside the map,
/// into `photos/` (a copy with the same bytes already there is reused; a
/// different file of that name is kept and the copy gets `-2`, `-3`...), so
/// the map never names a file outside its repository.
pub fn adopt_photo(map_path: &Path, chosen: &Path, limit: u64) -> Result<Adopted, AdoptError> {
    let root = root_of(map_path);
    let map_dir =
        resolve(map_path.parent().unwrap_or(Path::new("."))).unwrap_or_else(|| root.clone());
    let real = resolve(chosen).ok_or(Refused::Outside)?;
    let (file, len) = open_regular(&real, limit)?;
    if is_under(&root, &real) {
        return Ok(Adopted {
            relative: relative_path(&map_dir, &real),
            copied: false,
        });
    }
    let bytes = read_all(file, len, limit)?;
    let folder = map_dir.join("photos");
    // `photos` may be a planted link: copy there only if it leads inside.
    let folder = match resolve(&folder) {
        Some(real) if real.starts_with(&root) => real,
        _ => map_dir.clone(),
    };
    if !folder.exists() {
        fs::create_dir(&folder).map_err(|source| SaveError::Io {
            step: "creating the photos folder",
            source,
            path: folder.clone(),
        })?;
    }
    let (stem, extension) = safe_file_name(chosen);
    for n in 1..1000_u32 {
        let name = if n == 1 {
            format!("{stem}.{extension}")
        } else {
            format!("{stem}-{n}.{extension}")
        };
        let target = folder.join(&name);
        let taken = fs::symlink_metadata(&target).is_ok();
        // Read as any file the map names: a link or a FIFO there is taken.
        let same = taken
            && open_regular(&target, limit)
                .and_then(|(file, len)| read_all(file, len, limit))
                .is_ok_and(|there| there == bytes);
        if taken && !same {
            continue;
        }
        if !same {
            atomic::write_expecting(&target, &bytes, atomic::Expect::Nothing)?;
        }
        return Ok(Adopted {
            relative: relative_path(&map_dir, &target),
            copied: true,
        });
    }
    Err(Refused::Unreadable(io::Error::from(io::ErrorKind::AlreadyExists)).into())
}

/// A file name's stem and extension made safe to write anywhere: letters,
/// digits, `-` and `_` kept (others become `-`), at most 64 characters,
/// never starting with `.`; the extension lowercased (`png` when none).
fn safe_file_name(path: &Path) -> (String, String) {
    let clean = |text: &str, limit: usize| -> String {
        text.chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .take(limit)
            .collect::<String>()
            .trim_matches('-')
            .to_owned()
    };
    let stem = path
        .file_stem()
        .map(|s| clean(&s.to_string_lossy(), 64))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "photo".to_owned());
    let extension = path
        .extension()
        .map(|e| clean(&e.to_string_lossy().to_lowercase(), 8))
        .filter(|e| !e.is_empty())
        .unwrap_or_else(|| "png".to_owned());
    (stem, extension)
}

/// The path from the folder `from` to `to` (both absolute, links resolved),
/// with `..` where it goes up and `/` between components.
fn relative_path(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = from[common..].iter().map(|_| "..".to_owned()).collect();
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::inside::tests::repo;

    #[test]
    fn a_chosen_photo_inside_is_named_relative_to_the_map() {
        let (_dir, root) = repo();
        fs::write(root.join("maps/photos/a.png"), "png").expect("write");
        fs::write(root.join("b.png"), "png").expect("write");
        let map = root.join("maps/map.ron");
        let adopted = adopt_photo(&map, &root.join("maps/photos/a.png"), 1024).expect("adopts");
        assert_eq!(
            adopted,
            Adopted {
                relative: "photos/a.png".into(),
                copied: false
            }
        );
        let adopted = adopt_photo(&map, &root.join("b.png"), 1024).expect("adopts");
        assert_eq!(
            adopted,
            Adopted {
                relative: "../b.png".into(),
                copied: false
            }
        );
    }

    #[test]
    fn a_chosen_photo_outside_is_copied_beside_the_map() {
        let (dir, root) = repo();
        let base = fs::canonicalize(dir.path()).expect("canonical");
        let elsewhere = base.join("Zdjęcie Anny (1).PNG");
        fs::write(&elsewhere, "anna").expect("write");
        let other = base.join("other").join("Zdjęcie Anny (1).PNG");
        fs::create_dir(base.join("other")).expect("mkdir");
        fs::write(&other, "someone else").expect("write");
        let map = root.join("maps/map.ron");
        let first = adopt_photo(&map, &elsewhere, 1024).expect("adopts");
        assert_eq!(first.relative, "photos/Zdjęcie-Anny--1.png");
        assert!(first.copied);
        assert_eq!(
            fs::read_to_string(root.join("maps").join(&first.relative)).expect("read"),
            "anna"
        );
        // The same file again: the copy is reused.
        assert_eq!(adopt_photo(&map, &elsewhere, 1024).expect("adopts"), first);
        // Another file of that name: a second copy, the first kept.
        let second = adopt_photo(&map, &other, 1024).expect("adopts");
        assert_eq!(second.relative, "photos/Zdjęcie-Anny--1-2.png");
        assert_eq!(
            fs::read_to_string(root.join("maps").join(&first.relative)).expect("read"),
            "anna"
        );
        // Too large or not a file: refused, nothing copied.
        fs::write(base.join("big.png"), vec![0_u8; 2048]).expect("write");
        assert!(matches!(
            adopt_photo(&map, &base.join("big.png"), 1024),
            Err(AdoptError::Refused(Refused::TooLarge { .. }))
        ));
        assert!(matches!(
            adopt_photo(&map, &base, 1024),
            Err(AdoptError::Refused(Refused::NotAFile))
        ));
    }
}
