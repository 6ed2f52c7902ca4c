//! Training: a structured averaged perceptron (Collins 2002) over the features of
//! [`crate::assist::learn::features`], in steps of a token budget so that the page can spread
//! it over frames.
//!
//! Each annotated document counts as fully annotated: a token outside every entity annotation
//! is `O`. A rejected suggestion (`s-<label>-<start>-<end>` in [`Document::rejected`]) is
//! negative evidence: where the model still tags the rejected label on a token of that range,
//! its correction counts [`TrainConfig::rejected_weight`] times. Documents are retrained from
//! scratch when the workspace changes: for a few dozen articles that takes well under the
//! time a person needs to open the next one, and keeps the result a function of the documents.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use crate::assist::learn::features::{text_features, RuleHit};
use crate::assist::learn::parse_suggestion_id;
use crate::assist::learn::tagger::{viterbi, TagSet, Tagger};
use crate::assist::tokens::tokenize;
use crate::assist::{blocks, suggest, SuggestionKind};
use crate::model::document::{Document, SpanKind};
use crate::model::offsets::CpRange;
use crate::model::order::{range_order, sort_by_order};
use crate::model::schema::Schema;

#[derive(Clone, Debug, PartialEq)]
pub struct TrainConfig {
    /// Passes over the training sentences.
    pub epochs: usize,
    /// Seeds the order of the sentences in each pass.
    pub seed: u64,
    /// How much more a correction counts on the tokens of a rejected suggestion.
    pub rejected_weight: f32,
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig {
            epochs: 8,
            seed: 18,
            rejected_weight: 2.0,
        }
    }
}

/// How far a [`Trainer`] has come, in token visits: each token is visited once to compute its
/// features and once per epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrainProgress {
    pub done: usize,
    pub total: usize,
}

impl TrainProgress {
    pub fn is_finished(&self) -> bool {
        self.done >= self.total
    }
}

/// A document waiting for its features.
struct Pending {
    text: Rc<str>,
    entities: Vec<(CpRange, Rc<str>)>,
    rejected: Vec<(CpRange, Rc<str>)>,
    n_tokens: usize,
}

/// One training sentence: features as ids, the gold tag of each token, and the label a
/// rejected suggestion forbids on it.
struct Example {
    features: Vec<Vec<u32>>,
    gold: Vec<usize>,
    rejected: Vec<Option<usize>>,
}

/// A weight with what its average needs (the lazy-update trick: the sum of its past values is
/// brought up to date only when it changes).
#[derive(Clone, Copy, Default)]
struct Cell {
    weight: f32,
    total: f64,
    last: u32,
}

impl Cell {
    fn add(&mut self, clock: u32, delta: f32) {
        self.total += f64::from(clock - self.last) * f64::from(self.weight);
        self.last = clock;
        self.weight += delta;
    }

    fn average(&self, clock: u32) -> f32 {
        if clock == 0 {
            return 0.0;
        }
        let total = self.total + f64::from(clock - self.last) * f64::from(self.weight);
        ((total / f64::from(clock)) * 1000.0).round() as f32 / 1000.0
    }
}

/// Trains a [`Tagger`] in steps; see the module documentation.
pub struct Trainer {
    config: TrainConfig,
    schema: Schema,
    labels: Vec<Rc<str>>,
    pending: Vec<Pending>,
    next_pending: usize,
    feature_ids: HashMap<String, u32>,
    feature_names: Vec<String>,
    examples: Vec<Example>,
    cells: Vec<Cell>,
    transitions: Vec<Cell>,
    order: Vec<usize>,
    /// The epoch `order` was drawn for (each epoch draws once, whatever the step budgets).
    shuffled_for: Option<usize>,
    epoch: usize,
    next_example: usize,
    clock: u32,
    rng: u64,
    n_tokens: usize,
    done: usize,
}

