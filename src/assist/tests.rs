//! Fixture tests for the suggestion rules, search and the suggester: each case is a text (in
//! the fixture notation when it carries accepted annotations) and the exact suggestions
//! expected, rendered as `[text|LABEL]`.

use crate::assist::search::{find, tag_all, Query, SearchError};
use crate::assist::{accept, suggest, SpeakerRef, Suggester, Suggestion, SuggestionKind};
use crate::model::claim::QuoteType;
use crate::model::command::{Command, Editor};
use crate::model::document::{Document, SpanKind, CUE, SPEAKER};
use crate::model::fixture::parse_fixture;
use crate::model::offsets::CpRange;
use crate::model::schema::Schema;

const SAMPLE: &str = include_str!("../../samples/blinken-cairo-gaza.txt");

fn entity_suggestions(document: &Document, schema: &Schema) -> Vec<String> {
    suggest(document, schema)
        .iter()
        .filter(|s| s.kind == SuggestionKind::Entity)
        .map(|s| format!("[{}|{}]", document.slice(s.range), s.label))
        .collect()
}

/// Checks the entity suggestions for a fixture (accepted annotations in `[text|LABEL]`).
fn check(fixture: &str, expected: &[&str]) {
    let document = parse_fixture(fixture);
    assert_eq!(
        entity_suggestions(&document, &Schema::default()),
        expected,
        "{fixture}"
    );
}

#[test]
fn names_with_connectors_and_places_of_several_words() {
    check(
        "Egyptian President Abdel Fattah el-Sisi met envoys from the United Arab Emirates.",
        &[
            "[Egyptian|MISC]",
            "[Abdel Fattah el-Sisi|PERSON]",
            "[United Arab Emirates|GPE]",
        ],
    );
    check(
        "Officials from Saudi Arabia, Bosnia and Herzegovina and Sri Lanka came.",
        &[
            "[Saudi Arabia|GPE]",
            "[Bosnia and Herzegovina|GPE]",
            "[Sri Lanka|GPE]",
        ],
    );
}

#[test]
fn titles_announce_a_person_and_are_not_part_of_the_name() {
    check(
        "Foreign Minister, Karlo Vensk said it. Secretary of State Ilse Marrow arrived.",
        &["[Karlo Vensk|PERSON]", "[Ilse Marrow|PERSON]"],
    );
    check(
        "the defense minister, Tavo Rennick, will visit. Prime Minister Odile Farsh spoke.",
        &["[Tavo Rennick|PERSON]", "[Odile Farsh|PERSON]"],
    );
    check(
        "a spokesperson, Mira Delacroix, agreed.",
        &["[Mira Delacroix|PERSON]"],
    );
    // A title followed by something else than a name suggests nothing.
    check("The President said the Minister of Finance left.", &[]);
    // A title word inside a known phrase is no title.
    check(
        "The UN General Assembly and the Security Council met; the General Council too.",
        &["[UN General Assembly|ORG]", "[Security Council|ORG]"],
    );
}

#[test]
fn given_names_start_a_person_and_surnames_are_found_again() {
    check(
        "The plan was shown to Matthew Brannock on Sunday. Later, Brannock rejected it.",
        &[
            "[Matthew Brannock|PERSON]",
            "[Sunday|DATE]",
            "[Brannock|PERSON]",
        ],
    );
    // A given name alone, or followed by a place, is not a person.
    check("Paul left for Paris with Grace.", &["[Paris|GPE]"]);
}

#[test]
fn gazetteer_respects_case_where_names_are_also_words() {
    check(
        "NATO, the UN and Reuters met in gaza and israel; tell us about turkey and jordan, the \
         white house, the red cross and the pentagon shape.",
        &[
            "[NATO|ORG]",
            "[UN|ORG]",
            "[Reuters|ORG]",
            "[gaza|GPE]",
            "[israel|GPE]",
        ],
    );
    check(
        "Jordan and Turkey sent aid to Palestinians via the State Department.",
        &[
            "[Jordan|GPE]",
            "[Turkey|GPE]",
            "[Palestinians|MISC]",
            "[State Department|ORG]",
        ],
    );
}

