//! Exporting the whole workspace a part at a time, in any of the [`WorkspaceFormat`]s: each
//! step writes a part of the documents (those resting in storage read back first, without
//! waking them) and hands the text to the browser, which keeps the parts outside WebAssembly's
//! memory and downloads them as one file at the end. The person sees the progress and may
//! cancel; the workspace is never held as one string.

use std::rc::Rc;

use super::{Effect, Session};
use crate::formats::workspace_export::WorkspaceFormat;
use crate::formats::Diagnostic;
use crate::model::document::{Document, DocumentId};
use crate::model::schema::Schema;

/// Documents written per step.
const PER_STEP: usize = 100;

/// An export under way.
#[derive(Debug)]
pub struct ExportJob {
    format: WorkspaceFormat,
    name: String,
    /// The documents in workspace order when the export began.
    ids: Vec<DocumentId>,
    /// Documents of `ids` done with so far (written, or left out as removed since).
    written: usize,
    /// Documents written into the file so far.
    n_in_file: usize,
    /// What the format could not carry, document by document.
    left_out: Vec<String>,
    /// The resting documents of the part in hand, once read back.
    read: Option<Vec<(Document, Schema)>>,
}

/// A part of a file being downloaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DownloadPart {
    pub name: String,
    pub mime: &'static str,
    pub text: String,
    /// The file is complete: download it.
    pub last: bool,
}

/// How far an export is: documents written, documents in all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExportProgress {
    pub written: usize,
    pub total: usize,
}

impl Session {
    pub fn export_progress(&self) -> Option<ExportProgress> {
        self.export.as_ref().map(|job| ExportProgress {
            written: job.written,
            total: job.ids.len(),
        })
    }

    /// "Export workspace" (as `format`): starts writing the file a part at a time.
    pub(super) fn export_workspace(&mut self, format: WorkspaceFormat) -> bool {
        // Not all of it is here yet: an export now would leave documents out.
        if self.refused_while_opening() {
            return true;
        }
        if self.export.is_some() {
            return self.error("Not exported: an export is under way");
        }
        let name = format.file_name();
        let ids = self.workspace.entries().iter().map(|e| e.id()).collect();
        self.effects.push(Effect::Stream(DownloadPart {
            name: name.clone(),
            mime: format.mime(),
            text: format.head(self.workspace.current().document_id()),
            last: false,
        }));
        self.export = Some(ExportJob {
            format,
            name,
            ids,
            written: 0,
            n_in_file: 0,
            left_out: Vec::new(),
            read: None,
        });
        self.effects.push(Effect::ExportStep);
        true
    }

    /// Writes the next part, or asks for its resting documents to be read first.
    pub(super) fn export_step(&mut self) -> bool {
        let Some(mut job) = self.export.take() else {
            return false;
        };
        let part = &job.ids[job.written..(job.written + PER_STEP).min(job.ids.len())];
        let read = job.read.take().unwrap_or_default();
        let resting = self
            .workspace
            .resting_among(part.iter().map(DocumentId::as_str));
        let missing: Vec<DocumentId> = resting
            .into_iter()
            .filter(|id| !read.iter().any(|(d, _)| d.id == *id))
            .collect();
        if !missing.is_empty() {
            self.effects.push(Effect::ReadForExport(missing));
            self.export = Some(job);
            return false;
        }
        let mut text = String::new();
        for id in part {
            // A document removed since the export began is left out.
            let Some(index) = self.workspace.position(id) else {
                continue;
            };
            let entry = &self.workspace.entries()[index];
            let (document, schema) = match entry.editor() {
                Some(editor) => (editor.document(), editor.schema()),
                None => match read.iter().find(|(d, _)| d.id == *id) {
                    Some((document, schema)) => (document, schema),
                    None => continue,
                },
            };
            // The workspace file names who annotated (the other formats have no place for it).
            let document = self.workspace_export_document(document);
            let written = job
                .format
                .document(&document, schema, entry.done, job.n_in_file);
            job.n_in_file += 1;
            text.push_str(&written.text);
            job.left_out.extend(written.left_out);
        }
        job.written += part.len();
        let last = job.written >= job.ids.len();
        if last {
            text.push_str(job.format.tail());
        }
        self.effects.push(Effect::Stream(DownloadPart {
            name: job.name.clone(),
            mime: job.format.mime(),
            text,
            last,
        }));
        if last {
            return self.export_done(job);
        }
        self.export = Some(job);
        self.effects.push(Effect::ExportStep);
        true
    }

    /// The file is downloaded: say so, and what the format could not carry.
    fn export_done(&mut self, job: ExportJob) -> bool {
        let ExportJob {
            format,
            name,
            n_in_file,
            left_out,
            ..
        } = job;
        self.diagnostics = (!left_out.is_empty()).then(|| {
            let lines = left_out
                .into_iter()
                .map(|message| Diagnostic {
                    line: None,
                    message,
                })
                .collect();
            (
                format!("Not in the {} export", format.name()),
                Rc::new(lines),
            )
        });
        self.info(&format!("Downloaded {name} ({n_in_file} documents)"))
    }

    /// The resting documents of the part in hand are read back (not woken: an export does not
    /// keep them in memory).
    pub(super) fn export_read(
        &mut self,
        documents: Vec<(Document, Schema)>,
        problems: Vec<String>,
    ) -> bool {
        if !problems.is_empty() {
            return self.stop_export(Some(problems.join("; ")));
        }
        match self.export.as_mut() {
            Some(job) => {
                job.read = Some(documents);
                self.export_step()
            }
            None => false,
        }
    }

    /// Cancel pressed (or a document could not be read, `why`): nothing is downloaded.
    pub(super) fn stop_export(&mut self, why: Option<String>) -> bool {
        let Some(job) = self.export.take() else {
            return false;
        };
        self.effects.push(Effect::DropStream(job.name.clone()));
        match why {
            None => self.info(&format!(
                "Export of {} cancelled; nothing was downloaded",
                job.name
            )),
            Some(why) => self.error(&format!("Not exported: {why}. Nothing was downloaded")),
        }
    }
}
