//! Importing a corpus in the background: a large multi-document file (or many text files) is
//! cut into pieces ([`formats::corpus`]), and each [`Intent::ImportStep`] opens a few of them,
//! joins their documents to the workspace and has them written, until none is left, Cancel is
//! pressed, or storage refuses a write. The open document stays open meanwhile; one undo takes
//! the documents the import added out again (unless another step came between).
//!
//! A large stored workspace opens the same way round: its open document first, the rest as
//! they are read ([`Intent::Opening`], [`Intent::Opened`]); until then, steps that change the
//! list of documents wait.
//!
//! [`Intent::ImportStep`]: super::Intent::ImportStep
//! [`Intent::Opening`]: super::Intent::Opening
//! [`Intent::Opened`]: super::Intent::Opened

use std::collections::{HashSet, VecDeque};
use std::rc::Rc;

use super::{Effect, Persist, Session};
use crate::formats::corpus::{Corpus, Piece};
use crate::formats::interchange::{self, Opened};
use crate::formats::{self, Diagnostic, OffsetUnit};
use crate::model::document::{Document, DocumentId};
use crate::model::schema::Schema;
use crate::model::workspace::Entry;

/// The most pieces one step opens (a step also ends once [`STEP_MS`] have passed).
const PIECES_PER_STEP: usize = 4;
/// A step's time budget, well under the 50 ms of a long task.
const STEP_MS: f64 = 12.0;

/// An import under way.
#[derive(Debug)]
pub struct ImportJob {
    name: String,
    pieces: VecDeque<Piece>,
    total: usize,
    /// Documents read so far, joined or refused.
    read: usize,
    /// Documents that joined the workspace (new or replacing one with the same id).
    joined: usize,
    annotations: usize,
    format: &'static str,
    unit: Option<OffsetUnit>,
    /// The file the last piece came from, and how many documents of it were read (titles count
    /// within their file).
    file: String,
    file_read: usize,
    diagnostics: Vec<Diagnostic>,
    first: Option<DocumentId>,
    /// The document to open at the end, when the file names one (a workspace file).
    current: Option<String>,
    /// Documents that replace one resting in storage, waiting for it to be read back (the
    /// replacement is undone to what it held), and the steps waited so far.
    replacing: Vec<(Document, Schema)>,
    waited: usize,
    /// The ids in the workspace after the last step, with the workspace's roster then.
    here: Option<(u64, HashSet<DocumentId>)>,
}

/// How many steps an import waits for documents it replaces to be read back before it gives
/// up on them (they are then named as problems, left as they were).
const REPLACING_WAIT_STEPS: usize = 50;

/// How far an import is: the file's name, documents read, documents in all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportProgress {
    pub name: String,
    pub read: usize,
    pub total: usize,
}

/// A piece's document titled after its place in the piece ("wire #3") is titled after its
/// place in the whole file instead ("wire #28").
fn retitle(
    title: &str,
    base: &str,
    local: usize,
    in_piece: usize,
    global: usize,
) -> Option<String> {
    let default = title == format!("{base} #{}", local + 1) || (in_piece == 1 && title == base);
    default.then(|| format!("{base} #{}", global + 1))
}

impl Session {
    /// While a stored workspace opens: documents read, and how many in all.
    pub fn opening(&self) -> Option<(usize, usize)> {
        self.opening
    }

    /// Refuses a step that changes the list of documents while the workspace opens; true when
    /// it was refused (the status says why).
    pub(super) fn refused_while_opening(&mut self) -> bool {
        let Some((read, total)) = self.opening else {
            return false;
        };
        self.error(&format!(
            "Still opening your workspace ({read} of {total} documents read); try again in a moment"
        ));
        true
    }

    /// The rest of the stored workspace is read: it joins around the open document.
    pub(super) fn opened(&mut self, mut before: Vec<Entry>, mut after: Vec<Entry>) -> bool {
        self.opening = None;
        // A document listed twice (the order and the list records, read apart) joins once.
        let mut here: HashSet<DocumentId> =
            self.workspace.entries().iter().map(Entry::id).collect();
        before.retain(|e| here.insert(e.id()));
        after.retain(|e| here.insert(e.id()));
        if let Err(e) = self.workspace.surround(before, after) {
            return self.error(&format!("Some stored documents could not be opened: {e}"));
        }
        // Nothing to store (they are stored as they are), so no Persist effect tells the queue.
        self.refresh_queue_all();
        self.read_ahead();
        true
    }

    pub fn import_progress(&self) -> Option<ImportProgress> {
        self.import.as_ref().map(|job| ImportProgress {
            name: job.name.clone(),
            read: job.read,
            total: job.total,
        })
    }

