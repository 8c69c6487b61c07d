//! Shared test helpers: proptest strategies for whole documents.
#![allow(dead_code, reason = "each test crate uses a different part")]
#![allow(
    clippy::cast_precision_loss,
    clippy::too_many_lines,
    reason = "generators of small made-up numbers"
)]

use journeymap::model::{
    Card, Channel, Conflict, EmotionScale, Evidence, Figures, Funnel, Intent, Journey, JourneyKind,
    JourneyMap, Lane, LaneKind, Link, LinkKind, Media, Metric, Persona, Severity, Stage, Step,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

/// Text of every kind: Polish letters, quotes, backslashes, new lines,
/// control characters and anything else Unicode has.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-zA-Z0-9 ąćęłńóśźżĄĆĘŁŃÓŚŹŻ,.!?#\"'\\\\\n\t()\\[\\]-]{1,24}",
        any::<String>().prop_map(|s| s.chars().take(16).collect()),
    ]
}

fn finite_f32() -> impl Strategy<Value = f32> {
    prop_oneof![
        (-200i32..200).prop_map(|n| n as f32 / 10.0),
        any::<f32>().prop_filter("finite", |v| v.is_finite()),
    ]
}

fn finite_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-100_000i64..100_000).prop_map(|n| n as f64 / 100.0),
        any::<f64>().prop_filter("finite", |v| v.is_finite()),
    ]
}

fn figures() -> impl Strategy<Value = Figures> {
    prop_oneof![
        3 => Just(Figures::default()),
        1 => (
            option::of(any::<u64>()),
            option::of(any::<u64>()),
            option::of(finite_f64()),
            option::of(finite_f64()),
            option::of(finite_f64()),
            option::of(finite_f64()),
            option::of(finite_f64()),
        )
            .prop_map(|(customers, touches, tpc, cpc, days_mean, days_median, drop_off)| Figures {
                customers,
                touches,
                touches_per_customer: tpc,
                channels_per_customer: cpc,
                days_mean,
                days_median,
                drop_off,
            }),
    ]
}

fn lane_kind() -> impl Strategy<Value = LaneKind> {
    proptest::sample::select(LaneKind::ALL.to_vec())
}

fn intent() -> impl Strategy<Value = Intent> {
    prop_oneof![
        Just(Intent::Informational),
        Just(Intent::Commercial),
        Just(Intent::Transactional)
    ]
}

fn media() -> impl Strategy<Value = Media> {
    prop_oneof![Just(Media::Owned), Just(Media::Paid), Just(Media::Earned)]
}

fn severity() -> impl Strategy<Value = Severity> {
    prop_oneof![
        Just(Severity::Low),
        Just(Severity::Medium),
        Just(Severity::High),
        Just(Severity::Critical)
    ]
}

fn funnel() -> impl Strategy<Value = Funnel> {
    prop_oneof![
        Just(Funnel::None),
        Just(Funnel::Tofu),
        Just(Funnel::Mofu),
        Just(Funnel::Bofu)
    ]
}

/// A persona; its id and channel references are set by [`assemble`].
fn persona() -> impl Strategy<Value = (Persona, Vec<usize>)> {
    (
        (text(), text(), text(), text(), text()),
        (text(), text(), text(), vec(text(), 0..3), vec(text(), 0..2)),
        (
            vec(text(), 0..2),
            vec(text(), 0..2),
            vec(any::<usize>(), 0..3),
        ),
    )
        .prop_map(
            |(
                (name, photo, role, committee_role, industry),
                (age_band, location, quote, goals, needs),
                (motivations, frustrations, channels),
            )| {
                (
                    Persona {
                        name,
                        photo,
                        role,
                        committee_role,
                        industry,
                        age_band,
                        location,
                        quote,
                        goals,
                        needs,
                        motivations,
                        frustrations,
                        ..Persona::default()
                    },
                    channels,
                )
            },
        )
}

fn metric() -> impl Strategy<Value = Metric> {
    (
        text(),
        option::of(finite_f64()),
        option::of(finite_f64()),
        text(),
    )
        .prop_map(|(name, target, actual, unit)| Metric {
            name,
            target,
            actual,
            unit,
            ..Metric::default()
        })
}

fn step() -> impl Strategy<Value = (Step, Vec<usize>)> {
    (
        text(),
        option::of(finite_f32()),
        any::<bool>(),
        vec(any::<usize>(), 0..2),
        figures(),
    )
        .prop_map(|(name, score, moment_of_truth, personas, figures)| {
            (
                Step {
                    name,
                    score,
                    moment_of_truth,
                    figures,
                    ..Step::default()
                },
                personas,
            )
        })
}

