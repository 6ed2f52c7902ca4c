//! How long a typed character takes in the model (issue 16): 1,000 single-character edits, and
//! as many Backspaces, in a generated 1 MB document with 10,000 spans, each applied by the
//! editor as the view would. Run with `cargo run --release --example text_edit_speed`.

use std::time::Instant;

use spanwise::model::command::{Command, Editor};
use spanwise::model::document::{Annotation, Document};
use spanwise::model::offsets::{CodePoint, CpRange};
use spanwise::model::schema::Schema;
use spanwise::model::text_edit::TextEdit;

const TEXT_BYTES: usize = 1_000_000;
const N_SPANS: usize = 10_000;
const N_EDITS: usize = 1_000;

fn main() {
    let sentence =
        "US Secretary of State, anthony blinkenarrived this thursday cairois the second stop. ";
    let mut text = String::with_capacity(TEXT_BYTES + sentence.len());
    while text.len() < TEXT_BYTES {
        text.push_str(sentence);
        if text.len() % 1_000 < sentence.len() {
            text.push_str("\n\n");
        }
    }
    let started = Instant::now();
    let _ = spanwise::model::offsets::TextIndex::new(&text);
    let index_build = started.elapsed().as_secs_f64();
    let mut document = Document::new("bench", "bench", &text);
    let step = document.len().0 / N_SPANS;
    for i in 0..N_SPANS {
        let start = i * step + 1;
        document.insert(Annotation::entity(
            &format!("a{}", i + 1),
            "PERSON",
            CpRange::new(start, start + 7),
        ));
    }
    let mut editor = Editor::new(document, Schema::default());
    let len = editor.document().len().0;
    // A caret that moves like typing: mostly forward, sometimes elsewhere (a fixed LCG).
    let mut seed: u64 = 42;
    let mut caret = len / 2;
    let started = Instant::now();
    let mut slowest = 0.0f64;
    for i in 0..N_EDITS {
        if i % 50 == 0 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            caret = (seed >> 33) as usize % len;
        }
        let one = Instant::now();
        editor
            .apply(Command::EditText(TextEdit::new(caret, caret, "x")))
            .expect("an insertion applies");
        slowest = slowest.max(one.elapsed().as_secs_f64());
        caret += 1;
    }
    let typing = started.elapsed().as_secs_f64();
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
    println!(
        "{} bytes, {} spans: {N_EDITS} typed characters {:.3} ms each (slowest {:.3} ms), \
         {N_EDITS} Backspaces {:.3} ms each, {N_EDITS} undos {:.3} ms each \
         (building the offset index afresh: {:.3} ms)",
        editor.document().text().len(),
        editor.document().annotations().len(),
        typing * 1e3 / N_EDITS as f64,
        slowest * 1e3,
        deleting * 1e3 / N_EDITS as f64,
        undoing * 1e3 / N_EDITS as f64,
        index_build * 1e3,
    );
}
