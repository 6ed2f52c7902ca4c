//! The keyboard shortcuts, as one table: the key handler looks every key press up in it, and the
//! shortcut overlay (`?`) lists it, so the two cannot disagree. Label keys are not here: they are
//! part of the schema, which the person edits; the overlay lists them from there.

use crate::model::schema::{is_label_key, SchemaError};

/// A key with its modifiers, as `KeyboardEvent.key` names it. Ctrl stands for Ctrl or ⌘.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chord {
    pub key: &'static str,
    pub ctrl: bool,
    /// `None`: with or without Shift (for keys such as `?` that need Shift on some layouts).
    pub shift: Option<bool>,
}

const fn key(key: &'static str) -> Chord {
    Chord {
        key,
        ctrl: false,
        shift: Some(false),
    }
}

const fn shift(key: &'static str) -> Chord {
    Chord {
        key,
        ctrl: false,
        shift: Some(true),
    }
}

const fn ctrl(key: &'static str) -> Chord {
    Chord {
        key,
        ctrl: true,
        shift: Some(false),
    }
}

const fn ctrl_shift(key: &'static str) -> Chord {
    Chord {
        key,
        ctrl: true,
        shift: Some(true),
    }
}

const fn any_shift(key: &'static str) -> Chord {
    Chord {
        key,
        ctrl: false,
        shift: None,
    }
}

impl Chord {
    /// Whether a key press is this chord. Letters match in either case (Shift is checked on
    /// its own); Alt is never part of a shortcut here (Alt+click is the mouse's).
    pub fn matches(&self, pressed: &KeyPress) -> bool {
        let same_key = if self.key.chars().count() == 1 {
            self.key.eq_ignore_ascii_case(&pressed.key)
        } else {
            self.key == pressed.key
        };
        same_key
            && !pressed.alt
            && self.ctrl == pressed.ctrl
            && self.shift.is_none_or(|shift| shift == pressed.shift)
    }

    /// How the overlay writes the chord: "Ctrl+Shift+Z", "Shift+←".
    pub fn label(&self) -> String {
        let name = match self.key {
            "ArrowLeft" => "←",
            "ArrowRight" => "→",
            "ArrowUp" => "↑",
            "ArrowDown" => "↓",
            "Escape" => "Esc",
            k if k.chars().count() == 1 => return self.with_modifiers(&k.to_uppercase()),
            k => k,
        };
        self.with_modifiers(name)
    }

    fn with_modifiers(&self, name: &str) -> String {
        let mut label = String::new();
        if self.ctrl {
            label.push_str("Ctrl+");
        }
        if self.shift == Some(true) {
            label.push_str("Shift+");
        }
        label.push_str(name);
        label
    }
}

/// A key press, reduced to what the shortcuts need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPress {
    pub key: String,
    pub ctrl: bool,
    pub shift: bool,
    pub alt: bool,
}

/// How far a caret moves, in the browser's terms for `Selection.modify`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Granularity {
    Character,
    Word,
    Line,
    Paragraph,
    LineBoundary,
}

impl Granularity {
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Character => "character",
            Granularity::Word => "word",
            Granularity::Line => "line",
            Granularity::Paragraph => "paragraph",
            Granularity::LineBoundary => "lineboundary",
        }
    }
}

/// Which way a caret moves. Left and right are visual: in a right-to-left paragraph → moves
/// towards the paragraph's start, as a person who reads it expects; the offsets stay logical.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Left,
    Right,
    Backward,
    Forward,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Left => "left",
            Direction::Right => "right",
            Direction::Backward => "backward",
            Direction::Forward => "forward",
        }
    }
}

/// What a shortcut does. Several actions may share a key: the handler tries them in the
/// table's order and the first that applies wins (Enter accepts the current suggestion, or
/// else opens the selected claim).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Moves the text caret (and drops the selection).
    Move(Direction, Granularity),
    /// Extends the text selection from where it started.
    Extend(Direction, Granularity),
    NextAnnotation,
    PreviousAnnotation,
    /// Opens the selected span's details: the claim panel for a claim, the entity box for a
    /// mention.
    OpenDetails,
    AcceptSuggestion,
    RejectSuggestion,
    NextSuggestion,
    PreviousSuggestion,
    Remove,
    /// Clears the selection, the caret, an armed label and the current suggestion.
    Clear,
    Undo,
    Redo,
    TagClaim,
    ShowShortcuts,
    /// Opens the find-and-replace dialog.
    FindReplace,
    /// Turns the correction mode on or off: the article becomes editable text.
    CorrectText,
    /// Opens the next document of the workspace that is not done.
    NextUnfinished,
    PreviousUnfinished,
}

