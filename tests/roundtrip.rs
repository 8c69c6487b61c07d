//! Any document survives save + load unchanged, and saving again is byte-identical.

mod common;

use journeymap::io;
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn any_document_survives_save_and_load(doc in common::document()) {
        let text = io::to_canonical_string(&doc).expect("serializes");
        let back = io::from_str(&text).unwrap_or_else(|e| panic!("reloads: {e} at {:?}\n{text}", e.pos()));
        prop_assert_eq!(&back, &doc);
        let again = io::to_canonical_string(&back).expect("serializes");
        prop_assert_eq!(again, text);
    }
}
