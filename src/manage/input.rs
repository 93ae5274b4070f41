//! The rules for what the webhook-management calls send: a webhook to create or a patch of
//! one, ids, page options and log ids. Every problem is reported with its path, before any
//! request, exactly as for send bodies.
//!
//! Where the spec and the docs site disagree, both readings are accepted: `label` (the site
//! requires it, the spec does not know it) is optional; a log `status` is `Success`, `Error`
//! (the spec) or `Failed` (the site).

use crate::json::{Map, Str, Value};

use crate::error::IssueCode;
use crate::send::check::{is_https_url, show, Ctx, Path};
use crate::send::is_uuid;

/// `EventType`.
pub const EVENT_TYPES: &[&str] = &["Message", "MessageStatus"];
/// `AuthenticationProtocol`.
pub const AUTHENTICATION_PROTOCOLS: &[&str] = &[
    "NoAuthentication",
    "Oauth20",
    "PasswordAuthentication",
    "AWSSignatureV4",
    "JWT",
    "JWTExchange",
];
/// `WebhookLogStatus`: the spec's `Success` / `Error` and the site's `Failed`.
pub const LOG_STATUSES: &[&str] = &["Success", "Error", "Failed"];
/// The fields of a webhook to create or update.
const FIELDS: &[&str] = &[
    "label",
    "endpoint",
    "eventType",
    "authenticationProtocol",
    "scope",
    "headers",
    "requiresSignature",
];
/// The docs give no limits; these keep a typo from registering megabytes.
pub const MAX_LABEL_CHARS: usize = 255;
/// See [`MAX_LABEL_CHARS`].
pub const MAX_SCOPE_CHARS: usize = 1000;
/// At most this many custom headers on a webhook.
pub const MAX_HEADERS: usize = 20;
/// A custom header name's length limit.
pub const MAX_HEADER_NAME: usize = 256;
/// A custom header value's limit, in UTF-8 bytes.
pub const MAX_HEADER_VALUE: usize = 4096;
/// At most this many logs in one bulk retry.
pub const MAX_RETRY_IDS: usize = 100;
/// `limit` of a page: 1 to 50 (the spec's maximum).
pub const MAX_PAGE: u64 = 50;
/// Headers the Hub sets itself on a delivery: a custom one would corrupt or spoof it.
const RESERVED_HEADERS: &[&str] = &[
    "content-length",
    "content-type",
    "transfer-encoding",
    "host",
    "connection",
    "x-hub-signature",
    "x-validation-token",
];

/// A webhook to create (`update: false`: `endpoint`, `eventType` and `authenticationProtocol`
/// required) or a patch of one (every field optional, at least one).
pub fn webhook(cx: &mut Ctx, body: &Value, update: bool) {
    let root = Path::ROOT;
    let Some(obj) = cx.object(body, &root) else {
        return;
    };
    if update && obj.is_empty() {
        cx.report(
            &root,
            IssueCode::Required,
            format!(
                "the patch changes nothing: give at least one of {}",
                FIELDS.join(", ")
            ),
        );
    }
    cx.closed(obj, FIELDS, &root);
    let field = |cx: &mut Ctx, key: &str| -> Option<String> {
        let got = if update {
            cx.opt_str(obj, key, &root)
        } else {
            cx.req_str(obj, key, &root)
        };
        got.map(String::from)
    };
    if let Some(url) = field(cx, "endpoint") {
        endpoint(cx, &url, &root.key("endpoint"));
    }
    if let Some(t) = field(cx, "eventType") {
        cx.one_of(&t, EVENT_TYPES, &root.key("eventType"));
    }
    if let Some(p) = field(cx, "authenticationProtocol") {
        cx.one_of(
            &p,
            AUTHENTICATION_PROTOCOLS,
            &root.key("authenticationProtocol"),
        );
    }
    if let Some(label) = cx.opt_str(obj, "label", &root) {
        cx.chars(label, &root.key("label"), 1, MAX_LABEL_CHARS);
    }
    match obj.get("scope") {
        None | Some(Value::Null) => {}
        Some(scope) => {
            let path = root.key("scope");
            if let Some(s) = cx.string(scope, &path) {
                cx.chars(s, &path, 0, MAX_SCOPE_CHARS);
            }
        }
    }
    if let Some(v) = obj.get("requiresSignature") {
        cx.boolean(v, &root.key("requiresSignature"));
    }
    if let Some(v) = obj.get("headers") {
        headers(cx, v, &root.key("headers"));
    }
}

