//! Typed values out of parsed JSON, with the JSON Pointer of any mismatch.
//!
//! Why not `#[derive(Deserialize)]`: serde's derive instantiates a visitor per type and per
//! deserializer, and for the ~45 catalogue and input types that came to ~220 KB of the wasm
//! (more than the whole engine). Reading from one parsed [`Value`] through the few
//! generic helpers here costs a few hundred bytes per type, knows the path of every field for
//! free, and is the same code natively and in wasm.

use crate::util::KeyMap;

mod float;
mod macros;
mod to_value;
mod value;

pub use float::parse_f64;
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

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub fn expected(at: At<'_>, v: &Value, what: &str) -> Fail {
    fail(at, format!("invalid type: {}, expected {what}", kind(v)))
}

/// A type that can be read from JSON.
pub trait FromJson: Sized {
    /// Takes the value by ownership so strings and rules move into the result, not copied.
    fn from_json(v: Value, at: At<'_>) -> Result<Self, Fail>;
}

/// Parses JSON text and reads a `T` from it; errors carry `code` and the JSON Pointer of the
/// offending node (for syntax errors, the node where the parser stopped).
pub fn parse_json<T: FromJson>(text: &str, code: ErrorCode) -> Result<T, Error> {
    from_value(parse_value(text, code)?, code)
}

/// The text as a [`Value`]; a syntax error carries `code` and the pointer of where it stopped.
/// (The non-generic half of [`parse_json`]: one copy in the wasm, not one per type.)
pub fn parse_value(text: &str, code: ErrorCode) -> Result<Value, Error> {
    parse(text).map_err(|e| Error::new(code, pointer_at(text, e.offset), e.to_string()))
}

/// Reads a `T` from an already parsed value.
pub fn from_value<T: FromJson>(v: Value, code: ErrorCode) -> Result<T, Error> {
    T::from_json(v, At::Root).map_err(|f| f.into_error(code))
}

/// Reads the fields of one JSON object. A field that fails is recorded and replaced by its
/// default, so a struct is built without an early return per field (each `?` there would
/// need its own drop code for the fields already read: most of the size); `end` then reports
/// the first failure, or a key nobody asked for (a typo is an error, not an ignored setting).
pub struct Obj<'a> {
    map: Map,
    at: At<'a>,
    asked: [&'static str; 32],
    n: usize,
    /// Which entries (by position, the first 64) were read: values are taken out in place
    /// rather than removed, which moved every later entry of the object.
    taken: u64,
    failed: Option<Fail>,
}

impl<'a> Obj<'a> {
    pub fn new(v: Value, at: At<'a>) -> Result<Self, Fail> {
        match v {
            Value::Object(map) => Ok(Obj {
                map,
                at,
                asked: [""; 32],
                n: 0,
                taken: 0,
                failed: None,
            }),
            other => Err(expected(at, &other, "an object")),
        }
    }

