//! Reading a layer back cheaply gives what reading it afresh gives: after this client's own
//! text edits (the known entries followed, not read again), and after a colleague's update (the
//! entries that did not change reused).

use yrs::Transact;

use super::layer::Entry;
use super::read::{read_objects, FastMap, Read};
use super::RoomDoc;
use crate::model::command::{Command, Editor};
use crate::model::fixture::{parse_fixture, render_fixture};
use crate::model::schema::Schema;
use crate::model::text_edit::TextEdit;

fn entries(known: &FastMap<String, Read>) -> Vec<(String, Option<Entry>)> {
    let mut out: Vec<_> = known
        .iter()
        .map(|(key, read)| (key.clone(), read.entry.clone()))
        .collect();
    out.sort_by(|x, y| x.0.cmp(&y.0));
    out
}

#[test]
fn after_an_own_edit_what_is_known_is_what_a_fresh_read_gives() {
    let fixture =
        "[Antony|PERSON#a1] [Blinken|PERSON#a2]arrived in [Cai🇪🇬ro|GPE#a3] [x|MISC#a4]y.\n";
    // Edits before, after, inside, at the edges of and over spans (code points).
    let edits: &[(usize, usize, &str)] = &[
        (0, 0, "Mr "),
        (6, 6, " "),
        (6, 7, ""),
        (7, 7, "J. "),
        (7, 14, ""),
        (7, 14, "Blinkin"),
        (5, 9, ""),
        (14, 14, " "),
        (10, 10, "-"),
        (25, 27, "🇶🇦"),
        (24, 31, "Doha"),
        (32, 33, "z"),
        (33, 33, "!"),
        (0, 36, "All new.\n"),
    ];
    for &(start, end, text) in edits {
        let mut room = RoomDoc::new("shared", 1);
        room.put(&parse_fixture(fixture).with_id("d1"), "shared");
        let mut editor = Editor::new(room.document(), Schema::default());
        editor
            .apply(Command::EditText(TextEdit::new(start, end, text)))
            .unwrap();
        room.sync_from(editor.document()).expect("the text changed");
        let txn = room.doc.transact();
        let fresh = read_objects(
            &room.layer,
            &txn,
            editor.document().index(),
            &FastMap::default(),
        );
        assert_eq!(
            entries(&room.known),
            entries(&fresh),
            "{start}..{end} {text:?}"
        );
    }
}

/// A colleague's client (`a`) that put `fixture` in the room, and this one (`b`) that read it.
fn two_clients(fixture: &str) -> (RoomDoc, RoomDoc) {
    let mut a = RoomDoc::new("shared", 1);
    let put = a.put(&parse_fixture(fixture).with_id("d1"), "shared");
    let mut b = RoomDoc::new("shared", 2);
    b.apply(&put).unwrap();
    (a, b)
}

/// The document a client that has just joined reads from `room`'s state.
fn fresh_read(room: &RoomDoc) -> crate::model::document::Document {
    let mut fresh = RoomDoc::new("shared", 3);
    fresh.apply(&room.state()).unwrap();
    fresh.document()
}

#[test]
fn a_colleagues_update_reads_as_a_fresh_client_reads_it() {
    let fixture = "[Antony Blinken|PERSON#a1] met [Kamel|PERSON#a2] in [Cairo|GPE#a3].\n";
    let (mut a, mut b) = two_clients(fixture);
    assert_eq!(render_fixture(&b.document()), fixture);
    // The colleague relabels one span and removes another; then corrects the text.
    let changed = "[Antony Blinken|ORG#a1] met Kamel in [Cairo|GPE#a3].\n";
    let update = a.sync_from(&parse_fixture(changed).with_id("d1")).unwrap();
    b.apply(&update).unwrap();
    assert_eq!(render_fixture(&b.document()), changed);
    let corrected = "[Antony Blinken|ORG#a1] met Kamel in [Kairo|GPE#a3].\n";
    let update = a
        .sync_from(&parse_fixture(corrected).with_id("d1"))
        .unwrap();
    b.apply(&update).unwrap();
    let read = b.document();
    assert_eq!(read, fresh_read(&b));
    assert_eq!(render_fixture(&read), corrected);
}

#[test]
fn a_colleagues_letter_typed_among_the_same_letters_moves_the_spans_by_where_it_was_typed() {
    // "Baab c", the span over "ab"; the colleague types an "a" after the "B": the text reads
    // "Baaab c" — as if the letter went in anywhere among the a's — and the span is still over
    // the same "ab", now 3..5.
    let (a, mut b) = two_clients("Ba[ab|GPE#a1] c\n");
    assert_eq!(render_fixture(&b.document()), "Ba[ab|GPE#a1] c\n");
    let before = a.state_vector();
    {
        use yrs::Text;
        let mut txn = a.doc.transact_mut();
        a.text.insert(&mut txn, 1, "a");
    }
    b.apply(&a.diff(&before).unwrap()).unwrap();
    assert_eq!(render_fixture(&b.document()), "Baa[ab|GPE#a1] c\n");
    assert_eq!(render_fixture(&fresh_read(&b)), "Baa[ab|GPE#a1] c\n");
}

#[test]
fn a_letter_typed_over_itself_is_read_as_a_fresh_client_reads_it() {
    // The colleague deletes the span's last letter and types it again, in one change: the text
    // reads the same, but its letter is another one.
    let (a, mut b) = two_clients("Ba[ab|GPE#a1] c\n");
    b.document();
    let before = a.state_vector();
    {
        use yrs::Text;
        let mut txn = a.doc.transact_mut();
        a.text.remove_range(&mut txn, 3, 1);
        a.text.insert(&mut txn, 3, "b");
    }
    b.apply(&a.diff(&before).unwrap()).unwrap();
    let read = b.document();
    assert_eq!(render_fixture(&read), render_fixture(&fresh_read(&b)));
}
