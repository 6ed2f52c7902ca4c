//! Annotation statistics: how many spans each label has, where the claims stand, how much of
//! the text is tagged, which entities are mentioned most, and how far each document of a
//! workspace has come.
//!
//! Everything here is a plain count computed from the model, in a fixed order (schema order,
//! enum order, or an explicit sort), so the same document always gives the same numbers and
//! the charts drawn from them ([`crate::charts`]) are byte-for-byte reproducible.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use crate::model::claim::{CheckWorthiness, ClaimAttributes, Verdict};
use crate::model::document::{Annotation, AnnotationId, Document, EntityId, SpanKind};
use crate::model::offsets::CpRange;
use crate::model::schema::Schema;
use crate::model::workspace::Workspace;

/// How many entity spans carry one label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelCount {
    pub label: Rc<str>,
    pub n_spans: usize,
    /// False for a label that spans use but the schema does not list (from an imported file).
    pub in_schema: bool,
}

/// Spans per label. Claims and cues are counted apart: their labels (`CLAIM`, `CUE`) are fixed
/// by the model and say nothing about the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelCounts {
    /// Every schema label in schema order, those without spans included, then the labels that
    /// only the document uses, in order of first appearance in the text.
    pub entity_labels: Vec<LabelCount>,
    pub n_claims: usize,
    pub n_cues: usize,
}

impl LabelCounts {
    pub fn n_entity_spans(&self) -> usize {
        self.entity_labels.iter().map(|l| l.n_spans).sum()
    }

    /// Spans of every kind: entities, claims and cues.
    pub fn n_spans(&self) -> usize {
        self.n_entity_spans() + self.n_claims + self.n_cues
    }
}

pub fn label_counts(document: &Document, schema: &Schema) -> LabelCounts {
    let mut entity_labels: Vec<LabelCount> = schema
        .labels
        .iter()
        .map(|l| LabelCount {
            label: Rc::clone(&l.name),
            n_spans: 0,
            in_schema: true,
        })
        .collect();
    let (mut n_claims, mut n_cues) = (0, 0);
    for annotation in document.annotations() {
        match annotation.kind {
            SpanKind::Claim => n_claims += 1,
            SpanKind::Cue => n_cues += 1,
            SpanKind::Entity => {
                match entity_labels
                    .iter_mut()
                    .find(|l| l.label == annotation.label)
                {
                    Some(count) => count.n_spans += 1,
                    None => entity_labels.push(LabelCount {
                        label: Rc::clone(&annotation.label),
                        n_spans: 1,
                        in_schema: false,
                    }),
                }
            }
        }
    }
    LabelCounts {
        entity_labels,
        n_claims,
        n_cues,
    }
}

/// Claims by the fact-checker's verdict and by check-worthiness, every value listed (zeros
/// included) in the order the values are declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimCounts {
    pub by_verdict: Vec<(Verdict, usize)>,
    pub by_check_worthiness: Vec<(CheckWorthiness, usize)>,
}

impl ClaimCounts {
    pub fn n_claims(&self) -> usize {
        self.by_verdict.iter().map(|(_, n)| n).sum()
    }

    /// Claims with a verdict other than [`Verdict::Unverified`], the default of a new claim.
    pub fn n_checked(&self) -> usize {
        self.by_verdict
            .iter()
            .filter(|(verdict, _)| *verdict != Verdict::Unverified)
            .map(|(_, n)| n)
            .sum()
    }
}

/// A claim's verdict and check-worthiness. A claim annotation always has attributes; the
/// defaults of a new claim stand in should one ever arrive without.
fn verdict_and_worthiness(claim: &Annotation) -> (Verdict, CheckWorthiness) {
    match claim.claim.as_deref() {
        Some(attributes) => (attributes.verdict, attributes.check_worthiness),
        None => {
            let defaults = ClaimAttributes::default();
            (defaults.verdict, defaults.check_worthiness)
        }
    }
}

