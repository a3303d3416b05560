//! Why a rule is not passed: the leaf conditions responsible, with what they compared.
//! Only [`super::Rule::check`] comes here; [`super::Rule::matches`] never builds any of it.

use crate::json::Value;

use super::compile::{Node, Op, OpNode};
use super::eval::{Ev, Scope};
use super::value::{Val, Why};
use super::{Failure, FailureCode, Rule};
use crate::error::pointer_push;

pub(crate) struct Explainer<'a> {
    pub(crate) ev: Ev,
    pub(crate) rule: &'a Rule,
    pub(crate) sc: Scope<'a>,
    pub(crate) out: Vec<Failure>,
}

fn child(path: &str, o: &OpNode, i: usize) -> String {
    let p = pointer_push(path, o.op.name());
    if o.single {
        p
    } else {
        pointer_push(&p, &i.to_string())
    }
}

/// The id of the first data path a node reads (depth first, in argument order).
fn first_var(n: &Node) -> Option<u32> {
    match n {
        Node::Var(v) if !v.segs.is_empty() => Some(v.id),
        Node::Op(o) => o.args.iter().find_map(first_var),
        Node::Arr(a) => a.iter().find_map(first_var),
        _ => None,
    }
}

impl<'a> Explainer<'a> {
    fn eval(&self, n: &'a Node) -> Val<'a> {
        self.ev.eval(n, &self.sc)
    }

    /// Explains `n` (at `path`), which did not pass.
    pub(crate) fn explain(&mut self, n: &'a Node, path: &str) {
        let Node::Op(o) = n else {
            return self.leaf(n, path);
        };
        match o.op {
            Op::And | Op::Or => {
                for (i, c) in o.args.iter().enumerate() {
                    if !self.eval(c).truthy() {
                        self.explain(c, &child(path, o, i));
                    }
                }
            }
            Op::If | Op::Tern => {
                let k = o.args.len();
                let mut i = 0;
                let chosen = loop {
                    if i + 1 >= k {
                        break (i < k).then_some(i);
                    }
                    let Some(c) = o.args.get(i) else { break None };
                    let v = self.eval(c);
                    if v.is_unknown() {
                        return self.explain(c, &child(path, o, i));
                    }
                    if v.truthy() {
                        break Some(i + 1);
                    }
                    i += 2;
                };
                match chosen.and_then(|i| o.args.get(i).map(|b| (i, b))) {
                    Some((i, b @ (Node::Op(_) | Node::Var(_)))) => {
                        self.explain(b, &child(path, o, i))
                    }
                    // no branch taken, or a literal one: the `if` itself is the leaf
                    _ => self.leaf(n, path),
                }
            }
            _ => self.leaf(n, path),
        }
    }

    fn leaf(&mut self, n: &'a Node, path: &str) {
        let val = self.eval(n);
        let (op, actual, expected) = match n {
            Node::Op(o) => self.sides(o, &val),
            Node::Var(_) => ("var", val.clone(), Val::Bool(true)),
            _ => ("", val.clone(), Val::Bool(true)),
        };
        let name = |id: u32| self.rule.paths.get(id as usize).map(|p| p.to_string());
        let (code, var) = match val {
            Val::Unknown(Why::Missing(id)) => (FailureCode::MissingVariable, name(id)),
            Val::Unknown(Why::NoDate) => (FailureCode::MissingVariable, None),
            Val::Unknown(Why::Type) => (FailureCode::TypeMismatch, first_var(n).and_then(name)),
            _ => (FailureCode::ConditionFalse, first_var(n).and_then(name)),
        };
        self.out.push(Failure {
            path: path.to_string(),
            op: op.to_string(),
            code,
            var,
            actual: actual.into_value(),
            expected: expected.into_value(),
        });
    }

    /// The operator as reported and its (actual, expected) sides.
    fn sides(&self, o: &'a OpNode, val: &Val<'a>) -> (&'static str, Val<'a>, Val<'a>) {
        let arg = |i: usize| o.args.get(i).map_or(Val::Undef, |a| self.eval(a));
        let yes = Val::Bool(true);
        let name = o.op.name();
        match o.op {
            Op::Lt | Op::Le if o.args.len() == 3 => {
                let range = Value::Array(vec![arg(0).into_value(), arg(2).into_value()]);
                (name, arg(1), Val::Own(range))
            }
            Op::Lt | Op::Le | Op::Gt | Op::Ge | Op::Eq | Op::Ne | Op::StrictEq | Op::StrictNe => {
                let (a, b) = (arg(0), arg(1));
                let has_var = |i: usize| o.args.get(i).and_then(first_var).is_some();
                // Report the data side as `actual`: the unknown side, else the one with a var.
                let swap = if a.is_unknown() != b.is_unknown() {
                    b.is_unknown()
                } else {
                    !has_var(0) && has_var(1)
                };
                if swap {
                    (o.op.mirror().name(), b, a)
                } else {
                    (name, a, b)
                }
            }
            Op::In => (name, arg(0), arg(1)),
            Op::Not => (name, arg(0), Val::Bool(false)),
            Op::If | Op::Tern | Op::And | Op::Or => (name, val.clone(), yes),
            _ if o.args.is_empty() => (name, val.clone(), yes),
            _ => (name, arg(0), yes),
        }
    }
}
