//! The message as code points plus the small lexical helpers every
//! recogniser shares: word boundaries, cue look-behind, digit groups.

pub(crate) struct Text {
    /// The input, one entry per code point: offsets are indices here.
    pub c: Vec<char>,
    /// Lowercased copy with the same length (one char per char, so offsets
    /// stay aligned; multi-char lowercase expansions keep their first char).
    pub lower: Vec<char>,
    /// Whether the text has an ASCII digit / a colon anywhere. Recognisers
    /// that cannot fire without one skip the text (a masked copy keeps the
    /// flags of its original: masking only removes characters).
    pub has_digit: bool,
    pub has_colon: bool,
    /// Whether the text has one of `@ [ ( {` (every e-mail separator
    /// starts with one).
    pub has_at_mark: bool,
    /// Whether the text has `-----BEGIN ` (a PEM block starts with it).
    pub has_pem: bool,
}

impl Text {
    pub fn new(s: &str) -> Self {
        let (c, lower): (Vec<char>, Vec<char>) = if s.is_ascii() {
            // ASCII lowercases to ASCII, one char for one.
            let b = s.as_bytes();
            (
                b.iter().map(|&x| char::from(x)).collect(),
                b.iter()
                    .map(|&x| char::from(x.to_ascii_lowercase()))
                    .collect(),
            )
        } else {
            // One pass for both copies; the byte length bounds the code
            // point count, so neither vector grows.
            let mut c = Vec::with_capacity(s.len());
            let mut lower = Vec::with_capacity(s.len());
            for ch in s.chars() {
                c.push(ch);
                lower.push(if ch.is_ascii() {
                    ch.to_ascii_lowercase()
                } else {
                    ch.to_lowercase().next().unwrap_or(ch)
                });
            }
            (c, lower)
        };
        // One pass over the bytes for the flags.
        let (mut has_digit, mut has_colon, mut has_at_mark, mut has_dash) =
            (false, false, false, false);
        for &x in s.as_bytes() {
            has_digit |= x.is_ascii_digit();
            has_colon |= x == b':';
            has_at_mark |= matches!(x, b'@' | b'[' | b'(' | b'{');
            has_dash |= x == b'-';
        }
        Text {
            c,
            lower,
            has_digit,
            has_colon,
            has_at_mark,
            // Setting up the substring search costs more than the flag
            // pass: only a text with a dash can hold the marker.
            has_pem: has_dash && s.contains("-----BEGIN "),
        }
    }

    /// Recomputes `has_digit` and `has_at_mark` from the text outside
    /// `holes` (sorted, non-overlapping code-point ranges): the placeholders
    /// of a redacted text. Their digit and bracket make every text look
    /// like it may hold a number or an e-mail address; but a candidate of
    /// those recognisers holds a digit (or an e-mail separator), and one
    /// that overlaps a placeholder is dropped anyway.
    pub fn flags_outside(&mut self, holes: &[(usize, usize)]) {
        let (mut has_digit, mut has_at_mark) = (false, false);
        let mut pos = 0;
        for &(s, e) in holes.iter().chain([(self.c.len(), self.c.len())].iter()) {
            for &x in &self.c[pos..s] {
                has_digit |= x.is_ascii_digit();
                has_at_mark |= matches!(x, '@' | '[' | '(' | '{');
            }
            pos = e;
        }
        self.has_digit = has_digit;
        self.has_at_mark = has_at_mark;
    }

    /// Whether an entry of the list `filter` was built from can start at
    /// `i` (see [`PairFilter`]); `false` proves none does.
    pub fn may_start(&self, i: usize, filter: &PairFilter) -> bool {
        let Some(&c) = self.lower.get(i) else {
            return false;
        };
        if let Some(&d) = self.lower.get(i + 1)
            && c.is_ascii()
            && d.is_ascii()
        {
            // Both characters are their own single UTF-8 byte.
            return filter.test(c as u8, d as u8);
        }
        let mut buf = [0u8; 8];
        let first = c.encode_utf8(&mut buf).len();
        let bytes = match self.lower.get(i + 1) {
            Some(&d) => {
                let n = d.encode_utf8(&mut buf[first..]).len();
                &buf[..first + n]
            }
            None => &buf[..first],
        };
        match bytes {
            [a, b, ..] => filter.test(*a, *b),
            // One byte of text left: only a one-byte entry fits; let the
            // list decide.
            _ => true,
        }
    }

