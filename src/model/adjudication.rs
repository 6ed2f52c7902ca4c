//! Adjudication: settling several annotators' versions of one document into a gold layer.
//!
//! Annotators are compared on what they annotated, not on ids (each file numbers its own):
//! a span is its range, kind, label and, for a claim, its quote type, check-worthiness, verdict
//! and attribution ([`SpanKey`]; the free-text note is carried, not compared); a relation is its
//! kind and its two spans; an entity is its name, Wikidata id and mentions.
//!
//! [`plan`] splits the versions into what they agree on — held by every annotator, or with
//! [`Consensus::Majority`] by more than half of them — and the **disagreements**, in text order:
//! spans no consensus holds, grouped where they overlap (each annotator's spans in the group are
//! one option), then each relation and each entity no consensus holds. A person settles each
//! with a [`Decision`]; [`gold`] builds the layer: the agreed spans, relations and entities plus
//! what the decisions take, numbered afresh in text order. A relation (or an entity's mention)
//! whose span did not make it into gold is left out.
//!
//! A disagreement is known by its [`Disagreement::signature`] — where it is and what each
//! annotator has there — so decisions survive an annotator's updated file: planned again, every
//! disagreement that is the same keeps its decision, and only the new or changed ones wait.
//! The gold layer itself is the record of the decisions ([`decisions_in`] reads them back), so
//! undo, a reload and an updated file need nothing stored beside it; a disagreement settled by
//! taking none of it reads back as waiting.
//!
//! The gold layer is the document's version named [`GOLD`] ([`with_gold`]).

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use crate::model::document::{
    Annotation, AnnotationId, Document, Entity, EntityId, Relation, RelationId,
};
use crate::model::offsets::CpRange;
use crate::model::versions::{self, Layer, VersionError};

/// The name of the gold version.
pub const GOLD: &str = "gold";

/// What counts as agreed when three or more annotators are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Consensus {
    /// Every annotator has it.
    Unanimous,
    /// More than half of the annotators have it (for two, the same as unanimous).
    Majority,
}

/// A span as annotators are compared on it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SpanKey {
    pub start: usize,
    pub end: usize,
    /// `entity`, `claim` or `cue`.
    pub kind: &'static str,
    pub label: Rc<str>,
    /// A claim's quote type, check-worthiness, verdict and attribution, in files' names.
    pub claim: Option<[&'static str; 4]>,
}

impl SpanKey {
    pub fn of(annotation: &Annotation) -> SpanKey {
        SpanKey {
            start: annotation.range.start.0,
            end: annotation.range.end.0,
            kind: annotation.kind.as_str(),
            label: Rc::clone(&annotation.label),
            claim: annotation.claim.as_ref().map(|c| {
                [
                    c.quote_type.as_str(),
                    c.check_worthiness.as_str(),
                    c.verdict.as_str(),
                    c.attribution.as_str(),
                ]
            }),
        }
    }

    fn range(&self) -> CpRange {
        CpRange::new(self.start, self.end)
    }
}

/// A relation as annotators are compared on it: its kind and its two spans.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelationKey {
    pub kind: Rc<str>,
    pub from: SpanKey,
    pub to: SpanKey,
}

/// An entity as annotators are compared on it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityKey {
    pub name: Rc<str>,
    pub wikidata: Option<Rc<str>>,
    /// In text order.
    pub mentions: Vec<SpanKey>,
}

/// One thing an annotator annotated.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Item {
    Span(SpanKey),
    Relation(RelationKey),
    Entity(EntityKey),
}

/// Where the annotators differ: each one's items here (empty when they have none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disagreement {
    /// From the first item's start to the last one's end.
    pub range: CpRange,
    /// One list per annotator, in the plan's order.
    pub options: Vec<Vec<Item>>,
}

impl Disagreement {
    /// The disagreement's identity across plans: where it is and what each annotator has
    /// (kept in files: written out field by field, not by a type's debug form).
    pub fn signature(&self, annotators: &[Rc<str>]) -> String {
        let mut out = format!("{}-{}", self.range.start.0, self.range.end.0);
        for (annotator, items) in annotators.iter().zip(&self.options) {
            out.push('|');
            out.push_str(annotator);
            out.push(':');
            let items: Vec<String> = items.iter().map(Item::signature).collect();
            out.push_str(&items.join(","));
        }
        out
    }
}

