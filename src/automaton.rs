//! The Aho-Corasick automaton of the matcher's overlapping scan.
//!
//! Every key is a byte string; a scan reports every occurrence of every key
//! (overlapping), as (key index, start, end). States are numbered breadth first,
//! so the shallow states that a scan visits at almost every byte sit together in
//! memory. The shallowest states (all of them for the default gazetteer) get a
//! full row of transitions over the byte classes that occur in keys: one table
//! load per byte, whose high bit says whether the state reached ends a key. The
//! deeper states of very large gazetteers (GeoNames imports) are stored sparsely:
//! their children are numbered consecutively, so a state is its first child's
//! number and the classes of its children, and a missing edge follows the
//! failure link. A document is scanned in four interleaved parts (see
//! [`Automaton::for_each_overlapping`]). Building fails only with a
//! [`BuildError`]. It does not normalize text, check word boundaries or choose
//! between overlapping keys: that is the matcher's job.

/// Independent scans interleaved by [`Automaton::for_each_overlapping`].
const LANES: usize = 4;
/// Below `LANES` parts of this many bytes (plus the overlap), one scan is used.
const MIN_LANE: usize = 64;

/// Set in a transition when the target state ends at least one key.
const MATCH_FLAG: u32 = 1 << 31;
/// No state (end of a suffix-link chain) or no key.
const NONE: u32 = u32::MAX;

/// Why a set of keys cannot be compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// The trie has more states than a transition can number (31 bits, the dense
    /// rows included).
    TooManyStates {
        /// The number of states of the trie.
        states: usize,
    },
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::TooManyStates { states } => write!(f, "{states} states are too many"),
        }
    }
}

impl std::error::Error for BuildError {}

