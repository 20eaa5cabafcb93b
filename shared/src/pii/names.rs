//! Names and postal addresses. Names are only taken from cues (titles,
//! introductions, greetings, sign-offs, form labels) or when a common first
//! name is followed by a capitalised surname; addresses from a street
//! (suffix or house-number shape) plus optional postal code and city.

use super::text::{CueList, SmallStr, Text, WordSet, is_reference_label};
use super::{Candidate, EntityKind};

pub(crate) fn scan(t: &Text, out: &mut Vec<Candidate>) {
    persons(t, out);
    // Every address has a house number or a postal code, and `resolve`
    // drops an address span without a digit: no digit, no address.
    let Some(last_digit) = t
        .has_digit
        .then(|| t.c.iter().rposition(char::is_ascii_digit))
        .flatten()
    else {
        return;
    };
    // Nor can an address start after the last digit. Two more positions
    // are searched: a structured address starting there would override a
    // cue block starting up to two before it (below), and that block holds
    // no digit either, so `resolve` drops it all the same.
    let limit = (last_digit + 3).min(t.len());
    let mut blocks = Vec::new();
    address_blocks(t, limit, &mut blocks);
    let mut structured = Vec::new();
    addresses(t, limit, &mut structured);
    // A cue block that starts where a structured address starts is the same
    // address read less precisely (it may run on into ", attention Mr. …"):
    // the structured one, with its own tail, wins.
    blocks.retain(|b: &Candidate| {
        !structured
            .iter()
            .any(|a| a.start >= b.start && a.start <= b.start + 2)
    });
    out.extend(blocks);
    out.extend(structured);
}

fn push(out: &mut Vec<Candidate>, kind: EntityKind, start: usize, end: usize, prio: u8) {
    out.push(Candidate {
        kind,
        start,
        end,
        prio,
    });
}

/// End of the word (letters, inner hyphens and apostrophes) starting at `i`.
fn word_end(t: &Text, i: usize) -> usize {
    let n = t.len();
    let mut e = i;
    while e < n {
        let c = t.c[e];
        // Letters first: the joiners are rare, and this runs for every
        // character of most words.
        if c.is_alphabetic()
            || matches!(c, '-' | '\'' | '’') && e > i && t.at(e + 1).is_alphabetic()
        {
            e += 1;
        } else {
            break;
        }
    }
    e
}

/// `w.ends_with(s)`, comparing the last byte first: this runs for every
/// street suffix at every capitalised word, and most words end differently,
/// so the common case skips the slice comparison.
fn ends_with(w: &str, s: &str) -> bool {
    let (w, s) = (w.as_bytes(), s.as_bytes());
    match (w.last(), s.last()) {
        (_, None) => true,
        (Some(a), Some(b)) => a == b && w.ends_with(s),
        (None, Some(_)) => false,
    }
}

fn lower_word(t: &Text, s: usize, e: usize) -> SmallStr {
    SmallStr::from_chars(&t.lower[s..e])
}

fn is_stopword(w: &str) -> bool {
    STOPWORD_SET.contains(w)
        // Team and department names ("Hallo Support-Team", "Ihr Mignuti-Team").
        || ["team", "service", "support", "abteilung", "kundendienst", "shop", "gmbh", "hotline"]
            .iter()
            .any(|x| w.ends_with(x))
}

/// Words that are no name besides [`STOPWORDS`], hashed into the same set
/// so that a word is looked up once instead of in four lists.
const STOPWORD_EXTRAS: &[&str] = &[
    // Titles are cues, never part of the name itself.
    "herr",
    "herrn",
    "frau",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "miss",
    "mister",
    "hr",
    "fr",
    // Words that follow a first name in organisation names.
    "university",
    "universität",
    "college",
    "school",
    "schule",
    "bank",
    "club",
    "verein",
    "institute",
    "institut",
    "group",
    "gruppe",
    "hotel",
    "restaurant",
    "mode",
    "output",
    "foundation",
    "stiftung",
    "stadium",
    "hospital",
    "klinik",
    "airport",
    "flughafen",
    "valley",
    "conference",
    // Interjections after a greeting or a thank-you ("Danke, Super!").
    "super",
    "toll",
    "perfekt",
    "klasse",
    "prima",
    "gerne",
    "gut",
    "schön",
    "wunderbar",
    "cool",
    "great",
    "perfect",
    "awesome",
    "nice",
    "sure",
    "alles",
    "spitze",
    "bestens",
    "genial",
    "again",
    "everyone",
    "hallo",
    "hello",
    "kollegen",
    "kolleginnen",
    "experten",
    "doktor",
];

/// [`STOPWORDS`] followed by [`STOPWORD_EXTRAS`].
const STOPWORDS_ALL: [&str; STOPWORDS.len() + STOPWORD_EXTRAS.len()] = {
    let mut all = [""; STOPWORDS.len() + STOPWORD_EXTRAS.len()];
    let mut k = 0;
    while k < all.len() {
        all[k] = if k < STOPWORDS.len() {
            STOPWORDS[k]
        } else {
            STOPWORD_EXTRAS[k - STOPWORDS.len()]
        };
        k += 1;
    }
    all
};

/// Whether one part of a found name may be redacted on its own elsewhere in
/// the conversation: not "Max" (as in "Max. 5 Artikel") and no stopword.
pub(crate) fn distinctive_name_part(part: &[char]) -> bool {
    let w: String = part.iter().flat_map(|c| c.to_lowercase()).collect();
    !ambiguous_first_name(&w)
        && !is_stopword(&w)
        && part
            .iter()
            .all(|c| c.is_alphabetic() || *c == '-' || *c == '\'')
}

static FIRST_NAMES_SET: WordSet<16384> = WordSet::of(FIRST_NAMES);
static STOPWORD_SET: WordSet<1024> = WordSet::of(&STOPWORDS_ALL);

/// First names that are also everyday words: only with a cue.
fn ambiguous_first_name(w: &str) -> bool {
    matches!(
        w,
        "kai"
            | "jasmin"
            | "sue"
            | "rob"
            | "matt"
            | "gabi"
            | "flo"
            | "uli"
            | "nick"
            | "chase"
            | "dawn"
            | "max"
            | "will"
            | "mark"
            | "grace"
            | "bill"
            | "rose"
            | "iris"
            | "hope"
            | "frank"
            | "ina"
            | "kim"
            | "kay"
            | "eli"
            | "ida"
            | "jack"
            | "pia"
            | "elli"
            | "uta"
            | "alexa"
            | "otto"
            | "hugo"
            | "pascal"
            | "julia"
            | "jan"
            | "leo"
            | "amazon"
            | "ruby"
            | "ada"
            | "mercedes"
            | "porsche"
            | "victoria"
            | "jordan"
            | "florence"
            | "sofort"
            | "lotte"
            | "gustav"
            | "clemens"
            | "justin"
            | "vera"
            | "chance"
            | "joy"
            | "may"
            | "june"
            | "april"
            | "august"
            | "art"
            | "don"
            | "ali"
            | "sky"
            | "an"
            | "santa"
            | "lorenz"
            | "smart"
            | "norma"
            | "page"
            | "paris"
            | "sydney"
            | "dakota"
            | "carol"
            | "ernst"
            | "hermann"
            | "fritz"
            | "heidi"
            | "ben"
            | "rosa"
    )
}

/// The cue lists, hashed for [`CueList::longest_at`]. The tables are eight
/// times the list length or more: the persons scan probes four of them at
/// most word starts, and sparse tables keep the probe runs short (fewer
/// slots read and fewer mispredicted loop exits than at half full).
static TITLES_AT: CueList<256> = CueList::of(TITLES);
static TITLE_BRANDS_AT: CueList<64> = CueList::of(TITLE_BRANDS);
static TITLE_WORDS_AT: CueList<128> = CueList::of(TITLE_WORDS);
static STRONG_INTROS_AT: CueList<512> = CueList::of(STRONG_INTROS);
static SPEAKER_LABELS_AT: CueList<64> = CueList::of(SPEAKER_LABELS);
static WEAK_INTROS_AT: CueList<512> = CueList::of(WEAK_INTROS);
static POSSESSIVES_AT: CueList<256> = CueList::of(POSSESSIVES);
static KIN_AT: CueList<1024> = CueList::of(KIN);
static GREETINGS_AT: CueList<256> = CueList::of(GREETINGS);
static SIGNOFFS_AT: CueList<512> = CueList::of(SIGNOFFS);
static STREET_PREFIXES_AT: CueList<256> = CueList::of(STREET_PREFIXES);
static ADDRESS_CUES_AT: CueList<512> = CueList::of(ADDRESS_CUES);
static FILLERS_AT: CueList<64> = CueList::of(FILLERS);

fn skip_blank(t: &Text, mut j: usize, newlines: bool) -> usize {
    while j < t.len()
        && (matches!(t.c[j], ' ' | '\t' | '\u{a0}') || (newlines && matches!(t.c[j], '\n' | '\r')))
    {
        j += 1;
    }
    j
}

/// Name particles. "der"/"den" only count after "van"/"von" ("van der
/// Berg"): alone they introduce German nouns ("Höcke der Geilste").
const PARTICLES: &[&str] = &[
    "von", "van", "de", "zu", "di", "da", "del", "della", "ten", "ter", "dos", "du", "bin", "al",
    "el",
];

/// A name of up to `max` tokens starting at `j`: capitalised words (or any
/// non-stopword when `allow_lower`), particles and initials inside.
fn name_span(t: &Text, j: usize, max: usize, allow_lower: bool) -> Option<(usize, usize)> {
    let start = skip_blank(t, j, false);
    let mut k = start;
    let mut end = None;
    let mut tokens = 0;
    while tokens < max {
        let c = t.at(k);
        if !c.is_alphabetic() {
            break;
        }
        let e = word_end(t, k);
        let w_buf = lower_word(t, k, e);
        let w = w_buf.as_str();
        let upper = c.is_uppercase();
        // Initial: "J." followed by another name.
        if e - k == 1 && upper && t.at(e) == '.' && end.is_some()
            || (e - k == 1 && upper && t.at(e) == '.' && tokens == 0)
        {
            let nk = skip_blank(t, e + 1, false);
            if t.at(nk).is_uppercase() {
                k = nk;
                continue;
            }
            break;
        }
        // (The word before is only read for "der" and "den".)
        let after_particle = || {
            k >= 4 && {
                let pe = k - 1;
                let ps = (0..pe)
                    .rev()
                    .take_while(|&x| t.c[x].is_alphabetic())
                    .last()
                    .unwrap_or(pe);
                matches!(lower_word(t, ps, pe).as_str(), "van" | "von")
            }
        };
        // (Particles only matter in lower case after a name part.)
        let particle = || PARTICLES.contains(&w) || matches!(w, "der" | "den") && after_particle();
        if end.is_some() && !upper && particle() {
            let nk = skip_blank(t, e, false);
            if t.at(nk).is_uppercase() && nk > e {
                k = nk;
                continue;
            }
            break;
        }
        // Single letters without a dot and words glued to digits
        // ("T220001293") are not name parts.
        if is_stopword(w) || e - k < 2 || !t.boundary_after(e) {
            break;
        }
        if !(upper || allow_lower) {
            break;
        }
        // All-caps runs longer than a surname are shouting, not names.
        if e - k > 20 {
            break;
        }
        // A possessive ("Merkel's") ends the name before the apostrophe.
        if e - k > 2 && matches!(t.c[e - 2], '\'' | '’') && t.lower[e - 1] == 's' {
            end = Some(e - 2);
            break;
        }
        end = Some(e);
        tokens += 1;
        let nk = skip_blank(t, e, false);
        if nk == e {
            break;
        }
        k = nk;
    }
    end.map(|e| (start, e))
}

/// Text after the name allows a greeting or sign-off name: end of line,
/// end of text or punctuation.
fn closes(t: &Text, e: usize) -> bool {
    let j = skip_blank(t, e, false);
    j >= t.len()
        || matches!(
            t.c[j],
            '\n' | '\r' | ',' | '!' | '.' | ':' | ';' | '?' | '(' | ')' | '-' | '–' | '—'
        )
}

/// A known first name typed in lower case ("ich bin anna", "lg sarah"):
/// chat messages are often all lower case. Only after a cue.
fn lower_first_name(t: &Text, j: usize) -> Option<usize> {
    if !t.at(j).is_lowercase() || !t.boundary_before(j) {
        return None;
    }
    let e = word_end(t, j);
    if !(t.boundary_after(e) && FIRST_NAMES_SET.contains_chars(&t.lower[j..e])) {
        return None;
    }
    let w_buf = lower_word(t, j, e);
    let w = w_buf.as_str();
    (!ambiguous_first_name(w) && !is_stopword(w)).then_some(e)
}

/// A lowercase function word follows ("ich bin Reto Baumann aus Bern").
fn before_function_word(t: &Text, e: usize) -> bool {
    let j = skip_blank(t, e, false);
    let we = word_end(t, j);
    j > e && we > j && t.c[j].is_lowercase() && is_stopword(&lower_word(t, j, we))
}

/// A German finite verb follows, as after a subject ("meine Tochter
/// Małgorzata ist …"); a noun in that place is an object ("meinem Sohn
/// Zugriff geben").
fn before_finite_verb(t: &Text, e: usize) -> bool {
    let j = skip_blank(t, e, false);
    let we = word_end(t, j);
    j > e
        && we > j
        && matches!(
            lower_word(t, j, we).as_str(),
            "ist"
                | "war"
                | "hat"
                | "hatte"
                | "wird"
                | "wurde"
                | "kann"
                | "konnte"
                | "möchte"
                | "will"
                | "soll"
                | "muss"
                | "darf"
                | "wohnt"
                | "heißt"
                | "heisst"
                | "lebt"
                | "arbeitet"
                | "studiert"
                | "braucht"
                | "bekommt"
                | "hätte"
                | "wäre"
                | "geht"
                | "kommt"
                | "nutzt"
                | "benutzt"
                | "zahlt"
                | "bezahlt"
        )
}

/// All-caps text ("PRESS NEXT") is emphasis, not a name.
fn shouting(t: &Text, s: usize, e: usize) -> bool {
    t.c[s..e]
        .iter()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase())
}

fn first_token_is_name(t: &Text, s: usize) -> bool {
    let e = word_end(t, s);
    FIRST_NAMES_SET.contains_chars(&t.lower[s..e])
}

/// Street prefixes that are German prepositions: "Am Markt 3" is only an
/// address with a postal code ("am Montag 3" is not).
const GERMAN_PREPOSITIONS: &[&str] = &[
    "am",
    "an den",
    "an der",
    "auf dem",
    "auf der",
    "hinter der",
    "im",
    "in der",
    "unter den",
    "vor dem",
    "zum",
    "zur",
];

/// Words that take a single-letter suffix without being names ("Typ C
/// Kabel", "Plan B").
const NOT_FIRST_WORDS: &[&str] = &[
    "akku",
    "block",
    "building",
    "category",
    "class",
    "format",
    "gate",
    "gebäude",
    "group",
    "gruppe",
    "größe",
    "halle",
    "haus",
    "kategorie",
    "klasse",
    "level",
    "model",
    "modell",
    "option",
    "part",
    "phase",
    "plan",
    "sektor",
    "size",
    "stecker",
    "stufe",
    "teil",
    "terminal",
    "typ",
    "type",
    "usb",
    "variante",
    "version",
    "vitamin",
    "zone",
];

/// Chat speaker labels before an answer (sorted).
const SPEAKER_LABELS: &[&str] = &[
    "besucher:",
    "customer:",
    "ich:",
    "kunde:",
    "me:",
    "user:",
    "visitor:",
];
/// Weak introductions that may take a single unknown name.
const SAY_CUES: &[&str] = &[
    "asked",
    "besucher:",
    "customer:",
    "fragte",
    "kunde:",
    "meinte",
    "replied",
    "sagt",
    "sagte",
    "said",
    "says",
    "schreibt",
    "schrieb",
    "user:",
    "visitor:",
    "wrote",
];

/// Further titles between "Frau" and the name (sorted).
const TITLE_WORDS: &[&str] = &[
    "dipl.",
    "dipl.-ing.",
    "doktor",
    "dr",
    "dr.",
    "ing.",
    "mag.",
    "med.",
    "prof",
    "prof.",
    "professor",
];
/// Filler between an address cue and the address (sorted).
const FILLERS: &[&str] = &[
    "are",
    "is",
    "ist",
    "jetzt",
    "lautet",
    "now",
    "sind",
    "the corner of",
];

const TITLES: &[&str] = &[
    "dr", "dr.", "fr.", "frau", "herr", "herrn", "hr.", "madame", "miss", "mister", "mme",
    "monsieur", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mx", "mx.", "prof", "prof.", "señor",
    "señora", "signor", "signora", "sr.", "sra.",
];
/// Brands written with a title ("Dr. Oetker"): not a cue.
const TITLE_BRANDS: &[&str] = &[
    "dr. best",
    "dr. hauschka",
    "dr. martens",
    "dr. oetker",
    "dr. pepper",
    "dr. scholl",
    "mr. clean",
    "mr. proper",
];
const STRONG_INTROS: &[&str] = &[
    "account holder:",
    "ansprechpartner ist",
    "ansprechpartner:",
    "ansprechpartnerin ist",
    "ansprechpartnerin:",
    "attention:",
    "attn:",
    "c/o",
    "called",
    "cardholder:",
    "contact person:",
    "dein name?",
    "first name is",
    "first name?",
    "full name:",
    "full name?",
    "geburtsname ist",
    "gez.",
    "husband's name",
    "i am called",
    "ich heisse",
    "ich heiße",
    "ihr name?",
    "im auftrag",
    "im namen von",
    "karteninhaber:",
    "kontoinhaber:",
    "kontoinhaberin:",
    "last name is",
    "last name?",
    "maiden name is",
    "mein name ist",
    "mein name lautet",
    "my name is",
    "my name's",
    "my name’s",
    "mädchenname ist",
    "nachname ist",
    "nachname:",
    "nachname?",
    "name :",
    "name of the account holder is",
    "name on the account:",
    "name on the account?",
    "name on the card:",
    "name:",
    "named",
    "namens",
    "on behalf of",
    "partner's name",
    "signed",
    "surname is",
    "vollständiger name:",
    "vorname ist",
    "vorname:",
    "vorname?",
    "wife's name",
    "your name?",
    "z. hd.",
    "z.hd.",
    "zu händen",
];
const WEAK_INTROS: &[&str] = &[
    "an",
    "and",
    "asked",
    "besucher:",
    "call me",
    "cc",
    "customer:",
    "for",
    "fragte",
    "from",
    "für",
    "here is",
    "hier ist",
    "hier spricht",
    "i am",
    "i'm",
    "ich bin",
    "it's",
    "i’m",
    "kunde:",
    "meinte",
    "mit",
    "nennen sie mich",
    "replied",
    "sagt",
    "sagte",
    "said",
    "says",
    "schreibt",
    "schrieb",
    "speaking with",
    "sprechen sie mit",
    "this is",
    "to",
    "und",
    "user:",
    "visitor:",
    "von",
    "wrote",
    "you're talking to",
];
/// Possessives before a family word ([`KIN`]).
const POSSESSIVES: &[&str] = &[
    "her", "his", "ihr", "ihre", "ihrem", "ihren", "ihrer", "ihres", "mein", "meine", "meinem",
    "meinen", "meiner", "meines", "my", "our", "sein", "seine", "seinem", "seinen", "seiner",
    "seines", "their", "unser", "unsere", "unserem", "unseren", "unserer", "unseres",
];
/// Family members and the people around the visitor, in the forms that
/// follow a possessive ("meines Sohnes", "my ex-wife").
const KIN: &[&str] = &[
    "aunt",
    "boss",
    "boyfriend",
    "brother",
    "bruder",
    "bruders",
    "chef",
    "chefin",
    "child",
    "colleague",
    "cousin",
    "cousine",
    "dad",
    "daughter",
    "ehefrau",
    "ehemann",
    "ehemannes",
    "ehepartner",
    "ehepartnerin",
    "enkel",
    "enkelin",
    "ex-frau",
    "ex-freund",
    "ex-freundin",
    "ex-husband",
    "ex-mann",
    "ex-wife",
    "father",
    "fiance",
    "fiancee",
    "fiancé",
    "fiancée",
    "flatmate",
    "frau",
    "freund",
    "freundin",
    "girlfriend",
    "granddaughter",
    "grandfather",
    "grandma",
    "grandmother",
    "grandpa",
    "grandson",
    "großmutter",
    "großvater",
    "husband",
    "kid",
    "kind",
    "kindes",
    "kollege",
    "kollegen",
    "kollegin",
    "lebensgefährte",
    "lebensgefährtin",
    "mama",
    "mann",
    "mannes",
    "mitbewohner",
    "mitbewohnerin",
    "mom",
    "mother",
    "mum",
    "mutter",
    "nachbar",
    "nachbarin",
    "nachbarn",
    "neffe",
    "neffen",
    "neighbor",
    "neighbour",
    "nephew",
    "nichte",
    "niece",
    "oma",
    "onkel",
    "opa",
    "papa",
    "partner",
    "partnerin",
    "roommate",
    "schwester",
    "schwiegermutter",
    "schwiegersohn",
    "schwiegertochter",
    "schwiegervater",
    "sister",
    "sohn",
    "sohnes",
    "son",
    "stepdaughter",
    "stepson",
    "stiefsohn",
    "stieftochter",
    "tante",
    "tochter",
    "uncle",
    "vater",
    "vaters",
    "verlobte",
    "verlobten",
    "verlobter",
    "wife",
];
const GREETINGS: &[&str] = &[
    "bonjour",
    "ciao",
    "dear",
    "good afternoon",
    "good evening",
    "good morning",
    "grüezi",
    "grüß gott",
    "guten abend",
    "guten morgen",
    "guten tag",
    "hallo",
    "hello",
    "hey",
    "hi",
    "hiya",
    "hola",
    "howdy",
    "liebe",
    "lieber",
    "moin",
    "salut",
    "sehr geehrte",
    "sehr geehrter",
    "servus",
];
const SIGNOFFS: &[&str] = &[
    "all the best",
    "alles gute",
    "best",
    "best regards",
    "best wishes",
    "beste grüsse",
    "beste grüße",
    "besten dank",
    "bis bald",
    "cheers",
    "ciao",
    "danke",
    "danke schon",
    "danke schön",
    "danke sehr",
    "dein",
    "deine",
    "euer",
    "eure",
    "freundliche grüsse",
    "freundliche grüße",
    "greetings",
    "gruss",
    "gruß",
    "grüsse",
    "grüße",
    "herzliche grüße",
    "herzlichen dank",
    "ihr",
    "ihre",
    "kind regards",
    "lg",
    "liebe grüsse",
    "liebe grüße",
    "liebe grüße und danke",
    "lieben gruß",
    "many thanks",
    "merci",
    "mfg",
    "mit freundlichen grüssen",
    "mit freundlichen grüßen",
    "regards",
    "schöne grüße",
    "sincerely",
    "sonnige grüße",
    "take care",
    "thank you",
    "thank you so much",
    "thanks",
    "thanks a lot",
    "thanks again",
    "thanks so much",
    "thx",
    "tschüss",
    "vg",
    "viele grüsse",
    "viele grüße",
    "vielen dank",
    "vielen lieben dank",
    "warm regards",
    "with thanks",
    "yours",
    "yours sincerely",
    "yours truly",
];