/// `https` anywhere; plain `http` only to this machine (127.0.0.1, localhost, [::1]), for
/// receivers under development.
fn endpoint(cx: &mut Ctx, url: &str, path: &Path<'_>) {
    if is_https_url(url) {
        return;
    }
    let local = url
        .get(..7)
        .filter(|scheme| scheme.eq_ignore_ascii_case("http://"))
        .and_then(|_| url.get(7..))
        .is_some_and(|rest| {
            let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let host = rest
                .get(..host_end)
                .unwrap_or_default()
                .to_ascii_lowercase();
            let name = match host.strip_prefix("[::1]") {
                Some(port) => ("[::1]", port),
                None => host.split_at(host.find(':').unwrap_or(host.len())),
            };
            matches!(name.0, "127.0.0.1" | "localhost" | "[::1]")
                && (name.1.is_empty() || name.1.starts_with(':'))
                && is_https_url(&format!("https://{rest}"))
        });
    if !local {
        let msg = format!(
            "endpoint must be an absolute https URL (plain http only to 127.0.0.1, localhost or [::1]); got {}",
            show(url)
        );
        cx.report(path, IssueCode::InvalidUrl, msg);
    }
}

/// Custom headers `[{ key, value }]`: RFC 9110 names, values without CR, LF or NUL (a header
/// injection in every request the Hub makes), none the Hub sets itself, no name twice.
fn headers(cx: &mut Ctx, v: &Value, path: &Path<'_>) {
    let Some(items) = cx.array(v, path, 0, MAX_HEADERS) else {
        return;
    };
    let mut seen: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = path.index(i);
        let Some(obj) = cx.object(item, &at) else {
            continue;
        };
        cx.closed(obj, &["key", "value"], &at);
        if let Some(name) = cx.req_str(obj, "key", &at) {
            header_name(cx, name, &at.key("key"), &mut seen);
        }
        if let Some(value) = cx.req_str(obj, "value", &at) {
            let vp = at.key("value");
            if value.contains(['\r', '\n', '\0']) {
                let msg = String::from(
                    "value must not contain CR, LF or NUL (they would end the header)",
                );
                cx.report(&vp, IssueCode::InvalidFormat, msg);
            } else {
                cx.bytes(value, &vp, MAX_HEADER_VALUE);
            }
        }
    }
}

fn header_name(cx: &mut Ctx, name: &str, path: &Path<'_>, seen: &mut Vec<String>) {
    let tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || name.len() > MAX_HEADER_NAME || !name.bytes().all(tchar) {
        let msg = format!(
            "key must be an HTTP header name (1 to {MAX_HEADER_NAME} letters, digits or !#$%&'*+-.^_`|~); got {}",
            show(name)
        );
        cx.report(path, IssueCode::InvalidFormat, msg);
        return;
    }
    let lower = name.to_ascii_lowercase();
    if RESERVED_HEADERS.contains(&lower.as_str()) {
        let msg =
            format!("{name} is set by the Hub on every delivery; it cannot be a custom header");
        cx.report(path, IssueCode::InvalidValue, msg);
    } else if seen.contains(&lower) {
        let msg = format!("header {} is given twice", show(name));
        cx.report(path, IssueCode::Conflict, msg);
    } else {
        seen.push(lower);
    }
}

/// A webhook or log id: a UUID string. `Err` holds the type of an argument that is not a
/// string.
pub fn id(cx: &mut Ctx, value: Result<&str, &str>, name: &str) {
    let path = Path::ROOT;
    let path = path.key(name);
    match value {
        Ok(s) if is_uuid(s) => {}
        Ok(s) => {
            let msg = format!(
                "{name} must be a UUID (8-4-4-4-12 hex digits); got {}",
                show(s)
            );
            cx.report(&path, IssueCode::InvalidFormat, msg);
        }
        Err(got) => {
            let msg = format!("{name} must be a string (a UUID); got {got}");
            cx.report(&path, IssueCode::InvalidType, msg);
        }
    }
}

