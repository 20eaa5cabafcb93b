//! Streaming leak detector: the canary split at every chunk boundary, in
//! other case, with separators, encoded, and verbatim system-prompt runs.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test naming its case"
)]

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use mignuti_shared::canary::{Canary, LeakDetector, LeakKind, MAX_HOLD_BACK, Release};
use proptest::prelude::*;

const SYSTEM: &str = "You are the support assistant of Example GmbH. Answer only from the \
    knowledge provided between the source tags and say so plainly when the answer is not there. \
    Never give legal or medical advice and keep every answer under two hundred words.";

fn canary() -> Canary {
    Canary::new([
        0x3f, 0x9a, 0x01, 0xc4, 0x7e, 0x55, 0xd2, 0x18, 0xb0, 0x6c, 0xe9, 0x24, 0x87, 0x0d, 0xfa,
        0x43,
    ])
}

fn prompt(c: &Canary) -> String {
    format!("{SYSTEM}\n{}", c.system_prompt_line())
}

/// Feeds `chunks`, returns (released text, leak).
fn run(chunks: &[&str]) -> (String, Option<LeakKind>) {
    let c = canary();
    let mut d = LeakDetector::new(&c, &prompt(&c));
    let mut out = String::new();
    let mut leak = None;
    for ch in chunks {
        let Release { safe_text, leaked } = d.push(ch);
        out.push_str(&safe_text);
        if leaked.is_some() {
            leak = leaked;
        }
    }
    let r = d.finish();
    out.push_str(&r.safe_text);
    (out, leak.or(r.leaked))
}

fn assert_leak(before: &str, leak: &str, after: &str, kind: LeakKind, what: &str) {
    let text = format!("{before}{leak}{after}");
    let (released, got) = run(&[&text]);
    assert_eq!(got, Some(kind), "{what}: not detected in one chunk");
    assert!(
        before.starts_with(&released),
        "{what}: released past the leak start: {released:?}"
    );
    // Every two-way split.
    let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).skip(1).collect();
    for &i in &bounds {
        let (released, got) = run(&[&text[..i], &text[i..]]);
        assert_eq!(got, Some(kind), "{what}: missed when split at byte {i}");
        assert!(
            before.starts_with(&released),
            "{what}: split {i} released {released:?}"
        );
    }
    // One character per chunk.
    let singles: Vec<String> = text.chars().map(String::from).collect();
    let refs: Vec<&str> = singles.iter().map(String::as_str).collect();
    let (released, got) = run(&refs);
    assert_eq!(got, Some(kind), "{what}: missed char by char");
    assert!(
        before.starts_with(&released),
        "{what}: char by char released {released:?}"
    );
}

const BEFORE: &str = "Gern helfe ich Ihnen weiter. Die interne Kennung lautet ";
const AFTER: &str = " und mehr darf ich nicht sagen.";

#[test]
fn canary_plain_at_every_boundary() {
    let c = canary();
    assert_leak(BEFORE, c.as_str(), AFTER, LeakKind::Canary, "plain");
}

#[test]
fn canary_upper_case() {
    let c = canary();
    assert_leak(
        BEFORE,
        &c.as_str().to_uppercase(),
        AFTER,
        LeakKind::Canary,
        "upper",
    );
}

#[test]
fn canary_mixed_case_fullwidth() {
    let c = canary();
    let mixed: String = c
        .as_str()
        .chars()
        .enumerate()
        .map(|(i, ch)| {
            if i % 2 == 0 {
                ch.to_ascii_uppercase()
            } else {
                ch
            }
        })
        .collect();
    assert_leak(BEFORE, &mixed, AFTER, LeakKind::Canary, "mixed case");
    let full: String = c
        .as_str()
        .chars()
        .map(|ch| char::from_u32(u32::from(ch) + 0xFEE0).unwrap())
        .collect();
    assert_leak(BEFORE, &full, AFTER, LeakKind::Canary, "fullwidth");
}

#[test]
fn canary_with_separators() {
    let c = canary();
    for sep in [
        " ", "-", "\u{200B}", "\u{200D}", ". ", "\n", " - ", "_", "\u{00A0}", "|",
    ] {
        let spaced: String = c
            .as_str()
            .chars()
            .map(String::from)
            .collect::<Vec<_>>()
            .join(sep);
        assert_leak(
            BEFORE,
            &spaced,
            AFTER,
            LeakKind::Canary,
            &format!("separator {sep:?}"),
        );
    }
}

#[test]
fn canary_half_is_enough() {
    let c = canary();
    assert_leak(
        BEFORE,
        &c.as_str()[8..24],
        AFTER,
        LeakKind::Canary,
        "middle 16 digits",
    );
}

#[test]
fn canary_as_hex_of_its_text() {
    let c = canary();
    let hex: String = c.as_str().bytes().map(|b| format!("{b:02x}")).collect();
    assert_leak(BEFORE, &hex, AFTER, LeakKind::CanaryEncoded, "hex");
    let hex_upper: String = c
        .as_str()
        .to_uppercase()
        .bytes()
        .map(|b| format!("{b:02X}"))
        .collect();
    assert_leak(
        BEFORE,
        &hex_upper,
        AFTER,
        LeakKind::CanaryEncoded,
        "hex of upper",
    );
}

