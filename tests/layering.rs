//! The lower layers stay free of UI: model/, edit, validate, io/, vcs/ and
//! i18n import no egui, eframe, epaint or emath, and nothing from the layers
//! above them (layout, paint, render, app, cli); theme and layout/ use
//! epaint but no egui, and nothing from paint, render, app or cli.

use std::path::{Path, PathBuf};

const UI_CRATES: &[&str] = &[
    "egui",
    "eframe",
    "epaint",
    "emath",
    "egui_kittest",
    "egui_glow",
];
const HIGHER_MODULES: &[&str] = &["layout", "paint", "render", "app", "cli"];

/// Code without comments (line, doc and block) and without string contents.
fn code_only(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    let mut block = 0usize;
    while let Some(c) = chars.next() {
        if block > 0 {
            if c == '*' && chars.peek() == Some(&'/') {
                chars.next();
                block -= 1;
            } else if c == '/' && chars.peek() == Some(&'*') {
                chars.next();
                block += 1;
            }
            continue;
        }
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                block = 1;
            }
            '\'' => {
                // A char literal (`'"'`, `'\''`) is skipped like a string;
                // a lifetime (`'a`) is code.
                let mut ahead = chars.clone();
                match (ahead.next(), ahead.next()) {
                    (Some('\\'), _) => {
                        chars.next();
                        chars.next();
                        for c in chars.by_ref() {
                            if c == '\'' {
                                break;
                            }
                        }
                        out.push_str("' '");
                    }
                    (Some(_), Some('\'')) => {
                        chars.next();
                        chars.next();
                        out.push_str("' '");
                    }
                    _ => out.push(c),
                }
            }
            '"' => {
                out.push('"');
                while let Some(c) = chars.next() {
                    if c == '\\' {
                        chars.next();
                    } else if c == '"' {
                        break;
                    }
                }
                out.push('"');
            }
            _ => out.push(c),
        }
    }
    out
}

fn words(code: &str) -> Vec<&str> {
    code.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// What in `source` breaks the lower layers' rule, one line per finding.
fn violations(source: &str) -> Vec<String> {
    violations_of(source, UI_CRATES, HIGHER_MODULES)
}

/// What in `source` uses one of `crates` or a path into one of `modules`.
fn violations_of(source: &str, crates: &[&str], modules: &[&str]) -> Vec<String> {
    let code = code_only(source);
    let mut found = Vec::new();
    for (n, line) in code.lines().enumerate() {
        for word in words(line) {
            if crates.contains(&word) {
                found.push(format!("line {}: uses `{word}`", n + 1));
            }
        }
    }
    // Paths into higher modules: `crate::paint`, or `crate::{.., paint, ..}` in a use.
    let flat = code.split_whitespace().collect::<Vec<_>>().join(" ");
    for name in names_after(&flat, "crate::") {
        if modules.contains(&name.as_str()) {
            found.push(format!("uses crate::{name}"));
        }
    }
    found
}

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .expect("list src")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for entry in entries {
            rust_files(&entry, out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_owned());
    }
}