/// A compiled set of byte-string keys.
///
/// A transition (a "code") names a state: `index * stride` for the dense states
/// (the offset of its row), `dense_cells + index - dense` for the others, with
/// the high bit set when that state ends a key.
#[derive(Debug, Clone)]
pub struct Automaton {
    /// Byte → class; class 0 holds the bytes that no key uses.
    classes: [u8; 256],
    /// Number of classes: the length of one dense row.
    stride: usize,
    /// Number of dense states (the first ones, breadth first; at least the root).
    dense: usize,
    /// `dense * stride`: codes below it are dense rows.
    dense_cells: usize,
    /// Row-major transitions of the dense states (codes).
    table: Vec<u32>,
    /// Per state (and one past the last): its first child. The children of `s`
    /// are `first_child[s]..first_child[s + 1]`, in class order.
    first_child: Vec<u32>,
    /// Per state: the class of the edge into it.
    class_in: Vec<u8>,
    /// Per state: the failure state (longest proper suffix that is a state).
    fail: Vec<u32>,
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

impl Automaton {
    /// Compiles `keys` (duplicates keep their first index; empty keys never match),
    /// giving full rows to as many of the shallowest states as fit in
    /// `dense_bytes` (always the root). Fails only when the states are too many to
    /// number in 31 bits ([`BuildError::TooManyStates`]).
    pub fn new<K: AsRef<[u8]>>(keys: &[K], dense_bytes: usize) -> Result<Self, BuildError> {
        let keys: Vec<&[u8]> = keys.iter().map(AsRef::as_ref).collect();
        let mut used = [false; 256];
        for k in &keys {
            for &b in *k {
                used[b as usize] = true;
            }
        }
        // Classes follow byte order, so keys sort the same by bytes or classes.
        let mut classes = [0u8; 256];
        let all = used.iter().all(|&u| u);
        let mut stride = usize::from(!all);
        for b in 0..256 {
            if used[b] {
                classes[b] = stride as u8;
                stride += 1;
            }
        }
        // The trie, breadth first: the states of depth d are the distinct prefixes
        // of length d in sorted order, so walking the sorted keys once per depth
        // numbers them, and the children of every state come out consecutive.
        let mut order: Vec<u32> = (0..keys.len() as u32)
            .filter(|&i| !keys[i as usize].is_empty())
            .collect();
        order.sort_by(|&a, &b| keys[a as usize].cmp(keys[b as usize]).then(a.cmp(&b)));
        let max_len = keys.iter().map(|k| k.len()).max().unwrap_or(0);
        let mut parent: Vec<u32> = vec![NONE];
        let mut class_in: Vec<u8> = vec![0];
        let mut key: Vec<u32> = vec![NONE];
        let mut cur = vec![0u32; order.len()];
        let mut active: Vec<usize> = (0..order.len()).collect();
        for d in 1..=max_len {
            active.retain(|&i| keys[order[i] as usize].len() >= d);
            let mut last = (NONE, 0u8);
            for &i in &active {
                let k = keys[order[i] as usize];
                let c = classes[k[d - 1] as usize];
                if (cur[i], c) != last {
                    last = (cur[i], c);
                    parent.push(cur[i]);
                    class_in.push(c);
                    key.push(NONE);
                }
                let id = class_in.len() - 1;
                cur[i] = id as u32;
                if k.len() == d && key[id] == NONE {
                    key[id] = order[i];
                }
            }
        }
        drop(cur);
        let n = class_in.len();
        let dense = (dense_bytes / (4 * stride)).clamp(1, n);
        let dense_cells = dense * stride;
        if dense_cells + n >= MATCH_FLAG as usize {
            return Err(BuildError::TooManyStates { states: n });
        }
        let mut first_child = vec![NONE; n + 1];
        for id in (1..n).rev() {
            first_child[parent[id] as usize] = id as u32;
        }
        first_child[n] = n as u32;
        for s in (0..n).rev() {
            if first_child[s] == NONE {
                first_child[s] = first_child[s + 1];
            }
        }
        drop(parent);
        let mut a = Automaton {
            classes,
            stride,
            dense,
            dense_cells,
            table: vec![0; dense_cells],
            first_child,
            class_in,
            fail: vec![0; n],
            key,
            dict: vec![NONE; n],
            lens: keys.iter().map(|k| k.len() as u32).collect(),
            max_len,
        };
        // Failure links and dense rows, breadth first: a state's failure state is
        // shallower, so its row and links are complete when the state is reached.
        for s in 0..n {
            let f = a.fail[s] as usize;
            if s != 0 {
                a.dict[s] = if a.key[f] != NONE {
                    f as u32
                } else {
                    a.dict[f]
                };
            }
            if s < dense {
                let row = s * stride;
                if s == 0 {
                    a.table[..stride].fill(0);
                } else {
                    a.table.copy_within(f * stride..f * stride + stride, row);
                }
                for child in a.children(s) {
                    a.table[row + a.class_in[child] as usize] = a.code(child);
                }
            }
            for child in a.children(s) {
                a.fail[child] = if s == 0 {
                    0
                } else {
                    a.goto(f, a.class_in[child] as usize) as u32
                };
            }
        }
        // Flag the transitions into states that end a key.
        for i in 0..a.table.len() {
            a.table[i] = a.flagged(a.index(a.table[i]));
        }
        Ok(a)
    }

    /// The children of state `s`.
    #[inline]
    fn children(&self, s: usize) -> std::ops::Range<usize> {
        self.first_child[s] as usize..self.first_child[s + 1] as usize
    }

    /// The code of state `s`, without the flag.
    #[inline]
    fn code(&self, s: usize) -> u32 {
        if s < self.dense {
            (s * self.stride) as u32
        } else {
            (self.dense_cells + s - self.dense) as u32
        }
    }

    /// The state a code names.
    #[inline]
    fn index(&self, code: u32) -> usize {
        let c = (code & !MATCH_FLAG) as usize;
        if c < self.dense_cells {
            c / self.stride
        } else {
            c - self.dense_cells + self.dense
        }
    }

    /// The code of state `s`, with [`MATCH_FLAG`] when it ends a key, itself or
    /// through its suffixes.
    #[inline]
    fn flagged(&self, s: usize) -> u32 {
        let ends = self.key[s] != NONE || self.dict[s] != NONE;
        self.code(s) | if ends { MATCH_FLAG } else { 0 }
    }

    /// The state after class `c` from state `s` (failure links followed).
    fn goto(&self, mut s: usize, c: usize) -> usize {
        loop {
            if s < self.dense {
                return self.index(self.table[s * self.stride + c]);
            }
            let kids = self.children(s);
            if let Ok(i) = self.class_in[kids.clone()].binary_search(&(c as u8)) {
                return kids.start + i;
            }
            s = self.fail[s] as usize;
        }
    }

