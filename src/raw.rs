//! `hub.rawRequest(method, path, { body, query })`: any `/v1/` call the package does not model
//! yet, as data (sans-IO): the checked method, the path and query as a URL tail, whether it may
//! be retried, and how its answer is read. The shell sends it with the same key handling,
//! redaction, timeouts, typed errors and retry rules as every other call.

use crate::json::Value;

use crate::error::{Error, Issue, IssueCode};
use crate::request::{self, ApiFailure, ResponseMeta, Subject};
use crate::send::check::show;

/// A raw call's failures speak of the request.
pub const RAW: Subject = Subject {
    what: "the request",
    not_found: "not_found",
    not_found_means: "the API found nothing at this path for this API key (404)",
    names_targets: false,
};

/// A checked raw call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: &'static str,
    /// The path and query, to append to the base URL.
    pub tail: String,
    /// Whether a 5xx or a network failure may be retried: `GET` and `DELETE` only (a `PATCH`
    /// or `PUT` is never retried, as for webhook management; a `POST` may have been processed).
    pub idempotent: bool,
}

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE"];

fn issue(path: &str, code: IssueCode, message: String) -> Issue {
    Issue {
        path: path.into(),
        code,
        message,
    }
}

/// Checks a raw call: `method` (any case), `path` (under `/v1/`, no query, fragment, `..` or
/// whitespace), `query` (name and value pairs, percent-encoded here), and whether it has a body.
///
/// # Errors
/// [`Error::Invalid`] ("the request") with every issue.
pub fn prepare(
    method: &str,
    path: &str,
    query: &[(String, String)],
    has_body: bool,
) -> Result<Prepared, Error> {
    let mut issues = Vec::new();
    let upper = method.to_ascii_uppercase();
    let method = METHODS.iter().copied().find(|m| *m == upper);
    if method.is_none() {
        let msg = format!(
            "method must be one of {}; got {}",
            METHODS.join(", "),
            show(&upper)
        );
        issues.push(issue("method", IssueCode::InvalidValue, msg));
    }
    let bad = !path.starts_with("/v1/")
        || path.contains(['?', '#', '\\', '%'])
        || path.split('/').any(|s| s == ".." || s == ".")
        || path.chars().any(|c| c.is_whitespace() || c.is_control());
    if bad {
        let msg = format!(
            "path must be an API path under /v1/ (such as /v1/communication/whatsapp/message), without a query, fragment, %, . or .. segments; got {}",
            show(path)
        );
        issues.push(issue("path", IssueCode::InvalidFormat, msg));
    }
    if has_body && method == Some("GET") {
        let msg = "a GET request has no body; put its parameters in query".into();
        issues.push(issue("body", IssueCode::Conflict, msg));
    }
    let Some(method) = method.filter(|_| issues.is_empty()) else {
        return Err(Error::Invalid {
            subject: "the request",
            issues,
        });
    };
    let mut tail = String::from(path);
    for (i, (k, v)) in query.iter().enumerate() {
        tail.push(if i == 0 { '?' } else { '&' });
        encode(&mut tail, k);
        tail.push('=');
        encode(&mut tail, v);
    }
    Ok(Prepared {
        method,
        tail,
        idempotent: matches!(method, "GET" | "DELETE"),
    })
}

/// Percent-encodes a query component (everything but RFC 3986's unreserved characters).
fn encode(out: &mut String, s: &str) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// Reads the answer of a raw call: its JSON for JS, exact (integers beyond 2^53 as decimal
/// strings), or `None` for an empty body.
///
/// # Errors
/// The typed failure of a status outside 2xx (as every call's), or `invalid_response` for a
/// 2xx body that is not JSON.
pub fn read(
    meta: &ResponseMeta,
    body: &str,
    now_ms: f64,
) -> Result<Option<String>, Box<ApiFailure>> {
    let parsed: Option<Value> = crate::json::from_str(body).ok();
    if let Some(failed) = request::failure(meta, body, parsed.as_ref(), now_ms, &RAW) {
        return Err(failed);
    }
    if body.trim().is_empty() {
        return Ok(None);
    }
    if parsed.is_none() {
        return Err(request::not_an_object(meta, body, None));
    }
    let text = body.trim();
    Ok(Some(
        crate::webhook::lossless::rewrite_unsafe_numbers(text).unwrap_or_else(|| text.into()),
    ))
}

#[cfg(test)]
#[path = "raw_tests.rs"]
mod tests;
