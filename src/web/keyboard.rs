//! Listeners on the whole page: keyboard shortcuts and selection changes. Caret moves happen
//! here, synchronously (the browser does not move a caret in text that is not editable), and so
//! does the choice whether Tab walks the annotations or moves focus on (the default must be
//! prevented before the app has seen the key).

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};

use crate::model::keymap::{self, Action, KeyPress};
use crate::web;

/// What the page-wide key listener must know at once, before the app has seen the key: whether
/// Tab and Shift+Tab have an annotation to go to (else they move focus as usual), and whether a
/// dialog has the keyboard. The app writes it after every render.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeyState {
    pub next: bool,
    pub previous: bool,
    pub dialog: bool,
}

/// A key for the app, with whether focus was in the side panel (Esc there returns to the
/// article).
pub type OnKey = Rc<dyn Fn(KeyPress, bool)>;

/// Installs the listeners; they stay while the returned values live. `article` finds the
/// article's element when a key arrives.
pub fn listen(
    article: impl Fn() -> Option<Element> + 'static,
    state: Rc<Cell<KeyState>>,
    on_key: OnKey,
    on_selection: Rc<dyn Fn()>,
) -> Vec<EventListener> {
    let document = web::document();
    let options = EventListenerOptions::enable_prevent_default();
    let keydown = EventListener::new_with_options(&document, "keydown", options, move |event| {
        let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        let press = KeyPress {
            key: event.key(),
            ctrl: event.ctrl_key() || event.meta_key(),
            shift: event.shift_key(),
            alt: event.alt_key(),
        };
        let state = state.get();
        let in_side_panel = || web::focus_is_within(".side");
        // A modal dialog keeps the keyboard: Tab cycles through its controls.
        if state.dialog
            && press.key == "Tab"
            && !press.ctrl
            && !press.alt
            && web::keep_tab_in_dialog(press.shift)
        {
            event.prevent_default();
            return;
        }
        let typing = event.target().is_some_and(|t| web::is_typing_target(&t));
        let container = article();
        let correcting = container
            .as_ref()
            .is_some_and(|c| c.has_attribute("contenteditable") && web::focus_is_on_article(c));
        if typing && correcting {
            // The editable article (the correction mode): Esc, F2, undo, redo and find and
            // replace are the app's; every other key is the text's (its changes arrive as
            // `beforeinput`, see `editing`).
            let app_key = press.key == "Escape"
                || keymap::actions_for(&press).iter().any(|a| {
                    matches!(
                        a,
                        Action::Undo | Action::Redo | Action::FindReplace | Action::CorrectText
                    )
                });
            if app_key {
                event.prevent_default();
                on_key(press, false);
            }
            return;
        }
        if typing {
            // Esc leaves a panel's field for the article, or closes the dialog it is in; other
            // keys are the field's.
            if press.key == "Escape" {
                on_key(press, in_side_panel());
            }
            return;
        }
        // A way for tests to check that a crash keeps the saved work: only with #debug-panic.
        if press.ctrl
            && press.alt
            && press.shift
            && press.key.eq_ignore_ascii_case("p")
            && web::location_hash().contains("debug-panic")
        {
            panic!("forced panic (#debug-panic)");
        }
        let on_article = !state.dialog && container.as_ref().is_some_and(web::focus_is_on_article);
        for action in keymap::actions_for(&press) {
            match action {
                Action::Move(direction, granularity) | Action::Extend(direction, granularity) => {
                    if let (true, Some(container)) = (on_article, &container) {
                        event.prevent_default();
                        let extend = matches!(action, Action::Extend(..));
                        web::modify_selection(
                            container,
                            extend,
                            direction.as_str(),
                            granularity.as_str(),
                        );
                        // The app hears of the move too: it ends a span's selection.
                        on_key(press.clone(), false);
                    }
                    return;
                }
                Action::NextAnnotation | Action::PreviousAnnotation => {
                    let possible = if action == Action::NextAnnotation {
                        state.next
                    } else {
                        state.previous
                    };
                    if !(on_article && possible) {
                        return;
                    }
                    event.prevent_default();
                }
                // Enter on a button or link is that control's own.
                Action::AcceptSuggestion | Action::OpenDetails if !on_article => return,
                // In the article, Enter's default would reach the field it moves focus to
                // (and open a drop-down list there).
                Action::AcceptSuggestion | Action::OpenDetails => event.prevent_default(),
                Action::Undo | Action::Redo => event.prevent_default(),
                _ => {}
            }
        }
        on_key(press, in_side_panel());
    });
    let selectionchange = EventListener::new(&document, "selectionchange", move |_| {
        on_selection();
    });
    vec![keydown, selectionchange]
}
