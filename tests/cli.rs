//! The command line, run as a user runs it: exit codes, outputs, messages.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use journeymap::io::templates::TEMPLATES;

fn journeymap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_journeymap"))
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("runs the binary")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Asserts the exit code and that nothing panicked.
fn assert_exit(out: &Output, code: i32) {
    let err = stderr(out);
    assert!(
        !err.contains("panicked") && !err.contains("internal error"),
        "panic: {err}"
    );
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout: {}\nstderr: {err}",
        stdout(out)
    );
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

#[test]
fn templates_lists_name_two_spaces_description() {
    let out = journeymap(&["templates"]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    let names: Vec<&str> = text
        .lines()
        .map(|l| l.split("  ").next().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        vec![
            "blank",
            "lead-generation",
            "lead-generation-pl",
            "b2b-saas",
            "ecommerce"
        ]
    );
    for line in text.lines() {
        let (name, description) = line.split_once("  ").expect("two spaces");
        assert!(
            !name.contains(' ') && !description.trim().is_empty(),
            "{line}"
        );
    }
}

#[test]
fn every_template_makes_a_clean_canonical_map() {
    let dir = tempfile::tempdir().expect("tempdir");
    for template in TEMPLATES {
        let path = dir.path().join(format!("{}.ron", template.name));
        let out = journeymap(&["new", "--template", template.name, s(&path)]);
        assert_exit(&out, 0);
        let written = std::fs::read(&path).expect("written");
        let first_difference = String::from_utf8_lossy(&written)
            .lines()
            .zip(template.text.lines())
            .position(|(a, b)| a != b);
        assert!(
            written == template.text.as_bytes(),
            "{} is shipped in canonical form; first difference at line {first_difference:?}",
            template.name
        );

        let out = journeymap(&["check", "--strict", s(&path)]);
        assert_exit(&out, 0);
        assert!(
            stderr(&out).is_empty(),
            "{}: {}",
            template.name,
            stderr(&out)
        );

        let out = journeymap(&["fmt", "--check", s(&path)]);
        assert_exit(&out, 0);
        let out = journeymap(&["fmt", s(&path)]);
        assert_exit(&out, 0);
        assert!(
            std::fs::read(&path).expect("read") == written,
            "{}: fmt is byte-identical",
            template.name
        );
    }
}

#[test]
fn new_never_overwrites_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "map.ron", b"keep me");
    let out = journeymap(&["new", s(&path)]);
    assert_exit(&out, 1);
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&path).expect("read"), b"keep me");

    let out = journeymap(&["new", "--force", "--template", "lead-generation", s(&path)]);
    assert_exit(&out, 0);
    assert!(
        std::fs::read_to_string(&path)
            .expect("read")
            .contains("Awareness")
    );
}

#[test]
fn new_into_a_missing_folder_is_an_io_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("no").join("such").join("map.ron");
    let out = journeymap(&["new", s(&path)]);
    assert_exit(&out, 2);
    assert_eq!(
        stderr(&out),
        format!(
            "journeymap: error: cannot save (while creating a temporary file in the folder): \
             the folder is gone (deleted, moved or unmounted); save somewhere else or create \
             the folder again; the file on disk was not changed: {}\n",
            path.display()
        )
    );
}

#[test]
fn new_with_an_unknown_template_names_the_known_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = journeymap(&["new", "--template", "nope", s(&dir.path().join("x.ron"))]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("lead-generation"), "{}", stderr(&out));
}

#[test]
fn help_and_version_work_on_every_command() {
    for args in [
        vec!["--help"],
        vec!["--version"],
        vec!["new", "--help"],
        vec!["templates", "--help"],
        vec!["check", "--help"],
        vec!["fmt", "--help"],
        vec!["export", "--help"],
        vec!["import", "--help"],
        vec!["import", "csv", "--help"],
        vec!["import", "mermaid", "--help"],
    ] {
        let out = journeymap(&args);
        assert_exit(&out, 0);
        assert!(!stdout(&out).is_empty(), "{args:?}");
    }
    assert!(stdout(&journeymap(&["--version"])).starts_with("journeymap "));
}

