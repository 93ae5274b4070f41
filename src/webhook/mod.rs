//! Webhooks: every documented body shape into one typed [`WebhookEvent`], and `X-hub-Signature`
//! verification.
//!
//! Lenient on what we receive: unknown fields stay in `raw`, unknown event and content types
//! become `unknown`, ids stay exact strings. Only a body that is not JSON, or no known envelope,
//! is an error.

pub mod envelope;
pub mod event;
pub mod lossless;
pub mod parse;
mod signals;
pub mod signature;
pub mod tape;

pub use event::{MessageContent, WebhookEvent};

use crate::error::{Error, WebhookCode};

/// The default `maxBytes`: 1 MiB, far above any documented delivery.
pub const DEFAULT_MAX_BYTES: usize = 1 << 20;

/// The most `maxBytes` can be: 16 MiB. A larger value counts as this, so that no body makes the
/// module try to hold more than wasm memory can (a failed allocation would end the instance).
pub const MAX_BYTES_CEILING: usize = 16 << 20;

fn check_size(body: &[u8], max_bytes: usize) -> Result<(), Error> {
    if body.len() > max_bytes {
        return Err(Error::webhook(
            WebhookCode::BodyTooLarge,
            format!(
                "the webhook body is {} bytes; maxBytes is {max_bytes}",
                body.len()
            ),
        ));
    }
    Ok(())
}

/// Every event of a body, each handed to `emit` as soon as it is read (a Meta batch may hold
/// several, or none); returns how many there were.
///
/// # Errors
/// `body_too_large` (checked before parsing), `invalid_json`, `unrecognized`, and what `emit`
/// returns.
pub fn parse_each<'a>(
    body: &'a [u8],
    max_bytes: usize,
    emit: &mut parse::Emit<'_, 'a>,
) -> Result<usize, Error> {
    check_size(body, max_bytes)?;
    parse::each_event(body, emit)
}

/// Every event of a body (a Meta batch may hold several, or none).
///
/// # Errors
/// As [`parse_each`].
pub fn parse_all(body: &[u8], max_bytes: usize) -> Result<Vec<WebhookEvent<'_>>, Error> {
    let mut events = Vec::new();
    parse_each(body, max_bytes, &mut |e| {
        events.push(e);
        Ok(())
    })?;
    Ok(events)
}

/// The single event of a body.
///
/// # Errors
/// As [`parse_all`], plus `multiple_events` for a batch of several (use [`parse_all`]) and
/// `no_events` for an empty batch.
pub fn parse_one(body: &[u8], max_bytes: usize) -> Result<WebhookEvent<'_>, Error> {
    let mut first = None;
    let count = parse_each(body, max_bytes, &mut |e| {
        // Only the first is kept: the rest are counted, for the message.
        if first.is_none() {
            first = Some(e);
        }
        Ok(())
    })?;
    single(first, count)
}

/// The one event of a body that held `count`, or the error that says why there is not exactly
/// one.
///
/// # Errors
/// `multiple_events` or `no_events`.
pub fn single(first: Option<WebhookEvent<'_>>, count: usize) -> Result<WebhookEvent<'_>, Error> {
    match (first, count) {
        (Some(event), 1) => Ok(event),
        (_, 0) | (None, _) => Err(Error::webhook(
            WebhookCode::NoEvents,
            "the body is a Meta batch with no events in entry[].messaging[]",
        )),
        (_, n) => Err(Error::webhook(
            WebhookCode::MultipleEvents,
            format!("the body is a batch of {n} events; use parseWebhookEvents to get all of them"),
        )),
    }
}

/// Options of [`verify_all`].
#[derive(Debug, Clone, Copy)]
pub struct VerifyOptions {
    /// Allowed distance between the signed timestamp and `now`, both directions.
    pub tolerance_seconds: i64,
    /// The current unix time in seconds.
    pub now_seconds: i64,
    /// Bodies above this size are refused before hashing.
    pub max_bytes: usize,
}

/// Verifies the signature (nothing is parsed before it matches).
///
/// # Errors
/// `body_too_large`, any signature error.
pub fn verify(
    body: &[u8],
    header: Option<&str>,
    secrets: &[&[u8]],
    opts: VerifyOptions,
) -> Result<(), Error> {
    check_size(body, opts.max_bytes)?;
    signature::verify(
        body,
        header,
        secrets,
        opts.tolerance_seconds,
        opts.now_seconds,
    )
}

/// Verifies the signature, then parses every event.
///
/// # Errors
/// `body_too_large`, any signature error, then any parse error.
pub fn verify_all<'a>(
    body: &'a [u8],
    header: Option<&str>,
    secrets: &[&[u8]],
    opts: VerifyOptions,
) -> Result<Vec<WebhookEvent<'a>>, Error> {
    verify(body, header, secrets, opts)?;
    parse_all(body, opts.max_bytes)
}

/// Appends the JSON of an event to `out`: the text `serde_json::to_writer` would write, by the
/// crate's own writer ([`crate::json`]). What crosses to JS is [`write_slots`]; this is the
/// event's JSON as a whole (the tests hold the values and the slots to it).
///
/// # Errors
/// None for these types in practice (a map with keys that are not strings).
pub fn write_json(event: &WebhookEvent<'_>, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
    crate::json::write(event, out)
}

/// Appends the values of an event to `out` as JSON, the array whose keys the root crate's
/// `shapes` reads (the event builders are generated from it): the members of its JSON without
/// their keys, what they hold written whole. [`write_slots`] writes the same values for JS.
///
/// # Errors
/// As [`write_json`].
pub fn write_values(event: &WebhookEvent<'_>, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
    crate::json::write_values(event, out)
}

/// Appends an event as the slots JS builds it from (`crate::json::slots`): its values as
/// [`write_values`] writes them, its strings slices of `body` where they are its bytes, the rest
/// in the text beside the slots. Here, as [`write_values`] is, to be instantiated with the
/// parser.
///
/// # Errors
/// As [`write_json`], and memory that cannot be had for the slots.
pub fn write_slots(
    event: &WebhookEvent<'_>,
    body: Option<crate::json::slots::Body<'_>>,
    out: &mut crate::json::slots::Slots,
) -> Result<(), serde_json::Error> {
    crate::json::slots::write_slots(event, body, out)
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod traffic_tests;
