//! What the side panel and the selected panel list, derived from the document: pure rows the
//! components draw as they are.

use std::rc::Rc;

use super::{Mark, Session};
use crate::assist::{fixes, SpeakerRef, SuggestionKind};
use crate::model::claim::{CheckWorthiness, Verdict};
use crate::model::command::Speaker;
use crate::model::document::{AnnotationId, Document, SpanKind};
use crate::model::identity::suggest_groups;
use crate::model::offsets::CodePoint;
use crate::model::order::{descending, sort_by_order};
use crate::model::text::ellipsize;

/// A claim in the Claims tab.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimRow {
    pub id: AnnotationId,
    pub preview: String,
    pub speaker: String,
    pub verdict: Verdict,
    pub check_worthiness: CheckWorthiness,
}

/// An entity in the Entities tab.
#[derive(Clone, Debug, PartialEq)]
pub struct EntityRow {
    pub id: String,
    pub name: String,
    pub wikidata: Option<String>,
    pub n_mentions: usize,
    pub first_mention: AnnotationId,
}

/// Mentions that probably name one entity, offered for grouping.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupRow {
    pub mentions: Vec<AnnotationId>,
    /// The mentions' texts, for the person to judge.
    pub preview: String,
}

/// A mention a claim's speaker can be chosen from.
#[derive(Clone, Debug, PartialEq)]
pub struct SpeakerOption {
    pub id: AnnotationId,
    pub label: String,
}

/// A suggestion in the Suggested tab.
#[derive(Clone, Debug, PartialEq)]
pub struct SuggestionRow {
    pub id: crate::assist::review::SuggestionId,
    pub kind: SuggestionKind,
    pub label: Rc<str>,
    /// The text suggested, or what a fix does ("insert a space: blinken|arrived").
    pub preview: String,
    /// For claims: who the suggestion says spoke.
    pub detail: Option<String>,
    /// How sure the suggesters are (0..1), and who proposed it.
    pub confidence: f32,
    pub source: crate::assist::learn::Source,
}

/// An annotation drawn with extra emphasis (linked to the selected or hovered one, or the
/// current suggestion), and the paragraphs it spans.
#[derive(Clone, Debug, PartialEq)]
pub struct Emphasis {
    pub id: AnnotationId,
    pub class: &'static str,
    pub first: usize,
    pub last: usize,
}

/// The text of a mention, or its id when it no longer exists.
pub fn mention_text(document: &Document, id: &AnnotationId) -> String {
    document
        .annotation(id)
        .map_or_else(|| id.to_string(), |a| document.slice(a.range).to_string())
}

pub fn claim_rows(session: &Session) -> Vec<ClaimRow> {
    let editor = session.editor();
    let document = editor.document();
    document
        .annotations()
        .iter()
        .filter_map(|a| {
            let attributes = a.claim.as_ref()?;
            Some(ClaimRow {
                id: a.id.clone(),
                preview: ellipsize(document.slice(a.range), 80),
                speaker: match editor.speaker_of(&a.id) {
                    Speaker::Mention(id) => mention_text(document, &id),
                    Speaker::Other(attribution) => attribution.human().to_string(),
                },
                verdict: attributes.verdict,
                check_worthiness: attributes.check_worthiness,
            })
        })
        .collect()
}

pub fn entity_rows(document: &Document) -> Vec<EntityRow> {
    document
        .entities()
        .iter()
        .map(|e| EntityRow {
            id: e.id.0.to_string(),
            name: e.name.to_string(),
            wikidata: e.wikidata.as_ref().map(|w| w.to_string()),
            n_mentions: e.mentions.len(),
            first_mention: e.mentions[0].clone(),
        })
        .collect()
}

pub fn group_rows(document: &Document) -> Vec<GroupRow> {
    suggest_groups(document)
        .into_iter()
        .map(|mentions| {
            let mut texts: Vec<String> =
                mentions.iter().map(|m| mention_text(document, m)).collect();
            texts.dedup();
            GroupRow {
                preview: format!("{} ({} mentions)", texts.join(" · "), mentions.len()),
                mentions,
            }
        })
        .collect()
}

