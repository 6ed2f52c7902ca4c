//! brat standoff: a `.txt` file with the text and an `.ann` file with one annotation per line.
//!
//! brat is written in Python and counts offsets in `str` characters, which are Unicode code
//! points, as Spanwise does (checked against the CoNLL-2002 Spanish files, whose accented
//! letters would shift every later span if brat counted bytes). What Spanwise keeps:
//! - `T` text-bound annotations become entity spans; discontinuous ones (`0 5;9 14`) are refused
//!   with a diagnostic, never merged into one span. Spans labelled `CLAIM` and `CUE` are claims
//!   and cues (Spanwise writes them so).
//! - `R` relations become [`ImportedRelation`]s between imported spans.
//! - `#` notes (`AnnotatorNotes`) on spans become notes; on a claim, its note.
//! - `A` lines on a claim named like its attributes in Spanwise JSON (`speaker`, `quote_type`,
//!   `check_worthiness`, `verdict`) set them, as Spanwise's export writes them.
//! - Other `A`/`M` attributes and `N` normalisations on spans are kept as **notes** ("attribute
//!   Mention = Name", "normalisation Wikipedia:64488 …"), so that nothing a person wrote is
//!   silently lost; they come back out as `#` notes, not as `A`/`N` lines.
//! - `E` events, `*` equivalences and anything attached to them are diagnostics; the event
//!   trigger itself is a `T` line and imports as a span.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::formats::foreign::{
    check_size, excerpt, same_text, Diagnostics, DocumentBuilder, FormatError,
};
use crate::formats::{spanwise, Imported, ImportedRelation, OffsetUnit};
use crate::model::document::{AnnotationId, Document};
use crate::model::offsets::CpRange;

pub const FORMAT: &str = "brat standoff";

/// Imports a `.txt` file and its `.ann` file as one document. An empty `.ann` file is fine: the
/// text imports with no spans. The text may not be empty.
pub fn import_pair(txt_name: &str, text: &str, ann: &str) -> Result<Imported, FormatError> {
    check_size(txt_name, text)?;
    check_size(txt_name, ann).or_else(|e| match e {
        FormatError::Empty { .. } => Ok(()),
        other => Err(other),
    })?;
    let mut builder = DocumentBuilder::for_file(txt_name, text);
    let mut diagnostics = Diagnostics::default();
    // Non-T lines are read after all T lines, because brat files may mention a span before the
    // line that defines it (the tutorial's `E1` names `T4` before `T4` appears).
    let mut later = Vec::new();
    for (i, raw) in ann.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with('T') {
            if let Err(message) = read_text_bound(&mut builder, line) {
                diagnostics.at(line_no, message);
            }
        } else {
            later.push((line_no, line));
        }
    }
    for (line_no, line) in later {
        if let Err(message) = read_other(&mut builder, line) {
            diagnostics.at(line_no, message);
        }
    }
    Ok(Imported {
        format: FORMAT,
        documents: vec![builder.finish()],
        unit: Some(OffsetUnit::CodePoint),
        diagnostics: diagnostics.finish(),
    })
}

/// Imports a `.txt`/`.ann` pair with the collection's `annotation.conf`: the entity types it
/// declares come first in the document's labels, in the conf's order, even those no span uses.
pub fn import_pair_with_conf(
    txt_name: &str,
    text: &str,
    ann: &str,
    conf: &AnnotationConf,
) -> Result<Imported, FormatError> {
    let mut imported = import_pair(txt_name, text, ann)?;
    for document in &mut imported.documents {
        let used = std::mem::take(&mut document.labels);
        document.labels = conf.entities.clone();
        for label in used {
            if !document.labels.contains(&label) {
                document.labels.push(label);
            }
        }
    }
    Ok(imported)
}

