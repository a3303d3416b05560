//! The evaluation value and the JavaScript coercions compat mode needs.
//!
//! [`Val`] borrows from the data and the rule wherever it can, so a comparison of a data field
//! with a literal allocates nothing.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt::Write as _;

use crate::json::Value;

/// Why a strict evaluation is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Why {
    /// A `var` (its id in the rule's path table) is missing or null.
    Missing(u32),
    /// `today` was asked for but no evaluation date was given.
    NoDate,
    /// A value of the wrong type (or a division by zero, or a non-date string).
    Type,
}

#[derive(Debug, Clone)]
pub(crate) enum Val<'a> {
    /// JavaScript `undefined` (compat only: a missing argument, `{"and": []}`).
    Undef,
    /// Strict three-valued logic: not known, the rule fails closed.
    Unknown(Why),
    Null,
    Bool(bool),
    Num(f64),
    Str(Cow<'a, str>),
    /// A borrowed array or object (never a scalar).
    Ref(&'a Value),
    /// A computed array or object (never a scalar).
    Own(Value),
}

impl<'a> Val<'a> {
    pub(crate) fn of(v: &'a Value) -> Val<'a> {
        match v {
            Value::Null => Val::Null,
            Value::Bool(b) => Val::Bool(*b),
            Value::Number(n) => Val::Num(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => Val::Str(Cow::Borrowed(s)),
            _ => Val::Ref(v),
        }
    }

    pub(crate) fn into_static(self) -> Val<'static> {
        match self {
            Val::Undef => Val::Undef,
            Val::Unknown(w) => Val::Unknown(w),
            Val::Null => Val::Null,
            Val::Bool(b) => Val::Bool(b),
            Val::Num(n) => Val::Num(n),
            Val::Str(s) => Val::Str(Cow::Owned(s.into_owned())),
            Val::Ref(v) => Val::Own(v.clone()),
            Val::Own(v) => Val::Own(v),
        }
    }

    pub(crate) fn into_value(self) -> Value {
        match self {
            Val::Undef | Val::Unknown(_) | Val::Null => Value::Null,
            Val::Bool(b) => Value::Bool(b),
            Val::Num(n) => num_value(n),
            Val::Str(s) => Value::String(s.into_owned()),
            Val::Ref(v) => v.clone(),
            Val::Own(v) => v,
        }
    }

    pub(crate) fn is_unknown(&self) -> bool {
        matches!(self, Val::Unknown(_))
    }

    pub(crate) fn container(&self) -> Option<&Value> {
        match self {
            Val::Ref(v) => Some(v),
            Val::Own(v) => Some(v),
            _ => None,
        }
    }

    pub(crate) fn array(&self) -> Option<&[Value]> {
        self.container()
            .and_then(Value::as_array)
            .map(Vec::as_slice)
    }

    /// JsonLogic truthiness (JavaScript's, except that `[]` is falsy); unknown is not truthy.
    pub(crate) fn truthy(&self) -> bool {
        match self {
            Val::Undef | Val::Unknown(_) | Val::Null => false,
            Val::Bool(b) => *b,
            Val::Num(n) => *n != 0.0 && !n.is_nan(),
            Val::Str(s) => !s.is_empty(),
            Val::Ref(v) => !matches!(v, Value::Array(a) if a.is_empty()),
            Val::Own(v) => !matches!(v, Value::Array(a) if a.is_empty()),
        }
    }
}

/// An f64 as JSON: integral values within ±2^53 become integers, non-finite ones null.
pub(crate) fn num_value(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 {
        Value::from(f as i64)
    } else {
        crate::json::Number::from_f64(f).map_or(Value::Null, Value::Number)
    }
}

/// JavaScript `Number.prototype.toString()`: the shortest round-trip digits (zmij, the
/// algorithm serde_json prints with; core's float formatting would add ~20 KB to the wasm),
/// laid out by ECMA-262's Number::toString rules.
pub(crate) fn js_num(f: f64, out: &mut String) {
    if f.is_nan() {
        out.push_str("NaN");
        return;
    }
    if f.is_infinite() {
        out.push_str(if f > 0.0 { "Infinity" } else { "-Infinity" });
        return;
    }
    if f == 0.0 {
        out.push('0');
        return;
    }
    if f < 0.0 {
        out.push('-');
    }
    let mut buf = zmij::Buffer::new();
    let text = buf.format_finite(f.abs());
    let (mantissa, exp) = text.split_once(['e', 'E']).unwrap_or((text, "0"));
    let exp: i32 = exp.trim_start_matches('+').parse().unwrap_or(0);
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // value = 0.DIGITS × 10^n, DIGITS without leading or trailing zeros.
    let mut digits: String = int.chars().chain(frac.chars()).collect();
    let mut n = i32::try_from(int.len()).unwrap_or(0) + exp;
    let lead = digits.len() - digits.trim_start_matches('0').len();
    digits.drain(..lead);
    n -= i32::try_from(lead).unwrap_or(0);
    digits.truncate(digits.trim_end_matches('0').len());
    let k = i32::try_from(digits.len()).unwrap_or(1);
    let zeros = |out: &mut String, count: i32| {
        for _ in 0..count {
            out.push('0');
        }
    };
    if k <= n && n <= 21 {
        out.push_str(&digits);
        zeros(out, n - k);
    } else if 0 < n && n <= 21 {
        let (a, b) = crate::util::split_str(&digits, usize::try_from(n).unwrap_or(0));
        out.push_str(a);
        out.push('.');
        out.push_str(b);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        zeros(out, -n);
        out.push_str(&digits);
    } else {
        let (first, rest) = crate::util::split_str(&digits, 1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push('e');
        out.push(if n - 1 < 0 { '-' } else { '+' });
        let _ = write!(out, "{}", (n - 1).unsigned_abs());
    }
}

/// [`js_num`] as a new string.
pub(crate) fn num_text(f: f64) -> String {
    let mut s = String::new();
    js_num(f, &mut s);
    s
}

fn js_ws(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// JavaScript `Number(string)`.
pub(crate) fn str_to_num(s: &str) -> f64 {
    let t = s.trim_matches(js_ws);
    match t {
        "" => return 0.0,
        "Infinity" | "+Infinity" => return f64::INFINITY,
        "-Infinity" => return f64::NEG_INFINITY,
        _ => {}
    }
    let radix = match t.get(..2) {
        Some("0x" | "0X") => 16,
        Some("0o" | "0O") => 8,
        Some("0b" | "0B") => 2,
        _ => 0,
    };
    if radix > 0 {
        let digits = t.get(2..).unwrap_or("");
        if digits.is_empty() {
            return f64::NAN;
        }
        let mut v = 0.0;
        for c in digits.bytes() {
            match crate::json::hex_digit(c).filter(|&d| d < radix) {
                Some(d) => v = v * f64::from(radix) + f64::from(d),
                None => return f64::NAN,
            }
        }
        return v;
    }
    if t.bytes()
        .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        crate::json::parse_f64(t).unwrap_or(f64::NAN)
    } else {
        f64::NAN
    }
}

/// JavaScript `parseFloat(string)`: the longest numeric prefix.
pub(crate) fn parse_float(s: &str) -> f64 {
    let t = s.trim_start_matches(js_ws);
    let b = t.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    if t.get(i..).is_some_and(|r| r.starts_with("Infinity")) {
        return if b.first() == Some(&b'-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let start = i;
    while digit(i) {
        i += 1;
    }
    let mut n = i - start;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let f = i;
        while digit(i) {
            i += 1;
        }
        n += i - f;
    }
    if n == 0 {
        return f64::NAN;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let e = j;
        while digit(j) {
            j += 1;
        }
        if j > e {
            i = j;
        }
    }
    t.get(..i)
        .and_then(crate::json::parse_f64)
        .unwrap_or(f64::NAN)
}

/// JavaScript `String(value)`.
pub(crate) fn js_string<'b>(v: &'b Val<'_>) -> Cow<'b, str> {
    match v {
        Val::Str(s) => Cow::Borrowed(s),
        Val::Undef => Cow::Borrowed("undefined"),
        Val::Unknown(_) | Val::Null => Cow::Borrowed("null"),
        Val::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        _ => {
            let mut s = String::new();
            match v {
                Val::Num(n) => js_num(*n, &mut s),
                _ => {
                    if let Some(c) = v.container() {
                        push_js(&mut s, c, 0);
                    }
                }
            }
            Cow::Owned(s)
        }
    }
}

/// `String()` of a JSON value: arrays join with "," (null elements empty), objects are
/// "[object Object]". Nesting is bounded so hostile data cannot exhaust the stack.
fn push_js(out: &mut String, v: &Value, depth: u32) {
    match v {
        Value::Array(a) if depth < 64 => {
            for (i, e) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if !e.is_null() {
                    push_js(out, e, depth + 1);
                }
            }
        }
        Value::Array(_) => {}
        Value::Object(_) => out.push_str("[object Object]"),
        Value::String(s) => out.push_str(s),
        Value::Number(n) => js_num(n.as_f64().unwrap_or(f64::NAN), out),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
    }
}

/// JavaScript `Number(value)`.
pub(crate) fn to_number(v: &Val) -> f64 {
    match v {
        Val::Num(n) => *n,
        Val::Null => 0.0,
        Val::Bool(b) => f64::from(u8::from(*b)),
        Val::Str(s) => str_to_num(s),
        Val::Undef | Val::Unknown(_) => f64::NAN,
        _ => str_to_num(&js_string(v)),
    }
}

/// `parseFloat(value)` as json-logic-js's `+` and `*` use it.
pub(crate) fn parse_float_val(v: &Val) -> f64 {
    match v {
        Val::Num(n) => *n,
        _ => parse_float(&js_string(v)),
    }
}

/// JavaScript relational comparison (`<` and friends): strings compare by UTF-16 units,
/// anything else numerically; `None` when a side is NaN.
pub(crate) fn js_cmp(a: &Val, b: &Val) -> Option<Ordering> {
    let as_str = |v: &Val| matches!(v, Val::Str(_)) || v.container().is_some();
    if as_str(a) && as_str(b) {
        return Some(js_string(a).encode_utf16().cmp(js_string(b).encode_utf16()));
    }
    to_number(a).partial_cmp(&to_number(b))
}

/// JavaScript `==`.
pub(crate) fn loose_eq(a: &Val, b: &Val) -> bool {
    let nullish = |v: &Val| matches!(v, Val::Undef | Val::Unknown(_) | Val::Null);
    match (a, b) {
        _ if nullish(a) || nullish(b) => nullish(a) && nullish(b),
        (Val::Num(x), Val::Num(y)) => x == y,
        (Val::Str(x), Val::Str(y)) => x == y,
        (Val::Bool(x), Val::Bool(y)) => x == y,
        _ if a.container().is_some() && b.container().is_some() => same_ref(a, b),
        (Val::Bool(_) | Val::Num(_), _) | (_, Val::Bool(_) | Val::Num(_)) => {
            to_number(a) == to_number(b)
        }
        _ => js_string(a) == js_string(b),
    }
}

fn same_ref(a: &Val, b: &Val) -> bool {
    matches!((a, b), (Val::Ref(x), Val::Ref(y)) if std::ptr::eq(*x, *y))
}

/// `===`: JavaScript's (arrays and objects by identity) or, with `deep`, by value.
pub(crate) fn strict_eq(a: &Val, b: &Val, deep: bool) -> bool {
    match (a, b) {
        (Val::Undef, Val::Undef) | (Val::Null, Val::Null) => true,
        (Val::Num(x), Val::Num(y)) => x == y,
        (Val::Str(x), Val::Str(y)) => x == y,
        (Val::Bool(x), Val::Bool(y)) => x == y,
        _ => match (a.container(), b.container()) {
            (Some(x), Some(y)) if deep => deep_eq(x, y, 0),
            (Some(_), Some(_)) => same_ref(a, b),
            _ => false,
        },
    }
}

/// Structural equality, numbers by value (1 == 1.0); bounded nesting.
fn deep_eq(x: &Value, y: &Value, depth: u32) -> bool {
    match (x, y) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) => {
            depth < 64
                && a.len() == b.len()
                && a.iter().zip(b).all(|(p, q)| deep_eq(p, q, depth + 1))
        }
        (Value::Object(a), Value::Object(b)) => {
            depth < 64
                && a.len() == b.len()
                && a.iter()
                    .all(|(k, p)| b.get(k).is_some_and(|q| deep_eq(p, q, depth + 1)))
        }
        _ => x == y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(f: f64) -> String {
        let mut s = String::new();
        js_num(f, &mut s);
        s
    }

    #[test]
    fn numbers_print_like_javascript() {
        for (f, s) in [
            (1.0, "1"),
            (1.5, "1.5"),
            (-0.0, "0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (1.5e-7, "1.5e-7"),
            (0.000001, "0.000001"),
            (-2.5e300, "-2.5e+300"),
            (f64::NAN, "NaN"),
            (f64::NEG_INFINITY, "-Infinity"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (123_456_789_012_345_680_000.0, "123456789012345680000"),
            (123.456, "123.456"),
            (-1234.5e-10, "-1.2345e-7"),
            (0.00000123, "0.00000123"),
            (2.0e15 + 0.5, "2000000000000000.5"),
            (100.0, "100"),
        ] {
            assert_eq!(num(f), s, "{f}");
        }
    }

    #[test]
    fn string_to_number_like_javascript() {
        for (s, f) in [
            ("", 0.0),
            ("  12 ", 12.0),
            ("0x10", 16.0),
            ("1e3", 1000.0),
            (".5", 0.5),
            ("-Infinity", f64::NEG_INFINITY),
        ] {
            assert_eq!(str_to_num(s), f, "{s:?}");
        }
        for s in ["abc", "1_000", "inf", "nan", "0x", "1e", "--1"] {
            assert!(str_to_num(s).is_nan(), "{s:?}");
        }
        assert_eq!(parse_float(" 12abc"), 12.0);
        assert_eq!(parse_float("1.5e2x"), 150.0);
        assert_eq!(parse_float("1e"), 1.0);
        assert!(parse_float("abc").is_nan());
        assert!(parse_float(".").is_nan());
    }

    #[test]
    fn loose_equality_like_javascript() {
        let s = |x: &'static str| Val::Str(Cow::Borrowed(x));
        let arr = crate::json!([1]);
        assert!(loose_eq(&Val::Num(1.0), &s("1")));
        assert!(loose_eq(&Val::Bool(true), &s("1")));
        assert!(loose_eq(&Val::Null, &Val::Undef));
        assert!(!loose_eq(&Val::Null, &Val::Num(0.0)));
        assert!(loose_eq(&Val::Ref(&arr), &Val::Num(1.0)));
        assert!(loose_eq(&Val::Ref(&arr), &Val::Ref(&arr)));
        assert!(!loose_eq(&Val::Ref(&arr), &Val::Own(arr.clone())));
        assert_eq!(js_cmp(&s("10"), &s("9")), Some(Ordering::Less));
        assert_eq!(js_cmp(&s("10"), &Val::Num(9.0)), Some(Ordering::Greater));
        assert_eq!(js_cmp(&Val::Null, &Val::Num(0.5)), Some(Ordering::Less));
        assert_eq!(js_cmp(&Val::Undef, &Val::Num(0.5)), None);
    }

    #[test]
    fn output_numbers_are_integers_when_integral() {
        assert_eq!(num_value(2.0).to_string(), "2");
        assert_eq!(num_value(0.5).to_string(), "0.5");
        assert_eq!(num_value(f64::INFINITY), Value::Null);
        assert_eq!(num_value(1e300).to_string(), "1e+300");
    }
}
