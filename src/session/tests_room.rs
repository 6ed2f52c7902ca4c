//! The room's address in a link and a token, what the toolbar says, and what joining refuses
//! before it connects. The exchanges with a server are tested against a real one
//! (`tests/team/app.test.mjs`).

use super::room::{RoomAddress, RoomStatus};
use super::{Effect, Intent, Session};

pub(super) fn address(token: &str) -> RoomAddress {
    RoomAddress {
        server: "ws://127.0.0.1:1234".into(),
        room: "desk 1/ü".into(),
        token: token.into(),
        blind: false,
    }
}

#[test]
fn a_link_carries_the_room_and_reads_back() {
    let shared = address("eyJ.sig");
    let link = shared.link("http://127.0.0.1:8080/");
    assert_eq!(
        link,
        "http://127.0.0.1:8080/?server=ws%3A%2F%2F127.0.0.1%3A1234&room=desk%201%2F%C3%BC&token=eyJ.sig"
    );
    assert_eq!(
        RoomAddress::from_query(&link[link.find('?').unwrap()..]),
        Some(shared.clone())
    );
    let blind = RoomAddress {
        blind: true,
        ..shared
    };
    let link = blind.link("http://x/");
    assert!(link.ends_with("&mode=blind"));
    assert_eq!(
        RoomAddress::from_query(&link[link.find('?').unwrap()..]),
        Some(blind)
    );
    for query in ["", "?room=a", "?server=ws://x", "?server=ws://x&room=%zz"] {
        assert_eq!(RoomAddress::from_query(query), None, "{query}");
    }
}

#[test]
fn the_token_names_the_annotator() {
    // base64url of {"room":"r","name":"Zoë","exp":1} and a signature.
    let payload = "eyJyb29tIjoiciIsIm5hbWUiOiJab8OrIiwiZXhwIjoxfQ";
    assert_eq!(
        address(&format!("{payload}.c2ln")).name().as_deref(),
        Some("Zoë")
    );
    assert_eq!(address("not a token").name(), None);
}

fn session() -> Session {
    super::tests::session("[Cairo|GPE] talks.\n")
}

#[test]
fn joining_connects_and_the_toolbar_says_so() {
    let mut s = session();
    let update = s.apply(Intent::JoinRoom(address("eyJ.sig")));
    assert!(
        matches!(&update.effects[..], [Effect::RoomConnect(url)] if url == "ws://127.0.0.1:1234")
    );
    let room = s.room().unwrap();
    assert_eq!(room.status, RoomStatus::Connecting);
    assert_eq!(room.describe(), "Connecting to “desk 1/ü”…");
    // The socket opens: the token first, then the state vector.
    let update = s.apply(Intent::RoomOpened);
    assert_eq!(update.effects.len(), 2);
    assert_eq!(s.room().unwrap().status_key(), "syncing");
    // It closes: offline, and it tries again after a pause.
    let update = s.apply(Intent::RoomClosed);
    assert!(matches!(&update.effects[..], [Effect::RoomRetry(1000)]));
    assert_eq!(s.room().unwrap().describe(), "Offline · “desk 1/ü”");
    let update = s.apply(Intent::RoomRetry);
    assert!(matches!(&update.effects[..], [Effect::RoomConnect(_)]));
    s.apply(Intent::LeaveRoom);
    assert!(s.room().is_none());
}

#[test]
fn joining_without_a_token_or_a_websocket_address_is_refused_before_connecting() {
    let mut s = session();
    let update = s.apply(Intent::JoinRoom(address("")));
    assert!(update.effects.is_empty());
    assert!(s.room().is_none());
    let http = RoomAddress {
        server: "http://127.0.0.1:1234".into(),
        ..address("t")
    };
    let update = s.apply(Intent::JoinRoom(http));
    assert!(update.effects.is_empty());
    assert!(s.room().is_none());
}

/// A server's sync step 2 carrying `room`'s state, as Hocuspocus frames it.
pub(super) fn step2(name: &str, room: &crate::room::RoomDoc) -> Vec<u8> {
    let update = room
        .diff(&crate::room::RoomDoc::new("shared", 99).state_vector())
        .unwrap();
    crate::room::wire::sync(name, &yrs::sync::SyncMessage::SyncStep2(update))
}

