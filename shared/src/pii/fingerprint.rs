//! The same value keeps its placeholder for the whole conversation, although
//! the server keeps no raw value.
//!
//! With each stored message the chat function keeps, for every placeholder
//! the message's map issued, a keyed fingerprint of the value behind it:
//! `HMAC-SHA256(k_c, kind ‖ 0 ‖ normalised value)`, truncated to 128 bits,
//! where `k_c = HMAC-SHA256(secret, "mignuti/pii-fingerprint/v1" ‖ 0 ‖
//! conversation id)` is derived from a function secret. When a later message
//! names a value again, its fingerprint finds the earlier placeholder. A
//! fingerprint reveals nothing without the secret (which never reaches the
//! database), differs between conversations for the same value (no linking
//! of visitors across conversations), and goes with the conversation's
//! messages when they are deleted.

use std::collections::BTreeMap;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::{EntityKind, PlaceholderMap};
use crate::tokens::hex;

type HmacSha256 = Hmac<Sha256>;

const LABEL: &[u8] = b"mignuti/pii-fingerprint/v1";

/// Fingerprints of one conversation, and the placeholders they stood for.
#[derive(Clone, Default)]
pub(crate) struct Memory {
    key: [u8; 32],
    remembered: BTreeMap<String, String>,
}

impl Memory {
    /// `None` only if HMAC refused the key, which it never does (any
    /// length is a valid HMAC key).
    fn new(secret: &[u8], conversation_id: &str) -> Option<Self> {
        let mut mac = HmacSha256::new_from_slice(secret).ok()?;
        mac.update(LABEL);
        mac.update(&[0]);
        mac.update(conversation_id.as_bytes());
        Some(Memory {
            key: mac.finalize().into_bytes().into(),
            remembered: BTreeMap::new(),
        })
    }

    fn fingerprint(&self, kind: EntityKind, normalised: &str) -> Option<String> {
        let mut mac = HmacSha256::new_from_slice(&self.key).ok()?;
        mac.update(kind.as_str().as_bytes());
        mac.update(&[0]);
        mac.update(normalised.as_bytes());
        Some(hex(&mac.finalize().into_bytes()[..16]))
    }

    /// The placeholder an earlier message gave this value, if any.
    pub(crate) fn recall(&self, kind: EntityKind, normalised: &str) -> Option<String> {
        self.remembered
            .get(&self.fingerprint(kind, normalised)?)
            .cloned()
    }
}

/// `[KIND_n]` → (kind, n).
fn parse_placeholder(p: &str) -> Option<(EntityKind, u32)> {
    let inner = p.strip_prefix('[')?.strip_suffix(']')?;
    let (kind, n) = inner.rsplit_once('_')?;
    Some((EntityKind::parse(kind)?, n.parse().ok()?))
}

