//! A compact Aho-Corasick DFA for the matcher's overlapping scan.
//!
//! Every key is a byte string; a scan reports every occurrence of every key
//! (overlapping), as (key index, end offset). States are numbered breadth first,
//! so the shallow states that a scan visits at almost every byte sit together in
//! memory, and each state's row holds only the byte classes that occur in some
//! key. A transition is one table load; the high bit of the entry says whether the
//! state reached ends a key (itself or through its suffix links), so the loop
//! tests one bit per byte. It does not normalize text, check word boundaries or
//! choose between overlapping keys: that is the matcher's job.

use std::collections::VecDeque;

/// Independent scans interleaved by [`Automaton::for_each_overlapping`].
const LANES: usize = 4;
/// Below `LANES` parts of this many bytes (plus the overlap), one scan is used.
const MIN_LANE: usize = 64;

/// Set in a table entry when the target state ends at least one key.
const MATCH_FLAG: u32 = 1 << 31;
/// No state (end of a suffix-link chain, or a missing trie edge).
const NONE: u32 = u32::MAX;

/// A compiled set of byte-string keys.
#[derive(Debug, Clone)]
pub struct Automaton {
    /// Byte → class; class 0 holds every byte that no key uses.
    classes: [u8; 256],
    /// Number of classes: the length of one state's row.
    stride: usize,
    /// Row-major transitions: entry `state * stride + class` is the next state's
    /// row offset (`state * stride`), with [`MATCH_FLAG`] when it ends a key.
    table: Vec<u32>,
    /// Per state: the key ending exactly there, or [`NONE`].
    key: Vec<u32>,
    /// Per state: the nearest proper suffix state that ends a key, or [`NONE`].
    dict: Vec<u32>,
    /// Byte length of every key.
    lens: Vec<u32>,
    /// The longest key's length.
    max_len: usize,
}

/// One occurrence of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the key, in the order given to [`Automaton::new`].
    pub key: usize,
    /// Byte offset of the start of the occurrence.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
}

/// A trie node while building.
struct Node {
    /// Sorted (class, child) edges.
    edges: Vec<(u8, u32)>,
    key: u32,
}

impl Automaton {
    /// Compiles `keys` (duplicates keep their first index; empty keys never match).
    /// Fails when the transition table would take more than `max_bytes`.
    pub fn new<K: AsRef<[u8]>>(keys: &[K], max_bytes: usize) -> Result<Self, String> {
        let mut used = [false; 256];
        for k in keys {
            for &b in k.as_ref() {
                used[b as usize] = true;
            }
        }
        let mut classes = [0u8; 256];
        let mut stride = 1usize;
        for b in 0..256 {
            if used[b] {
                if stride > 255 {
                    return Err("too many distinct key bytes".into());
                }
                classes[b] = stride as u8;
                stride += 1;
            }
        }
        // The trie, numbered in insertion order.
        let mut nodes = vec![Node {
            edges: Vec::new(),
            key: NONE,
        }];
        for (ki, k) in keys.iter().enumerate() {
            let k = k.as_ref();
            if k.is_empty() {
                continue;
            }
            let mut s = 0usize;
            for &b in k {
                let c = classes[b as usize];
                s = match nodes[s].edges.binary_search_by_key(&c, |e| e.0) {
                    Ok(i) => nodes[s].edges[i].1 as usize,
                    Err(i) => {
                        let id = nodes.len() as u32;
                        nodes[s].edges.insert(i, (c, id));
                        nodes.push(Node {
                            edges: Vec::new(),
                            key: NONE,
                        });
                        id as usize
                    }
                };
            }
            if nodes[s].key == NONE {
                nodes[s].key = ki as u32;
            }
        }
        // Breadth-first renumbering: `order[new] = old`, `rank[old] = new`.
        let mut order: Vec<u32> = Vec::with_capacity(nodes.len());
        let mut rank = vec![0u32; nodes.len()];
        let mut queue = VecDeque::from([0u32]);
        while let Some(s) = queue.pop_front() {
            rank[s as usize] = order.len() as u32;
            order.push(s);
            for &(_, child) in &nodes[s as usize].edges {
                queue.push_back(child);
            }
        }
        let n = order.len();
        let cells = n.saturating_mul(stride);
        if cells >= MATCH_FLAG as usize || cells.saturating_mul(4) > max_bytes {
            return Err(format!(
                "{n} states x {stride} byte classes is over {max_bytes} bytes"
            ));
        }
        // Rows are filled in breadth-first order, so a state's failure state (always
        // shallower) has its row complete when the state is reached.
        let mut table = vec![0u32; n * stride];
        let mut fail = vec![0u32; n];
        let mut key = vec![NONE; n];
        let mut dict = vec![NONE; n];
        for new in 0..n {
            let node = &nodes[order[new] as usize];
            key[new] = node.key;
            let f = fail[new] as usize;
            if new != 0 {
                dict[new] = if key[f] != NONE { f as u32 } else { dict[f] };
            }
            let row = new * stride;
            if new == 0 {
                // Missing edges at the root loop back to it.
                table[..stride].fill(0);
            } else {
                let (head, tail) = table.split_at_mut(row);
                tail[..stride].copy_from_slice(&head[f * stride..f * stride + stride]);
            }
            for &(c, child) in &node.edges {
                let child = rank[child as usize] as usize;
                // The child's failure state: where this state's failure goes on `c`
                // (the root's children fail to the root).
                fail[child] = if new == 0 {
                    0
                } else {
                    (table[f * stride + c as usize] & !MATCH_FLAG) / stride as u32
                };
                table[row + c as usize] = (child * stride) as u32;
            }
        }
        // Flag every entry whose target ends a key.
        for e in &mut table {
            let t = *e as usize / stride;
            if key[t] != NONE || dict[t] != NONE {
                *e |= MATCH_FLAG;
            }
        }
        let lens: Vec<u32> = keys.iter().map(|k| k.as_ref().len() as u32).collect();
        let max_len = lens.iter().max().map_or(0, |&m| m as usize);
        Ok(Automaton {
            classes,
            stride,
            table,
            key,
            dict,
            lens,
            max_len,
        })
    }

