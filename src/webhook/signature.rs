//! `X-hub-Signature: t=<unix seconds>,v1=<lowercase hex>`: HMAC-SHA256 with the webhook's
//! signing secret over `` `${t}.${rawBody}` ``, the exact bytes received.
//!
//! Verification accepts several `v1` values and several secrets (rotation), rejects stale and
//! future timestamps beyond the tolerance (replays), and compares every candidate in constant
//! time without stopping at the first match, so timing reveals nothing about the expected tag.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::{Choice, ConstantTimeEq};

use crate::error::{Error, WebhookCode};

type HmacSha256 = Hmac<Sha256>;

/// The default tolerance between the signed timestamp and now, in seconds (the docs' 300 s).
pub const DEFAULT_TOLERANCE_SECONDS: i64 = 300;

/// The parsed header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureHeader<'a> {
    /// `t` exactly as sent: the signed material uses this text, not a re-formatted number.
    pub t: &'a str,
    /// `t` as a number.
    pub timestamp: i64,
    /// Every `v1` value, decoded.
    pub v1: Vec<[u8; 32]>,
}

/// Parses `t=<digits>,v1=<64 hex>[,v1=...]`. Unknown keys (`v0`, ...) are ignored.
///
/// # Errors
/// `malformed_header` when `t` or every `v1` is missing or malformed.
pub fn parse_header(header: &str) -> Result<SignatureHeader<'_>, Error> {
    let mut t = None;
    let mut v1 = Vec::new();
    let mut bad_v1 = false;
    for part in header.split(',') {
        let Some((key, value)) = part.trim().split_once('=') else {
            continue;
        };
        match key.trim() {
            "t" => t = Some(value.trim()),
            "v1" => match decode_hex32(value.trim()) {
                Some(tag) => v1.push(tag),
                None => bad_v1 = true,
            },
            _ => {}
        }
    }
    let malformed = |why: &str| {
        Error::webhook(
            WebhookCode::MalformedHeader,
            format!("X-hub-Signature is malformed ({why}); expected t=<unix seconds>,v1=<64 hex digits>"),
        )
    };
    let t = t.ok_or_else(|| malformed("no t="))?;
    if t.is_empty() || t.len() > 12 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed("t is not a unix time in seconds"));
    }
    let timestamp = t
        .parse::<i64>()
        .map_err(|_| malformed("t is not a number"))?;
    if v1.is_empty() {
        return Err(malformed(if bad_v1 {
            "v1 is not 64 hex digits"
        } else {
            "no v1="
        }));
    }
    Ok(SignatureHeader { t, timestamp, v1 })
}

fn decode_hex32(s: &str) -> Option<[u8; 32]> {
    let bytes = s.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in bytes.chunks_exact(2).enumerate() {
        let hi = hex_val(*pair.first()?)?;
        let lo = hex_val(*pair.get(1)?)?;
        *out.get_mut(i)? = (hi << 4) | lo;
    }
    Some(out)
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

fn tag(secret: &[u8], t: &str, body: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
    let mut mac = match HmacSha256::new_from_slice(secret) {
        Ok(mac) => mac,
        Err(_) => return [0u8; 32],
    };
    mac.update(t.as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.finalize().into_bytes().into()
}

/// The header value signing `body` at unix time `t` (for tests and for the stand-in).
pub fn sign(secret: &[u8], t: i64, body: &[u8]) -> String {
    let t = t.to_string();
    let digest = tag(secret, &t, body);
    let mut out = String::with_capacity(t.len() + 70);
    out.push_str("t=");
    out.push_str(&t);
    out.push_str(",v1=");
    for b in digest {
        for nibble in [b >> 4, b & 0x0f] {
            out.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
        }
    }
    out
}

/// Verifies the signature of `body`.
///
/// # Errors
/// `missing_secret`, `missing_header`, `malformed_header`, `timestamp_out_of_tolerance` (saying
/// which direction) or `signature_mismatch`.
pub fn verify(
    body: &[u8],
    header: Option<&str>,
    secrets: &[&[u8]],
    tolerance_seconds: i64,
    now_seconds: i64,
) -> Result<(), Error> {
    if secrets.is_empty() || secrets.iter().any(|s| s.is_empty()) {
        return Err(Error::webhook(
            WebhookCode::MissingSecret,
            "no signing secret: pass the secret returned when signing was enabled on the webhook",
        ));
    }
    let header = match header.map(str::trim) {
        Some(h) if !h.is_empty() => h,
        _ => {
            return Err(Error::webhook(
                WebhookCode::MissingHeader,
                "the X-hub-Signature header is missing: the request was not signed by the Hub (or signing is off for this webhook)",
            ))
        }
    };
    let parsed = parse_header(header)?;
    let skew = now_seconds.saturating_sub(parsed.timestamp);
    if skew > tolerance_seconds {
        return Err(Error::webhook(
            WebhookCode::TimestampOutOfTolerance,
            format!("the signature timestamp is {skew} s in the past; the tolerance is {tolerance_seconds} s (a replayed or long-delayed delivery)"),
        ));
    }
    if -skew > tolerance_seconds {
        return Err(Error::webhook(
            WebhookCode::TimestampOutOfTolerance,
            format!("the signature timestamp is {} s in the future; the tolerance is {tolerance_seconds} s (check the server clock)", -skew),
        ));
    }
    let mut ok = Choice::from(0u8);
    for secret in secrets {
        let expected = tag(secret, parsed.t, body);
        for candidate in &parsed.v1 {
            ok |= expected.ct_eq(candidate);
        }
    }
    if bool::from(ok) {
        Ok(())
    } else {
        Err(Error::webhook(
            WebhookCode::SignatureMismatch,
            "the signature does not match the body: verify against the raw body exactly as received, with the webhook's signing secret",
        ))
    }
}

#[cfg(test)]
#[path = "signature_tests.rs"]
mod tests;