/// The options of a page, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// Items to skip.
    pub offset: Option<u64>,
    /// Page size.
    pub limit: Option<u64>,
    /// Only logs of this status.
    pub status: Option<String>,
}

impl Page {
    /// The query string, starting with `?` (empty when nothing is given). Every value is a
    /// number or one of [`LOG_STATUSES`]: nothing needs escaping.
    pub fn query(&self) -> String {
        let mut out = String::new();
        let mut add = |key: &str, value: &str| {
            out.push(if out.is_empty() { '?' } else { '&' });
            out.push_str(key);
            out.push('=');
            out.push_str(value);
        };
        if let Some(n) = self.offset {
            add("offset", &n.to_string());
        }
        if let Some(n) = self.limit {
            add("limit", &n.to_string());
        }
        if let Some(s) = &self.status {
            add("status", s);
        }
        out
    }
}

/// The options of a page: `offset` ≥ 0 and `limit` 1–50 (`status` too for logs), all optional.
/// `signal` and `timeoutMs` are call options and may travel in the same object.
pub fn page(cx: &mut Ctx, query: &Value, logs: bool) -> Page {
    let root = Path::ROOT;
    let mut page = Page::default();
    let obj = match query {
        Value::Null => return page,
        other => match cx.object(other, &root) {
            Some(obj) => obj,
            None => return page,
        },
    };
    let allowed: &[&str] = if logs {
        &["offset", "limit", "status", "signal", "timeoutMs"]
    } else {
        &["offset", "limit", "signal", "timeoutMs"]
    };
    cx.closed(obj, allowed, &root);
    page.offset = integer(cx, obj, "offset", 0, u64::from(u32::MAX));
    page.limit = integer(cx, obj, "limit", 1, MAX_PAGE);
    if logs {
        if let Some(status) = cx.opt_str(obj, "status", &root) {
            if cx.one_of(status, LOG_STATUSES, &root.key("status")) {
                page.status = Some(status.into());
            }
        }
    }
    page
}

/// An optional integer field from `min` to `max`.
fn integer(cx: &mut Ctx, obj: &Map<Str, Value>, key: &str, min: u64, max: u64) -> Option<u64> {
    let v = obj.get(key)?;
    let path = Path::ROOT;
    let path = path.key(key);
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 && n >= min as f64 && n <= max as f64 => Some(n as u64),
        Some(_) => {
            // As serde_json writes it: not `Display` of the f64 or the `Value`, each of which
            // would compile another number or JSON writer into the module.
            let got = crate::json::to_string(v).unwrap_or_default();
            let msg = format!("{key} must be an integer from {min} to {max}; got {got}");
            cx.report(&path, IssueCode::InvalidValue, msg);
            None
        }
        None => {
            cx.wrong_type(&path, "an integer", v);
            None
        }
    }
}

/// `{ webhookLogIds }` of a bulk retry, from the ids given: 1 to 100 UUIDs, none twice.
pub fn log_ids(cx: &mut Ctx, ids: &Value) {
    let root = Path::ROOT;
    let path = root.key("webhookLogIds");
    let Some(items) = cx.array(ids, &path, 1, MAX_RETRY_IDS) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let at = path.index(i);
        let Some(s) = cx.string(item, &at) else {
            continue;
        };
        if !is_uuid(s) {
            let msg = format!("webhookLogIds[{i}] must be a UUID; got {}", show(s));
            cx.report(&at, IssueCode::InvalidFormat, msg);
        } else if items
            .iter()
            .take(i)
            .any(|earlier| earlier.as_str().is_some_and(|e| e.eq_ignore_ascii_case(s)))
        {
            let msg = format!("log {s} is listed twice");
            cx.report(&at, IssueCode::Conflict, msg);
        }
    }
}
