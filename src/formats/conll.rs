//! CoNLL / IOB: one token per line with its tag in the last column, a blank line between
//! sentences; also spaCy's sentence-per-line form (`word|POS|TAG` tokens separated by spaces).
//!
//! These files hold tokens, not the original text, so import rebuilds a text by joining tokens
//! with single spaces and sentences with line breaks; spans follow from the tags. IOB2 (`B-`
//! starts every span), IOB1 (`I-` after `O` or after another label starts a span) and the
//! BILOU/BIOES end and single-token tags (`L-`/`E-`, `U-`/`S-`) are all read. `-DOCSTART-` lines
//! split documents. There are no offsets, so the imported unit is `None`.
//!
//! Export tokenizes with [`tokens::tokenize`] and writes IOB2. A span that does not start and
//! end on token boundaries, or that shares a token with an earlier span (IOB has one tag per
//! token), is not written, and [`ConllExport::skipped`] says which and why.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::formats::foreign::{check_size, excerpt, Diagnostics, DocumentBuilder, FormatError};
use crate::formats::tokens::{self, Token};
use crate::formats::{describe_span, title_from_file_name, Imported, ImportedDocument};
use crate::model::document::{AnnotationId, Document};
use crate::model::offsets::CpRange;

pub const FORMAT: &str = "CoNLL/IOB";

/// A line holds one token or (spaCy's form) one sentence; a longer line is not CoNLL, and
/// skipping it keeps a 50 MB line of garbage from becoming a 50 MB "token".
pub const MAX_LINE_BYTES: usize = 64 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tag {
    Outside,
    Begin(String),
    Inside(String),
    Last(String),
    Single(String),
}

fn parse_tag(tag: &str) -> Option<Tag> {
    if tag == "O" {
        return Some(Tag::Outside);
    }
    let (prefix, label) = tag.split_once('-')?;
    if label.is_empty() {
        return None;
    }
    let label = label.to_string();
    match prefix {
        "B" => Some(Tag::Begin(label)),
        "I" => Some(Tag::Inside(label)),
        "L" | "E" => Some(Tag::Last(label)),
        "U" | "S" => Some(Tag::Single(label)),
        _ => None,
    }
}

/// One document being read: its text so far and its spans.
#[derive(Default)]
struct Reading {
    text: String,
    n_chars: usize,
    n_tokens_in_sentence: usize,
    /// (label, start, end) in code points.
    spans: Vec<(String, usize, usize)>,
    open: Option<(String, usize, usize)>,
}

impl Reading {
    fn close(&mut self) {
        if let Some(span) = self.open.take() {
            self.spans.push(span);
        }
    }

    fn end_sentence(&mut self) {
        self.close();
        if self.n_tokens_in_sentence > 0 {
            self.n_tokens_in_sentence = 0;
            self.text.push('\n');
            self.n_chars += 1;
        }
    }

    fn token(&mut self, token: &str, tag: Tag) {
        if self.n_tokens_in_sentence > 0 {
            self.text.push(' ');
            self.n_chars += 1;
        }
        let start = self.n_chars;
        self.text.push_str(token);
        self.n_chars += token.chars().count();
        let end = self.n_chars;
        self.n_tokens_in_sentence += 1;
        let continues = |open: &Option<(String, usize, usize)>, label: &str| matches!(open, Some((l, _, _)) if l == label);
        match tag {
            Tag::Outside => self.close(),
            Tag::Begin(label) => {
                self.close();
                self.open = Some((label, start, end));
            }
            Tag::Inside(label) | Tag::Last(label) if continues(&self.open, &label) => {
                if let Some(open) = &mut self.open {
                    open.2 = end;
                }
            }
            // IOB1: an I- that does not continue a span of its label starts one.
            Tag::Inside(label) => {
                self.close();
                self.open = Some((label, start, end));
            }
            Tag::Last(label) | Tag::Single(label) => {
                self.close();
                self.open = Some((label, start, end));
            }
        }
    }
}

