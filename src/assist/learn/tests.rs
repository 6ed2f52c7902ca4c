//! Tests of the trainable tagger: features, training, determinism, the model file, combining.

use crate::assist::learn::features::{shape, text_features, RuleHit};
use crate::assist::learn::model_file::{load, save, ModelFileError};
use crate::assist::learn::parse_suggestion_id;
use crate::assist::learn::tagger::TagSet;
use crate::assist::learn::{combine, model_suggest, CombineOptions, Tagger, TrainConfig, Trainer};
use crate::assist::suggest;
use crate::model::document::Document;
use crate::model::fixture::parse_fixture;
use crate::model::offsets::CpRange;
use crate::model::schema::Schema;

/// Names no rule knows, so whatever is found was learned.
const TOY: [&str; 4] = [
    "[Zorblat Quenn|PERSON] visited [Vantor|GPE] on Monday.\nThe [Krell Union|ORG] met in [Vantor|GPE].",
    "[Mirel Dast|PERSON] said the [Krell Union|ORG] would act.\nTalks in [Osmir|GPE] ended.",
    "In [Osmir|GPE], [Zorblat Quenn|PERSON] met [Mirel Dast|PERSON].",
    "The [Hadran Council|ORG] left [Vantor|GPE] for [Osmir|GPE].",
];

fn toy_documents() -> Vec<Document> {
    TOY.iter().map(|f| parse_fixture(f)).collect()
}

fn train(documents: &[Document], config: TrainConfig) -> Tagger {
    let refs: Vec<&Document> = documents.iter().collect();
    Trainer::new(&refs, &Schema::default(), config).finish()
}

fn bare(document: &Document) -> Document {
    Document::new("bare", "bare", document.text())
}

/// The document's text with the model's spans marked in fixture notation.
fn tagged(tagger: &Tagger, document: &Document) -> String {
    let input = bare(document);
    let rules = suggest(&input, &Schema::default());
    let chars: Vec<char> = input.text().chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for span in model_suggest(tagger, &input, &rules) {
        out.extend(&chars[at..span.range.start.0]);
        out.push('[');
        out.extend(&chars[span.range.start.0..span.range.end.0]);
        out.push_str(&format!("|{}]", span.label));
        at = span.range.end.0;
    }
    out.extend(&chars[at..]);
    out
}

#[test]
fn shapes_keep_two_of_each_run() {
    for (word, expected) in [
        ("Blinken", "Xxx"),
        ("NATO", "XX"),
        ("2024", "dd"),
        ("7", "d"),
        ("U.S.", "X.X."),
        ("el-Sisi", "xx-Xxx"),
        ("iPhone", "xXxx"),
        ("", ""),
    ] {
        assert_eq!(shape(word), expected, "{word}");
    }
}

#[test]
fn the_features_of_a_token_are_exactly_these() {
    let chars: Vec<char> = "Blinken arrived in Cairo on Monday.".chars().collect();
    let hits = [RuleHit {
        range: CpRange::new(19, 24),
        label: "GPE".into(),
    }];
    let sentences = text_features(&chars, &hits);
    assert_eq!(sentences.len(), 1);
    assert_eq!(sentences[0].ranges[3], CpRange::new(19, 24));
    let expected = [
        "bias",
        "w=Cairo",
        "lw=cairo",
        "sh=Xxx",
        "p1=c",
        "p2=ca",
        "p3=cai",
        "s1=o",
        "s2=ro",
        "s3=iro",
        "pos=inside",
        "lw-2=arrived",
        "lw-1=in",
        "sh-1=xx",
        "lw+1=on",
        "sh+1=xx",
        "lw+2=monday",
        "gz=B-GPE",
        "rule=B-GPE",
    ];
    assert_eq!(sentences[0].features[3], expected);
    let first = [
        "bias",
        "w=Blinken",
        "lw=blinken",
        "sh=Xxx",
        "p1=b",
        "p2=bl",
        "p3=bli",
        "s1=n",
        "s2=en",
        "s3=ken",
        "pos=first",
        "first&sh=Xxx",
        "lw-2=<s>",
        "lw-1=<s>",
        "lw+1=arrived",
        "sh+1=xx",
        "lw+2=in",
    ];
    assert_eq!(sentences[0].features[0], first);
    assert_eq!(
        sentences[0].features[6],
        [
            "bias",
            "w=.",
            "lw=.",
            "sh=.",
            "p1=.",
            "s1=.",
            "pos=last",
            "lw-2=on",
            "lw-1=monday",
            "sh-1=Xxx",
            "lw+1=</s>",
            "lw+2=</s>"
        ]
    );
}

