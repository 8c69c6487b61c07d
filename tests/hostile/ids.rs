//! Ids that would be paths, and file names made from a map's text (issue
//! #16, item 1, and the id part of item 8): a map from someone else, with
//! folders planted beside it, run through the real binary.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Output;

use super::{run, stderr};

fn assert_exit(out: &Output, code: i32) {
    let err = stderr(out);
    assert!(
        !err.contains("panicked") && !err.contains("internal error"),
        "panic: {err}"
    );
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
}

/// A string as RON writes it (Rust's escapes are RON's).
fn ron(text: &str) -> String {
    format!("{text:?}")
}

/// A map whose journeys have these (id, name)s, each with one stage, one
/// step and one touchpoint card; the first journey's persona has a photo
/// that is not there.
fn map_with(journeys: &[(&str, &str)], persona: &str) -> String {
    let mut text = format!(
        "JourneyMap(\n    version: 1,\n    title: \"Hostile\",\n    personas: [\n        Persona(\n            id: \"pe-a\",\n            name: {},\n            photo: \"missing.png\",\n        ),\n    ],\n    lanes: [\n        Lane(\n            id: \"ln-touch\",\n            kind: Touchpoints,\n        ),\n    ],\n    journeys: [\n",
        ron(persona)
    );
    for (i, (id, name)) in journeys.iter().enumerate() {
        let _ = write!(
            text,
            "        Journey(\n            id: {},\n            name: {},\n            personas: [\n                \"pe-a\",\n            ],\n            stages: [\n                Stage(\n                    id: \"st-{i}\",\n                    name: \"Stage\",\n                    steps: [\n                        Step(\n                            id: \"sp-{i}\",\n                            name: \"Step\",\n                        ),\n                    ],\n                ),\n            ],\n            cards: [\n                Card(\n                    id: \"cd-{i}\",\n                    lane: \"ln-touch\",\n                    step: \"sp-{i}\",\n                    text: \"Card\",\n                ),\n            ],\n        ),\n",
            ron(id),
            ron(name)
        );
    }
    text.push_str("    ],\n)\n");
    text
}

