//! PII redactor: never panics; spans are in bounds, ordered and disjoint;
//! redaction is idempotent (re-redacting finds nothing new to replace).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mignuti_shared::pii::{PlaceholderMap, Redactor};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let r = Redactor::new();
    let mut map = PlaceholderMap::new();
    let red = r.redact(text, &mut map);
    let n = text.chars().count();
    let mut last_end = 0;
    for e in &red.entities {
        assert!(e.start < e.end && e.end <= n, "span out of bounds");
        assert!(e.start >= last_end, "spans overlap or are unordered");
        last_end = e.end;
    }
    let again = r.redact(&red.text, &mut map);
    assert_eq!(again.text, red.text, "redaction is not idempotent");
});
