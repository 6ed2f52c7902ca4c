//! Claim measures: Cohen's κ against textbook examples, speakers across annotators, and the
//! pairing of claims by range.

use std::rc::Rc;

use crate::agreement::claims::{compare_claims, ClaimCounts, Confusion};
use crate::agreement::layer::{LabelTable, Layer};
use crate::model::claim::{Attribution, CheckWorthiness, QuoteType, Verdict};
use crate::model::document::{AnnotationId, Document, Entity, EntityId, Relation, SPEAKER};
use crate::model::fixture::parse_fixture;

/// A confusion matrix from `(count, category of a, category of b)`.
fn confusion(n_categories: usize, items: &[(usize, usize, usize)]) -> Confusion {
    let mut matrix = Confusion::new(n_categories);
    for &(count, a, b) in items {
        for _ in 0..count {
            matrix.record(a, b);
        }
    }
    matrix
}

#[test]
fn kappa_matches_the_textbook_examples() {
    const STAT: usize = 0;
    const IREQ: usize = 1;
    const CHCK: usize = 2;
    // (matrix, κ as the source prints it, κ as the exact fraction worked by hand).
    let cases = [
        // Artstein & Poesio (2008), "Inter-coder agreement for computational linguistics",
        // Computational Linguistics 34(4), p. 568: dialogue acts of 100 utterances, A_o = 0.88,
        // A_e = 0.396, κ = 0.801 (also DKPro Statistics' ArtsteinPoesio2008Test). By hand:
        // rows 46/44/10, columns 52/32/16, (100·88 − 3960) / (100² − 3960) = 4840/6040.
        (
            confusion(
                3,
                &[
                    (46, STAT, STAT),
                    (6, IREQ, STAT),
                    (32, IREQ, IREQ),
                    (6, IREQ, CHCK),
                    (10, CHCK, CHCK),
                ],
            ),
            "0.801",
            4840.0 / 6040.0,
        ),
        // Artstein & Poesio (2008), the two-category example (p. 558): A_o = 0.7, A_e = 0.54,
        // κ = 0.348; (100·70 − 5400) / (100² − 5400) = 1600/4600.
        (
            confusion(
                2,
                &[
                    (20, STAT, STAT),
                    (20, IREQ, STAT),
                    (10, STAT, IREQ),
                    (50, IREQ, IREQ),
                ],
            ),
            "0.348",
            1600.0 / 4600.0,
        ),
        // Cohen (1960), "A coefficient of agreement for nominal scales", Educational and
        // Psychological Measurement 20, p. 45: p_o = 0.70, p_e = 0.41, κ = 0.492;
        // (200·140 − 16400) / (200² − 16400) = 11600/23600.
        (
            confusion(
                3,
                &[
                    (88, 0, 0),
                    (14, 0, 1),
                    (18, 0, 2),
                    (10, 1, 0),
                    (40, 1, 1),
                    (10, 1, 2),
                    (2, 2, 0),
                    (6, 2, 1),
                    (12, 2, 2),
                ],
            ),
            "0.492",
            11600.0 / 23600.0,
        ),
    ];
    for (matrix, printed, exact) in cases {
        let kappa = matrix.kappa().expect("a defined κ");
        assert_eq!(format!("{kappa:.3}"), printed);
        assert_eq!(kappa, exact, "{printed}");
    }
}

#[test]
fn kappa_when_it_is_undefined_or_negative() {
    // No pairs at all.
    assert_eq!(Confusion::new(3).kappa(), None);
    // Both gave every item the same one category: expected agreement is 1, κ is 0/0.
    assert_eq!(confusion(3, &[(5, 1, 1)]).kappa(), None);
    // One annotator used a single category, the other two: p_e < 1, κ is defined (0 here:
    // agreement exactly as chance predicts).
    assert_eq!(confusion(2, &[(2, 0, 0), (2, 0, 1)]).kappa(), Some(0.0));
    // Systematic disagreement.
    assert_eq!(confusion(2, &[(1, 0, 1), (1, 1, 0)]).kappa(), Some(-1.0));
}

/// A fixture with edits: `c1 speaker m2` (a speaker relation), `entity m1 m2` (an entity of
/// these mentions), `c1 author` (attributed to the author), `c1 is false check-worthy direct`
/// (verdict, check-worthiness, quote type), separated by `; `.
fn version(fixture: &str, edits: &str) -> Document {
    let mut document = parse_fixture(fixture);
    for edit in edits.split("; ").filter(|e| !e.is_empty()) {
        let words: Vec<&str> = edit.split(' ').collect();
        match words.as_slice() {
            [claim, "speaker", mention] => {
                let id = document.fresh_relation_id();
                document.insert_relation(Relation {
                    id,
                    kind: Rc::from(SPEAKER),
                    from: AnnotationId::new(claim),
                    to: AnnotationId::new(mention),
                });
            }
            ["entity", mentions @ ..] => {
                let id = document.fresh_entity_id();
                document.put_entity(Entity {
                    id: EntityId(Rc::clone(&id.0)),
                    name: Rc::from("someone"),
                    wikidata: None,
                    mentions: mentions.iter().map(|m| AnnotationId::new(m)).collect(),
                });
            }
            [claim, "author"] => attributes(&mut document, claim).attribution = Attribution::Author,
            [claim, "is", verdict, worthiness, quote] => {
                let attributes = attributes(&mut document, claim);
                attributes.verdict = Verdict::parse(verdict).expect("a verdict");
                attributes.check_worthiness =
                    CheckWorthiness::parse(worthiness).expect("a check-worthiness");
                attributes.quote_type = QuoteType::parse(quote).expect("a quote type");
            }
            _ => panic!("fixture edit not understood: {edit}"),
        }
    }
    document
}

