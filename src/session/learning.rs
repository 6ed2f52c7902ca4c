//! Suggestions that learn from the annotator (issue 18): the workspace's tagger, trained in
//! steps on the annotated documents in memory; how sure the suggesters are of each suggestion
//! and who proposed it; the filter and order of the Suggested tab; the model as a file.
//!
//! What trains it: the documents marked done — or, while none is, every document with entity
//! annotations — at most the last [`MAX_DOCUMENTS`] of them, none longer than
//! [`MAX_CHARACTERS`]; those resting in storage (a corpus) are read back first. Training starts when a document
//! is marked done, after every [`TRAIN_EVERY`] new annotations, when documents are imported, on
//! the first visit with annotated documents and no stored model, and on "Train model".

use std::collections::HashMap;
use std::rc::Rc;

use super::{Effect, Intent, Session};
use crate::assist::learn::model_file;
use crate::assist::learn::{
    combine, CombineOptions, Source, Tagger, TrainConfig, TrainProgress, Trainer, RULE_CONFIDENCE,
};
use crate::assist::Suggestion;
use crate::formats::interchange::OutputFile;
use crate::model::document::{Document, DocumentId};

/// The model suggests once it has learnt from this many words (about four news articles):
/// one trained on a sentence or two tags "the" and "to" with confidence.
pub const MIN_WORDS: usize = 2_000;
/// New annotations (in the documents in memory) that start training again.
pub const TRAIN_EVERY: usize = 30;
/// A training step stops once it has worked this long (ms): the page stays responsive.
const STEP_MS: f64 = 20.0;
/// Token visits a step does between looks at the clock.
const STEP_TOKENS: usize = 400;
/// The name of an exported model.
pub const MODEL_FILE: &str = "spanwise-model.json";

/// How sure the suggesters are of a suggestion (0..1), and who proposed it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Score {
    pub confidence: f32,
    pub source: Source,
}

impl Default for Score {
    /// A suggestion the model never judged: the rules' alone.
    fn default() -> Score {
        Score {
            confidence: RULE_CONFIDENCE,
            source: Source::Rules,
        }
    }
}

/// The tagger and its training; see the module documentation.
pub struct Learning {
    tagger: Rc<Tagger>,
    trainer: Option<Trainer>,
    progress: Option<TrainProgress>,
    /// When the training under way started, and its longest step so far (ms).
    started: (f64, f64),
    /// The last training: total and longest step (ms).
    timing: Option<(f64, f64)>,
    /// Annotations in memory when training last started.
    annotations_then: Option<usize>,
    /// The person pressed "Train model": the status line says when it is done.
    asked: bool,
    /// Each computed suggestion's score, by id.
    pub(super) scores: Rc<HashMap<Rc<str>, Score>>,
    /// Suggestions below this confidence (in percent) are not shown, accepted or stepped to.
    min_confidence: u8,
    /// The Suggested tab lists the most confident first (else in text order).
    by_confidence: bool,
}

impl Learning {
    pub(super) fn new() -> Learning {
        Learning {
            tagger: Rc::new(Tagger::untrained()),
            trainer: None,
            progress: None,
            started: (0.0, 0.0),
            timing: None,
            annotations_then: None,
            asked: false,
            scores: Rc::default(),
            min_confidence: 0,
            by_confidence: false,
        }
    }

    pub fn tagger(&self) -> &Tagger {
        &self.tagger
    }

    /// Whether the model has learnt enough to suggest ([`MIN_WORDS`]).
    pub fn suggests(&self) -> bool {
        self.tagger.n_tokens >= MIN_WORDS
    }

    /// The training under way.
    pub fn progress(&self) -> Option<TrainProgress> {
        self.progress.filter(|p| !p.is_finished())
    }

    pub fn timing(&self) -> Option<(f64, f64)> {
        self.timing
    }

    pub fn min_confidence(&self) -> u8 {
        self.min_confidence
    }

    pub fn by_confidence(&self) -> bool {
        self.by_confidence
    }

    pub fn score(&self, id: &str) -> Score {
        self.scores.get(id).copied().unwrap_or_default()
    }

    /// Whether a suggestion passes the confidence filter.
    pub fn shows(&self, suggestion: &Suggestion) -> bool {
        self.min_confidence == 0
            || self.score(suggestion.id.as_str()).confidence * 100.0
                >= f32::from(self.min_confidence) - 1e-3
    }
}