    /// The size of the transition table in bytes.
    pub fn table_bytes(&self) -> usize {
        self.table.len() * 4
    }

    /// Calls `f` for every occurrence of every key in `hay`. Occurrences come in
    /// order of end offset, longest key first among those ending at the same byte.
    pub fn for_each_overlapping(&self, hay: &[u8], mut f: impl FnMut(Hit)) {
        let width = self.max_len.max(1);
        if hay.len() < LANES * (width + MIN_LANE) {
            self.scan(hay, 0, 0, &mut f);
            return;
        }
        // Every transition depends on the one before, so a single scan waits for
        // one table load per byte. LANES independent scans over consecutive parts
        // of `hay` keep several loads in flight. Part `j` reports the occurrences
        // that end in (lo[j], hi[j]]; it starts `width - 1` bytes early, from the
        // root state, so that it sees every key that ends there.
        let part = hay.len() / LANES;
        let lo: [usize; LANES] = std::array::from_fn(|j| j * part);
        let hi: [usize; LANES] = std::array::from_fn(|j| {
            if j + 1 == LANES {
                hay.len()
            } else {
                (j + 1) * part
            }
        });
        let mut pos: [usize; LANES] = std::array::from_fn(|j| (lo[j] + 1).saturating_sub(width));
        let steps = (0..LANES).map(|j| hi[j] - pos[j]).min().unwrap_or(0);
        let mut state = [0usize; LANES];
        let mut later: Vec<Hit> = Vec::new();
        let table = self.table.as_slice();
        let classes = &self.classes;
        for _ in 0..steps {
            for j in 0..LANES {
                let e = table[state[j] + classes[hay[pos[j]] as usize] as usize];
                state[j] = (e & !MATCH_FLAG) as usize;
                pos[j] += 1;
                if e & MATCH_FLAG != 0 {
                    let end = pos[j];
                    if j == 0 {
                        self.report(state[j] / self.stride, end, &mut f);
                    } else if end > lo[j] {
                        self.report(state[j] / self.stride, end, &mut |h| later.push(h));
                    }
                }
            }
        }
        // The rest of every part, one after the other, in text order.
        for j in 0..LANES {
            let from = pos[j];
            let mut s = state[j];
            for (i, &b) in hay[from..hi[j]].iter().enumerate() {
                let e = table[s + classes[b as usize] as usize];
                s = (e & !MATCH_FLAG) as usize;
                if e & MATCH_FLAG != 0 && from + i + 1 > lo[j] {
                    let end = from + i + 1;
                    if j == 0 {
                        self.report(s / self.stride, end, &mut f);
                    } else {
                        self.report(s / self.stride, end, &mut |h| later.push(h));
                    }
                }
            }
        }
        // Part 0's hits went out as found; all the others' end after them.
        later.sort_by_key(|h| (h.end, std::cmp::Reverse(h.end - h.start)));
        for h in later {
            f(h);
        }
    }

