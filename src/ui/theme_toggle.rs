//! The theme button: follow the system's light or dark preference, or choose one. The choice is
//! remembered in the browser's storage and applied as `data-theme` on `<html>`; the colours
//! themselves are all in style.css.

use yew::prelude::*;

use crate::web;
use crate::web::storage;

/// Which palette the page uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Whatever the system prefers (`prefers-color-scheme`).
    System,
    Light,
    Dark,
}

impl Theme {
    /// The choice one click on the button makes.
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }

    /// The value of `data-theme` (and of the stored choice); `None` follows the system.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }

    /// Anything but a known choice (nothing stored, or a value from another version) follows
    /// the system.
    pub fn from_attribute(value: Option<&str>) -> Theme {
        match value {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::System,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The choice remembered from an earlier visit.
    pub fn stored() -> Theme {
        Theme::from_attribute(storage::read_theme().as_deref())
    }

    /// Makes the page use this theme.
    pub fn apply(self) {
        web::set_theme_attribute(self.attribute());
    }
}

/// A plain button named after the current choice ("Theme: dark"); its title says what a click
/// does. Three states, so not a toggle button with `aria-pressed`.
#[function_component(ThemeToggle)]
pub fn theme_toggle() -> Html {
    let theme = use_state(Theme::stored);
    // Applied and remembered after the choice changed. main.rs applies the stored choice before
    // the app mounts, so the first run here changes nothing on screen.
    use_effect_with(*theme, |theme| {
        theme.apply();
        storage::write_theme(theme.attribute());
    });
    let onclick = {
        let theme = theme.clone();
        Callback::from(move |_: MouseEvent| theme.set(theme.next()))
    };
    let title = match theme.next() {
        Theme::System => "Follow the system's light or dark setting".to_string(),
        next => format!("Use the {} theme", next.name()),
    };
    html! {
        <button type="button" class="theme-toggle" data-testid="theme-toggle" {title} {onclick}>
            { format!("Theme: {}", theme.name()) }
        </button>
    }
}
