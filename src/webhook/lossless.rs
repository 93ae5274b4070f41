//! Keeping numbers exact on their way to JavaScript.
//!
//! `JSON.parse` turns every number into an IEEE double, so a PSID such as `26203292189261166`
//! sent as a JSON number would silently become `26203292189261170`. Every number that a double
//! cannot hold exactly (integers beyond 2^53, values beyond the double range) is handed to JS
//! as its exact decimal string instead.

/// 2^53: below it every integer is exact in a double.
const MAX_SAFE: &str = "9007199254740992";

/// Whether a JSON number token survives `JSON.parse` without losing its value.
pub fn is_js_safe(token: &str) -> bool {
    if token.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        // A fraction or exponent: a double is what the sender meant, unless it overflows.
        return crate::decimal::parse(token).is_some_and(f64::is_finite);
    }
    let digits = token.strip_prefix('-').unwrap_or(token);
    match digits.len().cmp(&MAX_SAFE.len()) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Greater => false,
        std::cmp::Ordering::Equal => digits <= MAX_SAFE,
    }
}

/// The JSON text with every unsafe number token quoted, or `None` when it has none (then
/// `JSON.parse` of the original text is already exact). `text` must be valid JSON.
pub fn rewrite_unsafe_numbers(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    let mut i = 0usize;
    let mut in_string = false;
    while let Some(&b) = bytes.get(i) {
        if in_string {
            match b {
                b'\\' => i += 2,
                b'"' => {
                    in_string = false;
                    i += 1;
                }
                _ => i += 1,
            }
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while bytes
                    .get(i)
                    .is_some_and(|c| matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                {
                    i += 1;
                }
                let token = text.get(start..i).unwrap_or("");
                if !is_js_safe(token) {
                    let buf = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
                    buf.push_str(text.get(copied..start).unwrap_or(""));
                    buf.push('"');
                    buf.push_str(token);
                    buf.push('"');
                    copied = i;
                }
            }
            _ => i += 1,
        }
    }
    let mut buf = out?;
    buf.push_str(text.get(copied..).unwrap_or(""));
    Some(buf)
}

/// How many `[` and `{` a text holds (in strings too). `[` (0x5B) and `{` (0x7B) differ only in
/// bit 0x20, so a byte is one of them exactly when it is `{` with that bit set; each word's
/// matching bytes are counted with the exact zero-byte test.
fn opening_brackets(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let matches = |word: u64| {
        let x = (word | (ONES * 0x20)) ^ (ONES * u64::from(b'{'));
        // The high bit of each byte of x that is zero.
        (!(((x & LOW7) + LOW7) | x | LOW7)).count_ones() as usize
    };
    let mut words = bytes.chunks_exact(8);
    let mut count = 0;
    for word in words.by_ref() {
        if let Ok(word) = <[u8; 8]>::try_from(word) {
            count += matches(u64::from_le_bytes(word));
        }
    }
    count
        + words
            .remainder()
            .iter()
            .filter(|&&b| b == b'[' || b == b'{')
            .count()
}

/// Whether arrays and objects nest deeper than `limit` anywhere in a (UTF-8) text; strings are
/// skipped, escapes included. What comes after a wrong nesting is left to the parser.
pub fn nesting_exceeds(text: &str, limit: usize) -> bool {
    // Fewer brackets than the limit cannot nest deeper: one counting pass, eight bytes at a
    // time, spares ordinary bodies the scan below.
    if opening_brackets(text.as_bytes()) <= limit {
        return false;
    }
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in text.as_bytes() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
#[path = "lossless_tests.rs"]
mod tests;
