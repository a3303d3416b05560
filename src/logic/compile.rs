//! From JSON to the compiled tree: operators looked up once, `var` paths split into segments,
//! strict arity and literal type checks, depth and size bounded on the way down.

use crate::json::{At, Value};

use super::{CompileOptions, Limits, Mode};
use crate::date::Date;
use crate::error::{Error, ErrorCode};

#[derive(Debug, Clone)]
pub(crate) enum Node {
    /// A value without logic in it.
    Lit(Value),
    /// An array with logic in it: evaluated element by element.
    Arr(Vec<Node>),
    Var(Box<VarNode>),
    Op(OpNode),
}

#[derive(Debug, Clone)]
pub(crate) struct OpNode {
    pub(crate) op: Op,
    /// The arguments were one non-array value (`{"!": x}`): no index in their pointers.
    pub(crate) single: bool,
    pub(crate) args: Vec<Node>,
    /// `<`, `<=`, `>`, `>=` of a `var` and a literal number: the number (else NaN), whether
    /// the `var` is the first argument, and its slot once bound (see [`super::Slots`]).
    pub(crate) lit: f64,
    pub(crate) first: bool,
    pub(crate) slot: u32,
}

impl OpNode {
    fn new(op: Op, single: bool, args: Vec<Node>) -> OpNode {
        let num = |n: &crate::json::Number| n.as_f64().unwrap_or(f64::NAN);
        let (lit, first) = match (op, args.as_slice()) {
            (Op::Lt | Op::Le | Op::Gt | Op::Ge, [a, b]) => match (a, b) {
                (Node::Var(_), Node::Lit(Value::Number(n))) => (num(n), true),
                (Node::Lit(Value::Number(n)), Node::Var(_)) => (num(n), false),
                _ => (f64::NAN, false),
            },
            _ => (f64::NAN, false),
        };
        OpNode {
            op,
            single,
            args,
            lit,
            first,
            slot: u32::MAX,
        }
    }
}

/// A `var` with a literal path.
#[derive(Debug, Clone)]
pub(crate) struct VarNode {
    /// Index of the dotted path in the rule's path table.
    pub(crate) id: u32,
    /// Reads the rule's data (not an element of `map`/`filter`/...): may be bound to a slot.
    pub(crate) rooted: bool,
    /// Its index in the [`super::Paths`] the rule is bound to; `u32::MAX` when unbound.
    pub(crate) slot: u32,
    pub(crate) segs: Vec<Seg>,
    pub(crate) default: Option<Node>,
}

/// One path segment: an object key, and the array index it denotes when it is one.
#[derive(Debug, Clone)]
pub(crate) struct Seg {
    pub(crate) key: Box<str>,
    pub(crate) idx: Option<usize>,
}

