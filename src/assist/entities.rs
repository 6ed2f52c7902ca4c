//! Entity suggestions from patterns that hold up on messy news: the person's own accepted
//! annotations, titles before names, the gazetteer, common given names, head words
//! ("… Ministry", "… Strip"), dates, names glued to the next word, and surnames of people
//! already found.
//!
//! Every rule proposes candidates with a priority; the best non-overlapping ones win (higher
//! priority first, then longer). The rules lean towards precision: a wrong suggestion costs the
//! person more than a missing one.

use std::collections::HashMap;
use std::rc::Rc;

use crate::assist::data::{phrase_key, tables, CaseRule, Tables};
use crate::assist::tokens::{is_capitalized, Analysis, TokenKind};
use crate::model::offsets::CpRange;

/// A suggested entity mention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntitySpan {
    pub range: CpRange,
    pub label: Rc<str>,
}

/// Names the person has tagged (or that were found earlier), by key, with their label.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    names: HashMap<String, Rc<str>>,
    max_tokens: usize,
}

impl Lexicon {
    /// Adds a name as it appears in the text; later additions do not replace earlier ones.
    pub fn add(&mut self, text: &str, label: &Rc<str>) {
        let (key, n_tokens) = phrase_key(text);
        if n_tokens == 0 {
            return;
        }
        self.max_tokens = self.max_tokens.max(n_tokens);
        self.names.entry(key).or_insert_with(|| Rc::clone(label));
    }

    fn get(&self, key: &str) -> Option<&Rc<str>> {
        self.names.get(key)
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Rule priorities, best first.
const LEARNED: u8 = 0;
const TITLED_PERSON: u8 = 1;
const GAZETTEER_PHRASE: u8 = 2;
const HEAD_WORD: u8 = 3;
const GIVEN_NAME: u8 = 4;
const GAZETTEER_WORD: u8 = 5;
const GLUED: u8 = 5;
const DATE: u8 = 6;
const SURNAME: u8 = 7;
const QUANTITY: u8 = 8;

#[derive(Clone, Debug)]
struct Candidate {
    start: usize,
    end: usize,
    label: Rc<str>,
    priority: u8,
}

/// What the entity rules need besides the text.
pub struct EntityContext<'a> {
    /// Names from accepted annotations: matched case-insensitively, whole words.
    pub learned: &'a Lexicon,
    /// Surnames of people found anywhere in the document: matched when capitalised.
    pub surnames: &'a Lexicon,
    /// Labels the schema has; no rule suggests another.
    pub labels: &'a [Rc<str>],
}

/// Suggested entities in one analysed block, in text order.
pub fn suggest_entities(
    chars: &[char],
    analysis: &Analysis,
    context: &EntityContext,
) -> Vec<EntitySpan> {
    let t = tables();
    let mut candidates = Vec::new();
    let mut rules = Rules {
        chars,
        a: analysis,
        t,
        context,
        gazetteer: Vec::new(),
    };
    rules.gazetteer = (0..analysis.tokens.len())
        .map(|k| rules.find_in_gazetteer(k))
        .collect();
    for k in 0..analysis.tokens.len() {
        rules.learned(k, &mut candidates);
        rules.titled_person(k, &mut candidates);
        rules.gazetteer(k, &mut candidates);
        rules.head_word(k, &mut candidates);
        rules.given_name(k, &mut candidates);
        rules.glued(k, &mut candidates);
        rules.hyphen_prefix(k, &mut candidates);
        rules.date(k, &mut candidates);
        rules.surname(k, &mut candidates);
        rules.quantity(k, &mut candidates);
    }
    candidates.retain(|c| context.labels.contains(&c.label));
    select(candidates)
}

/// The best non-overlapping candidates: by priority, then longer, then earlier.
fn select(mut candidates: Vec<Candidate>) -> Vec<EntitySpan> {
    candidates.sort_by_key(|c| (c.priority, std::cmp::Reverse(c.end - c.start), c.start));
    let mut chosen: Vec<Candidate> = Vec::new();
    for c in candidates {
        if chosen.iter().all(|o| c.end <= o.start || o.end <= c.start) {
            chosen.push(c);
        }
    }
    chosen.sort_by_key(|c| c.start);
    chosen
        .into_iter()
        .map(|c| EntitySpan {
            range: CpRange::new(c.start, c.end),
            label: c.label,
        })
        .collect()
}

struct Rules<'a> {
    chars: &'a [char],
    a: &'a Analysis,
    t: &'static Tables,
    context: &'a EntityContext<'a>,
    /// For each token, the longest gazetteer entry starting there, as (end, label).
    gazetteer: Vec<Option<(usize, &'static str)>>,
}

impl Rules<'_> {
    fn word(&self, k: usize) -> bool {
        self.a
            .tokens
            .get(k)
            .is_some_and(|t| t.kind == TokenKind::Word)
    }