    /// Starts importing a corpus in steps.
    pub(super) fn start_import(&mut self, corpus: Corpus) -> bool {
        self.import = Some(ImportJob {
            name: corpus.name,
            total: corpus.documents,
            pieces: corpus.pieces.into(),
            read: 0,
            joined: 0,
            annotations: 0,
            format: "",
            unit: None,
            file: String::new(),
            file_read: 0,
            diagnostics: Vec::new(),
            first: None,
            current: corpus.current,
            replacing: Vec::new(),
            waited: 0,
            here: None,
        });
        self.effects.push(Effect::ImportStep);
        self.status = None;
        true
    }

    /// Opens the next few pieces and joins their documents.
    pub(super) fn import_step(&mut self) -> bool {
        let Some(mut job) = self.import.take() else {
            return false;
        };
        let started = (self.clock)();
        // Gathered again only when the list changed otherwise than by this import.
        let mut here = match job.here.take() {
            Some((roster, here)) if roster == self.workspace.roster() => here,
            _ => self.workspace.entries().iter().map(Entry::id).collect(),
        };
        let mut new_entries: Vec<Entry> = Vec::new();
        let mut to_read = Vec::new();
        self.replace_read_back(&mut job);
        for _ in 0..PIECES_PER_STEP {
            let Some(piece) = job.pieces.pop_front() else {
                break;
            };
            let line = |n: Option<usize>| n.map(|n| n + piece.first_line);
            // Several files: a problem names its file.
            let named = |message: String| {
                if job.name == piece.name() {
                    message
                } else {
                    format!("{}: {message}", piece.name())
                }
            };
            if piece.name() != job.file {
                job.file = piece.name().to_string();
                job.file_read = 0;
            }
            let base = formats::title_from_file_name(&job.file);
            let entries = match interchange::open_files(&[piece.file()], self.editor()) {
                Ok(Opened::Documents {
                    format,
                    documents,
                    unit,
                    diagnostics,
                    ..
                }) => {
                    job.format = format;
                    job.unit = job.unit.or(unit);
                    job.diagnostics
                        .extend(diagnostics.into_iter().map(|d| Diagnostic {
                            line: line(d.line),
                            message: named(d.message),
                        }));
                    let in_piece = documents.len();
                    let before = job.file_read;
                    documents
                        .into_iter()
                        .enumerate()
                        .map(|(local, (mut document, schema))| {
                            // Only a part of a file is renumbered: a whole file keeps its title.
                            let renumbered = piece
                                .part
                                .then(|| {
                                    retitle(&document.title, &base, local, in_piece, before + local)
                                })
                                .flatten();
                            if let Some(title) = renumbered {
                                document.title = title.into();
                            }
                            Entry::new(document, schema)
                        })
                        .collect()
                }
                // A part of a workspace file: its documents come with their done marks.
                Ok(Opened::Workspace { entries, .. }) => {
                    job.format = "Spanwise workspace";
                    entries
                }
                Ok(_) => {
                    job.diagnostics.push(Diagnostic {
                        line: line(Some(1)),
                        message: named("this part is not documents".into()),
                    });
                    Vec::new()
                }
                Err(e) => {
                    job.read += piece.documents;
                    job.file_read += piece.documents;
                    job.diagnostics.push(Diagnostic {
                        line: line(Some(1)),
                        message: named(e.to_string()),
                    });
                    Vec::new()
                }
            };
            for entry in entries {
                job.read += 1;
                job.file_read += 1;
                job.joined += 1;
                let id = entry.id();
                job.first.get_or_insert_with(|| id.clone());
                if let Some(editor) = entry.editor() {
                    job.annotations += editor.document().annotations().len();
                }
                if !here.contains(&id) {
                    here.insert(id);
                    new_entries.push(entry);
                    continue;
                }
                // Already here (or earlier in this corpus): replaced, as opening it alone would.
                if let Some(earlier) = new_entries.iter_mut().find(|e| e.id() == id) {
                    *earlier = entry;
                    continue;
                }
                let Some(editor) = entry.editor() else {
                    continue;
                };
                let (document, schema) = (editor.document().clone(), editor.schema().clone());
                if self.workspace.resting_among([id.as_str()]).is_empty() {
                    self.replace_quietly(document, schema);
                } else {
                    to_read.push(id);
                    job.replacing.push((document, schema));
                }
            }
            if (self.clock)() - started > STEP_MS {
                break;
            }
        }
        if !new_entries.is_empty() {
            let change = self
                .workspace
                .append(new_entries)
                .expect("new ids, checked above");
            for id in change.changed {
                self.effects.push(Effect::Persist(Persist::Document(id)));
            }
            self.effects.push(Effect::Persist(Persist::Index));
        }
        if !to_read.is_empty() {
            self.effects.push(Effect::ReadDocuments(to_read));
        }
        job.here = Some((self.workspace.roster(), here));
        if job.pieces.is_empty() && job.replacing.is_empty() {
            return self.finish_import(job);
        }
        if job.pieces.is_empty() {
            job.waited += 1;
            if job.waited > REPLACING_WAIT_STEPS {
                for (document, _) in job.replacing.drain(..) {
                    job.diagnostics.push(Diagnostic {
                        line: None,
                        message: format!(
                            "“{}” was not replaced: the stored document could not be read back",
                            document.title
                        ),
                    });
                }
                return self.finish_import(job);
            }
        }
        self.import = Some(job);
        self.effects.push(Effect::ImportStep);
        true
    }

