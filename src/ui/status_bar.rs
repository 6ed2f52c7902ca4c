//! The status line: the last message for the person, or the last refusal (as an alert).

use yew::prelude::*;

use crate::session::{Intent, Status};

pub struct StatusBarProps {
    pub status: Option<Status>,
    pub dispatch: Callback<Intent>,
}

pub fn status_bar(props: &StatusBarProps) -> Html {
    let (class, text, role) = match &props.status {
        None => return html! { <div class="status" role="status" data-testid="status"></div> },
        Some(Status::Info(text)) => ("status", text, "status"),
        Some(Status::Error(text)) => ("status error", text, "alert"),
    };
    html! {
        <div class={class} role={role} data-testid={if role == "alert" { "error" } else { "status" }}>
            <span>{ text.clone() }</span>
            <button type="button" class="dismiss" aria-label="Dismiss message"
                onclick={props.dispatch.reform(|_| Intent::DismissStatus)}>{ "×" }</button>
        </div>
    }
}
