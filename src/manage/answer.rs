//! What the webhook-management calls answer, read leniently: every documented field, a field
//! that is missing or of another type as `null`, ids as strings (a number as its exact text),
//! dates as unix milliseconds (the JS layer makes them `Date`s), and each object's whole JSON,
//! exact, in `raw`, so that fields this version does not know are kept.

use crate::json::Value;
use serde::Serialize;

use crate::exact::Exact;
use crate::request::str_field;
use crate::time::parse_rfc3339;

/// A registered webhook.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Webhook {
    /// Its id (a UUID).
    pub id: Option<String>,
    /// The application it belongs to.
    pub application_id: Option<String>,
    /// The name shown in the dashboard (docs site; not in the spec).
    pub label: Option<String>,
    /// Whether deliveries are made.
    pub active: Option<bool>,
    /// `Message` or `MessageStatus`.
    pub event_type: Option<String>,
    /// Where deliveries go.
    pub endpoint: Option<String>,
    /// Failed deliveries so far.
    pub number_of_errors: Option<f64>,
    /// How the Hub authenticates to the endpoint.
    pub authentication_protocol: Option<String>,
    /// The scope, if any.
    pub scope: Option<String>,
    /// Whether the endpoint passed the `X-Validation-Token` handshake.
    pub is_verified: Option<bool>,
    /// When it passed.
    #[cfg_attr(feature = "typescript", tsify(type = "Date | null"))]
    pub verified_at: Option<f64>,
    /// When it was created.
    #[cfg_attr(feature = "typescript", tsify(type = "Date | null"))]
    pub created_date: Option<f64>,
    /// When it last changed.
    #[cfg_attr(feature = "typescript", tsify(type = "Date | null"))]
    pub last_modified_date: Option<f64>,
    /// Whether deliveries carry `X-hub-Signature`.
    pub requires_signature: Option<bool>,
    /// The signing secret: only in the answer that turned signing on. Keep it: it is not shown
    /// again.
    pub signing_secret: Option<String>,
    /// The whole object as the API sent it, exact.
    #[cfg_attr(feature = "typescript", tsify(type = "unknown"))]
    pub raw: Exact<'static>,
}

/// Where a list stands.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    /// Items skipped.
    pub offset: Option<f64>,
    /// Page size.
    pub limit: Option<f64>,
    /// Items in all.
    pub total: Option<f64>,
    /// Pages in all.
    pub total_pages: Option<f64>,
}

/// A page of webhooks.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct WebhookPage {
    /// The webhooks of this page.
    pub data: Vec<Webhook>,
    /// Where it stands.
    pub pagination: Pagination,
}

/// The webhook a log entry was delivered to.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct LogWebhook {
    /// Its id.
    pub id: Option<String>,
    /// Its endpoint at the time.
    pub endpoint: Option<String>,
    /// Its event type.
    pub event_type: Option<String>,
}

/// One delivery attempt.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct WebhookLog {
    /// Its id, for a retry.
    pub id: Option<String>,
    /// The webhook.
    pub webhook_id: Option<String>,
    /// The status the endpoint answered (`0`: no answer in time).
    pub status_code: Option<f64>,
    /// The body the endpoint answered.
    pub response_body: Option<String>,
    /// `Success` (2xx), else `Error` (the spec) or `Failed` (the docs site).
    pub status: Option<String>,
    /// When the Hub made the call.
    #[cfg_attr(feature = "typescript", tsify(type = "Date | null"))]
    pub send_at: Option<f64>,
    /// When the entry was made.
    #[cfg_attr(feature = "typescript", tsify(type = "Date | null"))]
    pub created_date: Option<f64>,
    /// Whether the entry was deleted.
    pub is_deleted: Option<bool>,
    /// The Hub message it delivered, if any.
    pub message_id: Option<String>,
    /// The webhook as it was.
    pub webhook: Option<LogWebhook>,
    /// The whole entry as the API sent it, exact.
    #[cfg_attr(feature = "typescript", tsify(type = "unknown"))]
    pub raw: Exact<'static>,
}

/// A page of delivery logs.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct WebhookLogPage {
    /// The entries of this page.
    pub data: Vec<WebhookLog>,
    /// Where it stands.
    pub pagination: Pagination,
}

