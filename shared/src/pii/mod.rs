//! PII redaction for visitor messages and knowledge documents, before any text
//! reaches an LLM, an embedder or the database.
//!
//! The recognisers are hand-written scanners over the message's code points
//! (no regular expressions: they keep the wasm small and make building a
//! [`Redactor`] free, which matters at a Worker's cold start). Every
//! recogniser is independent of the message's language, so a German tax ID
//! inside an English sentence is found as well as an English phone format in
//! German text. Identifiers with a check digit (IBAN, cards, Steuer-ID, KVNR,
//! Rentenversicherungsnummer, ICAO document numbers, German VAT IDs) are only
//! reported when the check digit holds, which is what keeps order numbers,
//! EANs and other look-alikes in the text. Names and addresses are found from
//! cues (titles, introductions, greetings, sign-offs, street suffixes).
//!
//! Decisions worth knowing:
//! - A dotted quad whose nearest label is a version word ("version 1.2.3.4",
//!   "Firmware 10.2.0.1", "v1.2.3.4") is a version, not an IP address:
//!   support chats quote app and firmware versions far more often than IPs
//!   in that shape. Only the nearest label counts, so "my app version is 2.3
//!   and my IP is 10.0.0.1" still redacts the IP.
//! - Bare years and weekdays are not redacted as dates: alone they do not
//!   identify anyone and they carry meaning for support ("seit 2019").
//! - Only URLs that carry credentials or tokens are redacted; a plain link is
//!   kept because it is usually the subject of the question.
//! - A 13-digit number with a valid EAN check digit is an article number
//!   unless card words are near; hex-only hashes and UUIDs are not secrets.
//! - Names without a cue are only taken when they start with a common first
//!   name or carry a middle initial ("Janka M. Szász"). A name found once is
//!   found again in the same message and, through the [`PlaceholderMap`], in
//!   later messages of the conversation.
//! - After overlaps are resolved the message is scanned once more with the
//!   found spans masked, as the redacted text will look, so that redacting
//!   the output again finds nothing new.
//!
//! Offsets are Unicode code points into the input, end exclusive. Run the
//! tests with `cargo test -p mignuti-shared --test pii` and the evaluation
//! with `cargo run --release -p mignuti-shared --example pii_eval -- FILE`.

mod checks;
mod continuing;
pub use continuing::without_placeholders;
mod date;
mod fingerprint;
mod ids;
mod names;
mod net;
mod text;

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

pub use checks::{
    de_tax_id_check_digit_valid, de_tax_id_valid, de_vat_valid, ean13_valid, iban_valid,
    icao_check_digit, kvnr_valid, luhn_valid, rvnr_valid,
};

/// What kind of personal data a span holds.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Email,
    Phone,
    Iban,
    CreditCard,
    DeTaxId,
    DeTaxNumber,
    VatId,
    DeIdCard,
    Passport,
    DeSocialSecurity,
    DeHealthInsurance,
    IpAddress,
    Date,
    Person,
    Address,
    CredentialUrl,
    Bic,
    Secret,
    /// US Social Security number (ddd-dd-dddd with the SSA's valid ranges).
    UsSsn,
}

impl EntityKind {
    /// Every kind, in placeholder order.
    pub const ALL: [EntityKind; 19] = [
        EntityKind::Email,
        EntityKind::Phone,
        EntityKind::Iban,
        EntityKind::CreditCard,
        EntityKind::DeTaxId,
        EntityKind::DeTaxNumber,
        EntityKind::VatId,
        EntityKind::DeIdCard,
        EntityKind::Passport,
        EntityKind::DeSocialSecurity,
        EntityKind::DeHealthInsurance,
        EntityKind::IpAddress,
        EntityKind::Date,
        EntityKind::Person,
        EntityKind::Address,
        EntityKind::CredentialUrl,
        EntityKind::Bic,
        EntityKind::Secret,
        EntityKind::UsSsn,
    ];

