//! What survives a round trip through each foreign format, checked on real corpus documents:
//! import a brat document (spans, overlaps, relations, notes), export it to every format, import
//! that back, and compare. The table in each assertion message is the contract.

use spanwise::formats::{brat, conll, doccano, labelstudio, w3c, ImportedDocument};
use spanwise::model::document::Document;

#[path = "common/corpus.rs"]
mod corpus;

fn read(file: &str) -> String {
    corpus::read_corpus_file(file)
}

fn brat_document(stem: &str) -> ImportedDocument {
    let text = read(&format!("brat/{stem}.txt"));
    let ann = read(&format!("brat/{stem}.ann"));
    let mut imported = brat::import_pair("x.txt", &text, &ann).expect("corpus imports");
    imported.documents.remove(0)
}

/// (label, start, end) of every span, in text order.
fn spans(document: &Document) -> Vec<(String, usize, usize)> {
    document
        .annotations()
        .iter()
        .map(|a| (a.label.to_string(), a.range.start.0, a.range.end.0))
        .collect()
}

/// (kind, from span, to span) of every relation, with spans named by position so that
/// renumbered ids compare equal.
/// A span by position: (start, end) in code points.
type Place = (usize, usize);

fn relations(document: &ImportedDocument) -> Vec<(String, Place, Place)> {
    let at = |id| {
        let a = document
            .document
            .annotation(id)
            .expect("relation ends exist");
        (a.range.start.0, a.range.end.0)
    };
    document
        .relations
        .iter()
        .map(|r| (r.kind.clone(), at(&r.from), at(&r.to)))
        .collect()
}

/// Notes by their span's position, sorted: formats that store notes on the annotation
/// (W3C bodies) give them back in text order rather than file order.
fn notes(document: &ImportedDocument) -> Vec<(Place, String)> {
    let mut notes: Vec<_> = document
        .notes
        .iter()
        .map(|(id, note)| {
            let a = document
                .document
                .annotation(id)
                .expect("note target exists");
            ((a.range.start.0, a.range.end.0), note.clone())
        })
        .collect();
    notes.sort();
    notes
}

#[test]
fn spans_relations_and_notes_through_every_format() {
    for stem in [
        "news/000-introduction",
        "news/110-note_annotation",
        "news/070-editing_relation_annotations",
        "conll2002-esp/esp.train-doc-46",
    ] {
        let original = brat_document(stem);
        let n_relations = original.relations.len();

        let ann = brat::export_ann(&original.document, &original.relations, &original.notes);
        let via_brat = brat::import_pair("x.txt", original.document.text(), &ann).unwrap();
        let via_doccano = doccano::import("x.jsonl", &doccano::export(&[&original])).unwrap();
        let via_labelstudio =
            labelstudio::import("x.json", &labelstudio::export(&[&original])).unwrap();
        let via_w3c = w3c::import("x.json", &w3c::export(&original)).unwrap();

        for (format, back) in [
            ("brat", &via_brat),
            ("doccano", &via_doccano),
            ("Label Studio", &via_labelstudio),
            ("W3C", &via_w3c),
        ] {
            assert!(
                back.diagnostics.is_empty(),
                "{stem} via {format}: {:?}",
                back.diagnostics
            );
            let document = &back.documents[0];
            assert_eq!(
                document.document.text(),
                original.document.text(),
                "{stem}: text survives {format}"
            );
            assert_eq!(
                spans(&document.document),
                spans(&original.document),
                "{stem}: spans survive {format}"
            );
            let expect_relations = matches!(format, "brat" | "doccano" | "Label Studio");
            assert_eq!(
                relations(document),
                if expect_relations {
                    relations(&original)
                } else {
                    vec![]
                },
                "{stem}: relations survive {format}: {expect_relations}"
            );
            let expect_notes = matches!(format, "brat" | "W3C");
            assert_eq!(
                notes(document),
                if expect_notes {
                    notes(&original)
                } else {
                    vec![]
                },
                "{stem}: notes survive {format}: {expect_notes}"
            );
        }
        assert!(
            n_relations > 0 || stem.starts_with("conll"),
            "{stem} has relations to test"
        );

        // CoNLL keeps labels and the spans' text, not offsets (the text is rebuilt from tokens),
        // and only spans on token boundaries that do not share a token with another.
        let exported = conll::export(&original.document);
        let back = conll::import("x.conll", &exported.text).unwrap();
        assert!(back.diagnostics.is_empty());
        let back_document = &back.documents[0].document;
        let skipped: Vec<&str> = exported.skipped.iter().map(|(id, _)| id.as_str()).collect();
        let kept: Vec<(String, String)> = original
            .document
            .annotations()
            .iter()
            .filter(|a| !skipped.contains(&a.id.as_str()))
            .map(|a| {
                (
                    a.label.to_string(),
                    tokens_of(original.document.slice(a.range)),
                )
            })
            .collect();
        let came_back: Vec<(String, String)> = back_document
            .annotations()
            .iter()
            .map(|a| {
                (
                    a.label.to_string(),
                    back_document.slice(a.range).to_string(),
                )
            })
            .collect();
        assert_eq!(
            came_back, kept,
            "{stem}: labels and span tokens survive CoNLL"
        );
        assert!(back.documents[0].relations.is_empty());
    }
}

