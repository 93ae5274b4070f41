//! `hub.webhooks`: the webhook-management calls, made by the same loop as sends (timeout,
//! abort signal, retries, capped reading, key redaction), and `all()` / `allLogs()`, async
//! iterators over every item, a page at a time.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::client::{attempts, call_options, Client, Exchange};
use super::{js, messages};
use crate::error::Error;
use crate::manage::{self, input::Page, Arg, Call, Method};

/// The webhook-management calls of a client (`hub.webhooks`).
#[wasm_bindgen]
pub struct Webhooks {
    client: Rc<Client>,
}

impl Webhooks {
    /// The object for `hub.webhooks`.
    pub(super) fn of(client: Rc<Client>) -> Webhooks {
        Webhooks { client }
    }
}

const WEBHOOK: &str =
    "the webhook must be an object { endpoint, eventType, authenticationProtocol, ... }";
const PATCH: &str = "the patch must be an object of the fields to change";
const PAGE: &str = "the page options must be an object { offset, limit }";
const LOG_IDS: &str = "webhookLogIds must be an array of log ids";

/// A string argument, or the name of its type.
fn arg(value: &JsValue) -> Result<String, String> {
    value.as_string().ok_or_else(|| js::describe(value))
}

fn borrow(arg: &Result<String, String>) -> Arg<'_> {
    arg.as_deref().map_err(String::as_str)
}

/// An argument as JSON text (`null` when it is `undefined` and `optional`); `subject` names it
/// and `expected` says what it must be.
fn json(
    value: &JsValue,
    optional: bool,
    subject: &'static str,
    expected: &str,
) -> Result<String, Error> {
    if optional && value.is_undefined() {
        return Ok(String::from("null"));
    }
    messages::body_text(value, subject, expected).map_err(|e| Error::Invalid {
        subject,
        issues: e.issues().to_vec(),
    })
}

/// The checked call options: the timeout, and the caller's signal.
type CallOptions = (f64, Option<JsValue>);

/// Makes a checked call with its checked options (the first failure is the one reported).
async fn perform(
    client: Rc<Client>,
    call: Result<Call, Error>,
    options: Result<CallOptions, JsValue>,
) -> Result<JsValue, JsValue> {
    // Redacted too: an endpoint or a header may hold the key by mistake.
    let call = call.map_err(|e| js::redact(&js::error(&e), &client.api_key))?;
    let (timeout_ms, signal) = options?;
    let url = format!("{}{}", client.base_url, call.path);
    let read = |meta: &_, body: &str, now, acted| {
        call.read(meta, body, now, acted)
            .map(|json| json.map(|json| js::dated(&json)))
    };
    let unknown_outcome = call.unknown_outcome();
    let exchange = Exchange {
        method: call.method.as_str(),
        url: &url,
        body: call.body.as_deref().map(JsValue::from_str),
        idempotent: call.idempotent(),
        unknown_outcome: &unknown_outcome,
        is_send: false,
        read: &read,
    };
    attempts(&client, &exchange, timeout_ms, signal.as_ref())
        .await
        .map_err(|e| js::redact(&e, &client.api_key))
}

#[wasm_bindgen]
impl Webhooks {
    /// The options `{ signal, timeoutMs }` are read now, from `options`, else from `fallback`
    /// (the page options, where they may travel too).
    fn run(
        &self,
        call: Result<Call, Error>,
        options: JsValue,
        fallback: JsValue,
    ) -> js_sys::Promise {
        let options = call_options(&self.client, &options, &fallback);
        js::promise(perform(Rc::clone(&self.client), call, options))
    }

    /// `POST /v1/organization/webhook`: registers a webhook (the API runs the
    /// `X-Validation-Token` handshake against its endpoint).
    pub fn create(&self, webhook: JsValue, options: JsValue) -> js_sys::Promise {
        let call =
            json(&webhook, false, "the webhook", WEBHOOK).and_then(|text| manage::create(&text));
        self.run(call, options, JsValue::UNDEFINED)
    }

    /// `GET /v1/organization/webhook`: a page of webhooks.
    pub fn list(&self, query: JsValue, options: JsValue) -> js_sys::Promise {
        let call =
            json(&query, true, "the page options", PAGE).and_then(|text| manage::list(None, &text));
        self.run(call, options, query)
    }

    /// `GET /v1/organization/webhook/{webhookId}`.
    pub fn get(&self, webhook_id: JsValue, options: JsValue) -> js_sys::Promise {
        let call = manage::one(Method::Get, borrow(&arg(&webhook_id)));
        self.run(call, options, JsValue::UNDEFINED)
    }