/// Imports a CoNLL/IOB file: one document per `-DOCSTART-` section (or one for the file).
/// Lines that cannot be read are diagnostics; their tokens are kept untagged so that the rebuilt
/// text still has every word.
pub fn import(name: &str, content: &str) -> Result<Imported, FormatError> {
    check_size(name, content)?;
    let mut diagnostics = Diagnostics::default();
    let mut readings: Vec<Reading> = vec![Reading::default()];
    for (i, raw) in content.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim();
        let reading = readings
            .last_mut()
            .expect("there is always a document being read");
        if line.is_empty() {
            reading.end_sentence();
            continue;
        }
        if line.len() > MAX_LINE_BYTES {
            diagnostics.at(
                line_no,
                format!(
                    "the line is {} bytes long; a CoNLL line holds one token or one sentence \
                     (up to {MAX_LINE_BYTES} bytes); skipped",
                    line.len()
                ),
            );
            continue;
        }
        if line.starts_with("-DOCSTART-") {
            reading.end_sentence();
            readings.push(Reading::default());
            continue;
        }
        let items: Vec<&str> = line.split_whitespace().collect();
        let sentence_per_line = items.iter().all(|item| {
            item.rsplit_once('|')
                .is_some_and(|(_, tag)| parse_tag(tag).is_some())
        });
        if sentence_per_line {
            for item in items {
                let token = item.split('|').next().unwrap_or_default();
                let tag = item.rsplit('|').next().and_then(parse_tag);
                let token = if token.is_empty() { "|" } else { token };
                read_token(reading, token, tag.unwrap_or(Tag::Outside));
            }
            reading.end_sentence();
            continue;
        }
        let token = items[0];
        let tag = match &items[..] {
            [_] => {
                diagnostics.at(
                    line_no,
                    format!(
                        "expected a token and a tag, found only {:?}; kept untagged",
                        excerpt(token)
                    ),
                );
                Tag::Outside
            }
            [.., last] => match parse_tag(last) {
                Some(tag) => tag,
                None => {
                    diagnostics.at(
                        line_no,
                        format!(
                            "tag {:?} is not O or B-, I-, E-, L-, S-, U- and a label; \
                             {:?} kept untagged",
                            excerpt(last),
                            excerpt(token)
                        ),
                    );
                    Tag::Outside
                }
            },
            [] => Tag::Outside,
        };
        read_token(reading, token, tag);
    }
    let readings: Vec<Reading> = readings
        .into_iter()
        .map(|mut r| {
            r.end_sentence();
            r
        })
        .filter(|r| !r.text.is_empty())
        .collect();
    if readings.is_empty() {
        return Err(FormatError::NotThisFormat {
            name: name.to_string(),
            format: FORMAT,
            reason: "there are no tokens".into(),
        });
    }
    let title = title_from_file_name(name);
    let n_documents = readings.len();
    let documents = readings
        .into_iter()
        .enumerate()
        .map(|(n, reading)| build(&title, n, n_documents, reading, &mut diagnostics))
        .collect();
    Ok(Imported {
        format: FORMAT,
        documents,
        unit: None,
        diagnostics: diagnostics.finish(),
    })
}

/// Reads one token; L-/E- and U-/S- tags close their span after it.
fn read_token(reading: &mut Reading, token: &str, tag: Tag) {
    let closes_after = matches!(tag, Tag::Last(_) | Tag::Single(_));
    reading.token(token, tag);
    if closes_after {
        reading.close();
    }
}

fn build(
    title: &str,
    n: usize,
    n_documents: usize,
    mut reading: Reading,
    diagnostics: &mut Diagnostics,
) -> ImportedDocument {
    // The last sentence's line break is not part of the text.
    if reading.text.ends_with('\n') {
        reading.text.pop();
    }
    let title = if n_documents > 1 {
        format!("{title} #{}", n + 1)
    } else {
        title.to_string()
    };
    let mut builder = DocumentBuilder::new(&title, &reading.text);
    for (i, (label, start, end)) in reading.spans.iter().enumerate() {
        let id = format!("a{}", i + 1);
        let range = CpRange::new(*start, *end);
        if let Err(reason) = builder.add_span(&id, label, range) {
            let span = if range.is_empty() || range.end > builder.document().len() {
                format!("span {id}")
            } else {
                describe_span(builder.document(), range, label)
            };
            diagnostics.push(None, format!("{title}: {span}: {reason}"));
        }
    }
    builder.finish()
}

/// A CoNLL export: the file text, and the spans that IOB could not carry.
#[derive(Debug, PartialEq, Eq)]
pub struct ConllExport {
    pub text: String,
    /// Each span left out, with why in words that name other spans by their text and label
    /// ([`describe_span`]); the skipped span itself is named by whoever shows the reason.
    pub skipped: Vec<(AnnotationId, String)>,
}

