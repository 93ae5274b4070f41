//! Webhook management, as data: the eight calls of `/v1/organization/webhook` that register
//! receivers, list them, read their delivery logs and re-send failed deliveries.
//!
//! Each call is first a [`Call`]: its inputs are validated (every issue by path, before any
//! request) and turned into a method, a path and a body. The `wasm` module performs it with the
//! same loop as sends; [`Call::read`] reads the answer into the typed results of [`answer`].

pub mod answer;
pub mod input;

use crate::json::Value;

use crate::error::Error;
use crate::request::{self, ApiFailure, ResponseMeta, Subject};
use crate::send::check::Ctx;

/// The HTTP method of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// What a call answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// A [`answer::Webhook`].
    Webhook,
    /// A [`answer::WebhookPage`].
    Webhooks,
    /// A [`answer::WebhookLogPage`].
    Logs,
    /// A [`answer::RetriedLog`].
    Retried,
    /// A [`answer::RetriedLogs`].
    RetriedMany,
    /// Nothing (204).
    Nothing,
}

/// One request to make.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The method.
    pub method: Method,
    /// The path and query, from the base URL: `/v1/organization/webhook?limit=50`.
    pub path: String,
    /// The JSON body, if any.
    pub body: Option<String>,
    /// What the answer holds.
    pub answer: Answer,
}

/// A 404 of the management calls that the body does not explain.
const MANAGE: Subject = Subject {
    what: "the request",
    not_found: "not_found",
    not_found_means: "the application or the webhook was not found for this API key (404)",
    names_targets: true,
};

const BASE: &str = "/v1/organization/webhook";

/// An argument as the caller gave it: a string, or the name of its type.
pub type Arg<'a> = Result<&'a str, &'a str>;

impl Call {
    /// Whether repeating it is harmless by construction, so that server errors and network
    /// failures may be retried: `GET`, and `DELETE` (a second delete of the same webhook finds it
    /// gone: see [`Call::read`]). `POST` creates or re-sends, and `PATCH` may turn signing on and
    /// issue a signing secret that is shown once: repeating either could act twice.
    pub fn idempotent(&self) -> bool {
        matches!(self.method, Method::Get | Method::Delete)
    }

    /// What an answer that never came (a network failure, a timeout, a gateway's 5xx) leaves
    /// undecided, as a sentence to append to the error's message; empty for a call that is
    /// retried instead.
    pub fn unknown_outcome(&self) -> String {
        match self.method {
            Method::Get | Method::Delete => String::new(),
            Method::Post if self.answer == Answer::Webhook => "; whether the webhook was created \
                is unknown, so the request was not repeated: look for it with hub.webhooks.list() \
                before creating it again"
                .into(),
            Method::Post => "; whether the delivery was re-sent is unknown, so the request was \
                not repeated: check the webhook's logs with hub.webhooks.listLogs() before \
                retrying"
                .into(),
            Method::Patch => {
                let mut text = format!(
                    "; whether the webhook was changed is unknown, so the request was not \
                     repeated: check it with hub.webhooks.get(\"{}\")",
                    self.path.rsplit('/').next().unwrap_or_default()
                );
                if self.may_turn_signing_on() {
                    text.push_str(
                        ". If it turned signing on, the Hub may have issued a signing secret that \
                         nobody saw (it is shown once, in the answer), and deliveries are then \
                         signed with it: rotate it with \"redefine signature\" in the Hub's \
                         dashboard (the API documents no path for it), or delete the webhook and \
                         create it again with requiresSignature: true, keeping the signingSecret \
                         of that answer",
                    );
                }
                text
            }
        }
    }

    /// Whether the body of this call sets `requiresSignature: true`.
    fn may_turn_signing_on(&self) -> bool {
        let body = self.body.as_deref().unwrap_or_default();
        crate::json::from_str(body)
            .is_ok_and(|v| v.get("requiresSignature") == Some(&Value::Bool(true)))
    }

