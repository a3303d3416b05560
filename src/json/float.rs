//! Decimal text to the nearest `f64`.
//!
//! Why not `str::parse::<f64>`: core's parser carries a 10 KB table of 128-bit powers of
//! five (incompressible, so ~10 KB of the gzipped wasm) and ~5 KB of code; `minimal-lexical`
//! in its compact mode still cost ~5 KB gzip. Numbers in catalogues and inputs are short, so
//! here the exact fast path (Clinger's: an integer of at most 53 bits times an exact power of
//! ten) answers nearly all of them, and the rest take a small, slow, exact path: an estimate
//! from the first 19 digits corrected one unit in the last place at a time by comparing the
//! decimal with the halfway points around it (Clinger's AlgorithmR), in 128-bit integers when
//! the comparison fits them (up to 19 digits, most of it), in big integers otherwise. About
//! 3.5 KB raw, 1.8 KB gzip of wasm (measured against a stub). Tests compare it with core on
//! edge cases and on a few hundred thousand random inputs.

use std::cmp::Ordering;

/// The `f64` nearest to `s` (ties to even) for the syntax `[+-]? digits? (. digits?)?
/// ([eE] [+-]? digits)?` with at least one mantissa digit: what `s.parse::<f64>()` accepts
/// without its words (`inf`, `nan`). `None` for anything else; a value beyond the largest
/// finite one is infinite, as in core.
pub fn parse_f64(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let negative = b.first() == Some(&b'-');
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let run = |mut j: usize| {
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        j
    };
    let int_end = run(i);
    let integer = b.get(i..int_end)?;
    let mut fraction: &[u8] = &[];
    i = int_end;
    if b.get(i) == Some(&b'.') {
        let end = run(i + 1);
        fraction = b.get(i + 1..end)?;
        i = end;
    }
    if integer.is_empty() && fraction.is_empty() {
        return None;
    }
    let mut exponent: i64 = 0;
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        let exp_negative = b.get(i) == Some(&b'-');
        i += usize::from(matches!(b.get(i), Some(b'-' | b'+')));
        let end = run(i);
        if end == i {
            return None;
        }
        for &d in b.get(i..end)? {
            // Saturates far beyond any finite value's exponent.
            exponent = (exponent * 10 + i64::from(d - b'0')).min(1 << 40);
        }
        if exp_negative {
            exponent = -exponent;
        }
        i = end;
    }
    if i != b.len() {
        return None;
    }
    let magnitude = decimal_to_f64(integer, fraction, exponent);
    Some(if negative { -magnitude } else { magnitude })
}

/// Exact powers of ten as doubles (10^22 is the last one a double holds exactly).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Significant digits kept: a halfway point between two doubles has at most 767 of them,
/// so digits past 768 only matter as "some non-zero digit follows" (a final 1).
const MAX_DIGITS: usize = 768;

/// `0.integer fraction × 10^exponent`'s magnitude, for digit strings already checked.
fn decimal_to_f64(integer: &[u8], fraction: &[u8], exponent: i64) -> f64 {
    // Most numbers take the fast path: tried first without collecting the digits.
    if let Some((w, k)) = short(integer, fraction, exponent) {
        if w == 0 {
            return 0.0;
        }
        if let Some(f) = fast_path(w, k) {
            return f;
        }
    }
    // The significant digits, without leading or trailing zeros: value = digits × 10^k.
    let mut digits: Vec<u8> = Vec::new();
    for &d in integer.iter().chain(fraction) {
        if d != b'0' || !digits.is_empty() {
            digits.push(d - b'0');
        }
    }
    let mut k = exponent - fraction.len() as i64;
    while digits.last() == Some(&0) {
        digits.pop();
        k += 1;
    }
    let n = digits.len() as i64;
    if n == 0 {
        return 0.0;
    }
    // The value lies in [10^(k+n-1), 10^(k+n)).
    if k + n > 310 {
        return f64::INFINITY;
    }
    if k + n < -330 {
        return 0.0;
    }
    // The first 19 digits as an integer, and the power of ten that scales them.
    let head = digits.len().min(19);
    let w = digits
        .get(..head)
        .unwrap_or(&[])
        .iter()
        .fold(0u64, |a, &d| a * 10 + u64::from(d));
    let k19 = k + n - head as i64;
    if head == digits.len() {
        if let Some(f) = fast_path(w, k) {
            return f;
        }
    }
    if digits.len() > MAX_DIGITS {
        digits.truncate(MAX_DIGITS);
        digits.push(1);
        k += n - digits.len() as i64;
    }
    correct(&digits, k, estimate(w, k19))
}

