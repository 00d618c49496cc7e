//! `SortedMap`: the crate's one ordered map, a vector of `(key, value)` pairs kept sorted by key.
//!
//! Why not `BTreeMap`: every key/value type a `BTreeMap` is used with gets its own copy of the
//! B-tree's node code (search, split, merge, steal, clone of subtrees), about 7 KiB of
//! WebAssembly per type; with a dozen maps (share keys, pending shares, authrings, LTLV and TLV
//! records, device names, chunk MACs…) that was 90 KiB of the npm package's module (issue 13).
//! A sorted vector needs a binary search and a `Vec` insert per type. The maps here hold at most
//! tens of thousands of small entries and are read far more often than changed; the one bulk
//! path, parsing a container, builds the vector first and sorts it once
//! ([`SortedMap::from_pairs`], [`SortedMap::from_unique_pairs`]), so an unsorted input costs `n log n`, not `n²`.
//!
//! Semantics follow `BTreeMap` for the methods that exist: iteration in ascending key order,
//! `insert` replaces the value of an equal key and returns the old one.

use alloc::vec::Vec;
use core::borrow::Borrow;
use core::cmp::Ordering;

/// An ordered map backed by a sorted vector. See the module documentation.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
        }
    }
}

impl<K: core::fmt::Debug, V: core::fmt::Debug> core::fmt::Debug for SortedMap<K, V> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_map()
            .entries(self.entries.iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    /// An empty map.
    pub(crate) const fn new() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    /// Builds a map from pairs in any order in `O(n log n)`; of two pairs with equal keys the
    /// later one wins, as with a sequence of `insert`s.
    pub(crate) fn from_pairs(pairs: Vec<(K, V)>) -> Self {
        Self::build(pairs, false).unwrap_or_default()
    }

    /// Builds a map from pairs in any order in `O(n log n)`; `None` when two keys are equal.
    pub(crate) fn from_unique_pairs(pairs: Vec<(K, V)>) -> Option<Self> {
        Self::build(pairs, true)
    }

    fn build(pairs: Vec<(K, V)>, refuse_duplicates: bool) -> Option<Self> {
        let order = ascending_order(pairs.len(), &|a, b| match (pairs.get(a), pairs.get(b)) {
            (Some(x), Some(y)) => x.0.cmp(&y.0),
            _ => Ordering::Equal, // unreachable: both are indices of `pairs`
        });
        let mut slots: Vec<Option<(K, V)>> = pairs.into_iter().map(Some).collect();
        let mut out: Vec<(K, V)> = Vec::with_capacity(slots.len());
        for i in order {
            let Some(pair) = slots.get_mut(i).and_then(Option::take) else {
                continue; // unreachable: `order` is a permutation of the indices
            };
            match out.last_mut() {
                Some(last) if last.0 == pair.0 => {
                    if refuse_duplicates {
                        return None;
                    }
                    *last = pair;
                }
                _ => out.push(pair),
            }
        }
        Some(Self { entries: out })
    }

    fn find<Q>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the map has no entry.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value stored under `key`.
    pub(crate) fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(key)
            .ok()
            .and_then(|i| self.entries.get(i))
            .map(|(_, v)| v)
    }

    /// The value stored under `key`, mutable.
    pub(crate) fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        match self.find(key) {
            Ok(i) => self.entries.get_mut(i).map(|(_, v)| v),
            Err(_) => None,
        }
    }

    /// True when `key` has an entry.
    pub(crate) fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(key).is_ok()
    }

    /// Stores `value` under `key`; returns the value it replaces.
    pub(crate) fn insert(&mut self, key: K, value: V) -> Option<V> {
        // Appending in ascending order (the common case: parsing what an official client wrote
        // in its own order) needs no search and no shift.
        if self.entries.last().is_none_or(|(last, _)| *last < key) {
            self.entries.push((key, value));
            return None;
        }
        match self.find(&key) {
            Ok(i) => self
                .entries
                .get_mut(i)
                .map(|(_, v)| core::mem::replace(v, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// Removes the entry of `key`; returns its value.
    pub(crate) fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        match self.find(key) {
            Ok(i) => Some(self.entries.remove(i).1),
            Err(_) => None,
        }
    }

    /// The entries in ascending key order.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The keys in ascending order.
    pub(crate) fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The values in ascending key order.
    pub(crate) fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The entries, consumed, in ascending key order.
    #[cfg(test)]
    pub(crate) fn into_pairs(self) -> Vec<(K, V)> {
        self.entries
    }
}

impl<'a, K: Ord, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter =
        core::iter::Map<core::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        fn pair<K, V>((k, v): &(K, V)) -> (&K, &V) {
            (k, v)
        }
        self.entries.iter().map(pair)
    }
}