/// Documents training learns from at most (the last of them in workspace order).
pub const MAX_DOCUMENTS: usize = 100;
/// Longer documents are not learnt from: the tagger is for news-sized articles, and the rules'
/// features of a long text, computed at once, would block the page.
pub const MAX_CHARACTERS: usize = super::review::SUGGEST_AT_ONCE;

/// The entries training learns from (see the module documentation), by index.
fn training_entries(session: &Session) -> Vec<usize> {
    let entries = session.workspace.entries();
    let annotated = |i: &usize| {
        entries[*i].characters() <= MAX_CHARACTERS && entries[*i].summary().entity_spans > 0
    };
    let all: Vec<usize> = (0..entries.len()).filter(annotated).collect();
    let done: Vec<usize> = all.iter().copied().filter(|i| entries[*i].done).collect();
    let mut chosen = if done.is_empty() { all } else { done };
    let from = chosen.len().saturating_sub(MAX_DOCUMENTS);
    chosen.drain(..from);
    chosen
}

fn annotations_in_memory(session: &Session) -> usize {
    session
        .workspace
        .entries()
        .iter()
        .filter_map(|e| e.editor())
        .map(|ed| ed.document().annotations().len())
        .sum()
}

impl Session {
    pub fn learning(&self) -> &Learning {
        &self.learning
    }

    /// Starts training afresh on what the workspace holds now; false (and says why, when
    /// `say`) when nothing is annotated. Documents resting in storage are read back first.
    pub(super) fn start_training(&mut self, say: bool) -> bool {
        self.learning.annotations_then = Some(annotations_in_memory(self));
        let chosen = training_entries(self);
        let entries = self.workspace.entries();
        let resting: Vec<DocumentId> = chosen
            .iter()
            .filter(|i| !entries[**i].is_open())
            .map(|i| entries[*i].id())
            .collect();
        // Another step waiting for its documents keeps its turn, and a workspace still being
        // read at start is left to finish: this training learns from what is in memory.
        if !resting.is_empty() && self.waiting.is_none() && self.opening.is_none() {
            return self.read_then(resting, Intent::Train { asked: say });
        }
        let documents: Vec<&Document> = chosen
            .iter()
            .filter_map(|i| entries[*i].editor().map(|e| e.document()))
            .collect();
        let Some(first) = chosen.first() else {
            return say && self.info("Nothing to train on yet: tag some names first");
        };
        let schema = entries[*first]
            .editor()
            .map(|e| e.schema().clone())
            .unwrap_or_default();
        let trainer = Trainer::new(&documents, &schema, TrainConfig::default());
        self.learning.progress = Some(trainer.progress());
        self.learning.trainer = Some(trainer);
        self.learning.started = ((self.clock)(), 0.0);
        self.learning.asked = say;
        self.effects.push(Effect::TrainStep);
        true
    }

    /// After a change: training starts again once [`TRAIN_EVERY`] annotations were added.
    pub(super) fn train_if_grown(&mut self) {
        let now = annotations_in_memory(self);
        let then = *self.learning.annotations_then.get_or_insert(now);
        if now >= then + TRAIN_EVERY {
            self.start_training(false);
        } else if now < then {
            // Removed ones: count the next additions from here.
            self.learning.annotations_then = Some(now);
        }
    }

    /// One step of training, about [`STEP_MS`] long; at the end the model suggests.
    pub(super) fn train_step(&mut self) -> bool {
        let clock = self.clock;
        let Some(trainer) = self.learning.trainer.as_mut() else {
            return false;
        };
        let step_started = clock();
        let mut progress = trainer.step(STEP_TOKENS);
        while !progress.is_finished() && clock() - step_started < STEP_MS {
            progress = trainer.step(STEP_TOKENS);
        }
        let learning = &mut self.learning;
        learning.started.1 = learning.started.1.max(clock() - step_started);
        learning.progress = Some(progress);
        if !progress.is_finished() {
            self.effects.push(Effect::TrainStep);
            return true;
        }
        let tagger = learning
            .trainer
            .take()
            .map(|t| t.model())
            .unwrap_or_else(Tagger::untrained);
        learning.timing = Some((clock() - learning.started.0, learning.started.1));
        let said = format!(
            "The model learnt from {} document(s), {} words",
            tagger.n_documents, tagger.n_tokens
        );
        self.adopt_model(tagger);
        if std::mem::take(&mut self.learning.asked) {
            self.info(&said);
        } else {
            self.announcement = said;
        }
        true
    }

