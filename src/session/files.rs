//! Files and the workspace: opening what was read (documents, a workspace file, a schema),
//! the import choice, export, and the workspace's document list.

use std::rc::Rc;

use super::{Effect, ImportChoice, Modal, PendingImport, Persist, Redraw, Session};
use crate::formats::interchange::{self, ExportFormat, InputFile, Opened, OutputFile};
use crate::formats::{self, workspace as workspace_file, Diagnostic};
use crate::model::document::Document;
use crate::model::layout::Layout;
use crate::model::workspace::{WorkspaceChange, WorkspaceError};

/// Why files cannot be opened at all, before reading them: one is larger than Spanwise opens.
pub fn too_large(files: &[(String, f64)]) -> Option<String> {
    let (name, size) = files
        .iter()
        .find(|(_, size)| *size > formats::MAX_FILE_BYTES as f64)?;
    Some(format!(
        "Not opened: {name} is {:.1} MB; Spanwise opens files up to {} MB. Your work on screen is unchanged.",
        size / 1e6,
        formats::MAX_FILE_BYTES / (1024 * 1024)
    ))
}

/// Of the files in a chosen folder, the ones to open (by index, in the order of their names):
/// texts, brat annotations and the multi-document files a corpus comes in; or why there is
/// nothing to open.
pub fn folder_selection(names: &[String]) -> Result<Vec<usize>, String> {
    const OPENED: [&str; 5] = [".txt", ".ann", ".jsonl", ".conll", ".iob"];
    let mut chosen: Vec<usize> = names
        .iter()
        .enumerate()
        .filter(|(_, name)| {
            let name = name.to_ascii_lowercase();
            !name.starts_with('.') && OPENED.iter().any(|ext| name.ends_with(ext))
        })
        .map(|(i, _)| i)
        .collect();
    // The browser lists a folder in no particular order; a person expects the names' order.
    chosen.sort_by(|&a, &b| names[a].cmp(&names[b]));
    if chosen.is_empty() {
        return Err(format!(
            "Not opened: the folder holds no .txt, .ann, .jsonl or .conll file ({} other file(s)). Your work on screen is unchanged.",
            names.len()
        ));
    }
    Ok(chosen)
}

/// "Opened wire.jsonl as doccano JSONL (2000 documents, 40000 annotations; offsets counted in
/// code points)".
pub(super) fn opened_message(
    names: &str,
    format: &str,
    n_documents: usize,
    n_annotations: usize,
    unit: Option<formats::OffsetUnit>,
    encoding: &str,
) -> String {
    let unit = match unit {
        Some(formats::OffsetUnit::CodePoint) => "; offsets counted in code points",
        Some(formats::OffsetUnit::Utf16) => "; offsets counted in UTF-16 units, converted",
        Some(formats::OffsetUnit::Byte) => "; offsets counted in bytes, converted",
        None => "",
    };
    let documents = if n_documents == 1 {
        String::new()
    } else {
        format!("{n_documents} documents, ")
    };
    format!(
        "Opened {names} as {format} ({documents}{n_annotations} annotation{}{unit}{encoding})",
        if n_annotations == 1 { "" } else { "s" }
    )
}

impl Session {
    pub(super) fn export(&mut self, format: ExportFormat) -> bool {
        let document = self.export_document(self.editor().document());
        let exported = interchange::export(format, &document, self.editor().schema());
        let names: Vec<&str> = exported.files.iter().map(|f| f.name.as_str()).collect();
        let message = format!("Downloaded {}", names.join(" and "));
        self.diagnostics = (!exported.left_out.is_empty()).then(|| {
            let lines = exported
                .left_out
                .iter()
                .map(|m| Diagnostic {
                    line: None,
                    message: m.clone(),
                })
                .collect();
            (
                format!("Not in the {} export", format.name()),
                Rc::new(lines),
            )
        });
        self.effects.push(Effect::Download(exported.files));
        self.info(&message)
    }

    fn download_one(&mut self, name: String, content: String) -> bool {
        let message = format!("Downloaded {name}");
        self.effects.push(Effect::Download(vec![OutputFile {
            name,
            mime: "application/json",
            content,
        }]));
        self.info(&message)
    }

    pub(super) fn export_schema(&mut self) -> bool {
        let json = workspace_file::export_schema(self.editor().schema());
        let name = formats::download_name(&self.editor().document().title, "schema.json");
        self.download_one(name, json)
    }