#[test]
fn lower_layers_import_no_ui_and_no_higher_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for lower in ["model", "edit.rs", "validate.rs", "io", "vcs", "i18n.rs"] {
        rust_files(&src.join(lower), &mut files);
    }
    assert!(files.len() >= 8, "found the lower layers' files: {files:?}");
    assert!(
        files.iter().any(|f| f.ends_with("vcs/merge.rs")),
        "vcs/ is checked too: {files:?}"
    );
    let mut problems = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).expect("read");
        for v in violations(&source) {
            problems.push(format!("{}: {v}", file.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "layer rule broken:\n{}",
        problems.join("\n")
    );
}

/// Theme and layout measure text with epaint but know no egui Context, no
/// painter and no app.
#[test]
fn theme_and_layout_use_epaint_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![src.join("theme.rs")];
    rust_files(&src.join("layout"), &mut files);
    assert!(files.len() >= 4, "found layout's files: {files:?}");
    let crates = ["egui", "eframe", "egui_kittest", "egui_glow"];
    let modules = ["paint", "render", "app", "cli"];
    let mut problems = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).expect("read");
        for v in violations_of(&source, &crates, &modules) {
            problems.push(format!("{}: {v}", file.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "layer rule broken:\n{}",
        problems.join("\n")
    );
    assert_eq!(
        violations_of("use crate::paint::Photo;", &crates, &modules).len(),
        1
    );
    assert!(violations_of("use epaint::Galley;", &crates, &modules).is_empty());
}

#[test]
fn the_checker_catches_what_it_must_and_ignores_comments() {
    assert_eq!(violations("use egui::Color32;").len(), 1);
    assert_eq!(
        violations("fn f() { let _ = epaint::Shape::Noop; }").len(),
        1
    );
    assert_eq!(violations("use crate::paint::theme;").len(), 1);
    assert_eq!(
        violations("use crate::{\n    model::Card,\n    layout::Geometry,\n};").len(),
        1
    );
    assert_eq!(
        violations("use crate::{model::{Card, Lane}, app};").len(),
        1
    );
    assert!(violations("// egui draws this later\n/* eframe */ fn f() {}").is_empty());
    assert!(
        violations("/// Not egui.\nuse crate::model::{Card, Lane};\nlet s = \"egui\";").is_empty()
    );
    assert!(violations("use crate::model::layout_hint;").is_empty());
}

/// The painter and the renderer serve both the editor and the command line:
/// they know neither.
#[test]
fn paint_and_render_know_no_app_and_no_cli() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src.join("paint"), &mut files);
    rust_files(&src.join("render"), &mut files);
    assert!(
        files.len() >= 6,
        "found paint's and render's files: {files:?}"
    );
    let mut problems = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).expect("read");
        for v in violations_of(&source, &["egui_kittest"], &["app", "cli"]) {
            problems.push(format!("{}: {v}", file.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "layer rule broken:\n{}",
        problems.join("\n")
    );
}

/// The names a path written after `prefix` starts with: `B` in
/// `prefix B::x`, or every top-level name of `prefix {B, C::{..}}`.
fn names_after(flat: &str, prefix: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = flat;
    while let Some(at) = rest.find(prefix) {
        // `prefix` must start a path: not `xsuper::`.
        let before = rest[..at].chars().next_back();
        let path = &rest[at + prefix.len()..];
        rest = path;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        if let Some(group) = path.strip_prefix('{') {
            let mut depth = 0;
            let mut current = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => names.push(std::mem::take(&mut current)),
                    _ if depth == 0 => current.push(c),
                    _ => {}
                }
            }
            names.push(current);
        } else {
            names.push(path.to_owned());
        }
    }
    names
        .iter()
        .map(|n| {
            n.trim_start()
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or("")
                .to_owned()
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// A module's code without its unit tests (a test may use any sibling).
fn without_tests(source: &str) -> &str {
    source
        .find("#[cfg(test)]\nmod tests")
        .map_or(source, |at| &source[..at])
}

/// The sibling modules each module of `folder` (a folder under `src`, or
/// `src` itself) imports, by module name.
fn sibling_imports(
    src: &Path,
    folder: &Path,
) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let module_path: Vec<String> = folder
        .strip_prefix(src)
        .expect("under src")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let mut siblings = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(folder).expect("list") {
        let path = entry.expect("entry").path();
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir()
            || (path.extension().is_some_and(|e| e == "rs")
                && !["mod", "lib", "main"].contains(&stem.as_str()))
        {
            siblings.insert(stem, path);
        }
    }
    let full = if module_path.is_empty() {
        "crate::".to_owned()
    } else {
        format!("crate::{}::", module_path.join("::"))
    };
    let mut imports = std::collections::BTreeMap::new();
    for (name, path) in &siblings {
        let mut files = Vec::new();
        rust_files(path, &mut files);
        let mut used = std::collections::BTreeSet::new();
        for file in files {
            let source = std::fs::read_to_string(&file).expect("read");
            let code = code_only(without_tests(&source));
            let flat = code.split_whitespace().collect::<Vec<_>>().join(" ");
            // `super::` from `name.rs` or `name/mod.rs` reaches the siblings;
            // from `name/x.rs`, `super::super::` does.
            let depth = file
                .strip_prefix(path)
                .map_or(0, |p| p.components().count().saturating_sub(1));
            let nested = file.file_name().is_some_and(|f| f != "mod.rs") && depth > 0;
            let up = if nested { "super::super::" } else { "super::" };
            for prefix in [full.as_str(), up] {
                for used_name in names_after(&flat, prefix) {
                    if used_name != *name && siblings.contains_key(&used_name) {
                        used.insert(used_name);
                    }
                }
            }
        }
        imports.insert(name.clone(), used);
    }
    imports
}

/// Pairs of sibling modules that import each other, in every folder of `src`.
fn import_cycles(src: &Path) -> Vec<String> {
    let mut folders = vec![src.to_path_buf()];
    let mut cycles = Vec::new();
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            }
        }
        let imports = sibling_imports(src, &folder);
        for (a, used) in &imports {
            for b in used {
                if a < b && imports.get(b).is_some_and(|back| back.contains(a)) {
                    cycles.push(format!("{}: {a} <-> {b}", folder.display()));
                }
            }
        }
    }
    cycles.sort();
    cycles
}

/// No two sibling modules of `src/` import each other: each folder's
/// modules form layers too (a parent re-exporting a child is not a cycle).
#[test]
fn no_two_sibling_modules_import_each_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let cycles = import_cycles(&src);
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_cycle_checker_finds_a_planted_cycle() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path().join("src");
    let vcs = src.join("vcs");
    std::fs::create_dir_all(vcs.join("deep")).expect("mkdir");
    std::fs::write(src.join("lib.rs"), "pub mod vcs;").expect("write");
    std::fs::write(
        vcs.join("mod.rs"),
        "pub use self::a::Thing; mod a; mod b; mod deep;",
    )
    .expect("write");
    std::fs::write(vcs.join("a.rs"), "use super::{b::B, deep};\n// super::c\n").expect("write");
    std::fs::write(vcs.join("b.rs"), "fn f() { crate::vcs::a::g(); }\n").expect("write");
    std::fs::write(vcs.join("deep/mod.rs"), "mod x;").expect("write");
    std::fs::write(vcs.join("deep/x.rs"), "use super::super::a;").expect("write");
    std::fs::write(
        vcs.join("c.rs"),
        "#[cfg(test)]\nmod tests {\n    use super::a;\n}\n",
    )
    .expect("write");
    let cycles = import_cycles(&src);
    let names: Vec<&str> = cycles
        .iter()
        .map(|c| c.rsplit(": ").next().unwrap_or(""))
        .collect();
    assert_eq!(names, ["a <-> b", "a <-> deep"], "{cycles:?}");
}
