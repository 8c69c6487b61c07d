//! `journeymap merge` on versions from other people's branches, run as git
//! runs it (`merge BASE OURS THEIRS`, the result into OURS): a version with
//! a duplicate id is refused with OURS untouched; a merge that exits 0 adds
//! no `check` error; a merge that changes nothing does not write OURS.

use std::path::{Path, PathBuf};

use super::{run, stderr};

use journeymap::edit::Edit;
use journeymap::io::{self, templates};
use journeymap::model::{Card, Channel, JourneyMap, Link, Persona, Step};
use journeymap::validate::{self, Severity};
use journeymap::vcs::resolve::{self, Take};

fn template() -> JourneyMap {
    let template = templates::find("lead-generation").expect("template");
    io::from_str(template.text).expect("template loads")
}

fn edited(base: &JourneyMap, edits: Vec<Edit>) -> JourneyMap {
    let mut map = base.clone();
    Edit::Batch(edits).apply(&mut map).expect("edits apply");
    map
}

/// The errors `check` reports for a map, without their positions.
fn errors(map: &JourneyMap) -> Vec<String> {
    validate::validate(map, None, None)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message)
        .collect()
}

/// Three versions written as files, as git hands them to the merge driver.
struct Sides {
    dir: tempfile::TempDir,
}

impl Sides {
    fn new() -> Self {
        Sides {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, text).expect("write");
        path
    }

    fn write_map(&self, name: &str, map: &JourneyMap) -> PathBuf {
        self.write(name, &io::to_canonical_string(map).expect("saves"))
    }

    /// Runs `journeymap merge base.ron ours.ron theirs.ron`: exit code and stderr.
    fn merge(&self) -> (Option<i32>, String) {
        // By full paths, as git passes its temporary files.
        let out = run(
            self.dir.path(),
            [
                "merge".into(),
                self.path("base.ron"),
                self.path("ours.ron"),
                self.path("theirs.ron"),
            ],
        );
        (out.status.code(), stderr(&out))
    }

    fn ours(&self) -> JourneyMap {
        io::load(&self.path("ours.ron")).expect("ours loads")
    }
}

/// What shows that a file was not written again: its inode, size and
/// modification time (a save writes a new file and renames it over).
fn stamp(path: &Path) -> (u64, u64, std::time::SystemTime) {
    use std::os::unix::fs::MetadataExt as _;
    let meta = std::fs::metadata(path).expect("metadata");
    (meta.ino(), meta.len(), meta.modified().expect("mtime"))
}

/// The template with one more item reusing an id already in it.
fn with_duplicate_ids() -> Vec<(&'static str, JourneyMap)> {
    let base = template();
    let card = base.card(&"cd-tp-google".into()).expect("card").clone();
    let twin_card = edited(
        &base,
        vec![Edit::AddCard {
            journey: "jr-lead-gen".into(),
            index: 99,
            card: Card {
                text: "A second card with the same id".into(),
                ..card
            },
        }],
    );
    let step_as_card = edited(
        &base,
        vec![Edit::AddStep {
            stage: "st-awareness".into(),
            index: 9,
            step: Step {
                id: "cd-pain-popup".into(),
                name: "A step with a card's id".into(),
                ..Step::default()
            },
        }],
    );
    let lane_as_persona = edited(
        &base,
        vec![Edit::AddPersona {
            index: 9,
            persona: Persona {
                id: "ln-touch".into(),
                name: "A persona with a lane's id".into(),
                ..Persona::default()
            },
        }],
    );
    vec![
        ("two cards", twin_card),
        ("a step and a card", step_as_card),
        ("a persona and a lane", lane_as_persona),
    ]
}