#[test]
fn dates_weekdays_and_months() {
    check(
        "It began on October 7, resumed this thursday and ends next week, as in 2023.",
        &[
            "[October 7|DATE]",
            "[this thursday|DATE]",
            "[next week|DATE]",
            "[2023|DATE]",
        ],
    );
    check(
        "Signed 7 October 2023 and on May 5, 2024. They may march yesterday.",
        &[
            "[7 October 2023|DATE]",
            "[May 5, 2024|DATE]",
            "[yesterday|DATE]",
        ],
    );
    // Without a DATE label in the schema, no date is suggested.
    let mut schema = Schema::default();
    schema.labels.retain(|l| &*l.name != "DATE");
    let document = Document::new("d", "t", "on Monday in Cairo");
    assert_eq!(entity_suggestions(&document, &schema), ["[Cairo|GPE]"]);
}

#[test]
fn middle_initials_hyphenated_nationalities_and_centuries() {
    check(
        "Secretary of State Wendel R. Harrow met Iran-backed and Russian-backed groups.",
        &["[Wendel R. Harrow|PERSON]", "[Iran|GPE]", "[Russian|MISC]"],
    );
    check(
        "the challenges of the 21st century and the 3rd centuries",
        &["[21st century|DATE]", "[3rd centuries|DATE]"],
    );
    check(
        "It took part in Operation Falcon Shield.",
        &["[Operation Falcon Shield|EVENT]"],
    );
}

#[test]
fn amounts_only_where_the_schema_has_labels_for_them() {
    let text = "Aid of $5 million and 3 billion euros reached 12 percent of 40 towns in 2023.";
    let document = Document::new("d", "t", text);
    assert_eq!(
        entity_suggestions(&document, &Schema::default()),
        ["[2023|DATE]"]
    );
    let mut schema = Schema::default();
    for label in ["MONEY", "PERCENT", "CARDINAL"] {
        schema.ensure_label(label);
    }
    assert_eq!(
        entity_suggestions(&document, &schema),
        [
            "[$5 million|MONEY]",
            "[3 billion euros|MONEY]",
            "[12 percent|PERCENT]",
            "[40|CARDINAL]",
            "[2023|DATE]"
        ]
    );
}

#[test]
fn head_words_name_organisations_places_and_events() {
    check(
        "The Egyptian Foreign Ministry, the Karu Strip and the Olmec Summit.",
        &[
            "[Egyptian Foreign Ministry|ORG]",
            "[Karu Strip|LOC]",
            "[Olmec Summit|EVENT]",
        ],
    );
}

#[test]
fn glued_names_suggest_the_known_part() {
    check(
        "the tour reached cairois the second stop and israelis wait",
        &["[cairo|GPE]"],
    );
    // A lower-case name after a title, glued to the next word.
    check(
        "US Secretary of State, anthony blinkenarrived this thursday",
        &[
            "[US|GPE]",
            "[anthony blinken|PERSON]",
            "[this thursday|DATE]",
        ],
    );
    check(
        "the Prime Minister, benjamin netanyahuhas said no",
        &["[benjamin netanyahu|PERSON]"],
    );
    // Capitals glued to a capitalised word after a lost space.
    check(
        "talks in QatarA process began, Karlo VenskAccording to",
        &["[Qatar|GPE]"],
    );
}

#[test]
fn accepted_annotations_teach_other_occurrences() {
    check(
        "[ruvo kessler|PERSON] spoke. Later Ruvo Kessler and ruvo kesslerarrived; ruvo kesslers no.",
        &["[Ruvo Kessler|PERSON]", "[ruvo kessler|PERSON]"],
    );
    // The person's label wins over the gazetteer's, and accepted spans are never re-suggested.
    check(
        "[Jordan|PERSON] met Jordan in Amman.",
        &["[Jordan|PERSON]", "[Amman|GPE]"],
    );
    // A suggestion that overlaps an accepted entity is left out.
    check(
        "[Arab Emirates|ORG] United Arab Emirates",
        &["[Arab Emirates|ORG]"],
    );
}