    fn capitalized(&self, k: usize) -> bool {
        self.a
            .tokens
            .get(k)
            .is_some_and(|t| is_capitalized(self.chars, t))
    }

    fn lower(&self, k: usize) -> &str {
        self.a.lower.get(k).map_or("", |s| s.as_str())
    }

    fn is_stopword(&self, k: usize) -> bool {
        self.t.stopwords.contains(self.lower(k))
    }

    fn same_sentence(&self, from: usize, to: usize) -> bool {
        to <= self.a.tokens.len() && self.a.sentence_of[from] == self.a.sentence_of[to - 1]
    }

    fn push(&self, out: &mut Vec<Candidate>, from: usize, to: usize, label: &str, priority: u8) {
        out.push(Candidate {
            start: self.a.tokens[from].start,
            end: self.a.tokens[to - 1].end,
            label: Rc::from(label),
            priority,
        });
    }

    /// A word that can be part of a person's name: capitalised, not a stop word or title.
    fn name_word(&self, k: usize) -> bool {
        (self.capitalized(k) || self.particle_name(k))
            && !self.is_stopword(k)
            && !self.t.org_heads.contains(self.lower(k))
            && !self.t.loc_heads.contains(self.lower(k))
            && !self.t.event_heads.contains(self.lower(k))
            && !self.t.titles.contains(self.lower(k))
            && !self.t.weekdays.contains(self.lower(k))
            && !self.t.months.contains(self.lower(k))
    }

    /// A lower-case particle joined to a capitalised name: "el-Sisi", "al-Assad", "bin-Zayed".
    fn particle_name(&self, k: usize) -> bool {
        let Some(token) = self.a.tokens.get(k) else {
            return false;
        };
        let text = &self.chars[token.start..token.end];
        let Some(hyphen) = text.iter().position(|&c| c == '-') else {
            return false;
        };
        let particle: String = text[..hyphen].iter().collect();
        self.t.name_particles.contains(&particle)
            && text.get(hyphen + 1).is_some_and(|c| c.is_uppercase())
    }

    /// The end of a person's name starting at `k`: capitalised words, with name connectors
    /// ("el", "bin", "de") between them, at most four words, within the sentence.
    fn name_end(&self, k: usize) -> Option<usize> {
        if !self.name_word(k)
            || self
                .gazetteer_at(k)
                .is_some_and(|(_, label)| label != "MISC")
        {
            return None;
        }
        let mut end = k + 1;
        let mut n_words = 1;
        let mut j = k + 1;
        while j < self.a.tokens.len() && n_words < 4 && self.same_sentence(k, j + 1) {
            let connector = self.word(j)
                && !self.capitalized(j)
                && self.t.name_particles.contains(self.lower(j));
            // A middle initial: "Antony J. Blinken".
            let initial = self.a.tokens[j].end - self.a.tokens[j].start == 1
                && self.capitalized(j)
                && self.lower(j + 1) == "."
                && self.a.tokens.get(j + 1).is_some_and(|t| t.glued);
            if initial && self.name_word(j + 2) && !self.a.tokens[j + 2].glued {
                j += 2;
                continue;
            }
            if connector && self.name_word(j + 1) && !self.a.tokens[j + 1].glued {
                j += 1;
                continue;
            }
            if self.name_word(j) && !self.a.tokens[j].glued {
                n_words += 1;
                j += 1;
                end = j;
            } else {
                break;
            }
        }
        Some(end)
    }

