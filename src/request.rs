//! The send exchange as data (sans-IO): what to request, how to read the answer, and when a
//! retry is safe. The `wasm` module performs it with `fetch`; everything here is plain Rust,
//! tested natively.
//!
//! **Retries never duplicate a DM.** The API has no idempotency key, so a send is retried only
//! when the Hub certainly did not process it: `429`, and `503` carrying `Retry-After`.

use crate::json::Value;
use serde::Serialize;

use crate::error::Error;
use crate::exact::Exact;

use crate::send::Channel;
use crate::time::parse_http_date;

/// Where the Hub lives.
pub const DEFAULT_BASE_URL: &str = "https://api.chatt2.me";
/// Default whole-call timeout.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// Default number of retries after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Backoff base when the server gives no `Retry-After`.
pub const BACKOFF_BASE_MS: f64 = 500.0;
/// Backoff cap.
pub const BACKOFF_CAP_MS: f64 = 8_000.0;
/// `Retry-After` is honoured up to this many milliseconds; a longer wait is not retried.
pub const RETRY_AFTER_CAP_MS: f64 = 60_000.0;

/// Checks and normalizes a base URL: `https` anywhere, plain `http` only to loopback
/// (`127.0.0.1`, `localhost`, `[::1]`), no credentials, query or fragment. Returns it without
/// a trailing slash.
///
/// # Errors
/// A message saying what is wrong (it never contains credentials from the URL).
pub fn check_base_url(url: &str) -> Result<String, String> {
    let trimmed = url.trim();
    let (scheme, rest) = trimmed
        .split_once(':')
        .and_then(|(scheme, rest)| Some((scheme, rest.strip_prefix("//")?)))
        .ok_or_else(|| {
            String::from("baseUrl must be an absolute URL such as https://api.chatt2.me")
        })?;
    let scheme = scheme.to_ascii_lowercase();
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(
            "baseUrl must not contain credentials (user:password@); the API key goes in apiKey"
                .into(),
        );
    }
    if rest.contains(['?', '#']) {
        return Err("baseUrl must not have a query or fragment".into());
    }
    if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("baseUrl must not contain whitespace".into());
    }
    let host = host_of(authority);
    if host.is_empty() {
        return Err("baseUrl has no host".into());
    }
    match scheme.as_str() {
        "https" => {}
        "http" if is_loopback(host) => {}
        "http" => {
            return Err(format!("baseUrl must use https: plain http would send the API key unencrypted to {host}; http is allowed only to 127.0.0.1, localhost or [::1]"))
        }
        other => return Err(format!("baseUrl must use https, not {other}")),
    }
    Ok(format!("{scheme}://{}", rest.trim_end_matches('/')))
}

fn host_of(authority: &str) -> &str {
    if let Some(v6) = authority.strip_prefix('[') {
        return v6.split(']').next().map_or("", |h| h);
    }
    authority.split(':').next().unwrap_or("")
}

fn is_loopback(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    h == "127.0.0.1" || h == "localhost" || h == "::1"
}

/// The send URL for a channel.
pub fn send_url(base_url: &str, channel: Channel) -> String {
    format!(
        "{}/v1/communication/{}/message",
        base_url.trim_end_matches('/'),
        channel.as_str()
    )
}

/// A request as data, for any HTTP client (reqwest, hyper, `workers-rs`'s `Fetch`): what to put
/// on the wire, without performing it. `Debug` shows the API key as `[redacted]`, so a logged
/// request does not leak it.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `POST` for a send.
    pub method: &'static str,
    /// The absolute URL.
    pub url: String,
    /// Name and value of each header: `content-type`, `accept`, `x-api-key`.
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body, exactly as given (it was validated, not rewritten).
    pub body: String,
}

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| match *name {
                "x-api-key" => (*name, "[redacted]"),
                _ => (*name, value.as_str()),
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body)
            .finish()
    }
}