#[test]
fn only_labels_of_the_schema_are_suggested() {
    let schema = Schema {
        labels: Schema::default()
            .labels
            .into_iter()
            .filter(|l| &*l.name == "PERSON")
            .collect(),
        ..Schema::default()
    };
    let document = Document::new("d", "t", "President Odile Farsh visited Cairo on Monday.");
    assert_eq!(
        entity_suggestions(&document, &schema),
        ["[Odile Farsh|PERSON]"]
    );
}

/// Claims as `text <- speaker (cue) type`.
fn claims(text: &str) -> Vec<String> {
    let document = parse_fixture(text);
    suggest(&document, &Schema::default())
        .iter()
        .filter(|s| s.kind == SuggestionKind::Claim)
        .map(|s| {
            let speaker = match &s.speaker {
                Some(SpeakerRef::Suggested { range, .. }) => document.slice(*range).to_string(),
                Some(SpeakerRef::Annotation(id)) => format!("#{id}"),
                None => "?".to_string(),
            };
            let cue = s
                .cue
                .map_or("-".to_string(), |c| document.slice(c).to_string());
            let quote = s.quote_type.map_or("", |q| q.as_str());
            format!("{} <- {speaker} ({cue}) {quote}", document.slice(s.range))
        })
        .collect()
}

#[test]
fn quoted_claims_curly_straight_nested() {
    assert_eq!(
        claims("“We will not stop the talks now,” NATO said on Monday."),
        ["“We will not stop the talks now,” <- NATO (said) direct"]
    );
    assert_eq!(
        claims("Matthew Brannock said \"the plan will work this time.\""),
        ["\"the plan will work this time.\" <- Matthew Brannock (said) direct"]
    );
    assert_eq!(
        claims("“He told me ‘stay at home’ and then he left us,” Grace Marrow told reporters."),
        ["“He told me ‘stay at home’ and then he left us,” <- Grace Marrow (told reporters) direct"]
    );
    assert_eq!(
        claims("Reuters reported: «Les discussions avancent bien ce soir»"),
        ["«Les discussions avancent bien ce soir» <- Reuters (reported) direct"]
    );
    // Quotes may share a cue.
    assert_eq!(
        claims("“The talks are going well,” NATO said, “and we expect an agreement soon.”"),
        [
            "“The talks are going well,” <- NATO (said) direct",
            "“and we expect an agreement soon.” <- NATO (said) direct"
        ]
    );
    // Scare quotes are no claims.
    assert_eq!(claims("He is “confident” today."), Vec::<String>::new());
    // A quote without a cue, right after a name and a comma.
    assert_eq!(
        claims("Matthew Brannock, “He will discuss the need for aid.”"),
        ["“He will discuss the need for aid.” <- Matthew Brannock (-) direct"]
    );
}

#[test]
fn reported_speech_with_cues() {
    assert_eq!(
        claims("The Pentagon said Tuesday that the defense minister will visit next week."),
        ["the defense minister will visit next week <- Pentagon (said) indirect"]
    );
    assert_eq!(
        claims("The aid will reach Gaza within days, Matthew Brannock said in a statement."),
        ["The aid will reach Gaza within days <- Matthew Brannock (said in a statement) indirect"]
    );
    assert_eq!(
        claims("According to Reuters, the talks have resumed in Doha."),
        ["the talks have resumed in Doha <- Reuters (According to) indirect"]
    );
    assert_eq!(
        claims("The talks have resumed in Doha, according to Reuters."),
        ["The talks have resumed in Doha <- Reuters (according to) indirect"]
    );
    assert_eq!(
        claims("The head of US diplomacy said the differences are narrowing fast."),
        ["the differences are narrowing fast <- ? (said) indirect"]
    );
    assert_eq!(
        claims("Doha confirms it is “still too early” to announce an agreement."),
        ["it is “still too early” to announce an agreement <- Doha (confirms) mixed"]
    );
    assert_eq!(
        claims(
            "Matthew Brannock said the talks will resume soon. He added that the ceasefire will \
             hold for weeks."
        ),
        [
            "the talks will resume soon <- Matthew Brannock (said) indirect",
            "the ceasefire will hold for weeks <- Matthew Brannock (added) indirect"
        ]
    );
    // An accepted speaker is referred to by its id.
    assert_eq!(
        claims("[Ruvo Kessler|PERSON#a1] warned that prices will rise again."),
        ["prices will rise again <- #a1 (warned) indirect"]
    );
    // Too short to be a claim.
    assert_eq!(claims("Ruvo Kessler said no."), Vec::<String>::new());
    // Not cues: a word of a name, a passive.
    assert_eq!(
        claims("Talks with the United States over the lack of progress stalled again."),
        Vec::<String>::new()
    );
    assert_eq!(
        claims("A cease-fire was declared last week between the two armies in the north."),
        Vec::<String>::new()
    );
    // A "that" clause with a quotation inside is one mixed claim.
    assert_eq!(
        claims(
            "But NATO said that no \"solid, well-formed, new proposal\" has been presented yet."
        ),
        ["no \"solid, well-formed, new proposal\" has been presented yet <- NATO (said) mixed"]
    );
}