/// Writes a document as `token<TAB>tag` lines in IOB2, a blank line between sentences.
pub fn export(document: &Document) -> ConllExport {
    let text = document.text();
    let tokens: Vec<Token> = tokens::tokenize(text);
    let by_start: HashMap<usize, usize> = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| (t.range.start.0, i))
        .collect();
    let by_end: HashMap<usize, usize> = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| (t.range.end.0, i))
        .collect();
    let mut tags: Vec<Option<(usize, String)>> = vec![None; tokens.len()];
    let mut skipped = Vec::new();
    let annotations = document.annotations();
    for (n, annotation) in annotations.iter().enumerate() {
        let (Some(&first), Some(&last)) = (
            by_start.get(&annotation.range.start.0),
            by_end.get(&annotation.range.end.0),
        ) else {
            let reason = "it does not start and end on token boundaries".to_string();
            skipped.push((annotation.id.clone(), reason));
            continue;
        };
        if let Some((other, _)) = tags[first..=last].iter().flatten().next() {
            let other = &annotations[*other];
            let reason = format!(
                "it overlaps {}, and IOB gives each token one tag",
                describe_span(document, other.range, &other.label)
            );
            skipped.push((annotation.id.clone(), reason));
            continue;
        }
        let label: String = annotation
            .label
            .chars()
            .map(|c| if c.is_whitespace() { '_' } else { c })
            .collect();
        for tag in &mut tags[first..=last] {
            *tag = Some((n, label.clone()));
        }
    }
    let mut out = String::new();
    for (i, token) in tokens.iter().enumerate() {
        let tag = match &tags[i] {
            None => "O".to_string(),
            Some((n, label)) if i > 0 && tags[i - 1].as_ref().is_some_and(|(m, _)| m == n) => {
                format!("I-{label}")
            }
            Some((_, label)) => format!("B-{label}"),
        };
        let _ = writeln!(out, "{}\t{tag}", document.slice(token.range));
        // A sentence does not end inside a span ("U.S. Navy" keeps its dots).
        let inside_span = matches!(
            (&tags[i], tags.get(i + 1)),
            (Some((n, _)), Some(Some((m, _)))) if n == m
        );
        if token.ends_sentence && !inside_span {
            out.push('\n');
        }
    }
    ConllExport { text: out, skipped }
}

/// The line that starts each document of a corpus, in the two columns [`export`] writes.
pub const DOCSTART_LINE: &str = "-DOCSTART-\tO\n";

