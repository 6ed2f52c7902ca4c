//! The agreement computation as a job of small steps, so the page can run one step per frame
//! and show progress: reading one annotator's version of a document, comparing one pair of
//! annotators on one document, αu of one document, and αu of the workspace.

use std::rc::Rc;

use thiserror::Error;

use crate::agreement::alpha::{alpha_of_spans, Alpha};
use crate::agreement::claims::{compare_claims, ClaimCounts};
use crate::agreement::layer::{LabelTable, Layer, Span};
use crate::agreement::spans::{compare_spans, SpanCounts};
use crate::model::document::{Document, DocumentId};

/// One document as every annotator has it: `versions[i]` is annotator `i`'s, `None` when that
/// annotator has no version of it. All versions share one text.
#[derive(Clone, Debug)]
pub struct DocumentVersions {
    pub id: DocumentId,
    pub title: Rc<str>,
    pub versions: Vec<Option<Document>>,
}

/// Input the job cannot compare.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AgreementError {
    #[error("document {document}: {found} versions for {expected} annotators")]
    VersionCount {
        document: String,
        expected: usize,
        found: usize,
    },
    #[error("document {document}: annotator {annotator}'s version has another text length ({found} code points, not {expected})")]
    TextLength {
        document: String,
        annotator: String,
        expected: usize,
        found: usize,
    },
}

/// Everything one pair of annotators agrees on, over one document or pooled over several.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PairCounts {
    pub spans: SpanCounts,
    pub claims: ClaimCounts,
}

impl PairCounts {
    pub fn add(&mut self, other: &PairCounts) {
        self.spans.add(&other.spans);
        self.claims.add(&other.claims);
    }
}

/// One pair of annotators, by their index (`a < b`; `a` is the reference).
#[derive(Clone, Debug, PartialEq)]
pub struct PairAgreement {
    pub a: usize,
    pub b: usize,
    pub counts: PairCounts,
}

/// The agreement on one document: its pairs (those where both annotators have a version) and
/// αu over every annotator who has one.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentAgreement {
    pub id: DocumentId,
    pub title: Rc<str>,
    pub pairs: Vec<PairAgreement>,
    pub alpha: Alpha,
}

/// The finished computation.
#[derive(Clone, Debug, PartialEq)]
pub struct Agreement {
    pub annotators: Vec<String>,
    pub documents: Vec<DocumentAgreement>,
    /// αu over the documents every annotator has, laid end to end as one continuum (so units
    /// and gaps never cross a document boundary but gaps at the boundaries join). With one
    /// document it is that document's αu.
    pub workspace_alpha: Alpha,
}

impl Agreement {
    /// Every pair of annotators, `a < b` in annotator order, with its counts summed over the
    /// documents both have (micro-pooling).
    pub fn pooled_pairs(&self) -> Vec<PairAgreement> {
        let n = self.annotators.len();
        let mut pooled: Vec<PairAgreement> = Vec::new();
        for a in 0..n {
            for b in a + 1..n {
                let mut counts = PairCounts::default();
                for document in &self.documents {
                    for pair in document.pairs.iter().filter(|p| p.a == a && p.b == b) {
                        counts.add(&pair.counts);
                    }
                }
                pooled.push(PairAgreement { a, b, counts });
            }
        }
        pooled
    }
}

/// How far a job has come: `done` of `total` steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

