//! Envelope: no content can close the envelope early or leave a sentinel
//! look-alike behind; neutralising is idempotent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mignuti_shared::envelope::{Envelope, contains_sentinel, neutralize};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let once = neutralize(text).into_owned();
    assert!(!contains_sentinel(&once));
    assert_eq!(neutralize(&once), once.as_str());
    let e = Envelope::new([0x11; 16]);
    let wrapped = e.wrap_visitor(text);
    let close = e.visitor_close_tag();
    let first = wrapped.to_ascii_lowercase().find(&close);
    assert_eq!(first, Some(wrapped.len() - close.len()));
});
