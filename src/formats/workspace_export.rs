//! The whole workspace as one file of a format, written a document at a time: a head, each
//! document as that format's single-document export writes it, and a tail. The session streams
//! the pieces as it goes (resting documents are read back for it), so a corpus is never held
//! as one string; joined, they are the file that format's writer makes of all the documents.
//!
//! - Spanwise workspace: [`workspace::workspace_head`], [`workspace::workspace_document`] and
//!   [`workspace::WORKSPACE_TAIL`].
//! - doccano JSONL: one line per document, each the line [`doccano::export`] writes for it
//!   (ending in a line break).
//! - Label Studio JSON: `[`, the tasks of [`labelstudio::task`] as its pretty array lays them
//!   out, separated by commas, then `]`; task ids count from 1 through the file.
//! - CoNLL / IOB2: each document after a `-DOCSTART-` line ([`conll::export_in_corpus`]), as
//!   CoNLL corpora separate them.

use crate::formats::interchange::as_imported;
use crate::formats::{conll, describe_annotation, doccano, labelstudio, workspace};
use crate::model::document::Document;
use crate::model::schema::Schema;

/// The formats the whole workspace exports in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkspaceFormat {
    /// Spanwise's own workspace file: every document, schema, annotation and done mark.
    Workspace,
    Doccano,
    LabelStudio,
    Conll,
}

/// One document written in a format, with what the format could not carry (for the person,
/// each naming the document).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub text: String,
    pub left_out: Vec<String>,
}

impl WorkspaceFormat {
    pub const ALL: [WorkspaceFormat; 4] = [
        WorkspaceFormat::Workspace,
        WorkspaceFormat::Doccano,
        WorkspaceFormat::LabelStudio,
        WorkspaceFormat::Conll,
    ];