/// `T1<TAB>Label 10 17<TAB>Blinken`.
fn read_text_bound(builder: &mut DocumentBuilder, line: &str) -> Result<(), String> {
    let mut fields = line.splitn(3, '\t');
    let id = fields.next().unwrap_or_default();
    let (Some(middle), Some(stated)) = (fields.next(), fields.next()) else {
        return Err(format!(
            "{id}: expected three tab-separated fields: id, \"Label start end\", text"
        ));
    };
    let (label, offsets) = middle.split_once(' ').ok_or_else(|| {
        format!(
            "{id}: expected \"Label start end\", found {:?}",
            excerpt(middle)
        )
    })?;
    if offsets.contains(';') {
        return Err(format!(
            "{id}: discontinuous span ({offsets}) is not supported; Spanwise spans are one \
             stretch of text, so this {label} annotation was not imported"
        ));
    }
    let mut numbers = offsets.split(' ');
    let (Some(start), Some(end), None) = (numbers.next(), numbers.next(), numbers.next()) else {
        return Err(format!(
            "{id}: expected two offsets after the label, found {:?}",
            excerpt(offsets)
        ));
    };
    let parse = |s: &str, which: &str| {
        s.parse::<usize>()
            .map_err(|_| format!("{id}: {which} {s:?} is not a whole number from 0 up"))
    };
    let range = CpRange::new(parse(start, "start")?, parse(end, "end")?);
    if !range.is_empty() && range.end <= builder.document().len() {
        let actual = builder.document().slice(range);
        if !same_text(actual, stated) {
            return Err(format!(
                "{id}: the text at {start}..{end} is {:?}, but the file says {:?}",
                excerpt(actual),
                excerpt(stated)
            ));
        }
    }
    builder
        .add_span(id, label, range)
        .map_err(|e| format!("{id}: {e}"))
}

/// R, #, A, M, N, E and * lines.
fn read_other(builder: &mut DocumentBuilder, line: &str) -> Result<(), String> {
    let mut fields = line.splitn(3, '\t');
    let id = fields.next().unwrap_or_default();
    let middle = fields.next().unwrap_or_default();
    let rest = fields.next();
    let words: Vec<&str> = middle.split(' ').filter(|w| !w.is_empty()).collect();
    let span_target = |target: &str, what: &str| -> Result<(), String> {
        if builder.has_id(target) {
            Ok(())
        } else if target.starts_with('T') {
            Err(format!(
                "{id}: {what} refers to {target}, which was not imported"
            ))
        } else {
            Err(format!(
                "{id}: {what} on {target} is not kept: Spanwise keeps notes and attributes only \
                 on text spans"
            ))
        }
    };
    match id.chars().next() {
        Some('R') => {
            let [kind, arg1, arg2] = words[..] else {
                return Err(format!(
                    "{id}: expected \"Type Arg1:T1 Arg2:T2\", found {:?}",
                    excerpt(middle)
                ));
            };
            let target = |arg: &str| arg.split_once(':').map(|(_, t)| t.to_string());
            let (Some(from), Some(to)) = (target(arg1), target(arg2)) else {
                return Err(format!(
                    "{id}: relation arguments must look like Arg1:T1, found {:?}",
                    excerpt(middle)
                ));
            };
            for t in [&from, &to] {
                span_target(t, "relation")?;
            }
            builder.add_relation(ImportedRelation {
                id: id.to_string(),
                kind: kind.to_string(),
                from: AnnotationId::new(&from),
                to: AnnotationId::new(&to),
            });
            Ok(())
        }
        Some('#') => {
            let [_, target] = words[..] else {
                return Err(format!(
                    "{id}: expected \"AnnotatorNotes T1\", found {:?}",
                    excerpt(middle)
                ));
            };
            span_target(target, "note")?;
            builder.add_note(target, rest.unwrap_or_default().to_string());
            Ok(())
        }
        Some('A' | 'M') => {
            let (name, target, value) = match words[..] {
                [name, target] => (name, target, None),
                [name, target, value] => (name, target, Some(value)),
                _ => {
                    return Err(format!(
                        "{id}: expected \"Name T1 [Value]\", found {:?}",
                        excerpt(middle)
                    ))
                }
            };
            span_target(target, "attribute")?;
            if let Some(value) = value {
                if builder
                    .set_claim_attribute(target, name, value)
                    .map_err(|e| format!("{id}: {e}"))?
                {
                    return Ok(());
                }
            }
            let note = match value {
                Some(value) => format!("attribute {name} = {value}"),
                None => format!("attribute {name}"),
            };
            builder.add_note(target, note);
            Ok(())
        }
        Some('N') => {
            let [kind, target, reference] = words[..] else {
                return Err(format!(
                    "{id}: expected \"Reference T1 db:id\", found {:?}",
                    excerpt(middle)
                ));
            };
            span_target(target, "normalisation")?;
            let note = match rest.filter(|r| !r.is_empty()) {
                Some(name) => format!("normalisation {kind} {reference} ({name})"),
                None => format!("normalisation {kind} {reference}"),
            };
            builder.add_note(target, note);
            Ok(())
        }
        Some('E') => Err(format!(
            "{id}: events are not supported and were not imported ({middle}); the trigger span \
             is kept"
        )),
        Some('*') => Err(format!(
            "{id}: equivalence ({middle}) is not supported and was not imported"
        )),
        _ => Err(format!("{id}: unknown kind of line")),
    }
}