impl SpanKey {
    fn signature(&self) -> String {
        let claim = self
            .claim
            .map(|c| format!("/{}", c.join("/")))
            .unwrap_or_default();
        format!(
            "{}:{}@{}-{}{claim}",
            self.kind, self.label, self.start, self.end
        )
    }
}

impl Item {
    fn signature(&self) -> String {
        match self {
            Item::Span(key) => key.signature(),
            Item::Relation(r) => format!(
                "rel:{}({}>{})",
                r.kind,
                r.from.signature(),
                r.to.signature()
            ),
            Item::Entity(e) => {
                let mentions: Vec<String> = e.mentions.iter().map(SpanKey::signature).collect();
                format!(
                    "ent:{}/{}[{}]",
                    e.name,
                    e.wikidata.as_deref().unwrap_or(""),
                    mentions.join(",")
                )
            }
        }
    }
}

/// How a disagreement is settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// That annotator's items (by the plan's order of annotators).
    Take(usize),
    /// Every annotator's items.
    All,
    /// None of them.
    Neither,
}

/// The versions split into agreement and disagreements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub annotators: Vec<Rc<str>>,
    /// Held by the consensus, in text order.
    pub agreed: Vec<Item>,
    pub disagreements: Vec<Disagreement>,
    /// The annotations, relations and entities the items stand for, as their first annotator
    /// wrote them (a claim's note, an entity's own id are taken from there).
    sources: Sources,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Sources {
    spans: HashMap<SpanKey, Annotation>,
}

/// Each annotator's items, in the order spans, relations, entities.
fn items_of(document: &Document, sources: &mut Sources) -> Vec<Item> {
    let keys: HashMap<&AnnotationId, SpanKey> = document
        .annotations()
        .iter()
        .map(|a| (&a.id, SpanKey::of(a)))
        .collect();
    let mut items = Vec::new();
    for annotation in document.annotations() {
        let key = SpanKey::of(annotation);
        sources
            .spans
            .entry(key.clone())
            .or_insert_with(|| annotation.clone());
        items.push(Item::Span(key));
    }
    for relation in document.relations() {
        if let (Some(from), Some(to)) = (keys.get(&relation.from), keys.get(&relation.to)) {
            items.push(Item::Relation(RelationKey {
                kind: Rc::clone(&relation.kind),
                from: from.clone(),
                to: to.clone(),
            }));
        }
    }
    for entity in document.entities() {
        let mut mentions: Vec<SpanKey> = entity
            .mentions
            .iter()
            .filter_map(|m| keys.get(m).cloned())
            .collect();
        mentions.sort();
        items.push(Item::Entity(EntityKey {
            name: Rc::clone(&entity.name),
            wikidata: entity.wikidata.clone(),
            mentions,
        }));
    }
    items
}

/// The text range an item covers (a relation or an entity: from its first span to its last).
fn extent(item: &Item) -> CpRange {
    let spans: Vec<&SpanKey> = match item {
        Item::Span(key) => vec![key],
        Item::Relation(r) => vec![&r.from, &r.to],
        Item::Entity(e) => e.mentions.iter().collect(),
    };
    let start = spans.iter().map(|s| s.start).min().unwrap_or(0);
    let end = spans.iter().map(|s| s.end).max().unwrap_or(0);
    CpRange::new(start, end)
}

/// Splits the annotators' versions (each a document of the same text) into what the
/// consensus holds and the disagreements, in text order.
pub fn plan(versions: &[(Rc<str>, &Document)], consensus: Consensus) -> Plan {
    let mut sources = Sources::default();
    let n = versions.len();
    let per_annotator: Vec<Vec<Item>> = versions
        .iter()
        .map(|(_, d)| items_of(d, &mut sources))
        .collect();
    // How many annotators have each item (an annotator's duplicates count once).
    let mut holders: BTreeMap<&Item, usize> = BTreeMap::new();
    for items in &per_annotator {
        let mut mine: Vec<&Item> = items.iter().collect();
        mine.sort();
        mine.dedup();
        for item in mine {
            *holders.entry(item).or_default() += 1;
        }
    }
    let held = |count: usize| match consensus {
        Consensus::Unanimous => count == n,
        Consensus::Majority => 2 * count > n,
    };
    let mut agreed: Vec<Item> = holders
        .iter()
        .filter(|(_, &count)| held(count))
        .map(|(&item, _)| item.clone())
        .collect();
    agreed.sort_by_key(|item| (extent(item).start, extent(item).end, kind_order(item)));
    // The rest, each with who has it.
    let mut spans: Vec<(usize, SpanKey)> = Vec::new();
    let mut others: BTreeMap<Item, Vec<usize>> = BTreeMap::new();
    for (annotator, items) in per_annotator.iter().enumerate() {
        for item in items {
            if held(holders[item]) {
                continue;
            }
            match item {
                Item::Span(key) => spans.push((annotator, key.clone())),
                other => others.entry(other.clone()).or_default().push(annotator),
            }
        }
    }
    let mut disagreements = span_groups(spans, n);
    for (item, annotators) in others {
        let mut options = vec![Vec::new(); n];
        for annotator in annotators {
            if options[annotator].is_empty() {
                options[annotator].push(item.clone());
            }
        }
        disagreements.push(Disagreement {
            range: extent(&item),
            options,
        });
    }
    // In text order; spans before the relations and entities that start with them.
    disagreements.sort_by_key(|d| {
        let first = d.options.iter().flatten().next().map_or(0, kind_order);
        (d.range.start, first, d.range.end)
    });
    Plan {
        annotators: versions.iter().map(|(name, _)| Rc::clone(name)).collect(),
        agreed,
        disagreements,
        sources,
    }
}