#[test]
fn accepted_claims_are_not_suggested_again() {
    let document = parse_fixture("NATO said [the alliance will grow next year|CLAIM].");
    assert!(suggest(&document, &Schema::default())
        .iter()
        .all(|s| s.kind != SuggestionKind::Claim));
}

#[test]
fn suggestions_never_equal_accepted_annotations() {
    let plain = Document::new("d", "t", SAMPLE);
    let schema = Schema::default();
    let first = suggest(&plain, &schema);
    // Accept every other entity suggestion, then suggest again.
    let mut editor = Editor::new(plain, schema.clone());
    for s in first
        .iter()
        .filter(|s| s.kind == SuggestionKind::Entity)
        .step_by(2)
    {
        editor
            .apply(accept(s, &editor))
            .expect("accepting a suggestion applies");
    }
    let again = suggest(editor.document(), &schema);
    for s in &again {
        assert!(
            !editor
                .document()
                .annotations()
                .iter()
                .any(|a| a.range == s.range && a.label == s.label),
            "{s:?}"
        );
    }
    // The ones not accepted are still suggested.
    assert!(again.len() < first.len());
    assert!(!again.is_empty());
}

#[test]
fn suggestion_ids_are_stable() {
    let document = Document::new("d", "t", "Talks in Cairo on Monday.");
    let ids: Vec<String> = suggest(&document, &Schema::default())
        .into_iter()
        .map(|s| s.id.to_string())
        .collect();
    assert_eq!(ids, ["s-GPE-9-14", "s-DATE-18-24"]);
}

#[test]
fn chunked_suggester_gives_the_one_shot_result() {
    let long: String = std::iter::repeat_n(SAMPLE, 20)
        .collect::<Vec<_>>()
        .join("\n");
    // And one paragraph far longer than a block, without line breaks.
    let one_paragraph = SAMPLE.replace('\n', " ").repeat(3);
    for text in [SAMPLE, long.as_str(), one_paragraph.as_str()] {
        let document = parse_fixture(&text.replacen("Blinken", "[Blinken|PERSON]", 1));
        let schema = Schema::default();
        let expected = suggest(&document, &schema);
        for budget in [1, 100, 2_000, 50_000] {
            let mut suggester = Suggester::new(&document, &schema);
            let mut last_done = 0;
            let mut n_steps = 0;
            loop {
                let progress = suggester.step(budget);
                assert!(progress.done >= last_done && progress.done <= progress.total);
                last_done = progress.done;
                n_steps += 1;
                if progress.is_finished() {
                    break;
                }
            }
            assert_eq!(
                suggester.suggestions(),
                expected.as_slice(),
                "budget {budget}"
            );
            if budget == 1 {
                assert!(n_steps > 4, "small budgets take several steps");
            }
        }
    }
}