/// The label sets declared in a brat `annotation.conf`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct AnnotationConf {
    /// Entity types, in file order; `!`-marked grouping types are left out because brat does
    /// not let them be used for annotation.
    pub entities: Vec<String>,
    pub relations: Vec<String>,
    pub events: Vec<String>,
    pub attributes: Vec<String>,
}

/// Reads an `annotation.conf`. Unknown sections and macro definitions (`<POG>=…`) are skipped;
/// the only thing wanted is the list of names, so nothing here can fail.
pub fn parse_annotation_conf(conf: &str) -> AnnotationConf {
    let mut result = AnnotationConf::default();
    let mut section: Option<&str> = None;
    for raw in conf.lines() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = Some(name.trim());
            continue;
        }
        if line.starts_with('<') || line.starts_with('!') {
            continue;
        }
        let name = line
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string();
        let list = match section {
            Some("entities") => &mut result.entities,
            Some("relations") => &mut result.relations,
            Some("events") => &mut result.events,
            Some("attributes") => &mut result.attributes,
            _ => continue,
        };
        if !list.contains(&name) {
            list.push(name);
        }
    }
    result
}

/// Writes a document's `.ann` file: `T` lines for spans (claims labelled `CLAIM`, cues `CUE`),
/// `R` lines for relations, `A` lines for each claim's attributes (named as in Spanwise JSON:
/// `A1<TAB>verdict T3 false`) and `#` `AnnotatorNotes` lines for notes, a claim's note among
/// them. brat ids must be `T<n>`/`R<n>`, so ids of that form are kept and others get fresh
/// numbers; relations and notes follow their spans' new ids. Relations or notes whose span is
/// not in the document are left out. brat lines are lines: a line break in a note becomes a
/// space.
pub fn export_ann(
    document: &Document,
    relations: &[ImportedRelation],
    notes: &[(AnnotationId, String)],
) -> String {
    let span_ids = brat_ids('T', document.annotations().iter().map(|a| a.id.as_str()));
    let mut out = String::new();
    for (annotation, brat_id) in document.annotations().iter().zip(&span_ids) {
        // brat writes the span text on one line: line breaks become spaces.
        let text: String = document
            .slice(annotation.range)
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
            .collect();
        let _ = writeln!(
            out,
            "{brat_id}\t{} {} {}\t{text}",
            label_token(&annotation.label),
            annotation.range.start,
            annotation.range.end
        );
    }
    let new_id: HashMap<&str, &str> = document
        .annotations()
        .iter()
        .zip(&span_ids)
        .map(|(a, b)| (a.id.as_str(), b.as_str()))
        .collect();
    let kept: Vec<&ImportedRelation> = relations
        .iter()
        .filter(|r| new_id.contains_key(r.from.as_str()) && new_id.contains_key(r.to.as_str()))
        .collect();
    let relation_ids = brat_ids('R', kept.iter().map(|r| r.id.as_str()));
    for (relation, brat_id) in kept.iter().zip(&relation_ids) {
        let _ = writeln!(
            out,
            "{brat_id}\t{} Arg1:{} Arg2:{}\t",
            label_token(&relation.kind),
            new_id[relation.from.as_str()],
            new_id[relation.to.as_str()]
        );
    }
    let mut n_attribute = 0;
    let mut claim_notes = Vec::new();
    for (annotation, brat_id) in document.annotations().iter().zip(&span_ids) {
        let Some(claim) = &annotation.claim else {
            continue;
        };
        let file = spanwise::claim_attributes_to_file(document, &annotation.id, claim);
        for (name, value) in [
            ("speaker", &file.speaker),
            ("quote_type", &file.quote_type),
            ("check_worthiness", &file.check_worthiness),
            ("verdict", &file.verdict),
        ] {
            n_attribute += 1;
            let _ = writeln!(out, "A{n_attribute}\t{name} {brat_id} {value}");
        }
        if !file.note.is_empty() {
            claim_notes.push((annotation.id.clone(), file.note));
        }
    }
    let mut n_note = 0;
    for (target, note) in claim_notes.iter().chain(notes) {
        if let Some(brat_id) = new_id.get(target.as_str()) {
            n_note += 1;
            let note = note.replace(['\n', '\r'], " ");
            let _ = writeln!(out, "#{n_note}\tAnnotatorNotes {brat_id}\t{note}");
        }
    }
    out
}

