//! Suggestions computed in the browser: entity mentions and claims proposed from patterns and
//! from the person's accepted annotations, plus search and "tag all matches". Pure Rust, no
//! web crates, tested natively.
//!
//! [`suggest`] runs everything at once; [`Suggester`] does the same work in steps of a
//! code-point budget, so the view can spread a long text over several frames and show
//! progress. Both give exactly the same suggestions: the text is cut into the same blocks
//! (paragraphs, and pieces of very long paragraphs) either way.
//!
//! [`review`] decides which suggestions are shown, which comes next, accepting all of them, and
//! which survive an edit; a suggestion is named by a [`SuggestionId`]. Besides names and claims,
//! the suggester proposes [`fixes`] of the text: a space where a known name is glued to the
//! next word.

pub mod claims;
pub mod data;
pub mod entities;
pub mod fixes;
pub mod learn;
pub mod pattern;
pub mod review;
pub mod search;
pub mod substring;
pub mod tokens;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_fixes;

use std::ops::Range;
use std::rc::Rc;

use crate::assist::claims::{suggest_claims, Mention};
use crate::assist::entities::{add_surnames, suggest_entities, EntityContext, Lexicon};
use crate::assist::tokens::Analysis;
use crate::model::claim::{ClaimAttributes, QuoteType};
use crate::model::command::{Command, Editor};
use crate::model::document::{
    Annotation, AnnotationId, Document, Relation, RelationId, SpanKind, CLAIM_LABEL, CUE, SPEAKER,
};
use crate::model::offsets::CpRange;
use crate::model::schema::Schema;
use crate::model::text_edit::TextEdit;

pub use crate::assist::review::SuggestionId;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SuggestionKind {
    Entity,
    Claim,
    /// A fix of the text: a space inserted where a known name is glued to the next word.
    Fix,
}

impl SuggestionKind {
    /// How the page names the kind (`data-kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            SuggestionKind::Entity => "entity",
            SuggestionKind::Claim => "claim",
            SuggestionKind::Fix => "fix",
        }
    }
}

/// Who a suggested claim's speaker is: an annotation the person accepted, or a mention that
/// is itself only suggested (accepting the claim accepts it too).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpeakerRef {
    Annotation(AnnotationId),
    Suggested { range: CpRange, label: Rc<str> },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// Stable across runs: `s-<label>-<start>-<end>`, or `fix-<offset>` for a fix.
    pub id: SuggestionId,
    pub kind: SuggestionKind,
    /// An entity label from the schema, [`CLAIM_LABEL`], or [`fixes::FIX_LABEL`].
    pub label: Rc<str>,
    /// What is drawn: the mention, the claim, or the glued word a fix splits.
    pub range: CpRange,
    /// Claims only.
    pub speaker: Option<SpeakerRef>,
    /// Claims only.
    pub quote_type: Option<QuoteType>,
    /// Claims only: the cue span ("said", "according to").
    pub cue: Option<CpRange>,
    /// Fixes only: the text edit that accepting the fix applies.
    pub edit: Option<TextEdit>,
}

impl Suggestion {
    fn entity(range: CpRange, label: Rc<str>) -> Suggestion {
        Suggestion {
            id: range_id(&label, range),
            kind: SuggestionKind::Entity,
            label,
            range,
            speaker: None,
            quote_type: None,
            cue: None,
            edit: None,
        }
    }
}

/// The id of a suggested mention or claim: `s-<label>-<start>-<end>`.
pub fn range_id(label: &str, range: CpRange) -> SuggestionId {
    SuggestionId::new(&format!("s-{label}-{}-{}", range.start, range.end))
}

/// How far a [`Suggester`] has come, in code points (each is read twice: once to learn the
/// people's names, once to suggest).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

impl Progress {
    pub fn is_finished(&self) -> bool {
        self.done >= self.total
    }
}

/// Blocks longer than this are cut at a sentence end (or a space) so that one step stays small.
const MAX_BLOCK: usize = 4096;

/// An accepted annotation, as the rules need it.
#[derive(Clone, Debug)]
struct Accepted {
    id: AnnotationId,
    kind: SpanKind,
    label: Rc<str>,
    range: CpRange,
}

