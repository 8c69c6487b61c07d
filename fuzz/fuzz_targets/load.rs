//! Any bytes given to the loader: it loads them or refuses them with a
//! message, never panics; what loads validates, saves and loads back the same.
#![no_main]

use journeymap::io::{self, SourceMap};
use journeymap::validate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    // The tokenizer behind `file:line:col` sees every text, loadable or not.
    let source = SourceMap::new(&text);
    match io::from_bytes(bytes) {
        Ok(map) => {
            let _ = validate::validate(&map, Some(&source), None);
            let saved = io::to_canonical_string(&map).expect("a loaded map saves");
            let back = io::from_str(&saved).expect("a saved map loads");
            assert_eq!(
                io::to_canonical_string(&back).expect("saves again"),
                saved,
                "saving is stable"
            );
        }
        Err(err) => assert!(!err.to_string().is_empty(), "a refusal says why"),
    }
});
