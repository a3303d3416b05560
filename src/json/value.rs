//! The engine's JSON value, its parser and its compact writer.
//!
//! Why not `serde_json::Value`: in the wasm its parser, its `BTreeMap` objects and its
//! serializer were ~25 KB, and building a B-tree per object was half of loading a large
//! catalogue. Objects here are vectors sorted by key once when parsed (same iteration order
//! as serde_json's default map, so outputs are unchanged), numbers keep serde_json's
//! integer/float distinction, and floats print with the same shortest-digits algorithm
//! (`zmij`, which serde_json uses), so text written here is byte-identical to serde_json's.

use std::fmt;

pub use super::tape::SyntaxError;

/// A JSON value.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// A JSON number: an integer when the text was one (and fits 64 bits), else a float.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number(pub(super) N);

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum N {
    PosInt(u64),
    NegInt(i64),
    Float(f64),
}

impl Number {
    /// `None` for NaN and the infinities, which JSON cannot hold.
    pub fn from_f64(f: f64) -> Option<Number> {
        f.is_finite().then_some(Number(N::Float(f)))
    }

    pub fn as_f64(&self) -> Option<f64> {
        #[allow(clippy::cast_precision_loss)] // JSON numbers are doubles to every reader
        Some(match self.0 {
            N::PosInt(u) => u as f64,
            N::NegInt(i) => i as f64,
            N::Float(f) => f,
        })
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            N::PosInt(u) => i64::try_from(u).ok(),
            N::NegInt(i) => Some(i),
            N::Float(_) => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self.0 {
            N::PosInt(u) => Some(u),
            N::NegInt(_) | N::Float(_) => None,
        }
    }

    pub fn is_f64(&self) -> bool {
        matches!(self.0, N::Float(_))
    }

    pub fn is_i64(&self) -> bool {
        self.as_i64().is_some()
    }

    pub fn is_u64(&self) -> bool {
        matches!(self.0, N::PosInt(_))
    }
}

impl From<u64> for Number {
    fn from(u: u64) -> Self {
        Number(N::PosInt(u))
    }
}

impl From<i64> for Number {
    fn from(i: i64) -> Self {
        Number(u64::try_from(i).map_or(N::NegInt(i), N::PosInt))
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            N::PosInt(u) => fmt::Display::fmt(&u, f),
            N::NegInt(i) => fmt::Display::fmt(&i, f),
            N::Float(x) => f.write_str(zmij::Buffer::new().format_finite(x)),
        }
    }
}

/// A JSON object: entries sorted by key, keys unique (the crate's one sorted-vector map).
pub type Map = crate::util::KeyMap<Value>;

static NULL: Value = Value::Null;

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_array_mut(&mut self) -> Option<&mut Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn is_boolean(&self) -> bool {
        matches!(self, Value::Bool(_))
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_))
    }

    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    pub fn is_f64(&self) -> bool {
        matches!(self, Value::Number(n) if n.is_f64())
    }

    pub fn is_i64(&self) -> bool {
        matches!(self, Value::Number(n) if n.is_i64())
    }

    pub fn is_u64(&self) -> bool {
        matches!(self, Value::Number(n) if n.is_u64())
    }

    /// A member of an object (`&str`) or an element of an array (`usize`).
    pub fn get<I: Index>(&self, index: I) -> Option<&Value> {
        index.index_into(self)
    }

    pub fn get_mut<I: Index>(&mut self, index: I) -> Option<&mut Value> {
        index.index_into_mut(self)
    }

    /// The value at a JSON Pointer (RFC 6901).
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        rest.split('/')
            .map(unescape_token)
            .try_fold(self, |v, t| match v {
                Value::Object(m) => m.get(&t),
                Value::Array(a) => t.parse::<usize>().ok().and_then(|i| a.get(i)),
                _ => None,
            })
    }

    pub fn pointer_mut(&mut self, pointer: &str) -> Option<&mut Value> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        rest.split('/')
            .map(unescape_token)
            .try_fold(self, |v, t| match v {
                Value::Object(m) => m.get_mut(&t),
                Value::Array(a) => t.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
                _ => None,
            })
    }

    /// Takes the value out, leaving `null`.
    pub fn take(&mut self) -> Value {
        std::mem::take(self)
    }
}