    fn learned(&self, k: usize, out: &mut Vec<Candidate>) {
        let learned = self.context.learned;
        if learned.is_empty() || !self.starts_word(k) {
            return;
        }
        for n in (1..=learned.max_tokens).rev() {
            let end = k + n;
            if end > self.a.tokens.len() || !self.ends_word(end) {
                continue;
            }
            if let Some(label) = learned.get(&self.a.key(k, end)) {
                self.push(out, k, end, label, LEARNED);
                return;
            }
        }
    }

    /// Token `k` starts a whole word: it is not glued to a preceding word.
    fn starts_word(&self, k: usize) -> bool {
        let token = &self.a.tokens[k];
        token.kind != TokenKind::Word
            || !token.glued
            || k == 0
            || self.a.tokens[k - 1].kind != TokenKind::Word
            || is_capitalized(self.chars, token)
    }

    /// Tokens up to `end` end a whole word: the next token is not a lower-case continuation.
    fn ends_word(&self, end: usize) -> bool {
        self.a.tokens.get(end).is_none_or(|next| {
            !next.glued
                || next.kind != TokenKind::Word
                || self.a.tokens[end - 1].kind != TokenKind::Word
                || is_capitalized(self.chars, next)
        })
    }

    /// The longest title ending before a name: "Foreign Minister", "Secretary of State", then
    /// optionally a comma. Titles are not part of the name.
    fn titled_person(&self, k: usize, out: &mut Vec<Candidate>) {
        let titles = &self.t.titles;
        if !titles.may_start(self.lower(k)) {
            return;
        }
        let Some(title_end) = (1..=titles.max_tokens)
            .rev()
            .map(|n| k + n)
            .find(|&end| end <= self.a.tokens.len() && titles.contains(&self.a.key(k, end)))
        else {
            return;
        };
        // A capitalised title or a lower-case one; not a title word inside a longer name
        // ("UN General Assembly", "Secretary-General" glued to a word).
        if k > 0 && self.a.tokens[k].glued && self.word(k - 1) {
            return;
        }
        let inside_gazetteer_phrase =
            (k.saturating_sub(self.t.gazetteer_max_tokens)..=k).any(|from| {
                self.gazetteer_at(from)
                    .is_some_and(|(end, _)| end > k && end - from > 1)
            });
        if inside_gazetteer_phrase {
            return;
        }
        let mut name_start = title_end;
        if self
            .a
            .tokens
            .get(name_start)
            .is_some_and(|t| t.kind == TokenKind::Punct && self.chars[t.start] == ',')
        {
            name_start += 1;
        }
        if name_start >= self.a.tokens.len() || !self.same_sentence(k, name_start + 1) {
            return;
        }
        if let Some(end) = self.name_end(name_start) {
            self.push(out, name_start, end, "PERSON", TITLED_PERSON);
            return;
        }
        // A lower-case name after a title: a common given name and the next word, which may
        // be glued to the word after it ("prime minister, benjamin netanyahuhas said").
        if self.t.given_names.contains(self.lower(name_start))
            && !self.capitalized(name_start)
            && self.word(name_start + 1)
            && !self.capitalized(name_start + 1)
            && self.same_sentence(k, name_start + 2)
        {
            let surname = self.lower(name_start + 1);
            let end_char = match glue_split(surname, self.t) {
                Some(prefix_len) => self.a.tokens[name_start + 1].start + prefix_len,
                None if !self.t.common.contains(surname) => self.a.tokens[name_start + 1].end,
                None => return,
            };
            out.push(Candidate {
                start: self.a.tokens[name_start].start,
                end: end_char,
                label: Rc::from("PERSON"),
                priority: TITLED_PERSON,
            });
        }
    }

    /// The longest gazetteer entry starting at `k` whose case fits, as (end, label).
    fn gazetteer_at(&self, k: usize) -> Option<(usize, &'static str)> {
        self.gazetteer.get(k).copied().flatten()
    }

