//! Words, numbers, punctuation and sentences, with code-point offsets, robust on messy text.
//!
//! Machine-translated news loses spaces ("ShoukryAccording", "Hamas.so"), so the tokenizer
//! splits a word where a lower-case letter meets a capital and remembers that the two pieces
//! were glued ([`Token::glued`]); the recognizers decide what a glue means. Offsets index the
//! text's characters, which are code points.

use crate::assist::data::tables;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

/// One token: `start..end` in code points, end exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// No whitespace separates this token from the previous one.
    pub glued: bool,
}

/// Characters that join the parts of one word ("el-Sisi", "re-election").
fn is_word_joiner(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Splits `chars` into tokens. Whitespace separates tokens and is not itself a token.
pub fn tokenize(chars: &[char]) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(chars.len() / 5 + 1);
    let mut i = 0;
    let mut after_space = true;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            after_space = true;
            i += 1;
            continue;
        }
        let start = i;
        let kind = if c.is_alphabetic() {
            i += 1;
            while i < chars.len() {
                let c = chars[i];
                if c.is_alphabetic() || c.is_numeric() || is_mark(c) {
                    // A capital right after a lower-case letter: text glued by lost whitespace,
                    // unless the word so far is short ("McDonald", "DeSantis", "iPhone").
                    if c.is_uppercase() && chars[i - 1].is_lowercase() && i - start >= 4 {
                        break;
                    }
                    i += 1;
                } else if is_word_joiner(c) && chars.get(i + 1).is_some_and(|n| n.is_alphabetic()) {
                    i += 2;
                } else {
                    break;
                }
            }
            TokenKind::Word
        } else if c.is_numeric() {
            i += 1;
            while i < chars.len() {
                let c = chars[i];
                if c.is_numeric() {
                    i += 1;
                } else if matches!(c, ',' | '.') && chars.get(i + 1).is_some_and(|n| n.is_numeric())
                {
                    i += 2;
                } else {
                    break;
                }
            }
            TokenKind::Number
        } else {
            i += 1;
            TokenKind::Punct
        };
        tokens.push(Token {
            start,
            end: i,
            kind,
            glued: !after_space && start > 0,
        });
        after_space = false;
    }
    tokens
}

/// Combining marks stay inside the word they modify ("cafe\u{301}").
pub(crate) fn is_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c) || ('\u{064B}'..='\u{065F}').contains(&c)
}

/// The text of a token.
pub fn text_of(chars: &[char], token: &Token) -> String {
    chars[token.start..token.end].iter().collect()
}

/// The lower-cased text of a token.
pub fn lower_of(chars: &[char], token: &Token) -> String {
    chars[token.start..token.end]
        .iter()
        .flat_map(|c| c.to_lowercase())
        .collect()
}

pub fn is_capitalized(chars: &[char], token: &Token) -> bool {
    token.kind == TokenKind::Word && chars[token.start].is_uppercase()
}

/// Sentences as token index ranges `first..end`. A sentence ends after `.`, `!` or `?` (and
/// any closing quotes or brackets) unless the word before is a known abbreviation, and at every
/// line break. A full stop glued between two words ends a sentence when the next word is lower
/// case ("Hamas.so he thought"), since news text does not write "Hamas.so" otherwise.
pub fn sentences(chars: &[char], tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    let abbreviations = &tables().abbreviations;
    let mut out = Vec::new();
    let mut first = 0;
    let mut k = 0;
    while k < tokens.len() {
        let token = &tokens[k];
        let line_break_after = tokens.get(k + 1).is_some_and(|next| {
            chars[token.end..next.start]
                .iter()
                .any(|&c| c == '\n' || c == '\r')
        });
        // Lost full stops in machine-translated text: a capitalised function word glued to
        // the previous word ("groupIn addition", "QatarA process"), or a pronoun-like sentence
        // opener after a lower-case word ("Refa There is"), starts a new sentence. Relative
        // words ("ArabWhere he met") continue the sentence.
        let next_starts = tokens.get(k + 1).is_some_and(|next| {
            let word = lower_of(chars, next);
            let closes_quote =
                token.kind == TokenKind::Punct && matches!(chars[token.start], '”' | '"' | '»');
            (token.kind == TokenKind::Word || closes_quote)
                && is_capitalized(chars, next)
                && !chars[next.start + 1..next.end]
                    .iter()
                    .any(|c| c.is_uppercase())
                && ((next.glued
                    && tables().stopwords.contains(&word)
                    && !matches!(
                        word.as_str(),
                        "where" | "which" | "who" | "whom" | "whose" | "when" | "that"
                    ))
                    || tables().sentence_openers.contains(&word))
        });
        let mut end_here = line_break_after || next_starts;
        if token.kind == TokenKind::Punct && matches!(chars[token.start], '.' | '!' | '?') {
            let previous_is_abbreviation = k > 0
                && tokens[k - 1].kind == TokenKind::Word
                && tokens[k - 1].end == token.start
                && (abbreviations.contains(&lower_of(chars, &tokens[k - 1]))
                    || tokens[k - 1].end - tokens[k - 1].start == 1);
            // Closing quotes and brackets belong to the sentence they close.
            let mut last = k;
            while tokens.get(last + 1).is_some_and(|n| {
                n.kind == TokenKind::Punct
                    && matches!(chars[n.start], '”' | '’' | '"' | '\'' | ')' | '»')
                    && n.glued
            }) {
                last += 1;
            }
            let next = tokens.get(last + 1);
            let ends = next.is_none_or(|n| {
                !n.glued
                    || (n.kind == TokenKind::Word
                        && n.end - n.start >= 2
                        && chars[n.start].is_lowercase())
            });
            if !previous_is_abbreviation && ends {
                k = last;
                end_here = true;
            }
        }
        if end_here {
            out.push(first..k + 1);
            first = k + 1;
        }
        k += 1;
    }
    if first < tokens.len() {
        out.push(first..tokens.len());
    }
    out
}

