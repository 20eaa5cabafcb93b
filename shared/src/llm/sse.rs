//! Server-sent events: an incremental parser for provider streams and the
//! encoder for the stream we send to the widget.
//!
//! The parser follows the WHATWG event-stream rules that matter for LLM
//! providers: lines end in LF, CR or CRLF (also split across chunks), `data`
//! lines of one event are joined with LF, comments (`:`) are ignored, a blank
//! line dispatches, a UTF-8 sequence split across network chunks is kept
//! until it is complete. It never panics on arbitrary bytes, and bounds the
//! size of one event so a hostile upstream cannot grow memory without limit.

/// One dispatched event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` field, if any (`message` is implied when absent).
    pub event: Option<String>,
    pub data: String,
}

/// Largest event we accept, in bytes. Provider deltas are a few hundred
/// bytes; a megabyte is far above any legitimate event.
pub const MAX_EVENT_BYTES: usize = 1 << 20;

#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SseError {
    /// An event grew beyond [`MAX_EVENT_BYTES`].
    EventTooLarge,
}

#[derive(Default)]
pub struct SseParser {
    /// Bytes not yet forming a complete line.
    pending: Vec<u8>,
    /// The last byte seen was CR: a following LF belongs to the same line end.
    after_cr: bool,
    event: Option<String>,
    data: String,
    has_data: bool,
}

impl SseParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds the next chunk of the body and returns every event it completes.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Vec<SseEvent>, SseError> {
        let mut out = Vec::new();
        for &b in chunk {
            if self.after_cr {
                self.after_cr = false;
                if b == b'\n' {
                    continue;
                }
            }
            match b {
                b'\n' | b'\r' => {
                    self.after_cr = b == b'\r';
                    let line = std::mem::take(&mut self.pending);
                    if let Some(ev) = self.line(&line) {
                        out.push(ev);
                    }
                }
                _ => {
                    self.pending.push(b);
                    if self.pending.len() + self.data.len() > MAX_EVENT_BYTES {
                        return Err(SseError::EventTooLarge);
                    }
                }
            }
        }
        Ok(out)
    }

    /// Ends the stream: an event without its final blank line is dropped, as
    /// the specification says (it may be truncated).
    pub fn finish(self) {}

    fn line(&mut self, line: &[u8]) -> Option<SseEvent> {
        if line.is_empty() {
            if !self.has_data {
                self.event = None;
                return None;
            }
            self.has_data = false;
            let data = std::mem::take(&mut self.data);
            return Some(SseEvent {
                event: self.event.take(),
                data,
            });
        }
        if line[0] == b':' {
            return None;
        }
        let line = String::from_utf8_lossy(line);
        let (field, value) = match line.find(':') {
            Some(i) => {
                let v = &line[i + 1..];
                (&line[..i], v.strip_prefix(' ').unwrap_or(v))
            }
            None => (&line[..], ""),
        };
        match field {
            "event" => self.event = Some(value.to_owned()),
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            _ => {} // id, retry and unknown fields do not matter here
        }
        None
    }
}

/// Encodes one event for the widget. `data` is written as one `data:` line
/// per line of input so a newline inside it cannot start a forged event.
pub fn encode(event: &str, data: &str) -> String {
    let mut s = String::with_capacity(data.len() + event.len() + 16);
    s.push_str("event: ");
    s.extend(event.chars().filter(|c| !matches!(c, '\n' | '\r')));
    s.push('\n');
    for line in data.split(['\n', '\r']) {
        s.push_str("data: ");
        s.push_str(line);
        s.push('\n');
    }
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(chunks: &[&[u8]]) -> Vec<SseEvent> {
        let mut p = SseParser::new();
        chunks.iter().flat_map(|c| p.push(c).unwrap()).collect()
    }

    #[test]
    fn parses_named_events_and_joins_data_lines() {
        let evs = all(&[b"event: delta\ndata: a\ndata: b\n\n: comment\ndata: x\n\n"]);
        assert_eq!(
            evs,
            vec![
                SseEvent {
                    event: Some("delta".into()),
                    data: "a\nb".into()
                },
                SseEvent {
                    event: None,
                    data: "x".into()
                },
            ]
        );
    }

    #[test]
    fn same_events_for_every_split_point_and_line_ending() {
        for text in [
            "event: a\ndata: {\"t\":\"Grüße 👋\"}\n\nevent: b\ndata: 2\n\n",
            "event: a\r\ndata: {\"t\":\"Grüße 👋\"}\r\n\r\nevent: b\r\ndata: 2\r\n\r\n",
            "event: a\rdata: {\"t\":\"Grüße 👋\"}\r\revent: b\rdata: 2\r\r",
        ] {
            let bytes = text.as_bytes();
            let whole = all(&[bytes]);
            assert_eq!(whole.len(), 2, "{text:?}");
            assert_eq!(whole[0].data, "{\"t\":\"Grüße 👋\"}");
            for i in 0..=bytes.len() {
                assert_eq!(
                    all(&[&bytes[..i], &bytes[i..]]),
                    whole,
                    "split at {i} of {text:?}"
                );
            }
        }
    }

    #[test]
    fn truncated_event_is_not_dispatched() {
        let mut p = SseParser::new();
        assert!(p.push(b"event: delta\ndata: partial").unwrap().is_empty());
        p.finish();
    }

    #[test]
    fn oversized_event_is_refused() {
        let mut p = SseParser::new();
        let big = vec![b'a'; MAX_EVENT_BYTES + 1];
        assert_eq!(p.push(&big), Err(SseError::EventTooLarge));
    }

    #[test]
    fn encode_cannot_be_split_into_forged_events() {
        let s = encode("delta", "hi\n\nevent: done\ndata: {}");
        let evs = all(&[s.as_bytes()]);
        assert_eq!(evs.len(), 1);
        assert_eq!(evs[0].event.as_deref(), Some("delta"));
        assert_eq!(evs[0].data, "hi\n\nevent: done\ndata: {}");
    }
}