fn stage() -> impl Strategy<Value = (Stage, Vec<(Step, Vec<usize>)>)> {
    (
        text(),
        funnel(),
        text(),
        text(),
        vec(metric(), 0..3),
        vec(step(), 0..4),
        figures(),
    )
        .prop_map(
            |(name, funnel, customer_role, goal, metrics, steps, figures)| {
                (
                    Stage {
                        name,
                        funnel,
                        customer_role,
                        goal,
                        metrics,
                        figures,
                        ..Stage::default()
                    },
                    steps,
                )
            },
        )
}

/// A card with picks for its lane, step and channel.
fn card() -> impl Strategy<Value = (Card, usize, usize, Option<usize>)> {
    (
        (
            text(),
            text(),
            option::of(intent()),
            option::of(media()),
            option::of(severity()),
            any::<u32>(),
        ),
        (
            option::of((text(), text()).prop_map(|(source, date)| Evidence { source, date })),
            figures(),
        ),
        (any::<usize>(), any::<usize>(), option::of(any::<usize>())),
    )
        .prop_map(
            |(
                (text, details, intent, media, severity, votes),
                (evidence, figures),
                (lane, step, channel),
            )| {
                (
                    Card {
                        text,
                        details,
                        intent,
                        media,
                        severity,
                        votes,
                        evidence,
                        figures,
                        ..Card::default()
                    },
                    lane,
                    step,
                    channel,
                )
            },
        )
}

fn link() -> impl Strategy<Value = (Link, usize, usize)> {
    (
        prop_oneof![
            Just(LinkKind::Path),
            Just(LinkKind::Resolves),
            Just(LinkKind::Related)
        ],
        text(),
        any::<usize>(),
        any::<usize>(),
    )
        .prop_map(|(kind, label, from, to)| {
            (
                Link {
                    kind,
                    label,
                    ..Link::default()
                },
                from,
                to,
            )
        })
}

type RawJourney = (
    (String, Vec<usize>, String, bool, Figures),
    Vec<(Stage, Vec<(Step, Vec<usize>)>)>,
    Vec<(Card, usize, usize, Option<usize>)>,
    Vec<(Link, usize, usize)>,
);

fn journey() -> impl Strategy<Value = RawJourney> {
    (
        (
            text(),
            vec(any::<usize>(), 0..3),
            text(),
            any::<bool>(),
            figures(),
        ),
        vec(stage(), 0..4),
        vec(card(), 0..8),
        vec(link(), 0..4),
    )
}

/// A whole document whose ids are unique and whose references all resolve.
pub fn document() -> impl Strategy<Value = JourneyMap> {
    (
        (text(), text(), (-5i32..3, 1i32..8)),
        vec((text(), vec(text(), 0..3)), 0..4),
        vec((lane_kind(), text(), any::<bool>()), 0..5),
        vec(persona(), 0..3),
        vec(journey(), 0..3),
        vec((text(), text(), text(), text()), 0..2),
    )
        .prop_map(|(head, channels, lanes, personas, journeys, conflicts)| {
            assemble(head, channels, lanes, personas, journeys, conflicts)
        })
}

fn pick<T: Clone>(list: &[T], n: usize) -> Option<T> {
    if list.is_empty() {
        None
    } else {
        Some(list[n % list.len()].clone())
    }
}

