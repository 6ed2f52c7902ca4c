//! Tells the formats apart by content, with the file name's extension only as a tie-breaker,
//! so that a file renamed by a browser download (`export (3).json`) still opens as what it is.

use serde_json::Value;

/// What a file looks like it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detected {
    Spanwise,
    W3c,
    LabelStudio,
    Doccano,
    BratAnn,
    Conll,
    PlainText,
}

impl Detected {
    /// A human name, as the importers' `FORMAT` constants spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Detected::Spanwise => "Spanwise JSON",
            Detected::W3c => crate::formats::w3c::FORMAT,
            Detected::LabelStudio => crate::formats::labelstudio::FORMAT,
            Detected::Doccano => crate::formats::doccano::FORMAT,
            Detected::BratAnn => crate::formats::brat::FORMAT,
            Detected::Conll => crate::formats::conll::FORMAT,
            Detected::PlainText => "text",
        }
    }
}

/// How many lines the line-based checks look at: enough to be sure, few enough to stay fast on
/// a 50 MB file.
const SAMPLE_LINES: usize = 200;

/// Detects the format of `content`. `None` only for content with nothing in it, or JSON that
/// none of the formats describes (it is not text a person would annotate either).
pub fn detect(name: &str, content: &str) -> Option<Detected> {
    let content = content.strip_prefix('\u{FEFF}').unwrap_or(content);
    let trimmed = content.trim_start();
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if trimmed.is_empty() {
        return (extension == "ann").then_some(Detected::BratAnn);
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if let Ok(value) = serde_json::from_str::<Value>(trimmed) {
            return detect_json(&value);
        }
        if looks_like_jsonl(trimmed) {
            return Some(Detected::Doccano);
        }
    }
    if looks_like_brat(content) {
        return Some(Detected::BratAnn);
    }
    if looks_like_conll(content) {
        return Some(Detected::Conll);
    }
    Some(Detected::PlainText)
}

fn detect_json(value: &Value) -> Option<Detected> {
    if crate::formats::spanwise::is_spanwise(value) {
        return Some(Detected::Spanwise);
    }
    let first = match value {
        Value::Array(items) => items.first()?,
        other => other,
    };
    let is_w3c_type = |v: &Value| {
        matches!(
            v.get("type").and_then(Value::as_str),
            Some("Annotation" | "AnnotationCollection" | "AnnotationPage")
        )
    };
    if is_w3c_type(first)
        || first.get("@context").is_some()
        || first.get(crate::formats::w3c::DOCUMENT_KEY).is_some()
        || (first.get("target").is_some() && first.get("body").is_some())
    {
        return Some(Detected::W3c);
    }
    if first.get("data").is_some_and(Value::is_object) {
        return Some(Detected::LabelStudio);
    }
    if first.get("text").is_some_and(Value::is_string) {
        return Some(Detected::Doccano);
    }
    None
}

/// Several JSON values in a row, the first an object with a `text`: JSON Lines, or doccano's
/// pretty-printed records.
fn looks_like_jsonl(content: &str) -> bool {
    let mut stream = serde_json::Deserializer::from_str(content).into_iter::<Value>();
    matches!(stream.next(), Some(Ok(first)) if first.get("text").is_some_and(Value::is_string))
}

/// Most sampled lines look like `T1<TAB>…`, `R1<TAB>…`, `#1<TAB>…` or `*<TAB>…`.
fn looks_like_brat(content: &str) -> bool {
    let (n_lines, n_brat) = sample(content, |line| {
        let Some((id, _)) = line.split_once('\t') else {
            return false;
        };
        let mut chars = id.chars();
        match chars.next() {
            Some('*') => id.len() == 1,
            Some('T' | 'R' | 'E' | 'A' | 'M' | 'N' | '#') => {
                let rest = chars.as_str();
                !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric())
            }
            _ => false,
        }
    });
    n_lines > 0 && n_brat * 10 >= n_lines * 9
}

/// Most sampled lines are `-DOCSTART-`, `token … TAG`, or `word|POS|TAG …`, with IOB tags.
fn looks_like_conll(content: &str) -> bool {
    let is_tag = |tag: &str| {
        tag == "O"
            || tag.split_once('-').is_some_and(|(p, l)| {
                matches!(p, "B" | "I" | "E" | "L" | "S" | "U") && !l.is_empty()
            })
    };
    let (n_lines, n_conll) = sample(content, |line| {
        if line.starts_with("-DOCSTART-") {
            return true;
        }
        let items: Vec<&str> = line.split_whitespace().collect();
        let token_per_line = items.len() >= 2 && items.last().is_some_and(|t| is_tag(t));
        let sentence_per_line = items
            .iter()
            .all(|item| item.rsplit_once('|').is_some_and(|(_, t)| is_tag(t)));
        token_per_line || sentence_per_line
    });
    n_lines > 0 && n_conll * 10 >= n_lines * 9
}