/// Every file and folder under `root`, as paths relative to it.
fn entries(root: &Path) -> BTreeSet<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeSet<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("list a folder") {
            let path = entry.expect("an entry").path();
            out.insert(path.strip_prefix(root).expect("under root").to_path_buf());
            if path.is_dir() && !path.is_symlink() {
                walk(root, &path, out);
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(root, root, &mut out);
    out
}

/// `root/a/b/repo/map.ron`, with `folders` planted beside the map; returns
/// the temporary root and the map's folder.
fn repository(map: &str, folders: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().expect("temp dir");
    let repo = root.path().join("a").join("b").join("repo");
    std::fs::create_dir_all(&repo).expect("mkdir");
    std::fs::write(repo.join("map.ron"), map).expect("write the map");
    for folder in folders {
        std::fs::create_dir_all(repo.join(folder)).expect("plant a folder");
    }
    (root, repo)
}

/// What `export` wrote: every new entry under the temporary root; each must
/// be a plain file directly in the map's folder (the output folder).
fn written(root: &Path, before: &BTreeSet<PathBuf>) -> Vec<String> {
    let repo = Path::new("a").join("b").join("repo");
    let mut names = Vec::new();
    for entry in entries(root).difference(before) {
        assert_eq!(
            entry.parent(),
            Some(repo.as_path()),
            "written outside the output folder: {}",
            entry.display()
        );
        assert!(
            root.join(entry).is_file(),
            "not a file: {}",
            entry.display()
        );
        let name = entry.file_name().expect("a name").to_string_lossy();
        names.push(name.into_owned());
    }
    names
}

/// A file name made from map text: ASCII, no control characters, no
/// separators, not hidden.
fn assert_safe_name(name: &str) {
    assert!(name.is_ascii(), "not ASCII: {name:?}");
    assert!(
        !name.contains(|c: char| c.is_control() || c == '/' || c == '\\'),
        "{name:?}"
    );
    assert!(!name.starts_with('.'), "{name:?}");
}

#[test]
fn export_all_with_a_climbing_id_writes_only_in_the_output_folder() {
    for ext in ["png", "mmd"] {
        let map = map_with(&[("x/../../../escaped", "Escape")], "Anna");
        let (root, repo) = repository(&map, &["map-x"]);
        let before = entries(root.path());
        let out = run(
            &repo,
            ["export", "map.ron", "-o", &format!("map.{ext}"), "--all"],
        );
        assert_exit(&out, 0);
        let names = written(root.path(), &before);
        assert_eq!(names.len(), 1, "{names:?}");
        for name in &names {
            assert_safe_name(name);
            assert!(name.starts_with("map-x") && name.ends_with(ext), "{name}");
        }
    }
}

#[test]
fn an_id_with_a_slash_is_exported_not_reported_as_a_missing_folder() {
    let map = map_with(&[("jr/a", "Slash")], "Anna");
    let (root, repo) = repository(&map, &[]);
    let before = entries(root.path());
    let out = run(&repo, ["export", "map.ron", "-o", "map.mmd", "--all"]);
    assert!(!stderr(&out).contains("gone"), "{}", stderr(&out));
    assert_exit(&out, 0);
    let names = written(root.path(), &before);
    assert_eq!(names.len(), 1, "{names:?}");
    assert_safe_name(&names[0]);
}

#[test]
fn a_missing_output_folder_is_named_as_missing() {
    let map = map_with(&[("jr-a", "A")], "Anna");
    let (root, repo) = repository(&map, &[]);
    let before = entries(root.path());
    for args in [
        ["export", "map.ron", "-o", "nowhere/map.png", "--all"].as_slice(),
        ["export", "map.ron", "-o", "nowhere/map.mmd"].as_slice(),
    ] {
        let out = run(&repo, args);
        assert_exit(&out, 2);
        let err = stderr(&out);
        assert!(
            err.contains("the output's folder does not exist") && !err.contains("gone"),
            "{err}"
        );
        assert!(err.trim_end().ends_with(args[3]), "path last: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    assert_eq!(entries(root.path()), before);
}

#[test]
fn distinct_journeys_get_distinct_ascii_file_names() {
    let map = map_with(
        &[
            ("jr-świat", "World"),
            ("jr-swiat", "World without the accent"),
            ("jr-Swiat", "World in capitals"),
            ("jr-dup", "One id"),
            ("jr-dup", "The same id again"),
            (".jr-hidden", "Hidden"),
            ("", "No id"),
        ],
        "Anna",
    );
    let (root, repo) = repository(&map, &[]);
    let before = entries(root.path());
    let out = run(&repo, ["export", "map.ron", "-o", "map.mmd", "--all"]);
    assert_exit(&out, 0);
    let names = written(root.path(), &before);
    assert_eq!(names.len(), 7, "one file per journey: {names:?}");
    let folded: BTreeSet<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
    assert_eq!(folded.len(), 7, "distinct even ignoring case: {names:?}");
    for name in &names {
        assert_safe_name(name);
    }
    assert!(names.contains(&"map-jr-swiat.mmd".to_owned()), "{names:?}");
}

#[test]
fn control_characters_in_ids_and_names_reach_no_file_name_and_no_log_line() {
    let map = map_with(
        &[(
            "jr-a\nexported /etc/passwd\u{1b}[31m",
            "Name\nmap.ron: error: forged\u{1b}[0m",
        )],
        "Anna\nexported /etc/shadow\u{7}",
    );
    let (root, repo) = repository(&map, &[]);
    let before = entries(root.path());
    let out = run(&repo, ["export", "map.ron", "-o", "map.png", "--all"]);
    assert_exit(&out, 0);
    for name in written(root.path(), &before) {
        assert_safe_name(&name);
    }
    let out2 = run(
        &repo,
        ["export", "map.ron", "-o", "map.mmd", "--journey", "nope"],
    );
    assert_exit(&out2, 1);
    assert_eq!(stderr(&out2).lines().count(), 1, "{}", stderr(&out2));
    for out in [&out, &out2] {
        let err = stderr(out);
        assert!(
            !err.contains(|c: char| c.is_control() && c != '\n'),
            "a control character on stderr: {err:?}"
        );
        for line in err.lines() {
            assert!(
                !line.starts_with("exported /etc") && !line.starts_with("map.ron: error: forged"),
                "a forged line: {err}"
            );
        }
    }
}

#[test]
fn check_reports_each_bad_id_with_its_line_and_column() {
    let long_ok = format!("jr-{}", "ż".repeat(125));
    let long_bad = format!("jr-{}", "ż".repeat(126));
    assert_eq!(long_ok.chars().count(), 128);
    let map = map_with(
        &[
            ("x/../../../escaped", "Escape"),
            (".hidden", "Hidden"),
            (&long_bad, "Long"),
            ("jr a", "Space"),
            ("jr-a\nb", "Newline"),
            ("jr-świadomość_1.2", "Polish"),
            (&long_ok, "Long but fine"),
        ],
        "Anna",
    );
    let (_root, repo) = repository(&map, &[]);
    let out = run(&repo, ["check", "map.ron"]);
    assert_exit(&out, 1);
    let err = stderr(&out);
    let lines: Vec<&str> = map.lines().collect();
    let place_of = |id: &str| {
        let needle = format!("id: {}", ron(id));
        let (line, text) = lines
            .iter()
            .enumerate()
            .find(|(_, l)| l.trim_start() == format!("{needle},"))
            .expect("the id is in the map");
        let col = text.find("id:").expect("id field") + 1;
        format!("map.ron:{}:{col}: error:", line + 1)
    };
    for bad in [
        "x/../../../escaped",
        ".hidden",
        long_bad.as_str(),
        "jr a",
        "jr-a\nb",
    ] {
        let place = place_of(bad);
        assert!(
            err.lines()
                .any(|l| l.starts_with(&place) && l.contains("id")),
            "no error at {place} for {bad:?}:\n{err}"
        );
    }
    for good in ["jr-świadomość_1.2", long_ok.as_str()] {
        let place = place_of(good);
        assert!(
            !err.lines().any(|l| l.starts_with(&place)),
            "{good:?} is a valid id:\n{err}"
        );
    }
}

#[test]
fn bundled_maps_have_valid_ids() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("maps");
    for entry in std::fs::read_dir(&dir).expect("maps/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "ron") {
            let out = run(&dir, ["check", path.to_str().expect("utf-8")]);
            assert_exit(&out, 0);
            assert!(!stderr(&out).contains("error"), "{}", stderr(&out));
        }
    }
}

#[test]
fn importers_make_only_valid_ids_from_hostile_names() {
    let long = "ł".repeat(500);
    let rows = [
        "świadomość",
        "Strona z cenami / pricing",
        "../../etc",
        "a\nb",
        "🦀 krab 🦀",
        &long,
        ".ukryty",
        "..",
        "/",
        "Zażółć gęślą jaźń",
    ];
    let mut csv = String::from("customer,time,channel,touchpoint,stage\n");
    for (i, name) in rows.iter().enumerate() {
        let name = name.replace('"', "\"\"");
        let _ = writeln!(
            csv,
            "c{i},2024-03-01 09:{i:02},\"{name}\",\"{name}\",\"{name}\""
        );
    }
    let mut mermaid = String::from("journey\n    title Tytuł\n");
    for name in &rows {
        let name = name.replace(['\n', ':'], " ");
        let _ = write!(mermaid, "    section {name}\n      {name}: 3: {name}\n");
    }
    let root = tempfile::tempdir().expect("temp dir");
    std::fs::write(root.path().join("in.csv"), csv).expect("write");
    std::fs::write(root.path().join("in.mmd"), mermaid).expect("write");
    for what in ["csv", "mermaid"] {
        let input = if what == "csv" { "in.csv" } else { "in.mmd" };
        let out = run(root.path(), ["import", what, input, "-o", "out.ron"]);
        assert_exit(&out, 0);
        let check = run(root.path(), ["check", "out.ron"]);
        assert!(
            !stderr(&check).contains("error"),
            "{what}: {}",
            stderr(&check)
        );
        let text = std::fs::read_to_string(root.path().join("out.ron")).expect("read");
        let ids: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("id: \""))
            .filter_map(|l| l.strip_suffix("\","))
            .collect();
        assert!(ids.len() > rows.len(), "{what}: {ids:?}");
        for id in ids {
            assert!(
                journeymap::model::ids::is_valid(id),
                "{what} made the id {id:?}"
            );
        }
    }
}

#[test]
fn an_input_value_with_a_line_end_stays_on_one_stderr_line() {
    let root = tempfile::tempdir().expect("temp dir");
    let csv = "Customer_ID,Timestamp,Channel,Touchpoint\n\
               a,\"2024-03-01\nin.csv:1: error: forged\",web,Ad\n";
    std::fs::write(root.path().join("in.csv"), csv).expect("write");
    let out = run(root.path(), ["import", "csv", "in.csv", "-o", "out.ron"]);
    assert_exit(&out, 1);
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!root.path().join("out.ron").exists());
}
