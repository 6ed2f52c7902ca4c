//! The job (steps, progress, pooling, bad input) and the report file, JSON and CSV.

use crate::agreement::job::{agreement, Agreement, AgreementError, AgreementJob, DocumentVersions};
use crate::agreement::report::AgreementReport;
use crate::model::document::DocumentId;
use crate::model::fixture::parse_fixture;

/// One document, each annotator's version a fixture (`None`: no version).
fn document(id: &str, title: &str, versions: &[Option<&str>]) -> DocumentVersions {
    DocumentVersions {
        id: DocumentId::from(id),
        title: title.into(),
        versions: versions.iter().map(|v| v.map(parse_fixture)).collect(),
    }
}

fn names(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

fn run(annotators: &[&str], documents: Vec<DocumentVersions>) -> Agreement {
    agreement(names(annotators), documents).expect("comparable versions")
}

/// Two annotators who disagree on one label: every number below worked by hand. Exact and
/// overlap: Blinken matches, Cairo is GPE against LOC (1 of 2 each way). Boundary: both match,
/// Cairo counted under a's GPE. αu over L = 16: PER agrees (D_o = 0); GPE lies in ben's gap,
/// D_o = 2·5²/(2·16²) = 25/256 and D_e = 2·5²·((11−4) + (16−4)) / (16·(32·31 − 5·4)) =
/// 950/15552, so αu = 1 − (25/256)/(950/15552) = −568.75/950; LOC likewise; overall
/// 1 − (2·25/256) / (1904/14528 + 2·950/15552) = 0.22871.
fn cairo() -> Agreement {
    run(
        &["ana", "ben"],
        vec![document(
            "d1",
            "Cairo visit",
            &[
                Some("[Blinken|PER] in [Cairo|GPE]"),
                Some("[Blinken|PER] in [Cairo|LOC]"),
            ],
        )],
    )
}

const CAIRO_LABELS_EXACT: &str = r#"{
          "GPE": {
            "a": 1,
            "b": 0,
            "matched": 0,
            "f1": 0.0,
            "precision": null,
            "recall": 0.0
          },
          "LOC": {
            "a": 0,
            "b": 1,
            "matched": 0,
            "f1": 0.0,
            "precision": 0.0,
            "recall": null
          },
          "PER": {
            "a": 1,
            "b": 1,
            "matched": 1,
            "f1": 1.0,
            "precision": 1.0,
            "recall": 1.0
          }
        }"#;

#[test]
fn report_json_of_a_small_case() {
    let expected = format!(
        r#"{{
  "format": "spanwise-agreement",
  "version": 1,
  "annotators": [
    "ana",
    "ben"
  ],
  "documents": [
    {{
      "id": "d1",
      "title": "Cairo visit"
    }}
  ],
  "pairs": [
    {{
      "a": "ana",
      "b": "ben",
      "exact": {{
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "a": 2,
        "b": 2,
        "matched": 1,
        "labels": {CAIRO_LABELS_EXACT}
      }},
      "overlap": {{
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "a": 2,
        "b": 2,
        "matched": 1,
        "labels": {CAIRO_LABELS_EXACT}
      }},
      "boundary": {{
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "a": 2,
        "b": 2,
        "matched": 2,
        "labels": {{
          "GPE": {{
            "a": 1,
            "b": 1,
            "matched": 1,
            "f1": 1.0,
            "precision": 1.0,
            "recall": 1.0
          }},
          "PER": {{
            "a": 1,
            "b": 1,
            "matched": 1,
            "f1": 1.0,
            "precision": 1.0,
            "recall": 1.0
          }}
        }}
      }},
      "claims": {{
        "matched": 0,
        "speaker_agreement": null,
        "verdict_kappa": null,
        "check_worthiness_kappa": null,
        "quote_type_kappa": null
      }},
      "confusion": [
        {{
          "a": "GPE",
          "b": "LOC",
          "count": 1
        }}
      ]
    }}
  ],
  "alpha": {{
    "annotators": 2,
    "overall": 0.2287090647134361,
    "labels": {{
      "GPE": -0.5986842105263157,
      "LOC": -0.5986842105263157,
      "PER": 1.0
    }}
  }}
}}"#
    );
    let result = cairo();
    let report = AgreementReport::document(&result, 0).expect("one document");
    assert_eq!(report.to_json(), expected);
    // With one document the workspace report says the same.
    assert_eq!(AgreementReport::workspace(&result).to_json(), expected);
    assert_eq!(AgreementReport::document(&result, 1), None);
}

#[test]
fn report_csv_of_a_small_case() {
    let expected = "\
a,b,measure,label,a_count,b_count,matched,precision,recall,f1,value\r
ana,ben,exact,,2,2,1,0.5,0.5,0.5,\r
ana,ben,exact,GPE,1,0,0,,0.0,0.0,\r
ana,ben,exact,LOC,0,1,0,0.0,,0.0,\r
ana,ben,exact,PER,1,1,1,1.0,1.0,1.0,\r
ana,ben,overlap,,2,2,1,0.5,0.5,0.5,\r
ana,ben,overlap,GPE,1,0,0,,0.0,0.0,\r
ana,ben,overlap,LOC,0,1,0,0.0,,0.0,\r
ana,ben,overlap,PER,1,1,1,1.0,1.0,1.0,\r
ana,ben,boundary,,2,2,2,1.0,1.0,1.0,\r
ana,ben,boundary,GPE,1,1,1,1.0,1.0,1.0,\r
ana,ben,boundary,PER,1,1,1,1.0,1.0,1.0,\r
ana,ben,speaker_agreement,CLAIM,,,0,,,,\r
ana,ben,verdict_kappa,CLAIM,,,0,,,,\r
ana,ben,check_worthiness_kappa,CLAIM,,,0,,,,\r
ana,ben,quote_type_kappa,CLAIM,,,0,,,,\r
";
    let report = AgreementReport::document(&cairo(), 0).expect("one document");
    assert_eq!(report.to_csv(), expected);
    // Names with commas or quotes are quoted.
    let mut report = report;
    report.pairs[0].a = "Smith, \"Ana\"".to_string();
    let csv = report.to_csv();
    assert_eq!(
        csv.lines().nth(1),
        Some("\"Smith, \"\"Ana\"\"\",ben,exact,,2,2,1,0.5,0.5,0.5,")
    );
}