impl Trainer {
    /// A trainer for `documents` (their entity annotations and rejected suggestions). The
    /// `schema` says which labels the rules may propose; their proposals become features.
    pub fn new(documents: &[&Document], schema: &Schema, config: TrainConfig) -> Trainer {
        let mut labels = BTreeSet::new();
        let pending: Vec<Pending> = documents
            .iter()
            .map(|d| {
                let entities: Vec<(CpRange, Rc<str>)> = d
                    .annotations()
                    .iter()
                    .filter(|a| a.kind == SpanKind::Entity && !a.range.is_empty())
                    .map(|a| (a.range, Rc::clone(&a.label)))
                    .collect();
                labels.extend(entities.iter().map(|(_, l)| Rc::clone(l)));
                let rejected = d
                    .rejected()
                    .iter()
                    .filter_map(|id| parse_suggestion_id(id))
                    .map(|(r, l)| (r, Rc::from(l)))
                    .collect();
                let text = d.shared_text();
                let chars: Vec<char> = text.chars().collect();
                let n_tokens = blocks(&chars)
                    .into_iter()
                    .map(|b| tokenize(&chars[b]).len())
                    .sum();
                Pending {
                    text,
                    entities,
                    rejected,
                    n_tokens,
                }
            })
            .collect();
        let labels: Vec<Rc<str>> = labels.into_iter().collect();
        let n_tags = TagSet {
            labels: labels.clone(),
        }
        .len();
        let n_tokens = pending.iter().map(|p| p.n_tokens).sum();
        Trainer {
            rng: config.seed.max(1),
            config,
            schema: schema.clone(),
            labels,
            pending,
            next_pending: 0,
            feature_ids: HashMap::new(),
            feature_names: Vec::new(),
            examples: Vec::new(),
            cells: Vec::new(),
            transitions: vec![Cell::default(); (n_tags + 1) * n_tags],
            order: Vec::new(),
            shuffled_for: None,
            epoch: 0,
            next_example: 0,
            clock: 0,
            n_tokens,
            done: 0,
        }
    }

    pub fn progress(&self) -> TrainProgress {
        TrainProgress {
            done: self.done,
            total: self.n_tokens * (1 + self.config.epochs),
        }
    }

    /// Works until about `budget_tokens` token visits are spent: whole documents while their
    /// features are computed, then whole sentences (at least one unit of work, unless finished).
    pub fn step(&mut self, budget_tokens: usize) -> TrainProgress {
        let mut spent = 0;
        while let Some(document) = self.pending.get(self.next_pending) {
            if spent > 0 && spent + document.n_tokens > budget_tokens {
                return self.progress();
            }
            spent += document.n_tokens;
            self.done += document.n_tokens;
            self.prepare(self.next_pending);
            self.next_pending += 1;
        }
        while self.epoch < self.config.epochs {
            if self.shuffled_for != Some(self.epoch) {
                self.shuffle();
                self.shuffled_for = Some(self.epoch);
            }
            let Some(&index) = self.order.get(self.next_example) else {
                self.epoch += 1;
                self.next_example = 0;
                continue;
            };
            let cost = self.examples[index].gold.len();
            if spent > 0 && spent + cost > budget_tokens {
                break;
            }
            spent += cost;
            self.done += cost;
            self.learn(index);
            self.next_example += 1;
        }
        self.progress()
    }

    /// Runs every remaining step at once.
    pub fn finish(&mut self) -> Tagger {
        while !self.step(usize::MAX).is_finished() {}
        self.model()
    }

    /// The averaged model as trained so far.
    pub fn model(&self) -> Tagger {
        let mut tagger = Tagger::zeroed(self.labels.clone());
        let n_tags = tagger.tags.len();
        for (id, name) in self.feature_names.iter().enumerate() {
            let weights: Vec<(u16, f32)> = (0..n_tags)
                .filter_map(|t| {
                    let w = self.cells[id * n_tags + t].average(self.clock);
                    (w != 0.0).then_some((t as u16, w))
                })
                .collect();
            if !weights.is_empty() {
                tagger.weights.insert(name.clone(), weights);
            }
        }
        for (p, row) in tagger.transitions.iter_mut().enumerate() {
            for (t, cell) in row.iter_mut().enumerate() {
                *cell = self.transitions[p * n_tags + t].average(self.clock);
            }
        }
        tagger.n_documents = self.next_pending;
        tagger.n_tokens = self.pending[..self.next_pending]
            .iter()
            .map(|p| p.n_tokens)
            .sum();
        tagger
    }

    fn label_index(&self, label: &str) -> Option<usize> {
        self.labels.iter().position(|l| &**l == label)
    }