    /// Reads an answer: the typed result as JSON for JS (`None` for a 204), or the failure.
    /// `retried_after_effect` says an earlier attempt of this call may have acted (its answer
    /// was lost or was a server error): a `DELETE` that then finds the webhook gone has
    /// deleted it, and resolves as deleted.
    ///
    /// # Errors
    /// An [`ApiFailure`] for a status outside 2xx (404s named `webhook_not_found` or
    /// `log_not_found` when the body says which), or a 2xx body that is not a JSON object.
    pub fn read(
        &self,
        meta: &ResponseMeta,
        body_text: &str,
        now_ms: f64,
        retried_after_effect: bool,
    ) -> Result<Option<String>, Box<ApiFailure>> {
        if retried_after_effect && self.method == Method::Delete && meta.status == 404 {
            return Ok(None);
        }
        // Integers a double cannot hold are quoted first, so that each object's `raw` keeps them.
        let exact = crate::exact::Exact::of(body_text);
        let parsed: Option<Value> = crate::json::from_str(exact.get()).ok();
        if let Some(failed) = request::failure(meta, body_text, parsed.as_ref(), now_ms, &MANAGE) {
            return Err(failed);
        }
        if self.answer == Answer::Nothing {
            return Ok(None);
        }
        let Some(v @ Value::Object(_)) = &parsed else {
            return Err(request::not_an_object(meta, body_text, parsed.as_ref()));
        };
        let json = match self.answer {
            Answer::Webhook => crate::json::to_string(&answer::webhook(v)),
            Answer::Webhooks => crate::json::to_string(&answer::webhook_page(v)),
            Answer::Logs => crate::json::to_string(&answer::log_page(v)),
            Answer::Retried => crate::json::to_string(&answer::retried(v)),
            Answer::RetriedMany => crate::json::to_string(&answer::retried_many(v)),
            Answer::Nothing => return Ok(None),
        };
        Ok(json.ok())
    }
}

/// The call, or every issue found (`subject` names what was given, for the message).
fn done(cx: Ctx, subject: &'static str, call: Call) -> Result<Call, Error> {
    if cx.issues.is_empty() {
        Ok(call)
    } else {
        Err(Error::Invalid {
            subject,
            issues: cx.issues,
        })
    }
}

fn parsed<'a>(json: &'a str, what: &'static str) -> Result<(Value<'a>, Ctx), Error> {
    crate::send::parse(json, what).map_err(|e| Error::Invalid {
        subject: what,
        issues: e.issues().to_vec(),
    })
}

/// `POST /v1/organization/webhook` with the webhook given as JSON text.
///
/// # Errors
/// [`Error::Validation`] with every issue.
pub fn create(webhook: &str) -> Result<Call, Error> {
    let (v, mut cx) = parsed(webhook, "the webhook")?;
    input::webhook(&mut cx, &v, false);
    let call = Call {
        method: Method::Post,
        path: BASE.into(),
        body: Some(webhook.into()),
        answer: Answer::Webhook,
    };
    done(cx, "the webhook", call)
}

/// `PATCH /v1/organization/webhook/{webhookId}` with the patch given as JSON text.
///
/// # Errors
/// [`Error::Validation`] with every issue of the id and the patch.
pub fn update(webhook_id: Arg<'_>, patch: &str) -> Result<Call, Error> {
    let (v, mut cx) = parsed(patch, "the patch")?;
    input::id(&mut cx, webhook_id, "webhookId");
    input::webhook(&mut cx, &v, true);
    let call = Call {
        method: Method::Patch,
        path: format!("{BASE}/{}", webhook_id.unwrap_or_default()),
        body: Some(patch.into()),
        answer: Answer::Webhook,
    };
    done(cx, "the patch", call)
}