pub(crate) fn split_path(p: &str) -> Vec<Seg> {
    if p.is_empty() {
        return Vec::new();
    }
    p.split('.')
        .map(|k| Seg {
            key: k.into(),
            idx: if k == "0" || (!k.starts_with('0') && k.bytes().all(|c| c.is_ascii_digit())) {
                k.parse().ok()
            } else {
                None
            },
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Var,
    Missing,
    MissingSome,
    If,
    Tern,
    Eq,
    Ne,
    StrictEq,
    StrictNe,
    Not,
    NotNot,
    Or,
    And,
    Lt,
    Le,
    Gt,
    Ge,
    Max,
    Min,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    In,
    Cat,
    Substr,
    Merge,
    Map,
    Filter,
    Reduce,
    All,
    NoneOf,
    SomeOf,
    Log,
    Today,
    AgeAt,
    DaysBetween,
}

const OPS: &[(&str, Op)] = &[
    ("var", Op::Var),
    ("missing", Op::Missing),
    ("missing_some", Op::MissingSome),
    ("if", Op::If),
    ("?:", Op::Tern),
    ("==", Op::Eq),
    ("!=", Op::Ne),
    ("===", Op::StrictEq),
    ("!==", Op::StrictNe),
    ("!", Op::Not),
    ("!!", Op::NotNot),
    ("or", Op::Or),
    ("and", Op::And),
    ("<", Op::Lt),
    ("<=", Op::Le),
    (">", Op::Gt),
    (">=", Op::Ge),
    ("max", Op::Max),
    ("min", Op::Min),
    ("+", Op::Add),
    ("-", Op::Sub),
    ("*", Op::Mul),
    ("/", Op::Div),
    ("%", Op::Mod),
    ("in", Op::In),
    ("cat", Op::Cat),
    ("substr", Op::Substr),
    ("merge", Op::Merge),
    ("map", Op::Map),
    ("filter", Op::Filter),
    ("reduce", Op::Reduce),
    ("all", Op::All),
    ("none", Op::NoneOf),
    ("some", Op::SomeOf),
    ("log", Op::Log),
    ("today", Op::Today),
    ("age_at", Op::AgeAt),
    ("days_between", Op::DaysBetween),
];

impl Op {
    pub(crate) fn name(self) -> &'static str {
        OPS.iter().find(|(_, o)| *o == self).map_or("?", |(n, _)| n)
    }

    /// The comparison seen from the other side (`a < b` is `b > a`).
    pub(crate) fn mirror(self) -> Op {
        match self {
            Op::Lt => Op::Gt,
            Op::Le => Op::Ge,
            Op::Gt => Op::Lt,
            Op::Ge => Op::Le,
            o => o,
        }
    }

    /// Operators whose second argument runs once per element, with the element as data.
    fn scoped(self) -> bool {
        matches!(
            self,
            Op::Map | Op::Filter | Op::Reduce | Op::All | Op::NoneOf | Op::SomeOf
        )
    }
}

/// Strict arity: `Err(what it takes)` when `n` arguments are wrong.
fn arity(op: Op, n: usize) -> Result<(), &'static str> {
    let (ok, want) = match op {
        Op::Var => (n <= 2, "0 to 2"),
        Op::Missing | Op::Merge | Op::Eq | Op::Ne | Op::Log => (true, ""),
        Op::If => (n >= 3 && n % 2 == 1, "an odd number (at least 3) of"),
        Op::Tern => (n == 3, "3"),
        Op::Not | Op::NotNot => (n == 1, "1"),
        Op::Today => (n == 0, "no"),
        Op::And | Op::Or | Op::Max | Op::Min | Op::Add | Op::Mul | Op::Cat => {
            (n >= 1, "at least 1")
        }
        Op::Lt | Op::Le | Op::Substr | Op::Reduce => (n == 2 || n == 3, "2 or 3"),
        Op::Sub => (n == 1 || n == 2, "1 or 2"),
        _ => (n == 2, "2"),
    };
    if ok {
        Ok(())
    } else {
        Err(want)
    }
}

/// Strict: what literal argument `i` of `op` must be, when `n` is not that.
fn literal_type(op: Op, i: usize, n: &Node) -> Option<&'static str> {
    let lit = match n {
        Node::Lit(v) => Some(v),
        Node::Arr(_) => None,
        // Computed: checked when evaluated.
        _ => return (op == Op::Var && i == 0).then_some("a string or non-negative integer path"),
    };
    let is = |f: fn(&Value) -> bool| lit.is_some_and(f);
    let arr = lit.is_none_or(Value::is_array);
    let (ok, want) = match op {
        Op::Var if i == 0 => (
            is(|v| v.is_string() || v.is_u64()),
            "a string or non-negative integer path",
        ),
        Op::Lt
        | Op::Le
        | Op::Gt
        | Op::Ge
        | Op::Max
        | Op::Min
        | Op::Add
        | Op::Sub
        | Op::Mul
        | Op::Div
        | Op::Mod => (is(Value::is_number), "numbers"),
        Op::In if i == 1 => (
            arr || is(Value::is_string),
            "an array or a string to search in",
        ),
        Op::Cat => (
            is(|v| v.is_string() || v.is_number() || v.is_boolean()),
            "strings or numbers",
        ),
        Op::Substr if i == 0 => (is(Value::is_string), "a string"),
        Op::Substr => (
            is(|v| v.as_f64().is_some_and(|f| f.fract() == 0.0)),
            "integer positions",
        ),
        o if o.scoped() && i == 0 => (arr, "an array"),
        Op::AgeAt | Op::DaysBetween => (
            is(|v| v.as_str().and_then(Date::parse).is_some()),
            "ISO dates (YYYY-MM-DD)",
        ),
        Op::Missing => (is(|v| v.is_string() || names(v)), "variable names"),
        Op::MissingSome if i == 0 => (is(Value::is_u64), "a whole number first"),
        Op::MissingSome => (is(names), "an array of variable names"),
        _ => (true, ""),
    };
    (!ok).then_some(want)
}

pub(crate) struct Compiled {
    pub(crate) root: Node,
    pub(crate) paths: Vec<Box<str>>,
    pub(crate) vars: Vec<String>,
}

struct Cx<'o> {
    /// The pointer of the rule in its document, before every node's own path.
    base: &'o str,
    strict: bool,
    limits: Limits,
    known: Option<&'o dyn Fn(&str) -> bool>,
    nodes: usize,
    /// > 0 inside the per-element body of map/filter/...: paths are relative to the element.
    scoped: u32,
    paths: Vec<Box<str>>,
    /// Sorted, unique.
    vars: Vec<String>,
}

