//! The page's side of the analysis: requests go to a Web Worker running the page's own module
//! (web/analysis-worker.js), so a long analysis never holds up typing or drawing. One request
//! is in flight at a time; while it runs, only the newest workspace waits to be analysed, so
//! typing never queues analyses of text already gone. Where no worker starts (or it fails),
//! the same [`Analyst`] answers on the page.

use crate::analyst::{Analyst, Reply, Request};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

/// The worker's script, copied beside the page by the build.
const WORKER_SCRIPT: &str = "analysis-worker.js";

/// A reply, how long it took to make, in milliseconds, and whether the worker made it.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub reply: Reply,
    pub milliseconds: f64,
    pub in_worker: bool,
}

pub struct Analyzer {
    state: Rc<RefCell<State>>,
}

struct State {
    worker: Option<Worker>,
    /// Answers on the page when there is no worker.
    local: Analyst,
    /// The request the worker has and has not answered yet, as sent.
    in_flight: Option<String>,
    /// Requests not sent yet, oldest first: the next goes once the worker answers.
    waiting: VecDeque<Request>,
    on_answer: Callback<Answer>,
    _listeners: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl Analyzer {
    pub fn new(on_answer: Callback<Answer>) -> Self {
        let state = Rc::new(RefCell::new(State {
            worker: None,
            local: Analyst::default(),
            in_flight: None,
            waiting: VecDeque::new(),
            on_answer,
            _listeners: Vec::new(),
        }));
        start_worker(&state);
        Self { state }
    }

    /// Sends `request`; its answer comes to the callback given to [`Analyzer::new`]. A new
    /// workspace to analyse replaces one still waiting.
    pub fn send(&self, request: Request) {
        {
            let mut state = self.state.borrow_mut();
            if matches!(request, Request::Analyze { .. }) {
                state
                    .waiting
                    .retain(|waiting| !matches!(waiting, Request::Analyze { .. }));
            }
            state.waiting.push_back(request);
        }
        send_next(&self.state);
    }
}

/// Starts the worker, if the page says where its module is and the browser allows it.
fn start_worker(state: &Rc<RefCell<State>>) {
    let (Some(module), Some(wasm)) = (preloaded(".js"), preloaded(".wasm")) else {
        return;
    };
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let url = format!(
        "{WORKER_SCRIPT}?module={}&wasm={}",
        encode(&module),
        encode(&wasm)
    );
    let Ok(worker) = Worker::new_with_options(&url, &options) else {
        return;
    };
    let on_message = {
        let weak = Rc::downgrade(state);
        Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            if let Some(state) = weak.upgrade() {
                received(&state, event.unchecked_into::<MessageEvent>().data());
            }
        })
    };
    // A worker script that cannot load: answer on the page from now on.
    let on_error = {
        let weak = Rc::downgrade(state);
        Closure::<dyn FnMut(JsValue)>::new(move |_event: JsValue| {
            if let Some(state) = weak.upgrade() {
                without_worker(&state);
            }
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let mut state = state.borrow_mut();
    state.worker = Some(worker);
    state._listeners = vec![on_message, on_error];
}

/// Sends the next waiting request to the worker if none is in flight, or answers every
/// waiting request on the page when there is no worker.
fn send_next(state: &Rc<RefCell<State>>) {
    loop {
        let mut borrowed = state.borrow_mut();
        if borrowed.in_flight.is_some() {
            return;
        }
        let Some(request) = borrowed.waiting.pop_front() else {
            return;
        };
        // Strings, numbers and maps with string keys: serialising cannot fail.
        let json = serde_json::to_string(&request).unwrap_or_default();
        let posted = borrowed
            .worker
            .as_ref()
            .is_some_and(|worker| worker.post_message(&JsValue::from_str(&json)).is_ok());
        if posted {
            borrowed.in_flight = Some(json);
            return;
        }
        let started = now();
        let reply = borrowed.local.answer(request);
        let answer = Answer {
            reply,
            milliseconds: now() - started,
            in_worker: false,
        };
        let on_answer = borrowed.on_answer.clone();
        // The callback may send again: nothing stays borrowed while it runs.
        drop(borrowed);
        on_answer.emit(answer);
    }
}

/// Stops the worker and answers on the page from now on, starting with the request the
/// worker did not answer.
fn without_worker(state: &Rc<RefCell<State>>) {
    let unanswered = {
        let mut state = state.borrow_mut();
        if let Some(worker) = state.worker.take() {
            worker.terminate();
        }
        state.in_flight.take()
    };
    if let Some(json) = unanswered
        && let Ok(request) = serde_json::from_str(&json)
    {
        state.borrow_mut().waiting.push_front(request);
    }
    send_next(state);
}

/// A message from the worker: `{ reply, milliseconds }`, the reply as JSON, or `{ failed }`
/// when its module could not load or answer. A worker that fails, refuses the request or
/// answers what this page cannot read (another build's, from a cache) is given up: the page
/// answers instead, starting with that request, so that it never waits for ever.
fn received(state: &Rc<RefCell<State>>, data: JsValue) {
    let field = |name: &str| js_sys::Reflect::get(&data, &JsValue::from_str(name)).ok();
    let reply = field("reply")
        .and_then(|reply| reply.as_string())
        .and_then(|json| serde_json::from_str::<Reply>(&json).ok())
        .filter(|reply| !matches!(reply, Reply::Refused { .. }));
    let Some(reply) = reply else {
        without_worker(state);
        return;
    };
    let milliseconds = field("milliseconds")
        .and_then(|value| value.as_f64())
        .unwrap_or_default();
    let on_answer = {
        let mut state = state.borrow_mut();
        state.in_flight = None;
        state.on_answer.clone()
    };
    on_answer.emit(Answer {
        reply,
        milliseconds,
        in_worker: true,
    });
    send_next(state);
}

/// The page's module script (`.js`) or its wasm (`.wasm`), as Trunk links them for
/// preloading (their names carry hashes).
fn preloaded(extension: &str) -> Option<String> {
    let document = web_sys::window()?.document()?;
    let selector = format!("link[rel$=preload][href$='{extension}']");
    let link = document.query_selector(&selector).ok()??;
    link.get_attribute("href")
}

/// `text` safe in a query string.
fn encode(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |performance| performance.now())
}