/// A JSON Pointer reference token unescaped (`~1` is `/`, `~0` is `~`), without
/// `str::replace` (see `util::find_str` for why).
fn unescape_token(t: &str) -> String {
    crate::util::replace_str(&crate::util::replace_str(t, "~1", "/"), "~0", "~")
}

/// What can index a [`Value`]: a key or a position.
pub trait Index {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value>;
    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value>;
}

impl Index for usize {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        v.as_array()?.get(*self)
    }
    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        v.as_array_mut()?.get_mut(*self)
    }
}

impl Index for str {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        v.as_object()?.get(self)
    }
    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        v.as_object_mut()?.get_mut(self)
    }
}

impl Index for String {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        self.as_str().index_into(v)
    }
    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        self.as_str().index_into_mut(v)
    }
}

impl<T: Index + ?Sized> Index for &T {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        (**self).index_into(v)
    }
    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        (**self).index_into_mut(v)
    }
}

/// `v["key"]` / `v[0]`: `null` when absent, as serde_json.
impl<I: Index> std::ops::Index<I> for Value {
    type Output = Value;
    fn index(&self, index: I) -> &Value {
        index.index_into(self).unwrap_or(&NULL)
    }
}

/// `v["key"] = x` (an absent key is added; a non-object becomes an object) and `v[i] = x`
/// (a non-array becomes an array, grown with `null`s): like serde_json, minus its panics.
impl std::ops::IndexMut<&str> for Value {
    fn index_mut(&mut self, key: &str) -> &mut Value {
        if !self.is_object() {
            *self = Value::Object(Map::new());
        }
        match self {
            Value::Object(m) => m.slot(key),
            other => other,
        }
    }
}

impl std::ops::IndexMut<&String> for Value {
    fn index_mut(&mut self, key: &String) -> &mut Value {
        &mut self[key.as_str()]
    }
}

impl std::ops::IndexMut<usize> for Value {
    fn index_mut(&mut self, i: usize) -> &mut Value {
        if !self.is_array() {
            *self = Value::Array(Vec::new());
        }
        match self {
            Value::Array(a) => {
                if a.len() <= i {
                    a.resize(i + 1, Value::Null);
                }
                #[allow(clippy::indexing_slicing)] // grown to hold `i` just above
                &mut a[i]
            }
            other => other,
        }
    }
}

impl PartialEq<str> for Value {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl PartialEq<String> for Value {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == Some(other.as_str())
    }
}

impl PartialEq<bool> for Value {
    fn eq(&self, other: &bool) -> bool {
        self.as_bool() == Some(*other)
    }
}

macro_rules! int_conversions {
    ($($t:ty => $via:ty),*) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Self {
                Value::Number(Number::from(<$via>::from(n)))
            }
        }
        impl PartialEq<$t> for Value {
            fn eq(&self, other: &$t) -> bool {
                self.as_i64() == i64::try_from(*other).ok() && self.as_i64().is_some()
                    || self.as_u64() == u64::try_from(*other).ok() && self.as_u64().is_some()
            }
        }
    )*};
}
int_conversions!(u8 => u64, u16 => u64, u32 => u64, u64 => u64, i8 => i64, i16 => i64, i32 => i64, i64 => i64);

impl From<usize> for Value {
    fn from(n: usize) -> Self {
        Value::Number(Number::from(n as u64))
    }
}

impl From<f64> for Value {
    /// NaN and the infinities become `null`, as in serde_json.
    fn from(f: f64) -> Self {
        Number::from_f64(f).map_or(Value::Null, Value::Number)
    }
}

impl PartialEq<f64> for Value {
    fn eq(&self, other: &f64) -> bool {
        self.as_f64() == Some(*other)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Self {
        Value::String(s.clone())
    }
}

impl From<Number> for Value {
    fn from(n: Number) -> Self {
        Value::Number(n)
    }
}

impl From<Map> for Value {
    fn from(m: Map) -> Self {
        Value::Object(m)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(v: Vec<T>) -> Self {
        Value::Array(v.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(o: Option<T>) -> Self {
        o.map_or(Value::Null, Into::into)
    }
}

impl From<()> for Value {
    fn from((): ()) -> Self {
        Value::Null
    }
}

impl<T: Into<Value>> FromIterator<T> for Value {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Value::Array(iter.into_iter().map(Into::into).collect())
    }
}

/// Any JSON value (the `true` schema), as schemars describes serde_json's value.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Value {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AnyValue".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        true.into()
    }
}

// ---- Writing ---------------------------------------------------------------------------------

/// Compact JSON, byte-identical to `serde_json::to_string` of the same value.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        write_value(&mut out, self);
        f.write_str(&out)
    }
}

