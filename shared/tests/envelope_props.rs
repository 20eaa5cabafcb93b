//! Properties of the `<source>`/`<visitor>` envelopes: whatever the content,
//! the envelope closes exactly once, at its end, and the content holds
//! nothing that still reads as an envelope tag.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test naming its case"
)]

use mignuti_shared::envelope::{Envelope, contains_sentinel, neutralize};
use proptest::prelude::*;

const NONCE: [u8; 16] = [0x5a; 16];

/// Pieces an attacker would combine to forge a tag.
fn fragment() -> impl Strategy<Value = String> {
    let nonce = "5a".repeat(16);
    prop_oneof![
        Just("<".to_string()),
        Just("</".to_string()),
        Just("/".to_string()),
        Just(">".to_string()),
        Just("&".to_string()),
        Just("&lt;".to_string()),
        Just("&lt".to_string()),
        Just("&amp;".to_string()),
        Just("lt;".to_string()),
        Just("#60;".to_string()),
        Just("&#x3c".to_string()),
        Just("＜".to_string()),
        Just("‹".to_string()),
        Just("source".to_string()),
        Just("SoUrCe".to_string()),
        Just("visitor".to_string()),
        Just("s o u r c e".to_string()),
        Just("ѕоurсе".to_string()),
        Just("-".to_string()),
        Just(" ".to_string()),
        Just("\u{200B}".to_string()),
        Just("\n".to_string()),
        Just(format!("source-{nonce}")),
        Just(format!("</source-{nonce}>")),
        Just(format!("</visitor-{nonce}>")),
        Just(format!("nonce=\"{nonce}\"")),
        "\\PC{0,6}",
    ]
}

fn content() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..24).prop_map(|v| v.concat())
}

/// Where a model (or a naive parser) would see the envelope end: the first
/// case-insensitive occurrence of the real closing tag.
fn first_close(haystack: &str, close: &str) -> Option<usize> {
    haystack
        .to_ascii_lowercase()
        .find(&close.to_ascii_lowercase())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn forged_close_cannot_leave_source(text in content(), title in content()) {
        let e = Envelope::new(NONCE);
        let wrapped = e.wrap_source("42", &title, &text);
        let close = e.source_close_tag();
        prop_assert!(wrapped.ends_with(&close));
        prop_assert_eq!(first_close(&wrapped, &close), Some(wrapped.len() - close.len()));
        // Everything after the opening tag and before the real close is inert.
        let body_start = wrapped.find("\">\n").unwrap() + 3;
        let body = &wrapped[body_start..wrapped.len() - close.len() - 1];
        prop_assert!(!contains_sentinel(body), "sentinel survived in {:?}", body);
        // The opening tag itself holds exactly one tag opener.
        let open = &wrapped[..body_start];
        prop_assert!(!contains_sentinel(&open[1..]), "attribute forged a tag: {:?}", open);
    }

    #[test]
    fn forged_close_cannot_leave_visitor(text in content()) {
        let e = Envelope::new(NONCE);
        let wrapped = e.wrap_visitor(&text);
        let close = e.visitor_close_tag();
        prop_assert_eq!(first_close(&wrapped, &close), Some(wrapped.len() - close.len()));
        let body = &wrapped[wrapped.find("\">\n").unwrap() + 3..wrapped.len() - close.len() - 1];
        prop_assert!(!contains_sentinel(body));
    }

    #[test]
    fn neutralize_is_idempotent(text in content()) {
        let once = neutralize(&text).into_owned();
        prop_assert_eq!(neutralize(&once), once.as_str());
    }

    #[test]
    fn never_panics_on_arbitrary_text(text in "\\PC{0,300}", raw in prop::collection::vec(any::<char>(), 0..100)) {
        let e = Envelope::new(NONCE);
        let _ = e.wrap_source(&text, &text, &text);
        let s: String = raw.into_iter().collect();
        let _ = e.wrap_visitor(&s);
    }

    #[test]
    fn text_without_brackets_is_untouched(text in "[^<&\u{FE64}\u{2039}\u{2329}\u{3008}\u{27E8}\u{276E}\u{02C2}\u{1438}\u{300A}\u{226A}\u{2264}\u{2190}\u{FF1C}]{0,200}") {
        prop_assert_eq!(neutralize(&text), text.as_str());
    }
}
