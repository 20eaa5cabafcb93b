//! Text normalisation for the guards.
//!
//! Two views of visitor text exist and must not be confused:
//! - [`visitor_text`] is what the chat pipeline keeps and sends on (after
//!   redaction): it only removes characters that carry no meaning for a reader
//!   but can hide content from a reviewer (controls, zero-width and bidi
//!   overrides). It never changes words.
//! - [`for_detection`] is a lossy canonical form used only to look for prompt
//!   injection: it undoes the usual tricks that keep a phrase like
//!   "ignore previous instructions" away from a matcher (homoglyphs,
//!   leetspeak, spaced-out letters, invisible characters). It is never shown
//!   or stored.
//!
//! [`decoded_segments`] finds base64 and hex runs and decodes them, because an
//! LLM reads encoded instructions just as well as plain ones.

use base64::Engine as _;
use unicode_normalization::UnicodeNormalization;

/// Characters that render as nothing (or only steer layout) and so let an
/// attacker split a keyword without a reader noticing.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'              // soft hyphen
        | '\u{034F}'            // combining grapheme joiner
        | '\u{061C}'            // Arabic letter mark
        | '\u{115F}' | '\u{1160}' // Hangul fillers
        | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' // Mongolian selectors and vowel separator
        | '\u{200B}'..='\u{200F}' // zero-width space/joiners, LRM/RLM
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2060}'..='\u{206F}' // word joiner, invisible operators, bidi isolates
        | '\u{3164}'            // Hangul filler
        | '\u{FE00}'..='\u{FE0F}' // variation selectors
        | '\u{FEFF}'            // BOM / zero-width no-break space
        | '\u{FFA0}'
        | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation
        | '\u{E0000}'..='\u{E007F}' // tag characters ("ASCII smuggling")
        | '\u{E0100}'..='\u{E01EF}' // variation selectors supplement
    )
}

/// Pictographs that legitimately combine with U+200D into one emoji.
fn is_pictographic(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27BF}' | '\u{1F000}'..='\u{1FAFF}')
}

/// What the chat pipeline keeps of visitor text before redaction: NFC,
/// control characters (except `\n` and `\t`) and zero-width / bidi override
/// characters removed, trimmed. Meaning-preserving; idempotent.
pub fn visitor_text(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut prev: Option<char> = None;
    for c in input.nfc() {
        let keep = if c == '\n' || c == '\t' {
            true
        } else if c == '\u{200D}' {
            // Zero-width joiner is part of emoji sequences (family, flags,
            // skin tones): keep it there, drop it anywhere else.
            prev.is_some_and(is_pictographic)
        } else {
            !(c.is_control() || is_invisible(c))
        };
        if keep {
            out.push(c);
            prev = Some(c);
        }
    }
    // Removing a character can bring two combining sequences together, so
    // recompose once more to stay in NFC.
    let recomposed: String = out.trim().nfc().collect();
    recomposed.trim().to_string()
}

/// Latin look-alikes for Cyrillic and Greek letters (lowercase after
/// folding). Only letters that are visually confusable are mapped: the goal is
/// to turn "іgnоrе" (with Cyrillic і, о, е) back into "ignore".
fn fold_homoglyph(c: char) -> char {
    match c {
        // Cyrillic
        'а' | 'А' => 'a',
        'в' | 'В' => 'b',
        'е' | 'Е' | 'ё' | 'Ё' => 'e',
        'к' | 'К' => 'k',
        'м' | 'М' => 'm',
        'н' | 'Н' => 'h',
        'о' | 'О' => 'o',
        'р' | 'Р' => 'p',
        'с' | 'С' => 'c',
        'т' | 'Т' => 't',
        'у' | 'У' => 'y',
        'х' | 'Х' => 'x',
        'і' | 'І' | 'ї' | 'Ї' | 'ӏ' | 'Ӏ' => 'i',
        'ј' | 'Ј' => 'j',
        'ѕ' | 'Ѕ' => 's',
        'ԁ' | 'Ԁ' => 'd',
        'ԛ' | 'Ԛ' => 'q',
        'ԝ' | 'Ԝ' => 'w',
        'ɡ' => 'g',
        'ո' => 'n',
        'ս' => 'u',
        // Greek
        'α' | 'Α' => 'a',
        'β' | 'Β' => 'b',
        'ε' | 'Ε' => 'e',
        'η' | 'Η' => 'h',
        'ι' | 'Ι' => 'i',
        'κ' | 'Κ' => 'k',
        'μ' | 'Μ' => 'm',
        'ν' | 'Ν' => 'v',
        'ο' | 'Ο' => 'o',
        'ρ' | 'Ρ' => 'p',
        'τ' | 'Τ' => 't',
        'υ' | 'Υ' => 'u',
        'χ' | 'Χ' => 'x',
        'ζ' | 'Ζ' => 'z',
        // Latin variants NFKC leaves alone
        'ı' => 'i',
        'ȷ' => 'j',
        'ł' => 'l',
        'ø' => 'o',
        'đ' => 'd',
        _ => c,
    }
}

/// Leetspeak digit or symbol inside a word, with the letter it stands for.
fn leet(c: char) -> Option<char> {
    match c {
        '0' => Some('o'),
        '1' => Some('i'),
        '3' => Some('e'),
        '4' => Some('a'),
        '5' => Some('s'),
        '7' => Some('t'),
        '@' => Some('a'),
        '$' => Some('s'),
        _ => None,
    }
}