/// `digits × 10^k` with `digits` an integer of at most 19 significant digits (trailing zeros
/// moved into `k`), or `None` for more digits.
fn short(integer: &[u8], fraction: &[u8], exponent: i64) -> Option<(u64, i64)> {
    let (mut w, mut n, mut zeros) = (0u64, 0usize, 0usize);
    for &d in integer.iter().chain(fraction) {
        if d == b'0' {
            zeros += usize::from(n > 0);
            continue;
        }
        n += zeros + 1;
        if n > 19 {
            return None;
        }
        for _ in 0..zeros {
            w *= 10;
        }
        zeros = 0;
        w = w * 10 + u64::from(d - b'0');
    }
    Some((w, exponent - fraction.len() as i64 + zeros as i64))
}

/// Clinger's fast path: exact when `w` fits a double's 53 bits and the power of ten is exact
/// (one rounding, so correctly rounded).
fn fast_path(w: u64, k: i64) -> Option<f64> {
    const MAX: u64 = 1 << 53;
    if w > MAX {
        return None;
    }
    let w = w as f64;
    match k {
        0..=22 => POW10.get(k as usize).map(|p| w * p),
        -22..=-1 => POW10.get((-k) as usize).map(|p| w / p),
        // "1e30": 1 × 10^8 is still exact, then one rounding by 10^22.
        23..=37 => {
            let scaled = (w as u64).checked_mul(10u64.pow((k - 22) as u32))?;
            (scaled <= MAX).then_some(scaled as f64 * 1e22)
        }
        _ => None,
    }
}

/// `w × 10^k` in double arithmetic: within a few units in the last place.
fn estimate(w: u64, k: i64) -> f64 {
    let mut f = w as f64;
    let mut k = k;
    while k > 0 && f.is_finite() {
        let step = k.min(22);
        f *= POW10.get(step as usize).copied().unwrap_or(1.0);
        k -= step;
    }
    while k < 0 && f > 0.0 {
        let step = (-k).min(22);
        f /= POW10.get(step as usize).copied().unwrap_or(1.0);
        k += step;
    }
    f
}

/// Moves `z` one unit in the last place at a time until it is the double nearest to
/// `digits × 10^k` (ties to the even mantissa).
fn correct(digits: &[u8], k: i64, z: f64) -> f64 {
    let mut z = if z.is_finite() { z } else { f64::MAX };
    // Up to 19 digits, most comparisons fit 128 bits: no big integers.
    let small = (digits.len() <= 19).then(|| {
        digits
            .iter()
            .fold(0u64, |a, &d| a.wrapping_mul(10).wrapping_add(u64::from(d)))
    });
    let mut exact: Option<Big> = None;
    // X = digits × 10^k, compared with q × 2^f as exact × 10^max(k,0) × 2^max(-f,0) against
    // q × 10^max(-k,0) × 2^max(f,0).
    let mut cmp = |q: u64, f: i64| {
        let scaled = |v: u64, p10: i64, p2: i64| {
            let x = u128::from(v).checked_mul(10u128.checked_pow(u32::try_from(p10).ok()?)?)?;
            let p2 = u32::try_from(p2).ok()?;
            (p2 < x.leading_zeros()).then(|| x << p2)
        };
        let fits = small.and_then(|w| {
            Some(scaled(w, k.max(0), (-f).max(0))?.cmp(&scaled(q, (-k).max(0), f.max(0))?))
        });
        if let Some(o) = fits {
            return o;
        }
        let exact = exact.get_or_insert_with(|| {
            let mut e = Big::from_digits(digits);
            e.mul_pow10(k.max(0) as u32);
            e
        });
        let mut left = exact.clone();
        left.mul_pow2((-f).max(0) as u32);
        let mut right = Big::from_u64(q);
        right.mul_pow10((-k).max(0) as u32);
        right.mul_pow2(f.max(0) as u32);
        left.cmp(&right)
    };
    // Bounded: the estimate is within a few units; the bound only guards against a bug.
    for _ in 0..256 {
        let bits = z.to_bits();
        let (m, e) = parts(z);
        let odd = m & 1 == 1;
        // The halfway point above z.
        match cmp(2 * m + 1, e - 1) {
            Ordering::Greater if z == f64::MAX => return f64::INFINITY,
            Ordering::Greater => {
                z = f64::from_bits(bits + 1);
                continue;
            }
            Ordering::Equal => return if odd { f64::from_bits(bits + 1) } else { z },
            Ordering::Less => {}
        }
        if m == 0 {
            return z;
        }
        // The halfway point below z (closer when z is a power of two: the step below halves).
        let below = if m == 1 << 52 && e > -1074 {
            cmp(4 * m - 1, e - 2)
        } else {
            cmp(2 * m - 1, e - 1)
        };
        match below {
            Ordering::Less => z = f64::from_bits(bits - 1),
            Ordering::Equal => return if odd { f64::from_bits(bits - 1) } else { z },
            Ordering::Greater => return z,
        }
    }
    z
}

