//! Paths shared by a set of rules over the same data: each distinct `var` path is resolved
//! once per evaluation ([`Slots`]) instead of once per rule (and per leaf) that reads it.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::json::Value;

use super::compile::{Node, Op, Seg, VarNode};
use super::Rule;

/// Tells tables apart, so a rule is only read through the slots of the table it is bound to.
fn fresh_tag() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The distinct data paths of the rules bound to it with [`Rule::bind`]. A clone is a new
/// table: the rules bound to the original read their data directly with the clone's slots.
#[derive(Debug)]
pub struct Paths {
    tag: u64,
    names: Vec<Box<str>>,
    segs: Vec<Vec<Seg>>,
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            tag: fresh_tag(),
            names: Vec::new(),
            segs: Vec::new(),
        }
    }
}

impl Clone for Paths {
    fn clone(&self) -> Self {
        Paths {
            tag: fresh_tag(),
            names: self.names.clone(),
            segs: self.segs.clone(),
        }
    }
}

impl Paths {
    /// How many distinct paths.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    fn bind(&mut self, n: &mut Node, names: &[Box<str>]) {
        match n {
            Node::Var(v) => {
                v.slot = u32::MAX;
                if let (true, Some(name)) = (v.rooted, names.get(v.id as usize)) {
                    let i = match self.names.iter().position(|x| x == name) {
                        Some(i) => i,
                        None => {
                            self.names.push(name.clone());
                            self.segs.push(v.segs.clone());
                            self.names.len() - 1
                        }
                    };
                    v.slot = u32::try_from(i).unwrap_or(u32::MAX);
                }
                if let Some(d) = &mut v.default {
                    self.bind(d, names);
                }
            }
            Node::Op(o) => {
                o.args.iter_mut().for_each(|a| self.bind(a, names));
                o.slot = match o.args.get(usize::from(!o.first)) {
                    Some(Node::Var(v)) if !o.lit.is_nan() => v.slot,
                    _ => u32::MAX,
                };
            }
            Node::Arr(a) => a.iter_mut().for_each(|a| self.bind(a, names)),
            Node::Lit(_) => {}
        }
    }
}

/// A path resolved in the data: its value, absent, or something only the evaluator reads (an
/// array's `length`, a character of a string).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Res<'a> {
    V(&'a Value),
    Absent,
    Slow,
}

pub(crate) fn resolve<'a>(mut cur: &'a Value, segs: &[Seg]) -> Res<'a> {
    for seg in segs {
        cur = match cur {
            Value::Object(m) => match m.get(&seg.key) {
                Some(x) => x,
                None => return Res::Absent,
            },
            Value::Array(a) => match seg.idx.map(|i| a.get(i)) {
                Some(Some(x)) => x,
                Some(None) => return Res::Absent,
                None => return Res::Slow, // "length"
            },
            Value::String(_) => return Res::Slow,
            _ => return Res::Absent,
        };
    }
    Res::V(cur)
}

/// Every path of a [`Paths`] resolved in one evaluation data, for [`Rule::matches_in`] and
/// [`Rule::check_in`]. A rule bound to other paths (or to none) reads the data itself.
#[derive(Debug)]
pub struct Slots<'a> {
    pub(crate) data: &'a Value,
    tag: u64,
    res: Vec<Res<'a>>,
    /// The number each path holds, NaN when it holds anything else (JSON has no NaN).
    nums: Vec<f64>,
}

impl<'a> Slots<'a> {
    pub fn new(paths: &Paths, data: &'a Value) -> Slots<'a> {
        let res: Vec<Res<'a>> = paths.segs.iter().map(|s| resolve(data, s)).collect();
        let nums = res
            .iter()
            .map(|r| match r {
                Res::V(v) => v.as_f64().unwrap_or(f64::NAN),
                _ => f64::NAN,
            })
            .collect();
        Slots {
            data,
            tag: paths.tag,
            res,
            nums,
        }
    }

    pub fn data(&self) -> &'a Value {
        self.data
    }

    /// Whether `rule` is bound to these slots' paths (else it must not read them).
    pub(crate) fn fit(&self, rule: &Rule) -> bool {
        rule.bound == self.tag
    }

    /// The resolved path of `v` (of a rule that [fits](Slots::fit)).
    #[inline]
    pub(crate) fn get(&self, v: &VarNode) -> Res<'a> {
        match self.res.get(v.slot as usize) {
            Some(r) => *r,
            None => resolve(self.data, &v.segs),
        }
    }

    /// The number in slot `i`; NaN when it holds none or there is no such slot.
    #[inline]
    pub(crate) fn num(&self, i: u32) -> f64 {
        self.nums.get(i as usize).copied().unwrap_or(f64::NAN)
    }

    fn str(&self, i: u32) -> Option<&'a str> {
        match self.res.get(i as usize) {
            Some(Res::V(Value::String(s))) => Some(s),
            _ => None,
        }
    }
}