fn claims(document: &Document) -> impl Iterator<Item = &Annotation> {
    document
        .annotations()
        .iter()
        .filter(|a| a.kind == SpanKind::Claim)
}

pub fn claim_counts(document: &Document) -> ClaimCounts {
    let mut by_verdict: Vec<(Verdict, usize)> = Verdict::ALL.iter().map(|v| (*v, 0)).collect();
    let mut by_check_worthiness: Vec<(CheckWorthiness, usize)> =
        CheckWorthiness::ALL.iter().map(|c| (*c, 0)).collect();
    for claim in claims(document) {
        let (verdict, worthiness) = verdict_and_worthiness(claim);
        if let Some((_, n)) = by_verdict.iter_mut().find(|(v, _)| *v == verdict) {
            *n += 1;
        }
        if let Some((_, n)) = by_check_worthiness
            .iter_mut()
            .find(|(c, _)| *c == worthiness)
        {
            *n += 1;
        }
    }
    ClaimCounts {
        by_verdict,
        by_check_worthiness,
    }
}

/// How much of the text lies inside at least one span of any kind, counted in code points.
///
/// Two measures: every code point, and only the non-whitespace ones. The charts show the
/// second, because a person tags words, not the spaces and blank lines between paragraphs:
/// counting those would make a fully tagged article look partly untagged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Code points inside at least one span (overlapping spans count once).
    pub n_covered: usize,
    /// The text's length in code points.
    pub n_code_points: usize,
    /// Non-whitespace code points inside at least one span.
    pub n_covered_non_whitespace: usize,
    /// Non-whitespace code points in the whole text.
    pub n_non_whitespace: usize,
}

impl Coverage {
    /// The charted measure as a whole percentage, rounded down so that 100 means every
    /// non-whitespace character is tagged; `None` for a text with none.
    pub fn percent_non_whitespace(&self) -> Option<usize> {
        percent(self.n_covered_non_whitespace, self.n_non_whitespace)
    }

    /// Every code point as a whole percentage, rounded down; `None` for an empty text.
    pub fn percent_code_points(&self) -> Option<usize> {
        percent(self.n_covered, self.n_code_points)
    }
}

fn percent(part: usize, whole: usize) -> Option<usize> {
    (whole > 0).then(|| part * 100 / whole)
}

pub fn coverage(document: &Document) -> Coverage {
    let n_code_points = document.len().0;
    // Annotations come sorted by start, so one pass merges them into disjoint ranges.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for annotation in document.annotations() {
        let start = annotation.range.start.0.min(n_code_points);
        let end = annotation.range.end.0.min(n_code_points);
        if start >= end {
            continue;
        }
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    let n_covered = merged.iter().map(|(start, end)| end - start).sum();
    let n_covered_non_whitespace = merged
        .iter()
        .map(|&(start, end)| count_non_whitespace(document.slice(CpRange::new(start, end))))
        .sum();
    Coverage {
        n_covered,
        n_code_points,
        n_covered_non_whitespace,
        n_non_whitespace: count_non_whitespace(document.text()),
    }
}

fn count_non_whitespace(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// What the mentions of one entity are grouped by: the entity they belong to, or, for a span
/// in no entity, its label and its text (trimmed, case kept), so that untouched repeats of a
/// name still add up.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityKey {
    Grouped(EntityId),
    Ungrouped { label: Rc<str>, text: Rc<str> },
}

/// One entity and how often the text mentions it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityMentions {
    pub key: EntityKey,
    /// The entity's name, or the mention text for a span in no entity (or an unnamed entity).
    pub name: Rc<str>,
    /// The label of its first mention in the text.
    pub label: Rc<str>,
    /// Entity spans in the document that belong to it.
    pub n_mentions: usize,
}

