//! Normaliser and injection detector: never panic on arbitrary UTF-8, and
//! the score stays a probability.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mignuti_shared::{injection::Detector, normalize};
use std::sync::OnceLock;

// Built once per process, as in a Worker isolate.
static DETECTOR: OnceLock<Detector> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = normalize::visitor_text(text);
    let _ = normalize::for_detection(text);
    let _ = normalize::decoded_segments(text);
    let v = DETECTOR.get_or_init(Detector::new).check(text);
    assert!((0.0..=1.0).contains(&v.score), "score {}", v.score);
});