/// The mentions whose label can speak, for a claim's speaker.
pub fn speaker_options(document: &Document) -> Vec<SpeakerOption> {
    document
        .speaker_candidates()
        .map(|a| SpeakerOption {
            id: a.id.clone(),
            label: format!(
                "{} ({}, {})",
                ellipsize(document.slice(a.range), 40),
                a.label,
                a.id
            ),
        })
        .collect()
}

pub fn suggestion_rows(session: &Session) -> Vec<SuggestionRow> {
    let document = session.editor().document();
    let learning = session.learning();
    let mut rows: Vec<SuggestionRow> = session
        .visible_suggestions()
        .into_iter()
        .map(|s| {
            let score = learning.score(s.id.as_str());
            SuggestionRow {
                confidence: score.confidence,
                source: score.source,
                id: s.id.clone(),
                kind: s.kind,
                label: Rc::clone(&s.label),
                preview: match s.kind {
                    SuggestionKind::Fix => fixes::describe(s, document),
                    _ => ellipsize(document.slice(s.range), 60),
                },
                detail: s.speaker.as_ref().map(|speaker| match speaker {
                    SpeakerRef::Annotation(id) => format!("— {}", mention_text(document, id)),
                    SpeakerRef::Suggested { range, .. } => format!("— {}", document.slice(*range)),
                }),
            }
        })
        .collect();
    if learning.by_confidence() {
        // Stable: of equal confidence, text order.
        sort_by_order(&mut rows, |row| (descending(row.confidence), 0));
    }
    rows
}

/// Spans per label of the schema, in the schema's order.
pub fn label_counts(session: &Session) -> Vec<usize> {
    let editor = session.editor();
    let counts = crate::model::stats::label_counts(editor.document(), editor.schema());
    // The schema's labels come first, in its order.
    counts
        .entity_labels
        .iter()
        .take(editor.schema().labels.len())
        .map(|l| l.n_spans)
        .collect()
}

/// The paragraphs the selected annotation spans.
pub fn selected_paragraphs(session: &Session) -> Option<(AnnotationId, usize, usize)> {
    let id = session.selected()?;
    let a = session.editor().document().annotation(id)?;
    let layout = session.layout();
    let first = layout.paragraph_at(a.range.start);
    let last = layout.paragraph_at(CodePoint(a.range.end.0 - 1));
    Some((id.clone(), first, last))
}