pub(crate) fn compile(
    rule: &Value,
    opts: &CompileOptions<'_>,
    base: &str,
) -> Result<Compiled, Error> {
    let mut cx = Cx {
        base,
        strict: opts.mode == Mode::Strict,
        limits: opts.limits,
        known: opts.known_var,
        nodes: 0,
        scoped: 0,
        paths: Vec::new(),
        vars: Vec::new(),
    };
    let root = cx.node(rule, &At::Root, 1)?;
    Ok(Compiled {
        root,
        paths: cx.paths,
        vars: cx.vars,
    })
}

impl Cx<'_> {
    /// The JSON Pointer of `at` in the document the rule sits in: rendered only for an error
    /// (a pointer string per node was ~5 % of loading a large catalogue, profiled in wasm).
    fn pointer(&self, at: &At<'_>) -> String {
        let mut p = self.base.to_string();
        p.push_str(&at.pointer());
        p
    }

    /// Counts one JSON node at `depth`; checked before going any deeper.
    fn enter(&mut self, path: &At<'_>, depth: usize) -> Result<(), Error> {
        if depth > self.limits.max_depth {
            return Err(Error::new(
                ErrorCode::RuleTooDeep,
                self.pointer(path),
                format!(
                    "the rule nests deeper than {} levels",
                    self.limits.max_depth
                ),
            ));
        }
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return Err(Error::new(
                ErrorCode::RuleTooLarge,
                self.pointer(path),
                format!("the rule has more than {} nodes", self.limits.max_nodes),
            ));
        }
        Ok(())
    }

    fn node(&mut self, v: &Value, path: &At<'_>, depth: usize) -> Result<Node, Error> {
        self.enter(path, depth)?;
        match v {
            Value::Object(m) => match m.iter().next() {
                Some((k, a)) if m.len() == 1 => self.op(k, a, path, depth),
                _ if self.strict => Err(Error::new(
                    ErrorCode::RuleParse,
                    self.pointer(path),
                    format!(
                        "a rule object has exactly one key, the operator (this one has {})",
                        m.len()
                    ),
                )),
                _ => {
                    // JsonLogic passes such objects through as data.
                    self.literal(v, path, depth)?;
                    Ok(Node::Lit(v.clone()))
                }
            },
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, it) in items.iter().enumerate() {
                    out.push(self.node(it, &At::Index(path, i), depth + 1)?);
                }
                if out.iter().all(|n| matches!(n, Node::Lit(_))) {
                    let lits = out.into_iter().filter_map(|n| match n {
                        Node::Lit(v) => Some(v),
                        _ => None,
                    });
                    Ok(Node::Lit(Value::Array(lits.collect())))
                } else {
                    Ok(Node::Arr(out))
                }
            }
            _ => Ok(Node::Lit(v.clone())),
        }
    }

    /// Counts (and bounds) the inside of a data object before it is copied.
    fn literal(&mut self, v: &Value, path: &At<'_>, depth: usize) -> Result<(), Error> {
        let visit = |cx: &mut Self, p: &At<'_>, c: &Value| {
            cx.enter(p, depth + 1)?;
            cx.literal(c, p, depth + 1)
        };
        match v {
            Value::Object(m) => m
                .iter()
                .try_for_each(|(k, c)| visit(self, &At::Key(path, k), c)),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .try_for_each(|(i, c)| visit(self, &At::Index(path, i), c)),
            _ => Ok(()),
        }
    }

    fn op(&mut self, name: &str, a: &Value, path: &At<'_>, depth: usize) -> Result<Node, Error> {
        let found = OPS.iter().find(|(n, _)| *n == name).map(|(_, o)| *o);
        let op = match found {
            Some(Op::Eq | Op::Ne) if self.strict => {
                let (s, w) = if name == "==" {
                    ("===", "equal")
                } else {
                    ("!==", "different")
                };
                return Err(Error::new(
                    ErrorCode::RuleLooseEquality,
                    self.pointer(path),
                    format!("loose '{name}' converts types (\"1\" {name} 1); use '{s}' to test for {w} values"),
                ));
            }
            Some(Op::Log) if self.strict => None,
            o => o,
        };
        let Some(op) = op else {
            return Err(Error::new(
                ErrorCode::RuleUnknownOperator,
                self.pointer(path),
                format!("unknown operator '{name}'"),
            ));
        };
        let (raw, single) = match a {
            Value::Array(v) => (v.as_slice(), false),
            other => (std::slice::from_ref(other), true),
        };
        if self.strict {
            arity(op, raw.len()).map_err(|want| {
                Error::new(
                    ErrorCode::RuleArity,
                    self.pointer(path),
                    format!("'{name}' takes {want} arguments, not {}", raw.len()),
                )
            })?;
        }
        let opath = At::Key(path, name);
        let arg_path = |i: usize| {
            if single {
                opath
            } else {
                At::Index(&opath, i)
            }
        };
        let mut args = Vec::with_capacity(raw.len());
        for (i, v) in raw.iter().enumerate() {
            let p = arg_path(i);
            let scoped = u32::from(i == 1 && op.scoped());
            self.scoped += scoped;
            let n = self.node(v, &p, depth + 1);
            self.scoped -= scoped;
            let n = n?;
            if self.strict {
                if let Some(want) = literal_type(op, i, &n) {
                    return Err(type_error(self.pointer(&p), name, want));
                }
            }
            args.push(n);
        }
        if self.strict && op == Op::In {
            if let [Node::Lit(needle), Node::Lit(Value::String(_))] = args.as_slice() {
                if !needle.is_string() {
                    return Err(type_error(
                        self.pointer(&arg_path(0)),
                        name,
                        "a string to find in a string",
                    ));
                }
            }
        }
        match op {
            Op::Var => self.var(args, single, path),
            Op::Missing | Op::MissingSome => {
                self.note_keys(op, &args, path)?;
                Ok(Node::Op(OpNode::new(op, single, args)))
            }
            _ => Ok(Node::Op(OpNode::new(op, single, args))),
        }
    }

    fn var(&mut self, mut args: Vec<Node>, single: bool, path: &At<'_>) -> Result<Node, Error> {
        let p = match args.first() {
            None => Some(String::new()),
            Some(Node::Lit(Value::String(s))) => Some(s.clone()),
            Some(Node::Lit(Value::Number(n))) => {
                let mut s = String::new();
                super::value::js_num(n.as_f64().unwrap_or(f64::NAN), &mut s);
                Some(s)
            }
            Some(Node::Lit(Value::Null)) => Some(String::new()),
            _ => None,
        };
        let Some(p) = p else {
            // Compat: a computed path, resolved when evaluated.
            return Ok(Node::Op(OpNode::new(Op::Var, single, args)));
        };
        self.note_var(&p, path)?;
        let id = match self.paths.iter().position(|x| **x == *p) {
            Some(i) => i,
            None => {
                self.paths.push(p.as_str().into());
                self.paths.len() - 1
            }
        };
        let default = (args.len() > 1).then(|| args.swap_remove(1));
        Ok(Node::Var(Box::new(VarNode {
            id: id as u32,
            rooted: self.scoped == 0,
            slot: u32::MAX,
            segs: split_path(&p),
            default,
        })))
    }

    /// Checks a data path against `known_var` and records it for [`super::Rule::vars`];
    /// paths inside map/filter/... bodies are relative to the element and skipped.
    fn note_var(&mut self, p: &str, path: &At<'_>) -> Result<(), Error> {
        if p.is_empty() || self.scoped > 0 {
            return Ok(());
        }
        if let Some(known) = self.known {
            if !known(p) {
                return Err(Error::new(
                    ErrorCode::RuleUnknownVariable,
                    self.pointer(path),
                    format!("unknown variable '{p}': the evaluation data has no such field"),
                ));
            }
        }
        if let Err(i) = self.vars.binary_search_by(|v| v.as_str().cmp(p)) {
            self.vars.insert(i, p.to_string());
        }
        Ok(())
    }

    fn note_keys(&mut self, op: Op, args: &[Node], path: &At<'_>) -> Result<(), Error> {
        let keys: Vec<&Value> = match (op, args) {
            (Op::MissingSome, [_, Node::Lit(Value::Array(a)), ..])
            | (Op::Missing, [Node::Lit(Value::Array(a))]) => a.iter().collect(),
            (Op::Missing, _) => args
                .iter()
                .filter_map(|n| match n {
                    Node::Lit(v) => Some(v),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for k in keys {
            if let Some(s) = k.as_str() {
                self.note_var(s, path)?;
            }
        }
        Ok(())
    }
}

fn names(v: &Value) -> bool {
    v.as_array().is_some_and(|a| a.iter().all(Value::is_string))
}

fn type_error(path: String, name: &str, want: &str) -> Error {
    Error::new(
        ErrorCode::RuleType,
        path,
        format!("'{name}' takes {want} here"),
    )
}
