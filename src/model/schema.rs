//! The label schema: which labels exist, their colours and their keyboard keys.
//!
//! The default is a news schema. A label's colour is always a validated `#rrggbb`, because it
//! reaches the page as a CSS value and must never carry anything else.

use std::rc::Rc;

use thiserror::Error;

use crate::model::document::{ALIAS, CUE, SPEAKER};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub name: Rc<str>,
    /// `#rrggbb`, checked by [`parse_color`].
    pub color: Rc<str>,
    /// The key that applies this label: a digit or letter, or none.
    pub key: Option<char>,
    pub description: Rc<str>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schema {
    /// Entity labels.
    pub labels: Vec<Label>,
    /// Relation types; `speaker`, `cue` and `alias` are always among them.
    pub relation_types: Vec<Rc<str>>,
}

/// The relation types every schema has, because claims and entities use them.
pub const BUILT_IN_RELATION_TYPES: [&str; 3] = [SPEAKER, CUE, ALIAS];

#[derive(Debug, Error, PartialEq, Eq)]
pub enum SchemaError {
    #[error("label name is empty")]
    EmptyName,
    #[error("label name {0:?} is longer than 64 characters")]
    NameTooLong(String),
    #[error("label {0:?} appears twice")]
    DuplicateName(String),
    #[error("colour {0:?} is not of the form #rrggbb")]
    BadColor(String),
    #[error("key {key:?} of label {label:?} must be a single letter or digit")]
    BadKey { label: String, key: String },
    #[error("A new label needs a name")]
    NewLabelWithoutName,
    /// A name the person chose is another label's, maybe in other upper and lower case.
    #[error("A label named “{existing}” exists already: names must differ by more than upper and lower case")]
    NameTaken { existing: String },
    #[error("the schema has no label {0:?}")]
    UnknownLabel(String),
    /// A key the person chose is not a letter or digit (see [`is_label_key`]).
    #[error("A label's key must be a letter or digit, not “{0}”")]
    KeyNotLetterOrDigit(char),
    /// A key the person chose is taken by a shortcut, described in lower case.
    #[error("The key “{key}” is taken: {shortcut}. Choose another letter or digit.")]
    KeyTaken { key: char, shortcut: String },
    #[error("key {key:?} is used by both {first:?} and {second:?}")]
    DuplicateKey {
        key: char,
        first: String,
        second: String,
    },
}

/// Colours picked for contrast with dark text and with each other (a Tableau-like palette,
/// lightened), used in order for the default labels and for labels that arrive without one.
pub const PALETTE: [&str; 10] = [
    "#f4a3a8", "#8fc1e3", "#a8d5a2", "#f7c873", "#c9b1e0", "#f2b5d4", "#9fd8d1", "#d9c29c",
    "#c4c4c4", "#e8e08a",
];

impl Default for Schema {
    /// The default news schema: the entity types a fact-checker needs first.
    fn default() -> Schema {
        let labels = [
            ("PERSON", "People, including fictional ones"),
            (
                "ORG",
                "Organisations: companies, agencies, institutions, groups",
            ),
            ("GPE", "Countries, cities, states: places with a government"),
            (
                "LOC",
                "Other locations: regions, mountains, bodies of water",
            ),
            ("DATE", "Dates and periods, absolute or relative"),
            ("EVENT", "Named events: wars, summits, elections, disasters"),
            (
                "MISC",
                "Anything else worth tagging: nationalities, works, laws",
            ),
        ];
        Schema {
            labels: labels
                .iter()
                .enumerate()
                .map(|(i, (name, description))| Label {
                    name: Rc::from(*name),
                    color: Rc::from(PALETTE[i]),
                    key: char::from_digit(i as u32 + 1, 10),
                    description: Rc::from(*description),
                })
                .collect(),
            relation_types: BUILT_IN_RELATION_TYPES
                .iter()
                .map(|t| Rc::from(*t))
                .collect(),
        }
    }
}

