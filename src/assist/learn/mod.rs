//! Suggestions that learn from the annotator: a sequence tagger trained on the workspace's
//! annotated documents, in the page, and its suggestions combined with the rules'.
//!
//! [`Trainer`] turns documents into a [`Tagger`] in steps of a token budget; [`model_suggest`]
//! gives the tagger's own spans; [`combine`] merges them with the rules' suggestions, each with
//! a confidence and its [`Source`]. The model is data: [`model_file`] writes and reads it as
//! versioned JSON. Pure Rust, deterministic given its input, no web crates.

pub mod features;
pub mod model_file;
pub mod perceptron;
pub mod tagger;

#[cfg(test)]
mod tests;

use std::rc::Rc;

use crate::assist::learn::features::{text_features, RuleHit};
use crate::assist::learn::tagger::TagSet;
use crate::assist::{Suggestion, SuggestionKind};
use crate::model::document::{Document, SpanKind};
use crate::model::offsets::CpRange;
use crate::model::order::{descending, range_order, sort_by_order};

pub use crate::assist::learn::perceptron::{TrainConfig, TrainProgress, Trainer};
pub use crate::assist::learn::tagger::{ModelSpan, Tagger};

/// The place and label a suggestion id names: `s-<label>-<start>-<end>`.
pub fn parse_suggestion_id(id: &str) -> Option<(CpRange, &str)> {
    let rest = id.strip_prefix("s-")?;
    let (rest, end) = rest.rsplit_once('-')?;
    let (label, start) = rest.rsplit_once('-')?;
    let (start, end): (usize, usize) = (start.parse().ok()?, end.parse().ok()?);
    (start < end && !label.is_empty()).then(|| (CpRange::new(start, end), label))
}

/// Who proposed a suggestion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    Rules,
    Model,
    Both,
}

impl Source {
    /// How the page names the source (`data-source`).
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Rules => "rules",
            Source::Model => "model",
            Source::Both => "both",
        }
    }
}

/// A suggestion with how sure the suggesters are of it (0..1) and who proposed it.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoredSuggestion {
    pub suggestion: Suggestion,
    pub confidence: f32,
    pub source: Source,
}

/// The confidence given to a rule's suggestion the model cannot judge (claims, fixes, labels
/// it never saw, an untrained model): the rules' precision on news they were not written for
/// is about three in four (issue 18).
pub const RULE_CONFIDENCE: f32 = 0.75;

/// When [`combine`] drops or adds a suggestion.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CombineOptions {
    /// A rule's entity is dropped when the model gives its span and label less than this.
    pub drop_rule_below: f32,
    /// A span only the model proposes is kept from this confidence on.
    pub add_model_from: f32,
}

impl Default for CombineOptions {
    fn default() -> CombineOptions {
        CombineOptions {
            drop_rule_below: 0.2,
            add_model_from: 0.5,
        }
    }
}

/// The rules' entity suggestions, as features for the model.
pub fn rule_hits(rules: &[Suggestion]) -> Vec<RuleHit> {
    rules
        .iter()
        .filter(|s| s.kind == SuggestionKind::Entity)
        .map(|s| RuleHit {
            range: s.range,
            label: Rc::clone(&s.label),
        })
        .collect()
}

/// What the model makes of a document: its own spans, and its confidence in the rules' entity
/// suggestions (by index into `rules`; `None` where it cannot judge one).
struct Judged {
    spans: Vec<ModelSpan>,
    rule_confidence: Vec<Option<f32>>,
}

