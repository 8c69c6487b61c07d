//! Broken input never panics: mutated maps either load or are refused with a message.

use journeymap::io::{self, LoadError, SourceMap, templates::TEMPLATES};
use journeymap::validate;

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

fn mutate(rng: &mut Rng, source: &[u8], other: &[u8]) -> Vec<u8> {
    let mut bytes = source.to_vec();
    for _ in 0..=rng.below(3) {
        let len = bytes.len().max(1);
        match rng.below(5) {
            0 => {
                // Flip a byte.
                let i = rng.below(len);
                if let Some(b) = bytes.get_mut(i) {
                    *b ^= 1 << rng.below(8);
                }
            }
            1 => bytes.truncate(rng.below(len)),
            2 => {
                // Duplicate a run.
                let start = rng.below(len);
                let end = (start + rng.below(200)).min(bytes.len());
                let run: Vec<u8> = bytes.get(start..end).unwrap_or_default().to_vec();
                let at = rng.below(len);
                bytes.splice(at.min(bytes.len())..at.min(bytes.len()), run);
            }
            3 => {
                // Splice in a piece of another map.
                let start = rng.below(other.len());
                let end = (start + rng.below(400)).min(other.len());
                let at = rng.below(len).min(bytes.len());
                bytes.splice(at..at, other[start..end].iter().copied());
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

#[test]
fn mutated_maps_load_or_are_refused_with_a_message() {
    let cases: usize = std::env::var("MUTATION_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    let mut rng = Rng(0x5eed_cafe_f00d_u64);
    let (mut loaded, mut refused) = (0, 0);
    for case in 0..cases {
        let source = TEMPLATES[case % TEMPLATES.len()].text.as_bytes();
        let other = TEMPLATES[(case / TEMPLATES.len()) % TEMPLATES.len()]
            .text
            .as_bytes();
        let bytes = mutate(&mut rng, source, other);
        match io::from_bytes(&bytes) {
            Ok(doc) => {
                loaded += 1;
                let text = String::from_utf8_lossy(&bytes);
                let _ = validate::validate(&doc, Some(&SourceMap::new(&text)), None);
                let saved = io::to_canonical_string(&doc).expect("a loaded map saves");
                assert_eq!(io::from_str(&saved).expect("reloads"), doc);
            }
            Err(err) => {
                refused += 1;
                assert!(!err.to_string().is_empty());
                if let LoadError::Syntax { pos, .. } = err {
                    assert!(pos.line >= 1 && pos.col >= 1);
                }
            }
        }
    }
    eprintln!("{cases} mutated maps: {loaded} loaded, {refused} refused");
    assert_eq!(loaded + refused, cases);
    assert!(refused > cases / 2, "most mutations break a map");
}