/// Separators an attacker puts between single letters: "i g n o r e",
/// "i.g.n.o.r.e", "i-g-n-o-r-e".
fn is_letter_separator(c: char) -> bool {
    matches!(c, ' ' | '.' | '-' | '_' | '*' | '|' | '/' | '+' | '~' | '·')
}

/// A character that can be part of a (possibly leet-spelled) word.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '@' || c == '$'
}

/// Canonical form used for detection: NFKC, control / zero-width / bidi
/// characters stripped, spaced-out letters collapsed ("i g n o r e" →
/// "ignore"), leetspeak and homoglyphs folded (Cyrillic/Greek look-alikes,
/// 1→i, 0→o, 3→e, 4→a, 5→s, 7→t, @→a, $→s where inside a word), lowercase,
/// whitespace collapsed. Idempotent.
pub fn for_detection(input: &str) -> String {
    // Two passes reach the fixed point in practice (the second pass only
    // matters when lowercasing or folding produced something NFKC or the
    // collapsing step treats differently); looping until stable makes
    // idempotence a guarantee rather than an observation.
    //
    // Fast paths with the same result: ASCII input takes a byte-level first
    // pass (`detection_pass_ascii`, equal to `detection_pass` on ASCII), and
    // a first result that `is_fixed_point` proves stable skips the second
    // pass, whose only effect would be to confirm it.
    let mut current = if input.is_ascii() {
        let (out, proven) = ascii_pass(input.as_bytes());
        // Of what `is_fixed_point` checks, the ASCII pass leaves only a
        // spaced-out run to prove absent: its output is lowercase, without
        // controls, with single inner spaces only, and every word holding
        // a letter has had its leetspeak folded (into letters that are not
        // leetspeak; collapsing whitespace never joins two words). Runs
        // can remain: "a  b  c" has none, but its output "a b c" has one.
        if proven || !has_spaced_run(out.as_bytes()) {
            return out;
        }
        out
    } else {
        detection_pass(input)
    };
    if is_fixed_point(&current) {
        return current;
    }
    for _ in 0..3 {
        // The pass keeps ASCII text ASCII, so the byte-level pass serves
        // every later round of ASCII input too.
        let next = if current.is_ascii() {
            detection_pass_ascii(current.as_bytes())
        } else {
            detection_pass(&current)
        };
        if next == current {
            break;
        }
        current = next;
    }
    current
}

/// A sufficient condition for `detection_pass(s) == s`, checked in one
/// pass: every step of the detection pass leaves such text as it is. NFKC
/// (the quick check proves it), nothing invisible, no control character,
/// no whitespace but single inner spaces, every character its own lowercase
/// and homoglyph fold, no spaced-out run to collapse, no leetspeak to fold.
/// `false` only means "not proven"; the caller then runs the pass.
fn is_fixed_point(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') || s.contains("  ") {
        return false;
    }
    if s.is_ascii() {
        // ASCII is NFKC, has no invisible characters and folds no
        // homoglyph; lowercase and controls are all that is left.
        if b.iter().any(|&c| {
            c.is_ascii_uppercase() || (c.is_ascii_control() || c.is_ascii_whitespace()) && c != b' '
        }) {
            return false;
        }
        return !has_spaced_run(b) && !has_leet_word(b);
    }
    let chars_ok = s.chars().all(|c| {
        if c.is_ascii() {
            return c == ' ' || !(c.is_ascii_uppercase() || c.is_ascii_control());
        }
        !(c.is_whitespace()
            || c.is_control()
            || is_invisible(c)
            || c == '\u{200D}'
            || c == '\u{0307}')
            && fold_homoglyph(c) == c
            && {
                let mut l = c.to_lowercase();
                l.next() == Some(c) && l.next().is_none()
            }
    });
    if !chars_ok
        || unicode_normalization::is_nfkc_quick(s.chars())
            != unicode_normalization::IsNormalized::Yes
    {
        return false;
    }
    let chars: Vec<char> = s.chars().collect();
    !has_spaced_run(&chars) && !has_leet_word(&chars)
}

/// A code unit of text: a `char`, or a byte of ASCII text (where the two
/// agree on every predicate used here).
trait Unit: Copy + PartialEq {
    fn is_word(self) -> bool;
    fn is_separator(self) -> bool;
    fn is_alpha(self) -> bool;
    fn leet(self) -> Option<Self>;
}

// ASCII characters (most of any text) take the byte table.
impl Unit for char {
    #[inline]
    fn is_word(self) -> bool {
        match u8::try_from(self) {
            Ok(b) if b.is_ascii() => b.is_word(),
            _ => is_word_char(self),
        }
    }
    #[inline]
    fn is_separator(self) -> bool {
        match u8::try_from(self) {
            Ok(b) if b.is_ascii() => b.is_separator(),
            _ => is_letter_separator(self),
        }
    }
    #[inline]
    fn is_alpha(self) -> bool {
        match u8::try_from(self) {
            Ok(b) if b.is_ascii() => b.is_alpha(),
            _ => self.is_alphabetic(),
        }
    }
    #[inline]
    fn leet(self) -> Option<Self> {
        leet(self)
    }
}