/// Whether position `i` starts a phrase: text start, line start, or after
/// sentence punctuation (with blanks in between).
fn phrase_start(t: &Text, i: usize) -> bool {
    let mut j = i;
    while j > 0 && matches!(t.c[j - 1], ' ' | '\t' | '\u{a0}') {
        j -= 1;
    }
    j == 0
        || matches!(
            t.c[j - 1],
            '\n' | '\r' | '.' | '!' | '?' | ':' | '(' | '"' | '>' | '-' | ','
        )
}

fn persons(t: &Text, out: &mut Vec<Candidate>) {
    let n = t.len();
    // Most messages lack "here": the text is searched for it once, the
    // first time a capitalised word starts a phrase, and the name look-up
    // before it is skipped without one.
    let mut has_here = None;
    for i in 0..n {
        if !t.boundary_before(i) || !t.c[i].is_alphabetic() {
            continue;
        }
        // The word here, hashed at most once for the cue lists below, and
        // its first two bytes, read once for the filters of the four lists
        // looked up at every word start.
        let mut key = None;
        let pair = t.start_pair(i);
        let phrase = phrase_start(t, i);
        // Titles.
        if let Some(title) = TITLES_AT.longest_paired(t, i, pair, &mut key)
            && TITLE_BRANDS_AT.longest_at(t, i).is_none()
        {
            let mut e = i + title.chars().count();
            // "MX Master", "DR Kühlbox": an all-caps title without a dot
            // names someone only in all-caps text ("MR JOHN SMITH").
            let caps_title =
                e - i == 2 && t.c[i..e].iter().all(|c| c.is_uppercase()) && t.at(e) != '.';
            if title.ends_with('.') || t.boundary_after(e) {
                if t.at(e) == '.' {
                    e += 1;
                }
                // "Frau Dr. med. Müller": skip further titles.
                let mut j = skip_blank(t, e, false);
                for _ in 0..3 {
                    if let Some(tt) = TITLE_WORDS_AT.longest_at(t, j) {
                        let after = j + tt.chars().count();
                        if tt.ends_with('.') || t.boundary_after(after) {
                            j = skip_blank(t, after, false);
                            continue;
                        }
                    }
                    break;
                }
                // Title words that are also ordinary words need a
                // capitalised title ("frau" is not a cue in "die frau").
                let title_cap = t.c[i].is_uppercase();
                if (j > e || title.ends_with('.') || title_cap)
                    && let Some((s, e2)) = name_span(t, j, 3, false)
                    && j > i
                    && (!caps_title || shouting(t, s, e2))
                {
                    push(out, EntityKind::Person, s, e2, 42);
                }
            }
        }
        // Strong introductions.
        if let Some(p) = STRONG_INTROS_AT.longest_paired(t, i, pair, &mut key) {
            let e = i + p.chars().count();
            if t.boundary_after(e) || p.ends_with(':') || p.ends_with('?') {
                let mut j = skip_blank(t, e, p.ends_with(':') || p.ends_with('?'));
                // The answer to "What's your name?" may carry a speaker
                // label: "User: Vilma Holm".
                if p.ends_with('?')
                    && let Some(l) = SPEAKER_LABELS_AT.longest_at(t, j)
                {
                    j = skip_blank(t, j + l.chars().count(), false);
                }
                let allow_lower =
                    !matches!(p, "namens" | "named" | "called" | "signed" | "im auftrag");
                if let Some((s, e2)) = name_span(t, j, 3, allow_lower) {
                    push(out, EntityKind::Person, s, e2, 41);
                }
            }
        }
        // Weak introductions: the name must be a known first name.
        if let Some(p) = WEAK_INTROS_AT.longest_paired(t, i, pair, &mut key) {
            let e = i + p.chars().count();
            if t.boundary_after(e) {
                let j = skip_blank(t, e, false);
                if t.at(j).is_uppercase()
                    && let Some((s, e2)) = name_span(t, j, 3, false)
                {
                    // "ich bin Neukunde" is not a name; "I'm Naomi Ryan"
                    // is: a known first name or first and last name.
                    let two = t.c[s..e2].iter().any(|c| c.is_whitespace());
                    let intro = !matches!(
                        p,
                        "mit" | "from" | "von" | "and" | "und" | "für" | "for" | "an" | "to" | "cc"
                    );
                    // Verbs of saying and chat speaker labels take a single
                    // name when it ends the clause ("says Joly."), and so
                    // does what one is called ("people call me Csanád.").
                    let says = SAY_CUES.contains(&p) || matches!(p, "call me" | "nennen sie mich");
                    if first_token_is_name(t, s) && !shouting(t, s, e2)
                        || intro
                            && two
                            && (closes(t, e2) || before_function_word(t, e2))
                            && !shouting(t, s, e2)
                        || says && closes(t, e2) && !shouting(t, s, e2)
                    {
                        push(out, EntityKind::Person, s, e2, 40);
                    }
                }
                let plain = !matches!(
                    p,
                    "mit" | "from" | "von" | "and" | "und" | "für" | "for" | "an" | "to" | "cc"
                );
                if plain && let Some(e2) = lower_first_name(t, j) {
                    push(out, EntityKind::Person, j, e2, 39);
                }
            }
        }
        // Family and the people around the visitor: "meine Tochter Hülya",
        // "my husband Łukasz", "meinen Ex-Mann Cem Yıldız".
        if let Some(p) = POSSESSIVES_AT.longest_paired(t, i, pair, &mut key) {
            let k = skip_blank(t, i + p.chars().count(), false);
            if k > i + p.chars().count()
                && let Some(kin) = KIN_AT.longest_at(t, k)
            {
                let j = skip_blank(t, k + kin.chars().count(), false);
                if t.at(j).is_uppercase()
                    && let Some((s, e2)) = name_span(t, j, 3, false)
                    && !shouting(t, s, e2)
                {
                    // English nouns are lower case, so a capitalised word
                    // after "my daughter" is her name. German nouns are
                    // capitalised too ("meinem Sohn Zugriff geben"): one
                    // unknown word needs the clause to end after it.
                    let english = matches!(p, "my" | "our" | "his" | "her" | "their");
                    let two = t.c[s..e2].iter().any(|c| c.is_whitespace());
                    if english
                        || two
                        || first_token_is_name(t, s)
                        || closes(t, e2)
                        || before_finite_verb(t, e2)
                    {
                        push(out, EntityKind::Person, s, e2, 40);
                    }
                }
                if let Some(e2) = lower_first_name(t, j) {
                    push(out, EntityKind::Person, j, e2, 39);
                }
            }
        }
        // "Julia here 👋", "Wojciech Zieliński here, born …": a name at the
        // start of a phrase that says who is writing.
        if phrase
            && t.c[i].is_uppercase()
            && *has_here.get_or_insert_with(|| {
                t.lower
                    .windows(4)
                    .any(|x| x[0] == 'h' && x[1..] == ['e', 'r', 'e'])
            })
            && let Some((s, e2)) = name_span(t, i, 3, false)
            && !shouting(t, s, e2)
        {
            let h = skip_blank(t, e2, false);
            let he = word_end(t, h);
            let after = skip_blank(t, he, false);
            // One unknown word is too little ("Click here, then …").
            let two = t.c[s..e2].iter().any(|c| c.is_whitespace());
            if h > e2
                && lower_word(t, h, he).as_str() == "here"
                && !matches!(t.at(he), '\'' | '’')
                && (after >= n || !t.c[after].is_alphanumeric())
                && (two || first_token_is_name(t, s))
            {
                push(out, EntityKind::Person, s, e2, 40);
            }
        }
        // "Hallo, hier Thanh – …": after a greeting, "hier" says who writes.
        if phrase
            && t.starts_with_lower(i, "hier")
            && word_end(t, i) == i + 4
            && t.cue_before(i, 16, GREETINGS)
        {
            let j = skip_blank(t, word_end(t, i), false);
            if t.at(j).is_uppercase()
                && let Some((s, e2)) = name_span(t, j, 3, false)
                && !shouting(t, s, e2)
                && (skip_blank(t, e2, false) >= n
                    || matches!(
                        t.at(skip_blank(t, e2, false)),
                        ',' | '–' | '—' | '-' | '!' | '\n'
                    ))
            {
                push(out, EntityKind::Person, s, e2, 40);
            }
        }
        // Greetings at the start of a phrase.
        if phrase {
            if let Some(p) = GREETINGS_AT.longest_cached(t, i, &mut key) {
                let e = i + p.chars().count();
                if t.boundary_after(e) {
                    let j = skip_blank(t, e, false);
                    if t.at(j).is_uppercase()
                        && let Some((s, e2)) = name_span(t, j, 3, false)
                        && (first_token_is_name(t, s) && !shouting(t, s, e2)
                            || closes(t, e2) && !shouting(t, s, e2))
                    {
                        push(out, EntityKind::Person, s, e2, 40);
                    }
                    if let Some(e2) = lower_first_name(t, j) {
                        push(out, EntityKind::Person, j, e2, 39);
                    }
                }
            }
            // Sign-offs: the name follows on the same or the next line.
            if let Some(p) = SIGNOFFS_AT.longest_cached(t, i, &mut key) {
                let mut e = i + p.chars().count();
                if t.boundary_after(e) {
                    while e < n && matches!(t.c[e], ',' | '!' | '.' | '-' | '–' | ' ' | ':') {
                        e += 1;
                    }
                    let j = skip_blank(t, e, true);
                    if t.at(j).is_uppercase()
                        && let Some((s, e2)) = name_span(t, j, 3, false)
                        && (first_token_is_name(t, s) && !shouting(t, s, e2)
                            || closes(t, e2) && !shouting(t, s, e2))
                    {
                        push(out, EntityKind::Person, s, e2, 40);
                    }
                    if let Some(e2) = lower_first_name(t, j).filter(|&e2| closes(t, e2)) {
                        push(out, EntityKind::Person, j, e2, 39);
                    }
                }
            }
        }
        // No cue, but a middle initial: "Janka M. Szász", "Shane M Culp".
        // (The word and its lowercase form serve this and the next test.)
        // The lower-case word is only built when a test needs it: the
        // first-name look-up hashes the characters, and the initial's shape
        // rules out most words first.
        if t.c[i].is_uppercase() {
            let e = word_end(t, i);
            let first = FIRST_NAMES_SET.contains_chars(&t.lower[i..e]);
            let m = e + 1;
            if e - i >= 2
                && skip_blank(t, e, false) == m
                && t.at(m).is_uppercase()
                && !t.at(m + 1).is_alphanumeric()
            {
                let dotted = t.at(m + 1) == '.';
                let l = skip_blank(t, if dotted { m + 2 } else { m + 1 }, false);
                let le = word_end(t, l);
                if l > m + 1
                    && le - l >= 2
                    && t.at(l).is_uppercase()
                    && t.boundary_after(le)
                    && {
                        let w_buf = lower_word(t, i, e);
                        let w = w_buf.as_str();
                        !is_stopword(w)
                            && !is_stopword(&lower_word(t, l, le))
                            && !NOT_FIRST_WORDS.contains(&w)
                    }
                    && !shouting(t, i, le)
                    && (dotted || closes(t, le) || first)
                {
                    push(out, EntityKind::Person, i, le, 37);
                }
            }
            // No cue: a common first name, with the surname when one follows.
            // Two tokens at most and no all-caps ("DAN Mode"): without a
            // cue the evidence is weaker.
            if first
                && !ambiguous_first_name(&lower_word(t, i, e))
                && t.boundary_after(e)
                && let Some((s, e2)) = name_span(t, i, 2, false)
                && !shouting(t, s, e)
            {
                push(out, EntityKind::Person, s, e2, 36);
            }
        }
    }
}

/// Street suffixes (lowercase) that end a street name written as one word
/// or as the last word: German, Austrian, Swiss, Dutch, Nordic, Baltic.
const STREET_SUFFIXES: &[&str] = &[
    "gate",
    "rkp.",
    "straße",
    "strasse",
    "str.",
    "weg",
    "gasse",
    "platz",
    "allee",
    "ring",
    "damm",
    "ufer",
    "chaussee",
    "pfad",
    "steig",
    "stieg",
    "markt",
    "zeile",
    "graben",
    "kai",
    "promenade",
    "wall",
    "anger",
    "gürtel",
    "lände",
    "steg",
    "straat",
    "laan",
    "plein",
    "gracht",
    "kade",
    "singel",
    "vej",
    "veien",
    "vegen",
    "gata",
    "gatan",
    "gade",
    "katu",
    "tie",
    "iela",
    "utca",
    "ulica",
    "gränd",
    "stræde",
    "stræti",
    "gatve",
    "tér",
    "út",
    "u.",
    "vägen",
    "väg",
    "kuja",
    "polku",
    "rinne",
    "hove",
    "straeti",
    "terrasse",
    "vegur",
    "brücke",
];

/// The last two bytes that [`STREET_SUFFIXES`] entries end with, with and
/// without their final dot, hashed into 32 × 32 bits at compile time: a
/// word that ends in none of them needs no comparison with the list. (The
/// last byte alone lets most words through: "e", "n", "r", "t" end many.)
struct SuffixEnds {
    /// Last two bytes of an entry; a one-byte entry marks its byte after
    /// any other.
    pairs: [u32; 32],
    /// Last two bytes before the final `.` of an entry ending with one.
    pairs_before_dot: [u32; 32],
    /// Some entry is `"."` (then every dotted word ends with it).
    dot_only: bool,
}

impl SuffixEnds {
    const fn of(list: &[&str]) -> Self {
        let mut out = SuffixEnds {
            pairs: [0; 32],
            pairs_before_dot: [0; 32],
            dot_only: false,
        };
        let mut k = 0;
        while k < list.len() {
            let b = list[k].as_bytes();
            Self::mark(&mut out.pairs, b);
            match b {
                [b'.'] => out.dot_only = true,
                [head @ .., b'.'] => Self::mark(&mut out.pairs_before_dot, head),
                _ => {}
            }
            k += 1;
        }
        out
    }

    const fn mark(pairs: &mut [u32; 32], b: &[u8]) {
        match b {
            [.., x, y] => pairs[(*x & 31) as usize] |= 1 << (*y & 31),
            [y] => {
                let mut x = 0;
                while x < 32 {
                    pairs[x] |= 1 << (*y & 31);
                    x += 1;
                }
            }
            [] => {}
        }
    }

    /// Whether an entry can end the word `w` (given as characters), or
    /// (when `dotted`) the word with a dot appended; `false` proves no
    /// entry does. Words of fewer than two bytes are not filtered.
    fn may_end(&self, w: &[char], dotted: bool) -> bool {
        let (x, y) = match w {
            [.., p, c] if p.is_ascii() && c.is_ascii() => (*p as u8, *c as u8),
            [.., _] => {
                // The last two bytes of the last two characters.
                let mut buf = [0u8; 8];
                let mut len = 0;
                for ch in &w[w.len().saturating_sub(2)..] {
                    len += ch.encode_utf8(&mut buf[len..]).len();
                }
                if len < 2 {
                    return true;
                }
                (buf[len - 2], buf[len - 1])
            }
            [] => return true,
        };
        let test = |m: &[u32; 32]| m[usize::from(x & 31)] & (1 << (y & 31)) != 0;
        test(&self.pairs) || dotted && (self.dot_only || test(&self.pairs_before_dot))
    }
}

const SUFFIX_ENDS: SuffixEnds = SuffixEnds::of(STREET_SUFFIXES);

/// For each last byte of a word, the [`STREET_SUFFIXES`] entries (bit `k`
/// for entry `k`) that the word can end with: `plain` those ending with the
/// byte, `before_dot` those ending with the byte and a `.`. A word that
/// passed [`SUFFIX_ENDS`] is compared with these few entries instead of
/// all of them, whose last bytes mostly differ from its own (and which
/// mispredicted often as the first comparison of each).
struct SuffixesByLast {
    plain: [u64; 256],
    before_dot: [u64; 256],
}

impl SuffixesByLast {
    const fn of(list: &[&str]) -> Self {
        assert!(list.len() <= 64);
        let mut plain = [0u64; 256];
        let mut before_dot = [0u64; 256];
        let mut k = 0;
        while k < list.len() {
            let b = list[k].as_bytes();
            // An empty entry or a bare "." would end every word.
            assert!(!(b.is_empty() || b.len() == 1 && b[0] == b'.'));
            plain[b[b.len() - 1] as usize] |= 1 << k;
            if b[b.len() - 1] == b'.' {
                before_dot[b[b.len() - 2] as usize] |= 1 << k;
            }
            k += 1;
        }
        SuffixesByLast { plain, before_dot }
    }
}

const SUFFIXES_BY_LAST: SuffixesByLast = SuffixesByLast::of(STREET_SUFFIXES);

