//! The agreement panel: how far the annotators' versions agree, for the open document or over
//! the workspace. Opening it (or choosing the other scope) reads any resting documents back,
//! gathers the versions ([`crate::agreement::versions_of`]) and starts an
//! [`AgreementJob`]; each [`Intent::AgreementStep`] runs the job for a few milliseconds, so
//! the page stays responsive and shows the progress. The finished report is kept with the
//! panel, drawn as tables and a chart, and downloaded as JSON or CSV.

use std::rc::Rc;

use super::{Effect, FocusTarget, Intent, Modal, Session};
use crate::agreement::{versions_of, AgreementJob, AgreementReport, Progress};
use crate::formats::download_name;
use crate::formats::interchange::OutputFile;
use crate::model::document::{Document, DocumentId};

/// The time one step may take before it lets the page paint (milliseconds): about a frame.
const STEP_BUDGET_MS: f64 = 12.0;

/// The download name of the workspace's report (before `.agreement.json`).
const WORKSPACE_NAME: &str = "spanwise-workspace";

/// What the agreement is computed over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgreementScope {
    /// The open document's versions.
    Document,
    /// Every document with versions.
    Workspace,
}

/// The report files the panel downloads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgreementFile {
    Json,
    Csv,
}

/// What the panel shows.
#[derive(Clone, Debug, PartialEq)]
pub enum AgreementState {
    /// Resting documents are being read back before the job starts.
    Reading,
    Running(Progress),
    /// Fewer than two annotators have a version of any document in scope.
    TooFew,
    /// The versions could not be compared (why).
    Failed(String),
    Done {
        report: Rc<AgreementReport>,
        /// The per-label F1 chart, as SVG.
        chart: Rc<str>,
    },
}

/// The agreement panel's state: the scope chosen, and the computation or its result.
#[derive(Clone, Debug, PartialEq)]
pub struct AgreementView {
    pub scope: AgreementScope,
    pub state: AgreementState,
    /// What the downloaded files are named after: the document's title, or the workspace.
    pub name: Rc<str>,
}

impl AgreementView {
    /// The download name of a file of this panel (`suffix` such as `agreement.json`).
    pub fn file_name(&self, suffix: &str) -> String {
        download_name(&self.name, suffix)
    }
}

/// A job under way and the scope it was started for.
pub(super) struct AgreementRun {
    job: AgreementJob,
    scope: AgreementScope,
}

pub const TOO_FEW: &str = "Agreement needs two or more annotators' versions of a document \
                                  — open their Spanwise files together";

impl Session {
    /// "Agreement" pressed: the panel opens on the open document.
    pub(super) fn open_agreement(&mut self) -> Modal {
        self.effects.push(Effect::Focus(FocusTarget::Agreement));
        self.agreement_modal(AgreementScope::Document)
    }

    /// The other scope chosen in the panel: its computation starts over.
    pub(super) fn agreement_scope(&mut self, scope: AgreementScope) -> bool {
        if !matches!(self.modal, Some(Modal::Agreement(_))) {
            return false;
        }
        self.modal = Some(self.agreement_modal(scope));
        true
    }

    /// The panel for `scope`, with its job started (or the documents it needs asked for).
    fn agreement_modal(&mut self, scope: AgreementScope) -> Modal {
        self.agreement = None;
        let name: Rc<str> = match scope {
            AgreementScope::Document => Rc::clone(&self.editor().document().title),
            AgreementScope::Workspace => Rc::from(WORKSPACE_NAME),
        };
        let view = |state| {
            Modal::Agreement(AgreementView {
                scope,
                state,
                name: Rc::clone(&name),
            })
        };
        let documents: Vec<&Document> = match scope {
            AgreementScope::Document => vec![self.editor().document()],
            AgreementScope::Workspace => {
                let ids: Vec<DocumentId> =
                    self.workspace.entries().iter().map(|e| e.id()).collect();
                let resting = self
                    .workspace
                    .resting_among(ids.iter().map(DocumentId::as_str));
                if !resting.is_empty() {
                    let retry = Intent::AgreementScope(AgreementScope::Workspace);
                    if self.read_then(resting, retry) {
                        // Read once already and still resting: refused, the status says why.
                        let why = "a document it needs could not be read back from storage";
                        return view(AgreementState::Failed(why.to_string()));
                    }
                    return view(AgreementState::Reading);
                }
                self.workspace
                    .entries()
                    .iter()
                    .filter_map(|e| e.editor().map(|editor| editor.document()))
                    .collect()
            }
        };
        let (annotators, documents) = versions_of(documents);
        if annotators.len() < 2 {
            return view(AgreementState::TooFew);
        }
        match AgreementJob::new(annotators, documents) {
            Ok(job) => {
                let progress = job.progress();
                self.agreement = Some(AgreementRun { job, scope });
                self.effects.push(Effect::AgreementStep);
                view(AgreementState::Running(progress))
            }
            Err(e) => view(AgreementState::Failed(e.to_string())),
        }
    }

    /// Runs the job for about a frame; at its end the report and chart are made.
    pub(super) fn agreement_step(&mut self) -> bool {
        let Some(Modal::Agreement(view)) = &mut self.modal else {
            // The panel was closed: its job goes with it.
            self.agreement = None;
            return false;
        };
        let Some(run) = self.agreement.as_mut() else {
            return false;
        };
        if run.scope != view.scope {
            return false;
        }
        let started = (self.clock)();
        let mut progress = run.job.step();
        while !progress.is_done() && (self.clock)() - started < STEP_BUDGET_MS {
            progress = run.job.step();
        }
        if !progress.is_done() {
            view.state = AgreementState::Running(progress);
            self.effects.push(Effect::AgreementStep);
            return true;
        }
        let run = self.agreement.take().expect("the run stepped above");
        let agreement = run.job.finish();
        let report = match run.scope {
            AgreementScope::Document => AgreementReport::document(&agreement, 0),
            AgreementScope::Workspace => Some(AgreementReport::workspace(&agreement)),
        };
        view.state = match report {
            Some(report) => AgreementState::Done {
                chart: Rc::from(crate::charts::agreement_chart(&report)),
                report: Rc::new(report),
            },
            None => AgreementState::TooFew,
        };
        true
    }

    /// "Download report (JSON)" or "(CSV)": the finished report as a file.
    pub(super) fn download_agreement(&mut self, file: AgreementFile) -> bool {
        let Some(Modal::Agreement(view)) = &self.modal else {
            return false;
        };
        let AgreementState::Done { report, .. } = &view.state else {
            return false;
        };
        let output = match file {
            AgreementFile::Json => OutputFile {
                name: view.file_name("agreement.json"),
                mime: "application/json",
                content: report.to_json(),
            },
            AgreementFile::Csv => OutputFile {
                name: view.file_name("agreement.csv"),
                mime: "text/csv",
                content: report.to_csv(),
            },
        };
        self.effects.push(Effect::Download(vec![output]));
        false
    }
}
