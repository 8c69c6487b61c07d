//! The open document: the map, where it lives on disk, undo and redo, and
//! whether it has changes that are not saved yet.
//!
//! Every change goes through [`Document::apply`] with an [`Edit`]; the edit's
//! inverse goes on the undo stack. Edits that belong to one gesture (a drag,
//! a burst of typing) carry the same [`Burst`] and become one undo step.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::edit::{Edit, EditError};
use crate::io::{self, SaveError};
use crate::model::JourneyMap;

/// Names one gesture: edits with an equal burst are undone together.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Burst {
    /// What the gesture changes, e.g. `text:cd-7f3a` or `drag`.
    pub what: String,
    /// Which gesture: a new number for each new drag or text-editing session.
    pub session: u64,
}

struct UndoStep {
    /// Applying it undoes the step.
    inverse: Edit,
    burst: Option<Burst>,
}

/// The map being edited, with its history.
pub struct Document {
    /// Shared with autosave's thread while it writes (see [`Document::shared`]).
    map: Arc<JourneyMap>,
    path: Option<PathBuf>,
    /// Changes with every applied edit, undo and redo; caches key on it.
    revision: u64,
    saved_revision: Option<u64>,
    undo: Vec<UndoStep>,
    redo: Vec<Edit>,
    /// Revisions after each undo step, so undoing to the saved state is clean again.
    revisions: Vec<u64>,
    next_revision: u64,
    /// A digest of the file's bytes as this document last read or wrote them.
    disk: Option<u64>,
    /// The revision before the first undo step.
    base: u64,
}

/// A digest of a file's bytes, to tell an outside change from our own save.
pub fn digest(bytes: &[u8]) -> u64 {
    io::atomic::digest(bytes)
}

impl Document {
    /// A document for `map`; `path` is where it was loaded from (`None`: untitled).
    pub fn new(map: JourneyMap, path: Option<PathBuf>) -> Self {
        Document {
            map: Arc::new(map),
            path,
            revision: 0,
            saved_revision: Some(0),
            undo: Vec::new(),
            redo: Vec::new(),
            revisions: Vec::new(),
            next_revision: 1,
            disk: None,
            base: 0,
        }
    }

    /// The map of `text`, read from `path`.
    pub fn from_file_text(text: &str, path: &Path) -> Result<Self, io::LoadError> {
        let map = io::from_str(text)?;
        Ok(Document::loaded(map, path, text))
    }

    /// `map`, read from `text`, the content of `path`.
    pub fn loaded(map: JourneyMap, path: &Path, text: &str) -> Self {
        let mut doc = Document::new(map, Some(path.to_path_buf()));
        doc.disk = Some(digest(text.as_bytes()));
        doc
    }

    /// Work restored after a crash: not saved, whatever its path.
    pub fn restored(map: JourneyMap, path: Option<PathBuf>) -> Self {
        let mut doc = Document::new(map, path);
        doc.saved_revision = None;
        doc
    }

    /// The digest of the file as this document last read or wrote it.
    pub fn disk_digest(&self) -> Option<u64> {
        self.disk
    }

    /// The file on disk is now `digest` (seen and kept as it is: the
    /// document stays unsaved, and the next save writes over it).
    pub fn set_disk_digest(&mut self, digest: u64) {
        self.disk = Some(digest);
        self.saved_revision = None;
    }

    /// The file on disk is now `digest` and holds exactly this map: the
    /// document is saved as it is (its history stays).
    pub fn saved_outside(&mut self, digest: u64) {
        self.disk = Some(digest);
        self.saved_revision = Some(self.revision);
    }

    /// Replaces the map with the file's new content (`digest`): a fresh
    /// history, clean, with a new revision so every cache notices.
    pub fn reload(&mut self, map: JourneyMap, digest: u64) {
        self.map = Arc::new(map);
        self.undo.clear();
        self.redo.clear();
        self.revisions.clear();
        self.bump();
        self.base = self.revision;
        self.saved_revision = Some(self.revision);
        self.disk = Some(digest);
    }

    /// Marks the map as not saved and its file as gone (deleted on disk).
    pub fn mark_unsaved(&mut self) {
        self.saved_revision = None;
        self.disk = None;
    }

    /// The map.
    pub fn map(&self) -> &JourneyMap {
        &self.map
    }

    /// The map, shared without a copy: autosave's thread takes it while the
    /// window goes on. An edit copies the map only if that thread still
    /// holds it (it lets go once it has a copy of its own).
    pub fn shared(&self) -> Arc<JourneyMap> {
        Arc::clone(&self.map)
    }

    /// Where the map is saved; `None` for an untitled map.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The folder photos are found relative to: the map's folder, or the working folder.
    pub fn folder(&self) -> PathBuf {
        self.path
            .as_deref()
            .and_then(Path::parent)
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    }

    /// A number that changes whenever the map does.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// True when the map differs from what is on disk (or was never saved).
    pub fn is_dirty(&self) -> bool {
        self.saved_revision != Some(self.revision)
    }