/// The groups the overlay lists shortcuts under, in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Caret,
    Annotations,
    Suggestions,
    Documents,
    General,
}

impl Group {
    pub const ALL: [Group; 5] = [
        Group::Caret,
        Group::Annotations,
        Group::Suggestions,
        Group::Documents,
        Group::General,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Group::Caret => "Caret and selection (in the article)",
            Group::Annotations => "Annotations",
            Group::Suggestions => "Suggestions",
            Group::Documents => "Documents",
            Group::General => "General",
        }
    }
}

pub struct Shortcut {
    pub chords: &'static [Chord],
    pub action: Action,
    pub group: Group,
    pub description: &'static str,
}

use Direction::{Backward, Forward, Left, Right};
use Granularity::{Character, Line, LineBoundary, Paragraph, Word};

/// Every shortcut, in the order the overlay lists them and the handler tries them.
pub const SHORTCUTS: &[Shortcut] = &[
    Shortcut {
        chords: &[key("ArrowLeft"), key("ArrowRight")],
        action: Action::Move(Right, Character),
        group: Group::Caret,
        description: "Move the caret by a character",
    },
    Shortcut {
        chords: &[ctrl("ArrowLeft"), ctrl("ArrowRight")],
        action: Action::Move(Right, Word),
        group: Group::Caret,
        description: "Move the caret by a word",
    },
    Shortcut {
        chords: &[key("ArrowUp"), key("ArrowDown")],
        action: Action::Move(Forward, Line),
        group: Group::Caret,
        description: "Move the caret by a line",
    },
    Shortcut {
        chords: &[ctrl("ArrowUp"), ctrl("ArrowDown")],
        action: Action::Move(Forward, Paragraph),
        group: Group::Caret,
        description: "Move the caret by a paragraph",
    },
    Shortcut {
        chords: &[key("Home"), key("End")],
        action: Action::Move(Forward, LineBoundary),
        group: Group::Caret,
        description: "Move the caret to the start or end of the line",
    },
    Shortcut {
        chords: &[shift("ArrowLeft"), shift("ArrowRight")],
        action: Action::Extend(Right, Character),
        group: Group::Caret,
        description: "Extend the selection by a character",
    },
    Shortcut {
        chords: &[ctrl_shift("ArrowLeft"), ctrl_shift("ArrowRight")],
        action: Action::Extend(Right, Word),
        group: Group::Caret,
        description: "Extend the selection by a word",
    },
    Shortcut {
        chords: &[shift("ArrowUp"), shift("ArrowDown")],
        action: Action::Extend(Forward, Line),
        group: Group::Caret,
        description: "Extend the selection by a line",
    },
    Shortcut {
        chords: &[ctrl_shift("ArrowUp"), ctrl_shift("ArrowDown")],
        action: Action::Extend(Forward, Paragraph),
        group: Group::Caret,
        description: "Extend the selection by a paragraph",
    },
    Shortcut {
        chords: &[shift("Home"), shift("End")],
        action: Action::Extend(Forward, LineBoundary),
        group: Group::Caret,
        description: "Extend the selection to the start or end of the line",
    },
    Shortcut {
        chords: &[key("Enter")],
        action: Action::AcceptSuggestion,
        group: Group::Suggestions,
        description: "Accept the current suggestion",
    },
    Shortcut {
        chords: &[key("Backspace"), key("x")],
        action: Action::RejectSuggestion,
        group: Group::Suggestions,
        description: "Reject the current suggestion",
    },
    Shortcut {
        chords: &[key("n")],
        action: Action::NextSuggestion,
        group: Group::Suggestions,
        description: "Go to the next suggestion",
    },
    Shortcut {
        chords: &[shift("n")],
        action: Action::PreviousSuggestion,
        group: Group::Suggestions,
        description: "Go to the previous suggestion",
    },
    Shortcut {
        chords: &[key("Tab")],
        action: Action::NextAnnotation,
        group: Group::Annotations,
        description: "Select the next annotation in the text (after the last: leave the article)",
    },
    Shortcut {
        chords: &[shift("Tab")],
        action: Action::PreviousAnnotation,
        group: Group::Annotations,
        description: "Select the previous annotation in the text",
    },
    Shortcut {
        chords: &[key("Enter")],
        action: Action::OpenDetails,
        group: Group::Annotations,
        description: "Open the selected claim's panel (or the selected mention's entity)",
    },
    Shortcut {
        chords: &[key("c")],
        action: Action::TagClaim,
        group: Group::Annotations,
        description: "Tag the selection as a claim",
    },
    Shortcut {
        chords: &[key("Delete"), key("Backspace")],
        action: Action::Remove,
        group: Group::Annotations,
        description: "Remove the selected annotation",
    },
    // Brackets, not letters: letters and digits are the schema's label keys, and a bracket
    // can never be one.
    Shortcut {
        chords: &[key("]")],
        action: Action::NextUnfinished,
        group: Group::Documents,
        description: "Open the next document that is not done",
    },
    Shortcut {
        chords: &[key("[")],
        action: Action::PreviousUnfinished,
        group: Group::Documents,
        description: "Open the previous document that is not done",
    },
    Shortcut {
        chords: &[key("Escape")],
        action: Action::Clear,
        group: Group::General,
        description: "Clear the selection, the caret and an armed label; close a panel",
    },
    Shortcut {
        chords: &[ctrl("z")],
        action: Action::Undo,
        group: Group::General,
        description: "Undo",
    },
    Shortcut {
        chords: &[ctrl_shift("z"), ctrl("y")],
        action: Action::Redo,
        group: Group::General,
        description: "Redo",
    },
    Shortcut {
        chords: &[any_shift("?")],
        action: Action::ShowShortcuts,
        group: Group::General,
        description: "Show or hide this list of shortcuts",
    },
    Shortcut {
        chords: &[ctrl("h")],
        action: Action::FindReplace,
        group: Group::General,
        description: "Find and replace in the text",
    },
    // A function key: in the correction mode, letters, digits and signs are typed.
    Shortcut {
        chords: &[key("F2")],
        action: Action::CorrectText,
        group: Group::General,
        description: "Correct the text: type into the article (Esc or F2 again leaves)",
    },
];