    fn prepare(&mut self, index: usize) {
        let document = &self.pending[index];
        let chars: Vec<char> = document.text.chars().collect();
        // The rules run on the bare text: on the annotated document they would only propose
        // what the person has not annotated, and never agree with the gold.
        let bare = Document::new("training", "training", &document.text);
        let hits: Vec<RuleHit> = suggest(&bare, &self.schema)
            .into_iter()
            .filter(|s| s.kind == SuggestionKind::Entity)
            .map(|s| RuleHit {
                range: s.range,
                label: s.label,
            })
            .collect();
        let mut entities = document.entities.clone();
        sort_by_order(&mut entities, |(r, _)| (range_order(*r), 0));
        let rejected = document.rejected.clone();
        for sentence in text_features(&chars, &hits) {
            let mut gold = Vec::with_capacity(sentence.ranges.len());
            let mut previous_span = None;
            let mut rejected_labels = Vec::with_capacity(sentence.ranges.len());
            for range in &sentence.ranges {
                let covering = entities
                    .iter()
                    .position(|(r, _)| r.start <= range.start && range.end <= r.end);
                let tag = match covering.and_then(|i| {
                    self.label_index(&entities[i].1)
                        .map(|label| (label, previous_span == Some(i)))
                }) {
                    None => 0,
                    Some((label, true)) => TagSet::inside(label),
                    Some((label, false)) => TagSet::begin(label),
                };
                previous_span = covering;
                gold.push(tag);
                rejected_labels.push(
                    rejected
                        .iter()
                        .find(|(r, _)| r.start <= range.start && range.end <= r.end)
                        .and_then(|(_, l)| self.label_index(l)),
                );
            }
            let features = sentence
                .features
                .into_iter()
                .map(|names| names.into_iter().map(|n| self.feature_id(n)).collect())
                .collect();
            self.examples.push(Example {
                features,
                gold,
                rejected: rejected_labels,
            });
        }
    }

    fn feature_id(&mut self, name: String) -> u32 {
        if let Some(&id) = self.feature_ids.get(&name) {
            return id;
        }
        let id = self.feature_names.len() as u32;
        self.feature_names.push(name.clone());
        self.feature_ids.insert(name, id);
        let n_tags = 1 + 2 * self.labels.len();
        self.cells
            .resize(self.cells.len() + n_tags, Cell::default());
        id
    }

    /// A fresh order of the examples for the next pass (Fisher–Yates with xorshift64).
    fn shuffle(&mut self) {
        self.order = (0..self.examples.len()).collect();
        for i in (1..self.order.len()).rev() {
            self.rng ^= self.rng << 13;
            self.rng ^= self.rng >> 7;
            self.rng ^= self.rng << 17;
            let j = (self.rng % (i as u64 + 1)) as usize;
            self.order.swap(i, j);
        }
    }

    fn learn(&mut self, index: usize) {
        let n_tags = 1 + 2 * self.labels.len();
        self.clock += 1;
        let clock = self.clock;
        let example = &self.examples[index];
        let emissions: Vec<Vec<f32>> = example
            .features
            .iter()
            .map(|features| {
                let mut row = vec![0.0; n_tags];
                for &f in features {
                    let cells = &self.cells[f as usize * n_tags..(f as usize + 1) * n_tags];
                    for (cell, out) in cells.iter().zip(row.iter_mut()) {
                        *out += cell.weight;
                    }
                }
                row
            })
            .collect();
        let transitions: Vec<Vec<f32>> = (0..=n_tags)
            .map(|p| {
                (0..n_tags)
                    .map(|t| self.transitions[p * n_tags + t].weight)
                    .collect()
            })
            .collect();
        let predicted = viterbi(&emissions, &transitions);
        if predicted == example.gold {
            return;
        }
        for k in 0..predicted.len() {
            let (gold, guess) = (example.gold[k], predicted[k]);
            if gold != guess {
                let forbidden = TagSet::label_of(guess).map(|(l, _)| l);
                let weight = if forbidden.is_some() && forbidden == example.rejected[k] {
                    self.config.rejected_weight
                } else {
                    1.0
                };
                for &f in &example.features[k] {
                    let base = f as usize * n_tags;
                    self.cells[base + gold].add(clock, weight);
                    self.cells[base + guess].add(clock, -weight);
                }
            }
            let before_gold = if k == 0 { 0 } else { example.gold[k - 1] + 1 };
            let before_guess = if k == 0 { 0 } else { predicted[k - 1] + 1 };
            if (before_gold, gold) != (before_guess, guess) {
                self.transitions[before_gold * n_tags + gold].add(clock, 1.0);
                self.transitions[before_guess * n_tags + guess].add(clock, -1.0);
            }
        }
    }
}