#[test]
fn the_job_runs_in_steps_with_progress() {
    let article = "[Blinken|PER] met [Shoukry|PER] in [Cairo|GPE]";
    let documents = vec![
        document("d1", "one", &[Some(article), Some(article), Some(article)]),
        document("d2", "two", &[Some("x [y|PER]"), None, Some("x [y|PER]")]),
    ];
    let mut job = AgreementJob::new(names(&["ana", "ben", "cy"]), documents).expect("valid");
    // d1: three reads, three pairs, αu; d2: two reads, one pair, αu; then the workspace αu.
    let mut seen = vec![job.progress()];
    while !job.is_done() {
        seen.push(job.step());
    }
    let done: Vec<(usize, usize)> = seen.iter().map(|p| (p.done, p.total)).collect();
    let expected: Vec<(usize, usize)> = (0..=12).map(|n| (n, 12)).collect();
    assert_eq!(done, expected);
    assert_eq!(job.step().done, 12, "a finished job does nothing more");
    let result = job.finish();
    let pairs = |d: usize| -> Vec<(usize, usize)> {
        result.documents[d]
            .pairs
            .iter()
            .map(|p| (p.a, p.b))
            .collect()
    };
    assert_eq!(pairs(0), [(0, 1), (0, 2), (1, 2)]);
    assert_eq!(pairs(1), [(0, 2)]);
    assert_eq!(result.documents[1].alpha.n_annotators, 2);
    // The workspace αu covers the documents all three have: d1 only.
    assert_eq!(result.workspace_alpha, result.documents[0].alpha);
}

#[test]
fn pairs_pool_counts_over_documents() {
    let result = run(
        &["ana", "ben"],
        vec![
            document("d1", "one", &[Some("[a|X] [b|X]"), Some("[a|X] b")]),
            document("d2", "two", &[Some("[c|X] d"), Some("[c|Y] [d|X]")]),
            document("d3", "three", &[Some("[e|X]"), None]),
        ],
    );
    let report = AgreementReport::workspace(&result);
    let exact = &report.pairs[0].exact;
    // d1: 2 against 1, 1 matched; d2: 1 against 2, none; d3 is ana's only and not counted.
    assert_eq!((exact.a, exact.b, exact.matched), (3, 3, 1));
    assert_eq!(exact.f1, Some(2.0 / 6.0));
    assert_eq!(report.pairs[0].confusion.len(), 1);
    let titles: Vec<&str> = report.documents.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(titles, ["one", "two", "three"]);
}

#[test]
fn three_annotators_have_a_mean_over_pairs() {
    let both = "[Blinken|PER] in [Cairo|GPE]";
    let result = run(
        &["ana", "ben", "cy"],
        vec![document(
            "d1",
            "t",
            &[Some(both), Some(both), Some("[Blinken|PER] in Cairo")],
        )],
    );
    let report = AgreementReport::workspace(&result);
    let mean = report.mean.as_ref().expect("three annotators");
    assert_eq!(mean.n_pairs, 3);
    // Exact F1: ana–ben 1, ana–cy 2/3, ben–cy 2/3; recall 1, 1/2, 1/2; precision 1 each;
    // GPE's F1 1, 0, 0.
    assert_eq!(mean.exact.f1, Some((1.0 + 2.0 / 3.0 + 2.0 / 3.0) / 3.0));
    assert_eq!(mean.exact.recall, Some(2.0 / 3.0));
    assert_eq!(mean.exact.precision, Some(1.0));
    assert_eq!(mean.exact.labels["GPE"], Some(1.0 / 3.0));
    assert_eq!(mean.claims.verdict_kappa, None);
    assert!(report.to_json().contains("\"mean\": {"));
}

#[test]
fn one_annotator_has_no_pairs() {
    let result = run(&["ana"], vec![document("d1", "t", &[Some("[a|X]")])]);
    let report = AgreementReport::workspace(&result);
    assert!(report.pairs.is_empty());
    assert_eq!(report.mean, None);
    assert_eq!(report.alpha.overall, None);
    let json = report.to_json();
    assert!(json.contains("\"pairs\": []"), "{json}");
    assert!(!json.contains("mean"), "{json}");
    assert_eq!(
        report.to_csv(),
        "a,b,measure,label,a_count,b_count,matched,precision,recall,f1,value\r\n"
    );
}

#[test]
fn versions_that_do_not_fit_are_refused() {
    let refused = |versions: &[Option<&str>]| {
        AgreementJob::new(names(&["ana", "ben"]), vec![document("d1", "t", versions)]).err()
    };
    assert_eq!(
        refused(&[Some("abc")]),
        Some(AgreementError::VersionCount {
            document: "d1".to_string(),
            expected: 2,
            found: 1
        })
    );
    assert_eq!(
        refused(&[Some("abc"), Some("abcd")]),
        Some(AgreementError::TextLength {
            document: "d1".to_string(),
            annotator: "ben".to_string(),
            expected: 3,
            found: 4
        })
    );
    assert_eq!(refused(&[Some("abc"), None]), None);
}
