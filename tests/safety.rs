//! The editor never loses work: autosave and recovery after a crash (with an
//! injected clock), a map changed on disk while open (waiting for the
//! watcher's event with a bounded timeout, never a sleep), failed saves.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use journeymap::app::autosave::Clock;
use journeymap::app::dialogs::ScriptedDialogs;
use journeymap::app::{EditorApp, Start};
use journeymap::i18n::Lang;
use journeymap::io::{self, recovery, templates};
use journeymap::model::JourneyMap;
use tempfile::TempDir;

const WAIT: Duration = Duration::from_secs(10);

/// A clock the test moves by hand.
struct ManualClock {
    start: Instant,
    offset: Mutex<Duration>,
}

impl ManualClock {
    fn new() -> Arc<Self> {
        Arc::new(ManualClock {
            start: Instant::now(),
            offset: Mutex::new(Duration::ZERO),
        })
    }

    fn advance(&self, by: Duration) {
        if let Ok(mut offset) = self.offset.lock() {
            *offset += by;
        }
    }

    fn elapsed(&self) -> Duration {
        self.offset.lock().map(|o| *o).unwrap_or_default()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.start + self.elapsed()
    }
}

fn lead_generation() -> &'static str {
    templates::find("lead-generation")
        .map(|t| t.text)
        .unwrap_or_default()
}

/// A folder with `map.ron` (lead-generation) and a data folder.
fn folder() -> (TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("exists");
    let path = dir.path().join("map.ron");
    std::fs::write(&path, lead_generation()).expect("exists");
    let data = dir.path().join("data");
    (dir, path, data)
}

fn editor(
    file: Option<&Path>,
    data: &Path,
    clock: Option<Arc<ManualClock>>,
    dialogs: &ScriptedDialogs,
) -> Harness<'static, EditorApp> {
    editor_in(file, data, clock, dialogs, Lang::En)
}

/// [`editor`] with a window in `lang`.
fn editor_in(
    file: Option<&Path>,
    data: &Path,
    clock: Option<Arc<ManualClock>>,
    dialogs: &ScriptedDialogs,
    lang: Lang,
) -> Harness<'static, EditorApp> {
    let start = Start {
        file: file.map(Path::to_path_buf),
        system_lang: lang,
        data_dir: Some(data.to_path_buf()),
        clock: clock.map(|c| c as Arc<dyn Clock>),
        ..Start::default()
    };
    let app_dialogs = dialogs.clone();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .with_step_dt(1.0 / 60.0)
        .build_eframe(move |_cc| EditorApp::new(start, Box::new(app_dialogs)));
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
    harness.run();
    harness
}

fn edit_card_text(h: &mut Harness<'static, EditorApp>, label: &str) {
    h.run_steps(30);
    h.get_by_label(label).click();
    h.step();
    h.get_by_label(label).click();
    h.run();
}

/// An unsaved change: the first feeling card deleted.
fn delete_a_card(h: &mut Harness<'static, EditorApp>) {
    h.get_by_label("Curious but sceptical").click();
    h.run();
    h.key_press(Key::Delete);
    h.run();
}

/// lead-generation as a newer journeymap would write it: the next version.
fn newer_lead_generation() -> String {
    let current = journeymap::model::CURRENT_VERSION;
    lead_generation().replacen(
        &format!("version: {current},"),
        &format!("version: {},", current + 1),
        1,
    )
}

