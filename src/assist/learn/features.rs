//! The hand-made features of a token, as strings ("lw=cairo", "sh=Xxx", "rule=B-GPE"), and
//! the cutting of a text into sentences of tokens with the rules' own tokeniser, so that every
//! offset is a code point like everywhere else in the app.
//!
//! The feature strings are part of the model file: a weight is stored under its feature's
//! name, so changing what a feature is called or computes changes the file format's version.

use std::rc::Rc;

use crate::assist::blocks;
use crate::assist::data::tables;
use crate::assist::tokens::{text_of, Analysis, TokenKind};
use crate::model::offsets::CpRange;
use crate::model::order::{range_order, sort_by_order};

/// One sentence of a text: its tokens' ranges and, for each token, its features.
#[derive(Clone, Debug, PartialEq)]
pub struct SentenceFeatures {
    pub ranges: Vec<CpRange>,
    pub features: Vec<Vec<String>>,
}

/// A span the rules proposed, given to the model as a feature of its tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleHit {
    pub range: CpRange,
    pub label: Rc<str>,
}

/// The shape of a word: capitals `X`, lower case `x`, digits `d`, anything else as itself, runs
/// of one class cut to two ("Blinken" `Xxx`, "NATO" `XX`, "2024" `dd`, "U.S." `X.X.`).
pub fn shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = None;
    let mut run = 0;
    for c in word.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if Some(class) == last {
            run += 1;
        } else {
            run = 1;
            last = Some(class);
        }
        if run <= 2 {
            out.push(class);
        }
    }
    out
}

/// Where a token is in the text, as the features need it.
struct Context<'a> {
    chars: &'a [char],
    analysis: &'a Analysis,
    words: Vec<String>,
    shapes: Vec<String>,
    /// "B-GPE" / "I-GPE" where a gazetteer entry covers the token.
    gazetteer: Vec<Option<String>>,
    /// "B-GPE" / "I-GPE" where a rule's suggestion covers the token.
    rules: Vec<Option<String>>,
}

/// The features of every token of `chars`, sentence by sentence. `rule_hits` are the rules'
/// suggestions for the same text (in any order); they become features of the tokens they cover.
pub fn text_features(chars: &[char], rule_hits: &[RuleHit]) -> Vec<SentenceFeatures> {
    let mut hits: Vec<&RuleHit> = rule_hits.iter().collect();
    sort_by_order(&mut hits, |h| (range_order(h.range), 0));
    let mut out = Vec::new();
    for block in blocks(chars) {
        let analysis = Analysis::new(chars, block);
        let context = Context::new(chars, &analysis, &hits);
        for sentence in &analysis.sentences {
            out.push(SentenceFeatures {
                ranges: sentence
                    .clone()
                    .map(|k| CpRange::new(analysis.tokens[k].start, analysis.tokens[k].end))
                    .collect(),
                features: sentence
                    .clone()
                    .map(|k| context.features(k, sentence.clone()))
                    .collect(),
            });
        }
    }
    out
}

/// "B-<label>" for the first token a span covers, "I-<label>" for the others.
fn span_tags(analysis: &Analysis, spans: &[(CpRange, &str)]) -> Vec<Option<String>> {
    let mut tags = vec![None; analysis.tokens.len()];
    for (k, token) in analysis.tokens.iter().enumerate() {
        let covering = spans
            .iter()
            .find(|(r, _)| r.start.0 <= token.start && token.end <= r.end.0);
        if let Some((range, label)) = covering {
            let prefix = if range.start.0 == token.start {
                'B'
            } else {
                'I'
            };
            tags[k] = Some(format!("{prefix}-{label}"));
        }
    }
    tags
}