/// brat separates fields by spaces and tabs, so a label may contain neither.
fn label_token(label: &str) -> String {
    label
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect()
}

/// Keeps ids of the form `<prefix><n>` (each once) and numbers the others after the highest.
fn brat_ids<'a>(prefix: char, ids: impl Iterator<Item = &'a str> + Clone) -> Vec<String> {
    let number = |id: &str| {
        id.strip_prefix(prefix)
            .filter(|n| !n.is_empty() && !n.starts_with('0'))
            .and_then(|n| n.parse::<u64>().ok())
    };
    let mut next = ids.clone().filter_map(number).max().unwrap_or(0) + 1;
    let mut used = std::collections::HashSet::new();
    ids.map(|id| match number(id) {
        Some(n) if used.insert(n) => format!("{prefix}{n}"),
        _ => {
            let fresh = format!("{prefix}{next}");
            next += 1;
            fresh
        }
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::Diagnostic;
    use crate::model::fixture::parse_fixture;

    use crate::formats::test_support::{span, spans};

    fn read(file: &str) -> String {
        crate::formats::test_support::read_corpus("brat", file)
    }

    fn import_corpus(stem: &str) -> Imported {
        let text = read(&format!("{stem}.txt"));
        let ann = read(&format!("{stem}.ann"));
        import_pair(&format!("{stem}.txt"), &text, &ann).expect("corpus file imports")
    }

    fn messages(imported: &Imported) -> Vec<(Option<usize>, String)> {
        imported
            .diagnostics
            .iter()
            .map(|d| (d.line, d.message.clone()))
            .collect()
    }

    /// Every corpus document: (stem, spans, relations, notes, diagnostics).
    const COUNTS: [(&str, usize, usize, usize, usize); 15] = [
        ("news/000-introduction", 7, 2, 6, 2),
        ("news/010-navigation", 0, 0, 0, 0),
        ("news/020-top_bar", 0, 0, 0, 0),
        ("news/030-login", 0, 0, 0, 0),
        ("news/040-text_span_annotation", 4, 0, 0, 0),
        ("news/050-editing_text_span_annotations", 6, 0, 0, 0),
        ("news/060-relation_annotation", 10, 1, 0, 1),
        ("news/070-editing_relation_annotations", 9, 3, 0, 1),
        ("news/080-event-annotation", 21, 0, 0, 4),
        ("news/090-event_structures", 22, 0, 0, 6),
        ("news/100-attribute_annotation", 26, 0, 1, 15),
        ("news/110-note_annotation", 14, 2, 1, 4),
        ("news/999-complete", 0, 0, 0, 0),
        ("conll2002-esp/esp.train-doc-46", 104, 0, 0, 0),
        ("conll2002-esp/esp.train-doc-100", 75, 0, 0, 0),
    ];

    #[test]
    fn every_corpus_file_imports_with_the_expected_counts() {
        for (stem, n_spans, n_relations, n_notes, n_diagnostics) in COUNTS {
            let imported = import_corpus(stem);
            assert_eq!(imported.documents.len(), 1, "{stem}");
            assert_eq!(imported.unit, Some(OffsetUnit::CodePoint));
            let doc = &imported.documents[0];
            let counts = (
                doc.document.annotations().len(),
                doc.relations.len(),
                doc.notes.len(),
                imported.diagnostics.len(),
            );
            assert_eq!(
                counts,
                (n_spans, n_relations, n_notes, n_diagnostics),
                "{stem}: {:#?}",
                imported.diagnostics
            );
        }
        let last = import_corpus("conll2002-esp/esp.train-doc-1400");
        assert_eq!(last.documents[0].document.annotations().len(), 44);
        assert!(last.diagnostics.is_empty());
    }

    #[test]
    fn brat_offsets_are_code_points_as_the_accented_spanish_files_show() {
        // Every T line's stored text equals the text at its offsets read as code points: the
        // import refuses any span where they differ, and none is refused.
        let imported = import_corpus("conll2002-esp/esp.train-doc-46");
        let document = &imported.documents[0].document;
        let text = document.text();
        assert!(!text.is_ascii(), "the file has accents");
        assert_eq!(
            spans(document)[..3],
            [
                span("T1", "LOC", 0, 8, "Freetown"),
                span("T2", "ORG", 18, 21, "EFE"),
                span("T3", "LOC", 42, 54, "Sierra Leona"),
            ]
        );
        // Past the first accented letter, bytes and code points part ways.
        let last = document.annotations().last().unwrap();
        assert_eq!(
            (last.range, document.slice(last.range)),
            (CpRange::new(6645, 6650), "Cuper")
        );
        assert_ne!(text.get(6645..6650), Some("Cuper"));
    }

    #[test]
    fn the_introduction_keeps_relations_notes_attributes_and_says_what_it_dropped() {
        let imported = import_corpus("news/000-introduction");
        let doc = &imported.documents[0];
        assert_eq!(
            spans(&doc.document),
            [
                span("T1", "Organization", 418, 426, "Citibank"),
                span("T3", "Transfer-money", 443, 449, "moving"),
                span("T2", "Money", 456, 468, "$100 million"),
                span("T4", "Person", 473, 496, "Raul Salinas de Gortari"),
                span("T5", "Person", 511, 535, "former Mexican president"),
                span("T6", "Organization", 540, 545, "banks"),
                span("T7", "GPE", 549, 560, "Switzerland"),
            ]
        );
        let relations: Vec<(&str, &str, &str, &str)> = doc
            .relations
            .iter()
            .map(|r| {
                (
                    r.id.as_str(),
                    r.kind.as_str(),
                    r.from.as_str(),
                    r.to.as_str(),
                )
            })
            .collect();
        assert_eq!(
            relations,
            [("R2", "Origin", "T6", "T7"), ("R1", "Family", "T4", "T5")]
        );
        let notes: Vec<(&str, &str)> = doc
            .notes
            .iter()
            .map(|(id, n)| (id.as_str(), n.as_str()))
            .collect();
        assert_eq!(
            notes,
            [
                ("T2", "100000000 USD"),
                ("T4", "attribute Mention = Name"),
                ("T4", "attribute Individual"),
                ("T5", "attribute Mention = Nominal"),
                ("T5", "attribute Individual"),
                (
                    "T5",
                    "normalisation Reference Wikipedia:64488 (Carlos Salinas de Gortari)"
                ),
            ]
        );
        assert_eq!(
            messages(&imported),
            [
                (Some(4), "E1: events are not supported and were not imported (Transfer-money:T3 Giver-Arg:T1 Money-Arg:T2 Beneficiary-Arg:T4 Recipient-Arg:T6); the trigger span is kept".to_string()),
                (Some(16), "A5: attribute on E1 is not kept: Spanwise keeps notes and attributes only on text spans".to_string()),
            ]
        );
        assert_eq!(
            doc.labels,
            ["Organization", "Money", "Transfer-money", "Person", "GPE"]
        );
    }

    #[test]
    fn bad_lines_give_diagnostics_and_the_rest_imports() {
        let text = "Blinken met Shoukry in Cairo.";
        let ann = [
            "T1\tPERSON 0 7\tBlinken",
            "T2\tPERSON 12 19;23 28\tShoukry Cairo",
            "T3\tGPE 23 28",
            "T4\tGPE 23 99\tCairo",
            "T5\tGPE -1 5\tCairo",
            "T6\tGPE 23 28\tDoha",
            "T1\tGPE 23 28\tCairo",
            "T7\tGPE 23 2x\tCairo",
            "T8\tGPE23 28\tCairo",
            "T9\tGPE 28 23\tCairo",
            "R1\tMet Arg1:T1 Arg2:T2\t",
            "R2\tMet Arg1:T1\t",
            "R3\tMet T1 T10\t",
            "#1\tAnnotatorNotes T99\tgone",
            "X1\twhat",
            "",
            "T10\tGPE 23 28\tCairo",
            "R4\tIn Arg1:T1 Arg2:T10",
        ]
        .join("\n");
        let imported = import_pair("cairo.txt", text, &ann).unwrap();
        let doc = &imported.documents[0];
        assert_eq!(
            spans(&doc.document),
            [
                span("T1", "PERSON", 0, 7, "Blinken"),
                span("T10", "GPE", 23, 28, "Cairo")
            ]
        );
        assert_eq!(doc.relations.len(), 1);
        let expected = [
            (2, "T2: discontinuous span (12 19;23 28) is not supported; Spanwise spans are one stretch of text, so this PERSON annotation was not imported"),
            (3, "T3: expected three tab-separated fields: id, \"Label start end\", text"),
            (4, "T4: end 99 is past the end of the text (29 code points)"),
            (5, "T5: start \"-1\" is not a whole number from 0 up"),
            (6, "T6: the text at 23..28 is \"Cairo\", but the file says \"Doha\""),
            (7, "T1: the id \"T1\" appears more than once"),
            (8, "T7: end \"2x\" is not a whole number from 0 up"),
            (9, "T8: expected two offsets after the label, found \"28\""),
            (10, "T9: start 28 is not before end 23"),
            (11, "R1: relation refers to T2, which was not imported"),
            (12, "R2: expected \"Type Arg1:T1 Arg2:T2\", found \"Met Arg1:T1\""),
            (13, "R3: relation arguments must look like Arg1:T1, found \"Met T1 T10\""),
            (14, "#1: note refers to T99, which was not imported"),
            (15, "X1: unknown kind of line"),
        ];
        assert_eq!(
            imported.diagnostics,
            expected
                .iter()
                .map(|(line, message)| Diagnostic {
                    line: Some(*line),
                    message: message.to_string()
                })
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn export_then_import_keeps_spans_relations_and_notes() {
        for stem in [
            "news/000-introduction",
            "news/060-relation_annotation",
            "news/110-note_annotation",
            "conll2002-esp/esp.train-doc-100",
        ] {
            let imported = import_corpus(stem);
            let doc = &imported.documents[0];
            let ann = export_ann(&doc.document, &doc.relations, &doc.notes);
            let back = import_pair("x.txt", doc.document.text(), &ann).unwrap();
            assert!(
                back.diagnostics.is_empty(),
                "{stem}: {:?}",
                back.diagnostics
            );
            let back_doc = &back.documents[0];
            assert_eq!(spans(&back_doc.document), spans(&doc.document), "{stem}");
            assert_eq!(back_doc.relations, doc.relations, "{stem}");
            assert_eq!(back_doc.notes, doc.notes, "{stem}");
            assert_eq!(
                export_ann(&back_doc.document, &back_doc.relations, &back_doc.notes),
                ann,
                "{stem}: stable"
            );
        }
    }

    #[test]
    fn export_renumbers_ids_brat_cannot_read() {
        let document = parse_fixture(
            "[Antony [Blinken|PERSON#T3]|PERSON#a1] in\n[Cairo\nCity|GPE#b7] [x|MY LABEL#T03]",
        );
        let relations = [ImportedRelation {
            id: "r1".into(),
            kind: "Located in".into(),
            from: AnnotationId::new("a1"),
            to: AnnotationId::new("b7"),
        }];
        let notes = [(AnnotationId::new("a1"), "two\nlines".to_string())];
        let ann = export_ann(&document, &relations, &notes);
        assert_eq!(
            ann,
            "T4\tPERSON 0 14\tAntony Blinken\n\
             T3\tPERSON 7 14\tBlinken\n\
             T5\tGPE 18 28\tCairo City\n\
             T6\tMY_LABEL 29 30\tx\n\
             R1\tLocated_in Arg1:T4 Arg2:T5\t\n\
             #1\tAnnotatorNotes T4\ttwo lines\n"
        );
        let back = import_pair("x.txt", document.text(), &ann).unwrap();
        assert!(back.diagnostics.is_empty(), "{:?}", back.diagnostics);
        assert_eq!(back.documents[0].document.annotations().len(), 4);
    }

    #[test]
    fn the_annotation_conf_lists_the_label_sets() {
        let conf = parse_annotation_conf(&read("news/annotation.conf"));
        assert_eq!(conf.entities, ["Person", "Organization", "GPE", "Money"]);
        assert_eq!(
            conf.relations,
            [
                "Located",
                "Geographical_part",
                "Family",
                "Employment",
                "Ownership",
                "Origin",
                "Alias"
            ]
        );
        assert_eq!(
            conf.events,
            [
                "Be-born",
                "Marry",
                "Divorce",
                "Die",
                "Transfer-ownership",
                "Transfer-money",
                "Start-org",
                "Merge-org",
                "End-org",
                "Report"
            ]
        );
        assert_eq!(
            conf.attributes,
            ["Individual", "Mention", "Negation", "Confidence"]
        );
        assert_eq!(parse_annotation_conf(""), AnnotationConf::default());
        let imported = import_pair_with_conf(
            "000-introduction.txt",
            &read("news/000-introduction.txt"),
            &read("news/000-introduction.ann"),
            &conf,
        )
        .unwrap();
        assert_eq!(
            imported.documents[0].labels,
            ["Person", "Organization", "GPE", "Money", "Transfer-money"]
        );
    }

    #[test]
    fn hostile_input_gives_errors_or_diagnostics() {
        assert_eq!(
            import_pair("e.txt", "", "T1\tX 0 1\tx"),
            Err(FormatError::Empty {
                name: "e.txt".into()
            })
        );
        let garbage =
            String::from_utf8_lossy(&[0xff, b'\t', 0xfe, b'T', b'\t', 0, 0x80, b'\n', b'T'])
                .to_string();
        let imported = import_pair("g.txt", "some text", &garbage).unwrap();
        assert_eq!(imported.diagnostics.len(), 2);
        // Truncated in the middle of a line.
        let imported =
            import_pair("t.txt", "Blinken", "T1\tPERSON 0 7\tBlinken\nT2\tPERS").unwrap();
        assert_eq!(imported.documents[0].document.annotations().len(), 1);
        assert_eq!(
            messages(&imported),
            [(
                Some(2),
                "T2: expected three tab-separated fields: id, \"Label start end\", text"
                    .to_string()
            )]
        );
    }
}
