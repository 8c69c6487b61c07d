//! Cards on the clipboard: RON text in the map file's own form, so copied
//! cards paste into another map or read well in a text editor.

use super::{LoadError, SaveError, pretty_config, ron_options};
use crate::model::Card;

/// The cards as RON text: a list of `Card(...)`, as in a map file.
pub fn cards_to_string(cards: &[Card]) -> Result<String, SaveError> {
    let text = ron_options()
        .to_string_pretty(&cards, pretty_config())
        .map_err(|e| SaveError::Serialize(e.to_string()))?;
    Ok(text.replace("\\'", "'"))
}

/// Cards from RON text: a list of cards, or one card.
pub fn cards_from_str(text: &str) -> Result<Vec<Card>, LoadError> {
    let text = text.trim();
    if text.starts_with('[') {
        ron_options()
            .from_str::<Vec<Card>>(text)
            .map_err(|e| LoadError::from_ron(&e, text))
    } else {
        ron_options()
            .from_str::<Card>(text)
            .map(|card| vec![card])
            .map_err(|e| LoadError::from_ron(&e, text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_survive_the_clipboard_and_bad_text_is_refused_with_a_place() {
        let cards = vec![
            Card {
                id: "cd-1".into(),
                lane: "ln-1".into(),
                step: "st-1".into(),
                text: "Reads the customer's review".into(),
                votes: 3,
                ..Card::default()
            },
            Card {
                id: "cd-2".into(),
                ..Card::default()
            },
        ];
        let text = cards_to_string(&cards).expect("exists");
        assert!(
            text.contains("Card(") && text.contains("customer's"),
            "{text}"
        );
        assert_eq!(cards_from_str(&text).expect("exists"), cards);
        let one = cards_from_str("Card(id: \"x\", lane: \"l\", step: \"s\")").expect("exists");
        assert_eq!(one.len(), 1);
        let err = cards_from_str("[Card(id: \"x\", lane: \"l\", step: \"s\", colour: 1)]")
            .expect_err("refused");
        assert!(err.pos().is_some(), "{err}");
        assert!(cards_from_str("just some words").is_err());
    }
}
