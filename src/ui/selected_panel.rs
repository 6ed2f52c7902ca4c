//! The selected annotation's panel: the claim panel for a claim; for a mention its label,
//! the claims it speaks or cues, and its entity (name, Wikidata id, grouping).

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::model::document::AnnotationId;
use crate::model::schema::Schema;
use crate::session::lists::{EntityView, SelectedView, SpeakerOption};
use crate::session::Intent;
use crate::ui::claim_panel::ClaimPanel;
use crate::ui::text_field::TextField;

pub struct SelectedPanelProps {
    pub view: Rc<SelectedView>,
    pub schema: Rc<Schema>,
    pub speaker_options: Rc<Vec<SpeakerOption>>,
    pub picking_speaker: bool,
    pub has_selection: bool,
    pub dispatch: Callback<Intent>,
}

pub fn selected_panel(props: &SelectedPanelProps) -> Html {
    let dispatch = &props.dispatch;
    match &*props.view {
        SelectedView::Claim {
            id,
            text,
            attributes,
            speaker,
            cue_text,
        } => html! {
            <ClaimPanel id={id.clone()} text={AttrValue::from(text.clone())} attributes={attributes.clone()}
                speaker={speaker.clone()} speaker_options={Rc::clone(&props.speaker_options)}
                cue_text={cue_text.clone().map(AttrValue::from)}
                picking_speaker={props.picking_speaker} has_selection={props.has_selection}
                onspeaker={dispatch.reform(Intent::SetSpeaker)} onpick={dispatch.reform(Intent::PickSpeaker)}
                oncue={dispatch.reform(|_| Intent::SetCue)} onchange={dispatch.reform(Intent::SetClaim)}
                ondelete={dispatch.reform(|_| Intent::DeleteSelected)} />
        },
        SelectedView::Span {
            id,
            text,
            meta,
            entity_label,
            roles,
            entity,
            is_entity,
        } => {
            let label_select = entity_label.as_ref().map(|current| {
                let onchange = dispatch.reform(|e: Event| {
                    let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                    Intent::ApplyLabel(Rc::from(select.value()))
                });
                let options = props.schema.labels.iter().map(|l| {
                    html! {
                        <option value={l.name.to_string()} selected={l.name == *current}>{ l.name.to_string() }</option>
                    }
                });
                html! {
                    <label>{ "Label " }
                        <select {onchange} data-testid="selected-label">{ for options }</select>
                    </label>
                }
            });
            html! {
                <section class="selected-panel" data-testid="selected-annotation" aria-label="Selected annotation">
                    <p class="selected-text">{ text.clone() }</p>
                    <p class="selected-meta">{ meta.clone() }</p>
                    { for label_select }
                    <button type="button" onclick={dispatch.reform(|_| Intent::DeleteSelected)}
                        title="Delete key">{ "Delete" }</button>
                    { for roles.iter().map(|role| html! { <p class="selected-meta">{ role.clone() }</p> }) }
                    if *is_entity {
                        { entity_box(id, entity.as_ref(), dispatch) }
                    }
                </section>
            }
        }
    }
}

/// The entity a selected mention belongs to (name, Wikidata id), or the offer to group it.
fn entity_box(
    mention: &AnnotationId,
    entity: Option<&EntityView>,
    dispatch: &Callback<Intent>,
) -> Html {
    // The grouping suggestion is computed when asked for: on a long document, scanning every
    // mention on each selection would slow down tagging.
    let group_button = {
        let id = mention.clone();
        html! {
            <button type="button" data-testid="group-same-name"
                title="Group this mention with the others that have the same name"
                onclick={dispatch.reform(move |_| Intent::GroupSameName(id.clone()))}>
                { "Group mentions with this name" }
            </button>
        }
    };
    let Some(entity) = entity else {
        return html! { <div class="entity-box">{ group_button }</div> };
    };
    let name_ref = NodeRef::default();
    let wikidata_ref = NodeRef::default();
    let save = {
        let (name_ref, wikidata_ref) = (name_ref.clone(), wikidata_ref.clone());
        let id = entity.id.clone();
        dispatch.reform(move |_: Event| {
            let value = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default()
            };
            Intent::EditEntity {
                id: id.clone(),
                name: value(&name_ref),
                wikidata: value(&wikidata_ref),
            }
        })
    };
    let mention = mention.clone();
    html! {
        <div class="entity-box" data-testid="entity-box">
            <p class="selected-meta">{ format!("Entity {} · {} mention{}", entity.id.0, entity.n_mentions, if entity.n_mentions == 1 { "" } else { "s" }) }</p>
            <label class="field">{ "Name" }
                <TextField node_ref={name_ref} value={entity.name.clone()}
                    onchange={save.clone()} testid="entity-name" />
            </label>
            <label class="field">{ "Wikidata" }
                <TextField node_ref={wikidata_ref} placeholder="Q…" pattern="Q[1-9][0-9]*"
                    value={entity.wikidata.clone()}
                    onchange={save} testid="entity-wikidata" />
            </label>
            { group_button }
            <button type="button" onclick={dispatch.reform(move |_| Intent::Ungroup(mention.clone()))}>
                { "Remove from entity" }
            </button>
        </div>
    }
}
