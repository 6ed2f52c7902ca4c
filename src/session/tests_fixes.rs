//! Native tests of the fixes of the text through the session: listed and reached like other
//! suggestions, accepted as one undo step that keeps the name's span, rejected for good (through
//! edits and their undo), and "Fix all glued words" as one step.

use super::tests::{key, session, text};
use super::*;
use crate::assist::review::SuggestionId;
use crate::model::text_edit::TextEdit;

const GLUED: &str =
    "US Secretary of State, anthony blinkenarrived this thursday cairois the second stop";

fn with_suggestions(fixture: &str) -> Session {
    let mut s = session(fixture);
    s.start();
    s.apply(Intent::RefreshSuggestions);
    assert!(!s.suggestions_pending());
    s
}

fn visible_ids(s: &Session) -> Vec<String> {
    s.visible_suggestions()
        .iter()
        .map(|x| x.id.to_string())
        .collect()
}

fn rejected(s: &Session) -> Vec<String> {
    let document = s.editor().document();
    document.rejected().iter().map(|r| r.to_string()).collect()
}

/// The rows of the Suggested tab, as `kind label: preview`.
fn rows(s: &Session) -> Vec<String> {
    lists::suggestion_rows(s)
        .iter()
        .map(|r| format!("{} {}: {}", r.kind.as_str(), r.label, r.preview))
        .collect()
}

#[test]
fn a_fix_is_listed_reached_with_n_and_accepted_with_enter_as_one_undo() {
    let mut s = with_suggestions(GLUED);
    assert_eq!(
        rows(&s),
        [
            "entity GPE: US",
            "entity PERSON: anthony blinken",
            "fix FIX: insert a space: blinken|arrived",
            "entity DATE: this thursday",
            "entity GPE: cairo",
            "fix FIX: insert a space: cairo|is",
        ]
    );
    // N twice reaches the name; Enter accepts it and the fix after it is current.
    key(&mut s, "n");
    key(&mut s, "n");
    key(&mut s, "Enter");
    assert_eq!(text(&s), "US Secretary of State, [anthony blinken|PERSON#a1]arrived this thursday cairois the second stop");
    assert_eq!(s.review().current(), Some(&SuggestionId::new("fix-38")));
    // The fix is emphasised where it is drawn: over the glued word.
    assert_eq!(
        s.mark_range(&Mark::Suggestion(SuggestionId::new("fix-38"))),
        Some(CpRange::new(31, 45))
    );
    // Enter applies it: the span keeps "anthony blinken", "arrived" stays outside, and what
    // comes after moves with the text (the next suggestion stays current under its new id).
    let update = key(&mut s, "Enter");
    assert!(update.effects.contains(&Effect::SuggestSoon));
    assert_eq!(text(&s), "US Secretary of State, [anthony blinken|PERSON#a1] arrived this thursday cairois the second stop");
    assert_eq!(
        s.editor().document().annotations()[0].range,
        CpRange::new(23, 38)
    );
    assert_eq!(
        s.review().current(),
        Some(&SuggestionId::new("s-DATE-47-60"))
    );
    let moved = ["s-GPE-0-2", "s-DATE-47-60", "s-GPE-61-66", "fix-66"];
    assert_eq!(visible_ids(&s), moved, "moved at once");
    s.apply(Intent::RefreshSuggestions);
    assert_eq!(visible_ids(&s), moved, "the same, computed again");
    // One undo takes the fix back, and only the fix.
    s.apply(Intent::Undo);
    assert_eq!(text(&s), "US Secretary of State, [anthony blinken|PERSON#a1]arrived this thursday cairois the second stop");
    s.apply(Intent::RefreshSuggestions);
    assert_eq!(
        visible_ids(&s),
        [
            "s-GPE-0-2",
            "fix-38",
            "s-DATE-46-59",
            "s-GPE-60-65",
            "fix-65"
        ]
    );
}

#[test]
fn a_rejected_fix_stays_rejected_through_an_edit_and_its_undo() {
    let mut s = with_suggestions(GLUED);
    s.apply(Intent::PickSuggestion(SuggestionId::new("fix-65")));
    assert_eq!(s.announcement(), "Suggested fix: insert a space: cairo|is");
    key(&mut s, "x");
    assert_eq!(s.announcement(), "Rejected fix: insert a space: cairo|is");
    assert_eq!(rejected(&s), ["fix-65"]);
    let shown = [
        "s-GPE-0-2",
        "s-PERSON-23-38",
        "fix-38",
        "s-DATE-46-59",
        "s-GPE-60-65",
    ];
    assert_eq!(visible_ids(&s), shown);
    s.apply(Intent::RefreshSuggestions);
    assert_eq!(visible_ids(&s), shown, "not shown again");
    // An edit before it: rejected at its new offset, hidden at once and once computed again.
    s.run(Command::EditText(TextEdit::new(0, 0, "The ")))
        .expect("the edit applies");
    assert_eq!(rejected(&s), ["fix-69"]);
    let shifted = [
        "s-GPE-4-6",
        "s-PERSON-27-42",
        "fix-42",
        "s-DATE-50-63",
        "s-GPE-64-69",
    ];
    assert_eq!(visible_ids(&s), shifted);
    s.apply(Intent::RefreshSuggestions);
    assert_eq!(visible_ids(&s), shifted);
    // Undo: the rejection is back where it was.
    s.apply(Intent::Undo);
    assert_eq!(rejected(&s), ["fix-65"]);
    s.apply(Intent::RefreshSuggestions);
    assert_eq!(visible_ids(&s), shown);
}

#[test]
fn fix_all_fixes_every_visible_fix_in_one_step() {
    let fixture = "US Secretary of State, [anthony blinken|PERSON#a1]arrived this thursday \
                   cairois the second stop; talks in QatarA process";
    let mut s = with_suggestions(fixture);
    let fixes = |s: &Session| -> Vec<String> {
        visible_ids(s)
            .into_iter()
            .filter(|id| id.starts_with("fix-"))
            .collect()
    };
    assert_eq!(fixes(&s), ["fix-38", "fix-65", "fix-99"]);
    // A rejected one is left as it is.
    s.apply(Intent::RejectSuggestion(SuggestionId::new("fix-99")));
    s.apply(Intent::FixAll);
    assert_eq!(
        s.status(),
        Some(&Status::Info(
            "Fixed 2 glued word(s); one undo takes them all back".into()
        ))
    );
    assert_eq!(
        text(&s),
        "US Secretary of State, [anthony blinken|PERSON#a1] arrived this thursday cairo is the \
         second stop; talks in QatarA process"
    );
    assert_eq!(
        rejected(&s),
        ["fix-101"],
        "the rejected one moved with its text"
    );
    s.apply(Intent::RefreshSuggestions);
    assert_eq!(fixes(&s), Vec::<String>::new());
    s.apply(Intent::FixAll);
    assert_eq!(
        s.status(),
        Some(&Status::Info("No glued word to fix".into()))
    );
    // One undo: the exact text, spans and rejections.
    s.apply(Intent::Undo);
    assert_eq!(text(&s), fixture);
    assert!(s.editor().document().edits().is_empty());
    assert_eq!(rejected(&s), ["fix-99"]);
    s.apply(Intent::RefreshSuggestions);
    assert_eq!(fixes(&s), ["fix-38", "fix-65"]);
}