/// The HTTP request of a send (sans-IO): `base_url` checked as [`check_base_url`] does, the body
/// validated for `channel` (every issue at once) and sent exactly as given. Perform it with any
/// client, then read its answer with [`attempt_outcome`].
///
/// # Errors
/// [`Error::Config`] for an unusable base URL or an API key no header can carry (a line
/// break, a control character, a character beyond Latin-1; the key is not echoed);
/// [`Error::Validation`] with every issue of the body.
pub fn send_request(
    base_url: &str,
    api_key: &str,
    channel: Channel,
    body_json: &str,
) -> Result<HttpRequest, Error> {
    let base = check_base_url(base_url).map_err(|message| Error::Config { message })?;
    let key = api_key.trim();
    let header_safe =
        |c: char| c == '\t' || (' '..='~').contains(&c) || ('\u{80}'..='\u{ff}').contains(&c);
    if key.is_empty() || !key.chars().all(header_safe) {
        return Err(Error::Config {
            message: "the API key is empty, or cannot be sent in an HTTP header (a line break, a \
                      control character or a character beyond Latin-1)"
                .into(),
        });
    }
    crate::send::check_json(channel, body_json)?;
    Ok(HttpRequest {
        method: "POST",
        url: send_url(&base, channel),
        headers: vec![
            ("content-type", "application/json".into()),
            ("accept", "application/json".into()),
            ("x-api-key", key.into()),
        ],
        body: body_json.into(),
    })
}

/// What the Hub answered to a successful send. Both documented response shapes are read
/// (`{messageId, recipientId, type}` and `{messageId, status, errorMessage, errorCode}`); each
/// field is a string or null, and `raw` keeps the whole body.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct SendResult {
    /// The Hub message id (null for sender actions).
    pub message_id: Option<String>,
    /// `sent`, `enqueued`, ...
    pub status: Option<String>,
    /// The recipient, as the Hub echoes it.
    pub recipient_id: Option<String>,
    /// `Text`, `Image`, ... as the Hub classifies the message.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The platform's error code, if the body has one.
    pub error_code: Option<String>,
    /// The platform's error message, if the body has one.
    pub error_message: Option<String>,
    /// The whole response body, exact (integers beyond 2^53 as decimal strings).
    #[cfg_attr(feature = "typescript", tsify(type = "unknown"))]
    pub raw: Exact<'static>,
}

/// Why a send failed after the server answered. Becomes `ApiError` in JS; serialized as the
/// description `{ name: "ApiError", code, message, status, ... }` the error classes read.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiFailure {
    /// Always `ApiError`.
    pub name: &'static str,
    /// `bad_request`, `unauthorized`, `not_found`, `rate_limited`, `server_error`, `redirect`,
    /// `unexpected_status`, `send_failed`, `session_not_found` (Web Chatt: the visitor has no
    /// active widget session), `invalid_response`.
    pub code: &'static str,
    /// A sentence saying what happened and what to do.
    pub message: String,
    /// The HTTP status.
    pub status: u16,
    /// `errorCode` from the body.
    pub error_code: Option<String>,
    /// `errorMessage` from the body.
    pub error_message: Option<String>,
    /// The body: parsed JSON when it is JSON (exact), else the text (as a JSON string).
    pub body: Exact<'static>,
    /// The `x-request-id` response header, for support tickets.
    pub request_id: Option<String>,
    /// `Retry-After`, in seconds.
    pub retry_after: Option<f64>,
    /// How many attempts were made.
    pub attempts: u32,
}

impl ApiFailure {
    /// Whether the server may have acted on the request before it failed: any 5xx but a `503`
    /// with `Retry-After` (the Hub certainly did not process it). A `DELETE` retried after such
    /// an attempt may find its target gone; a call that is not repeated says its outcome is
    /// unknown.
    pub fn may_have_acted(&self) -> bool {
        (500..600).contains(&self.status) && !(self.status == 503 && self.retry_after.is_some())
    }

    /// An answer whose body is larger than the client reads (`invalid_response`).
    pub fn too_large(meta: &ResponseMeta, cap: usize, attempts: u32) -> ApiFailure {
        let what = format!("a body over {cap} bytes; it was not read further");
        ApiFailure {
            attempts,
            ..ApiFailure::invalid_response(meta, &what, Exact::null())
        }
    }

    /// An `invalid_response` to a 2xx or any answer: "the API answered {status} with {what}".
    fn invalid_response(meta: &ResponseMeta, what: &str, body: Exact<'static>) -> ApiFailure {
        ApiFailure {
            name: "ApiError",
            code: "invalid_response",
            message: format!("the API answered {} with {what}", meta.status),
            status: meta.status,
            error_code: None,
            error_message: None,
            body,
            request_id: meta.request_id.clone(),
            retry_after: None,
            attempts: 1,
        }
    }
}

/// The response headers the client reads.
#[derive(Debug, Clone, Default)]
pub struct ResponseMeta {
    /// HTTP status (0 for an opaque redirect in browsers).
    pub status: u16,
    /// `Retry-After`.
    pub retry_after: Option<String>,
    /// `x-request-id`.
    pub request_id: Option<String>,
    /// Whether the runtime reported an opaque redirect (`redirect: "manual"` in browsers).
    pub opaque_redirect: bool,
}