fn is_fingerprint(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl PlaceholderMap {
    /// A map for a new message of conversation `conversation_id`: numbering
    /// continues after every placeholder in `earlier` (stored messages) and
    /// in `fingerprints` (placeholder → fingerprint pairs stored with
    /// earlier messages, see [`PlaceholderMap::fingerprints`]), and a value
    /// whose fingerprint is among them gets its earlier placeholder back.
    /// Malformed pairs are ignored.
    pub fn remembering<'a>(
        secret: &[u8],
        conversation_id: &str,
        earlier: &[&str],
        fingerprints: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        let mut memory = Memory::new(secret, conversation_id);
        let mut placeholders = Vec::new();
        for (placeholder, fp) in fingerprints {
            if parse_placeholder(placeholder).is_some() && is_fingerprint(fp) {
                if let Some(m) = memory.as_mut() {
                    m.remembered.insert(fp.to_owned(), placeholder.to_owned());
                }
                placeholders.push(placeholder);
            }
        }
        let mut texts: Vec<&str> = earlier.to_vec();
        texts.extend(placeholders);
        let mut map = PlaceholderMap::continuing(&texts);
        map.memory = memory;
        map
    }

    /// Placeholder → fingerprint of every value this map holds, to store
    /// with the message. Empty for a map made without a secret.
    pub fn fingerprints(&self) -> BTreeMap<String, String> {
        let Some(memory) = &self.memory else {
            return BTreeMap::new();
        };
        self.entries
            .values()
            .filter_map(|e| {
                let kind = EntityKind::parse(&e.kind)?;
                Some((
                    e.placeholder.clone(),
                    memory.fingerprint(kind, &kind.normalise(&e.value))?,
                ))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pii::Redactor;

    const SECRET: &[u8] = b"a function secret of at least 32 bytes!!";

    fn turn(
        r: &Redactor,
        conversation: &str,
        stored: &[(String, BTreeMap<String, String>)],
        message: &str,
    ) -> (String, BTreeMap<String, String>) {
        let earlier: Vec<&str> = stored.iter().map(|(t, _)| t.as_str()).collect();
        let fps = stored
            .iter()
            .flat_map(|(_, f)| f.iter().map(|(p, fp)| (p.as_str(), fp.as_str())));
        let mut map = PlaceholderMap::remembering(SECRET, conversation, &earlier, fps);
        let text = r.redact(message, &mut map).text;
        (text, map.fingerprints())
    }

    #[test]
    fn the_same_value_keeps_its_placeholder_in_later_messages() {
        let r = Redactor::new();
        let mut stored = Vec::new();
        let first = turn(&r, "c1", &stored, "Mail an anna.schmidt@example.de bitte.");
        assert_eq!(first.0, "Mail an [EMAIL_1] bitte.");
        assert_eq!(first.1.len(), 1);
        assert!(!format!("{:?}", first.1).contains("anna"));
        stored.push(first);
        let second = turn(
            &r,
            "c1",
            &stored,
            "Oder an tom@example.org, sonst wieder ANNA.SCHMIDT@example.de.",
        );
        assert_eq!(second.0, "Oder an [EMAIL_2], sonst wieder [EMAIL_1].");
        stored.push(second);
        let third = turn(&r, "c1", &stored, "tom@example.org ist richtig.");
        assert_eq!(third.0, "[EMAIL_2] ist richtig.");
    }

    #[test]
    fn fingerprints_differ_between_conversations_and_secrets() {
        let r = Redactor::new();
        let a = turn(&r, "c1", &[], "IBAN DE89 3704 0044 0532 0130 00").1;
        let b = turn(&r, "c2", &[], "IBAN DE89 3704 0044 0532 0130 00").1;
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        assert_ne!(
            a.values().collect::<Vec<_>>(),
            b.values().collect::<Vec<_>>()
        );
        let mut map = PlaceholderMap::remembering(b"another secret", "c1", &[], []);
        let other = r.redact("IBAN DE89 3704 0044 0532 0130 00", &mut map).text;
        assert_eq!(other, "IBAN [IBAN_1]");
        assert_ne!(map.fingerprints(), a);
    }

    #[test]
    fn a_value_from_another_conversation_gets_a_new_number() {
        let r = Redactor::new();
        let first = turn(&r, "c1", &[], "anna.schmidt@example.de");
        // Fingerprints of c1 replayed into c2 do not match c2's values.
        let replayed = turn(&r, "c2", &[first], "anna.schmidt@example.de");
        assert_eq!(replayed.0, "[EMAIL_2]");
    }

    #[test]
    fn malformed_pairs_are_ignored_and_numbering_continues() {
        let r = Redactor::new();
        let mut map = PlaceholderMap::remembering(
            SECRET,
            "c1",
            &["Earlier: [PHONE_3]"],
            [
                ("[EMAIL_4]", "00112233445566778899aabbccddeeff"),
                ("EMAIL_9", "00112233445566778899aabbccddeeff"),
                ("[EMAIL_7]", "not hex"),
            ],
        );
        let text = r.redact("x@example.com, +49 30 1234567", &mut map).text;
        assert_eq!(text, "[EMAIL_5], [PHONE_4]");
    }

    #[test]
    fn a_map_without_a_secret_keeps_no_fingerprints() {
        let r = Redactor::new();
        let mut map = PlaceholderMap::continuing(&[]);
        r.redact("anna.schmidt@example.de", &mut map);
        assert!(map.fingerprints().is_empty());
    }
}
