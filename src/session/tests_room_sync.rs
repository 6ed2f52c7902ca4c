//! A team room's work over time: undo takes back the person's own steps only, where a
//! colleague's text correction moved them (as Yjs's UndoManager does with tracked origins);
//! work done after a reload before the connection is back joins the room; a typing run is
//! written key by key; a shared room's gold comes in beside its layer in Agreement.

use super::correct::TextInput;
use super::tests_room::{deliver, joined, step2, versions};
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

/// The room kept with the settings, among `effects`.
fn kept(effects: &[Effect]) -> Option<String> {
    effects.iter().find_map(|e| match e {
        Effect::StoreRoom(Some(json)) => Some(json.clone()),
        _ => None,
    })
}

#[test]
fn work_done_after_a_reload_before_the_connection_is_back_joins_the_room() {
    // Connected, a tag sent; the room is kept a moment later.
    let mut s = super::tests::session("[Cairo|GPE] talks.\n");
    joined(&mut s);
    let mut server = RoomDoc::new("shared", 7);
    s.apply(Intent::RoomMessage(step2("desk 1/ü", &server)));
    let update = s.apply(Intent::RoomSettled);
    deliver(&update.effects, &mut server);
    super::tests::select(&mut s, 6, 11);
    let update = s.apply(Intent::ApplyLabel("MISC".into()));
    deliver(&update.effects, &mut server);
    assert!(update
        .effects
        .contains(&Effect::RoomKeep(super::room::KEEP_MS)));
    let stored = kept(&s.apply(Intent::RoomKeep).effects).expect("the room kept");
    // The page reloads with its workspace as stored, the server is not reachable; the person
    // tags "talks" as an event meanwhile.
    let local = s.editor().document().clone();
    let mut again = Session::new(
        crate::model::workspace::Workspace::new(crate::model::workspace::Entry::new(
            local,
            crate::model::schema::Schema::default(),
        )),
        || 1.0,
    );
    again.apply(Intent::RoomRestored {
        stored: Some(stored),
        link: None,
    });
    again.apply(Intent::RoomClosed);
    super::tests::select(&mut again, 6, 11);
    again.apply(Intent::ApplyLabel("EVENT".into()));
    assert_eq!(
        again.room().unwrap().describe(),
        "Offline · “desk 1/ü” · 3 changes pending"
    );
    // Back: the server asks for what it lacks and gets the event; its answer changes nothing
    // here.
    again.apply(Intent::RoomRetry);
    again.apply(Intent::RoomOpened);
    let sv = yrs::updates::decoder::Decode::decode_v1(&server.state_vector()).unwrap();
    let update = again.apply(Intent::RoomMessage(crate::room::wire::sync(
        "desk 1/ü",
        &yrs::sync::SyncMessage::SyncStep1(sv),
    )));
    for effect in &update.effects {
        if let Effect::RoomSend(bytes) = effect {
            if let Ok((
                _,
                crate::room::wire::Incoming::Sync(yrs::sync::SyncMessage::SyncStep2(u)),
            )) = crate::room::wire::read(bytes)
            {
                server.apply(&u).unwrap();
            }
        }
    }
    again.apply(Intent::RoomMessage(step2("desk 1/ü", &server)));
    let labels = |d: &crate::model::document::Document| -> Vec<String> {
        d.annotations()
            .iter()
            .map(|a| a.label.to_string())
            .collect()
    };
    assert_eq!(labels(again.editor().document()), ["GPE", "EVENT", "MISC"]);
    assert_eq!(labels(&server.document()), ["GPE", "EVENT", "MISC"]);
    assert_eq!(server.document().text(), "Cairo talks.\n");
    assert_eq!(again.workspace().entries().len(), 1);
}