    /// The stable name used in placeholders and in the wire format.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Email => "EMAIL",
            EntityKind::Phone => "PHONE",
            EntityKind::Iban => "IBAN",
            EntityKind::CreditCard => "CREDIT_CARD",
            EntityKind::DeTaxId => "DE_TAX_ID",
            EntityKind::DeTaxNumber => "DE_TAX_NUMBER",
            EntityKind::VatId => "VAT_ID",
            EntityKind::DeIdCard => "DE_ID_CARD",
            EntityKind::Passport => "PASSPORT",
            EntityKind::DeSocialSecurity => "DE_SOCIAL_SECURITY",
            EntityKind::DeHealthInsurance => "DE_HEALTH_INSURANCE",
            EntityKind::IpAddress => "IP_ADDRESS",
            EntityKind::Date => "DATE",
            EntityKind::Person => "PERSON",
            EntityKind::Address => "ADDRESS",
            EntityKind::CredentialUrl => "URL",
            EntityKind::Bic => "BIC",
            EntityKind::Secret => "SECRET",
            EntityKind::UsSsn => "US_SSN",
        }
    }

    /// Inverse of [`EntityKind::as_str`]. A `match` rather than a search of
    /// [`EntityKind::ALL`]: every known value of a conversation is parsed
    /// for each message, and the match compares lengths first.
    pub fn parse(s: &str) -> Option<EntityKind> {
        Some(match s {
            "EMAIL" => EntityKind::Email,
            "PHONE" => EntityKind::Phone,
            "IBAN" => EntityKind::Iban,
            "CREDIT_CARD" => EntityKind::CreditCard,
            "DE_TAX_ID" => EntityKind::DeTaxId,
            "DE_TAX_NUMBER" => EntityKind::DeTaxNumber,
            "VAT_ID" => EntityKind::VatId,
            "DE_ID_CARD" => EntityKind::DeIdCard,
            "PASSPORT" => EntityKind::Passport,
            "DE_SOCIAL_SECURITY" => EntityKind::DeSocialSecurity,
            "DE_HEALTH_INSURANCE" => EntityKind::DeHealthInsurance,
            "IP_ADDRESS" => EntityKind::IpAddress,
            "DATE" => EntityKind::Date,
            "PERSON" => EntityKind::Person,
            "ADDRESS" => EntityKind::Address,
            "URL" => EntityKind::CredentialUrl,
            "BIC" => EntityKind::Bic,
            "SECRET" => EntityKind::Secret,
            "US_SSN" => EntityKind::UsSsn,
            _ => return None,
        })
    }

    /// The key under which a value is numbered: two spellings of the same
    /// value (an IBAN with and without spaces, an email in other case) must
    /// get the same placeholder.
    fn normalise(self, value: &str) -> String {
        let mut out = String::new();
        self.normalise_into(value, &mut out);
        out
    }

    /// [`EntityKind::normalise`] appended to `out`, which lets the map
    /// build its `KIND\0value` key in one buffer.
    fn normalise_into(self, value: &str, out: &mut String) {
        // `str::to_lowercase` of the appended part: ASCII in place, anything
        // else through the standard rules (a final sigma depends on context).
        let lowercase_from = |out: &mut String, from: usize| {
            if out[from..].is_ascii() {
                out[from..].make_ascii_lowercase();
            } else {
                let lower = out[from..].to_lowercase();
                out.truncate(from);
                out.push_str(&lower);
            }
        };
        let from = out.len();
        match self {
            EntityKind::Email | EntityKind::CredentialUrl | EntityKind::IpAddress => {
                out.push_str(value);
                lowercase_from(out, from);
            }
            EntityKind::Iban
            | EntityKind::CreditCard
            | EntityKind::DeTaxId
            | EntityKind::DeTaxNumber
            | EntityKind::VatId
            | EntityKind::DeIdCard
            | EntityKind::Passport
            | EntityKind::DeSocialSecurity
            | EntityKind::DeHealthInsurance
            | EntityKind::Bic
            | EntityKind::UsSsn => out.extend(
                value
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_uppercase),
            ),
            EntityKind::Phone => {
                // "+49 30 1234567" and "+49301234567" are one number; the
                // national form stays distinct because the country is unknown.
                if value.trim_start().starts_with('+') {
                    out.push('+');
                }
                out.extend(value.chars().filter(|c| c.is_ascii_digit()));
            }
            EntityKind::Person | EntityKind::Address | EntityKind::Date => {
                for (i, word) in value.split_whitespace().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(word);
                }
                lowercase_from(out, from);
            }
            EntityKind::Secret => out.push_str(value),
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One redacted span. Deliberately not `Debug`: the placeholder is safe to
/// log, the span positions are too, but keeping the type free of a derive
/// that could grow a value field later is the cheaper guarantee.
#[derive(Clone, PartialEq, Eq)]
pub struct Entity {
    pub kind: EntityKind,
    /// Code point offset into the input text.
    pub start: usize,
    /// Code point offset into the input text, exclusive.
    pub end: usize,
    pub placeholder: String,
}

impl fmt::Debug for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Entity({} {}..{} {})",
            self.kind, self.start, self.end, self.placeholder
        )
    }
}

/// The redacted text and what was taken out of it. `Debug` is safe: the
/// text is already redacted and [`Entity`] prints no values.
#[derive(Clone, Debug)]
pub struct Redaction {
    pub text: String,
    pub entities: Vec<Entity>,
}