/// Applies the updates among `effects` to another client's room document, as the server would.
pub(super) fn deliver(effects: &[Effect], room: &mut crate::room::RoomDoc) {
    for effect in effects {
        if let Effect::RoomSend(bytes) = effect {
            if let Ok((_, crate::room::wire::Incoming::Sync(yrs::sync::SyncMessage::Update(u)))) =
                crate::room::wire::read(bytes)
            {
                room.apply(&u).unwrap();
            }
        }
    }
}

/// The annotators of the open document's versions, in order ("" for one without a name).
pub(super) fn versions(s: &Session) -> Vec<String> {
    s.editor()
        .document()
        .version_rows()
        .iter()
        .map(|r| r.annotator.as_deref().unwrap_or_default().to_string())
        .collect()
}

pub(super) fn joined(s: &mut Session) {
    s.apply(Intent::JoinRoom(address("eyJ.sig")));
    s.apply(Intent::RoomOpened);
}

#[test]
fn an_empty_room_gets_the_open_document_after_a_pause_and_a_full_one_opens_here() {
    let mut s = session();
    joined(&mut s);
    let empty = crate::room::RoomDoc::new("shared", 7);
    let update = s.apply(Intent::RoomMessage(step2("desk 1/ü", &empty)));
    assert!(matches!(&update.effects[..], [Effect::RoomSettle(600)]));
    assert_eq!(s.room().unwrap().status_key(), "syncing");
    let update = s.apply(Intent::RoomSettled);
    let sent: Vec<&Vec<u8>> = update
        .effects
        .iter()
        .filter_map(|e| match e {
            Effect::RoomSend(bytes) => Some(bytes),
            _ => None,
        })
        .collect();
    // The document, then this person's presence.
    assert_eq!(sent.len(), 2);
    assert!(matches!(
        crate::room::wire::read(sent[1]),
        Ok((_, crate::room::wire::Incoming::Awareness(_)))
    ));
    assert_eq!(
        s.room().unwrap().describe(),
        "Connected · “desk 1/ü” · 1 change pending"
    );
    // What it sent, applied to another client, is this document.
    let Ok((_, crate::room::wire::Incoming::Sync(yrs::sync::SyncMessage::Update(bytes)))) =
        crate::room::wire::read(sent[0])
    else {
        panic!("an update");
    };
    let mut other = crate::room::RoomDoc::new("shared", 8);
    other.apply(&bytes).unwrap();
    assert_eq!(
        crate::model::fixture::render_fixture(&other.document()),
        "[Cairo|GPE#a1] talks.\n"
    );
    // The server acknowledges it.
    s.apply(Intent::RoomMessage(vec![
        9, b'd', b'e', b's', b'k', b' ', b'1', b'/', 0xc3, 0xbc, 8, 1,
    ]));
    assert_eq!(s.room().unwrap().pending(), 0);

    // A second person joins the room that now has it: it opens in their workspace.
    let other_article = crate::model::fixture::parse_fixture("Another article.\n").with_id("d2");
    let mut t = Session::new(
        crate::model::workspace::Workspace::new(crate::model::workspace::Entry::new(
            other_article,
            crate::model::schema::Schema::default(),
        )),
        || 0.0,
    );
    joined(&mut t);
    t.apply(Intent::RoomMessage(step2("desk 1/ü", &other)));
    assert_eq!(t.room().unwrap().status_key(), "connected");
    assert_eq!(super::tests::text(&t), "[Cairo|GPE#a1] talks.\n");
    assert_eq!(t.workspace().entries().len(), 2);
    // Its new ids are its own: a tag made here does not collide with one made there.
    super::tests::select(&mut t, 6, 11);
    t.apply(Intent::ApplyLabel("GPE".into()));
    let ids: Vec<String> = t
        .editor()
        .document()
        .annotations()
        .iter()
        .map(|a| a.id.to_string())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids[1].starts_with("a1-") && ids[1].len() > 3, "{ids:?}");
}

