//! Native tests of adjudication: what the annotators agree on, where they differ, and the gold
//! layer the decisions make, decisions kept across an updated version.

use std::collections::HashMap;
use std::rc::Rc;

use super::adjudication::{carried_over, gold, plan, Consensus, Decision, Item, Plan};
use super::document::{AnnotationId, Document, Entity, EntityId, Relation, RelationId};
use super::fixture::{parse_fixture, render_fixture};
use super::versions::Layer;

const TEXT: &str = "Blinken met Kamel in Cairo on Tuesday";

fn versions(fixtures: &[(&str, &str)]) -> Vec<(Rc<str>, Document)> {
    fixtures
        .iter()
        .map(|(name, fixture)| {
            let document = parse_fixture(fixture);
            assert_eq!(document.text(), TEXT, "{fixture}");
            (Rc::from(*name), document)
        })
        .collect()
}

fn planned(versions: &[(Rc<str>, Document)], consensus: Consensus) -> Plan {
    let refs: Vec<(Rc<str>, &Document)> = versions.iter().map(|(n, d)| (Rc::clone(n), d)).collect();
    plan(&refs, consensus)
}

/// An item as `LABEL:text`, a relation as `kind(from→to)`, an entity as `name{mentions}`.
fn show(item: &Item) -> String {
    let text = |start: usize, end: usize| {
        TEXT.chars()
            .skip(start)
            .take(end - start)
            .collect::<String>()
    };
    match item {
        Item::Span(k) => format!("{}:{}", k.label, text(k.start, k.end)),
        Item::Relation(r) => format!(
            "{}({}→{})",
            r.kind,
            text(r.from.start, r.from.end),
            text(r.to.start, r.to.end)
        ),
        Item::Entity(e) => format!(
            "{}{{{}}}",
            e.name,
            e.mentions
                .iter()
                .map(|m| text(m.start, m.end))
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}

/// The plan as (agreed, each disagreement's options per annotator).
fn shape(plan: &Plan) -> (Vec<String>, Vec<Vec<Vec<String>>>) {
    (
        plan.agreed.iter().map(show).collect(),
        plan.disagreements
            .iter()
            .map(|d| {
                d.options
                    .iter()
                    .map(|items| items.iter().map(show).collect())
                    .collect()
            })
            .collect(),
    )
}

fn gold_fixture(plan: &Plan, decisions: &[(usize, Decision)]) -> String {
    let decisions: HashMap<String, Decision> = decisions
        .iter()
        .map(|&(i, d)| (plan.disagreements[i].signature(&plan.annotators), d))
        .collect();
    let mut document = Document::new("gold", "gold", TEXT);
    let mut layer = gold(plan, &decisions);
    document.swap_layer(&mut layer);
    render_fixture(&document)
}

#[test]
fn what_every_annotator_has_is_agreed_and_overlapping_differences_are_one_disagreement() {
    let v = versions(&[
        (
            "ana",
            "[Blinken|PERSON] met [Kamel|PERSON] in [Cairo|GPE] on Tuesday",
        ),
        (
            "ben",
            "[Blinken|PERSON] met [Kamel|ORG] in [Cairo on|GPE] [Tuesday|DATE]",
        ),
    ]);
    let p = planned(&v, Consensus::Unanimous);
    assert_eq!(
        shape(&p),
        (
            vec!["PERSON:Blinken".to_string()],
            vec![
                vec![
                    vec!["PERSON:Kamel".to_string()],
                    vec!["ORG:Kamel".to_string()]
                ],
                vec![
                    vec!["GPE:Cairo".to_string()],
                    vec!["GPE:Cairo on".to_string()]
                ],
                vec![vec![], vec!["DATE:Tuesday".to_string()]],
            ]
        )
    );
    // (decisions by disagreement, the gold document)
    let cases: [(&[(usize, Decision)], &str); 5] = [
        (&[], "[Blinken|PERSON#g1] met Kamel in Cairo on Tuesday"),
        (
            &[
                (0, Decision::Take(0)),
                (1, Decision::Take(0)),
                (2, Decision::Take(0)),
            ],
            "[Blinken|PERSON#g1] met [Kamel|PERSON#g2] in [Cairo|GPE#g3] on Tuesday",
        ),
        (
            &[
                (0, Decision::Take(1)),
                (1, Decision::Take(1)),
                (2, Decision::Take(1)),
            ],
            "[Blinken|PERSON#g1] met [Kamel|ORG#g2] in [Cairo on|GPE#g3] [Tuesday|DATE#g4]",
        ),
        (
            &[
                (0, Decision::Neither),
                (1, Decision::All),
                (2, Decision::Take(1)),
            ],
            "[Blinken|PERSON#g1] met Kamel in [[Cairo|GPE#g2] on|GPE#g3] [Tuesday|DATE#g4]",
        ),
        (
            &[(0, Decision::All)],
            "[Blinken|PERSON#g1] met [[Kamel|PERSON#g3]|ORG#g2] in Cairo on Tuesday",
        ),
    ];
    for (decisions, expected) in cases {
        assert_eq!(gold_fixture(&p, decisions), expected, "{decisions:?}");
    }
}

#[test]
fn with_three_annotators_a_majority_can_be_the_consensus() {
    let v = versions(&[
        (
            "ana",
            "[Blinken|PERSON] met [Kamel|PERSON] in [Cairo|GPE] on Tuesday",
        ),
        (
            "ben",
            "[Blinken|PERSON] met [Kamel|PERSON] in Cairo on Tuesday",
        ),
        (
            "cem",
            "[Blinken|PERSON] met Kamel in [Cairo|GPE] on [Tuesday|DATE]",
        ),
    ]);
    let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let unanimous = planned(&v, Consensus::Unanimous);
    assert_eq!(
        shape(&unanimous),
        (
            strings(&["PERSON:Blinken"]),
            vec![
                vec![
                    strings(&["PERSON:Kamel"]),
                    strings(&["PERSON:Kamel"]),
                    vec![]
                ],
                vec![strings(&["GPE:Cairo"]), vec![], strings(&["GPE:Cairo"])],
                vec![vec![], vec![], strings(&["DATE:Tuesday"])],
            ]
        )
    );
    let majority = planned(&v, Consensus::Majority);
    assert_eq!(
        shape(&majority),
        (
            strings(&["PERSON:Blinken", "PERSON:Kamel", "GPE:Cairo"]),
            vec![vec![vec![], vec![], strings(&["DATE:Tuesday"])]]
        )
    );
    assert_eq!(
        gold_fixture(&majority, &[]),
        "[Blinken|PERSON#g1] met [Kamel|PERSON#g2] in [Cairo|GPE#g3] on Tuesday"
    );
}

/// A version with relations and entities over its fixture's spans (by fixture ids).
fn with_links(
    fixture: &str,
    relations: &[(&str, &str, &str)],
    entities: &[(&str, &[&str])],
) -> Document {
    let mut document = parse_fixture(fixture);
    let mut layer = Layer {
        annotations: document.annotations().to_vec(),
        relations: relations
            .iter()
            .enumerate()
            .map(|(i, (kind, from, to))| Relation {
                id: RelationId(Rc::from(format!("r{i}"))),
                kind: Rc::from(*kind),
                from: AnnotationId::new(from),
                to: AnnotationId::new(to),
            })
            .collect(),
        entities: entities
            .iter()
            .enumerate()
            .map(|(i, (name, mentions))| Entity {
                id: EntityId(Rc::from(format!("e{i}"))),
                name: Rc::from(*name),
                wikidata: None,
                mentions: mentions.iter().map(|m| AnnotationId::new(m)).collect(),
            })
            .collect(),
    };
    document.swap_layer(&mut layer);
    document
}

#[test]
fn relations_and_entities_are_compared_by_their_spans_and_follow_them_into_gold() {
    // Different ids for the same spans: compared by what they annotate.
    let ana = with_links(
        "[Blinken|PERSON#p] met [Kamel|PERSON#k] in [Cairo|GPE#c] on Tuesday",
        &[("located", "p", "c"), ("met", "p", "k")],
        &[("Antony Blinken", &["p"])],
    );
    let ben = with_links(
        "[Blinken|PERSON#x1] met [Kamel|ORG#x2] in [Cairo|GPE#x3] on Tuesday",
        &[("located", "x1", "x3")],
        &[("Antony Blinken", &["x1"]), ("Abbas Kamel", &["x2"])],
    );
    let v = vec![(Rc::from("ana"), ana), (Rc::from("ben"), ben)];
    let p = planned(&v, Consensus::Unanimous);
    let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        shape(&p),
        (
            // In text order: by start, then the shorter extent first.
            strings(&[
                "PERSON:Blinken",
                "Antony Blinken{Blinken}",
                "located(Blinken→Cairo)",
                "GPE:Cairo"
            ]),
            vec![
                vec![strings(&["met(Blinken→Kamel)"]), vec![]],
                vec![strings(&["PERSON:Kamel"]), strings(&["ORG:Kamel"])],
                vec![vec![], strings(&["Abbas Kamel{Kamel}"])],
            ]
        )
    );
    let decide = |decisions: &[(usize, Decision)]| {
        let decisions: HashMap<String, Decision> = decisions
            .iter()
            .map(|&(i, d)| (p.disagreements[i].signature(&p.annotators), d))
            .collect();
        let layer = gold(&p, &decisions);
        let spans: Vec<String> = layer
            .annotations
            .iter()
            .map(|a| format!("{}:{}", a.id, a.label))
            .collect();
        let relations: Vec<String> = layer
            .relations
            .iter()
            .map(|r| format!("{}:{}→{}", r.kind, r.from, r.to))
            .collect();
        let entities: Vec<String> = layer
            .entities
            .iter()
            .map(|e| {
                format!(
                    "{}:{:?}",
                    e.name,
                    e.mentions.iter().map(|m| m.to_string()).collect::<Vec<_>>()
                )
            })
            .collect();
        (spans, relations, entities)
    };
    // Ana's side throughout: her "met" relation comes with her Kamel span.
    assert_eq!(
        decide(&[
            (0, Decision::Take(0)),
            (1, Decision::Take(0)),
            (2, Decision::Take(0))
        ]),
        (
            strings(&["g1:PERSON", "g2:PERSON", "g3:GPE"]),
            strings(&["located:g1→g3", "met:g1→g2"]),
            strings(&["Antony Blinken:[\"g1\"]"])
        )
    );
    // Ben's Kamel and his entity for it; Ana's relation is taken but its span is Ben's ORG,
    // not her PERSON, so it is left out.
    assert_eq!(
        decide(&[
            (0, Decision::Take(0)),
            (1, Decision::Take(1)),
            (2, Decision::Take(1))
        ]),
        (
            strings(&["g1:PERSON", "g2:ORG", "g3:GPE"]),
            strings(&["located:g1→g3"]),
            strings(&["Abbas Kamel:[\"g2\"]", "Antony Blinken:[\"g1\"]"])
        )
    );
}

#[test]
fn an_updated_version_keeps_the_decisions_of_the_disagreements_it_left_as_they_were() {
    let before = versions(&[
        (
            "ana",
            "[Blinken|PERSON] met [Kamel|PERSON] in [Cairo|GPE] on Tuesday",
        ),
        ("ben", "[Blinken|ORG] met [Kamel|ORG] in Cairo on Tuesday"),
    ]);
    let p = planned(&before, Consensus::Unanimous);
    assert_eq!(p.disagreements.len(), 3);
    let decisions: HashMap<String, Decision> = [
        (0, Decision::Take(1)),
        (1, Decision::Take(0)),
        (2, Decision::Neither),
    ]
    .into_iter()
    .map(|(i, d)| (p.disagreements[i].signature(&p.annotators), d))
    .collect();
    // Ben updates his file: he now tags Cairo as Ana did, and Kamel differently again.
    let after = versions(&[
        (
            "ana",
            "[Blinken|PERSON] met [Kamel|PERSON] in [Cairo|GPE] on Tuesday",
        ),
        (
            "ben",
            "[Blinken|ORG] met [Kamel|NORP] in [Cairo|GPE] on Tuesday",
        ),
    ]);
    let again = planned(&after, Consensus::Unanimous);
    let (kept, waiting) = carried_over(&again, &decisions);
    // Blinken's decision stands; Cairo is agreed now; Kamel changed and waits.
    assert_eq!((kept.len(), waiting), (1, 1));
    let mut document = Document::new("gold", "gold", TEXT);
    let mut layer = gold(&again, &kept);
    document.swap_layer(&mut layer);
    assert_eq!(
        render_fixture(&document),
        "[Blinken|ORG#g1] met Kamel in [Cairo|GPE#g2] on Tuesday"
    );
}

#[test]
fn claims_differ_by_their_attributes_and_one_annotator_alone_disagrees_with_nobody() {
    let mut a = parse_fixture("Blinken met [Kamel in Cairo|CLAIM] on Tuesday");
    let b = a.clone();
    let mut layer = a.layer();
    if let Some(claim) = layer.annotations[0].claim.as_mut() {
        claim.verdict = super::claim::Verdict::False;
    }
    a.swap_layer(&mut layer);
    let v = vec![(Rc::from("ana"), a), (Rc::from("ben"), b)];
    let p = planned(&v, Consensus::Unanimous);
    assert_eq!((p.agreed.len(), p.disagreements.len()), (0, 1));
    assert_eq!(
        p.disagreements[0]
            .options
            .iter()
            .map(|o| match &o[..] {
                [Item::Span(k)] => k.claim.map(|c| c[2]),
                _ => None,
            })
            .collect::<Vec<_>>(),
        [Some("false"), Some("unverified")]
    );
    // One annotator: everything is agreed.
    let one = versions(&[("ana", "[Blinken|PERSON] met Kamel in Cairo on Tuesday")]);
    let p = planned(&one, Consensus::Unanimous);
    assert_eq!(shape(&p), (vec!["PERSON:Blinken".to_string()], vec![]));
}

#[test]
fn the_gold_version_is_the_record_of_the_decisions() {
    use super::adjudication::{annotator_versions, decisions_in, gold_version, with_gold, GOLD};
    let v = versions(&[
        (
            "ana",
            "[Blinken|PERSON] met [Kamel|PERSON] in [Cairo|GPE] on Tuesday",
        ),
        (
            "ben",
            "[Blinken|PERSON] met [Kamel|ORG] in [Cairo on|GPE] [Tuesday|DATE]",
        ),
    ]);
    // A document with both versions, Ben's shown.
    let ana = v[0].1.clone().with_annotator(Some(Rc::clone(&v[0].0)));
    let ben = v[1].1.clone().with_annotator(Some(Rc::clone(&v[1].0)));
    let document = super::versions::stack(&ana, &ben, None).unwrap();
    let p = planned(&annotator_versions(&document), Consensus::Unanimous);
    assert_eq!(p.annotators, [Rc::from("ana"), Rc::from("ben")]);
    let decided: HashMap<String, Decision> = [
        (0, Decision::Take(1)),
        (1, Decision::All),
        (2, Decision::Neither),
    ]
    .into_iter()
    .map(|(i, d)| (p.disagreements[i].signature(&p.annotators), d))
    .collect();
    let left_out = super::adjudication::left_out(&p, &decided);
    assert_eq!(
        left_out,
        [Rc::from(p.disagreements[2].signature(&p.annotators))]
    );
    let document = with_gold(&document, gold(&p, &decided), left_out).unwrap();
    // Gold is a third version, shown; the annotators' versions are as they were.
    let rows: Vec<(Option<String>, bool)> = document
        .version_rows()
        .into_iter()
        .map(|r| (r.annotator.map(|a| a.to_string()), r.shown))
        .collect();
    assert_eq!(
        rows,
        [
            (Some("ana".to_string()), false),
            (Some("ben".to_string()), false),
            (Some(GOLD.to_string()), true)
        ]
    );
    assert_eq!(annotator_versions(&document).len(), 2);
    let gold_now = gold_version(&document).unwrap();
    // Read back whole, "none" included (it is noted beside gold).
    assert_eq!(
        decisions_in(&p, &gold_now, document.left_out_of_gold()),
        decided
    );
    let mut without_note = decided.clone();
    without_note.retain(|_, d| *d != Decision::Neither);
    assert_eq!(decisions_in(&p, &gold_now, &[]), without_note);
    // Written again, gold replaces itself: still three versions.
    let again = with_gold(&document, gold(&p, &HashMap::new()), Vec::new()).unwrap();
    assert_eq!(again.version_rows().len(), 3);
    assert_eq!(
        render_fixture(&gold_version(&again).unwrap()),
        "[Blinken|PERSON#g1] met Kamel in Cairo on Tuesday"
    );
}