/// `GET` or `DELETE /v1/organization/webhook/{webhookId}`.
///
/// # Errors
/// [`Error::Validation`] when the id is not a UUID.
pub fn one(method: Method, webhook_id: Arg<'_>) -> Result<Call, Error> {
    let mut cx = Ctx::default();
    input::id(&mut cx, webhook_id, "webhookId");
    let call = Call {
        method,
        path: format!("{BASE}/{}", webhook_id.unwrap_or_default()),
        body: None,
        answer: if method == Method::Delete {
            Answer::Nothing
        } else {
            Answer::Webhook
        },
    };
    done(cx, "the webhook id", call)
}

/// `GET /v1/organization/webhook` (`webhook_id: None`) or its `/{webhookId}/webhook-log`, with
/// the page options as JSON text (`null` for none).
///
/// # Errors
/// [`Error::Validation`] with every issue of the id and the options.
pub fn list(webhook_id: Option<Arg<'_>>, query: &str) -> Result<Call, Error> {
    let (page, id) = pages(webhook_id, query)?;
    Ok(page_call(id.as_deref(), &page))
}

/// The checked options and webhook id of a list, for [`page_call`].
///
/// # Errors
/// As [`list`].
pub fn pages(
    webhook_id: Option<Arg<'_>>,
    query: &str,
) -> Result<(input::Page, Option<String>), Error> {
    let (v, mut cx) = parsed(query, "the page options")?;
    if let Some(id) = webhook_id {
        input::id(&mut cx, id, "webhookId");
    }
    let page = input::page(&mut cx, &v, webhook_id.is_some());
    if cx.issues.is_empty() {
        Ok((
            page,
            webhook_id.map(|id| id.unwrap_or_default().to_string()),
        ))
    } else {
        Err(Error::Invalid {
            subject: "the page options",
            issues: cx.issues,
        })
    }
}

/// The request of one page: of webhooks, or of the logs of `webhook_id` (checked).
pub fn page_call(webhook_id: Option<&str>, page: &input::Page) -> Call {
    let query = page.query();
    match webhook_id {
        None => Call {
            method: Method::Get,
            path: format!("{BASE}{query}"),
            body: None,
            answer: Answer::Webhooks,
        },
        Some(id) => Call {
            method: Method::Get,
            path: format!("{BASE}/{id}/webhook-log{query}"),
            body: None,
            answer: Answer::Logs,
        },
    }
}

/// `POST …/{webhookId}/webhook-log/{webhookLogId}/retry`, without a body.
///
/// # Errors
/// [`Error::Validation`] when an id is not a UUID.
pub fn retry_log(webhook_id: Arg<'_>, log_id: Arg<'_>) -> Result<Call, Error> {
    let mut cx = Ctx::default();
    input::id(&mut cx, webhook_id, "webhookId");
    input::id(&mut cx, log_id, "webhookLogId");
    let call = Call {
        method: Method::Post,
        path: format!(
            "{BASE}/{}/webhook-log/{}/retry",
            webhook_id.unwrap_or_default(),
            log_id.unwrap_or_default()
        ),
        body: None,
        answer: Answer::Retried,
    };
    done(cx, "the retry", call)
}

/// `POST …/{webhookId}/webhook-log/retry` with `{ webhookLogIds }`, the ids given as JSON text.
///
/// # Errors
/// [`Error::Validation`] with every issue of the ids.
pub fn retry_logs(webhook_id: Arg<'_>, log_ids: &str) -> Result<Call, Error> {
    let (v, mut cx) = parsed(log_ids, "webhookLogIds")?;
    input::id(&mut cx, webhook_id, "webhookId");
    input::log_ids(&mut cx, &v);
    let call = Call {
        method: Method::Post,
        path: format!(
            "{BASE}/{}/webhook-log/retry",
            webhook_id.unwrap_or_default()
        ),
        body: Some(format!("{{\"webhookLogIds\":{log_ids}}}")),
        answer: Answer::RetriedMany,
    };
    done(cx, "the retry", call)
}

#[cfg(test)]
mod tests;
