//! Word lookup for the rule slots and the model's lexicon.
//!
//! Both use the same tiny pattern language per alternative (`word`,
//! `prefix*`, `*suffix`). Trying every alternative of every slot against
//! every word of a message was most of the guard pipeline's time; this index
//! answers "which patterns does this word match" with one hash lookup for
//! the word itself, and for affixes a table keyed by the word's first (last)
//! three bytes that lists the few patterns that can start (end) it.

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
#[derive(Debug, Clone)]
pub(crate) struct WordIndex {
    exact: Map<Ids>,
    /// One bit per [`exact_sketch`] value of the exact keys: most words of
    /// a message are no key, and a clear bit shows it without hashing the
    /// word and probing the map.
    exact_sketch: Vec<u64>,
    prefix: AffixTable,
    suffix: AffixTable,
}

/// Affix patterns of one kind. A pattern of at least [`KEY_LEN`] bytes can
/// only match a word whose key (its first, for a suffix table its last,
/// [`KEY_LEN`] bytes) equals the pattern's, so patterns are grouped by a
/// hash of their key and a word compares only the few in its group.
/// Shorter patterns (there are hardly any) are compared with every word.
#[derive(Debug, Clone)]
struct AffixTable {
    /// Patterns grouped by slot: those of slot `s` are
    /// `entries[starts[s]..starts[s + 1]]`.
    starts: Vec<u32>,
    entries: Vec<(&'static str, u16)>,
    short: Vec<(&'static str, u16)>,
    suffix: bool,
}

/// Bits of [`WordIndex::exact_sketch`]: the rules' thousand-odd exact keys
/// set about a seventh of them (more bits barely change the lookup cost).
const SKETCH_BITS: usize = 8192;

/// A word's bit in [`WordIndex::exact_sketch`], from its length and its
/// first two and last two bytes (a few operations, no loop).
fn exact_sketch(word: &[u8]) -> usize {
    let at = |i: usize| usize::from(word.get(i).copied().unwrap_or(0));
    let n = word.len();
    let (a, b) = (at(0), at(1));
    let (c, d) = (at(n.wrapping_sub(2)), at(n.wrapping_sub(1)));
    (a.wrapping_mul(0x9e5)
        ^ b.wrapping_mul(0x3b1)
        ^ c.wrapping_mul(0x1f)
        ^ d
        ^ n.wrapping_mul(0x2c5))
        % SKETCH_BITS
}

/// Bytes of a word's key in an [`AffixTable`].
const KEY_LEN: usize = 3;
/// Slots of an [`AffixTable`]: a few hundred patterns spread thinly.
const SLOTS: usize = 1024;

impl AffixTable {
    fn new(suffix: bool) -> Self {
        Self {
            starts: Vec::new(),
            entries: Vec::new(),
            short: Vec::new(),
            suffix,
        }
    }

    /// The key bytes of `s` at the anchored end, if it has that many.
    fn key(&self, s: &[u8]) -> Option<[u8; KEY_LEN]> {
        let k = if self.suffix {
            s.get(s.len().checked_sub(KEY_LEN)?..)?
        } else {
            s.get(..KEY_LEN)?
        };
        k.try_into().ok()
    }

    fn slot(key: [u8; KEY_LEN]) -> usize {
        let [a, b, c] = key.map(usize::from);
        (a.wrapping_mul(0x9e5) ^ b.wrapping_mul(0x3b) ^ c) % SLOTS
    }

    fn add(&mut self, pattern: &'static str, id: u16) {
        if self.key(pattern.as_bytes()).is_some() {
            self.entries.push((pattern, id));
        } else {
            self.short.push((pattern, id));
        }
    }

    /// Groups the patterns by slot.
    fn build(&mut self) {
        let mut entries = std::mem::take(&mut self.entries);
        let slot_of = |p: &str| self.key(p.as_bytes()).map_or(0, Self::slot);
        entries.sort_by_key(|&(p, _)| slot_of(p));
        let mut starts = vec![0u32; SLOTS + 1];
        for &(p, _) in &entries {
            starts[slot_of(p) + 1] += 1;
        }
        for s in 1..starts.len() {
            starts[s] += starts[s - 1];
        }
        self.entries = entries;
        self.starts = starts;
    }

    /// Calls `f(id)` for every pattern that is a prefix (suffix) of
    /// `word`. Comparing bytes is comparing text: a pattern is whole UTF-8,
    /// so a byte match ends at a character boundary of the word.
    fn for_each_match(&self, word: &[u8], f: &mut impl FnMut(u16)) {
        let hit = |p: &str| {
            if self.suffix {
                word.ends_with(p.as_bytes())
            } else {
                word.starts_with(p.as_bytes())
            }
        };
        for &(p, id) in &self.short {
            if hit(p) {
                f(id);
            }
        }
        let Some(key) = self.key(word) else {
            return;
        };
        let slot = Self::slot(key);
        let (Some(&from), Some(&to)) = (self.starts.get(slot), self.starts.get(slot + 1)) else {
            return;
        };
        for &(p, id) in self
            .entries
            .get(from as usize..to as usize)
            .unwrap_or_default()
        {
            if hit(p) {
                f(id);
            }
        }
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
    /// An index with room for about `n` exact keys, so building it does not
    /// rehash.
    pub(crate) fn with_capacity(n: usize) -> Self {
        Self {
            exact: Map::with_capacity_and_hasher(n, Default::default()),
            exact_sketch: vec![0; SKETCH_BITS / 64],
            prefix: AffixTable::new(false),
            suffix: AffixTable::new(true),
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
        match affix {
            Affix::None => {
                let bit = exact_sketch(key.as_bytes());
                if let Some(w) = self.exact_sketch.get_mut(bit / 64) {
                    *w |= 1 << (bit % 64);
                }
                self.exact
                    .entry(key)
                    .and_modify(|ids| ids.push(id))
                    .or_insert(Ids::One(id));
            }
            Affix::Prefix => self.prefix.add(key, id),
            Affix::Suffix => self.suffix.add(key, id),
        }
    }

    /// Groups the affix patterns for lookup; call after the last
    /// [`WordIndex::insert`] (a lookup before it finds no affix match).
    pub(crate) fn build(&mut self) {
        self.prefix.build();
        self.suffix.build();
    }

    /// Calls `f(id)` for every pattern that matches `word` (an id may be
    /// reported more than once when several of its alternatives match).
    /// Equivalent to `word == w`, `word.starts_with(p)`, `word.ends_with(s)`
    /// over all patterns.
    pub(crate) fn for_each_match(&self, word: &str, mut f: impl FnMut(u16)) {
        let bit = exact_sketch(word.as_bytes());
        let maybe_key = self
            .exact_sketch
            .get(bit / 64)
            .is_some_and(|w| w & (1 << (bit % 64)) != 0);
        if maybe_key && let Some(ids) = self.exact.get(word) {
            ids.as_slice().iter().copied().for_each(&mut f);
        }
        self.prefix.for_each_match(word.as_bytes(), &mut f);
        self.suffix.for_each_match(word.as_bytes(), &mut f);
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

    /// The affix tables never hide a match: one-byte and empty affixes,
    /// multi-byte characters and words of every length.
    #[test]
    fn index_matches_naive_lookup() {
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
            index.build();
            for w in words {
                assert_eq!(indexed(&index, w), naive(patterns, w), "{w:?}");
            }
        }
    }
}
