//! Share…: the team room's address (server, room, token, blind or shared), or, in a room,
//! the link that opens the app straight into it.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::session::room::RoomAddress;

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The room the document is in, and the link into it.
    pub joined: Option<(RoomAddress, AttrValue)>,
    pub onjoin: Callback<RoomAddress>,
    pub onleave: Callback<()>,
    pub onclose: Callback<()>,
}

#[function_component(ShareDialog)]
pub fn share_dialog(props: &ShareProps) -> Html {
    let server = use_node_ref();
    let room = use_node_ref();
    let token = use_node_ref();
    let blind = use_node_ref();
    let onsubmit = {
        let refs = (server.clone(), room.clone(), token.clone(), blind.clone());
        let onjoin = props.onjoin.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let value = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default()
            };
            onjoin.emit(RoomAddress {
                server: value(&refs.0).trim().to_string(),
                room: value(&refs.1).trim().to_string(),
                token: value(&refs.2).trim().to_string(),
                blind: refs
                    .3
                    .cast::<HtmlInputElement>()
                    .is_some_and(|i| i.checked()),
            });
        })
    };
    let close = {
        let onclose = props.onclose.clone();
        Callback::from(move |_: MouseEvent| onclose.emit(()))
    };
    let body = match &props.joined {
        Some((address, link)) => {
            let leave = {
                let onleave = props.onleave.clone();
                Callback::from(move |_: MouseEvent| onleave.emit(()))
            };
            html! {
                <>
                    <p>{ format!("This document is shared in the room “{}” on {}.", address.room, address.server) }</p>
                    <label>{ "Link into the room (it holds your token: give each colleague a link with theirs)" }
                        <input type="text" readonly=true value={link.clone()} data-testid="room-link" />
                    </label>
                    <div class="dialog-buttons">
                        <button type="button" onclick={leave}>{ "Leave room" }</button>
                        <button type="button" class="primary" onclick={close}>{ "Close" }</button>
                    </div>
                </>
            }
        }
        None => html! {
            <>
                <p>{ "Share the open document with colleagues through a team server (scripts/serve-team.sh). An empty room gets this document; a room that has one opens it." }</p>
                <label>{ "Server" }
                    <input ref={server} type="text" name="server" value="ws://127.0.0.1:1234" data-testid="room-server" />
                </label>
                <label>{ "Room" }
                    <input ref={room} type="text" name="room" data-testid="room-name" />
                </label>
                <label>{ "Token" }
                    <input ref={token} type="text" name="token" data-testid="room-token"
                        placeholder="from scripts/team-token.sh ROOM NAME" />
                </label>
                <label class="check">
                    <input ref={blind} type="checkbox" name="blind" data-testid="room-blind" />
                    { " Blind room (each annotator writes a layer of their own)" }
                </label>
                <div class="dialog-buttons">
                    <button type="button" onclick={close}>{ "Cancel" }</button>
                    <button type="submit" class="primary">{ "Connect" }</button>
                </div>
            </>
        },
    };
    html! {
        <div class="backdrop">
            <form class="dialog" role="dialog" aria-modal="true" aria-labelledby="share-heading" {onsubmit}>
                <h2 id="share-heading">{ "Share…" }</h2>
                { body }
            </form>
        </div>
    }
}