#[test]
fn work_done_offline_is_kept_with_the_room_and_rejoined_after_a_reload() {
    let mut s = session();
    joined(&mut s);
    s.apply(Intent::RoomMessage(step2(
        "desk 1/ü",
        &crate::room::RoomDoc::new("shared", 7),
    )));
    s.apply(Intent::RoomSettled);
    s.apply(Intent::RoomClosed);
    super::tests::select(&mut s, 6, 11);
    let update = s.apply(Intent::ApplyLabel("GPE".into()));
    let kept = update
        .effects
        .iter()
        .find_map(|e| match e {
            Effect::StoreRoom(Some(json)) => Some(json.clone()),
            _ => None,
        })
        .expect("an offline change keeps the room");
    assert_eq!(
        s.room().unwrap().describe(),
        "Offline · “desk 1/ü” · 2 changes pending"
    );
    // After a reload (here with the document as it was before the tag): the kept room is
    // joined again, and read into the open document at once; its changes are still pending.
    let mut again = session();
    let update = again.apply(Intent::RoomRestored {
        stored: Some(kept.clone()),
        link: None,
    });
    assert!(matches!(&update.effects[0], Effect::RoomConnect(url) if url == "ws://127.0.0.1:1234"));
    assert_eq!(
        again.room().unwrap().describe(),
        "Connecting to “desk 1/ü”… · 2 changes pending"
    );
    assert_eq!(again.editor().document().annotations().len(), 2);
    // The room holds the tag made offline: after the first exchange both spans are there.
    again.apply(Intent::RoomOpened);
    again.apply(Intent::RoomMessage(step2(
        "desk 1/ü",
        &crate::room::RoomDoc::new("shared", 7),
    )));
    let spans: Vec<String> = again
        .editor()
        .document()
        .annotations()
        .iter()
        .map(|a| a.label.to_string())
        .collect();
    assert_eq!(spans, ["GPE", "GPE"]);
    // Leaving forgets it.
    let update = again.apply(Intent::LeaveRoom);
    assert!(update
        .effects
        .iter()
        .any(|e| matches!(e, Effect::StoreRoom(None))));
    // Nothing kept and no link: no room.
    let mut fresh = session();
    assert!(fresh
        .apply(Intent::RoomRestored {
            stored: None,
            link: None
        })
        .effects
        .is_empty());
    assert!(fresh.room().is_none());
    let damaged = fresh.apply(Intent::RoomRestored {
        stored: Some("{".into()),
        link: None,
    });
    assert!(damaged.effects.is_empty());
}

#[test]
fn a_blind_room_shows_the_others_layers_only_in_agreement() {
    // Bob's layer is in the room already, with his tag of "talks".
    let mut room = crate::room::RoomDoc::new("bob", 5);
    let bobs = crate::model::fixture::parse_fixture("Cairo [talks|MISC#b1].\n").with_id("d1");
    room.put(&bobs, "blind");
    let mut s = session();
    s.apply(Intent::JoinRoom(RoomAddress {
        blind: true,
        ..address("eyJyb29tIjoiciIsIm5hbWUiOiJhbGljZSIsImV4cCI6MX0.c2ln")
    }));
    s.apply(Intent::RoomOpened);
    s.apply(Intent::RoomMessage(step2("desk 1/ü", &room)));
    // Alice sees the text and her own layer (empty: nothing of Bob's).
    assert_eq!(super::tests::text(&s), "Cairo talks.\n");
    assert_eq!(s.editor().document().version_rows().len(), 1);
    // Agreement: Bob's layer comes in as his version; Alice's stays the one shown.
    s.apply(Intent::Open(super::Dialog::Agreement));
    assert_eq!(versions(&s), ["alice", "bob"]);
    assert_eq!(super::tests::text(&s), "Cairo talks.\n");
    // What Alice tags goes to her layer only.
    super::tests::select(&mut s, 0, 5);
    let update = s.apply(Intent::ApplyLabel("GPE".into()));
    deliver(&update.effects, &mut room);
    let alices = crate::model::fixture::render_fixture(&room.layer_document("alice"));
    assert!(
        alices.starts_with("[Cairo|GPE#a1-") && alices.ends_with("] talks.\n"),
        "{alices}"
    );
    assert_eq!(
        crate::model::fixture::render_fixture(&room.document()),
        "Cairo [talks|MISC#b1].\n"
    );
    // Showing Bob's version writes nothing of his into Alice's layer.
    let update = s.apply(Intent::ShowVersion(1));
    assert!(!update
        .effects
        .iter()
        .any(|e| matches!(e, Effect::RoomSend(_))));
    assert_eq!(super::tests::text(&s), "Cairo [talks|MISC#b1].\n");
    // A gold version (as adjudication writes it) goes to the room's gold layer.
    let document = s.editor().document().clone();
    let gold = crate::model::fixture::parse_fixture("[Cairo|GPE#g1] [talks|MISC#g2].\n")
        .with_id("d1")
        .with_annotator(Some(std::rc::Rc::from("gold")));
    let stacked = crate::model::versions::stack(&document, &gold, Some("alice")).unwrap();
    let command = s.editor().versions_command(stacked, None);
    let change = s.workspace.editor_mut().apply(command).unwrap();
    s.after_change(change);
    deliver(&std::mem::take(&mut s.effects), &mut room);
    assert_eq!(
        crate::model::fixture::render_fixture(&room.layer_document("gold")),
        "[Cairo|GPE#g1] [talks|MISC#g2].\n"
    );
    assert_eq!(
        crate::model::fixture::render_fixture(&room.document()),
        "Cairo [talks|MISC#b1].\n"
    );
    assert!(
        crate::model::fixture::render_fixture(&room.layer_document("alice"))
            .starts_with("[Cairo|GPE#a1-")
    );
}