    pub fn len(&self) -> usize {
        self.c.len()
    }

    pub fn at(&self, i: usize) -> char {
        self.c.get(i).copied().unwrap_or('\0')
    }

    /// True when position `i` starts a word: the previous char is not
    /// alphanumeric.
    pub fn boundary_before(&self, i: usize) -> bool {
        i == 0 || !self.c[i - 1].is_alphanumeric()
    }

    /// True when position `e` (exclusive end) ends a word.
    pub fn boundary_after(&self, e: usize) -> bool {
        e >= self.c.len() || !self.c[e].is_alphanumeric()
    }

    /// Whether the lowercase text starting at `i` begins with `pat`
    /// (given in lowercase).
    pub fn starts_with_lower(&self, i: usize, pat: &str) -> bool {
        (i..)
            .zip(pat.chars())
            .all(|(j, p)| self.lower.get(j) == Some(&p))
    }

    /// Whether the exact text starting at `i` begins with `pat`.
    pub fn starts_with(&self, i: usize, pat: &str) -> bool {
        (i..)
            .zip(pat.chars())
            .all(|(j, p)| self.c.get(j) == Some(&p))
    }

    /// Calls `f` with every entry of `list` (sorted by bytes, no empty
    /// entry) that the lowercase text at `i` starts with, shortest first.
    ///
    /// The cue and name look-ups run at every word start, so instead of
    /// comparing every entry that shares the first char, the range of
    /// entries that agree with the text so far is narrowed one UTF-8 byte
    /// at a time by binary search; an entry that ends where the range has
    /// narrowed to is a prefix of the text. Byte-wise prefix and char-wise
    /// prefix agree because both sides are valid UTF-8.
    pub fn sorted_prefixes(
        &self,
        i: usize,
        list: &[&'static str],
        mut f: impl FnMut(&'static str),
    ) {
        let (mut lo, mut hi) = (0usize, list.len());
        // Most probes start at a space, digit or punctuation, outside the
        // range of first bytes the (sorted) list has: done in two loads.
        let first_byte = |p: &str| p.as_bytes().first().copied();
        let (Some(c), Some(&head), Some(&tail)) = (self.lower.get(i), list.first(), list.last())
        else {
            return;
        };
        let mut buf = [0u8; 4];
        let b0 = c.encode_utf8(&mut buf).as_bytes().first().copied();
        if b0 < first_byte(head) || b0 > first_byte(tail) {
            return;
        }
        let mut depth = 0usize;
        for &c in self.lower.get(i..).unwrap_or(&[]) {
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                // Entries in `lo..hi` share the text's first `depth` bytes;
                // order them by their next byte (a shorter entry first).
                let key = |p: &&str| p.as_bytes().get(depth).copied();
                if hi - lo == 1 {
                    // One candidate left: compare instead of searching.
                    if key(&list[lo]) != Some(b) {
                        return;
                    }
                } else {
                    let range = &list[lo..hi];
                    let a = range.partition_point(|p| key(p) < Some(b));
                    let z = a + range[a..].partition_point(|p| key(p) <= Some(b));
                    hi = lo + z;
                    lo += a;
                }
                depth += 1;
                if lo == hi {
                    return;
                }
                if list[lo].len() == depth {
                    f(list[lo]);
                }
            }
        }
    }

    /// The longest entry of the sorted `list` that the lowercase text at `i`
    /// starts with.
    pub fn longest_sorted(&self, i: usize, list: &[&'static str]) -> Option<&'static str> {
        let mut longest = None;
        self.sorted_prefixes(i, list, |p| longest = Some(p));
        longest
    }

    /// Whether one of `cues` (sorted, lowercase) starts a word within the
    /// `window` code points before `i`. A cue matches at a word start only so
    /// that "tel" does not fire inside "hotel".
    pub fn cue_before(&self, i: usize, window: usize, cues: &[&'static str]) -> bool {
        let from = i.saturating_sub(window);
        (from..i).any(|s| self.cue_at(s, cues))
    }

    /// Whether one of `cues` (sorted) starts within `window` code points
    /// after `e`.
    pub fn cue_after(&self, e: usize, window: usize, cues: &[&'static str]) -> bool {
        let to = (e + window).min(self.c.len());
        (e..to).any(|s| self.cue_at(s, cues))
    }

    /// [`Text::cue_before`] with the [`PairFilter`] of `cues`: the filter
    /// rules out most word starts in the window with two loads instead of a
    /// search of the list (the phone and identifier cues look back at every
    /// digit run).
    pub fn cue_before_filtered(
        &self,
        i: usize,
        window: usize,
        cues: &[&'static str],
        filter: &PairFilter,
    ) -> bool {
        let from = i.saturating_sub(window);
        (from..i).any(|s| self.cue_at_filtered(s, cues, filter))
    }

    fn cue_at_filtered(&self, s: usize, cues: &[&'static str], filter: &PairFilter) -> bool {
        if s > 0 && (self.lower[s - 1].is_alphabetic() || matches!(self.lower[s - 1], '[' | '_')) {
            return false;
        }
        self.may_start(s, filter) && self.longest_sorted(s, cues).is_some()
    }

    fn cue_at(&self, s: usize, cues: &[&'static str]) -> bool {
        // Inside a placeholder ("[PHONE_1]") a kind name is not a cue.
        if s > 0 && (self.lower[s - 1].is_alphabetic() || matches!(self.lower[s - 1], '[' | '_')) {
            return false;
        }
        self.longest_sorted(s, cues).is_some()
    }

    /// Checks that [`Text::cue_before_filtered`] agrees with
    /// [`Text::cue_before`] at every position of the test corpora and of texts holding each cue.
    #[cfg(test)]
    pub fn assert_filtered_cues_agree(cues: &[&'static str], filter: &PairFilter) {
        let mut texts = test_corpus();
        for cue in cues {
            texts.push(format!("{cue}: 4711 0815 x{cue} [{cue}] ({cue})"));
            texts.push(format!("{} 12345 {cue}", cue.to_uppercase()));
            texts.push(cue.to_string());
        }
        for text in texts {
            let t = Text::new(&text);
            for i in 0..=t.len() {
                for window in [12, 40, 60] {
                    assert_eq!(
                        t.cue_before(i, window, cues),
                        t.cue_before_filtered(i, window, cues, filter),
                        "{cues:?} before {i} in {text}"
                    );
                }
            }
        }
    }

    /// Whether `list` suits [`Text::sorted_prefixes`]: strictly sorted by
    /// bytes, no empty entry.
    #[cfg(test)]
    pub fn is_sorted(list: &[&str]) -> bool {
        list.windows(2).all(|w| w[0].as_bytes() < w[1].as_bytes()) && !list.contains(&"")
    }

    /// The nearest word before `i` (lowercase), skipping separators and the
    /// filler words that sit between a label and its value ("Nr.", "no",
    /// "ist", ":" …).
    pub fn label_before(&self, i: usize) -> SmallStr {
        let mut j = i;
        for _ in 0..4 {
            while j > 0 && !self.c[j - 1].is_alphanumeric() {
                if self.c[j - 1] == '\n' && j != i {
                    break;
                }
                j -= 1;
            }
            let end = j;
            while j > 0 && self.c[j - 1].is_alphanumeric() {
                j -= 1;
            }
            if end == j {
                return SmallStr::from_chars(&[]);
            }
            let w = SmallStr::from_chars(&self.lower[j..end]);
            if !matches!(
                w.as_str(),
                "nr" | "no"
                    | "num"
                    | "number"
                    | "nummer"
                    | "ist"
                    | "is"
                    | "lautet"
                    | "meine"
                    | "my"
                    | "mein"
                    | "die"
                    | "the"
                    | "der"
                    | "our"
                    | "unsere"
                    | "id"
                    | "ref"
            ) {
                return w;
            }
        }
        SmallStr::from_chars(&[])
    }

    /// Start positions of `needle` as a whole word (case-sensitive).
    pub fn find_all_words(&self, needle: &[char]) -> Vec<usize> {
        let mut out = Vec::new();
        let n = needle.len();
        if n == 0 || n > self.c.len() {
            return out;
        }
        let first_alnum = needle[0].is_alphanumeric();
        let last_alnum = needle[n - 1].is_alphanumeric();
        for s in 0..=self.c.len() - n {
            if self.c[s] == needle[0]
                && self.c[s..s + n] == *needle
                && (!first_alnum || self.boundary_before(s))
                && (!last_alnum || self.boundary_after(s + n))
            {
                out.push(s);
            }
        }
        out
    }

    /// Digit groups from `i`: runs of ASCII digits joined by exactly one
    /// separator from `seps`. Returns (start, end) of each group.
    pub fn digit_groups(&self, i: usize, seps: &[char], max_groups: usize) -> DigitGroups {
        // Runs at every digit run start: the groups stay on the stack.
        debug_assert!(max_groups <= DigitGroups::CAP);
        let max_groups = max_groups.min(DigitGroups::CAP);
        let mut groups = DigitGroups {
            buf: [(0, 0); DigitGroups::CAP],
            len: 0,
        };
        let mut j = i;
        while groups.len < max_groups {
            let s = j;
            while j < self.c.len() && self.c[j].is_ascii_digit() {
                j += 1;
            }
            if j == s {
                break;
            }
            groups.buf[groups.len] = (s, j);
            groups.len += 1;
            if j + 1 < self.c.len() && seps.contains(&self.c[j]) && self.c[j + 1].is_ascii_digit() {
                j += 1;
            } else {
                break;
            }
        }
        groups
    }

    pub fn digits(&self, s: usize, e: usize) -> Digits {
        let mut out = Digits {
            buf: [0; Digits::CAP],
            len: 0,
            heap: None,
        };
        for d in self.c[s..e].iter().filter_map(|c| c.to_digit(10)) {
            let d = d as u8;
            if let Some(v) = &mut out.heap {
                v.push(d);
            } else if out.len < Digits::CAP {
                out.buf[out.len] = d;
                out.len += 1;
            } else {
                let mut v = out.buf.to_vec();
                v.push(d);
                out.heap = Some(v);
            }
        }
        out
    }
}

/// The texts of the PII test corpora, for tests that compare a fast path
/// with the slow one.
#[cfg(test)]
pub(crate) fn test_corpus() -> Vec<String> {
    [
        include_str!("../../tests/data/pii/chat_de_en.jsonl"),
        include_str!("../../tests/data/pii/chat_hard.jsonl"),
        include_str!("../../tests/data/pii/synthetic_required.jsonl"),
        include_str!("../../tests/data/pii/synthetic_lookalikes.jsonl"),
        include_str!("../../tests/data/pii/blind_de_en.jsonl"),
    ]
    .iter()
    .flat_map(|raw| raw.lines())
    .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
    .filter_map(|v| v["text"].as_str().map(str::to_string))
    .collect()
}

/// The first two bytes (UTF-8) of the entries of a cue list, hashed into
/// 32 × 32 bits and built at compile time: [`Text::may_start`] rules out
/// most word starts with two loads instead of a search of the list. A
/// one-byte entry marks every second byte.
pub(crate) struct PairFilter([u32; 32]);

impl PairFilter {
    pub const fn of(list: &[&str]) -> Self {
        let mut m = [0u32; 32];
        let mut k = 0;
        while k < list.len() {
            let b = list[k].as_bytes();
            if b.len() == 1 {
                m[(b[0] & 31) as usize] = u32::MAX;
            } else if b.len() >= 2 {
                m[(b[0] & 31) as usize] |= 1 << (b[1] & 31);
            }
            k += 1;
        }
        PairFilter(m)
    }

    /// Whether an entry can start with the bytes `a`, `b`.
    pub fn test(&self, a: u8, b: u8) -> bool {
        self.0[usize::from(a & 31)] & (1 << (b & 31)) != 0
    }
}

/// The result of [`Text::digit_groups`]: at most [`DigitGroups::CAP`]
/// `(start, end)` pairs, on the stack.
pub(crate) struct DigitGroups {
    buf: [(usize, usize); DigitGroups::CAP],
    len: usize,
}

impl DigitGroups {
    /// The most groups any recogniser asks for.
    pub const CAP: usize = 8;
}

impl std::ops::Deref for DigitGroups {
    type Target = [(usize, usize)];
    fn deref(&self) -> &[(usize, usize)] {
        &self.buf[..self.len]
    }
}

/// The result of [`Text::digits`]: digit values, on the stack unless the
/// run is longer than any identifier.
pub(crate) struct Digits {
    buf: [u8; Digits::CAP],
    len: usize,
    heap: Option<Vec<u8>>,
}

impl Digits {
    const CAP: usize = 32;
}

impl std::ops::Deref for Digits {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match &self.heap {
            Some(v) => v,
            None => &self.buf[..self.len],
        }
    }
}

/// A short string on the stack (a lowercased word to look up), on the heap
/// only when longer than the buffer.
pub(crate) struct SmallStr {
    buf: [u8; 64],
    len: usize,
    heap: Option<String>,
}

impl SmallStr {
    pub fn from_chars(chars: &[char]) -> Self {
        let mut out = SmallStr {
            buf: [0; 64],
            len: 0,
            heap: None,
        };
        for &c in chars {
            let n = c.len_utf8();
            if out.len + n > out.buf.len() {
                out.heap = Some(chars.iter().collect());
                return out;
            }
            c.encode_utf8(&mut out.buf[out.len..]);
            out.len += n;
        }
        out
    }

    pub fn as_str(&self) -> &str {
        match &self.heap {
            Some(s) => s,
            // Whole characters were encoded, so this is valid UTF-8.
            None => std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default(),
        }
    }
}

impl std::ops::Deref for SmallStr {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

/// A word list as a hash set built at compile time (open addressing over
/// FNV-1a, at most half full): a look-up hashes the word once and compares
/// one or two entries, where a binary search of thousands of names compared
/// a dozen. `N` is a power of two at least twice the list's length.
pub(crate) struct WordSet<const N: usize> {
    list: &'static [&'static str],
    /// Index + 1 into `list`; 0 marks an empty slot.
    slots: [u16; N],
}

impl<const N: usize> WordSet<N> {
    pub const fn of(list: &'static [&'static str]) -> Self {
        assert!(N.is_power_of_two() && list.len() * 2 <= N && N <= u16::MAX as usize);
        let mut slots = [0u16; N];
        let mut k = 0;
        while k < list.len() {
            let mut h = fnv1a(list[k].as_bytes()) as usize & (N - 1);
            while slots[h] != 0 {
                h = (h + 1) & (N - 1);
            }
            slots[h] = (k + 1) as u16;
            k += 1;
        }
        WordSet { list, slots }
    }

    pub fn contains(&self, w: &str) -> bool {
        let mut h = fnv1a(w.as_bytes()) as usize & (N - 1);
        loop {
            match self.slots[h] {
                0 => return false,
                k if self.list[usize::from(k) - 1] == w => return true,
                _ => h = (h + 1) & (N - 1),
            }
        }
    }
}

/// A cue list for [`CueList::longest_at`], hashed at compile time by each
/// entry's leading word: its characters up to the first one that is not
/// alphanumeric ("mein" for "mein name ist", "mr" for "mr."). An entry can
/// only match where the text's word is that leading word (an entry ending
/// in a letter must end at a word boundary; one going on with punctuation
/// needs that punctuation next), so a look-up hashes the text's word once
/// and compares the few entries that share it, where a search of the
/// sorted list narrowed a range byte by byte. Open addressing with linear
/// probing keeps the entries of one word in one cluster.
pub(crate) struct CueList<const N: usize> {
    list: &'static [&'static str],
    /// Rules out most positions before any hashing.
    filter: PairFilter,
    /// `(hash of the leading word, index + 1 into list)`; index 0 is empty.
    slots: [(u32, u16); N],
}

impl<const N: usize> CueList<N> {
    pub const fn of(list: &'static [&'static str]) -> Self {
        assert!(N.is_power_of_two() && list.len() * 2 <= N && N <= u16::MAX as usize);
        let mut slots = [(0u32, 0u16); N];
        let mut k = 0;
        while k < list.len() {
            let b = list[k].as_bytes();
            let h = fnv1a_prefix(b, leading_word_len(b));
            let mut at = h as usize & (N - 1);
            while slots[at].1 != 0 {
                at = (at + 1) & (N - 1);
            }
            slots[at] = (h, (k + 1) as u16);
            k += 1;
        }
        CueList {
            list,
            filter: PairFilter::of(list),
            slots,
        }
    }

    /// The longest entry that the lowercase text at `i` starts with and
    /// that ends at a word boundary unless it ends in punctuation ("Mrs."
    /// must not be read as "Mr" + "s.").
    pub fn longest_at(&self, t: &Text, i: usize) -> Option<&'static str> {
        if !t.may_start(i, &self.filter) {
            return None;
        }
        self.longest_with(t, i, t.word_key(i))
    }

    /// [`CueList::longest_at`] for several lists at one position: the key
    /// of the word at `i` is computed by the first list whose filter lets
    /// the position pass, and kept in `key` for the others.
    pub fn longest_cached(
        &self,
        t: &Text,
        i: usize,
        key: &mut Option<WordKey>,
    ) -> Option<&'static str> {
        if !t.may_start(i, &self.filter) {
            return None;
        }
        let key = *key.get_or_insert_with(|| t.word_key(i));
        self.longest_with(t, i, key)
    }

    fn longest_with(&self, t: &Text, i: usize, key: WordKey) -> Option<&'static str> {
        let mut at = key.0 as usize & (N - 1);
        let mut longest: Option<&'static str> = None;
        loop {
            let (sh, k) = self.slots[at];
            if k == 0 {
                return longest;
            }
            let p = self.list[usize::from(k) - 1];
            if sh == key.0
                && longest.is_none_or(|l| p.len() > l.len())
                && t.starts_with_lower(i, p)
                && (!p.ends_with(char::is_alphanumeric) || t.boundary_after(i + p.chars().count()))
            {
                longest = Some(p);
            }
            at = (at + 1) & (N - 1);
        }
    }
}

/// The hash of the lowercase word (run of alphanumeric characters) at a
/// position, as [`CueList`] keys its entries.
#[derive(Clone, Copy)]
pub(crate) struct WordKey(u32);

impl Text {
    pub fn word_key(&self, i: usize) -> WordKey {
        let mut h: u32 = FNV_OFFSET;
        let mut buf = [0u8; 4];
        let mut end = i;
        while let Some(&c) = self.c.get(end) {
            if c.is_ascii() {
                if !c.is_ascii_alphanumeric() {
                    break;
                }
                h = fnv1a_step(h, self.lower[end] as u8);
            } else if c.is_alphanumeric() {
                for &b in self.lower[end].encode_utf8(&mut buf).as_bytes() {
                    h = fnv1a_step(h, b);
                }
            } else {
                break;
            }
            end += 1;
        }
        WordKey(h)
    }
}

/// Byte length of the leading word of a cue (see [`CueList`]): the
/// characters before the first ASCII character that is not a letter or
/// digit, or the first of the few non-ASCII punctuation marks cues hold
/// (`CueList` tests check that every other non-ASCII character of the lists
/// is alphanumeric).
const fn leading_word_len(b: &[u8]) -> usize {
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            if !x.is_ascii_alphanumeric() {
                return i;
            }
            i += 1;
        } else {
            let len = if x >= 0xf0 {
                4
            } else if x >= 0xe0 {
                3
            } else {
                2
            };
            // ’ ‘ – — (U+2019, U+2018, U+2013, U+2014) and NBSP (U+00A0).
            let punct = matches!(
                (x, b[i + 1], if len > 2 { b[i + 2] } else { 0 }),
                (0xe2, 0x80, 0x99 | 0x98 | 0x93 | 0x94) | (0xc2, 0xa0, _)
            );
            if punct {
                return i;
            }
            i += len;
        }
    }
    b.len()
}