#[derive(Clone, Serialize, Deserialize)]
struct MapEntry {
    /// Borrowed from [`EntityKind::as_str`] when issued here (no copy of
    /// the name per value); owned when read back. Serialised as a string
    /// either way.
    kind: Cow<'static, str>,
    value: String,
    placeholder: String,
}

/// Conversation-scoped placeholder numbering: the same value gets the same
/// placeholder in every message of one conversation, so the model can tell
/// "the same IBAN again" from "a second IBAN".
///
/// It holds the original values (to restore the visitor's own stream), so it
/// has no `Debug` that prints them and must be stored like the values.
#[derive(Default, Clone, Serialize, Deserialize)]
pub struct PlaceholderMap {
    /// Normalised key (`KIND\u{0}value`) to entry.
    entries: BTreeMap<String, MapEntry>,
    /// Next number per kind.
    counters: BTreeMap<String, u32>,
    /// Fingerprints of values earlier messages had
    /// ([`PlaceholderMap::remembering`]).
    #[serde(skip)]
    memory: Option<fingerprint::Memory>,
}

impl fmt::Debug for PlaceholderMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PlaceholderMap({} values)", self.entries.len())
    }
}

impl PlaceholderMap {
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of distinct values seen in this conversation.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The placeholder for `value`, allocating the next number for its kind
    /// the first time the value is seen.
    pub fn placeholder_for(&mut self, kind: EntityKind, value: &str) -> String {
        self.issue(kind, value).0
    }

    /// `KIND\0normalised value`, built in one buffer.
    fn key(kind: EntityKind, value: &str) -> String {
        let name = kind.as_str();
        let mut key = String::with_capacity(name.len() + 1 + value.len());
        key.push_str(name);
        key.push('\u{0}');
        kind.normalise_into(value, &mut key);
        key
    }

    /// [`PlaceholderMap::placeholder_for`], and what it added to the map
    /// (for [`PlaceholderMap::withdraw`]).
    fn issue(&mut self, kind: EntityKind, value: &str) -> (String, Issued) {
        let name = kind.as_str();
        let key = Self::key(kind, value);
        if let Some(e) = self.entries.get(&key) {
            return (e.placeholder.clone(), Issued::Known);
        }
        // The normalised value is the key's tail.
        let normalised = &key[name.len() + 1..];
        let remembered = self
            .memory
            .as_ref()
            .and_then(|m| m.recall(kind, normalised));
        let (placeholder, issued) = match remembered {
            Some(placeholder) => (placeholder, Issued::Remembered),
            None => {
                // Looked up by `&str`: the kind's name is only copied the
                // first time the kind is numbered.
                let (n, first_of_kind) = match self.counters.get_mut(name) {
                    Some(n) => {
                        *n += 1;
                        (*n, false)
                    }
                    None => {
                        self.counters.insert(name.to_string(), 1);
                        (1, true)
                    }
                };
                (
                    numbered_placeholder(name, n),
                    Issued::Numbered { first_of_kind },
                )
            }
        };
        self.entries.insert(
            key,
            MapEntry {
                kind: Cow::Borrowed(name),
                value: value.to_string(),
                placeholder: placeholder.clone(),
            },
        );
        (placeholder, issued)
    }

    /// Takes back what [`PlaceholderMap::issue`] added for `value`; called
    /// in the reverse order of issuing, it restores the map exactly (a
    /// counter that did not exist is removed again, not left at zero).
    fn withdraw(&mut self, kind: EntityKind, value: &str, issued: Issued) {
        if matches!(issued, Issued::Known) {
            return;
        }
        self.entries.remove(&Self::key(kind, value));
        if let Issued::Numbered { first_of_kind } = issued {
            if first_of_kind {
                self.counters.remove(kind.as_str());
            } else if let Some(n) = self.counters.get_mut(kind.as_str()) {
                *n -= 1;
            }
        }
    }