fn write_value(out: &mut String, v: &Value) {
    use std::fmt::Write;
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(s) => write_str(out, s),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, x);
            }
            out.push(']');
        }
        Value::Object(m) => {
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, k);
                out.push(':');
                write_value(out, x);
            }
            out.push('}');
        }
    }
}

/// A JSON string literal with serde_json's escapes (`\uXXXX` lowercase for other controls).
fn write_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(s.get(start..i).unwrap_or_default());
        if esc.is_empty() {
            out.push_str("\\u00");
            for nibble in [b >> 4, b & 0xf] {
                out.push(char::from(*HEX.get(usize::from(nibble)).unwrap_or(&b'0')));
            }
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}

impl serde::Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => n.serialize(s),
            Value::String(x) => s.serialize_str(x),
            Value::Array(a) => {
                let mut seq = s.serialize_seq(Some(a.len()))?;
                for x in a {
                    seq.serialize_element(x)?;
                }
                seq.end()
            }
            Value::Object(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, x) in m {
                    map.serialize_entry(k, x)?;
                }
                map.end()
            }
        }
    }
}

impl serde::Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            N::PosInt(u) => s.serialize_u64(u),
            N::NegInt(i) => s.serialize_i64(i),
            N::Float(f) => s.serialize_f64(f),
        }
    }
}

/// For hosts and tests that hold a serde deserializer (the engine itself reads with [`parse`]).
impl<'de> serde::Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> serde::de::Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(Number::from(i)))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(Number::from(u)))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::from(f))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::from(s))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        serde::Deserialize::deserialize(d)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(x) = seq.next_element()? {
            out.push(x);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(kv) = map.next_entry::<String, Value>()? {
            out.push(kv);
        }
        Ok(Value::Object(Map::from_entries(out)))
    }
}

// ---- Parsing ---------------------------------------------------------------------------------

/// Parses one JSON document (surrounding whitespace allowed, nothing else) into a value tree.
/// The reading of typed structs skips the tree: [`super::tape::Tape`].
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    Ok(super::tape::Tape::parse(text)?.root().to_value())
}