#[test]
fn accepting_an_entity_adds_it() {
    let document = Document::new("d", "t", "Talks in Cairo.");
    let mut editor = Editor::new(document, Schema::default());
    let suggestion = &suggest(editor.document(), editor.schema())[0];
    editor.apply(accept(suggestion, &editor)).expect("applies");
    let added = &editor.document().annotations()[0];
    assert_eq!((added.range, &*added.label), (CpRange::new(9, 14), "GPE"));
}

#[test]
fn accepting_a_claim_adds_claim_cue_and_speaker_in_one_step() {
    let document = Document::new(
        "d",
        "t",
        "The Pentagon said that the minister will visit Cairo next week.",
    );
    let mut editor = Editor::new(document, Schema::default());
    let claim: Suggestion = suggest(editor.document(), editor.schema())
        .into_iter()
        .find(|s| s.kind == SuggestionKind::Claim)
        .expect("a claim is suggested");
    assert_eq!(claim.quote_type, Some(QuoteType::Indirect));
    let command = accept(&claim, &editor);
    assert!(matches!(&command, Command::Batch(steps) if steps.len() == 5));
    editor.apply(command).expect("applies");
    let document = editor.document();
    let claim_annotation = document
        .annotations()
        .iter()
        .find(|a| a.kind == SpanKind::Claim)
        .expect("claim added");
    assert_eq!(
        document.slice(claim_annotation.range),
        "the minister will visit Cairo next week"
    );
    let speaker = document
        .relation_from(&claim_annotation.id, SPEAKER)
        .and_then(|r| document.annotation(&r.to))
        .expect("speaker relation");
    assert_eq!(
        (document.slice(speaker.range), &*speaker.label),
        ("Pentagon", "ORG")
    );
    let cue = document
        .relation_from(&claim_annotation.id, CUE)
        .and_then(|r| document.annotation(&r.to))
        .expect("cue relation");
    assert_eq!(document.slice(cue.range), "said");
    assert!(editor.undo().is_some());
    assert!(editor.document().annotations().is_empty());
    assert!(editor.document().relations().is_empty());
    assert!(!editor.can_undo());
}

#[test]
fn accepting_a_claim_reuses_an_accepted_speaker() {
    let document = parse_fixture("[Ruvo Kessler|PERSON#a1] warned that prices will rise again.");
    let mut editor = Editor::new(document, Schema::default());
    let claim = suggest(editor.document(), editor.schema())
        .into_iter()
        .find(|s| s.kind == SuggestionKind::Claim)
        .expect("a claim is suggested");
    editor.apply(accept(&claim, &editor)).expect("applies");
    let claim_id = &editor
        .document()
        .annotations()
        .iter()
        .find(|a| a.kind == SpanKind::Claim)
        .expect("claim")
        .id;
    let speaker = editor
        .document()
        .relation_from(claim_id, SPEAKER)
        .expect("speaker");
    assert_eq!(speaker.to.as_str(), "a1");
    assert_eq!(editor.document().annotations().len(), 3);
}

fn search(text: &str, query: &Query) -> Result<Vec<String>, SearchError> {
    let document = Document::new("d", "t", text);
    find(&document, query).map(|ranges| {
        ranges
            .iter()
            .map(|r| format!("{}..{}:{}", r.start, r.end, document.slice(*r)))
            .collect()
    })
}

#[test]
fn search_plain_regex_and_case() {
    let text = "😀 Gaza, GAZA and gaza; Ünal and ünal. a.b axb";
    assert_eq!(
        search(text, &Query::plain("gaza")).unwrap(),
        ["2..6:Gaza", "8..12:GAZA", "17..21:gaza"]
    );
    assert_eq!(
        search(text, &Query::plain("gaza").case_sensitive(true)).unwrap(),
        ["17..21:gaza"]
    );
    assert_eq!(
        search(text, &Query::plain("ünal")).unwrap(),
        ["23..27:Ünal", "32..36:ünal"]
    );
    // Plain text is literal: the dot matches only a dot.
    assert_eq!(search(text, &Query::plain("a.b")).unwrap(), ["38..41:a.b"]);
    assert_eq!(
        search(text, &Query::regex("a.b")).unwrap(),
        ["38..41:a.b", "42..45:axb"]
    );
    assert_eq!(
        search(text, &Query::regex("g[a-z]+a").case_sensitive(true)).unwrap(),
        ["17..21:gaza"]
    );
    assert!(matches!(
        search(text, &Query::regex("(unclosed")),
        Err(SearchError::BadRegex(_))
    ));
    assert_eq!(search(text, &Query::plain("")), Err(SearchError::Empty));
    // Empty matches are skipped rather than tagged.
    assert_eq!(search(text, &Query::regex("x*")).unwrap(), ["43..44:x"]);
}