/// Suffixes that also end everyday words: a lower-case street ("hersnapvej
/// 18") is only taken with one of the others.
const SHORT_SUFFIXES: &[&str] = &[
    "ring", "markt", "damm", "wall", "steg", "graben", "ufer", "anger", "kai", "tie", "weg", "u.",
    "út", "tér", "hove",
];

/// English street types (lowercase, without a trailing dot).
const EN_STREET_TYPES: &[&str] = &[
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "rd",
    "lane",
    "ln",
    "drive",
    "dr",
    "boulevard",
    "blvd",
    "court",
    "ct",
    "place",
    "pl",
    "way",
    "terrace",
    "ter",
    "crescent",
    "cres",
    "close",
    "square",
    "sq",
    "parkway",
    "pkwy",
    "highway",
    "hwy",
    "circle",
    "cir",
    "trail",
    "trl",
    "row",
    "mews",
    "gardens",
    "grove",
    "hill",
    "walk",
    "green",
    "rise",
    "wharf",
    "quay",
    "loop",
    "path",
    "pike",
    "alley",
    "plaza",
    "ridge",
    "view",
    "park",
    "broadway",
    "embankment",
    "parade",
    "gate",
    "end",
];

/// Street words that come first: "Via Roma 12", "Rue de la Paix 3",
/// "Calle Mayor 5", "ul. Północna 73".
const STREET_PREFIXES: &[&str] = &[
    "am",
    "an den",
    "an der",
    "auf dem",
    "auf der",
    "av.",
    "avda.",
    "avenida",
    "avenue",
    "boulevard",
    "c/",
    "calle",
    "carrer",
    "corso",
    "hinter der",
    "im",
    "in der",
    "piazza",
    "plaza",
    "rua",
    "rue",
    "strada",
    "ul.",
    "ulica",
    "ulitsa",
    "unter den",
    "via",
    "viale",
    "vor dem",
    "zum",
    "zur",
];

fn is_house_number(t: &Text, j: usize) -> Option<usize> {
    if !t.at(j).is_ascii_digit() {
        return None;
    }
    let mut e = j;
    while t.at(e).is_ascii_digit() {
        e += 1;
    }
    if e - j > 4 {
        return None;
    }
    // "12a", "12 a", "12-14", "12/1"
    if t.at(e).is_ascii_alphabetic() && !t.at(e + 1).is_alphanumeric() {
        e += 1;
    } else if matches!(t.at(e), '-' | '/') && t.at(e + 1).is_ascii_digit() {
        e += 1;
        while t.at(e).is_ascii_digit() {
            e += 1;
        }
    }
    if t.at(e) == '.' && !t.at(e + 1).is_ascii_digit() {
        e += 1;
    }
    if t.boundary_after(e) || t.at(e) == ',' {
        Some(e)
    } else {
        None
    }
}

/// Postal code and city after a street: "10115 Berlin", "D-10115 Berlin",
/// "8001 Zürich", "A-1010 Wien", "CH-8001 Zürich".
fn postal_city(t: &Text, j: usize) -> Option<usize> {
    let mut k = j;
    for p in ["d-", "a-", "ch-", "de-", "at-"] {
        if t.starts_with_lower(k, p) && t.at(k + p.len()).is_ascii_digit() {
            k += p.len();
            break;
        }
    }
    let s = k;
    while t.at(k).is_ascii_digit() {
        k += 1;
    }
    if !(4..=5).contains(&(k - s)) || t.at(k) != ' ' {
        return None;
    }
    let c = skip_blank(t, k, false);
    // Lower-case cities only in lower-case messages ("10115 berlin").
    if !(t.at(c).is_uppercase() || t.at(c).is_lowercase() && word_end(t, c) - c >= 3) {
        return None;
    }
    let mut e = word_end(t, c);
    // "Frankfurt am Main", "Halle (Saale)", "Freiburg im Breisgau".
    let j2 = skip_blank(t, e, false);
    for p in ["am ", "an der ", "im ", "ob der ", "bei "] {
        if t.starts_with_lower(j2, p) && t.at(j2 + p.chars().count()).is_uppercase() {
            e = word_end(t, j2 + p.chars().count());
            break;
        }
    }
    let j3 = skip_blank(t, e, false);
    if t.at(j3) == '(' {
        let we = word_end(t, j3 + 1);
        if t.at(we) == ')' {
            e = we + 1;
        }
    }
    Some(e)
}

/// UK postcode at `j`: "NW1 6XE", "SW1A 1AA", "M1 1AE".
fn uk_postcode(t: &Text, j: usize) -> Option<usize> {
    let c: Vec<char> = (j..j + 9).map(|k| t.at(k)).collect();
    let sp = c.iter().position(|&x| x == ' ')?;
    if !(2..=4).contains(&sp) || !c[0].is_ascii_uppercase() {
        return None;
    }
    if !c[..sp]
        .iter()
        .all(|x| x.is_ascii_uppercase() || x.is_ascii_digit())
        || !c[..sp].iter().any(char::is_ascii_digit)
    {
        return None;
    }
    let in_ = &c[sp + 1..sp + 4];
    if in_[0].is_ascii_digit()
        && in_[1].is_ascii_uppercase()
        && in_[2].is_ascii_uppercase()
        && t.boundary_after(j + sp + 4)
    {
        Some(j + sp + 4)
    } else {
        None
    }
}

/// A number right before a street ("20789 Allika 46", "450 Præstevænget
/// 15") is part of the address in several international formats.
fn leading_number(t: &Text, i: usize) -> usize {
    if i < 2 || t.c[i - 1] != ' ' || !t.c[i - 2].is_ascii_digit() {
        return i;
    }
    let mut s = i - 1;
    while s > 0 && t.c[s - 1].is_ascii_digit() {
        s -= 1;
    }
    if i - 1 - s <= 5
        && t.boundary_before(s)
        && (s == 0 || !matches!(t.c[s - 1], '.' | ',' | '-' | '/'))
    {
        s
    } else {
        i
    }
}

const ADDRESS_CUES: &[&str] = &[
    "address is",
    "address of",
    "address to the same:",
    "address:",
    "adresse geändert",
    "adresse ist",
    "adresse lautet",
    "adresse ändern auf",
    "adresse:",
    "anschrift ist",
    "anschrift lautet",
    "anschrift:",
    "billing address",
    "deliver it to",
    "deliver to",
    "delivery address",
    "drops you off at",
    "her address",
    "here they are",
    "his address",
    "home address",
    "lieferadresse",
    "liefern an",
    "liefern sie an",
    "lieferung an",
    "live at",
    "live on",
    "lives at",
    "lives on",
    "living at",
    "living on",
    "located at",
    "meet me at",
    "meine adresse",
    "moved to",
    "my address",
    "neue adresse",
    "new address",
    "office is at",
    "rechnungsadresse",
    "schicken an",
    "send a new one to",
    "send it to",
    "senden an",
    "sent to",
    "ship it to",
    "ship to",
    "shipping address",
    "station is on",
    "umgezogen nach",
    "update my address to",
    "wohne am",
    "wohne an der",
    "wohne in",
    "wohne in der",
    "wohnhaft in",
    "wohnort",
    "wohnt am",
    "wohnt in",
    "wohnt in der",
    "zustellen an",
];

/// An address block after an address cue: up to the end of the sentence,
/// a blank line or a line that starts something else (phone, e-mail, label).
/// Address blocks after a cue starting before `limit`.
fn address_blocks(t: &Text, limit: usize, out: &mut Vec<Candidate>) {
    let n = t.len();
    for i in 0..limit {
        if !t.c[i].is_alphabetic() || (i > 0 && t.lower[i - 1].is_alphanumeric()) {
            continue;
        }
        let Some(cue) = ADDRESS_CUES_AT.longest_at(t, i) else {
            continue;
        };
        let mut j = i + cue.chars().count();
        loop {
            let k = skip_blank(t, j, true);
            let k = if matches!(t.at(k), ':' | ',' | '-') {
                skip_blank(t, k + 1, true)
            } else {
                k
            };
            if let Some(w) = FILLERS_AT.longest_at(t, k) {
                j = k + w.chars().count();
                continue;
            }
            j = k;
            break;
        }
        if !(t.at(j).is_alphanumeric()) {
            continue;
        }
        let start = j;
        let mut e = j;
        let mut lines = 0;
        while e < n && e - start < 160 {
            let ch = t.c[e];
            if matches!(ch, '?' | '!' | ';') {
                break;
            }
            if ch == '.'
                && (e + 1 >= n
                    || t.c[e + 1] == ' ' && {
                        let w = skip_blank(t, e + 1, false);
                        let we = word_end(t, w);
                        t.at(w).is_lowercase()
                            || is_stopword(&lower_word(t, w, we)) && !t.at(w).is_ascii_digit()
                    })
            {
                break;
            }
            if ch == '\n' {
                lines += 1;
                let ns = skip_blank(t, e + 1, false);
                let line_end = (ns..n).find(|&x| t.c[x] == '\n').unwrap_or(n);
                let line: String = t.lower[ns..line_end].iter().collect();
                if lines > 5
                    || t.at(ns) == '\n'
                    || matches!(t.at(ns), '+' | '(')
                    || line.contains(':')
                    || line.contains('@')
                    || line.contains("office")
                    || line.contains("phone")
                {
                    break;
                }
            }
            if ch == ' '
                && (t.starts_with_lower(e, " and ")
                    || t.starts_with_lower(e, " und ")
                    || t.starts_with_lower(e, " in case")
                    || t.starts_with_lower(e, " for ")
                    || t.starts_with_lower(e, " bitte")
                    || t.starts_with_lower(e, " please"))
            {
                break;
            }
            e += 1;
        }
        while e > start && matches!(t.c[e - 1], ' ' | '\n' | ',' | '.' | '\r') {
            e -= 1;
        }
        let block = &t.c[start..e];
        if block.iter().any(char::is_ascii_digit)
            && block.iter().filter(|c| c.is_alphabetic()).count() >= 3
        {
            push(out, EntityKind::Address, start, e, 56);
        }
    }
}

/// Addresses starting before `limit`.
fn addresses(t: &Text, limit: usize, out: &mut Vec<Candidate>) {
    let n = t.len();
    for i in 0..limit {
        if !t.boundary_before(i) {
            continue;
        }
        let c = t.c[i];
        // DE/AT/CH: "Hauptstraße 5", "Karl-Marx-Allee 12a", "Berliner Str. 3".
        // Cheap tests first: this runs at every word start.
        let lower_street = c.is_lowercase()
            && t.boundary_before(i)
            && {
                let e = word_end(t, i);
                e - i >= 6 && t.at(skip_blank(t, e, false)).is_ascii_digit()
            }
            && {
                let e = word_end(t, i);
                let w_buf = lower_word(t, i, e);
                let w = w_buf.as_str();
                STREET_SUFFIXES.iter().any(|s| {
                    ends_with(w, s) && w.len() > s.len() + 2 && !SHORT_SUFFIXES.contains(s)
                })
            };
        let lower_prefix = c.is_lowercase()
            && t.boundary_before(i)
            && STREET_PREFIXES_AT
                .longest_at(t, i)
                .is_some_and(|p| !GERMAN_PREPOSITIONS.contains(&p));
        if c.is_uppercase() || lower_street || lower_prefix {
            let mut street_end = None;
            // Up to three words ending with a street suffix.
            let mut k = i;
            for _ in 0..3 {
                let e = word_end(t, k);
                if e == k {
                    break;
                }
                let e_dot = if t.at(e) == '.' { e + 1 } else { e };
                // The word is only built when a suffix may end it.
                if SUFFIX_ENDS.may_end(&t.lower[k..e], e_dot > e) {
                    let w_buf = lower_word(t, k, e);
                    let w = w_buf.as_str();
                    // `ends_with(&w_dot, s)` where `w_dot` is the word with its
                    // dot (when it has one), without building it.
                    let ends_with_dot = |s: &str| {
                        if e_dot > e {
                            s.strip_suffix('.').is_some_and(|x| ends_with(w, x)) || s.is_empty()
                        } else {
                            ends_with(w, s)
                        }
                    };
                    // (Without a dot, `ends_with_dot` is `ends_with`.) Only
                    // entries ending with the word's last byte, or with it
                    // and a dot, can pass: `w` is not empty.
                    let last = usize::from(w.as_bytes()[w.len() - 1]);
                    let mut may = SUFFIXES_BY_LAST.plain[last];
                    if e_dot > e {
                        may |= SUFFIXES_BY_LAST.before_dot[last];
                    }
                    if std::iter::from_fn(|| {
                        (may != 0).then(|| {
                            let bit = may.trailing_zeros() as usize;
                            may &= may - 1;
                            STREET_SUFFIXES[bit]
                        })
                    })
                    .any(|s| {
                        (ends_with(w, s) || e_dot > e && ends_with_dot(s))
                            && (w.len() > s.len() || k > i)
                    }) {
                        let dotted = e_dot > e
                            && STREET_SUFFIXES
                                .iter()
                                .any(|s| s.ends_with('.') && ends_with_dot(s));
                        street_end = Some(if dotted { e_dot } else { e });
                        break;
                    }
                }
                let nk = skip_blank(t, e, false);
                // A lower-case street word may follow the name ("Erzsébet
                // tér 19.", "Kálmán Imre u. 12.", "Trenerys gate 232").
                // (Only read when the next word is not capitalised.)
                let next_is_suffix = || {
                    let ne = word_end(t, nk);
                    let dot = t.at(ne) == '.';
                    // The word is only built when a suffix may be it.
                    ne > nk && SUFFIX_ENDS.may_end(&t.lower[nk..ne], dot) && {
                        let nw_buf = lower_word(t, nk, ne);
                        let nw = nw_buf.as_str();
                        // `nw` with its dot (when it has one) is a suffix.
                        let dotted_is_suffix = |s: &&str| {
                            if dot {
                                s.strip_suffix('.') == Some(nw)
                            } else {
                                *s == nw
                            }
                        };
                        STREET_SUFFIXES.contains(&nw)
                            || STREET_SUFFIXES.iter().any(dotted_is_suffix)
                    }
                };
                if nk == e
                    || !(t.at(nk).is_uppercase()
                        || next_is_suffix()
                        || t.starts_with_lower(nk, "des ")
                        || t.starts_with_lower(nk, "der "))
                {
                    break;
                }
                k = if t.starts_with_lower(nk, "des ") || t.starts_with_lower(nk, "der ") {
                    nk + 4
                } else {
                    nk
                };
            }
            // Prefix forms: "Am Markt 3", "Via Roma 12" (then a postal code
            // is required for the German prepositions).
            let mut needs_postal = false;
            if street_end.is_none()
                && let Some(p) = STREET_PREFIXES_AT.longest_at(t, i)
            {
                let mut k = i + p.chars().count();
                if t.boundary_after(k) || p.ends_with('.') {
                    let mut last = None;
                    for _ in 0..4 {
                        k = skip_blank(t, k, false);
                        if !t.at(k).is_alphabetic() {
                            break;
                        }
                        let e = word_end(t, k);
                        last = Some(e);
                        k = e;
                    }
                    street_end = last;
                    needs_postal = GERMAN_PREPOSITIONS.contains(&p);
                }
            }
            if let Some(se) = street_end {
                let j = skip_blank(t, se, false);
                if let Some(he) = is_house_number(t, j).filter(|_| j > se || t.at(se - 1) == '.') {
                    let mut end = he;
                    // Separator then postal code and city.
                    let mut k = he;
                    while k < n
                        && matches!(t.c[k], ',' | ' ' | '\n' | '\r' | '\t' | '/' | '–' | '|')
                    {
                        k += 1;
                    }
                    // "Lindenstraße 5 in 10115 Berlin"
                    if t.starts_with_lower(k, "in ") && t.at(k + 3).is_ascii_digit() {
                        k += 3;
                    }
                    let postal = postal_city(t, k);
                    if let Some(pe) = postal {
                        end = pe;
                    }
                    if postal.is_some() || !needs_postal {
                        let end = english_tail(t, end);
                        push(out, EntityKind::Address, leading_number(t, i), end, 55);
                    }
                }
            }
        }
        // No street suffix, but house number and a German postal code make
        // it an address: "Lange Reihe 101, 20099 Hamburg".
        // (The first word's stopword test comes last: few words are followed
        // by a house number and postal code.)
        if c.is_uppercase() {
            let mut k = i;
            for _ in 0..4 {
                let e = word_end(t, k);
                if e == k || !t.c[k].is_uppercase() {
                    break;
                }
                let j = skip_blank(t, e, false);
                if let Some(he) = is_house_number(t, j).filter(|_| j > e) {
                    let mut p = he;
                    while p < n && matches!(t.c[p], ',' | ' ' | '\n') {
                        p += 1;
                    }
                    let five = (0..5).all(|d| t.at(p + d).is_ascii_digit())
                        && !t.at(p + 5).is_ascii_digit();
                    let prefixed = ["a-", "ch-", "d-"]
                        .iter()
                        .any(|x| t.starts_with_lower(p, x));
                    if p > he
                        && (five || prefixed)
                        && let Some(pe) = postal_city(t, p)
                        && !is_stopword(&lower_word(t, i, word_end(t, i)))
                    {
                        push(out, EntityKind::Address, i, english_tail(t, pe), 54);
                    }
                    break;
                }
                k = j;
            }
        }
        // US military post: "PSC 0413, Box 8144\nAPO AA 42323".
        // (The first letter is tested once, not per form: this runs at
        // every word start.)
        if matches!(c, 'A' | 'F' | 'D') {
            for p in ["APO ", "FPO ", "DPO "] {
                if t.starts_with(i, p)
                    && t.at(i + 6) == ' '
                    && matches!(&t.c[i + 4..i + 6], ['A', 'A' | 'E' | 'P'])
                {
                    let g = t.digit_groups(i + 7, &[], 1);
                    if let Some(&(_, ge)) = g.first().filter(|g| g.1 - g.0 == 5) {
                        // The unit line before belongs to it.
                        let mut s = i;
                        if s > 0 && t.c[s - 1] == '\n' {
                            let mut ls = s - 1;
                            while ls > 0 && t.c[ls - 1] != '\n' && s - ls < 40 {
                                ls -= 1;
                            }
                            let line: String = t.c[ls..s - 1].iter().collect();
                            if ["PSC", "Unit", "USNS", "USNV", "USS", "CMR"]
                                .iter()
                                .any(|p| line.trim_start().starts_with(p))
                            {
                                s = ls + (line.len() - line.trim_start().len());
                            }
                        }
                        push(out, EntityKind::Address, s, ge, 55);
                    }
                }
            }
        }
        // "20789 Allika 46\n", "0138 Brisas 6802, ": a number, capitalised
        // words and a house number closing the line or followed by a unit.
        if c.is_ascii_digit() && (i == 0 || !matches!(t.c[i - 1], '.' | ',' | '/' | '-' | '+')) {
            let mut k = i;
            while t.at(k).is_ascii_digit() {
                k += 1;
            }
            if k - i <= 5 && t.at(k) == ' ' {
                let mut j = k + 1;
                let mut words = 0;
                while words < 3 && t.at(j).is_uppercase() {
                    let e = word_end(t, j);
                    let w_buf = lower_word(t, j, e);
                    let w = w_buf.as_str();
                    if e == j || is_stopword(w) || super::date::is_month(w) {
                        words = 0;
                        break;
                    }
                    words += 1;
                    j = skip_blank(t, e, false);
                }
                if words > 0
                    && let Some(he) = is_house_number(t, j)
                {
                    let a = skip_blank(t, he, false);
                    let closes_line = a >= n
                        || matches!(t.c[a], '\n' | ',')
                        || t.starts_with_lower(a, "apt")
                        || t.starts_with_lower(a, "suite");
                    if closes_line && !is_reference_label(&t.label_before(i)) {
                        push(out, EntityKind::Address, i, english_tail(t, he), 54);
                    }
                }
            }
        }
        // Post boxes (all start with "p", tested once).
        if t.lower[i] == 'p' {
            for p in ["postfach ", "p.o. box ", "po box ", "p. o. box "] {
                if t.starts_with_lower(i, p) {
                    let s = i + p.len();
                    let g = t.digit_groups(s, &[' '], 4);
                    if let Some(last) = g.last() {
                        push(
                            out,
                            EntityKind::Address,
                            leading_number(t, i),
                            english_tail(t, last.1),
                            55,
                        );
                    }
                }
            }
        }
        // English: "221B Baker Street", "1600 Pennsylvania Ave NW".
        if c.is_ascii_digit() && (i == 0 || !matches!(t.c[i - 1], '.' | ',' | '/' | '-')) {
            let mut k = i;
            while t.at(k).is_ascii_digit() {
                k += 1;
            }
            if k - i > 5 {
                continue;
            }
            if t.at(k).is_ascii_alphabetic() && !t.at(k + 1).is_alphanumeric() {
                k += 1;
            }
            if t.at(k) != ' ' {
                continue;
            }
            let mut j = skip_blank(t, k, false);
            let mut street_end = None;
            for w_idx in 0..5 {
                // "29 Rue de Tanger", "95 Avenue des Tuileries": the street
                // word comes first, the name after it.
                if w_idx == 0
                    && let Some(p) = STREET_PREFIXES_AT
                        .longest_at(t, j)
                        .filter(|p| !GERMAN_PREPOSITIONS.contains(p))
                {
                    let mut k = j + p.chars().count();
                    let mut last = None;
                    for _ in 0..4 {
                        let ks = skip_blank(t, k, false);
                        let ke = word_end(t, ks);
                        let particle = matches!(
                            lower_word(t, ks, ke).as_str(),
                            "de" | "des" | "la" | "du" | "do" | "da" | "del" | "di" | "le"
                        );
                        if ke == ks || !(t.at(ks).is_uppercase() || particle) {
                            break;
                        }
                        k = ke;
                        if !particle {
                            last = Some(ke);
                        }
                    }
                    street_end = last;
                    break;
                }
                if !t.at(j).is_uppercase() {
                    break;
                }
                let e = word_end(t, j);
                let w_buf = lower_word(t, j, e);
                let w = w_buf.as_str();
                if w_idx > 0 && EN_STREET_TYPES.contains(&w) {
                    street_end = Some(if t.at(e) == '.' { e + 1 } else { e });
                    break;
                }
                if is_stopword(w) {
                    break;
                }
                let nj = skip_blank(t, e, false);
                if nj == e {
                    break;
                }
                j = nj;
            }
            let Some(mut end) = street_end else { continue };
            // Direction suffix: NW, NE, SW, SE, N, S, E, W.
            let d = skip_blank(t, end, false);
            let de = word_end(t, d);
            if de > d
                && matches!(
                    lower_word(t, d, de).as_str(),
                    "nw" | "ne"
                        | "sw"
                        | "se"
                        | "n"
                        | "s"
                        | "e"
                        | "w"
                        | "north"
                        | "south"
                        | "east"
                        | "west"
                )
                && t.c[d].is_uppercase()
            {
                end = if t.at(de) == '.' { de + 1 } else { de };
            }
            end = english_tail(t, end);
            push(out, EntityKind::Address, leading_number(t, i), end, 55);
        }
    }
}

