//! Every sentence a visitor can see from the server, in German and English:
//! the EU AI Act Art. 50 disclosure, refusals and error messages. The widget
//! shows these as sent, so they live in one reviewed place.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    De,
    En,
}

impl Lang {
    /// Picks the language from a BCP 47 tag or an `Accept-Language` header
    /// (first supported entry wins), falling back to `default`.
    pub fn negotiate(header: Option<&str>, default: Lang) -> Lang {
        Lang::preferred(header).unwrap_or(default)
    }

    /// The first supported language an `Accept-Language` header names;
    /// `None` for no header, `*`, or only unsupported languages.
    pub fn preferred(header: Option<&str>) -> Option<Lang> {
        header?
            .split(',')
            .find_map(|part| Lang::parse(part.split(';').next().unwrap_or("")))
    }

    pub fn parse(tag: &str) -> Option<Lang> {
        match tag.trim().to_ascii_lowercase().split(['-', '_']).next() {
            Some("de") => Some(Lang::De),
            Some("en") => Some(Lang::En),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }
}

#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    /// EU AI Act Art. 50: the visitor is talking to an AI.
    Disclosure,
    /// The message was refused by the injection check.
    Blocked,
    NoAnswer,
    ExtractiveIntro,
    RateLimited,
    ProviderUnavailable,
    InvalidToken,
    TokenExpired,
    MessageTooLong,
    EmptyMessage,
    AnswerWithheld,
}

pub fn text(lang: Lang, t: Text) -> &'static str {
    use Lang::*;
    use Text::*;
    match (lang, t) {
        (De, Disclosure) => {
            "Sie chatten mit einem KI-Assistenten. Antworten werden automatisch erzeugt und können Fehler enthalten. Bitte geben Sie keine sensiblen Daten wie Bank-, Karten- oder Ausweisnummern ein."
        }
        (En, Disclosure) => {
            "You are chatting with an AI assistant. Answers are generated automatically and may contain mistakes. Please do not share sensitive data such as bank, card or ID numbers."
        }
        (De, Blocked) => {
            "Diese Anfrage kann ich leider nicht bearbeiten. Stellen Sie mir gern eine Frage zu unseren Produkten oder Leistungen."
        }
        (En, Blocked) => {
            "Sorry, I can't help with that request. Feel free to ask me about our products or services."
        }
        (De, NoAnswer) => {
            "Dazu habe ich in unserer Hilfe leider nichts gefunden. Bitte wenden Sie sich an unseren Kundenservice."
        }
        (En, NoAnswer) => {
            "I couldn't find anything about that in our help center. Please contact our support team."
        }
        (De, ExtractiveIntro) => "Das habe ich in unserer Hilfe dazu gefunden:",
        (En, ExtractiveIntro) => "Here is what our help center says about this:",
        (De, RateLimited) => "Zu viele Anfragen in kurzer Zeit. Bitte warten Sie einen Moment.",
        (En, RateLimited) => "Too many requests in a short time. Please wait a moment.",
        (De, ProviderUnavailable) => {
            "Der Assistent ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal."
        }
        (En, ProviderUnavailable) => {
            "The assistant is unavailable right now. Please try again shortly."
        }
        (De, InvalidToken) => "Ihre Sitzung ist ungültig. Bitte laden Sie den Chat neu.",
        (En, InvalidToken) => "Your session is not valid. Please reload the chat.",
        (De, TokenExpired) => "Ihre Sitzung ist abgelaufen.",
        (En, TokenExpired) => "Your session has expired.",
        (De, MessageTooLong) => "Die Nachricht ist zu lang (höchstens 2.000 Zeichen).",
        (En, MessageTooLong) => "The message is too long (2,000 characters at most).",
        (De, EmptyMessage) => "Bitte geben Sie eine Nachricht ein.",
        (En, EmptyMessage) => "Please enter a message.",
        (De, AnswerWithheld) => "Diese Antwort wurde aus Sicherheitsgründen zurückgehalten.",
        (En, AnswerWithheld) => "This answer was withheld for security reasons.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_language() {
        assert_eq!(
            Lang::negotiate(Some("de-AT,de;q=0.9,en;q=0.8"), Lang::En),
            Lang::De
        );
        assert_eq!(
            Lang::negotiate(Some("fr-FR, en-GB;q=0.8"), Lang::De),
            Lang::En
        );
        assert_eq!(Lang::negotiate(Some("fr"), Lang::De), Lang::De);
        assert_eq!(Lang::negotiate(None, Lang::En), Lang::En);
        assert_eq!(Lang::preferred(Some("*")), None);
        assert_eq!(Lang::preferred(Some("it, de-CH;q=0.5")), Some(Lang::De));
        assert_eq!(Lang::preferred(Some("*")), None);
        assert_eq!(Lang::preferred(Some("it, de-CH;q=0.5")), Some(Lang::De));
        assert_eq!(Lang::parse("DE_ch"), Some(Lang::De));
        assert_eq!(Lang::parse("it"), None);
    }

    #[test]
    fn disclosure_says_ai_in_both_languages() {
        assert!(text(Lang::De, Text::Disclosure).contains("KI"));
        assert!(text(Lang::En, Text::Disclosure).contains("AI"));
    }
}