/// The actions a key press may mean, in the order to try them. The direction of a caret move
/// comes from the key itself (the table lists one action for a pair of keys).
pub fn actions_for(pressed: &KeyPress) -> Vec<Action> {
    SHORTCUTS
        .iter()
        .filter(|s| s.chords.iter().any(|c| c.matches(pressed)))
        .map(|s| match s.action {
            Action::Move(_, granularity) => {
                Action::Move(direction_of(pressed, granularity), granularity)
            }
            Action::Extend(_, granularity) => {
                Action::Extend(direction_of(pressed, granularity), granularity)
            }
            action => action,
        })
        .collect()
}

/// The key that tags the selection as a claim, as the table gives it (shown on the claim button).
pub fn claim_key() -> char {
    SHORTCUTS
        .iter()
        .find(|s| s.action == Action::TagClaim)
        .and_then(|s| s.chords.first())
        .and_then(|c| c.key.chars().next())
        .expect("the shortcut table has a claim key")
}

fn direction_of(pressed: &KeyPress, granularity: Granularity) -> Direction {
    match (pressed.key.as_str(), granularity) {
        ("ArrowLeft", _) => Left,
        ("ArrowRight", _) => Right,
        ("ArrowUp" | "Home", _) => Backward,
        _ => Forward,
    }
}

/// Whether a key is one of the label keys a schema may use: a single letter or digit that no
/// shortcut in the table takes.
pub fn is_free_for_labels(key: char) -> bool {
    label_key_error(key).is_none()
}

