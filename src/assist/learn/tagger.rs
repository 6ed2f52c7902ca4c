//! A trained tagger: BIO tags over tokens, a weight per (feature, tag) and per tag transition,
//! decoded by Viterbi so that every span it proposes is well formed (`I-X` only after `B-X` or
//! `I-X`).
//!
//! Weights sit in a `BTreeMap` by feature name: lookups do not depend on a hash seed, and the
//! model writes itself out in one order (see [`crate::assist::learn::model_file`]).

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::model::offsets::CpRange;

/// The tags of a model: `O`, then `B-<label>` and `I-<label>` for each label in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagSet {
    pub labels: Vec<Rc<str>>,
}

impl TagSet {
    pub fn len(&self) -> usize {
        1 + 2 * self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    pub fn begin(label: usize) -> usize {
        1 + 2 * label
    }

    pub fn inside(label: usize) -> usize {
        2 + 2 * label
    }

    /// The label of a tag (`None` for `O`), and whether it begins a span.
    pub fn label_of(tag: usize) -> Option<(usize, bool)> {
        (tag > 0).then(|| ((tag - 1) / 2, tag % 2 == 1))
    }

    pub fn name(&self, tag: usize) -> String {
        match TagSet::label_of(tag) {
            None => "O".to_string(),
            Some((label, true)) => format!("B-{}", self.labels[label]),
            Some((label, false)) => format!("I-{}", self.labels[label]),
        }
    }

    /// Whether `tag` may follow `previous` (`None`: the sentence's start).
    pub fn allowed(previous: Option<usize>, tag: usize) -> bool {
        match TagSet::label_of(tag) {
            Some((label, false)) => {
                previous.is_some_and(|p| p == TagSet::begin(label) || p == TagSet::inside(label))
            }
            _ => true,
        }
    }
}

/// A span the model proposes: code points, label, and a confidence in 0..1.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelSpan {
    pub range: CpRange,
    pub label: Rc<str>,
    pub confidence: f32,
}

/// A trained model; see the module documentation.
#[derive(Clone, Debug, PartialEq)]
pub struct Tagger {
    pub tags: TagSet,
    /// For each feature, its non-zero weights as (tag, weight).
    pub weights: BTreeMap<String, Vec<(u16, f32)>>,
    /// `transitions[p][t]`: the weight of tag `t` after `p`, where `p = 0` is the sentence's
    /// start and `p = previous tag + 1` otherwise.
    pub transitions: Vec<Vec<f32>>,
    /// How many documents and tokens it was trained on (0 for an untrained model).
    pub n_documents: usize,
    pub n_tokens: usize,
}

/// The scores of one sentence: per token and tag, the emission; the best path; the local
/// probability of each step of it.
pub(crate) struct Decoded {
    pub emissions: Vec<Vec<f32>>,
    pub path: Vec<usize>,
}

impl Tagger {
    /// A model that knows no label and proposes nothing.
    pub fn untrained() -> Tagger {
        Tagger::zeroed(Vec::new())
    }

    pub(crate) fn zeroed(labels: Vec<Rc<str>>) -> Tagger {
        let tags = TagSet { labels };
        let n = tags.len();
        Tagger {
            tags,
            weights: BTreeMap::new(),
            transitions: vec![vec![0.0; n]; n + 1],
            n_documents: 0,
            n_tokens: 0,
        }
    }

    pub fn is_trained(&self) -> bool {
        self.n_documents > 0 && !self.tags.labels.is_empty()
    }

    fn emission(&self, features: &[String]) -> Vec<f32> {
        let mut row = vec![0.0; self.tags.len()];
        for feature in features {
            if let Some(weights) = self.weights.get(feature) {
                for &(tag, weight) in weights {
                    if let Some(cell) = row.get_mut(tag as usize) {
                        *cell += weight;
                    }
                }
            }
        }
        row
    }

