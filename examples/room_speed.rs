//! What a team room costs the client on a big document (issue 17): a generated 1 MB document
//! with 10,000 spans shared in a room, then, through the session as the page drives it, a tag
//! made here (written into the room's Yjs document and sent), a colleague's tag arriving (read
//! back into the document), and a colleague's typed character arriving. Native timings; the
//! browser's WebAssembly is slower by a factor (measure it there with the benchmark pages).
//! Run with `cargo run --release --example room_speed`.

use std::time::Instant;

use spanwise::model::document::{Annotation, Document};
use spanwise::model::offsets::CpRange;
use spanwise::model::schema::Schema;
use spanwise::model::workspace::{Entry, Workspace};
use spanwise::room::wire::{self, Incoming};
use spanwise::room::RoomDoc;
use spanwise::session::correct::TextInput;
use spanwise::session::room::RoomAddress;
use spanwise::session::{Effect, Intent, Session};
use yrs::sync::SyncMessage;

mod common;
use common::{N_SPANS, TEXT_BYTES};

const ROUNDS: usize = 20;
const ROOM: &str = "bench";

/// The updates among a session's effects.
fn updates(effects: &[Effect]) -> Vec<Vec<u8>> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::RoomSend(bytes) => match wire::read(bytes) {
                Ok((_, Incoming::Sync(SyncMessage::Update(u)))) => Some(u),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

fn millis(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

/// A colleague's update arrives in the session; how long it takes to be read into the document.
fn receive(session: &mut Session, update: Vec<u8>) -> f64 {
    let started = Instant::now();
    session.apply(Intent::RoomMessage(wire::sync(
        ROOM,
        &SyncMessage::Update(update),
    )));
    millis(started)
}

fn report(what: &str, mut times: Vec<f64>) {
    times.sort_by(f64::total_cmp);
    println!(
        "{what:<44} median {:>7.2} ms   max {:>7.2} ms",
        times[times.len() / 2],
        times[times.len() - 1]
    );
}

fn main() {
    let workspace = Workspace::new(Entry::new(
        common::big_document(&common::big_text()),
        Schema::default(),
    ));
    let mut session = Session::new(workspace, || 0.0);
    session.apply(Intent::JoinRoom(RoomAddress {
        server: "ws://127.0.0.1:1234".into(),
        room: ROOM.into(),
        token: "eyJ.sig".into(),
        blind: false,
    }));
    session.apply(Intent::RoomOpened);
    let empty = RoomDoc::new("shared", 7);
    let step2 = empty
        .diff(&RoomDoc::new("shared", 8).state_vector())
        .unwrap();
    session.apply(Intent::RoomMessage(wire::sync(
        ROOM,
        &SyncMessage::SyncStep2(step2),
    )));
    let started = Instant::now();
    let shared = session.apply(Intent::RoomSettled);
    println!(
        "putting the document in the room: {:.0} ms",
        millis(started)
    );
    let mut colleague = RoomDoc::new("shared", 9);
    for update in updates(&shared.effects) {
        colleague.apply(&update).unwrap();
    }
    let started = Instant::now();
    colleague.document();
    println!("a colleague reading it: {:.0} ms", millis(started));
    let started = Instant::now();
    let again = colleague.document();
    println!("reading it again: {:.0} ms", millis(started));
    let started = Instant::now();
    let _ = colleague.sync_from(&again);
    println!("writing what did not change: {:.0} ms", millis(started));
    {
        let mut plain = Session::new(
            Workspace::new(Entry::new(
                common::big_document(&common::big_text()),
                Schema::default(),
            )),
            || 0.0,
        );
        let mut t = Vec::new();
        for round in 0..5 {
            let at = 57 + round * 997;
            plain.apply(Intent::SelectionChanged {
                range: Some(CpRange::new(at, at + 5)),
                caret_box: None,
            });
            let started = Instant::now();
            plain.apply(Intent::ApplyLabel("GPE".into()));
            t.push(millis(started));
        }
        report("a tag with no room", t);
    }

    let mut tag_here = Vec::new();
    let mut tag_there = Vec::new();
    let mut typed_there = Vec::new();
    let mut typed_here = Vec::new();
    for round in 0..ROUNDS {
        // A tag here: the span goes into the room's document, the update is sent.
        let at = 57 + round * 997;
        session.apply(Intent::SelectionChanged {
            range: Some(CpRange::new(at, at + 5)),
            caret_box: None,
        });
        let started = Instant::now();
        let update = session.apply(Intent::ApplyLabel("GPE".into()));
        tag_here.push(millis(started));
        for update in updates(&update.effects) {
            colleague.apply(&update).unwrap();
        }
        let mut theirs = colleague.document();
        // A colleague's tag arrives and is read back into the document.
        let at = 31 + round * 1009;
        theirs.insert(Annotation::entity(
            &format!("c{round}"),
            "ORG",
            CpRange::new(at, at + 7),
        ));
        let update = colleague.sync_from(&theirs).expect("a change");
        tag_there.push(receive(&mut session, update));
        // A colleague's typed character arrives.
        let text = theirs.text();
        let mut typed: String = text.chars().take(500 + round).collect();
        typed.push('x');
        typed.extend(text.chars().skip(500 + round));
        let document = Document::new("bench", "bench", &typed);
        let mut corrected = document;
        // The same spans, moved as the edit moves them.
        for annotation in theirs.annotations() {
            let mut moved = annotation.clone();
            if moved.range.start.0 >= 500 + round {
                moved.range = CpRange::new(moved.range.start.0 + 1, moved.range.end.0 + 1);
            }
            corrected.insert(moved);
        }
        let update = colleague.sync_from(&corrected).expect("a change");
        typed_there.push(receive(&mut session, update));
    }
    // Keys typed here, in the correction mode, one after another.
    session.apply(Intent::Correct(true));
    for round in 0..ROUNDS {
        let at = 2_000 + round;
        let started = Instant::now();
        let update = session.apply(Intent::TextInput(TextInput::Insert {
            range: CpRange::new(at, at),
            text: "y".into(),
        }));
        typed_here.push(millis(started));
        for update in updates(&update.effects) {
            colleague.apply(&update).unwrap();
        }
    }
    session.apply(Intent::Correct(false));
    let theirs = colleague.document();
    assert_eq!(
        session.workspace().editor().document().text(),
        theirs.text()
    );
    println!(
        "{N_SPANS} spans in {} MB, {ROUNDS} rounds:",
        TEXT_BYTES / 1_000_000
    );
    report("a tag here, written and sent", tag_here);
    report("a colleague's tag, read back", tag_there);
    report("a colleague's typed character, read back", typed_there);
    report("a character typed here, written and sent", typed_here);
}
