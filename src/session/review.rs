//! What is drawn over the text besides annotations: suggestions waiting for review and search
//! matches. Suggestions of an article are computed at once (and again after each edit, in a
//! task of their own); a long text's on demand, in steps with a progress bar.

use std::collections::HashSet;
use std::rc::Rc;

use super::{Effect, Session};
use crate::assist::review::{self, SuggestionId};
use crate::assist::search::{self, Query};
use crate::assist::{self, fixes, Progress, Suggester, Suggestion, SuggestionKind};
use crate::model::command::{Change, Command};
use crate::model::document::AnnotationId;
use crate::model::layout::{OverlayKind, OverlaySpan};
use crate::model::offsets::CpRange;
use crate::model::text::ellipsize;

/// Documents up to this many code points (about ten news articles) get their suggestions
/// computed on load and again just after every change, in a task of their own so that the edit
/// itself paints first; longer ones are computed on demand, in steps.
pub const SUGGEST_AT_ONCE: usize = 50_000;
/// Code points of suggestion work per step on long documents: a step stays well under a frame
/// budget's worth of blocking, and the progress bar moves.
const SUGGEST_STEP: usize = 30_000;

/// Something drawn over the text, which the view can emphasise and scroll to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mark {
    Annotation(AnnotationId),
    /// A suggestion, by its id (`s-<label>-<start>-<end>`, `fix-<offset>`).
    Suggestion(SuggestionId),
    /// The n-th search match.
    Match(usize),
}

impl Mark {
    /// The id the mark is drawn with (`data-span-id`, `data-suggestion-id`, `data-match`).
    pub fn drawn_id(&self) -> String {
        match self {
            Mark::Annotation(id) => id.to_string(),
            Mark::Suggestion(id) => id.to_string(),
            Mark::Match(n) => format!("m{n}"),
        }
    }
}

/// The suggestions of the open document and the work that computes them.
pub struct Review {
    pub(super) suggester: Option<Suggester>,
    pub(super) progress: Option<Progress>,
    /// Computed suggestions (rejected ones and ones already accepted are left out when drawn).
    pub(super) suggestions: Rc<Vec<Suggestion>>,
    pub(super) current: Option<SuggestionId>,
    /// True while a computation is scheduled for after the next paint.
    pub(super) scheduled: bool,
    /// When the running work started, and its longest step so far (ms).
    clock_started: (f64, f64),
    /// The last run: total and longest step, in milliseconds.
    pub(super) timing: Option<(f64, f64)>,
    clock: fn() -> f64,
}

impl Review {
    pub(super) fn new(clock: fn() -> f64) -> Review {
        Review {
            suggester: None,
            progress: None,
            suggestions: Rc::default(),
            current: None,
            scheduled: false,
            clock_started: (0.0, 0.0),
            timing: None,
            clock,
        }
    }

    pub fn progress(&self) -> Option<Progress> {
        self.progress
    }

    pub fn timing(&self) -> Option<(f64, f64)> {
        self.timing
    }

    pub fn current(&self) -> Option<&SuggestionId> {
        self.current.as_ref()
    }
}

/// The search and its matches, which depend only on the text.
#[derive(Default)]
pub struct SearchState {
    pub(super) query: Option<Query>,
    pub(super) matches: Rc<Vec<CpRange>>,
    pub(super) error: Option<String>,
}

impl SearchState {
    pub fn n_matches(&self) -> usize {
        self.matches.len()
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }
}

/// The suggestions to show: not rejected, not already accepted as they are.
pub use crate::assist::review::visible;

impl Session {
    /// Computes suggestions for the open document: at once for an article (also on load), in
    /// steps with a progress bar for a long text — and for those only when asked, because tens
    /// of thousands of suggested spans drawn over a 1 MB text would slow every edit.
    pub(super) fn start_suggestions(&mut self, asked: bool) {
        self.review.scheduled = false;
        self.effects.push(Effect::StopSuggesting);
        let editor = self.workspace.editor();
        let long = editor.document().len().0 > SUGGEST_AT_ONCE;
        if !asked && long {
            self.review.suggester = None;
            self.review.progress = None;
            return;
        }
        let clock = self.review.clock;
        let started = clock();
        if !long {
            self.review.suggester = None;
            self.review.progress = None;
            let rules = assist::suggest(editor.document(), editor.schema());
            self.review.suggestions = Rc::new(self.scored_suggestions(rules));
            let took = clock() - started;
            self.review.timing = Some((took, took));
            self.refresh_overlays();
        } else {
            self.review.clock_started = (started, 0.0);
            let suggester = Suggester::new(editor.document(), editor.schema());
            self.review.progress = Some(suggester.progress());
            self.review.suggester = Some(suggester);
            self.effects.push(Effect::SuggestStep);
        }
    }