    /// The one non-generic step behind every field read: record the key and take its value,
    /// unless an earlier field failed. `required` makes absence a failure; `null_is_absent`
    /// is for optional fields.
    fn field(&mut self, key: &'static str, required: bool, null_is_absent: bool) -> Option<Value> {
        if let Some(slot) = self.asked.get_mut(self.n) {
            *slot = key;
            self.n += 1;
        }
        if self.failed.is_some() {
            return None;
        }
        match self.map.take_at(key) {
            None => {
                if required {
                    self.failed = Some(fail(self.at, format!("missing field `{key}`")));
                }
                None
            }
            Some((i, v)) => {
                self.taken |= 1u64
                    .checked_shl(u32::try_from(i).unwrap_or(u32::MAX))
                    .unwrap_or(0);
                match v {
                    Value::Null if null_is_absent => None,
                    v => Some(v),
                }
            }
        }
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

    /// The first failure, or the first key that was not read.
    pub fn end(self) -> Result<(), Fail> {
        if let Some(f) = self.failed {
            return Err(f);
        }
        let asked = self.asked.get(..self.n).unwrap_or(&[]);
        // The first entry nobody read was not expected. (A struct has at most 32 fields, so an
        // object with more than 64 entries has unexpected ones among its first 64.)
        let unread = (0..self.map.len()).find(|&i| i >= 64 || self.taken & (1u64 << i) == 0);
        match unread.and_then(|i| self.map.key_at(i)) {
            None => Ok(()),
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
    fn from_json(v: Value, _: At<'_>) -> Result<Self, Fail> {
        Ok(v)
    }
}

impl FromJson for String {
    fn from_json(v: Value, at: At<'_>) -> Result<Self, Fail> {
        match v {
            Value::String(s) => Ok(s),
            other => Err(expected(at, &other, "a string")),
        }
    }
}

impl FromJson for bool {
    fn from_json(v: Value, at: At<'_>) -> Result<Self, Fail> {
        v.as_bool().ok_or_else(|| expected(at, &v, "a boolean"))
    }
}

impl FromJson for f64 {
    fn from_json(v: Value, at: At<'_>) -> Result<Self, Fail> {
        v.as_f64().ok_or_else(|| expected(at, &v, "a number"))
    }
}

/// The number in `v` when it is a whole one (no i128 on the way: its formatting is big).
fn integer<'v>(v: &'v Value, at: At<'_>) -> Result<&'v crate::json::Number, Fail> {
    match v {
        Value::Number(n) if n.as_i64().is_some() || n.as_u64().is_some() => Ok(n),
        Value::Number(n) => Err(fail(
            at,
            format!("invalid type: {n}, expected a whole number"),
        )),
        other => Err(expected(at, other, "a whole number")),
    }
}

macro_rules! int_from_json {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_json(v: Value, at: At<'_>) -> Result<Self, Fail> {
                let n = integer(&v, at)?;
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
    fn from_json(v: Value, at: At<'_>) -> Result<Self, Fail> {
        match v {
            Value::Null => Ok(None),
            v => T::from_json(v, at).map(Some),
        }
    }
}

/// The non-generic part of reading an array: each element with its index.
fn each_element(
    v: Value,
    at: At<'_>,
    f: &mut dyn FnMut(Value, At<'_>) -> Result<(), Fail>,
) -> Result<(), Fail> {
    match v {
        Value::Array(a) => {
            for (i, x) in a.into_iter().enumerate() {
                f(x, At::Index(&at, i))?;
            }
            Ok(())
        }
        other => Err(expected(at, &other, "an array")),
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: Value, at: At<'_>) -> Result<Self, Fail> {
        let mut out = Vec::new();
        each_element(v, at, &mut |x, at| {
            out.push(T::from_json(x, at)?);
            Ok(())
        })?;
        Ok(out)
    }
}

impl<T: FromJson> FromJson for KeyMap<T> {
    fn from_json(v: Value, at: At<'_>) -> Result<Self, Fail> {
        match v {
            Value::Object(m) => {
                // A parsed object is sorted with unique keys already: no sort, no search.
                let mut out = Vec::with_capacity(m.len());
                for (k, x) in m {
                    let item = T::from_json(x, At::Key(&at, &k))?;
                    out.push((k, item));
                }
                Ok(KeyMap::from_sorted(out))
            }
            other => Err(expected(at, &other, "an object")),
        }
    }
}

/// The position of `v`'s string among `names`: the one copy of the matching and of the
/// error text behind every [`str_enum_from_json`] type (inlined per enum, it was ~5 KB of wasm).
pub fn variant(v: &Value, at: At<'_>, names: &[&str]) -> Result<usize, Fail> {
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
                v: $crate::json::Value,
                at: $crate::json::At<'_>,
            ) -> Result<Self, $crate::json::Fail> {
                const NAMES: &[&str] = &[$($s),+];
                const VALUES: &[$t] = &[$($v),+];
                let i = $crate::json::variant(&v, at, NAMES)?;
                VALUES
                    .get(i)
                    .cloned()
                    .ok_or_else(|| $crate::json::expected(at, &v, "a string"))
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
        fn from_json(v: Value, at: At<'_>) -> Result<Self, Fail> {
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
}