#[test]
fn suggestion_ids_name_their_place_and_label() {
    for (id, expected) in [
        ("s-PERSON-8-23", Some((CpRange::new(8, 23), "PERSON"))),
        (
            "s-WORK-OF-ART-1-5",
            Some((CpRange::new(1, 5), "WORK-OF-ART")),
        ),
        ("s-CLAIM-5-5", None),
        ("fix-38", None),
        ("s--1-2", None),
        ("s-PERSON-x-2", None),
    ] {
        assert_eq!(parse_suggestion_id(id), expected, "{id}");
    }
}

#[test]
fn after_training_it_tags_its_training_sentences_exactly() {
    let documents = toy_documents();
    let tagger = train(&documents, TrainConfig::default());
    for (document, fixture) in documents.iter().zip(TOY) {
        // The fixture notation without the ids the parser gave.
        assert_eq!(tagged(&tagger, document), fixture);
    }
}

#[test]
fn an_untrained_tagger_finds_nothing() {
    let documents = toy_documents();
    let tagger = train(
        &documents,
        TrainConfig {
            epochs: 0,
            ..TrainConfig::default()
        },
    );
    assert_eq!(tagged(&tagger, &documents[0]), documents[0].text());
    assert_eq!(
        tagged(&Tagger::untrained(), &documents[0]),
        documents[0].text()
    );
}

#[test]
fn two_trainings_write_the_same_model_whatever_the_step_budget() {
    let documents = toy_documents();
    let refs: Vec<&Document> = documents.iter().collect();
    let reference = save(&train(&documents, TrainConfig::default()));
    for budget in [1, 7, 50, usize::MAX] {
        let mut trainer = Trainer::new(&refs, &Schema::default(), TrainConfig::default());
        while !trainer.step(budget).is_finished() {}
        assert_eq!(save(&trainer.model()), reference, "budget {budget}");
    }
    let reseeded = TrainConfig {
        seed: 7,
        ..TrainConfig::default()
    };
    assert_ne!(save(&train(&documents, reseeded)), reference);
}

#[test]
fn each_step_keeps_to_its_budget() {
    let documents = toy_documents();
    let refs: Vec<&Document> = documents.iter().collect();
    let mut trainer = Trainer::new(&refs, &Schema::default(), TrainConfig::default());
    let total = trainer.progress().total;
    // 4 documents of 14, 14, 9 and 8 tokens; 8 epochs over the same 45 tokens.
    assert_eq!(total, 45 * 9);
    let mut done = 0;
    let mut steps = Vec::new();
    while !trainer.progress().is_finished() {
        let progress = trainer.step(15);
        steps.push(progress.done - done);
        done = progress.done;
        assert_eq!(progress.total, total);
    }
    assert_eq!(done, total);
    // Preparing: one document per step (two never fit in 15); then sentences up to 15 tokens
    // (the fourth step prepares the last document and starts training).
    assert_eq!(steps[..3], [14, 14, 9]);
    assert!(steps.iter().all(|&n| n <= 15), "{steps:?}");
}