#[test]
fn a_page_leaving_keeps_the_room_at_once_and_a_reload_then_starts_from_the_last_change() {
    let mut s = super::tests::session("[Cairo|GPE] talks.\n");
    joined(&mut s);
    let server = RoomDoc::new("shared", 7);
    s.apply(Intent::RoomMessage(step2("desk 1/ü", &server)));
    s.apply(Intent::RoomSettled);
    // Connected, "talks" tagged: its keep waits for the pause, its update for the server.
    super::tests::select(&mut s, 6, 11);
    let update = s.apply(Intent::ApplyLabel("EVENT".into()));
    assert_eq!(kept(&update.effects), None);
    // The page reloads before the pause is over: the room is kept as it leaves.
    let stored = kept(&s.apply(Intent::Leaving).effects).expect("the room kept");
    // Kept once: the pause's own turn, or leaving again, keeps nothing more.
    assert_eq!(kept(&s.apply(Intent::RoomKeep).effects), None);
    assert_eq!(kept(&s.apply(Intent::Leaving).effects), None);
    // The page starts again from its stored document and that room, before the connection is
    // back (the update never reached the server): the tag is still there, and still to send.
    let mut again = Session::new(
        crate::model::workspace::Workspace::new(crate::model::workspace::Entry::new(
            s.editor().document().clone(),
            crate::model::schema::Schema::default(),
        )),
        || 1.0,
    );
    again.apply(Intent::RoomRestored {
        stored: Some(stored),
        link: None,
    });
    assert_eq!(super::tests::text(&again), super::tests::text(&s));
    assert!(super::tests::text(&again).contains("[talks|EVENT"));
    again.apply(Intent::RoomClosed);
    // The document put in the room and the tag, neither heard back from the server.
    assert_eq!(
        again.room().unwrap().describe(),
        "Offline · “desk 1/ü” · 2 changes pending"
    );
}

#[test]
fn keys_typed_in_a_run_each_send_one_change_not_the_run_again() {
    let (mut s, mut theirs) = in_room("Blinken in cairo.\n");
    s.apply(Intent::Correct(true));
    for (i, key) in ["C", "a", "i"].into_iter().enumerate() {
        let update = s.apply(Intent::TextInput(TextInput::Insert {
            range: CpRange::new(11 + i, 11 + i),
            text: key.into(),
        }));
        let changes = update
            .effects
            .iter()
            .filter(|e| match e {
                Effect::RoomSend(bytes) => matches!(
                    crate::room::wire::read(bytes),
                    Ok((_, crate::room::wire::Incoming::Sync(_)))
                ),
                _ => false,
            })
            .count();
        assert_eq!(changes, 1, "key {key}");
        deliver(&update.effects, &mut theirs);
    }
    assert_eq!(render_fixture(&theirs.document()), "Blinken in Caicairo.\n");
    // Still one step to undo.
    s.apply(Intent::Correct(false));
    s.apply(Intent::Undo);
    assert_eq!(super::tests::text(&s), "Blinken in cairo.\n");
}

#[test]
fn a_shared_rooms_gold_comes_in_beside_the_shared_layer_in_agreement() {
    let mut theirs = RoomDoc::new("shared", 5);
    theirs.put(
        &parse_fixture("Cairo [talks|MISC#b1].\n").with_id("d9"),
        "shared",
    );
    // Someone adjudicated: the room's gold layer holds their gold.
    theirs
        .sync_gold(&parse_fixture("[Cairo|GPE#g1] [talks|MISC#g2].\n").with_id("d9"))
        .expect("gold written");
    let mut s = super::tests::session("Another article.\n");
    joined(&mut s);
    s.apply(Intent::RoomMessage(step2("desk 1/ü", &theirs)));
    assert_eq!(super::tests::text(&s), "Cairo [talks|MISC#b1].\n");
    s.apply(Intent::Open(super::Dialog::Agreement));
    assert_eq!(versions(&s), ["shared", "gold"]);
    // The shared layer stays the one shown, and what is tagged goes to it; gold is as it was.
    assert_eq!(super::tests::text(&s), "Cairo [talks|MISC#b1].\n");
    super::tests::select(&mut s, 0, 5);
    let update = s.apply(Intent::ApplyLabel("GPE".into()));
    deliver(&update.effects, &mut theirs);
    let shared = render_fixture(&theirs.document());
    assert!(shared.starts_with("[Cairo|GPE#a"), "{shared}");
    assert_eq!(
        render_fixture(&theirs.layer_document("gold")),
        "[Cairo|GPE#g1] [talks|MISC#g2].\n"
    );
}