/// (non-blank lines sampled, lines that pass `check`).
fn sample(content: &str, check: impl Fn(&str) -> bool) -> (usize, usize) {
    content
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .take(SAMPLE_LINES)
        // A line longer than any CoNLL or brat line counts as a miss without being scanned.
        .map(|line| line.len() <= crate::formats::conll::MAX_LINE_BYTES && check(line))
        .fold((0, 0), |(n, ok), passed| (n + 1, ok + usize::from(passed)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(file: &str) -> String {
        crate::formats::test_support::read_corpus_file(file)
    }

    #[test]
    fn every_corpus_file_is_recognised() {
        let cases = [
            ("brat/news/000-introduction.ann", Some(Detected::BratAnn)),
            ("brat/news/110-note_annotation.ann", Some(Detected::BratAnn)),
            ("brat/news/010-navigation.ann", Some(Detected::BratAnn)),
            (
                "brat/conll2002-esp/esp.train-doc-46.ann",
                Some(Detected::BratAnn),
            ),
            ("brat/news/000-introduction.txt", Some(Detected::PlainText)),
            (
                "brat/conll2002-esp/esp.train-doc-46.txt",
                Some(Detected::PlainText),
            ),
            ("articles/blinken-cairo-gaza.txt", Some(Detected::PlainText)),
            (
                "doccano/export-sequence_labeling.jsonl",
                Some(Detected::Doccano),
            ),
            (
                "doccano/export-relation_extraction.jsonl",
                Some(Detected::Doccano),
            ),
            (
                "doccano/import-relation_extraction.jsonl",
                Some(Detected::Doccano),
            ),
            ("doccano/import-overlapping.jsonl", Some(Detected::Doccano)),
            ("doccano/example.conll", Some(Detected::Conll)),
            (
                "labelstudio/named_entity-annotation-1.json",
                Some(Detected::LabelStudio),
            ),
            (
                "labelstudio/named_entity-tasks.json",
                Some(Detected::LabelStudio),
            ),
            ("spacy/ner-sent-per-line.iob", Some(Detected::Conll)),
            (
                "spacy/ner-token-per-line-conll2003.iob",
                Some(Detected::Conll),
            ),
            (
                "w3c/text-annotator-annotations.w3c.json",
                Some(Detected::W3c),
            ),
            // spaCy's v2 training JSON is none of ours.
            ("spacy/ner-token-per-line-conll2003.json", None),
        ];
        for (file, expected) in cases {
            assert_eq!(detect(file, &read(file)), expected, "{file}");
        }
        // doccano's invalid.conll has a first line of three words and no tag: 1 line in 20 is
        // not CoNLL, which stays under the tenth allowed.
        assert_eq!(
            detect("invalid.conll", &read("doccano/invalid.conll")),
            Some(Detected::Conll)
        );
    }

    #[test]
    fn formats_are_told_apart_by_content_not_name() {
        let spanwise = r#"{"format": "spanwise", "version": 1}"#;
        let cases = [
            ("x.txt", spanwise, Some(Detected::Spanwise)),
            ("x.ann", "", Some(Detected::BratAnn)),
            ("x.txt", "   ", None),
            (
                "x.json",
                "{\"text\": \"a\", \"label\": []}",
                Some(Detected::Doccano),
            ),
            ("x.json", "{\"a\": 1}", None),
            ("x.json", "{not json", Some(Detected::PlainText)),
            ("x.txt", "{a, b} is a set", Some(Detected::PlainText)),
            ("x", "T1\tPERSON 0 7\tBlinken\n", Some(Detected::BratAnn)),
            ("x", "Blinken B-PER\nmet O\n", Some(Detected::Conll)),
            (
                "x",
                "Blinken met Shoukry in Cairo.\nO\n",
                Some(Detected::PlainText),
            ),
            (
                "x",
                "\u{FEFF}[{\"data\": {\"text\": \"a\"}}]",
                Some(Detected::LabelStudio),
            ),
            (
                "x",
                "{\"type\": \"AnnotationCollection\", \"first\": {\"items\": []}}",
                Some(Detected::W3c),
            ),
            ("x", "[]", None),
        ];
        for (name, content, expected) in cases {
            assert_eq!(detect(name, content), expected, "{name}: {content:?}");
        }
        assert_eq!(Detected::Doccano.as_str(), "doccano JSONL");
    }
}
