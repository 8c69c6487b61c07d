//! The real window: `journeymap --screenshot OUT.png FILE` under a virtual
//! X display. The test starts its own Xvfb; where none is installed it says
//! so and passes without running (.ci/run installs Xvfb, so CI always runs it).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Stops the Xvfb it started, whatever happens in the test.
struct Display {
    child: Child,
    name: String,
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // Killed, Xvfb leaves its socket and lock behind; they are ours to remove.
        let number = self.name.trim_start_matches(':');
        let _ = std::fs::remove_file(format!("/tmp/.X11-unix/X{number}"));
        let _ = std::fs::remove_file(format!("/tmp/.X{number}-lock"));
    }
}

fn find_xvfb() -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|dir| dir.join("Xvfb"))
        .find(|p| p.is_file())
}

/// Starts Xvfb on a free display number; waits (at most 10 s) for its socket.
fn start_display(xvfb: &Path) -> Display {
    for number in 90..140 {
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        let lock = PathBuf::from(format!("/tmp/.X{number}-lock"));
        if socket.exists() || lock.exists() {
            continue;
        }
        let name = format!(":{number}");
        let child = Command::new(xvfb)
            .args([
                name.as_str(),
                "-screen",
                "0",
                "1400x900x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts");
        let mut display = Display { child, name };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if socket.exists() {
                return display;
            }
            if let Ok(Some(status)) = display.child.try_wait() {
                panic!("Xvfb {} exited at start: {status}", display.name);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("Xvfb {} did not open its socket within 10 s", display.name);
    }
    panic!("no free X display number between :90 and :139");
}

#[test]
fn the_window_opens_draws_the_map_and_saves_a_screenshot() {
    let Some(xvfb) = find_xvfb() else {
        eprintln!(
            "SKIPPED: Xvfb is not installed (apt-get install xvfb); the window test did not run"
        );
        return;
    };
    let display = start_display(&xvfb);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("window.png");
    let map = Path::new(env!("CARGO_MANIFEST_DIR")).join("maps/lead-generation.ron");
    let output = Command::new(env!("CARGO_BIN_EXE_journeymap"))
        .arg("--screenshot")
        .arg(&out)
        .arg(&map)
        .env("DISPLAY", &display.name)
        .env_remove("WAYLAND_DISPLAY")
        .env("JOURNEYMAP_DATA_DIR", dir.path().join("data"))
        .env("LIBGL_ALWAYS_SOFTWARE", "1")
        .output()
        .expect("journeymap runs");
    assert!(
        output.status.success(),
        "exit {:?}\nstderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    let image = image::open(&out)
        .expect("the screenshot is a PNG")
        .to_rgba8();
    assert!(
        image.width() >= 640 && image.height() >= 400,
        "{}x{}",
        image.width(),
        image.height()
    );
    // Not blank: a drawn map has many colours (cards, text, the curve).
    let mut colours = std::collections::HashSet::new();
    for pixel in image.pixels() {
        colours.insert(pixel.0);
        if colours.len() > 200 {
            break;
        }
    }
    assert!(
        colours.len() > 200,
        "only {} colours: the window looks blank",
        colours.len()
    );
    // The preferences were written into JOURNEYMAP_DATA_DIR, not the user's folder.
    assert!(
        dir.path().join("data").exists(),
        "no data folder under JOURNEYMAP_DATA_DIR"
    );
}
