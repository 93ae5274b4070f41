//! The one error type of the crate, with stable string codes.
//!
//! Every failure the library can report is a value of [`Error`]. Its [`Error::code`] strings are
//! a public contract: JS code switches on them (`err.code === "signature_mismatch"`), so they
//! never change once published. The JS boundary turns each variant into the matching `Error`
//! subclass (`ValidationError`, `WebhookError`, `SignatureError`, `ApiError`, ...).

use serde::Serialize;

/// What kind of problem a validation [`Issue`] reports. Serialized in `snake_case`
/// (`"too_long"`, `"unknown_field"`, ...): the small documented set users switch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    serde(rename_all = "snake_case")
)]
pub enum IssueCode {
    /// A required field is missing.
    Required,
    /// The field has the wrong JSON type (never coerced).
    InvalidType,
    /// A string is longer than its limit.
    TooLong,
    /// A string is shorter than its minimum (usually: empty).
    TooShort,
    /// An array has more items than allowed.
    TooMany,
    /// An array has fewer items than required.
    TooFew,
    /// A URL is not an absolute `https` URL.
    InvalidUrl,
    /// A string does not have the required format (UUID, username, no whitespace, ...).
    InvalidFormat,
    /// A value is not one of the allowed values.
    InvalidValue,
    /// A key that the closed shape does not know.
    UnknownField,
    /// Two fields that cannot appear together, or duplicates that must be unique.
    Conflict,
    /// Valid for the API in general, but not on this channel.
    NotSupported,
}

/// Written as [`IssueCode::as_str`]: one table of the names, where a derive would add another.
impl Serialize for IssueCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl IssueCode {
    /// The stable code string, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            IssueCode::Required => "required",
            IssueCode::InvalidType => "invalid_type",
            IssueCode::TooLong => "too_long",
            IssueCode::TooShort => "too_short",
            IssueCode::TooMany => "too_many",
            IssueCode::TooFew => "too_few",
            IssueCode::InvalidUrl => "invalid_url",
            IssueCode::InvalidFormat => "invalid_format",
            IssueCode::InvalidValue => "invalid_value",
            IssueCode::UnknownField => "unknown_field",
            IssueCode::Conflict => "conflict",
            IssueCode::NotSupported => "not_supported",
        }
    }
}

/// One problem found in a send body, located by its field path
/// (`content.quick_replies[2].title`; root fields bare: `from`; the body itself: `""`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Issue {
    /// Where the problem is.
    pub path: String,
    /// What kind of problem it is.
    pub code: IssueCode,
    /// A sentence naming the limit and the actual value.
    pub message: String,
}

/// Why a webhook body or signature was refused. Serialized as the stable `code` string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookCode {
    /// The body is not JSON (or not UTF-8).
    InvalidJson,
    /// The body is JSON but no known envelope.
    Unrecognized,
    /// The body is larger than `maxBytes`; refused before parsing.
    BodyTooLarge,
    /// `parseWebhook` got a batch holding several events.
    MultipleEvents,
    /// A Meta batch that holds no event at all.
    NoEvents,
    /// The argument is not a string, `Uint8Array`, `ArrayBuffer` or (for parsing) object.
    InvalidInput,
    /// No `X-hub-Signature` header.
    MissingHeader,
    /// The header is not `t=<unix seconds>,v1=<64 hex>`.
    MalformedHeader,
    /// The signed timestamp is too old or too far in the future.
    TimestampOutOfTolerance,
    /// No `v1` matches any of the secrets.
    SignatureMismatch,
    /// The body handed to `verifyWebhook` was already parsed: the raw bytes are gone.
    BodyNotRaw,
    /// No signing secret was given.
    MissingSecret,
}

impl WebhookCode {
    /// The stable code string.
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookCode::InvalidJson => "invalid_json",
            WebhookCode::Unrecognized => "unrecognized",
            WebhookCode::BodyTooLarge => "body_too_large",
            WebhookCode::MultipleEvents => "multiple_events",
            WebhookCode::NoEvents => "no_events",
            WebhookCode::InvalidInput => "invalid_input",
            WebhookCode::MissingHeader => "missing_header",
            WebhookCode::MalformedHeader => "malformed_header",
            WebhookCode::TimestampOutOfTolerance => "timestamp_out_of_tolerance",
            WebhookCode::SignatureMismatch => "signature_mismatch",
            WebhookCode::BodyNotRaw => "body_not_raw",
            WebhookCode::MissingSecret => "missing_secret",
        }
    }

    /// Signature codes become a `SignatureError` in JS; the rest a plain `WebhookError`.
    pub fn is_signature(self) -> bool {
        matches!(
            self,
            WebhookCode::MissingHeader
                | WebhookCode::MalformedHeader
                | WebhookCode::TimestampOutOfTolerance
                | WebhookCode::SignatureMismatch
                | WebhookCode::BodyNotRaw
                | WebhookCode::MissingSecret
        )
    }
}

