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
            cat!(
                "X-hub-Signature is malformed (",
                why,
                "); expected t=<unix seconds>,v1=<64 hex digits>"
            ),
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
            cat!(
                "the signature timestamp is ",
                skew,
                " s in the past; the tolerance is ",
                tolerance_seconds,
                " s (a replayed or long-delayed delivery)"
            ),
        ));
    }
    if -skew > tolerance_seconds {
        return Err(Error::webhook(
            WebhookCode::TimestampOutOfTolerance,
            cat!(
                "the signature timestamp is ",
                -skew,
                " s in the future; the tolerance is ",
                tolerance_seconds,
                " s (check the server clock)"
            ),
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
mod tests {
    use super::*;

    /// The vector derived in the vendor docs notes (Python `hmac` and `openssl` agree).
    const DOC_BODY: &str = r#"{"eventType":"Message","channelId":"6cbd6789-1d2b-47e0-9391-5eb91d2839ea","messageId":"abc123de-f456-789a-bcde-f01234567890","from":"5511993986082","timestamp":1700000000,"channel":"whatsapp","content":{"type":"text","text":"Hello, I'd like to know more about your products"}}"#;
    const DOC_HEADER: &str =
        "t=1700000000,v1=90d116fd8967797489acfdf98507fc9e7df2b28b10fd30d2fcaabf2eaa6bb76e";

    #[test]
    fn known_answer() {
        assert_eq!(
            sign(b"test_signing_secret", 1_700_000_000, DOC_BODY.as_bytes()),
            DOC_HEADER
        );
        assert_eq!(
            verify(
                DOC_BODY.as_bytes(),
                Some(DOC_HEADER),
                &[b"test_signing_secret"],
                300,
                1_700_000_100
            ),
            Ok(())
        );
    }

    fn code(r: Result<(), Error>) -> &'static str {
        match r {
            Ok(()) => "ok",
            Err(e) => e.code(),
        }
    }

    #[test]
    fn rejections() {
        let body = DOC_BODY.as_bytes();
        let s: &[&[u8]] = &[b"test_signing_secret"];
        assert_eq!(
            code(verify(body, None, s, 300, 1_700_000_000)),
            "missing_header"
        );
        assert_eq!(
            code(verify(body, Some("  "), s, 300, 1_700_000_000)),
            "missing_header"
        );
        assert_eq!(
            code(verify(body, Some("garbage"), s, 300, 1_700_000_000)),
            "malformed_header"
        );
        assert_eq!(
            code(verify(body, Some("t=abc,v1=00"), s, 300, 1_700_000_000)),
            "malformed_header"
        );
        assert_eq!(
            code(verify(
                body,
                Some("t=1700000000,v1=zz"),
                s,
                300,
                1_700_000_000
            )),
            "malformed_header"
        );
        assert_eq!(
            code(verify(body, Some(DOC_HEADER), s, 300, 1_700_000_301)),
            "timestamp_out_of_tolerance"
        );
        assert_eq!(
            code(verify(body, Some(DOC_HEADER), s, 300, 1_699_999_699)),
            "timestamp_out_of_tolerance"
        );
        assert_eq!(
            code(verify(body, Some(DOC_HEADER), s, 300, 1_700_000_300)),
            "ok"
        );
        assert_eq!(
            code(verify(
                body,
                Some(DOC_HEADER),
                &[b"other"],
                300,
                1_700_000_000
            )),
            "signature_mismatch"
        );
        assert_eq!(
            code(verify(b"{}", Some(DOC_HEADER), s, 300, 1_700_000_000)),
            "signature_mismatch"
        );
        assert_eq!(
            code(verify(body, Some(DOC_HEADER), &[], 300, 1_700_000_000)),
            "missing_secret"
        );
    }

    #[test]
    fn directions_are_named() {
        let body = DOC_BODY.as_bytes();
        let s: &[&[u8]] = &[b"test_signing_secret"];
        let past = verify(body, Some(DOC_HEADER), s, 300, 1_700_001_000).unwrap_err();
        assert!(past.message().contains("in the past"), "{past}");
        let future = verify(body, Some(DOC_HEADER), s, 300, 1_699_990_000).unwrap_err();
        assert!(future.message().contains("in the future"), "{future}");
    }

    #[test]
    fn rotation_and_several_v1() {
        let body = DOC_BODY.as_bytes();
        let good = DOC_HEADER.rsplit_once("v1=").unwrap().1;
        let header = cat!("t=1700000000,v1=", "0".repeat(64), ",v1=", good);
        let secrets: &[&[u8]] = &[b"old_secret", b"test_signing_secret"];
        assert_eq!(
            code(verify(body, Some(&header), secrets, 300, 1_700_000_000)),
            "ok"
        );
        let upper = DOC_HEADER
            .to_ascii_uppercase()
            .replace("T=", "t=")
            .replace("V1=", "v1=");
        assert_eq!(
            code(verify(
                body,
                Some(&upper),
                &[b"test_signing_secret"],
                300,
                1_700_000_000
            )),
            "ok"
        );
    }

    #[test]
    fn near_misses_fail() {
        let body = DOC_BODY.as_bytes();
        let good = DOC_HEADER.rsplit_once("v1=").unwrap().1.to_string();
        for i in [0usize, 31, 63] {
            let mut bytes = good.clone().into_bytes();
            bytes[i] = if bytes[i] == b'0' { b'1' } else { b'0' };
            let near = String::from_utf8(bytes).unwrap();
            let header = cat!("t=1700000000,v1=", near);
            assert_eq!(
                code(verify(
                    body,
                    Some(&header),
                    &[b"test_signing_secret"],
                    300,
                    1_700_000_000
                )),
                "signature_mismatch"
            );
        }
        // The signed material uses t as sent: a different spelling of the same time fails.
        let header = cat!("t=01700000000,v1=", good);
        assert_eq!(
            code(verify(
                body,
                Some(&header),
                &[b"test_signing_secret"],
                300,
                1_700_000_000
            )),
            "signature_mismatch"
        );
    }
}