/// `Retry-After` in milliseconds from now: delta-seconds or an HTTP date.
pub fn retry_after_ms(value: &str, now_ms: f64) -> Option<f64> {
    let v = value.trim();
    if let Some(secs) = crate::decimal::parse(v) {
        return (secs.is_finite() && secs >= 0.0).then_some(secs * 1000.0);
    }
    let at = parse_http_date(v)? as f64;
    Some((at - now_ms).max(0.0))
}

/// A field of the answer as a string: strings as they are, numbers as their exact text.
pub fn str_field(body: &Value, key: &str) -> Option<String> {
    match body.get(key)? {
        Value::String(s) => Some(s.as_str().to_owned()),
        Value::Number(n) => crate::json::to_string(n).ok(),
        _ => None,
    }
}

/// The body as exact JSON for JS: its own text when it is JSON (integers beyond 2^53 quoted),
/// else the text as a JSON string.
fn exact_body(text: &str, is_json: bool) -> Exact<'static> {
    if is_json {
        Exact::of(text.trim()).into_owned()
    } else {
        Exact::string(text)
    }
}

/// What a failed answer is about, for its code and message.
#[derive(Debug, Clone, Copy)]
pub struct Subject {
    /// What was sent, for "the API refused {what} as invalid (400)".
    pub what: &'static str,
    /// The code of a 404 that the body does not explain.
    pub not_found: &'static str,
    /// What a 404 that the body does not explain means.
    pub not_found_means: &'static str,
    /// Whether a 404's body may name a webhook or a log (the management calls).
    pub names_targets: bool,
}

/// A send: its 404 is the channel in `from`.
pub const SEND: Subject = Subject {
    what: "the message",
    not_found: "not_found",
    not_found_means: "the channel in `from` was not found for this API key (404)",
    names_targets: false,
};

/// The failure of an answer that is not a success (a redirect, or any status outside 2xx),
/// with the body's `errorCode` and `errorMessage`; `None` for a 2xx.
pub fn failure(
    meta: &ResponseMeta,
    body_text: &str,
    parsed: Option<&Value>,
    now_ms: f64,
    subject: &Subject,
) -> Option<Box<ApiFailure>> {
    let status = meta.status;
    let redirect = meta.opaque_redirect || (300..400).contains(&status);
    if !redirect && (200..300).contains(&status) {
        return None;
    }
    let error_code = parsed.and_then(|b| str_field(b, "errorCode"));
    let error_message = parsed.and_then(|b| str_field(b, "errorMessage"));
    let detail = error_message
        .as_deref()
        .map(|m| format!(": {m}"))
        .unwrap_or_default();
    let (code, message) = if redirect {
        let what = if meta.opaque_redirect {
            String::from("opaque")
        } else {
            status.to_string()
        };
        ("redirect", format!("the API answered with a redirect ({what}); it was not followed, so the API key stayed with the original host. Check baseUrl"))
    } else {
        let (code, what) = match status {
            400 => (
                "bad_request",
                format!("the API refused {} as invalid (400)", subject.what),
            ),
            401 => (
                "unauthorized",
                "the API key is missing, invalid or revoked (401)".into(),
            ),
            404 => not_found(error_code.as_deref(), error_message.as_deref(), subject),
            429 => ("rate_limited", "rate limited by the API (429)".into()),
            500..=599 => (
                "server_error",
                format!("the API failed (5xx): HTTP {status}"),
            ),
            _ => (
                "unexpected_status",
                format!("the API answered with an unexpected status: HTTP {status}"),
            ),
        };
        (code, format!("{what}{detail}"))
    };
    let code = session_not_found(error_code.as_deref()).unwrap_or(code);
    Some(Box::new(ApiFailure {
        name: "ApiError",
        code,
        message,
        status,
        error_code,
        error_message,
        body: exact_body(body_text, parsed.is_some()),
        request_id: meta.request_id.clone(),
        retry_after: meta
            .retry_after
            .as_deref()
            .and_then(|v| retry_after_ms(v, now_ms))
            .map(|ms| ms / 1000.0),
        attempts: 1,
    }))
}

