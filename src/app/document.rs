//! The open document: the map, where it lives on disk, undo and redo, and
//! whether it has changes that are not saved yet.
//!
//! Every change goes through [`Document::apply`] with an [`Edit`]; the edit's
//! inverse goes on the undo stack. Edits that belong to one gesture (a drag,
//! a burst of typing) carry the same [`Burst`] and become one undo step.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::edit::{Edit, EditError, ItemRef};
use crate::io::{self, SaveError};
use crate::model::{CardId, JourneyId, JourneyMap, LaneId, LinkId, PersonaId, StageId, StepId};

/// Names one gesture: edits with an equal burst are undone together.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Burst {
    /// What the gesture changes, e.g. `text:cd-7f3a` or `drag`.
    pub what: String,
    /// Which gesture: a new number for each new drag or text-editing session.
    pub session: u64,
}

/// One undo step: the inverses of its edits, flat (no batch inside), so a
/// long burst neither nests deeper nor recurses deeper when undone.
struct UndoStep {
    /// In the order their edits were applied; undo applies them newest first.
    inverses: Vec<Edit>,
    /// True while every inverse only sets a value (see [`Slot`]): no item
    /// was added, removed or moved, so each value's first inverse restores
    /// it and later inverses of the same value can be dropped.
    assigns: bool,
    burst: Option<Burst>,
}

impl UndoStep {
    fn new(inverse: Edit, burst: Option<Burst>) -> Self {
        let mut step = UndoStep {
            inverses: Vec::new(),
            assigns: true,
            burst,
        };
        step.add(inverse);
        step
    }

    /// Adds the inverse of the step's newest edit. A typing burst sets one
    /// value again and again: only the first inverse, which holds the value
    /// from before the burst, is kept, so the step stays one edit however
    /// many keys are typed.
    fn add(&mut self, inverse: Edit) {
        let mut flat = Vec::new();
        flatten(inverse, &mut flat);
        if self.assigns && flat.iter().all(|e| Slot::of(e).is_some()) {
            for edit in flat {
                let known = Slot::of(&edit)
                    .is_some_and(|slot| self.inverses.iter().any(|e| Slot::of(e) == Some(slot)));
                if !known {
                    self.inverses.push(edit);
                }
            }
        } else {
            self.assigns = false;
            self.inverses.extend(flat);
        }
    }

    /// The one edit that undoes the step.
    fn into_edit(mut self) -> Edit {
        if self.inverses.len() == 1
            && let Some(edit) = self.inverses.pop()
        {
            return edit;
        }
        self.inverses.reverse();
        Edit::Batch(self.inverses)
    }
}

/// Appends `inverse`'s edits to `into` in the order they were done (a
/// batch undoes its last edit first), without nesting.
fn flatten(inverse: Edit, into: &mut Vec<Edit>) {
    match inverse {
        Edit::Batch(edits) => {
            for edit in edits.into_iter().rev() {
                flatten(edit, into);
            }
        }
        edit => into.push(edit),
    }
}