/// A rule made only of `and`, `or` and comparisons of a bound `var` with literals, as one
/// contiguous program (preorder; `and`/`or` give the size of their subtree). It decides only
/// when every leaf it reaches holds the type it compares; otherwise the tree decides.
#[derive(Debug, Clone, Default)]
pub(crate) struct Flat {
    code: Vec<Ins>,
    strs: Vec<Box<str>>,
}

#[derive(Debug, Clone, Copy)]
enum Ins {
    /// `or` when true, `and` when false, of the next `len` instructions.
    Junction(bool, u32),
    /// `var op lit` (`lit op var` when not `first`), the `var` holding a number.
    Num(Op, bool, u32, f64),
    /// `var === strs[i]` (`!==` when not `eq`), the `var` holding a string.
    Str(bool, u32, u32),
    /// `var in strs[from..to]`, the `var` holding a string.
    In(u32, u32, u32),
}

impl Flat {
    pub(crate) fn of(n: &Node) -> Flat {
        let mut f = Flat::default();
        match f.push(n) {
            Some(()) => f,
            None => Flat::default(),
        }
    }

    fn push(&mut self, n: &Node) -> Option<()> {
        let Node::Op(o) = n else { return None };
        let var = |i: usize| match o.args.get(i) {
            Some(Node::Var(v)) if v.slot != u32::MAX => Some(v.slot),
            _ => None,
        };
        let lit = |i: usize| match o.args.get(i) {
            Some(Node::Lit(v)) => Some(v),
            _ => None,
        };
        let ins = match (o.op, o.args.len()) {
            (Op::And | Op::Or, 1..) => {
                let at = self.code.len();
                self.code.push(Ins::Junction(o.op == Op::Or, 0));
                o.args.iter().try_for_each(|a| self.push(a))?;
                let len = u32::try_from(self.code.len() - at - 1).ok()?;
                *self.code.get_mut(at)? = Ins::Junction(o.op == Op::Or, len);
                return Some(());
            }
            (Op::Lt | Op::Le | Op::Gt | Op::Ge, 2) if o.slot != u32::MAX => {
                Ins::Num(o.op, o.first, o.slot, o.lit)
            }
            (Op::StrictEq | Op::StrictNe, 2) => {
                let (slot, s) = match (var(0), var(1)) {
                    (Some(v), _) => (v, lit(1)?.as_str()?),
                    (_, Some(v)) => (v, lit(0)?.as_str()?),
                    _ => return None,
                };
                self.strs.push(s.into());
                Ins::Str(
                    o.op == Op::StrictEq,
                    slot,
                    u32::try_from(self.strs.len() - 1).ok()?,
                )
            }
            (Op::In, 2) => {
                let from = u32::try_from(self.strs.len()).ok()?;
                let items = lit(1)?.as_array()?.iter().filter_map(|v| v.as_str());
                self.strs.extend(items.map(Box::from));
                Ins::In(var(0)?, from, u32::try_from(self.strs.len()).ok()?)
            }
            _ => return None,
        };
        self.code.push(ins);
        Some(())
    }

    /// The rule's truth, or `None` when the tree has to decide.
    pub(crate) fn run(&self, s: &Slots<'_>) -> Option<bool> {
        (!self.code.is_empty()).then(|| self.at(0, s)).flatten()
    }

    fn at(&self, i: usize, s: &Slots<'_>) -> Option<bool> {
        Some(match *self.code.get(i)? {
            Ins::Junction(or, len) => {
                let end = i + 1 + len as usize;
                let mut j = i + 1;
                while j < end {
                    if self.at(j, s)? == or {
                        return Some(or);
                    }
                    j += 1 + match self.code.get(j) {
                        Some(Ins::Junction(_, n)) => *n as usize,
                        _ => 0,
                    };
                }
                !or
            }
            Ins::Num(op, first, slot, lit) => {
                let x = s.num(slot);
                if x.is_nan() {
                    return None;
                }
                let (a, b) = if first { (x, lit) } else { (lit, x) };
                super::fast::cmp(op, a, b)
            }
            Ins::Str(eq, slot, k) => {
                (Some(s.str(slot)?) == self.strs.get(k as usize).map(|x| &**x)) == eq
            }
            Ins::In(slot, from, to) => {
                let x = s.str(slot)?;
                let items = self.strs.get(from as usize..to as usize)?;
                items.iter().any(|e| **e == *x)
            }
        })
    }
}

impl Rule {
    /// Shares the rule's data paths with the other rules bound to `paths`, so an evaluation
    /// with [`Slots`] of `paths` reads each of them once for all these rules.
    pub fn bind(&mut self, paths: &mut Paths) {
        paths.bind(&mut self.root, &self.paths);
        self.bound = paths.tag;
        self.flat = Flat::of(&self.root);
    }
}
