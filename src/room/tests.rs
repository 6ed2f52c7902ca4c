//! The room document between two clients with no server between them: what one writes, the
//! other reads, text corrections move the other's spans, concurrent work merges; and the
//! messages and base64 byte for byte.

use yrs::sync::SyncMessage;

use super::wire::{self, Incoming};
use super::{text_difference, RoomDoc};
use crate::model::command::{Command, Editor};
use crate::model::document::Document;
use crate::model::fixture::{parse_fixture, render_fixture};
use crate::model::schema::Schema;
use crate::model::text_edit::TextEdit;

/// Everything `from` has that `to` lacks, as a sync step 2 carries it.
fn send(from: &RoomDoc, to: &mut RoomDoc) {
    let update = from.diff(&to.state_vector()).unwrap();
    to.apply(&update).unwrap();
}

fn room_pair(fixture: &str) -> (RoomDoc, RoomDoc) {
    let mut a = RoomDoc::new("shared", 1);
    let mut b = RoomDoc::new("shared", 2);
    // What `put` returns is the whole of it: the update alone brings the other client there.
    let update = a.put(&parse_fixture(fixture).with_id("doc-1"), "shared");
    b.apply(&update).unwrap();
    assert_eq!(b.state_vector(), a.state_vector());
    (a, b)
}

fn edited(document: Document, command: Command) -> Document {
    let mut editor = Editor::new(document, Schema::default());
    editor.apply(command).unwrap();
    editor.document().clone()
}

#[test]
fn what_one_client_puts_in_the_room_the_other_reads() {
    let fixture = "[Antony Blinken|PERSON#a1] arrived in [Cairo|GPE#a2] 🇪🇬 and [Gaza|GPE#a3].\n";
    let (_, mut b) = room_pair(fixture);
    let document = b.document();
    assert_eq!(document.id.as_str(), "doc-1");
    assert_eq!(&*document.title, "fixture");
    assert_eq!(render_fixture(&document), fixture);
    assert!(!b.is_empty());
    assert!(RoomDoc::new("shared", 3).is_empty());
}

#[test]
fn a_text_correction_by_one_moves_the_spans_the_other_reads() {
    let (mut a, mut b) = room_pair("The 🇪🇬 [Refa|GPE] crossing and [Cairo|GPE].\n");
    let document = a.document();
    // "Refa" → "Rafah", and a word typed before everything (after the flag: astral units).
    let document = edited(document, Command::EditText(TextEdit::new(7, 11, "Rafah")));
    let document = edited(
        document,
        Command::EditText(TextEdit::new(0, 0, "Yesterday: ")),
    );
    let update = a.sync_from(&document).expect("the text changed");
    b.apply(&update).unwrap();
    assert_eq!(
        render_fixture(&b.document()),
        "Yesterday: The 🇪🇬 [Rafah|GPE#a1] crossing and [Cairo|GPE#a2].\n"
    );
    // Nothing changed since: nothing to send.
    assert_eq!(a.sync_from(&document), None);
}

#[test]
fn concurrent_work_merges_and_removals_sync() {
    let (mut a, mut b) = room_pair("Abbas met Kamel in Cairo.\n");
    let base = a.document();
    // Each client makes its ids in a space of its own, so that two tags at once differ.
    let mut mine = Editor::new(base.with_id_space(Some("c1")), Schema::default());
    let tag = mine
        .tag(crate::model::offsets::CpRange::new(0, 5), "PERSON")
        .unwrap();
    mine.apply(tag).unwrap();
    let base_b = b.document();
    let mut theirs = Editor::new(base_b.with_id_space(Some("c2")), Schema::default());
    let tag = theirs
        .tag(crate::model::offsets::CpRange::new(19, 24), "GPE")
        .unwrap();
    theirs.apply(tag).unwrap();
    // Both offline: each writes its own, then they meet.
    a.sync_from(mine.document()).unwrap();
    b.sync_from(theirs.document()).unwrap();
    send(&a, &mut b);
    send(&b, &mut a);
    let merged = "[Abbas|PERSON#a1-c1] met Kamel in [Cairo|GPE#a1-c2].\n";
    assert_eq!(render_fixture(&a.document()), merged);
    assert_eq!(render_fixture(&b.document()), merged);
    // One removes Abbas; the other reads it gone.
    let abbas = mine.document().annotations()[0].id.clone();
    let mut after = Editor::new(a.document(), Schema::default());
    after.apply(Command::Remove(abbas)).unwrap();
    let update = a.sync_from(after.document()).unwrap();
    b.apply(&update).unwrap();
    assert_eq!(
        render_fixture(&b.document()),
        "Abbas met Kamel in [Cairo|GPE#a1-c2].\n"
    );
}