impl Schema {
    pub fn label(&self, name: &str) -> Option<&Label> {
        self.labels.iter().find(|l| &*l.name == name)
    }

    pub fn label_for_key(&self, key: char) -> Option<&Label> {
        let key = key.to_ascii_lowercase();
        self.labels
            .iter()
            .find(|l| l.key.map(|k| k.to_ascii_lowercase()) == Some(key))
    }

    /// The colour for a label, or neutral grey for a label the schema does not know.
    pub fn color_of(&self, name: &str) -> Rc<str> {
        self.label(name)
            .map_or_else(|| Rc::from(PALETTE[8]), |l| Rc::clone(&l.color))
    }

    /// Adds a label that a file uses but its schema lacks, with the next palette colour and no key.
    pub fn ensure_label(&mut self, name: &str) {
        if self.label(name).is_none() {
            let color = PALETTE[self.labels.len() % PALETTE.len()];
            self.labels.push(Label {
                name: Rc::from(name),
                color: Rc::from(color),
                key: None,
                description: Rc::from(""),
            });
        }
    }

    /// Checks names, colours and keys: what a file brings in must be as sound as the default.
    pub fn validate(&self) -> Result<(), SchemaError> {
        for (i, label) in self.labels.iter().enumerate() {
            check_label_name(&label.name)?;
            parse_color(&label.color)?;
            if let Some(key) = label.key {
                if !is_label_key(key) {
                    return Err(SchemaError::BadKey {
                        label: label.name.to_string(),
                        key: key.to_string(),
                    });
                }
            }
            for earlier in &self.labels[..i] {
                if earlier.name == label.name {
                    return Err(SchemaError::DuplicateName(label.name.to_string()));
                }
                if label.key.is_some() && earlier.key == label.key {
                    return Err(SchemaError::DuplicateKey {
                        key: label.key.unwrap_or_default(),
                        first: earlier.name.to_string(),
                        second: label.name.to_string(),
                    });
                }
            }
        }
        Ok(())
    }
}

/// Whether a character can be a label's key at all: a letter or digit. A file's schema needs
/// no more; a key the person picks must also be free of shortcuts
/// ([`crate::model::keymap::label_key_error`]).
pub fn is_label_key(key: char) -> bool {
    key.is_ascii_alphanumeric()
}

pub fn check_label_name(name: &str) -> Result<(), SchemaError> {
    if name.trim().is_empty() {
        return Err(SchemaError::EmptyName);
    }
    if name.chars().count() > 64 {
        return Err(SchemaError::NameTooLong(name.to_string()));
    }
    Ok(())
}

/// Black or white, whichever reads better on a `#rrggbb` background: the one with the higher
/// WCAG 2 contrast ratio against the colour. Anything else gets black.
pub fn text_color_on(background: &str) -> &'static str {
    let on_black = contrast_ratio(background, "#000000");
    let on_white = contrast_ratio(background, "#ffffff");
    match (on_black, on_white) {
        (Some(on_black), Some(on_white)) if on_black < on_white => "#ffffff",
        _ => "#000000",
    }
}

/// The WCAG 2 relative luminance of a `#rrggbb` colour, from 0 (black) to 1 (white); `None` for
/// anything that is not such a colour.
pub fn relative_luminance(color: &str) -> Option<f64> {
    let color = parse_color(color).ok()?;
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&color[i..i + 2], 16).unwrap_or(0)) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    Some(0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5))
}

/// The WCAG 2 contrast ratio of two `#rrggbb` colours, from 1 (same) to 21 (black on white).
pub fn contrast_ratio(first: &str, second: &str) -> Option<f64> {
    let first = relative_luminance(first)?;
    let second = relative_luminance(second)?;
    Some((first.max(second) + 0.05) / (first.min(second) + 0.05))
}

