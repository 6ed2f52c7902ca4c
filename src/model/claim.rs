//! Claims: statements someone makes that could be checked, and the attributes a fact-checker
//! records about them. Who said a claim is a `speaker` relation to an entity mention (see
//! [`crate::model::document::Relation`]); without one the claim is unattributed or the author's.

use std::rc::Rc;

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

impl ClaimAttributes {
    /// Defaults for a new claim: check-worthy (the person chose to tag it), unverified,
    /// unattributed, and a quote type guessed from the text: quotation marks at both ends make
    /// it direct, marks inside make it mixed, none indirect.
    pub fn for_text(text: &str) -> ClaimAttributes {
        let text = text.trim();
        let is_quote = |c: Option<char>| c.is_some_and(|c| QUOTES.contains(&c) && c != '’');
        let quote_type = if is_quote(text.chars().next()) && is_quote(text.chars().next_back()) {
            QuoteType::Direct
        } else if text.chars().any(|c| QUOTES.contains(&c) && c != '’') {
            QuoteType::Mixed
        } else {
            QuoteType::Indirect
        };
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
