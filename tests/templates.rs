//! The shipped templates and examples hold what the product promises.

use std::collections::HashSet;

use journeymap::io::{self, templates::TEMPLATES};
use journeymap::model::{Funnel, Intent, JourneyKind, LaneKind, LinkKind, Media, Severity};

#[test]
fn every_template_but_blank_is_a_complete_map() {
    for template in TEMPLATES.iter().filter(|t| t.name != "blank") {
        let name = template.name;
        let doc = io::from_str(template.text).expect("loads");
        assert!(!doc.personas.is_empty(), "{name}: a persona");
        let journey = doc.journeys.first().expect("a journey");
        assert!(journey.stages.len() >= 5, "{name}: five stages");
        let lane_kind = |id: &journeymap::model::LaneId| doc.lane(id).map(|l| l.kind);
        for stage in &journey.stages {
            let steps: HashSet<_> = stage.steps.iter().map(|s| &s.id).collect();
            let touchpoints = journey
                .cards
                .iter()
                .filter(|c| {
                    steps.contains(&c.step) && lane_kind(&c.lane) == Some(LaneKind::Touchpoints)
                })
                .count();
            assert!(
                touchpoints >= 2,
                "{name}: stage {} has {touchpoints} touchpoints",
                stage.name
            );
            for step in &stage.steps {
                assert!(
                    step.score.is_some(),
                    "{name}: step {} has a score",
                    step.name
                );
            }
        }
        let kpi_stages = journey
            .stages
            .iter()
            .filter(|s| !s.metrics.is_empty())
            .count();
        assert!(kpi_stages >= 3, "{name}: KPIs on {kpi_stages} stages");
        let pains: Vec<_> = journey
            .cards
            .iter()
            .filter(|c| lane_kind(&c.lane) == Some(LaneKind::PainPoints))
            .collect();
        assert!(!pains.is_empty(), "{name}: pain points");
        for pain in pains {
            let resolved = journey.links.iter().any(|l| {
                l.from == pain.id
                    && l.kind == LinkKind::Resolves
                    && doc.card(&l.to).and_then(|c| lane_kind(&c.lane))
                        == Some(LaneKind::Opportunities)
            });
            assert!(
                resolved,
                "{name}: pain point {} links to an opportunity",
                pain.text
            );
        }
    }
}

#[test]
fn blank_has_one_journey_stage_and_step_the_standard_lanes_and_no_cards() {
    let doc = io::from_str(TEMPLATES[0].text).expect("loads");
    assert_eq!(TEMPLATES[0].name, "blank");
    assert_eq!(doc.journeys.len(), 1);
    assert_eq!(doc.journeys[0].stages.len(), 1);
    assert_eq!(doc.journeys[0].stages[0].steps.len(), 1);
    assert_eq!(doc.card_count(), 0);
    let kinds: Vec<_> = doc.lanes.iter().map(|l| l.kind).collect();
    let standard: Vec<_> = LaneKind::ALL
        .iter()
        .copied()
        .filter(|k| *k != LaneKind::Custom)
        .collect();
    assert_eq!(kinds, standard);
}

#[test]
fn the_polish_template_uses_polish_stage_names() {
    let doc = io::from_str(
        io::templates::find("lead-generation-pl")
            .expect("exists")
            .text,
    )
    .expect("loads");
    let names: Vec<_> = doc.journeys[0]
        .stages
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Świadomość",
            "Rozważanie",
            "Decyzja",
            "Lojalność",
            "Rekomendacja"
        ]
    );
}

#[test]
fn the_showcase_uses_every_kind_of_item() {
    let text = include_str!("../maps/showcase.ron");
    let doc = io::from_str(text).expect("loads");
    let lanes: HashSet<_> = doc.lanes.iter().map(|l| l.kind).collect();
    assert_eq!(lanes.len(), LaneKind::ALL.len(), "every lane kind");
    assert!(doc.lanes.iter().any(|l| l.hidden), "a hidden lane");
    let journeys: Vec<_> = doc.journeys.iter().map(|j| j.kind).collect();
    assert!(journeys.contains(&JourneyKind::AsIs) && journeys.contains(&JourneyKind::ToBe));
    let stages: Vec<_> = doc.journeys.iter().flat_map(|j| &j.stages).collect();
    for funnel in [Funnel::None, Funnel::Tofu, Funnel::Mofu, Funnel::Bofu] {
        assert!(stages.iter().any(|s| s.funnel == funnel), "{funnel:?}");
    }
    let cards: Vec<_> = doc.journeys.iter().flat_map(|j| &j.cards).collect();
    for intent in [
        Intent::Informational,
        Intent::Commercial,
        Intent::Transactional,
    ] {
        assert!(cards.iter().any(|c| c.intent == Some(intent)), "{intent:?}");
    }
    for media in [Media::Owned, Media::Paid, Media::Earned] {
        assert!(cards.iter().any(|c| c.media == Some(media)), "{media:?}");
    }
    for severity in [
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ] {
        assert!(
            cards.iter().any(|c| c.severity == Some(severity)),
            "{severity:?}"
        );
    }
    let links: Vec<_> = doc.journeys.iter().flat_map(|j| &j.links).collect();
    for kind in [LinkKind::Path, LinkKind::Resolves, LinkKind::Related] {
        assert!(links.iter().any(|l| l.kind == kind), "{kind:?}");
    }
    let default_figures = journeymap::model::Figures::default();
    assert!(
        cards.iter().any(|c| c.figures != default_figures),
        "card figures"
    );
    assert!(
        stages.iter().any(|s| s.figures != default_figures),
        "stage figures"
    );
    assert!(
        doc.journeys.iter().any(|j| j.figures != default_figures),
        "journey figures"
    );
    let steps: Vec<_> = stages.iter().flat_map(|s| &s.steps).collect();
    assert!(
        steps.iter().any(|s| s.figures != default_figures),
        "step figures"
    );
    assert!(
        steps.iter().any(|s| !s.personas.is_empty()),
        "persona ids on a step"
    );
    assert!(steps.iter().any(|s| s.moment_of_truth), "a moment of truth");
    assert!(cards.iter().any(|c| c.evidence.is_some()), "evidence");
    assert!(!doc.conflicts.is_empty(), "a recorded conflict");
    assert!(
        doc.personas.iter().any(|p| !p.photo.is_empty()),
        "a photo path"
    );
    assert!(
        doc.channels.iter().any(|c| !c.aliases.is_empty()),
        "channel aliases"
    );
    assert_ne!(
        doc.emotion_scale,
        journeymap::model::EmotionScale::default(),
        "a declared scale"
    );
    assert_eq!(
        io::to_canonical_string(&doc).expect("saves"),
        text,
        "canonical"
    );
}
