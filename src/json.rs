//! Typed values out of parsed JSON, with the JSON Pointer of any mismatch.
//!
//! Why not `#[derive(Deserialize)]`: serde's derive instantiates a visitor per type and per
//! deserializer, and for the ~45 catalogue and input types that came to ~220 KB of the wasm
//! (more than the whole engine). Reading from one parsed [`Tape`] through the few generic
//! helpers here costs a few hundred bytes per type, knows the path of every field for free,
//! and is the same code natively and in wasm.

use crate::util::KeyMap;

mod float;
mod macros;
mod tape;
mod to_value;
mod value;

pub use float::parse_f64;
pub use tape::{Json, Tape};
pub use to_value::{to_value, NotJson};
pub(crate) use value::hex_digit;
pub use value::{parse, Index, Map, Number, SyntaxError, Value};

use crate::error::{pointer_at, pointer_push, Error, ErrorCode};

/// Where a value sits in the document; rendered to a JSON Pointer only when an error needs it.
#[derive(Clone, Copy)]
pub enum At<'a> {
    Root,
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    pub fn pointer(&self) -> String {
        match self {
            At::Root => String::new(),
            At::Key(p, k) => pointer_push(&p.pointer(), k),
            At::Index(p, i) => pointer_push(&p.pointer(), &i.to_string()),
        }
    }
}

/// A shape mismatch: where, and what was expected.
#[derive(Debug, Clone, PartialEq)]
pub struct Fail {
    pub path: String,
    pub message: String,
}

impl Fail {
    pub fn into_error(self, code: ErrorCode) -> Error {
        Error::new(code, self.path, self.message)
    }
}

pub fn fail(at: At<'_>, message: impl Into<String>) -> Fail {
    Fail {
        path: at.pointer(),
        message: message.into(),
    }
}

pub fn expected(at: At<'_>, v: Json<'_>, what: &str) -> Fail {
    fail(at, format!("invalid type: {}, expected {what}", v.kind()))
}

/// A type that can be read from JSON.
pub trait FromJson: Sized {
    /// Reads from a value of a parsed [`Tape`]; strings are copied out of the text only
    /// for the fields that keep them.
    fn from_json(v: Json<'_>, at: At<'_>) -> Result<Self, Fail>;
}

/// Parses JSON text and reads a `T` from it; errors carry `code` and the JSON Pointer of the
/// offending node (for syntax errors, the node where the parser stopped).
pub fn parse_json<T: FromJson>(text: &str, code: ErrorCode) -> Result<T, Error> {
    let tape = parse_tape(text, code)?;
    T::from_json(tape.root(), At::Root).map_err(|f| f.into_error(code))
}

/// The text as a [`Tape`]; a syntax error carries `code` and the pointer of where it stopped.
/// (The non-generic half of [`parse_json`]: one copy in the wasm, not one per type.)
#[inline(never)]
pub fn parse_tape(text: &str, code: ErrorCode) -> Result<Tape<'_>, Error> {
    Tape::parse(text).map_err(|e| Error::new(code, pointer_at(text, e.offset), e.to_string()))
}

/// The text as a [`Value`] tree, errors as [`parse_tape`]'s.
pub fn parse_value(text: &str, code: ErrorCode) -> Result<Value, Error> {
    Ok(parse_tape(text, code)?.root().to_value())
}

/// Reads a `T` from a value tree (written out and read again: for tests and examples, not
/// hot paths).
pub fn from_value<T: FromJson>(v: Value, code: ErrorCode) -> Result<T, Error> {
    parse_json(&v.to_string(), code)
}

/// Reads the fields of one JSON object. A field that fails is recorded and replaced by its
/// default, so a struct is built without an early return per field (each `?` there would
/// need its own drop code for the fields already read: most of the size); `end` then reports
/// the first failure, or a key nobody asked for (a typo is an error, not an ignored setting),
/// or one written twice (which of the two was meant is unknown: refused, not guessed).
pub struct Obj<'a> {
    v: Json<'a>,
    len: usize,
    at: At<'a>,
    asked: [&'static str; 32],
    n: usize,
    /// Where the next look-up starts: the token of the entry after the last one found, and
    /// that entry's position. Objects written in the struct's field order (the schema's, the
    /// CLI's output) find each field at the first comparison.
    next: (usize, usize),
    /// Which entries (by position, the first 64) were read.
    taken: u64,
    /// The parser's bits of the keys present (`tape::key_bit`): most absent optional
    /// fields are known absent without a round of the entries.
    present: u64,
    failed: Option<Fail>,
}