/// The answer to a single retry. `success` means only that the Hub made the call again: its
/// outcome is the log `newLogId`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct RetriedLog {
    /// Whether the retry was made.
    pub success: Option<bool>,
    /// The log of the new attempt.
    pub new_log_id: Option<String>,
}

/// One log of a bulk retry.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct RetriedLogResult {
    /// The log retried.
    pub webhook_log_id: Option<String>,
    /// Whether the retry was made (`false`: unknown, deleted or not retryable).
    pub success: Option<bool>,
    /// The log of the new attempt.
    pub new_log_id: Option<String>,
}

/// The answer to a bulk retry, in the order of the ids given.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct RetriedLogs {
    /// One result per log.
    pub results: Vec<RetriedLogResult>,
}

fn boolean(v: &Value, key: &str) -> Option<bool> {
    v.get(key)?.as_bool()
}

fn number(v: &Value, key: &str) -> Option<f64> {
    v.get(key)?.as_f64()
}

fn date(v: &Value, key: &str) -> Option<f64> {
    parse_rfc3339(v.get(key)?.as_str()?).map(|ms| ms as f64)
}

fn raw(v: &Value) -> Exact<'static> {
    // `serde_json::to_string`, not `Value::to_string`: the `Display` path would compile a second
    // copy of the JSON writer into the module.
    let text = crate::json::to_string(v).unwrap_or_default();
    Exact::of(&text).into_owned()
}

fn list<T>(v: &Value, key: &str, read: fn(&Value) -> T) -> Vec<T> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|items| items.iter().filter(|i| i.is_object()).map(read).collect())
        .unwrap_or_default()
}

/// A webhook from its JSON object.
pub fn webhook(v: &Value) -> Webhook {
    let s = |key| str_field(v, key);
    Webhook {
        id: s("id"),
        application_id: s("applicationId"),
        label: s("label"),
        active: boolean(v, "active"),
        event_type: s("eventType"),
        endpoint: s("endpoint"),
        number_of_errors: number(v, "numberOfErrors"),
        authentication_protocol: s("authenticationProtocol"),
        scope: s("scope"),
        is_verified: boolean(v, "isVerified"),
        verified_at: date(v, "verifiedAt"),
        created_date: date(v, "createdDate"),
        last_modified_date: date(v, "lastModifiedDate"),
        requires_signature: boolean(v, "requiresSignature"),
        signing_secret: s("signingSecret"),
        raw: raw(v),
    }
}

fn pagination(v: &Value) -> Pagination {
    let p = v.get("pagination").unwrap_or(&Value::Null);
    Pagination {
        offset: number(p, "offset"),
        limit: number(p, "limit"),
        total: number(p, "total"),
        total_pages: number(p, "totalPages"),
    }
}

/// A page of webhooks from its JSON object.
pub fn webhook_page(v: &Value) -> WebhookPage {
    WebhookPage {
        data: list(v, "data", webhook),
        pagination: pagination(v),
    }
}

/// A log entry from its JSON object.
pub fn log(v: &Value) -> WebhookLog {
    let s = |key| str_field(v, key);
    WebhookLog {
        id: s("id"),
        webhook_id: s("webhookId"),
        status_code: number(v, "statusCode"),
        response_body: s("responseBody"),
        status: s("status"),
        send_at: date(v, "sendAt"),
        created_date: date(v, "createdDate"),
        is_deleted: boolean(v, "isDeleted"),
        message_id: s("messageId"),
        webhook: v
            .get("webhook")
            .filter(|w| w.is_object())
            .map(|w| LogWebhook {
                id: str_field(w, "id"),
                endpoint: str_field(w, "endpoint"),
                event_type: str_field(w, "eventType"),
            }),
        raw: raw(v),
    }
}

/// A page of logs from its JSON object.
pub fn log_page(v: &Value) -> WebhookLogPage {
    WebhookLogPage {
        data: list(v, "data", log),
        pagination: pagination(v),
    }
}

/// A single retry's answer.
pub fn retried(v: &Value) -> RetriedLog {
    RetriedLog {
        success: boolean(v, "success"),
        new_log_id: str_field(v, "newLogId"),
    }
}

/// A bulk retry's answer.
pub fn retried_many(v: &Value) -> RetriedLogs {
    RetriedLogs {
        results: list(v, "results", |r| RetriedLogResult {
            webhook_log_id: str_field(r, "webhookLogId"),
            success: boolean(r, "success"),
            new_log_id: str_field(r, "newLogId"),
        }),
    }
}