/// A positive finite double as `m × 2^e` with `m` an integer (the hidden bit included for
/// normal numbers).
fn parts(z: f64) -> (u64, i64) {
    let bits = z.to_bits();
    let biased = (bits >> 52) as i64;
    if biased == 0 {
        (bits, -1074)
    } else {
        (bits & ((1 << 52) - 1) | 1 << 52, biased - 1075)
    }
}

/// A non-negative big integer, 32-bit limbs, least significant first.
#[derive(Clone)]
struct Big(Vec<u32>);

impl Big {
    fn from_u64(v: u64) -> Big {
        Big(vec![v as u32, (v >> 32) as u32])
    }

    fn from_digits(digits: &[u8]) -> Big {
        let mut big = Big(vec![0]);
        for chunk in digits.chunks(9) {
            let v = chunk.iter().fold(0u32, |a, &d| a * 10 + u32::from(d));
            big.mul_add(10u32.pow(chunk.len() as u32), v);
        }
        big
    }

    fn mul_add(&mut self, m: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut n: u32) {
        while n > 0 {
            let step = n.min(9);
            self.mul_add(10u32.pow(step), 0);
            n -= step;
        }
    }

    fn mul_pow2(&mut self, n: u32) {
        let (limbs, bits) = ((n / 32) as usize, n % 32);
        if bits > 0 {
            self.mul_add(1 << bits, 0);
        }
        if limbs > 0 {
            let mut shifted = vec![0; limbs];
            shifted.extend_from_slice(&self.0);
            self.0 = shifted;
        }
    }

