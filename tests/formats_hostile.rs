//! Hostile input for every foreign-format importer: garbage bytes, truncated and corrupted
//! corpus files, and a 50 MB file. Each must give a result with diagnostics or an error, never
//! a panic, and must return promptly.

use std::time::{Duration, Instant};

use spanwise::formats::{brat, conll, detect, doccano, labelstudio, w3c};

#[path = "common/corpus.rs"]
mod corpus;

fn read(file: &str) -> String {
    corpus::read_corpus_file(file)
}

/// A small deterministic generator (xorshift64), so that a failure reproduces exactly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Runs every importer (and detection, and the exports of whatever imported) on `content`;
/// errors are fine, panics are not.
/// Returns the number of documents imported, so the caller can check something happened.
fn run_all(content: &str) -> usize {
    let mut n_documents = 0;
    let _ = detect::detect("x", content);
    let text = "Blinken met Shoukry in Cairo.";
    for imported in [
        brat::import_pair("x.txt", text, content),
        brat::import_pair("x.txt", content, "T1\tX 0 1\tB"),
        doccano::import("x.jsonl", content),
        labelstudio::import("x.json", content),
        conll::import("x.conll", content),
        w3c::import("x.json", content),
        w3c::import_with_text("x.json", content, text),
    ]
    .into_iter()
    .flatten()
    {
        for document in &imported.documents {
            n_documents += 1;
            let _ = conll::export(&document.document);
            let _ = brat::export_ann(&document.document, &document.relations, &document.notes);
            let _ = w3c::export(document);
        }
        let documents: Vec<_> = imported.documents.iter().collect();
        let _ = doccano::export(&documents);
        let _ = labelstudio::export(&documents);
    }
    n_documents
}

const CORPUS_FILES: [&str; 12] = [
    "brat/news/000-introduction.ann",
    "brat/news/110-note_annotation.ann",
    "brat/conll2002-esp/esp.train-doc-46.ann",
    "doccano/export-relation_extraction.jsonl",
    "doccano/export-sequence_labeling.jsonl",
    "doccano/invalid.conll",
    "labelstudio/named_entity-annotation-1.json",
    "labelstudio/named_entity-tasks.json",
    "spacy/ner-sent-per-line.iob",
    "spacy/ner-token-per-line-conll2003.iob",
    "w3c/text-annotator-annotations.w3c.json",
    "brat/conll2002-esp/esp.train-doc-46.txt",
];

