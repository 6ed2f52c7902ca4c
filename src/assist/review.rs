//! Reviewing suggestions: which are shown, which one comes next, accepting all of them in one
//! step, and which survive an edit. These are decisions about suggestions, so they live here
//! rather than in the view, and are tested natively.

use std::fmt;
use std::rc::Rc;

use crate::assist::fixes::fix_id;
use crate::assist::{accept, range_id, SpeakerRef, Suggestion, SuggestionKind};
use crate::model::command::{Command, Editor};
use crate::model::document::Document;
use crate::model::offsets::CpRange;
use crate::model::text_edit::TextEdit;

/// A suggestion's id, stable across runs (`s-<label>-<start>-<end>`, `fix-<offset>`).
/// Rejections are stored in the document by this id, as a plain string; the model knows only
/// that its offsets sit at its end, so that they follow text edits
/// ([`crate::model::rejections`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SuggestionId(Rc<str>);

impl SuggestionId {
    pub fn new(id: &str) -> SuggestionId {
        SuggestionId(Rc::from(id))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SuggestionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Ids arrive from the page (a `data-suggestion-id`) as strings; comparing needs no copy.
impl PartialEq<str> for SuggestionId {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for SuggestionId {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

/// The suggestions to show, in their order: not rejected, and not already accepted as they are
/// (an annotation with the same range and label; a fix is never an annotation). Binary searches
/// only: in the annotations, which are in text order, and in the document's sorted list of
/// rejections.
pub fn visible<'a>(suggestions: &'a [Suggestion], document: &'a Document) -> Vec<&'a Suggestion> {
    let annotations = document.annotations();
    // Annotations are in text order: those starting where a suggestion starts are found by a
    // binary search, so no set of every annotation is built (on a 1 MB article with 10,000
    // spans and no suggestions, that set cost each edit several milliseconds).
    let accepted = |s: &Suggestion| {
        if s.kind == SuggestionKind::Fix {
            return false;
        }
        let from = annotations.partition_point(|a| a.range.start < s.range.start);
        annotations[from..]
            .iter()
            .take_while(|a| a.range.start == s.range.start)
            .any(|a| a.range == s.range && a.label == s.label)
    };
    suggestions
        .iter()
        .filter(|s| !document.is_rejected(s.id.as_str()) && !accepted(s))
        .collect()
}

/// The visible suggestion after (or before) `from`, wrapping around at either end: for N /
/// Shift+N and for moving on after accepting or rejecting. Without `from`, or when `from` is not
/// visible, the first one. `None` when nothing is visible or `from` is the only one.
pub fn next_after(
    visible: &[&Suggestion],
    from: Option<&SuggestionId>,
    forward: bool,
) -> Option<SuggestionId> {
    if visible.is_empty() {
        return None;
    }
    let position = from.and_then(|from| visible.iter().position(|s| s.id == *from));
    let index = match (position, forward) {
        (Some(i), true) => (i + 1) % visible.len(),
        (Some(i), false) => (i + visible.len() - 1) % visible.len(),
        (None, _) => 0,
    };
    let next = &visible[index].id;
    (Some(next) != from).then(|| next.clone())
}

/// The one [`Command::Batch`] that accepts every visible name and claim (of `label`, if given),
/// and how many it accepts; `None` when there is none to accept. Each command is built against
/// the state after the ones before it, on a scratch copy of the editor, so that fresh ids never
/// collide; one that the model refuses there is left out. Fixes are not among them: they
/// change the text under the others' offsets, and have their own "Fix all"
/// ([`crate::assist::fixes::fix_all`]).
pub fn accept_all(
    editor: &Editor,
    visible: &[&Suggestion],
    label: Option<&str>,
) -> Option<(Command, usize)> {
    let mut scratch = Editor::new(editor.document().clone(), editor.schema().clone());
    let mut steps = Vec::new();
    for suggestion in visible
        .iter()
        .filter(|s| s.kind != SuggestionKind::Fix && label.is_none_or(|l| *s.label == *l))
    {
        let command = accept(suggestion, &scratch);
        if scratch.apply(command.clone()).is_ok() {
            steps.push(command);
        }
    }
    let n_accepted = steps.len();
    (n_accepted > 0).then_some((Command::Batch(steps), n_accepted))
}

/// The suggestions that survive an edit of the annotations: those overlapping no changed range
/// (the others are dropped at once; the rest are computed again later), and every fix, which
/// the annotations do not make wrong (accepting "anthony blinken" keeps "blinken|arrived"). A
/// text edit moves suggestions instead ([`Suggestion::after_edit`]).
pub fn kept_after(suggestions: &[Suggestion], changed: &[CpRange]) -> Vec<Suggestion> {
    suggestions
        .iter()
        .filter(|s| s.kind == SuggestionKind::Fix || !changed.iter().any(|r| r.overlaps(s.range)))
        .cloned()
        .collect()
}

impl Suggestion {
    /// The suggestion in the text after `edit`, when the edit left all of its text alone (the
    /// mention or claim, its cue and suggested speaker, a fix's word): it moves with the text
    /// after it, its id with it. `None` when the edit touched any of it; it is computed again.
    pub fn after_edit(&self, edit: &TextEdit) -> Option<Suggestion> {
        let untouched = |r: CpRange| edit.end <= r.start || edit.start >= r.end;
        let speaker_range = match &self.speaker {
            Some(SpeakerRef::Suggested { range, .. }) => Some(*range),
            _ => None,
        };
        let ranges = [Some(self.range), self.cue, speaker_range];
        if !ranges.into_iter().flatten().all(untouched) {
            return None;
        }
        let moved = |r: CpRange| edit.map_span(r).unwrap_or(r);
        let mut after = self.clone();
        after.range = moved(self.range);
        after.cue = self.cue.map(moved);
        if let Some(SpeakerRef::Suggested { range, .. }) = &mut after.speaker {
            *range = moved(*range);
        }
        match &mut after.edit {
            // A fix's offset lies inside its word, which the edit left alone.
            Some(fix) => {
                let range = moved(fix.range());
                *fix = TextEdit::new(range.start.0, range.end.0, &fix.text);
                after.id = fix_id(range.start.0);
            }
            None => after.id = range_id(&after.label, after.range),
        }
        Some(after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixture::{parse_fixture, render_fixture};
    use crate::model::schema::Schema;

    /// Entity suggestions written in the fixture notation: each `[text|LABEL]` is one.
    fn suggestions_from(fixture: &str) -> (Document, Vec<Suggestion>) {
        let document = parse_fixture(fixture);
        let suggestions = document
            .annotations()
            .iter()
            .map(|a| Suggestion::entity(a.range, Rc::clone(&a.label)))
            .collect();
        (document, suggestions)
    }

    fn rendered(document: &Document, suggestions: &[&Suggestion]) -> Vec<String> {
        suggestions
            .iter()
            .map(|s| format!("[{}|{}]", document.slice(s.range), s.label))
            .collect()
    }

    /// `accepted` holds the person's annotations and `suggested` the suggestions, both over the
    /// same text; `rejected` names rejected suggestion ids.
    fn check_visible(accepted: &str, suggested: &str, rejected: &[&str], expected: &[&str]) {
        let mut document = parse_fixture(accepted);
        let (plain, suggestions) = suggestions_from(suggested);
        assert_eq!(document.text(), plain.text(), "the fixtures share one text");
        for id in rejected {
            document.set_rejected(id, true);
        }
        let shown = visible(&suggestions, &document);
        assert_eq!(
            rendered(&document, &shown),
            expected,
            "{accepted} / {suggested} / {rejected:?}"
        );
    }

    #[test]
    fn visible_leaves_out_rejected_and_accepted_suggestions() {
        let suggested = "[Blinken|PERSON] met [Shoukry|PERSON] in [Cairo|GPE]";
        // Nothing accepted, nothing rejected: all of them.
        check_visible(
            "Blinken met Shoukry in Cairo",
            suggested,
            &[],
            &["[Blinken|PERSON]", "[Shoukry|PERSON]", "[Cairo|GPE]"],
        );
        // Accepted as suggested: left out.
        check_visible(
            "[Blinken|PERSON] met Shoukry in [Cairo|GPE]",
            suggested,
            &[],
            &["[Shoukry|PERSON]"],
        );
        // Accepted with another label, or over another range: still suggested.
        check_visible(
            "[Blinken|ORG] met Shoukry in [Cairo|GPE]",
            "[Blinken|PERSON] met Shoukry in [Cairo|GPE]",
            &[],
            &["[Blinken|PERSON]"],
        );
        check_visible(
            "[Blinken met|PERSON] Shoukry in Cairo",
            "[Blinken|PERSON] met Shoukry in Cairo",
            &[],
            &["[Blinken|PERSON]"],
        );
        // Rejected by id.
        check_visible(
            "Blinken met Shoukry in Cairo",
            suggested,
            &["s-GPE-23-28", "s-PERSON-0-7"],
            &["[Shoukry|PERSON]"],
        );
        // An id rejected that names no suggestion changes nothing.
        check_visible(
            "[Blinken|PERSON] met Shoukry in Cairo",
            suggested,
            &["s-GPE-0-7"],
            &["[Shoukry|PERSON]", "[Cairo|GPE]"],
        );
    }

    #[test]
    fn next_after_wraps_around_in_both_directions() {
        let (_, three) = suggestions_from("[a|X] [b|X] [c|X]");
        let three: Vec<&Suggestion> = three.iter().collect();
        let (_, one) = suggestions_from("[a|X] b c");
        let one: Vec<&Suggestion> = one.iter().collect();
        let (first, second, last) = ("s-X-0-1", "s-X-2-3", "s-X-4-5");
        // (visible, from, forward, expected)
        type Case<'a> = (&'a [&'a Suggestion], Option<&'a str>, bool, Option<&'a str>);
        let cases: [Case; 11] = [
            (&three, None, true, Some(first)),
            (&three, None, false, Some(first)),
            (&three, Some(first), true, Some(second)),
            (&three, Some(second), true, Some(last)),
            (&three, Some(last), true, Some(first)),
            (&three, Some(first), false, Some(last)),
            (&three, Some(second), false, Some(first)),
            (&three, Some("s-X-9-10"), false, Some(first)),
            (&one, Some(first), true, None),
            (&one, None, false, Some(first)),
            (&[], None, true, None),
        ];
        for (visible, from, forward, expected) in cases {
            let from = from.map(SuggestionId::new);
            let next = next_after(visible, from.as_ref(), forward);
            assert_eq!(
                next.as_ref().map(SuggestionId::as_str),
                expected,
                "from {from:?}, forward {forward}"
            );
        }
    }

    /// Accepts all of `suggested` (of `label`) over the accepted annotations in `accepted`;
    /// `expected` is the document after, or `None` when nothing is to accept. One undo must
    /// give the document back.
    fn check_accept_all(
        accepted: &str,
        suggested: &str,
        label: Option<&str>,
        expected: Option<(&str, usize)>,
    ) {
        let (_, suggestions) = suggestions_from(suggested);
        let mut editor = Editor::new(parse_fixture(accepted), Schema::default());
        let shown = visible(&suggestions, editor.document());
        let Some((command, n_accepted)) = accept_all(&editor, &shown, label) else {
            assert_eq!(expected, None, "{suggested} with {label:?}");
            return;
        };
        assert!(matches!(command, Command::Batch(_)), "{command:?}");
        editor.apply(command).expect("the batch applies");
        assert_eq!(
            Some((render_fixture(editor.document()).as_str(), n_accepted)),
            expected,
            "{suggested} with {label:?}"
        );
        editor.undo();
        assert_eq!(render_fixture(editor.document()), accepted);
    }

    #[test]
    fn accept_all_is_one_batch_with_fresh_ids() {
        let accepted = "[Blinken|PERSON#a1] met Shoukry in Cairo on Monday";
        let suggested = "[Blinken|PERSON] met [Shoukry|PERSON] in [Cairo|GPE] on [Monday|DATE]";
        check_accept_all(
            accepted,
            suggested,
            None,
            Some((
                "[Blinken|PERSON#a1] met [Shoukry|PERSON#a2] in [Cairo|GPE#a3] on [Monday|DATE#a4]",
                3,
            )),
        );
        check_accept_all(
            accepted,
            suggested,
            Some("PERSON"),
            Some((
                "[Blinken|PERSON#a1] met [Shoukry|PERSON#a2] in Cairo on Monday",
                1,
            )),
        );
        check_accept_all(accepted, suggested, Some("ORG"), None);
        check_accept_all(accepted, "[Blinken|PERSON] met Shoukry", None, None);
        // A suggestion the model refuses (a label not in the schema) is left out.
        check_accept_all(
            "Blinken met Shoukry",
            "[Blinken|NOT_A_LABEL] met [Shoukry|PERSON]",
            None,
            Some(("Blinken met [Shoukry|PERSON#a1]", 1)),
        );
    }

    #[test]
    fn kept_after_drops_suggestions_an_edit_touched() {
        let suggested = "[Blinken|PERSON] met [Shoukry|PERSON] in [Cairo|GPE]";
        let cases: [(&[CpRange], &[&str]); 5] = [
            (
                &[],
                &["[Blinken|PERSON]", "[Shoukry|PERSON]", "[Cairo|GPE]"],
            ),
            (
                &[CpRange::new(13, 14)],
                &["[Blinken|PERSON]", "[Cairo|GPE]"],
            ),
            // The space between two suggestions touches neither.
            (
                &[CpRange::new(7, 8)],
                &["[Blinken|PERSON]", "[Shoukry|PERSON]", "[Cairo|GPE]"],
            ),
            (
                &[CpRange::new(0, 1), CpRange::new(27, 28)],
                &["[Shoukry|PERSON]"],
            ),
            (&[CpRange::new(0, 28)], &[]),
        ];
        let (document, suggestions) = suggestions_from(suggested);
        for (changed, expected) in cases {
            let kept = kept_after(&suggestions, changed);
            let kept: Vec<&Suggestion> = kept.iter().collect();
            assert_eq!(rendered(&document, &kept), expected, "{changed:?}");
        }
    }

    #[test]
    fn suggestion_ids_compare_with_the_strings_the_page_sends() {
        let id = SuggestionId::new("s-GPE-23-28");
        assert_eq!(id.as_str(), "s-GPE-23-28");
        assert_eq!(id.to_string(), "s-GPE-23-28");
        assert!(id == "s-GPE-23-28");
        assert!(SuggestionId::new("s-A-1-2") < SuggestionId::new("s-B-0-1"));
    }
}