impl<'a> Context<'a> {
    fn new(chars: &'a [char], analysis: &'a Analysis, hits: &[&RuleHit]) -> Context<'a> {
        let words: Vec<String> = analysis.tokens.iter().map(|t| text_of(chars, t)).collect();
        let shapes = words.iter().map(|w| shape(w)).collect();
        let (first, last) = match (analysis.tokens.first(), analysis.tokens.last()) {
            (Some(first), Some(last)) => (first.start, last.end),
            _ => (0, 0),
        };
        let in_block: Vec<(CpRange, &str)> = hits
            .iter()
            .filter(|h| h.range.start.0 < last && h.range.end.0 > first)
            .map(|h| (h.range, &*h.label))
            .collect();
        let rules = span_tags(analysis, &in_block);
        let gazetteer_spans = gazetteer_spans(analysis);
        let gazetteer_spans: Vec<(CpRange, &str)> =
            gazetteer_spans.iter().map(|(r, l)| (*r, *l)).collect();
        let gazetteer = span_tags(analysis, &gazetteer_spans);
        Context {
            chars,
            analysis,
            words,
            shapes,
            gazetteer,
            rules,
        }
    }

    fn lower(&self, k: usize) -> &str {
        &self.analysis.lower[k]
    }

    /// The features of token `k` of `sentence`, in a fixed order.
    fn features(&self, k: usize, sentence: std::ops::Range<usize>) -> Vec<String> {
        let t = tables();
        let lower = self.lower(k);
        let mut out = vec![
            "bias".to_string(),
            format!("w={}", self.words[k]),
            format!("lw={lower}"),
            format!("sh={}", self.shapes[k]),
        ];
        let letters: Vec<char> = lower.chars().collect();
        for n in 1..=3.min(letters.len()) {
            let prefix: String = letters[..n].iter().collect();
            out.push(format!("p{n}={prefix}"));
        }
        for n in 1..=3.min(letters.len()) {
            let suffix: String = letters[letters.len() - n..].iter().collect();
            out.push(format!("s{n}={suffix}"));
        }
        let first = k == sentence.start;
        let position = if first {
            "first"
        } else if k + 1 == sentence.end {
            "last"
        } else {
            "inside"
        };
        out.push(format!("pos={position}"));
        if first {
            out.push(format!("first&sh={}", self.shapes[k]));
        }
        for offset in [-2isize, -1, 1, 2] {
            let j = k as isize + offset;
            let word = if j < sentence.start as isize {
                "<s>"
            } else if j >= sentence.end as isize {
                "</s>"
            } else {
                self.lower(j as usize)
            };
            out.push(format!("lw{offset:+}={word}"));
            if offset.abs() == 1 && word != "<s>" && word != "</s>" {
                out.push(format!("sh{offset:+}={}", self.shapes[j as usize]));
            }
        }
        if let Some(tag) = &self.gazetteer[k] {
            out.push(format!("gz={tag}"));
        }
        if let Some(tag) = &self.rules[k] {
            out.push(format!("rule={tag}"));
        }
        let capitalized = self.analysis.tokens[k].kind == TokenKind::Word
            && self.chars[self.analysis.tokens[k].start].is_uppercase();
        if capitalized && t.given_names.contains(lower) {
            out.push("given".to_string());
        }
        if t.stopwords.contains(lower) {
            out.push("stop".to_string());
        }
        if k > sentence.start && t.titles.contains(self.lower(k - 1)) {
            out.push("title-1".to_string());
        }
        for (j, name) in [(k, "head"), (k + 1, "head+1")] {
            if j >= sentence.end {
                continue;
            }
            let word = self.lower(j);
            for (set, kind) in [
                (&t.org_heads, "org"),
                (&t.loc_heads, "loc"),
                (&t.event_heads, "event"),
            ] {
                if set.contains(word) {
                    out.push(format!("{name}={kind}"));
                }
            }
        }
        if t.months.contains(lower) || t.weekdays.contains(lower) {
            out.push("time".to_string());
        }
        out
    }
}

/// The longest gazetteer entry starting at each token, whatever its case (the case is the
/// shape feature's business), as code-point ranges with their labels.
fn gazetteer_spans(analysis: &Analysis) -> Vec<(CpRange, &'static str)> {
    let t = tables();
    let n_tokens = analysis.tokens.len();
    let mut out = Vec::new();
    let mut k = 0;
    while k < n_tokens {
        let mut matched = None;
        if t.gazetteer_first_tokens.contains(&analysis.lower[k]) {
            for n in (1..=t.gazetteer_max_tokens.min(n_tokens - k)).rev() {
                if let Some(entry) = t.gazetteer.get(&analysis.key(k, k + n)) {
                    matched = Some((n, entry.label));
                    break;
                }
            }
        }
        if let Some((n, label)) = matched {
            let range = CpRange::new(analysis.tokens[k].start, analysis.tokens[k + n - 1].end);
            out.push((range, label));
            k += n;
        } else {
            k += 1;
        }
    }
    out
}
