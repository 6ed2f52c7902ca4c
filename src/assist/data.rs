//! The rules' data: gazetteer, titles, connectors, time words, cue verbs, kept as plain text
//! files in `data/` and parsed once into lookup tables.
//!
//! Keeping the lists apart from the code lets a person extend them without reading Rust, and
//! keeps the code honest: a pattern works on any article, the lists say what it knows.
//! Everything here is general knowledge (countries, capitals, organisations, common given
//! names); names that only one article mentions do not belong in these files.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::assist::tokens::{lower_of, tokenize};

const GAZETTEER: &str = include_str!("data/gazetteer.txt");
const WORDS: &str = include_str!("data/words.txt");
const TIME: &str = include_str!("data/time.txt");
const CUES: &str = include_str!("data/cues.txt");
const GIVEN_NAMES: &str = include_str!("data/given_names.txt");

/// When a gazetteer entry may match text that is not capitalised like the entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseRule {
    /// Any case: "gaza", "Gaza", "GAZA" (place names that are no English word).
    Any,
    /// Every word capitalised ("Jordan", not "jordan"; demonyms; ambiguous names).
    Capitalized,
    /// Exactly as written (acronyms: "US", not "us").
    Exact,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GazetteerEntry {
    pub label: &'static str,
    pub case: CaseRule,
    /// The entry as written in the list, for [`CaseRule::Exact`].
    pub written: &'static str,
}

/// A set of phrases keyed by their lower-cased tokens joined by single spaces.
#[derive(Debug, Default)]
pub struct PhraseSet {
    pub phrases: HashSet<String>,
    /// The first token of every phrase, to skip most positions at once.
    pub first_tokens: HashSet<String>,
    /// The longest phrase, in tokens.
    pub max_tokens: usize,
}

impl PhraseSet {
    fn insert(&mut self, phrase: &str) {
        let (key, n_tokens) = phrase_key(phrase);
        if n_tokens > 0 {
            self.max_tokens = self.max_tokens.max(n_tokens);
            let first = key.split(' ').next().unwrap_or_default().to_string();
            self.first_tokens.insert(first);
            self.phrases.insert(key);
        }
    }

    pub fn contains(&self, key: &str) -> bool {
        self.phrases.contains(key)
    }

    /// True when some phrase starts with this (lower-cased) token.
    pub fn may_start(&self, token: &str) -> bool {
        self.first_tokens.contains(token)
    }
}

#[derive(Debug, Default)]
pub struct Tables {
    pub gazetteer: HashMap<String, GazetteerEntry>,
    pub gazetteer_max_tokens: usize,
    /// The first token of every gazetteer entry.
    pub gazetteer_first_tokens: HashSet<String>,
    /// Words that announce a person's name after them ("President", "Foreign Minister").
    pub titles: PhraseSet,
    /// Lower-case words that may sit inside the name of an organisation, place or event
    /// ("Ministry of Defence", "Bosnia and Herzegovina").
    pub connectors: HashSet<String>,
    /// Particles inside people's names ("Abdel Fattah el-Sisi", "Staffan de Mistura").
    pub name_particles: HashSet<String>,
    /// Capitalised words that never start or continue a name ("The", "However", "Will").
    pub stopwords: HashSet<String>,
    /// Common English words: what a glued name is glued to ("blinken|arrived").
    pub common: HashSet<String>,
    pub org_heads: HashSet<String>,
    pub loc_heads: HashSet<String>,
    pub event_heads: HashSet<String>,
    /// First words that make a capitalised phrase an event ("Operation Desert Storm").
    pub event_prefixes: HashSet<String>,
    pub abbreviations: HashSet<String>,
    /// Words that, capitalised after a lower-case word, start a sentence whose full stop was
    /// lost ("Refa There is").
    pub sentence_openers: HashSet<String>,
    pub weekdays: HashSet<String>,
    pub months: HashSet<String>,
    /// Months that are also common words ("May", "March"): dates only next to a number.
    pub ambiguous_months: HashSet<String>,
    pub relative_days: HashSet<String>,
    pub date_modifiers: HashSet<String>,
    pub date_units: HashSet<String>,
    /// "million", "bn": words that scale the number before them.
    pub number_scales: HashSet<String>,
    pub currency_symbols: HashSet<String>,
    pub currency_words: HashSet<String>,
    pub cues: PhraseSet,
    /// Cues that make a reported claim only when "that" follows them.
    pub cues_needing_that: PhraseSet,
    pub given_names: HashSet<String>,
}

/// The lower-cased tokens of a phrase joined by spaces, and how many tokens it has.
pub fn phrase_key(phrase: &str) -> (String, usize) {
    let chars: Vec<char> = phrase.chars().collect();
    let tokens = tokenize(&chars);
    let key = tokens
        .iter()
        .map(|t| lower_of(&chars, t))
        .collect::<Vec<_>>()
        .join(" ");
    (key, tokens.len())
}

/// Lines of a data file by `[SECTION]`, without comments and blank lines.
fn sections(file: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut section = "";
    let mut out = Vec::new();
    for line in file.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
        } else {
            out.push((section, line));
        }
    }
    out
}