const FNV_OFFSET: u32 = 0x811c_9dc5;

const fn fnv1a_step(h: u32, b: u8) -> u32 {
    (h ^ b as u32).wrapping_mul(0x0100_0193)
}

const fn fnv1a_prefix(b: &[u8], len: usize) -> u32 {
    let mut h = FNV_OFFSET;
    let mut i = 0;
    while i < len {
        h = fnv1a_step(h, b[i]);
        i += 1;
    }
    h
}

const fn fnv1a(b: &[u8]) -> u32 {
    fnv1a_prefix(b, b.len())
}

/// Labels that make a number an order, invoice, customer, tracking or article
/// number: weak numeric recognisers stay quiet after them.
pub(crate) fn is_reference_label(word: &str) -> bool {
    const STEMS: &[&str] = &[
        "order",
        "bestell",
        "invoice",
        "rechnung",
        "kunde",
        "customer",
        "tracking",
        "sendung",
        "auftrag",
        "ticket",
        "artikel",
        "article",
        "sku",
        "ean",
        "gtin",
        "isbn",
        "serial",
        "serien",
        "seriennr",
        "sn",
        "vertrag",
        "contract",
        "vorgang",
        "case",
        "fall",
        "ref",
        "referenz",
        "reference",
        "paket",
        "package",
        "parcel",
        "lieferschein",
        "delivery",
        "produkt",
        "product",
        "item",
        "model",
        "modell",
        "version",
        "build",
        "transaktion",
        "transaction",
        "beleg",
        "receipt",
        "quittung",
        "mitglied",
        "member",
        "account",
        "konto",
        "kundennr",
        "po",
        "inv",
        "rma",
        "retoure",
        "return",
        "los",
        "lot",
        "batch",
    ];
    // Short stems must match the whole word: "po" is not "post".
    STEMS.iter().any(|s| {
        if s.len() <= 3 {
            word == *s
        } else {
            word.starts_with(s)
        }
    })
}