#[test]
fn tag_all_is_one_batch_that_undoes_in_one_step() {
    let document = parse_fixture("[Gaza|GPE] and gaza and GAZA and [gaza|LOC]");
    let mut editor = Editor::new(document, Schema::default());
    let matches = find(editor.document(), &Query::plain("gaza")).unwrap();
    assert_eq!(matches.len(), 4);
    let command = tag_all(&editor, &matches, "GPE").expect("something to tag");
    match &command {
        Command::Batch(steps) => assert_eq!(steps.len(), 3, "the GPE one is skipped"),
        other => panic!("expected a batch, got {other:?}"),
    }
    editor.apply(command).expect("applies");
    let gpe = |editor: &Editor| {
        editor
            .document()
            .annotations()
            .iter()
            .filter(|a| &*a.label == "GPE")
            .count()
    };
    assert_eq!(gpe(&editor), 4);
    assert_eq!(editor.document().annotations().len(), 5);
    editor.undo().expect("one undo");
    assert_eq!(gpe(&editor), 1);
    assert_eq!(editor.document().annotations().len(), 2);
    // Everything already tagged: nothing to do.
    let document = parse_fixture("[Gaza|GPE]");
    let editor = Editor::new(document, Schema::default());
    let matches = find(editor.document(), &Query::plain("gaza")).unwrap();
    assert_eq!(tag_all(&editor, &matches, "GPE"), None);
}

#[test]
fn the_sample_article_is_suggested_quickly_and_fully() {
    let document = Document::new("d", "t", SAMPLE);
    let suggestions = suggest(&document, &Schema::default());
    let texts: Vec<String> = suggestions
        .iter()
        .map(|s| format!("{}|{}", document.slice(s.range), s.label))
        .collect();
    for expected in [
        "anthony blinken|PERSON",
        "cairo|GPE",
        "Abdel Fattah el-Sisi|PERSON",
        "benjamin netanyahu|PERSON",
        "October 7|DATE",
    ] {
        assert!(texts.iter().any(|t| t == expected), "{expected}");
    }
    assert!(!texts
        .iter()
        .any(|t| t.starts_with("anthony blinkenarrived")));
}

#[test]
fn odd_texts_never_panic_and_chunks_agree() {
    // A small deterministic generator over characters that stress every rule.
    let alphabet: Vec<char> = "aZ Q.,;:!?\"“”‘’«»„'()-‐\n\r\t0123 7 October Said said that \
                               According to NATO US U.S. el-Sisi Cairo cairois anthony \
                               President 😀 é\u{301} ا ע"
        .chars()
        .collect();
    let mut seed: u64 = 0x5eed;
    for length in [0, 1, 2, 5, 40, 300, 5_000] {
        for _ in 0..8 {
            let text: String = (0..length)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    alphabet[(seed >> 33) as usize % alphabet.len()]
                })
                .collect();
            let document = Document::new("d", "t", &text);
            let schema = Schema::default();
            let all = suggest(&document, &schema);
            for s in &all {
                assert!(s.range.start < s.range.end && s.range.end <= document.len());
            }
            let mut suggester = Suggester::new(&document, &schema);
            while !suggester.step(64).is_finished() {}
            assert_eq!(suggester.suggestions(), all.as_slice());
            let editor = Editor::new(document.clone(), schema.clone());
            for s in &all {
                let mut editor = editor.clone();
                editor
                    .apply(accept(s, &editor))
                    .expect("every suggestion applies");
            }
            for pattern in ["a", "[", "(?:a|Q)+", "\\b\\w+\\b", "x*"] {
                let _ = find(&document, &Query::regex(pattern));
            }
        }
    }
}