/// Classes of ASCII bytes for the byte-level pass, one table load each
/// (built at compile time from the `char` predicates' ASCII cases; the
/// tests compare every byte).
const B_WORD: u8 = 1;
const B_SEP: u8 = 2;
const B_ALPHA: u8 = 4;
const B_LEET: u8 = 8;
const BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        let mut k = 0;
        if c.is_ascii_alphanumeric() || c == b'@' || c == b'$' {
            k |= B_WORD;
        }
        if matches!(
            c,
            b' ' | b'.' | b'-' | b'_' | b'*' | b'|' | b'/' | b'+' | b'~'
        ) {
            k |= B_SEP;
        }
        if c.is_ascii_alphabetic() {
            k |= B_ALPHA;
        }
        if matches!(c, b'0' | b'1' | b'3' | b'4' | b'5' | b'7' | b'@' | b'$') {
            k |= B_LEET;
        }
        t[b] = k;
        b += 1;
    }
    t
};

impl Unit for u8 {
    #[inline]
    fn is_word(self) -> bool {
        BYTE_CLASS[usize::from(self)] & B_WORD != 0
    }
    #[inline]
    fn is_separator(self) -> bool {
        BYTE_CLASS[usize::from(self)] & B_SEP != 0
    }
    #[inline]
    fn is_alpha(self) -> bool {
        BYTE_CLASS[usize::from(self)] & B_ALPHA != 0
    }
    #[inline]
    fn leet(self) -> Option<Self> {
        if BYTE_CLASS[usize::from(self)] & B_LEET == 0 {
            return None;
        }
        leet(char::from(self)).map(|c| c as u8)
    }
}

/// Detection pass on ASCII text: the same steps as [`detection_pass`],
/// which on ASCII reduce to byte operations (NFKC, the invisible set and
/// the homoglyph fold leave ASCII alone; lowercasing is ASCII lowercasing;
/// every ASCII control and whitespace character becomes a space).
fn detection_pass_ascii(input: &[u8]) -> String {
    ascii_pass(input).0
}

/// [`detection_pass_ascii`] in one buffer, and whether its result is
/// proven to be a fixed point: when no spaced-out run was collapsed and
/// collapsing whitespace removed nothing, the result is the folded text,
/// which has no spaced-out run either (folding leetspeak keeps word and
/// separator characters what they are), and a spaced-out run is all that
/// can keep the result of this pass from being a fixed point (see
/// [`for_detection`]).
fn ascii_pass(input: &[u8]) -> (String, bool) {
    let mut chars: Vec<u8> = input
        .iter()
        .map(|&b| {
            if b.is_ascii_control() || b == b' ' {
                b' '
            } else {
                b.to_ascii_lowercase()
            }
        })
        .collect();
    // Spaced-out runs are rare; finding none spares the copy.
    let collapsed = has_spaced_run(&chars);
    if collapsed {
        chars = collapse_spaced(&chars);
    }
    fold_leet_in_place(&mut chars);
    // Whitespace collapsed in place and without branching on the bytes:
    // each byte is written at the end of the output and kept unless it is
    // a space that follows a space or starts the output; one space left at
    // the end is dropped. Writing never overtakes reading.
    let mut len = 0;
    let mut prev_space = true;
    for i in 0..chars.len() {
        let c = chars[i];
        let space = c == b' ';
        chars[len] = c;
        len += usize::from(!(space & prev_space));
        prev_space = space;
    }
    if len > 0 && chars[len - 1] == b' ' {
        len -= 1;
    }
    let removed = len != chars.len();
    chars.truncate(len);
    // Only ASCII bytes were written.
    let out = String::from_utf8(chars).unwrap_or_default();
    (out, !collapsed && !removed)
}