impl<const N: usize> WordSet<N> {
    /// [`WordSet::contains`] for a word given as characters, hashed and
    /// compared without building the string first: most look-ups miss.
    pub fn contains_chars(&self, w: &[char]) -> bool {
        let mut h = FNV_OFFSET;
        // Byte length of the word: entries of another length are skipped
        // without decoding them.
        let mut len = 0;
        let mut buf = [0u8; 4];
        for &c in w {
            if c.is_ascii() {
                h = fnv1a_step(h, c as u8);
                len += 1;
            } else {
                let b = c.encode_utf8(&mut buf).as_bytes();
                for &x in b {
                    h = fnv1a_step(h, x);
                }
                len += b.len();
            }
        }
        let mut h = h as usize & (N - 1);
        loop {
            match self.slots[h] {
                0 => return false,
                k if {
                    let entry = self.list[usize::from(k) - 1];
                    entry.len() == len && entry.chars().eq(w.iter().copied())
                } =>
                {
                    return true;
                }
                _ => h = (h + 1) & (N - 1),
            }
        }
    }
}

/// The first two bytes (UTF-8) of the lowercase text at a position, read
/// once for the [`PairFilter`]s of several cue lists: [`Text::may_start`]
/// for each list reads them again.
#[derive(Clone, Copy)]
pub(crate) enum StartPair {
    /// No text left: no entry starts here.
    End,
    /// One byte of text left: only a one-byte entry fits; the list decides.
    Last,
    Bytes(u8, u8),
}