#[test]
fn the_model_file_reads_back_what_it_wrote() {
    let tagger = train(&toy_documents(), TrainConfig::default());
    let json = save(&tagger);
    assert!(json.starts_with(r#"{"format":"spanwise-tagger","version":1,"labels":["GPE","ORG","PERSON"],"trained_on":{"documents":4,"tokens":45},"#), "{}", &json[..120]);
    let loaded = load(&json).expect("the file just written");
    assert_eq!(loaded, tagger);
    assert_eq!(save(&loaded), json);
    let untrained = load(&save(&Tagger::untrained())).expect("an empty model");
    assert_eq!(untrained, Tagger::untrained());
}

#[test]
fn hostile_and_newer_model_files_are_refused_with_the_reason() {
    let good = save(&train(&toy_documents()[..1], TrainConfig::default()));
    let minimal = |labels: &str, transitions: &str, weights: &str| {
        format!(
            r#"{{"format":"spanwise-tagger","version":1,"labels":{labels},"trained_on":{{"documents":1,"tokens":1}},"transitions":{transitions},"weights":{weights}}}"#
        )
    };
    let cases: Vec<(String, ModelFileError)> = vec![
        (
            r#"{"format":"spanwise-tagger","version":2,"labels":"whatever"}"#.into(),
            ModelFileError::Newer(2),
        ),
        (
            r#"{"format":"spanwise-tagger","version":0}"#.into(),
            ModelFileError::UnknownVersion(0),
        ),
        (
            r#"{"format":"spanwise","version":1}"#.into(),
            ModelFileError::WrongFormat("spanwise".into()),
        ),
        (
            minimal("[]", "[[0]]", "{}"),
            ModelFileError::Invalid("transitions must be 2 rows of 1 numbers".into()),
        ),
        (
            minimal("[\"X\",\"X\"]", "[]", "{}"),
            ModelFileError::Invalid("label \"X\" is empty or repeated".into()),
        ),
        (
            minimal("[]", "[[0],[0]]", r#"{"bias":[[1,0.5]]}"#),
            ModelFileError::Invalid("feature \"bias\" names tag 1 of 1".into()),
        ),
        (
            minimal("[]", "[[1e39],[0]]", "{}"),
            ModelFileError::Invalid("a transition weight is not a number up to 1000000".into()),
        ),
    ];
    for (json, expected) in cases {
        assert_eq!(load(&json), Err(expected), "{json}");
    }
    // Malformed files: the parser's own words, whatever they are, and never a panic.
    for json in [
        good[..good.len() / 2].to_string(),
        good.replace("\"version\":1", "\"version\":\"1\""),
        good.replace("\"documents\":1", "\"documents\":1e400"),
        good.replace("\"documents\":1", "\"documents\":-1"),
        minimal("[]", "[[0],[0]]", r#"{"bias":[[70000,0.5]]}"#),
        minimal("[]", "[[0],[0]]", r#"{"bias":[[0,"0.5"]]}"#),
        minimal("[]", "[[0],[0]]", r#"{"bias":[[0]]}"#),
        minimal("[1]", "[[0],[0]]", "{}"),
        minimal("[]", "[[0],[0]]", "{}").replace("\"format\"", "\"extra\":1,\"format\""),
        minimal("[]", "[[0],[0]]", "{}").replace("\"tokens\":1", "\"tokens\":1,\"words\":1"),
        minimal("[]", "[[0],[0]]", "{}").replace(",\"weights\":{}", ""),
        String::new(),
        "[]".into(),
    ] {
        assert!(
            matches!(load(&json), Err(ModelFileError::Malformed(_))),
            "{json}: {:?}",
            load(&json)
        );
    }
    assert_eq!(
        ModelFileError::Newer(2).to_string(),
        "the model file has version 2; this version of Spanwise reads up to version 1: update Spanwise to use it"
    );
}

#[test]
fn a_rejected_suggestion_weighs_against_its_label() {
    // The same word is a person once and, rejected as one, not a person once.
    let mut documents = vec![
        parse_fixture("[Pell|PERSON] spoke in [Vantor|GPE]."),
        parse_fixture("Pell spoke in [Vantor|GPE]."),
    ];
    // How sure the model is that "Pell" in the second document is a person.
    let confidence = |documents: &[Document]| {
        let tagger = train(documents, TrainConfig::default());
        let chars: Vec<char> = documents[1].text().chars().collect();
        let sentence = &text_features(&chars, &[])[0];
        let decoded = tagger.decode(&sentence.features);
        let person = TagSet::begin(1);
        assert_eq!(tagger.tags.name(person), "B-PERSON");
        tagger.confidence(&decoded, 0, &[person])
    };
    let without = confidence(&documents);
    documents[1].set_rejected("s-PERSON-0-4", true);
    let with = confidence(&documents);
    assert!(with < without, "{with} < {without}");
}

#[test]
fn combined_suggestions_say_who_proposed_them() {
    let documents = toy_documents();
    let tagger = train(&documents, TrainConfig::default());
    let input = Document::new("new", "new", "Zorblat Quenn flew from Vantor to Cairo.");
    let rules = suggest(&input, &Schema::default());
    let describe = |scored: Vec<crate::assist::learn::ScoredSuggestion>| -> Vec<String> {
        scored
            .iter()
            .map(|s| {
                format!(
                    "{} {} {}",
                    input.slice(s.suggestion.range),
                    s.suggestion.label,
                    s.source.as_str()
                )
            })
            .collect()
    };
    let untrained = combine(
        &Tagger::untrained(),
        &input,
        rules.clone(),
        CombineOptions::default(),
    );
    assert_eq!(describe(untrained), ["Cairo GPE rules"]);
    let combined = combine(&tagger, &input, rules, CombineOptions::default());
    assert!(combined.iter().all(|s| (0.0..=1.0).contains(&s.confidence)));
    assert_eq!(
        describe(combined),
        [
            "Zorblat Quenn PERSON model",
            "Vantor GPE model",
            "Cairo GPE rules"
        ]
    );
}