    /// The model suggests from now on; it is stored with the workspace.
    fn adopt_model(&mut self, tagger: Tagger) {
        let stored = tagger.is_trained().then(|| model_file::save(&tagger));
        self.learning.tagger = Rc::new(tagger);
        self.effects.push(Effect::StoreModel(stored));
        self.start_suggestions(false);
    }

    /// The model kept in the browser, read at start (`None`: there is none).
    pub(super) fn model_read(&mut self, json: Option<String>) -> bool {
        match json.map(|j| model_file::load(&j)) {
            Some(Ok(tagger)) => {
                self.learning.tagger = Rc::new(tagger);
                self.start_suggestions(false);
                true
            }
            Some(Err(e)) => self.error(&format!(
                "The stored model could not be read ({e}); suggestions come from the rules alone"
            )),
            None => self.start_training(false),
        }
    }

    /// A model file opened: it replaces the model, or is refused with the reason.
    pub(super) fn import_model(&mut self, name: &str, json: &str) -> bool {
        match model_file::load(json) {
            Ok(tagger) => {
                self.learning.trainer = None;
                self.learning.progress = None;
                let said = format!(
                    "Model imported from {name}: it learnt from {} document(s)",
                    tagger.n_documents
                );
                self.adopt_model(tagger);
                self.info(&said)
            }
            Err(e) => self.error(&format!(
                "Model not imported from {name}: {e}. The model in use is unchanged."
            )),
        }
    }

    pub(super) fn export_model(&mut self) -> bool {
        if !self.learning.tagger.is_trained() {
            return self.info("No model to export yet: it has not learnt from any document");
        }
        self.effects.push(Effect::Download(vec![OutputFile {
            name: MODEL_FILE.to_string(),
            mime: "application/json",
            content: model_file::save(&self.learning.tagger),
        }]));
        true
    }

    pub(super) fn reset_model(&mut self) -> bool {
        self.learning.trainer = None;
        self.learning.progress = None;
        self.learning.annotations_then = Some(annotations_in_memory(self));
        self.adopt_model(Tagger::untrained());
        self.info(
            "The model was reset: suggestions come from the rules alone until it learns again",
        )
    }

    pub(super) fn set_min_confidence(&mut self, percent: u8) -> bool {
        self.learning.min_confidence = percent.min(100);
        self.refresh_overlays();
        true
    }

    pub(super) fn set_by_confidence(&mut self, on: bool) -> bool {
        self.learning.by_confidence = on;
        true
    }

    /// The rules' suggestions for the open document combined with the model's, each scored.
    pub(super) fn scored_suggestions(&mut self, rules: Vec<Suggestion>) -> Vec<Suggestion> {
        let editor = self.workspace.editor();
        // A model that has learnt from too little proposes noise with confidence: until it
        // has, the rules suggest alone.
        let untrained = Tagger::untrained();
        let tagger = if self.learning.tagger.n_tokens >= MIN_WORDS {
            &*self.learning.tagger
        } else {
            &untrained
        };
        let scored = combine(tagger, editor.document(), rules, CombineOptions::default());
        let mut scores = HashMap::with_capacity(scored.len());
        let mut suggestions = Vec::with_capacity(scored.len());
        for s in scored {
            scores.insert(
                Rc::from(s.suggestion.id.as_str()),
                Score {
                    confidence: s.confidence,
                    source: s.source,
                },
            );
            suggestions.push(s.suggestion);
        }
        self.learning.scores = Rc::new(scores);
        suggestions
    }

    /// Rules' suggestions computed in steps (a long text): scored as the rules' alone.
    pub(super) fn unscored(&mut self) {
        self.learning.scores = Rc::default();
    }
}

/// Whether an opened file is a tagger model (by its first characters), not a document.
pub fn is_model_file(text: &str) -> bool {
    let head: String = text.trim_start().chars().take(200).collect();
    head.starts_with('{') && head.contains(&format!("\"{}\"", model_file::FORMAT))
}
