//! Decimal numbers to doubles, without `core`'s float parser.
//!
//! `str::parse::<f64>` is correctly rounded for every input, and pays for it with about 20 KB
//! of wasm (code plus a power-of-five table): a fifth of the module. What the crate needs
//! is smaller: timestamps (seconds or milliseconds, rounded to the millisecond), `Retry-After`
//! seconds, and whether `JSON.parse` would turn a number into `Infinity`. The first two are
//! exact whenever the digits fit a double's 53-bit mantissa, which every real timestamp does;
//! the third is decided on the digits themselves, exactly.

use core::cmp::Ordering;

/// The parts of a decimal number: its significant digits (leading zeros dropped) and the
/// power of ten of the first one (`1.5e3` → digits `15`, `magnitude` 3).
struct Decimal<'a> {
    negative: bool,
    int: &'a str,
    frac: &'a str,
    exp: i64,
}

/// Splits `[-+]digits[.digits][(e|E)[-+]digits]`; at least one digit before or after the
/// point. `None` for anything else (no `inf`, no `NaN`, no hex).
fn split(s: &str) -> Option<Decimal<'_>> {
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..)?),
        Some(b'+') => (false, s.get(1..)?),
        _ => (false, s),
    };
    let (mantissa, exp) = match rest.bytes().position(|b| b == b'e' || b == b'E') {
        Some(at) => (rest.get(..at)?, exponent(rest.get(at + 1..)?)?),
        None => (rest, 0),
    };
    let (int, frac) = match mantissa.bytes().position(|b| b == b'.') {
        Some(at) => (mantissa.get(..at)?, mantissa.get(at + 1..)?),
        None => (mantissa, ""),
    };
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    Some(Decimal {
        negative,
        int,
        frac,
        exp,
    })
}

/// An exponent, saturated far beyond any double (so `1e99999999999` stays an overflow).
fn exponent(s: &str) -> Option<i64> {
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..)?),
        Some(b'+') => (false, s.get(1..)?),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut value: i64 = 0;
    for b in digits.bytes() {
        value = (value * 10 + i64::from(b - b'0')).min(1_000_000);
    }
    Some(if negative { -value } else { value })
}

impl Decimal<'_> {
    /// The significant digits in order, leading zeros skipped.
    fn significant(&self) -> impl Iterator<Item = u8> + '_ {
        self.int
            .bytes()
            .chain(self.frac.bytes())
            .skip_while(|&b| b == b'0')
    }

    /// The power of ten of the first significant digit; `None` for zero.
    fn magnitude(&self) -> Option<i64> {
        let leading_int = self.int.bytes().take_while(|&b| b == b'0').count();
        if leading_int < self.int.len() {
            return Some((self.int.len() - leading_int) as i64 - 1 + self.exp);
        }
        let leading_frac = self.frac.bytes().take_while(|&b| b == b'0').count();
        (leading_frac < self.frac.len()).then(|| -(leading_frac as i64) - 1 + self.exp)
    }
}

/// Exact powers of ten as doubles (10^22 is the last one a double holds exactly).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// 10^n for n ≥ 0: exact up to 22, then by steps of 10^22 (infinite beyond 308).
fn pow10(n: i64) -> f64 {
    let mut n = n.clamp(0, 400);
    let mut value = 1.0;
    while n > 22 {
        value *= 1e22;
        n -= 22;
    }
    value * POW10.get(n as usize).copied().unwrap_or(1.0)
}

/// A decimal number as a double. Exact (correctly rounded) when the significant digits fit
/// in 2^53 and the power of ten is within ±22, which covers every timestamp and delay the
/// crate reads; otherwise within a few units in the last place (and values within a hair of
/// the largest double may overflow to infinity, far beyond any timestamp).
pub fn parse_f64(s: &str) -> Option<f64> {
    // The common case, a plain integer (a timestamp, a delay) below 10^15: exact, in one pass.
    if (1..=15).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        return Some(s.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')) as f64);
    }
    let d = split(s)?;
    // The first 19 significant digits fit a u64; later ones change the value by less than a
    // double can show, so they are dropped (truncated), and only their position counts.
    let mut mantissa: u64 = 0;
    let mut kept = 0;
    let mut end = 0;
    for b in d.int.bytes().chain(d.frac.bytes()) {
        if kept == 19 {
            break;
        }
        mantissa = mantissa * 10 + u64::from(b - b'0');
        if mantissa > 0 {
            kept += 1;
        }
        end += 1;
    }
    let scale = d.exp + d.int.len() as i64 - end as i64;
    let value = if (-22..0).contains(&scale) {
        mantissa as f64 / pow10(-scale)
    } else if scale < 0 {
        // Two steps keep the divisor finite for tiny numbers.
        mantissa as f64 / pow10(22) / pow10(-scale - 22)
    } else {
        mantissa as f64 * pow10(scale)
    };
    Some(if d.negative { -value } else { value })
}

/// The largest finite double plus half a unit in the last place (2^1024 − 2^970): a decimal at
/// or above it rounds to infinity.
const OVERFLOW: &str = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

/// Whether a JSON number token becomes a finite double (`JSON.parse("1e999")` is `Infinity`).
/// Decided on the digits, exactly.
pub fn is_finite_number(s: &str) -> bool {
    let Some(d) = split(s) else {
        return false;
    };
    let Some(magnitude) = d.magnitude() else {
        return true; // zero
    };
    let limit = OVERFLOW.len() as i64 - 1; // 308
    match magnitude.cmp(&limit) {
        Ordering::Less => true,
        Ordering::Greater => false,
        Ordering::Equal => {
            let mut digits = d.significant();
            for want in OVERFLOW.bytes() {
                match digits.next() {
                    None => return true,
                    Some(got) if got < want => return true,
                    Some(got) if got > want => return false,
                    Some(_) => {}
                }
            }
            false // equal to the midpoint or above it: rounds to infinity
        }
    }
}

// Rounding. `f64::floor` and its kin live in `std` (they call libm), which the wasm build does
// without; every value rounded here is a time or a delay, far below 2^53.

/// `x.floor()`, exact for |x| < 2^63; anything larger is already an integer.
pub fn floor(x: f64) -> f64 {
    if !(x > -9.2e18 && x < 9.2e18) {
        return x; // also NaN
    }
    let t = x as i64 as f64;
    if t > x {
        t - 1.0
    } else {
        t
    }
}

/// `x.ceil()`.
pub fn ceil(x: f64) -> f64 {
    -floor(-x)
}

/// `x.round()`: half away from zero.
pub fn round(x: f64) -> f64 {
    if x < 0.0 {
        return -round(-x);
    }
    let f = floor(x);
    if x - f >= 0.5 {
        f + 1.0
    } else {
        f
    }
}

#[cfg(test)]
#[path = "num_tests.rs"]
mod tests;
