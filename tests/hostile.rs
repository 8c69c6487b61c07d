//! Broken input never panics: every bundled map, mutated at random (bytes
//! flipped or replaced, runs cut, duplicated or deleted, pieces of another
//! map spliced in), either loads or is refused with a message that points
//! inside the file.

#[path = "hostile/merge.rs"]
mod merge;

use std::path::Path;

/// Runs journeymap with `args` in `dir`, as CI would on a pull request.
/// A run still going after a minute is killed and fails the test: a hang is
/// what some of these tests look for. (Output is read on a thread of its
/// own, so a full pipe never looks like a hang.)
fn run<I, S>(dir: &Path, args: I) -> std::process::Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    use std::process::{Command, Stdio};
    let args: Vec<std::ffi::OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    let child = Command::new(env!("CARGO_BIN_EXE_journeymap"))
        .args(&args)
        .current_dir(dir)
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let pid = child.id();
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait_with_output());
    });
    if let Ok(output) = finished.recv_timeout(std::time::Duration::from_mins(1)) {
        output.expect("output")
    } else {
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        panic!("journeymap {args:?} hung for a minute");
    }
}

/// What a run printed on stderr.
fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[path = "hostile/files.rs"]
mod files;

use journeymap::io::{self, LoadError, Pos, SourceMap, templates::TEMPLATES};
use journeymap::validate;
#[path = "hostile/ids.rs"]
mod ids;

/// At least this many cases run in CI; `MUTATION_CASES` raises or lowers it.
const CASES: usize = 10_000;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
}

/// One to four mutations of `source`; `other` is another bundled map.
fn mutate(rng: &mut Rng, source: &[u8], other: &[u8]) -> Vec<u8> {
    let mut bytes = source.to_vec();
    for _ in 0..=rng.below(4) {
        let len = bytes.len().max(1);
        match rng.below(7) {
            0 => {
                // Flip a bit.
                let i = rng.below(len);
                if let Some(b) = bytes.get_mut(i) {
                    *b ^= 1 << rng.below(8);
                }
            }
            1 => {
                // Replace a byte with any byte (a stray quote, bracket, NUL...).
                let i = rng.below(len);
                let value = u8::try_from(rng.below(256)).unwrap_or(0);
                if let Some(b) = bytes.get_mut(i) {
                    *b = value;
                }
            }
            2 => bytes.truncate(rng.below(len)),
            3 => {
                // Duplicate a run.
                let start = rng.below(len).min(bytes.len());
                let end = (start + rng.below(200)).min(bytes.len());
                let run: Vec<u8> = bytes[start..end].to_vec();
                let at = rng.below(len).min(bytes.len());
                bytes.splice(at..at, run);
            }
            4 => {
                // Splice a piece of another map in.
                let start = rng.below(other.len());
                let end = (start + rng.below(400)).min(other.len());
                let at = rng.below(len).min(bytes.len());
                bytes.splice(at..at, other[start..end].iter().copied());
            }
            5 => {
                // Splice two maps: the head of this one, the tail of the other.
                let cut = rng.below(len).min(bytes.len());
                let from = rng.below(other.len());
                bytes.truncate(cut);
                bytes.extend_from_slice(&other[from..]);
            }
            _ => {
                // Delete a run.
                let start = rng.below(len).min(bytes.len());
                let end = (start + rng.below(50)).min(bytes.len());
                bytes.drain(start..end);
            }
        }
    }
    bytes
}

/// Every bundled map: the examples in `maps/` and the compiled-in templates.
fn bundled_maps() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("maps");
    let mut maps: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("maps/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read");
            (p.display().to_string(), bytes)
        })
        .collect();
    maps.sort();
    for t in TEMPLATES {
        if !maps.iter().any(|(_, bytes)| bytes == t.text.as_bytes()) {
            maps.push((format!("template {}", t.name), t.text.as_bytes().to_vec()));
        }
    }
    assert!(
        maps.len() > TEMPLATES.len(),
        "maps/ has more than the templates"
    );
    maps
}

/// True when `pos` is a place in `bytes`: a line that exists, and a column
/// at most one past its last character.
fn points_inside(bytes: &[u8], pos: Pos) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let Some(line) = text.split('\n').nth(pos.line.wrapping_sub(1)) else {
        return false;
    };
    pos.col >= 1 && pos.col <= line.chars().count() + 1
}

#[test]
fn mutated_maps_load_or_are_refused_with_a_message() {
    let cases: usize = std::env::var("MUTATION_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(CASES);
    let maps = bundled_maps();
    let mut rng = Rng(0x5eed_cafe_f00d_u64);
    let (mut loaded, mut refused) = (0, 0);
    for case in 0..cases {
        let (name, source) = &maps[case % maps.len()];
        let (_, other) = &maps[(case / maps.len() + 1 + case) % maps.len()];
        let bytes = mutate(&mut rng, source, other);
        let result = std::panic::catch_unwind(|| io::from_bytes(&bytes));
        let Ok(result) = result else {
            panic!("case {case} (from {name}) panicked the loader");
        };
        match result {
            Ok(doc) => {
                loaded += 1;
                let text = String::from_utf8_lossy(&bytes);
                let _ = validate::validate(&doc, Some(&SourceMap::new(&text)), None);
                let saved = io::to_canonical_string(&doc).expect("a loaded map saves");
                assert_eq!(io::from_str(&saved).expect("reloads"), doc, "case {case}");
            }
            Err(err) => {
                refused += 1;
                let message = err.to_string();
                assert!(
                    message.len() > 10 && !message.contains("Error("),
                    "case {case} (from {name}): a plain message: {message:?}"
                );
                if let LoadError::Syntax { pos, .. } | LoadError::NotText { pos } = err {
                    assert!(
                        points_inside(&bytes, pos),
                        "case {case} (from {name}): {pos} is outside the file: {message}"
                    );
                }
            }
        }
    }
    eprintln!(
        "{cases} mutated maps from {} bundled maps: {loaded} loaded, {refused} refused with a message, 0 panics",
        maps.len()
    );
    assert_eq!(loaded + refused, cases);
    assert!(refused > cases / 2, "most mutations break a map");
    assert!(loaded > 0, "some mutations keep a map valid");
}