/// A bad map: the exit code, and a message with `file:line:col` naming `words`.
fn assert_bad_map(name: &str, bytes: &[u8], code: i32, line_col: Option<&str>, words: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), name, bytes);
    for command in ["check", "fmt"] {
        let out = journeymap(&[command, s(&path)]);
        assert_exit(&out, code);
        let err = stderr(&out);
        let prefix = match line_col {
            Some(lc) => format!("{}:{lc}: error: ", path.display()),
            None => format!("{}:", path.display()),
        };
        assert!(
            err.starts_with(&prefix),
            "{command} {name}: expected {prefix:?} in {err}"
        );
        assert!(
            err.to_lowercase().contains(words),
            "{command} {name}: expected {words:?} in {err}"
        );
        assert_eq!(
            std::fs::read(&path).expect("read"),
            bytes,
            "the file is untouched"
        );
    }
}

#[test]
fn an_empty_file_is_refused() {
    assert_bad_map("empty.ron", b"", 1, Some("1:1"), "empty");
}

#[test]
fn a_file_cut_off_halfway_is_refused() {
    let text = TEMPLATES[1].text;
    // Cut at the end of a line: the brackets are left open.
    let at_line = text[..text.len() / 2].rfind('\n').expect("lines") + 1;
    assert_bad_map("cut.ron", &text.as_bytes()[..at_line], 1, None, "cut off");
    // Cut inside a text: the quote is left open.
    let in_text = text[..text.len() / 2].rfind("text: \"").expect("a card") + 10;
    assert_bad_map(
        "cut2.ron",
        &text.as_bytes()[..in_text],
        1,
        None,
        "closing `\"`",
    );
    // Cut after a comma between two cards: the next card is missing.
    let after_comma = text[..text.len() / 2].rfind("),\n").expect("an item") + 2;
    assert_bad_map(
        "cut3.ron",
        &text.as_bytes()[..after_comma],
        1,
        None,
        "was it cut off?",
    );
}

#[test]
fn random_bytes_are_refused() {
    let mut bytes = Vec::new();
    let mut x = 0x9e37_79b9_u32;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes.push((x >> 24) as u8);
    }
    assert_bad_map("noise.ron", &bytes, 1, None, "not");
}

#[test]
fn a_newer_version_is_refused_naming_both_versions() {
    assert_bad_map(
        "future.ron",
        b"JourneyMap(\n    version: 999,\n    hologram: true,\n)\n",
        1,
        Some("1:1"),
        "999",
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "future.ron", b"JourneyMap(version: 999)");
    let err = stderr(&journeymap(&["check", s(&path)]));
    assert!(
        err.contains("version 999") && err.contains("up to 1"),
        "{err}"
    );
}

#[test]
fn check_fmt_and_export_refuse_a_newer_version_and_leave_the_file_untouched() {
    let supported = journeymap::model::CURRENT_VERSION;
    let dir = tempfile::tempdir().expect("tempdir");
    // A file from the future: a newer version, a field this build does not
    // know, and otherwise the current format; written unlike our canonical
    // form, so `fmt` would change it if it dared.
    for (name, version) in [("future.ron", "7"), ("far-future.ron", "99999999999")] {
        let bytes =
            format!("JourneyMap(version: {version}, title: \"From the future\", hologram: true)");
        let path = write(dir.path(), name, bytes.as_bytes());
        let png = dir.path().join("future.png");
        for args in [
            vec!["check", s(&path)],
            vec!["check", "--strict", s(&path)],
            vec!["fmt", s(&path)],
            vec!["fmt", "--check", s(&path)],
            vec!["export", s(&path), "-o", s(&png)],
        ] {
            let out = journeymap(&args);
            assert_exit(&out, 1);
            let err = stderr(&out);
            assert_eq!(
                err,
                format!(
                    "{}:1:1: error: this map has file version {version}, but this journeymap \
                     reads versions up to {supported}; open it with a newer journeymap\n",
                    path.display()
                ),
                "{args:?}"
            );
            assert_eq!(
                std::fs::read(&path).expect("read"),
                bytes.as_bytes(),
                "{args:?}: the file is untouched"
            );
            assert!(!png.exists(), "{args:?}: nothing exported");
        }
    }
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["far-future.ron", "future.ron"], "no temp file");
}