    /// The flagged code after `byte` from the state of flagged code `code`.
    #[inline(always)]
    fn next(&self, code: u32, byte: u8) -> u32 {
        let c = self.classes[byte as usize] as usize;
        let at = (code & !MATCH_FLAG) as usize;
        if at < self.dense_cells {
            return self.table[at + c];
        }
        self.next_sparse(at - self.dense_cells + self.dense, c)
    }

    /// [`Automaton::next`] from a sparse state.
    #[inline(never)]
    fn next_sparse(&self, s: usize, c: usize) -> u32 {
        self.flagged(self.goto(s, c))
    }

    /// Calls `f` for every occurrence of every key in `hay`. Occurrences come in
    /// order of end offset, longest key first among those ending at the same byte.
    pub fn for_each_overlapping(&self, hay: &[u8], mut f: impl FnMut(Hit)) {
        let width = self.max_len.max(1);
        if hay.len() < LANES * (width + MIN_LANE) {
            self.scan(hay, 0, 0..hay.len(), 0, &mut f);
            return;
        }
        // Every transition depends on the one before, so a single scan waits for
        // one table load per byte. LANES independent scans over consecutive parts
        // of `hay` keep several loads in flight. Part `j` reports the occurrences
        // that end in (lo[j], hi[j]]; it starts `width - 1` bytes early, from the
        // root, so that it sees every key that ends there.
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
        let mut state = [0u32; LANES];
        // Part 0's hits go out as found; all the others' end after them.
        let mut later: Vec<Hit> = Vec::new();
        for _ in 0..steps {
            for j in 0..LANES {
                let s = self.next(state[j], hay[pos[j]]);
                state[j] = s;
                pos[j] += 1;
                if s & MATCH_FLAG != 0 {
                    if j == 0 {
                        self.report(self.index(s), pos[j], &mut f);
                    } else if pos[j] > lo[j] {
                        self.report(self.index(s), pos[j], &mut |h| later.push(h));
                    }
                }
            }
        }
        // The rest of every part, one after the other.
        self.scan(hay, state[0], pos[0]..hi[0], lo[0], &mut f);
        for j in 1..LANES {
            self.scan(hay, state[j], pos[j]..hi[j], lo[j], &mut |h| later.push(h));
        }
        later.sort_by_key(|h| (h.end, std::cmp::Reverse(h.end - h.start)));
        for h in later {
            f(h);
        }
    }

    /// Goes on from the state of flagged code `code` over `hay[range]`, calling `f`
    /// for the occurrences that end after `after`.
    #[inline]
    fn scan(
        &self,
        hay: &[u8],
        mut code: u32,
        range: std::ops::Range<usize>,
        after: usize,
        f: &mut impl FnMut(Hit),
    ) {
        let from = range.start;
        for (i, &b) in hay[range].iter().enumerate() {
            code = self.next(code, b);
            let end = from + i + 1;
            if code & MATCH_FLAG != 0 && end > after {
                self.report(self.index(code), end, f);
            }
        }
    }

    /// Calls `f` for the keys that state `state` ends, reached at `end`.
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

    /// The hits with every state dense, checked to be the same with only the
    /// root dense and with a few dense states.
    fn hits(keys: &[&str], hay: &str) -> Vec<Hit> {
        let scan = |dense_bytes: usize| {
            let a = Automaton::new(keys, dense_bytes).unwrap();
            let mut v = Vec::new();
            a.for_each_overlapping(hay.as_bytes(), |h| v.push(h));
            v
        };
        let all = scan(usize::MAX);
        assert_eq!(scan(0), all, "only the root dense");
        assert_eq!(scan(64), all, "a few states dense");
        all
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
    fn shallow_states_are_dense_within_the_budget() {
        let keys = ["abc", "abd", "b"];
        let a = Automaton::new(&keys, usize::MAX).unwrap();
        assert_eq!(a.dense, a.class_in.len());
        let b = Automaton::new(&keys, 2 * 4 * a.stride).unwrap();
        assert_eq!(b.dense, 2);
        assert_eq!(Automaton::new(&keys, 0).unwrap().dense, 1);
    }

    #[test]
    fn build_error_message() {
        let e = BuildError::TooManyStates { states: 7 };
        assert_eq!(e.to_string(), "7 states are too many");
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
