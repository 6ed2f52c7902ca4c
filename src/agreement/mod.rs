//! Inter-annotator agreement: how far several annotators' versions of the same documents agree,
//! pair by pair and over the workspace. Pure Rust, no web crates, tested natively.
//!
//! For a pair (`a` the reference, `b` the other), [`spans`] counts exact, overlap and boundary
//! matches per label (claims are the label `CLAIM`, cues `CUE`) and the label confusion;
//! [`claims`] compares the claims at the same range (speaker agreement and Cohen's κ for
//! verdict, check-worthiness and quote type); [`alpha`] computes Krippendorff's αu over all
//! annotators. [`input`] reads the documents' annotator versions into the job's input; [`job`]
//! runs it all in bounded steps with progress, and [`report`] writes the
//! `spanwise-agreement` file and its CSV.
//!
//! **Speakers across annotators.** Two matched claims name the same speaker when their speaker
//! mentions have the same range, or belong to entities that share a mention range (a mention
//! outside any entity stands for itself); claims without a speaker agree when both give the
//! same attribution (unattributed, or the author). `alias` relations are not looked at.
//!
//! Every measure is built from integer counts, so pooling documents sums counts (micro), and a
//! measure with nothing to count is `None` (`null` in the report), never NaN.

pub mod alpha;
pub mod claims;
pub mod input;
pub mod job;
mod layer;
pub mod report;
pub mod spans;

pub use alpha::{unitizing_alpha, Alpha, LabelAlpha};
pub use claims::{ClaimCounts, Confusion};
pub use input::versions_of;
pub use job::{
    agreement, Agreement, AgreementError, AgreementJob, DocumentAgreement, DocumentVersions,
    PairAgreement, PairCounts, Progress,
};
pub use report::AgreementReport;
pub use spans::{Counts, MeasureCounts, SpanCounts};

#[cfg(test)]
mod tests_alpha;
#[cfg(test)]
mod tests_claims;
#[cfg(test)]
mod tests_report;
#[cfg(test)]
mod tests_spans;
