//! Autosave: unsaved work goes to the window's recovery file (see
//! [`crate::io::recovery`]) at most [`AUTOSAVE_AFTER`] after the first change
//! that is not in it yet, written on a thread of its own so the window never
//! waits for the disk.
//!
//! The window's thread only shares the map with the writer (an `Arc`, no
//! copy); the writer copies it and lets go at once, so an edit copies the
//! map only when it lands during that copy.
//!
//! The timer starts at the first unsaved change and is not pushed back by
//! later ones, so typing without a pause is still saved every
//! [`AUTOSAVE_AFTER`]. A save, or undoing back to the saved state, removes
//! the file; so does a normal close. Time comes from a [`Clock`], which
//! tests replace.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use eframe::egui::Context;

use crate::io::recovery::{self, Claim, Found};
use crate::model::JourneyMap;

use super::document::Document;

/// How long after the first unsaved change it is in the recovery file
/// (plus the time to write it: well under the one second promised).
pub const AUTOSAVE_AFTER: Duration = Duration::from_millis(800);

/// Where the editor's timers get the time.
pub trait Clock: Send + Sync {
    /// Now.
    fn now(&self) -> Instant;
}

/// The real clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

enum Job {
    Write {
        map: Arc<JourneyMap>,
        original: Option<PathBuf>,
        revision: u64,
    },
    Remove,
}

enum Done {
    Written(u64),
    Removed,
    Failed(String),
}

/// One window's autosave.
pub(crate) struct Autosave {
    claim: Arc<Claim>,
    clock: Arc<dyn Clock>,
    /// When the oldest change not yet sent to the recovery file was made.
    since: Option<Instant>,
    /// The revision last sent to be written; `None`: no file is wanted.
    sent: Option<u64>,
    /// The revision the file holds, once the thread says so.
    written: Option<u64>,
    jobs: Option<Sender<Job>>,
    /// Jobs sent and not answered yet.
    in_flight: usize,
    done: Receiver<Done>,
    worker: Option<JoinHandle<()>>,
    /// Files of an earlier session restored into this window: removed once
    /// this window's own file holds the work.
    adopted: Vec<Found>,
    /// The last write's failure, if it failed.
    pub(crate) error: Option<String>,
    /// Woken when the thread has answered, so its answer is read.
    waker: Arc<Mutex<Option<Context>>>,
}

impl Autosave {
    /// Autosave into a new recovery file in `folder`.
    pub(crate) fn new(folder: &Path, clock: Arc<dyn Clock>) -> Self {
        let claim = Arc::new(Claim::new(folder));
        let (jobs, inbox) = channel::<Job>();
        let (outbox, done) = channel();
        let writer = Arc::clone(&claim);
        let waker: Arc<Mutex<Option<Context>>> = Arc::default();
        let wake = Arc::clone(&waker);
        let worker = std::thread::Builder::new()
            .name("journeymap-autosave".to_owned())
            .spawn(move || {
                for job in inbox {
                    let answer = match job {
                        Job::Write {
                            map,
                            original,
                            revision,
                        } => {
                            // A copy of its own, here, and let go of the
                            // shared map at once: an edit in the window
                            // copies the map only if it lands meanwhile
                            // (the copy takes an eighth of the write).
                            let own = JourneyMap::clone(&map);
                            drop(map);
                            match writer.write(&own, original.as_deref(), unix_now()) {
                                Ok(()) => Done::Written(revision),
                                Err(e) => Done::Failed(e.to_string()),
                            }
                        }
                        Job::Remove => {
                            writer.remove();
                            Done::Removed
                        }
                    };
                    if outbox.send(answer).is_err() {
                        break;
                    }
                    if let Ok(ctx) = wake.lock()
                        && let Some(ctx) = ctx.as_ref()
                    {
                        ctx.request_repaint();
                    }
                }
            })
            .ok();
        Autosave {
            claim,
            clock,
            since: None,
            sent: None,
            written: None,
            jobs: worker.as_ref().map(|_| jobs),
            in_flight: 0,
            done,
            worker,
            adopted: Vec::new(),
            error: None,
            waker,
        }
    }

    /// This window's recovery file.
    pub(crate) fn path(&self) -> &Path {
        self.claim.path()
    }

    /// Keeps `found` until this window's own file holds the restored work.
    pub(crate) fn adopt(&mut self, found: Found) {
        self.adopted.push(found);
    }

    /// Once a frame: sends the document when its timer is up, or removes the
    /// file when nothing is unsaved. Returns how long until the timer is up.
    pub(crate) fn tick(&mut self, ctx: &Context, doc: &Document, active: bool) -> Option<Duration> {
        if let Ok(mut waker) = self.waker.lock()
            && waker.is_none()
        {
            *waker = Some(ctx.clone());
        }
        self.poll();
        if !(active && doc.is_dirty()) {
            self.since = None;
            if self.sent.take().is_some() {
                self.send(Job::Remove);
            }
            return None;
        }
        if self.sent == Some(doc.revision()) {
            return None;
        }
        let now = self.clock.now();
        let due = *self.since.get_or_insert(now) + AUTOSAVE_AFTER;
        if now < due {
            return Some(due - now);
        }
        self.since = None;
        self.sent = Some(doc.revision());
        self.send(Job::Write {
            map: doc.shared(),
            original: doc.path().map(Path::to_path_buf),
            revision: doc.revision(),
        });
        None
    }

