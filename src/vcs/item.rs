//! What merge and diff need to know about each kind of item: its id, its
//! fields (listed once here, and checked against the struct at compile time)
//! and how a field's value reads in a sentence.

use crate::model::{
    Card, CardId, Channel, ChannelId, EmotionScale, Evidence, Figures, Funnel, Intent, Journey,
    JourneyKind, Lane, LaneId, LaneKind, Link, LinkKind, Media, Metric, Persona, PersonaId,
    Severity, Stage, Step, StepId,
};

use super::merge::Merger;

/// A field's value as short text, for conflicts and diff lines.
pub(crate) trait Show {
    /// The value in a few words; `none` for an unset option.
    fn show(&self) -> String;
    /// For lists: the elements, so a diff can name what was added or removed.
    fn elements(&self) -> Option<Vec<String>> {
        None
    }
}

impl Show for String {
    fn show(&self) -> String {
        self.clone()
    }
}

impl Show for bool {
    fn show(&self) -> String {
        if *self { "yes" } else { "no" }.to_owned()
    }
}

impl Show for u32 {
    fn show(&self) -> String {
        self.to_string()
    }
}

/// A number without a needless `.0`.
pub(crate) fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        value.to_string()
    }
}

impl Show for Option<f32> {
    fn show(&self) -> String {
        self.map_or_else(|| "none".to_owned(), |v| number(f64::from(v)))
    }
}

impl Show for Option<f64> {
    fn show(&self) -> String {
        self.map_or_else(|| "none".to_owned(), number)
    }
}

macro_rules! show_debug {
    ($($ty:ty),*) => {$(
        impl Show for $ty {
            fn show(&self) -> String {
                format!("{self:?}")
            }
        }
        impl Show for Option<$ty> {
            fn show(&self) -> String {
                self.as_ref().map_or_else(|| "none".to_owned(), |v| format!("{v:?}"))
            }
        }
    )*};
}
show_debug!(
    Intent,
    Media,
    Severity,
    LaneKind,
    Funnel,
    JourneyKind,
    LinkKind
);