/// Every failure of the library.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// A send body broke one or more rules; holds every issue at once.
    Validation(Vec<Issue>),
    /// Another input (a webhook to register, page options, ids) broke one or more rules: a
    /// `ValidationError` like [`Error::Validation`], whose message names `subject`.
    Invalid {
        /// What was given: "the webhook", "the page options", ...
        subject: &'static str,
        /// Every issue, by path.
        issues: Vec<Issue>,
    },
    /// A webhook body or its signature was refused.
    Webhook {
        /// Stable code.
        code: WebhookCode,
        /// What failed and where (line and column for JSON syntax errors).
        message: String,
    },
    /// The client configuration is unusable (e.g. a plain-`http` base URL to a remote host).
    Config {
        /// What is wrong and how to fix it.
        message: String,
    },
}

impl Error {
    /// Builds a webhook error.
    pub fn webhook(code: WebhookCode, message: impl Into<String>) -> Self {
        Error::Webhook {
            code,
            message: message.into(),
        }
    }

    /// The stable code string users switch on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Validation(_) | Error::Invalid { .. } => "validation_failed",
            Error::Webhook { code, .. } => code.as_str(),
            Error::Config { .. } => "invalid_config",
        }
    }

    /// The JS class this error becomes.
    pub fn js_name(&self) -> &'static str {
        match self {
            Error::Validation(_) | Error::Invalid { .. } => "ValidationError",
            Error::Webhook { code, .. } if code.is_signature() => "SignatureError",
            Error::Webhook { .. } => "WebhookError",
            Error::Config { .. } => "Chatt2meError",
        }
    }

    /// A one-line human message. For validation failures it names the first issues.
    pub fn message(&self) -> String {
        match self {
            Error::Validation(issues) => validation_summary("the message", issues),
            Error::Invalid { subject, issues } => validation_summary(subject, issues),
            Error::Webhook { message, .. } | Error::Config { message } => message.clone(),
        }
    }

    /// The validation issues (empty for other errors).
    pub fn issues(&self) -> &[Issue] {
        match self {
            Error::Validation(issues) | Error::Invalid { issues, .. } => issues,
            _ => &[],
        }
    }
}

fn validation_summary(subject: &str, issues: &[Issue]) -> String {
    let mut out = match issues.len() {
        1 => format!("{subject} is invalid: "),
        n => format!("{subject} has {n} problems: "),
    };
    // Sentence case: "The message is invalid: ...".
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    for (i, issue) in issues.iter().take(3).enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        if !issue.path.is_empty() {
            // An unknown key can be megabytes long; the message must not be.
            match issue.path.char_indices().nth(120) {
                Some((cut, _)) => {
                    out.push_str(issue.path.get(..cut).unwrap_or_default());
                    out.push('…');
                }
                None => out.push_str(&issue.path),
            }
            out.push_str(": ");
        }
        out.push_str(&issue.message);
    }
    if issues.len() > 3 {
        out.push_str(&format!("; and {} more (see .issues)", issues.len() - 3));
    }
    out
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message())
    }
}

impl core::error::Error for Error {}

/// The description of an error that the JS layer turns into the matching `Error` subclass:
/// `{ name, code, message, issues? }`.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorPayload<'e> {
    /// The JS class: `ValidationError`, `WebhookError`, ...
    pub name: &'static str,
    /// The stable code.
    pub code: &'static str,
    /// The one-line message.
    pub message: String,
    /// The validation issues (validation errors only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issues: Option<&'e [Issue]>,
}

impl Error {
    /// The description the JS layer turns into an `Error` subclass.
    pub fn payload(&self) -> ErrorPayload<'_> {
        ErrorPayload {
            name: self.js_name(),
            code: self.code(),
            message: self.message(),
            issues: match self {
                Error::Validation(issues) | Error::Invalid { issues, .. } => Some(issues),
                _ => None,
            },
        }
    }

    /// [`Error::payload`] as JSON (for tests and tools).
    pub fn to_json(&self) -> String {
        crate::json::to_string(&self.payload()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable() {
        assert_eq!(Error::Validation(vec![]).code(), "validation_failed");
        assert_eq!(
            Error::webhook(WebhookCode::TimestampOutOfTolerance, "x").code(),
            "timestamp_out_of_tolerance"
        );
        assert_eq!(
            Error::webhook(WebhookCode::SignatureMismatch, "x").js_name(),
            "SignatureError"
        );
        assert_eq!(
            Error::webhook(WebhookCode::InvalidJson, "x").js_name(),
            "WebhookError"
        );
    }

    #[test]
    fn payload_serializes_issues() {
        let err = Error::Validation(vec![Issue {
            path: "content.text".into(),
            code: IssueCode::TooLong,
            message: "text is 1001 bytes in UTF-8; the limit is 1000 bytes".into(),
        }]);
        let json = err.to_json();
        assert!(json.contains(r#""name":"ValidationError""#), "{json}");
        assert!(json.contains(r#""code":"too_long""#), "{json}");
        assert!(json.contains("content.text: text is 1001 bytes"), "{json}");
    }
}