    fn send(&mut self, job: Job) {
        let sent = self
            .jobs
            .as_ref()
            .is_some_and(|jobs| jobs.send(job).is_ok());
        if sent {
            self.in_flight += 1;
        } else {
            self.error = Some("the autosave thread has stopped".to_owned());
        }
    }

    /// Takes the thread's answers.
    fn poll(&mut self) {
        while let Ok(done) = self.done.try_recv() {
            self.answer(done);
        }
    }

    fn answer(&mut self, done: Done) {
        self.in_flight = self.in_flight.saturating_sub(1);
        match done {
            Done::Written(revision) => {
                self.written = Some(revision);
                self.error = None;
                for found in self.adopted.drain(..) {
                    found.discard();
                }
            }
            Done::Removed => self.written = None,
            Done::Failed(e) => self.error = Some(e),
        }
    }

    /// The revision in the recovery file, waiting up to `timeout` for
    /// writes and removals already sent (tests; a bounded wait, never a sleep).
    pub(crate) fn flush(&mut self, timeout: Duration) -> Option<u64> {
        let deadline = Instant::now() + timeout;
        self.poll();
        while self.in_flight > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.done.recv_timeout(left) {
                Ok(done) => self.answer(done),
                Err(_) => break,
            }
        }
        self.written
    }

    /// The thread finishes what it was sent, then ends.
    fn stop(&mut self) {
        self.jobs = None;
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }

    /// A normal close: the thread finishes, the file goes.
    pub(crate) fn close(&mut self) {
        self.stop();
        self.claim.remove();
        self.sent = None;
        self.written = None;
    }
}

impl Drop for Autosave {
    /// Dropped without [`Autosave::close`] (a crash, as far as the next start
    /// can tell): the file stays; the thread is let finish first, so the
    /// window's claim on it ends only once it is complete.
    fn drop(&mut self) {
        self.stop();
    }
}

/// Seconds since 1970, as recovery files record the time.
fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `2026-11-27 10:58 UTC (3 min ago)`: when a recovery file was written.
pub(crate) fn when(found: &Found, lang: crate::i18n::Lang) -> String {
    let ago = super::text::ago(lang, unix_now().saturating_sub(found.saved));
    format!("{} ({ago})", recovery::utc_time(found.saved))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Edit, ItemRef};
    use crate::io::templates;

    struct Manual(Mutex<Instant>);

    impl Clock for Manual {
        fn now(&self) -> Instant {
            self.0.lock().map_or_else(|_| Instant::now(), |t| *t)
        }
    }

    impl Manual {
        fn advance(&self, by: Duration) {
            if let Ok(mut t) = self.0.lock() {
                *t += by;
            }
        }
    }

    fn rename(doc: &mut Document, name: &str) {
        let id = doc.map().journeys[0].cards[0].id.clone();
        let edit = Edit::Rename {
            item: ItemRef::Card(id),
            name: name.to_owned(),
        };
        doc.apply(edit, None).expect("exists");
    }

    #[test]
    fn the_timer_runs_from_the_first_change_and_clean_again_removes_the_file() {
        let dir = tempfile::tempdir().expect("exists");
        let clock = Arc::new(Manual(Mutex::new(Instant::now())));
        let mut autosave = Autosave::new(dir.path(), Arc::clone(&clock) as Arc<dyn Clock>);
        let ctx = Context::default();
        let text = templates::find("lead-generation")
            .map(|t| t.text)
            .unwrap_or_default();
        let mut doc = Document::new(crate::io::from_str(text).expect("exists"), None);
        assert_eq!(autosave.tick(&ctx, &doc, true), None, "nothing unsaved");
        rename(&mut doc, "a");
        assert_eq!(autosave.tick(&ctx, &doc, true), Some(AUTOSAVE_AFTER));
        // Later changes do not push the timer back.
        for name in ["ab", "abc", "abcd"] {
            clock.advance(Duration::from_millis(250));
            rename(&mut doc, name);
            assert!(autosave.tick(&ctx, &doc, true).is_some());
        }
        clock.advance(Duration::from_millis(50));
        assert_eq!(
            autosave.tick(&ctx, &doc, true),
            None,
            "0.8 s after the first change"
        );
        assert_eq!(
            autosave.flush(Duration::from_secs(10)),
            Some(doc.revision())
        );
        let saved = crate::io::load(autosave.path()).expect("a map");
        assert_eq!(&saved, doc.map());
        // Inactive (closing, read-only): nothing more is written.
        rename(&mut doc, "abcde");
        clock.advance(Duration::from_secs(5));
        assert_eq!(autosave.tick(&ctx, &doc, false), None);
        autosave.flush(Duration::from_secs(10));
        assert!(!autosave.path().exists(), "inactive: the file goes");
        // Undoing back to the saved state removes the file too.
        assert_eq!(autosave.tick(&ctx, &doc, true), Some(AUTOSAVE_AFTER));
        clock.advance(AUTOSAVE_AFTER);
        autosave.tick(&ctx, &doc, true);
        autosave.flush(Duration::from_secs(10));
        assert!(autosave.path().exists());
        while doc.can_undo() {
            doc.undo().expect("exists");
        }
        assert!(!doc.is_dirty());
        autosave.tick(&ctx, &doc, true);
        autosave.flush(Duration::from_secs(10));
        assert!(!autosave.path().exists());
    }
}
