//! The answer of last resort: when no model is configured or every provider
//! failed, answer with the sentences of the retrieved sources that overlap
//! most with the question. Always available, never invents anything, and
//! clearly worded as a quote from the help center.

use super::prompt::Source;
use crate::i18n::{Lang, Text, text};

/// At most this many sentences are quoted.
const MAX_SENTENCES: usize = 3;

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 2)
        .map(|w| w.to_lowercase())
        .collect()
}

fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?' | '\n') {
            let s = text[start..i + c.len_utf8()].trim();
            if s.chars().filter(|c| c.is_alphabetic()).count() >= 12 && !s.starts_with('#') {
                out.push(s);
            }
            start = i + c.len_utf8();
        }
    }
    let rest = text[start..].trim();
    if rest.chars().filter(|c| c.is_alphabetic()).count() >= 12 && !rest.starts_with('#') {
        out.push(rest);
    }
    out
}

/// Builds the answer text. `sources` are in retrieval order (best first).
pub fn answer(lang: Lang, question: &str, sources: &[Source]) -> String {
    let q: Vec<String> = words(question);
    // Score every sentence of every source; earlier sources get a small bonus
    // because retrieval already ranked them.
    let mut scored: Vec<(f32, usize, usize, &str)> = Vec::new();
    for (si, src) in sources.iter().enumerate() {
        for (pi, sent) in sentences(&src.text).into_iter().enumerate() {
            let w = words(sent);
            let overlap = q
                .iter()
                .filter(|t| {
                    w.iter()
                        .any(|x| x.starts_with(t.as_str()) || t.starts_with(x.as_str()))
                })
                .count();
            let score = overlap as f32 + 0.5 / (1.0 + si as f32) - 0.01 * pi as f32;
            scored.push((score, si, pi, sent));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let best: Vec<&(f32, usize, usize, &str)> = scored
        .iter()
        .filter(|s| s.0 >= 1.0)
        .take(MAX_SENTENCES)
        .collect();
    if best.is_empty() {
        return text(lang, Text::NoAnswer).to_owned();
    }
    let mut picked = best;
    // Quote in the order they appear in the sources, which reads naturally.
    picked.sort_by_key(|s| (s.1, s.2));
    let mut out = String::from(text(lang, Text::ExtractiveIntro));
    for s in picked {
        out.push_str("\n\n");
        out.push_str(s.3);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source {
            id: "1".into(),
            title: "t".into(),
            url: None,
            text: text.into(),
        }
    }

    #[test]
    fn quotes_the_sentences_that_match_the_question() {
        let sources = [src(
            "# Versand\nWir liefern innerhalb von zwei Werktagen. Die Versandkosten betragen 4,90 Euro. \
             Unser Team ist montags bis freitags erreichbar.",
        )];
        let a = answer(Lang::De, "Wie hoch sind die Versandkosten?", &sources);
        assert!(a.starts_with(text(Lang::De, Text::ExtractiveIntro)));
        assert!(a.contains("Versandkosten betragen 4,90 Euro"));
        assert!(!a.contains("montags"));
    }

    #[test]
    fn says_it_does_not_know_without_a_match() {
        assert_eq!(
            answer(Lang::En, "What is the meaning of life?", &[]),
            text(Lang::En, Text::NoAnswer)
        );
        let a = answer(
            Lang::En,
            "zebra quantum",
            &[src("We ship within two working days to the whole EU.")],
        );
        assert_eq!(a, text(Lang::En, Text::NoAnswer));
    }
}