// Issue #16, item 6.
#[test]
fn a_version_with_a_duplicate_id_is_refused_and_ours_is_left_untouched() {
    let base = template();
    for (what, twin) in with_duplicate_ids() {
        for side in ["base.ron", "ours.ron", "theirs.ron"] {
            let sides = Sides::new();
            for name in ["base.ron", "ours.ron", "theirs.ron"] {
                sides.write_map(name, if name == side { &twin } else { &base });
            }
            let before = std::fs::read(sides.path("ours.ron")).expect("read");
            let stamp_before = stamp(&sides.path("ours.ron"));
            let (code, stderr) = sides.merge();
            assert_eq!(code, Some(2), "{what} in {side}: {stderr}");
            // The place is the second use of the id: file:line:col.
            let shown = sides.path(side).display().to_string();
            let at = stderr
                .lines()
                .find(|l| l.starts_with(&format!("{shown}:")))
                .unwrap_or_else(|| panic!("{what} in {side}: no {shown}:line:col in {stderr}"));
            let place: Vec<&str> = at[shown.len() + 1..].splitn(3, ':').collect();
            assert!(
                place.len() == 3
                    && place[0].parse::<usize>().is_ok_and(|l| l > 1)
                    && place[1].parse::<usize>().is_ok(),
                "{what} in {side}: {at}"
            );
            assert!(
                at.contains("error:") && at.contains("unique"),
                "{what} in {side}: {at}"
            );
            assert!(
                stderr.contains("nothing merged"),
                "{what} in {side}: {stderr}"
            );
            assert_eq!(
                std::fs::read(sides.path("ours.ron")).expect("read"),
                before,
                "{what} in {side}: ours changed"
            );
            assert_eq!(
                stamp(&sides.path("ours.ron")),
                stamp_before,
                "{what} in {side}: ours was written again"
            );
        }
    }
}

/// One side's change that deletes something, and the other side's change
/// that refers to it, each with the id that the conflict names.
struct Case {
    name: &'static str,
    base: JourneyMap,
    deletes: JourneyMap,
    refers: JourneyMap,
    /// The deleted item.
    deleted: &'static str,
    /// The item that refers to it.
    referrer: &'static str,
}

fn reference_cases() -> Vec<Case> {
    let base = template();
    let new_card = |id: &'static str, lane: &str, step: &str| Edit::AddCard {
        journey: "jr-lead-gen".into(),
        index: 99,
        card: Card {
            id: id.into(),
            lane: lane.into(),
            step: step.into(),
            text: format!("{id} added on one side"),
            ..Card::default()
        },
    };
    let with_bob = edited(
        &base,
        vec![Edit::AddPersona {
            index: 9,
            persona: Persona {
                id: "pe-bob".into(),
                name: "Bob".into(),
                ..Persona::default()
            },
        }],
    );
    let mut on_search = base.step(&"sp-search".into()).expect("step").clone();
    on_search.personas.push("pe-bob".into());
    let mut to_store = base.card(&"cd-tp-google".into()).expect("card").clone();
    to_store.channel = Some("store".into());
    let without_store: Vec<Channel> = base
        .channels
        .iter()
        .filter(|c| c.id.as_str() != "store")
        .cloned()
        .collect();
    vec![
        Case {
            name: "a step deleted, a card added on it",
            deletes: edited(
                &base,
                vec![Edit::RemoveStep {
                    id: "sp-retarget".into(),
                }],
            ),
            refers: edited(&base, vec![new_card("cd-new", "ln-act", "sp-retarget")]),
            base: base.clone(),
            deleted: "sp-retarget",
            referrer: "cd-new",
        },
        Case {
            name: "a stage deleted, a card added on one of its steps",
            deletes: edited(
                &base,
                vec![Edit::RemoveStage {
                    id: "st-advocacy".into(),
                }],
            ),
            refers: edited(&base, vec![new_card("cd-new", "ln-act", "sp-referral")]),
            base: base.clone(),
            // The card needs its step, which needs its stage: both come back.
            deleted: "st-advocacy",
            referrer: "sp-referral",
        },
        Case {
            name: "a lane deleted, a card added in it",
            deletes: edited(
                &base,
                vec![Edit::RemoveLane {
                    id: "ln-content".into(),
                }],
            ),
            refers: edited(&base, vec![new_card("cd-new", "ln-content", "sp-search")]),
            base: base.clone(),
            deleted: "ln-content",
            referrer: "cd-new",
        },
        Case {
            name: "a card deleted, a link added to it",
            deletes: edited(
                &base,
                vec![Edit::RemoveCard {
                    id: "cd-tp-google".into(),
                }],
            ),
            refers: edited(
                &base,
                vec![Edit::AddLink {
                    journey: "jr-lead-gen".into(),
                    index: 99,
                    link: Link {
                        id: "lk-new".into(),
                        from: "cd-pain-popup".into(),
                        to: "cd-tp-google".into(),
                        ..Link::default()
                    },
                }],
            ),
            base: base.clone(),
            deleted: "cd-tp-google",
            referrer: "lk-new",
        },
        Case {
            name: "a persona deleted, a step that names it",
            deletes: base.clone(),
            refers: edited(&with_bob, vec![Edit::SetStep(on_search)]),
            base: with_bob,
            deleted: "pe-bob",
            referrer: "sp-search",
        },
        Case {
            name: "a channel deleted, a card that names it",
            deletes: edited(&base, vec![Edit::SetChannels(without_store)]),
            refers: edited(&base, vec![Edit::SetCard(to_store)]),
            base: base.clone(),
            deleted: "store",
            referrer: "cd-tp-google",
        },
    ]
}