    /// A document that replaces one here (in memory), the open document staying open.
    fn replace_quietly(&mut self, document: Document, schema: Schema) {
        let open = self.workspace.current_index();
        let id = document.id.clone();
        if self.workspace.open(document, schema).is_ok() {
            self.workspace.switch_to(open);
            self.effects.push(Effect::Persist(Persist::Document(id)));
        }
    }

    /// The replacements whose documents have been read back are made.
    fn replace_read_back(&mut self, job: &mut ImportJob) {
        let (ready, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut job.replacing)
            .into_iter()
            .partition(|(d, _)| self.workspace.resting_among([d.id.as_str()]).is_empty());
        job.replacing = waiting;
        for (document, schema) in ready {
            self.replace_quietly(document, schema);
        }
    }

    fn finish_import(&mut self, job: ImportJob) -> bool {
        // A workspace file's open document, else the first imported.
        let open = job
            .current
            .as_deref()
            .and_then(|id| self.workspace.position(id))
            .or_else(|| {
                job.first
                    .as_ref()
                    .and_then(|id| self.workspace.position(id))
            });
        if let Some(index) = open {
            if self.workspace.switch_to(index) {
                self.effects.push(Effect::Persist(Persist::Current));
            } else if let Some(entry) = self.workspace.entries().get(index) {
                // Stored and resting by now (a long import): opened once read back.
                let id = entry.id();
                self.read_then(vec![id], super::Intent::SwitchDocument(index));
            }
        }
        self.reload_view();
        let n_problems = job.diagnostics.len();
        self.diagnostics = (n_problems > 0).then(|| {
            (
                format!(
                    "{n_problems} problem(s) importing {} — the rest imported",
                    job.name
                ),
                Rc::new(job.diagnostics),
            )
        });
        if job.joined == 0 {
            return self.error(&format!(
                "Not opened: {}: none of its {} documents could be read. Your work on screen is unchanged.",
                job.name, job.total
            ));
        }
        if job.annotations > 0 {
            // What of the corpus is in memory (a large one rests in storage).
            self.start_training(false);
        }
        let message = super::files::opened_message(
            &job.name,
            job.format,
            job.joined,
            job.annotations,
            job.unit,
            "",
        );
        self.info(&message)
    }

    /// Cancel pressed, or storage refused a write (`why`): the import stops between pieces;
    /// what joined stays.
    pub(super) fn stop_import(&mut self, why: Option<String>) -> bool {
        let Some(job) = self.import.take() else {
            return false;
        };
        let taken = if job.joined > 0 {
            format!(
                "; the {} that joined stay (Ctrl+Z takes them out)",
                job.joined
            )
        } else {
            String::new()
        };
        match why {
            None => self.info(&format!(
                "Import of {} stopped after {} of {} documents{taken}",
                job.name, job.read, job.total
            )),
            Some(why) => self.error(&format!(
                "Import of {} stopped after {} of {} documents: {why}. What was stored before stays; export the workspace to keep the rest",
                job.name, job.read, job.total
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::retitle;

    #[test]
    fn titles_follow_the_whole_file() {
        let cases = [
            ("wire #1", 0, 25, 50, Some("wire #51")),
            ("wire #3", 2, 25, 52, Some("wire #53")),
            ("wire", 0, 1, 99, Some("wire #100")),
            ("wire", 0, 2, 99, None),
            ("An own title", 0, 25, 7, None),
        ];
        for (title, local, in_piece, global, expected) in cases {
            assert_eq!(
                retitle(title, "wire", local, in_piece, global).as_deref(),
                expected,
                "{title}"
            );
        }
    }
}
