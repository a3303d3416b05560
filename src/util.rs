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

/// The indices `0..n` in the order of their keys, and of equal keys only the last (in index
/// order): `JSON.parse`'s rule for a key written twice, and a sort-and-dedup for lists.
pub fn last_of_each_key<'k>(n: usize, key: &dyn Fn(usize) -> &'k str) -> Vec<usize> {
    let order = sorted_indices(n, &|a, b| key(a).cmp(key(b)));
    let mut out: Vec<usize> = Vec::with_capacity(n);
    for i in order {
        // Equal keys are adjacent now, in index order (the sort is stable).
        match out.last_mut() {
            Some(last) if key(*last) == key(i) => *last = i,
            _ => out.push(i),
        }
    }
    out
}

/// Sorts and dedups strings through [`last_of_each_key`].
pub fn sorted_unique(mut v: Vec<String>) -> Vec<String> {
    let order = last_of_each_key(v.len(), &|i| v.get(i).map_or("", String::as_str));
    let mut out = Vec::with_capacity(order.len());
    for i in order {
        if let Some(s) = v.get_mut(i) {
            out.push(std::mem::take(s));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_search_agrees_with_std() {
        for (hay, needle) in [
            ("abc", "b"),
            ("aaa", "aa"),
            ("", "x"),
            ("x", ""),
            ("ünï{var}ü", "{var}"),
            ("日本語", "本"),
        ] {
            assert_eq!(find_str(hay, needle), hay.find(needle), "{hay} / {needle}");
            assert_eq!(
                replace_str(hay, needle, "-"),
                if needle.is_empty() {
                    hay.to_string()
                } else {
                    hay.replace(needle, "-")
                }
            );
        }
        assert_eq!(split_str("日本", 3), ("日", "本"));
        assert_eq!(split_str("日本", 1), ("日本", ""));
        assert_eq!(split_str("ab", 9), ("ab", ""));
    }

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
        let keys = ["b", "a", "b", "c", "a"];
        let at = |i: usize| keys.get(i).copied().unwrap_or_default();
        assert_eq!(last_of_each_key(keys.len(), &at), [4, 2, 3]);
    }
}

/// Byte order (= `str`'s order) in an inline loop: keys are short, and a `memcmp` call per
/// comparison was most of a large catalogue's look-up time in the wasm.
pub(crate) fn byte_order(a: &[u8], b: &[u8]) -> Ordering {
    a.iter()
        .zip(b)
        .find(|(x, y)| x != y)
        .map_or_else(|| a.len().cmp(&b.len()), |(x, y)| x.cmp(y))
}

/// Byte equality in an inline loop: keys are short, and a `memcmp` call per comparison
/// showed in profiles of the wasm.
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// A map from strings, kept as a vector sorted by key: JSON objects (`json::Map`) and the
/// catalogue's and the input's string-keyed maps (texts per locale, attributes, answers).
/// Iterates in key order like `BTreeMap`, so outputs are unchanged, but with one vector
/// instead of B-tree nodes per map, and without B-tree code per value type in the wasm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyMap<V>(Vec<(String, V)>);

impl<V> Default for KeyMap<V> {
    fn default() -> Self {
        KeyMap(Vec::new())
    }
}

impl<V> KeyMap<V> {
    pub fn new() -> Self {
        KeyMap(Vec::new())
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0
            .binary_search_by(|(k, _)| byte_order(k.as_bytes(), key.as_bytes()))
    }

    /// Where `key` is, for reading. Most maps are small (an object's fields, a text's
    /// locales): there a scan comparing lengths first, and bytes only on equal lengths, beats
    /// bisecting by full string comparisons; large ones (the catalogue's texts) are bisected.
    fn position(&self, key: &str) -> Option<usize> {
        if self.0.len() <= 16 {
            self.0
                .iter()
                .position(|(k, _)| same_bytes(k.as_bytes(), key.as_bytes()))
        } else {
            self.find(key).ok()
        }
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        let i = self.position(key)?;
        self.0.get(i).map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        let i = self.position(key)?;
        self.0.get_mut(i).map(|(_, v)| v)
    }

    pub fn get_key_value(&self, key: &str) -> Option<(&String, &V)> {
        let i = self.position(key)?;
        self.0.get(i).map(|(k, v)| (k, v))
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// Sets `key`, returning the value it replaced.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => self.0.get_mut(i).map(|(_, v)| std::mem::replace(v, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<V> {
        let i = self.find(key).ok()?;
        Some(self.0.remove(i).1)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &V)> + ExactSizeIterator {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&String, &mut V)> {
        self.0.iter_mut().map(|(k, v)| (&*k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.0.iter().map(|(_, v)| v)
    }

    /// From entries already sorted by key and unique.
    pub(crate) fn from_sorted(entries: Vec<(String, V)>) -> Self {
        KeyMap(entries)
    }

    /// Entries in any order: sorted here, a repeated key keeps its last value (as serde_json).
    pub(crate) fn from_entries(mut entries: Vec<(String, V)>) -> Self {
        if entries.len() <= 16 {
            // Small objects (nearly all of them): an insertion sort in place, with no
            // allocation; a repeated key leaves the rest to the general path below.
            let mut unique = true;
            for i in 1..entries.len() {
                let mut j = i;
                while let (Some(a), Some(b)) = (entries.get(j.wrapping_sub(1)), entries.get(j)) {
                    match a.0.cmp(&b.0) {
                        Ordering::Less => break,
                        Ordering::Equal => {
                            unique = false;
                            break;
                        }
                        Ordering::Greater => entries.swap(j - 1, j),
                    }
                    j -= 1;
                }
            }
            if unique {
                return KeyMap(entries);
            }
        }
        if !entries.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0)) {
            // The crate's one stable sort (no sort instantiation of its own in the wasm).
            let order = last_of_each_key(entries.len(), &|i| {
                entries.get(i).map_or("", |e| e.0.as_str())
            });
            let mut slots: Vec<Option<(String, V)>> = entries.into_iter().map(Some).collect();
            entries = Vec::with_capacity(order.len());
            for i in order {
                if let Some(e) = slots.get_mut(i).and_then(Option::take) {
                    entries.push(e);
                }
            }
        }
        KeyMap(entries)
    }
}

impl<V: Default> KeyMap<V> {
    /// The value of `key`, added as the default (JSON `null`) when absent.
    pub(crate) fn slot(&mut self, key: &str) -> &mut V {
        let i = self.find(key).unwrap_or_else(|i| {
            self.0.insert(i, (key.to_string(), V::default()));
            i
        });
        #[allow(clippy::indexing_slicing)] // found or inserted at `i` just above
        &mut self.0[i].1
    }
}

impl<V> FromIterator<(String, V)> for KeyMap<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        KeyMap::from_entries(iter.into_iter().collect())
    }
}