#[test]
fn deep_nesting_is_refused_without_a_crash() {
    let mut text = "JourneyMap(version: 1, title: ".to_owned();
    text.push_str(&"(".repeat(100_000));
    assert_bad_map(
        "deep.ron",
        text.as_bytes(),
        1,
        Some("1:30"),
        "expected a text",
    );
    let deep = "[".repeat(100_000);
    assert_bad_map("deep2.ron", deep.as_bytes(), 1, None, "");
}

#[test]
fn an_unknown_field_is_an_error_at_its_line_and_column() {
    let text = "JourneyMap(\n    version: 1,\n    titel: \"Typo\",\n)\n";
    assert_bad_map(
        "typo.ron",
        text.as_bytes(),
        1,
        Some("3:5"),
        "unknown field `titel`",
    );
}

const VALID_HEAD: &str = r#"JourneyMap(
    version: 1,
    lanes: [
        Lane(
            id: "ln-1",
            kind: Touchpoints,
        ),
    ],
    personas: [
        Persona(
            id: "pe-1",
            name: "Anna",
        ),
    ],
"#;

fn map_with_journey(journey: &str) -> String {
    format!("{VALID_HEAD}    journeys: [\n{journey}    ],\n)\n")
}

#[test]
fn a_duplicate_id_is_an_error_at_the_second_item() {
    let text = map_with_journey(
        r#"        Journey(
            id: "jr-1",
            name: "J",
            stages: [
                Stage(
                    id: "st-1",
                    name: "S",
                    steps: [
                        Step(
                            id: "pe-1",
                            name: "Step",
                        ),
                    ],
                ),
            ],
        ),
"#,
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "dup.ron", text.as_bytes());
    let out = journeymap(&["check", s(&path)]);
    assert_exit(&out, 1);
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!("{}:24:25: error: the id \"pe-1\"", path.display())),
        "{err}"
    );
    assert!(err.contains("already used by a persona"), "{err}");
}

#[test]
fn a_dangling_persona_reference_is_an_error_at_the_reference() {
    let text = map_with_journey(
        r#"        Journey(
            id: "jr-1",
            name: "J",
            personas: [
                "pe-1",
                "pe-gone",
            ],
        ),
"#,
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "dangling.ron", text.as_bytes());
    let out = journeymap(&["check", s(&path)]);
    assert_exit(&out, 1);
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{}:21:17: error: journey \"J\" names persona \"pe-gone\", which does not exist",
            path.display()
        )),
        "{err}"
    );
}

#[test]
fn a_score_outside_the_scale_is_an_error_at_the_score() {
    let text = map_with_journey(
        r#"        Journey(
            id: "jr-1",
            name: "J",
            stages: [
                Stage(
                    id: "st-1",
                    name: "S",
                    steps: [
                        Step(
                            id: "sp-1",
                            name: "Sign-up",
                            score: 7.0,
                        ),
                    ],
                ),
            ],
        ),
"#,
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "score.ron", text.as_bytes());
    let out = journeymap(&["check", s(&path)]);
    assert_exit(&out, 1);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{}:27:29: error: the emotion score 7 of step \"Sign-up\" is outside the map's scale -2..2", path.display())),
        "{err}"
    );
}