fn kind_order(item: &Item) -> u8 {
    match item {
        Item::Span(_) => 0,
        Item::Relation(_) => 1,
        Item::Entity(_) => 2,
    }
}

/// Spans that overlap, across annotators, grouped into one disagreement each.
fn span_groups(mut spans: Vec<(usize, SpanKey)>, n: usize) -> Vec<Disagreement> {
    spans.sort_by_key(|a| (a.1.start, a.1.end, a.0));
    let mut out: Vec<Disagreement> = Vec::new();
    for (annotator, key) in spans {
        let range = key.range();
        let overlaps = out
            .last()
            .is_some_and(|d| range.start < d.range.end || range == d.range);
        if !overlaps {
            out.push(Disagreement {
                range,
                options: vec![Vec::new(); n],
            });
        }
        let group = out.last_mut().expect("pushed above");
        group.range.end = group.range.end.max(range.end);
        let item = Item::Span(key);
        if !group.options[annotator].contains(&item) {
            group.options[annotator].push(item);
        }
    }
    out
}

/// The gold layer: what the consensus holds and what the decisions take. Disagreements without
/// a decision (by signature) take nothing yet.
pub fn gold(plan: &Plan, decisions: &HashMap<String, Decision>) -> Layer {
    let mut items: Vec<&Item> = plan.agreed.iter().collect();
    for disagreement in &plan.disagreements {
        match decisions.get(&disagreement.signature(&plan.annotators)) {
            Some(Decision::Take(annotator)) => {
                items.extend(disagreement.options.get(*annotator).into_iter().flatten())
            }
            Some(Decision::All) => items.extend(disagreement.options.iter().flatten()),
            Some(Decision::Neither) | None => {}
        }
    }
    let mut spans: Vec<&SpanKey> = items
        .iter()
        .filter_map(|item| match item {
            Item::Span(key) => Some(key),
            _ => None,
        })
        .collect();
    spans.sort();
    spans.dedup();
    let mut layer = Layer::default();
    let mut ids: HashMap<&SpanKey, AnnotationId> = HashMap::new();
    for (i, key) in spans.into_iter().enumerate() {
        let id = AnnotationId::new(&format!("g{}", i + 1));
        let mut annotation = plan
            .sources
            .spans
            .get(key)
            .cloned()
            .expect("every span key comes from an annotation");
        annotation.id = id.clone();
        ids.insert(key, id);
        layer.annotations.push(annotation);
    }
    let mut relations: Vec<&RelationKey> = Vec::new();
    let mut entities: Vec<&EntityKey> = Vec::new();
    for item in &items {
        match item {
            Item::Relation(r) if ids.contains_key(&r.from) && ids.contains_key(&r.to) => {
                relations.push(r)
            }
            Item::Entity(e) => entities.push(e),
            _ => {}
        }
    }
    relations.sort();
    relations.dedup();
    for (i, r) in relations.into_iter().enumerate() {
        layer.relations.push(Relation {
            id: RelationId(Rc::from(format!("gr{}", i + 1))),
            kind: Rc::clone(&r.kind),
            from: ids[&r.from].clone(),
            to: ids[&r.to].clone(),
        });
    }
    entities.sort();
    entities.dedup();
    let mut n_entities = 0;
    for e in entities {
        let mentions: Vec<AnnotationId> = e
            .mentions
            .iter()
            .filter_map(|m| ids.get(m).cloned())
            .collect();
        if mentions.is_empty() {
            continue;
        }
        n_entities += 1;
        layer.entities.push(Entity {
            id: EntityId(Rc::from(format!("ge{n_entities}"))),
            name: Rc::clone(&e.name),
            wikidata: e.wikidata.clone(),
            mentions,
        });
    }
    layer
}

