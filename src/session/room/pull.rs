//! What colleagues did, read back into the open document: the text first (as one edit, which
//! the person's undo history is carried over), then this layer's spans, relations and entities
//! where they differ from the room's.

use crate::model::command::Command;
use crate::model::document::Document;
use crate::model::text_edit::TextEdit;
use crate::room::{text_difference, FastMap};
use crate::session::{Effect, Session};

impl Session {
    /// Reads the room's document into the open one: the text first (as one edit, so the spans
    /// follow it as they do a correction), then this layer's annotations as the room has them.
    pub(in crate::session) fn pull_room(&mut self) -> bool {
        let Some(room) = &mut self.room else {
            return false;
        };
        if self.workspace.editor().document().id != *room.document.as_ref().expect("joined") {
            // Another document is open: the room's changes wait in the room document until the
            // shared one is open again (then the next update brings it up to date).
            return true;
        }
        let remote = room.doc.document();
        room.pulling = true;
        let changed = self.pull_into_document(remote);
        if let Some(room) = &mut self.room {
            room.pulling = false;
        }
        if changed {
            self.keep_soon();
        }
        changed
    }

    pub(in crate::session) fn pull_into_document(&mut self, remote: Document) -> bool {
        let local = self.workspace.editor().document();
        let mut text_changed = false;
        if remote.text() != local.text() {
            let (start, removed, inserted) = text_difference(local.text(), remote.text());
            let theirs = TextEdit::new(start, start + removed, inserted);
            let applied = self
                .workspace
                .editor_mut()
                .apply_unrecorded(Command::EditText(theirs.clone()));
            if let Ok(change) = applied {
                // Undo goes on taking back the person's own steps, carried over the text the
                // colleague's edit made; a typing run under way ends (its range is of the text
                // before).
                self.workspace.rebase_history(&theirs);
                self.typing = None;
                self.after_change(change);
                text_changed = true;
            }
        }
        // Compared by id, each side indexed once (10,000 spans: a lookup by scanning each time
        // made every update from the room cost 100 million comparisons).
        let mut steps = Vec::new();
        let local = self.workspace.editor().document();
        let room_spans = by_id(remote.annotations(), |a| &a.id);
        let room_relations = by_id(remote.relations(), |r| &r.id);
        let room_entities = by_id(remote.entities(), |e| &e.id);
        // First what goes (relations and entities before the spans they are made of), then
        // what comes (spans before what is made of them).
        for relation in local.relations() {
            if room_relations.get(&relation.id) != Some(&relation) {
                steps.push(Command::RemoveRelation(relation.id.clone()));
            }
        }
        for entity in local.entities() {
            if room_entities.get(&entity.id) != Some(&entity) {
                steps.push(Command::RemoveEntity(entity.id.clone()));
            }
        }
        for annotation in local.annotations() {
            if room_spans.get(&annotation.id) != Some(&annotation) {
                steps.push(Command::Remove(annotation.id.clone()));
            }
        }
        let local_spans = by_id(local.annotations(), |a| &a.id);
        for annotation in remote.annotations() {
            if local_spans.get(&annotation.id) != Some(&annotation) {
                steps.push(Command::Add(annotation.clone()));
            }
        }
        drop(local_spans);
        let spans_changed = !steps.is_empty();
        if spans_changed && !self.apply_from_room(steps) {
            return true;
        }
        // Then the relations and entities, compared with the spans' result (a span taken out
        // and put back took its relations and its place in an entity with it).
        let local = self.workspace.editor().document();
        let local_relations = by_id(local.relations(), |r| &r.id);
        let local_entities = by_id(local.entities(), |e| &e.id);
        let mut steps = Vec::new();
        for relation in remote.relations() {
            if local_relations.get(&relation.id) != Some(&relation) {
                steps.push(Command::AddRelation(relation.clone()));
            }
        }
        for entity in remote.entities() {
            if local_entities.get(&entity.id) != Some(&entity) {
                steps.push(Command::PutEntity(entity.clone()));
            }
        }
        let links_changed = !steps.is_empty();
        if links_changed {
            self.apply_from_room(steps);
        }
        text_changed || spans_changed || links_changed
    }

    /// Applies a colleague's changes (not the person's to undo); false if they do not apply.
    pub(in crate::session) fn apply_from_room(&mut self, steps: Vec<Command>) -> bool {
        let editor = self.workspace.editor_mut();
        match editor.apply_unrecorded(Command::Batch(steps)) {
            Ok(change) => {
                self.after_change(change);
                let id = self.editor().document().id.clone();
                self.effects
                    .push(Effect::Persist(crate::session::Persist::Document(id)));
                true
            }
            Err(why) => {
                self.error(&format!(
                    "A change from the room could not be applied: {why}"
                ));
                false
            }
        }
    }
}

/// Items by their id.
fn by_id<'d, T, K: std::hash::Hash + Eq>(
    items: &'d [T],
    id: impl Fn(&'d T) -> &'d K,
) -> FastMap<&'d K, &'d T> {
    items.iter().map(|item| (id(item), item)).collect()
}