    /// Another document is open: an article's suggestions are computed once its text has
    /// painted (they were a quarter of a switch's time), a long text's only when asked.
    pub(super) fn suggest_after_paint(&mut self) {
        self.review.scheduled = false;
        self.effects.push(Effect::StopSuggesting);
        self.review.suggester = None;
        self.review.progress = None;
        self.schedule_suggestion_refresh();
    }

    /// After an edit on an article: suggestions are recomputed once the edit has painted.
    pub(super) fn schedule_suggestion_refresh(&mut self) {
        if self.review.suggester.is_none() && self.editor().document().len().0 <= SUGGEST_AT_ONCE {
            self.review.scheduled = true;
            self.effects.push(Effect::SuggestSoon);
        }
    }

    /// One step of suggestion work; the page stays responsive between steps.
    pub(super) fn suggest_step(&mut self) -> bool {
        let clock = self.review.clock;
        let Some(suggester) = self.review.suggester.as_mut() else {
            return false;
        };
        let step_started = clock();
        let progress = suggester.step(SUGGEST_STEP);
        let review = &mut self.review;
        review.clock_started.1 = review.clock_started.1.max(clock() - step_started);
        review.progress = Some(progress);
        if progress.is_finished() {
            review.timing = Some((clock() - review.clock_started.0, review.clock_started.1));
            if let Some(suggester) = review.suggester.take() {
                review.suggestions = Rc::new(suggester.into_suggestions());
            }
            // A long text's suggestions are the rules' alone: the model over 1 MB would
            // block the page for seconds.
            self.unscored();
            self.refresh_overlays();
        } else {
            self.effects.push(Effect::SuggestStep);
        }
        true
    }

    /// After an edit, suggestions where the edit was are dropped at once. After one edit of the
    /// text the others move with the text, their ids with them (as the rejected ids do, so that
    /// a rejected one stays hidden), and the current one stays current; after several edits at
    /// once ("Fix all", its undo) all go until they are computed again.
    pub(super) fn drop_suggestions_at(&mut self, change: &Change) {
        if self.review.suggester.is_some() {
            return;
        }
        let kept = match &change.text_edit {
            Some(_) if change.everything => {
                self.review.current = None;
                Vec::new()
            }
            Some(edit) => {
                let current = self.review.current.clone();
                let mut kept = Vec::with_capacity(self.review.suggestions.len());
                for suggestion in self.review.suggestions.iter() {
                    let after = suggestion.after_edit(edit);
                    if current.as_ref() == Some(&suggestion.id) {
                        self.review.current = after.as_ref().map(|s| s.id.clone());
                    }
                    kept.extend(after);
                }
                kept
            }
            None if change.ranges.is_empty() => return,
            None => review::kept_after(&self.review.suggestions, &change.ranges),
        };
        self.review.suggestions = Rc::new(kept);
    }

    fn find_suggestion(&self, id: &SuggestionId) -> Option<Suggestion> {
        self.review
            .suggestions
            .iter()
            .find(|s| s.id == *id)
            .cloned()
    }

    fn next_suggestion_after(
        &self,
        from: Option<&SuggestionId>,
        forward: bool,
    ) -> Option<SuggestionId> {
        review::next_after(&self.visible_suggestions(), from, forward)
    }

    /// Makes a suggestion the current one and scrolls the article to it.
    pub(super) fn select_suggestion(&mut self, id: SuggestionId) {
        if let Some(said) = self.say_suggestion("Suggested", &id) {
            self.announcement = said;
        }
        self.effects
            .push(Effect::ScrollTo(Mark::Suggestion(id.clone())));
        self.review.current = Some(id);
        self.selected = None;
        self.refresh_overlays();
    }

    /// N / Shift+N: the next (previous) suggestion in text order.
    pub(super) fn step_suggestion(&mut self, forward: bool) -> Option<bool> {
        let from = self.review.current.clone();
        let next = self.next_suggestion_after(from.as_ref(), forward)?;
        self.select_suggestion(next);
        Some(true)
    }

    pub(super) fn accept_suggestion(&mut self, id: &SuggestionId) -> bool {
        let Some(suggestion) = self.find_suggestion(id) else {
            return false;
        };
        // Current before the command runs: a fix's text edit moves the next one, and its id.
        self.review.current = self.next_suggestion_after(Some(id), true);
        let command = assist::accept(&suggestion, self.editor());
        let changed = self.run_reporting(command);
        self.refresh_overlays();
        changed
    }