// Issue #16, item 7.
#[test]
fn a_reference_to_what_the_other_side_deleted_is_a_conflict_and_either_choice_checks_clean() {
    for case in reference_cases() {
        for deleting_side in ["ours", "theirs"] {
            let name = format!("{} (deleted by {deleting_side})", case.name);
            let (ours, theirs) = if deleting_side == "ours" {
                (&case.deletes, &case.refers)
            } else {
                (&case.refers, &case.deletes)
            };
            for input in [&case.base, ours, theirs] {
                assert_eq!(
                    errors(input),
                    Vec::<String>::new(),
                    "{name}: inputs are clean"
                );
            }
            let sides = Sides::new();
            sides.write_map("base.ron", &case.base);
            sides.write_map("ours.ron", ours);
            sides.write_map("theirs.ron", theirs);
            let (code, stderr) = sides.merge();
            let merged = sides.ours();
            assert_eq!(
                errors(&merged),
                Vec::<String>::new(),
                "{name}: the merge (exit {code:?}) added errors; {stderr}"
            );
            assert_eq!(code, Some(1), "{name}: {stderr}");
            // The message names both changes: the deletion and what needs it.
            let line = stderr
                .lines()
                .find(|l| l.contains(&format!("({})", case.deleted)))
                .unwrap_or_else(|| panic!("{name}: nothing names {}: {stderr}", case.deleted));
            assert!(
                line.contains(&format!(
                    "deleted on {}",
                    if deleting_side == "ours" {
                        "our"
                    } else {
                        "their"
                    }
                )) && line.contains(&format!("({})", case.referrer)),
                "{name}: {line}"
            );
            // Decided either way in the conflicts panel, the map checks clean.
            let index = merged
                .conflicts
                .iter()
                .position(|c| c.id == case.deleted && c.field == "deleted")
                .unwrap_or_else(|| panic!("{name}: {:?}", merged.conflicts));
            for take in [Take::Ours, Take::Theirs] {
                let mut decided = merged.clone();
                resolve::resolve(&merged, index, take)
                    .expect("resolves")
                    .apply(&mut decided)
                    .expect("applies");
                assert_eq!(errors(&decided), Vec::<String>::new(), "{name}: {take:?}");
                let deleting = (take == Take::Ours) == (deleting_side == "ours");
                let text = io::to_canonical_string(&decided).expect("saves");
                let found = |id: &str| text.contains(&format!("id: \"{id}\","));
                assert_eq!(found(case.deleted), !deleting, "{name}: {take:?}");
            }
        }
    }
}

// Issue #16, item 7: the emotion scale changed on one side, a score on the
// old scale given on the other.
#[test]
fn a_score_outside_the_other_sides_new_scale_is_a_conflict() {
    let base = template();
    let rescaled = edited(
        &base,
        vec![Edit::SetEmotionScale {
            scale: journeymap::model::EmotionScale { min: 1, max: 5 },
            rescale: true,
        }],
    );
    let scored = edited(
        &base,
        vec![Edit::AddStep {
            stage: "st-awareness".into(),
            index: 9,
            step: Step {
                id: "sp-new".into(),
                name: "Hears of it from a friend".into(),
                score: Some(-1.5),
                ..Step::default()
            },
        }],
    );
    for (ours, theirs) in [(&rescaled, &scored), (&scored, &rescaled)] {
        let sides = Sides::new();
        sides.write_map("base.ron", &base);
        sides.write_map("ours.ron", ours);
        sides.write_map("theirs.ron", theirs);
        let (code, stderr) = sides.merge();
        assert_eq!(code, Some(1), "{stderr}");
        assert!(
            stderr.contains("(sp-new)") && stderr.contains("1..5"),
            "{stderr}"
        );
        let merged = sides.ours();
        let index = merged
            .conflicts
            .iter()
            .position(|c| c.id == "sp-new" && c.field == "score")
            .unwrap_or_else(|| panic!("{:?}", merged.conflicts));
        let mut decided = merged.clone();
        resolve::resolve(&merged, index, Take::Theirs)
            .expect("resolves")
            .apply(&mut decided)
            .expect("applies");
        assert_eq!(errors(&decided), Vec::<String>::new());
    }
}