macro_rules! show_id {
    ($($ty:ty),*) => {$(
        impl Show for $ty {
            fn show(&self) -> String {
                self.as_str().to_owned()
            }
        }
        impl Show for Option<$ty> {
            fn show(&self) -> String {
                self.as_ref().map_or_else(|| "none".to_owned(), |v| v.as_str().to_owned())
            }
        }
        impl Show for Vec<$ty> {
            fn show(&self) -> String {
                self.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
            fn elements(&self) -> Option<Vec<String>> {
                Some(self.iter().map(|v| v.as_str().to_owned()).collect())
            }
        }
    )*};
}
show_id!(PersonaId, ChannelId, CardId, StepId, LaneId);

impl Show for Vec<String> {
    fn show(&self) -> String {
        self.join(", ")
    }
    fn elements(&self) -> Option<Vec<String>> {
        Some(self.clone())
    }
}

impl Show for EmotionScale {
    fn show(&self) -> String {
        format!("{}..{}", self.min, self.max)
    }
}

impl Show for Option<Evidence> {
    fn show(&self) -> String {
        match self {
            None => "none".to_owned(),
            Some(e) => [e.source.as_str(), e.date.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

impl Show for Figures {
    fn show(&self) -> String {
        #[expect(clippy::cast_precision_loss, reason = "counts shown as text")]
        let parts = [
            ("customers", self.customers.map(|v| v as f64)),
            ("touches", self.touches.map(|v| v as f64)),
            ("touches per customer", self.touches_per_customer),
            ("channels per customer", self.channels_per_customer),
            ("days (mean)", self.days_mean),
            ("days (median)", self.days_median),
            ("drop-off", self.drop_off),
        ];
        let shown: Vec<String> = parts
            .iter()
            .filter_map(|(name, v)| v.map(|v| format!("{name} {}", number(v))))
            .collect();
        if shown.is_empty() {
            "none".to_owned()
        } else {
            shown.join(", ")
        }
    }
}

/// Receives the fields that differ between two versions of an item.
pub(crate) type FieldSink<'a> = dyn FnMut(&'static str, &dyn Show, &dyn Show) + 'a;

/// An item of a list that merges and diffs by id.
pub(crate) trait Item: Clone + PartialEq + Default {
    /// The item's id.
    fn id(&self) -> &str;
    /// Where the item sits besides its parent (a card's lane and step); a
    /// side that changes it has moved the item.
    fn place(&self) -> String {
        String::new()
    }
    /// Merges every field three-way into `ours`.
    fn merge_fields(m: &mut Merger, base: &Self, ours: &mut Self, theirs: &Self);
    /// Calls `sink` for every field that differs, in the file's order.
    fn diff_fields(old: &Self, new: &Self, sink: &mut FieldSink<'_>);
}

/// Implements [`Item`] from the list of fields; the destructuring without
/// `..` makes the build fail when a field is added to the model but not here.
macro_rules! item {
    ($ty:ident, skip [$($skip:ident),*], fields [$($f:ident),*] $(, place $place:expr)?) => {
        impl Item for $ty {
            fn id(&self) -> &str {
                self.id.as_str()
            }
            $(fn place(&self) -> String {
                let place: fn(&Self) -> String = $place;
                place(self)
            })?
            fn merge_fields(m: &mut Merger, base: &Self, ours: &mut Self, theirs: &Self) {
                let $ty { id: _, $($skip: _,)* $($f: _,)* } = base;
                let id = ours.id.as_str().to_owned();
                $(m.field(&id, stringify!($f), &base.$f, &mut ours.$f, &theirs.$f);)*
            }
            fn diff_fields(old: &Self, new: &Self, sink: &mut FieldSink<'_>) {
                $(if old.$f != new.$f {
                    sink(stringify!($f), &old.$f, &new.$f);
                })*
            }
        }
    };
}

item!(Channel, skip [], fields [name, aliases]);
item!(Lane, skip [], fields [kind, name, hidden]);
item!(
    Persona,
    skip [],
    fields [
        name, photo, role, committee_role, industry, age_band, location, quote, goals, needs,
        motivations, frustrations, channels
    ]
);
item!(Journey, skip [stages, cards, links], fields [name, personas, goal, kind, figures]);
item!(Stage, skip [metrics, steps], fields [name, funnel, customer_role, goal, figures]);
item!(Metric, skip [], fields [name, target, actual, unit]);
item!(Step, skip [], fields [name, score, moment_of_truth, personas, figures]);
item!(
    Card,
    skip [],
    fields [
        lane, step, text, details, channel, intent, media, severity, votes, evidence, figures
    ],
    place |c| format!("{}\u{1f}{}", c.lane, c.step)
);
item!(Link, skip [], fields [from, to, kind, label]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_short_text() {
        assert_eq!(Some(1.0f32).show(), "1");
        assert_eq!(Some(-0.5f32).show(), "-0.5");
        assert_eq!(None::<f64>.show(), "none");
        assert_eq!(Some(Severity::High).show(), "High");
        assert_eq!(EmotionScale { min: 1, max: 5 }.show(), "1..5");
        let figures = Figures {
            customers: Some(12),
            drop_off: Some(0.25),
            ..Figures::default()
        };
        assert_eq!(figures.show(), "customers 12, drop-off 0.25");
        assert_eq!(
            vec!["a".to_owned(), "b".to_owned()].elements(),
            Some(vec!["a".to_owned(), "b".to_owned()])
        );
    }

    #[test]
    fn a_card_is_placed_by_lane_and_step() {
        let card = Card {
            id: "c".into(),
            lane: "l".into(),
            step: "s".into(),
            ..Card::default()
        };
        assert_eq!(card.place(), "l\u{1f}s");
        assert_eq!(Link::default().place(), "");
    }
}
