//! Numbering that continues a conversation. The server keeps no raw value of
//! a visitor (that is the point of redacting), so a new message starts with
//! an empty map; seeding the counters from the placeholders already in the
//! stored, redacted history keeps a new value from reusing a number that
//! meant something else earlier in the same conversation.

use super::{EntityKind, PlaceholderMap};

impl PlaceholderMap {
    /// A map whose numbering continues after every `[KIND_n]` placeholder
    /// found in `earlier` (the conversation's stored messages).
    pub fn continuing(earlier: &[&str]) -> Self {
        let mut map = PlaceholderMap::new();
        for text in earlier {
            let mut rest = *text;
            while let Some(open) = rest.find('[') {
                rest = &rest[open + 1..];
                let Some(close) = rest.find(']').filter(|&c| c <= 40) else {
                    continue;
                };
                let inner = &rest[..close];
                if let Some((kind, n)) = inner.rsplit_once('_')
                    && let (Some(kind), Ok(n)) = (EntityKind::parse(kind), n.parse::<u32>())
                {
                    let counter = map.counters.entry(kind.as_str().to_string()).or_insert(0);
                    *counter = (*counter).max(n);
                }
            }
        }
        map
    }
}

/// `text` with every `[KIND_n]` placeholder removed: what a search query
/// should contain (a placeholder carries no meaning to match on).
pub fn without_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let tail = &rest[open + 1..];
        let is_placeholder = tail.find(']').filter(|&c| c <= 40).is_some_and(|c| {
            tail[..c].rsplit_once('_').is_some_and(|(kind, n)| {
                EntityKind::parse(kind).is_some() && n.parse::<u32>().is_ok()
            })
        });
        match (is_placeholder, tail.find(']')) {
            (true, Some(c)) => rest = &tail[c + 1..],
            _ => {
                out.push('[');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pii::Redactor;

    #[test]
    fn new_values_get_numbers_after_the_history() {
        let history = [
            "Meine Mail ist [EMAIL_1], alt war [EMAIL_2].",
            "[PHONE_1] und [NOT_A_KIND_3] [EMAIL_x]",
        ];
        let mut map = PlaceholderMap::continuing(&history);
        let r = Redactor::new().redact("Neu: anna@example.org, Tel. +49 30 1234567", &mut map);
        assert!(r.text.contains("[EMAIL_3]"), "{}", r.text);
        assert!(r.text.contains("[PHONE_2]"), "{}", r.text);
    }

    #[test]
    fn placeholders_are_removed_from_search_text() {
        assert_eq!(
            without_placeholders("Mail [EMAIL_1], Konto [IBAN_2] [Hinweis] [X_1]"),
            "Mail , Konto  [Hinweis] [X_1]"
        );
    }

    #[test]
    fn empty_history_starts_at_one() {
        let mut map = PlaceholderMap::continuing(&[]);
        let r = Redactor::new().redact("a@b.de", &mut map);
        assert_eq!(r.text, "[EMAIL_1]");
    }
}