    /// `PATCH /v1/organization/webhook/{webhookId}`: changes the fields given.
    pub fn update(&self, webhook_id: JsValue, patch: JsValue, options: JsValue) -> js_sys::Promise {
        let id = arg(&webhook_id);
        let call = json(&patch, false, "the patch", PATCH)
            .and_then(|text| manage::update(borrow(&id), &text));
        self.run(call, options, JsValue::UNDEFINED)
    }

    /// `DELETE /v1/organization/webhook/{webhookId}`; resolves to `undefined`.
    pub fn delete(&self, webhook_id: JsValue, options: JsValue) -> js_sys::Promise {
        let call = manage::one(Method::Delete, borrow(&arg(&webhook_id)));
        self.run(call, options, JsValue::UNDEFINED)
    }

    /// `GET …/{webhookId}/webhook-log`: a page of delivery attempts.
    #[wasm_bindgen(js_name = listLogs)]
    pub fn list_logs(
        &self,
        webhook_id: JsValue,
        query: JsValue,
        options: JsValue,
    ) -> js_sys::Promise {
        let id = arg(&webhook_id);
        let call = json(&query, true, "the page options", PAGE)
            .and_then(|text| manage::list(Some(borrow(&id)), &text));
        self.run(call, options, query)
    }

    /// `POST …/webhook-log/{webhookLogId}/retry`: re-sends one delivery.
    #[wasm_bindgen(js_name = retryLog)]
    pub fn retry_log(
        &self,
        webhook_id: JsValue,
        log_id: JsValue,
        options: JsValue,
    ) -> js_sys::Promise {
        let call = manage::retry_log(borrow(&arg(&webhook_id)), borrow(&arg(&log_id)));
        self.run(call, options, JsValue::UNDEFINED)
    }

    /// `POST …/webhook-log/retry`: re-sends several deliveries.
    #[wasm_bindgen(js_name = retryLogs)]
    pub fn retry_logs(
        &self,
        webhook_id: JsValue,
        log_ids: JsValue,
        options: JsValue,
    ) -> js_sys::Promise {
        let id = arg(&webhook_id);
        let call = json(&log_ids, false, "webhookLogIds", LOG_IDS)
            .and_then(|text| manage::retry_logs(borrow(&id), &text));
        self.run(call, options, JsValue::UNDEFINED)
    }

    /// Every webhook, a page at a time: an async iterator.
    pub fn all(&self, query: JsValue, options: JsValue) -> Result<Pages, JsValue> {
        Pages::new(&self.client, None, query, options)
    }

    /// Every delivery log of a webhook, a page at a time: an async iterator.
    #[wasm_bindgen(js_name = allLogs)]
    pub fn all_logs(
        &self,
        webhook_id: JsValue,
        query: JsValue,
        options: JsValue,
    ) -> Result<Pages, JsValue> {
        Pages::new(&self.client, Some(&webhook_id), query, options)
    }
}

/// Pages of 50 unless a `limit` is given: fewer requests.
const PAGE_SIZE: u64 = manage::input::MAX_PAGE;

struct Cursor {
    client: Rc<Client>,
    logs_of: Option<String>,
    page: Page,
    /// Read once, when the iterator is made.
    timeout_ms: f64,
    signal: Option<JsValue>,
    /// The items of the current page, and the next one to hand out.
    items: Option<js_sys::Array>,
    index: u32,
    /// No page is left to fetch.
    last_page: bool,
    /// Pages fetched so far.
    pages: u32,
    /// The first item of the last page, to notice a server that ignores `offset`.
    first: JsValue,
    /// Done for good: by `return()`, the caller's signal or a failure. Never unset.
    ended: bool,
    /// The previous `next()`: each waits for it, so calls made without awaiting keep order.
    queue: js_sys::Promise,
}

/// No list is read past this many pages (500 000 items at 50 a page): a server that answers
/// full pages for ever must not hold a `for await` for ever.
const MAX_PAGES: u32 = 10_000;

/// An async iterator over every item of a list, fetching a page when the last is used up.
/// A failed page (or the caller's `signal`) rejects `next()` and ends the iteration.
#[wasm_bindgen]
pub struct Pages {
    cursor: Rc<RefCell<Cursor>>,
}

fn step(value: &JsValue, done: bool) -> JsValue {
    let out = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&out, &"value".into(), value);
    let _ = js_sys::Reflect::set(&out, &"done".into(), &done.into());
    out.into()
}

