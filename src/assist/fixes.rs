//! Text fixes: a space where a known name is glued to the next word. Machine-translated news
//! loses spaces ("anthony blinkenarrived", "cairois", "QatarA process"); where a name the
//! suggester suggests, or one the person accepted, ends inside a word, the suggester also
//! proposes inserting a space there ("blinken|arrived"). A fix is a suggestion like the others
//! (kind [`SuggestionKind::Fix`], label [`FIX_LABEL`], id `fix-<offset>`), drawn over the glued
//! word; accepting it applies its text edit, one undo step.
//!
//! Never a guess from a word list alone: the word list only confirms what a known name says.
//! What follows the name must be a common word ("arrived", "is") or a capital right after a
//! lower-case letter, as the tokenizer splits glued text ("Shoukry|According"); a word that is
//! itself known ("israelis") and a name inside a word ("s|cairo|is") get no fix.

use std::rc::Rc;

use crate::assist::data::tables;
use crate::assist::review::SuggestionId;
use crate::assist::tokens::is_mark;
use crate::assist::{Suggestion, SuggestionKind};
use crate::model::command::Command;
use crate::model::document::Document;
use crate::model::offsets::CpRange;
use crate::model::text_edit::TextEdit;

/// The label fixes are drawn and listed with.
pub const FIX_LABEL: &str = "FIX";

/// The id of the fix that inserts a space at `at`.
pub fn fix_id(at: usize) -> SuggestionId {
    SuggestionId::new(&format!("fix-{at}"))
}

impl Suggestion {
    /// The fix inserting a space at `at`, inside the glued word `word`.
    pub fn fix(at: usize, word: CpRange) -> Suggestion {
        Suggestion {
            id: fix_id(at),
            kind: SuggestionKind::Fix,
            label: Rc::from(FIX_LABEL),
            range: word,
            speaker: None,
            quote_type: None,
            cue: None,
            edit: Some(TextEdit::new(at, at, " ")),
        }
    }
}

/// Letters and the marks that stay inside a word with them.
fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || is_mark(c)
}

/// The glued word a space belongs in, at the end of the known name `name`: `None` unless the
/// name ends inside a word (a letter follows it) and what follows reads as a word of its own.
pub fn glued_word(chars: &[char], name: CpRange) -> Option<CpRange> {
    let (start, at) = (name.start.0, name.end.0);
    if start >= at || at >= chars.len() || !is_word_char(chars[at - 1]) {
        return None;
    }
    if !chars[at].is_alphabetic() {
        return None;
    }
    // The name starts a word, or a capital glued after a lower-case letter ("hamasQatar"):
    // a name inside a word ("s|cairo|is") is no name there.
    let starts_word = start == 0
        || !is_word_char(chars[start - 1])
        || (chars[start - 1].is_lowercase() && chars[start].is_uppercase());
    if !starts_word {
        return None;
    }
    let word_start = (start..at)
        .rev()
        .take_while(|&i| is_word_char(chars[i]))
        .last()
        .unwrap_or(at);
    let word_end = (at..chars.len())
        .take_while(|&i| is_word_char(chars[i]))
        .last()
        .map_or(at, |i| i + 1);
    let lower = |range: std::ops::Range<usize>| -> String {
        chars[range].iter().flat_map(|c| c.to_lowercase()).collect()
    };
    let t = tables();
    let whole = lower(word_start..word_end);
    if t.common.contains(&whole) || t.gazetteer.contains_key(&whole) {
        return None;
    }
    let n_before = at - word_start;
    // A capital after a lower-case letter, where the tokenizer cuts glued text.
    let capital_glue = chars[at - 1].is_lowercase() && chars[at].is_uppercase() && n_before >= 4;
    // A common word after at least three letters of the name, as the glued rule splits.
    let rest = lower(at..word_end);
    let word_glue =
        n_before >= 3 && rest.chars().count() >= 2 && rest != "an" && t.common.contains(&rest);
    (capital_glue || word_glue).then(|| CpRange::new(word_start, word_end))
}

/// The fixes at the ends of these known names, one per offset, in text order.
pub fn fixes_for(chars: &[char], names: impl IntoIterator<Item = CpRange>) -> Vec<Suggestion> {
    let mut fixes: Vec<Suggestion> = names
        .into_iter()
        .filter_map(|name| Some(Suggestion::fix(name.end.0, glued_word(chars, name)?)))
        .collect();
    fixes.sort_by(|x, y| x.id.cmp(&y.id));
    fixes.dedup_by(|x, y| x.id == y.id);
    fixes.sort_by_key(|f| f.range.start);
    fixes
}

/// What a fix does, for the list and the live region: `insert a space: blinken|arrived`.
pub fn describe(fix: &Suggestion, document: &Document) -> String {
    let Some(edit) = &fix.edit else {
        return document.slice(fix.range).to_string();
    };
    let before = document.slice(CpRange {
        start: fix.range.start,
        end: edit.start,
    });
    let after = document.slice(CpRange {
        start: edit.end,
        end: fix.range.end,
    });
    format!("insert a space: {before}|{after}")
}

/// "Fix all glued words": every visible fix as one step, a run of text edits from the last to
/// the first so that each one's offset is still that of the text it was found in
/// ([`Command::EditTexts`]), and how many; `None` when no fix is visible. One undo takes them all
/// back.
pub fn fix_all(visible: &[&Suggestion]) -> Option<(Command, usize)> {
    let mut edits: Vec<&TextEdit> = visible.iter().filter_map(|s| s.edit.as_ref()).collect();
    edits.sort_by_key(|e| (e.start, e.end));
    edits.dedup();
    let n_fixed = edits.len();
    let edits = edits.into_iter().rev().cloned().collect();
    Command::text_edits(edits).map(|command| (command, n_fixed))
}
