//! A large multi-document file cut into pieces that open one at a time, so that a corpus is
//! imported in the background in small steps (the page stays responsive, a progress bar moves,
//! Cancel stops between pieces, and each step is written to storage on its own).
//!
//! Each piece is a file of the same format holding a few documents: doccano JSONL by lines,
//! CoNLL by its `-DOCSTART-` lines, a Label Studio export (a JSON array) by tasks, and many
//! chosen `.txt` files one file each. A piece opens
//! through [`super::interchange::open_files`] like any file, so nothing is read differently; a
//! piece's line numbers are shifted back to the whole file's by `first_line`.
//!
//! Cutting only finds where the pieces are: a piece shares its file's bytes and is copied out
//! when its step opens it ([`Piece::file`]), so the task that reads a 20 MB file scans it once
//! and copies nothing.

use std::ops::Range;
use std::rc::Rc;

use super::detect::{self, Detected};
use super::interchange::InputFile;
use super::json_scan::{array_items, object_members};
use super::workspace::WORKSPACE_FORMAT;

/// Documents per piece: small enough that a piece opens well within a frame's budget.
pub const DOCUMENTS_PER_PIECE: usize = 25;
/// Fewer documents than this open at once, as before.
pub const MIN_DOCUMENTS: usize = 100;

/// A piece of a corpus, and the whole file's line its first line is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The whole file, shared by its pieces.
    source: Rc<InputFile>,
    /// The piece's bytes in it.
    range: Range<usize>,
    /// What the bytes are put between to be a file (the items of a JSON array between `[`
    /// and `]`, a workspace's documents between its head and `]}`), if anything.
    wrap: Option<Wrap>,
    /// 0-based: a diagnostic's line `n` in the piece is line `n + first_line` of the file.
    pub first_line: usize,
    /// How many documents it holds.
    pub documents: usize,
    /// A part of a larger file (its documents are numbered through the file), not a whole one.
    pub part: bool,
}

impl Piece {
    /// The name of the file it comes from.
    pub fn name(&self) -> &str {
        &self.source.name
    }

    /// The piece as a file of its own, to open.
    pub fn file(&self) -> InputFile {
        let bytes = &self.source.bytes[self.range.clone()];
        let bytes = match &self.wrap {
            Some((head, tail)) => {
                let mut wrapped = Vec::with_capacity(head.len() + bytes.len() + tail.len());
                wrapped.extend_from_slice(head.as_bytes());
                wrapped.extend_from_slice(bytes);
                wrapped.extend_from_slice(tail.as_bytes());
                wrapped
            }
            None => bytes.to_vec(),
        };
        InputFile {
            name: self.source.name.clone(),
            bytes,
        }
    }
}

/// The text put before and after a piece's bytes.
type Wrap = (Rc<str>, &'static str);

/// A corpus to import in pieces: the format's name and the pieces, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Corpus {
    pub name: String,
    pub pieces: Vec<Piece>,
    /// How many documents the pieces hold (lines or `-DOCSTART-` blocks, or files).
    pub documents: usize,
    /// The document to open at the end (a workspace file's open one).
    pub current: Option<String>,
}