fn judge(tagger: &Tagger, document: &Document, rules: &[Suggestion]) -> Judged {
    let chars: Vec<char> = document.text().chars().collect();
    let mut judged = Judged {
        spans: Vec::new(),
        rule_confidence: vec![None; rules.len()],
    };
    if !tagger.is_trained() {
        return judged;
    }
    for sentence in text_features(&chars, &rule_hits(rules)) {
        let decoded = tagger.decode(&sentence.features);
        judged
            .spans
            .extend(tagger.spans(&sentence.ranges, &decoded));
        for (i, rule) in rules.iter().enumerate() {
            if rule.kind != SuggestionKind::Entity {
                continue;
            }
            let Some(label) = tagger.tags.labels.iter().position(|l| *l == rule.label) else {
                continue;
            };
            // Only a model that has seen the rules propose this label judges them on it.
            if !tagger
                .weights
                .contains_key(&format!("rule=B-{}", rule.label))
            {
                continue;
            }
            let from = sentence
                .ranges
                .iter()
                .position(|r| r.start == rule.range.start);
            let to = sentence.ranges.iter().position(|r| r.end == rule.range.end);
            if let (Some(from), Some(to)) = (from, to) {
                if from <= to {
                    let mut forced = vec![TagSet::inside(label); to + 1 - from];
                    forced[0] = TagSet::begin(label);
                    judged.rule_confidence[i] = Some(tagger.confidence(&decoded, from, &forced));
                }
            }
        }
    }
    let accepted: Vec<CpRange> = document
        .annotations()
        .iter()
        .filter(|a| a.kind == SpanKind::Entity)
        .map(|a| a.range)
        .collect();
    judged
        .spans
        .retain(|s| accepted.iter().all(|a| !a.overlaps(s.range)));
    judged
}

/// The model's own entity spans for a document, in text order, leaving out any that overlaps
/// an accepted entity. `rules` are the rules' suggestions for it (their entities are features).
pub fn model_suggest(tagger: &Tagger, document: &Document, rules: &[Suggestion]) -> Vec<ModelSpan> {
    judge(tagger, document, rules).spans
}

/// The rules' suggestions and the model's, merged: a span both propose is one suggestion
/// ([`Source::Both`]); the model may drop a rule's entity it finds unlikely and add its own; of
/// overlapping entities the more confident wins. Claims and fixes pass through. In the order
/// of [`crate::assist::suggest`].
pub fn combine(
    tagger: &Tagger,
    document: &Document,
    rules: Vec<Suggestion>,
    options: CombineOptions,
) -> Vec<ScoredSuggestion> {
    let judged = judge(tagger, document, &rules);
    let mut entities: Vec<ScoredSuggestion> = Vec::new();
    let mut out: Vec<ScoredSuggestion> = Vec::new();
    let mut matched = vec![false; judged.spans.len()];
    for (rule, judgement) in rules.into_iter().zip(judged.rule_confidence) {
        if rule.kind != SuggestionKind::Entity {
            out.push(ScoredSuggestion {
                suggestion: rule,
                confidence: RULE_CONFIDENCE,
                source: Source::Rules,
            });
            continue;
        }
        let same = judged
            .spans
            .iter()
            .position(|m| m.range == rule.range && m.label == rule.label);
        let (confidence, source) = match (same, judgement) {
            (Some(i), _) => {
                matched[i] = true;
                let model = judged.spans[i].confidence;
                (1.0 - (1.0 - RULE_CONFIDENCE) * (1.0 - model), Source::Both)
            }
            (None, Some(model)) if model < options.drop_rule_below => continue,
            (None, Some(model)) => ((RULE_CONFIDENCE + model) / 2.0, Source::Rules),
            (None, None) => (RULE_CONFIDENCE, Source::Rules),
        };
        entities.push(ScoredSuggestion {
            suggestion: rule,
            confidence,
            source,
        });
    }
    for (span, matched) in judged.spans.into_iter().zip(matched) {
        if !matched && span.confidence >= options.add_model_from {
            entities.push(ScoredSuggestion {
                suggestion: Suggestion::entity(span.range, span.label),
                confidence: span.confidence,
                source: Source::Model,
            });
        }
    }
    // Of overlapping entities the more confident wins; ties go to the earlier, then longer.
    sort_by_order(&mut entities, |s| {
        (descending(s.confidence), range_order(s.suggestion.range))
    });
    let mut kept: Vec<ScoredSuggestion> = Vec::new();
    for candidate in entities {
        let range = candidate.suggestion.range;
        if kept.iter().all(|k| !k.suggestion.range.overlaps(range)) {
            kept.push(candidate);
        }
    }
    out.extend(kept);
    // By start; at one start the fixes last, then the longer first, then claims before entities.
    sort_by_order(&mut out, |s| {
        let s = &s.suggestion;
        let (start, end) = (s.range.start.0 as u64, s.range.end.0 as u64);
        (
            (start << 1) | u64::from(s.kind == SuggestionKind::Fix),
            ((0xFFFF_FFFF - end) << 1) | u64::from(s.kind == SuggestionKind::Entity),
        )
    });
    out
}