impl<V> Extend<(String, V)> for KeyMap<V> {
    fn extend<I: IntoIterator<Item = (String, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<V> IntoIterator for KeyMap<V> {
    type Item = (String, V);
    type IntoIter = std::vec::IntoIter<(String, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, V> IntoIterator for &'a KeyMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, V)>,
        fn(&'a (String, V)) -> (&'a String, &'a V),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<V: serde::Serialize> serde::Serialize for KeyMap<V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

/// The schema of a `BTreeMap<String, V>`: the same JSON either way.
#[cfg(feature = "schema")]
impl<V: schemars::JsonSchema> schemars::JsonSchema for KeyMap<V> {
    fn inline_schema() -> bool {
        <std::collections::BTreeMap<String, V> as schemars::JsonSchema>::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        <std::collections::BTreeMap<String, V> as schemars::JsonSchema>::schema_name()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <std::collections::BTreeMap<String, V> as schemars::JsonSchema>::json_schema(g)
    }
}

/// Byte offset of `needle` in `hay`, by a plain scan. `str::find`/`contains`/`replace` with a
/// string pattern bring std's two-way searcher and its panic path (which formats a `char` with
/// Debug, and with it the Unicode printable tables: ~13 KB of wasm); the texts searched here
/// are short. UTF-8 is self-synchronising, so a match always starts at a char boundary.
pub fn find_str(hay: &str, needle: &str) -> Option<usize> {
    let Some((first, rest)) = needle.as_bytes().split_first() else {
        return Some(0);
    };
    // Candidates by their first byte, then the rest compared: few comparisons in text.
    let hay = hay.as_bytes();
    let mut from = 0;
    while let Some(p) = hay.get(from..)?.iter().position(|b| b == first) {
        let at = from + p;
        if hay.get(at + 1..at + needle.len()) == Some(rest) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// `s.replace(from, to)` through [`find_str`] (`from` is never empty here: template markers).
pub fn replace_str(s: &str, from: &str, to: &str) -> String {
    if from.is_empty() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = find_str(rest, from) {
        out.push_str(rest.get(..i).unwrap_or_default());
        out.push_str(to);
        rest = rest.get(i + from.len()..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// `s.split_at(n)` without its panic path (see [`find_str`]); `n` past the end or inside a
/// character gives `(s, "")`.
pub fn split_str(s: &str, n: usize) -> (&str, &str) {
    match (s.get(..n), s.get(n..)) {
        (Some(a), Some(b)) => (a, b),
        _ => (s, ""),
    }
}