impl Pages {
    fn new(
        client: &Rc<Client>,
        webhook_id: Option<&JsValue>,
        query: JsValue,
        options: JsValue,
    ) -> Result<Pages, JsValue> {
        let id = webhook_id.map(arg);
        let checked = json(&query, true, "the page options", PAGE)
            .and_then(|text| manage::pages(id.as_ref().map(borrow), &text))
            .map_err(|e| js::error(&e))?;
        // Read once, and bad ones reported now, not at the first page.
        let (timeout_ms, signal) = call_options(client, &options, &query)?;
        let (mut page, logs_of) = checked;
        page.limit = page.limit.or(Some(PAGE_SIZE));
        Ok(Pages {
            cursor: Rc::new(RefCell::new(Cursor {
                client: Rc::clone(client),
                logs_of,
                page,
                timeout_ms,
                signal,
                items: None,
                index: 0,
                last_page: false,
                pages: 0,
                first: JsValue::UNDEFINED,
                ended: false,
                queue: js_sys::Promise::resolve(&JsValue::UNDEFINED),
            })),
        })
    }
}

async fn advance(
    cursor: Rc<RefCell<Cursor>>,
    previous: js_sys::Promise,
) -> Result<JsValue, JsValue> {
    let _ = JsFuture::from(previous).await;
    let done = || Ok(step(&JsValue::UNDEFINED, true));
    loop {
        let (client, timeout_ms, signal) = {
            let c = cursor.borrow();
            (Rc::clone(&c.client), c.timeout_ms, c.signal.clone())
        };
        // Read with no borrow held: a getter on the caller's signal may call back in.
        let aborted = signal
            .as_ref()
            .is_some_and(|s| js::get(s, "aborted").is_truthy());
        let call = {
            let mut c = cursor.borrow_mut();
            if c.ended {
                return done();
            }
            if aborted {
                c.ended = true;
                c.items = None;
                let reason = signal.map_or(JsValue::UNDEFINED, |s| js::get(&s, "reason"));
                return Err(js::Transport {
                    name: "AbortError",
                    code: "aborted",
                    message: "the iteration was aborted by the caller's signal".into(),
                    attempts: 0,
                    cause: reason,
                }
                .error());
            }
            if let Some(items) = &c.items {
                if c.index < items.length() {
                    let item = items.get(c.index);
                    c.index += 1;
                    return Ok(step(&item, false));
                }
            }
            if c.last_page {
                c.ended = true;
                return done();
            }
            c.pages += 1;
            manage::page_call(c.logs_of.as_deref(), &c.page)
        };
        let answer = perform(client, Ok(call), Ok((timeout_ms, signal))).await;
        let mut c = cursor.borrow_mut();
        if c.ended {
            // `return()` was called while the page was on its way.
            return done();
        }
        let page = match answer {
            Ok(page) => page,
            Err(e) => {
                c.ended = true;
                c.items = None;
                return Err(e);
            }
        };
        let items: js_sys::Array = js::get(&page, "data").unchecked_into();
        let got = items.length();
        let first = js::get(&items.get(0), "id");
        if got > 0 && !first.is_undefined() && !first.is_null() && first == c.first {
            // The same page again: the server ignores `offset`.
            c.ended = true;
            return done();
        }
        let offset = c.page.offset.unwrap_or(0).saturating_add(u64::from(got));
        c.page.offset = Some(offset);
        // `total` decides when the server gives it (its pages may be shorter than asked for);
        // else a short page is the last.
        let total = js::get(&js::get(&page, "pagination"), "total").as_f64();
        c.last_page = got == 0
            || c.pages >= MAX_PAGES
            || match total {
                Some(total) => offset as f64 >= total,
                None => u64::from(got) < c.page.limit.unwrap_or(PAGE_SIZE),
            };
        c.first = first;
        c.items = Some(items);
        c.index = 0;
    }
}

#[wasm_bindgen]
impl Pages {
    /// The next item: `{ value, done }`.
    pub fn next(&self) -> js_sys::Promise {
        let previous = self.cursor.borrow().queue.clone();
        let promise = js::promise(advance(Rc::clone(&self.cursor), previous));
        self.cursor.borrow_mut().queue = promise.clone();
        promise
    }

    /// Ends the iteration (`break` in a `for await`); a page on its way is dropped.
    #[wasm_bindgen(js_name = return)]
    pub fn finish(&self) -> js_sys::Promise {
        let mut c = self.cursor.borrow_mut();
        c.ended = true;
        c.items = None;
        js_sys::Promise::resolve(&step(&JsValue::UNDEFINED, true))
    }
}
