//! Word lookup for the rule slots and the model's lexicon.
//!
//! Both use the same tiny pattern language per alternative (`word`,
//! `prefix*`, `*suffix`). Trying every alternative of every slot against
//! every word of a message was most of the guard pipeline's time; this index
//! answers "which patterns does this word match" with a handful of hash
//! lookups instead: the word itself, and only those of its prefixes and
//! suffixes whose byte length some pattern has.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a, 64 bit: the keys are short words, for which it beats SipHash,
/// and the tables are built from static patterns, so flooding resistance
/// buys nothing.
#[derive(Default)]
pub(crate) struct Fnv64(u64);

impl Hasher for Fnv64 {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// How a pattern alternative matches a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Affix {
    /// The whole word.
    None,
    /// The start of the word (`prefix*`).
    Prefix,
    /// The end of the word (`*suffix`).
    Suffix,
}

type Map<V> = HashMap<&'static str, V, BuildHasherDefault<Fnv64>>;

/// Patterns indexed by kind; each pattern carries an id (`u16`) that the
/// caller interprets (a rule slot, a lexicon class).
#[derive(Debug, Default, Clone)]
pub(crate) struct WordIndex {
    exact: Map<Ids>,
    prefix: Map<Ids>,
    suffix: Map<Ids>,
    /// Distinct byte lengths of the prefix / suffix patterns, ascending.
    prefix_lens: Vec<usize>,
    suffix_lens: Vec<usize>,
}

/// The ids of one key. Most keys carry one id, and building the index is
/// part of a Worker's cold start, so a single id needs no allocation.
#[derive(Debug, Clone)]
enum Ids {
    One(u16),
    Many(Vec<u16>),
}

impl Ids {
    fn push(&mut self, id: u16) {
        match self {
            Ids::One(a) if *a != id => *self = Ids::Many(vec![*a, id]),
            Ids::One(_) => {}
            Ids::Many(v) => {
                if !v.contains(&id) {
                    v.push(id);
                }
            }
        }
    }

    fn as_slice(&self) -> &[u16] {
        match self {
            Ids::One(a) => std::slice::from_ref(a),
            Ids::Many(v) => v,
        }
    }
}

impl WordIndex {
    /// An index with room for about `n` keys of each kind, so building it
    /// does not rehash.
    pub(crate) fn with_capacity(n: usize) -> Self {
        Self {
            exact: Map::with_capacity_and_hasher(n, Default::default()),
            prefix: Map::with_capacity_and_hasher(n / 2, Default::default()),
            suffix: Map::with_capacity_and_hasher(8, Default::default()),
            ..Self::default()
        }
    }

    /// Adds one alternative as written (`word`, `prefix*` or `*suffix`).
    pub(crate) fn add(&mut self, alt: &'static str, id: u16) {
        if let Some(p) = alt.strip_suffix('*') {
            self.insert(p, Affix::Prefix, id);
        } else if let Some(s) = alt.strip_prefix('*') {
            self.insert(s, Affix::Suffix, id);
        } else {
            self.insert(alt, Affix::None, id);
        }
    }

    /// Adds one parsed alternative with its id.
    pub(crate) fn insert(&mut self, key: &'static str, affix: Affix, id: u16) {
        let (map, lens) = match affix {
            Affix::None => (&mut self.exact, None),
            Affix::Prefix => (&mut self.prefix, Some(&mut self.prefix_lens)),
            Affix::Suffix => (&mut self.suffix, Some(&mut self.suffix_lens)),
        };
        map.entry(key)
            .and_modify(|ids| ids.push(id))
            .or_insert(Ids::One(id));
        if let Some(lens) = lens
            && let Err(at) = lens.binary_search(&key.len())
        {
            lens.insert(at, key.len());
        }
    }

    /// Calls `f(id)` for every pattern that matches `word` (an id may be
    /// reported more than once when several of its alternatives match).
    /// Equivalent to `word == w`, `word.starts_with(p)`, `word.ends_with(s)`
    /// over all patterns: `starts_with` / `ends_with` hold exactly when the
    /// slice of the pattern's length at that end equals it, and such a slice
    /// is only valid UTF-8 at a character boundary.
    pub(crate) fn for_each_match(&self, word: &str, mut f: impl FnMut(u16)) {
        if let Some(ids) = self.exact.get(word) {
            ids.as_slice().iter().copied().for_each(&mut f);
        }
        for &n in &self.prefix_lens {
            if n > word.len() {
                break;
            }
            if let Some(ids) = word.get(..n).and_then(|p| self.prefix.get(p)) {
                ids.as_slice().iter().copied().for_each(&mut f);
            }
        }
        for &n in &self.suffix_lens {
            if n > word.len() {
                break;
            }
            if let Some(ids) = word.get(word.len() - n..).and_then(|s| self.suffix.get(s)) {
                ids.as_slice().iter().copied().for_each(&mut f);
            }
        }
    }
}