/// The pieces of `files`, when they are a corpus worth importing in steps: one doccano JSONL
/// or CoNLL file of at least [`MIN_DOCUMENTS`] documents, or at least that many `.txt` files.
/// `Err`: the files as they came, to open at once as any file.
pub fn split(files: Vec<InputFile>) -> Result<Corpus, Vec<InputFile>> {
    if files.len() >= MIN_DOCUMENTS {
        let all_text = files
            .iter()
            .all(|f| f.name.to_ascii_lowercase().ends_with(".txt"));
        if !all_text {
            return Err(files);
        }
        let name = format!(
            "{} text files ({} … {})",
            files.len(),
            files[0].name,
            files[files.len() - 1].name
        );
        return Ok(Corpus {
            name,
            current: None,
            documents: files.len(),
            pieces: files
                .into_iter()
                .map(|f| Piece {
                    range: 0..f.bytes.len(),
                    source: Rc::new(f),
                    wrap: None,
                    first_line: 0,
                    documents: 1,
                    part: false,
                })
                .collect(),
        });
    }
    // Several large files (a corpus past one file's size limit): each must be a corpus itself.
    let cuts: Option<Vec<Cut>> = files.iter().map(cut).collect();
    let Some(cuts) = cuts else {
        return Err(files);
    };
    let name = match &files[..] {
        [file] => file.name.clone(),
        _ => format!(
            "{} files ({} … {})",
            files.len(),
            files[0].name,
            files[files.len() - 1].name
        ),
    };
    let mut pieces = Vec::new();
    let current = cuts.iter().find_map(|c| c.current.clone());
    for (file, cut) in files.into_iter().zip(cuts) {
        let source = Rc::new(file);
        pieces.extend(
            cut.pieces
                .into_iter()
                .map(|(range, first_line, documents)| Piece {
                    source: Rc::clone(&source),
                    range,
                    wrap: cut.wrap.clone(),
                    first_line,
                    documents,
                    part: true,
                }),
        );
    }
    Ok(Corpus {
        name,
        documents: pieces.iter().map(|p| p.documents).sum(),
        pieces,
        current,
    })
}

/// Where a file's pieces are: (bytes, first line, documents) each.
struct Cut {
    pieces: Vec<(Range<usize>, usize, usize)>,
    wrap: Option<Wrap>,
    current: Option<String>,
}

fn cut(file: &InputFile) -> Option<Cut> {
    if file.bytes.len() > super::MAX_FILE_BYTES {
        return None;
    }
    // Only UTF-8 is cut: another encoding opens whole, decoded as usual.
    let content = std::str::from_utf8(&file.bytes).ok()?;
    // A JSON file is not parsed whole to tell what it is (that alone is a long task for 20 MB):
    // its array or object is scanned, and a part of it is looked at.
    match content.trim_start().as_bytes().first() {
        Some(b'[') => return tasks(&file.name, content),
        Some(b'{') => {
            if let Some(cut) = workspace(content) {
                return Some(cut);
            }
        }
        _ => {}
    }
    match detect::detect(&file.name, content)? {
        Detected::Doccano if file.name.to_ascii_lowercase().ends_with(".jsonl") => jsonl(content),
        Detected::Conll => conll(content),
        _ => None,
    }
}

/// `(first byte, first line)` of each group of [`DOCUMENTS_PER_PIECE`] items, and the piece's
/// byte range: from its first item's start to its last item's end.
fn item_pieces(content: &str, items: &[(usize, usize)]) -> Vec<(Range<usize>, usize, usize)> {
    let mut pieces = Vec::new();
    let mut line = 0;
    let mut counted = 0;
    for group in items.chunks(DOCUMENTS_PER_PIECE) {
        let start = group[0].0;
        line += content.as_bytes()[counted..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted = start;
        pieces.push((start..group[group.len() - 1].1, line, group.len()));
    }
    pieces
}

/// A Spanwise workspace file cut between its documents: each piece is a workspace file of a
/// few of them (the same head), so it opens as any workspace file does; the file's open
/// document is opened at the end. A file with members a workspace file does not have opens
/// whole, to be refused with the reason.
fn workspace(content: &str) -> Option<Cut> {
    let members = object_members(content)?;
    let raw = |key: &str| {
        members
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, r)| &content[r.clone()])
    };
    if serde_json::from_str::<String>(raw("format")?).ok()? != WORKSPACE_FORMAT {
        return None;
    }
    let known = ["format", "version", "current", "documents"];
    if members.iter().any(|(k, _)| !known.contains(&k.as_str())) {
        return None;
    }
    let documents = members.iter().find(|(k, _)| k == "documents")?.1.clone();
    let items: Vec<(usize, usize)> = array_items(&content[documents.clone()])?
        .into_iter()
        .map(|(from, to)| (from + documents.start, to + documents.start))
        .collect();
    if items.len() < MIN_DOCUMENTS {
        return None;
    }
    let current = match raw("current") {
        Some(current) => serde_json::from_str::<Option<String>>(current).ok()?,
        None => None,
    };
    let head = format!(
        "{{\"format\": {}, \"version\": {}, \"documents\": [",
        raw("format")?,
        raw("version")?
    );
    Some(Cut {
        pieces: item_pieces(content, &items),
        wrap: Some((Rc::from(head), "]}")),
        current,
    })
}