/// Annotations linked to the selected or hovered one (its speaker, cue, claims, or the other
/// mentions of its entity), and the current suggestion, drawn with emphasis so a person sees
/// what belongs together.
pub fn emphasis(session: &Session) -> Vec<Emphasis> {
    let document = session.editor().document();
    let mut linked: Vec<(Mark, &'static str)> = Vec::new();
    for focus in [session.selected(), session.hovered()]
        .into_iter()
        .flatten()
    {
        for relation in document.relations_of(focus) {
            let other = if &relation.from == focus {
                &relation.to
            } else {
                &relation.from
            };
            linked.push((Mark::Annotation(other.clone()), "linked"));
        }
        if let Some(entity) = document.entity_of(focus) {
            linked.extend(
                entity
                    .mentions
                    .iter()
                    .filter(|m| *m != focus)
                    .map(|m| (Mark::Annotation(m.clone()), "same-entity")),
            );
        }
    }
    if let Some(current) = session.review().current() {
        linked.push((Mark::Suggestion(current.clone()), "current"));
    }
    linked.sort();
    linked.dedup();
    let layout = session.layout();
    linked
        .into_iter()
        .filter_map(|(mark, class)| {
            let range = session.mark_range(&mark)?;
            Some(Emphasis {
                first: layout.paragraph_at(range.start),
                last: layout.paragraph_at(CodePoint(range.end.0 - 1)),
                id: AnnotationId::new(&mark.drawn_id()),
                class,
            })
        })
        .collect()
}

/// What the selected panel shows for the selected annotation.
#[derive(Clone, Debug, PartialEq)]
pub enum SelectedView {
    Claim {
        id: AnnotationId,
        text: String,
        attributes: crate::model::claim::ClaimAttributes,
        speaker: Speaker,
        cue_text: Option<String>,
    },
    Span {
        id: AnnotationId,
        text: String,
        /// "a3 · 10–17 · entity"
        meta: String,
        /// The label, for an entity mention (whose label can be changed here).
        entity_label: Option<Rc<str>>,
        /// "Speaker of claim “…”" / "Cue of claim “…”", one per claim it belongs to.
        roles: Vec<String>,
        /// The entity the mention belongs to, if any: its id, mention count, name and Wikidata id.
        entity: Option<EntityView>,
        is_entity: bool,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct EntityView {
    pub id: crate::model::document::EntityId,
    pub n_mentions: usize,
    pub name: String,
    pub wikidata: String,
}

pub fn selected_view(session: &Session) -> Option<SelectedView> {
    let editor = session.editor();
    let document = editor.document();
    let annotation = document.annotation(session.selected()?)?;
    let text = ellipsize(document.slice(annotation.range), 160);
    if let Some(attributes) = &annotation.claim {
        let cue_text = document
            .relation_from(&annotation.id, crate::model::document::CUE)
            .and_then(|r| document.annotation(&r.to))
            .map(|cue| document.slice(cue.range).to_string());
        return Some(SelectedView::Claim {
            id: annotation.id.clone(),
            text,
            attributes: (**attributes).clone(),
            speaker: editor.speaker_of(&annotation.id),
            cue_text,
        });
    }
    let role = if annotation.kind == SpanKind::Cue {
        "Cue"
    } else {
        "Speaker"
    };
    let roles = document
        .relations_of(&annotation.id)
        .filter(|r| r.to == annotation.id)
        .filter_map(|r| document.annotation(&r.from))
        .map(|claim| {
            format!(
                "{role} of claim “{}”",
                ellipsize(document.slice(claim.range), 60)
            )
        })
        .collect();
    let is_entity = annotation.kind == SpanKind::Entity;
    Some(SelectedView::Span {
        id: annotation.id.clone(),
        text,
        meta: format!(
            "{} · {}–{} · {}",
            annotation.id,
            annotation.range.start,
            annotation.range.end,
            annotation.kind.as_str()
        ),
        entity_label: is_entity.then(|| Rc::clone(&annotation.label)),
        roles,
        entity: document.entity_of(&annotation.id).map(|e| EntityView {
            id: e.id.clone(),
            n_mentions: e.mentions.len(),
            name: e.name.to_string(),
            wikidata: e.wikidata.as_deref().unwrap_or("").to_string(),
        }),
        is_entity,
    })
}

/// The hint beside the label buttons: what a key or a click does now.
pub fn hint(session: &Session) -> String {
    if session.correcting() {
        return "Correcting the text: type to change it, annotations follow; label keys type letters here (Esc or F2 leaves)".to_string();
    }
    match (session.armed(), session.selection()) {
        (Some(label), _) => format!("{label} is armed: every selection is tagged {label} when the mouse is released (Esc or click {label} to stop)"),
        (None, Some(range)) => format!(
            "Selected {}–{}: “{}” — press a label's key or button",
            range.start,
            range.end,
            ellipsize(session.editor().document().slice(range), 40)
        ),
        (None, None) => match session.caret() {
            Some(caret) => format!(
                "Caret at {} — Shift+arrows select, Tab goes to the next annotation, ? lists every key",
                caret.at.0
            ),
            None => "Select text in the article, then press a label's key or button (or click a label first to tag on release)".to_string(),
        },
    }
}

/// The titles of the documents a workspace import adds, replaces and drops, for the person to
/// recognise (ids are internal): those in the file by the file's titles, those here by ours.
pub fn import_plan_titles(session: &Session, pending: &super::PendingImport) -> [Vec<String>; 3] {
    let in_file = |id: &crate::model::document::DocumentId| {
        pending
            .entries
            .iter()
            .find(|e| e.document_id().as_str() == id.as_str())
            .map_or_else(|| id.to_string(), |e| e.title().to_string())
    };
    let here = |id: &crate::model::document::DocumentId| {
        let entries = session.workspace().entries();
        session
            .workspace()
            .position(id.as_str())
            .map_or_else(|| id.to_string(), |i| entries[i].title().to_string())
    };
    let plan = &pending.plan;
    [
        plan.added.iter().map(in_file).collect(),
        plan.replaced.iter().map(in_file).collect(),
        plan.dropped.iter().map(here).collect(),
    ]
}
