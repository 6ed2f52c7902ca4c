//! The side panel's list of entities with their mention counts, and the grouping suggestions
//! (mentions with the same normalised name), each grouped with one click.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::document::AnnotationId;

pub use crate::session::lists::{EntityRow, GroupRow as SuggestionRow};

#[derive(Properties, PartialEq)]
pub struct EntityListProps {
    pub entities: Rc<Vec<EntityRow>>,
    pub suggestions: Rc<Vec<SuggestionRow>>,
    pub onpick: Callback<AnnotationId>,
    pub ongroup: Callback<Vec<AnnotationId>>,
}

#[function_component(EntityList)]
pub fn entity_list(props: &EntityListProps) -> Html {
    html! {
        <div class="entity-list" data-testid="entity-list">
            if props.entities.is_empty() {
                <p class="empty">{ "No entities yet. Group mentions that name the same person, place or organisation." }</p>
            }
            <ul class="plain-list">
                { for props.entities.iter().map(|row| {
                    let onclick = props.onpick.reform({
                        let id = row.first_mention.clone();
                        move |_: MouseEvent| id.clone()
                    });
                    html! {
                        <li key={row.id.clone()}>
                            <button type="button" class="list-button" {onclick} data-entity-id={row.id.clone()}>
                                <span class="entity-name">{ row.name.clone() }</span>
                                if let Some(q) = &row.wikidata {
                                    <span class="wikidata">{ q.clone() }</span>
                                }
                                <span class="count" data-testid="mention-count">
                                    { format!("{} mention{}", row.n_mentions, if row.n_mentions == 1 { "" } else { "s" }) }
                                </span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
            if !props.suggestions.is_empty() {
                <h3 class="side-subheading">{ "Suggested groups (same name)" }</h3>
                <ul class="plain-list">
                    { for props.suggestions.iter().map(|s| {
                        let onclick = props.ongroup.reform({
                            let mentions = s.mentions.clone();
                            move |_: MouseEvent| mentions.clone()
                        });
                        html! {
                            <li class="suggestion">
                                <span class="suggestion-text">{ s.preview.clone() }</span>
                                <button type="button" {onclick} data-testid="group-suggestion">{ "Group" }</button>
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}
