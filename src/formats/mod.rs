//! File formats: reading what a person opens and writing what they download.
//!
//! Each format has its own serializable types, converted to and from the model at this boundary.
//! [`open`] tells formats apart by content (the file name's extension is only a hint) and never
//! half-applies: it returns a whole document or an error that says what is wrong.
//!
//! Foreign formats ([`brat`], [`doccano`], [`labelstudio`], [`conll`], [`w3c`]) import into
//! [`Imported`] through [`foreign::DocumentBuilder`], converting their offset units to code
//! points at this boundary; [`detect`] tells them apart by content.

pub mod brat;
pub mod conll;
pub mod corpus;
pub mod decode;
pub mod detect;
pub mod doccano;
pub mod foreign;
pub mod interchange;
pub mod json_scan;
pub mod labelstudio;
pub mod spanwise;
#[cfg(test)]
pub mod test_support;
pub mod tokens;
pub mod w3c;
pub mod workspace;
pub mod workspace_export;

use thiserror::Error;

use crate::model::document::{AnnotationId, Document, SpanKind};
use crate::model::offsets::CpRange;
use crate::model::schema::Schema;

/// The unit a foreign file counts offsets in, as detected (or assumed) on import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OffsetUnit {
    CodePoint,
    Utf16,
    Byte,
}

/// A problem with one part of an imported file. The part is skipped; the rest imports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// 1-based line in the file, where the format has lines.
    pub line: Option<usize>,
    pub message: String,
}

/// A relation read from a foreign file (brat `R`, doccano and Label Studio relations), between
/// two annotations of the same imported document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedRelation {
    pub id: String,
    pub kind: String,
    pub from: AnnotationId,
    pub to: AnnotationId,
}

/// A span that a file marks as a claim or a cue rather than an entity mention. Importers put
/// every span in [`ImportedDocument::document`] as an entity; the conversion into the model
/// (`interchange`) makes these claims and cues through the editor's checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedKind {
    pub id: AnnotationId,
    /// [`SpanKind::Claim`] or [`SpanKind::Cue`].
    pub kind: SpanKind,
    /// A claim's attributes as the file carried them; `None` for a cue, or for a claim whose
    /// file said nothing about them (it gets the defaults for its text).
    pub attributes: Option<spanwise::FileClaimAttributes>,
}

/// What Spanwise's own exports carry beyond spans and labels: claim and cue kinds with claim
/// attributes, relations, entity groups. Every format's import ends in one place that applies
/// it to a document (`interchange::apply_extras`), whichever file it came from.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SpanwiseExtras {
    pub kinds: Vec<ImportedKind>,
    pub relations: Vec<ImportedRelation>,
    pub entities: Vec<spanwise::FileEntity>,
}

/// One document read from a foreign file, with what the model does not hold yet kept beside it.
#[derive(Debug, PartialEq, Eq)]
pub struct ImportedDocument {
    pub document: Document,
    /// Labels the file declares or uses, in first-seen order.
    pub labels: Vec<String>,
    pub relations: Vec<ImportedRelation>,
    /// Free-text notes on annotations (brat `#` lines). Notes on claims are not here: they are
    /// the claim's note, in [`ImportedDocument::kinds`].
    pub notes: Vec<(AnnotationId, String)>,
    /// The spans that are claims and cues (labelled [`crate::model::document::CLAIM_LABEL`] and
    /// [`crate::model::document::CUE_LABEL`], the labels Spanwise writes them with).
    pub kinds: Vec<ImportedKind>,
}

/// A span as a message names it for the person: its text (cut when long, line breaks as
/// spaces) and its label, `"Saudi Arabia" (LOC)`. Ids are the program's, not the person's.
pub fn describe_span(document: &Document, range: CpRange, label: &str) -> String {
    const MAX_CHARS: usize = 40;
    let text = document.slice(range);
    let mut words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some((cut, _)) = words.char_indices().nth(MAX_CHARS) {
        words.truncate(cut);
        words.push('…');
    }
    format!("\"{words}\" ({label})")
}

/// [`describe_span`] for an annotation by id; the id itself when the document has no such
/// annotation (there is no text to show).
pub fn describe_annotation(document: &Document, id: &AnnotationId) -> String {
    match document.annotation(id) {
        Some(a) => describe_span(document, a.range, &a.label),
        None => id.to_string(),
    }
}

