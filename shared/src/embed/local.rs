//! The local embedder: a deterministic, network-free text vector built by
//! signed feature hashing.
//!
//! It is the default locally and in tests, and the fallback when no cloud
//! embedder is configured. It leans on surface overlap made robust: text is
//! folded (NFKC, lowercase, German umlauts and `ß`, so "Rücksendung",
//! "Ruecksendung" and "Rucksendung" are one word), common German and English
//! suffixes are stripped ("Lieferungen" and "liefern" meet at "liefer"), and
//! character 3–5-grams inside words match compound parts and typos
//! ("Lieferzeit" ~ "Lieferung", "pasword" ~ "password"). For the synonyms
//! hashing cannot see, a small bilingual thesaurus of support vocabulary
//! ([`concepts_of`]) adds a shared concept feature ("Porto" ~
//! "Versandkosten", "colleague" ~ "member"). Function words and the light
//! verbs of questions are left out because nothing here can learn that they
//! carry no topic (there is no corpus-wide IDF in a per-text embedding). A
//! chunk's heading path counts more than its text
//! ([`LocalEmbedder::embed_passage`]).
//!
//! Features are hashed with FNV-1a and a fixed seed per feature kind into
//! 1536 signed buckets, repeated features are damped with `1 + ln(tf)`, and
//! the vector is L2-normalised, so cosine similarity is a dot product. Only
//! correctly rounded float operations are used (no libm), so a vector is
//! bit-identical natively and in the wasm32 Workers; a golden test pins it.

use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

use super::DIMS;

/// Tunable weights of the local embedder. The defaults are what
/// `shared/examples/retrieval_eval.rs` measured best on the demo question set;
/// changing them changes the vectors, so a different set must use a
/// different embedder id.
#[derive(Clone, Debug, PartialEq)]
pub struct LocalParams {
    /// Weight of a (stemmed) word.
    pub unigram: f32,
    /// Weight of two adjacent content words.
    pub bigram: f32,
    /// Total weight of one word's character n-grams (spread over them).
    pub char_ngrams: f32,
    /// Shortest and longest character n-gram, counted with the word's
    /// boundary markers.
    pub ngram_min: usize,
    pub ngram_max: usize,
    /// Weight of a support-vocabulary concept ([`concepts_of`]) a word
    /// belongs to; 0 turns the thesaurus off.
    pub concepts: f32,
    /// Factor on the heading path in [`LocalEmbedder::embed_passage`].
    pub heading: f32,
}

impl Default for LocalParams {
    fn default() -> Self {
        LocalParams {
            unigram: 1.0,
            bigram: 0.5,
            char_ngrams: 1.2,
            ngram_min: 3,
            ngram_max: 5,
            concepts: 1.5,
            heading: 1.5,
        }
    }
}

/// Deterministic hashing embedder; see the module docs.
#[derive(Clone, Debug, Default)]
pub struct LocalEmbedder {
    params: LocalParams,
}

impl LocalEmbedder {
    /// Embedder id stored with every chunk this embedder produced.
    pub const ID: &'static str = "local-hash-1536-v1";

    /// The embedder with its default (measured) parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// An embedder with other weights, for tuning. Its vectors are not
    /// comparable with [`LocalEmbedder::ID`]'s.
    pub fn with_params(params: LocalParams) -> Self {
        LocalEmbedder { params }
    }