/// A floor under the quality measured by `cargo run --release --bin eval`, so that a change
/// to the rules that loses precision fails here rather than in front of a person.
#[test]
fn gold_set_entity_precision_and_recall_stay_high() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold");
    let (mut true_positives, mut n_found, mut n_gold) = (0, 0, 0);
    let mut n_files = 0;
    for entry in std::fs::read_dir(dir).expect("tests/gold exists") {
        let path = entry.expect("readable entry").path();
        let raw = std::fs::read_to_string(&path).expect("readable gold file");
        let (gold, _) =
            crate::formats::spanwise::import_json(&raw).expect("gold files are valid Spanwise");
        n_files += 1;
        let blank = Document::new(&gold.id, &gold.title, gold.text());
        let found: Vec<Suggestion> = suggest(&blank, &Schema::default())
            .into_iter()
            .filter(|s| s.kind == SuggestionKind::Entity)
            .collect();
        let gold_entities: Vec<_> = gold
            .annotations()
            .iter()
            .filter(|a| a.kind == SpanKind::Entity)
            .collect();
        n_found += found.len();
        n_gold += gold_entities.len();
        true_positives += found
            .iter()
            .filter(|s| {
                gold_entities
                    .iter()
                    .any(|g| g.range == s.range && g.label == s.label)
            })
            .count();
    }
    assert!(n_files >= 3, "the gold set has its documents");
    let precision = true_positives as f64 / n_found as f64;
    let recall = true_positives as f64 / n_gold as f64;
    assert!(precision >= 0.95, "precision {precision:.3}");
    assert!(recall >= 0.88, "recall {recall:.3}");
}

/// Each case: the fixture, the query, the replacement, and the fixture after "Replace all"
/// (one step: one undo gives the start back).
#[test]
fn replace_all_replaces_every_match_in_one_step_and_the_spans_follow() {
    use crate::assist::search::replace_all;
    use crate::model::command::Editor;
    use crate::model::fixture::{parse_fixture, render_fixture};
    use crate::model::schema::Schema;
    let cases = [
        // Replacing exactly a span's text keeps the span over the new text.
        (
            "Aid reached [Refa|GPE] and Refa again",
            Query::plain("Refa"),
            "Rafah",
            "Aid reached [Rafah|GPE#a1] and Rafah again",
        ),
        // A glued name split by a space: the span keeps its word, the rest stays outside.
        (
            "[anthony blinken|PERSON]arrived in [cairo|GPE]is",
            Query::regex(r"(blinken)(arrived)|(cairo)(is)"),
            "X",
            "[anthony |PERSON#a1]X in X",
        ),
        (
            "[blinken|PERSON]arrived; [kamel|PERSON]arrived",
            Query::plain("arrived"),
            " arrived",
            "[blinken|PERSON#a1] arrived; [kamel|PERSON#a2] arrived",
        ),
        // Case: only what matches.
        (
            "Gaza, gaza and GAZA",
            Query::plain("gaza").case_sensitive(true),
            "Gaza",
            "Gaza, Gaza and GAZA",
        ),
        // Deleting all of a span's text removes the span.
        (
            "Hi [Kamel|PERSON] there",
            Query::plain("Kamel "),
            "",
            "Hi there",
        ),
    ];
    for (fixture, query, with, expected) in cases {
        let mut editor = Editor::new(parse_fixture(fixture), Schema::default());
        let matches = find(editor.document(), &query).unwrap();
        let command = replace_all(&editor, &matches, with).expect("something to replace");
        editor.apply(command).unwrap();
        assert_eq!(render_fixture(editor.document()), expected, "{fixture}");
        editor.undo();
        assert_eq!(
            render_fixture(editor.document()),
            render_fixture(&parse_fixture(fixture)),
            "one undo: {fixture}"
        );
    }
    // Nothing that would change: no step.
    let editor = Editor::new(parse_fixture("Gaza"), Schema::default());
    let matches = find(editor.document(), &Query::plain("Gaza")).unwrap();
    assert!(replace_all(&editor, &matches, "Gaza").is_none());
}
