//! Claims: statements someone makes that could be checked, and the attributes a fact-checker
//! records about them. Who said a claim is a `speaker` relation to an entity mention (see
//! [`crate::model::document::Relation`]); without one the claim is unattributed or the author's.

use std::rc::Rc;

use crate::model::document::Document;
use crate::model::offsets::CpRange;

/// Declares a closed set of values with their file names and their names for people.
macro_rules! choice {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $file:literal / $human:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The value's name in files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $file,)+ }
            }

            /// The value's name for people.
            pub fn human(self) -> &'static str {
                match self { $($name::$variant => $human,)+ }
            }

            pub fn parse(value: &str) -> Option<$name> {
                match value { $($file => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

choice! {
    /// Whether the claim is quoted word for word.
    QuoteType {
        Direct = "direct" / "Direct quote",
        Indirect = "indirect" / "Indirect (reported)",
        Mixed = "mixed" / "Mixed",
    }
}

choice! {
    /// Whether the statement deserves a fact-check.
    CheckWorthiness {
        NotAClaim = "not-a-claim" / "Not a claim",
        NotCheckWorthy = "not-check-worthy" / "Not check-worthy",
        CheckWorthy = "check-worthy" / "Check-worthy",
    }
}

choice! {
    /// The fact-checker's conclusion.
    Verdict {
        Unverified = "unverified" / "Unverified",
        True = "true" / "True",
        MostlyTrue = "mostly-true" / "Mostly true",
        Mixed = "mixed" / "Mixed",
        MostlyFalse = "mostly-false" / "Mostly false",
        False = "false" / "False",
        Unverifiable = "unverifiable" / "Unverifiable",
    }
}

choice! {
    /// Who made a claim when no entity mention is its speaker.
    Attribution {
        Unattributed = "unattributed" / "Unattributed",
        Author = "author" / "The author",
    }
}

/// What a fact-checker records about a claim, besides its speaker and cue relations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimAttributes {
    pub quote_type: QuoteType,
    pub check_worthiness: CheckWorthiness,
    pub verdict: Verdict,
    /// Applies only while the claim has no `speaker` relation.
    pub attribution: Attribution,
    pub note: Rc<str>,
}

/// Quotation marks, straight and typographic, that make a claim a direct quote.
const QUOTES: [char; 8] = ['"', '“', '”', '„', '«', '»', '‘', '’'];

/// Punctuation that may stand between a quotation's last word and its closing mark, inside the
/// selection or outside it (`“We will not accept it,” he said`).
const TRAILING_PUNCTUATION: [char; 7] = [',', '.', ';', ':', '!', '?', '…'];

/// How many characters after a selection are looked at for its closing mark.
const AFTER_WINDOW: usize = 4;

/// A mark that can open or close a quotation. `’` is left out: it is far more often an
/// apostrophe (`country’s`) than a closing single quote.
fn is_quote(c: Option<char>) -> bool {
    c.is_some_and(|c| QUOTES.contains(&c) && c != '’')
}

/// The quote type of `selection`, given the character just before it and a few just after it:
/// direct when a quotation mark opens it (its first character, or the one just before it) and
/// one closes it (its last character, or the first one after it), trailing punctuation
/// allowed before the closing mark inside or outside; mixed when marks are only inside; else
/// indirect. Whitespace at the selection's ends separates it from the marks around it.
fn guess_quote_type(before: Option<char>, selection: &str, after: &str) -> QuoteType {
    let content = selection.trim();
    if content.is_empty() {
        return QuoteType::Indirect;
    }
    let leading = &selection[..selection.len() - selection.trim_start().len()];
    let trailing = &selection[selection.trim_end().len()..];
    let before = leading.chars().next_back().or(before);
    let opening = is_quote(content.chars().next()) || is_quote(before);
    let body = content.trim_end_matches(TRAILING_PUNCTUATION);
    let closing = is_quote(body.chars().next_back()) || {
        let mut outside = trailing.chars().chain(after.chars());
        is_quote(outside.find(|c| !TRAILING_PUNCTUATION.contains(c)))
    };
    if opening && closing {
        QuoteType::Direct
    } else if content.chars().any(|c| is_quote(Some(c))) {
        QuoteType::Mixed
    } else {
        QuoteType::Indirect
    }
}

impl ClaimAttributes {
    /// Defaults for a new claim: check-worthy (the person chose to tag it), unverified,
    /// unattributed, and a quote type guessed from the text alone: quotation marks at both ends
    /// make it direct, marks inside make it mixed, none indirect. [`ClaimAttributes::for_span`]
    /// also looks at the marks around a span.
    pub fn for_text(text: &str) -> ClaimAttributes {
        ClaimAttributes::with_quote_type(guess_quote_type(None, text, ""))
    }

    /// Defaults for a new claim over `range` of `text` (code points), its quote type guessed
    /// from the span and the characters just outside it: `We will not accept it` in
    /// `“We will not accept it,” he said` is a direct quote. Reads `text` up to the span's end;
    /// with a [`Document`], [`ClaimAttributes::for_document_span`] uses its offset index.
    pub fn for_span(text: &str, range: CpRange) -> ClaimAttributes {
        let (mut before, mut start_byte, mut end_byte) = (None, None, None);
        // Code point n starts at `byte`; the end of the text counts as one more boundary.
        let boundaries = text.char_indices().chain([(text.len(), '\0')]);
        for (n, (byte, ch)) in boundaries.enumerate() {
            if n + 1 == range.start.0 {
                before = Some(ch);
            }
            if n == range.start.0 {
                start_byte = Some(byte);
            }
            if n == range.end.0 {
                end_byte = Some(byte);
                break;
            }
        }
        let (Some(start_byte), Some(end_byte)) = (start_byte, end_byte) else {
            return ClaimAttributes::for_text("");
        };
        if start_byte > end_byte {
            return ClaimAttributes::for_text("");
        }
        let after: String = text[end_byte..].chars().take(AFTER_WINDOW).collect();
        let quote_type = guess_quote_type(before, &text[start_byte..end_byte], &after);
        ClaimAttributes::with_quote_type(quote_type)
    }

    /// [`ClaimAttributes::for_span`] for a span of a document.
    pub fn for_document_span(document: &Document, range: CpRange) -> ClaimAttributes {
        let (start, end, len) = (range.start.0, range.end.0, document.len().0);
        if start > end || end > len {
            return ClaimAttributes::for_text("");
        }
        let before = (start > 0)
            .then(|| {
                document
                    .slice(CpRange::new(start - 1, start))
                    .chars()
                    .next()
            })
            .flatten();
        let after = document.slice(CpRange::new(end, (end + AFTER_WINDOW).min(len)));
        let quote_type = guess_quote_type(before, document.slice(range), after);
        ClaimAttributes::with_quote_type(quote_type)
    }

    fn with_quote_type(quote_type: QuoteType) -> ClaimAttributes {
        ClaimAttributes {
            quote_type,
            check_worthiness: CheckWorthiness::CheckWorthy,
            verdict: Verdict::Unverified,
            attribution: Attribution::Unattributed,
            note: Rc::from(""),
        }
    }
}

impl Default for ClaimAttributes {
    fn default() -> ClaimAttributes {
        ClaimAttributes::for_text("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_type_is_guessed_from_quotation_marks() {
        for (text, expected) in [
            ("“The differences are narrowing”", QuoteType::Direct),
            (
                "\"It is very possible to reach an agreement\"",
                QuoteType::Direct,
            ),
            ("«Nous discutons»", QuoteType::Direct),
            (
                "he said “The differences are narrowing” between Israel and Hamas",
                QuoteType::Mixed,
            ),
            ("Doha confirms it is still too early", QuoteType::Indirect),
            ("the country’s intelligence services", QuoteType::Indirect),
            ("", QuoteType::Indirect),
        ] {
            assert_eq!(
                ClaimAttributes::for_text(text).quote_type,
                expected,
                "{text}"
            );
        }
        let defaults = ClaimAttributes::default();
        assert_eq!(defaults.check_worthiness, CheckWorthiness::CheckWorthy);
        assert_eq!(defaults.verdict, Verdict::Unverified);
        assert_eq!(defaults.attribution, Attribution::Unattributed);
    }

    /// `fixture` marks the selection with `[…|X]`; both span functions must give `expected`.
    fn check_span(fixture: &str, expected: QuoteType) {
        let document = crate::model::fixture::parse_fixture(fixture);
        let range = document.annotations()[0].range;
        assert_eq!(
            ClaimAttributes::for_span(document.text(), range).quote_type,
            expected,
            "for_span: {fixture}"
        );
        assert_eq!(
            ClaimAttributes::for_document_span(&document, range).quote_type,
            expected,
            "for_document_span: {fixture}"
        );
    }

    #[test]
    fn quote_type_looks_at_the_marks_around_the_span() {
        use QuoteType::{Direct, Indirect, Mixed};
        for (fixture, expected) in [
            // Curly marks outside, the comma outside or inside the selection, or all inside.
            ("“[We will not accept it|X],” he said", Direct),
            ("“[We will not accept it,|X]” he said", Direct),
            ("[“We will not accept it,”|X] he said", Direct),
            ("“[We will not accept it|X].”", Direct),
            ("“[Yes|X]”.", Direct),
            // Opening mark inside, closing outside.
            ("[“We will not accept it|X],” he said", Direct),
            // Straight quotes, guillemets both ways, German low-high marks.
            ("He said \"[It is very possible|X].\"", Direct),
            ("«[Nous discutons|X]», a-t-il dit", Direct),
            ("»[Wir reden|X]«, sagte er", Direct),
            ("„[Wir reden|X]“, sagte er", Direct),
            // No marks.
            ("He said [we will not accept it|X].", Indirect),
            // A mark on one side only.
            ("“[We will not accept it|X] he said", Indirect),
            ("[We will not accept it|X],” he said", Indirect),
            ("he said “[the differences|X] are narrowing”", Indirect),
            // Marks that do not touch the span.
            ("“ [We will not accept it|X] ”", Indirect),
            // An apostrophe is not a closing mark.
            ("the ‘[country|X]’s intelligence services", Indirect),
            // Marks only inside.
            (
                "[he said “The differences are narrowing” between|X] them",
                Mixed,
            ),
            // At the very start and end of the text.
            ("[Talks go on|X]", Indirect),
        ] {
            check_span(fixture, expected);
        }
        // A range outside the text is not a quote, and nothing panics.
        let text = "“Yes”";
        let outside = CpRange::new(3, 9);
        assert_eq!(
            ClaimAttributes::for_span(text, outside).quote_type,
            Indirect
        );
    }

    #[test]
    fn a_claim_tagged_without_its_marks_is_a_direct_quote() {
        use crate::model::command::{Command, Editor};
        use crate::model::document::Document;
        use crate::model::schema::Schema;

        let document = Document::new("d", "t", "“We will not accept it,” he said");
        let editor = Editor::new(document, Schema::default());
        // "We will not accept it": the selection leaves out the marks and the comma.
        let command = editor.tag_claim(CpRange::new(1, 22)).expect("a claim");
        let Command::Add(claim) = command else {
            panic!("tagging adds one annotation: {command:?}");
        };
        assert_eq!(
            editor.document().slice(claim.range),
            "We will not accept it"
        );
        assert_eq!(
            claim.claim.expect("claim attributes").quote_type,
            QuoteType::Direct
        );
    }

    #[test]
    fn every_value_round_trips_through_its_file_name() {
        for v in Verdict::ALL {
            assert_eq!(Verdict::parse(v.as_str()), Some(*v));
        }
        for v in CheckWorthiness::ALL {
            assert_eq!(CheckWorthiness::parse(v.as_str()), Some(*v));
        }
        for v in QuoteType::ALL {
            assert_eq!(QuoteType::parse(v.as_str()), Some(*v));
        }
        for v in Attribution::ALL {
            assert_eq!(Attribution::parse(v.as_str()), Some(*v));
        }
        assert_eq!(Verdict::parse("maybe"), None);
        assert_eq!(Verdict::ALL.len(), 7);
    }
}