/// Accepts exactly `#rrggbb` (hex digits, either case) and returns it lower-cased.
pub fn parse_color(color: &str) -> Result<String, SchemaError> {
    let hex = color
        .strip_prefix('#')
        .filter(|h| h.len() == 6 && h.chars().all(|c| c.is_ascii_hexdigit()));
    match hex {
        Some(hex) => Ok(format!("#{}", hex.to_ascii_lowercase())),
        None => Err(SchemaError::BadColor(color.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_schema_has_the_news_labels_keyed_one_to_seven() {
        let schema = Schema::default();
        let names: Vec<&str> = schema.labels.iter().map(|l| &*l.name).collect();
        assert_eq!(
            names,
            ["PERSON", "ORG", "GPE", "LOC", "DATE", "EVENT", "MISC"]
        );
        assert_eq!(schema.label_for_key('1').map(|l| &*l.name), Some("PERSON"));
        assert_eq!(schema.label_for_key('7').map(|l| &*l.name), Some("MISC"));
        assert_eq!(schema.label_for_key('8'), None);
        assert_eq!(schema.validate(), Ok(()));
    }

    #[test]
    fn label_text_is_black_or_white_by_contrast() {
        for (background, text) in [
            ("#000000", "#ffffff"),
            ("#ffffff", "#000000"),
            ("#1f5fbf", "#ffffff"),
            ("#f4a3a8", "#000000"),
            ("#777777", "#000000"),
            ("#737373", "#ffffff"),
            ("#FFFF00", "#000000"),
            ("#0000ff", "#ffffff"),
            ("not a colour", "#000000"),
        ] {
            assert_eq!(text_color_on(background), text, "{background}");
        }
        for label in Schema::default().labels {
            assert_eq!(
                text_color_on(&label.color),
                "#000000",
                "default {} is light",
                label.name
            );
        }
    }

    #[test]
    fn contrast_ratios_match_the_wcag_reference_values() {
        for (first, second, expected) in [
            ("#000000", "#ffffff", 21.0),
            ("#ffffff", "#000000", 21.0),
            ("#777777", "#ffffff", 4.48),
            ("#1f5fbf", "#ffffff", 6.09),
            ("#abcdef", "#ABCDEF", 1.0),
        ] {
            let ratio = contrast_ratio(first, second).expect("valid colours");
            assert!((ratio - expected).abs() < 0.01, "{first}/{second}: {ratio}");
        }
        assert_eq!(contrast_ratio("red", "#ffffff"), None);
        assert_eq!(relative_luminance("#ffffff"), Some(1.0));
        assert_eq!(relative_luminance("#000000"), Some(0.0));
    }

    #[test]
    fn colours_must_be_hex_triplets() {
        assert_eq!(parse_color("#A1b2C3"), Ok("#a1b2c3".to_string()));
        for bad in [
            "red",
            "#abc",
            "#abcdefg",
            "a1b2c3",
            "#12345g",
            "#123456;background:url(x)",
            "",
        ] {
            assert_eq!(
                parse_color(bad),
                Err(SchemaError::BadColor(bad.to_string())),
                "{bad}"
            );
        }
    }

    #[test]
    fn validate_reports_duplicates_and_bad_keys() {
        let mut schema = Schema::default();
        schema.labels[1].key = Some('1');
        assert_eq!(
            schema.validate(),
            Err(SchemaError::DuplicateKey {
                key: '1',
                first: "PERSON".into(),
                second: "ORG".into()
            })
        );
        let mut schema = Schema::default();
        schema.labels[1].name = Rc::from("PERSON");
        assert_eq!(
            schema.validate(),
            Err(SchemaError::DuplicateName("PERSON".into()))
        );
        let mut schema = Schema::default();
        schema.labels[0].key = Some('%');
        assert_eq!(
            schema.validate(),
            Err(SchemaError::BadKey {
                label: "PERSON".into(),
                key: "%".into()
            })
        );
        let mut schema = Schema::default();
        schema.ensure_label("NORP");
        assert_eq!(schema.labels.len(), 8);
        assert_eq!(schema.color_of("NORP"), Rc::from(PALETTE[7]));
        assert_eq!(schema.validate(), Ok(()));
    }
}