impl<'a> Obj<'a> {
    pub fn new(v: Json<'a>, at: At<'a>) -> Result<Self, Fail> {
        match v.entries() {
            Some(e) => Ok(Obj {
                v,
                len: e.len(),
                present: v.key_bits(),
                at,
                asked: [""; 32],
                n: 0,
                next: (v.first_entry(), 0),
                taken: 0,
                failed: None,
            }),
            None => Err(expected(at, v, "an object")),
        }
    }

    /// The one non-generic step behind every field read: record the key and find its value,
    /// unless an earlier field failed. `required` makes absence a failure; `null_is_absent`
    /// is for optional fields.
    fn field(
        &mut self,
        key: &'static str,
        required: bool,
        null_is_absent: bool,
    ) -> Option<Json<'a>> {
        if let Some(slot) = self.asked.get_mut(self.n) {
            *slot = key;
            self.n += 1;
        }
        if self.failed.is_some() {
            return None;
        }
        // Round the entries once, from where the last look-up ended.
        let (mut i, mut k) = self.next;
        let rounds = if self.present & tape::key_bit(key.as_bytes()) == 0 {
            0
        } else {
            self.len
        };
        for _ in 0..rounds {
            if k >= self.len {
                i = self.v.first_entry();
                k = 0;
            }
            let (name, value, after) = self.v.entry_at(i);
            let bit = 1u64
                .checked_shl(u32::try_from(k).unwrap_or(u32::MAX))
                .unwrap_or(0);
            if self.taken & bit == 0 && crate::util::same_bytes(name, key.as_bytes()) {
                self.taken |= bit;
                self.next = (after, k + 1);
                return match value {
                    v if null_is_absent && v.is_null() => None,
                    v => Some(v),
                };
            }
            i = after;
            k += 1;
        }
        if required {
            self.failed = Some(fail(self.at, format!("missing field `{key}`")));
        }
        None
    }

    fn take<T: FromJson>(
        &mut self,
        key: &'static str,
        required: bool,
        null_is_absent: bool,
    ) -> Option<T> {
        let v = self.field(key, required, null_is_absent)?;
        let at = self.at;
        T::from_json(v, At::Key(&at, key))
            .map_err(|f| self.failed = Some(f))
            .ok()
    }

    /// A field that must be present.
    pub fn req<T: FromJson + Default>(&mut self, key: &'static str) -> T {
        self.take(key, true, false).unwrap_or_default()
    }

    /// An optional field: absent or `null` is `None`.
    pub fn opt<T: FromJson>(&mut self, key: &'static str) -> Option<T> {
        self.take(key, false, true)
    }

    /// A field with a default when absent (`null` is not absent: it must be a `T`).
    pub fn or<T: FromJson>(&mut self, key: &'static str, default: T) -> T {
        self.take(key, false, false).unwrap_or(default)
    }

    pub fn or_default<T: FromJson + Default>(&mut self, key: &'static str) -> T {
        self.take(key, false, false).unwrap_or_default()
    }

    /// The first failure, or the first (in key order) entry that was not read: a key nobody
    /// asked for, or the second of a repeated one.
    pub fn end(self) -> Result<(), Fail> {
        if let Some(f) = self.failed {
            return Err(f);
        }
        if self.len <= 64 && self.taken.count_ones() as usize == self.len {
            return Ok(());
        }
        let asked = self.asked.get(..self.n).unwrap_or(&[]);
        // The unread entry with the smallest key among the first 64 (a struct has at most 32
        // fields, so an object with more than 64 entries has unread ones among them).
        let mut unread: Option<&str> = None;
        let mut i = self.v.first_entry();
        for k in 0..self.len.min(64) {
            let (key, _, after) = self.v.entry_at(i);
            if self.taken & (1u64 << k) == 0 {
                let key = std::str::from_utf8(key).unwrap_or_default();
                if unread.is_none_or(|u| key < u) {
                    unread = Some(key);
                }
            }
            i = after;
        }
        match unread {
            None => Ok(()),
            Some(k) if asked.contains(&k) => {
                Err(fail(At::Key(&self.at, k), format!("duplicate field `{k}`")))
            }
            Some(k) => {
                let list: Vec<String> = asked.iter().map(|a| format!("`{a}`")).collect();
                Err(fail(
                    At::Key(&self.at, k),
                    format!("unknown field `{k}`, expected one of {}", list.join(", ")),
                ))
            }
        }
    }
}

impl FromJson for Value {
    fn from_json(v: Json<'_>, _: At<'_>) -> Result<Self, Fail> {
        Ok(v.to_value())
    }
}