#[test]
fn a_claim_keeps_its_attributes_across_the_room() {
    let (_, mut b) = room_pair("[Talks will resume soon|CLAIM#c1], he said.\n");
    let document = b.document();
    let claim = &document.annotations()[0];
    assert_eq!(claim.id.as_str(), "c1");
    assert_eq!(
        claim.claim.as_deref(),
        parse_fixture("[Talks will resume soon|CLAIM#c1], he said.\n").annotations()[0]
            .claim
            .as_deref()
    );
}

#[test]
fn a_damaged_update_is_refused_and_the_room_kept() {
    let (_, mut b) = room_pair("[Cairo|GPE].\n");
    assert!(b.apply(&[1, 2, 3]).is_err());
    assert!(b.diff(&[0xff]).is_err());
    assert_eq!(render_fixture(&b.document()), "[Cairo|GPE#a1].\n");
}

#[test]
fn text_difference_in_code_points() {
    let cases: [(&str, &str, (usize, usize, &str)); 6] = [
        ("Refa crossing", "Rafah crossing", (1, 3, "afah")),
        ("abc", "abc", (3, 0, "")),
        ("", "new", (0, 0, "new")),
        ("🇪🇬 x", "🇪🇬 yx", (3, 0, "y")),
        ("aaa", "aa", (2, 1, "")),
        ("é🙂b", "é🙃b", (1, 1, "🙃")),
    ];
    for (old, new, expected) in cases {
        assert_eq!(text_difference(old, new), expected, "{old:?} → {new:?}");
    }
    // Past the blocks compared at once (64 bytes), with the difference inside a character's
    // bytes (é and ê share their first byte), and at either end.
    let long = "Secretary of State anthony blinkenarrived in cairo on thursday, ".repeat(5);
    let n = long.chars().count();
    let cases: [(String, String, (usize, usize, &str)); 5] = [
        (
            format!("{long}é{long}"),
            format!("{long}ê{long}"),
            (n, 1, "ê"),
        ),
        (format!("{long}x"), format!("{long}yz"), (n, 1, "yz")),
        (format!("x{long}"), format!("🙂{long}"), (0, 1, "🙂")),
        (long.repeat(2), long.clone(), (n, n, "")),
        (
            format!("{long}{long}"),
            format!("{long}, {long}"),
            (n, 0, ", "),
        ),
    ];
    for (old, new, expected) in &cases {
        assert_eq!(&text_difference(old, new), expected);
    }
}

#[test]
fn messages_byte_for_byte() {
    // varString("r1") varUint(2: auth) varUint(0: token) varString("tk")
    assert_eq!(wire::auth("r1", "tk"), [2, b'r', b'1', 2, 0, 2, b't', b'k']);
    assert_eq!(
        wire::sync("r1", &SyncMessage::Update(vec![9, 9])),
        [2, b'r', b'1', 0, 2, 2, 9, 9]
    );
    let denied = [2, b'r', b'1', 2, 1, 3, b'b', b'a', b'd'];
    assert_eq!(
        wire::read(&denied),
        Ok(("r1".to_string(), Incoming::Denied("bad".into())))
    );
    let granted = [2, b'r', b'1', 2, 2, 2, b'r', b'w'];
    assert_eq!(
        wire::read(&granted),
        Ok(("r1".to_string(), Incoming::Authenticated("rw".into())))
    );
    assert_eq!(
        wire::read(&[2, b'r', b'1', 8, 1]),
        Ok(("r1".to_string(), Incoming::Acknowledged(true)))
    );
    assert!(wire::read(&[5, b'r']).is_err());
    assert!(wire::read(&[2, b'r', b'1', 2, 9]).is_err());
}

#[test]
fn base64_as_javascript_writes_it() {
    for (bytes, text) in [
        (&b"Man"[..], "TWFu"),
        (b"Ma", "TWE="),
        (b"M", "TQ=="),
        (b"", ""),
        (&[0xfb, 0xff, 0xbf][..], "+/+/"),
    ] {
        assert_eq!(wire::base64(bytes), text);
        assert_eq!(wire::unbase64(text).as_deref(), Some(bytes));
    }
    for bad in ["TQ=", "T===", "TQ==TQ==", "TQ*=", "é"] {
        assert_eq!(wire::unbase64(bad), None, "{bad}");
    }
}

