//! The side panel's search bar and tabs (documents, suggestions, mentions, claims, entities);
//! the root hands it the open tab's list.

use std::rc::Rc;

use yew::prelude::*;

use crate::session::{Intent, SideTab};
use crate::ui::search_bar::SearchBar;

/// A tab's name with its count, as the tab shows it ("Mentions (12)").
#[derive(Clone, Debug, PartialEq)]
pub struct TabCounts {
    pub documents: usize,
    pub suggestions: usize,
    pub mentions: usize,
    pub claims: usize,
    pub entities: usize,
}

pub struct SidePanelProps {
    pub tab: SideTab,
    pub counts: TabCounts,
    pub labels: Rc<Vec<Rc<str>>>,
    pub n_matches: usize,
    pub search_error: Option<AttrValue>,
    pub dispatch: Callback<Intent>,
    /// The open tab's list.
    pub children: Html,
}

pub fn side_panel(props: &SidePanelProps) -> Html {
    let dispatch = &props.dispatch;
    let counts = &props.counts;
    let tab = |tab: SideTab, name: &str, count: usize| {
        let selected = props.tab == tab;
        html! {
            <button type="button" role="tab" aria-selected={selected.to_string()}
                class={classes!("tab", selected.then_some("active"))}
                onclick={dispatch.reform(move |_| Intent::Tab(tab))}>
                { name }{ " " }<span class="count">{ format!("({count})") }</span>
            </button>
        }
    };
    html! {
        <>
            <SearchBar n_matches={props.n_matches} error={props.search_error.clone()}
                labels={Rc::clone(&props.labels)} onsearch={dispatch.reform(Intent::Search)}
                ontag={dispatch.reform(Intent::TagMatches)} />
            <div class="tabs" role="tablist" aria-label="Lists">
                { tab(SideTab::Documents, "Documents", counts.documents) }
                { tab(SideTab::Suggestions, "Suggested", counts.suggestions) }
                { tab(SideTab::Annotations, "Mentions", counts.mentions) }
                { tab(SideTab::Claims, "Claims", counts.claims) }
                { tab(SideTab::Entities, "Entities", counts.entities) }
            </div>
            <div class="tab-panel" role="tabpanel">{ props.children.clone() }</div>
        </>
    }
}