impl Progress {
    pub fn is_done(&self) -> bool {
        self.done == self.total
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Task {
    Read { document: usize, annotator: usize },
    Pair { document: usize, a: usize, b: usize },
    DocumentAlpha { document: usize },
    WorkspaceAlpha,
}

/// A document while the job runs: the versions not read yet, and the layers read.
struct Pending {
    id: DocumentId,
    title: Rc<str>,
    length: usize,
    versions: Vec<Option<Document>>,
    layers: Vec<Option<Layer>>,
    pairs: Vec<PairAgreement>,
    alpha: Alpha,
}

/// The agreement of several annotators over several documents, computed step by step.
///
/// Each [`AgreementJob::step`] does one task whose cost is bounded by one document: reading one
/// version (a sort of its annotations), comparing one pair on one document (sorts and sweeps),
/// or αu of one document. The last task, αu of the workspace, sweeps all documents once.
pub struct AgreementJob {
    annotators: Vec<String>,
    documents: Vec<Pending>,
    labels: LabelTable,
    tasks: Vec<Task>,
    done: usize,
    workspace_alpha: Alpha,
}

impl AgreementJob {
    pub fn new(
        annotators: Vec<String>,
        documents: Vec<DocumentVersions>,
    ) -> Result<AgreementJob, AgreementError> {
        let n = annotators.len();
        let mut pending = Vec::with_capacity(documents.len());
        let mut tasks = Vec::new();
        for (index, document) in documents.into_iter().enumerate() {
            if document.versions.len() != n {
                return Err(AgreementError::VersionCount {
                    document: document.id.to_string(),
                    expected: n,
                    found: document.versions.len(),
                });
            }
            let lengths = document
                .versions
                .iter()
                .map(|v| v.as_ref().map(|d| d.len().0));
            let mut length = None;
            for (annotator, found) in lengths.enumerate() {
                let Some(found) = found else { continue };
                match length {
                    None => length = Some(found),
                    Some(expected) if expected != found => {
                        return Err(AgreementError::TextLength {
                            document: document.id.to_string(),
                            annotator: annotators[annotator].clone(),
                            expected,
                            found,
                        })
                    }
                    Some(_) => {}
                }
            }
            let has = |i: usize| document.versions[i].is_some();
            tasks.extend((0..n).filter(|&i| has(i)).map(|annotator| Task::Read {
                document: index,
                annotator,
            }));
            for a in 0..n {
                for b in a + 1..n {
                    if has(a) && has(b) {
                        tasks.push(Task::Pair {
                            document: index,
                            a,
                            b,
                        });
                    }
                }
            }
            tasks.push(Task::DocumentAlpha { document: index });
            pending.push(Pending {
                id: document.id,
                title: document.title,
                length: length.unwrap_or(0),
                layers: vec![None; n],
                versions: document.versions,
                pairs: Vec::new(),
                alpha: Alpha::default(),
            });
        }
        if pending.len() > 1 {
            tasks.push(Task::WorkspaceAlpha);
        }
        Ok(AgreementJob {
            annotators,
            documents: pending,
            labels: LabelTable::default(),
            tasks,
            done: 0,
            workspace_alpha: Alpha::default(),
        })
    }

    pub fn progress(&self) -> Progress {
        Progress {
            done: self.done,
            total: self.tasks.len(),
        }
    }

    pub fn is_done(&self) -> bool {
        self.progress().is_done()
    }

    /// Does the next task (nothing once done) and tells how far the job has come.
    pub fn step(&mut self) -> Progress {
        if let Some(&task) = self.tasks.get(self.done) {
            self.run(task);
            self.done += 1;
        }
        self.progress()
    }

    fn run(&mut self, task: Task) {
        match task {
            Task::Read {
                document,
                annotator,
            } => {
                let pending = &mut self.documents[document];
                if let Some(version) = pending.versions[annotator].take() {
                    pending.layers[annotator] = Some(Layer::of(&version, &mut self.labels));
                }
            }
            Task::Pair { document, a, b } => {
                let pending = &mut self.documents[document];
                let (Some(layer_a), Some(layer_b)) = (&pending.layers[a], &pending.layers[b])
                else {
                    return;
                };
                let counts = PairCounts {
                    spans: compare_spans(layer_a, layer_b, &self.labels),
                    claims: compare_claims(&layer_a.claims, &layer_b.claims),
                };
                pending.pairs.push(PairAgreement { a, b, counts });
            }
            Task::DocumentAlpha { document } => {
                let pending = &mut self.documents[document];
                let layers: Vec<&[Span]> = pending
                    .layers
                    .iter()
                    .flatten()
                    .map(|l| l.spans.as_slice())
                    .collect();
                pending.alpha = alpha_of_spans(pending.length, &layers, &self.labels);
            }
            Task::WorkspaceAlpha => self.workspace_alpha = self.concatenated_alpha(),
        }
    }

    /// αu over the documents every annotator has, end to end.
    fn concatenated_alpha(&self) -> Alpha {
        let complete = self
            .documents
            .iter()
            .filter(|d| d.layers.iter().all(Option::is_some));
        let mut spans: Vec<Vec<Span>> = vec![Vec::new(); self.annotators.len()];
        let mut offset = 0;
        for document in complete {
            for (annotator, layer) in document.layers.iter().flatten().enumerate() {
                spans[annotator].extend(layer.spans.iter().map(|s| Span {
                    start: s.start + offset,
                    end: s.end + offset,
                    label: s.label,
                }));
            }
            offset += document.length;
        }
        let slices: Vec<&[Span]> = spans.iter().map(Vec::as_slice).collect();
        alpha_of_spans(offset, &slices, &self.labels)
    }

    /// Runs the steps left and gives the result.
    pub fn finish(mut self) -> Agreement {
        while !self.is_done() {
            self.step();
        }
        let single = self.documents.len() == 1;
        let documents: Vec<DocumentAgreement> = self
            .documents
            .into_iter()
            .map(|d| DocumentAgreement {
                id: d.id,
                title: d.title,
                pairs: d.pairs,
                alpha: d.alpha,
            })
            .collect();
        let workspace_alpha = match (single, documents.first()) {
            (true, Some(only)) => only.alpha.clone(),
            _ => self.workspace_alpha,
        };
        Agreement {
            annotators: self.annotators,
            documents,
            workspace_alpha,
        }
    }
}

/// The whole computation at once, for callers that need not keep a page responsive.
pub fn agreement(
    annotators: Vec<String>,
    documents: Vec<DocumentVersions>,
) -> Result<Agreement, AgreementError> {
    Ok(AgreementJob::new(annotators, documents)?.finish())
}