fn detection_pass(input: &str) -> String {
    // 1. Compatibility-fold (fullwidth, math alphanumerics, ligatures), drop
    //    invisible characters, map controls and all whitespace to a space,
    //    fold homoglyphs, lowercase.
    let mut raw: Vec<char> = Vec::with_capacity(input.len());
    let mut push = |c: char| {
        if c.is_ascii() {
            // Nothing ASCII is invisible; controls and whitespace become
            // spaces.
            raw.push(if c.is_ascii_control() || c == ' ' {
                ' '
            } else {
                c
            });
            return;
        }
        if is_invisible(c) || c == '\u{200D}' {
            return;
        }
        if c.is_control() || c.is_whitespace() {
            raw.push(' ');
        } else {
            raw.push(c);
        }
    };
    // Text that the quick check proves to be in NFKC already (all ASCII
    // text, most German text, and every later pass) is its own NFKC form,
    // so the decompose-recompose iterator can be skipped.
    if unicode_normalization::is_nfkc_quick(input.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        input.chars().for_each(&mut push);
    } else {
        input.nfkc().for_each(&mut push);
    }
    let mut chars: Vec<char> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i].is_ascii() && !raw[i].is_ascii_alphanumeric() {
            // Its own lowercase.
            chars.push(raw[i]);
            i += 1;
            continue;
        }
        if !raw[i].is_alphanumeric() {
            chars.extend(raw[i].to_lowercase());
            i += 1;
            continue;
        }
        let start = i;
        while i < raw.len() && raw[i].is_alphanumeric() {
            i += 1;
        }
        let word = &raw[start..i];
        // Fold look-alikes only in words that are spoofs: mixed with Latin
        // letters ("іgnоrе" with Cyrillic і, о, е), or made only of
        // look-alikes. Genuine Russian or Greek words keep their letters, so
        // they are not turned into Latin gibberish.
        let has_latin = word.iter().any(|c| c.is_ascii_alphabetic());
        let all_foldable = word.iter().all(|&c| c.is_ascii() || fold_homoglyph(c) != c);
        let fold = has_latin || all_foldable;
        for &c in word {
            if c.is_ascii() {
                // No homoglyph fold applies to ASCII; lowercase is ASCII.
                chars.push(c.to_ascii_lowercase());
                continue;
            }
            let c = if fold { fold_homoglyph(c) } else { c };
            for l in c.to_lowercase() {
                chars.push(if fold { fold_homoglyph(l) } else { l });
            }
        }
    }
    // Lowercasing can produce decomposed sequences (e.g. 'İ' → "i̇"); the
    // combining dot above only hides an 'i'.
    chars.retain(|&c| c != '\u{0307}');

    // 2. Collapse spaced-out letters: a run of at least three single word
    //    characters, each separated by exactly one separator, becomes one word.
    let mut chars = collapse_spaced(&chars);

    // 3. Fold leetspeak inside words that also contain a letter, so "1gn0r3"
    //    becomes "ignore" while order numbers ("12345") stay as they are.
    fold_leet_in_place(&mut chars);

    // 4. Collapse whitespace.
    let mut out = String::with_capacity(chars.len());
    let mut pending_space = false;
    for c in chars {
        if c == ' ' {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// End of the spaced-out run ("i g n o r e") of at least three single word
/// characters starting at `i`, if one starts there.
fn spaced_run_end<T: Unit>(chars: &[T], i: usize) -> Option<usize> {
    let n = chars.len();
    // The run must start at a word boundary ("a b c" inside "xa b c" is not
    // a spaced word).
    let at_boundary = i == 0 || !chars[i - 1].is_word();
    if !(at_boundary && chars[i].is_word()) {
        return None;
    }
    // Count single characters separated by one separator.
    let mut j = i;
    let mut count = 0;
    loop {
        if j < n && chars[j].is_word() && (j + 1 == n || !chars[j + 1].is_word()) {
            count += 1;
            if j + 2 < n && chars[j + 1].is_separator() && chars[j + 2].is_word() {
                // The separator must be single: "a  b" (two spaces) is a
                // word boundary, and the next item must itself be a single
                // character for the run to continue.
                let next_single = j + 3 == n || !chars[j + 3].is_word();
                if next_single {
                    j += 2;
                    continue;
                }
            }
            j += 1;
        }
        break;
    }
    (count >= 3).then_some(j)
}

/// A single word character at `i` (no word character on either side): the
/// first thing [`spaced_run_end`] requires, tested inline because most
/// positions fail it.
#[inline(always)]
fn single_at<T: Unit>(chars: &[T], i: usize) -> bool {
    chars[i].is_word()
        && (i == 0 || !chars[i - 1].is_word())
        && chars.get(i + 1).is_none_or(|c| !c.is_word())
}

fn collapse_spaced<T: Unit>(chars: &[T]) -> Vec<T> {
    let n = chars.len();
    let mut out = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        if single_at(chars, i)
            && let Some(j) = spaced_run_end(chars, i)
        {
            out.extend(chars[i..j].iter().filter(|c| c.is_word()));
            i = j;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Whether [`collapse_spaced`] would change `chars`.
fn has_spaced_run<T: Unit>(chars: &[T]) -> bool {
    // `single_at` over a sliding window: each character's word test once,
    // combined without branching on it (word characters come and go
    // unpredictably; single ones are rare).
    let mut prev = false;
    let mut cur = chars.first().is_some_and(|c| c.is_word());
    for i in 0..chars.len() {
        let next = chars.get(i + 1).is_some_and(|c| c.is_word());
        if cur & !prev & !next && spaced_run_end(chars, i).is_some() {
            return true;
        }
        prev = cur;
        cur = next;
    }
    false
}

/// Leetspeak folded inside words (runs of word characters) that contain a
/// letter and a leet character; one character in, one out.
fn fold_leet_in_place<T: Unit>(chars: &mut [T]) {
    // Most texts have no such word, which the branch-free test shows
    // faster than the walk below finds.
    if !has_leet_word(chars) {
        return;
    }
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_word() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_word() {
            i += 1;
        }
        let word = &mut chars[start..i];
        let has_letter = word.iter().any(|c| c.is_alpha());
        let has_leet = word.iter().any(|c| c.leet().is_some());
        // "@" and "$" alone are not letters; numbers stay as they are.
        if has_letter && has_leet {
            for c in word {
                *c = c.leet().unwrap_or(*c);
            }
        }
    }
}

/// Whether [`fold_leet_in_place`] would change `chars`.
fn has_leet_word<T: Unit>(chars: &[T]) -> bool {
    // Whether the current word so far has a letter and a leetspeak
    // character, tracked without branching on the characters: a non-word
    // character ends the word and clears both.
    let (mut letter, mut leet, mut found) = (false, false, false);
    for &c in chars {
        let word = c.is_word();
        letter = word & (letter | c.is_alpha());
        leet = word & (leet | c.leet().is_some());
        found |= letter & leet;
    }
    found
}

/// Shortest encoded run worth decoding: shorter runs are mostly ordinary
/// words, ids and hashes, and an instruction needs some length.
const MIN_BASE64_LEN: usize = 16;
const MIN_HEX_DIGITS: usize = 16;
/// Bound the work on hostile input: at most this many segments are decoded.
const MAX_SEGMENTS: usize = 16;

/// Decoded base64 / hex segments found in the text (each decoded to UTF-8
/// when valid and mostly printable), to be scanned too. Nested encodings are
/// decoded once more.
pub fn decoded_segments(input: &str) -> Vec<String> {
    let mut out = Vec::new();
    collect_segments(input, &mut out, 0);
    out
}

fn collect_segments(input: &str, out: &mut Vec<String>, depth: u8) {
    if !may_hold_encoded_run(input.as_bytes()) {
        return;
    }
    let mut found = Vec::new();
    for run in base64_runs(input) {
        if let Some(text) = decode_base64(run) {
            found.push(text);
        }
    }
    for digits in hex_runs(input) {
        if let Some(text) = decode_hex(&digits) {
            found.push(text);
        }
    }
    for text in found {
        if out.len() >= MAX_SEGMENTS {
            return;
        }
        if depth == 0 {
            let before = out.len();
            out.push(text);
            if let Some(inner) = out.get(before).cloned() {
                collect_segments(&inner, out, depth + 1);
            }
        } else {
            out.push(text);
        }
    }
}

/// Whether [`base64_runs`] or [`hex_runs`] can find anything: a base64 run
/// is a stretch of at least [`MIN_BASE64_LEN`] base64 characters, and a hex
/// run takes its digits from one stretch of hex digits, separators and `\x`
/// prefixes (any other byte ends it), so a text where no such stretch holds
/// [`MIN_HEX_DIGITS`] hex digits has none. One pass over the bytes, no
/// allocation: most messages stop here.
fn may_hold_encoded_run(bytes: &[u8]) -> bool {
    let (mut b64, mut hex) = (0usize, 0usize);
    // Counted without branching on the class, which is as unpredictable
    // as the text; the only branch is the early return, rarely taken.
    for &b in bytes {
        let class = ENCODED_CLASS[usize::from(b)];
        // `0usize.wrapping_sub(1)` is all ones: an AND keeps or clears.
        b64 = (b64 + 1) & 0usize.wrapping_sub(usize::from(class & E_BASE64 != 0));
        hex = (hex + usize::from(class & E_HEX != 0))
            & 0usize.wrapping_sub(usize::from(class & (E_HEX | E_HEX_GLUE) != 0));
        if b64 >= MIN_BASE64_LEN || hex >= MIN_HEX_DIGITS {
            return true;
        }
    }
    false
}

/// Byte classes for [`may_hold_encoded_run`], one table load per byte: a
/// base64 character, a hex digit, and a byte that may sit inside a hex run
/// without being a digit (separators and the `x` of `\x`).
const E_BASE64: u8 = 1;
const E_HEX: u8 = 2;
const E_HEX_GLUE: u8 = 4;
const ENCODED_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        let mut k = 0;
        if c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'-' | b'_' | b'=') {
            k |= E_BASE64;
        }
        if c.is_ascii_hexdigit() {
            k |= E_HEX;
        }
        if matches!(c, b' ' | b':' | b',' | b'\\' | b'x') {
            k |= E_HEX_GLUE;
        }
        t[b] = k;
        b += 1;
    }
    t
};

