//! An ordered map whose copies share their entries: cloning is constant time and an insert
//! copies only the path to its entry (a persistent AVL tree). Stages start with the
//! variables of the stage they are built on; with this map a long chain of stages, or many
//! stages built on one, costs no more than the variables they set.

use serde::{Serialize, Serializer};
use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

pub struct PersistentMap<K, V> {
    root: Link<K, V>,
    len: usize,
}

type Link<K, V> = Option<Arc<Node<K, V>>>;

/// A node's entry is shared by the copies of the node an insert makes on its path.
struct Node<K, V> {
    entry: Arc<(K, V)>,
    left: Link<K, V>,
    right: Link<K, V>,
    height: u8,
}

fn height<K, V>(link: &Link<K, V>) -> u8 {
    link.as_ref().map_or(0, |node| node.height)
}

fn node<K, V>(entry: Arc<(K, V)>, left: Link<K, V>, right: Link<K, V>) -> Arc<Node<K, V>> {
    let height = 1 + height(&left).max(height(&right));
    Arc::new(Node {
        entry,
        left,
        right,
        height,
    })
}

/// A node over `left` and `right`, whose heights differ by at most two, rotated back into
/// balance.
fn balanced<K, V>(entry: Arc<(K, V)>, left: Link<K, V>, right: Link<K, V>) -> Arc<Node<K, V>> {
    let (left_height, right_height) = (height(&left), height(&right));
    if left_height > right_height + 1
        && let Some(heavy) = &left
    {
        if height(&heavy.left) >= height(&heavy.right) {
            let lower = node(entry, heavy.right.clone(), right);
            return node(heavy.entry.clone(), heavy.left.clone(), Some(lower));
        }
        if let Some(middle) = &heavy.right {
            let lower_left = node(heavy.entry.clone(), heavy.left.clone(), middle.left.clone());
            let lower_right = node(entry, middle.right.clone(), right);
            return node(middle.entry.clone(), Some(lower_left), Some(lower_right));
        }
    }
    if right_height > left_height + 1
        && let Some(heavy) = &right
    {
        if height(&heavy.right) >= height(&heavy.left) {
            let lower = node(entry, left, heavy.left.clone());
            return node(heavy.entry.clone(), Some(lower), heavy.right.clone());
        }
        if let Some(middle) = &heavy.left {
            let lower_left = node(entry, left, middle.left.clone());
            let lower_right = node(
                heavy.entry.clone(),
                middle.right.clone(),
                heavy.right.clone(),
            );
            return node(middle.entry.clone(), Some(lower_left), Some(lower_right));
        }
    }
    node(entry, left, right)
}

/// `link` with `key` set to `value`; the entry it replaces goes to `replaced`.
fn inserted<K: Ord, V>(
    link: &Link<K, V>,
    key: K,
    value: V,
    replaced: &mut Option<Arc<(K, V)>>,
) -> Arc<Node<K, V>> {
    let Some(current) = link else {
        return node(Arc::new((key, value)), None, None);
    };
    match key.cmp(&current.entry.0) {
        Ordering::Less => {
            let left = inserted(&current.left, key, value, replaced);
            balanced(current.entry.clone(), Some(left), current.right.clone())
        }
        Ordering::Greater => {
            let right = inserted(&current.right, key, value, replaced);
            balanced(current.entry.clone(), current.left.clone(), Some(right))
        }
        Ordering::Equal => {
            *replaced = Some(current.entry.clone());
            Arc::new(Node {
                entry: Arc::new((key, value)),
                left: current.left.clone(),
                right: current.right.clone(),
                height: current.height,
            })
        }
    }
}

impl<K, V> PersistentMap<K, V> {
    pub fn new() -> Self {
        Self { root: None, len: 0 }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let mut link = &self.root;
        while let Some(current) = link {
            link = match key.cmp(current.entry.0.borrow()) {
                Ordering::Less => &current.left,
                Ordering::Greater => &current.right,
                Ordering::Equal => return Some(&current.entry.1),
            };
        }
        None
    }

    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.get(key).is_some()
    }

    /// The entries in key order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        let mut iter = Iter { stack: Vec::new() };
        iter.descend(&self.root);
        iter
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.iter().map(|(key, _)| key)
    }
}

impl<K: Ord, V: Clone> PersistentMap<K, V> {
    /// Sets `key` to `value`, returning the value it replaces (as `BTreeMap::insert`).
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let mut replaced = None;
        self.root = Some(inserted(&self.root, key, value, &mut replaced));
        if replaced.is_none() {
            self.len += 1;
        }
        replaced.map(|entry| entry.1.clone())
    }
}

