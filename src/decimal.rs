//! Decimal text (JSON number grammar) to a double, with serde_json's number parser: the module
//! already carries it for JSON, and `str::parse::<f64>` would bring core's own parser and its
//! tables besides.

/// The value of a JSON number's text; `None` for text that is no JSON number, or one beyond
/// the range of a double (`1e400`).
pub fn parse(text: &str) -> Option<f64> {
    // Up to 15 digits without a leading zero (unix times, ids): an integer a double holds
    // exactly, read without the general parser. Anything else is serde_json's to judge.
    let digits = text.as_bytes();
    if (1..=15).contains(&digits.len())
        && digits.iter().all(u8::is_ascii_digit)
        && (digits.len() == 1 || digits.first() != Some(&b'0'))
    {
        let n = digits
            .iter()
            .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
        return Some(n as f64);
    }
    serde_json::from_str::<f64>(text).ok()
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn json_numbers_only() {
        assert_eq!(parse("1700000000"), Some(1_700_000_000.0));
        assert_eq!(parse("-1.5e3"), Some(-1500.0));
        assert_eq!(parse("1492414608999.0"), Some(1_492_414_608_999.0));
        assert_eq!(parse("1e400"), None);
        assert_eq!(parse("inf"), None);
        assert_eq!(parse("+5"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("0"), Some(0.0));
        assert_eq!(parse("007"), None);
        assert_eq!(parse("999999999999999"), Some(999_999_999_999_999.0));
        assert_eq!(parse("9007199254740993"), Some(9_007_199_254_740_992.0));
    }
}