    pub(super) fn reject_suggestion(&mut self, id: &SuggestionId) -> bool {
        let said = self.say_suggestion("Rejected", id);
        let next = self.next_suggestion_after(Some(id), true);
        let changed = self.run_reporting(Command::SetRejected {
            suggestion: Rc::from(id.as_str()),
            rejected: true,
        });
        if let (true, Some(said)) = (changed, said) {
            self.announcement = said;
        }
        self.review.current = next;
        self.refresh_overlays();
        changed
    }

    /// What the live region says about a suggestion: "Suggested PERSON: Antony Blinken",
    /// "Suggested fix: insert a space: blinken|arrived".
    fn say_suggestion(&self, what: &str, id: &SuggestionId) -> Option<String> {
        let suggestion = self.review.suggestions.iter().find(|s| s.id == *id)?;
        let document = self.editor().document();
        if suggestion.kind == SuggestionKind::Fix {
            return Some(format!(
                "{what} fix: {}",
                fixes::describe(suggestion, document)
            ));
        }
        let text = document.slice(suggestion.range);
        Some(format!(
            "{what} {}: {}",
            suggestion.label,
            ellipsize(text, 80)
        ))
    }

    /// Accepts every visible suggestion (of one label, if given) in one undoable step.
    pub(super) fn accept_all(&mut self, label: Option<&str>) -> bool {
        let visible = self.visible_suggestions();
        let Some((command, n)) = review::accept_all(self.editor(), &visible, label) else {
            return self.info("No suggestion to accept");
        };
        self.review.current = None;
        self.run_then_say(
            command,
            &format!("Accepted {n} suggestion(s); one undo takes them all back"),
        )
    }

    /// "Fix all glued words": every visible fix in one undoable step.
    pub(super) fn fix_all(&mut self) -> bool {
        let Some((command, n)) = fixes::fix_all(&self.visible_suggestions()) else {
            return self.info("No glued word to fix");
        };
        self.review.current = None;
        self.run_then_say(
            command,
            &format!("Fixed {n} glued word(s); one undo takes them all back"),
        )
    }

    pub(super) fn run_search(&mut self) {
        let search = &mut self.search;
        search.error = None;
        search.matches = Rc::new(match &search.query {
            None => Vec::new(),
            Some(query) => match search::find(self.workspace.editor().document(), query) {
                Ok(matches) => matches,
                Err(e) => {
                    search.error = Some(e.to_string());
                    Vec::new()
                }
            },
        });
    }

    /// Rebuilds the overlays (visible suggestions, search matches) and redraws the paragraphs
    /// where they changed.
    pub(super) fn refresh_overlays(&mut self) {
        let document = self.workspace.editor().document();
        let learning = &self.learning;
        let mut overlays: Vec<OverlaySpan> = visible(&self.review.suggestions, document)
            .into_iter()
            .filter(|s| learning.shows(s))
            .map(|s| OverlaySpan {
                id: AnnotationId::new(&Mark::Suggestion(s.id.clone()).drawn_id()),
                label: Rc::clone(&s.label),
                range: s.range,
                kind: OverlayKind::Suggestion,
            })
            .collect();
        overlays.extend(
            self.search
                .matches
                .iter()
                .enumerate()
                .map(|(i, range)| OverlaySpan {
                    id: AnnotationId::new(&Mark::Match(i).drawn_id()),
                    label: Rc::from(""),
                    range: *range,
                    kind: OverlayKind::Match,
                }),
        );
        overlays.extend(self.presence_overlays());
        overlays.sort_by_key(|o| (o.range.start, std::cmp::Reverse(o.range.end)));
        let changed: Vec<CpRange> = {
            let old: HashSet<(&str, CpRange)> = self
                .overlays
                .iter()
                .map(|o| (o.id.as_str(), o.range))
                .collect();
            let new: HashSet<(&str, CpRange)> =
                overlays.iter().map(|o| (o.id.as_str(), o.range)).collect();
            old.symmetric_difference(&new).map(|(_, r)| *r).collect()
        };
        if !changed.is_empty() {
            Rc::make_mut(&mut self.layout).update_with_overlays(document, &overlays, &changed);
        }
        self.overlays = Rc::new(overlays);
    }

    /// Where a drawn mark is, for emphasis: an annotation's range or an overlay's.
    pub fn mark_range(&self, mark: &Mark) -> Option<CpRange> {
        match mark {
            Mark::Annotation(id) => self.editor().document().annotation(id).map(|a| a.range),
            other => {
                let drawn = other.drawn_id();
                self.overlays
                    .iter()
                    .find(|o| o.id.as_str() == drawn)
                    .map(|o| o.range)
            }
        }
    }
}
