//! Entry point: install the panic hook, apply the stored theme, and mount the app.

fn main() {
    // Through Yew, which would otherwise replace any hook set here with its own when it starts.
    // The saved workspace is untouched by a panic: a write is started only after a change applied
    // cleanly, and a database transaction stores all of it or nothing.
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = format!("Spanwise hit an internal error: {info}");
        web_sys::console::error_1(&message.clone().into());
        show_fatal_error(&message);
    }));
    // The theme chosen on an earlier visit, so that the app's first frame is drawn in it.
    spanwise::ui::theme_toggle::Theme::stored().apply();
    // The workspace is read from the browser's database (asynchronous) before the app mounts,
    // so its first frame is the person's own document, never a sample that then changes.
    let opening = show_opening();
    wasm_bindgen_futures::spawn_local(async move {
        let start = spanwise::web::persistence::start().await;
        if let Some(opening) = opening {
            opening.remove();
        }
        let start = std::rc::Rc::new(std::cell::RefCell::new(Some(start)));
        yew::Renderer::<spanwise::ui::app::App>::with_props(spanwise::ui::app::AppProps { start })
            .render();
    });
}

/// "Opening your workspace…" while the database is read.
fn show_opening() -> Option<web_sys::Element> {
    let document = web_sys::window()?.document()?;
    let element = document.create_element("p").ok()?;
    element.set_class_name("opening");
    let _ = element.set_attribute("role", "status");
    element.set_text_content(Some("Opening your workspace…"));
    document.body()?.append_child(&element).ok()?;
    Some(element)
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