    /// The id to store with the vectors.
    pub fn id(&self) -> &'static str {
        Self::ID
    }

    /// A 1536-dimensional, L2-normalised vector for `text`. The zero vector
    /// for text without any content word (its cosine with anything is 0).
    pub fn embed(&self, text: &str) -> Vec<f32> {
        let mut features = Vec::new();
        self.features(text, 1.0, &mut features);
        vectorise(features)
    }

    /// The vector of a chunk: its heading path counts
    /// [`LocalParams::heading`] times as much as the passage, because a
    /// help-center heading names the topic in the words visitors use
    /// ("Passwort vergessen") while the passage may not repeat them. Use
    /// this for stored chunks and [`LocalEmbedder::embed`] for queries.
    pub fn embed_passage(&self, heading: &str, content: &str) -> Vec<f32> {
        let mut features = Vec::new();
        self.features(heading, self.params.heading, &mut features);
        self.features(content, 1.0, &mut features);
        vectorise(features)
    }

    /// [`LocalEmbedder::embed`] for each text, in order.
    pub fn embed_batch(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        texts.iter().map(|t| self.embed(t)).collect()
    }

    fn features(&self, text: &str, scale: f32, features: &mut Vec<(u64, f32)>) {
        let p = &self.params;
        let mut prev: Option<&str> = None;
        let words = words(text);
        for w in &words {
            if is_stopword(&w.folded) {
                // A bigram across a function word ("Kosten der Lieferung")
                // is still a phrase, so the chain is not broken here.
                continue;
            }
            features.push((hash(SEED_UNIGRAM, w.stem.as_bytes()), scale * p.unigram));
            if p.concepts > 0.0 {
                for c in concepts_of(&w.stem) {
                    features.push((hash(SEED_CONCEPT, c.as_bytes()), scale * p.concepts));
                }
            }
            if let Some(prev) = prev {
                let mut key = String::with_capacity(prev.len() + 1 + w.stem.len());
                key.push_str(prev);
                key.push(' ');
                key.push_str(&w.stem);
                features.push((hash(SEED_BIGRAM, key.as_bytes()), scale * p.bigram));
                if p.concepts > 0.0 {
                    for c in concepts_of(&key) {
                        features.push((hash(SEED_CONCEPT, c.as_bytes()), scale * p.concepts));
                    }
                }
            }
            prev = Some(&w.stem);
            push_char_ngrams(&w.folded, p, scale, features);
        }
    }
}

const SEED_UNIGRAM: u64 = 0x9E37_79B9_7F4A_7C15;
const SEED_BIGRAM: u64 = 0xC2B2_AE3D_27D4_EB4F;
const SEED_NGRAM: u64 = 0x1656_67B1_9E37_79F9;
const SEED_CONCEPT: u64 = 0x27D4_EB2F_1656_67C5;

/// FNV-1a over a seed, finished with the splitmix64 mixer so that the low
/// bits (which pick the bucket) depend on every input byte.
fn hash(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325 ^ seed;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

fn push_char_ngrams(word: &str, p: &LocalParams, scale: f32, out: &mut Vec<(u64, f32)>) {
    if p.char_ngrams <= 0.0 {
        return;
    }
    let chars: Vec<char> = core::iter::once('<')
        .chain(word.chars())
        .chain(core::iter::once('>'))
        .collect();
    let mut grams: Vec<u64> = Vec::new();
    let mut buf = String::new();
    for n in p.ngram_min.max(1)..=p.ngram_max {
        if n > chars.len() {
            break;
        }
        for window in chars.windows(n) {
            buf.clear();
            buf.extend(window.iter());
            grams.push(hash(SEED_NGRAM, buf.as_bytes()));
        }
    }
    if grams.is_empty() {
        return;
    }
    // Long words have many n-grams; spreading a fixed weight over them
    // keeps one long compound from outweighing the rest of the text.
    #[allow(clippy::cast_precision_loss, reason = "n-gram counts are small")]
    let w = scale * p.char_ngrams / (grams.len() as f32).sqrt();
    out.extend(grams.into_iter().map(|g| (g, w)));
}

/// Sums equal features, damps repeated ones, scatters them into signed
/// buckets and L2-normalises. A feature seen `c` times at weight `w` counts
/// `w * (1 + ln c)` (mixed weights: the largest weight and the equivalent
/// count). Features are sorted first so the float sums happen in the same
/// order on every run and platform.
fn vectorise(mut features: Vec<(u64, f32)>) -> Vec<f32> {
    features.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut v = vec![0.0f32; DIMS];
    let mut i = 0;
    while i < features.len() {
        let h = features[i].0;
        let (mut sum, mut max) = (0.0f32, 0.0f32);
        while i < features.len() && features[i].0 == h {
            sum += features[i].1;
            max = max.max(features[i].1);
            i += 1;
        }
        if max <= 0.0 {
            continue;
        }
        let value = max * (1.0 + ln(sum / max));
        #[allow(
            clippy::cast_possible_truncation,
            reason = "the modulus is below usize::MAX"
        )]
        let bucket = (h % DIMS as u64) as usize;
        let sign = if h >> 63 == 1 { -1.0 } else { 1.0 };
        v[bucket] += sign * value;
    }
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for x in &mut v {
            *x /= norm;
        }
    }
    v
}