    fn find_in_gazetteer(&self, k: usize) -> Option<(usize, &'static str)> {
        if !self.t.gazetteer_first_tokens.contains(self.lower(k)) || !self.starts_word(k) {
            return None;
        }
        let n_tokens = self.a.tokens.len();
        for n in (1..=self.t.gazetteer_max_tokens).rev() {
            let end = k + n;
            if end > n_tokens || !self.ends_word(end) {
                continue;
            }
            let Some(entry) = self.t.gazetteer.get(&self.a.key(k, end)) else {
                continue;
            };
            let surface: Vec<String> = (k..end)
                .map(|j| {
                    self.chars[self.a.tokens[j].start..self.a.tokens[j].end]
                        .iter()
                        .collect()
                })
                .collect();
            let written = entry_tokens(entry.written);
            let fits = match entry.case {
                CaseRule::Any => true,
                CaseRule::Exact => surface
                    .iter()
                    .map(|s| s.as_str())
                    .eq(written.iter().copied()),
                CaseRule::Capitalized => surface.iter().zip(&written).all(|(s, w)| {
                    let wants_capital = w.chars().next().is_some_and(|c| c.is_uppercase());
                    !wants_capital || s.chars().next().is_some_and(|c| c.is_uppercase())
                }),
            };
            if fits {
                return Some((end, entry.label));
            }
        }
        None
    }

    fn gazetteer(&self, k: usize, out: &mut Vec<Candidate>) {
        if let Some((end, label)) = self.gazetteer_at(k) {
            // A single lower-case word right after a title is a name, not a place.
            let priority = if end - k > 1 {
                GAZETTEER_PHRASE
            } else {
                GAZETTEER_WORD
            };
            self.push(out, k, end, label, priority);
        }
    }

    /// Capitalised phrases named by their head word: "Egyptian Foreign Ministry" (ORG),
    /// "Gaza Strip" (LOC), "Yom Kippur War" (EVENT). At least two words.
    fn head_word(&self, k: usize, out: &mut Vec<Candidate>) {
        let starts_run = self.capitalized(k)
            && !self.is_stopword(k)
            && (k == 0 || !self.capitalized(k - 1) || self.is_stopword(k - 1));
        if !starts_run {
            return;
        }
        let mut end = k + 1;
        let mut j = k + 1;
        while j < self.a.tokens.len() && self.same_sentence(k, j + 1) {
            if self.capitalized(j) && !self.is_stopword(j) && !self.a.tokens[j].glued {
                j += 1;
                end = j;
            } else if self.word(j)
                && self.t.connectors.contains(self.lower(j))
                && self.capitalized(j + 1)
                && !self.is_stopword(j + 1)
            {
                j += 1;
            } else {
                break;
            }
        }
        if end - k < 2 {
            return;
        }
        // Titles do not head organisations ("Foreign Minister Sameh Shoukry").
        if (k..end).any(|j| self.t.titles.contains(self.lower(j))) {
            return;
        }
        let last = self.lower(end - 1);
        let label = if self.t.org_heads.contains(last)
            || (self.t.org_heads.contains(self.lower(k)) && self.lower(k + 1) == "of")
        {
            "ORG"
        } else if self.t.loc_heads.contains(last) {
            "LOC"
        } else if self.t.event_heads.contains(last) || self.t.event_prefixes.contains(self.lower(k))
        {
            "EVENT"
        } else {
            return;
        };
        self.push(out, k, end, label, HEAD_WORD);
    }

    /// "Evelyn Hockstein", "Matthew Miller": a common given name and one or two capitalised
    /// words that are no place or organisation.
    fn given_name(&self, k: usize, out: &mut Vec<Candidate>) {
        if !self.capitalized(k) || !self.t.given_names.contains(self.lower(k)) {
            return;
        }
        if self.a.tokens[k].glued && k > 0 && self.word(k - 1) {
            return;
        }
        let Some(end) = self.name_end(k) else {
            return;
        };
        if end - k < 2 || end - k > 3 {
            return;
        }
        if (k + 1..end).any(|j| self.gazetteer_at(j).is_some()) {
            return;
        }
        self.push(out, k, end, "PERSON", GIVEN_NAME);
    }