/// Computes suggestions in steps; see the module documentation.
pub struct Suggester {
    chars: Vec<char>,
    blocks: Vec<Range<usize>>,
    accepted: Vec<Accepted>,
    labels: Vec<Rc<str>>,
    learned: Lexicon,
    surnames: Lexicon,
    /// 0: learning surnames; 1: suggesting; 2: done.
    phase: u8,
    next_block: usize,
    done: usize,
    /// The speaker of the last claim found, carried from block to block for "he said".
    last_speaker: Option<Mention>,
    last_speaker_ref: Option<SpeakerRef>,
    out: Vec<Suggestion>,
}

impl Suggester {
    pub fn new(document: &Document, schema: &Schema) -> Suggester {
        let chars: Vec<char> = document.text().chars().collect();
        let blocks = blocks(&chars);
        let accepted: Vec<Accepted> = document
            .annotations()
            .iter()
            .map(|a| Accepted {
                id: a.id.clone(),
                kind: a.kind,
                label: Rc::clone(&a.label),
                range: a.range,
            })
            .collect();
        let mut learned = Lexicon::default();
        let mut surnames = Lexicon::default();
        for a in accepted.iter().filter(|a| a.kind == SpanKind::Entity) {
            let end = a.range.end.0.min(chars.len());
            let text: String = chars[a.range.start.0.min(end)..end].iter().collect();
            learned.add(&text, &a.label);
            add_surnames(&mut surnames, &text, &a.label);
        }
        Suggester {
            chars,
            blocks,
            accepted,
            labels: schema.labels.iter().map(|l| Rc::clone(&l.name)).collect(),
            learned,
            surnames,
            phase: 0,
            next_block: 0,
            done: 0,
            last_speaker: None,
            last_speaker_ref: None,
            out: Vec::new(),
        }
    }

    pub fn progress(&self) -> Progress {
        Progress {
            done: self.done,
            total: 2 * self.chars.len(),
        }
    }

    /// Works through blocks until about `budget_code_points` code points are processed (at
    /// least one block, unless finished).
    pub fn step(&mut self, budget_code_points: usize) -> Progress {
        let mut spent = 0;
        while self.phase < 2 {
            let Some(block) = self.blocks.get(self.next_block).cloned() else {
                self.phase += 1;
                self.next_block = 0;
                continue;
            };
            if spent > 0 && spent + block.len() > budget_code_points {
                break;
            }
            if self.phase == 0 {
                self.learn_block(block.clone());
            } else {
                self.suggest_block(block.clone());
            }
            spent += block.len();
            self.next_block += 1;
            self.done = (self.done + block.len()).min(2 * self.chars.len());
        }
        if self.phase >= 2 {
            self.done = 2 * self.chars.len();
        }
        self.progress()
    }

    /// The suggestions found so far, in text order (all of them once finished).
    pub fn suggestions(&self) -> &[Suggestion] {
        &self.out
    }

    pub fn into_suggestions(self) -> Vec<Suggestion> {
        self.out
    }

    fn context<'a>(&'a self, surnames: &'a Lexicon) -> EntityContext<'a> {
        EntityContext {
            learned: &self.learned,
            surnames,
            labels: &self.labels,
        }
    }

    /// First pass: the full names of people, whose surnames are then suggested alone.
    fn learn_block(&mut self, block: Range<usize>) {
        let analysis = Analysis::new(&self.chars, block);
        let empty = Lexicon::default();
        let found = suggest_entities(&self.chars, &analysis, &self.context(&empty));
        for span in found {
            let text: String = self.chars[span.range.start.0..span.range.end.0]
                .iter()
                .collect();
            add_surnames(&mut self.surnames, &text, &span.label);
        }
    }

