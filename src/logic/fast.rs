//! The boolean fast path behind [`super::Rule::matches`]: truth values instead of values,
//! and the common leaves (`var` against a literal or another `var` with `<`, `<=`, `>`, `>=`,
//! `===`, `!==`, `in`) read straight from the data without building a [`Val`]. Anything else
//! falls back to [`Ev::eval`], so both paths give the same answer (a test checks it).

use crate::json::Value;

use super::compile::{Node, Op, OpNode, VarNode};
use super::eval::{Ev, Scope};
use super::slots::{resolve, Res};
use super::value::{strict_eq, Val, Why};

/// A truth value: strict mode's unknown keeps its reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tri {
    F,
    T,
    U(Why),
}

impl Tri {
    pub(crate) fn of(v: &Val) -> Tri {
        match v {
            Val::Unknown(w) => Tri::U(*w),
            v if v.truthy() => Tri::T,
            _ => Tri::F,
        }
    }

    fn bool(b: bool) -> Tri {
        if b {
            Tri::T
        } else {
            Tri::F
        }
    }

    pub(crate) fn val<'a>(self) -> Val<'a> {
        match self {
            Tri::F => Val::Bool(false),
            Tri::T => Val::Bool(true),
            Tri::U(w) => Val::Unknown(w),
        }
    }
}

fn truthy(v: &Value) -> Tri {
    Tri::bool(match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(_) => true,
    })
}

/// An argument read without evaluation: a data node, a missing `var`, or "take the slow path".
#[derive(Clone, Copy)]
enum Fv<'a> {
    V(&'a Value),
    Missing(u32),
    Slow,
}

static NULL: Value = Value::Null;

impl Ev {
    /// A literal `var` path: its slot, or walked through the data's objects and arrays.
    #[inline]
    fn fvar<'a>(&self, v: &'a VarNode, sc: &Scope<'a>) -> Fv<'a> {
        let r = match sc {
            Scope::Root(s) => s.get(v),
            Scope::Data(Val::Ref(cur)) => resolve(cur, &v.segs),
            _ => return Fv::Slow,
        };
        match r {
            Res::V(x) if !(self.strict && x.is_null()) => Fv::V(x),
            Res::Slow => Fv::Slow,
            _ => match &v.default {
                Some(Node::Lit(d)) => Fv::V(d),
                Some(_) => Fv::Slow,
                None if self.strict => Fv::Missing(v.id),
                None => Fv::V(&NULL),
            },
        }
    }

    #[inline]
    fn farg<'a>(&self, n: Option<&'a Node>, sc: &Scope<'a>) -> Fv<'a> {
        match n {
            Some(Node::Lit(v)) => Fv::V(v),
            Some(Node::Var(v)) => self.fvar(v, sc),
            _ => Fv::Slow,
        }
    }