/// The decisions of an earlier plan that still apply to `plan` (their disagreement is the same),
/// and how many of its disagreements still wait for one.
pub fn carried_over(
    plan: &Plan,
    decisions: &HashMap<String, Decision>,
) -> (HashMap<String, Decision>, usize) {
    let mut kept = HashMap::new();
    let mut waiting = 0;
    for disagreement in &plan.disagreements {
        let signature = disagreement.signature(&plan.annotators);
        match decisions.get(&signature) {
            Some(decision) => {
                kept.insert(signature, *decision);
            }
            None => waiting += 1,
        }
    }
    (kept, waiting)
}

/// The decisions a gold layer holds: for each disagreement, the annotator whose items there are
/// exactly gold's (the first such), or all of them; one gold has nothing of is settled as
/// [`Decision::Neither`] when `left_out` names it, else waits; one where gold holds something
/// else (edited by hand) has none.
pub fn decisions_in(
    plan: &Plan,
    gold: &Document,
    left_out: &[Rc<str>],
) -> HashMap<String, Decision> {
    let mut sources = Sources::default();
    let held: std::collections::HashSet<Item> = items_of(gold, &mut sources).into_iter().collect();
    let mut out = HashMap::new();
    for disagreement in &plan.disagreements {
        let mut here: Vec<&Item> = disagreement
            .options
            .iter()
            .flatten()
            .filter(|item| held.contains(*item))
            .collect();
        here.sort();
        here.dedup();
        if here.is_empty() {
            let signature = disagreement.signature(&plan.annotators);
            if left_out.iter().any(|s| **s == *signature) {
                out.insert(signature, Decision::Neither);
            }
            continue;
        }
        let same = |items: &[Item]| {
            let mut items: Vec<&Item> = items.iter().collect();
            items.sort();
            items.dedup();
            items == here
        };
        let decision = match disagreement.options.iter().position(|o| same(o)) {
            Some(annotator) => Decision::Take(annotator),
            None if same(&disagreement.options.concat()) => Decision::All,
            None => continue,
        };
        out.insert(disagreement.signature(&plan.annotators), decision);
    }
    out
}

/// The annotators' versions to adjudicate: every version but gold, by name.
pub fn annotator_versions(document: &Document) -> Vec<(Rc<str>, Document)> {
    document
        .version_documents()
        .into_iter()
        .filter_map(|(name, version)| name.filter(|n| &**n != GOLD).map(|n| (n, version)))
        .collect()
}

/// The gold version as it is, if the document has one.
pub fn gold_version(document: &Document) -> Option<Document> {
    document
        .version_documents()
        .into_iter()
        .find(|(name, _)| name.as_deref() == Some(GOLD))
        .map(|(_, version)| version)
}

/// The signatures of the disagreements `decisions` settle by taking nothing: kept beside gold.
pub fn left_out(plan: &Plan, decisions: &HashMap<String, Decision>) -> Vec<Rc<str>> {
    plan.disagreements
        .iter()
        .filter_map(|d| {
            let signature = d.signature(&plan.annotators);
            let nothing = match decisions.get(&signature)? {
                Decision::Neither => true,
                Decision::Take(annotator) => d.options.get(*annotator).is_none_or(Vec::is_empty),
                Decision::All => false,
            };
            nothing.then(|| Rc::from(signature))
        })
        .collect()
}

/// `document` with `layer` as its gold version (stacked when it has none), shown, and the
/// disagreements settled by taking nothing (`left_out`) noted.
pub fn with_gold(
    document: &Document,
    layer: Layer,
    left_out: Vec<Rc<str>>,
) -> Result<Document, VersionError> {
    let mut gold = document.shown_only().with_annotator(Some(Rc::from(GOLD)));
    let mut layer = layer;
    gold.swap_layer(&mut layer);
    let index = document
        .version_rows()
        .iter()
        .position(|row| row.annotator.as_deref() == Some(GOLD));
    let written = match index {
        Some(index) => versions::replace(document, &gold, index),
        None => versions::stack(document, &gold, None),
    }?;
    Ok(written.with_left_out_of_gold(left_out))
}