// Issue #16, item 8: a kept item is not said to be kept "deleted".
#[test]
fn check_says_an_item_deleted_on_one_side_and_changed_on_the_other_is_kept() {
    let base = template();
    let deleted = edited(
        &base,
        vec![Edit::RemoveCard {
            id: "cd-pain-popup".into(),
        }],
    );
    let mut card = base.card(&"cd-pain-popup".into()).expect("card").clone();
    card.votes += 3;
    let changed = edited(&base, vec![Edit::SetCard(card)]);
    let sides = Sides::new();
    sides.write_map("base.ron", &base);
    sides.write_map("ours.ron", &deleted);
    sides.write_map("theirs.ron", &changed);
    let (code, merged) = sides.merge();
    assert_eq!(code, Some(1), "{merged}");
    let out = run(sides.dir.path(), ["check", "ours.ron"]);
    let warning = stderr(&out)
        .lines()
        .find(|l| l.contains("unresolved merge conflict"))
        .map(str::to_owned)
        .expect("check warns about the conflict");
    assert!(
        !warning.contains("kept \"deleted\""),
        "a kept item is said to be kept \"deleted\": {warning}"
    );
    assert!(
        warning.contains("\"cd-pain-popup\"")
            && warning.contains("deleted on our side")
            && warning.contains("changed on theirs")
            && warning.contains("kept"),
        "{warning}"
    );
}

// Issue #16, item 8: two sides adding one id added it; neither changed it.
#[test]
fn the_same_id_added_on_both_sides_is_said_to_be_added() {
    let base = template();
    let add = |text: &str| {
        edited(
            &base,
            vec![Edit::AddCard {
                journey: "jr-lead-gen".into(),
                index: 99,
                card: Card {
                    id: "cd-new".into(),
                    lane: "ln-act".into(),
                    step: "sp-search".into(),
                    text: text.into(),
                    ..Card::default()
                },
            }],
        )
    };
    let sides = Sides::new();
    sides.write_map("base.ron", &base);
    sides.write_map("ours.ron", &add("Ours"));
    sides.write_map("theirs.ron", &add("Theirs"));
    let (code, stderr) = sides.merge();
    assert_eq!(code, Some(1), "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.contains("(cd-new)"))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        line.contains("both sides added") && !line.contains("changed"),
        "{line}"
    );
    assert!(
        line.contains("kept ours \"Ours\", theirs was \"Theirs\""),
        "{line}"
    );
}

// Issue #16, item 8: nothing to write, nothing written (a read-only folder works).
#[test]
fn a_merge_whose_result_is_ours_does_not_write_ours() {
    use std::os::unix::fs::PermissionsExt as _;
    let base = template();
    let mut card = base.card(&"cd-pain-popup".into()).expect("card").clone();
    card.votes += 3;
    let changed = edited(&base, vec![Edit::SetCard(card)]);
    // Identical inputs; ours changed and theirs not; both made the same change.
    for (name, ours, theirs) in [
        ("identical", &base, &base),
        ("only ours changed", &changed, &base),
        ("the same change", &changed, &changed),
    ] {
        let sides = Sides::new();
        sides.write_map("base.ron", &base);
        sides.write_map("ours.ron", ours);
        sides.write_map("theirs.ron", theirs);
        let before = stamp(&sides.path("ours.ron"));
        let dir = sides.dir.path();
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        let (code, stderr) = sides.merge();
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        assert_eq!(code, Some(0), "{name}: {stderr}");
        assert_eq!(stderr, "", "{name}");
        assert_eq!(
            stamp(&sides.path("ours.ron")),
            before,
            "{name}: ours was written again"
        );
        assert_eq!(sides.ours(), *ours, "{name}");
    }
}