fn attributes<'d>(
    document: &'d mut Document,
    claim: &str,
) -> &'d mut crate::model::claim::ClaimAttributes {
    document
        .annotation_mut(&AnnotationId::new(claim))
        .and_then(|a| a.claim.as_deref_mut())
        .expect("the edit names a claim")
}

fn compare(a: &Document, b: &Document) -> ClaimCounts {
    let mut labels = LabelTable::default();
    let (a, b) = (Layer::of(a, &mut labels), Layer::of(b, &mut labels));
    compare_claims(&a.claims, &b.claims)
}

#[test]
fn speakers_agree_by_mention_range_or_entity() {
    let fixture =
        "[Antony Blinken|PER#m1] met [Shoukry|PER#m3]. [[Blinken|PER#m2] said it|CLAIM#c1]";
    let cases = [
        // The same mention.
        ("c1 speaker m3", "c1 speaker m3", true),
        // Different mentions, no entities.
        ("c1 speaker m2", "c1 speaker m1", false),
        // Mentions of one entity: a grouped both Blinkens; b's mention is in no entity.
        ("c1 speaker m2; entity m1 m2", "c1 speaker m1", true),
        (
            "c1 speaker m2; entity m1 m2",
            "c1 speaker m1; entity m1",
            true,
        ),
        // Entities are the same across annotators when they share a mention range, even if
        // one of them grouped more than the other.
        (
            "c1 speaker m1; entity m1 m2",
            "c1 speaker m3; entity m3 m2",
            true,
        ),
        ("c1 speaker m1; entity m1 m2", "c1 speaker m3", false),
        // A speaker against none.
        ("c1 speaker m1", "", false),
        // Neither names a speaker: the attribution decides.
        ("", "", true),
        ("c1 author", "c1 author", true),
        ("c1 author", "", false),
    ];
    for (edits_a, edits_b, agree) in cases {
        let counts = compare(&version(fixture, edits_a), &version(fixture, edits_b));
        assert_eq!(counts.matched, 1);
        let expected = if agree { 1.0 } else { 0.0 };
        assert_eq!(
            counts.speaker_agreement(),
            Some(expected),
            "{edits_a:?} vs {edits_b:?}"
        );
    }
}

#[test]
fn claims_pair_by_exact_range_as_a_multiset() {
    let check = |a: &str, b: &str, matched: usize| {
        let counts = compare(&parse_fixture(a), &parse_fixture(b));
        assert_eq!(counts.matched, matched, "{a} vs {b}");
        assert_eq!(counts.verdict.n_items(), matched);
    };
    check(
        "[one|CLAIM] [two|CLAIM] three",
        "[one|CLAIM] [tw|CLAIM]o three",
        1,
    );
    // Two claims on one range in a, one in b: one pair.
    check("[[one|CLAIM]|CLAIM] two", "[one|CLAIM] two", 1);
    check("[[one|CLAIM]|CLAIM] two", "[[one|CLAIM]|CLAIM] two", 2);
    // Entities at a claim's range are not claims.
    check("[one|CLAIM] two", "[one|PER] two", 0);
    check("one two", "one two", 0);
    let none = compare(&parse_fixture("one"), &parse_fixture("one"));
    assert_eq!(
        [
            none.speaker_agreement(),
            none.verdict.kappa(),
            none.quote_type.kappa()
        ],
        [None, None, None]
    );
}

#[test]
fn kappa_of_claim_attributes_over_matched_claims() {
    let fixture = "[w|CLAIM#c1] [x|CLAIM#c2] [y|CLAIM#c3] [z|CLAIM#c4] [unmatched|CLAIM#c5]";
    let a = version(
        fixture,
        "c1 is true check-worthy direct; c2 is true check-worthy direct; \
         c3 is false check-worthy indirect; c4 is false check-worthy indirect",
    );
    let b = version(
        &fixture.replace("[unmatched|CLAIM#c5]", "unmatched"),
        "c1 is true check-worthy direct; c2 is false check-worthy indirect; \
         c3 is false check-worthy indirect; c4 is false check-worthy direct",
    );
    let counts = compare(&a, &b);
    assert_eq!(counts.matched, 4);
    // Verdicts: rows true 2, false 2; columns true 1, false 3; 3 on the diagonal:
    // (4·3 − 8) / (16 − 8) = 0.5.
    assert_eq!(counts.verdict.kappa(), Some(0.5));
    // Every claim check-worthy in both: expected agreement 1, κ undefined.
    assert_eq!(counts.check_worthiness.kappa(), None);
    // Quote types: 2 of 4 agree, exactly the chance rate: κ = 0.
    assert_eq!(counts.quote_type.kappa(), Some(0.0));
}