fn is_base64_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '-' | '_' | '=')
}

fn base64_runs(input: &str) -> Vec<&str> {
    let mut runs = Vec::new();
    let mut start: Option<usize> = None;
    // Base64 characters are ASCII, so byte positions of them are character
    // boundaries and a non-ASCII byte simply ends a run.
    for (i, b) in input
        .bytes()
        .enumerate()
        .chain(std::iter::once((input.len(), b' ')))
    {
        if b.is_ascii() && is_base64_char(char::from(b)) {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            let run = &input[s..i];
            // Pure hex or pure digits are left to the hex decoder.
            let has_upper = run.bytes().any(|b| b.is_ascii_uppercase());
            let has_lower = run.bytes().any(|b| b.is_ascii_lowercase());
            if run.len() >= MIN_BASE64_LEN && has_upper && has_lower {
                runs.push(run);
            }
        }
    }
    runs
}

fn decode_base64(run: &str) -> Option<String> {
    let trimmed = run.trim_end_matches('=');
    let url_safe = trimmed.contains('-') || trimmed.contains('_');
    let engine = if url_safe {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
    } else {
        base64::engine::general_purpose::STANDARD_NO_PAD
    };
    // A run may carry trailing characters that are not part of the encoding
    // ("...=.", or a length that is not a multiple of four): try the longest
    // decodable prefix.
    let mut len = trimmed.len();
    while len >= MIN_BASE64_LEN {
        // A length of 4k+1 can never be valid base64.
        if len % 4 != 1
            && let Ok(bytes) = engine.decode(&trimmed[..len])
        {
            return printable_text(bytes);
        }
        len -= 1;
        if trimmed.len() - len > 3 {
            break;
        }
    }
    None
}