/// The value an edit sets, for edits that only set one (no item added,
/// removed or moved). Two edits with one slot set the same value; edits of
/// overlapping slots (a card's text and the whole card) are undone right
/// too, because a step undoes its oldest edit of each slot last.
#[derive(Clone, Copy, PartialEq)]
enum Slot<'a> {
    Title,
    Description,
    Channels,
    Conflicts,
    Name(&'a ItemRef),
    Persona(&'a PersonaId),
    Journey(&'a JourneyId),
    Stage(&'a StageId),
    Step(&'a StepId),
    Score(&'a StepId),
    Lane(&'a LaneId),
    Card(&'a CardId),
    Link(&'a LinkId),
}

impl<'a> Slot<'a> {
    fn of(edit: &'a Edit) -> Option<Self> {
        Some(match edit {
            Edit::SetTitle(_) => Slot::Title,
            Edit::SetDescription(_) => Slot::Description,
            Edit::SetChannels(_) => Slot::Channels,
            Edit::SetConflicts(_) => Slot::Conflicts,
            Edit::Rename { item, .. } => Slot::Name(item),
            Edit::SetPersona(persona) => Slot::Persona(&persona.id),
            Edit::SetJourney(journey) => Slot::Journey(&journey.id),
            Edit::SetStage(stage) => Slot::Stage(&stage.id),
            Edit::SetStep(step) => Slot::Step(&step.id),
            Edit::SetScore { step, .. } => Slot::Score(step),
            Edit::SetLane(lane) => Slot::Lane(&lane.id),
            Edit::SetCard(card) => Slot::Card(&card.id),
            Edit::SetLink(link) => Slot::Link(&link.id),
            _ => return None,
        })
    }
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
                last.add(inverse);
                if let Some(rev) = self.revisions.last_mut() {
                    *rev = self.revision;
                }
            }
            _ => {
                self.undo.push(UndoStep::new(inverse, burst));
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
        let redo = step.into_edit().apply(Arc::make_mut(&mut self.map))?;
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

    /// The edit the next undo applies, as it is kept (for tests of its shape).
    #[cfg(test)]
    fn next_undo(&self) -> Option<Edit> {
        let step = self.undo.last()?;
        let clone = UndoStep {
            inverses: step.inverses.clone(),
            assigns: step.assigns,
            burst: None,
        };
        Some(clone.into_edit())
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

    /// How deep edits nest inside `edit` (a plain edit is 1).
    fn depth(edit: &Edit) -> usize {
        match edit {
            Edit::Batch(edits) => 1 + edits.iter().map(depth).max().unwrap_or(0),
            _ => 1,
        }
    }

    /// The plain edits inside `edit`, and the bytes of the names they hold.
    fn weight(edit: &Edit) -> (usize, usize) {
        match edit {
            Edit::Batch(edits) => edits
                .iter()
                .map(weight)
                .fold((0, 0), |(n, b), (n2, b2)| (n + n2, b + b2)),
            Edit::Rename { name, .. } => (1, name.len()),
            _ => (1, 0),
        }
    }

    fn type_keys(doc: &mut Document, keys: usize, burst: &Burst) {
        let mut text = doc.map().journeys[0].cards[0].text.clone();
        for _ in 0..keys {
            text.push('x');
            let edit = rename(doc, &text);
            doc.apply(edit, Some(burst.clone())).expect("exists");
        }
    }

    #[test]
    fn a_long_typing_burst_keeps_a_flat_inverse_of_constant_depth() {
        let mut doc = doc();
        let before = doc.map().clone();
        let burst = Burst {
            what: "text".into(),
            session: 1,
        };
        type_keys(&mut doc, 1_000, &burst);
        let inverse = doc.next_undo().expect("a step");
        assert!(
            depth(&inverse) <= 2,
            "the inverse of 1,000 keys nests {} deep",
            depth(&inverse)
        );
        doc.undo().expect("exists");
        assert_eq!(doc.map(), &before, "one undo takes back the whole burst");
        assert!(!doc.can_undo());
        doc.redo().expect("exists");
        assert_eq!(
            doc.map().journeys[0].cards[0].text.len(),
            before.journeys[0].cards[0].text.len() + 1_000
        );
    }

    #[test]
    fn a_long_typing_burst_keeps_one_inverse_per_field() {
        let mut doc = doc();
        let burst = Burst {
            what: "text".into(),
            session: 1,
        };
        type_keys(&mut doc, 10, &burst);
        let after_ten = weight(&doc.next_undo().expect("a step"));
        type_keys(&mut doc, 990, &burst);
        let after_thousand = weight(&doc.next_undo().expect("a step"));
        assert_eq!(
            after_thousand, after_ten,
            "(edits, bytes of text) kept for undo grow with the keys typed"
        );
        assert_eq!(after_ten.0, 1, "one inverse for the one field typed into");
    }

    #[test]
    fn a_burst_over_two_fields_undoes_both_in_one_step() {
        let mut doc = doc();
        let before = doc.map().clone();
        let burst = Burst {
            what: "inspector".into(),
            session: 1,
        };
        let card = doc.map().journeys[0].cards[0].id.clone();
        let lane = doc.map().lanes[0].id.clone();
        for i in 0..50 {
            let edit = Edit::Rename {
                item: ItemRef::Card(card.clone()),
                name: format!("card {i}"),
            };
            doc.apply(edit, Some(burst.clone())).expect("exists");
            let edit = Edit::Rename {
                item: ItemRef::Lane(lane.clone()),
                name: format!("lane {i}"),
            };
            doc.apply(edit, Some(burst.clone())).expect("exists");
        }
        assert_eq!(weight(&doc.next_undo().expect("a step")).0, 2);
        doc.undo().expect("exists");
        assert_eq!(doc.map(), &before);
        doc.redo().expect("exists");
        assert_eq!(doc.map().journeys[0].cards[0].text, "card 49");
        assert_eq!(doc.map().lanes[0].name, "lane 49");
    }

    #[test]
    fn a_burst_that_adds_and_removes_items_still_undoes_in_one_step() {
        let mut doc = doc();
        let before = doc.map().clone();
        let burst = Burst {
            what: "mixed".into(),
            session: 1,
        };
        let journey = doc.map().journeys[0].id.clone();
        let mut card = doc.map().journeys[0].cards[0].clone();
        card.id = "cd-burst".into();
        type_keys(&mut doc, 3, &burst);
        let add = Edit::AddCard {
            journey,
            index: 0,
            card,
        };
        doc.apply(add, Some(burst.clone())).expect("exists");
        type_keys(&mut doc, 3, &burst);
        let remove = Edit::RemoveCard {
            id: "cd-burst".into(),
        };
        doc.apply(remove, Some(burst.clone())).expect("exists");
        type_keys(&mut doc, 3, &burst);
        doc.undo().expect("exists");
        assert_eq!(doc.map(), &before);
        assert!(!doc.can_undo());
    }
}