/// One block of text analysed: tokens (offsets into the whole text), their lower-cased texts,
/// and sentences as token ranges.
pub struct Analysis {
    pub tokens: Vec<Token>,
    pub lower: Vec<String>,
    pub sentences: Vec<std::ops::Range<usize>>,
    /// For each token, the index of its sentence.
    pub sentence_of: Vec<usize>,
}

impl Analysis {
    /// Analyses `chars[block]`; token offsets count from the start of `chars`.
    pub fn new(chars: &[char], block: std::ops::Range<usize>) -> Analysis {
        let offset = block.start;
        let mut tokens = tokenize(&chars[block]);
        for token in &mut tokens {
            token.start += offset;
            token.end += offset;
        }
        let lower = tokens.iter().map(|t| lower_of(chars, t)).collect();
        let sentences = sentences(chars, &tokens);
        let mut sentence_of = vec![0; tokens.len()];
        for (n, sentence) in sentences.iter().enumerate() {
            for k in sentence.clone() {
                sentence_of[k] = n;
            }
        }
        Analysis {
            tokens,
            lower,
            sentences,
            sentence_of,
        }
    }

    /// True when token `k` is the first of its sentence.
    pub fn starts_sentence(&self, k: usize) -> bool {
        self.sentences
            .get(self.sentence_of[k])
            .is_some_and(|s| s.start == k)
    }

    /// The key of tokens `from..to`: lower-cased texts joined by spaces (see
    /// [`crate::assist::data::phrase_key`]).
    pub fn key(&self, from: usize, to: usize) -> String {
        self.lower[from..to].join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        tokenize(&chars)
            .iter()
            .map(|t| {
                let glue = if t.glued { "+" } else { "" };
                format!("{glue}{}", text_of(&chars, t))
            })
            .collect()
    }

    fn sentence_texts(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let tokens = tokenize(&chars);
        sentences(&chars, &tokens)
            .into_iter()
            .map(|r| {
                chars[tokens[r.start].start..tokens[r.end - 1].end]
                    .iter()
                    .collect()
            })
            .collect()
    }

    #[test]
    fn tokens_split_glued_words_and_keep_hyphenated_names() {
        for (text, expected) in [
            (
                "Sameh ShoukryAccording to",
                &["Sameh", "Shoukry", "+According", "to"][..],
            ),
            (
                "Abdel Fattah el-Sisi,",
                &["Abdel", "Fattah", "el-Sisi", "+,"],
            ),
            ("McDonald DeSantis", &["McDonald", "DeSantis"]),
            ("Blinken’s visit", &["Blinken", "+’", "+s", "visit"]),
            ("1,200.5 troops", &["1,200.5", "troops"]),
            ("Hamas.so he", &["Hamas", "+.", "+so", "he"]),
            ("“yes”", &["“", "+yes", "+”"]),
            ("cafe\u{301} 😀", &["cafe\u{301}", "😀"]),
            ("", &[]),
        ] {
            assert_eq!(words(text), expected, "{text}");
        }
    }

    #[test]
    fn sentences_end_at_stops_and_line_breaks_but_not_abbreviations() {
        assert_eq!(
            sentence_texts("Mr. Smith went to the U.S. on Monday. He said “no.” Then\nnew line"),
            [
                "Mr. Smith went to the U.S. on Monday.",
                "He said “no.”",
                "Then",
                "new line"
            ]
        );
        assert_eq!(
            sentence_texts("between Israel and Hamas.so he thought. 3.5 percent"),
            ["between Israel and Hamas.", "so he thought.", "3.5 percent"]
        );
    }
}
