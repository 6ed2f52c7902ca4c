//! Search over the article (plain text or regular expression, case toggle); every match is
//! highlighted, and all of them can be tagged with one label in one undoable step.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::assist::search::Query;

#[derive(Properties, PartialEq)]
pub struct SearchBarProps {
    pub n_matches: usize,
    pub error: Option<AttrValue>,
    pub labels: Rc<Vec<Rc<str>>>,
    /// `None` clears the search.
    pub onsearch: Callback<Option<Query>>,
    pub ontag: Callback<Rc<str>>,
}

#[function_component(SearchBar)]
pub fn search_bar(props: &SearchBarProps) -> Html {
    let text = use_node_ref();
    let regex = use_node_ref();
    let case = use_node_ref();
    let label = use_node_ref();
    let search = {
        let (text, regex, case) = (text.clone(), regex.clone(), case.clone());
        let onsearch = props.onsearch.clone();
        Callback::from(move |_: Event| {
            let value = |r: &NodeRef| r.cast::<HtmlInputElement>();
            let pattern = value(&text).map(|i| i.value()).unwrap_or_default();
            if pattern.is_empty() {
                onsearch.emit(None);
                return;
            }
            onsearch.emit(Some(Query {
                pattern,
                regex: value(&regex).is_some_and(|i| i.checked()),
                case_sensitive: value(&case).is_some_and(|i| i.checked()),
            }));
        })
    };
    let oninput = search.reform(|e: InputEvent| Event::from(e));
    let ontag = {
        let label = label.clone();
        props.ontag.reform(move |_: MouseEvent| {
            Rc::from(
                label
                    .cast::<HtmlSelectElement>()
                    .map(|s| s.value())
                    .unwrap_or_default(),
            )
        })
    };
    html! {
        <div class="search-bar" role="search" data-testid="search-bar">
            <input ref={text} type="search" placeholder="Search the article" aria-label="Search the article"
                data-testid="search" {oninput} />
            <label title="Regular expression"><input ref={regex} type="checkbox" onchange={search.clone()}
                data-testid="search-regex" />{ ".*" }</label>
            <label title="Match case"><input ref={case} type="checkbox" onchange={search}
                data-testid="search-case" />{ "Aa" }</label>
            <span class="count" data-testid="search-count" role="status">
                { match &props.error { Some(e) => e.to_string(), None => format!("{} match(es)", props.n_matches) } }
            </span>
            <select ref={label} aria-label="Label for all matches" data-testid="search-label">
                { for props.labels.iter().map(|l| html! { <option value={l.to_string()}>{ l.to_string() }</option> }) }
            </select>
            <button type="button" onclick={ontag} disabled={props.n_matches == 0}>{ "Tag all matches" }</button>
        </div>
    }
}