impl FromJson for String {
    fn from_json(v: Json<'_>, at: At<'_>) -> Result<Self, Fail> {
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| expected(at, v, "a string"))
    }
}

impl FromJson for bool {
    fn from_json(v: Json<'_>, at: At<'_>) -> Result<Self, Fail> {
        v.as_bool().ok_or_else(|| expected(at, v, "a boolean"))
    }
}

impl FromJson for f64 {
    fn from_json(v: Json<'_>, at: At<'_>) -> Result<Self, Fail> {
        v.as_f64().ok_or_else(|| expected(at, v, "a number"))
    }
}

/// The number in `v` when it is a whole one (no i128 on the way: its formatting is big).
fn integer(v: Json<'_>, at: At<'_>) -> Result<Number, Fail> {
    match v.as_number() {
        Some(n) if n.as_i64().is_some() || n.as_u64().is_some() => Ok(n),
        Some(n) => Err(fail(
            at,
            format!("invalid type: {n}, expected a whole number"),
        )),
        None => Err(expected(at, v, "a whole number")),
    }
}

macro_rules! int_from_json {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_json(v: Json<'_>, at: At<'_>) -> Result<Self, Fail> {
                let n = integer(v, at)?;
                n.as_i64()
                    .and_then(|i| <$t>::try_from(i).ok())
                    .or_else(|| n.as_u64().and_then(|u| <$t>::try_from(u).ok()))
                    .ok_or_else(|| fail(at, format!("{n} is out of range for {}", stringify!($t))))
            }
        }
    )*};
}
int_from_json!(u8, u32, u64, i32, i64);

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: Json<'_>, at: At<'_>) -> Result<Self, Fail> {
        if v.is_null() {
            return Ok(None);
        }
        T::from_json(v, at).map(Some)
    }
}

/// The non-generic part of reading an array: each element with its index.
fn each_element(
    v: Json<'_>,
    at: At<'_>,
    f: &mut dyn FnMut(Json<'_>, At<'_>) -> Result<(), Fail>,
) -> Result<(), Fail> {
    let elements = v.elements().ok_or_else(|| expected(at, v, "an array"))?;
    for (i, x) in elements.enumerate() {
        f(x, At::Index(&at, i))?;
    }
    Ok(())
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: Json<'_>, at: At<'_>) -> Result<Self, Fail> {
        let mut out = Vec::new();
        each_element(v, at, &mut |x, at| {
            out.push(T::from_json(x, at)?);
            Ok(())
        })?;
        Ok(out)
    }
}

impl<T: FromJson> FromJson for KeyMap<T> {
    fn from_json(v: Json<'_>, at: At<'_>) -> Result<Self, Fail> {
        let entries = v
            .sorted_entries()
            .ok_or_else(|| expected(at, v, "an object"))?;
        let mut out = Vec::with_capacity(entries.len());
        for (k, x) in entries {
            let item = T::from_json(x, At::Key(&at, k))?;
            out.push((k.to_string(), item));
        }
        Ok(KeyMap::from_sorted(out))
    }
}

/// The position of `v`'s string among `names`: the one copy of the matching and of the
/// error text behind every [`str_enum_from_json`] type (inlined per enum, it was ~5 KB of wasm).
pub fn variant(v: Json<'_>, at: At<'_>, names: &[&str]) -> Result<usize, Fail> {
    let Some(s) = v.as_str() else {
        return Err(expected(at, v, "a string"));
    };
    names.iter().position(|n| *n == s).ok_or_else(|| {
        let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        fail(
            at,
            format!("unknown variant `{s}`, expected one of {}", list.join(", ")),
        )
    })
}

/// Implements [`FromJson`] for a fieldless enum from its JSON strings.
macro_rules! str_enum_from_json {
    ($t:ty { $($s:literal => $v:expr),+ $(,)? }) => {
        impl $crate::json::FromJson for $t {
            fn from_json(
                v: $crate::json::Json<'_>,
                at: $crate::json::At<'_>,
            ) -> Result<Self, $crate::json::Fail> {
                const NAMES: &[&str] = &[$($s),+];
                const VALUES: &[$t] = &[$($v),+];
                let i = $crate::json::variant(v, at, NAMES)?;
                VALUES
                    .get(i)
                    .cloned()
                    .ok_or_else(|| $crate::json::expected(at, v, "a string"))
            }
        }
    };
}
pub(crate) use str_enum_from_json;

#[cfg(test)]
mod tests {
    use super::*;

    struct Pair {
        a: String,
        b: Option<u32>,
        c: Vec<i64>,
    }

