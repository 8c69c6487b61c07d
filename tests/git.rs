//! Maps in a real git repository, with the diff and merge drivers wired
//! exactly as the README says (pointing at this build's binary).
//!
//! Every test skips with a message when `git` is not on PATH.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use journeymap::edit::{Edit, ItemRef};
use journeymap::io::{self, templates};
use journeymap::model::{Card, JourneyMap};

const MAP: &str = "lead-generation.ron";

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_journeymap")
}

fn have_git() -> bool {
    let found = Command::new("git").arg("--version").output().is_ok();
    if !found {
        eprintln!("SKIPPED: `git` is not on PATH; the git integration tests need it");
    }
    found
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    /// A repository with the drivers wired as the README says and one commit
    /// holding the lead-generation template.
    fn new() -> Self {
        let repo = Repo {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.name", "Test"]);
        repo.git(&["config", "user.email", "test@example.com"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        // The README's wiring, with `journeymap` replaced by this build.
        std::fs::write(
            repo.path().join(".gitattributes"),
            "*.ron diff=journeymap merge=journeymap\n",
        )
        .expect("write .gitattributes");
        let exe = format!("'{}'", bin());
        repo.git(&[
            "config",
            "diff.journeymap.textconv",
            &format!("{exe} textconv"),
        ]);
        repo.git(&[
            "config",
            "merge.journeymap.name",
            "journeymap: merge maps by id",
        ]);
        repo.git(&[
            "config",
            "merge.journeymap.driver",
            &format!("{exe} merge %O %A %B"),
        ]);
        let template = templates::find("lead-generation").expect("template");
        std::fs::write(repo.map_path(), template.text).expect("write map");
        repo.commit("a map");
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn map_path(&self) -> PathBuf {
        self.path().join(MAP)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("git")
            .args(args)
            .current_dir(self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", self.path())
            .output()
            .expect("git runs")
    }

    fn git(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "git {args:?} failed:\n{}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        text(&out.stdout)
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    fn map(&self) -> JourneyMap {
        io::load(&self.map_path()).expect("the map in the work tree loads")
    }

    fn edit(&self, edits: Vec<Edit>) {
        let mut map = self.map();
        Edit::Batch(edits).apply(&mut map).expect("edit applies");
        io::save(&self.map_path(), &map).expect("saves");
    }

    /// Edits on a branch `theirs` and on `main`, then merges `theirs` into
    /// `main`; also says whether plain git would have conflicted.
    fn merge_and_plain(&self, ours: Vec<Edit>, theirs: Vec<Edit>) -> (Output, bool) {
        self.git(&["checkout", "-q", "-b", "theirs"]);
        self.edit(theirs);
        self.commit("their edit");
        self.git(&["checkout", "-q", "main"]);
        self.edit(ours);
        self.commit("our edit");
        let plain = self.plain_git_conflicts();
        (self.run(&["merge", "--no-edit", "theirs"]), plain)
    }

    fn merge(&self, ours: Vec<Edit>, theirs: Vec<Edit>) -> Output {
        self.merge_and_plain(ours, theirs).0
    }

    /// Whether plain git (no driver) conflicts on the same three versions.
    fn plain_git_conflicts(&self) -> bool {
        let show = |rev: &str| self.git(&["show", &format!("{rev}:{MAP}")]);
        let base = self.git(&["merge-base", "main", "theirs"]);
        let files = [
            ("plain-ours.ron", show("main")),
            ("plain-base.ron", show(base.trim())),
            ("plain-theirs.ron", show("theirs")),
        ];
        let scratch = tempfile::tempdir().expect("temp dir");
        for (name, content) in &files {
            std::fs::write(scratch.path().join(name), content).expect("write");
        }
        let out = Command::new("git")
            .args([
                "merge-file",
                "-p",
                "plain-ours.ron",
                "plain-base.ron",
                "plain-theirs.ron",
            ])
            .current_dir(scratch.path())
            .output()
            .expect("git merge-file runs");
        !out.status.success()
    }

    fn unmerged(&self) -> String {
        self.git(&["diff", "--name-only", "--diff-filter=U"])
    }
}

fn rename(card: &str, new_text: &str) -> Edit {
    Edit::Rename {
        item: ItemRef::Card(card.into()),
        name: new_text.into(),
    }
}

fn card_text(map: &JourneyMap, id: &str) -> String {
    map.card(&id.into()).expect("card is there").text.clone()
}

fn assert_clean(repo: &Repo, out: &Output) {
    assert!(
        out.status.success(),
        "merge failed:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert_eq!(repo.unmerged(), "");
    // The merged file is canonical and valid.
    let check = Command::new(bin())
        .args(["check", "--strict"])
        .arg(repo.map_path())
        .output()
        .expect("check runs");
    assert!(check.status.success(), "{}", text(&check.stderr));
}

#[test]
fn different_cards_edited_on_two_branches_merge_with_both_edits() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    let out = repo.merge(
        vec![rename("cd-tp-google", "Ours: organic search")],
        vec![rename("cd-back-seo", "Theirs: SEO team")],
    );
    assert_clean(&repo, &out);
    let map = repo.map();
    assert_eq!(card_text(&map, "cd-tp-google"), "Ours: organic search");
    assert_eq!(card_text(&map, "cd-back-seo"), "Theirs: SEO team");
}

#[test]
fn edits_on_neighbouring_lines_merge_where_plain_git_conflicts() {
    if !have_git() {
        return;
    }
    // Two fields of one card on adjacent lines: its text and its channel.
    let repo = Repo::new();
    let mut channel = repo
        .map()
        .card(&"cd-tp-linkedin".into())
        .cloned()
        .expect("card");
    channel.channel = Some("web".into());
    let (out, plain) = repo.merge_and_plain(
        vec![rename(
            "cd-tp-linkedin",
            "LinkedIn post shared by a colleague",
        )],
        vec![Edit::SetCard(channel)],
    );
    assert!(plain, "plain git should conflict here");
    assert_clean(&repo, &out);
    let map = repo.map();
    let card = map.card(&"cd-tp-linkedin".into()).expect("card");
    assert_eq!(card.text, "LinkedIn post shared by a colleague");
    assert_eq!(
        card.channel
            .as_ref()
            .map(journeymap::model::ChannelId::as_str),
        Some("web")
    );

    // Two new cards, each added right after the same card on its branch.
    let repo = Repo::new();
    let map = repo.map();
    let journey = map.journeys[0].id.clone();
    let after = map.journeys[0]
        .cards
        .iter()
        .position(|c| c.id.as_str() == "cd-act-search")
        .expect("card")
        + 1;
    let add = |id: &str| Edit::AddCard {
        journey: journey.clone(),
        index: after,
        card: Card {
            id: id.into(),
            lane: "ln-act".into(),
            step: "sp-search".into(),
            text: format!("Added as {id}"),
            ..Card::default()
        },
    };
    let (out, plain) = repo.merge_and_plain(vec![add("cd-ours-new")], vec![add("cd-theirs-new")]);
    assert!(plain, "plain git should conflict here");
    assert_clean(&repo, &out);
    let ids: Vec<String> = repo.map().journeys[0]
        .cards
        .iter()
        .map(|c| c.id.to_string())
        .collect();
    assert_eq!(
        ids[after - 1..after + 2],
        ["cd-act-search", "cd-ours-new", "cd-theirs-new"],
        "both new cards, ours first, where they were added"
    );
    assert_eq!(ids.len(), map.card_count() + 2);
}

#[test]
fn a_card_moved_on_one_branch_and_renamed_on_the_other_is_moved_and_renamed() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    let out = repo.merge(
        vec![Edit::MoveCard {
            id: "cd-tp-linkedin".into(),
            lane: "ln-touch".into(),
            step: "sp-demo".into(),
            index: 0,
        }],
        vec![rename("cd-tp-linkedin", "LinkedIn post by a customer")],
    );
    assert_clean(&repo, &out);
    let map = repo.map();
    let card = map.card(&"cd-tp-linkedin".into()).expect("card");
    assert_eq!(card.text, "LinkedIn post by a customer");
    assert_eq!(card.step.as_str(), "sp-demo");
    assert_eq!(
        map.stage_at(&"st-decision".into()).map(|_| ()),
        Some(()),
        "sp-demo's stage is still there"
    );
}

#[test]
fn renaming_the_same_card_on_both_branches_is_a_recorded_conflict() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    let out = repo.merge(
        vec![rename("cd-tp-google", "Ours")],
        vec![rename("cd-tp-google", "Theirs")],
    );
    assert!(!out.status.success(), "git must see a conflict");
    let said = text(&out.stderr) + &text(&out.stdout);
    assert!(
        said.contains(
            "conflict: both sides changed the text of touchpoint \"Ours\" (cd-tp-google): kept ours \"Ours\", theirs was \"Theirs\""
        ),
        "{said}"
    );
    assert_eq!(repo.unmerged().trim(), MAP);
    let map = repo.map();
    assert_eq!(card_text(&map, "cd-tp-google"), "Ours");
    assert_eq!(map.conflicts.len(), 1);
    assert_eq!(map.conflicts[0].id, "cd-tp-google");
    assert_eq!(map.conflicts[0].field, "text");
    assert_eq!(map.conflicts[0].theirs, "Theirs");

    let check = |strict: bool| {
        let mut cmd = Command::new(bin());
        cmd.arg("check");
        if strict {
            cmd.arg("--strict");
        }
        cmd.arg(repo.map_path()).output().expect("check runs")
    };
    let loose = check(false);
    assert_eq!(loose.status.code(), Some(0), "{}", text(&loose.stderr));
    assert!(
        text(&loose.stderr)
            .contains("warning: unresolved merge conflict on text of \"cd-tp-google\""),
        "{}",
        text(&loose.stderr)
    );
    let strict = check(true);
    assert_eq!(strict.status.code(), Some(1), "{}", text(&strict.stderr));
}

#[test]
fn git_diff_shows_the_textconv_outline() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.edit(vec![
        rename("cd-tp-google", "Organic search result (case study)"),
        Edit::SetScore {
            step: "sp-search".into(),
            score: Some(-1.0),
        },
    ]);
    let shown = repo.git(&["diff"]);
    assert!(
        shown.contains("-      Touchpoints: \"Organic search result (blog post)\" [cd-tp-google]"),
        "{shown}"
    );
    assert!(
        shown.contains("+      Touchpoints: \"Organic search result (case study)\" [cd-tp-google]"),
        "{shown}"
    );
    assert!(shown.contains("+    Step \""), "{shown}");
    assert!(shown.contains("[sp-search] - emotion -1"), "{shown}");
    // Without the driver git shows the RON lines.
    let raw = repo.git(&["diff", "--no-textconv"]);
    assert!(
        raw.contains("+                    text: \"Organic search result (case study)\","),
        "{raw}"
    );
}

#[test]
fn textconv_prints_a_file_that_does_not_parse_as_it_is() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("broken.ron");
    let bytes = b"JourneyMap(\n    version: 1,\n    title: \"cut off\n\xff\xfe";
    std::fs::write(&path, bytes).expect("write");
    let out = Command::new(bin())
        .arg("textconv")
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, bytes);
    if have_git() {
        // And through git: a broken map in the work tree still diffs.
        let repo = Repo::new();
        std::fs::write(
            repo.map_path(),
            "JourneyMap(\n    version: 1,\n    title: oops\n",
        )
        .expect("write");
        let shown = repo.git(&["diff"]);
        assert!(shown.contains("+    title: oops"), "{shown}");
    }
}

#[test]
fn textconv_prints_a_map_over_64_mb_as_it_is_without_reading_it_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let textconv = |path: &Path| {
        let out = Command::new(bin())
            .arg("textconv")
            .arg(path)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0));
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    // A map, then a comment of zero bytes: small, it loads and is outlined.
    let head = b"JourneyMap(version: 1, title: \"Padded\")\n// ";
    let small = dir.path().join("small.ron");
    let mut bytes = head.to_vec();
    bytes.resize(4096, 0);
    std::fs::write(&small, &bytes).expect("write");
    let outline = textconv(&small);
    assert!(String::from_utf8_lossy(&outline).contains("Padded"));
    assert_ne!(outline, bytes);
    // Padded to 65 MB (a sparse file), it is printed as it is.
    let huge = dir.path().join("huge.ron");
    std::fs::write(&huge, head).expect("write");
    let size = 65 * 1024 * 1024;
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&huge)
        .expect("open");
    file.set_len(size).expect("grow");
    drop(file);
    let shown = textconv(&huge);
    assert_eq!(shown.len() as u64, size);
    assert!(shown.starts_with(head));
}