    /// One scan of `hay[from..]` from the root state, reporting occurrences that
    /// end after `after`.
    #[inline]
    fn scan(&self, hay: &[u8], from: usize, after: usize, f: &mut impl FnMut(Hit)) {
        let table = self.table.as_slice();
        let classes = &self.classes;
        let mut s = 0usize;
        for (i, &b) in hay[from..].iter().enumerate() {
            let e = table[s + classes[b as usize] as usize];
            s = (e & !MATCH_FLAG) as usize;
            if e & MATCH_FLAG != 0 && from + i + 1 > after {
                self.report(s / self.stride, from + i + 1, f);
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn report(&self, state: usize, end: usize, f: &mut impl FnMut(Hit)) {
        let mut t = state as u32;
        if self.key[state] == NONE {
            t = self.dict[state];
        }
        while t != NONE {
            let k = self.key[t as usize] as usize;
            f(Hit {
                key: k,
                start: end - self.lens[k] as usize,
                end,
            });
            t = self.dict[t as usize];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn naive(keys: &[&str], hay: &str) -> Vec<Hit> {
        let mut out = Vec::new();
        for end in 1..=hay.len() {
            let mut here: Vec<Hit> = Vec::new();
            for (ki, k) in keys.iter().enumerate() {
                if k.is_empty() || keys[..ki].contains(k) {
                    continue;
                }
                if end >= k.len() && &hay.as_bytes()[end - k.len()..end] == k.as_bytes() {
                    here.push(Hit {
                        key: ki,
                        start: end - k.len(),
                        end,
                    });
                }
            }
            here.sort_by_key(|h| h.start);
            out.extend(here);
        }
        out
    }

    fn hits(keys: &[&str], hay: &str) -> Vec<Hit> {
        let a = Automaton::new(keys, usize::MAX).unwrap();
        let mut v = Vec::new();
        a.for_each_overlapping(hay.as_bytes(), |h| v.push(h));
        v
    }

    #[test]
    fn overlapping_hits_with_offsets() {
        let keys = ["he", "she", "his", "hers", "", "he"];
        assert_eq!(hits(&keys, "ushers"), naive(&keys, "ushers"));
        let got: Vec<(usize, usize)> = hits(&keys, "ushers")
            .iter()
            .map(|h| (h.key, h.start))
            .collect();
        assert_eq!(got, vec![(1, 1), (0, 2), (3, 2)]);
    }

    #[test]
    fn refuses_a_table_over_budget() {
        assert!(Automaton::new(&["abc", "abd"], 8).is_err());
        assert!(Automaton::new(&["abc", "abd"], 1 << 10).is_ok());
    }

    #[test]
    fn multibyte_keys() {
        let keys = ["北京", "京都", "دبي", "दिल्ली"];
        let hay = "在北京都 دبي दिल्ली";
        assert_eq!(hits(&keys, hay), naive(&keys, hay));
        assert_eq!(hits(&keys, hay).len(), 4);
    }

    proptest! {
        #[test]
        fn agrees_with_a_naive_search(
            keys in proptest::collection::vec("[abc]{0,4}", 1..12),
            hay in "[abcd]{0,60}",
        ) {
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            prop_assert_eq!(hits(&keys, &hay), naive(&keys, &hay));
        }

        #[test]
        fn interleaved_scans_agree_with_a_naive_search(
            keys in proptest::collection::vec("[abc]{1,9}", 1..12),
            hay in "[abcd]{250,1200}",
        ) {
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            prop_assert_eq!(hits(&keys, &hay), naive(&keys, &hay));
        }
    }
}