#[test]
fn warnings_pass_check_but_fail_strict() {
    let text = map_with_journey("        Journey(\n            id: \"jr-1\",\n        ),\n");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "warn.ron", text.as_bytes());
    let out = journeymap(&["check", s(&path)]);
    assert_exit(&out, 0);
    assert!(
        stderr(&out).contains(": warning: journey \"\" has no stages yet"),
        "{}",
        stderr(&out)
    );
    assert_exit(&journeymap(&["check", "--strict", s(&path)]), 1);
}

#[test]
fn recorded_merge_conflicts_warn_in_check_and_fail_strict() {
    let text = journeymap::io::templates::find("lead-generation")
        .map(|t| t.text)
        .expect("exists");
    let mut map = journeymap::io::from_str(text).expect("exists");
    map.conflicts.push(journeymap::model::Conflict {
        id: "cd-feel-search".to_owned(),
        field: "text".to_owned(),
        ours: "Curious but sceptical".to_owned(),
        theirs: "Sceptical".to_owned(),
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("merged.ron");
    journeymap::io::save(&path, &map).expect("saved");
    let line = std::fs::read_to_string(&path)
        .expect("exists")
        .lines()
        .position(|l| l.trim_start().starts_with("conflicts:"))
        .expect("the conflicts are in the file")
        + 1;
    let out = journeymap(&["check", s(&path)]);
    assert_exit(&out, 0);
    assert!(
        stderr(&out).contains(&format!(
            "merged.ron:{line}:5: warning: unresolved merge conflict on text of \"cd-feel-search\""
        )),
        "{}",
        stderr(&out)
    );
    assert_exit(&journeymap(&["check", "--strict", s(&path)]), 1);
}

#[test]
fn several_files_exit_with_the_worst_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("good.ron");
    assert_exit(&journeymap(&["new", s(&good)]), 0);
    let bad = write(dir.path(), "bad.ron", b"JourneyMap(version: 1, x: 1)");
    let missing = dir.path().join("missing.ron");
    assert_exit(&journeymap(&["check", s(&good), s(&bad)]), 1);
    let out = journeymap(&["check", s(&good), s(&bad), s(&missing)]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains(&format!("{}: error: cannot read", missing.display())),
        "{}",
        stderr(&out)
    );
}

#[test]
fn fmt_rewrites_a_hand_edited_map_and_check_mode_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let messy = "JourneyMap(version:1,title:\"Hand edited\",// a comment\r\n emotion_scale: EmotionScale(min: 1, max: 5))";
    let path = write(dir.path(), "messy.ron", messy.as_bytes());
    let out = journeymap(&["fmt", "--check", s(&path)]);
    assert_exit(&out, 1);
    assert!(
        stderr(&out).contains("not in canonical form"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), messy);

    assert_exit(&journeymap(&["fmt", s(&path)]), 0);
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        text,
        "JourneyMap(\n    version: 1,\n    title: \"Hand edited\",\n    emotion_scale: EmotionScale(\n        min: 1,\n        max: 5,\n    ),\n)\n"
    );
    assert_exit(&journeymap(&["fmt", "--check", s(&path)]), 0);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
}

#[test]
fn a_missing_file_cannot_be_read() {
    let out = journeymap(&["fmt", "/no/such/map.ron"]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).starts_with("/no/such/map.ron: error: cannot read"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_map_over_64_mb_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("huge.ron");
    let file = std::fs::File::create(&path).expect("create");
    // A sparse file: its size says 65 MB without writing them.
    file.set_len(65 * 1024 * 1024).expect("grow");
    drop(file);
    let png = dir.path().join("huge.png");
    for args in [
        vec!["check", s(&path)],
        vec!["fmt", s(&path)],
        vec!["export", s(&path), "-o", s(&png)],
    ] {
        let out = journeymap(&args);
        assert_exit(&out, 2);
        let err = stderr(&out);
        assert!(
            err.contains("the file is 65 MB, more than the 64 MB a map may have"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(
        std::fs::metadata(&path).expect("still there").len(),
        65 * 1024 * 1024
    );
    assert!(!png.exists());
}
