use super::*;
use std::format;

/// `core`'s correctly rounded parser is the reference.
fn reference(s: &str) -> f64 {
    s.parse::<f64>().unwrap()
}

#[test]
fn exact_where_timestamps_live() {
    for s in [
        "0",
        "-0",
        "1",
        "1734567890",
        "1734567890123",
        "1734567890.123",
        "1734567890.1234567",
        "0.1",
        "0.000001",
        "9007199254740991",
        "9007199254740992",
        "1.5e3",
        "15e-1",
        "2E+2",
        "123456789012345678",
        "1e22",
        "1e-22",
        "00012.5000",
        "+7",
        ".5",
        "5.",
    ] {
        assert_eq!(parse_f64(s), Some(reference(s)), "{s}");
    }
}

#[test]
fn close_everywhere_else() {
    for s in [
        "1.5e300",
        "4.9e-300",
        "2.2250738585072014e-308",
        "123456789012345678901234567890",
        "0.1234567890123456789012345",
        "1e100",
        "3.14159265358979323846264338327950288e-50",
    ] {
        let (got, want) = (parse_f64(s).unwrap(), reference(s));
        assert!(
            (got - want).abs() <= want.abs() * 1e-14,
            "{s}: {got} vs {want}"
        );
    }
    assert_eq!(parse_f64("1e400"), Some(f64::INFINITY));
    assert_eq!(parse_f64("1e-400"), Some(0.0));
}

#[test]
fn refuses_what_is_not_a_decimal() {
    for s in [
        "", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "1x", "inf", "NaN", "0x10", " 1", "1 ",
        "--1", "1e5.5",
    ] {
        assert_eq!(parse_f64(s), None, "{s:?}");
    }
}

#[test]
fn finiteness_is_exact_at_the_edge() {
    let edge = [
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1.79769313486231580793728971405303e308",
        "1.79769313486231580793728971405302e308",
        "1.797693134862315807937289714053034150799341327e308",
        "1.8e308",
        "179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
        "0.00000017976931348623158e315",
        "1e308",
        "9.99e307",
        "1e309",
        "-1e309",
        "0e999999",
        "0.0",
        "1e-999",
        "1e99999999999999999999",
    ];
    for s in edge {
        assert_eq!(is_finite_number(s), reference(s).is_finite(), "{s}");
    }
    assert_eq!(is_finite_number(OVERFLOW), reference(OVERFLOW).is_finite());
    let just_below = format!("{}1", &OVERFLOW[..OVERFLOW.len() - 1].replace("792", "791"));
    assert_eq!(
        is_finite_number(&just_below),
        reference(&just_below).is_finite()
    );
}

#[test]
fn rounding_matches_std() {
    for x in [
        0.0,
        -0.0,
        0.5,
        1.5,
        2.5,
        -0.5,
        -1.5,
        0.49999999999999994,
        1e15 + 0.5,
        -7.25,
        3.999,
        1734567890122.9998,
        9.3e18,
        -9.3e18,
        1e300,
        4503599627370495.5,
    ] {
        assert_eq!(floor(x), x.floor(), "floor {x}");
        assert_eq!(ceil(x), x.ceil(), "ceil {x}");
        assert_eq!(round(x), x.round(), "round {x}");
    }
    assert!(floor(f64::NAN).is_nan());
}