/// The result of importing a foreign file: its documents, the offset unit that was assumed, and
/// a diagnostic for every part that could not be imported.
#[derive(Debug, PartialEq, Eq)]
pub struct Imported {
    /// Human name of the format, for messages: "brat standoff", "doccano JSONL"…
    pub format: &'static str,
    pub documents: Vec<ImportedDocument>,
    pub unit: Option<OffsetUnit>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The largest file [`open`] reads; anything larger is refused before it is read, because
/// decoding and laying out more would freeze the page for seconds.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum OpenError {
    #[error("{name}: the file is {size} bytes; Spanwise opens files up to {MAX_FILE_BYTES} bytes")]
    TooLarge { name: String, size: usize },
    #[error("{name}: {error}")]
    Decode {
        name: String,
        error: decode::DecodeError,
    },
    #[error("{name}: {error}")]
    Spanwise {
        name: String,
        error: spanwise::ImportError,
    },
    #[error("{name}: {message}")]
    Foreign { name: String, message: String },
    /// A foreign file refused whole; its message names the file already.
    #[error("{0}")]
    Format(foreign::FormatError),
}

/// What opening a file produced.
#[derive(Debug, PartialEq, Eq)]
pub struct Opened {
    pub document: Document,
    pub schema: Schema,
    /// How the content was read, for the status line: "text" or "Spanwise JSON".
    pub read_as: &'static str,
    pub encoding: decode::Encoding,
}

/// Opens a file: a Spanwise JSON file restores its document, annotations and schema; any other
/// text becomes a new document titled after the file. A `.json` name that does not parse as
/// JSON, or JSON that is not a Spanwise file, is an error rather than a text document, because
/// the person meant to open annotations.
/// What [`Opened::read_as`] says of a Spanwise file.
pub const SPANWISE_JSON: &str = "Spanwise JSON";

pub fn open(name: &str, bytes: &[u8], current_schema: &Schema) -> Result<Opened, OpenError> {
    let name_owned = || name.to_string();
    if bytes.len() > MAX_FILE_BYTES {
        return Err(OpenError::TooLarge {
            name: name_owned(),
            size: bytes.len(),
        });
    }
    let (content, encoding) = decode::decode(bytes).map_err(|error| OpenError::Decode {
        name: name_owned(),
        error,
    })?;
    let looks_like_json = content.trim_start().starts_with('{');
    let named_json = name.to_ascii_lowercase().ends_with(".json");
    if looks_like_json || named_json {
        let spanwise_error = |error| OpenError::Spanwise {
            name: name_owned(),
            error,
        };
        match serde_json::from_str::<serde_json::Value>(&content) {
            Ok(value) if named_json || spanwise::is_spanwise(&value) => {
                let (document, schema) = spanwise::import_value(value).map_err(spanwise_error)?;
                return Ok(Opened {
                    document,
                    schema,
                    read_as: SPANWISE_JSON,
                    encoding,
                });
            }
            Err(e) if named_json => {
                return Err(spanwise_error(spanwise::ImportError::NotJson(
                    e.to_string(),
                )))
            }
            // Text that merely starts with a brace, or JSON of another kind without a .json
            // name, is read as text below.
            _ => {}
        }
    }
    let title = title_from_file_name(name);
    Ok(Opened {
        document: Document::new(&document_id(&content), &title, &content),
        schema: current_schema.clone(),
        read_as: "text",
        encoding,
    })
}

/// A document's title from its file name: the name without its extension.
pub fn title_from_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => base,
    };
    if stem.trim().is_empty() {
        "Untitled".to_string()
    } else {
        stem.to_string()
    }
}

/// A stable id for a new document: a hash of its text (FNV-1a, 64 bits), so that the same
/// article opened twice gets the same id.
pub fn document_id(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("doc-{hash:016x}")
}

/// The download name for a document exported in a format: `<title>.<suffix>`, with the title
/// reduced to characters that are safe in file names on every system.
pub fn download_name(title: &str, suffix: &str) -> String {
    let mut safe: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    while safe.contains("--") {
        safe = safe.replace("--", "-");
    }
    let safe: String = safe.trim_matches('-').chars().take(80).collect();
    let safe = if safe.is_empty() {
        "document".to_string()
    } else {
        safe
    };
    format!("{safe}.{suffix}")
}