/// Natural logarithm from basic arithmetic only. `f32::ln` calls the
/// platform's libm, which may round differently natively and on wasm32;
/// stored vectors must be bit-identical wherever they are computed, and
/// `+ - * /` and `sqrt` are correctly rounded everywhere.
fn ln(x: f32) -> f32 {
    if x.is_nan() || x <= 0.0 {
        return 0.0;
    }
    let x = f64::from(x);
    let bits = x.to_bits();
    // x = m * 2^e with m in [1, 2) (inputs here are normal numbers >= 1).
    #[allow(clippy::cast_possible_wrap, reason = "an 11-bit exponent field")]
    let e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    // ln m = 2 atanh(s), s = (m - 1) / (m + 1) <= 1/3: the series converges
    // fast enough that 12 terms are exact to f32 precision.
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut term = s;
    let mut sum = 0.0f64;
    for k in 0..12 {
        sum += term / f64::from(2 * k + 1);
        term *= s2;
    }
    #[allow(clippy::cast_precision_loss, reason = "small exponents")]
    let r = 2.0 * sum + e as f64 * core::f64::consts::LN_2;
    #[allow(
        clippy::cast_possible_truncation,
        reason = "rounding to f32 is the point"
    )]
    let r = r as f32;
    r
}

/// A word of the text in its two forms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Folded: NFKC, lowercase, umlauts and `ß` folded.
    pub folded: String,
    /// `folded` with a light German/English suffix stripping.
    pub stem: String,
}

/// Splits `text` into words (folded and stemmed). A hyphenated word yields
/// its parts and the joined form, so "E-Mail" meets "Email".
pub fn words(text: &str) -> Vec<Word> {
    let folded = fold(text);
    let mut out = Vec::new();
    for raw in folded.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
        let parts: Vec<&str> = raw.split('-').filter(|p| !p.is_empty()).collect();
        if parts.is_empty() {
            continue;
        }
        for part in &parts {
            out.push(word(part));
        }
        if parts.len() > 1 {
            out.push(word(&parts.concat()));
        }
    }
    out
}

fn word(folded: &str) -> Word {
    Word {
        folded: folded.to_owned(),
        stem: stem(folded),
    }
}

/// NFKC, lowercase, German umlauts and `ß` folded, and the digraph spellings
/// `ae`/`oe`/`ue` folded the same way, so a visitor without an umlaut key
/// (who writes "Ruecksendung" or "Rucksendung") matches "Rücksendung". The
/// digraph rule also rewrites English words ("queue" → "queu"), which is
/// harmless because queries and documents are folded alike.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfkc().flat_map(char::to_lowercase) {
        match c {
            'ä' | 'à' | 'á' | 'â' | 'ã' | 'å' => out.push('a'),
            'ö' | 'ò' | 'ó' | 'ô' | 'õ' | 'ø' => out.push('o'),
            'ü' | 'ù' | 'ú' | 'û' => out.push('u'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'ç' => out.push('c'),
            'ñ' => out.push('n'),
            'ß' => out.push_str("ss"),
            // Typographic apostrophes: "customer’s" → "customer's".
            '\u{2019}' | '\u{2018}' => out.push('\''),
            'e' if matches!(out.chars().last(), Some('a' | 'o' | 'u')) => {}
            c => out.push(c),
        }
    }
    out
}