#[test]
fn presence_comes_moves_and_goes_by_clock() {
    use super::presence::{colour_of, Peer, Presence};
    let alice = Peer {
        name: "alice".into(),
        colour: colour_of("alice").into(),
        selection: Some(("AAA=".into(), "BBB=".into())),
    };
    let mut mine = Presence::new(1);
    let mut theirs = Presence::new(2);
    let first = mine.own_update(&alice);
    // varUint(1 client) varUint(id 1) varUint(clock 1) varString(JSON)
    assert_eq!(&first[..3], &[1, 1, 1]);
    let json = std::str::from_utf8(&first[4..]).unwrap();
    assert_eq!(
        json,
        format!(
            r#"{{"colour":"{}","name":"alice","selection":{{"end":"BBB=","start":"AAA="}}}}"#,
            colour_of("alice")
        )
    );
    assert_eq!(theirs.apply(&first), Ok(true));
    assert_eq!(theirs.peers().collect::<Vec<_>>(), [&alice]);
    // The same state again changes nothing; an older clock is ignored.
    assert_eq!(theirs.apply(&first), Ok(false));
    let moved = Peer {
        selection: None,
        ..alice.clone()
    };
    let second = mine.own_update(&moved);
    assert_eq!(theirs.apply(&second), Ok(true));
    assert_eq!(theirs.apply(&first), Ok(false));
    assert_eq!(theirs.peers().next().unwrap().selection, None);
    // Its own state, echoed back by the server, is not a colleague.
    assert_eq!(mine.apply(&second), Ok(false));
    assert_eq!(mine.peers().count(), 0);
    // Leaving: a null state.
    assert_eq!(theirs.apply(&mine.leaving()), Ok(true));
    assert_eq!(theirs.peers().count(), 0);
    assert!(theirs.apply(&[3, 1]).is_err());
}

#[test]
fn a_selection_told_as_sticky_ends_follows_a_correction() {
    let (mut a, mut b) = room_pair("The [Refa|GPE] crossing.\n");
    let document = a.document();
    let ends = a
        .selection_ends(document.index(), crate::model::offsets::CpRange::new(4, 8))
        .unwrap();
    let corrected = edited(
        document,
        Command::EditText(TextEdit::new(0, 0, "Yesterday: ")),
    );
    b.apply(&a.sync_from(&corrected).unwrap()).unwrap();
    let there = b.document();
    assert_eq!(
        b.resolve_ends(there.index(), &ends),
        Some(crate::model::offsets::CpRange::new(15, 19))
    );
}

#[test]
fn relations_and_entities_travel_with_the_spans() {
    use crate::model::document::{AnnotationId, Entity, EntityId, Relation, RelationId};
    use std::rc::Rc;
    let (mut a, mut b) =
        room_pair("[Kamel|PERSON#p1] said [talks resume|CLAIM#c1] and [he|PERSON#p2] left.\n");
    let mut editor = Editor::new(a.document(), Schema::default());
    editor
        .apply(Command::Batch(vec![
            Command::AddRelation(Relation {
                id: RelationId(Rc::from("r1")),
                kind: Rc::from("speaker"),
                from: AnnotationId::new("c1"),
                to: AnnotationId::new("p1"),
            }),
            Command::PutEntity(Entity {
                id: EntityId(Rc::from("e1")),
                name: Rc::from("Abbas Kamel"),
                wikidata: Some(Rc::from("Q57416")),
                mentions: vec![AnnotationId::new("p1"), AnnotationId::new("p2")],
            }),
        ]))
        .unwrap();
    b.apply(&a.sync_from(editor.document()).unwrap()).unwrap();
    let there = b.document();
    assert_eq!(there.relations(), editor.document().relations());
    assert_eq!(there.entities(), editor.document().entities());
    // The claim's speaker is the relation (its attributes say so) on both sides.
    assert_eq!(there.annotations(), editor.document().annotations());
    // Taking "he" out of the entity and the relation away reaches the other side too.
    editor
        .apply(editor.ungroup(&AnnotationId::new("p2")).unwrap())
        .unwrap();
    editor
        .apply(Command::RemoveRelation(RelationId(Rc::from("r1"))))
        .unwrap();
    b.apply(&a.sync_from(editor.document()).unwrap()).unwrap();
    let there = b.document();
    assert_eq!(there.relations(), &[]);
    assert_eq!(there.entities(), editor.document().entities());
    assert_eq!(there.entities()[0].mentions, [AnnotationId::new("p1")]);
}