/// A 404 of a management call names what was not found, as the body says: its `errorCode`
/// (`webhook_not_found`, `log_not_found`), else the words of `errorMessage` before "not found"
/// when they name a webhook or its log ("Webhook log not found", "Webhook not found for this
/// application"). A message that names the application or the channel as missing, as the docs'
/// generic "Application, channel, webhook, or log not found" does, and every 404 of a send keep
/// the subject's default.
fn not_found(
    error_code: Option<&str>,
    error_message: Option<&str>,
    subject: &Subject,
) -> (&'static str, String) {
    let fallback = (subject.not_found, subject.not_found_means.into());
    if !subject.names_targets {
        return fallback;
    }
    let log = (
        "log_not_found",
        "the webhook log was not found (404)".into(),
    );
    let webhook = (
        "webhook_not_found",
        "the webhook was not found for this API key (404)".into(),
    );
    match error_code.map(str::to_ascii_lowercase).as_deref() {
        Some("log_not_found") => return log,
        Some("webhook_not_found") => return webhook,
        _ => {}
    }
    // What the message says is missing: the words before "not found" ("Webhook not found for
    // this application" is about a webhook).
    let text = error_message.unwrap_or_default().to_ascii_lowercase();
    // (A byte search: a `&str` pattern would bring the module its two-way string searcher.)
    let end = text
        .as_bytes()
        .windows(b"not found".len())
        .position(|w| w == b"not found")
        .unwrap_or(text.len());
    let missing = text.get(..end).unwrap_or_default();
    let words: Vec<&str> = missing
        .split(|c: char| !c.is_ascii_alphanumeric())
        .collect();
    let says = |word: &str| words.contains(&word);
    if says("application") || says("channel") {
        fallback
    } else if says("log") {
        log
    } else if says("webhook") {
        webhook
    } else {
        fallback
    }
}

/// The failure of a 2xx answer whose body is not the JSON object expected.
pub fn not_an_object(
    meta: &ResponseMeta,
    body_text: &str,
    parsed: Option<&Value>,
) -> Box<ApiFailure> {
    let body = exact_body(body_text, parsed.is_some());
    Box::new(ApiFailure::invalid_response(
        meta,
        "a body that is not a JSON object",
        body,
    ))
}

/// Web Chatt's `errorCode` for a visitor with no active widget session ("Content types",
/// footnote 2): its own failure code, whatever status carries it, so a caller can test for it.
fn session_not_found(error_code: Option<&str>) -> Option<&'static str> {
    error_code
        .is_some_and(|c| c.eq_ignore_ascii_case("session_not_found"))
        .then_some("session_not_found")
}

/// Reads a response: the send result, or the failure.
///
/// # Errors
/// An [`ApiFailure`] for every non-2xx status, a 2xx body that is not a JSON object
/// (`invalid_response`), or a 2xx body saying `status: "error"` (`send_failed`).
pub fn read_response(
    meta: &ResponseMeta,
    body_text: &str,
    now_ms: f64,
) -> Result<SendResult, Box<ApiFailure>> {
    let parsed: Option<Value> = crate::json::from_str(body_text).ok();
    if let Some(failed) = failure(meta, body_text, parsed.as_ref(), now_ms, &SEND) {
        return Err(failed);
    }
    let Some(obj @ Value::Object(_)) = &parsed else {
        return Err(not_an_object(meta, body_text, parsed.as_ref()));
    };
    let error_code = str_field(obj, "errorCode");
    let error_message = str_field(obj, "errorMessage");
    let result = SendResult {
        message_id: str_field(obj, "messageId"),
        status: str_field(obj, "status"),
        recipient_id: str_field(obj, "recipientId"),
        kind: str_field(obj, "type"),
        error_code: error_code.clone(),
        error_message: error_message.clone(),
        raw: exact_body(body_text, true),
    };
    if result.status.as_deref() == Some("error") {
        let platform = error_code
            .as_deref()
            .map(|c| format!(" (platform error {c})"))
            .unwrap_or_default();
        let detail = error_message
            .as_deref()
            .map(|m| format!(": {m}"))
            .unwrap_or_default();
        let code = session_not_found(error_code.as_deref());
        let message = match code {
            Some(_) => format!("the visitor has no active Web Chatt widget session, so nothing was sent (session_not_found){detail}"),
            None => format!("the API accepted the request but the send failed{platform}{detail}"),
        };
        return Err(Box::new(ApiFailure {
            name: "ApiError",
            code: code.unwrap_or("send_failed"),
            message,
            status: meta.status,
            error_code,
            error_message,
            body: result.raw,
            request_id: meta.request_id.clone(),
            retry_after: None,
            attempts: 1,
        }));
    }
    Ok(result)
}