    /// Opens files that have been read: documents join the workspace, a workspace file waits
    /// for the person's choice, a schema applies to the open document.
    pub(super) fn open_files(&mut self, files: Vec<InputFile>) -> bool {
        if let Some(progress) = self.import_progress() {
            return self.error(&format!(
                "Not opened: {} is still being imported; wait for it or cancel it first",
                progress.name
            ));
        }
        if let [file] = files.as_slice() {
            if let Some(text) = std::str::from_utf8(&file.bytes)
                .ok()
                .filter(|t| super::learning::is_model_file(t))
            {
                return self.import_model(&file.name, text);
            }
        }
        let files = match formats::corpus::split(files) {
            Ok(corpus) => return self.start_import(corpus),
            Err(files) => files,
        };
        let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
        let names = names.join(", ");
        match interchange::open_files(&files, self.editor()) {
            Err(e) => self.error(&format!(
                "Not opened: {e}. Your work on screen is unchanged."
            )),
            Ok(Opened::Workspace { entries, current }) => {
                let ids: Vec<String> = entries
                    .iter()
                    .map(|e| e.document_id().to_string())
                    .collect();
                let plan = self
                    .workspace
                    .plan_import(&ids.iter().map(String::as_str).collect::<Vec<_>>());
                self.modal = Some(Modal::Import(Box::new(PendingImport {
                    name: names,
                    entries,
                    current,
                    plan,
                })));
                true
            }
            Ok(Opened::Schema(schema)) => {
                // Labels in use stay, so no span is left without its label.
                let command = self.editor().adopt_schema(schema);
                self.run_then_say(
                    command,
                    &format!("Applied the label set from {names} to this document"),
                )
            }
            Ok(Opened::Documents {
                format,
                documents,
                unit,
                diagnostics,
                encoding,
            }) => {
                if format == formats::SPANWISE_JSON {
                    if let Some(render) = self.open_as_versions(&documents, &names, &files) {
                        return render;
                    }
                }
                // A document here already is replaced undoably: one resting in storage is
                // read back first.
                let resting = self
                    .workspace
                    .resting_among(documents.iter().map(|(d, _)| d.id.as_str()));
                if !resting.is_empty() {
                    return self.read_then(resting, super::Intent::FilesRead(files));
                }
                let n_documents = documents.len();
                let n_annotations: usize =
                    documents.iter().map(|(d, _)| d.annotations().len()).sum();
                let mut first = None;
                for (document, schema) in documents {
                    let id = document.id.clone();
                    let index = self
                        .workspace
                        .open(document, schema)
                        .expect("checked above: the documents it replaces are in memory");
                    first.get_or_insert(index);
                    self.effects.push(Effect::Persist(Persist::Document(id)));
                }
                if let Some(first) = first {
                    self.workspace.switch_to(first);
                }
                self.effects.push(Effect::Persist(Persist::Index));
                self.reload_view();
                if n_annotations > 0 {
                    self.start_training(false);
                }
                let encoding = match encoding {
                    formats::decode::Encoding::Utf8 => String::new(),
                    other => format!("; decoded as {}", other.name()),
                };
                self.diagnostics = (!diagnostics.is_empty()).then(|| {
                    (
                        format!(
                            "{} problem(s) importing {names} — the rest imported",
                            diagnostics.len()
                        ),
                        Rc::new(diagnostics),
                    )
                });
                let message =
                    opened_message(&names, format, n_documents, n_annotations, unit, &encoding);
                self.info(&message)
            }
        }
    }

    pub(super) fn import_choice(&mut self, choice: ImportChoice) -> bool {
        let Some(Modal::Import(pending)) = self.modal.take() else {
            return false;
        };
        let mut pending = *pending;
        match choice {
            ImportChoice::Cancel => self.info("Import cancelled; nothing changed"),
            ImportChoice::Merge | ImportChoice::Replace => {
                // The documents it replaces must be in memory, for undo to bring them back.
                let resting = self
                    .workspace
                    .resting_among(pending.entries.iter().map(|e| e.document_id().as_str()));
                if !resting.is_empty() {
                    self.modal = Some(Modal::Import(Box::new(pending)));
                    return self.read_then(resting, super::Intent::ImportChoice(choice));
                }
                // Another annotator's work on a document here joins it as their version.
                let mut stacked = 0;
                if choice == ImportChoice::Merge {
                    let (versions, rest) =
                        self.versions_among(std::mem::take(&mut pending.entries));
                    pending.entries = rest;
                    stacked = versions.len();
                    if stacked > 0 {
                        self.open_as_versions(&versions, &pending.name, &[]);
                        if pending.entries.is_empty() {
                            return true;
                        }
                    }
                }
                let n = pending.entries.len();
                let command = if choice == ImportChoice::Merge {
                    self.workspace.merge_command(pending.entries)
                } else {
                    self.workspace
                        .replace_all_command(pending.entries, pending.current.as_deref())
                };
                let change = match command.and_then(|c| self.workspace.apply_workspace(c)) {
                    Ok(change) => change,
                    Err(e) => return self.error(&format!("Not imported: {e}")),
                };
                if let Some(index) = pending.current.and_then(|id| self.workspace.position(&id)) {
                    self.workspace.switch_to(index);
                }
                self.persist_workspace_change(&change);
                self.reload_view();
                self.start_training(false);
                let versions = if stacked > 0 {
                    format!(", and stacked {stacked} as annotators' versions")
                } else {
                    String::new()
                };
                self.info(&format!(
                    "{} {n} document(s) from {}{versions} (Ctrl+Z takes it back)",
                    if choice == ImportChoice::Merge {
                        "Merged"
                    } else {
                        "Replaced the workspace with"
                    },
                    pending.name
                ))
            }
        }
    }

