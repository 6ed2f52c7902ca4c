//! A small tokenizer for token-per-line exports: words, numbers and punctuation as separate
//! tokens, with code-point ranges into the text.
//!
//! It is deliberately simple and pure (no dictionaries): a word is a run of letters, digits and
//! combining marks; a number may keep inner `.` or `,` between digits ("155,221", "5.93");
//! every other visible character is a token by itself. Sentences end at line breaks and after
//! `.`, `!` or `?` followed by a space, except after an initial ("J. K. Rowling"); there is no
//! list of abbreviations, so "Gen. Smith" splits.

use crate::model::offsets::CpRange;

/// One token: where it is, and whether a sentence ends after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub range: CpRange,
    pub ends_sentence: bool,
}

/// Characters that belong to the word before them though they are not letters: combining
/// accents, joiners, variation selectors and emoji skin tones. std has no Unicode category
/// tables, so these are the common ranges.
fn continues_word(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
        | 0x200C..=0x200D | 0xFE00..=0xFE0F | 0x1F3FB..=0x1F3FF | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0670 | 0x0591..=0x05C7 | 0x0900..=0x0903 | 0x093A..=0x094F)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || continues_word(c)
}

/// Splits `text` into tokens. Whitespace separates tokens and is never part of one.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens: Vec<Token> = Vec::new();
    let mut i = 0;
    let mut newline_since_last = false;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            if c == '\n' || c == '\u{2029}' {
                newline_since_last = true;
            }
            i += 1;
            continue;
        }
        if newline_since_last {
            if let Some(last) = tokens.last_mut() {
                last.ends_sentence = true;
            }
            newline_since_last = false;
        }
        let start = i;
        if is_word_char(c) {
            i += 1;
            while i < chars.len() {
                let inner_separator = matches!(chars[i], '.' | ',')
                    && chars[i - 1].is_ascii_digit()
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit);
                if is_word_char(chars[i]) || inner_separator {
                    i += 1;
                } else {
                    break;
                }
            }
        } else {
            i += 1;
            // A mark after a symbol (an emoji's variation selector) stays with it.
            while i < chars.len() && continues_word(chars[i]) {
                i += 1;
            }
        }
        // A full stop ends a sentence only before a space or the end ("3.5", "U.S" do not),
        // and not after a lone capital glued to it: initials such as "J. K. Rowling".
        let after_initial = c == '.'
            && start >= 1
            && chars[start - 1].is_uppercase()
            && (start < 2 || !is_word_char(chars[start - 2]));
        let before_space = chars.get(i).is_none_or(|next| next.is_whitespace());
        tokens.push(Token {
            range: CpRange::new(start, i),
            ends_sentence: matches!(c, '.' | '!' | '?')
                && i - start == 1
                && before_space
                && !after_initial,
        });
    }
    if let Some(last) = tokens.last_mut() {
        last.ends_sentence = true;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::offsets::TextIndex;

    /// Tokens written as their text, with `/` after one that ends a sentence.
    fn check(text: &str, expected: &str) {
        let index = TextIndex::new(text);
        let rendered: Vec<String> = tokenize(text)
            .iter()
            .map(|t| {
                let s = index.slice(text, t.range);
                if t.ends_sentence {
                    format!("{s}/")
                } else {
                    s.to_string()
                }
            })
            .collect();
        assert_eq!(rendered.join(" "), expected, "{text:?}");
    }

    #[test]
    fn words_numbers_and_punctuation() {
        check("", "");
        check("   \n ", "");
        check(
            "Blinken met Shoukry in Cairo.",
            "Blinken met Shoukry in Cairo ./",
        );
        check(
            "155,221 bags of 5.93 mln, 6.4 mln. Ok",
            "155,221 bags of 5.93 mln , 6.4 mln ./ Ok/",
        );
        check("self-driving cars (2007)", "self - driving cars ( 2007 )/");
        check("“I can’t,” said Thrun", "“ I can ’ t , ” said Thrun/");
        check("Title\nFirst line\n\nSecond", "Title/ First line/ Second/");
        check(
            "Zoe\u{0308} and cafe\u{0301}!",
            "Zoe\u{0308} and cafe\u{0301} !/",
        );
        check("😀👍🏽 🇶🇦 x", "😀 👍🏽 🇶 🇦 x/");
        check("عربي: قال", "عربي : قال/");
        check(
            "U.S. news. J. K. Rowling.",
            "U . S . news ./ J . K . Rowling ./",
        );
        check("end... Start", "end . . ./ Start/");
    }
}