/// Suffixes stripped by [`stem`], longest first. German and English share
/// one list because a help center mixes them ("Login", "Account") and the
/// local embedder does not know the language.
const SUFFIXES: &[&str] = &[
    "ungen", "heiten", "keiten", "ations", "ation", "ments", "ment", "ness", "ings", "ing", "ung",
    "heit", "keit", "lich", "isch", "ies", "ied", "ed", "en", "er", "es", "em", "ly", "e", "n",
    "s", "t",
];

/// Light suffix stripping (two rounds), then a doubled final consonant is
/// undoubled ("shipping" → "shipp" → "ship"). Crude, but it is applied to
/// queries and documents alike, which is all retrieval needs.
pub fn stem(word: &str) -> String {
    let mut w = word;
    if !w.is_ascii() || w.len() < 4 || w.bytes().all(|b| b.is_ascii_digit()) {
        return w.to_owned();
    }
    for _ in 0..2 {
        let before = w.len();
        for suffix in SUFFIXES {
            // A bare "t" only ends German participles ("bestellt") after a
            // consonant cluster; stripping it elsewhere would merge
            // unrelated words.
            if *suffix == "t" && !(w.ends_with("llt") || w.ends_with("ckt") || w.ends_with("ndt")) {
                continue;
            }
            // A bare "n" ends German verbs in -ern/-eln ("liefern"); "-en"
            // has its own rule, and elsewhere it is part of the word
            // ("sign", "plan", "login"). A bare "s" after "s" is no plural
            // ("pass", "access").
            if (*suffix == "n" && !(w.ends_with("rn") || w.ends_with("ln")))
                || (*suffix == "s" && w.ends_with("ss"))
            {
                continue;
            }
            if let Some(rest) = w.strip_suffix(suffix)
                && rest.len() >= 3
            {
                w = rest;
                break;
            }
        }
        if w.len() == before {
            break;
        }
    }
    let b = w.as_bytes();
    let n = b.len();
    if n >= 4
        && b[n - 1] == b[n - 2]
        && !matches!(b[n - 1], b'a' | b'e' | b'i' | b'o' | b'u' | b's')
    {
        return w[..n - 1].to_owned();
    }
    w.to_owned()
}

/// German and English function words and the light verbs of questions
/// ("bekommen", "machen", "need"), left out of the word features: with no
/// corpus statistics to discount them, they would make every short passage
/// look similar to every question.
static STOPWORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut v: Vec<String> = STOPWORD_SOURCE.split_whitespace().map(fold).collect();
    v.sort();
    v.dedup();
    v
});

const STOPWORD_SOURCE: &str = "
der die das den dem des ein eine einer eines einem einen und oder aber ich du er sie es wir ihr
mein meine meinen meinem meiner mir mich dich dir uns euch ist sind bin bist war waren wird
werden wurde kann kannst können konnte muss musst müssen soll sollte will möchte möchten wie
was wo wann warum wer wen wem welche welcher welches welchen mit von vom zu zum zur für auf
an in im am ans aus bei beim nach über unter vor um auch noch schon nur nicht kein keine
keinen ja nein so da dass daß wenn ob als bis durch gegen ohne hat habe hast haben gibt man
sich ihre ihren ihrem ihrer sein seine denn doch mal bitte etwas dies diese dieser dieses
hier dort jetzt gerade sehr eigentlich irgendwie hallo hi hey danke gern gerne
bekomme bekommen kriege kriegen mache machen macht gehen geht ging tun sehen finde finden
brauche brauchen neu neue neuen euer eure euren ihr ihnen einfach immer wieder mehr viel
the a an and or but i you he she it we they my me your yours our us them their is are was were
be been being am do does did doing can could should would will shall may might must how what
where when why who whom which with of to for on at in from by about into as if not no yes so
that this these those there here have has had having get gets got any some its it's i'm i've
please hello thanks thank out just than then too very also there's what's how's can't
don't doesn't want need make makes find see new use using still again much many one
";