/// Hex runs: contiguous digits ("69676e6f7265"), or byte pairs separated by
/// spaces, colons or `\x` ("69 67 6e", "\x69\x67").
fn hex_runs(input: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut current = String::new();
    let bytes = input.as_bytes();
    let mut i = 0;
    let flush = |current: &mut String, runs: &mut Vec<String>| {
        if current.len() >= MIN_HEX_DIGITS && current.len().is_multiple_of(2) {
            runs.push(std::mem::take(current));
        } else {
            current.clear();
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        if (b == b'\\' || b == b'0')
            && bytes.get(i + 1) == Some(&b'x')
            && current.len().is_multiple_of(2)
            && bytes.get(i + 2).is_some_and(|n| n.is_ascii_hexdigit())
        {
            // "\x69" and "0x69" byte prefixes.
            i += 2;
        } else if b.is_ascii_hexdigit() {
            current.push(char::from(b));
            i += 1;
        } else if matches!(b, b' ' | b':' | b',')
            && current.len().is_multiple_of(2)
            && !current.is_empty()
            && bytes.get(i + 1).is_some_and(|n| n.is_ascii_hexdigit())
        {
            i += 1;
        } else {
            flush(&mut current, &mut runs);
            i += 1;
        }
    }
    flush(&mut current, &mut runs);
    runs
}

fn decode_hex(digits: &str) -> Option<String> {
    // Pure decimal numbers (IBANs without letters, phone numbers) are not hex
    // text: require at least one letter digit.
    if !digits.bytes().any(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let raw = digits.as_bytes();
    let mut bytes = Vec::with_capacity(raw.len() / 2);
    for pair in raw.chunks(2) {
        let hi = char::from(pair[0]).to_digit(16)?;
        let lo = char::from(*pair.get(1)?).to_digit(16)?;
        bytes.push(u8::try_from(hi * 16 + lo).ok()?);
    }
    printable_text(bytes)
}

/// Decoded bytes count as text when they are UTF-8, mostly letters and
/// spaces, and contain at least a few letters.
fn printable_text(bytes: Vec<u8>) -> Option<String> {
    let text = String::from_utf8(bytes).ok()?;
    let total = text.chars().count();
    if total == 0 {
        return None;
    }
    let printable = text
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t' | '\r'))
        .count();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if printable * 100 >= total * 95 && letters * 2 >= total && letters >= 4 {
        Some(text)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The detection form as it was computed before the fast paths, kept
    /// verbatim as the reference they are tested against.
    mod reference {
        use super::super::{
            MIN_BASE64_LEN, fold_homoglyph, is_base64_char, is_invisible, is_letter_separator,
            is_word_char, leet,
        };
        use unicode_normalization::UnicodeNormalization;

        pub(super) fn for_detection(input: &str) -> String {
            // Two passes reach the fixed point in practice (the second pass only
            // matters when lowercasing or folding produced something NFKC or the
            // collapsing step treats differently); looping until stable makes
            // idempotence a guarantee rather than an observation.
            let mut current = detection_pass(input);
            for _ in 0..3 {
                let next = detection_pass(&current);
                if next == current {
                    break;
                }
                current = next;
            }
            current
        }

        pub(super) fn detection_pass(input: &str) -> String {
            // 1. Compatibility-fold (fullwidth, math alphanumerics, ligatures), drop
            //    invisible characters, map controls and all whitespace to a space,
            //    fold homoglyphs, lowercase.
            let mut raw: Vec<char> = Vec::with_capacity(input.len());
            let mut push = |c: char| {
                if is_invisible(c) || c == '\u{200D}' {
                    return;
                }
                if c.is_control() || c.is_whitespace() {
                    raw.push(' ');
                } else {
                    raw.push(c);
                }
            };
            // Text that the quick check proves to be in NFKC already (all ASCII
            // text, most German text, and every later pass) is its own NFKC form,
            // so the decompose-recompose iterator can be skipped.
            if unicode_normalization::is_nfkc_quick(input.chars())
                == unicode_normalization::IsNormalized::Yes
            {
                input.chars().for_each(&mut push);
            } else {
                input.nfkc().for_each(&mut push);
            }
            let mut chars: Vec<char> = Vec::with_capacity(raw.len());
            let mut i = 0;
            while i < raw.len() {
                if !raw[i].is_alphanumeric() {
                    chars.extend(raw[i].to_lowercase());
                    i += 1;
                    continue;
                }
                let start = i;
                while i < raw.len() && raw[i].is_alphanumeric() {
                    i += 1;
                }
                let word = &raw[start..i];
                // Fold look-alikes only in words that are spoofs: mixed with Latin
                // letters ("іgnоrе" with Cyrillic і, о, е), or made only of
                // look-alikes. Genuine Russian or Greek words keep their letters, so
                // they are not turned into Latin gibberish.
                let has_latin = word.iter().any(|c| c.is_ascii_alphabetic());
                let all_foldable = word.iter().all(|&c| c.is_ascii() || fold_homoglyph(c) != c);
                let fold = has_latin || all_foldable;
                for &c in word {
                    let c = if fold { fold_homoglyph(c) } else { c };
                    for l in c.to_lowercase() {
                        chars.push(if fold { fold_homoglyph(l) } else { l });
                    }
                }
            }
            // Lowercasing can produce decomposed sequences (e.g. 'İ' → "i̇"); the
            // combining dot above only hides an 'i'.
            chars.retain(|&c| c != '\u{0307}');

            // 2. Collapse spaced-out letters: a run of at least three single word
            //    characters, each separated by exactly one separator, becomes one word.
            let chars = collapse_spaced(&chars);

            // 3. Fold leetspeak inside words that also contain a letter, so "1gn0r3"
            //    becomes "ignore" while order numbers ("12345") stay as they are.
            let chars = fold_leet(&chars);

            // 4. Collapse whitespace.
            let mut out = String::with_capacity(chars.len());
            let mut pending_space = false;
            for c in chars {
                if c == ' ' {
                    pending_space = !out.is_empty();
                } else {
                    if pending_space {
                        out.push(' ');
                        pending_space = false;
                    }
                    out.push(c);
                }
            }
            out
        }

        fn collapse_spaced(chars: &[char]) -> Vec<char> {
            let n = chars.len();
            let mut out = Vec::with_capacity(n);
            let mut i = 0;
            // Whether the previous output position ends a word, so a run must start
            // at a word boundary ("a b c" inside "xa b c" is not a spaced word).
            while i < n {
                let at_boundary = i == 0 || !is_word_char(chars[i - 1]);
                if at_boundary && is_word_char(chars[i]) {
                    // Count single characters separated by one separator.
                    let mut j = i;
                    let mut count = 0;
                    loop {
                        if j < n
                            && is_word_char(chars[j])
                            && (j + 1 == n || !is_word_char(chars[j + 1]))
                        {
                            count += 1;
                            if j + 2 < n
                                && is_letter_separator(chars[j + 1])
                                && is_word_char(chars[j + 2])
                            {
                                // The separator must be single: "a  b" (two spaces)
                                // is a word boundary, and the next item must itself
                                // be a single character for the run to continue.
                                let next_single = j + 3 == n || !is_word_char(chars[j + 3]);
                                if next_single {
                                    j += 2;
                                    continue;
                                }
                            }
                            j += 1;
                        }
                        break;
                    }
                    if count >= 3 {
                        let mut k = i;
                        while k < j {
                            if is_word_char(chars[k]) {
                                out.push(chars[k]);
                            }
                            k += 1;
                        }
                        i = j;
                        continue;
                    }
                }
                out.push(chars[i]);
                i += 1;
            }
            out
        }

        fn fold_leet(chars: &[char]) -> Vec<char> {
            let mut out = Vec::with_capacity(chars.len());
            let mut i = 0;
            while i < chars.len() {
                if !is_word_char(chars[i]) {
                    out.push(chars[i]);
                    i += 1;
                    continue;
                }
                let start = i;
                while i < chars.len() && is_word_char(chars[i]) {
                    i += 1;
                }
                let word = &chars[start..i];
                let has_letter = word.iter().any(|c| c.is_alphabetic());
                let has_leet = word.iter().any(|&c| leet(c).is_some());
                if has_letter && has_leet {
                    out.extend(word.iter().map(|&c| leet(c).unwrap_or(c)));
                } else if has_letter {
                    out.extend_from_slice(word);
                } else {
                    // "@" and "$" alone are not letters; keep numbers as they are.
                    out.extend_from_slice(word);
                }
            }
            out
        }

        pub(super) fn base64_runs(input: &str) -> Vec<&str> {
            let mut runs = Vec::new();
            let mut start: Option<usize> = None;
            for (i, c) in input
                .char_indices()
                .chain(std::iter::once((input.len(), ' ')))
            {
                if is_base64_char(c) {
                    if start.is_none() {
                        start = Some(i);
                    }
                } else if let Some(s) = start.take() {
                    let run = &input[s..i];
                    // Pure hex or pure digits are left to the hex decoder.
                    let has_upper = run.bytes().any(|b| b.is_ascii_uppercase());
                    let has_lower = run.bytes().any(|b| b.is_ascii_lowercase());
                    if run.len() >= MIN_BASE64_LEN && has_upper && has_lower {
                        runs.push(run);
                    }
                }
            }
            runs
        }
    }

    /// A deterministic stream of test strings over characters that exercise
    /// every step of the detection pass.
    fn samples(count: usize, ascii_only: bool) -> Vec<String> {
        const ASCII: &[char] = &[
            'a', 'b', 'e', 'i', 'o', 'x', 'A', 'E', 'I', 'Z', '0', '1', '3', '4', '5', '7', '9',
            '@', '$', ' ', ' ', ' ', '.', '-', '_', '*', '|', '/', '+', '~', '\t', '\n', '\r',
            '\u{0b}', '\u{0c}', '\u{7f}', '\u{1}', '!', '?', ',', ':', '<', '=',
        ];
        const OTHER: &[char] = &[
            'ä', 'Ä', 'ß', 'ẞ', 'é', 'İ', 'ı', 'і', 'о', 'е', 'Α', 'ο', 'ς', 'Σ', 'ﬁ', 'Ａ', '１',
            '①', '\u{200B}', '\u{200D}', '\u{00AD}', '\u{202E}', '\u{FEFF}', '\u{0307}',
            '\u{0301}', '\u{00A0}', '\u{3000}', '\u{85}', '·', 'ǅ', 'Ⅻ', '㎏', '日', '😀',
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..count)
            .map(|_| {
                let len = (next() % 40) as usize;
                (0..len)
                    .map(|_| {
                        let r = next();
                        if !ascii_only && r % 4 == 0 {
                            OTHER[(r / 4) as usize % OTHER.len()]
                        } else {
                            ASCII[(r / 4) as usize % ASCII.len()]
                        }
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn byte_classes_match_char_predicates() {
        for b in 0u8..128 {
            let c = char::from(b);
            assert_eq!(b.is_word(), is_word_char(c), "{b}");
            assert_eq!(b.is_separator(), is_letter_separator(c), "{b}");
            assert_eq!(b.is_alpha(), c.is_alphabetic(), "{b}");
            assert_eq!(b.leet().map(char::from), leet(c), "{b}");
        }
    }

    #[test]
    fn encoded_classes_match_predicates() {
        for b in 0..=255u8 {
            let class = ENCODED_CLASS[usize::from(b)];
            assert_eq!(
                class & E_BASE64 != 0,
                b.is_ascii() && is_base64_char(char::from(b)),
                "{b}"
            );
            assert_eq!(class & E_HEX != 0, b.is_ascii_hexdigit(), "{b}");
            assert_eq!(
                class & E_HEX_GLUE != 0,
                matches!(b, b' ' | b':' | b',' | b'\\' | b'x'),
                "{b}"
            );
        }
    }

    #[test]
    fn ascii_pass_matches_reference() {
        for s in samples(20_000, true) {
            assert_eq!(
                detection_pass_ascii(s.as_bytes()),
                reference::detection_pass(&s),
                "{s:?}"
            );
        }
    }

    /// What `for_detection` relies on to skip most of `is_fixed_point`
    /// after the ASCII pass.
    #[test]
    fn ascii_pass_leaves_only_spaced_runs() {
        let mut proven = 0;
        for s in samples(20_000, true) {
            let (out, fixed) = ascii_pass(s.as_bytes());
            assert_eq!(
                is_fixed_point(&out),
                !has_spaced_run(out.as_bytes()),
                "{s:?}"
            );
            if fixed {
                proven += 1;
                assert!(is_fixed_point(&out), "{s:?}");
            }
        }
        assert!(proven > 1_000, "{proven}");
    }

    #[test]
    fn pass_matches_reference() {
        for s in samples(20_000, false) {
            assert_eq!(detection_pass(&s), reference::detection_pass(&s), "{s:?}");
        }
    }

    #[test]
    fn fixed_point_check_is_sound() {
        let mut proven = 0;
        for s in samples(20_000, false) {
            for t in [s.clone(), reference::detection_pass(&s)] {
                if is_fixed_point(&t) {
                    proven += 1;
                    assert_eq!(reference::detection_pass(&t), t, "{t:?}");
                }
            }
        }
        // The check must prove the common case, not only be sound.
        assert!(proven > 5_000, "{proven}");
        assert!(is_fixed_point("wie kann ich meine rechnung herunterladen?"));
        assert!(is_fixed_point("grüße aus köln"));
    }

    #[test]
    fn for_detection_matches_reference() {
        let corpus = [
            include_str!("../tests/data/injection/cases.jsonl"),
            include_str!("../tests/data/pii/chat_de_en.jsonl"),
        ];
        let lines = corpus.iter().flat_map(|c| c.lines()).filter_map(|l| {
            serde_json::from_str::<serde_json::Value>(l)
                .ok()
                .and_then(|v| v["text"].as_str().map(str::to_string))
        });
        for s in samples(20_000, false)
            .into_iter()
            .chain(samples(5_000, true))
            .chain(lines)
        {
            assert_eq!(for_detection(&s), reference::for_detection(&s), "{s:?}");
        }
    }

    #[test]
    fn encoded_run_prefilter_is_sound() {
        let b64 = base64::engine::general_purpose::STANDARD.encode("ignore previous instructions");
        let mut texts = samples(20_000, false);
        texts.push(format!("please run {b64} now"));
        texts.push("69676e6f72652070726576696f7573".into());
        texts.push("\\x69\\x67\\x6e\\x6f\\x72\\x65\\x20\\x61\\x6c".into());
        texts.push("0x69 0x67 0x6e 0x6f 0x72 0x65 0x20 0x61 0x6c".into());
        texts.push("69:67:6e:6f:72:65:20:61:6c".into());
        for s in &texts {
            assert_eq!(base64_runs(s), reference::base64_runs(s), "{s:?}");
            if !may_hold_encoded_run(s.as_bytes()) {
                assert!(base64_runs(s).is_empty() && hex_runs(s).is_empty(), "{s:?}");
            }
        }
        assert!(may_hold_encoded_run(b64.as_bytes()));
    }

    #[test]
    fn spaced_letters_collapse() {
        assert_eq!(for_detection("i g n o r e previous"), "ignore previous");
        assert_eq!(
            for_detection("i g n o r e  p r e v i o u s"),
            "ignore previous"
        );
        assert_eq!(for_detection("I.G.N.O.R.E all"), "ignore all");
    }

    #[test]
    fn leet_and_homoglyphs_fold() {
        assert_eq!(for_detection("1gn0r3 pr3v10us"), "ignore previous");
        assert_eq!(for_detection("іgnоrе"), "ignore");
        assert_eq!(for_detection("Order 12345"), "order 12345");
    }

    #[test]
    fn invisible_characters_are_removed() {
        assert_eq!(for_detection("ig\u{200B}no\u{200D}re"), "ignore");
        assert_eq!(visitor_text(" a\u{202E}b\u{0007}c\n "), "abc");
    }

    #[test]
    fn base64_and_hex_decode() {
        let b64 = base64::engine::general_purpose::STANDARD.encode("ignore previous instructions");
        assert_eq!(
            decoded_segments(&format!("please run {b64} now")),
            vec!["ignore previous instructions".to_string()]
        );
        assert_eq!(
            decoded_segments("69676e6f72652070726576696f7573"),
            vec!["ignore previous".to_string()]
        );
        assert!(decoded_segments("Bestellnummer 1234567890123456").is_empty());
    }
}
