//! The evaluator: one walk of the compiled tree for both modes. Strict mode is three-valued
//! (an [`Val::Unknown`] argument makes an operator unknown); compat mode coerces like
//! JavaScript.

use std::borrow::Cow;

use crate::json::Value;

use super::compile::{split_path, Node, Op, OpNode, Seg, VarNode};
use super::fast::Tri;
use super::slots::Slots;
use super::value::{
    js_cmp, js_num, js_string, loose_eq, parse_float_val, strict_eq, to_number, Val, Why,
};
use crate::date::Date;

/// What `var` reads: the data (or the current element), or reduce's pair.
pub(crate) enum Scope<'a> {
    Data(Val<'a>),
    /// The rule's data, with its paths resolved once for many rules.
    Root(&'a Slots<'a>),
    Reduce(Val<'a>, Val<'a>),
}

/// The most elements `merge` and bytes `cat` build: `reduce` doubling a value each step
/// would otherwise exhaust memory (strict: unknown, compat: null).
const MAX_BUILT: usize = 1 << 20;

/// `Err` carries the value that ends an operator early (an unknown, or compat's null).
type R<'a> = Result<Val<'a>, Val<'a>>;

pub(crate) struct Ev {
    pub(crate) strict: bool,
    pub(crate) today: Option<Date>,
}

/// Resolves a split path in the scope: `None` when JavaScript would say `undefined`.
pub(crate) fn lookup<'a>(sc: &Scope<'a>, segs: &[Seg]) -> Option<Val<'a>> {
    match sc {
        Scope::Data(d) => walk(d, segs),
        Scope::Root(s) => walk(&Val::of(s.data), segs),
        Scope::Reduce(cur, acc) => match segs.split_first() {
            None => {
                let mut m = crate::json::Map::new();
                m.insert("current".into(), cur.clone().into_value());
                m.insert("accumulator".into(), acc.clone().into_value());
                Some(Val::Own(Value::Object(m)))
            }
            Some((first, rest)) => match &*first.key {
                "current" => walk(cur, rest),
                "accumulator" => walk(acc, rest),
                _ => None,
            },
        },
    }
}

fn walk<'a>(start: &Val<'a>, segs: &[Seg]) -> Option<Val<'a>> {
    match start {
        Val::Own(v) => walk_from(Val::Ref(v), segs).map(Val::into_static),
        v => walk_from(v.clone(), segs),
    }
}

fn walk_from<'x>(mut cur: Val<'x>, segs: &[Seg]) -> Option<Val<'x>> {
    for seg in segs {
        cur = match cur {
            Val::Ref(Value::Object(m)) => Val::of(m.get(&seg.key)?),
            Val::Ref(Value::Array(a)) => match seg.idx {
                Some(i) => Val::of(a.get(i)?),
                None if &*seg.key == "length" => Val::Num(a.len() as f64),
                None => return None,
            },
            Val::Str(s) if &*seg.key == "length" => Val::Num(s.encode_utf16().count() as f64),
            Val::Str(Cow::Borrowed(s)) => {
                let (at, c) = s.char_indices().nth(seg.idx?)?;
                Val::Str(Cow::Borrowed(s.get(at..at + c.len_utf8())?))
            }
            Val::Str(Cow::Owned(s)) => Val::Str(Cow::Owned(s.chars().nth(seg.idx?)?.to_string())),
            // null, undefined, numbers and booleans have no fields
            _ => return None,
        };
    }
    Some(cur)
}

impl Ev {
    fn fail<'a>(&self, why: Why) -> Val<'a> {
        if self.strict {
            Val::Unknown(why)
        } else {
            Val::Null
        }
    }

    fn bad<'a>(&self) -> R<'a> {
        Err(self.fail(Why::Type))
    }

    /// A number: strict takes only numbers, compat converts like JavaScript.
    fn num<'a>(&self, v: &Val) -> Result<f64, Val<'a>> {
        match v {
            Val::Num(x) => Ok(*x),
            _ if self.strict => Err(Val::Unknown(Why::Type)),
            _ => Ok(to_number(v)),
        }
    }