#[test]
fn a_colleagues_change_made_while_another_document_is_open_is_there_on_switching_back() {
    // The room holds a document; this person has another one open and joins.
    let mut theirs = crate::room::RoomDoc::new("shared", 5);
    let article = crate::model::fixture::parse_fixture("Cairo talks.\n").with_id("d9");
    theirs.put(&article, "shared");
    let mut s = session();
    joined(&mut s);
    s.apply(Intent::RoomMessage(step2("desk 1/ü", &theirs)));
    assert_eq!(super::tests::text(&s), "Cairo talks.\n");
    // Back to the first document; meanwhile the colleague tags Cairo.
    s.apply(Intent::SwitchDocument(0));
    assert_eq!(super::tests::text(&s), "[Cairo|GPE#a1] talks.\n");
    let tagged = crate::model::fixture::parse_fixture("[Cairo|GPE#x1] talks.\n").with_id("d9");
    let update = theirs.sync_from(&tagged).unwrap();
    s.apply(Intent::RoomMessage(crate::room::wire::sync(
        "desk 1/ü",
        &yrs::sync::SyncMessage::Update(update),
    )));
    // The open document is untouched; the room's comes up to date when it is open again.
    assert_eq!(super::tests::text(&s), "[Cairo|GPE#a1] talks.\n");
    s.apply(Intent::SwitchDocument(1));
    assert_eq!(super::tests::text(&s), "[Cairo|GPE#x1] talks.\n");
}

#[test]
fn a_plain_link_into_a_blind_room_still_keeps_the_work_blind() {
    let mut room = crate::room::RoomDoc::new("bob", 5);
    room.put(
        &crate::model::fixture::parse_fixture("Cairo [talks|MISC#b1].\n").with_id("d1"),
        "blind",
    );
    let mut s = session();
    // The link says nothing of blindness.
    s.apply(Intent::JoinRoom(address(
        "eyJyb29tIjoiciIsIm5hbWUiOiJhbGljZSIsImV4cCI6MX0.c2ln",
    )));
    s.apply(Intent::RoomOpened);
    s.apply(Intent::RoomMessage(step2("desk 1/ü", &room)));
    assert!(s.room().unwrap().address.blind);
    assert_eq!(super::tests::text(&s), "Cairo talks.\n");
    super::tests::select(&mut s, 0, 5);
    let update = s.apply(Intent::ApplyLabel("GPE".into()));
    deliver(&update.effects, &mut room);
    assert!(
        crate::model::fixture::render_fixture(&room.layer_document("alice"))
            .starts_with("[Cairo|GPE#a1-")
    );
    assert_eq!(
        crate::model::fixture::render_fixture(&room.layer_document("shared")),
        "Cairo talks.\n"
    );
}