    /// A known name glued to the next word: "cairois" (the capital "cairo" + "is"), "anthony
    /// blinkenarrived" once "anthony blinken" is known. The known part is suggested.
    fn glued(&self, k: usize, out: &mut Vec<Candidate>) {
        let token = &self.a.tokens[k];
        if token.kind != TokenKind::Word || self.gazetteer_at(k).is_some() {
            return;
        }
        let word = self.lower(k);
        let Some(prefix_len) = glue_split(word, self.t) else {
            return;
        };
        let prefix: String = word.chars().take(prefix_len).collect();
        for n_before in (0..self.context.learned.max_tokens.max(1)).rev() {
            if n_before > k {
                continue;
            }
            let from = k - n_before;
            if !self.same_sentence(from, k + 1) {
                continue;
            }
            let mut key = self.a.key(from, k);
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(&prefix);
            let label = self.context.learned.get(&key).cloned().or_else(|| {
                let entry = self.t.gazetteer.get(&key)?;
                let capital_ok = entry.case == CaseRule::Any
                    || (entry.case == CaseRule::Capitalized && self.capitalized(from));
                capital_ok.then(|| Rc::from(entry.label))
            });
            if let Some(label) = label {
                out.push(Candidate {
                    start: self.a.tokens[from].start,
                    end: token.start + prefix_len,
                    label,
                    priority: if n_before > 0 { LEARNED } else { GLUED },
                });
                return;
            }
        }
    }

    /// A place or nationality joined by a hyphen to a lower-case word: "Russian-backed",
    /// "Saudi-led", "Iran-based". The name before the hyphen is suggested.
    fn hyphen_prefix(&self, k: usize, out: &mut Vec<Candidate>) {
        let token = &self.a.tokens[k];
        if token.kind != TokenKind::Word || !self.capitalized(k) {
            return;
        }
        let text = &self.chars[token.start..token.end];
        let Some(hyphen) = text.iter().position(|&c| c == '-') else {
            return;
        };
        if !text.get(hyphen + 1).is_some_and(|c| c.is_lowercase()) {
            return;
        }
        let prefix: String = text[..hyphen]
            .iter()
            .flat_map(|c| c.to_lowercase())
            .collect();
        if let Some(entry) = self.t.gazetteer.get(&prefix) {
            if entry.case != CaseRule::Exact {
                out.push(Candidate {
                    start: token.start,
                    end: token.start + hyphen,
                    label: Rc::from(entry.label),
                    priority: GAZETTEER_WORD,
                });
            }
        }
    }

    fn date(&self, k: usize, out: &mut Vec<Candidate>) {
        let t = self.t;
        let word = self.lower(k);
        let number_at = |j: usize, max: u32| {
            self.a.tokens.get(j).is_some_and(|tok| {
                tok.kind == TokenKind::Number
                    && self
                        .lower(j)
                        .parse::<u32>()
                        .is_ok_and(|n| (1..=max).contains(&n))
            })
        };
        let year_at = |j: usize| {
            self.a.tokens.get(j).is_some_and(|tok| {
                tok.kind == TokenKind::Number
                    && self
                        .lower(j)
                        .parse::<u32>()
                        .is_ok_and(|n| (1900..=2100).contains(&n))
            })
        };
        // "this week", "next Friday", "earlier this month".
        let modifier_len = [2, 1].into_iter().find(|&n| {
            k + n <= self.a.tokens.len() && t.date_modifiers.contains(&self.a.key(k, k + n))
        });
        if let Some(n) = modifier_len {
            let unit = self.lower(k + n);
            if (t.date_units.contains(unit) || t.weekdays.contains(unit)) && self.word(k + n) {
                self.push(out, k, k + n + 1, "DATE", DATE);
                return;
            }
        }
        if t.weekdays.contains(word) || t.relative_days.contains(word) {
            self.push(out, k, k + 1, "DATE", DATE);
            return;
        }
        if t.months.contains(word) && self.capitalized(k) {
            let mut end = k + 1;
            if number_at(k + 1, 31) {
                end = k + 2;
                if self.lower(k + 2) == "," && year_at(k + 3) {
                    end = k + 4;
                } else if year_at(k + 2) {
                    end = k + 3;
                }
            } else if year_at(k + 1) {
                end = k + 2;
            }
            // A day before the month: "7 October 2023".
            let start = if k > 0 && number_at(k - 1, 31) {
                k - 1
            } else {
                k
            };
            let ambiguous = t.ambiguous_months.contains(word);
            if !ambiguous || end > k + 1 || start < k {
                self.push(out, start, end, "DATE", DATE);
            }
            return;
        }
        // "21st century", "the 1990s" style periods: an ordinal and a period unit.
        if number_at(k, 21)
            && self.a.tokens.get(k + 1).is_some_and(|t| t.glued)
            && matches!(self.lower(k + 1), "st" | "nd" | "rd" | "th")
            && matches!(self.lower(k + 2), "century" | "centuries")
        {
            self.push(out, k, k + 3, "DATE", DATE);
            return;
        }
        // A year after a preposition: "in 2023", "since 1948".
        if year_at(k)
            && k > 0
            && matches!(
                self.lower(k - 1),
                "in" | "since"
                    | "by"
                    | "until"
                    | "from"
                    | "before"
                    | "after"
                    | "of"
                    | "early"
                    | "late"
            )
        {
            self.push(out, k, k + 1, "DATE", DATE);
        }
    }