fn is_stopword(folded: &str) -> bool {
    STOPWORDS
        .binary_search_by(|s| s.as_str().cmp(folded))
        .is_ok()
}

/// Whether a folded word is a German or English function word. Exposed so
/// a keyword scorer can drop the same words as the embedder.
pub fn is_function_word(folded: &str) -> bool {
    is_stopword(folded)
}

/// A small bilingual thesaurus of customer-support vocabulary: each line is
/// a concept and the German and English words (or two-word phrases) that
/// name it. A word of a concept adds the concept as a feature, so
/// "Rückporto" meets "Versandkosten" and "colleague" meets "member" although
/// they share no letters — the one kind of paraphrase hashing alone cannot
/// see. It is deliberately generic (shop and SaaS help centers), not a list
/// of any tenant's terms; cloud embedders need none of it.
const THESAURUS: &str = "
shipcost: versandkosten lieferkosten porto versandgebühr versandpauschale rückporto shipping_cost postage delivery_fee
delivery: lieferung liefern zustellung zustellen ankommen lieferzeit versand verschicken schicken delivery deliver shipping ship arrive
return: rücksendung retoure zurückschicken zurücksenden rückgabe zurückgeben rückporto widerruf return send_back
refund: erstattung erstatten rückerstattung rückzahlung gutschrift geld_zurück refund reimburse money_back
cancel: stornieren stornierung storno zurückziehen kündigen kündigung cancel cancellation terminate
exchange: umtausch umtauschen tauschen exchange swap
damage: beschädigt kaputt zerbrochen gebrochen damaged broken cracked
defect: defekt funktioniert reklamation mangel faulty defective malfunction
declined: abgelehnt fehlgeschlagen declined failed rejected
card: kreditkarte karte visa mastercard card credit_card debit_card
invoice: rechnung beleg quittung invoice receipt bill billing
voucher: gutschein rabattcode gutscheincode aktionscode coupon voucher promo_code discount_code
discount: rabatt ermässigung nachlass staffelpreis mengenrabatt discount reduced
price: preis kosten kostet price cost pricing fee
account: konto kundenkonto benutzerkonto profil account profile
signup: registrieren registrierung konto_anlegen anlegen sign_up signup register registration create_account
signin: anmelden anmeldung einloggen login log_in sign_in signin
password: passwort kennwort password passcode
delete: löschen entfernen löschung erase delete deletion remove
personaldata: personenbezogen persönlich infos auskunft personal
export: datenkopie kopie exportieren export herunterladen runterladen download
unsubscribe: newsletter werbemail werbung abmelden abbestellen unsubscribe marketing promotional
consent: cookie einwilligung zustimmung consent
tracking: sendungsverfolgung sendungsnummer paketverfolgung verfolgen tracking track tracking_number
warranty: garantie gewährleistung warranty guarantee
spare: ersatzteil zubehör spare_part replacement_part accessory
contact: kontakt hotline telefon anrufen erreichbar servicezeiten contact phone call support_hours
business: firma unternehmen geschäftskunde gewerblich company business organisation organization
dispose: entsorgung entsorgen recycling altgerät dispose recycle
europe: eu europa europäisch europe european
member: kollege kollegin mitarbeiter nutzer benutzer mitglied member colleague coworker teammate user seat
invite: einladen einladung hinzufügen invite invitation add
apikey: api_schlüssel schlüssel token key api_key credential
reply: antwort antworten antwortzeit reply respond response answer
support: kundenservice support helpdesk service
subscription: abo abonnement verlängerung subscription renewal renew
trial: testphase testzeitraum trial evaluation
tax: mwst mehrwertsteuer umsatzsteuer ust vat tax
nonprofit: gemeinnützig verein nonprofit non_profit charity ngo
region: rechenzentrum region standort speicherort location stored residency data_centre datacenter hosting
backup: backup sicherung wiederherstellen restore recover recovery
trash: papierkorb trash bin deleted
sso: sso saml oidc identitätsanbieter single_sign identity_provider idp
twofactor: 2fa zwei_faktor two_factor mfa authenticator
availability: verfügbarkeit uptime availability sla downtime outage ausfall
maintenance: wartung wartungsfenster maintenance
sync: synchronisieren synchronisierung sync syncing
storage: speicher speicherplatz storage space quota
import: import importieren migrieren migration umzug migrate
ratelimit: rate_limit ratelimit drosselung throttle throttling
verify: signatur verifizieren prüfen signature verify verification
locked: gesperrt sperre locked lockout blocked
";