    pub(super) fn switch_document(&mut self, index: usize) -> bool {
        if index == self.workspace.current_index() {
            return false;
        }
        if let Some(entry) = self.workspace.entries().get(index).filter(|e| !e.is_open()) {
            let id = entry.id();
            return self.read_then(vec![id], super::Intent::SwitchDocument(index));
        }
        if !self.workspace.switch_to(index) {
            return false;
        }
        // The order of 10,000 documents is not written again for it.
        self.effects.push(Effect::Persist(Persist::Current));
        self.reload_view();
        true
    }

    pub(super) fn set_done(&mut self, index: usize, done: bool) -> bool {
        let command = self.workspace.set_done_command(index, done);
        match self.workspace.apply_workspace(command) {
            Ok(change) => {
                self.after_workspace_change(&change);
                if done {
                    self.start_training(false);
                }
                true
            }
            // Marked so already: nothing to do.
            Err(WorkspaceError::NothingToChange) => false,
            Err(e) => self.error(&e.to_string()),
        }
    }

    pub(super) fn remove_document(&mut self, index: usize) -> bool {
        let Some(title) = self
            .workspace
            .entries()
            .get(index)
            .map(|e| e.title().to_string())
        else {
            return false;
        };
        let command = self.workspace.remove_command(index);
        match self.workspace.apply_workspace(command) {
            Ok(change) => {
                self.after_workspace_change(&change);
                self.info(&format!(
                    "Removed “{title}” from the workspace (Ctrl+Z brings it back)"
                ))
            }
            Err(WorkspaceError::NotOpen(ids)) => {
                self.read_then(ids, super::Intent::RemoveDocument(index))
            }
            Err(e) => self.error(&e.to_string()),
        }
    }

    /// After a workspace step (or its undo): what changed is stored, what left is deleted from
    /// storage at the next save, and the view reloads when the open document is another.
    pub(super) fn after_workspace_change(&mut self, change: &WorkspaceChange) {
        self.persist_workspace_change(change);
        if change.current_changed {
            self.reload_view();
        }
    }

    fn persist_workspace_change(&mut self, change: &WorkspaceChange) {
        for id in &change.changed {
            self.effects
                .push(Effect::Persist(Persist::Document(id.clone())));
        }
        self.effects.push(Effect::Persist(Persist::Index));
    }

    pub(super) fn create(&mut self, title: String, text: String) -> bool {
        if matches!(self.modal, Some(Modal::NewDocument)) {
            self.modal = None;
        }
        let document = Document::new(&formats::document_id(&text), &title, &text);
        let schema = self.editor().schema().clone();
        if let Err(WorkspaceError::NotOpen(ids)) = self.workspace.open(document, schema) {
            return self.read_then(ids, super::Intent::Create { title, text });
        }
        let id = self.editor().document().id.clone();
        self.effects.push(Effect::Persist(Persist::Document(id)));
        self.reload_view();
        self.info(&format!("New document “{title}”"))
    }

    /// Everything shown follows after the open document changed (switch, open, import).
    pub(super) fn reload_view(&mut self) {
        // The mode is the document's: another one open ends it.
        if self
            .adjudication
            .as_ref()
            .is_some_and(|run| !run.is_of(&self.editor().document().id))
        {
            self.adjudication = None;
        }
        self.overlays = Rc::default();
        self.layout = Rc::new(Layout::new(self.workspace.editor().document()));
        self.effects.push(Effect::Redraw(Redraw::Document));
        self.review.current = None;
        self.review.suggestions = Rc::default();
        self.run_search();
        self.suggest_after_paint();
        self.selected = None;
        self.selection = None;
        self.hovered = None;
        self.picking_speaker = false;
        self.read_ahead();
        // The room's document open again: what colleagues did meanwhile comes in.
        self.pull_room_if_open();
    }
}