/// The `limit` entities with the most mentions, most first, ties by name and then by key.
/// Only entity spans count; an entity whose mentions are all gone does not appear.
pub fn top_entities(document: &Document, limit: usize) -> Vec<EntityMentions> {
    let entity_of: HashMap<&AnnotationId, usize> = document
        .entities()
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.mentions.iter().map(move |m| (m, i)))
        .collect();
    // A BTreeMap, so that nothing downstream depends on hashing order.
    let mut groups: BTreeMap<EntityKey, EntityMentions> = BTreeMap::new();
    for span in document.annotations() {
        if span.kind != SpanKind::Entity {
            continue;
        }
        let text = document.slice(span.range).trim();
        let (key, name) = match entity_of.get(&span.id) {
            Some(&i) => {
                let entity = &document.entities()[i];
                let name = if entity.name.trim().is_empty() {
                    Rc::from(text)
                } else {
                    Rc::clone(&entity.name)
                };
                (EntityKey::Grouped(entity.id.clone()), name)
            }
            None => {
                let text: Rc<str> = Rc::from(text);
                let key = EntityKey::Ungrouped {
                    label: Rc::clone(&span.label),
                    text: Rc::clone(&text),
                };
                (key, text)
            }
        };
        groups
            .entry(key.clone())
            .or_insert_with(|| EntityMentions {
                key,
                name,
                label: Rc::clone(&span.label),
                n_mentions: 0,
            })
            .n_mentions += 1;
    }
    let mut entities: Vec<EntityMentions> = groups.into_values().collect();
    entities.sort_by(|a, b| {
        b.n_mentions
            .cmp(&a.n_mentions)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.key.cmp(&b.key))
    });
    entities.truncate(limit);
    entities
}

/// Where one document of a workspace stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentProgress {
    pub document_id: Rc<str>,
    pub title: Rc<str>,
    pub n_entity_spans: usize,
    pub n_claims: usize,
    /// Claims with a verdict other than [`Verdict::Unverified`] ("unverifiable" is a verdict).
    pub n_checked_claims: usize,
    /// Marked done by the person.
    pub done: bool,
}

pub fn document_progress(document: &Document, done: bool) -> DocumentProgress {
    let n_entity_spans = document
        .annotations()
        .iter()
        .filter(|a| a.kind == SpanKind::Entity)
        .count();
    let n_checked_claims = claims(document)
        .filter(|c| verdict_and_worthiness(c).0 != Verdict::Unverified)
        .count();
    DocumentProgress {
        document_id: document.id.shared(),
        title: Rc::clone(&document.title),
        n_entity_spans,
        n_claims: claims(document).count(),
        n_checked_claims,
        done,
    }
}

/// Every document of the workspace, in the workspace's order.
pub fn workspace_progress(workspace: &Workspace) -> Vec<DocumentProgress> {
    workspace
        .entries()
        .iter()
        .map(|entry| match entry.editor() {
            Some(editor) => document_progress(editor.document(), entry.done),
            None => {
                let summary = entry.summary();
                DocumentProgress {
                    document_id: entry.document_id().shared(),
                    title: Rc::clone(entry.title()),
                    n_entity_spans: summary.entity_spans,
                    n_claims: summary.claims,
                    n_checked_claims: summary.checked_claims,
                    done: entry.done,
                }
            }
        })
        .collect()
}

/// The statistics of one document, as the statistics panel shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentStats {
    pub labels: LabelCounts,
    pub claims: ClaimCounts,
    pub coverage: Coverage,
    pub top_entities: Vec<EntityMentions>,
}

