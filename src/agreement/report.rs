//! The agreement report file, `<title>.agreement.json`, and the same numbers as CSV.
//!
//! The names the issue fixes are kept exactly (`format`, `version`, `annotators`, `documents`,
//! `pairs` with `a`, `b`, `exact`/`overlap`/`boundary` with `precision`, `recall`, `f1` and
//! `labels`, and `claims`); fields added here are the counts of each measure, per-label
//! precision and recall, the label `confusion` of each pair, the `mean` over pairs (three
//! annotators or more) and `alpha`. Every number is a plain fraction from 0 to 1 (αu and κ may
//! be negative), or `null` when there is nothing to count.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::agreement::alpha::Alpha;
use crate::agreement::job::{Agreement, PairAgreement};
use crate::agreement::spans::{Counts, MeasureCounts};

pub const REPORT_FORMAT: &str = "spanwise-agreement";
pub const REPORT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgreementReport {
    pub format: &'static str,
    pub version: u32,
    pub annotators: Vec<String>,
    pub documents: Vec<ReportDocument>,
    pub pairs: Vec<ReportPair>,
    /// The mean of each value over the pairs where it is defined; present for three annotators
    /// or more.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean: Option<ReportMean>,
    pub alpha: ReportAlpha,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportDocument {
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportPair {
    /// The reference annotator's name.
    pub a: String,
    pub b: String,
    pub exact: ReportMeasure,
    pub overlap: ReportMeasure,
    pub boundary: ReportMeasure,
    pub claims: ReportClaims,
    /// Spans with the same boundaries and different labels, by (label in `a`, label in `b`).
    pub confusion: Vec<ReportConfusion>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportMeasure {
    /// Micro-averaged over labels.
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
    pub a: usize,
    pub b: usize,
    pub matched: usize,
    pub labels: BTreeMap<String, ReportLabel>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportLabel {
    pub a: usize,
    pub b: usize,
    pub matched: usize,
    pub f1: Option<f64>,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportClaims {
    pub matched: usize,
    pub speaker_agreement: Option<f64>,
    pub verdict_kappa: Option<f64>,
    pub check_worthiness_kappa: Option<f64>,
    pub quote_type_kappa: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportConfusion {
    pub a: String,
    pub b: String,
    pub count: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportMean {
    pub n_pairs: usize,
    pub exact: MeanMeasure,
    pub overlap: MeanMeasure,
    pub boundary: MeanMeasure,
    pub claims: MeanClaims,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MeanMeasure {
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
    /// Each label's mean F1.
    pub labels: BTreeMap<String, Option<f64>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MeanClaims {
    pub speaker_agreement: Option<f64>,
    pub verdict_kappa: Option<f64>,
    pub check_worthiness_kappa: Option<f64>,
    pub quote_type_kappa: Option<f64>,
}

/// Krippendorff's αu over all annotators who have the documents.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportAlpha {
    pub annotators: usize,
    pub overall: Option<f64>,
    pub labels: BTreeMap<String, Option<f64>>,
}

fn measure(counts: &MeasureCounts) -> ReportMeasure {
    let total = counts.total();
    let label = |c: &Counts| ReportLabel {
        a: c.a,
        b: c.b,
        matched: c.matched,
        f1: c.f1(),
        precision: c.precision(),
        recall: c.recall(),
    };
    ReportMeasure {
        precision: total.precision(),
        recall: total.recall(),
        f1: total.f1(),
        a: total.a,
        b: total.b,
        matched: total.matched,
        labels: counts
            .labels
            .iter()
            .map(|(name, c)| (name.clone(), label(c)))
            .collect(),
    }
}

fn pair(annotators: &[String], pair: &PairAgreement) -> ReportPair {
    let (spans, claims) = (&pair.counts.spans, &pair.counts.claims);
    ReportPair {
        a: annotators[pair.a].clone(),
        b: annotators[pair.b].clone(),
        exact: measure(&spans.exact),
        overlap: measure(&spans.overlap),
        boundary: measure(&spans.boundary),
        claims: ReportClaims {
            matched: claims.matched,
            speaker_agreement: claims.speaker_agreement(),
            verdict_kappa: claims.verdict.kappa(),
            check_worthiness_kappa: claims.check_worthiness.kappa(),
            quote_type_kappa: claims.quote_type.kappa(),
        },
        confusion: spans
            .confusion
            .iter()
            .map(|((a, b), count)| ReportConfusion {
                a: a.clone(),
                b: b.clone(),
                count: *count,
            })
            .collect(),
    }
}

/// The mean of the values that are defined; `None` when none is.
fn mean(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let defined: Vec<f64> = values.flatten().collect();
    (!defined.is_empty()).then(|| defined.iter().sum::<f64>() / defined.len() as f64)
}

fn mean_measure(measures: &[&ReportMeasure]) -> MeanMeasure {
    let mut labels: BTreeMap<String, Vec<Option<f64>>> = BTreeMap::new();
    for m in measures {
        for (name, label) in &m.labels {
            labels.entry(name.clone()).or_default().push(label.f1);
        }
    }
    MeanMeasure {
        precision: mean(measures.iter().map(|m| m.precision)),
        recall: mean(measures.iter().map(|m| m.recall)),
        f1: mean(measures.iter().map(|m| m.f1)),
        labels: labels
            .into_iter()
            .map(|(name, f1s)| (name, mean(f1s.into_iter())))
            .collect(),
    }
}

fn mean_of(pairs: &[ReportPair]) -> ReportMean {
    let pick = |f: fn(&ReportPair) -> &ReportMeasure| pairs.iter().map(f).collect::<Vec<_>>();
    let claims = |f: fn(&ReportClaims) -> Option<f64>| mean(pairs.iter().map(|p| f(&p.claims)));
    ReportMean {
        n_pairs: pairs.len(),
        exact: mean_measure(&pick(|p| &p.exact)),
        overlap: mean_measure(&pick(|p| &p.overlap)),
        boundary: mean_measure(&pick(|p| &p.boundary)),
        claims: MeanClaims {
            speaker_agreement: claims(|c| c.speaker_agreement),
            verdict_kappa: claims(|c| c.verdict_kappa),
            check_worthiness_kappa: claims(|c| c.check_worthiness_kappa),
            quote_type_kappa: claims(|c| c.quote_type_kappa),
        },
    }
}

fn alpha(alpha: &Alpha) -> ReportAlpha {
    ReportAlpha {
        annotators: alpha.n_annotators,
        overall: alpha.overall,
        labels: alpha
            .labels
            .iter()
            .map(|(name, label)| (name.clone(), label.alpha))
            .collect(),
    }
}

impl AgreementReport {
    fn assemble(
        agreement: &Agreement,
        documents: Vec<ReportDocument>,
        pairs: &[PairAgreement],
        alpha_of: &Alpha,
    ) -> AgreementReport {
        let pairs: Vec<ReportPair> = pairs
            .iter()
            .map(|p| pair(&agreement.annotators, p))
            .collect();
        AgreementReport {
            format: REPORT_FORMAT,
            version: REPORT_VERSION,
            annotators: agreement.annotators.clone(),
            documents,
            mean: (agreement.annotators.len() >= 3).then(|| mean_of(&pairs)),
            pairs,
            alpha: alpha(alpha_of),
        }
    }

    /// Over every document: each pair's counts summed over the documents both annotators have,
    /// and αu of the workspace.
    pub fn workspace(agreement: &Agreement) -> AgreementReport {
        let documents = agreement
            .documents
            .iter()
            .map(|d| ReportDocument {
                id: d.id.to_string(),
                title: d.title.to_string(),
            })
            .collect();
        let pairs = agreement.pooled_pairs();
        AgreementReport::assemble(agreement, documents, &pairs, &agreement.workspace_alpha)
    }

    /// One document (by its index in the agreement): the pairs of annotators who both have it.
    /// `None` for an index out of range.
    pub fn document(agreement: &Agreement, index: usize) -> Option<AgreementReport> {
        let document = agreement.documents.get(index)?;
        let documents = vec![ReportDocument {
            id: document.id.to_string(),
            title: document.title.to_string(),
        }];
        Some(AgreementReport::assemble(
            agreement,
            documents,
            &document.pairs,
            &document.alpha,
        ))
    }

    /// The report as pretty-printed JSON, like the other files Spanwise writes.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("an agreement report always serialises")
    }

    /// The report as CSV (RFC 4180, `\r\n` line ends), one row per pair × measure × label:
    ///
    /// `a,b,measure,label,a_count,b_count,matched,precision,recall,f1,value`
    ///
    /// For the span measures (`exact`, `overlap`, `boundary`) the first row of each has an
    /// empty `label`, the micro-average, then one row per label; `value` is empty. The claim
    /// measures (`speaker_agreement`, `verdict_kappa`, `check_worthiness_kappa`,
    /// `quote_type_kappa`) have label `CLAIM`, `matched` the matched claims and the measure in
    /// `value`; their span columns are empty. An empty number is `null` in the JSON. The label
    /// confusion, the mean and αu are in the JSON only.
    pub fn to_csv(&self) -> String {
        let mut out =
            String::from("a,b,measure,label,a_count,b_count,matched,precision,recall,f1,value\r\n");
        let number = |x: Option<f64>| {
            x.map(|x| serde_json::to_string(&x).expect("a finite number"))
                .unwrap_or_default()
        };
        for p in &self.pairs {
            let mut row = |measure: &str, label: &str, cells: [String; 7]| {
                let fields = [
                    csv_field(&p.a),
                    csv_field(&p.b),
                    measure.to_string(),
                    csv_field(label),
                ];
                out.push_str(&fields.join(","));
                for cell in cells {
                    out.push(',');
                    out.push_str(&cell);
                }
                out.push_str("\r\n");
            };
            for (name, m) in [
                ("exact", &p.exact),
                ("overlap", &p.overlap),
                ("boundary", &p.boundary),
            ] {
                row(
                    name,
                    "",
                    [
                        m.a.to_string(),
                        m.b.to_string(),
                        m.matched.to_string(),
                        number(m.precision),
                        number(m.recall),
                        number(m.f1),
                        String::new(),
                    ],
                );
                for (label, l) in &m.labels {
                    row(
                        name,
                        label,
                        [
                            l.a.to_string(),
                            l.b.to_string(),
                            l.matched.to_string(),
                            number(l.precision),
                            number(l.recall),
                            number(l.f1),
                            String::new(),
                        ],
                    );
                }
            }
            let c = &p.claims;
            for (name, value) in [
                ("speaker_agreement", c.speaker_agreement),
                ("verdict_kappa", c.verdict_kappa),
                ("check_worthiness_kappa", c.check_worthiness_kappa),
                ("quote_type_kappa", c.quote_type_kappa),
            ] {
                row(
                    name,
                    crate::model::document::CLAIM_LABEL,
                    [
                        String::new(),
                        String::new(),
                        c.matched.to_string(),
                        String::new(),
                        String::new(),
                        String::new(),
                        number(value),
                    ],
                );
            }
        }
        out
    }
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}