    /// The truth of `n`: the same as `Tri::of(&self.eval(n, sc))`, faster.
    #[inline(always)]
    pub(crate) fn test<'a>(&self, n: &'a Node, sc: &Scope<'a>) -> Tri {
        if let Node::Op(o) = n {
            if let Some(t) = quick(o, sc) {
                return t;
            }
        }
        self.test_node(n, sc)
    }

    fn test_node<'a>(&self, n: &'a Node, sc: &Scope<'a>) -> Tri {
        let o = match n {
            Node::Op(o) => o,
            Node::Lit(v) => return truthy(v),
            Node::Var(v) => {
                return match self.fvar(v, sc) {
                    Fv::V(x) => truthy(x),
                    Fv::Missing(id) => Tri::U(Why::Missing(id)),
                    Fv::Slow => Tri::of(&self.eval(n, sc)),
                }
            }
            Node::Arr(_) => return Tri::of(&self.eval(n, sc)),
        };
        match o.op {
            Op::And | Op::Or => {
                let or = o.op == Op::Or;
                let mut unknown = None;
                for a in &o.args {
                    match self.test(a, sc) {
                        Tri::U(w) => {
                            unknown.get_or_insert(w);
                        }
                        Tri::T if or => return Tri::T,
                        Tri::F if !or => return Tri::F,
                        _ => {}
                    }
                }
                match unknown {
                    Some(w) => Tri::U(w),
                    // `and` of nothing is undefined: falsy
                    None => Tri::bool(o.op == Op::And && !o.args.is_empty()),
                }
            }
            Op::Not | Op::NotNot => match o.args.first().map(|a| self.test(a, sc)) {
                Some(Tri::U(w)) => Tri::U(w),
                t => Tri::bool(matches!(t, Some(Tri::T)) == (o.op == Op::NotNot)),
            },
            Op::If | Op::Tern => {
                let mut i = 0;
                while let (Some(c), Some(then)) = (o.args.get(i), o.args.get(i + 1)) {
                    match self.test(c, sc) {
                        Tri::U(w) => return Tri::U(w),
                        Tri::T => return self.test(then, sc),
                        Tri::F => i += 2,
                    }
                }
                o.args.get(i).map_or(Tri::F, |e| self.test(e, sc))
            }
            _ => match self.leaf(o, sc) {
                Some(t) => t,
                None => Tri::of(&self.eval(n, sc)),
            },
        }
    }

    /// Comparisons, `===`/`!==` and `in` over literals and plain `var`s; `None`: slow path.
    pub(crate) fn leaf<'a>(&self, o: &'a OpNode, sc: &Scope<'a>) -> Option<Tri> {
        if !matches!(
            o.op,
            Op::Lt | Op::Le | Op::Gt | Op::Ge | Op::StrictEq | Op::StrictNe | Op::In
        ) {
            return None;
        }
        if let Some(t) = quick(o, sc) {
            return Some(t);
        }
        let k = o.args.len();
        let a = self.farg(o.args.first(), sc);
        let b = self.farg(o.args.get(1), sc);
        // The evaluator's order: unknown arguments first (left to right), then types.
        let known = |f: Fv<'a>| match f {
            Fv::V(v) => Ok(Some(v)),
            Fv::Missing(id) => Err(Tri::U(Why::Missing(id))),
            Fv::Slow => Ok(None),
        };
        let (a, b) = match (known(a), known(b)) {
            (Ok(Some(a)), Ok(Some(b))) => (a, b),
            (Err(t), _) | (Ok(Some(_)), Err(t)) => return Some(t),
            _ => return None,
        };
        match o.op {
            Op::Lt | Op::Le | Op::Gt | Op::Ge if k == 2 || k == 3 => {
                let cmp = |x: &Value, y: &Value| -> Option<Result<bool, Tri>> {
                    match (x.as_f64(), y.as_f64()) {
                        (Some(x), Some(y)) => Some(Ok(cmp(o.op, x, y))),
                        _ if self.strict => Some(Err(Tri::U(Why::Type))),
                        _ => None,
                    }
                };
                let ab = match cmp(a, b)? {
                    Ok(r) => r,
                    Err(t) => return Some(t),
                };
                if k == 3 && matches!(o.op, Op::Lt | Op::Le) {
                    let c = match known(self.farg(o.args.get(2), sc)) {
                        Ok(Some(c)) => c,
                        Err(t) => return Some(t),
                        Ok(None) => return None,
                    };
                    return Some(match cmp(b, c)? {
                        Ok(bc) => Tri::bool(ab && bc),
                        Err(t) => t,
                    });
                }
                Some(Tri::bool(ab))
            }
            Op::StrictEq | Op::StrictNe if k == 2 => {
                Some(Tri::bool(same(a, b, self.strict) == (o.op == Op::StrictEq)))
            }
            Op::In if k == 2 => match (b, a) {
                (Value::Array(items), _) => {
                    Some(Tri::bool(items.iter().any(|e| same(e, a, self.strict))))
                }
                (Value::String(h), Value::String(x)) => Some(Tri::bool(
                    !h.is_empty() && crate::util::find_str(h, x).is_some(),
                )),
                _ if self.strict => Some(Tri::U(Why::Type)),
                (Value::String(_), _) => None,
                _ => Some(Tri::F),
            },
            _ => None,
        }
    }
}

/// A `var` holding a number against a literal one, straight from the slots.
#[inline(always)]
fn quick(o: &OpNode, sc: &Scope<'_>) -> Option<Tri> {
    let Scope::Root(s) = sc else {
        return None;
    };
    let x = s.num(o.slot);
    if x.is_nan() {
        return None;
    }
    let (a, b) = if o.first { (x, o.lit) } else { (o.lit, x) };
    Some(Tri::bool(cmp(o.op, a, b)))
}

#[inline]
pub(crate) fn cmp(op: Op, x: f64, y: f64) -> bool {
    match op {
        Op::Lt => x < y,
        Op::Le => x <= y,
        Op::Gt => x > y,
        _ => x >= y,
    }
}

/// [`strict_eq`] of two data values, without building [`Val`]s.
fn same(a: &Value, b: &Value, deep: bool) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Array(_) | Value::Object(_), Value::Array(_) | Value::Object(_)) => {
            strict_eq(&Val::of(a), &Val::of(b), deep)
        }
        _ => false,
    }
}