fn recovery_files(data: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(recovery::folder(data))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn after_a_crash_the_next_start_restores_the_work_of_at_most_two_seconds_before() {
    let (_dir, path, data) = folder();
    let clock = ManualClock::new();
    let dialogs = ScriptedDialogs::default();
    let mut h = editor(Some(&path), &data, Some(Arc::clone(&clock)), &dialogs);
    assert!(
        h.query_by_label("Unsaved work found").is_none(),
        "nothing to restore at the first start"
    );
    edit_card_text(&mut h, "Curious but sceptical");
    // Typing without a pause, a key every 150 ms for 3.3 s: a timer pushed
    // back by every key would never fire.
    let mut history: Vec<(Duration, JourneyMap)> = vec![(clock.elapsed(), h.state().map().clone())];
    for key in "abcdefghijklmnopqrstuv".chars() {
        h.get_by_label("Card text").type_text(&key.to_string());
        h.run();
        history.push((clock.elapsed(), h.state().map().clone()));
        clock.advance(Duration::from_millis(150));
        h.run();
        // The writer thread keeps up (a bounded wait for what was sent).
        h.state_mut().flush_autosave(WAIT);
    }
    let killed_at = clock.elapsed();
    let own = h.state().recovery_file().expect("autosave is on");
    assert!(own.exists(), "the recovery file is written while typing");
    let typed = h.state().map().clone();
    // The crash: the window is dropped without closing.
    drop(h);
    assert_eq!(
        io::load(&path).expect("exists"),
        io::from_str(lead_generation()).expect("exists"),
        "the user's file is never written by autosave"
    );

    let mut h = editor(None, &data, Some(Arc::clone(&clock)), &dialogs);
    assert!(h.query_by_label("Unsaved work found").is_some());
    assert!(
        h.query_by_label_contains(&path.display().to_string())
            .is_some(),
        "the offer names the map"
    );
    assert!(
        h.query_by_label_contains("saved automatically: 20")
            .is_some(),
        "and the time"
    );
    h.get_by_label("Restore").click();
    h.run();
    let restored = h.state().map().clone();
    let (at, _) = history
        .iter()
        .rev()
        .find(|(_, map)| *map == restored)
        .expect("the restored map is one the user had");
    let lost = killed_at.saturating_sub(*at);
    eprintln!("restored the document as it was {lost:?} before the kill");
    assert!(lost <= Duration::from_secs(2), "lost {lost:?} of work");
    assert_ne!(
        restored,
        typed.clone(),
        "the last keys were not saved yet (150 ms is under the timer)"
    );
    assert!(
        h.state().document().is_dirty(),
        "restored work is not saved"
    );
    assert_eq!(h.state().document().path(), Some(path.as_path()));
    assert!(h.state().title().starts_with("● map.ron"));

    // Its own file takes over, then the old one goes.
    clock.advance(Duration::from_secs(1));
    h.run();
    h.state_mut().flush_autosave(WAIT);
    let own = h.state().recovery_file().expect("autosave is on");
    assert_eq!(recovery_files(&data), vec![own.clone()]);
    // A save removes it; so the next start offers nothing.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.state_mut().flush_autosave(WAIT);
    assert!(!h.state().document().is_dirty());
    assert!(
        recovery_files(&data).is_empty(),
        "{:?}",
        recovery_files(&data)
    );
    assert_eq!(&io::load(&path).expect("exists"), &restored);
}

/// Two windows sharing a data folder and a clock: one on `path`, one on `other`.
struct TwoWindows {
    _dir: TempDir,
    path: PathBuf,
    other: PathBuf,
    data: PathBuf,
    clock: Arc<ManualClock>,
    dialogs: ScriptedDialogs,
    one: Harness<'static, EditorApp>,
    two: Harness<'static, EditorApp>,
}

fn two_windows() -> TwoWindows {
    let (dir, path, data) = folder();
    let other = dir.path().join("other.ron");
    std::fs::write(&other, lead_generation()).expect("exists");
    let clock = ManualClock::new();
    let dialogs = ScriptedDialogs::default();
    let one = editor(Some(&path), &data, Some(Arc::clone(&clock)), &dialogs);
    let two = editor(Some(&other), &data, Some(Arc::clone(&clock)), &dialogs);
    TwoWindows {
        _dir: dir,
        path,
        other,
        data,
        clock,
        dialogs,
        one,
        two,
    }
}

#[test]
fn each_window_has_its_own_file_a_running_one_is_not_offered_and_a_normal_close_removes_it() {
    // `_dir` keeps the folder until the end of the test.
    let TwoWindows {
        _dir,
        data,
        clock,
        dialogs,
        mut one,
        mut two,
        ..
    } = two_windows();
    for h in [&mut one, &mut two] {
        delete_a_card(h);
    }
    clock.advance(Duration::from_secs(1));
    for h in [&mut one, &mut two] {
        h.run();
        h.state_mut().flush_autosave(WAIT);
    }
    let files = recovery_files(&data);
    assert_eq!(files.len(), 2, "{files:?}");
    assert_ne!(one.state().recovery_file(), two.state().recovery_file());

    // Both windows still run: a third start offers nothing of theirs.
    let third = editor(None, &data, Some(Arc::clone(&clock)), &dialogs);
    assert!(third.query_by_label("Unsaved work found").is_none());
    drop(third);

    // A normal close (Discard) removes the file; a crash leaves it.
    one.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    one.run();
    one.get_by_label("Discard").click();
    one.run();
    assert!(one.state().is_closing());
    drop(one);
    drop(two);
    let left = recovery_files(&data);
    assert_eq!(left.len(), 1, "{left:?}");
    let next = editor(None, &data, Some(clock), &dialogs);
    assert!(next.query_by_label("Unsaved work found").is_some());
    assert!(next.query_by_label_contains("other.ron").is_some());
    assert!(next.query_by_label_contains("map.ron").is_none());
}

/// File > Recover, in a window that is already open.
fn recover_from_the_menu(h: &mut Harness<'static, EditorApp>) {
    h.get_by_role_and_label(egui::accesskit::Role::Button, "File")
        .click();
    h.run();
    h.get_by_label_contains("Recover unsaved work").click();
    h.run();
}

#[test]
fn work_of_a_window_that_crashed_later_is_recovered_from_the_file_menu_after_asking_about_this_one()
{
    let TwoWindows {
        _dir,
        path,
        other,
        clock,
        one: mut crashing,
        two: mut open,
        ..
    } = two_windows();
    delete_a_card(&mut crashing);
    let lost = crashing.state().map().clone();
    clock.advance(Duration::from_secs(1));
    crashing.run();
    crashing.state_mut().flush_autosave(WAIT);

    // While the other window runs, there is nothing to recover.
    recover_from_the_menu(&mut open);
    assert!(open.query_by_label("Unsaved work found").is_none());
    assert!(
        status(&open).starts_with("No unsaved work was left"),
        "{}",
        status(&open)
    );

    // It crashes after this window started: the menu offers its work.
    drop(crashing);
    delete_a_card(&mut open);
    let mine = open.state().map().clone();
    recover_from_the_menu(&mut open);
    assert!(open.query_by_label("Unsaved work found").is_some());
    assert!(
        open.query_by_label_contains(&path.display().to_string())
            .is_some(),
        "the offer names the crashed window's map"
    );
    open.get_by_label("Restore").click();
    open.run();
    // This window's own unsaved change is asked about first; Cancel keeps it.
    assert!(open.query_by_label("Unsaved changes").is_some());
    open.get_by_label("Cancel").click();
    open.run();
    assert_eq!(open.state().map(), &mine, "nothing replaced after Cancel");
    assert_eq!(open.state().document().path(), Some(other.as_path()));

    recover_from_the_menu(&mut open);
    open.get_by_label("Restore").click();
    open.run();
    open.get_by_label("Discard").click();
    open.run();
    assert_eq!(open.state().map(), &lost);
    assert_eq!(open.state().document().path(), Some(path.as_path()));
    assert!(open.state().document().is_dirty());
}

/// Writes `map` to `path` as another program would, and waits (bounded)
/// for the editor's watcher to see it; returns how long that took.
fn write_outside(
    h: &mut Harness<'static, EditorApp>,
    path: &Path,
    map: &JourneyMap,
    atomic: bool,
) -> Duration {
    let text = io::to_canonical_string(map).expect("exists");
    if atomic {
        io::atomic::write(path, text.as_bytes()).expect("exists");
    } else {
        std::fs::write(path, text).expect("exists");
    }
    let written = Instant::now();
    assert!(
        h.state_mut().wait_for_disk_change(WAIT),
        "no event within {WAIT:?}"
    );
    let seen = written.elapsed();
    h.run();
    // A write in place may be read half done; the window reads it again
    // 250 ms later (on the real clock): wait for that, bounded.
    let deadline = Instant::now() + WAIT;
    while h.state().reading_again() && Instant::now() < deadline {
        h.state_mut()
            .wait_for_disk_change(Duration::from_millis(50));
        h.run();
    }
    seen
}

fn status(h: &Harness<'static, EditorApp>) -> String {
    h.state()
        .status()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn a_map_changed_on_disk_reloads_when_clean_and_asks_when_there_are_changes() {
    let (_dir, path, data) = folder();
    let dialogs = ScriptedDialogs::default();
    let mut h = editor(Some(&path), &data, None, &dialogs);
    let original = h.state().map().clone();

    // No unsaved changes: loaded again at once, with a notice.
    let mut theirs = original.clone();
    theirs.title = "Changed by a git pull".to_owned();
    let seen = write_outside(&mut h, &path, &theirs, false);
    eprintln!("outside write (in place) seen after {seen:?}");
    assert_eq!(h.state().map(), &theirs);
    assert!(!h.state().document().is_dirty());
    assert!(status(&h).contains("loaded again"), "{}", status(&h));
    assert!(h.query_by_label("The map changed on disk").is_none());

    // With unsaved changes: asked; the difference can be seen; keep mine.
    delete_a_card(&mut h);
    let mine = h.state().map().clone();
    let mut theirs2 = theirs.clone();
    theirs2.title = "Changed again".to_owned();
    let seen = write_outside(&mut h, &path, &theirs2, true);
    eprintln!("outside write (by rename) seen after {seen:?}");
    assert!(h.query_by_label("The map changed on disk").is_some());
    h.get_by_label("Show the difference").click();
    h.run();
    assert!(
        h.query_by_label_contains("Changed again").is_some(),
        "the difference names their title"
    );
    assert!(
        h.query_by_label_contains("Curious but sceptical").is_some(),
        "and the card I deleted"
    );
    h.get_by_label("Keep mine").click();
    h.run();
    assert_eq!(h.state().map(), &mine);
    assert!(h.state().document().is_dirty());
    // The same content again is not asked about twice.
    write_outside(&mut h, &path, &theirs2, false);
    assert!(h.query_by_label("The map changed on disk").is_none());

    // Changed once more: this time load theirs.
    let mut theirs3 = theirs2.clone();
    theirs3.description = "Third version".to_owned();
    write_outside(&mut h, &path, &theirs3, true);
    h.get_by_label("Load theirs (drop my changes)").click();
    h.run();
    assert_eq!(h.state().map(), &theirs3);
    assert!(!h.state().document().is_dirty());
    // Undo has nothing of the dropped changes.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().map(), &theirs3);
}

#[test]
fn the_editors_own_save_is_not_taken_for_an_outside_change() {
    let (_dir, path, data) = folder();
    let dialogs = ScriptedDialogs::default();
    let mut h = editor(Some(&path), &data, None, &dialogs);
    delete_a_card(&mut h);
    let checks = h.state().disk_checks();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(!h.state().document().is_dirty(), "saved");
    // The watcher reports the save; the editor reads the file and finds its own bytes.
    assert!(
        looked_at_the_file(&mut h, checks),
        "the save is seen by the watcher"
    );
    h.run();
    assert!(h.query_by_label("The map changed on disk").is_none());
    assert!(status(&h).starts_with("Saved"), "{}", status(&h));
    assert!(!h.state().document().is_dirty());
}

#[test]
fn a_save_does_not_write_over_a_change_the_watcher_did_not_see() {
    let (dir, path, data) = folder();
    let dialogs = ScriptedDialogs::default();
    let mut h = editor(Some(&path), &data, None, &dialogs);
    delete_a_card(&mut h);
    // Another program writes the map in place through a hard link in
    // another folder: the same file, but no event on the watched folder
    // (as on a network drive, or a save landing while ours runs).
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    let alias = elsewhere.join("alias.ron");
    std::fs::hard_link(&path, &alias).expect("hard link");
    let mut theirs = h.state().map().clone();
    theirs.title = "Saved by another program".to_owned();
    let their_text = io::to_canonical_string(&theirs).expect("text");
    std::fs::write(&alias, &their_text).expect("writes in place");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let on_disk = std::fs::read_to_string(&path).expect("read");
    assert!(on_disk == their_text, "their save was written over");
    assert!(h.state().document().is_dirty(), "mine is not saved");
    // And the window asks, as when it sees a change on disk.
    assert!(h.query_by_label("The map changed on disk").is_some());
}

/// Runs the window until it has read the file after a watcher event (more
/// than `checks` times in all); false if that did not happen within `WAIT`.
fn looked_at_the_file(h: &mut Harness<'static, EditorApp>, checks: u64) -> bool {
    let deadline = Instant::now() + WAIT;
    while h.state().disk_checks() == checks && Instant::now() < deadline {
        h.state_mut()
            .wait_for_disk_change(deadline.saturating_duration_since(Instant::now()));
        h.run();
    }
    h.state().disk_checks() > checks
}

/// Deletes `folder` and waits (bounded) for the window to notice.
fn delete_outside(h: &mut Harness<'static, EditorApp>, folder: &Path) {
    let checks = h.state().disk_checks();
    std::fs::remove_dir_all(folder).expect("exists");
    assert!(looked_at_the_file(h, checks), "no event within {WAIT:?}");
    assert!(
        status(h).starts_with("The file was deleted or moved on disk"),
        "the deletion is noticed: {}",
        status(h)
    );
}

#[test]
fn a_deleted_folder_that_comes_back_is_watched_again() {
    let dir = tempfile::tempdir().expect("exists");
    let gone = dir.path().join("gone");
    std::fs::create_dir(&gone).expect("exists");
    let path = gone.join("map.ron");
    std::fs::write(&path, lead_generation()).expect("exists");
    let clock = ManualClock::new();
    let dialogs = ScriptedDialogs::default();
    let mut h = editor(
        Some(&path),
        &dir.path().join("data"),
        Some(Arc::clone(&clock)),
        &dialogs,
    );
    let original = h.state().map().clone();
    delete_outside(&mut h, &gone);
    assert!(
        h.state().document().is_dirty(),
        "only this window has the map now"
    );

    // Put back as it was (a `git checkout` back to the branch): once the
    // editor looks for the folder again, the file is read, and as it holds
    // exactly this map, the map is saved again without a question.
    std::fs::create_dir(&gone).expect("exists");
    std::fs::write(&path, lead_generation()).expect("exists");
    h.run();
    assert!(h.state().document().is_dirty(), "not looked for yet");
    clock.advance(Duration::from_secs(1));
    h.run();
    assert!(!h.state().document().is_dirty());
    assert!(h.query_by_label("The map changed on disk").is_none());
    assert!(
        status(&h).starts_with("The file on disk holds this map now"),
        "{}",
        status(&h)
    );
    assert_eq!(h.state().map(), &original);

    // And the new watch sees the next change.
    let mut theirs = original.clone();
    theirs.title = "Changed after the folder came back".to_owned();
    write_outside(&mut h, &path, &theirs, true);
    assert_eq!(h.state().map(), &theirs);
    assert!(!h.state().document().is_dirty());
}

#[test]
fn a_failed_save_is_shown_and_the_map_stays_unsaved_and_can_be_saved_elsewhere() {
    let dir = tempfile::tempdir().expect("exists");
    let gone = dir.path().join("gone");
    std::fs::create_dir(&gone).expect("exists");
    let path = gone.join("map.ron");
    std::fs::write(&path, lead_generation()).expect("exists");
    let data = dir.path().join("data");
    let dialogs = ScriptedDialogs::default();
    let mut h = editor(Some(&path), &data, None, &dialogs);
    delete_a_card(&mut h);
    let edited = h.state().map().clone();
    // The watcher reports the deletion on its own thread; wait for the
    // window's notice first, so it cannot replace the save's message later.
    delete_outside(&mut h, &gone);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(h.query_by_label("Cannot save").is_some());
    assert!(
        // In the dialog and in the status bar.
        h.query_all_by_label_contains("the folder is gone").count() == 2,
        "the reason in plain words"
    );
    assert!(h.state().document().is_dirty());
    assert_eq!(h.state().map(), &edited);
    let elsewhere = dir.path().join("elsewhere.ron");
    dialogs.answer(Some(elsewhere.clone()));
    // The modal's button (the File menu's entry is closed and hidden).
    h.get_all_by_label("Save as…")
        .last()
        .expect("exists")
        .click();
    h.run();
    assert!(h.query_by_label("Cannot save").is_none());
    assert!(!h.state().document().is_dirty());
    assert_eq!(&io::load(&elsewhere).expect("exists"), &edited);
}

#[test]
fn a_map_from_a_newer_version_opens_read_only_and_saves_only_a_copy_after_a_warning() {
    let dir = tempfile::tempdir().expect("exists");
    let path = dir.path().join("newer.ron");
    let current = journeymap::model::CURRENT_VERSION;
    let text = newer_lead_generation().replacen(
        "title: \"",
        "mood_board: \"https://example.com/board\",\n    title: \"",
        1,
    );
    assert!(
        text.contains("mood_board"),
        "the test's file has a field this version does not know"
    );
    std::fs::write(&path, &text).expect("exists");
    assert!(io::load(&path).is_err(), "the command line refuses it");
    let data = dir.path().join("data");
    let dialogs = ScriptedDialogs::default();
    let mut h = editor(Some(&path), &data, None, &dialogs);
    assert!(h.state().is_read_only());
    let banner = format!(
        "Read-only: this map has file version {}, from a newer journeymap; this one reads versions up to {current}.",
        current + 1
    );
    assert!(
        h.query_by_label_contains(&banner).is_some(),
        "the banner names both versions"
    );
    assert_eq!(
        h.state().map(),
        &io::from_str(lead_generation()).expect("exists"),
        "everything this version knows is shown"
    );
    // Save is off in the menu, Ctrl+S writes nothing, edits do not apply.
    h.get_by_role_and_label(egui::accesskit::Role::Button, "File")
        .click();
    h.run();
    let save = h
        .query_all_by_label_contains("Save")
        .find(|n| {
            let label = n.accesskit_node().label().unwrap_or_default();
            label.starts_with("Save") && !label.starts_with("Save a")
        })
        .expect("the File menu's Save");
    assert!(save.accesskit_node().is_disabled(), "Save is off");
    h.key_press(Key::Escape);
    h.run();
    delete_a_card(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(h.state().map().card(&"cd-feel-search".into()).is_some());
    assert!(!h.state().document().is_dirty());
    assert_eq!(std::fs::read_to_string(&path).expect("exists"), text);
    // A double click does not start typing into a card.
    edit_card_text(&mut h, "Interested");
    assert!(h.query_by_label("Card text").is_none(), "no text field");
    assert!(
        status(&h).starts_with("This map is read-only"),
        "{}",
        status(&h)
    );

    // Save as: first the warning of what the copy loses.
    let copy = dir.path().join("copy.ron");
    dialogs.answer(Some(copy.clone()));
    h.key_press_modifiers(
        Modifiers {
            shift: true,
            ..Modifiers::COMMAND
        },
        Key::S,
    );
    h.run();
    assert!(
        dialogs.asked().is_empty(),
        "not asked for a file before the warning"
    );
    assert!(
        h.query_by_label("Save a copy in this journeymap's version?")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("mood_board").is_some(),
        "the warning names the unknown field"
    );
    h.get_all_by_label("Save a copy…")
        .last()
        .expect("exists")
        .click();
    h.run();
    assert_eq!(dialogs.asked().len(), 1);
    assert!(!h.state().is_read_only(), "the copy is open for editing");
    assert!(h.query_by_label_contains(&banner).is_none());
    let saved = io::load(&copy).expect("the copy is a map of this version");
    assert_eq!(saved.version, current);
    assert_eq!(
        std::fs::read_to_string(&path).expect("exists"),
        text,
        "the newer file is untouched"
    );
}

#[test]
fn conflicts_recorded_by_a_merge_are_resolved_from_the_panel() {
    let dir = tempfile::tempdir().expect("exists");
    let path = dir.path().join("merged.ron");
    let mut map = io::from_str(lead_generation()).expect("exists");
    let original_title = map.title.clone();
    let card = map.journeys[0]
        .cards
        .iter_mut()
        .find(|c| c.id.as_str() == "cd-feel-search")
        .expect("exists");
    card.text = "Ours: hopeful".to_owned();
    map.conflicts = vec![
        journeymap::model::Conflict {
            id: "cd-feel-search".to_owned(),
            field: "text".to_owned(),
            ours: "Ours: hopeful".to_owned(),
            theirs: "Theirs: doubtful".to_owned(),
        },
        journeymap::model::Conflict {
            id: "map".to_owned(),
            field: "title".to_owned(),
            ours: original_title.clone(),
            theirs: "Their title".to_owned(),
        },
    ];
    io::save(&path, &map).expect("exists");
    let data = dir.path().join("data");
    let dialogs = ScriptedDialogs::default();
    let mut h = editor(Some(&path), &data, None, &dialogs);
    assert!(h.query_by_label_contains("Merge conflicts (2)").is_some());
    assert!(
        h.state().title().starts_with('●'),
        "unsaved while conflicts remain"
    );

    let take = h
        .query_all_by_label_contains("Take theirs")
        .find(|n| {
            n.accesskit_node()
                .label()
                .unwrap_or_default()
                .contains("cd-feel-search")
        })
        .expect("a button for the card's conflict");
    take.click();
    h.run();
    let card = h
        .state()
        .map()
        .card(&"cd-feel-search".into())
        .expect("exists");
    assert_eq!(card.text, "Theirs: doubtful");
    assert_eq!(h.state().map().conflicts.len(), 1);
    assert!(h.query_by_label_contains("Merge conflicts (1)").is_some());

    let keep = h
        .query_all_by_label_contains("Keep ours")
        .next()
        .expect("a button for the title's conflict");
    keep.click();
    h.run();
    assert!(h.state().map().conflicts.is_empty());
    assert_eq!(h.state().map().title, original_title);
    assert!(
        h.query_by_label_contains("Merge conflicts").is_none(),
        "the panel is gone"
    );
    assert!(
        h.state().title().starts_with('●'),
        "the choices are not saved yet"
    );

    // Each choice is an undo step.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().map().conflicts.len(), 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(!h.state().title().starts_with('●'), "{}", h.state().title());
    let saved = io::load(&path).expect("exists");
    assert!(saved.conflicts.is_empty());
    assert_eq!(
        saved
            .card(&"cd-feel-search".into())
            .map(|c| c.text.as_str()),
        Some("Theirs: doubtful")
    );
}

#[test]
fn a_polish_window_names_conflicts_and_why_one_cannot_be_taken_in_polish() {
    let dir = tempfile::tempdir().expect("exists");
    let path = dir.path().join("merged.ron");
    let mut map = io::from_str(lead_generation()).expect("exists");
    let conflict = |id: &str, field: &str, ours: &str, theirs: &str| journeymap::model::Conflict {
        id: id.to_owned(),
        field: field.to_owned(),
        ours: ours.to_owned(),
        theirs: theirs.to_owned(),
    };
    map.conflicts = vec![
        conflict(
            "cd-feel-search",
            "text",
            "Curious but sceptical",
            "Doubtful",
        ),
        conflict("map", "title", &map.title, "Their title"),
        // Their evidence has two readings: taking it is refused, with a reason.
        conflict(
            "cd-pain-popup",
            "evidence",
            "Survey",
            "Interviews, five customers",
        ),
    ];
    io::save(&path, &map).expect("exists");
    let dialogs = ScriptedDialogs::default();
    let mut h = editor_in(
        Some(&path),
        &dir.path().join("data"),
        None,
        &dialogs,
        Lang::Pl,
    );
    assert!(
        h.query_by_label_contains("Konflikty scalania (3)")
            .is_some()
    );
    for polish in [
        r#"tekst odczucia "Curious but sceptical" (cd-feel-search)"#,
        "tytuł mapy",
        r#"źródło danych punktu bólu "Pop-ups cover the text on mobile" (cd-pain-popup)"#,
    ] {
        assert!(
            h.query_all_by_label_contains(polish).next().is_some(),
            "the panel names {polish:?}"
        );
    }
    for english in [
        "text of feeling",
        "title of the map",
        "evidence of pain point",
    ] {
        assert!(
            h.query_all_by_label_contains(english).next().is_none(),
            "no English {english:?}"
        );
    }

    // The refused button says why, in Polish, when hovered.
    let refused = h
        .query_all_by_label_contains("Weź ich — źródło danych")
        .next()
        .expect("a button for the evidence conflict");
    assert!(refused.accesskit_node().is_disabled());
    refused.hover();
    h.run_steps(60);
    assert!(
        h.query_by_label_contains("nie da się dokładnie odtworzyć z zapisanego tekstu")
            .is_some(),
        "the hover text is Polish"
    );

    // Taking theirs still works from the Polish panel.
    h.query_all_by_label_contains("Weź ich — tekst odczucia")
        .next()
        .expect("a button for the card's conflict")
        .click();
    h.run();
    assert_eq!(h.state().map().conflicts.len(), 2);
    assert_eq!(
        h.state()
            .map()
            .card(&"cd-feel-search".into())
            .map(|c| c.text.as_str()),
        Some("Doubtful")
    );
}

#[test]
fn a_polish_window_shows_the_difference_with_the_disk_in_polish() {
    let (_dir, path, data) = folder();
    let dialogs = ScriptedDialogs::default();
    let mut h = editor_in(Some(&path), &data, None, &dialogs, Lang::Pl);
    delete_a_card(&mut h);
    let mut theirs = io::from_str(lead_generation()).expect("exists");
    theirs.title = "Changed by a git pull".to_owned();
    write_outside(&mut h, &path, &theirs, true);
    assert!(h.query_by_label("Mapa zmieniła się na dysku").is_some());
    h.get_by_label("Pokaż różnice").click();
    h.run();
    assert!(
        h.query_by_label_contains(r#"-> "Changed by a git pull""#)
            .is_some_and(|n| {
                let node = n.accesskit_node();
                let text = node.label().or(node.value()).unwrap_or_default();
                text.starts_with("zmieniono tytuł: ")
            }),
        "their title, in a Polish sentence"
    );
    assert!(
        h.query_by_label_contains(r#"dodano odczucie "Curious but sceptical" w kroku "#)
            .is_some(),
        "the card I deleted comes back, in Polish"
    );
    assert!(h.query_by_label_contains("title changed").is_none());
    h.get_by_label("Zachowaj moją").click();
    h.run();
    assert!(h.state().document().is_dirty());
}

#[test]
fn a_newer_map_that_cannot_be_read_says_where_and_names_both_versions() {
    let dir = tempfile::tempdir().expect("exists");
    let path = dir.path().join("newer.ron");
    let current = journeymap::model::CURRENT_VERSION;
    let text = newer_lead_generation().replacen("intent: Informational", "intent: Navigational", 1);
    assert!(text.contains("Navigational"));
    std::fs::write(&path, &text).expect("exists");
    let dialogs = ScriptedDialogs::default();
    let h = editor(Some(&path), &dir.path().join("data"), None, &dialogs);
    assert!(!h.state().is_read_only());
    assert_eq!(
        h.state().document().path(),
        None,
        "the untitled map stays open"
    );
    let said = status(&h);
    let line = text
        .lines()
        .position(|l| l.contains("Navigational"))
        .expect("exists")
        + 1;
    assert!(said.contains(&format!("newer.ron:{line}:")), "{said}");
    assert!(
        said.contains(&format!("file version {}", current + 1))
            && said.contains(&format!("up to {current}")),
        "{said}"
    );
}

#[test]
fn a_map_opened_by_a_relative_path_is_known_by_its_absolute_path() {
    // A recovery file or the recent list naming `maps/…` would point
    // elsewhere when journeymap next starts in another folder.
    let dir = tempfile::tempdir().expect("exists");
    let relative = Path::new("maps/lead-generation.ron");
    let dialogs = ScriptedDialogs::default();
    let h = editor(Some(relative), &dir.path().join("data"), None, &dialogs);
    let expected = std::env::current_dir().expect("exists").join(relative);
    assert_eq!(h.state().document().path(), Some(expected.as_path()));
    assert_eq!(
        h.state().prefs().recent.first(),
        Some(&expected),
        "the recent list too"
    );
}