    fn suggest_block(&mut self, block: Range<usize>) {
        let analysis = Analysis::new(&self.chars, block.clone());
        let entities = suggest_entities(&self.chars, &analysis, &self.context(&self.surnames));
        let in_block = |r: CpRange| r.start.0 < block.end && r.end.0 > block.start;
        let accepted_entities: Vec<&Accepted> = self
            .accepted
            .iter()
            .filter(|a| a.kind == SpanKind::Entity && in_block(a.range))
            .collect();
        let entities: Vec<_> = entities
            .into_iter()
            .filter(|e| accepted_entities.iter().all(|a| !a.range.overlaps(e.range)))
            .collect();

        // Mentions for the claim rules: the carried speaker first, then accepted and suggested
        // entities in text order.
        let mut mentions: Vec<Mention> = Vec::new();
        let mut refs: Vec<SpeakerRef> = Vec::new();
        let mut last_speaker = None;
        if let (Some(m), Some(r)) = (self.last_speaker.clone(), self.last_speaker_ref.clone()) {
            mentions.push(m);
            refs.push(r);
            last_speaker = Some(0);
        }
        let mut block_mentions: Vec<(Mention, SpeakerRef)> = accepted_entities
            .iter()
            .map(|a| {
                (
                    Mention {
                        range: a.range,
                        label: a.label.to_string(),
                    },
                    SpeakerRef::Annotation(a.id.clone()),
                )
            })
            .chain(entities.iter().map(|e| {
                (
                    Mention {
                        range: e.range,
                        label: e.label.to_string(),
                    },
                    SpeakerRef::Suggested {
                        range: e.range,
                        label: Rc::clone(&e.label),
                    },
                )
            }))
            .collect();
        block_mentions.sort_by_key(|(m, _)| (m.range.start, std::cmp::Reverse(m.range.end)));
        for (m, r) in block_mentions {
            mentions.push(m);
            refs.push(r);
        }
        let claims = suggest_claims(&self.chars, &analysis, &mentions, &mut last_speaker);
        if let Some(i) = last_speaker {
            self.last_speaker = Some(mentions[i].clone());
            self.last_speaker_ref = Some(refs[i].clone());
        }

        let mut found: Vec<Suggestion> = entities
            .into_iter()
            .map(|e| Suggestion::entity(e.range, e.label))
            .collect();
        let accepted_claims: Vec<CpRange> = self
            .accepted
            .iter()
            .filter(|a| a.kind == SpanKind::Claim && in_block(a.range))
            .map(|a| a.range)
            .collect();
        for claim in claims {
            if accepted_claims.iter().any(|r| r.overlaps(claim.range)) {
                continue;
            }
            found.push(Suggestion {
                id: range_id(CLAIM_LABEL, claim.range),
                kind: SuggestionKind::Claim,
                label: Rc::from(CLAIM_LABEL),
                range: claim.range,
                speaker: claim.speaker.map(|i| refs[i].clone()),
                quote_type: Some(claim.quote_type),
                cue: claim.cue,
                edit: None,
            });
        }
        found.retain(|s| {
            !self
                .accepted
                .iter()
                .any(|a| a.range == s.range && a.label == s.label)
        });
        // Fixes where a known name ends inside a word: a suggested one, or an accepted one
        // ending in this block (so that each is found once).
        let ends_in_block = |r: CpRange| r.end.0 > block.start && r.end.0 <= block.end;
        let names = found
            .iter()
            .filter(|s| s.kind == SuggestionKind::Entity)
            .map(|s| s.range)
            .chain(
                self.accepted
                    .iter()
                    .filter(|a| a.kind == SpanKind::Entity && ends_in_block(a.range))
                    .map(|a| a.range),
            );
        let fixes = fixes::fixes_for(&self.chars, names);
        found.extend(fixes);
        // A fix comes after the name it splits off ("cairo", then "cairo|is").
        found.sort_by_key(|s| {
            (
                s.range.start,
                s.kind == SuggestionKind::Fix,
                std::cmp::Reverse(s.range.end),
                s.kind == SuggestionKind::Entity,
            )
        });
        self.out.extend(found);
    }
}