/// Stemmed word or two-word phrase (stems joined by a space) → concepts.
static CONCEPTS: LazyLock<Vec<(String, &'static str)>> = LazyLock::new(|| {
    let mut v = Vec::new();
    for line in THESAURUS.lines() {
        let Some((concept, terms)) = line.split_once(':') else {
            continue;
        };
        for term in terms.split_whitespace() {
            let key: Vec<String> = term
                .split('_')
                .map(|w| stem(&fold(w)))
                .filter(|w| !w.is_empty())
                .collect();
            v.push((key.join(" "), concept.trim()));
        }
    }
    v.sort();
    v.dedup();
    v
});

/// The thesaurus concepts of a stemmed word or two-word phrase.
pub fn concepts_of(stemmed: &str) -> impl Iterator<Item = &'static str> {
    let table = &*CONCEPTS;
    let start = table.partition_point(|(k, _)| k.as_str() < stemmed);
    table[start..]
        .iter()
        .take_while(move |(k, _)| k == stemmed)
        .map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::cosine;

    const GOLDEN: &str = "c6fb909e1797fbd295cda5cd9695220c47880de0de5d6ffbd875ccea0b41a868";

    #[test]
    fn deterministic_normalised_1536() {
        let e = LocalEmbedder::new();
        let a = e.embed("Wie lange dauert die Lieferung nach Österreich?");
        let b = LocalEmbedder::new().embed("Wie lange dauert die Lieferung nach Österreich?");
        assert_eq!(a.len(), DIMS);
        assert_eq!(a, b);
        let norm: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-5, "{norm}");
        assert_eq!(e.id(), "local-hash-1536-v1");
        let nonzero = a.iter().filter(|x| **x != 0.0).count();
        assert!(nonzero > 50, "{nonzero}");
    }

    #[test]
    fn portable_ln_matches_libm() {
        for x in [
            1.0f32,
            1.5,
            2.0,
            core::f32::consts::E,
            3.0,
            7.25,
            100.0,
            12345.0,
        ] {
            assert!(
                (ln(x) - x.ln()).abs() <= 1e-6 * x.ln().abs().max(1.0),
                "{x}"
            );
        }
        assert_eq!(ln(0.0), 0.0);
        assert_eq!(ln(1.0), 0.0);
    }

    #[test]
    fn golden_vector() {
        // Pins the exact vector bits. A change here changes every stored
        // vector and needs a new embedder id (re-embedding).
        let v = LocalEmbedder::new().embed("Rücksendung innerhalb von 30 Tagen, kostenlos!");
        let digest = crate::chunk::sha256_hex(crate::embed::to_pgvector_text(&v).as_bytes());
        assert_eq!(digest, GOLDEN);
    }

    #[test]
    fn empty_and_function_word_text_is_zero() {
        let e = LocalEmbedder::new();
        assert!(e.embed("").iter().all(|x| *x == 0.0));
        assert!(e.embed("  ?! …").iter().all(|x| *x == 0.0));
        assert_eq!(cosine(&e.embed(""), &e.embed("Versand")), 0.0);
    }

    #[test]
    fn umlaut_folding() {
        let e = LocalEmbedder::new();
        let base = e.embed("Rücksendung");
        assert_eq!(base, e.embed("ruecksendung"));
        assert_eq!(base, e.embed("RUCKSENDUNG"));
        assert_eq!(e.embed("Straße"), e.embed("strasse"));
        assert_eq!(fold("Größe Übergabe"), "grosse ubergabe");
        // NFKC: full-width letters and ligatures.
        assert_eq!(e.embed("ｖｅｒｓａｎｄ"), e.embed("Versand"));
    }

    #[test]
    fn similar_texts_are_closer_than_unrelated() {
        let e = LocalEmbedder::new();
        let cases = [
            (
                "Wie kann ich eine Bestellung zurückschicken?",
                "Rücksendung einer Bestellung: So schicken Sie Artikel zurück",
                "Zahlung per Kreditkarte und PayPal",
            ),
            (
                "how do I reset my pasword",
                "Resetting your password: use the forgot password link",
                "Data residency: your data stays in the EU region",
            ),
            (
                "Lieferzeiten nach Österreich",
                "Wir liefern nach Oesterreich in drei bis fünf Werktagen (Lieferzeit)",
                "Garantie auf Elektrogeräte beträgt zwei Jahre",
            ),
        ];
        for (q, near, far) in cases {
            let qv = e.embed(q);
            let (n, f) = (cosine(&qv, &e.embed(near)), cosine(&qv, &e.embed(far)));
            assert!(n > f + 0.05, "{q}: near {n} far {f}");
        }
    }

    #[test]
    fn stemming_merges_inflections() {
        for (a, b) in [
            ("lieferungen", "liefern"),
            ("bestellungen", "bestellen"),
            ("shipping", "ships"),
            ("orders", "ordered"),
            ("settings", "setting"),
        ] {
            assert_eq!(stem(&fold(a)), stem(&fold(b)), "{a} / {b}");
        }
        assert_eq!(stem("api"), "api");
        assert_eq!(stem("2024"), "2024");
    }

    #[test]
    fn thesaurus_bridges_words_without_shared_letters() {
        let on = LocalEmbedder::new();
        let off = LocalEmbedder::with_params(LocalParams {
            concepts: 0.0,
            ..LocalParams::default()
        });
        for (a, b) in [
            (
                "Was kostet das Porto?",
                "Versandkosten innerhalb Deutschlands",
            ),
            ("invite a coworker", "adding members to the team"),
        ] {
            let with = cosine(&on.embed(a), &on.embed(b));
            let without = cosine(&off.embed(a), &off.embed(b));
            assert!(with > without + 0.05, "{a} / {b}: {with} vs {without}");
        }
        assert!(concepts_of(&stem(&fold("Porto"))).any(|c| c == "shipcost"));
        assert!(concepts_of("sign up").any(|c| c == "signup"));
        assert_eq!(concepts_of("zzz").count(), 0);
    }

    #[test]
    fn heading_weighs_more_than_passage_text() {
        let e = LocalEmbedder::new();
        assert_eq!(
            e.embed_passage("", "Text ohne Überschrift"),
            e.embed("Text ohne Überschrift")
        );
        let q = e.embed("Garantie");
        let headed = e.embed_passage("Garantie", "Zwei Jahre auf alle Geräte");
        let flat = e.embed("Garantie\nZwei Jahre auf alle Geräte");
        assert!(cosine(&q, &headed) > cosine(&q, &flat));
    }

    #[test]
    fn hyphenated_words_meet_their_joined_form() {
        let w: Vec<String> = words("E-Mail-Adresse")
            .into_iter()
            .map(|w| w.folded)
            .collect();
        assert_eq!(w, vec!["e", "mail", "adresse", "emailadresse"]);
        let e = LocalEmbedder::new();
        assert!(cosine(&e.embed("E-Mail ändern"), &e.embed("Email andern")) > 0.5);
    }
}
