//! Entry point: install the panic hook, apply the stored theme, and mount the app.

fn main() {
    // Through Yew, which would otherwise replace any hook set here with its own when it starts.
    // The saved workspace is untouched by a panic: saving happens only after a change applied
    // cleanly, so what is stored is the last consistent state.
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = format!("Spanwise hit an internal error: {info}");
        web_sys::console::error_1(&message.clone().into());
        show_fatal_error(&message);
    }));
    // The theme chosen on an earlier visit, so that the app's first frame is drawn in it.
    spanwise::ui::theme_toggle::Theme::stored().apply();
    yew::Renderer::<spanwise::ui::app::App>::new().render();
}

/// Puts the panic message on the page, so the person knows the app stopped and why.
fn show_fatal_error(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(element) = document.create_element("div") else {
        return;
    };
    element.set_class_name("fatal");
    let _ = element.set_attribute("role", "alert");
    let _ = element.set_attribute("data-testid", "fatal-error");
    element.set_text_content(Some(&format!(
        "{message}. Export may no longer work; reload the page to continue."
    )));
    if let Some(body) = document.body() {
        let _ = body.append_child(&element);
    }
}
