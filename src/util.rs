//! Small shared helpers kept non-generic on purpose: in wasm every generic instantiation of a
//! standard sort or map costs kilobytes, so the engine sorts through one function.

use std::cmp::Ordering;

/// The indices `0..n` in stable order under `cmp` (a merge sort, one instantiation for all
/// callers).
pub fn sorted_indices(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut buf = vec![0usize; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, mid, start);
            while k < end {
                let take_left = match (a.get(i), a.get(j)) {
                    (Some(&x), Some(&y)) if i < mid && j < end => cmp(x, y) != Ordering::Greater,
                    _ => i < mid,
                };
                let src = if take_left { &mut i } else { &mut j };
                if let (Some(slot), Some(&v)) = (buf.get_mut(k), a.get(*src)) {
                    *slot = v;
                }
                *src += 1;
                k += 1;
            }
            start = end;
        }
        std::mem::swap(&mut a, &mut buf);
        width *= 2;
    }
    a
}

/// Sorts and dedups strings through [`sorted_indices`].
pub fn sorted_unique(v: Vec<String>) -> Vec<String> {
    let order = sorted_indices(v.len(), &|a, b| v.get(a).cmp(&v.get(b)));
    let mut out: Vec<String> = Vec::with_capacity(v.len());
    for i in order {
        if let Some(s) = v.get(i) {
            if out.last() != Some(s) {
                out.push(s.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably() {
        let keys = [3, 1, 2, 1, 0, 3, 2, 9, -1];
        let order = sorted_indices(keys.len(), &|a, b| keys[a].cmp(&keys[b]));
        assert_eq!(order, vec![8, 4, 1, 3, 2, 6, 0, 5, 7]);
        assert!(sorted_indices(0, &|_, _| Ordering::Equal).is_empty());
        for n in 0..40 {
            let v: Vec<i32> = (0..n).map(|i| (i * 7919) % 13).collect();
            let o = sorted_indices(v.len(), &|a, b| v[a].cmp(&v[b]));
            let mut s = v.clone();
            s.sort();
            assert_eq!(o.iter().map(|&i| v[i]).collect::<Vec<_>>(), s);
        }
    }

    #[test]
    fn unique_strings() {
        let v = vec!["b".to_string(), "a".into(), "b".into()];
        assert_eq!(sorted_unique(v), vec!["a".to_string(), "b".into()]);
    }
}