/// A Label Studio export (a JSON array of tasks) cut between tasks: each piece is the tasks
/// as written in the file, with the commas between them, made an array again when opened.
/// The array is one of tasks when its first item is one.
fn tasks(name: &str, content: &str) -> Option<Cut> {
    let items = array_items(content)?;
    if items.len() < MIN_DOCUMENTS {
        return None;
    }
    let first = format!("[{}]", &content[items[0].0..items[0].1]);
    if detect::detect(name, &first)? != Detected::LabelStudio {
        return None;
    }
    Some(Cut {
        pieces: item_pieces(content, &items),
        wrap: Some((Rc::from("["), "]")),
        current: None,
    })
}

/// Lines with a document each; blank lines belong to the piece before.
fn jsonl(content: &str) -> Option<Cut> {
    let lines = line_starts(content);
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&line| !line_text(content, &lines, line).trim().is_empty())
        .collect();
    pieces(content, &lines, &starts)
}

/// Documents begin at `-DOCSTART-` lines; what comes before the first is its own document.
fn conll(content: &str) -> Option<Cut> {
    let lines = line_starts(content);
    let mut starts: Vec<usize> = (0..lines.len())
        .filter(|&line| content[lines[line]..].starts_with("-DOCSTART-"))
        .collect();
    let first = *starts.first()?;
    if first != 0 && !content[..lines[first]].trim().is_empty() {
        starts.insert(0, 0);
    }
    pieces(content, &lines, &starts)
}

/// The byte offset of every line (one pass over the text).
fn line_starts(content: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(content.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|&at| at < content.len())
        .collect()
}

/// Line `line` without its line break.
fn line_text<'a>(content: &'a str, lines: &[usize], line: usize) -> &'a str {
    let end = lines.get(line + 1).map_or(content.len(), |&next| next - 1);
    &content[lines[line]..end]
}