impl std::str::FromStr for Value {
    type Err = SyntaxError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

/// The value of an ASCII hex digit (`char::to_digit` carries a radix check and its panic text).
pub(crate) fn hex_digit(c: u8) -> Option<u32> {
    let d = match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => return None,
    };
    Some(u32::from(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(text: &str) -> String {
        parse(text).unwrap().to_string()
    }

    #[test]
    fn writes_what_serde_json_writes() {
        for text in [
            r#"{"b":1,"a":[true,false,null],"c":{"z":-2,"y":0.5}}"#,
            r#"["\u0001\"\\\n\r\t\b\f/é😀",1e300,-0,-0.0,2.0,18446744073709551615,18446744073709551616,-9223372036854775808,0.1]"#,
            r#"  [ 1 , 2 ]  "#,
            r#"{"a":1,"a":2}"#,
            // Indentation: runs of spaces after line breaks, shorter and longer than eight.
            "{\n        \"a\":\n\t [1,\r\n                 2, \n   \n                \"x\"]\n}\n        ",
        ] {
            let ours = round(text);
            let theirs = serde_json::from_str::<serde_json::Value>(text)
                .unwrap()
                .to_string();
            assert_eq!(ours, theirs, "{text}");
        }
    }

    #[test]
    fn refuses_what_json_refuses() {
        for (text, msg) in [
            ("", "EOF while parsing a value"),
            ("[1,]", "trailing comma"),
            ("{\"a\":1,}", "trailing comma"),
            ("[1 2]", "expected `,` or `]`"),
            ("{\"a\" 1}", "expected `:`"),
            ("{1:2}", "key must be a string"),
            ("01", "invalid number"),
            ("1.", "EOF while parsing a value"),
            ("1.e3", "invalid number"),
            ("\"\\x\"", "invalid escape"),
            ("\"\\ud800\"", "lone leading surrogate in hex escape"),
            (
                "\"a\nb\"",
                "control character (\\u0000-\\u001F) found while parsing a string",
            ),
            ("nul", "EOF while parsing a value"),
            ("nulx", "expected ident"),
            ("[1] x", "trailing characters"),
            ("1e999", "number out of range"),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.message, msg, "{text:?}");
        }
        let deep = "[".repeat(200);
        assert_eq!(
            parse(&deep).unwrap_err().message,
            "recursion limit exceeded"
        );
        let e = parse("{\n  \"a\": ?\n}").unwrap_err();
        assert_eq!((e.offset, e.line(), e.column()), (9, 2, 8));
    }

    /// Strings are scanned eight bytes at a time: a quote, a backslash, a control character
    /// or a multi-byte character at every offset across several 8-byte steps, as serde_json.
    #[test]
    fn strings_agree_with_serde_json_at_every_offset() {
        let base = "abcdefghijklmnopqrstuvwxyz";
        for len in 0..=base.len() {
            for at in 0..=len {
                for special in [
                    "\"", "\\\"", "\\\\", "\\n", "\\u001f", "\u{7f}", "é", "😀", "\u{1}", "\t", " ",
                ] {
                    let s = format!("\"{}{special}{}\"", &base[..at], &base[at..len]);
                    let ours = parse(&s).map(|v| v.to_string()).map_err(|e| e.message);
                    let theirs = serde_json::from_str::<serde_json::Value>(&s)
                        .map(|v| v.to_string())
                        .map_err(|_| "refused");
                    match (&ours, &theirs) {
                        (Ok(a), Ok(b)) => assert_eq!(a, b, "{s:?}"),
                        (Err(_), Err(_)) => {}
                        _ => panic!("{s:?}: ours {ours:?}, serde_json {theirs:?}"),
                    }
                }
            }
        }
    }

    /// Random nested documents (objects with repeated and unordered keys, escapes, numbers of
    /// every kind, indentation): the tape and the tree built from it agree with serde_json.
    #[test]
    fn random_documents_agree_with_serde_json() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        fn doc(next: &mut dyn FnMut(u64) -> u64, depth: u32, out: &mut String) {
            const KEYS: [&str; 6] = ["a", "b", "ab", "en", "\\u0061", "zz"];
            const LEAVES: [&str; 9] = [
                "null",
                "true",
                "false",
                "0",
                "-12",
                "3.25e-3",
                "18446744073709551616",
                "\"x\\ny\"",
                "\"\\u00e9\u{1F600}\"",
            ];
            let ws = |next: &mut dyn FnMut(u64) -> u64, out: &mut String| {
                if next(3) == 0 {
                    out.push('\n');
                    out.extend(std::iter::repeat_n(' ', next(20) as usize));
                }
            };
            match if depth == 0 { 0 } else { next(3) } {
                0 => out.push_str(LEAVES[next(9) as usize]),
                1 => {
                    out.push('[');
                    for i in 0..next(4) {
                        if i > 0 {
                            out.push(',');
                        }
                        ws(next, out);
                        doc(next, depth - 1, out);
                    }
                    out.push(']');
                }
                _ => {
                    out.push('{');
                    for i in 0..next(5) {
                        if i > 0 {
                            out.push(',');
                        }
                        ws(next, out);
                        out.push_str(&format!("\"{}\":", KEYS[next(6) as usize]));
                        doc(next, depth - 1, out);
                    }
                    ws(next, out);
                    out.push('}');
                }
            }
        }
        for _ in 0..2000 {
            let mut text = String::new();
            doc(&mut next, 4, &mut text);
            let theirs = serde_json::from_str::<serde_json::Value>(&text).unwrap();
            assert_eq!(
                parse(&text).unwrap().to_string(),
                theirs.to_string(),
                "{text}"
            );
        }
    }

    #[test]
    fn numbers_keep_their_kind() {
        let v = parse("[1,-1,1.0,1e2,-0]").unwrap();
        let a = v.as_array().unwrap();
        assert_eq!(a[0].as_u64(), Some(1));
        assert_eq!(a[1].as_i64(), Some(-1));
        assert!(a[2].is_f64() && a[3].is_f64());
        assert!(a[4].is_f64());
        assert_eq!(v[2], 1.0);
        assert_eq!(v[7], Value::Null);
    }
}
