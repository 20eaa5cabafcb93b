//! Properties of the PII redactor that must hold for any input: nothing
//! panics on arbitrary UTF-8, offsets are sorted, non-overlapping code-point
//! ranges, redaction is idempotent, and no found value survives in the
//! output.

use mignuti_shared::pii::{PlaceholderMap, Redactor};
use proptest::prelude::*;

/// Fragments that look like PII or like its look-alikes, glued with noise,
/// so that the properties are exercised on matches and near misses.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("anna.schmidt@beispiel.de".to_string()),
        Just("+49 151 23456789".to_string()),
        Just("DE89 3704 0044 0532 0130 00".to_string()),
        Just("4111 1111 1111 1111".to_string()),
        Just("86095742719".to_string()),
        Just("192.168.0.1".to_string()),
        Just("fe80::1ff:fe23:4567:890a".to_string()),
        Just("15. März 1985".to_string()),
        Just("Herr Müller".to_string()),
        Just("mein Name ist Anna Schmidt".to_string()),
        Just("Viele Grüße\nMax Mustermann".to_string()),
        Just("Hauptstraße 5, 10115 Berlin".to_string()),
        Just("221B Baker Street, London NW1 6XE".to_string()),
        Just("sk-proj-A1b2C3d4E5f6G7h8I9j0K1l2M3n4".to_string()),
        Just("https://u:p4ss@example.com/x?token=abcdef123456".to_string()),
        Just("Passwort: Geheim123!".to_string()),
        Just("T220001293".to_string()),
        Just("A123456780".to_string()),
        Just("Bestellung 4711-2023-88".to_string()),
        Just("€ 1.299,00".to_string()),
        Just("[EMAIL_1]".to_string()),
        "[0-9 +()./-]{0,24}",
        "[A-Za-zÄÖÜäöüß0-9 ,.:@\n-]{0,30}",
        any::<String>(),
    ]
}

fn message() -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 0..6).prop_map(|parts| parts.join(" "))
}

/// Whether `needle` occurs in `hay` as a whole token (not glued to other
/// letters or digits), which is what "the value survives" means.
fn contains_word(hay: &str, needle: &str) -> bool {
    let h: Vec<char> = hay.chars().collect();
    let n: Vec<char> = needle.chars().collect();
    if n.is_empty() || n.len() > h.len() {
        return false;
    }
    (0..=h.len() - n.len()).any(|s| {
        h[s..s + n.len()] == n[..]
            && (s == 0 || !h[s - 1].is_alphanumeric() || !n[0].is_alphanumeric())
            && (s + n.len() == h.len()
                || !h[s + n.len()].is_alphanumeric()
                || !n[n.len() - 1].is_alphanumeric())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn offsets_are_valid_code_point_ranges(text in message()) {
        let len = text.chars().count();
        let found = Redactor::new().find(&text);
        let mut last_end = 0;
        for &(_, s, e) in &found {
            prop_assert!(s < e && e <= len, "bad range {s}..{e} of {len}");
            prop_assert!(s >= last_end, "overlap or unsorted at {s}");
            last_end = e;
        }
    }

    #[test]
    fn arbitrary_utf8_never_panics(text in any::<String>()) {
        let r = Redactor::new();
        let mut map = PlaceholderMap::new();
        let red = r.redact(&text, &mut map);
        let _ = map.restore(&red.text);
    }

    #[test]
    fn redaction_is_idempotent(text in message()) {
        let r = Redactor::new();
        let mut map = PlaceholderMap::new();
        let once = r.redact(&text, &mut map);
        let twice = r.redact(&once.text, &mut map);
        prop_assert_eq!(&twice.text, &once.text);
        prop_assert!(twice.entities.is_empty());
    }

    #[test]
    fn no_found_value_survives(text in message()) {
        let r = Redactor::new();
        let mut map = PlaceholderMap::new();
        let red = r.redact(&text, &mut map);
        let chars: Vec<char> = text.chars().collect();
        for e in &red.entities {
            let value: String = chars[e.start..e.end].iter().collect();
            prop_assert!(!contains_word(&red.text, &value), "{:?} survives in {:?}", value, red.text);
        }
    }

    #[test]
    fn restore_inverts_redaction(text in message()) {
        let r = Redactor::new();
        let mut map = PlaceholderMap::new();
        let red = r.redact(&text, &mut map);
        // Only when the input had no bracketed text of its own that could
        // read as a placeholder.
        if !text.contains('[') {
            prop_assert_eq!(map.restore(&red.text), text);
        }
    }
}

/// Inputs the fuzzer (`fuzz/fuzz_targets/redactor.rs`) found not to be
/// idempotent, kept as fixed cases.
#[test]
fn fuzz_findings_are_idempotent() {
    // A phone number two and three spaces after an IP address: the digit
    // run that started inside the address hid it from the first scan. A
    // word glued to a repeated name ("UUUUUUUUUF-Ki-a-AC-vg") is one word,
    // too long for a name, until the name is replaced. A cue-labelled
    // secret whose value holds an e-mail address. Placeholders read as part
    // of a URL or as an address's house number.
    for text in [
        "0.0.0.111  000.00.09298-3-z",
        "0.0.0.111   000.00.09298-3-z",
        "HI\tUUUUUUUUUF-Ki-a-AC-vg-AC-vg-----[",
        "556444443\u{1a}\u{1a}<PWd=\u{1a}\u{1a}+H@uw.dr$H-$H",
        ".://@01!shpat_444444444444444444444444444",
        "Ich wohne in Frankreich, mein Konto ist FR76 6789 6558 3845 7016 6773 271. Nehmt ihr SEPA-Lastschrift?",
    ] {
        let r = Redactor::new();
        let mut map = PlaceholderMap::new();
        let once = r.redact(text, &mut map);
        let twice = r.redact(&once.text, &mut map);
        assert_eq!(twice.text, once.text, "{text:?}");
        assert!(twice.entities.is_empty(), "{text:?}: {:?}", twice.entities);
    }
}
