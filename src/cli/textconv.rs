//! `journeymap textconv`: the outline git diffs.

use std::path::Path;

use super::Status;
use crate::io;
use crate::vcs;

pub(super) fn textconv(
    path: &Path,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> Status {
    let bytes = match read_for_textconv(path, out) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Status::Ok,
        Err(e) => {
            let _ = writeln!(err, "{}: error: cannot read the file: {e}", path.display());
            return Status::Ok;
        }
    };
    // git shows whatever this prints; a map that does not parse is shown as it is.
    match io::from_bytes(&bytes) {
        Ok(doc) => {
            let _ = out.write_all(vcs::outline(&doc).as_bytes());
        }
        Err(_) => {
            let _ = out.write_all(&bytes);
        }
    }
    Status::Ok
}

/// The bytes of a map for textconv; a file over the size limit of a map is
/// copied to `out` as it is, without holding it in memory (`None`).
pub(super) fn read_for_textconv(
    path: &Path,
    out: &mut dyn std::io::Write,
) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read as _;
    let mut file = std::fs::File::open(path)?;
    if file.metadata()?.len() > io::MAX_FILE_BYTES {
        std::io::copy(&mut file, out)?;
        return Ok(None);
    }
    let mut bytes = Vec::new();
    file.take(io::MAX_FILE_BYTES).read_to_end(&mut bytes)?;
    Ok(Some(bytes))
}
