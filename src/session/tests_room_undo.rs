//! Undo in a team room: it takes back the person's own steps only, where a colleague's text
//! correction moved them (as Yjs's UndoManager does with tracked origins).

use super::correct::TextInput;
use super::tests_room::{deliver, joined, step2};
use super::*;
use crate::model::fixture::{parse_fixture, render_fixture};
use crate::model::offsets::CpRange;
use crate::room::RoomDoc;

/// A colleague's client with `fixture` in the room, and this person joined to it.
fn in_room(fixture: &str) -> (Session, RoomDoc) {
    let mut theirs = RoomDoc::new("shared", 5);
    theirs.put(&parse_fixture(fixture).with_id("d9"), "shared");
    let mut s = super::tests::session("Another article.\n");
    joined(&mut s);
    s.apply(Intent::RoomMessage(step2("desk 1/ü", &theirs)));
    assert_eq!(
        super::tests::text(&s),
        render_fixture(&parse_fixture(fixture))
    );
    (s, theirs)
}

/// The colleague's client writes `fixture` into the room (having read what came, as a client
/// does before it writes); this person receives it.
fn colleague_writes(s: &mut Session, theirs: &mut RoomDoc, fixture: &str) {
    theirs.document();
    let update = theirs
        .sync_from(&parse_fixture(fixture).with_id("d9"))
        .expect("a change");
    s.apply(Intent::RoomMessage(crate::room::wire::sync(
        "desk 1/ü",
        &yrs::sync::SyncMessage::Update(update),
    )));
}

#[test]
fn undo_takes_back_my_tag_and_keeps_the_colleagues_correction() {
    let (mut s, mut theirs) = in_room("Blinken in cairo.\n");
    super::tests::select(&mut s, 0, 7);
    let update = s.apply(Intent::ApplyLabel("PERSON".into()));
    deliver(&update.effects, &mut theirs);
    let mine = render_fixture(s.editor().document());
    // The colleague puts words before it; their text moves my span.
    let corrected = mine.replacen("[Blinken", "US envoy [Blinken", 1);
    colleague_writes(&mut s, &mut theirs, &corrected);
    assert_eq!(super::tests::text(&s), corrected);
    let update = s.apply(Intent::Undo);
    assert_eq!(super::tests::text(&s), "US envoy Blinken in cairo.\n");
    // The undo goes to the room: the colleague sees the same.
    deliver(&update.effects, &mut theirs);
    assert_eq!(
        render_fixture(&theirs.document()),
        "US envoy Blinken in cairo.\n"
    );
    s.apply(Intent::Redo);
    assert_eq!(super::tests::text(&s), corrected);
}

#[test]
fn undo_takes_back_my_correction_where_the_colleagues_moved_it() {
    let (mut s, mut theirs) = in_room("[Blinken|PERSON#b1] in cairo.\n");
    // I capitalise Cairo; the colleague then puts words before it all.
    s.apply(Intent::Correct(true));
    let update = s.apply(Intent::TextInput(TextInput::Insert {
        range: CpRange::new(11, 12),
        text: "C".into(),
    }));
    s.apply(Intent::Correct(false));
    deliver(&update.effects, &mut theirs);
    assert_eq!(
        render_fixture(&theirs.document()),
        "[Blinken|PERSON#b1] in Cairo.\n"
    );
    colleague_writes(
        &mut s,
        &mut theirs,
        "US envoy [Blinken|PERSON#b1] in Cairo.\n",
    );
    assert_eq!(
        super::tests::text(&s),
        "US envoy [Blinken|PERSON#b1] in Cairo.\n"
    );
    let update = s.apply(Intent::Undo);
    assert_eq!(
        super::tests::text(&s),
        "US envoy [Blinken|PERSON#b1] in cairo.\n"
    );
    deliver(&update.effects, &mut theirs);
    assert_eq!(
        render_fixture(&theirs.document()),
        "US envoy [Blinken|PERSON#b1] in cairo.\n"
    );
    // Redo corrects it again, where it now is.
    s.apply(Intent::Redo);
    assert_eq!(
        super::tests::text(&s),
        "US envoy [Blinken|PERSON#b1] in Cairo.\n"
    );
}
