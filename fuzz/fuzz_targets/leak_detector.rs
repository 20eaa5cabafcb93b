//! Streaming leak detector: fuzzed text cut into fuzzed chunks. Without a
//! leak the released text is exactly the input and the hold-back stays
//! within its bound; after a leak nothing more is released.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mignuti_shared::canary::{Canary, LeakDetector, MAX_HOLD_BACK};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let canary = Canary::new([0x5c; 16]);
    let prompt = format!(
        "You are a helpful support assistant for a shop and answer briefly. {}",
        canary.system_prompt_line()
    );
    let mut d = LeakDetector::new(&canary, &prompt);
    // Chunk boundaries at every '\u{1}' so the fuzzer controls them.
    let mut released = String::new();
    let mut fed = 0usize;
    let mut leaked = None;
    for chunk in text.split('\u{1}') {
        fed += chunk.chars().count();
        let r = d.push(chunk);
        if leaked.is_some() {
            assert!(r.safe_text.is_empty(), "released after a leak");
        }
        released.push_str(&r.safe_text);
        leaked = leaked.or(r.leaked);
        if leaked.is_none() {
            assert!(
                fed - released.chars().count() <= MAX_HOLD_BACK,
                "held too much"
            );
        }
    }
    let r = d.finish();
    released.push_str(&r.safe_text);
    if leaked.or(r.leaked).is_none() {
        assert_eq!(released, text.replace('\u{1}', ""));
    }
});