/// Cuts the text into blocks: lines, and pieces of at most [`MAX_BLOCK`] code points of very
/// long lines, cut after a sentence end when there is one, else at a space.
pub(crate) fn blocks(chars: &[char]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i <= chars.len() {
        let at_end = i == chars.len();
        if at_end || chars[i] == '\n' {
            let mut from = start;
            while i - from > MAX_BLOCK {
                let window = from..from + MAX_BLOCK;
                let cut = window
                    .clone()
                    .rev()
                    .find(|&k| {
                        chars[k].is_whitespace()
                            && k > from
                            && matches!(chars[k - 1], '.' | '!' | '?')
                    })
                    .or_else(|| window.clone().rev().find(|&k| chars[k].is_whitespace()))
                    .filter(|&k| k > from)
                    .unwrap_or(from + MAX_BLOCK);
                out.push(from..cut);
                from = cut;
            }
            if chars[from..i].iter().any(|c| !c.is_whitespace()) {
                out.push(from..i);
            }
            start = i + 1;
        }
        i += 1;
    }
    out
}

/// All suggestions for a document at once, in text order. None equals an accepted
/// annotation (same range and label).
pub fn suggest(document: &Document, schema: &Schema) -> Vec<Suggestion> {
    let mut suggester = Suggester::new(document, schema);
    while !suggester.step(usize::MAX).is_finished() {}
    suggester.into_suggestions()
}

/// Hands out fresh ids `<prefix><n>` for several new objects in one batch.
struct FreshIds {
    prefix: char,
    next: u64,
}

impl FreshIds {
    fn after(first: &str, prefix: char) -> FreshIds {
        let next = first
            .strip_prefix(prefix)
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        FreshIds { prefix, next }
    }

    fn take(&mut self) -> String {
        let id = format!("{}{}", self.prefix, self.next);
        self.next += 1;
        id
    }
}

/// The command that accepts a suggestion: the entity; the claim with its cue and speaker
/// (adding the speaker's mention when it is only suggested), as one [`Command::Batch`]; or a
/// fix's text edit.
pub fn accept(suggestion: &Suggestion, editor: &Editor) -> Command {
    if let Some(edit) = &suggestion.edit {
        return Command::EditText(edit.clone());
    }
    let document = editor.document();
    let mut ids = FreshIds::after(document.fresh_id().as_str(), 'a');
    let mut relation_ids = FreshIds::after(&document.fresh_relation_id().0, 'r');
    if suggestion.kind == SuggestionKind::Entity {
        return Command::Add(Annotation::entity(
            &ids.take(),
            &suggestion.label,
            suggestion.range,
        ));
    }
    let claim_id = ids.take();
    let mut attributes = ClaimAttributes::for_document_span(document, suggestion.range);
    if let Some(quote_type) = suggestion.quote_type {
        attributes.quote_type = quote_type;
    }
    let mut steps = vec![Command::Add(Annotation::claim(
        &claim_id,
        suggestion.range,
        attributes,
    ))];
    let claim_id = AnnotationId::new(&claim_id);
    let mut relate = |steps: &mut Vec<Command>, kind: &str, to: AnnotationId| {
        steps.push(Command::AddRelation(Relation {
            id: RelationId(Rc::from(relation_ids.take())),
            kind: Rc::from(kind),
            from: claim_id.clone(),
            to,
        }));
    };
    if let Some(cue) = suggestion.cue {
        let existing = document
            .annotations()
            .iter()
            .find(|a| a.kind == SpanKind::Cue && a.range == cue);
        let cue_id = match existing {
            Some(a) => a.id.clone(),
            None => {
                let id = ids.take();
                steps.push(Command::Add(Annotation::cue(&id, cue)));
                AnnotationId::new(&id)
            }
        };
        relate(&mut steps, CUE, cue_id);
    }
    match &suggestion.speaker {
        Some(SpeakerRef::Annotation(id)) if document.annotation(id).is_some() => {
            relate(&mut steps, SPEAKER, id.clone());
        }
        Some(SpeakerRef::Suggested { range, label }) => {
            let existing = document
                .annotations()
                .iter()
                .find(|a| a.kind == SpanKind::Entity && a.range == *range);
            let speaker_id = match existing {
                Some(a) => a.id.clone(),
                None => {
                    let id = ids.take();
                    steps.push(Command::Add(Annotation::entity(&id, label, *range)));
                    AnnotationId::new(&id)
                }
            };
            relate(&mut steps, SPEAKER, speaker_id);
        }
        _ => {}
    }
    Command::Batch(steps)
}