fn lower_set<'a>(lines: impl Iterator<Item = &'a str>) -> HashSet<String> {
    lines.map(|l| l.to_lowercase()).collect()
}

fn build() -> Tables {
    let mut tables = Tables::default();
    for (section, line) in sections(GAZETTEER) {
        let label: &'static str = match section {
            "GPE" => "GPE",
            "LOC" => "LOC",
            "ORG" => "ORG",
            "EVENT" => "EVENT",
            "MISC" => "MISC",
            other => panic!("gazetteer.txt: unknown section [{other}]"),
        };
        let (written, ambiguous) = match line.strip_suffix('!') {
            Some(w) => (w.trim(), true),
            None => (line, false),
        };
        let has_lower = written.chars().any(|c| c.is_lowercase());
        let case = if !has_lower {
            CaseRule::Exact
        } else if ambiguous || label == "MISC" {
            CaseRule::Capitalized
        } else {
            CaseRule::Any
        };
        let entry = GazetteerEntry {
            label,
            case,
            written,
        };
        let (key, n_tokens) = phrase_key(written);
        tables.gazetteer_max_tokens = tables.gazetteer_max_tokens.max(n_tokens);
        let first = key.split(' ').next().unwrap_or_default().to_string();
        tables.gazetteer_first_tokens.insert(first);
        // Demonyms name people too: "Palestinians", "Iraqis".
        if label == "MISC" && !written.ends_with('s') && !written.contains(' ') {
            let plural = format!("{key}s");
            tables.gazetteer_first_tokens.insert(plural.clone());
            tables
                .gazetteer
                .entry(plural)
                .or_insert_with(|| entry.clone());
        }
        tables.gazetteer.insert(key, entry);
    }
    for (section, line) in sections(WORDS) {
        let word = line.to_lowercase();
        match section {
            "TITLES" => tables.titles.insert(line),
            "CONNECTORS" => drop(tables.connectors.insert(word)),
            "NAME_PARTICLES" => drop(tables.name_particles.insert(word)),
            "STOPWORDS" => drop(tables.stopwords.insert(word)),
            "COMMON" => {
                for w in line.split_whitespace() {
                    tables.common.insert(w.to_lowercase());
                }
            }
            "ORG_HEADS" => drop(tables.org_heads.insert(word)),
            "LOC_HEADS" => drop(tables.loc_heads.insert(word)),
            "EVENT_HEADS" => drop(tables.event_heads.insert(word)),
            "EVENT_PREFIXES" => drop(tables.event_prefixes.insert(word)),
            "ABBREVIATIONS" => drop(tables.abbreviations.insert(word)),
            "SENTENCE_OPENERS" => drop(tables.sentence_openers.insert(word)),
            other => panic!("words.txt: unknown section [{other}]"),
        }
    }
    let time = sections(TIME);
    let of = |name: &'static str| {
        time.iter()
            .filter(move |(s, _)| *s == name)
            .map(|(_, l)| *l)
    };
    tables.weekdays = lower_set(of("WEEKDAYS"));
    tables.months = lower_set(of("MONTHS"));
    tables.ambiguous_months = lower_set(of("AMBIGUOUS_MONTHS"));
    tables
        .months
        .extend(tables.ambiguous_months.iter().cloned());
    tables.relative_days = lower_set(of("RELATIVE_DAYS"));
    tables.date_modifiers = lower_set(of("MODIFIERS"));
    tables.date_units = lower_set(of("UNITS"));
    tables.number_scales = lower_set(of("NUMBER_SCALES"));
    tables.currency_symbols = lower_set(of("CURRENCY_SYMBOLS"));
    tables.currency_words = lower_set(of("CURRENCY_WORDS"));
    for (_, line) in sections(CUES) {
        match line.strip_suffix("+that") {
            Some(cue) => {
                tables.cues.insert(cue.trim());
                tables.cues_needing_that.insert(cue.trim());
            }
            None => tables.cues.insert(line),
        }
    }
    for (_, line) in sections(GIVEN_NAMES) {
        for name in line.split_whitespace() {
            tables.given_names.insert(name.to_lowercase());
        }
    }
    // Every stop word is also a common word, for glue splitting.
    let stopwords: Vec<String> = tables.stopwords.iter().cloned().collect();
    tables.common.extend(stopwords);
    tables
}

/// The tables, parsed on first use.
pub fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(build)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse_and_hold_general_knowledge() {
        let t = tables();
        let gpe = |k: &str| t.gazetteer.get(k).map(|e| (e.label, e.case));
        assert_eq!(gpe("egypt"), Some(("GPE", CaseRule::Any)));
        assert_eq!(gpe("jordan"), Some(("GPE", CaseRule::Capitalized)));
        assert_eq!(gpe("us"), Some(("GPE", CaseRule::Exact)));
        assert_eq!(gpe("united arab emirates"), Some(("GPE", CaseRule::Any)));
        assert_eq!(gpe("palestinians").map(|e| e.0), Some("MISC"));
        assert!(t.titles.contains("foreign minister"));
        assert!(t.cues.contains("according to"));
        assert!(t.weekdays.contains("thursday"));
        assert!(t.given_names.contains("john"));
        assert!(t.common.contains("the"));
    }
}