    /// An arithmetic result: strict refuses infinities and NaN (division by zero...).
    fn number<'a>(&self, f: f64) -> R<'a> {
        if self.strict && !f.is_finite() {
            self.bad()
        } else {
            Ok(Val::Num(f))
        }
    }

    fn date<'a>(&self, v: &Val) -> Result<Date, Val<'a>> {
        match v {
            Val::Str(s) => Date::parse(s).ok_or_else(|| self.fail(Why::Type)),
            _ => Err(self.fail(Why::Type)),
        }
    }

    pub(crate) fn eval<'a>(&self, n: &'a Node, sc: &Scope<'a>) -> Val<'a> {
        match n {
            Node::Lit(v) => Val::of(v),
            Node::Arr(items) => {
                let mut out = Vec::with_capacity(items.len());
                for it in items {
                    let v = self.eval(it, sc);
                    if v.is_unknown() {
                        return v;
                    }
                    out.push(v.into_value());
                }
                Val::Own(Value::Array(out))
            }
            Node::Var(v) => self.var(v, sc),
            Node::Op(o) => {
                if let Some(t) = self.leaf(o, sc) {
                    return t.val();
                }
                match self.op(o, sc) {
                    Ok(v) | Err(v) => v,
                }
            }
        }
    }

    fn var<'a>(&self, v: &'a VarNode, sc: &Scope<'a>) -> Val<'a> {
        match lookup(sc, &v.segs) {
            Some(Val::Null) if self.strict => {}
            Some(x) => return x,
            None => {}
        }
        match &v.default {
            Some(d) => self.eval(d, sc),
            None => self.fail(Why::Missing(v.id)),
        }
    }

    fn arg<'a>(&self, o: &'a OpNode, i: usize, sc: &Scope<'a>) -> Val<'a> {
        o.args.get(i).map_or(Val::Undef, |n| self.eval(n, sc))
    }

    /// An argument; an unknown one ends the operator (it is unknown too).
    fn karg<'a>(&self, o: &'a OpNode, i: usize, sc: &Scope<'a>) -> R<'a> {
        let v = self.arg(o, i, sc);
        if v.is_unknown() {
            Err(v)
        } else {
            Ok(v)
        }
    }

    fn cmp<'a>(&self, op: Op, a: &Val, b: &Val) -> Result<bool, Val<'a>> {
        let ord = match (a, b) {
            (Val::Num(x), Val::Num(y)) => x.partial_cmp(y),
            _ if self.strict => return Err(Val::Unknown(Why::Type)),
            _ => js_cmp(a, b),
        };
        Ok(ord.is_some_and(|o| match op {
            Op::Lt => o.is_lt(),
            Op::Le => o.is_le(),
            Op::Gt => o.is_gt(),
            _ => o.is_ge(),
        }))
    }

    /// Missing keys as `missing` reports them (null and "" count as missing).
    fn missing(&self, keys: &[Val], sc: &Scope) -> Vec<Value> {
        let mut out = Vec::new();
        for k in keys {
            let found = match k {
                Val::Null | Val::Undef => lookup(sc, &[]),
                _ => lookup(sc, &split_path(&js_string(k))),
            };
            let gone = match found {
                None | Some(Val::Null) => true,
                Some(Val::Str(s)) => s.is_empty(),
                _ => false,
            };
            if gone {
                out.push(k.clone().into_value());
            }
        }
        out
    }