/// Whether a failed send attempt may be retried without risking a duplicate DM, and after how
/// long: [`retry_delay`] of a call that is not idempotent.
///
/// `random` is uniform in `[0, 1)` (full jitter). `attempt` counts from 1.
pub fn retry_delay_ms(
    failure: &ApiFailure,
    attempt: u32,
    max_retries: u32,
    random: f64,
) -> Option<f64> {
    retry_delay(failure, false, attempt, max_retries, random)
}

/// Whether a failed attempt may be retried, and after how long. Every call retries `429`, and
/// `503` with `Retry-After` (the Hub certainly did not process it). An `idempotent` call (`GET`,
/// `DELETE`: repeating it is harmless by construction) also retries `500`, `502`, `503` and
/// `504`.
pub fn retry_delay(
    failure: &ApiFailure,
    idempotent: bool,
    attempt: u32,
    max_retries: u32,
    random: f64,
) -> Option<f64> {
    if attempt > max_retries {
        return None;
    }
    let server_delay = failure.retry_after.map(|s| s * 1000.0);
    if server_delay.is_some_and(|ms| ms > RETRY_AFTER_CAP_MS) {
        // Retrying before the server's time would be refused again, or worse, counted against
        // the key: the failure goes to the caller with `retryAfter` to schedule it themselves.
        return None;
    }
    let retryable = match failure.status {
        429 => true,
        503 => idempotent || server_delay.is_some(),
        500 | 502 | 504 => idempotent,
        _ => false,
    };
    retryable.then(|| server_delay.unwrap_or_else(|| backoff_ms(attempt, random)))
}

/// Exponential backoff with full jitter: up to 500 ms, 1 s, 2 s, ... capped at 8 s.
pub fn backoff_ms(attempt: u32, random: f64) -> f64 {
    let exp = BACKOFF_BASE_MS * (1u64 << attempt.saturating_sub(1).min(30)) as f64;
    random.clamp(0.0, 1.0) * exp.min(BACKOFF_CAP_MS)
}

/// What one attempt comes to, for the loop around `fetch`: the result, or the failure and,
/// when the policy allows another attempt before `deadline_ms`, how long to wait first.
#[derive(Debug, Clone)]
pub enum Outcome<T = SendResult> {
    /// The call succeeded.
    Sent(T),
    /// The attempt failed; `retry_in_ms` says whether and when to try again.
    Failed {
        /// The failure, with `attempts` set.
        failure: Box<ApiFailure>,
        /// Milliseconds to wait before the next attempt, or `None` to give up.
        retry_in_ms: Option<f64>,
    },
}

/// Reads one send answer and decides on a retry: see [`Outcome`].
pub fn attempt_outcome(
    meta: &ResponseMeta,
    body_text: &str,
    now_ms: f64,
    deadline_ms: f64,
    attempt: u32,
    max_retries: u32,
    random: f64,
) -> Outcome {
    let policy = Retry {
        idempotent: false,
        now_ms,
        deadline_ms,
        attempt,
        max_retries,
        random,
    };
    policy.decide(read_response(meta, body_text, now_ms))
}

/// The retry policy of one attempt.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// Whether repeating the call is harmless (see [`retry_delay`]).
    pub idempotent: bool,
    /// Now, in unix ms.
    pub now_ms: f64,
    /// When the whole call times out, in unix ms.
    pub deadline_ms: f64,
    /// This attempt, from 1.
    pub attempt: u32,
    /// Retries allowed after the first attempt.
    pub max_retries: u32,
    /// Uniform in `[0, 1)`, for the jitter.
    pub random: f64,
}

impl Retry {
    /// The outcome of an attempt that read `answer`.
    pub fn decide<T>(&self, answer: Result<T, Box<ApiFailure>>) -> Outcome<T> {
        match answer {
            Ok(result) => Outcome::Sent(result),
            Err(mut failure) => {
                failure.attempts = self.attempt;
                let delay = retry_delay(
                    &failure,
                    self.idempotent,
                    self.attempt,
                    self.max_retries,
                    self.random,
                );
                Outcome::Failed {
                    failure,
                    retry_in_ms: self.in_time(delay),
                }
            }
        }
    }

    /// After a network failure: an idempotent call is tried again after a backoff; any other
    /// is not, since the server may have processed it.
    pub fn after_network_failure(&self) -> Option<f64> {
        let retry = self.idempotent && self.attempt <= self.max_retries;
        self.in_time(retry.then(|| backoff_ms(self.attempt, self.random)))
    }

    fn in_time(&self, delay: Option<f64>) -> Option<f64> {
        delay
            .filter(|ms| self.now_ms + ms < self.deadline_ms)
            .map(f64::ceil)
    }
}

#[cfg(test)]
#[path = "request_tests.rs"]
mod tests;