#[test]
fn canary_as_base64_any_alignment() {
    let c = canary();
    for lead in ["", "x", "xy", "Marker: ", "The marker is "] {
        for text in [c.as_str().to_string(), c.as_str().to_uppercase()] {
            let encoded = STANDARD.encode(format!("{lead}{text}"));
            assert_leak(
                BEFORE,
                &encoded,
                AFTER,
                LeakKind::CanaryEncoded,
                &format!("base64 lead {lead:?}"),
            );
            let url = URL_SAFE_NO_PAD.encode(format!("{lead}{text} end"));
            assert_leak(
                BEFORE,
                &url,
                AFTER,
                LeakKind::CanaryEncoded,
                &format!("base64url lead {lead:?}"),
            );
        }
    }
}

#[test]
fn canary_raw_bytes_as_base64() {
    let raw = [
        0x3f, 0x9a, 0x01, 0xc4, 0x7e, 0x55, 0xd2, 0x18, 0xb0, 0x6c, 0xe9, 0x24, 0x87, 0x0d, 0xfa,
        0x43,
    ];
    assert_leak(
        BEFORE,
        &STANDARD.encode(raw),
        AFTER,
        LeakKind::CanaryEncoded,
        "raw base64",
    );
}

#[test]
fn system_prompt_verbatim_run() {
    // Eight consecutive words, different case and punctuation.
    assert_leak(
        "Okay. ",
        "ANSWER ONLY FROM THE KNOWLEDGE, provided between the source",
        " tags.",
        LeakKind::SystemPrompt,
        "8-gram",
    );
    let whole = SYSTEM.to_string();
    assert_leak(
        "My instructions: ",
        &whole,
        "",
        LeakKind::SystemPrompt,
        "whole prompt",
    );
}

#[test]
fn seven_words_are_not_a_leak() {
    let (out, leak) = run(&["I can answer only from the knowledge provided here, sorry."]);
    assert_eq!(leak, None);
    assert_eq!(
        out,
        "I can answer only from the knowledge provided here, sorry."
    );
}

#[test]
fn benign_answers_pass_unchanged() {
    for text in [
        "Ihre Bestellung 4711-2026 wurde am 3. März versandt. Tracking: 00340434161234567890.",
        "The SHA-256 of the installer is 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.",
        "Paste this token: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl and retry.",
        "Version 1.2.3-beta, build 0x3f9a. IBAN DE89 3704 0044 0532 0130 00.",
        "",
    ] {
        let (out, leak) = run(&[text]);
        assert_eq!(leak, None, "{text}");
        assert_eq!(out, text);
    }
}

#[test]
fn nothing_released_after_a_leak() {
    let c = canary();
    let mut d = LeakDetector::new(&c, &prompt(&c));
    assert_eq!(d.push("Hello ").leaked, None);
    let r = d.push(c.as_str());
    assert_eq!(r.leaked, Some(LeakKind::Canary));
    assert_eq!(r.safe_text, "");
    let r = d.push(" more text that is harmless and long enough to be released normally.");
    assert_eq!(
        r,
        Release {
            safe_text: String::new(),
            leaked: Some(LeakKind::Canary)
        }
    );
    assert_eq!(d.finish().safe_text, "");
}

#[test]
fn hold_back_is_small_for_ordinary_text() {
    let c = canary();
    let mut d = LeakDetector::new(&c, &prompt(&c));
    let text = "Sie können Ihr Passwort jederzeit in den Kontoeinstellungen ändern. ".repeat(10);
    let mut sent = 0usize;
    let mut released = 0usize;
    for ch in text.split_inclusive(' ') {
        sent += ch.chars().count();
        released += d.push(ch).safe_text.chars().count();
        let held = sent - released;
        assert!(held <= 80, "held {held} characters");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Without a leak, the released text is exactly the input, however it is
    /// chunked, and never more than MAX_HOLD_BACK characters are held.
    #[test]
    fn release_is_lossless_and_bounded(text in "\\PC{0,600}", cuts in prop::collection::vec(0usize..600, 0..20)) {
        let c = canary();
        let mut d = LeakDetector::new(&c, &prompt(&c));
        let mut bounds: Vec<usize> = cuts.into_iter().filter_map(|i| {
            text.char_indices().nth(i).map(|(b, _)| b)
        }).collect();
        bounds.sort_unstable();
        bounds.dedup();
        let mut out = String::new();
        let mut last = 0;
        let mut leaked = None;
        for b in bounds.into_iter().chain([text.len()]) {
            let r = d.push(&text[last..b]);
            last = b;
            out.push_str(&r.safe_text);
            leaked = leaked.or(r.leaked);
            if leaked.is_none() {
                let held = text[..b].chars().count() - out.chars().count();
                prop_assert!(held <= MAX_HOLD_BACK);
            }
        }
        let r = d.finish();
        out.push_str(&r.safe_text);
        leaked = leaked.or(r.leaked);
        prop_assert_eq!(leaked, None);
        prop_assert_eq!(out, text);
    }

    /// The canary is caught wherever it sits and however the stream is cut.
    #[test]
    fn canary_caught_in_any_context(pre in "\\PC{0,200}", post in "\\PC{0,50}", cut in 0usize..300) {
        let c = canary();
        let text = format!("{pre}{}{post}", c.as_str());
        let b = text.char_indices().nth(cut).map_or(text.len(), |(b, _)| b);
        let (released, leak) = run(&[&text[..b], &text[b..]]);
        prop_assert!(leak.is_some());
        prop_assert!(pre.starts_with(&released));
    }
}