    pub(crate) fn op<'a>(&self, o: &'a OpNode, sc: &Scope<'a>) -> R<'a> {
        let n = o.args.len();
        Ok(match o.op {
            Op::Var => {
                // compat only: a computed path
                let p = self.arg(o, 0, sc);
                let found = match &p {
                    Val::Undef | Val::Null => lookup(sc, &[]),
                    _ => lookup(sc, &split_path(&js_string(&p))),
                };
                match (found, self.arg(o, 1, sc)) {
                    (Some(v), _) => v,
                    (None, Val::Undef) => Val::Null,
                    (None, d) => d,
                }
            }
            Op::Missing => {
                let first = self.karg(o, 0, sc)?;
                let out = if n == 0 {
                    Vec::new()
                } else if let Some(a) = first.array() {
                    self.missing(&a.iter().map(Val::of).collect::<Vec<_>>(), sc)
                } else {
                    let mut keys = vec![first];
                    for i in 1..n {
                        keys.push(self.karg(o, i, sc)?);
                    }
                    self.missing(&keys, sc)
                };
                Val::Own(Value::Array(out))
            }
            Op::MissingSome => {
                let need = self.num(&self.karg(o, 0, sc)?)?;
                let opts = self.karg(o, 1, sc)?;
                let (missing, len) = match opts.array() {
                    Some(a) => (
                        self.missing(&a.iter().map(Val::of).collect::<Vec<_>>(), sc),
                        a.len() as f64,
                    ),
                    None => {
                        let len = match &opts {
                            Val::Str(s) => s.encode_utf16().count() as f64,
                            _ => f64::NAN,
                        };
                        (self.missing(std::slice::from_ref(&opts), sc), len)
                    }
                };
                let enough = len - missing.len() as f64 >= need;
                Val::Own(Value::Array(if enough { Vec::new() } else { missing }))
            }
            Op::If | Op::Tern => {
                let mut i = 0;
                while let (Some(c), Some(then)) = (o.args.get(i), o.args.get(i + 1)) {
                    match self.test(c, sc) {
                        Tri::U(w) => return Err(Val::Unknown(w)),
                        Tri::T => return Ok(self.eval(then, sc)),
                        Tri::F => i += 2,
                    }
                }
                o.args.get(i).map_or(Val::Null, |e| self.eval(e, sc))
            }
            Op::And | Op::Or => {
                // JsonLogic returns the deciding operand; an unknown only decides when
                // nothing else does (false and unknown = false, true or unknown = true).
                let stop = o.op == Op::Or;
                let mut last = Val::Undef;
                let mut unknown = None;
                for a in &o.args {
                    let v = self.eval(a, sc);
                    if v.is_unknown() {
                        unknown.get_or_insert(v);
                    } else if v.truthy() == stop {
                        return Ok(v);
                    } else {
                        last = v;
                    }
                }
                unknown.unwrap_or(last)
            }
            Op::Eq | Op::Ne => {
                let eq = loose_eq(&self.arg(o, 0, sc), &self.arg(o, 1, sc));
                Val::Bool(eq == (o.op == Op::Eq))
            }
            Op::StrictEq | Op::StrictNe => {
                let (a, b) = (self.karg(o, 0, sc)?, self.karg(o, 1, sc)?);
                Val::Bool(strict_eq(&a, &b, self.strict) == (o.op == Op::StrictEq))
            }
            Op::Not | Op::NotNot => {
                Val::Bool(self.karg(o, 0, sc)?.truthy() == (o.op == Op::NotNot))
            }
            Op::Lt | Op::Le | Op::Gt | Op::Ge => {
                let (a, b) = (self.karg(o, 0, sc)?, self.karg(o, 1, sc)?);
                let ok = self.cmp(o.op, &a, &b)?;
                if n > 2 && matches!(o.op, Op::Lt | Op::Le) {
                    let c = self.karg(o, 2, sc)?;
                    if !matches!(c, Val::Undef) {
                        return Ok(Val::Bool(self.cmp(o.op, &b, &c)? && ok));
                    }
                }
                Val::Bool(ok)
            }
            Op::Max | Op::Min => {
                let max = o.op == Op::Max;
                let mut acc = if max {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                };
                for i in 0..n {
                    let x = self.num(&self.karg(o, i, sc)?)?;
                    acc = if x.is_nan() || acc.is_nan() {
                        f64::NAN
                    } else if max {
                        acc.max(x)
                    } else {
                        acc.min(x)
                    };
                }
                self.number(acc)?
            }
            Op::Add | Op::Mul => {
                let add = o.op == Op::Add;
                if !add && !self.strict && n <= 1 {
                    // JavaScript's reduce without a start value: the lone element, unchanged
                    // (and an error, here null, when there is none).
                    return Ok(if n == 1 {
                        self.arg(o, 0, sc)
                    } else {
                        Val::Null
                    });
                }
                let mut acc = if add { 0.0 } else { 1.0 };
                for i in 0..n {
                    let v = self.karg(o, i, sc)?;
                    let x = if self.strict {
                        self.num(&v)?
                    } else {
                        parse_float_val(&v)
                    };
                    acc = if add { acc + x } else { acc * x };
                }
                self.number(acc)?
            }
            Op::Sub => {
                let a = self.num(&self.karg(o, 0, sc)?)?;
                match self.karg(o, 1, sc)? {
                    Val::Undef => self.number(-a)?,
                    b => self.number(a - self.num(&b)?)?,
                }
            }
            Op::Div | Op::Mod => {
                let a = self.num(&self.karg(o, 0, sc)?)?;
                let b = self.num(&self.karg(o, 1, sc)?)?;
                self.number(if o.op == Op::Div { a / b } else { a % b })?
            }
            Op::In => {
                let (a, b) = (self.karg(o, 0, sc)?, self.karg(o, 1, sc)?);
                if let Some(items) = b.array() {
                    Val::Bool(
                        items
                            .iter()
                            .any(|e| strict_eq(&Val::of(e), &a, self.strict)),
                    )
                } else {
                    match (&b, &a) {
                        (Val::Str(h), Val::Str(x)) => {
                            Val::Bool(!h.is_empty() && crate::util::find_str(h, x).is_some())
                        }
                        _ if self.strict => return self.bad(),
                        (Val::Str(h), _) => Val::Bool(
                            !h.is_empty() && crate::util::find_str(h, &js_string(&a)).is_some(),
                        ),
                        _ => Val::Bool(false),
                    }
                }
            }
            Op::Cat => {
                let mut s = String::new();
                for i in 0..n {
                    match self.karg(o, i, sc)? {
                        Val::Str(x) => s.push_str(&x),
                        Val::Num(x) => js_num(x, &mut s),
                        Val::Bool(b) => s.push_str(if b { "true" } else { "false" }),
                        _ if self.strict => return self.bad(),
                        Val::Null | Val::Undef => {}
                        v => s.push_str(&js_string(&v)),
                    }
                    if s.len() > MAX_BUILT {
                        return self.bad();
                    }
                }
                Val::Str(Cow::Owned(s))
            }
            Op::Substr => {
                let (src, start, len) = (
                    self.karg(o, 0, sc)?,
                    self.karg(o, 1, sc)?,
                    self.karg(o, 2, sc)?,
                );
                if self.strict
                    && !(matches!(src, Val::Str(_))
                        && matches!(start, Val::Num(_))
                        && matches!(len, Val::Num(_) | Val::Undef))
                {
                    return self.bad();
                }
                let s = js_string(&src);
                let start = to_number(&start);
                let out = match len {
                    Val::Undef => substr(&s, start, None),
                    l => {
                        let l = to_number(&l);
                        if l < 0.0 {
                            // json-logic-js: a negative length drops characters from the end
                            let t = substr(&s, start, None);
                            let keep = t.chars().count() as f64 + l;
                            substr(&t, 0.0, Some(keep))
                        } else {
                            substr(&s, start, Some(l))
                        }
                    }
                };
                Val::Str(Cow::Owned(out))
            }
            Op::Merge => {
                let mut out = Vec::new();
                for i in 0..n {
                    match self.karg(o, i, sc)? {
                        Val::Own(Value::Array(a)) => out.extend(a),
                        v => match v.array() {
                            Some(a) => out.extend_from_slice(a),
                            None => out.push(v.into_value()),
                        },
                    }
                    if out.len() > MAX_BUILT {
                        return self.bad();
                    }
                }
                Val::Own(Value::Array(out))
            }
            Op::Map | Op::Filter | Op::Reduce | Op::All | Op::NoneOf | Op::SomeOf => {
                let data = self.karg(o, 0, sc)?;
                let body = o.args.get(1);
                let init = match o.args.get(2) {
                    Some(x) if o.op == Op::Reduce => self.eval(x, sc),
                    _ => Val::Null,
                };
                match data {
                    Val::Ref(Value::Array(items)) => self.each(o.op, items, body, init),
                    Val::Own(Value::Array(ref items)) => {
                        self.each(o.op, items, body, init).into_static()
                    }
                    _ if self.strict => return self.bad(),
                    _ => match o.op {
                        Op::Map | Op::Filter => Val::Own(Value::Array(Vec::new())),
                        Op::Reduce => init,
                        op => Val::Bool(op == Op::NoneOf),
                    },
                }
            }
            Op::Log => self.arg(o, 0, sc),
            Op::Today => match self.today {
                Some(d) => Val::Str(Cow::Owned(d.to_string())),
                None => return Err(self.fail(Why::NoDate)),
            },
            Op::AgeAt | Op::DaysBetween => {
                let a = self.date(&self.karg(o, 0, sc)?)?;
                let b = self.date(&self.karg(o, 1, sc)?)?;
                let d = if o.op == Op::AgeAt {
                    a.whole_years_until(b)
                } else {
                    a.days_until(b)
                };
                Val::Num(d as f64)
            }
        })
    }

