//! A hostile repository, files part (#16 items 2-5 and 8): planted
//! symbolic links, FIFOs, folders and huge files beside a map, run through
//! the real binary as CI would run it on a pull request.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{run, stderr};

/// A repository (a folder with `.git`) holding `maps/`, beside a folder
/// `outside/` that stands for the rest of the machine.
struct Repo {
    _dir: tempfile::TempDir,
    root: PathBuf,
    maps: PathBuf,
    outside: PathBuf,
}

impl Repo {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let base = fs::canonicalize(dir.path()).expect("canonical");
        let root = base.join("repo");
        let maps = root.join("maps");
        let outside = base.join("outside");
        for folder in [root.join(".git"), maps.clone(), outside.clone()] {
            fs::create_dir_all(folder).expect("mkdir");
        }
        Repo {
            _dir: dir,
            root,
            maps,
            outside,
        }
    }

    /// The bundled lead-generation map, written out of canonical form (as a
    /// hand edit leaves it) at `path`.
    fn untidy_map(path: &Path) -> String {
        let text = fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("maps/lead-generation.ron"),
        )
        .expect("bundled map");
        let untidy = text.replacen("    title:", "  title:", 1);
        assert_ne!(untidy, text);
        fs::write(path, &untidy).expect("write");
        untidy
    }
}

#[cfg(target_os = "linux")]
fn last_pid() -> u32 {
    fs::read_to_string("/proc/sys/kernel/ns_last_pid")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(1000)
}