    pub fn name(self) -> &'static str {
        match self {
            WorkspaceFormat::Workspace => "Spanwise workspace",
            WorkspaceFormat::Doccano => "doccano JSONL",
            WorkspaceFormat::LabelStudio => "Label Studio JSON",
            WorkspaceFormat::Conll => "CoNLL / IOB2",
        }
    }

    /// The value that names the format in the menu.
    pub fn key(self) -> &'static str {
        match self {
            WorkspaceFormat::Workspace => "spanwise",
            WorkspaceFormat::Doccano => "doccano",
            WorkspaceFormat::LabelStudio => "labelstudio",
            WorkspaceFormat::Conll => "conll",
        }
    }

    pub fn parse(key: &str) -> Option<WorkspaceFormat> {
        WorkspaceFormat::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The name the file downloads under.
    pub fn file_name(self) -> String {
        let suffix = match self {
            WorkspaceFormat::Workspace => "json",
            WorkspaceFormat::Doccano => "jsonl",
            WorkspaceFormat::LabelStudio => "labelstudio.json",
            WorkspaceFormat::Conll => "conll",
        };
        super::download_name("spanwise-workspace", suffix)
    }

    pub fn mime(self) -> &'static str {
        match self {
            WorkspaceFormat::Workspace | WorkspaceFormat::LabelStudio => "application/json",
            WorkspaceFormat::Doccano => "application/jsonl",
            WorkspaceFormat::Conll => "text/plain",
        }
    }

    /// The start of the file, before its first document; `current` is the open document's id.
    pub fn head(self, current: &str) -> String {
        match self {
            WorkspaceFormat::Workspace => workspace::workspace_head(current),
            WorkspaceFormat::LabelStudio => "[".into(),
            WorkspaceFormat::Doccano | WorkspaceFormat::Conll => String::new(),
        }
    }

    /// The `n`th (0-based) document written into the file.
    pub fn document(self, document: &Document, schema: &Schema, done: bool, n: usize) -> Written {
        let text = match self {
            WorkspaceFormat::Workspace => {
                workspace::workspace_document(document, schema, done, n == 0)
            }
            WorkspaceFormat::Doccano => doccano::export(&[&as_imported(document, schema)]),
            WorkspaceFormat::LabelStudio => {
                let task = labelstudio::task(&as_imported(document, schema), n);
                let json =
                    serde_json::to_string_pretty(&task).expect("JSON values always serialise");
                // As serde_json lays out an array of tasks: each on a line of its own, two
                // spaces in.
                let mut out = String::with_capacity(json.len() + json.len() / 8);
                if n > 0 {
                    out.push(',');
                }
                for line in json.lines() {
                    out.push_str("\n  ");
                    out.push_str(line);
                }
                out
            }
            WorkspaceFormat::Conll => {
                let exported = conll::export_in_corpus(document);
                let left_out = exported
                    .skipped
                    .iter()
                    .map(|(id, why)| {
                        format!(
                            "{}: {}: {why}",
                            document.title,
                            describe_annotation(document, id)
                        )
                    })
                    .collect();
                return Written {
                    text: exported.text,
                    left_out,
                };
            }
        };
        Written {
            text,
            left_out: Vec::new(),
        }
    }

    /// The end of the file, after its last document.
    pub fn tail(self) -> &'static str {
        match self {
            WorkspaceFormat::Workspace => workspace::WORKSPACE_TAIL,
            WorkspaceFormat::LabelStudio => "\n]",
            WorkspaceFormat::Doccano | WorkspaceFormat::Conll => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::ImportedDocument;
    use crate::model::fixture::parse_fixture;

    /// The file `format` makes of `fixtures`, written a document at a time.
    fn whole(format: WorkspaceFormat, fixtures: &[&str]) -> (String, Vec<String>) {
        let mut text = format.head("fixture");
        let mut left_out = Vec::new();
        for (n, fixture) in fixtures.iter().enumerate() {
            let written = format.document(&parse_fixture(fixture), &Schema::default(), false, n);
            text.push_str(&written.text);
            left_out.extend(written.left_out);
        }
        text.push_str(format.tail());
        (text, left_out)
    }

    const FIXTURES: [&str; 3] = [
        "[Antony Blinken|PERSON] arrived in [Cairo|GPE].",
        "No spans here",
        "[Secretary of State [Antony Blinken|PERSON#a2]|PERSON#a1] met [Zoë|PERSON#a3] 🙂 in [Doha|GPE#a4].",
    ];

    #[test]
    fn doccano_and_label_studio_written_a_document_at_a_time_are_their_writers_of_all_documents() {
        let imported: Vec<ImportedDocument> = FIXTURES
            .iter()
            .map(|f| as_imported(&parse_fixture(f), &Schema::default()))
            .collect();
        let all: Vec<&ImportedDocument> = imported.iter().collect();
        assert_eq!(
            whole(WorkspaceFormat::Doccano, &FIXTURES),
            (doccano::export(&all), vec![])
        );
        assert_eq!(
            whole(WorkspaceFormat::LabelStudio, &FIXTURES),
            (labelstudio::export(&all), vec![])
        );
    }

    #[test]
    fn a_conll_corpus_starts_each_document_with_a_docstart_line() {
        let (text, left_out) = whole(WorkspaceFormat::Conll, &FIXTURES);
        let expected = [
            "-DOCSTART-\tO\n\n",
            "Antony\tB-PERSON\nBlinken\tI-PERSON\narrived\tO\nin\tO\nCairo\tB-GPE\n.\tO\n\n",
            "-DOCSTART-\tO\n\n",
            // No full stop ends the sentence: the blank line that ends the document does.
            "No\tO\nspans\tO\nhere\tO\n\n",
            "-DOCSTART-\tO\n\n",
            "Secretary\tB-PERSON\nof\tI-PERSON\nState\tI-PERSON\nAntony\tI-PERSON\n",
            "Blinken\tI-PERSON\nmet\tO\nZoë\tB-PERSON\n🙂\tO\nin\tO\nDoha\tB-GPE\n.\tO\n\n",
        ];
        assert_eq!(text, expected.concat());
        assert_eq!(
            left_out,
            [
                "fixture: \"Antony Blinken\" (PERSON): it overlaps \"Secretary of State Antony \
              Blinken\" (PERSON), and IOB gives each token one tag"
            ]
        );
        // The importer reads it as three documents.
        let imported = conll::import("spanwise-workspace.conll", &text).unwrap();
        let texts: Vec<&str> = imported
            .documents
            .iter()
            .map(|d| d.document.text())
            .collect();
        assert_eq!(
            texts,
            [
                "Antony Blinken arrived in Cairo .",
                "No spans here",
                "Secretary of State Antony Blinken met Zoë 🙂 in Doha ."
            ]
        );
        assert!(imported.diagnostics.is_empty());
    }

    #[test]
    fn names_keys_and_files() {
        let got: Vec<(&str, &str, String, &str)> = WorkspaceFormat::ALL
            .iter()
            .map(|f| (f.key(), f.name(), f.file_name(), f.mime()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "spanwise",
                    "Spanwise workspace",
                    "spanwise-workspace.json".to_string(),
                    "application/json"
                ),
                (
                    "doccano",
                    "doccano JSONL",
                    "spanwise-workspace.jsonl".to_string(),
                    "application/jsonl"
                ),
                (
                    "labelstudio",
                    "Label Studio JSON",
                    "spanwise-workspace.labelstudio.json".to_string(),
                    "application/json"
                ),
                (
                    "conll",
                    "CoNLL / IOB2",
                    "spanwise-workspace.conll".to_string(),
                    "text/plain"
                ),
            ]
        );
        for format in WorkspaceFormat::ALL {
            assert_eq!(WorkspaceFormat::parse(format.key()), Some(format));
        }
        assert_eq!(WorkspaceFormat::parse("brat"), None);
    }
}
