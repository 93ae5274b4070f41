//! Decimal text (JSON number grammar) to a double, with serde_json's number parser: the module
//! already carries it for JSON, and `str::parse::<f64>` would bring core's own parser and its
//! tables besides.

/// The value of a JSON number's text; `None` for text that is no JSON number, or one beyond
/// the range of a double (`1e400`).
pub fn parse(text: &str) -> Option<f64> {
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
    }
}