/// In-order iteration: the nodes whose left side is done, innermost last.
pub struct Iter<'a, K, V> {
    stack: Vec<&'a Node<K, V>>,
}

impl<'a, K, V> Iter<'a, K, V> {
    fn descend(&mut self, mut link: &'a Link<K, V>) {
        while let Some(current) = link {
            self.stack.push(current);
            link = &current.left;
        }
    }
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        let current = self.stack.pop()?;
        self.descend(&current.right);
        Some((&current.entry.0, &current.entry.1))
    }
}

impl<K, V> Clone for PersistentMap<K, V> {
    fn clone(&self) -> Self {
        Self {
            root: self.root.clone(),
            len: self.len,
        }
    }
}

impl<K, V> Default for PersistentMap<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: PartialEq, V: PartialEq> PartialEq for PersistentMap<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl<K: Eq, V: Eq> Eq for PersistentMap<K, V> {}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for PersistentMap<K, V> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.debug_map().entries(self.iter()).finish()
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Iter<'_, K, V> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.debug_struct("Iter").finish_non_exhaustive()
    }
}

/// As a map in key order, like a `BTreeMap`.
impl<K: Serialize, V: Serialize> Serialize for PersistentMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<K: Ord, V: Clone> FromIterator<(K, V)> for PersistentMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut map = Self::new();
        for (key, value) in entries {
            map.insert(key, value);
        }
        map
    }
}

impl<K: Ord, V: Clone, const N: usize> From<[(K, V); N]> for PersistentMap<K, V> {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// The height of a subtree, checking the AVL balance and order on the way.
    fn checked_height(link: &Link<u32, u32>, low: Option<u32>, high: Option<u32>) -> u8 {
        let Some(current) = link else { return 0 };
        let key = current.entry.0;
        assert!(low.is_none_or(|low| key > low));
        assert!(high.is_none_or(|high| key < high));
        let left = checked_height(&current.left, low, Some(key));
        let right = checked_height(&current.right, Some(key), high);
        assert!(left.abs_diff(right) <= 1, "unbalanced at {key}");
        assert_eq!(current.height, 1 + left.max(right));
        current.height
    }

    #[test]
    fn behaves_as_a_btree_map_and_copies_stay_apart() {
        let mut state = 7u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u32
        };
        let mut expected: BTreeMap<u32, u32> = BTreeMap::new();
        let mut map: PersistentMap<u32, u32> = PersistentMap::new();
        let mut snapshots: Vec<(BTreeMap<u32, u32>, PersistentMap<u32, u32>)> = Vec::new();
        for step in 0..3000 {
            let key = next() % 500;
            let value = next();
            assert_eq!(map.insert(key, value), expected.insert(key, value));
            if step % 97 == 0 {
                snapshots.push((expected.clone(), map.clone()));
            }
        }
        for (expected, map) in snapshots.iter().chain([&(expected, map)]) {
            checked_height(&map.root, None, None);
            assert_eq!(map.len(), expected.len());
            assert!(map.iter().eq(expected.iter()));
            for key in 0..520 {
                assert_eq!(map.get(&key), expected.get(&key));
                assert_eq!(map.contains_key(&key), expected.contains_key(&key));
            }
        }
        let ascending: PersistentMap<u32, u32> = (0..1000).map(|key| (key, key)).collect();
        assert!(checked_height(&ascending.root, None, None) <= 15);
    }

    #[test]
    fn strings_compare_debug_and_serialize_as_a_btree_map() {
        let pairs = [("b", "2"), ("a", "1"), ("c", "3")].map(|(k, v)| (k.to_owned(), v.to_owned()));
        let map: PersistentMap<String, String> = pairs.clone().into();
        let expected: BTreeMap<String, String> = pairs.into();
        assert_eq!(format!("{map:?}"), format!("{expected:?}"));
        assert_eq!(
            serde_json::to_string(&map).unwrap(),
            serde_json::to_string(&expected).unwrap()
        );
        assert_eq!(map.get("a").map(String::as_str), Some("1"));
        assert_eq!(map.keys().map(String::as_str).collect::<String>(), "abc");
        let mut other = map.clone();
        assert_eq!(other, map);
        other.insert("a".into(), "changed".into());
        assert_ne!(other, map);
        assert_eq!(map.get("a").map(String::as_str), Some("1"));
        assert!(PersistentMap::<String, String>::default().is_empty());
    }
}