#[test]
fn random_bytes_decoded_lossily_never_panic() {
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    // Bytes biased towards the characters the formats give meaning to.
    const MEANINGFUL: &[u8] = b"{}[]\":,0123456789-\t\n |#TRAENO*BI.\\ue";
    for _ in 0..400 {
        let len = rng.below(300);
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                if rng.below(3) == 0 {
                    rng.next() as u8
                } else {
                    MEANINGFUL[rng.below(MEANINGFUL.len())]
                }
            })
            .collect();
        run_all(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn truncated_and_corrupted_corpus_files_never_panic() {
    let mut rng = Rng(0x0bad_cafe_f00d_0001);
    let mut n_documents = 0;
    for file in CORPUS_FILES {
        let content = read(file);
        let boundaries: Vec<usize> = content.char_indices().map(|(i, _)| i).collect();
        // Truncated at 20 points spread over the file.
        for k in 0..20 {
            let cut = boundaries[k * boundaries.len() / 20];
            n_documents += run_all(&content[..cut]);
        }
        // Corrupted: a few characters replaced or removed, a line duplicated.
        for _ in 0..10 {
            let mut chars: Vec<char> = content.chars().collect();
            for _ in 0..3 {
                let at = rng.below(chars.len());
                match rng.below(3) {
                    0 => chars[at] = ['"', '{', '\t', '\n', '9', '-', '😀'][rng.below(7)],
                    1 => {
                        chars.remove(at);
                    }
                    _ => chars.insert(at, '\u{FFFD}'),
                }
            }
            let corrupted: String = chars.into_iter().collect();
            n_documents += run_all(&corrupted);
            let doubled = format!("{corrupted}\n{corrupted}");
            n_documents += run_all(&doubled);
        }
    }
    assert!(
        n_documents > 500,
        "many of them still import: {n_documents}"
    );
}

/// A 50 MB file is refused by its size, before any parsing.
#[test]
fn a_50_mb_file_is_refused_by_its_size() {
    let huge = "x".repeat(50 * 1024 * 1024);
    let expected = "x: the file is 52428800 bytes; Spanwise imports files up to 20971520 bytes";
    assert_eq!(
        conll::import("x", &huge)
            .map(|i| i.documents.len())
            .unwrap_err()
            .to_string(),
        expected
    );
    assert_eq!(
        doccano::import("x", &huge)
            .map(|i| i.documents.len())
            .unwrap_err()
            .to_string(),
        expected
    );
    assert_eq!(
        labelstudio::import("x", &huge)
            .map(|i| i.documents.len())
            .unwrap_err()
            .to_string(),
        expected
    );
    assert_eq!(
        w3c::import("x", &huge)
            .map(|i| i.documents.len())
            .unwrap_err()
            .to_string(),
        expected
    );
}

/// A file just under the size limit, of each kind, returns (a result or an error) within a
/// bound generous enough for an unoptimised test build on a busy machine; optimised, each takes
/// a fraction of it. This guards against hangs, not for speed.
#[test]
fn a_file_at_the_size_limit_returns_promptly() {
    const SIZE: usize = 19 * 1024 * 1024;
    let limit = Duration::from_secs(20);
    let timed = |what: &str, run: &dyn Fn() -> String| {
        let started = Instant::now();
        let outcome = run();
        let elapsed = started.elapsed();
        assert!(elapsed < limit, "{what} took {elapsed:?}: {outcome}");
        outcome
    };
    // One long line without any structure: every importer refuses it or reads nothing from it.
    let garbage = "x".repeat(SIZE);
    let outcome = timed(
        "conll on one huge token",
        &|| match conll::import("x.conll", &garbage) {
            Ok(i) => format!("{} diagnostics", i.diagnostics.len()),
            Err(e) => e.to_string(),
        },
    );
    assert_eq!(
        outcome,
        "x.conll: not a CoNLL/IOB file: there are no tokens"
    );
    timed("json on garbage", &|| {
        for (what, outcome) in [
            (
                "doccano",
                doccano::import("x", &garbage).map(|i| i.documents.len()),
            ),
            (
                "labelstudio",
                labelstudio::import("x", &garbage).map(|i| i.documents.len()),
            ),
            ("w3c", w3c::import("x", &garbage).map(|i| i.documents.len())),
        ] {
            assert!(outcome.is_err(), "{what}");
        }
        String::new()
    });
    // Deeply nested JSON: serde's recursion limit turns it into an error, not a stack overflow.
    let nested = "[".repeat(SIZE);
    timed("json nested", &|| {
        for outcome in [
            labelstudio::import("x", &nested).map(|i| i.documents.len()),
            w3c::import("x", &nested).map(|i| i.documents.len()),
            doccano::import("x", &nested).map(|i| i.documents.len()),
        ] {
            assert!(outcome.is_err());
        }
        String::new()
    });
    // A brat .ann that is one 50 MB line: one diagnostic, and its message is cut short.
    let outcome = timed("brat with one huge line", &|| match brat::import_pair(
        "x.txt", "Blinken", &garbage,
    ) {
        Ok(i) => format!(
            "{} diagnostic of {} bytes",
            i.diagnostics.len(),
            i.diagnostics[0].message.len()
        ),
        Err(e) => e.to_string(),
    });
    assert!(outcome.starts_with("1 diagnostic of "), "{outcome}");
    timed("detect", &|| {
        assert_eq!(
            detect::detect("x", &garbage),
            Some(detect::Detected::PlainText)
        );
        String::new()
    });
}

/// Millions of bad lines cost linear time and a capped list of diagnostics.
#[test]
fn a_file_of_bad_lines_gives_a_capped_list_of_diagnostics() {
    let line = "T1\tPERSON 900 907\tBlinken\n";
    let ann = line.repeat(100_000);
    let started = Instant::now();
    let imported = brat::import_pair("x.txt", "Blinken", &ann).unwrap();
    assert_eq!(imported.diagnostics.len(), 201);
    assert_eq!(
        imported.diagnostics[200].message,
        "and 99800 more problems not listed"
    );
    let conll = "a\tX-Y\n".repeat(100_000);
    let imported = conll::import("x.conll", &conll).unwrap();
    assert_eq!(imported.diagnostics.len(), 201);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(detect::detect("x", &ann), Some(detect::Detected::BratAnn));
}