    /// Amounts, for schemas that have a place for them: MONEY ("$5 million", "3 billion
    /// euros"), PERCENT ("12 percent", "12%") and CARDINAL (other numbers). The default schema
    /// has none of these labels, so nothing is suggested there.
    fn quantity(&self, k: usize, out: &mut Vec<Candidate>) {
        let is_number = |j: usize| {
            self.a
                .tokens
                .get(j)
                .is_some_and(|t| t.kind == TokenKind::Number)
        };
        if !is_number(k) {
            return;
        }
        let mut end = k + 1;
        if self.t.number_scales.contains(self.lower(end)) {
            end += 1;
        }
        let symbol_before =
            k > 0 && self.a.tokens[k].glued && self.t.currency_symbols.contains(self.lower(k - 1));
        if symbol_before {
            self.push(out, k - 1, end, "MONEY", QUANTITY);
        } else if self.t.currency_words.contains(self.lower(end)) {
            self.push(out, k, end + 1, "MONEY", QUANTITY);
        } else if self.lower(end) == "%" || self.lower(end) == "percent" {
            self.push(out, k, end + 1, "PERCENT", QUANTITY);
        } else if self.lower(end) == "per" && self.lower(end + 1) == "cent" {
            self.push(out, k, end + 2, "PERCENT", QUANTITY);
        } else {
            self.push(out, k, end, "CARDINAL", QUANTITY + 1);
        }
    }

    fn surname(&self, k: usize, out: &mut Vec<Candidate>) {
        let surnames = self.context.surnames;
        if surnames.is_empty()
            || !self.capitalized(k)
            || !self.starts_word(k)
            || !self.ends_word(k + 1)
        {
            return;
        }
        if let Some(label) = surnames.get(self.lower(k)) {
            self.push(out, k, k + 1, label, SURNAME);
        }
    }
}

/// The written tokens of a gazetteer entry.
fn entry_tokens(written: &str) -> Vec<&str> {
    let chars: Vec<char> = written.chars().collect();
    let tokens = crate::assist::tokens::tokenize(&chars);
    // Map code-point offsets back to byte offsets of `written`.
    let byte_of: Vec<usize> = written
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(written.len()))
        .collect();
    tokens
        .iter()
        .map(|t| &written[byte_of[t.start]..byte_of[t.end]])
        .collect()
}

/// Where a lower-case word glued to a common word splits: the length in characters of the
/// first part, which must be at least three letters ("blinken|arrived", "cairo|is"). The
/// longest common word wins, so "netanyahuhas" splits as "netanyahu|has", not "netanyahuh|as".
/// `None` when the word is itself a known word.
pub fn glue_split(word: &str, t: &Tables) -> Option<usize> {
    if t.common.contains(word) || t.gazetteer.contains_key(word) {
        return None;
    }
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 5 || !chars.iter().all(|c| c.is_alphabetic()) {
        return None;
    }
    (3..chars.len() - 1).find(|&split| {
        let rest: String = chars[split..].iter().collect();
        rest.chars().count() >= 2 && rest != "an" && t.common.contains(&rest)
    })
}

/// The surnames (last words) of multi-word person names, to suggest them alone elsewhere.
pub fn add_surnames(surnames: &mut Lexicon, name: &str, label: &Rc<str>) {
    let (key, n_tokens) = phrase_key(name);
    if &**label != "PERSON" || n_tokens < 2 {
        return;
    }
    let t = tables();
    if let Some(last) = key.rsplit(' ').next() {
        let is_word = last.chars().count() >= 3 && last.chars().all(|c| c.is_alphabetic());
        if is_word && !t.common.contains(last) && !t.stopwords.contains(last) {
            surnames.add(last, label);
        }
    }
}