/// A document as one of a CoNLL corpus: a [`DOCSTART_LINE`], a blank line, then [`export`]'s
/// sentences, ending in a blank line as every sentence does; [`import`] reads a file of these
/// as one document each.
pub fn export_in_corpus(document: &Document) -> ConllExport {
    let ConllExport { text, skipped } = export(document);
    let mut out = String::with_capacity(DOCSTART_LINE.len() + text.len() + 2);
    out.push_str(DOCSTART_LINE);
    out.push('\n');
    out.push_str(&text);
    if !text.ends_with("\n\n") {
        out.push('\n');
    }
    ConllExport { text: out, skipped }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixture::parse_fixture;

    fn read(file: &str) -> String {
        crate::formats::test_support::read_corpus_file(file)
    }

    fn spans(document: &Document) -> Vec<(String, usize, usize, String)> {
        document
            .annotations()
            .iter()
            .map(|a| {
                (
                    a.label.to_string(),
                    a.range.start.0,
                    a.range.end.0,
                    document.slice(a.range).to_string(),
                )
            })
            .collect()
    }

    fn span(label: &str, start: usize, end: usize, text: &str) -> (String, usize, usize, String) {
        (label.into(), start, end, text.into())
    }

    fn messages(imported: &Imported) -> Vec<(Option<usize>, String)> {
        imported
            .diagnostics
            .iter()
            .map(|d| (d.line, d.message.clone()))
            .collect()
    }

    /// Imports `content` and renders its first document as a fixture-like string.
    fn check(content: &str, expected: &str) {
        let imported = import("t.conll", content).unwrap();
        assert!(
            imported.diagnostics.is_empty(),
            "{:?}",
            imported.diagnostics
        );
        let document = &imported.documents[0].document;
        let mut out = document.text().to_string();
        for a in document.annotations().iter().rev() {
            let start = document.index().to_byte(document.text(), a.range.start).0;
            let end = document.index().to_byte(document.text(), a.range.end).0;
            out.insert_str(end, &format!("|{}]", a.label));
            out.insert(start, '[');
        }
        assert_eq!(out, expected, "{content:?}");
    }

    #[test]
    fn tags_make_spans_in_iob1_iob2_and_bilou() {
        check("A\tB-X\nb\tI-X\nc\tO", "[A b|X] c");
        // IOB1: I- after O starts a span; B- separates two adjacent spans of one label.
        check("A\tI-X\nb\tI-X\nc\tB-X\nd\tO", "[A b|X] [c|X] d");
        // A label change inside I- runs starts a new span.
        check("A\tI-X\nb\tI-Y", "[A|X] [b|Y]");
        // BILOU / BIOES.
        check(
            "A\tB-X\nb\tL-X\nc\tU-Y\nd\tS-Y\ne\tE-Z",
            "[A b|X] [c|Y] [d|Y] [e|Z]",
        );
        // Spans never cross a sentence break.
        check("A\tB-X\n\nb\tI-X", "[A|X]\n[b|X]");
        // Several columns: the tag is the last; spaces or tabs separate.
        check("EU NNP B-NP B-ORG\nrejects VBZ B-VP O", "[EU|ORG] rejects");
        check("\n\n  \nA O\n\n\n\nB O\n\n", "A\nB");
    }

    #[test]
    fn doccano_example_conll() {
        let imported = import("example.conll", &read("doccano/example.conll")).unwrap();
        assert_eq!(imported.unit, None);
        assert!(imported.diagnostics.is_empty());
        let document = &imported.documents[0].document;
        assert_eq!(document.text(), "JAPAN GET\nNadim Ladki");
        assert_eq!(
            spans(document),
            [
                span("LOC", 0, 5, "JAPAN"),
                span("PER", 10, 21, "Nadim Ladki")
            ]
        );
    }

    #[test]
    fn doccano_invalid_conll_gives_a_diagnostic_not_a_panic() {
        let imported = import("invalid.conll", &read("doccano/invalid.conll")).unwrap();
        assert_eq!(
            messages(&imported),
            [(
                Some(1),
                "tag \"SOCCERO\" is not O or B-, I-, E-, L-, S-, U- and a label; \"SOCCERO\" kept untagged"
                    .to_string()
            )]
        );
        let document = &imported.documents[0].document;
        assert_eq!(
            document.text(),
            "SOCCERO - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .\nNadim Ladki\nAL-AIN , United Arab Emirates 1996-12-06"
        );
        assert_eq!(
            spans(document),
            [
                span("LOC", 10, 15, "JAPAN"),
                span("PER", 32, 37, "CHINA"),
                span("PER", 59, 70, "Nadim Ladki"),
                span("LOC", 71, 77, "AL-AIN"),
                span("LOC", 80, 100, "United Arab Emirates"),
            ]
        );
    }

    #[test]
    fn spacy_files_in_both_layouts_give_the_same_document() {
        let sentence_per_line = import("s.iob", &read("spacy/ner-sent-per-line.iob")).unwrap();
        let token_per_line =
            import("t.iob", &read("spacy/ner-token-per-line-conll2003.iob")).unwrap();
        for imported in [&sentence_per_line, &token_per_line] {
            assert!(
                imported.diagnostics.is_empty(),
                "{:?}",
                imported.diagnostics
            );
            assert_eq!(imported.documents.len(), 1);
        }
        let a = &sentence_per_line.documents[0].document;
        let b = &token_per_line.documents[0].document;
        assert_eq!(a.text(), b.text());
        assert_eq!(spans(a), spans(b));
        assert!(a
            .text()
            .starts_with("When Sebastian Thrun started working on self - driving"));
        assert_eq!(a.text().lines().count(), 2);
        assert_eq!(
            spans(a),
            [
                span("PERSON", 5, 20, "Sebastian Thrun"),
                span("ORG", 63, 69, "Google"),
                span("DATE", 73, 77, "2007"),
                span("NORP", 178, 186, "American"),
                span("PERSON", 279, 284, "Thrun"),
                span("ORG", 308, 314, "Recode"),
                span("DATE", 315, 332, "earlier this week"),
            ]
        );
    }

    #[test]
    fn docstart_splits_documents() {
        let imported = import(
            "d.conll",
            "-DOCSTART- -X- O O\n\nA B-X\n\n-DOCSTART- -X- O O\n\nb O\nC B-Y\n-DOCSTART-\n",
        )
        .unwrap();
        let docs: Vec<(&str, &str, usize)> = imported
            .documents
            .iter()
            .map(|d| {
                (
                    &*d.document.title,
                    d.document.text(),
                    d.document.annotations().len(),
                )
            })
            .collect();
        assert_eq!(docs, [("d #1", "A", 1), ("d #2", "b C", 1)]);
    }

    #[test]
    fn export_writes_iob2_and_reports_what_it_cannot_carry() {
        let document = parse_fixture(
            "[U.S.|GPE#g] Secretary [Antony [Blinken|PERSON#p2]|PERSON#p1] met [Sameh Shoukry|PERSON#p3] in Cai[ro|GPE#bad]. [New York|GPE CITY#n] next!",
        );
        let exported = export(&document);
        assert_eq!(
            exported.text,
            "U\tB-GPE\n.\tI-GPE\nS\tI-GPE\n.\tI-GPE\nSecretary\tO\nAntony\tB-PERSON\nBlinken\tI-PERSON\nmet\tO\nSameh\tB-PERSON\nShoukry\tI-PERSON\nin\tO\nCairo\tO\n.\tO\n\nNew\tB-GPE_CITY\nYork\tI-GPE_CITY\nnext\tO\n!\tO\n\n"
        );
        assert_eq!(
            exported.skipped,
            [
                (
                    AnnotationId::new("p2"),
                    "it overlaps \"Antony Blinken\" (PERSON), and IOB gives each token one tag"
                        .to_string()
                ),
                (
                    AnnotationId::new("bad"),
                    "it does not start and end on token boundaries".to_string()
                ),
            ]
        );
    }

    #[test]
    fn export_then_import_keeps_the_spans_text_and_labels() {
        let text = read("articles/blinken-cairo-gaza.txt");
        let imported = import("s.iob", &read("spacy/ner-sent-per-line.iob")).unwrap();
        for document in [
            imported.documents[0].document.clone(),
            parse_fixture(
                "[Antony Blinken|PERSON] arrived in [Cairo|GPE] on 🇪🇬 day, [Zoë|PERSON].",
            ),
            {
                let mut d = Document::new("d", "t", &text);
                d.insert(crate::model::document::Annotation::entity(
                    "a1",
                    "PERSON",
                    CpRange::new(19, 33),
                ));
                d
            },
        ] {
            let exported = export(&document);
            assert!(exported.skipped.is_empty());
            let back = import("back.conll", &exported.text).unwrap();
            assert!(back.diagnostics.is_empty());
            let labels_and_text = |d: &Document| -> Vec<(String, String)> {
                spans(d).into_iter().map(|(l, _, _, t)| (l, t)).collect()
            };
            assert_eq!(
                labels_and_text(&back.documents[0].document),
                labels_and_text(&document)
            );
            // The tokens and tags come back the same; sentence breaks may differ, because the
            // rebuilt text puts a space after every token ("Hamas.so" becomes "Hamas . so").
            let token_lines = |conll: &str| -> Vec<String> {
                conll
                    .lines()
                    .filter(|l| !l.is_empty())
                    .map(String::from)
                    .collect()
            };
            let again = export(&back.documents[0].document).text;
            assert!(
                token_lines(&again) == token_lines(&exported.text),
                "stable tokens"
            );
        }
    }

    #[test]
    fn hostile_input_gives_errors_or_diagnostics() {
        assert_eq!(
            import("x.conll", "\n\n"),
            Err(FormatError::Empty {
                name: "x.conll".into()
            })
        );
        assert_eq!(
            import("x.conll", "-DOCSTART- -X- O O\n\n"),
            Err(FormatError::NotThisFormat {
                name: "x.conll".into(),
                format: FORMAT,
                reason: "there are no tokens".into()
            })
        );
        let imported = import("x.conll", "A\tB-\nB\tX-Y\nC\nD\tI-Z|q").unwrap();
        assert_eq!(imported.diagnostics.len(), 3);
        assert_eq!(imported.documents[0].document.text(), "A B C D");
        // Only the part before the first `-` is the prefix: the label may hold anything else.
        assert_eq!(
            spans(&imported.documents[0].document),
            [span("Z|q", 6, 7, "D")]
        );
        // A sentence-per-line item with an empty token keeps a visible placeholder.
        check("|X|B-Y b|X|O", "[||Y] b");
    }
}
