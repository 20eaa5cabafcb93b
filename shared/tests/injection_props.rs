//! Properties of the normalisers and the detector on arbitrary input:
//! nothing panics, the canonical forms are fixed points, scores stay in range.

use mignuti_shared::injection::Detector;
use mignuti_shared::normalize::{decoded_segments, for_detection, visitor_text};
use proptest::prelude::*;

/// Text that mixes the characters the normalisers treat specially with
/// arbitrary Unicode.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        any::<char>().prop_map(|c| c.to_string()),
        Just("\u{200B}".to_string()),
        Just("\u{202E}".to_string()),
        Just("\u{200D}".to_string()),
        Just("\u{00AD}".to_string()),
        Just(" ".to_string()),
        Just("  ".to_string()),
        Just(".".to_string()),
        Just("1".to_string()),
        Just("0".to_string()),
        Just("@".to_string()),
        Just("$".to_string()),
        Just("İ".to_string()),
        Just("ß".to_string()),
        Just("а".to_string()),
        Just("ο".to_string()),
        Just("e\u{301}".to_string()),
        Just("ﬁ".to_string()),
        Just("\n".to_string()),
        "[a-zA-Z]{1,8}",
        "[a-f0-9]{2,20}",
        "[A-Za-z0-9+/]{4,24}={0,2}",
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn normalisers_never_panic(s in any::<String>()) {
        let _ = for_detection(&s);
        let _ = visitor_text(&s);
        let _ = decoded_segments(&s);
    }

    #[test]
    fn for_detection_is_idempotent(s in tricky_text()) {
        let once = for_detection(&s);
        prop_assert_eq!(for_detection(&once), once);
    }

    #[test]
    fn visitor_text_is_idempotent(s in tricky_text()) {
        let once = visitor_text(&s);
        prop_assert_eq!(visitor_text(&once), once);
    }

    #[test]
    fn visitor_text_keeps_no_invisible_controls(s in tricky_text()) {
        let out = visitor_text(&s);
        let bad = out.chars().any(|c| {
            matches!(c, '\u{200B}' | '\u{202E}' | '\u{00AD}')
                || (c.is_control() && c != '\n' && c != '\t')
        });
        prop_assert!(!bad, "invisible or control character left in {:?}", out);
    }

    #[test]
    fn for_detection_is_lowercase_single_spaced(s in tricky_text()) {
        let out = for_detection(&s);
        prop_assert!(!out.contains("  "));
        prop_assert_eq!(out.trim(), out.as_str());
        prop_assert!(!out.chars().any(|c| c.is_control()));
    }

    #[test]
    fn detector_never_panics_and_scores_in_range(s in tricky_text()) {
        let detector = Detector::new();
        let v = detector.check(&s);
        prop_assert!((0.0..=1.0).contains(&v.score), "score {}", v.score);
        // A block always names its reason.
        prop_assert!(!v.blocked || !v.rules.is_empty());
    }
}