/// After an English street: unit ("Apt. 4", "Suite 451", "Flat 3"),
/// then city, state and ZIP or UK postcode. Only taken when it ends in a
/// postal code, so that a following sentence is not swallowed.
fn english_tail(t: &Text, street_end: usize) -> usize {
    let n = t.len();
    let mut end = street_end;
    let mut k = street_end;
    let mut committed = street_end;
    for _ in 0..8 {
        let mut j = k;
        while j < n && matches!(t.c[j], ',' | ' ' | '\n' | '\r' | '\t' | '>') {
            j += 1;
        }
        if j >= n {
            break;
        }
        // Unit.
        let mut matched = false;
        for u in [
            "apt.", "apt", "suite", "ste.", "unit", "flat", "#", "room", "floor", "fl.",
        ] {
            if t.starts_with_lower(j, u) {
                let us = skip_blank(t, j + u.chars().count(), false);
                let mut ue = us;
                while ue < n && t.c[ue].is_ascii_alphanumeric() {
                    ue += 1;
                }
                if ue > us && t.c[us].is_ascii_digit() {
                    end = ue;
                    committed = ue;
                    k = ue;
                    matched = true;
                }
                break;
            }
        }
        if matched {
            continue;
        }
        if let Some(pe) = uk_postcode(t, j) {
            end = pe;
            committed = pe;
            k = pe;
            continue;
        }
        // ZIP: 5 digits or ZIP+4.
        if t.at(j).is_ascii_digit() {
            let mut e = j;
            while t.at(e).is_ascii_digit() {
                e += 1;
            }
            let more_digits = matches!(t.at(e), ' ' | '-') && t.at(e + 1).is_ascii_digit();
            if (e - j == 5 || e - j == 4) && t.boundary_after(e) && !more_digits {
                let mut ze = e;
                if t.at(e) == '-' && (1..=4).all(|d| t.at(e + d).is_ascii_digit()) {
                    ze = e + 5;
                }
                end = ze;
                committed = ze;
                k = ze;
                continue;
            }
            break;
        }
        // State (two capitals) or a capitalised city word.
        if t.at(j).is_uppercase() {
            // No stopword check: "New York" is a city, and the tail is only
            // kept when it ends in a postal code anyway.
            let e = word_end(t, j);
            if e == j {
                break;
            }
            k = e;
            end = end.max(e);
            continue;
        }
        break;
    }
    let _ = end;
    committed
}
const FIRST_NAMES: &[&str] = &[
    "aadhya",
    "aaliyah",
    "aamir",
    "aanya",
    "aarav",
    "aaron",
    "abayomi",
    "abby",
    "abdel",
    "abdelaziz",
    "abdelhak",
    "abdelilah",
    "abdelkader",
    "abderrahmane",
    "abdoulaye",
    "abdul",
    "abdullah",
    "abebe",
    "abena",
    "abenaa",
    "abhishek",
    "abid",
    "abigail",
    "abimbola",
    "abiodun",
    "achieng",
    "achilleas",
    "adaeze",
    "adam",
    "adama",
    "adebayo",
    "adebola",
    "adelheid",
    "adem",
    "adeola",
    "adetola",
    "adewale",
    "adeyemi",
    "adhiambo",
    "adil",
    "adina",
    "adis",
    "aditi",
    "aditya",
    "adjoa",
    "admir",
    "adnan",
    "adrian",
    "adriana",
    "adrián",
    "advait",
    "adwoa",
    "adéla",
    "afonso",
    "afroza",
    "afsaneh",
    "afshin",
    "afua",
    "agata",
    "agathe",
    "agnes",
    "agnese",
    "agneta",
    "agnieszka",
    "agnė",
    "agron",
    "agustín",
    "ahmad",
    "ahmed",
    "ahmet",
    "aicha",
    "aida",
    "aidan",
    "aiden",
    "aikaterini",
    "aiko",
    "aila",
    "ailbhe",
    "ailsa",
    "aimee",
    "ainara",
    "ainhoa",
    "aino",
    "aisha",
    "aisling",
    "aissatou",
    "aistė",
    "aitor",
    "aivars",
    "ajay",
    "ajla",
    "akash",
    "akbar",
    "akiko",
    "akinyi",
    "akira",
    "akosua",
    "aksel",
    "akua",
    "akwasi",
    "alan",
    "alana",
    "alasdair",
    "alassane",
    "alba",
    "alban",
    "albana",
    "albert",
    "alberto",
    "albie",
    "albulena",
    "aldo",
    "aled",
    "alejandra",
    "alejandro",
    "aleksandar",
    "aleksander",
    "aleksandr",
    "aleksandra",
    "aleksei",
    "aleksi",
    "alemu",
    "alen",
    "alena",
    "alessandra",
    "alessandro",
    "alessia",
    "alessio",
    "alex",
    "alexa",
    "alexander",
    "alexandra",
    "alexandros",
    "alexandru",
    "alexei",
    "alexey",
    "alexis",
    "aleš",
    "alfie",
    "alfonso",
    "alfred",
    "algirdas",
    "ali",
    "alice",
    "alicia",
    "alicja",
    "alina",
    "aline",
    "alireza",
    "alisa",
    "alison",
    "alistair",
    "allison",
    "alma",
    "almaz",
    "almir",
    "alois",
    "aloisia",
    "alper",
    "alvaro",
    "alyona",
    "alyssa",
    "amadou",
    "amaia",
    "amaka",
    "amalie",
    "aman",
    "amanda",
    "amandeep",
    "amani",
    "amanuel",
    "amar",
    "amara",
    "ambros",
    "amela",
    "amelia",
    "amelie",
    "amin",
    "amina",
    "aminata",
    "aminul",
    "amir",
    "amira",
    "amit",
    "amna",
    "amra",
    "amrit",
    "amy",
    "ana",
    "anamarija",
    "anand",
    "ananya",
    "anas",
    "anastasia",
    "anastasiia",
    "anastasiya",
    "anatoliy",
    "anatoly",
    "ander",
    "anders",
    "andile",
    "andre",
    "andrea",
    "andreas",
    "andreea",
    "andrei",
    "andreia",
    "andres",
    "andrew",
    "andrey",
    "andri",
    "andrii",
    "andris",
    "andrius",
    "andriy",
    "andrzej",
    "andrás",
    "andré",
    "andrés",
    "andy",
    "ane",
    "anel",
    "aneta",
    "angela",
    "angelika",
    "angeliki",
    "angelina",
    "angelo",
    "angelos",
    "angie",
    "angus",
    "anh",
    "anika",
    "anikó",
    "anil",
    "anisur",
    "anita",
    "anja",
    "anjali",
    "anke",
    "ankica",
    "ankit",
    "ankur",
    "ann",
    "anna",
    "annabel",
    "anne",
    "annegret",
    "anneke",
    "anneli",
    "annelie",
    "annelies",
    "anneliese",
    "annemarie",
    "annemiek",
    "annette",
    "annie",
    "annika",
    "annina",
    "annunziata",
    "anouk",
    "anthony",
    "antje",
    "antoine",
    "anton",
    "antonella",
    "antoni",
    "antonia",
    "antonietta",
    "antonio",
    "antonín",
    "antti",
    "antun",
    "antónio",
    "anu",
    "anum",
    "anurag",
    "anushka",
    "anwar",
    "anya",
    "aoi",
    "aoibhinn",
    "aoife",
    "aparna",
    "apostolos",
    "arantxa",
    "arash",
    "aravind",
    "arben",
    "arbenita",
    "arbnor",
    "archana",
    "archie",
    "arda",
    "ardalan",
    "ari",
    "arianna",
    "arif",
    "arild",
    "aristotelis",
    "arjen",
    "arjinder",
    "arjun",
    "arkadiusz",
    "arlo",
    "arman",
    "armin",
    "arnav",
    "arne",
    "arno",
    "arnold",
    "arseny",
    "arslan",
    "arta",
    "artem",
    "artemis",
    "arthur",
    "artur",
    "arturo",
    "artyom",
    "artūrs",
    "arun",
    "arvind",
    "arya",
    "aryan",
    "arūnas",
    "asad",
    "asanka",
    "asante",
    "asha",
    "ashkan",
    "ashley",
    "ashok",
    "ashraful",
    "ashton",
    "asier",
    "asif",
    "asiye",
    "aslam",
    "aslı",
    "asma",
    "asmaa",
    "assunta",
    "asta",
    "astou",
    "astrid",
    "asuka",
    "athanasios",
    "atharv",
    "athina",
    "atieno",
    "atif",
    "attila",
    "audrey",
    "audrius",
    "aurora",
    "aušra",
    "ava",
    "avery",
    "avesta",
    "awa",
    "awet",
    "awino",
    "axel",
    "aya",
    "ayaan",
    "ayaka",
    "ayana",
    "ayanda",
    "ayesha",
    "ayla",
    "aylin",
    "ayman",
    "aynur",
    "ayo",
    "ayodele",
    "ayoub",
    "ayse",
    "aysel",
    "aysun",
    "ayten",
    "ayumi",
    "ayşe",
    "ayşegül",
    "ayşenur",
    "azad",
    "azadeh",
    "azar",
    "azhar",
    "azra",
    "babacar",
    "babak",
    "babar",
    "babatunde",
    "babis",
    "badr",
    "bahar",
    "bahram",
    "baiba",
    "bailey",
    "bakary",
    "balaji",
    "baljit",
    "balthasar",
    "balwinder",
    "balázs",
    "banu",
    "baraka",
    "baran",
    "barasa",
    "barbara",
    "barbora",
    "barnabás",
    "barra",
    "barry",
    "bartosz",
    "bartłomiej",
    "barış",
    "basma",
    "basti",
    "bastian",
    "batuhan",
    "bayram",
    "beata",
    "beate",
    "beatrice",
    "beatrix",
    "beatriz",
    "becky",
    "begoña",
    "begüm",
    "behnam",
    "behrouz",
    "behzad",
    "bekele",
    "bekim",
    "belma",
    "ben",
    "bence",
    "bendegúz",
    "benedek",
    "benedetta",
    "benedikt",
    "bengin",
    "bengt",
    "benjamin",
    "benno",
    "benny",
    "bente",
    "berfin",
    "berhanu",
    "beritan",
    "berivan",
    "berk",
    "berkay",
    "berna",
    "bernadett",
    "bernadette",
    "bernd",
    "bernhard",
    "bert",
    "bertha",
    "berthold",
    "bertil",
    "berxwedan",
    "besa",
    "besnik",
    "beth",
    "bethan",
    "bethany",
    "betsy",
    "bettina",
    "betty",
    "betül",
    "beverly",
    "beyza",
    "beáta",
    "bhavana",
    "bianca",
    "bijan",
    "bilal",
    "biljana",
    "billy",
    "binh",
    "binta",
    "bintou",
    "birgit",
    "birgitta",
    "birgitte",
    "birgül",
    "birte",
    "birtukan",
    "bisi",
    "bjorn",
    "björn",
    "bjørn",
    "blake",
    "blanka",
    "blerim",
    "blerta",
    "bobby",
    "bodo",
    "bogdan",
    "boglárka",
    "bogumiła",
    "bohdan",
    "bohdana",
    "bohumil",
    "bojan",
    "bojana",
    "bolaji",
    "bongani",
    "bonifaz",
    "borbála",
    "boris",
    "borislav",
    "botond",
    "boubacar",
    "bouchra",
    "bożena",
    "božena",
    "bradley",
    "brady",
    "brahim",
    "bram",
    "brandon",
    "branislav",
    "branka",
    "branko",
    "brayden",
    "brenda",
    "brendan",
    "brenna",
    "brian",
    "brianna",
    "brid",
    "bridget",
    "brigitta",
    "brigitte",
    "britt",
    "britta",
    "brittany",
    "brittney",
    "bronwen",
    "brooke",
    "bruce",
    "bruna",
    "bruno",
    "bryan",
    "bryce",
    "bríd",
    "bujar",
    "burak",
    "burcu",
    "burgi",
    "burim",
    "burkhard",
    "bushra",
    "busisiwe",
    "busola",
    "bálint",
    "béla",
    "bình",
    "bülent",
    "büşra",
    "bảo",
    "caden",
    "caio",
    "caitlin",
    "caitlyn",
    "caitriona",
    "caitríona",
    "caleb",
    "callum",
    "calogero",
    "calum",
    "cameron",
    "camila",
    "camilla",
    "camille",
    "canan",
    "cansu",
    "caoimhe",
    "carina",
    "carl",
    "carla",
    "carlo",
    "carlos",
    "carme",
    "carmela",
    "carmen",
    "carmine",
    "carol",
    "carolin",
    "caroline",
    "carson",
    "carsten",
    "carys",
    "cassandra",
    "cassidy",
    "catalina",
    "catarina",
    "caterina",
    "cathal",
    "catherine",
    "cathy",
    "catia",
    "catriona",
    "cecilie",
    "cedric",
    "celine",
    "cem",
    "cemal",
    "cengiz",
    "ceren",
    "cerys",
    "cesar",
    "cesare",
    "chamara",
    "chamari",
    "chaminda",
    "chandra",
    "chantal",
    "charalampos",
    "charlene",
    "charles",
    "charlie",
    "charlotte",
    "chasper",
    "chathura",
    "chau",
    "chebet",
    "cheikh",
    "chen",
    "cheryl",
    "chiaki",
    "chiamaka",
    "chiara",
    "chibuike",
    "chidera",
    "chidi",
    "chidinma",
    "chie",
    "chiemeka",
    "chika",
    "chimamanda",
    "chinedu",
    "chinonso",
    "chinua",
    "chinwe",
    "chioma",
    "chipo",
    "chitra",
    "chloe",
    "chris",
    "christa",
    "christel",
    "christian",
    "christiane",
    "christina",
    "christine",
    "christof",
    "christoph",
    "christopher",
    "christos",
    "chrysa",
    "chukwudi",
    "chukwuemeka",
    "chul-soo",
    "chulsoo",
    "chunhua",
    "châu",
    "cian",
    "ciara",
    "ciaran",
    "ciarán",
    "cihan",
    "cinzia",
    "ciprian",
    "ciro",
    "ciwan",
    "claire",
    "clara",
    "clarence",
    "claudia",
    "claudio",
    "claudiu",
    "claus",
    "clayton",
    "clemens",
    "clifford",
    "clinton",
    "clodagh",
    "cláudia",
    "cody",
    "colin",
    "colleen",
    "colm",
    "colton",
    "conceicao",
    "conceição",
    "concepción",
    "concetta",
    "connor",
    "conor",
    "constantin",
    "constanze",
    "consuelo",
    "cordula",
    "corina",
    "corinna",
    "corinne",
    "cormac",
    "cornelia",
    "cornelius",
    "corrado",
    "cosmin",
    "costel",
    "coumba",
    "courtney",
    "craig",
    "cristian",
    "cristiano",
    "cristina",
    "csaba",
    "csilla",
    "cuong",
    "curdin",
    "curtis",
    "cynthia",
    "cyril",
    "cyrill",
    "cyrus",
    "czesław",
    "cátia",
    "céline",
    "césar",
    "cường",
    "da-eun",
    "daan",
    "dace",
    "daeun",
    "dafina",
    "dafni",
    "dafydd",
    "dag",
    "dagmar",
    "daiki",
    "dainius",
    "daisuke",
    "daiva",
    "dajana",
    "dalia",
    "damian",
    "damilola",
    "damir",
    "damla",
    "dan",
    "dana",
    "danica",
    "daniel",
    "daniela",
    "daniele",
    "danielle",
    "danijela",
    "danny",
    "danuta",
    "danyal",
    "danylo",
    "daouda",
    "daphne",
    "dardan",
    "daria",
    "dario",
    "darius",
    "dariusch",
    "dariush",
    "dariusz",
    "darko",
    "darlene",
    "darnell",
    "darragh",
    "darren",
    "darryl",
    "darshan",
    "darya",
    "daryna",
    "dasha",
    "dave",
    "david",
    "davide",
    "dawid",
    "dawit",
    "dayo",
    "deandre",
    "debbie",
    "debora",
    "deborah",
    "debra",
    "declan",
    "deepa",
    "deepak",
    "deepika",
    "defne",
    "deirdre",
    "dejan",
    "delal",
    "delbert",
    "delil",
    "delyth",
    "demba",
    "demetrius",
    "denis",
    "denisa",
    "denise",
    "deniz",
    "dennis",
    "denys",
    "derek",
    "dermot",
    "dersim",
    "derya",
    "deshawn",
    "desislava",
    "desmond",
    "despina",
    "desta",
    "detlef",
    "devendra",
    "dexter",
    "dhananjaya",
    "dhruv",
    "diana",
    "diane",
    "diarmuid",
    "diego",
    "diem",
    "diep",
    "dieter",
    "dietmar",
    "dietrich",
    "dieu",
    "dijana",
    "dilan",
    "dilani",
    "dilara",
    "dilek",
    "dilrukshi",
    "dilshad",
    "dilshan",
    "dilşad",
    "dima",
    "dimitar",
    "dimitra",
    "dimitrios",
    "dimitris",
    "dina",
    "dinesh",
    "diogo",
    "dirk",
    "divya",
    "diya",
    "diễm",
    "diệu",
    "djibril",
    "djordje",
    "dmitri",
    "dmitry",
    "dmytro",
    "dobrivoje",
    "dolores",
    "domagoj",
    "domenico",
    "dominic",
    "dominik",
    "dominika",
    "donal",
    "donald",
    "donatella",
    "dong-hyun",
    "donghyun",
    "donika",
    "donna",
    "dorin",
    "doris",
    "dorota",
    "dorothea",
    "dorothy",
    "dorthe",
    "douglas",
    "doğan",
    "dragan",
    "dragana",
    "dragoljub",
    "dragos",
    "dragoș",
    "dražen",
    "driss",
    "drita",
    "driton",
    "duarte",
    "dubravka",
    "duc",
    "dumitru",
    "duncan",
    "durga",
    "duygu",
    "dušan",
    "dwayne",
    "dylan",
    "dániel",
    "dávid",
    "dénes",
    "dónal",
    "dóra",
    "dölf",
    "dörte",
    "dũng",
    "džemal",
    "dženan",
    "dženana",
    "eamon",
    "eamonn",
    "earl",
    "ebba",
    "ebere",
    "eberhard",
    "ebru",
    "ece",
    "eckhard",
    "ecrin",
    "eda",
    "eddie",
    "edeltraud",
    "edgar",
    "edgars",
    "edin",
    "edith",
    "edna",
    "edoardo",
    "edona",
    "eduard",
    "eduardo",
    "edurne",
    "edward",
    "edyta",
    "efe",
    "efthymia",
    "efua",
    "eglė",
    "egon",
    "egor",
    "ehsan",
    "eija",
    "eila",
    "eileen",
    "eilidh",
    "eimear",
    "einar",
    "eino",
    "eirik",
    "eirini",
    "ejike",
    "ekaterina",
    "ekow",
    "ekrem",
    "elaine",
    "eleanor",
    "eleftherios",
    "elena",
    "eleni",
    "eleonora",
    "elfriede",
    "elham",
    "eli",
    "elia",
    "elias",
    "elif",
    "elijah",
    "elin",
    "elina",
    "eline",
    "elio",
    "elisa",
    "elisabeth",
    "elise",
    "elitsa",
    "eliza",
    "elizabeth",
    "elizaveta",
    "eliška",
    "elke",
    "ella",
    "ellen",
    "elli",
    "ellie",
    "elliot",
    "elliott",
    "ellis",
    "elma",
    "elnaz",
    "elsa",
    "elvir",
    "elvira",
    "elçin",
    "elīna",
    "elżbieta",
    "ema",
    "emanuela",
    "emanuele",
    "emeka",
    "emel",
    "emese",
    "emi",
    "emil",
    "emilia",
    "emilie",
    "emilio",
    "emily",
    "emin",
    "emina",
    "emine",
    "emir",
    "emma",
    "emmanouil",
    "emmett",
    "emre",
    "emrys",
    "ena",
    "encarnación",
    "enda",
    "endre",
    "eneko",
    "enes",
    "engin",
    "enikő",
    "enrico",
    "enrique",
    "enzo",
    "eoin",
    "ercan",
    "ercüment",
    "erdem",
    "eren",
    "ergün",
    "erhard",
    "eri",
    "eric",
    "erich",
    "erik",
    "erika",
    "erkan",
    "erna",
    "ernest",
    "ernestine",
    "ernesto",
    "ernst",
    "ernő",
    "erol",
    "ersin",
    "erum",
    "erwin",
    "erzsébet",
    "esi",
    "esin",
    "esma",
    "espen",
    "esperanza",
    "esra",
    "estelle",
    "esther",
    "eszter",
    "etelka",
    "etenesh",
    "ethan",
    "ethel",
    "ettore",
    "euan",
    "eugen",
    "eugene",
    "eun-ji",
    "eunhee",
    "eunice",
    "eunji",
    "eva",
    "evan",
    "evangelia",
    "evangelos",
    "evdokia",
    "evelyn",
    "evgeni",
    "evgeny",
    "evie",
    "evin",
    "evîn",
    "ewa",
    "ewald",
    "ewan",
    "eyerusalem",
    "eylül",
    "ezra",
    "fabian",
    "fabienne",
    "fabio",
    "fabrizio",
    "fadi",
    "fadime",
    "fadri",
    "fadzai",
    "fahad",
    "fahmida",
    "faisal",
    "faiza",
    "falk",
    "farah",
    "farai",
    "farhad",
    "farhan",
    "fariba",
    "farid",
    "farida",
    "farnaz",
    "farshid",
    "farzad",
    "farzana",
    "farzaneh",
    "fatbardha",
    "fatemeh",
    "fatih",
    "fatima",
    "fatma",
    "fatmir",
    "fatos",
    "fatou",
    "fatoumata",
    "fausto",
    "fawad",
    "fearghal",
    "federica",
    "federico",
    "felipe",
    "felix",
    "femi",
    "femke",
    "feng",
    "fenna",
    "ferdinand",
    "ferdl",
    "ferenc",
    "fereshteh",
    "fergus",
    "ferhat",
    "feride",
    "fernanda",
    "fernando",
    "feven",
    "fevzi",
    "feyza",
    "ffion",
    "fiete",
    "fiifi",
    "fikret",
    "fikru",
    "filip",
    "filipa",
    "filipe",
    "filippo",
    "filiz",
    "filmon",
    "filomena",
    "finbar",
    "finley",
    "finn",
    "fintan",
    "fiona",
    "fionn",
    "fiorella",
    "fisnik",
    "fjolla",
    "flamur",
    "flavia",
    "flavio",
    "flemming",
    "flo",
    "florencia",
    "florentina",
    "florian",
    "florim",
    "florin",
    "floyd",
    "flurin",
    "flutura",
    "fola",
    "folake",
    "fotini",
    "fouad",
    "francesca",
    "francesco",
    "francis",
    "francisca",
    "franciszek",
    "franco",
    "frane",
    "frank",
    "franz",
    "franziska",
    "fraser",
    "frauke",
    "fred",
    "freddie",
    "frederick",
    "frederik",
    "fredrik",
    "freja",
    "freya",
    "frida",
    "fridolin",
    "frieda",
    "friederike",
    "friedhelm",
    "friedrich",
    "fritz",
    "frode",
    "fruzsina",
    "fumiko",
    "funda",
    "funmilayo",
    "furkan",
    "fyodor",
    "fábio",
    "fátima",
    "gabi",
    "gabija",
    "gabriel",
    "gabriela",
    "gabriele",
    "gabriella",
    "gaetane",
    "gaetano",
    "galina",
    "gallus",
    "galya",
    "gamze",
    "ganesh",
    "ganeshan",
    "garazi",
    "gareth",
    "garrett",
    "gary",
    "gatis",
    "gaurav",
    "gauri",
    "gaute",
    "gavin",
    "gayani",
    "gayatri",
    "gbenga",
    "geert",
    "geeta",
    "geir",
    "gemma",
    "genet",
    "gennady",
    "gennaro",
    "genowefa",
    "genti",
    "gentian",
    "geoffrey",
    "georg",
    "george",
    "georgi",
    "georgiana",
    "georgios",
    "geraint",
    "gerald",
    "gerasimos",
    "gerd",
    "gerda",
    "gergana",
    "gergely",
    "gergő",
    "gerhard",
    "gerlinde",
    "gernot",
    "gerrit",
    "gert",
    "gertrud",
    "gertrude",
    "gesine",
    "getachew",
    "gethin",
    "ghada",
    "ghassan",
    "ghazal",
    "gheorghe",
    "ghulam",
    "giacomo",
    "gian",
    "giancarlo",
    "gianfranco",
    "giang",
    "gianluca",
    "gianluigi",
    "gianni",
    "giannis",
    "giedrius",
    "giedrė",
    "gijs",
    "gilbert",
    "gillian",
    "ginevra",
    "gintaras",
    "giorgia",
    "giorgio",
    "giorgos",
    "giovanna",
    "giovanni",
    "girish",
    "girma",
    "girolamo",
    "gisela",
    "gita",
    "gitta",
    "giulia",
    "giulio",
    "giuseppe",
    "giuseppina",
    "gizella",
    "gizem",
    "gleb",
    "gloria",
    "glyn",
    "glória",
    "goda",
    "golnar",
    "golnaz",
    "goncalo",
    "gonzalo",
    "gonçalo",
    "goran",
    "gordana",
    "gordon",
    "gorka",
    "gottfried",
    "graca",
    "graeme",
    "graham",
    "grainne",
    "grayson",
    "graziella",
    "graça",
    "grażyna",
    "greer",
    "greg",
    "gregor",
    "gregory",
    "greta",
    "grete",
    "gretel",
    "grigory",
    "grzegorz",
    "gráinne",
    "guadalupe",
    "guang",
    "gudrun",
    "guido",
    "guilherme",
    "guillermo",
    "gunilla",
    "gunnar",
    "gunter",
    "guoqiang",
    "gurdeep",
    "gurinder",
    "gurpreet",
    "gustav",
    "gustavo",
    "gustl",
    "guðmundur",
    "guðrún",
    "gwen",
    "gwendolyn",
    "gwyneth",
    "gyula",
    "györgy",
    "gábor",
    "géza",
    "gökhan",
    "gönül",
    "göran",
    "görkem",
    "götz",
    "gül",
    "gülay",
    "gülcan",
    "gülsüm",
    "gülten",
    "gülşen",
    "günter",
    "günther",
    "gürkan",
    "ha-eun",
    "habib",
    "hacer",
    "hadi",
    "haeun",
    "hafsa",
    "haider",
    "haile",
    "hailey",
    "hailu",
    "haitham",
    "hajnalka",
    "hakan",
    "hakim",
    "hakkı",
    "hala",
    "haleh",
    "haley",
    "halil",
    "halina",
    "haluk",
    "halvor",
    "halyna",
    "hamdi",
    "hamed",
    "hamid",
    "hamidreza",
    "hamish",
    "hammad",
    "hamza",
    "hana",
    "hanako",
    "hanan",
    "hande",
    "hanh",
    "hani",
    "hanife",
    "hanna",
    "hannah",
    "hanne",
    "hanneke",
    "hannelore",
    "hannes",
    "hannu",
    "hans",
    "hansi",
    "hansjörg",
    "hao",
    "haoran",
    "haoyu",
    "harald",
    "harinder",
    "harini",
    "haris",
    "harish",
    "harjit",
    "harold",
    "harpreet",
    "harriet",
    "harrison",
    "harry",
    "hartmut",
    "haruka",
    "harun",
    "haruto",
    "harvey",
    "hasan",
    "hasini",
    "hassan",
    "hatice",
    "haval",
    "havva",
    "hawar",
    "hayato",
    "hayden",
    "hector",
    "hedieh",
    "hedwig",
    "hege",
    "heidemarie",
    "heidi",
    "heidrun",
    "heike",
    "heikki",
    "heiko",
    "heiner",
    "heinrich",
    "heinz",
    "hejar",
    "helen",
    "helena",
    "helene",
    "helga",
    "helge",
    "helgi",
    "helin",
    "helmut",
    "helmuth",
    "hema",
    "hemant",
    "hendrik",
    "henk",
    "henning",
    "henriette",
    "henrik",
    "henrike",
    "henrique",
    "henry",
    "henryk",
    "herbert",
    "heribert",
    "hermann",
    "herta",
    "hevi",
    "hias",
    "hiba",
    "hicham",
    "hideki",
    "hien",
    "hiep",
    "hieu",
    "hikari",
    "hilal",
    "hilary",
    "hilde",
    "hildegard",
    "hilke",
    "hilkka",
    "hinata",
    "hinrich",
    "hira",
    "hiroki",
    "hiromi",
    "hiroshi",
    "hiroto",
    "hisham",
    "hiếu",
    "hiền",
    "hiệp",
    "hoa",
    "hoai",
    "hoang",
    "holden",
    "holger",
    "homa",
    "hongwei",
    "honorata",
    "hooman",
    "horia",
    "horst",
    "hosein",
    "hossein",
    "houda",
    "houman",
    "howard",
    "hozan",
    "hoài",
    "hoàng",
    "hristina",
    "hristo",
    "hrvoje",
    "hua",
    "hubert",
    "huda",
    "hugo",
    "huimin",
    "huma",
    "huong",
    "husein",
    "huseyin",
    "hussain",
    "hussein",
    "huw",
    "huy",
    "huyen",
    "huyền",
    "huệ",
    "hye-jin",
    "hyejin",
    "hyun",
    "hyun-woo",
    "hyuna",
    "hyunwoo",
    "hào",
    "håkan",
    "hêlîn",
    "hêvî",
    "hòa",
    "hùng",
    "hülya",
    "hüseyin",
    "hương",
    "hạnh",
    "hải",
    "hậu",
    "hằng",
    "hồng",
    "iain",
    "ian",
    "ibrahim",
    "ibrahima",
    "ida",
    "idoia",
    "idris",
    "ieuan",
    "ieva",
    "ifeanyi",
    "ifeoluwa",
    "ifeoma",
    "iftikhar",
    "ignacio",
    "ignacy",
    "ignaz",
    "ignazio",
    "igor",
    "ihor",
    "ikenna",
    "iker",
    "ilaria",
    "ildikó",
    "ilhan",
    "ilias",
    "ilir",
    "ilka",
    "ilknur",
    "ilona",
    "ilse",
    "ilya",
    "ilyas",
    "ilze",
    "imad",
    "iman",
    "imane",
    "imani",
    "imke",
    "immacolata",
    "imogen",
    "imran",
    "imre",
    "ina",
    "inderjit",
    "indira",
    "indrek",
    "ines",
    "inese",
    "inga",
    "inge",
    "ingeborg",
    "inger",
    "ingibjörg",
    "ingo",
    "ingrid",
    "ingvar",
    "inkeri",
    "inmaculada",
    "inna",
    "innes",
    "inés",
    "inês",
    "ioan",
    "ioana",
    "ioanna",
    "ioannis",
    "iolo",
    "ionut",
    "ionuț",
    "ipek",
    "iqra",
    "iratxe",
    "irem",
    "irena",
    "irene",
    "iresha",
    "irfan",
    "irina",
    "irini",
    "irmeli",
    "irmgard",
    "iryna",
    "irén",
    "isaac",
    "isabel",
    "isabell",
    "isabella",
    "isabelle",
    "isaiah",
    "isak",
    "isha",
    "ishaan",
    "ishara",
    "ishita",
    "isla",
    "ismail",
    "ismet",
    "issa",
    "istván",
    "itziar",
    "iulian",
    "iva",
    "ivan",
    "ivana",
    "ivaylo",
    "iveta",
    "ivica",
    "ivo",
    "iván",
    "iwona",
    "izabela",
    "izet",
    "iñaki",
    "iñigo",
    "jaan",
    "jaap",
    "jabari",
    "jacek",
    "jack",
    "jackie",
    "jackson",
    "jacob",
    "jacqueline",
    "jacques",
    "jaden",
    "jadwiga",
    "jae-hyun",
    "jaehyun",
    "jagdish",
    "jagjit",
    "jagoda",
    "jahanara",
    "jahangir",
    "jaime",
    "jake",
    "jakob",
    "jakub",
    "jalal",
    "jaleh",
    "jalen",
    "jamal",
    "james",
    "jamie",
    "jamil",
    "jamila",
    "jan",
    "jana",
    "janani",
    "jane",
    "janet",
    "janice",
    "janina",
    "janine",
    "janka",
    "janne",
    "janneke",
    "jannik",
    "janusz",
    "jari",
    "jarle",
    "jarmila",
    "jaroslav",
    "jarosław",
    "jasbir",
    "jasmin",
    "jasmine",
    "jasna",
    "jason",
    "jasper",
    "jaspreet",
    "jaswinder",
    "jatin",
    "javad",
    "javed",
    "javier",
    "jawad",
    "jaxon",
    "jayden",
    "jayla",
    "jaylen",
    "jean",
    "jeanette",
    "jeff",
    "jeffery",
    "jeffrey",
    "jehona",
    "jelani",
    "jelena",
    "jelle",
    "jen",
    "jenna",
    "jennifer",
    "jenny",
    "jens",
    "jenő",
    "jeremy",
    "jermaine",
    "jeroen",
    "jerome",
    "jerry",
    "jerzy",
    "jesper",
    "jess",
    "jesse",
    "jessica",
    "jessie",
    "jesús",
    "jeton",
    "jette",
    "jeyakumar",
    "ji-hoon",
    "ji-su",
    "ji-woo",
    "ji-yeon",
    "jia",
    "jiahui",
    "jian",
    "jianguo",
    "jianhua",
    "jiaxin",
    "jiayi",
    "jide",
    "jie",
    "jieun",
    "jiho",
    "jihoon",
    "jill",
    "jim",
    "jimena",
    "jimin",
    "jimmy",
    "jin",
    "jindřich",
    "jing",
    "jingjing",
    "jinhua",
    "jiri",
    "jisoo",
    "jisu",
    "jitendra",
    "jitka",
    "jiwoo",
    "jiyan",
    "jiyeon",
    "jiřina",
    "jiří",
    "joachim",
    "joan",
    "joana",
    "joanna",
    "joanne",
    "joao",
    "joaquin",
    "joaquín",
    "jocelyn",
    "jochen",
    "jodie",
    "joe",
    "joel",
    "johan",
    "johann",
    "johanna",
    "johannes",
    "john",
    "johnny",
    "jolanda",
    "jolanta",
    "jolene",
    "jon",
    "jonas",
    "jonathan",
    "joon-ho",
    "joonas",
    "joonho",
    "joost",
    "jordan",
    "jordi",
    "jorge",
    "joris",
    "jose",
    "josef",
    "josefa",
    "josefina",
    "josefine",
    "joseph",
    "josephine",
    "josh",
    "joshua",
    "josie",
    "josip",
    "jostein",
    "josu",
    "josé",
    "jovan",
    "joyce",
    "jozef",
    "joão",
    "joëlle",
    "juan",
    "juana",
    "judit",
    "judith",
    "judy",
    "juha",
    "juho",
    "jukka",
    "julia",
    "julian",
    "juliana",
    "juliane",
    "julie",
    "julien",
    "julio",
    "juma",
    "junaid",
    "jungkook",
    "junjie",
    "junko",
    "juraj",
    "jure",
    "jurgita",
    "juris",
    "jurre",
    "jussi",
    "justas",
    "justin",
    "justus",
    "justyna",
    "jutta",
    "jyoti",
    "ján",
    "jános",
    "jázmin",
    "jéssica",
    "jóhann",
    "jóhanna",
    "jón",
    "józef",
    "józsef",
    "jörg",
    "jörn",
    "jørgen",
    "jørn",
    "jürg",
    "jürgen",
    "jüri",
    "jānis",
    "kaan",
    "kaarina",
    "kabir",
    "kacper",
    "kaden",
    "kadiatou",
    "kadija",
    "kadir",
    "kadri",
    "kagiso",
    "kai",
    "kailash",
    "kaisa",
    "kaitlyn",
    "kaito",
    "kaja",
    "kajan",
    "kalev",
    "kalle",
    "kalliopi",
    "kaloyan",
    "kalpana",
    "kaltrina",
    "kamal",
    "kamala",
    "kamaljit",
    "kamaria",
    "kamau",
    "kamel",
    "kamil",
    "kamila",
    "kamran",
    "kamrul",
    "kanako",
    "kaori",
    "karabo",
    "karam",
    "karan",
    "kareem",
    "karel",
    "karen",
    "kari",
    "karim",
    "karima",
    "karin",
    "karina",
    "kariuki",
    "karl",
    "karla",
    "karol",
    "karolina",
    "karolína",
    "karsten",
    "karthik",
    "kashif",
    "kaspar",
    "kaspars",
    "kasper",
    "kasun",
    "kata",
    "katalin",
    "katarina",
    "katarzyna",
    "katarína",
    "kate",
    "katelyn",
    "katerina",
    "kateryna",
    "kateřina",
    "katharina",
    "katherine",
    "kathi",
    "kathleen",
    "kathrin",
    "kathryn",
    "kathy",
    "katie",
    "katja",
    "katrin",
    "katrine",
    "katya",
    "kaveh",
    "kavita",
    "kavya",
    "kawa",
    "kay",
    "kayla",
    "kaylee",
    "kayleigh",
    "kayode",
    "kazimierz",
    "kazuki",
    "kağan",
    "kebede",
    "keerthi",
    "kees",
    "kehinde",
    "keiko",
    "keira",
    "keisha",
    "keith",
    "kelechi",
    "kelly",
    "kelsey",
    "kemal",
    "ken",
    "kenan",
    "kendall",
    "kendra",
    "kendrick",
    "kenichi",
    "kenji",
    "kenneth",
    "kenny",
    "kenta",
    "kento",
    "kenzie",
    "kerem",
    "kerry",
    "kersti",
    "kerstin",
    "kevin",
    "keyvan",
    "kezban",
    "khadidja",
    "khadija",
    "khady",
    "khai",
    "khaled",
    "khalid",
    "khang",
    "khanh",
    "khoa",
    "khoi",
    "khrystyna",
    "khurram",
    "khánh",
    "kian",
    "kiana",
    "kiara",
    "kidist",
    "kieran",
    "kiet",
    "kilian",
    "kim",
    "kimberly",
    "kimia",
    "kinga",
    "kipkemboi",
    "kiprono",
    "kiran",
    "kirill",
    "kirsi",
    "kirsteen",
    "kirsten",
    "kirsty",
    "kiệt",
    "kjell",
    "kjetil",
    "klaas",
    "klara",
    "klaudia",
    "klaus",
    "klára",
    "knut",
    "kobina",
    "koen",
    "kofi",
    "koichi",
    "koji",
    "kojo",
    "koldo",
    "kolya",
    "konrad",
    "konstantin",
    "konstantina",
    "konstantinos",
    "koray",
    "korbinian",
    "kostas",
    "kourosh",
    "krešimir",
    "krish",
    "krishna",
    "kristaps",
    "kristen",
    "kristin",
    "kristina",
    "kristjan",
    "kristján",
    "kristín",
    "kristóf",
    "kristýna",
    "kristīne",
    "krisztina",
    "krisztián",
    "krystyna",
    "kryštof",
    "krzysztof",
    "ksenia",
    "kseniya",
    "kudzai",
    "kuldeep",
    "kulwinder",
    "kumara",
    "kumari",
    "kumiko",
    "kunal",
    "kunle",
    "kurosh",
    "kurt",
    "kushtrim",
    "kwabena",
    "kwadwo",
    "kwaku",
    "kwame",
    "kwasi",
    "kweku",
    "kwesi",
    "kyle",
    "kylie",
    "kyoko",
    "kyriakos",
    "kyrylo",
    "kyung-soo",
    "kyungsoo",
    "kálmán",
    "károly",
    "kåre",
    "kübra",
    "külli",
    "kęstutis",
    "kıymet",
    "labinot",
    "lachlan",
    "ladan",
    "ladina",
    "ladislav",
    "lahiru",
    "laia",
    "laila",
    "laima",
    "laith",
    "lajos",
    "lakisha",
    "lakshman",
    "lakshmi",
    "lale",
    "laleh",
    "lalit",
    "lamar",
    "lamia",
    "lamine",
    "lamya",
    "landon",
    "lanre",
    "laquisha",
    "lara",
    "larisa",
    "larissa",
    "larry",
    "lars",
    "larysa",
    "lasith",
    "lassana",
    "lata",
    "latasha",
    "latifa",
    "latoya",
    "laura",
    "lauren",
    "laurențiu",
    "lauri",
    "lawrence",
    "layla",
    "lea",
    "leah",
    "leandro",
    "leela",
    "leena",
    "leevi",
    "lefteris",
    "lei",
    "leif",
    "leila",
    "leire",
    "lejla",
    "lemlem",
    "lena",
    "lene",
    "leni",
    "lenka",
    "lennart",
    "leo",
    "leon",
    "leonard",
    "leonardo",
    "leonhard",
    "leonid",
    "leonie",
    "leonor",
    "leonora",
    "leopold",
    "lerato",
    "leroy",
    "lesia",
    "leslie",
    "lester",
    "lesya",
    "leszek",
    "leticia",
    "letícia",
    "levent",
    "levente",
    "levi",
    "lewis",
    "leyla",
    "lia",
    "liam",
    "liane",
    "liang",
    "liaquat",
    "libor",
    "libuše",
    "lidija",
    "lieke",
    "lien",
    "liesel",
    "lieselotte",
    "lihua",
    "liis",
    "liisa",
    "lili",
    "liliia",
    "lilla",
    "lillian",
    "lilly",
    "lin",
    "lina",
    "linas",
    "linda",
    "lindiwe",
    "lindsay",
    "lindsey",
    "ling",
    "lingling",
    "linh",
    "linnea",
    "linus",
    "lio",
    "lipi",
    "liridon",
    "lisa",
    "lisanne",
    "lise",
    "liudmyla",
    "liv",
    "livio",
    "liviu",
    "liying",
    "liz",
    "liên",
    "ljiljana",
    "ljubica",
    "ljubomir",
    "llinos",
    "loes",
    "logan",
    "lorcan",
    "loredana",
    "lorena",
    "lorenz",
    "lorenzo",
    "lorna",
    "lorraine",
    "lorîn",
    "lothar",
    "lotta",
    "lotte",
    "loubna",
    "louie",
    "louis",
    "louisa",
    "louise",
    "lowri",
    "luan",
    "luana",
    "lubna",
    "luboš",
    "luca",
    "lucas",
    "lucia",
    "lucian",
    "luciana",
    "luciano",
    "lucie",
    "lucija",
    "lucio",
    "lucrezia",
    "lucy",
    "lucyna",
    "lucía",
    "ludmila",
    "ludovica",
    "ludvig",
    "ludwig",
    "luigi",
    "luis",
    "luisa",
    "luise",
    "luka",
    "lukas",
    "luke",
    "lukáš",
    "lulzim",
    "luminita",
    "luminița",
    "luna",
    "luong",
    "lurdes",
    "luther",
    "lutz",
    "luuk",
    "luzia",
    "luân",
    "luís",
    "lwazi",
    "lydia",
    "lynn",
    "lynne",
    "lyubomir",
    "lyubov",
    "lyudmila",
    "lyudmyla",
    "lászló",
    "lâm",
    "léa",
    "līga",
    "lương",
    "lộc",
    "maarja",
    "maarten",
    "maartje",
    "mabel",
    "maciej",
    "mackenzie",
    "madalina",
    "madhavi",
    "madhuri",
    "mads",
    "maeve",
    "magdalena",
    "magdolna",
    "maggie",
    "magnus",
    "magnús",
    "maha",
    "mahdi",
    "mahela",
    "mahendra",
    "mahesh",
    "mahinda",
    "mahlet",
    "mahmoud",
    "mahmudul",
    "mahmut",
    "mahnaz",
    "mahnoor",
    "mahsa",
    "mahtab",
    "maida",
    "maija",
    "maik",
    "maike",
    "maire",
    "mairéad",
    "maite",
    "maja",
    "majid",
    "makena",
    "makoto",
    "maksym",
    "mala",
    "malak",
    "malcolm",
    "malgorzata",
    "malick",
    "malik",
    "malika",
    "malin",
    "malini",
    "malte",
    "mamadou",
    "mamta",
    "manal",
    "mandla",
    "mandy",
    "manfred",
    "mani",
    "manish",
    "manisha",
    "manjit",
    "manoj",
    "manolis",
    "manon",
    "manpreet",
    "mansoor",
    "mansour",
    "mantas",
    "manuel",
    "manuela",
    "mara",
    "marc",
    "marcel",
    "marcell",
    "marcello",
    "marcelo",
    "marcia",
    "marcin",
    "marcio",
    "marco",
    "marcos",
    "marcus",
    "marek",
    "maren",
    "margaret",
    "margareta",
    "margarete",
    "margarida",
    "margarita",
    "margie",
    "margit",
    "margot",
    "margrét",
    "margus",
    "mari",
    "maria",
    "mariam",
    "mariama",
    "marian",
    "mariana",
    "marianne",
    "marie",
    "marieke",
    "mariela",
    "mariia",
    "marija",
    "mariko",
    "marilyn",
    "marina",
    "marinella",
    "mario",
    "marion",
    "marisa",
    "marit",
    "marius",
    "mariusz",
    "marián",
    "marja",
    "marjan",
    "marjorie",
    "mark",
    "markku",
    "marko",
    "markus",
    "markéta",
    "marleen",
    "marlene",
    "marlies",
    "marlon",
    "marquis",
    "marquise",
    "marta",
    "martha",
    "martijn",
    "martin",
    "martina",
    "martine",
    "martyna",
    "martín",
    "marvin",
    "marwan",
    "mary",
    "maryam",
    "masahiro",
    "masato",
    "masha",
    "masoud",
    "massimo",
    "massoud",
    "masud",
    "matej",
    "mateo",
    "mateusz",
    "matheus",
    "mathias",
    "mathilde",
    "matilda",
    "matilde",
    "matt",
    "matteo",
    "matthew",
    "matthias",
    "matti",
    "mattia",
    "mattias",
    "mattis",
    "matvei",
    "matúš",
    "matěj",
    "maureen",
    "maurice",
    "maurizio",
    "mauro",
    "max",
    "maxim",
    "maximilian",
    "maxine",
    "maya",
    "maysa",
    "mayumi",
    "mazen",
    "małgorzata",
    "mechthild",
    "meena",
    "meenakshi",
    "mees",
    "meg",
    "megan",
    "megumi",
    "mehdi",
    "mehmed",
    "mehmet",
    "mehrad",
    "mehran",
    "mehrdad",
    "mehreen",
    "mehwish",
    "mei",
    "meihua",
    "meike",
    "meiling",
    "meinir",
    "meinrad",
    "mekonnen",
    "melanie",
    "melchior",
    "melek",
    "melih",
    "melike",
    "melina",
    "melinda",
    "melissa",
    "melker",
    "meltem",
    "melvin",
    "mercedes",
    "mercè",
    "merel",
    "merhawi",
    "merhawit",
    "merike",
    "merima",
    "merja",
    "merle",
    "mert",
    "merve",
    "mervyn",
    "meryem",
    "meseret",
    "metin",
    "mette",
    "mhairi",
    "mia",
    "michael",
    "michaela",
    "michail",
    "michal",
    "michał",
    "michel",
    "michele",
    "michelle",
    "michèle",
    "midori",
    "miguel",
    "mihaela",
    "mihai",
    "mihály",
    "mika",
    "mikael",
    "mike",
    "mikel",
    "mikhail",
    "miki",
    "mikkel",
    "mikko",
    "miklós",
    "mikyung",
    "mila",
    "milad",
    "milada",
    "milagros",
    "milan",
    "milda",
    "mildred",
    "milena",
    "milica",
    "millie",
    "milorad",
    "miloš",
    "milán",
    "mimoza",
    "min-ji",
    "min-jun",
    "min-seo",
    "mina",
    "mindaugas",
    "ming",
    "mingyu",
    "minh",
    "minji",
    "minjun",
    "minna",
    "minoo",
    "minseo",
    "miodrag",
    "mira",
    "mircea",
    "mirela",
    "mirella",
    "miren",
    "miriam",
    "mirja",
    "mirjam",
    "mirjana",
    "mirko",
    "miroslav",
    "miroslava",
    "mirosław",
    "mirosława",
    "mirthe",
    "mirza",
    "misaki",
    "misha",
    "mitchell",
    "mitra",
    "mitzi",
    "miyuki",
    "mizanur",
    "mizgin",
    "miłosz",
    "mladen",
    "moa",
    "modou",
    "mohamed",
    "mohammad",
    "mohammed",
    "mohini",
    "mohit",
    "mohsen",
    "mohsin",
    "mojgan",
    "mojtaba",
    "molly",
    "mona",
    "monica",
    "monika",
    "monique",
    "montserrat",
    "morag",
    "morgan",
    "moritz",
    "morten",
    "morteza",
    "mostafa",
    "mostafizur",
    "mounia",
    "mounir",
    "mourad",
    "moussa",
    "mousumi",
    "moyo",
    "mpho",
    "mubashir",
    "mudassar",
    "mugur",
    "muhamed",
    "muhammad",
    "muhammet",
    "mukesh",
    "mulugeta",
    "munashe",
    "munir",
    "murali",
    "murat",
    "murdo",
    "murray",
    "musa",
    "mustafa",
    "mwangi",
    "mykhailo",
    "mykola",
    "myra",
    "myroslava",
    "myrthe",
    "myrto",
    "máire",
    "márcio",
    "mária",
    "márk",
    "máté",
    "märta",
    "mårten",
    "méabh",
    "mélanie",
    "mónica",
    "mónika",
    "müge",
    "mārtiņš",
    "mădălina",
    "nabil",
    "nabila",
    "naciye",
    "nadeeka",
    "nadeem",
    "nader",
    "nadezhda",
    "nadia",
    "nadiia",
    "nadim",
    "nadine",
    "nadiya",
    "nadja",
    "naeem",
    "naila",
    "naim",
    "naima",
    "najat",
    "najib",
    "nalini",
    "nana",
    "nanami",
    "nancy",
    "nandi",
    "nandini",
    "nando",
    "nanna",
    "naoki",
    "naoko",
    "naomi",
    "narendra",
    "naresh",
    "narîn",
    "nasim",
    "nasir",
    "nasrin",
    "nasser",
    "nassim",
    "nastya",
    "natalia",
    "natalie",
    "nataliia",
    "nataliya",
    "natalya",
    "natascha",
    "natasha",
    "nataša",
    "nathalie",
    "nathan",
    "nathaniel",
    "natálie",
    "navdeep",
    "naveed",
    "navid",
    "navya",
    "nawal",
    "nawel",
    "nazanin",
    "nazar",
    "nazdar",
    "nazia",
    "nazife",
    "nazlı",
    "nazma",
    "nazrul",
    "ndeye",
    "nebojša",
    "necati",
    "neda",
    "nedim",
    "neema",
    "neeraj",
    "negar",
    "negash",
    "neha",
    "neil",
    "nelson",
    "nenad",
    "nerea",
    "nerijus",
    "neringa",
    "nermin",
    "nermina",
    "neslihan",
    "nesrin",
    "neus",
    "nevena",
    "newroz",
    "newsha",
    "neşe",
    "nga",
    "ngan",
    "ngoc",
    "ngozi",
    "nguyet",
    "nguyệt",
    "ngân",
    "ngọc",
    "nhan",
    "nhat",
    "nhi",
    "nhien",
    "nhiên",
    "nhu",
    "nhung",
    "nhân",
    "nhật",
    "nia",
    "niall",
    "niamh",
    "nicholas",
    "nick",
    "nico",
    "nicola",
    "nicolae",
    "nicolas",
    "nicole",
    "nicoleta",
    "nicolás",
    "nida",
    "niels",
    "nienke",
    "nieves",
    "nigel",
    "nihad",
    "nihan",
    "nihat",
    "nii",
    "niilo",
    "niina",
    "nika",
    "nikhil",
    "niki",
    "nikita",
    "niklas",
    "nikola",
    "nikolai",
    "nikolaj",
    "nikolaos",
    "nikolaus",
    "nikolay",
    "nikos",
    "nikša",
    "nilay",
    "nilmini",
    "niloofar",
    "niloufar",
    "nils",
    "nilüfer",
    "nima",
    "nimal",
    "nina",
    "ning",
    "nino",
    "nirmala",
    "nirmalan",
    "nirosha",
    "nisa",
    "nisha",
    "nitin",
    "niyi",
    "njeri",
    "njoroge",
    "nkechi",
    "nkosinathi",
    "nnamdi",
    "nneka",
    "noah",
    "noelia",
    "noemi",
    "nokuthula",
    "nomvula",
    "nonso",
    "noor",
    "nora",
    "norbert",
    "noreen",
    "noriko",
    "norma",
    "notburga",
    "noud",
    "nour",
    "noura",
    "noureddine",
    "noémi",
    "nuala",
    "nuno",
    "nunzia",
    "nura",
    "nuray",
    "nurcan",
    "nuri",
    "nuria",
    "nurten",
    "nusrat",
    "nuwan",
    "nyambura",
    "nyasha",
    "nyokabi",
    "nóra",
    "núria",
    "nûda",
    "oana",
    "oanh",
    "obiageli",
    "obinna",
    "ochieng",
    "oda",
    "odhiambo",
    "odile",
    "oisin",
    "oisín",
    "okan",
    "okke",
    "oksana",
    "oktay",
    "ola",
    "olaf",
    "olav",
    "oldřich",
    "ole",
    "oleg",
    "oleksandr",
    "oleksii",
    "oleksiy",
    "olena",
    "olga",
    "olha",
    "oliver",
    "olivera",
    "olivia",
    "oliwia",
    "olli",
    "olof",
    "oluchi",
    "olufemi",
    "olumide",
    "oluwadamilare",
    "oluwaseun",
    "oluwatobi",
    "olya",
    "omar",
    "omer",
    "omid",
    "omondi",
    "ondřej",
    "onni",
    "onur",
    "onyango",
    "opeyemi",
    "orazio",
    "orhan",
    "oriol",
    "orla",
    "orlaith",
    "ornella",
    "orsolya",
    "ortwin",
    "osama",
    "oscar",
    "oskar",
    "osman",
    "ostap",
    "otieno",
    "otilia",
    "otmar",
    "ottavio",
    "ottilie",
    "ottmar",
    "otto",
    "oumar",
    "oumou",
    "ourania",
    "ousmane",
    "oussama",
    "outi",
    "ovidiu",
    "owain",
    "owen",
    "oyinda",
    "ozan",
    "oğuz",
    "pablo",
    "padma",
    "padraig",
    "paige",
    "palesa",
    "pallavi",
    "palle",
    "paloma",
    "pamela",
    "panagiota",
    "panagiotis",
    "pankaj",
    "panna",
    "paola",
    "paolo",
    "pape",
    "paraskevi",
    "pari",
    "parisa",
    "parminder",
    "parsa",
    "parvaneh",
    "parvati",
    "parviz",
    "pascal",
    "pasi",
    "pasquale",
    "patricia",
    "patrick",
    "patrik",
    "patrizia",
    "patrycja",
    "patryk",
    "patrícia",
    "patsy",
    "pau",
    "paul",
    "paula",
    "paulina",
    "pauline",
    "paulius",
    "paulo",
    "pavel",
    "pavlos",
    "pavol",
    "pawan",
    "paweł",
    "payam",
    "pedram",
    "pedro",
    "peeter",
    "pegah",
    "peggy",
    "pekka",
    "pelle",
    "perihan",
    "perry",
    "pervez",
    "perwin",
    "perwîn",
    "pete",
    "peter",
    "petr",
    "petra",
    "petri",
    "petro",
    "petros",
    "petruța",
    "petya",
    "peyman",
    "pezhman",
    "phil",
    "philip",
    "philipp",
    "philippa",
    "philippe",
    "phillip",
    "phoebe",
    "phong",
    "phu",
    "phuc",
    "phuong",
    "phyllis",
    "phát",
    "phú",
    "phúc",
    "phương",
    "pia",
    "pierluigi",
    "piero",
    "pierre",
    "piet",
    "pieter",
    "pietro",
    "pilar",
    "pina",
    "piotr",
    "piret",
    "pirjo",
    "pirmin",
    "piroska",
    "plamen",
    "poldi",
    "polina",
    "pooja",
    "poonam",
    "poul",
    "pouya",
    "prabhu",
    "pradeep",
    "prakash",
    "pranav",
    "praveen",
    "preben",
    "predrag",
    "preeti",
    "preston",
    "priit",
    "priya",
    "priyanka",
    "przemysław",
    "pushpa",
    "pyotr",
    "pádraig",
    "pál",
    "päivi",
    "péter",
    "pınar",
    "přemysl",
    "qasim",
    "qendrim",
    "qian",
    "qiang",
    "qing",
    "qingqing",
    "quan",
    "quang",
    "quentin",
    "quinn",
    "quirin",
    "quoc",
    "quyen",
    "quynh",
    "quyên",
    "quân",
    "quốc",
    "quỳnh",
    "rabia",
    "rachel",
    "rachid",
    "rachida",
    "radek",
    "radha",
    "radhika",
    "radim",
    "radka",
    "radmila",
    "radostina",
    "radosław",
    "radovan",
    "radu",
    "rafael",
    "rafał",
    "raffaele",
    "raffaella",
    "rafiq",
    "ragnar",
    "ragnheiður",
    "ragnhild",
    "raheel",
    "raheem",
    "rahel",
    "rahim",
    "rahul",
    "raimondo",
    "raimonds",
    "raimundo",
    "rainer",
    "raj",
    "rajan",
    "rajendra",
    "rajesh",
    "rajinder",
    "rajiv",
    "rakesh",
    "rakib",
    "ralf",
    "ralph",
    "raluca",
    "ramanathan",
    "ramazan",
    "ramesh",
    "rami",
    "ramin",
    "ramon",
    "ramona",
    "ramzi",
    "ramón",
    "rana",
    "randall",
    "randi",
    "randy",
    "rani",
    "rania",
    "ranjit",
    "raquel",
    "rasa",
    "rasha",
    "rashad",
    "rashed",
    "rashid",
    "rashida",
    "rashmi",
    "rasmus",
    "rastislav",
    "ratko",
    "raul",
    "ravi",
    "rawan",
    "raymond",
    "razvan",
    "raúl",
    "rebecca",
    "reber",
    "recep",
    "redouane",
    "reem",
    "refik",
    "refilwe",
    "regina",
    "reginald",
    "regula",
    "rehan",
    "rehana",
    "rehema",
    "reidar",
    "reiko",
    "reinhard",
    "reinhold",
    "rekha",
    "remedios",
    "ren",
    "renata",
    "renate",
    "renato",
    "rene",
    "renske",
    "renu",
    "rené",
    "resi",
    "reto",
    "revathi",
    "reyansh",
    "reza",
    "rezaul",
    "rhian",
    "rhiannon",
    "rhodri",
    "rhona",
    "rhonda",
    "rhys",
    "riad",
    "riaz",
    "ricarda",
    "ricardo",
    "riccarda",
    "riccardo",
    "richard",
    "richárd",
    "rick",
    "ricky",
    "rie",
    "riikka",
    "riina",
    "rik",
    "rikke",
    "riku",
    "riley",
    "rima",
    "rimantas",
    "rina",
    "rinesa",
    "rinor",
    "rishi",
    "risto",
    "rita",
    "ritu",
    "ritva",
    "riya",
    "riyad",
    "rizgar",
    "rizwan",
    "rob",
    "robert",
    "roberta",
    "roberto",
    "roberts",
    "robin",
    "rocco",
    "rocio",
    "rocío",
    "rodney",
    "rodrigo",
    "roger",
    "rogerio",
    "rogério",
    "rohan",
    "rohini",
    "rohit",
    "roisin",
    "rojda",
    "rojhat",
    "rojin",
    "rokas",
    "rokeya",
    "rokhaya",
    "roland",
    "rolf",
    "roman",
    "romana",
    "romuald",
    "ron",
    "ronahi",
    "ronahî",
    "ronald",
    "ronan",
    "rong",
    "ronja",
    "ronnie",
    "rory",
    "rosa",
    "rosalba",
    "rosanna",
    "rosario",
    "rosemarie",
    "roshni",
    "rosi",
    "rosie",
    "rosl",
    "rossella",
    "rostam",
    "rosário",
    "roula",
    "roxana",
    "roy",
    "roya",
    "rozerin",
    "rozália",
    "ruairi",
    "ruairí",
    "ruaridh",
    "ruba",
    "ruben",
    "rubina",
    "rubén",
    "ruchi",
    "rudo",
    "rudolf",
    "rui",
    "rukhsana",
    "rukiye",
    "ruksana",
    "ruoxi",
    "rupa",
    "rupinder",
    "ruslan",
    "russ",
    "russell",
    "rutendo",
    "rutger",
    "ruth",
    "ruwan",
    "ružica",
    "ryan",
    "ryder",
    "ryo",
    "ryota",
    "ryszard",
    "réka",
    "rêber",
    "rêzan",
    "róbert",
    "róisín",
    "rösli",
    "rüdiger",
    "răzvan",
    "rıza",
    "rūta",
    "růžena",
    "saad",
    "saadet",
    "saanvi",
    "saba",
    "sabah",
    "sabbir",
    "sabiha",
    "sabina",
    "sabine",
    "sabri",
    "sabrina",
    "sachiko",
    "sachin",
    "sachini",
    "sadia",
    "sadie",
    "saeed",
    "safa",
    "sahar",
    "sahil",
    "sai",
    "saida",
    "saima",
    "sajid",
    "sakshi",
    "sakura",
    "salah",
    "saleh",
    "salif",
    "salih",
    "salim",
    "sally",
    "salma",
    "salman",
    "salvatore",
    "salwa",
    "sam",
    "samah",
    "saman",
    "samantha",
    "sameer",
    "samer",
    "sami",
    "samia",
    "samina",
    "samir",
    "samira",
    "samuel",
    "sana",
    "sanath",
    "sanaz",
    "sandeep",
    "sander",
    "sandra",
    "sandro",
    "sanduni",
    "sang-woo",
    "sangeeta",
    "sangwoo",
    "saniye",
    "sanja",
    "sanjay",
    "sanna",
    "sanne",
    "saoirse",
    "saori",
    "sapna",
    "sara",
    "sarah",
    "sarfraz",
    "sarita",
    "sascha",
    "sasha",
    "saskia",
    "sathees",
    "satish",
    "satoshi",
    "satu",
    "saulius",
    "saurabh",
    "savita",
    "sawsan",
    "sayaka",
    "saša",
    "scarlett",
    "scott",
    "sead",
    "seamus",
    "sean",
    "sebastian",
    "sebastiao",
    "sebastião",
    "sedat",
    "seema",
    "segun",
    "sejad",
    "sekou",
    "selam",
    "selamawit",
    "selim",
    "selin",
    "selina",
    "seline",
    "selma",
    "selvam",
    "selçuk",
    "semere",
    "semih",
    "semira",
    "semra",
    "semyon",
    "senad",
    "senada",
    "senait",
    "senan",
    "senay",
    "senna",
    "senthil",
    "seo-yeon",
    "seo-yun",
    "seoyeon",
    "seoyun",
    "sepehr",
    "sepideh",
    "sepp",
    "seppl",
    "seppo",
    "seraina",
    "serap",
    "sercan",
    "serdar",
    "serena",
    "sergei",
    "sergey",
    "sergi",
    "sergio",
    "sergiu",
    "serhat",
    "serhii",
    "serhiy",
    "serkan",
    "serpil",
    "sertaç",
    "seryozha",
    "setareh",
    "seth",
    "seung-hoon",
    "seunghoon",
    "sevda",
    "severin",
    "sevgi",
    "sevil",
    "sevim",
    "sevinç",
    "seydou",
    "seynabou",
    "shabana",
    "shabnam",
    "shadi",
    "shafiqul",
    "shahid",
    "shahin",
    "shahla",
    "shahnaz",
    "shahram",
    "shahzad",
    "shakeel",
    "shakil",
    "shalini",
    "shameka",
    "shamila",
    "shamim",
    "shamima",
    "shan",
    "shane",
    "shanelle",
    "shanice",
    "shanika",
    "shaniqua",
    "shankar",
    "shannon",
    "shanti",
    "shaquille",
    "sharif",
    "sharmila",
    "sharmin",
    "sharon",
    "shaun",
    "shauna",
    "shaurya",
    "shawn",
    "shawna",
    "shay",
    "shazia",
    "sheila",
    "shelby",
    "shelley",
    "shereen",
    "sherko",
    "sherman",
    "shervin",
    "shilpa",
    "shinji",
    "shiori",
    "shirin",
    "shirley",
    "shiva",
    "shivam",
    "shkelzen",
    "sho",
    "shoaib",
    "shobha",
    "shona",
    "shota",
    "shqipe",
    "shreya",
    "shruti",
    "shu",
    "shuang",
    "shubham",
    "shunsuke",
    "shweta",
    "siamak",
    "sian",
    "siavash",
    "sibel",
    "sibusiso",
    "siddharth",
    "sidney",
    "sidra",
    "sidy",
    "siegfried",
    "siem",
    "sietske",
    "sigmund",
    "signe",
    "sigrid",
    "sigríður",
    "sigrún",
    "sigurd",
    "sigurður",
    "siham",
    "siim",
    "silje",
    "silke",
    "silvan",
    "silvia",
    "silvie",
    "silvio",
    "silviu",
    "silviya",
    "sima",
    "simba",
    "simin",
    "simon",
    "simona",
    "simone",
    "simran",
    "simranjit",
    "sina",
    "sinan",
    "sindre",
    "sinead",
    "sinh",
    "siniša",
    "sinéad",
    "siobhan",
    "siobhán",
    "sipan",
    "sipho",
    "sirpa",
    "sita",
    "siv",
    "sivakumar",
    "sivanesan",
    "sixten",
    "siyabonga",
    "sizwe",
    "siân",
    "sjoerd",
    "sladjana",
    "slavica",
    "slavomír",
    "slađana",
    "slobodan",
    "smita",
    "sneha",
    "snezhana",
    "snežana",
    "snjezana",
    "sobia",
    "sofia",
    "sofiane",
    "sofie",
    "sofiia",
    "sofya",
    "sofía",
    "sohail",
    "sohee",
    "soheil",
    "soheila",
    "sola",
    "soledad",
    "solomiia",
    "solomiya",
    "solomon",
    "solveig",
    "somtochukwu",
    "songül",
    "sonia",
    "sonja",
    "soo-jin",
    "soojin",
    "sophia",
    "sophie",
    "soraya",
    "sorcha",
    "sorin",
    "sorina",
    "soroush",
    "sota",
    "sotiris",
    "souad",
    "soufiane",
    "souleymane",
    "sowmya",
    "soyeon",
    "soňa",
    "spyridon",
    "spyros",
    "srinivas",
    "sriram",
    "srđan",
    "stacey",
    "staffan",
    "stana",
    "stanislav",
    "stanisław",
    "stanisława",
    "stanley",
    "stavros",
    "stavroula",
    "stefan",
    "stefania",
    "stefanie",
    "stefano",
    "steffen",
    "steffi",
    "stefán",
    "steinar",
    "stelian",
    "stelios",
    "stella",
    "stepan",
    "stephan",
    "stephanie",
    "stephen",
    "stevan",
    "steve",
    "steven",
    "stian",
    "stig",
    "stijn",
    "stina",
    "stipe",
    "stoyan",
    "struan",
    "stuart",
    "stylianos",
    "su-bin",
    "suad",
    "subin",
    "subramanian",
    "sudabeh",
    "sudha",
    "sudhir",
    "sue",
    "suha",
    "sujata",
    "sukhdeep",
    "sukhwinder",
    "sulaiman",
    "suleiman",
    "sultana",
    "suman",
    "sumaya",
    "sumit",
    "sunaina",
    "sunanda",
    "sung-min",
    "sungmin",
    "sunhee",
    "sunil",
    "sunita",
    "sunniva",
    "supriya",
    "surendra",
    "suresh",
    "susan",
    "susana",
    "susanne",
    "sushma",
    "suzana",
    "svein",
    "sven",
    "svenja",
    "sveta",
    "svetlana",
    "svitlana",
    "swantje",
    "swathi",
    "swati",
    "swen",
    "sybille",
    "sylvia",
    "sylwia",
    "szabolcs",
    "szilvia",
    "szymon",
    "sándor",
    "séamus",
    "séan",
    "sérgio",
    "sónia",
    "søren",
    "süleyman",
    "sławomir",
    "sơn",
    "tabitha",
    "tadas",
    "tadesse",
    "tadeusz",
    "tadhg",
    "taehyung",
    "taeyang",
    "tafadzwa",
    "taha",
    "tahani",
    "tahir",
    "tahira",
    "tahmina",
    "tahsin",
    "taiwo",
    "takashi",
    "takeshi",
    "takudzwa",
    "takumi",
    "takuya",
    "tam",
    "tamara",
    "tameka",
    "tamer",
    "tamika",
    "tamme",
    "tammy",
    "tamás",
    "tanaka",
    "taner",
    "tanisha",
    "tanja",
    "tanveer",
    "tanvi",
    "tanvir",
    "tanya",
    "tapio",
    "tapiwa",
    "tara",
    "taraneh",
    "taras",
    "tarek",
    "tarik",
    "tariq",
    "tarja",
    "tarun",
    "tarık",
    "taslima",
    "tatenda",
    "tatiana",
    "tatjana",
    "tatsuya",
    "tatyana",
    "tayfun",
    "taylan",
    "taylor",
    "ted",
    "teemu",
    "tegan",
    "tejinder",
    "tekle",
    "temitope",
    "tena",
    "tendai",
    "teodora",
    "terence",
    "teresa",
    "tereza",
    "terje",
    "terrell",
    "terry",
    "terézia",
    "tesfalem",
    "tesfaye",
    "tessa",
    "tetiana",
    "tetsuya",
    "tetyana",
    "teun",
    "teuta",
    "tevfik",
    "tevin",
    "tewodros",
    "thabo",
    "thanasis",
    "thandeka",
    "thandiwe",
    "thang",
    "thanh",
    "thanos",
    "thao",
    "tharindu",
    "tharsini",
    "tharushi",
    "thea",
    "themba",
    "theo",
    "theodora",
    "theodore",
    "theodoros",
    "theresa",
    "therese",
    "thevaki",
    "thiago",
    "thien",
    "thierno",
    "thijs",
    "thilina",
    "thilini",
    "thilo",
    "thinh",
    "thiện",
    "thoa",
    "thomas",
    "thor",
    "thorsten",
    "thuan",
    "thulani",
    "thuy",
    "thuận",
    "thái",
    "thúy",
    "thảo",
    "thắng",
    "thịnh",
    "thủy",
    "tiago",
    "tian",
    "tibor",
    "tien",
    "tiernan",
    "tiffany",
    "tigist",
    "tiina",
    "tiit",
    "tijana",
    "tijmen",
    "tilly",
    "tilo",
    "tim",
    "timo",
    "timothy",
    "timur",
    "tina",
    "tinashe",
    "titilayo",
    "tiziana",
    "tiziano",
    "tiến",
    "toan",
    "tobenna",
    "tobias",
    "toby",
    "todd",
    "todor",
    "tolga",
    "tolulope",
    "tom",
    "tomas",
    "tomasz",
    "tomislav",
    "tommaso",
    "tommy",
    "tomoko",
    "tomomi",
    "tomás",
    "tomáš",
    "toni",
    "tonje",
    "tony",
    "toomas",
    "torben",
    "torbjörn",
    "torill",
    "torquil",
    "torstein",
    "torsten",
    "toshio",
    "touria",
    "tove",
    "toàn",
    "tracey",
    "tracy",
    "traian",
    "trang",
    "travis",
    "trayvon",
    "treasa",
    "tremaine",
    "trevor",
    "trieu",
    "triin",
    "trine",
    "trinh",
    "trisha",
    "triệu",
    "trond",
    "troy",
    "truc",
    "trudi",
    "trung",
    "trygve",
    "trí",
    "trúc",
    "tsion",
    "tsitsi",
    "tsvetan",
    "tsvetelina",
    "tuan",
    "tumelo",
    "tuncay",
    "tuncer",
    "tunde",
    "tung",
    "tuomas",
    "tuong",
    "turan",
    "turgay",
    "turid",
    "tushar",
    "tuula",
    "tuulikki",
    "tuva",
    "tuyet",
    "tuyết",
    "tuğba",
    "tuấn",
    "tyesha",
    "tygo",
    "tyler",
    "tymon",
    "tyreek",
    "tyrese",
    "tyrone",
    "tài",
    "tâm",
    "tân",
    "tímea",
    "tõnu",
    "tùng",
    "tülay",
    "tülin",
    "türkan",
    "tường",
    "uchechi",
    "uchenna",
    "uday",
    "udo",
    "ueli",
    "ufuk",
    "ugnė",
    "ugo",
    "ulf",
    "uli",
    "uliana",
    "ulla",
    "ulrich",
    "ulrika",
    "ulrike",
    "ulyana",
    "uma",
    "umair",
    "umar",
    "umberto",
    "umut",
    "unai",
    "unni",
    "upeksha",
    "upul",
    "urmas",
    "urmila",
    "urs",
    "ursin",
    "ursula",
    "urszula",
    "usama",
    "uschi",
    "usha",
    "usman",
    "uta",
    "ute",
    "uwe",
    "uyen",
    "uyên",
    "uzma",
    "uzoma",
    "uğur",
    "uğurcan",
    "vadim",
    "vadym",
    "vahid",
    "vaidas",
    "vaishali",
    "valbona",
    "valdis",
    "valentin",
    "valentina",
    "valentyn",
    "valeria",
    "valerie",
    "valerio",
    "valery",
    "valmir",
    "valon",
    "valtteri",
    "vandana",
    "vanessa",
    "vangelis",
    "vania",
    "vanya",
    "varsha",
    "varun",
    "varvara",
    "vasil",
    "vasile",
    "vasileios",
    "vasiliki",
    "vasilis",
    "vaso",
    "vasyl",
    "vedat",
    "veer",
    "veerle",
    "vegard",
    "veikko",
    "veit",
    "veli",
    "velimir",
    "vendela",
    "venkat",
    "venkatesh",
    "vera",
    "verena",
    "vernon",
    "veronica",
    "veronika",
    "verónica",
    "vesela",
    "vesna",
    "vicente",
    "victor",
    "victoria",
    "vidya",
    "viet",
    "vigdis",
    "viggo",
    "vignesh",
    "vihaan",
    "vijay",
    "vikas",
    "vikram",
    "viktor",
    "viktoria",
    "viktoriia",
    "viktoriya",
    "viktória",
    "vildan",
    "ville",
    "vilma",
    "vilmos",
    "vimbai",
    "vinay",
    "vincent",
    "vincenza",
    "vincenzo",
    "vinh",
    "vinicius",
    "vinod",
    "vinzenz",
    "vinícius",
    "violeta",
    "viorel",
    "virgil",
    "virág",
    "visar",
    "vishal",
    "vitalii",
    "vitaliy",
    "vithusha",
    "vitor",
    "vittoria",
    "vittorio",
    "vivaan",
    "vivek",
    "vivian",
    "vivien",
    "višnja",
    "việt",
    "vjosa",
    "vladan",
    "vladimir",
    "vladimír",
    "vladimíra",
    "vladislav",
    "vlado",
    "vlastimil",
    "vlora",
    "vojtěch",
    "volkan",
    "volker",
    "volodymyr",
    "voula",
    "vova",
    "vreni",
    "vroni",
    "vsevolod",
    "vyacheslav",
    "vytautas",
    "václav",
    "vânia",
    "väinö",
    "víctor",
    "vít",
    "vítor",
    "văn",
    "věra",
    "wael",
    "wafaa",
    "wafae",
    "waheed",
    "wajid",
    "walburga",
    "waldemar",
    "waleed",
    "walid",
    "walpurga",
    "walter",
    "walther",
    "waltraud",
    "wambui",
    "wanda",
    "wanjiku",
    "wanjiru",
    "waqas",
    "warren",
    "waseem",
    "wastl",
    "wayne",
    "wei",
    "weijie",
    "weiwei",
    "wekesa",
    "welat",
    "wendelin",
    "wendy",
    "wenjun",
    "wenwen",
    "werner",
    "weronika",
    "wesley",
    "whitney",
    "widad",
    "wiebke",
    "wiesław",
    "wiesława",
    "wiktor",
    "wiktoria",
    "wilbur",
    "wilfried",
    "wilhelm",
    "wilhelmina",
    "wilhelmine",
    "willem",
    "willemijn",
    "willi",
    "william",
    "willie",
    "willy",
    "wilma",
    "wim",
    "winfried",
    "winifred",
    "wissam",
    "witold",
    "wojciech",
    "wolfgang",
    "wolfram",
    "wondimu",
    "wouter",
    "wyatt",
    "władysław",
    "władysława",
    "xabier",
    "xanthi",
    "xaver",
    "xavier",
    "xebat",
    "xia",
    "xiang",
    "xiao",
    "xiaohong",
    "xiaojun",
    "xiaoli",
    "xiaoling",
    "xiaoming",
    "xiaowei",
    "xiaoyan",
    "ximena",
    "xin",
    "xinyi",
    "xiuying",
    "xuan",
    "xue",
    "xuân",
    "yaa",
    "yahya",
    "yakup",
    "yamato",
    "yamini",
    "yan",
    "yannick",
    "yannis",
    "yanyan",
    "yara",
    "yaroslav",
    "yaryna",
    "yasaman",
    "yasemin",
    "yash",
    "yasin",
    "yasir",
    "yasmeen",
    "yasmin",
    "yasmina",
    "yasmine",
    "yasser",
    "yassin",
    "yassine",
    "yating",
    "yavuz",
    "yağmur",
    "yaşar",
    "yegor",
    "yekaterina",
    "yelena",
    "yeliz",
    "yemane",
    "yemi",
    "yeon-woo",
    "yetunde",
    "yevgenia",
    "yevgeny",
    "yevhen",
    "yevheniia",
    "yeşim",
    "yiannis",
    "yifan",
    "yihan",
    "ying",
    "yinka",
    "yiğit",
    "yngve",
    "yoana",
    "yohannes",
    "yoko",
    "yolanda",
    "yonas",
    "yong",
    "yoona",
    "yordan",
    "yordanka",
    "yordanos",
    "yoshiko",
    "yoshio",
    "yoshiro",
    "younes",
    "youness",
    "young-ho",
    "younghee",
    "youngho",
    "yousef",
    "youssef",
    "youssou",
    "yue",
    "yuhang",
    "yui",
    "yuka",
    "yuki",
    "yuko",
    "yulia",
    "yuliia",
    "yuliya",
    "yumi",
    "yumiko",
    "yuming",
    "yun",
    "yuna",
    "yunus",
    "yuqi",
    "yuri",
    "yurii",
    "yuriko",
    "yuriy",
    "yusuf",
    "yusuke",
    "yuting",
    "yuto",
    "yutong",
    "yuxuan",
    "yuying",
    "yvonne",
    "yücel",
    "yıldız",
    "yılmaz",
    "yến",
    "zachary",
    "zack",
    "zafar",
    "zafer",
    "zahid",
    "zahra",
    "zaid",
    "zainab",
    "zakaria",
    "zakariya",
    "zakhar",
    "zalán",
    "zane",
    "zanele",
    "zawadi",
    "zayd",
    "zaynab",
    "zbigniew",
    "zbyněk",
    "zdeněk",
    "zdeňka",
    "zdravko",
    "zdzisław",
    "zdzisława",
    "zeeshan",
    "zehra",
    "zeinab",
    "zeki",
    "zenon",
    "zerina",
    "zerrin",
    "zewdu",
    "zeynep",
    "zhanna",
    "zhen",
    "zheng",
    "zhenya",
    "zhi",
    "zhihao",
    "zhihua",
    "zhiqiang",
    "zhiwei",
    "zhiyuan",
    "ziad",
    "zihan",
    "zihao",
    "zilan",
    "zineb",
    "zinhle",
    "zita",
    "zixuan",
    "ziyad",
    "zlatko",
    "zodwa",
    "zoe",
    "zoey",
    "zofia",
    "zohreh",
    "zola",
    "zoltán",
    "zoran",
    "zoriana",
    "zorica",
    "zoubir",
    "zoya",
    "zozan",
    "zoë",
    "zrinka",
    "zsolt",
    "zsuzsanna",
    "zsófi",
    "zsófia",
    "zubair",
    "zuhal",
    "zuzana",
    "zuzanna",
    "zvonimir",
    "zübeyde",
    "àlex",
    "ádám",
    "ágnes",
    "álvaro",
    "ángel",
    "ángeles",
    "árni",
    "áron",
    "åke",
    "åsa",
    "åse",
    "çağlar",
    "éabha",
    "éamon",
    "éva",
    "ólafur",
    "óscar",
    "ödön",
    "ömer",
    "özgür",
    "özlem",
    "øystein",
    "øyvind",
    "úna",
    "ümit",
    "ümran",
    "þór",
    "þóra",
    "điệp",
    "đorđe",
    "đạt",
    "đức",
    "ľubomír",
    "ľuboš",
    "ľudmila",
    "łukasz",
    "şahin",
    "şenay",
    "şerife",
    "şeyma",
    "şirin",
    "şule",
    "şêrko",
    "şükran",
    "şükrü",
    "šime",
    "šimon",
    "štefan",
    "štěpán",
    "šárka",
    "žarko",
    "željka",
    "željko",
    "žygimantas",
    "ștefan",
];
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "account",
    "admin",
    "administrator",
    "after",
    "ag",
    "again",
    "agent",
    "all",
    "alle",
    "allen",
    "also",
    "am",
    "amazon",
    "an",
    "and",
    "anders",
    "angezeigt",
    "anyone",
    "anytime",
    "apple",
    "april",
    "are",
    "as",
    "asap",
    "assistant",
    "assistent",
    "assistentin",
    "at",
    "auch",
    "auf",
    "august",
    "aus",
    "back",
    "bald",
    "bei",
    "bescheid",
    "besitzer",
    "besitzerin",
    "best",
    "bestellung",
    "bin",
    "bis",
    "bitte",
    "bot",
    "but",
    "by",
    "bye",
    "can",
    "cannot",
    "card",
    "changed",
    "chatbot",
    "cheers",
    "ciao",
    "co",
    "could",
    "customer",
    "da",
    "damen",
    "dank",
    "danke",
    "dann",
    "das",
    "dass",
    "dear",
    "december",
    "dem",
    "den",
    "der",
    "des",
    "deutsch",
    "dezember",
    "die",
    "dienstag",
    "dies",
    "diese",
    "dieser",
    "different",
    "displayed",
    "doch",
    "donnerstag",
    "du",
    "ein",
    "eine",
    "einem",
    "einen",
    "einer",
    "englisch",
    "english",
    "es",
    "everybody",
    "everyone",
    "falsch",
    "februar",
    "february",
    "folks",
    "for",
    "frage",
    "freitag",
    "freundliche",
    "freundlichen",
    "friday",
    "from",
    "für",
    "german",
    "gern",
    "gerne",
    "geschrieben",
    "gestern",
    "geändert",
    "gleich",
    "gmbh",
    "google",
    "gruß",
    "grüße",
    "guys",
    "hallo",
    "hat",
    "have",
    "he",
    "hello",
    "help",
    "her",
    "here",
    "herren",
    "heute",
    "hey",
    "hi",
    "hier",
    "hilfe",
    "his",
    "how",
    "i",
    "ich",
    "ihnen",
    "ihr",
    "ihre",
    "im",
    "in",
    "inc",
    "incorrect",
    "inhaber",
    "inhaberin",
    "interessiert",
    "interested",
    "invoice",
    "is",
    "ist",
    "it",
    "its",
    "ja",
    "januar",
    "january",
    "jetzt",
    "juli",
    "july",
    "june",
    "juni",
    "just",
    "kann",
    "karte",
    "kein",
    "keine",
    "kg",
    "kind",
    "konto",
    "korrekt",
    "kunde",
    "kundendienst",
    "kundenservice",
    "kundin",
    "können",
    "later",
    "leute",
    "liebe",
    "lieber",
    "lieferung",
    "llc",
    "ltd",
    "madam",
    "madame",
    "mai",
    "mal",
    "man",
    "march",
    "me",
    "mein",
    "meine",
    "member",
    "microsoft",
    "mir",
    "missing",
    "misspelled",
    "misspelt",
    "mit",
    "mitarbeiter",
    "mitarbeiterin",
    "mitglied",
    "mittwoch",
    "moin",
    "monday",
    "montag",
    "morgen",
    "my",
    "märz",
    "nach",
    "neu",
    "neukunde",
    "new",
    "nicht",
    "no",
    "noch",
    "nochmal",
    "not",
    "november",
    "now",
    "nur",
    "ob",
    "october",
    "oder",
    "of",
    "ok",
    "okay",
    "oktober",
    "on",
    "or",
    "order",
    "our",
    "paket",
    "paypal",
    "problem",
    "rechnung",
    "regards",
    "rentner",
    "rentnerin",
    "samstag",
    "saturday",
    "sehr",
    "september",
    "service",
    "servus",
    "she",
    "shown",
    "sie",
    "sind",
    "sir",
    "so",
    "sofort",
    "some",
    "sonntag",
    "soon",
    "sorry",
    "spelled",
    "spelt",
    "später",
    "stammkunde",
    "student",
    "studentin",
    "sunday",
    "support",
    "team",
    "thank",
    "thanks",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "thursday",
    "to",
    "today",
    "tomorrow",
    "tonight",
    "tschüss",
    "tuesday",
    "ug",
    "unbekannt",
    "und",
    "unknown",
    "uns",
    "unser",
    "unsere",
    "us",
    "via",
    "viele",
    "vielen",
    "vom",
    "von",
    "vor",
    "was",
    "we",
    "wednesday",
    "welt",
    "were",
    "what",
    "when",
    "where",
    "which",
    "who",
    "why",
    "will",
    "wir",
    "wird",
    "with",
    "world",
    "would",
    "written",
    "wrong",
    "yes",
    "yesterday",
    "you",
    "your",
    "zu",
    "zum",
    "zur",
    "zurück",
    "zusammen",
    "übermorgen",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The compile-time word sets hold every entry of their list and
    /// nothing else.
    #[test]
    fn word_sets_match_their_lists() {
        for (list, contains) in [
            (
                FIRST_NAMES,
                (|w| FIRST_NAMES_SET.contains(w)) as fn(&str) -> bool,
            ),
            (&STOPWORDS_ALL, |w| STOPWORD_SET.contains(w)),
        ] {
            for entry in list {
                assert!(contains(entry), "{entry:?}");
                for other in [
                    format!("{entry}x"),
                    format!("x{entry}"),
                    entry.to_uppercase(),
                ] {
                    assert_eq!(
                        contains(&other),
                        list.contains(&other.as_str()),
                        "{other:?}"
                    );
                }
            }
            assert!(!contains(""));
        }
    }

    /// The month filter never rules out a month: every entry, at the start
    /// of a text (alone or followed by more), passes it.
    #[test]
    fn month_filter_has_no_false_negatives() {
        let (list, filter) = (
            super::super::date::tests_months(),
            super::super::date::tests_months_filter(),
        );
        for entry in list {
            for text in [
                entry.to_string(),
                format!("{entry} Anna"),
                format!("{entry}x"),
            ] {
                let t = Text::new(&text);
                assert!(t.may_start(0, &filter), "{entry:?}");
                let upper = Text::new(&text.to_uppercase());
                if upper.len() == t.len() {
                    assert!(upper.may_start(0, &filter), "{entry:?} upper");
                }
            }
        }
        // And it does filter.
        assert!(!Text::new("qwerty").may_start(0, &filter));
    }

    /// The cue look-up by leading word finds exactly what a search of the
    /// sorted list finds, at every position of the test texts and of texts
    /// made of the entries themselves.
    #[test]
    fn cue_lists_match_the_sorted_search() {
        fn reference(t: &Text, i: usize, list: &[&'static str]) -> Option<&'static str> {
            let mut longest = None;
            t.sorted_prefixes(i, list, |p| {
                if !p.ends_with(char::is_alphanumeric) || t.boundary_after(i + p.chars().count()) {
                    longest = Some(p);
                }
            });
            longest
        }
        type LookUp = dyn Fn(&Text, usize) -> Option<&'static str>;
        let lists: [(&[&'static str], &LookUp); 17] = [
            // As `persons` looks them up.
            (TITLES, &|t, i| {
                TITLES_AT.longest_paired(t, i, t.start_pair(i), &mut None)
            }),
            (STRONG_INTROS, &|t, i| {
                STRONG_INTROS_AT.longest_paired(t, i, t.start_pair(i), &mut None)
            }),
            (WEAK_INTROS, &|t, i| {
                WEAK_INTROS_AT.longest_paired(t, i, t.start_pair(i), &mut None)
            }),
            (POSSESSIVES, &|t, i| {
                POSSESSIVES_AT.longest_paired(t, i, t.start_pair(i), &mut None)
            }),
            (TITLES, &|t, i| TITLES_AT.longest_at(t, i)),
            (TITLE_BRANDS, &|t, i| TITLE_BRANDS_AT.longest_at(t, i)),
            (TITLE_WORDS, &|t, i| TITLE_WORDS_AT.longest_at(t, i)),
            (STRONG_INTROS, &|t, i| STRONG_INTROS_AT.longest_at(t, i)),
            (SPEAKER_LABELS, &|t, i| SPEAKER_LABELS_AT.longest_at(t, i)),
            (WEAK_INTROS, &|t, i| WEAK_INTROS_AT.longest_at(t, i)),
            (POSSESSIVES, &|t, i| POSSESSIVES_AT.longest_at(t, i)),
            (KIN, &|t, i| KIN_AT.longest_at(t, i)),
            (GREETINGS, &|t, i| GREETINGS_AT.longest_at(t, i)),
            (SIGNOFFS, &|t, i| SIGNOFFS_AT.longest_at(t, i)),
            (STREET_PREFIXES, &|t, i| STREET_PREFIXES_AT.longest_at(t, i)),
            (ADDRESS_CUES, &|t, i| ADDRESS_CUES_AT.longest_at(t, i)),
            (FILLERS, &|t, i| FILLERS_AT.longest_at(t, i)),
        ];
        let mut texts: Vec<String> = [
            include_str!("../../tests/data/pii/chat_de_en.jsonl"),
            include_str!("../../tests/data/pii/chat_hard.jsonl"),
            include_str!("../../tests/data/pii/blind_de_en.jsonl"),
        ]
        .iter()
        .flat_map(|raw| raw.lines())
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
        let mut hits = 0;
        for (list, _) in &lists {
            // Every non-ASCII character of a cue is a letter or one of the
            // punctuation marks `leading_word_len` knows.
            for entry in *list {
                for c in entry.chars().filter(|c| !c.is_ascii()) {
                    assert!(
                        c.is_alphanumeric() || matches!(c, '’' | '‘' | '–' | '—' | '\u{a0}'),
                        "{entry:?}"
                    );
                }
                for text in [
                    entry.to_string(),
                    format!("{entry} Anna"),
                    format!("{entry}x"),
                    format!("{entry}. x"),
                    format!("x {entry}’s"),
                    format!("{entry}\u{a0}Anna"),
                ] {
                    texts.push(text.to_uppercase());
                    texts.push(text);
                }
            }
        }
        for text in &texts {
            let t = Text::new(text);
            for i in 0..=t.len() {
                for (list, look_up) in &lists {
                    let expected = reference(&t, i, list);
                    assert_eq!(look_up(&t, i), expected, "{text:?} at {i}");
                    hits += usize::from(expected.is_some());
                }
            }
        }
        assert!(hits > 1000, "only {hits} cues found");
    }

    /// `SuffixEnds` never rules out a word that a street suffix ends, with
    /// or without a dot after it.
    #[test]
    fn suffix_ends_have_no_false_negatives() {
        let mut words: Vec<String> = Vec::new();
        for s in STREET_SUFFIXES.iter().chain(SHORT_SUFFIXES) {
            let bare = s.trim_end_matches('.');
            for w in [
                s.to_string(),
                bare.to_string(),
                format!("haupt{s}"),
                format!("x{bare}"),
            ] {
                words.push(w);
            }
        }
        words.extend(
            [
                "hauptstr", "gate", "ab", "a", "", "tér", "út", "grüß", "weg", "ß", "ú",
            ]
            .map(String::from),
        );
        // And every word of the test corpora.
        for text in super::super::text::test_corpus() {
            let t = Text::new(&text);
            for i in (0..t.len()).filter(|&i| t.boundary_before(i)) {
                words.push(lower_word(&t, i, word_end(&t, i)).to_string());
            }
        }
        for w in &words {
            for dotted in [false, true] {
                let w_dot = if dotted { format!("{w}.") } else { w.clone() };
                let any = STREET_SUFFIXES.iter().any(|s| {
                    ends_with(w, s) || ends_with(&w_dot, s) || *s == w.as_str() || *s == w_dot
                });
                if any {
                    let chars: Vec<char> = w.chars().collect();
                    assert!(SUFFIX_ENDS.may_end(&chars, dotted), "{w:?} {dotted}");
                }
            }
        }
        assert!(!SUFFIX_ENDS.may_end(&['h', 'a', 'l', 'l', 'o'], false));
        assert!(!SUFFIX_ENDS.may_end(&['h', 'a', 'l', 'l', 'o'], true));
    }

    #[test]
    fn first_name_index_finds_every_name() {
        for name in FIRST_NAMES {
            assert!(FIRST_NAMES_SET.contains(name), "{name}");
            let chars: Vec<char> = name.chars().collect();
            assert!(FIRST_NAMES_SET.contains_chars(&chars), "{name}");
        }
        for w in ["", "qwerty", "zzzzz", "ä", "mark2"] {
            assert!(!FIRST_NAMES_SET.contains(w), "{w}");
            let chars: Vec<char> = w.chars().collect();
            assert!(!FIRST_NAMES_SET.contains_chars(&chars), "{w}");
        }
    }

    /// The look-up on characters agrees with the one on the built string
    /// for every word of the test corpora.
    #[test]
    fn word_set_chars_match_the_string_look_up() {
        for text in super::super::text::test_corpus() {
            let t = Text::new(&text);
            for i in (0..t.len()).filter(|&i| t.boundary_before(i)) {
                let e = word_end(&t, i);
                let w = lower_word(&t, i, e);
                let chars = &t.lower[i..e];
                assert_eq!(
                    FIRST_NAMES_SET.contains_chars(chars),
                    FIRST_NAMES_SET.contains(&w)
                );
                assert_eq!(
                    STOPWORD_SET.contains_chars(chars),
                    STOPWORD_SET.contains(&w)
                );
            }
        }
    }

    #[test]
    fn small_str_is_the_string() {
        for w in ["", "anna", "straße", "ǅ", &"x".repeat(70), &"ä".repeat(40)] {
            let chars: Vec<char> = w.chars().collect();
            assert_eq!(SmallStr::from_chars(&chars).as_str(), w);
        }
    }

    #[test]
    fn lookup_lists_are_sorted() {
        for (name, list) in [
            ("TITLES", TITLES),
            ("STRONG_INTROS", STRONG_INTROS),
            ("WEAK_INTROS", WEAK_INTROS),
            ("GREETINGS", GREETINGS),
            ("SIGNOFFS", SIGNOFFS),
            ("STREET_PREFIXES", STREET_PREFIXES),
            ("ADDRESS_CUES", ADDRESS_CUES),
            ("FIRST_NAMES", FIRST_NAMES),
            ("STOPWORDS", STOPWORDS),
            ("TITLE_WORDS", TITLE_WORDS),
            ("FILLERS", FILLERS),
            ("SPEAKER_LABELS", SPEAKER_LABELS),
            ("GERMAN_PREPOSITIONS", GERMAN_PREPOSITIONS),
            ("POSSESSIVES", POSSESSIVES),
            ("KIN", KIN),
            ("TITLE_BRANDS", TITLE_BRANDS),
        ] {
            assert!(Text::is_sorted(list), "{name} must be sorted by bytes");
        }
    }
}
