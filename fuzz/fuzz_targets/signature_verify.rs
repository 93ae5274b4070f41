//! `X-hub-Signature` header and body as an attacker sends them: `<header>\n<body>`.
//!
//! Never panics, and the decision matches an independent oracle (HMAC-SHA256 computed here over
//! `t` as sent, `.`, the body): accepted iff the timestamp is within tolerance and some `v1`
//! equals the tag. Also: what `sign` produces always verifies (with the right secret among
//! several), and a one-nibble change or a changed body never does; no secret (or an empty one)
//! is always `missing_secret`; `webhook::verify` and `webhook::verify_all` decide as
//! `signature::verify` does within `maxBytes` (`verify_all` then parsing as `parse_all`), and
//! refuse a body one byte over it as `body_too_large` before looking at the signature.
#![no_main]

use chatt2me_wasm::webhook::{self, signature, VerifyOptions, DEFAULT_MAX_BYTES};
use hmac::{Hmac, Mac};
use libfuzzer_sys::fuzz_target;
use sha2::Sha256;

const SECRET: &[u8] = b"whsec_fuzz_secret";
const OTHER: &[u8] = b"whsec_previous";
const NOW: i64 = 1_700_000_000;
const TOLERANCE: i64 = 300;

fn oracle_tag(secret: &[u8], t: &str, body: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("any key length");
    mac.update(t.as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.finalize().into_bytes().into()
}

fn code(r: &Result<(), chatt2me_wasm::Error>) -> &'static str {
    match r {
        Ok(()) => "ok",
        Err(e) => e.code(),
    }
}

fuzz_target!(|data: &[u8]| {
    let (header, body) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (
            data.get(..i).unwrap_or_default(),
            data.get(i + 1..).unwrap_or_default(),
        ),
        None => (data, &[][..]),
    };
    let header = String::from_utf8_lossy(header);

    let parsed = signature::parse_header(&header);
    let result = signature::verify(body, Some(&header), &[OTHER, SECRET], TOLERANCE, NOW);
    if header.trim().is_empty() {
        assert_eq!(code(&result), "missing_header");
    } else {
        match &parsed {
            Err(e) => {
                assert_eq!(e.code(), "malformed_header");
                assert_eq!(code(&result), "malformed_header");
            }
            Ok(h) => {
                assert!(
                    !h.t.is_empty() && h.t.len() <= 12 && h.t.bytes().all(|b| b.is_ascii_digit())
                );
                assert_eq!(h.t.parse::<i64>().ok(), Some(h.timestamp));
                assert!(!h.v1.is_empty());
                let fresh = (NOW - h.timestamp).abs() <= TOLERANCE;
                let matches = [OTHER, SECRET]
                    .iter()
                    .any(|s| h.v1.contains(&oracle_tag(s, h.t, body)));
                let expected = match (fresh, matches) {
                    (false, _) => "timestamp_out_of_tolerance",
                    (true, true) => "ok",
                    (true, false) => "signature_mismatch",
                };
                assert_eq!(code(&result), expected, "header {header:?}");
            }
        }
    }
    // The entry points JS calls: the size limit first, then the same decision.
    let opts = |max_bytes| VerifyOptions {
        tolerance_seconds: TOLERANCE,
        now_seconds: NOW,
        max_bytes,
    };
    for max in [DEFAULT_MAX_BYTES, body.len()] {
        assert_eq!(
            webhook::verify(body, Some(&header), &[OTHER, SECRET], opts(max)),
            result
        );
        let all = webhook::verify_all(body, Some(&header), &[OTHER, SECRET], opts(max));
        match &result {
            Ok(()) => assert_eq!(all, webhook::parse_all(body, max)),
            Err(e) => assert_eq!(all.err().as_ref(), Some(e)),
        }
    }
    if let Some(max) = body.len().checked_sub(1) {
        for r in [
            webhook::verify(body, Some(&header), &[SECRET], opts(max)),
            webhook::verify_all(body, Some(&header), &[SECRET], opts(max)).map(|_| ()),
        ] {
            assert_eq!(code(&r), "body_too_large");
        }
    }
    for secrets in [&[][..], &[SECRET, b""][..]] {
        assert_eq!(
            code(&signature::verify(
                body,
                Some(&header),
                secrets,
                TOLERANCE,
                NOW
            )),
            "missing_secret"
        );
    }

    if let Err(e) = &result {
        let message = e.message();
        let secret = String::from_utf8_lossy(SECRET);
        assert!(
            !message.contains(&*secret) && !e.to_json().contains(&*secret),
            "secret in {message}"
        );
    }

    // sign → verify round trip, and near misses.
    let skew = i64::try_from(data.len() % 601).unwrap_or(0) - TOLERANCE;
    let t = NOW + skew;
    let good = signature::sign(SECRET, t, body);
    assert_eq!(
        code(&signature::verify(
            body,
            Some(&good),
            &[OTHER, SECRET],
            TOLERANCE,
            NOW
        )),
        "ok",
        "{good}"
    );
    let nibble = data.first().map_or(0, |b| usize::from(*b) % 64);
    let mut near = good.clone().into_bytes();
    let at = near.len() - 64 + nibble;
    if let Some(c) = near.get_mut(at) {
        *c = if *c == b'0' { b'1' } else { b'0' };
    }
    let near = String::from_utf8(near).expect("ascii");
    assert_eq!(
        code(&signature::verify(
            body,
            Some(&near),
            &[SECRET],
            TOLERANCE,
            NOW
        )),
        "signature_mismatch"
    );
    let mut other_body = body.to_vec();
    other_body.push(b' ');
    assert_eq!(
        code(&signature::verify(
            &other_body,
            Some(&good),
            &[SECRET],
            TOLERANCE,
            NOW
        )),
        "signature_mismatch"
    );
    assert_eq!(
        code(&signature::verify(
            body,
            Some(&good),
            &[OTHER],
            TOLERANCE,
            NOW
        )),
        "signature_mismatch"
    );
});
