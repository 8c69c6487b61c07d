//! Large made-up maps for benchmarks and stress tests.
#![expect(
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    reason = "made-up data: small numbers from a fixed random sequence"
)]

use super::{
    Card, Channel, Evidence, Intent, Journey, JourneyMap, Lane, LaneKind, Link, LinkKind, Media,
    Metric, Persona, Severity, Stage, Step,
};

/// A deterministic map with one journey of `stages` x `steps_per_stage` steps
/// and `cards` cards spread over them and over the standard lanes.
///
/// The same arguments always give the same map.
pub fn generate(stages: usize, steps_per_stage: usize, cards: usize) -> JourneyMap {
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let words = [
        "demo",
        "webinar",
        "pricing",
        "ebook",
        "newsletter",
        "trial",
        "support",
        "onboarding",
        "review",
        "referral",
        "checkout",
        "zażółć",
        "gęślą",
        "jaźń",
        "landing",
        "page",
    ];
    let sentence = |n: usize, next: &mut dyn FnMut() -> u64| -> String {
        (0..n)
            .map(|_| words[(next() % words.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(" ")
    };

    let lanes: Vec<Lane> = LaneKind::ALL
        .iter()
        .enumerate()
        .map(|(i, kind)| Lane {
            id: format!("ln-{i}").into(),
            kind: *kind,
            ..Lane::default()
        })
        .collect();
    let card_lanes: Vec<&Lane> = lanes.iter().filter(|l| l.kind.holds_cards()).collect();
    let channels: Vec<Channel> = ["web", "email", "search", "social", "phone"]
        .iter()
        .map(|id| Channel {
            id: (*id).into(),
            name: id.to_uppercase(),
            aliases: Vec::new(),
        })
        .collect();

    let mut journey = Journey {
        id: "jr-0".into(),
        name: "Generated journey".into(),
        personas: vec!["pe-0".into()],
        goal: "Measure load and save".into(),
        ..Journey::default()
    };
    let mut step_ids = Vec::new();
    for s in 0..stages {
        let mut stage = Stage {
            id: format!("st-{s}").into(),
            name: format!("Stage {s}"),
            customer_role: sentence(2, &mut next),
            goal: sentence(5, &mut next),
            metrics: vec![Metric {
                id: format!("kp-{s}").into(),
                name: "CR".into(),
                target: Some(2.5),
                actual: Some((next() % 500) as f64 / 100.0),
                unit: "%".into(),
            }],
            ..Stage::default()
        };
        for p in 0..steps_per_stage {
            let id = format!("sp-{s}-{p}");
            step_ids.push(id.clone());
            stage.steps.push(Step {
                id: id.into(),
                name: sentence(2, &mut next),
                score: Some(((next() % 41) as f32 - 20.0) / 10.0),
                moment_of_truth: next() % 7 == 0,
                ..Step::default()
            });
        }
        journey.stages.push(stage);
    }
    for c in 0..cards {
        let lane = card_lanes[(next() % card_lanes.len() as u64) as usize];
        let step = if step_ids.is_empty() {
            String::new()
        } else {
            step_ids[(next() % step_ids.len() as u64) as usize].clone()
        };
        let mut card = Card {
            id: format!("cd-{c:05}").into(),
            lane: lane.id.clone(),
            step: step.into(),
            text: sentence(6, &mut next),
            ..Card::default()
        };
        match lane.kind {
            LaneKind::Touchpoints => {
                card.channel = Some(
                    channels[(next() % channels.len() as u64) as usize]
                        .id
                        .clone(),
                );
                card.intent = Some(Intent::Commercial);
                card.media = Some(Media::Owned);
            }
            LaneKind::PainPoints => {
                card.severity = Some(Severity::High);
                card.votes = (next() % 9) as u32;
                card.evidence = Some(Evidence {
                    source: "interviews".into(),
                    date: "2026-10-01".into(),
                });
            }
            _ => {}
        }
        journey.cards.push(card);
    }
    for l in 0..cards / 10 {
        let from = &journey.cards[(next() % cards as u64) as usize].id;
        let to = &journey.cards[(next() % cards as u64) as usize].id;
        journey.links.push(Link {
            id: format!("lk-{l}").into(),
            from: from.clone(),
            to: to.clone(),
            kind: LinkKind::Path,
            label: String::new(),
        });
    }
    JourneyMap {
        title: format!("Generated map with {cards} cards"),
        channels,
        lanes,
        personas: vec![Persona {
            id: "pe-0".into(),
            name: "Anna".into(),
            role: "Marketing manager".into(),
            goals: vec!["More leads".into()],
            ..Persona::default()
        }],
        journeys: vec![journey],
        ..JourneyMap::default()
    }
}
