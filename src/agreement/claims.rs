//! Agreement on the claims both versions have at exactly the same range: whether they name the
//! same speaker, and Cohen's κ for verdict, check-worthiness and quote type.
//!
//! Claims of one range are paired in document order (the first of `a` with the first of `b`,
//! and so on), so duplicates are a multiset as for spans. κ is computed from a confusion
//! matrix with integer counts, so summing the matrices of several documents pools them exactly.

use crate::agreement::layer::ClaimUnit;
use crate::model::claim::{CheckWorthiness, QuoteType, Verdict};

/// How often `a` gave category `i` and `b` category `j` to the same item: `cells[i * n + j]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confusion {
    pub n_categories: usize,
    pub cells: Vec<usize>,
}

impl Confusion {
    pub fn new(n_categories: usize) -> Confusion {
        Confusion {
            n_categories,
            cells: vec![0; n_categories * n_categories],
        }
    }

    pub fn record(&mut self, category_a: usize, category_b: usize) {
        self.cells[category_a * self.n_categories + category_b] += 1;
    }

    pub fn add(&mut self, other: &Confusion) {
        debug_assert_eq!(self.n_categories, other.n_categories);
        for (cell, n) in self.cells.iter_mut().zip(&other.cells) {
            *cell += n;
        }
    }

    pub fn n_items(&self) -> usize {
        self.cells.iter().sum()
    }

    /// Cohen's (1960) κ = (p_o − p_e) / (1 − p_e), with p_o the share of items on the diagonal
    /// and p_e = Σ_k (row_k / n)(column_k / n) from each annotator's own distribution.
    ///
    /// `None` when there is no item, and when p_e = 1: both annotators gave every item the one
    /// same category, so there is no variation for chance to be corrected against and κ is
    /// 0/0 (DKPro Statistics refuses such a study with `InsufficientDataException` too).
    /// Computed as n·Σdiag − Σ row·col over n² − Σ row·col in integers, so the value is the
    /// exact fraction rounded once.
    pub fn kappa(&self) -> Option<f64> {
        let n = self.n_categories;
        let n_items = self.n_items() as u128;
        if n_items == 0 {
            return None;
        }
        let mut diagonal = 0u128;
        let mut chance = 0u128;
        for k in 0..n {
            diagonal += self.cells[k * n + k] as u128;
            let row: u128 = (0..n).map(|j| self.cells[k * n + j] as u128).sum();
            let column: u128 = (0..n).map(|i| self.cells[i * n + k] as u128).sum();
            chance += row * column;
        }
        let all = n_items * n_items;
        if chance == all {
            return None;
        }
        let numerator = (n_items * diagonal) as i128 - chance as i128;
        Some(numerator as f64 / (all - chance) as f64)
    }
}

/// What the claims of one pair of versions agree on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimCounts {
    /// Claims at the same range in both versions (pairs).
    pub matched: usize,
    /// Matched pairs naming the same speaker (see [`crate::agreement`] on speakers).
    pub same_speaker: usize,
    /// Categories in the order of [`Verdict::ALL`].
    pub verdict: Confusion,
    /// Categories in the order of [`CheckWorthiness::ALL`].
    pub check_worthiness: Confusion,
    /// Categories in the order of [`QuoteType::ALL`].
    pub quote_type: Confusion,
}

impl Default for ClaimCounts {
    fn default() -> ClaimCounts {
        ClaimCounts {
            matched: 0,
            same_speaker: 0,
            verdict: Confusion::new(Verdict::ALL.len()),
            check_worthiness: Confusion::new(CheckWorthiness::ALL.len()),
            quote_type: Confusion::new(QuoteType::ALL.len()),
        }
    }
}

impl ClaimCounts {
    /// The share of matched claims naming the same speaker; `None` without matched claims.
    pub fn speaker_agreement(&self) -> Option<f64> {
        (self.matched > 0).then(|| self.same_speaker as f64 / self.matched as f64)
    }

    pub fn add(&mut self, other: &ClaimCounts) {
        self.matched += other.matched;
        self.same_speaker += other.same_speaker;
        self.verdict.add(&other.verdict);
        self.check_worthiness.add(&other.check_worthiness);
        self.quote_type.add(&other.quote_type);
    }
}

/// Pairs the claims of `a` and `b` (both sorted by range) and counts their agreement.
pub(crate) fn compare_claims(a: &[ClaimUnit], b: &[ClaimUnit]) -> ClaimCounts {
    let mut counts = ClaimCounts::default();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (claim_a, claim_b) = (&a[i], &b[j]);
        match (claim_a.start, claim_a.end).cmp(&(claim_b.start, claim_b.end)) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                counts.matched += 1;
                if claim_a.speaker.agrees_with(&claim_b.speaker) {
                    counts.same_speaker += 1;
                }
                counts.verdict.record(claim_a.verdict, claim_b.verdict);
                counts
                    .check_worthiness
                    .record(claim_a.check_worthiness, claim_b.check_worthiness);
                counts
                    .quote_type
                    .record(claim_a.quote_type, claim_b.quote_type);
                i += 1;
                j += 1;
            }
        }
    }
    counts
}
