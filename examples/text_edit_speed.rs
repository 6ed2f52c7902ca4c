//! How long a typed character takes in the model (issue 16): 1,000 single-character edits, and
//! as many Backspaces, in a generated 1 MB document with 10,000 spans, each applied by the
//! editor as the view would, the layout following each typed character. Run with `cargo run --release --example text_edit_speed`.

use std::time::Instant;

use spanwise::model::command::{Command, Editor};
use spanwise::model::layout::Layout;
use spanwise::model::offsets::{CodePoint, CpRange};
use spanwise::model::schema::Schema;
use spanwise::model::text_edit::TextEdit;

mod common;

const N_EDITS: usize = 1_000;

fn main() {
    let text = common::big_text();
    let started = Instant::now();
    let _ = spanwise::model::offsets::TextIndex::new(&text);
    let index_build = started.elapsed().as_secs_f64();
    let document = common::big_document(&text);
    let mut editor = Editor::new(document, Schema::default());
    let len = editor.document().len().0;
    // A caret that moves like typing: mostly forward, sometimes elsewhere (a fixed LCG).
    let mut seed: u64 = 42;
    let mut caret = len / 2;
    let started = Instant::now();
    let mut slowest = 0.0f64;
    let mut layout = Layout::new(editor.document());
    let mut layout_time = 0.0f64;
    for i in 0..N_EDITS {
        if i % 50 == 0 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            caret = (seed >> 33) as usize % len;
        }
        let one = Instant::now();
        let edit = TextEdit::new(caret, caret, "x");
        editor
            .apply(Command::EditText(edit.clone()))
            .expect("an insertion applies");
        let applied = Instant::now();
        layout.apply_text_edit(editor.document(), &edit);
        layout_time += applied.elapsed().as_secs_f64();
        slowest = slowest.max(one.elapsed().as_secs_f64());
        caret += 1;
    }
    let typing = started.elapsed().as_secs_f64();
    assert_eq!(
        layout,
        Layout::new(editor.document()),
        "the layout followed"
    );
    let text = editor.document().text().to_string();
    let started = Instant::now();
    let mut index = editor.document().index().clone();
    let index_clone = started.elapsed().as_secs_f64();
    let started = Instant::now();
    for _ in 0..N_EDITS {
        let at = index.len().0 / 2;
        // The same text each time: replacing a character by itself still redoes the work.
        let ch = &text[index.byte_range(&text, CpRange::new(at, at + 1))];
        index.apply_edit(&text, CpRange::new(at, at + 1), ch);
    }
    let index_update = started.elapsed().as_secs_f64();
    let started = Instant::now();
    for _ in 0..N_EDITS {
        let command = editor
            .backspace(CodePoint(caret))
            .expect("something to delete");
        editor.apply(command).expect("a deletion applies");
        caret -= 1;
    }
    let deleting = started.elapsed().as_secs_f64();
    let started = Instant::now();
    for _ in 0..N_EDITS {
        editor.undo().expect("undo");
    }
    let undoing = started.elapsed().as_secs_f64();
    let (replacing, replace_undo, replace_redo) = replace_all_speed(&mut editor);
    println!(
        "{} bytes, {} spans: {N_EDITS} typed characters {:.3} ms each (slowest {:.3} ms), \
         {N_EDITS} Backspaces {:.3} ms each, {N_EDITS} undos {:.3} ms each \
         (building the offset index afresh: {:.3} ms; updating it after an edit: {:.3} ms; \
         the layout following a typed character: {:.3} ms; cloning the index {:.3} ms)",
        editor.document().text().len(),
        editor.document().annotations().len(),
        typing * 1e3 / N_EDITS as f64,
        slowest * 1e3,
        deleting * 1e3 / N_EDITS as f64,
        undoing * 1e3 / N_EDITS as f64,
        index_build * 1e3,
        index_update * 1e3 / N_EDITS as f64,
        layout_time * 1e3 / N_EDITS as f64,
        index_clone * 1e3,
    );
    println!(
        "Replace all of {N_EDITS} matches: {:.1} ms (undo {:.1} ms, redo {:.1} ms)",
        replacing * 1e3,
        replace_undo * 1e3,
        replace_redo * 1e3,
    );
}

/// Replace all of the first 1,000 "thursday" by "Thursday" (what the browser bench does with
/// 1,000 matches): the command is made and applied, then undone and redone.
fn replace_all_speed(editor: &mut Editor) -> (f64, f64, f64) {
    use spanwise::assist::search::{find, replace_all, Query};
    let started = Instant::now();
    let mut matches = find(
        editor.document(),
        &Query::plain("thursday").case_sensitive(true),
    )
    .expect("a query");
    matches.truncate(N_EDITS);
    assert_eq!(matches.len(), N_EDITS);
    let command = replace_all(editor, &matches, "Thursday").expect("matches to replace");
    editor.apply(command).expect("replace all applies");
    let replacing = started.elapsed().as_secs_f64();
    let started = Instant::now();
    editor.undo().expect("undo");
    let undoing = started.elapsed().as_secs_f64();
    let started = Instant::now();
    editor.redo().expect("redo");
    (replacing, undoing, started.elapsed().as_secs_f64())
}