pub fn document_stats(
    document: &Document,
    schema: &Schema,
    n_top_entities: usize,
) -> DocumentStats {
    DocumentStats {
        labels: label_counts(document, schema),
        claims: claim_counts(document),
        coverage: coverage(document),
        top_entities: top_entities(document, n_top_entities),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::document::Entity;
    use crate::model::fixture::parse_fixture;
    use crate::model::workspace::Entry;

    /// Label counts as one line: `PERSON 3, …, NORP? 1 | claims 1, cues 1`, where `?` marks a
    /// label the schema lacks.
    fn render_label_counts(counts: &LabelCounts) -> String {
        let labels: Vec<String> = counts
            .entity_labels
            .iter()
            .map(|l| {
                let mark = if l.in_schema { "" } else { "?" };
                format!("{}{mark} {}", l.label, l.n_spans)
            })
            .collect();
        format!(
            "{} | claims {}, cues {}",
            labels.join(", "),
            counts.n_claims,
            counts.n_cues
        )
    }

    #[test]
    fn spans_are_counted_per_label_in_schema_order() {
        let check = |fixture: &str, schema: &Schema, expected: &str| {
            let counts = label_counts(&parse_fixture(fixture), schema);
            assert_eq!(render_label_counts(&counts), expected, "{fixture}");
        };
        let news = Schema::default();
        check(
            "",
            &news,
            "PERSON 0, ORG 0, GPE 0, LOC 0, DATE 0, EVENT 0, MISC 0 | claims 0, cues 0",
        );
        check(
            "[Antony Blinken|PERSON] met [Sameh Shoukry|PERSON] in [Cairo|GPE]; \
             [Blinken|PERSON] [said|CUE] [“talks continue” with [Hamas|NORP]|CLAIM].",
            &news,
            "PERSON 3, ORG 0, GPE 1, LOC 0, DATE 0, EVENT 0, MISC 0, NORP? 1 | claims 1, cues 1",
        );
        let empty = Schema {
            labels: Vec::new(),
            relation_types: Vec::new(),
        };
        check(
            "[a|ZZZ] [b|AAA] [c|ZZZ] [d|CLAIM] [e|CLAIM]",
            &empty,
            "ZZZ? 2, AAA? 1 | claims 2, cues 0",
        );
        let counts = label_counts(
            &parse_fixture("[a|PERSON] [b|X] [c|CLAIM] [d|CUE] [e|CUE]"),
            &news,
        );
        assert_eq!(
            (counts.n_entity_spans(), counts.n_spans()),
            (2, 5),
            "entities, then every span"
        );
    }

    fn set_claim(document: &mut Document, id: &str, verdict: Verdict, worthiness: CheckWorthiness) {
        let claim = document
            .annotation_mut(&AnnotationId::new(id))
            .and_then(|a| a.claim.as_deref_mut())
            .expect("the fixture has this claim");
        claim.verdict = verdict;
        claim.check_worthiness = worthiness;
    }

    #[test]
    fn claims_are_counted_by_every_verdict_and_worthiness() {
        let render = |counts: &ClaimCounts| {
            let verdicts: Vec<String> = counts
                .by_verdict
                .iter()
                .map(|(v, n)| format!("{} {n}", v.as_str()))
                .collect();
            let worthiness: Vec<String> = counts
                .by_check_worthiness
                .iter()
                .map(|(c, n)| format!("{} {n}", c.as_str()))
                .collect();
            format!("{} | {}", verdicts.join(", "), worthiness.join(", "))
        };
        let mut document = parse_fixture(
            "[Abbas said the talks go on|CLAIM#c1]. [Hamas denied it|CLAIM#c2]. \
             [Doha [said|CUE#q1] nothing|CLAIM#c3]. [Blinken|PERSON#p1]",
        );
        assert_eq!(
            render(&claim_counts(&document)),
            "unverified 3, true 0, mostly-true 0, mixed 0, mostly-false 0, false 0, \
             unverifiable 0 | not-a-claim 0, not-check-worthy 0, check-worthy 3"
        );
        set_claim(
            &mut document,
            "c1",
            Verdict::True,
            CheckWorthiness::CheckWorthy,
        );
        set_claim(
            &mut document,
            "c2",
            Verdict::False,
            CheckWorthiness::NotCheckWorthy,
        );
        let counts = claim_counts(&document);
        assert_eq!(
            render(&counts),
            "unverified 1, true 1, mostly-true 0, mixed 0, mostly-false 0, false 1, \
             unverifiable 0 | not-a-claim 0, not-check-worthy 1, check-worthy 2"
        );
        assert_eq!((counts.n_claims(), counts.n_checked()), (3, 2));
        assert_eq!(
            render(&claim_counts(&parse_fixture("[no claims|PERSON]"))),
            "unverified 0, true 0, mostly-true 0, mixed 0, mostly-false 0, false 0, \
             unverifiable 0 | not-a-claim 0, not-check-worthy 0, check-worthy 0"
        );
    }

    #[test]
    fn coverage_counts_code_points_once_however_spans_overlap() {
        // (fixture, covered, code points, covered non-whitespace, non-whitespace)
        for (fixture, expected) in [
            ("", (0, 0, 0, 0)),
            ("no spans at all", (0, 15, 0, 12)),
            ("[Antony Blinken|PERSON] arrived", (14, 22, 13, 20)),
            (
                "[Secretary of State [Antony Blinken|PERSON]|PERSON] spoke",
                (33, 39, 29, 34),
            ),
            ("[ab|X][cd|Y]ef", (4, 6, 4, 6)),
            ("[a  b|X]\n\n[c|Y]", (5, 7, 3, 3)),
            // A flag is two code points (four UTF-16 units, eight bytes); Arabic letters are one
            // code point (two bytes) each.
            ("[🇶🇦|GPE] و[قطر|GPE] 😀 [Doha|GPE]", (9, 14, 9, 11)),
            ("[قال الوزير|CLAIM] 😀😀", (10, 13, 9, 11)),
            ("[[😀|X] 😀|CLAIM] [😀|CUE]", (4, 5, 3, 3)),
        ] {
            let got = coverage(&parse_fixture(fixture));
            assert_eq!(
                (
                    got.n_covered,
                    got.n_code_points,
                    got.n_covered_non_whitespace,
                    got.n_non_whitespace
                ),
                expected,
                "{fixture}"
            );
        }
    }

    #[test]
    fn crossing_spans_cover_their_union() {
        let mut document = Document::new("d", "t", "abcdef gh");
        document.insert(Annotation::entity("a1", "X", CpRange::new(0, 4)));
        document.insert(Annotation::entity("a2", "Y", CpRange::new(2, 6)));
        document.insert(Annotation::entity("a3", "Y", CpRange::new(1, 3)));
        let got = coverage(&document);
        assert_eq!(
            got,
            Coverage {
                n_covered: 6,
                n_code_points: 9,
                n_covered_non_whitespace: 6,
                n_non_whitespace: 8,
            }
        );
        assert_eq!(got.percent_non_whitespace(), Some(75));
        assert_eq!(got.percent_code_points(), Some(66), "rounded down");
        assert_eq!(coverage(&parse_fixture("")).percent_non_whitespace(), None);
    }

    fn group(document: &mut Document, id: &str, name: &str, mentions: &[&str]) {
        document.put_entity(Entity {
            id: EntityId(Rc::from(id)),
            name: Rc::from(name),
            wikidata: None,
            mentions: mentions.iter().map(|m| AnnotationId::new(m)).collect(),
        });
    }

    #[test]
    fn top_entities_group_mentions_by_entity_or_by_label_and_text() {
        let mut document = parse_fixture(
            "[Antony Blinken|PERSON#a1] met [Shoukry|PERSON#a2] in [Cairo|GPE#a3]. \
             [Blinken|PERSON#a4] and [Shoukry|PERSON#a5] flew from [Cairo|GPE#a6] to \
             [Doha |GPE#a7] and [ Doha|GPE#a8]; [Blinken|PERSON#a9] said [it|CLAIM#c1] in \
             [cairo|GPE#a10] near [Cairo|LOC#a11].",
        );
        group(&mut document, "e1", "Antony Blinken", &["a1", "a4", "a9"]);
        // Unnamed: shown by its mention's text, yet apart from the ungrouped "Shoukry".
        group(&mut document, "e2", " ", &["a2"]);
        // Its only mention is gone (or a claim): nothing to count.
        group(&mut document, "e3", "Ghost", &["a99", "c1"]);
        let render = |limit: usize| -> Vec<String> {
            top_entities(&document, limit)
                .iter()
                .map(|e| {
                    let key = match &e.key {
                        EntityKey::Grouped(id) => id.0.to_string(),
                        EntityKey::Ungrouped { .. } => "-".to_string(),
                    };
                    format!("{} ({}) {} [{key}]", e.name, e.label, e.n_mentions)
                })
                .collect()
        };
        assert_eq!(
            render(10),
            [
                "Antony Blinken (PERSON) 3 [e1]",
                "Cairo (GPE) 2 [-]",
                "Doha (GPE) 2 [-]",
                "Cairo (LOC) 1 [-]",
                "Shoukry (PERSON) 1 [e2]",
                "Shoukry (PERSON) 1 [-]",
                "cairo (GPE) 1 [-]",
            ]
        );
        assert_eq!(
            render(2),
            ["Antony Blinken (PERSON) 3 [e1]", "Cairo (GPE) 2 [-]"]
        );
        assert!(render(0).is_empty());
        assert!(top_entities(&parse_fixture("[only a claim|CLAIM]"), 5).is_empty());
    }

    #[test]
    fn workspace_progress_lists_every_document_in_order() {
        let document = |id: &str, title: &str, fixture: &str| {
            let mut document = parse_fixture(fixture).with_id(id);
            document.title = Rc::from(title);
            document
        };
        let mut talks = document(
            "d1",
            "Ceasefire talks",
            "[Blinken|PERSON] [said|CUE] [talks go on|CLAIM#c1] and [Hamas agreed|CLAIM#c2]",
        );
        set_claim(
            &mut talks,
            "c1",
            Verdict::False,
            CheckWorthiness::CheckWorthy,
        );
        let mut summit = document(
            "d2",
            "محادثات الدوحة",
            "[Doha|GPE] [Cairo|GPE] [Hamas|ORG] [x|CLAIM#c1] [y|CLAIM#c2] [z|CLAIM#c3]",
        );
        set_claim(
            &mut summit,
            "c2",
            Verdict::Unverifiable,
            CheckWorthiness::NotAClaim,
        );
        set_claim(
            &mut summit,
            "c3",
            Verdict::MostlyTrue,
            CheckWorthiness::CheckWorthy,
        );
        let entries = vec![
            Entry::new(talks, Schema::default()),
            Entry::new(summit, Schema::default()),
            Entry::new(document("d3", "Untouched", "no spans"), Schema::default()),
        ];
        let mut workspace = Workspace::from_entries(entries, 1).expect("three entries");
        workspace
            .apply_workspace(workspace.set_done_command(0, true))
            .expect("d1 is in progress");
        let rows: Vec<String> = workspace_progress(&workspace)
            .iter()
            .map(|p| {
                format!(
                    "{} {}: {} entities, {} claims, {} checked, {}",
                    p.document_id,
                    p.title,
                    p.n_entity_spans,
                    p.n_claims,
                    p.n_checked_claims,
                    if p.done { "done" } else { "in progress" }
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                "d1 Ceasefire talks: 1 entities, 2 claims, 1 checked, done",
                "d2 محادثات الدوحة: 3 entities, 3 claims, 2 checked, in progress",
                "d3 Untouched: 0 entities, 0 claims, 0 checked, in progress",
            ]
        );
    }

    #[test]
    fn document_stats_gather_the_four_measures() {
        let document = parse_fixture("[Blinken|PERSON] and [Blinken|PERSON] [said|CUE] [so|CLAIM]");
        let stats = document_stats(&document, &Schema::default(), 1);
        assert_eq!(stats.labels.n_spans(), 4);
        assert_eq!(stats.claims.n_claims(), 1);
        assert_eq!(stats.coverage.n_covered_non_whitespace, 20);
        assert_eq!(stats.top_entities.len(), 1);
        assert_eq!(stats.top_entities[0].n_mentions, 2);
    }
}
