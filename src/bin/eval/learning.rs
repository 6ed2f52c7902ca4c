//! The learning curve of the trainable tagger (issue 18): train on the first N annotated
//! documents of a set, score the next ones (exact span and label), for the rules alone, the
//! model alone and the two combined; and the tagger's speed, measured natively in release.

use std::fs;
use std::path::Path;
use std::time::Instant;

use spanwise::assist::learn::model_file::save;
use spanwise::assist::learn::{combine, model_suggest, CombineOptions, TrainConfig, Trainer};
use spanwise::assist::{suggest, SuggestionKind};
use spanwise::formats::brat::import_pair;
use spanwise::formats::spanwise::import_json;
use spanwise::model::document::{Annotation, Document, SpanKind};
use spanwise::model::offsets::CpRange;
use spanwise::model::schema::Schema;

use crate::{blank, Counts};

/// A named list of annotated documents, in a fixed order.
struct DataSet {
    name: &'static str,
    source: &'static str,
    documents: Vec<Document>,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn gold_set() -> DataSet {
    let documents = crate::gold_files()
        .iter()
        .map(|f| {
            let raw = fs::read_to_string(f).expect("readable gold file");
            import_json(&raw).expect("valid gold file").0
        })
        .collect();
    DataSet {
        name: "gold",
        source: "tests/gold/*.spanwise.json, 7 news articles annotated by hand (all labels)",
        documents,
    }
}

/// The brat tutorial's news collection, its labels mapped to the schema's (Person → PERSON,
/// Organization → ORG, GPE → GPE); event triggers and the other types are left out.
fn brat_set() -> DataSet {
    let dir = root().join("tests/corpus/brat/news");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("tests/corpus/brat/news exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let mut documents = Vec::new();
    for name in names {
        let text = fs::read_to_string(dir.join(&name)).expect("readable brat text");
        let ann = fs::read_to_string(dir.join(name.replace(".txt", ".ann"))).unwrap_or_default();
        let Ok(imported) = import_pair(&name, &text, &ann) else {
            continue;
        };
        let Some(imported) = imported.documents.into_iter().next() else {
            continue;
        };
        let source = imported.document;
        let mut document = Document::new(&source.id, &source.title, source.text());
        for (n, a) in source.annotations().iter().enumerate() {
            let label = match &*a.label {
                "Person" => "PERSON",
                "Organization" => "ORG",
                "GPE" => "GPE",
                _ => continue,
            };
            document.insert(Annotation::entity(&format!("a{}", n + 1), label, a.range));
        }
        documents.push(document);
    }
    DataSet {
        name: "brat-news",
        source: "tests/corpus/brat/news (the brat tutorial's documents, news sentences about brat itself; Person/Organization/GPE only, mapped to PERSON/ORG/GPE)",
        documents,
    }
}

fn entities(document: &Document) -> Vec<(CpRange, String)> {
    document
        .annotations()
        .iter()
        .filter(|a| a.kind == SpanKind::Entity)
        .map(|a| (a.range, a.label.to_string()))
        .collect()
}

fn score(counts: &mut Counts, gold: &[(CpRange, String)], found: &[(CpRange, String)]) {
    counts.n_gold += gold.len();
    counts.n_suggested += found.len();
    counts.true_positives += found.iter().filter(|f| gold.contains(f)).count();
}

/// Rows of the curve for one data set: rules, model and combined, for each N the data allows.
fn curve(set: &DataSet, schema: &Schema) {
    let n_documents = set.documents.len();
    println!();
    println!(
        "learning curve on {} ({n_documents} documents): {}",
        set.name, set.source
    );
    println!(
        "{:<22} {:>9} {:>9} {:>9} {:>6} {:>6} {:>6}  test docs",
        "train on first N", "precision", "recall", "F1", "tp", "found", "gold"
    );
    // The points where the data allows, and smaller ones because it hardly does.
    let points: Vec<usize> = [0, 1, 3, 5, 10, 25, 50, 100]
        .into_iter()
        .filter(|&n| n < n_documents)
        .collect();
    for n in points {
        let train: Vec<&Document> = set.documents[..n].iter().collect();
        let tagger = Trainer::new(&train, schema, TrainConfig::default()).finish();
        let (mut rules, mut model, mut both) =
            (Counts::default(), Counts::default(), Counts::default());
        // The brat set has three labels: the rules' others are not counted against them.
        let only_labels = |found: Vec<(CpRange, String)>, _: &[(CpRange, String)]| {
            found
                .into_iter()
                .filter(|(_, l)| {
                    set.name != "brat-news" || ["PERSON", "ORG", "GPE"].contains(&l.as_str())
                })
                .collect::<Vec<_>>()
        };
        for document in &set.documents[n..] {
            let gold = entities(document);
            let input = blank(document);
            let suggestions = suggest(&input, schema);
            let from_rules = suggestions
                .iter()
                .filter(|s| s.kind == SuggestionKind::Entity)
                .map(|s| (s.range, s.label.to_string()))
                .collect();
            score(&mut rules, &gold, &only_labels(from_rules, &gold));
            let from_model = model_suggest(&tagger, &input, &suggestions)
                .into_iter()
                .map(|s| (s.range, s.label.to_string()))
                .collect();
            score(&mut model, &gold, &only_labels(from_model, &gold));
            let combined = combine(&tagger, &input, suggestions, CombineOptions::default())
                .into_iter()
                .filter(|s| s.suggestion.kind == SuggestionKind::Entity)
                .map(|s| (s.suggestion.range, s.suggestion.label.to_string()))
                .collect();
            score(&mut both, &gold, &only_labels(combined, &gold));
        }
        let n_test = n_documents - n;
        println!("{}  {n_test}", rules.row(&format!("N={n:<3} rules")));
        if n > 0 {
            println!("{}  {n_test}", model.row(&format!("N={n:<3} model")));
            println!("{}  {n_test}", both.row(&format!("N={n:<3} combined")));
        }
    }
}

/// Training time for 50 documents, the longest step, suggestion time for a 5 KB article.
fn speed(gold: &DataSet, schema: &Schema) {
    // 50 documents: the gold articles over and over (there are not 50 annotated ones).
    let fifty: Vec<&Document> = gold.documents.iter().cycle().take(50).collect();
    let n_chars: usize = fifty.iter().map(|d| d.text().chars().count()).sum();
    let started = Instant::now();
    let tagger = Trainer::new(&fifty, schema, TrainConfig::default()).finish();
    let training = started.elapsed().as_secs_f64() * 1000.0;
    let json = save(&tagger);
    println!();
    println!(
        "training on 50 documents (the 7 gold articles repeated, {} KB of text, {} tokens): {training:.0} ms; model file {} KB, {} features",
        n_chars / 1000,
        tagger.n_tokens,
        json.len() / 1000,
        tagger.weights.len()
    );
    for budget in [500, 2000] {
        let mut trainer = Trainer::new(&fifty, schema, TrainConfig::default());
        let (mut longest, mut n_steps) = (0.0f64, 0);
        loop {
            let started = Instant::now();
            let progress = trainer.step(budget);
            longest = longest.max(started.elapsed().as_secs_f64() * 1000.0);
            n_steps += 1;
            if progress.is_finished() {
                break;
            }
        }
        println!("  in steps of {budget} tokens: {n_steps} steps, the longest {longest:.1} ms");
    }
    let text = gold.documents[0].text();
    let mut end = 5000.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let article = Document::new("5k", "5k", &text[..end]);
    let mut fastest = (f64::MAX, f64::MAX);
    for _ in 0..5 {
        let started = Instant::now();
        let rules = suggest(&article, schema);
        let after_rules = started.elapsed().as_secs_f64() * 1000.0;
        let combined = combine(&tagger, &article, rules, CombineOptions::default());
        let total = started.elapsed().as_secs_f64() * 1000.0;
        assert!(!combined.is_empty());
        fastest = (fastest.0.min(total - after_rules), fastest.1.min(total));
    }
    println!(
        "suggestions for a 5 KB article (the first 5,000 bytes of {}): model {:.1} ms, rules and model combined {:.1} ms (fastest of 5)",
        gold.documents[0].id, fastest.0, fastest.1
    );
}

pub fn report(schema: &Schema) {
    let gold = gold_set();
    curve(&gold, schema);
    curve(&brat_set(), schema);
    speed(&gold, schema);
}
