//! The team room's WebSocket: it carries bytes and tells the session when it opens, brings a
//! message, or closes. What to send and what a message means is the session's
//! (`session::room`).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{BinaryType, MessageEvent, WebSocket};

/// An open (or opening) socket with its handlers; dropped, it closes.
pub struct RoomSocket {
    socket: WebSocket,
    _handlers: [Closure<dyn FnMut(web_sys::Event)>; 3],
}

/// What the socket reports.
pub enum SocketEvent {
    Opened,
    Message(Vec<u8>),
    Closed,
}

impl RoomSocket {
    /// Connects to `url`; `on_event` hears what happens. A URL the browser refuses is reported
    /// as closed at once.
    pub fn connect(url: &str, on_event: impl Fn(SocketEvent) + 'static) -> Option<RoomSocket> {
        let on_event = std::rc::Rc::new(on_event);
        let Ok(socket) = WebSocket::new(url) else {
            on_event(SocketEvent::Closed);
            return None;
        };
        socket.set_binary_type(BinaryType::Arraybuffer);
        let opened = {
            let on_event = on_event.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_| on_event(SocketEvent::Opened))
        };
        let message = {
            let on_event = on_event.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                let Some(event) = event.dyn_ref::<MessageEvent>() else {
                    return;
                };
                if let Ok(buffer) = event.data().dyn_into::<js_sys::ArrayBuffer>() {
                    on_event(SocketEvent::Message(
                        js_sys::Uint8Array::new(&buffer).to_vec(),
                    ));
                }
            })
        };
        let closed =
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_| on_event(SocketEvent::Closed));
        socket.set_onopen(Some(opened.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(closed.as_ref().unchecked_ref()));
        Some(RoomSocket {
            socket,
            _handlers: [opened, message, closed],
        })
    }

    /// Sends `bytes` if the socket is open (the session counts what was not acknowledged).
    pub fn send(&self, bytes: &[u8]) {
        if self.socket.ready_state() == WebSocket::OPEN {
            let _ = self.socket.send_with_u8_array(bytes);
        }
    }
}

impl Drop for RoomSocket {
    fn drop(&mut self) {
        // Closed on purpose: its handlers are gone, so the session hears nothing of it.
        self.socket.set_onopen(None);
        self.socket.set_onmessage(None);
        self.socket.set_onclose(None);
        let _ = self.socket.close();
    }
}
