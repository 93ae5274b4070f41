//! The two date formats the API uses, parsed to unix milliseconds: RFC 3339 timestamps in
//! webhook envelopes (`2025-12-18T20:08:40.195Z`) and HTTP dates in `Retry-After`
//! (`Sun, 06 Nov 1994 08:49:37 GMT`). Small enough to write here rather than ship a date
//! library in every `.wasm`.

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn digits(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 18 {
        return None;
    }
    s.bytes().try_fold(0i64, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0'))
    })
}

fn valid_date(y: i64, mo: i64, d: i64, h: i64, mi: i64, se: i64) -> bool {
    (1..=12).contains(&mo)
        && (1..=31).contains(&d)
        && (0..=23).contains(&h)
        && (0..=59).contains(&mi)
        && (0..=60).contains(&se)
        && (0..=9999).contains(&y)
}

/// Parses an RFC 3339 date-time (`YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`) to unix ms.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let s = s.trim();
    let date = s.get(0..10)?;
    let sep = s.get(10..11)?;
    if !matches!(sep, "T" | "t" | " ") {
        return None;
    }
    let y = digits(date.get(0..4)?)?;
    let mo = digits(date.get(5..7)?)?;
    let d = digits(date.get(8..10)?)?;
    if date.get(4..5)? != "-" || date.get(7..8)? != "-" {
        return None;
    }
    let time = s.get(11..)?;
    let h = digits(time.get(0..2)?)?;
    let mi = digits(time.get(3..5)?)?;
    let se = digits(time.get(6..8)?)?;
    if time.get(2..3)? != ":" || time.get(5..6)? != ":" || !valid_date(y, mo, d, h, mi, se) {
        return None;
    }
    let mut rest = time.get(8..)?;
    let mut millis = 0i64;
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        // Milliseconds: the first three digits, padded (`.5` is 500 ms); finer ones are dropped.
        let padded = frac.bytes().take(n).chain(*b"00").take(3);
        millis = padded.fold(0, |m, b| m * 10 + i64::from(b - b'0'));
        rest = frac.get(n..)?;
    }
    let offset_min = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.get(0..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            if rest.len() != 6 || rest.get(3..4)? != ":" {
                return None;
            }
            let oh = digits(rest.get(1..3)?)?;
            let om = digits(rest.get(4..6)?)?;
            sign * (oh * 60 + om)
        }
    };
    let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se - offset_min * 60;
    Some(secs * 1000 + millis)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Parses an HTTP date in the IMF-fixdate form (`Sun, 06 Nov 1994 08:49:37 GMT`) to unix ms.
pub fn parse_http_date(s: &str) -> Option<i64> {
    let rest = s.trim().split_once(',')?.1.strip_prefix(' ')?;
    let mut parts = rest.split(' ');
    let d = digits(parts.next()?)?;
    let mon = parts.next()?;
    let y = digits(parts.next()?)?;
    let hms = parts.next()?;
    if parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    let mo = MONTHS.iter().position(|m| *m == mon)? as i64 + 1;
    let mut t = hms.split(':');
    let h = digits(t.next()?)?;
    let mi = digits(t.next()?)?;
    let se = digits(t.next()?)?;
    if t.next().is_some() || !valid_date(y, mo, d, h, mi, se) {
        return None;
    }
    Some((days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se) * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339("2025-12-18T20:08:40.195Z"),
            Some(1_766_088_520_195)
        );
        assert_eq!(
            parse_rfc3339("2023-11-14T22:13:20Z"),
            Some(1_700_000_000_000)
        );
        assert_eq!(
            parse_rfc3339("2023-11-14T23:13:20+01:00"),
            Some(1_700_000_000_000)
        );
        assert_eq!(
            parse_rfc3339("2023-11-14T22:13:20.5Z"),
            Some(1_700_000_000_500)
        );
        assert_eq!(
            parse_rfc3339("2023-11-14T22:13:20.123987Z"),
            Some(1_700_000_000_123)
        );
        assert_eq!(parse_rfc3339("2023-13-14T22:13:20Z"), None);
        assert_eq!(parse_rfc3339("yesterday"), None);
        assert_eq!(parse_rfc3339("2023-11-14T22:13:20"), None);
        assert_eq!(parse_rfc3339("2023-11-14T22:13:20.Z"), None);
    }

    #[test]
    fn http_date() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777_000)
        );
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37"), None);
        assert_eq!(parse_http_date("120"), None);
    }
}