/// Why the person cannot give a label this key: it is not a letter or digit, or a shortcut
/// uses it. `None` when the key is free.
pub fn label_key_error(key: char) -> Option<SchemaError> {
    if !is_label_key(key) {
        return Some(SchemaError::KeyNotLetterOrDigit(key));
    }
    let shortcut = shortcut_using(key)?;
    Some(SchemaError::KeyTaken {
        key,
        shortcut: shortcut.description.to_lowercase(),
    })
}

/// The shortcut that a key pressed on its own (without Ctrl) belongs to, if any.
pub fn shortcut_using(key: char) -> Option<&'static Shortcut> {
    let key = key.to_string();
    SHORTCUTS.iter().find(|s| {
        s.chords
            .iter()
            .any(|c| !c.ctrl && c.key.eq_ignore_ascii_case(&key))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(spec: &str) -> KeyPress {
        let mut parts: Vec<&str> = spec.split('+').collect();
        let key = parts.pop().expect("a key").to_string();
        KeyPress {
            key,
            ctrl: parts.contains(&"Ctrl"),
            shift: parts.contains(&"Shift"),
            alt: parts.contains(&"Alt"),
        }
    }

    #[test]
    fn key_presses_find_their_actions_in_table_order() {
        let cases: &[(&str, &[Action])] = &[
            ("ArrowLeft", &[Action::Move(Left, Character)]),
            ("Ctrl+ArrowRight", &[Action::Move(Right, Word)]),
            ("Ctrl+ArrowDown", &[Action::Move(Forward, Paragraph)]),
            ("Ctrl+ArrowUp", &[Action::Move(Backward, Paragraph)]),
            ("Home", &[Action::Move(Backward, LineBoundary)]),
            ("Shift+End", &[Action::Extend(Forward, LineBoundary)]),
            ("Shift+ArrowLeft", &[Action::Extend(Left, Character)]),
            ("Ctrl+Shift+ArrowRight", &[Action::Extend(Right, Word)]),
            ("Enter", &[Action::AcceptSuggestion, Action::OpenDetails]),
            ("Backspace", &[Action::RejectSuggestion, Action::Remove]),
            ("X", &[Action::RejectSuggestion]),
            ("Shift+X", &[]),
            ("x", &[Action::RejectSuggestion]),
            ("Shift+N", &[Action::PreviousSuggestion]),
            ("n", &[Action::NextSuggestion]),
            ("Tab", &[Action::NextAnnotation]),
            ("Shift+Tab", &[Action::PreviousAnnotation]),
            ("Ctrl+z", &[Action::Undo]),
            ("Ctrl+Z", &[Action::Undo]),
            ("Ctrl+Shift+Z", &[Action::Redo]),
            ("Ctrl+y", &[Action::Redo]),
            ("Shift+?", &[Action::ShowShortcuts]),
            ("?", &[Action::ShowShortcuts]),
            ("Ctrl+h", &[Action::FindReplace]),
            ("h", &[]),
            ("F2", &[Action::CorrectText]),
            ("Shift+F2", &[]),
            ("Alt+ArrowLeft", &[]),
            ("1", &[]),
            ("]", &[Action::NextUnfinished]),
            ("[", &[Action::PreviousUnfinished]),
            ("Ctrl+]", &[]),
            ("Alt+[", &[]),
        ];
        for (spec, expected) in cases {
            assert_eq!(actions_for(&press(spec)), *expected, "{spec}");
        }
    }

    #[test]
    fn chords_are_written_for_people() {
        let labels: Vec<String> = SHORTCUTS
            .iter()
            .filter(|s| matches!(s.action, Action::Redo | Action::Extend(_, Word)))
            .flat_map(|s| s.chords.iter().map(Chord::label))
            .collect();
        assert_eq!(
            labels,
            ["Ctrl+Shift+←", "Ctrl+Shift+→", "Ctrl+Shift+Z", "Ctrl+Y"]
        );
    }

    #[test]
    fn label_keys_are_those_no_shortcut_takes() {
        let free: String = ('0'..='9')
            .chain('a'..='z')
            .filter(|&k| is_free_for_labels(k))
            .collect();
        assert_eq!(free, "0123456789abdefghijklmopqrstuvwyz");
    }
}