/// Pieces of [`DOCUMENTS_PER_PIECE`] documents, each document starting at a line of `starts`
/// (0-based, ascending); the first piece also takes what precedes the first start.
fn pieces(content: &str, lines: &[usize], starts: &[usize]) -> Option<Cut> {
    if starts.len() < MIN_DOCUMENTS {
        return None;
    }
    let byte_of = |line: usize| lines.get(line).copied().unwrap_or(content.len());
    let mut out = Vec::new();
    for (k, group) in starts.chunks(DOCUMENTS_PER_PIECE).enumerate() {
        let first_line = if k == 0 { 0 } else { group[0] };
        let end = starts
            .get((k + 1) * DOCUMENTS_PER_PIECE)
            .map(|&line| byte_of(line))
            .unwrap_or(content.len());
        out.push((byte_of(first_line)..end, first_line, group.len()));
    }
    Some(Cut {
        pieces: out,
        wrap: None,
        current: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, content: &str) -> InputFile {
        InputFile {
            name: name.into(),
            bytes: content.as_bytes().to_vec(),
        }
    }

    /// Not a corpus: the files come back as they were, to open at once.
    fn at_once(files: Vec<InputFile>) -> bool {
        split(files.clone()) == Err(files)
    }

    fn texts(corpus: &Corpus) -> Vec<(String, usize)> {
        corpus
            .pieces
            .iter()
            .map(|p| (String::from_utf8(p.file().bytes).unwrap(), p.first_line))
            .collect()
    }

    #[test]
    fn a_long_jsonl_file_is_cut_between_lines_and_keeps_its_line_numbers() {
        let lines: Vec<String> = (0..120)
            .map(|i| format!(r#"{{"text": "Document {i}.", "label": []}}"#))
            .collect();
        let mut content = lines.join("\n");
        content.insert(0, '\n'); // a blank first line goes with the first piece
        let corpus = split(vec![file("wire.jsonl", &content)]).expect("a corpus");
        assert_eq!(corpus.documents, 120);
        let pieces = texts(&corpus);
        assert_eq!(pieces.len(), 5);
        assert_eq!(
            pieces.iter().map(|p| p.1).collect::<Vec<_>>(),
            [0, 26, 51, 76, 101]
        );
        assert!(pieces[0].0.starts_with("\n{\"text\": \"Document 0.\""));
        assert!(pieces[1].0.starts_with("{\"text\": \"Document 25.\""));
        assert_eq!(pieces[4].0.lines().count(), 20);
        // The pieces put together are the file.
        assert_eq!(
            pieces.iter().map(|p| p.0.as_str()).collect::<String>(),
            content
        );
    }

    #[test]
    fn conll_is_cut_at_docstart_lines() {
        let mut content = String::new();
        for i in 0..110 {
            content.push_str(&format!("-DOCSTART- -X- O O\n\nWord{i} B-PER\n\n"));
        }
        let corpus = split(vec![file("train.conll", &content)]).expect("a corpus");
        assert_eq!(corpus.documents, 110);
        let pieces = texts(&corpus);
        assert_eq!(pieces.len(), 5);
        assert_eq!(pieces[1].1, 100);
        assert!(pieces[1]
            .0
            .starts_with("-DOCSTART- -X- O O\n\nWord25 B-PER"));
        assert_eq!(
            pieces.iter().map(|p| p.0.as_str()).collect::<String>(),
            content
        );
    }

    #[test]
    fn a_label_studio_export_is_cut_between_tasks() {
        let task = |i: usize| {
            format!(
                "  {{\n    \"id\": {i},\n    \"data\": {{ \"text\": \"Task {i}, \\\"quoted\\\" ] [\" }},\n    \"annotations\": []\n  }}"
            )
        };
        let content = format!(
            "[\n{}\n]\n",
            (0..120).map(task).collect::<Vec<_>>().join(",\n")
        );
        let corpus = split(vec![file("project.json", &content)]).expect("120 tasks");
        assert_eq!((corpus.documents, corpus.pieces.len()), (120, 5));
        let piece: serde_json::Value =
            serde_json::from_slice(&corpus.pieces[1].file().bytes).expect("a piece is JSON");
        let ids: Vec<u64> = piece
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_u64().unwrap())
            .collect();
        assert_eq!(ids, (25..50).collect::<Vec<u64>>());
        assert_eq!(piece[0]["data"]["text"], "Task 25, \"quoted\" ] [");
        // Each task is five lines: the second piece starts on the file's line 126 (0-based),
        // and its lines are the file's from there (a problem in task 26 is on line 132).
        assert_eq!(corpus.pieces[1].first_line, 126);
        let text = String::from_utf8(corpus.pieces[1].file().bytes).unwrap();
        let line_of = |needle: &str| text.lines().position(|l| l.contains(needle));
        assert_eq!(
            (line_of("\"id\": 25,"), line_of("\"id\": 26,")),
            (Some(1), Some(6))
        );
        // Too few tasks: opened at once.
        let few = format!("[{}]", (0..99).map(task).collect::<Vec<_>>().join(","));
        assert!(at_once(vec![file("few.json", &few)]));
    }

    #[test]
    fn a_workspace_file_is_cut_between_documents_each_piece_a_workspace_file() {
        let entries = (0..120)
            .map(|i| {
                let document = crate::model::document::Document::new(
                    &format!("d{i}"),
                    &format!("Article {i}"),
                    &format!("Text {i}."),
                );
                crate::model::workspace::Entry::new(document, Default::default())
            })
            .collect();
        let workspace = crate::model::workspace::Workspace::from_entries(entries, 30).unwrap();
        let content = super::super::workspace::export_workspace(&workspace);
        let corpus = split(vec![file("all.json", &content)]).expect("120 documents");
        assert_eq!(
            (
                corpus.documents,
                corpus.pieces.len(),
                corpus.current.as_deref()
            ),
            (120, 5, Some("d30"))
        );
        let piece = corpus.pieces[1].file();
        let opened = super::super::interchange::open_files(
            std::slice::from_ref(&piece),
            &crate::model::command::Editor::new(
                crate::model::document::Document::new("x", "x", "x"),
                Default::default(),
            ),
        );
        let Ok(super::super::interchange::Opened::Workspace { entries, current }) = opened else {
            panic!("a piece is a workspace file: {opened:?}");
        };
        let ids: Vec<String> = entries.iter().map(|e| e.id().to_string()).collect();
        let expected: Vec<String> = (25..50).map(|i| format!("d{i}")).collect();
        assert_eq!((ids, current), (expected, None));
        // The piece's lines are the file's from its first line on.
        let text = String::from_utf8(piece.bytes).unwrap();
        let first_line = corpus.pieces[1].first_line;
        assert_eq!(
            text.lines().nth(1),
            content.lines().nth(first_line + 1),
            "line {first_line} on"
        );
        // Too few documents, or a member a workspace file has not: opened whole.
        let few =
            crate::model::workspace::Workspace::from_entries(workspace.entries()[..99].to_vec(), 0)
                .unwrap();
        assert!(at_once(vec![file(
            "few.json",
            &super::super::workspace::export_workspace(&few)
        )]));
        let odd = content.replacen("\"version\"", "\"extra\": 1, \"version\"", 1);
        assert!(at_once(vec![file("odd.json", &odd)]));
    }

    #[test]
    fn small_files_and_other_formats_open_at_once() {
        let few: Vec<String> = (0..99).map(|i| format!(r#"{{"text": "D{i}"}}"#)).collect();
        assert!(at_once(vec![file("few.jsonl", &few.join("\n"))]));
        assert!(at_once(vec![file(
            "a.txt",
            "plain text\n".repeat(500).as_str()
        )]));
        let many: Vec<InputFile> = (0..99).map(|i| file(&format!("{i}.txt"), "x")).collect();
        assert!(at_once(many));
        let mut many: Vec<InputFile> = (0..100).map(|i| file(&format!("{i}.txt"), "x")).collect();
        let corpus = split(many.clone()).expect("100 text files");
        assert_eq!((corpus.documents, corpus.pieces.len()), (100, 100));
        assert_eq!(corpus.name, "100 text files (0.txt … 99.txt)");
        many.push(file("99.ann", ""));
        assert!(at_once(many), "brat pairs open as pairs");
        // Two large JSONL files are one corpus; a small one among them is not.
        let lines = |from: usize| {
            (from..from + 100)
                .map(|i| format!(r#"{{"text": "D{i}"}}"#))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let two = vec![file("a.jsonl", &lines(0)), file("b.jsonl", &lines(100))];
        let corpus = split(two).expect("two corpora");
        assert_eq!(
            (corpus.documents, corpus.pieces.len(), corpus.name.as_str()),
            (200, 8, "2 files (a.jsonl … b.jsonl)")
        );
        assert_eq!(corpus.pieces[4].name(), "b.jsonl");
        assert!(at_once(vec![
            file("a.jsonl", &lines(0)),
            file("c.jsonl", &few.join("\n"))
        ]));
    }
}