/// The indices `0..len` sorted by `cmp`, equal elements in index order (a stable order). Not
/// generic on purpose: one sort routine serves every map type instead of one copy per type.
fn ascending_order(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_unstable_by(|&a, &b| cmp(a, b).then(a.cmp(&b)));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_like_an_ordered_map() {
        let mut m = SortedMap::new();
        assert_eq!(m.insert(5, "e"), None);
        assert_eq!(m.insert(1, "a"), None);
        assert_eq!(m.insert(3, "c"), None);
        assert_eq!(m.insert(9, "i"), None);
        assert_eq!(m.insert(3, "C"), Some("c"));
        assert_eq!(m.keys().copied().collect::<Vec<_>>(), [1, 3, 5, 9]);
        assert_eq!(
            m.values().copied().collect::<Vec<_>>(),
            ["a", "C", "e", "i"]
        );
        assert_eq!(m.get(&5), Some(&"e"));
        assert_eq!(m.get(&4), None);
        assert!(m.contains_key(&9) && !m.contains_key(&10) && !m.contains_key(&0));
        assert_eq!(m.remove(&1), Some("a"));
        assert_eq!(m.remove(&1), None);
        assert_eq!(m.len(), 3);
        *m.get_mut(&9).unwrap() = "I";
        assert_eq!(m.get_mut(&4), None);
        assert_eq!(
            m.iter().collect::<Vec<_>>(),
            [(&3, &"C"), (&5, &"e"), (&9, &"I")]
        );
        assert_eq!((&m).into_iter().next_back(), Some((&9, &"I")));
        assert!(!m.is_empty());
        assert!(SortedMap::<u8, u8>::new().is_empty());
    }

    #[test]
    fn debug_lists_the_entries_in_key_order() {
        let mut m = SortedMap::new();
        m.insert(2, 'b');
        m.insert(1, 'a');
        assert_eq!(alloc::format!("{m:?}"), "{1: 'a', 2: 'b'}");
    }

    #[test]
    fn bulk_build_sorts_and_resolves_duplicates() {
        let pairs = alloc::vec![(3, 'x'), (1, 'a'), (3, 'y'), (2, 'b')];
        let m = SortedMap::from_pairs(pairs.clone());
        assert_eq!(m.into_pairs(), [(1, 'a'), (2, 'b'), (3, 'y')]);
        assert!(SortedMap::from_unique_pairs(pairs).is_none());
        let unique = alloc::vec![(2, 'b'), (1, 'a')];
        let m = SortedMap::from_unique_pairs(unique).unwrap();
        assert_eq!(m.into_pairs(), [(1, 'a'), (2, 'b')]);
    }

    #[test]
    fn matches_btreemap_on_a_mixed_sequence() {
        // A first-principles oracle: the standard library's ordered map.
        let mut ours = SortedMap::new();
        let mut std_map = alloc::collections::BTreeMap::new();
        let mut x: u32 = 12345;
        for step in 0..2000u32 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let key = (x >> 16) % 97;
            if step % 3 == 2 {
                assert_eq!(ours.remove(&key), std_map.remove(&key));
            } else {
                assert_eq!(ours.insert(key, step), std_map.insert(key, step));
            }
            assert_eq!(ours.len(), std_map.len());
        }
        assert!(ours.iter().eq(std_map.iter()));
    }
}