    /// map / filter / reduce / all / none / some over `items`, each element as the data.
    fn each<'x>(
        &self,
        op: Op,
        items: &'x [Value],
        body: Option<&'x Node>,
        init: Val<'x>,
    ) -> Val<'x> {
        let scope = |it: &'x Value| Scope::Data(Val::of(it));
        let test = |it: &'x Value| body.map_or(Tri::F, |b| self.test(b, &scope(it)));
        match op {
            Op::Map => {
                let mut out = Vec::with_capacity(items.len());
                for it in items {
                    let v = body.map_or(Val::Undef, |b| self.eval(b, &scope(it)));
                    if v.is_unknown() {
                        return v;
                    }
                    out.push(v.into_value());
                }
                Val::Own(Value::Array(out))
            }
            Op::Filter => {
                let mut out = Vec::new();
                for it in items {
                    match test(it) {
                        Tri::U(w) => return Val::Unknown(w),
                        Tri::T => out.push(it.clone()),
                        Tri::F => {}
                    }
                }
                Val::Own(Value::Array(out))
            }
            Op::Reduce => {
                let mut acc = init;
                for it in items {
                    acc = match body {
                        Some(b) => self.eval(b, &Scope::Reduce(Val::of(it), acc)),
                        None => Val::Undef,
                    };
                }
                acc
            }
            _ => {
                // all: false when empty, stops at the first falsy; some / none stop at the
                // first truthy; unknowns decide only when nothing else does.
                if items.is_empty() {
                    return Val::Bool(op == Op::NoneOf);
                }
                let decisive = if op == Op::All { Tri::F } else { Tri::T };
                let mut unknown = None;
                for it in items {
                    match test(it) {
                        Tri::U(w) => {
                            unknown.get_or_insert(w);
                        }
                        t if t == decisive => return Val::Bool(op == Op::SomeOf),
                        _ => {}
                    }
                }
                unknown.map_or(Val::Bool(op != Op::SomeOf), Val::Unknown)
            }
        }
    }
}

/// `String.prototype.substr(start, length)`, by characters.
fn substr(s: &str, start: f64, len: Option<f64>) -> String {
    let int = |x: f64| if x.is_nan() { 0.0 } else { x.trunc() };
    let size = s.chars().count() as f64;
    let st = int(start);
    let st = if st < 0.0 {
        (size + st).max(0.0)
    } else {
        st.min(size)
    };
    // Not `clamp`: its NaN assertion drags float formatting (~20 KB) into the wasm.
    let l = len.map_or(size, |l| int(l).max(0.0).min(size));
    let end = (st + l).min(size);
    s.chars()
        .skip(st as usize)
        .take((end - st).max(0.0) as usize)
        .collect()
}