#[cfg(test)]
mod tests_annotator;
#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixture::parse_fixture;

    fn open_str(name: &str, content: &str) -> Result<Opened, String> {
        open(name, content.as_bytes(), &Schema::default()).map_err(|e| e.to_string())
    }

    #[test]
    fn text_files_become_new_documents() {
        let opened = open_str("notes/blinken-cairo.txt", "Blinken arrived in Cairo").unwrap();
        assert_eq!(opened.read_as, "text");
        assert_eq!(&*opened.document.title, "blinken-cairo");
        assert_eq!(opened.document.text(), "Blinken arrived in Cairo");
        assert!(opened.document.annotations().is_empty());
        assert_eq!(
            &*opened.document.id,
            document_id("Blinken arrived in Cairo")
        );
        // A byte-order mark is not part of the text.
        let opened = open("a.txt", b"\xEF\xBB\xBFCairo", &Schema::default()).unwrap();
        assert_eq!(opened.document.text(), "Cairo");
        // Text that starts with a brace but is not JSON stays text.
        let opened = open_str("set.txt", "{a, b} is a set").unwrap();
        assert_eq!(opened.document.text(), "{a, b} is a set");
    }

    #[test]
    fn spanwise_files_are_told_apart_by_content() {
        let document = parse_fixture("[Blinken|PERSON#a1] in Cairo");
        let json = spanwise::export_json(&document, &Schema::default());
        for name in ["x.spanwise.json", "x.txt", "x"] {
            let opened = open_str(name, &json).unwrap();
            assert_eq!(opened.read_as, "Spanwise JSON");
            assert_eq!(opened.document, document);
        }
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        let cases = [
            ("a.txt", "", "a.txt: the file is empty"),
            (
                "a.json",
                "not json",
                "a.json: not JSON: expected ident at line 1 column 2",
            ),
            (
                "a.json",
                "{\"format\": \"doccano\"}",
                "a.json: not a Spanwise file: its \"format\" is \"doccano\", not \"spanwise\"",
            ),
            (
                "a.json",
                "[]",
                "a.json: not a Spanwise file: the top level is not a JSON object",
            ),
            (
                "a.txt",
                "{\"format\": \"spanwise\", \"version\": 7}",
                "a.txt: version 7 is newer than this app reads (up to 3); update Spanwise",
            ),
        ];
        for (name, content, expected) in cases {
            assert_eq!(
                open_str(name, content).map(|o| o.read_as),
                Err(expected.to_string())
            );
        }
        let latin1 = open("latin1.txt", b"caf\xe9", &Schema::default()).unwrap();
        assert_eq!(
            (latin1.document.text(), latin1.encoding),
            ("café", decode::Encoding::Windows1252)
        );
        assert_eq!(
            open_str("a.bin", "\0\0\0x").map(|o| o.read_as),
            Err(
                "a.bin: the file looks binary (it has 3 control bytes in its first 4), not text"
                    .to_string()
            )
        );
        let huge = vec![b'a'; MAX_FILE_BYTES + 1];
        assert_eq!(
            open("huge.txt", &huge, &Schema::default()).map(|o| o.read_as),
            Err(OpenError::TooLarge {
                name: "huge.txt".into(),
                size: MAX_FILE_BYTES + 1
            })
        );
    }

    #[test]
    fn names() {
        assert_eq!(title_from_file_name("C:\\news\\gaza.txt"), "gaza");
        assert_eq!(title_from_file_name(".txt"), ".txt");
        assert_eq!(title_from_file_name("README"), "README");
        assert_eq!(title_from_file_name("  .md"), "Untitled");
        assert_eq!(
            download_name("Blinken in Cairo: day 2", "spanwise.json"),
            "Blinken-in-Cairo-day-2.spanwise.json"
        );
        assert_eq!(
            download_name("«»", "spanwise.json"),
            "document.spanwise.json"
        );
        assert_eq!(
            download_name("Zoë's notes", "spanwise.json"),
            "Zoë-s-notes.spanwise.json"
        );
    }
}