    /// The file name shown in the title, or `untitled`.
    pub fn name(&self) -> String {
        self.path.as_deref().and_then(Path::file_name).map_or_else(
            || "untitled.ron".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    fn bump(&mut self) {
        self.revision = self.next_revision;
        self.next_revision += 1;
    }

    /// Applies `edit` as a new undo step, or as part of the last one when it
    /// carries the same `burst`. An edit that fails leaves everything as it was.
    pub fn apply(&mut self, edit: Edit, burst: Option<Burst>) -> Result<(), EditError> {
        let inverse = edit.apply(Arc::make_mut(&mut self.map))?;
        self.redo.clear();
        self.bump();
        match self.undo.last_mut() {
            Some(last) if burst.is_some() && last.burst == burst => {
                // Undo the new edit first, then what the burst did before.
                let earlier = std::mem::replace(&mut last.inverse, Edit::Batch(Vec::new()));
                last.inverse = Edit::Batch(vec![inverse, earlier]);
                if let Some(rev) = self.revisions.last_mut() {
                    *rev = self.revision;
                }
            }
            _ => {
                self.undo.push(UndoStep { inverse, burst });
                self.revisions.push(self.revision);
            }
        }
        Ok(())
    }

    /// Ends the current burst: the next edit starts a new undo step even with the same burst.
    pub fn seal(&mut self) {
        if let Some(last) = self.undo.last_mut() {
            last.burst = None;
        }
    }

    /// True when there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undoes the last step.
    pub fn undo(&mut self) -> Result<(), EditError> {
        let Some(step) = self.undo.pop() else {
            return Ok(());
        };
        self.revisions.pop();
        let redo = step.inverse.apply(Arc::make_mut(&mut self.map))?;
        self.redo.push(redo);
        // Back at a revision seen before: the saved state is clean again.
        self.revision = self.revisions.last().copied().unwrap_or(self.base);
        Ok(())
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self) -> Result<(), EditError> {
        let Some(edit) = self.redo.pop() else {
            return Ok(());
        };
        let redo_stack = std::mem::take(&mut self.redo);
        let result = self.apply(edit, None);
        self.redo = redo_stack;
        result
    }

    /// Writes the map to `path` (atomically, in canonical form) and makes it the document's path.
    /// Saving over its own file, the file must still hold what this
    /// document last read or wrote: another program's save since then is
    /// not written over ([`SaveError::ChangedOnDisk`]).
    pub fn save_as(&mut self, path: &Path) -> Result<(), SaveError> {
        let text = io::to_canonical_string(&self.map)?;
        let expect = match self.disk {
            Some(read) if self.path.as_deref() == Some(path) => io::atomic::Expect::Digest(read),
            _ => io::atomic::Expect::Anything,
        };
        io::atomic::write_expecting(path, text.as_bytes(), expect)?;
        self.disk = Some(digest(text.as_bytes()));
        self.path = Some(path.to_path_buf());
        self.saved_revision = Some(self.revision);
        self.seal();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::ItemRef;
    use crate::io::templates;

    fn doc() -> Document {
        let text = templates::find("lead-generation")
            .map(|t| t.text)
            .unwrap_or_default();
        Document::new(
            io::from_str(text).expect("exists"),
            Some(PathBuf::from("map.ron")),
        )
    }

    fn rename(doc: &Document, name: &str) -> Edit {
        let id = doc.map().journeys[0].cards[0].id.clone();
        Edit::Rename {
            item: ItemRef::Card(id),
            name: name.to_owned(),
        }
    }

    #[test]
    fn a_typing_burst_is_one_undo_step() {
        let mut doc = doc();
        let before = doc.map().clone();
        let burst = Burst {
            what: "text".into(),
            session: 1,
        };
        for name in ["a", "ab", "abc"] {
            let edit = rename(&doc, name);
            doc.apply(edit, Some(burst.clone())).expect("exists");
        }
        assert_eq!(doc.map().journeys[0].cards[0].text, "abc");
        doc.undo().expect("exists");
        assert_eq!(doc.map(), &before);
        assert!(!doc.can_undo());
        doc.redo().expect("exists");
        assert_eq!(doc.map().journeys[0].cards[0].text, "abc");
    }

    #[test]
    fn a_shared_map_is_copied_by_an_edit_only_while_it_is_held() {
        let mut doc = doc();
        let before = doc.map().clone();
        let held = doc.shared();
        let edit = rename(&doc, "while the writer holds it");
        doc.apply(edit, None).expect("exists");
        assert_eq!(
            *held, before,
            "what autosave writes is the map as it was sent"
        );
        assert!(!Arc::ptr_eq(&held, &doc.shared()), "the edit made a copy");
        drop(held);
        let mine = doc.shared();
        let address = Arc::as_ptr(&mine);
        drop(mine);
        let edit = rename(&doc, "after it let go");
        doc.apply(edit, None).expect("exists");
        assert_eq!(
            Arc::as_ptr(&doc.shared()),
            address,
            "no copy once it let go"
        );
        doc.undo().expect("exists");
        assert_eq!(
            doc.map().journeys[0].cards[0].text,
            "while the writer holds it"
        );
    }

    #[test]
    fn undoing_back_to_the_saved_state_is_clean() {
        let mut doc = doc();
        assert!(!doc.is_dirty());
        let edit = rename(&doc, "x");
        doc.apply(edit, None).expect("exists");
        assert!(doc.is_dirty());
        doc.undo().expect("exists");
        assert!(!doc.is_dirty());
        doc.redo().expect("exists");
        assert!(doc.is_dirty());
    }

    #[test]
    fn a_new_edit_clears_redo_and_a_sealed_burst_starts_a_new_step() {
        let mut doc = doc();
        let burst = Burst {
            what: "text".into(),
            session: 1,
        };
        let edit = rename(&doc, "one");
        doc.apply(edit, Some(burst.clone())).expect("exists");
        doc.seal();
        let edit = rename(&doc, "two");
        doc.apply(edit, Some(burst)).expect("exists");
        doc.undo().expect("exists");
        assert_eq!(doc.map().journeys[0].cards[0].text, "one");
        assert!(doc.can_redo());
        let edit = rename(&doc, "three");
        doc.apply(edit, None).expect("exists");
        assert!(!doc.can_redo());
    }
}