#[test]
fn diff_exits_0_for_equal_maps_1_for_changes_and_2_for_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let template = templates::find("lead-generation").expect("template");
    let old = dir.path().join("old.ron");
    let new = dir.path().join("new.ron");
    let broken = dir.path().join("broken.ron");
    std::fs::write(&old, template.text).expect("write");
    std::fs::write(
        &broken,
        "JourneyMap(\n    version: 1,\n    titel: \"x\",\n)\n",
    )
    .expect("write");
    let mut map = io::load(&old).expect("loads");
    Edit::Rename {
        item: ItemRef::Stage("st-retention".into()),
        name: "Loyalty".into(),
    }
    .apply(&mut map)
    .expect("applies");
    io::save(&new, &map).expect("saves");
    let diff = |a: &Path, b: &Path| {
        Command::new(bin())
            .arg("diff")
            .args([a, b])
            .output()
            .expect("runs")
    };
    let same = diff(&old, &old);
    assert_eq!((same.status.code(), same.stdout.len()), (Some(0), 0));
    let changed = diff(&old, &new);
    assert_eq!(changed.status.code(), Some(1));
    assert_eq!(
        text(&changed.stdout),
        "stage \"Retention\" renamed to \"Loyalty\"\n"
    );
    let bad = diff(&old, &broken);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("broken.ron:3:5: error:"),
        "{}",
        text(&bad.stderr)
    );
    let missing = diff(&old, &dir.path().join("missing.ron"));
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn merge_with_a_side_that_does_not_parse_exits_2_and_leaves_ours_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let template = templates::find("lead-generation").expect("template");
    let base = dir.path().join("base.ron");
    let ours = dir.path().join("ours.ron");
    let theirs = dir.path().join("theirs.ron");
    std::fs::write(&base, template.text).expect("write");
    let ours_text = template.text.replace("Curious but sceptical", "Curious");
    std::fs::write(&ours, &ours_text).expect("write");
    std::fs::write(&theirs, "JourneyMap(\n    version: 1,\n").expect("write");
    let out = Command::new(bin())
        .arg("merge")
        .args([&base, &ours, &theirs])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("theirs.ron:"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&ours).expect("read"), ours_text);
    // An empty ancestor (both sides added the file) merges against an empty map.
    std::fs::write(&base, "").expect("write");
    std::fs::write(&theirs, template.text).expect("write");
    let out = Command::new(bin())
        .arg("merge")
        .args([&base, &ours, &theirs])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(io::load(&ours).is_ok());
}

mod properties {
    use super::common;
    use journeymap::{io, vcs};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn merging_any_maps_never_panics_and_gives_a_map_that_saves_and_loads(
            base in common::document(),
            ours in common::document(),
            theirs in common::document(),
        ) {
            let out = vcs::merge(&base, &ours, &theirs);
            let text = io::to_canonical_string(&out.map).expect("saves");
            let back = io::from_str(&text).expect("loads");
            prop_assert_eq!(back, out.map.clone());
            // A side that changed nothing takes the other side whole.
            prop_assert_eq!(vcs::merge(&base, &base, &theirs).map.title, theirs.title);
            let _ = vcs::outline(&out.map);
        }

        #[test]
        fn the_diff_names_every_difference(
            old in common::document(),
            new in common::document(),
        ) {
            let lines = vcs::diff(&old, &new);
            prop_assert_eq!(lines.is_empty(), old == new, "{:?}", lines);
            prop_assert!(vcs::diff(&old, &old).is_empty());
            prop_assert!(
                !lines.iter().any(|l| l.contains("cannot name")),
                "{:?}", lines
            );
        }
    }
}
