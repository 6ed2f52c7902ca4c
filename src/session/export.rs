//! Exporting the whole workspace a part at a time: each step writes a part of the documents
//! (those resting in storage read back first, without waking them) and hands the text to the
//! browser, which keeps the parts outside WebAssembly's memory and downloads them as one file
//! at the end. The person sees the progress and may cancel; the workspace is never held as
//! one string.

use super::{Effect, Session};
use crate::formats::{self, workspace as workspace_file};
use crate::model::document::{Document, DocumentId};
use crate::model::schema::Schema;

/// Documents written per step.
const PER_STEP: usize = 100;

/// An export under way.
#[derive(Debug)]
pub struct ExportJob {
    name: String,
    /// The documents in workspace order when the export began.
    ids: Vec<DocumentId>,
    /// Documents written so far.
    written: usize,
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

    /// "Export workspace": starts writing the workspace file a part at a time.
    pub(super) fn export_workspace(&mut self) -> bool {
        // Not all of it is here yet: an export now would leave documents out.
        if self.refused_while_opening() {
            return true;
        }
        if self.export.is_some() {
            return self.error("Not exported: an export is under way");
        }
        let name = formats::download_name("spanwise-workspace", "json");
        let ids = self.workspace.entries().iter().map(|e| e.id()).collect();
        self.effects.push(Effect::Stream(DownloadPart {
            name: name.clone(),
            mime: "application/json",
            text: workspace_file::workspace_head(self.workspace.current().document_id()),
            last: false,
        }));
        self.export = Some(ExportJob {
            name,
            ids,
            written: 0,
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
            let first = job.written == 0 && text.is_empty();
            let piece = match entry.editor() {
                Some(editor) => workspace_file::workspace_document(
                    &self.workspace_export_document(editor.document()),
                    editor.schema(),
                    entry.done,
                    first,
                ),
                None => match read.iter().find(|(d, _)| d.id == *id) {
                    Some((document, schema)) => workspace_file::workspace_document(
                        &self.workspace_export_document(document),
                        schema,
                        entry.done,
                        first,
                    ),
                    None => continue,
                },
            };
            text.push_str(&piece);
        }
        job.written += part.len();
        let last = job.written >= job.ids.len();
        if last {
            text.push_str(workspace_file::WORKSPACE_TAIL);
        }
        self.effects.push(Effect::Stream(DownloadPart {
            name: job.name.clone(),
            mime: "application/json",
            text,
            last,
        }));
        if last {
            let n = job.ids.len();
            return self.info(&format!("Downloaded {} ({n} documents)", job.name));
        }
        self.export = Some(job);
        self.effects.push(Effect::ExportStep);
        true
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