    pub(crate) fn decode(&self, features: &[Vec<String>]) -> Decoded {
        let emissions: Vec<Vec<f32>> = features.iter().map(|f| self.emission(f)).collect();
        let path = viterbi(&emissions, &self.transitions);
        Decoded { emissions, path }
    }

    /// How sure the model is of tags `forced` on tokens `from..` given the tag before them on
    /// the best path: the least of the local probabilities (a softmax over the tags allowed at
    /// each step). A ranking score in 0..1, not a calibrated probability.
    pub(crate) fn confidence(&self, decoded: &Decoded, from: usize, forced: &[usize]) -> f32 {
        let mut previous = from.checked_sub(1).map(|p| decoded.path[p]);
        let mut least = 1.0f32;
        for (i, &tag) in forced.iter().enumerate() {
            let k = from + i;
            let row = &self.transitions[previous.map_or(0, |p| p + 1)];
            let score = |t: usize| decoded.emissions[k][t] + row[t];
            let allowed: Vec<usize> = (0..self.tags.len())
                .filter(|&t| TagSet::allowed(previous, t))
                .collect();
            let best = allowed
                .iter()
                .map(|&t| score(t))
                .fold(f32::NEG_INFINITY, f32::max);
            let total: f32 = allowed.iter().map(|&t| (score(t) - best).exp()).sum();
            let p = if TagSet::allowed(previous, tag) {
                (score(tag) - best).exp() / total
            } else {
                0.0
            };
            least = least.min(p);
            previous = Some(tag);
        }
        least
    }

    /// The spans on the best path of one sentence, with their confidences.
    pub(crate) fn spans(&self, ranges: &[CpRange], decoded: &Decoded) -> Vec<ModelSpan> {
        let mut out = Vec::new();
        let mut k = 0;
        while k < decoded.path.len() {
            let Some((label, true)) = TagSet::label_of(decoded.path[k]) else {
                k += 1;
                continue;
            };
            let mut end = k + 1;
            while decoded.path.get(end) == Some(&TagSet::inside(label)) {
                end += 1;
            }
            let forced: Vec<usize> = decoded.path[k..end].to_vec();
            out.push(ModelSpan {
                range: CpRange::new(ranges[k].start.0, ranges[end - 1].end.0),
                label: Rc::clone(&self.tags.labels[label]),
                confidence: self.confidence(decoded, k, &forced),
            });
            k = end;
        }
        out
    }
}

/// The best tag sequence under emissions and transitions, keeping to well-formed BIO. Ties go
/// to the lower tag index, so the result does not depend on anything but the scores.
pub(crate) fn viterbi(emissions: &[Vec<f32>], transitions: &[Vec<f32>]) -> Vec<usize> {
    let Some(first) = emissions.first() else {
        return Vec::new();
    };
    let n_tags = first.len();
    let mut score: Vec<f32> = (0..n_tags)
        .map(|t| {
            if TagSet::allowed(None, t) {
                first[t] + transitions[0][t]
            } else {
                f32::NEG_INFINITY
            }
        })
        .collect();
    let mut back: Vec<Vec<usize>> = Vec::with_capacity(emissions.len());
    for row in &emissions[1..] {
        let mut next = vec![f32::NEG_INFINITY; n_tags];
        let mut from = vec![0; n_tags];
        for t in 0..n_tags {
            for p in 0..n_tags {
                if !TagSet::allowed(Some(p), t) || score[p] == f32::NEG_INFINITY {
                    continue;
                }
                let s = score[p] + transitions[p + 1][t];
                if s > next[t] {
                    next[t] = s;
                    from[t] = p;
                }
            }
            next[t] += row[t];
        }
        back.push(from);
        score = next;
    }
    let mut best = 0;
    for t in 1..n_tags {
        if score[t] > score[best] {
            best = t;
        }
    }
    let mut path = vec![best];
    for from in back.iter().rev() {
        best = from[best];
        path.push(best);
    }
    path.reverse();
    path
}