impl Text {
    /// The [`StartPair`] at `i`, as [`Text::may_start`] reads it.
    pub fn start_pair(&self, i: usize) -> StartPair {
        let Some(&c) = self.lower.get(i) else {
            return StartPair::End;
        };
        if let Some(&d) = self.lower.get(i + 1)
            && c.is_ascii()
            && d.is_ascii()
        {
            return StartPair::Bytes(c as u8, d as u8);
        }
        let mut buf = [0u8; 8];
        let first = c.encode_utf8(&mut buf).len();
        let len = match self.lower.get(i + 1) {
            Some(&d) => first + d.encode_utf8(&mut buf[first..]).len(),
            None => first,
        };
        match buf[..len] {
            [a, b, ..] => StartPair::Bytes(a, b),
            _ => StartPair::Last,
        }
    }
}

impl<const N: usize> CueList<N> {
    /// [`CueList::longest_cached`] with the position's [`StartPair`] read
    /// beforehand.
    pub fn longest_paired(
        &self,
        t: &Text,
        i: usize,
        pair: StartPair,
        key: &mut Option<WordKey>,
    ) -> Option<&'static str> {
        let may = match pair {
            StartPair::End => false,
            StartPair::Last => true,
            StartPair::Bytes(a, b) => self.filter.test(a, b),
        };
        if !may {
            return None;
        }
        let key = *key.get_or_insert_with(|| t.word_key(i));
        self.longest_with(t, i, key)
    }
}

impl<const N: usize> CueList<N> {
    /// The longest entry that the lowercase text at `i` starts with, with
    /// no word-boundary test after it; for callers that reject a match
    /// followed by a letter or digit. Only entries whose leading word is
    /// the whole word at `i` are looked up, so it differs from
    /// [`Text::longest_sorted`] only where that one's result is followed
    /// by a letter or digit: then this gives the same entry or `None`. (An
    /// entry whose leading word is a proper prefix of the word at `i` is a
    /// single word, since the text would otherwise hold the entry's
    /// separator there, and a longer entry is always found.)
    pub fn longest_prefix_at(&self, t: &Text, i: usize) -> Option<&'static str> {
        if !t.may_start(i, &self.filter) {
            return None;
        }
        let key = t.word_key(i);
        let mut at = key.0 as usize & (N - 1);
        let mut longest: Option<&'static str> = None;
        loop {
            let (sh, k) = self.slots[at];
            if k == 0 {
                return longest;
            }
            let p = self.list[usize::from(k) - 1];
            if sh == key.0 && longest.is_none_or(|l| p.len() > l.len()) && t.starts_with_lower(i, p)
            {
                longest = Some(p);
            }
            at = (at + 1) & (N - 1);
        }
    }
}