    impl FromJson for Pair {
        fn from_json(v: Json<'_>, at: At<'_>) -> Result<Self, Fail> {
            let mut o = Obj::new(v, at)?;
            let p = Pair {
                a: o.req("a"),
                b: o.opt("b"),
                c: o.or_default("c"),
            };
            o.end()?;
            Ok(p)
        }
    }

    fn err(text: &str) -> (String, String) {
        let e = parse_json::<Vec<Pair>>(text, ErrorCode::InputInvalid)
            .err()
            .unwrap();
        (e.path, e.message)
    }

    #[test]
    fn reads_fields_with_defaults() {
        let v = parse_json::<Vec<Pair>>(
            r#"[{"a":"x","b":null},{"a":"y","b":3,"c":[1,-2]}]"#,
            ErrorCode::InputInvalid,
        )
        .unwrap();
        assert_eq!((v[0].a.as_str(), v[0].b, v[0].c.len()), ("x", None, 0));
        assert_eq!((v[1].b, v[1].c.clone()), (Some(3), vec![1, -2]));
    }

    #[test]
    fn errors_carry_the_pointer() {
        assert_eq!(err(r#"[{"a":"x"},{"a":1}]"#).0, "/1/a");
        assert_eq!(err(r#"[{"a":"x","b":2.5}]"#).0, "/0/b");
        assert_eq!(err(r#"[{"a":"x","b":-1}]"#).0, "/0/b");
        assert_eq!(err(r#"[{"a":"x","c":[1,"2"]}]"#).0, "/0/c/1");
        let (path, msg) = err(r#"[{"a":"x","colour":1}]"#);
        assert_eq!(path, "/0/colour");
        assert!(msg.starts_with("unknown field `colour`"), "{msg}");
        let (path, msg) = err(r#"[{"b":1}]"#);
        assert_eq!((path.as_str(), msg.as_str()), ("/0", "missing field `a`"));
        assert_eq!(err(r#"[{"a":"x",}]"#).0, "/0/a");
    }

    #[test]
    fn fields_are_found_in_any_order_and_refused_when_repeated() {
        let v = parse_json::<Vec<Pair>>(
            r#"[{"c":[5],"b":2,"a":"x"},{"b":null,"\u0061":"\ty"},{"a":"z"}]"#,
            ErrorCode::InputInvalid,
        )
        .unwrap();
        assert_eq!(
            (v[0].a.as_str(), v[0].b, v[0].c.clone()),
            ("x", Some(2), vec![5])
        );
        assert_eq!((v[1].a.as_str(), v[1].b), ("\ty", None));
        assert_eq!((v[2].a.as_str(), v[2].b, v[2].c.len()), ("z", None, 0));
        let (path, msg) = err(r#"[{"a":"x","b":1,"a":"y"}]"#);
        assert_eq!(
            (path.as_str(), msg.as_str()),
            ("/0/a", "duplicate field `a`")
        );
        // Of several unread keys the first in key order is named, whatever the text's order.
        let (path, msg) = err(r#"[{"zz":1,"a":"x","yy":2}]"#);
        assert_eq!(path, "/0/yy");
        assert!(
            msg.starts_with("unknown field `yy`, expected one of `a`, `b`, `c`"),
            "{msg}"
        );
        // More entries than the reader tracks: still refused, never read past.
        let many: Vec<String> = (0..70).map(|i| format!("\"k{i:02}\":{i}")).collect();
        let (path, _) = err(&format!(r#"[{{"a":"x",{}}}]"#, many.join(",")));
        assert_eq!(path, "/0/k00");
        let (path, msg) = err(&format!(r#"[{{{},"a":"x"}}]"#, many.join(",")));
        assert_eq!(path, "/0/k00");
        assert!(msg.starts_with("unknown field `k00`"), "{msg}");
    }

    #[test]
    fn kept_json_and_maps_keep_the_last_of_a_repeated_key() {
        let m =
            parse_json::<KeyMap<u32>>(r#"{"b":1,"a":2,"b":3}"#, ErrorCode::InputInvalid).unwrap();
        let got: Vec<(&str, u32)> = m.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(got, [("a", 2), ("b", 3)]);
        // Past 16 entries the general sort: same order and the same last-wins rule.
        let keys: Vec<String> = (0..20).rev().map(|i| format!("\"k{i:02}\":{i}")).collect();
        let text = format!("{{{},\"k05\":99}}", keys.join(","));
        let v = parse_value(&text, ErrorCode::InputInvalid).unwrap();
        let theirs: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v.to_string(), theirs.to_string());
        assert_eq!(v["k05"], 99);
    }
}