#[allow(
    clippy::type_complexity,
    reason = "the raw shape of a generated document"
)]
fn assemble(
    (title, description, (min, span)): (String, String, (i32, i32)),
    channels: Vec<(String, Vec<String>)>,
    lanes: Vec<(LaneKind, String, bool)>,
    personas: Vec<(Persona, Vec<usize>)>,
    journeys: Vec<RawJourney>,
    conflicts: Vec<(String, String, String, String)>,
) -> JourneyMap {
    let mut counter = 0usize;
    let mut fresh = |prefix: &str| {
        counter += 1;
        format!("{prefix}-{counter}")
    };
    let scale = EmotionScale {
        min,
        max: min + span,
    };
    let channels: Vec<Channel> = channels
        .into_iter()
        .map(|(name, aliases)| Channel {
            id: fresh("ch").into(),
            name,
            aliases,
        })
        .collect();
    let channel_ids: Vec<_> = channels.iter().map(|c| c.id.clone()).collect();
    let lanes: Vec<Lane> = lanes
        .into_iter()
        .map(|(kind, name, hidden)| Lane {
            id: fresh("ln").into(),
            kind,
            name,
            hidden,
        })
        .collect();
    let lane_ids: Vec<_> = lanes.iter().map(|l| l.id.clone()).collect();
    let mut persona_list = Vec::new();
    for (mut persona, picks) in personas {
        persona.id = fresh("pe").into();
        persona.channels = picks
            .iter()
            .filter_map(|n| pick(&channel_ids, *n))
            .collect();
        persona_list.push(persona);
    }
    let persona_ids: Vec<_> = persona_list.iter().map(|p| p.id.clone()).collect();
    let mut journey_list = Vec::new();
    for ((name, personas, goal, to_be, figures), stages, cards, links) in journeys {
        let mut journey = Journey {
            id: fresh("jr").into(),
            name,
            personas: personas
                .iter()
                .filter_map(|n| pick(&persona_ids, *n))
                .collect(),
            goal,
            kind: if to_be {
                JourneyKind::ToBe
            } else {
                JourneyKind::AsIs
            },
            figures,
            ..Journey::default()
        };
        for (mut stage, steps) in stages {
            stage.id = fresh("st").into();
            for metric in &mut stage.metrics {
                metric.id = fresh("kp").into();
            }
            for (mut step, picks) in steps {
                step.id = fresh("sp").into();
                // Scores on the map's scale.
                step.score = step.score.map(|s| (s.abs() % (span as f32)) + min as f32);
                step.personas = picks
                    .iter()
                    .filter_map(|n| pick(&persona_ids, *n))
                    .collect();
                stage.steps.push(step);
            }
            journey.stages.push(stage);
        }
        let step_ids: Vec<_> = journey.steps().map(|s| s.id.clone()).collect();
        for (mut card, lane, step, channel) in cards {
            let (Some(lane), Some(step)) = (pick(&lane_ids, lane), pick(&step_ids, step)) else {
                continue;
            };
            card.id = fresh("cd").into();
            card.lane = lane;
            card.step = step;
            card.channel = channel.and_then(|n| pick(&channel_ids, n));
            journey.cards.push(card);
        }
        let card_ids: Vec<_> = journey.cards.iter().map(|c| c.id.clone()).collect();
        for (mut link, from, to) in links {
            let (Some(from), Some(to)) = (pick(&card_ids, from), pick(&card_ids, to)) else {
                continue;
            };
            link.id = fresh("lk").into();
            link.from = from;
            link.to = to;
            journey.links.push(link);
        }
        journey_list.push(journey);
    }
    JourneyMap {
        title,
        description,
        emotion_scale: scale,
        channels,
        lanes,
        personas: persona_list,
        journeys: journey_list,
        conflicts: conflicts
            .into_iter()
            .map(|(id, field, ours, theirs)| Conflict {
                id,
                field,
                ours,
                theirs,
            })
            .collect(),
        ..JourneyMap::default()
    }
}

/// Texts that try to break the layout: 100,000 characters (words, and one
/// unbreakable word), every control character, right-to-left overrides,
/// Arabic and Hebrew.
pub fn hostile_texts() -> Vec<String> {
    let controls: String = (0u8..0x20).chain([0x7f]).map(char::from).collect();
    vec![
        "long words ".repeat(10_000),
        "x".repeat(100_000),
        format!("{controls}text after controls{controls}").repeat(200),
        "abc \u{202e}override to the left\u{202c} back \u{202e}".repeat(2_000),
        "مرحبا بالعالم هذا نص طويل باللغة العربية ".repeat(2_500),
        "זהו טקסט ארוך מאוד בעברית ".repeat(4_000),
        "\u{202e}\u{200f}\u{61c}\u{2067}\u{fffd}\u{feff}\r\n".repeat(1_000),
    ]
}

/// `map` with the texts the picture shows replaced by [`hostile_texts`]:
/// the title, the first persona, journey, stage and KPI, and the first steps,
/// cards and links (each text on one or two of them; more would only make
/// the test slower).
pub fn with_hostile_texts(mut map: JourneyMap) -> JourneyMap {
    let texts = hostile_texts();
    let n = texts.len();
    let mut next = texts.iter().cycle().cloned();
    let mut take = move || next.next().unwrap_or_default();
    map.title = take();
    map.description = take();
    for persona in map.personas.iter_mut().take(1) {
        persona.name = take();
        persona.role = take();
        persona.quote = take();
        persona.goals = vec![take(), take()];
    }
    for journey in map.journeys.iter_mut().take(1) {
        journey.name = take();
        journey.goal = take();
        if let Some(stage) = journey.stages.first_mut() {
            stage.name = take();
            stage.customer_role = take();
            stage.goal = take();
            for metric in stage.metrics.iter_mut().take(1) {
                metric.name = take();
                metric.unit = take();
            }
        }
        for step in journey.stages.iter_mut().flat_map(|s| &mut s.steps).take(n) {
            step.name = take();
        }
        for card in journey.cards.iter_mut().take(2 * n) {
            card.text = take();
        }
        for link in journey.links.iter_mut().take(2) {
            link.label = take();
        }
    }
    map
}