    /// Replaces known placeholders with the original values. Only for the
    /// visitor's own stream: the values never go anywhere else.
    pub fn restore(&self, text: &str) -> String {
        let by_placeholder: BTreeMap<&str, &str> = self
            .entries
            .values()
            .map(|e| (e.placeholder.as_str(), e.value.as_str()))
            .collect();
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find('[') {
            out.push_str(&rest[..open]);
            let tail = &rest[open..];
            // Placeholders are short: look for the closing bracket nearby only.
            let close = tail
                .char_indices()
                .take(40)
                .find(|&(_, c)| c == ']')
                .map(|(i, _)| i);
            match close.and_then(|c| by_placeholder.get(&tail[..=c]).map(|v| (c, *v))) {
                Some((c, value)) => {
                    out.push_str(value);
                    rest = &tail[c + 1..];
                }
                None => {
                    out.push('[');
                    rest = &tail[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// Values already known in this conversation, for finding them again in
    /// later messages even without the cue that found them the first time.
    fn known_values(&self) -> impl Iterator<Item = (EntityKind, &str)> {
        self.entries
            .values()
            .filter_map(|e| EntityKind::parse(&e.kind).map(|k| (k, e.value.as_str())))
    }
}

/// What issuing a placeholder added to a [`PlaceholderMap`].
#[derive(Clone, Copy)]
enum Issued {
    /// Nothing: the value was known.
    Known,
    /// An entry with a placeholder an earlier message gave the value.
    Remembered,
    /// An entry with the next number of its kind; `first_of_kind` when the
    /// kind's counter was created for it.
    Numbered { first_of_kind: bool },
}

/// `[KIND_n]`, written directly: `format!` costs more than the few pushes.
fn numbered_placeholder(name: &str, n: u32) -> String {
    let mut digits = [0u8; 10];
    let mut first = digits.len();
    let mut rest = n;
    loop {
        first -= 1;
        digits[first] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut out = String::with_capacity(name.len() + 3 + digits.len() - first);
    out.push('[');
    out.push_str(name);
    out.push('_');
    out.extend(digits[first..].iter().map(|&d| char::from(d)));
    out.push(']');
    out
}

/// A span proposed by one recogniser, before overlaps are resolved.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Candidate {
    pub kind: EntityKind,
    pub start: usize,
    pub end: usize,
    /// Higher wins an overlap: checksummed and structurally certain formats
    /// beat cue-based ones.
    pub prio: u8,
}

/// The set of recognisers. Building it allocates nothing: all tables are
/// static, so constructing one per isolate or per request costs nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct Redactor {
    _private: (),
}

impl Redactor {
    pub fn new() -> Self {
        Redactor { _private: () }
    }

    /// Finds PII spans: `(kind, start, end)` in code points, sorted by start,
    /// non-overlapping.
    pub fn find(&self, text: &str) -> Vec<(EntityKind, usize, usize)> {
        let t = text::Text::new(text);
        self.find_in(&t, &[])
    }

    fn find_in(
        &self,
        t: &text::Text,
        known: &[(EntityKind, Vec<char>)],
    ) -> Vec<(EntityKind, usize, usize)> {
        let mut chosen = resolve(t, scan_all(t));
        // Every copy of a found value goes, and a found span can hide a
        // neighbour from a scanner, which the redacted text would then
        // reveal: alternate the two until nothing new turns up (in practice
        // one round; a few at most), so that redacting the output finds
        // nothing new.
        for _ in 0..3 {
            chosen = with_repeats(t, known, chosen);
            let before = chosen.len();
            chosen = rescan_masked(t, chosen);
            if chosen.len() == before {
                break;
            }
        }
        chosen
    }

    /// Redacts `text`, numbering placeholders through `map`.
    pub fn redact(&self, text: &str, map: &mut PlaceholderMap) -> Redaction {
        let t = text::Text::new(text);
        let known = |map: &PlaceholderMap| -> Vec<(EntityKind, Vec<char>)> {
            map.known_values()
                .filter(|(k, _)| !matches!(k, EntityKind::Date))
                .map(|(k, v)| {
                    // Sized up front: collecting from `chars()` would start
                    // from a quarter of the byte length and grow.
                    let mut chars = Vec::with_capacity(v.len());
                    chars.extend(v.chars());
                    (k, chars)
                })
                .collect()
        };
        let mut found = self.find_in(&t, &known(map));
        // The redacted text must hold nothing the recognisers would still
        // find: a placeholder next to text can complete what the original
        // value hid ("0.0.0.111  000.00.09298-3" reads as one digit run,
        // "[IP_ADDRESS_1]  000.00.09298-3" holds a phone number). Redact a
        // trial copy, look at it again, and widen the spans by what turns
        // up, until nothing does.
        // (A cheaper test of which spans could reveal something proved too
        // narrow: an address block ending before another one, a JWT's
        // later parts after a dot. The check costs a scan of the output for
        // messages with PII, about 5 µs for an 83-character message.)
        let mut checked = None;
        for _ in 0..3 {
            if found.is_empty() {
                break;
            }
            // The trial is rendered into `map` itself and taken back if it
            // is not clean: cheaper than a copy of a long conversation's map.
            let trial = render(text, &t, &found, map);
            let mut out = text::Text::new(&trial.text);
            out.flags_outside(&trial.placeholders);
            let extra = self.find_in(&out, &known(map));
            if extra.is_empty() {
                // The trial is the result: rendering is deterministic.
                checked = Some(trial);
                break;
            }
            for (e, &issued) in trial.entities.iter().zip(&trial.issued).rev() {
                map.withdraw(e.kind, &value_at(text, &t, e.start, e.end), issued);
            }
            for (kind, s, e) in extra {
                // The input range the output span came from.
                let (mut start, mut end) = trial.origin(s, e);
                // Swallow the spans it overlaps; widened, it may reach more.
                loop {
                    let before = found.len();
                    found.retain(|&(_, fs, fe)| {
                        let overlaps = fs < end && start < fe;
                        if overlaps {
                            start = start.min(fs);
                            end = end.max(fe);
                        }
                        !overlaps
                    });
                    if found.len() == before {
                        break;
                    }
                }
                found.push((kind, start, end));
                found.sort_by_key(|&(_, fs, _)| fs);
            }
        }
        let done = match checked {
            Some(trial) => trial,
            None => render(text, &t, &found, map),
        };
        Redaction {
            text: done.text,
            entities: done.entities,
        }
    }
}

/// A redacted text, its entities, and where its placeholders are.
struct Rendered {
    text: String,
    entities: Vec<Entity>,
    /// The code-point range in `text` of each entity's placeholder.
    placeholders: Vec<(usize, usize)>,
    /// What issuing each entity's placeholder added to the map.
    issued: Vec<Issued>,
}

impl Rendered {
    /// The input range the output range `s..e` stands for: a copied
    /// character its own position, a placeholder its whole span.
    fn origin(&self, s: usize, e: usize) -> (usize, usize) {
        let of = |p: usize| {
            // Copied text after a placeholder is shifted by the difference
            // between the placeholder's and its value's end.
            let mut shift = (0, 0);
            for (&(os, oe), ent) in self.placeholders.iter().zip(&self.entities) {
                if p < os {
                    break;
                }
                if p < oe {
                    return (ent.start, ent.end);
                }
                shift = (oe, ent.end);
            }
            let i = p - shift.0 + shift.1;
            (i, i + 1)
        };
        let start = (s..e).map(|p| of(p).0).min().unwrap_or(0);
        let end = (s..e).map(|p| of(p).1).max().unwrap_or(0);
        (start, end)
    }
}

fn render(
    text: &str,
    t: &text::Text,
    found: &[(EntityKind, usize, usize)],
    map: &mut PlaceholderMap,
) -> Rendered {
    let mut out = String::with_capacity(text.len());
    let mut entities = Vec::with_capacity(found.len());
    let mut placeholders = Vec::with_capacity(found.len());
    let mut issued = Vec::with_capacity(found.len());
    // Code points written so far.
    let mut written = 0;
    let mut pos = 0;
    // In ASCII text code point offsets are byte offsets: copy slices.
    let ascii = text.is_ascii();
    let copy = |out: &mut String, s: usize, e: usize| match text.get(s..e) {
        Some(slice) if ascii => out.push_str(slice),
        _ => out.extend(&t.c[s..e]),
    };
    for &(kind, start, end) in found {
        copy(&mut out, pos, start);
        written += start - pos;
        let (placeholder, added) = map.issue(kind, &value_at(text, t, start, end));
        issued.push(added);
        out.push_str(&placeholder);
        // Placeholders are ASCII: one code point per byte.
        placeholders.push((written, written + placeholder.len()));
        written += placeholder.len();
        entities.push(Entity {
            kind,
            start,
            end,
            placeholder,
        });
        pos = end;
    }
    copy(&mut out, pos, t.c.len());
    Rendered {
        text: out,
        entities,
        placeholders,
        issued,
    }
}

/// The input's code points `start..end` as a string: a slice of ASCII
/// input (code point offsets are byte offsets there; the input is ASCII
/// exactly when it has as many code points as bytes), a copy otherwise.
fn value_at<'a>(text: &'a str, t: &text::Text, start: usize, end: usize) -> Cow<'a, str> {
    match text.get(start..end) {
        Some(value) if t.c.len() == text.len() => Cow::Borrowed(value),
        _ => Cow::Owned(t.c[start..end].iter().collect()),
    }
}

/// How far from a found span another digit can still belong to the same
/// digit run of a scanner: the digit right next to it and up to three
/// separators in a row (the phone scanner's limit).
const DIGIT_REACH: usize = 4;

/// Stands in for already found spans during the second scan: not
/// alphanumeric, not a separator any recogniser accepts.
const MASK: char = '\u{1}';

/// `chosen` plus every other copy of a found value as a whole word, and of
/// the `known` values of earlier messages: a name given once with a cue
/// ("ich bin Anna") is still Anna two sentences later without one.
fn with_repeats(
    t: &text::Text,
    known: &[(EntityKind, Vec<char>)],
    chosen: Vec<(EntityKind, usize, usize)>,
) -> Vec<(EntityKind, usize, usize)> {
    // Borrowed, not copied: the values only live for this call.
    let mut repeat: Vec<(EntityKind, &[char])> = Vec::new();
    let found = chosen.iter().map(|&(k, s, e)| (k, &t.c[s..e]));
    // A short PIN from an earlier message ("4711") would turn every order
    // number that shares its digits into a secret; within one message
    // every copy of a found value goes.
    let known = known
        .iter()
        .filter(|(k, v)| !(matches!(k, EntityKind::Secret) && v.len() < 8))
        .map(|(k, v)| (*k, v.as_slice()));
    for (k, v) in known.chain(found) {
        if matches!(k, EntityKind::Person) {
            for part in v.split(|c| c.is_whitespace()) {
                if part.len() >= 3
                    && part.first().is_some_and(|c| c.is_uppercase())
                    && names::distinctive_name_part(part)
                {
                    repeat.push((k, part));
                }
            }
        }
        repeat.push((k, v));
    }
    // Many copies of one value ("Hallo Anna" a thousand times) must not
    // cost a text scan each.
    repeat.sort();
    repeat.dedup();
    // A copy that starts inside a chosen span (every found value's own
    // occurrence) loses to it in `resolve` whatever its kind and length:
    // left out, it no longer forces a `resolve` for nothing. `chosen` is
    // sorted by start.
    let inside_chosen = |p: usize| {
        let i = chosen.partition_point(|&(_, s, _)| s <= p);
        i > 0 && chosen[i - 1].2 > p
    };
    let mut extra: Vec<Candidate> = Vec::new();
    for (k, v) in &repeat {
        if v.len() < 2 {
            continue;
        }
        for pos in t.find_all_words(v) {
            if inside_chosen(pos) {
                continue;
            }
            extra.push(Candidate {
                kind: *k,
                start: pos,
                end: pos + v.len(),
                prio: 1,
            });
        }
    }
    if extra.is_empty() {
        return chosen;
    }
    resolve(t, kept(&chosen).chain(extra).collect())
}

/// `chosen` plus what a scan of the text with the chosen spans masked (as
/// the redacted text will look) finds besides. Digit runs hide their
/// neighbours (a scanner that walked over "+49 151 2345678 86095742719" as
/// one run), and so do words a span is glued to ("UUUUF-Ki-a-AC-vg" is one
/// word until "AC-vg" is replaced); the scan is skipped when no chosen span
/// has another digit within a digit run's reach (up to three separators in
/// a row: "0.0.0.111  000.00.09298-3") or a word right next to it.
fn rescan_masked(
    t: &text::Text,
    chosen: Vec<(EntityKind, usize, usize)>,
) -> Vec<(EntityKind, usize, usize)> {
    if !may_hide_neighbours(t, &chosen) {
        return chosen;
    }
    let mut masked = text::Text {
        c: t.c.clone(),
        lower: t.lower.clone(),
        has_digit: t.has_digit,
        has_colon: t.has_colon,
        has_at_mark: t.has_at_mark,
        has_pem: t.has_pem,
    };
    for &(_, s, e) in &chosen {
        for i in s..e {
            masked.c[i] = MASK;
            masked.lower[i] = MASK;
        }
    }
    let extra: Vec<Candidate> = scan_all(&masked)
        .into_iter()
        .filter(|c| !masked.c[c.start..c.end].contains(&MASK))
        .collect();
    if extra.is_empty() {
        return chosen;
    }
    resolve(t, kept(&chosen).chain(extra).collect())
}

/// The placeholders in `c` (`[`, a kind name, `_`, a number, `]`), as
/// code-point ranges.
fn placeholder_spans(c: &[char]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if c[i] == '[' {
            let mut j = i + 1;
            while j < c.len() && (c[j].is_ascii_uppercase() || c[j] == '_') {
                j += 1;
            }
            let digits = j;
            while j < c.len() && c[j].is_ascii_digit() {
                j += 1;
            }
            if j > digits && digits > i + 2 && c[digits - 1] == '_' && c.get(j) == Some(&']') {
                let kind: String = c[i + 1..digits - 1].iter().collect();
                if EntityKind::parse(&kind).is_some() {
                    spans.push((i, j + 1));
                    i = j + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    spans
}

/// Whether a chosen span has another digit within a digit run's reach or
/// a word glued to it: only then can replacing it change what the
/// recognisers see next to it.
fn may_hide_neighbours(t: &text::Text, chosen: &[(EntityKind, usize, usize)]) -> bool {
    let near_digit = |i: usize| t.c.get(i).is_some_and(char::is_ascii_digit);
    let word = |i: usize| t.c.get(i).is_some_and(|c| c.is_alphanumeric());
    let glued_before =
        |s: usize| s >= 1 && (word(s - 1) || t.c[s - 1] == '-' && s >= 2 && word(s - 2));
    let glued_after = |e: usize| word(e) || t.c.get(e) == Some(&'-') && word(e + 1);
    chosen.iter().any(|&(_, s, e)| {
        (1..=DIGIT_REACH).any(|k| s >= k && near_digit(s - k))
            || (0..DIGIT_REACH).any(|k| near_digit(e + k))
            || glued_before(s)
            || glued_after(e)
    })
}

/// Already chosen spans as candidates that win every overlap.
fn kept(chosen: &[(EntityKind, usize, usize)]) -> impl Iterator<Item = Candidate> + '_ {
    chosen.iter().map(|&(kind, start, end)| Candidate {
        kind,
        start,
        end,
        prio: 255,
    })
}

fn scan_all(t: &text::Text) -> Vec<Candidate> {
    let mut cands: Vec<Candidate> = Vec::new();
    net::scan(t, &mut cands);
    ids::scan(t, &mut cands);
    date::scan(t, &mut cands);
    names::scan(t, &mut cands);
    cands
}

/// Greedy overlap resolution: highest priority first, then longest, then
/// leftmost; a candidate that overlaps an accepted one is dropped.
fn resolve(t: &text::Text, mut cands: Vec<Candidate>) -> Vec<(EntityKind, usize, usize)> {
    cands.retain(|c| c.end > c.start);
    // Placeholders of an earlier redaction ("[IBAN_1]") are never part of
    // a value: their digit is no house number, their letters no name, so
    // redacting redacted text changes nothing.
    if t.c.contains(&'[') {
        let holes = placeholder_spans(&t.c);
        if !holes.is_empty() {
            cands.retain(|c| !holes.iter().any(|&(s, e)| c.start < e && s < c.end));
        }
    }
    cands.sort_by(|a, b| {
        b.prio
            .cmp(&a.prio)
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.start.cmp(&b.start))
    });
    // Accepted spans `(start, end, kind)`, sorted by start; they never
    // overlap, so the neighbours of a candidate in start order are the only
    // ones it can collide with. (A message has a handful: a sorted vector
    // beats a tree.)
    let mut taken: Vec<(usize, usize, EntityKind)> = Vec::new();
    let first_start_from = |taken: &[(usize, usize, EntityKind)], s: usize| {
        taken.partition_point(|&(ts, _, _)| ts < s)
    };
    for mut c in cands {
        // An address or name whose tail runs into a stronger span (a card
        // number after the city) keeps its head: dropping it whole would let
        // it reappear when the redacted text is scanned again.
        if matches!(c.kind, EntityKind::Address | EntityKind::Person)
            && let Some(&(cut, _, _)) = taken
                .get(first_start_from(&taken, c.start + 1))
                .filter(|&&(ts, _, _)| ts < c.end)
        {
            c.end = cut;
            while c.end > c.start
                && (t.c[c.end - 1].is_whitespace() || matches!(t.c[c.end - 1], ',' | ';' | '-'))
            {
                c.end -= 1;
            }
        }
        // What is left of a trimmed span must still look like its kind.
        let rest = &t.c[c.start..c.end];
        let plausible = match c.kind {
            EntityKind::Address => rest.iter().any(char::is_ascii_digit),
            EntityKind::Person => rest.len() >= 2 && rest[0].is_alphabetic(),
            _ => true,
        };
        if c.end <= c.start || !plausible {
            continue;
        }
        let before_end = first_start_from(&taken, c.end);
        let clash = before_end > 0 && taken[before_end - 1].1 > c.start;
        if !clash {
            taken.insert(first_start_from(&taken, c.start), (c.start, c.end, c.kind));
        }
    }
    taken.into_iter().map(|(s, e, k)| (k, s, e)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Vec<String> {
        let mut texts: Vec<String> = [
            include_str!("../../tests/data/pii/chat_de_en.jsonl"),
            include_str!("../../tests/data/pii/chat_hard.jsonl"),
            include_str!("../../tests/data/pii/synthetic_required.jsonl"),
            include_str!("../../tests/data/pii/synthetic_lookalikes.jsonl"),
        ]
        .iter()
        .flat_map(|raw| raw.lines())
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
        texts.extend(
            [
                "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----",
                "mail max (at) example (dot) com or [at]",
                "https://user:pw@example.com/x?token=abcdefghijklmnopqrstu",
                "fe80::1 and 10.0.0.1:8080",
                "P<DEUMUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<",
                "ÄÖÜ straße 5, 10115 Berlin; Grüße, Jürgen",
            ]
            .map(String::from),
        );
        texts
    }

    /// The character flags only skip recognisers that find nothing
    /// without those characters: with every flag forced on, every text
    /// yields the same candidates.
    #[test]
    fn text_flags_skip_nothing() {
        let key = |c: &Candidate| (c.kind, c.start, c.end, c.prio);
        for text in corpus() {
            let t = text::Text::new(&text);
            let all = text::Text {
                c: t.c.clone(),
                lower: t.lower.clone(),
                has_digit: true,
                has_colon: true,
                has_at_mark: true,
                has_pem: true,
            };
            assert_eq!(
                scan_all(&t).iter().map(key).collect::<Vec<_>>(),
                scan_all(&all).iter().map(key).collect::<Vec<_>>(),
                "{text}"
            );
        }
    }

    /// Flags computed outside the placeholders of a redacted text skip
    /// nothing either: the recognisers they turn off find only spans that
    /// overlap a placeholder, which `resolve` drops.
    #[test]
    fn flags_outside_placeholders_skip_nothing() {
        let r = Redactor::new();
        let mut checked = 0;
        for text in corpus() {
            let t = text::Text::new(&text);
            let found = r.find_in(&t, &[]);
            let trial = render(&text, &t, &found, &mut PlaceholderMap::new());
            let mut out = text::Text::new(&trial.text);
            out.flags_outside(&trial.placeholders);
            if out.has_digit && out.has_at_mark {
                continue;
            }
            let all = text::Text {
                c: out.c.clone(),
                lower: out.lower.clone(),
                has_digit: true,
                has_colon: true,
                has_at_mark: true,
                has_pem: true,
            };
            assert_eq!(
                resolve(&out, scan_all(&out)),
                resolve(&all, scan_all(&all)),
                "{}",
                trial.text
            );
            checked += 1;
        }
        assert!(checked > 100, "only {checked} texts had a flag turned off");
    }

    /// Withdrawing a render's placeholders in reverse leaves the map as it
    /// was, down to its serialised form: counters that existed (even at
    /// zero) keep their value, counters the render created are gone.
    #[test]
    fn withdrawn_render_leaves_map_unchanged() {
        let r = Redactor::new();
        let texts = corpus();
        let mut withdrawn = 0;
        for (i, text) in texts.iter().enumerate() {
            let mut map = PlaceholderMap::continuing(&["[IP_ADDRESS_0] [PHONE_2]"]);
            r.redact(&texts[(i + 1) % texts.len()], &mut map);
            let before = serde_json::to_string(&map).expect("serialise");
            let t = text::Text::new(text);
            let found = r.find_in(&t, &[]);
            let trial = render(text, &t, &found, &mut map);
            for (e, &issued) in trial.entities.iter().zip(&trial.issued).rev() {
                map.withdraw(e.kind, &value_at(text, &t, e.start, e.end), issued);
                withdrawn += usize::from(!matches!(issued, Issued::Known));
            }
            assert_eq!(serde_json::to_string(&map).expect("serialise"), before);
        }
        assert!(withdrawn > 100, "only {withdrawn} placeholders withdrawn");
    }

    /// The ASCII construction of `Text` equals the general one.
    #[test]
    fn ascii_text_matches_char_path() {
        for text in corpus().iter().filter(|t| t.is_ascii()) {
            let t = text::Text::new(text);
            let c: Vec<char> = text.chars().collect();
            let lower: Vec<char> = c
                .iter()
                .map(|&ch| ch.to_lowercase().next().unwrap_or(ch))
                .collect();
            assert_eq!(t.c, c);
            assert_eq!(t.lower, lower);
        }
        let all: String = (0u8..128).map(char::from).collect();
        let t = text::Text::new(&all);
        assert!(
            t.lower
                .iter()
                .zip(all.chars())
                .all(|(&l, c)| Some(l) == c.to_lowercase().next())
        );
    }

    /// Redacting ASCII text copies slices of the input; the result is the
    /// one the character path gives.
    #[test]
    fn redaction_text_matches_char_path() {
        let r = Redactor::new();
        for text in corpus() {
            let red = r.redact(&text, &mut PlaceholderMap::new());
            let t = text::Text::new(&text);
            let mut expected = String::new();
            let mut pos = 0;
            for e in &red.entities {
                expected.extend(&t.c[pos..e.start]);
                expected.push_str(&e.placeholder);
                pos = e.end;
            }
            expected.extend(&t.c[pos..]);
            assert_eq!(red.text, expected);
        }
    }
}
