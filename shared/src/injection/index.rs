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
    /// Which first (last) two bytes a prefix (suffix) pattern can share
    /// with a word: most words share them with none, and then the look-ups
    /// at every pattern length are skipped.
    prefix_pairs: PairSet,
    suffix_pairs: PairSet,
}

/// A set of byte pairs, hashed into 1,024 bits (false positives only cost
/// the look-ups the set exists to skip). `all` is set when a pattern of
/// length 0 matches every word.
#[derive(Debug, Clone, Default)]
struct PairSet {
    bits: [u64; 16],
    all: bool,
}

impl PairSet {
    fn slot(a: u8, b: u8) -> usize {
        (usize::from(a) * 31 + usize::from(b)) & 1023
    }

    fn set(&mut self, a: u8, b: u8) {
        let i = Self::slot(a, b);
        self.bits[i / 64] |= 1 << (i % 64);
    }

    /// Records a pattern by its two bytes at the anchored end (`pair`), or
    /// its only byte (`single`, any neighbour).
    fn add(&mut self, key: &[u8], prefix: bool) {
        match key {
            [] => self.all = true,
            [x] => {
                for y in 0..=255u8 {
                    if prefix {
                        self.set(*x, y);
                    } else {
                        self.set(y, *x);
                    }
                }
            }
            [a, b, ..] if prefix => self.set(*a, *b),
            [.., a, b] => self.set(*a, *b),
        }
    }

    /// Whether a pattern can sit at the end of `word` whose two anchored
    /// bytes are `a`, `b`.
    fn may_hold(&self, a: u8, b: u8) -> bool {
        let i = Self::slot(a, b);
        self.all || self.bits[i / 64] & (1 << (i % 64)) != 0
    }
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
            Affix::Prefix => {
                self.prefix_pairs.add(key.as_bytes(), true);
                (&mut self.prefix, Some(&mut self.prefix_lens))
            }
            Affix::Suffix => {
                self.suffix_pairs.add(key.as_bytes(), false);
                (&mut self.suffix, Some(&mut self.suffix_lens))
            }
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
        // A word shorter than two bytes is looked up at every length; a
        // longer one only when a pattern shares its two end bytes (a pattern
        // of one byte or none is recorded against every pair it can be in).
        let b = word.as_bytes();
        let (check_prefix, check_suffix) = match (b, b.len().checked_sub(2)) {
            ([x, y, ..], Some(at)) => (
                self.prefix_pairs.may_hold(*x, *y),
                self.suffix_pairs.may_hold(b[at], b[at + 1]),
            ),
            _ => (true, true),
        };
        let prefix_lens = if check_prefix {
            &self.prefix_lens[..]
        } else {
            &[]
        };
        let suffix_lens = if check_suffix {
            &self.suffix_lens[..]
        } else {
            &[]
        };
        for &n in prefix_lens {
            if n > word.len() {
                break;
            }
            if let Some(ids) = word.get(..n).and_then(|p| self.prefix.get(p)) {
                ids.as_slice().iter().copied().for_each(&mut f);
            }
        }
        for &n in suffix_lens {
            if n > word.len() {
                break;
            }
            if let Some(ids) = word.get(word.len() - n..).and_then(|s| self.suffix.get(s)) {
                ids.as_slice().iter().copied().for_each(&mut f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `for_each_match` must report: every pattern checked in full.
    fn naive(patterns: &[(&str, u16)], word: &str) -> Vec<u16> {
        let mut ids: Vec<u16> = patterns
            .iter()
            .filter(|(alt, _)| {
                if let Some(p) = alt.strip_suffix('*') {
                    word.starts_with(p)
                } else if let Some(s) = alt.strip_prefix('*') {
                    word.ends_with(s)
                } else {
                    word == *alt
                }
            })
            .map(|&(_, id)| id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    fn indexed(index: &WordIndex, word: &str) -> Vec<u16> {
        let mut ids = Vec::new();
        index.for_each_match(word, |id| ids.push(id));
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The byte-pair filter never hides a match: one-byte and empty
    /// affixes, multi-byte characters and words of every length.
    #[test]
    fn pair_filter_matches_naive_lookup() {
        let sets: [&[(&str, u16)]; 2] = [
            &[
                ("ignor*", 0),
                ("vergiss", 1),
                ("*anweisung", 2),
                ("ü*", 3),
                ("*ß", 4),
                ("a*", 5),
                ("*s", 6),
                ("über*", 7),
                ("prompt*", 8),
                ("*prompt", 9),
                ("x", 10),
            ],
            &[("*", 0), ("ab", 1), ("*z", 2)],
        ];
        let words = [
            "",
            "a",
            "s",
            "x",
            "ü",
            "ß",
            "ab",
            "as",
            "az",
            "zz",
            "über",
            "überschreib",
            "ignore",
            "ignorieren",
            "vergiss",
            "arbeitsanweisung",
            "prompts",
            "systemprompt",
            "straße",
            "äß",
            "grüß",
            "hello",
            "xs",
            "übß",
        ];
        for patterns in sets {
            let mut index = WordIndex::with_capacity(patterns.len());
            for &(alt, id) in patterns {
                index.add(alt, id);
            }
            for w in words {
                assert_eq!(indexed(&index, w), naive(patterns, w), "{w:?}");
            }
        }
    }
}