    fn cmp(&self, other: &Big) -> Ordering {
        let len = |b: &Big| b.0.iter().rposition(|&l| l != 0).map_or(0, |i| i + 1);
        let (a, b) = (len(self), len(other));
        a.cmp(&b).then_with(|| {
            let (x, y) = (
                self.0.get(..a).unwrap_or(&[]),
                other.0.get(..b).unwrap_or(&[]),
            );
            x.iter().rev().cmp(y.iter().rev())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::parse_f64;

    fn same(s: &str) {
        let ours = parse_f64(s);
        let core = s.parse::<f64>().ok();
        assert_eq!(
            ours.map(f64::to_bits),
            core.map(f64::to_bits),
            "{s}: ours {ours:?}, core {core:?}"
        );
    }

    #[test]
    fn agrees_with_core_on_edge_cases() {
        for s in [
            // 17 to 19 digits: past the fast path, compared in 128 bits.
            "0.30000000000000004",
            "0.1000000000000000055511151231257827",
            "1.7976931348623157e308",
            "9007199254740993",
            "9223372036854775807.5",
            "18446744073709551615",
            "0.000000000000000000000000000000000000000000001234567890123456789",
            "1234567890123456789e-330",
            "0",
            "-0",
            "+0",
            "0.0",
            "-0.0",
            "00",
            "000.000",
            "1",
            "-1",
            "1.5",
            ".5",
            "5.",
            "-.5",
            "+.5",
            "1e5",
            "1E5",
            "1e+5",
            "1e-5",
            "1.e3",
            ".1e-3",
            "0.1",
            "0.2",
            "0.3",
            "0.035",
            "123456789012345678",
            "12345678901234567890",
            "1234567890123456789012345",
            "9007199254740993",
            "9007199254740992.5",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e308",
            "1e309",
            "1e-324",
            "1e-400",
            "1e400",
            "1e999999999999",
            "1e-999999999999",
            "0e999999999999",
            "0.000000000000000000000000000001e30",
            "100000000000000000000000000000000000000000000000000000000e-56",
            "7.038531e-26",
            "8.98846567431158e307",
            "3.0517578125e-05",
            "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124",
            "1.00000000000000011102230246251565404236316680908203126",
            "",
            "-",
            "+",
            ".",
            "e5",
            ".e5",
            "1e",
            "1e+",
            "1e-",
            "--1",
            "+-1",
            "1.2.3",
            "1e5.5",
            "1ee5",
            "1-",
            "0x10",
            "1_000",
        ] {
            same(s);
        }
        let long = format!("0.{}1", "0".repeat(400));
        same(&long);
        same(&format!("1{}e-1000", "0".repeat(1000)));
        same(&format!("{}.5", "9".repeat(800)));
        same(&format!("1.{}1", "0".repeat(800)));
        same(&format!("2.4703282292062327{}1e-324", "0".repeat(900)));
    }

    /// `v × base^n` in decimal.
    fn decimal(v: u128, base: u32, n: u32) -> String {
        let mut limbs = vec![
            v as u32,
            (v >> 32) as u32,
            (v >> 64) as u32,
            (v >> 96) as u32,
        ];
        for _ in 0..n {
            let mut carry = 0u64;
            for l in &mut limbs {
                let x = u64::from(*l) * u64::from(base) + carry;
                *l = x as u32;
                carry = x >> 32;
            }
            if carry > 0 {
                limbs.push(carry as u32);
            }
        }
        let mut out = Vec::new();
        while limbs.iter().any(|&l| l != 0) {
            let mut rem = 0u64;
            for l in limbs.iter_mut().rev() {
                let x = (rem << 32) | u64::from(*l);
                *l = (x / 10) as u32;
                rem = x % 10;
            }
            out.push(b'0' + rem as u8);
        }
        out.reverse();
        String::from_utf8(out).unwrap()
    }

    /// One less in the last digit.
    fn decrement(d: &str) -> String {
        let mut b = d.as_bytes().to_vec();
        let mut i = b.len();
        while i > 0 {
            i -= 1;
            if b[i] == b'0' {
                b[i] = b'9';
            } else {
                b[i] -= 1;
                break;
            }
        }
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn agrees_with_core_on_random_numbers() {
        // A fixed xorshift: random digits, lengths and exponents, reproducible.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..200_000 {
            let r = next();
            let digits = 1 + (r % 25) as usize;
            let mut s = String::new();
            if r & (1 << 40) != 0 {
                s.push('-');
            }
            let dot = (next() % (digits as u64 + 1)) as usize;
            for k in 0..digits {
                if k == dot {
                    s.push('.');
                }
                s.push(char::from(b'0' + (next() % 10) as u8));
            }
            if r & (1 << 41) != 0 {
                let e = (next() % 700) as i64 - 350;
                s.push_str(&format!("e{e}"));
            }
            same(&s);
        }
        // Long mantissas (the slow path) over the whole range, subnormals included.
        for _ in 0..100_000 {
            let digits = 17 + (next() % 6) as usize;
            let mut s: String = (0..digits)
                .map(|_| char::from(b'0' + (next() % 10) as u8))
                .collect();
            let e = (next() % 660) as i64 - 345;
            s.push_str(&format!("e{e}"));
            same(&s);
        }
        // Exactly halfway between two doubles (ties to even), and a hair either side: random
        // doubles, and every double just below a power of two (where the step above is twice
        // the step below).
        let below_powers = (2u64..2047).map(|biased| f64::from_bits((biased << 52) - 1));
        let random: Vec<f64> = (0..20_000).map(|_| f64::from_bits(next() >> 1)).collect();
        for f in random.into_iter().chain(below_powers) {
            if !f.is_finite() || f == 0.0 {
                continue;
            }
            let (m, e) = super::parts(f);
            // (2m+1) × 2^(e-1) in decimal: digits × 10^exp10.
            let (digits, exp10) = if e >= 1 {
                (decimal((2 * m + 1) as u128, 2, (e - 1) as u32), 0)
            } else {
                (decimal((2 * m + 1) as u128, 5, (1 - e) as u32), e - 1)
            };
            same(&format!("{digits}e{exp10}"));
            same(&format!("{digits}000001e{exp10}"));
            same(&format!("{}e{exp10}", decrement(&digits)));
        }
        // Every double printed shortest and with 17 digits parses back to itself.
        for _ in 0..100_000 {
            let f = f64::from_bits(next());
            if f.is_finite() {
                same(&format!("{f:e}"));
                same(&format!("{f:.16e}"));
            }
        }
    }
}