/// A span's text as the CoNLL import rebuilds it: its tokens joined by single spaces.
fn tokens_of(text: &str) -> String {
    let document = Document::new("d", "t", text);
    spanwise::formats::tokens::tokenize(text)
        .iter()
        .map(|t| document.slice(t.range).to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn overlapping_spans_survive_every_format_but_conll() {
    // brat's 000-introduction has no overlaps; a nested pair is added to check them.
    let text = "Secretary of State Antony Blinken arrived in Cairo.";
    let ann = "T1\tPERSON 0 33\tSecretary of State Antony Blinken\nT2\tPERSON 19 33\tAntony Blinken\nT3\tORG 0 18\tSecretary of State\nT4\tGPE 45 50\tCairo\n";
    let original = brat::import_pair("x.txt", text, ann)
        .unwrap()
        .documents
        .remove(0);
    let expected = spans(&original.document);
    assert_eq!(expected.len(), 4);
    for (format, back) in [
        (
            "doccano",
            doccano::import("x", &doccano::export(&[&original])).unwrap(),
        ),
        (
            "Label Studio",
            labelstudio::import("x", &labelstudio::export(&[&original])).unwrap(),
        ),
        ("W3C", w3c::import("x", &w3c::export(&original)).unwrap()),
    ] {
        assert_eq!(spans(&back.documents[0].document), expected, "{format}");
    }
    let exported = conll::export(&original.document);
    let skipped: Vec<(&str, &str)> = exported
        .skipped
        .iter()
        .map(|(id, why)| (id.as_str(), why.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            (
                "T3",
                "it overlaps \"Secretary of State Antony Blinken\" (PERSON), and IOB gives each \
                 token one tag"
            ),
            (
                "T2",
                "it overlaps \"Secretary of State Antony Blinken\" (PERSON), and IOB gives each \
                 token one tag"
            ),
        ]
    );
}

/// Arabic with a diacritic (the shadda in المتحدّث is a code point of its own) and a Latin name
/// inside Arabic text: offsets are code points in logical order in every format, whatever the
/// direction the text is shown in.
#[test]
fn right_to_left_offsets_are_logical_code_points_in_every_format() {
    let text = "وصل وزير الخارجية الأمريكي أنتوني بلينكن إلى القاهرة، وقال المتحدّث Matthew Miller إن المحادثات مستمرة.\n";
    let ann = "T1\tPERSON 27 40\tأنتوني بلينكن\nT2\tMISC 59 67\tالمتحدّث\nT3\tPERSON 68 82\tMatthew Miller\n";
    let original = brat::import_pair("x.txt", text, ann)
        .expect("the brat pair imports")
        .documents
        .remove(0);
    let expected = [
        ("PERSON", 27, 40, "أنتوني بلينكن"),
        ("MISC", 59, 67, "المتحدّث"),
        ("PERSON", 68, 82, "Matthew Miller"),
    ];
    let w3c_json = w3c::export(&original);
    for (format, back) in [
        (
            "brat",
            brat::import_pair(
                "x.txt",
                text,
                &brat::export_ann(&original.document, &[], &[]),
            ),
        ),
        (
            "doccano",
            doccano::import("x.jsonl", &doccano::export(&[&original])),
        ),
        (
            "Label Studio",
            labelstudio::import("x.json", &labelstudio::export(&[&original])),
        ),
        ("W3C", w3c::import("x.json", &w3c_json)),
    ] {
        let back = back.unwrap_or_else(|e| panic!("{format}: {e:?}"));
        let document = &back.documents[0].document;
        let got: Vec<(&str, usize, usize, &str)> = document
            .annotations()
            .iter()
            .map(|a| {
                (
                    &*a.label,
                    a.range.start.0,
                    a.range.end.0,
                    document.slice(a.range),
                )
            })
            .collect();
        assert_eq!(got, expected, "{format}");
    }
    // The W3C file states them as numbers a reader can check: "start": 59 is the code point
    // offset (the UTF-16 offset is the same here; the UTF-8 byte offset would be 109).
    let value: serde_json::Value = serde_json::from_str(&w3c_json).expect("W3C export is JSON");
    let selectors: Vec<(u64, u64)> = value["first"]["items"]
        .as_array()
        .expect("an AnnotationCollection with its first page")
        .iter()
        .filter_map(|a| {
            let selector = a["target"]["selector"]
                .as_array()?
                .iter()
                .find(|s| s["type"] == "TextPositionSelector")?;
            Some((selector["start"].as_u64()?, selector["end"].as_u64()?))
        })
        .collect();
    assert_eq!(selectors, [(27, 40), (59, 67), (68, 82)]);
}