/// Item 2: temporary files of earlier versions were `.<name>.<pid>.jm-tmp`,
/// opened with create+truncate: a link of that name planted for the pids
/// to come made `fmt` write through it.
#[cfg(target_os = "linux")]
#[test]
fn planted_links_at_temp_names_are_never_written_through() {
    use std::os::unix::fs::symlink;
    let repo = Repo::new();
    let map = repo.maps.join("map.ron");
    Repo::untidy_map(&map);
    let victim = repo.outside.join("victim.txt");
    fs::write(&victim, "precious").expect("write");
    let next = last_pid();
    for pid in next..next + 3000 {
        symlink(&victim, repo.maps.join(format!(".map.ron.{pid}.jm-tmp"))).expect("link");
    }
    let out = run(&repo.maps, ["fmt", "map.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&victim).expect("read"), "precious");
    assert!(
        !map.is_symlink(),
        "the map is not replaced by a planted link"
    );
    let formatted = fs::read_to_string(&map).expect("read");
    assert!(formatted.contains("\n    title:"), "formatted");
}

/// Item 3: `fmt` on a linked map replaced the link with a regular file and
/// left the real file unformatted.
#[cfg(unix)]
#[test]
fn fmt_writes_through_a_link_to_a_map_inside_and_keeps_the_link() {
    use std::os::unix::fs::symlink;
    let repo = Repo::new();
    fs::create_dir(repo.root.join("real")).expect("mkdir");
    let real = repo.root.join("real/map.ron");
    Repo::untidy_map(&real);
    let link = repo.maps.join("map.ron");
    symlink("../real/map.ron", &link).expect("link");
    let out = run(&repo.maps, ["fmt", "map.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(link.is_symlink(), "the link stays a link");
    let formatted = fs::read_to_string(&real).expect("read");
    assert!(
        formatted.contains("\n    title:"),
        "the real file is formatted"
    );
    let check = run(&repo.maps, ["fmt", "--check", "map.ron"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

/// Item 3: a link leading out of the repository is not written through:
/// exit 2, both paths named, nothing changed.
#[cfg(unix)]
#[test]
fn fmt_refuses_a_link_to_a_file_outside_naming_both() {
    use std::os::unix::fs::symlink;
    let repo = Repo::new();
    let victim = repo.outside.join("map.ron");
    let untidy = Repo::untidy_map(&victim);
    let link = repo.maps.join("map.ron");
    symlink(&victim, &link).expect("link");
    let out = run(&repo.maps, ["fmt", "map.ron"]);
    let message = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{message}");
    assert!(message.contains(&victim.display().to_string()), "{message}");
    assert!(message.contains("map.ron"), "{message}");
    assert_eq!(fs::read_to_string(&victim).expect("read"), untidy);
    assert!(link.is_symlink());
    // `export` to a planted link behaves the same.
    let picture = repo.outside.join("picture.png");
    fs::write(&picture, "precious").expect("write");
    symlink(&picture, repo.maps.join("out.png")).expect("link");
    let map = repo.maps.join("real.ron");
    Repo::untidy_map(&map);
    let out = run(&repo.maps, ["export", "real.ron", "-o", "out.png"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&picture).expect("read"), "precious");
}

/// Item 4: a save another program makes after `fmt` (or the editor) read
/// the map is not written over: the write `fmt` makes is refused and their
/// save stays. (The gap between that check and the rename is the one race
/// left; `io::atomic`'s unit tests race 1,000 saves through the whole write.)
#[test]
fn a_save_made_after_the_map_was_read_is_not_written_over() {
    use journeymap::io::atomic::{self, Expect};
    let repo = Repo::new();
    let map = repo.maps.join("map.ron");
    let read = Repo::untidy_map(&map);
    let theirs = read.replacen("  title:", "    title:", 1);
    fs::write(&map, &theirs).expect("another program saves");
    let err = atomic::write_expecting(
        &map,
        b"ours",
        Expect::Digest(atomic::digest(read.as_bytes())),
    )
    .expect_err("refused");
    assert!(err.to_string().contains("another program changed"), "{err}");
    assert!(
        fs::read_to_string(&map).expect("read") == theirs,
        "their save was written over"
    );
    let names: Vec<_> = fs::read_dir(&repo.maps)
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["map.ron"], "no temp file left");
}

/// Writes a map whose first persona's photo is `photo`.
fn map_with_photo(repo: &Repo, photo: &str) -> PathBuf {
    let path = repo.maps.join("map.ron");
    let text =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("maps/lead-generation.ron"))
            .expect("bundled map");
    let mut map = journeymap::io::from_str(&text).expect("loads");
    photo.clone_into(&mut map.personas[0].photo);
    journeymap::io::save(&path, &map).expect("saves");
    path
}

/// A tiny PNG, so a photo that is read shows up as drawn.
fn png() -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, 2, 2);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("header");
    writer.write_image_data(&[200; 16]).expect("data");
    writer.finish().expect("finish");
    bytes
}

/// The line of `check`'s output about the photo, with the photo's path
/// taken out (so two answers can be compared).
fn photo_warning(repo: &Repo, photo: &str) -> String {
    map_with_photo(repo, photo);
    let out = run(&repo.maps, ["check", "map.ron"]);
    stderr(&out)
        .lines()
        .find(|l| l.contains("photo"))
        .unwrap_or("")
        .replace(photo, "PHOTO")
}

/// Item 5: a photo outside the repository is never read, and `check` says
/// the same whether or not it exists, so a map cannot probe the machine.
#[test]
fn a_photo_outside_is_not_read_and_its_existence_is_not_told() {
    let repo = Repo::new();
    let present = repo.outside.join("present.png");
    fs::write(&present, png()).expect("write");
    let present = present.display().to_string();
    let absent = repo.outside.join("absent.png").display().to_string();
    let said_present = photo_warning(&repo, &present);
    let said_absent = photo_warning(&repo, &absent);
    assert!(said_present.contains("outside"), "{said_present}");
    assert_eq!(said_present, said_absent);
    for climbing in ["../../outside/present.png", "../../outside/absent.png"] {
        assert_eq!(
            photo_warning(&repo, climbing).replace("PHOTO", ""),
            said_present.replace("PHOTO", "")
        );
    }
    // Export draws the initials and says why; it never embeds the file.
    map_with_photo(&repo, &present);
    let out = run(&repo.maps, ["export", "map.ron", "-o", "map.png"]);
    let message = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{message}");
    assert!(
        message.contains("outside the map's repository"),
        "{message}"
    );
}

/// Item 5: a link inside the repository that leads out is outside too.
#[cfg(unix)]
#[test]
fn a_photo_linked_out_of_the_repository_is_not_read() {
    use std::os::unix::fs::symlink;
    let repo = Repo::new();
    let secret = repo.outside.join("secret.png");
    fs::write(&secret, png()).expect("write");
    symlink(&secret, repo.maps.join("photo.png")).expect("link");
    symlink("/dev/zero", repo.maps.join("zero.jpg")).expect("link");
    for photo in ["photo.png", "zero.jpg"] {
        let said = photo_warning(&repo, photo);
        assert!(said.contains("outside"), "{photo}: {said}");
        map_with_photo(&repo, photo);
        let out = run(&repo.maps, ["export", "map.ron", "-o", "map.png"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stderr(&out).contains("outside"), "{}", stderr(&out));
    }
    // Inside the repository, a photo is drawn without a word.
    fs::write(repo.root.join("inside.png"), png()).expect("write");
    assert_eq!(photo_warning(&repo, "../inside.png"), "");
}

/// Items 5 and 8: a FIFO hung `export` forever and `check` called it "not
/// found"; a folder too. Only regular files are read.
#[cfg(target_os = "linux")]
#[test]
fn a_fifo_or_folder_photo_neither_hangs_nor_reads_as_missing() {
    let repo = Repo::new();
    let made = Command::new("mkfifo")
        .arg(repo.maps.join("fifo.png"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    fs::create_dir(repo.maps.join("folder.png")).expect("mkdir");
    for photo in ["fifo.png", "folder.png"] {
        let said = photo_warning(&repo, photo);
        assert!(said.contains("not a regular file"), "{photo}: {said}");
        assert!(!said.contains("not found"), "{photo}: {said}");
        map_with_photo(&repo, photo);
        let out = run(&repo.maps, ["export", "map.ron", "-o", "map.png"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
}

/// Item 5: at most 32 MB of a photo is read.
#[test]
fn a_huge_photo_is_refused_before_it_is_read() {
    let repo = Repo::new();
    let huge = fs::File::create(repo.maps.join("huge.png")).expect("create");
    // Sparse: 40 MB on paper, nothing on disk.
    huge.set_len(40 * 1024 * 1024).expect("set_len");
    let said = photo_warning(&repo, "huge.png");
    assert!(said.contains("larger than 32 MB"), "{said}");
}
