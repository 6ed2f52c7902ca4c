//! Measures suggestion quality against the hand-annotated gold set in `tests/gold/`: precision,
//! recall and F1 per entity label (exact span and label), for claims (exact span, and overlap
//! of at least half), and speaker accuracy for the claims found.
//!
//! `cargo run --release --bin eval` prints the tables; `eval --show FILE` prints the
//! suggestions for a text or Spanwise file instead, to read them.

#[path = "eval/learning.rs"]
mod learning;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use spanwise::assist::{suggest, SpeakerRef, Suggestion, SuggestionKind};
use spanwise::formats::spanwise::import_json;
use spanwise::model::document::{Document, SpanKind, SPEAKER};
use spanwise::model::offsets::CpRange;
use spanwise::model::schema::Schema;

#[derive(Default)]
struct Counts {
    true_positives: usize,
    n_suggested: usize,
    n_gold: usize,
}

impl Counts {
    fn row(&self, name: &str) -> String {
        let precision = ratio(self.true_positives, self.n_suggested);
        let recall = ratio(self.true_positives, self.n_gold);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        format!(
            "{name:<22} {precision:>9.3} {recall:>9.3} {f1:>9.3} {:>6} {:>6} {:>6}",
            self.true_positives, self.n_suggested, self.n_gold
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// A text with no annotations: what the suggester sees.
fn blank(document: &Document) -> Document {
    Document::new(&document.id, &document.title, document.text())
}

fn overlap_ratio(a: CpRange, b: CpRange) -> f64 {
    let inter = a
        .end
        .0
        .min(b.end.0)
        .saturating_sub(a.start.0.max(b.start.0));
    inter as f64 / a.len().max(b.len()).max(1) as f64
}

fn gold_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("tests/gold exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".spanwise.json"))
        .collect();
    files.sort();
    files
}

fn show(path: &str) {
    let raw = fs::read_to_string(path).expect("readable file");
    let document = match import_json(&raw) {
        Ok((document, _)) => blank(&document),
        Err(_) => Document::new("show", path, &raw),
    };
    for s in suggest(&document, &Schema::default()) {
        print_suggestion(&document, &s);
    }
}

fn print_suggestion(document: &Document, s: &Suggestion) {
    let speaker = match &s.speaker {
        Some(SpeakerRef::Suggested { range, .. }) => document.slice(*range).to_string(),
        Some(SpeakerRef::Annotation(id)) => id.to_string(),
        None => String::new(),
    };
    let cue = s
        .cue
        .map_or(String::new(), |c| document.slice(c).to_string());
    println!(
        "{:>5}..{:<5} {:<7} {:?} speaker={speaker:?} cue={cue:?}",
        s.range.start,
        s.range.end,
        s.label,
        document.slice(s.range)
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, path] = args.as_slice() {
        if flag == "--show" {
            show(path);
            return;
        }
    }
    let verbose = args.iter().any(|a| a == "--verbose");
    let schema = Schema::default();
    let mut per_label: BTreeMap<String, Counts> = BTreeMap::new();
    let mut all_entities = Counts::default();
    let mut claims_exact = Counts::default();
    let mut claims_overlap = Counts::default();
    let (mut n_speakers, mut speaker_exact, mut speaker_same_name) = (0, 0, 0);
    // Claims found whose gold has no speaker mention, and how many got one anyway.
    let (mut n_no_speaker, mut n_spurious_speaker) = (0, 0);
    let mut slowest = 0.0f64;
    // Documents annotated before the rules ever ran on them (file names `heldout-*`).
    let mut heldout_entities = Counts::default();
    let mut heldout_claims = Counts::default();
    let files = gold_files();
    for file in &files {
        let raw = fs::read_to_string(file).expect("readable gold file");
        let (gold, _) = import_json(&raw).expect("gold files are valid Spanwise JSON");
        let input = blank(&gold);
        // The fastest of a few runs: the first also parses the word lists.
        let mut fastest = f64::MAX;
        let mut suggestions = Vec::new();
        for _ in 0..5 {
            let started = Instant::now();
            suggestions = suggest(&input, &schema);
            fastest = fastest.min(started.elapsed().as_secs_f64() * 1000.0);
        }
        slowest = slowest.max(fastest);
        println!(
            "{} — {}",
            file.file_name().unwrap_or_default().to_string_lossy(),
            gold.title
        );

        // Entities: exact span and label.
        let gold_entities: Vec<_> = gold
            .annotations()
            .iter()
            .filter(|a| a.kind == SpanKind::Entity)
            .collect();
        let found: Vec<&Suggestion> = suggestions
            .iter()
            .filter(|s| s.kind == SuggestionKind::Entity)
            .collect();
        let mut file_entities = Counts {
            n_gold: gold_entities.len(),
            n_suggested: found.len(),
            ..Counts::default()
        };
        for g in &gold_entities {
            let counts = per_label.entry(g.label.to_string()).or_default();
            counts.n_gold += 1;
            all_entities.n_gold += 1;
            let hit = found
                .iter()
                .any(|s| s.range == g.range && s.label == g.label);
            if hit {
                counts.true_positives += 1;
                all_entities.true_positives += 1;
                file_entities.true_positives += 1;
            } else if verbose {
                println!("  missed  {:<7} {:?}", g.label, gold.slice(g.range));
            }
        }
        for s in &found {
            per_label
                .entry(s.label.to_string())
                .or_default()
                .n_suggested += 1;
            all_entities.n_suggested += 1;
            let hit = gold_entities
                .iter()
                .any(|g| s.range == g.range && s.label == g.label);
            if !hit && verbose {
                println!("  wrong   {:<7} {:?}", s.label, gold.slice(s.range));
            }
        }

        // Claims: exact span, and overlap of at least half the longer span.
        let gold_claims: Vec<_> = gold
            .annotations()
            .iter()
            .filter(|a| a.kind == SpanKind::Claim)
            .collect();
        let found_claims: Vec<&Suggestion> = suggestions
            .iter()
            .filter(|s| s.kind == SuggestionKind::Claim)
            .collect();
        let mut file_claims = Counts {
            n_gold: gold_claims.len(),
            n_suggested: found_claims.len(),
            ..Counts::default()
        };
        claims_exact.n_gold += gold_claims.len();
        claims_overlap.n_gold += gold_claims.len();
        claims_exact.n_suggested += found_claims.len();
        claims_overlap.n_suggested += found_claims.len();
        for g in &gold_claims {
            if found_claims.iter().any(|s| s.range == g.range) {
                claims_exact.true_positives += 1;
            }
            let best = found_claims
                .iter()
                .filter(|s| overlap_ratio(s.range, g.range) >= 0.5)
                .max_by(|a, b| {
                    overlap_ratio(a.range, g.range).total_cmp(&overlap_ratio(b.range, g.range))
                });
            let Some(best) = best else {
                if verbose {
                    println!("  missed  CLAIM   {:?}", gold.slice(g.range));
                }
                continue;
            };
            claims_overlap.true_positives += 1;
            file_claims.true_positives += 1;
            let gold_speaker = gold
                .relation_from(&g.id, SPEAKER)
                .and_then(|r| gold.annotation(&r.to));
            if gold_speaker.is_none() {
                n_no_speaker += 1;
                if best.speaker.is_some() {
                    n_spurious_speaker += 1;
                }
            }
            if let Some(gold_speaker) = gold_speaker {
                n_speakers += 1;
                let found_range = match &best.speaker {
                    Some(SpeakerRef::Suggested { range, .. }) => Some(*range),
                    _ => None,
                };
                if found_range == Some(gold_speaker.range) {
                    speaker_exact += 1;
                }
                let same_name = found_range.is_some_and(|r| {
                    input.slice(r).to_lowercase() == gold.slice(gold_speaker.range).to_lowercase()
                        || r.overlaps(gold_speaker.range)
                });
                if same_name {
                    speaker_same_name += 1;
                } else if verbose {
                    println!(
                        "  speaker {:?} for {:?}, gold {:?}",
                        found_range.map(|r| input.slice(r)),
                        gold.slice(g.range),
                        gold.slice(gold_speaker.range)
                    );
                }
            }
        }
        if verbose {
            for s in &found_claims {
                if !gold_claims
                    .iter()
                    .any(|g| overlap_ratio(s.range, g.range) >= 0.5)
                {
                    println!("  wrong   CLAIM   {:?}", input.slice(s.range));
                }
            }
        }
        println!("{}", file_entities.row("  entities"));
        println!("{}", file_claims.row("  claims (overlap)"));
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with("heldout-") {
            for (total, part) in [
                (&mut heldout_entities, &file_entities),
                (&mut heldout_claims, &file_claims),
            ] {
                total.true_positives += part.true_positives;
                total.n_suggested += part.n_suggested;
                total.n_gold += part.n_gold;
            }
        }
    }
    println!();
    println!(
        "{:<22} {:>9} {:>9} {:>9} {:>6} {:>6} {:>6}",
        "entities (exact)", "precision", "recall", "F1", "tp", "found", "gold"
    );
    for (label, counts) in &per_label {
        println!("{}", counts.row(label));
    }
    println!("{}", all_entities.row("all entities"));
    println!();
    println!("{}", claims_exact.row("claims (exact span)"));
    println!("{}", claims_overlap.row("claims (overlap ≥ 50%)"));
    println!(
        "speaker accuracy on the {n_speakers} claims found that have a gold speaker: exact mention {:.3}, same name or overlapping {:.3}",
        ratio(speaker_exact, n_speakers),
        ratio(speaker_same_name, n_speakers)
    );
    println!(
        "of the {n_no_speaker} claims found whose speaker is not a named mention in the gold, {n_spurious_speaker} got a suggested speaker anyway"
    );
    println!();
    println!("held out (annotated before the rules first ran on them):");
    println!("{}", heldout_entities.row("entities (exact)"));
    println!("{}", heldout_claims.row("claims (overlap ≥ 50%)"));
    // Linear time: the sample article repeated to about a megabyte, in one call.
    let sample = include_str!("../../samples/blinken-cairo-gaza.txt");
    let big = vec![sample; 1_000_000 / sample.len() + 1].join("\n");
    let started = Instant::now();
    let n_big = suggest(&Document::new("big", "big", &big), &schema).len();
    println!(
        "{} KB (the sample article repeated): {n_big} suggestions in {:.0} ms",
        big.len() / 1000,
        started.elapsed().as_secs_f64() * 1000.0
    );
    println!(
        "{} gold documents; suggest() takes at most {slowest:.2} ms on one of them (release build)",
        files.len()
    );
    learning::report(&schema);
}
