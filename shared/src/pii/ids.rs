//! Identifiers with a defined structure and usually a check digit: IBAN,
//! BIC, payment cards, German tax and social identifiers, VAT IDs, ID card
//! and passport numbers, US SSNs.

use super::checks;
use super::text::{PairFilter, SmallStr, Text, is_reference_label};
use super::{Candidate, EntityKind};

pub(crate) fn scan(t: &Text, out: &mut Vec<Candidate>) {
    // IBANs and the digit identifiers start with ASCII digits (after the
    // country code); machine-readable zones need '<' fillers.
    if t.has_digit {
        ibans(t, out);
        digit_ids(t, out);
    }
    alnum_ids(t, out);
    if t.c.contains(&'<') {
        mrz(t, out);
    }
}

fn push(out: &mut Vec<Candidate>, kind: EntityKind, start: usize, end: usize, prio: u8) {
    out.push(Candidate {
        kind,
        start,
        end,
        prio,
    });
}

/// IBAN lengths per country, from the SWIFT IBAN registry (French overseas
/// territories use the French format).
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BI", 27),
    ("BL", 27),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DJ", 27),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FK", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GF", 27),
    ("GI", 23),
    ("GL", 18),
    ("GP", 27),
    ("GR", 27),
    ("GT", 28),
    ("HN", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("LY", 25),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MF", 27),
    ("MK", 19),
    ("MN", 20),
    ("MQ", 27),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NC", 27),
    ("NI", 28),
    ("NL", 18),
    ("NO", 15),
    ("OM", 23),
    ("PF", 27),
    ("PK", 24),
    ("PL", 28),
    ("PM", 27),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RE", 27),
    ("RO", 24),
    ("RS", 22),
    ("RU", 33),
    ("SA", 24),
    ("SC", 31),
    ("SD", 18),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("SO", 23),
    ("ST", 25),
    ("SV", 28),
    ("TF", 27),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("WF", 27),
    ("XK", 20),
    ("YE", 30),
    ("YT", 27),
];

fn iban_length(cc: &str) -> Option<usize> {
    IBAN_LENGTHS.iter().find(|(c, _)| *c == cc).map(|&(_, l)| l)
}

fn ibans(t: &Text, out: &mut Vec<Candidate>) {
    let n = t.len();
    let end = n.saturating_sub(4);
    let mut pos = 0;
    while pos < end {
        if !t.c[pos].is_ascii_alphabetic() {
            pos += 1;
            continue;
        }
        let i = pos;
        // The letters after the first of a run follow a letter: none of
        // them starts a word.
        pos += 1;
        while pos < end && t.c[pos].is_ascii_alphabetic() {
            pos += 1;
        }
        if !(t.c[i + 1].is_ascii_alphabetic() && t.boundary_before(i)) {
            continue;
        }
        // "DE89…" or, less often, "DE 89…".
        let digits_at = |k: usize| t.at(k).is_ascii_digit() && t.at(k + 1).is_ascii_digit();
        if !(digits_at(i + 2) || t.c[i + 2] == ' ' && digits_at(i + 3)) {
            continue;
        }
        let cc: String = t.c[i..i + 2].iter().map(char::to_ascii_uppercase).collect();
        let Some(len) = iban_length(&cc) else {
            continue;
        };
        // Collect alphanumerics, allowing one space or dash between groups.
        let mut compact = String::new();
        let mut j = i;
        while j < n && compact.len() < len {
            let ch = t.c[j];
            if ch.is_ascii_alphanumeric() {
                compact.push(ch.to_ascii_uppercase());
                j += 1;
            } else if matches!(ch, ' ' | '-' | '\u{a0}')
                && j + 1 < n
                && t.c[j + 1].is_ascii_alphanumeric()
                && compact.len() >= 2
            {
                j += 1;
            } else {
                break;
            }
        }
        if compact.len() == len
            && compact[2..4].chars().all(|c| c.is_ascii_digit())
            && t.boundary_after(j)
            && checks::iban_valid(&compact)
        {
            push(out, EntityKind::Iban, i, j, 88);
        }
    }
}

/// Issuer ranges (IIN prefixes) and lengths of the common card schemes.
fn card_issuer_ok(d: &[u8]) -> bool {
    let len = d.len();
    let p = |k: usize| d.iter().take(k).fold(0u32, |a, &x| a * 10 + u32::from(x));
    match d[0] {
        4 => matches!(len, 13 | 16 | 19), // Visa
        // Mastercard 51-55; Maestro 50, 56-59.
        5 => {
            if (51..=55).contains(&p(2)) {
                len == 16
            } else {
                (12..=19).contains(&len)
            }
        }
        2 => {
            (2221..=2720).contains(&p(4)) && len == 16          // Mastercard 2-series
                || (2200..=2204).contains(&p(4)) && len >= 16   // Mir
                || p(4) == 2131 && len == 15 // JCB legacy
        }
        3 => {
            (p(2) == 34 || p(2) == 37) && len == 15              // Amex
                || p(2) == 35 && (16..=19).contains(&len) // JCB (3528-3589; test generators use all of 35)
                || ((300..=305).contains(&p(3)) || p(3) == 309 || p(2) == 36 || p(2) == 38 || p(2) == 39)
                    && (14..=19).contains(&len) // Diners
        }
        6 => (12..=19).contains(&len), // Discover, UnionPay, Maestro, RuPay
        1 => p(4) == 1800 && len == 15, // JCB legacy
        _ => false,
    }
}

const CARD_CUES: &[&str] = &[
    "american express",
    "amex",
    "card",
    "cc",
    "diners",
    "discover",
    "jcb",
    "karte",
    "kartennummer",
    "kreditkarte",
    "maestro",
    "mastercard",
    "pan",
    "visa",
];
const CARD_CUES_F: PairFilter = PairFilter::of(CARD_CUES);

const TAX_CUES: &[&str] = &[
    "elster",
    "finanzamt",
    "identifikationsnummer",
    "idnr",
    "st-nr",
    "st.-nr",
    "steuer",
    "stnr",
    "tax",
    "tin",
];
const TAX_CUES_F: PairFilter = PairFilter::of(TAX_CUES);

const SSN_CUES: &[&str] = &["social security", "sozialversicherung", "ssn"];
const SSN_CUES_F: PairFilter = PairFilter::of(SSN_CUES);

/// Numbers made of digit groups: payment cards, Steuer-ID, Steuernummer,
/// US SSN.
fn digit_ids(t: &Text, out: &mut Vec<Candidate>) {
    let n = t.len();
    let mut i = 0;
    while i < n {
        if !t.c[i].is_ascii_digit()
            || !t.boundary_before(i)
            || (i > 0
                && matches!(
                    t.c[i - 1],
                    '+' | '.' | ',' | '/' | '-' | '€' | '$' | '£' | '#'
                ))
        {
            i += 1;
            continue;
        }
        let groups = t.digit_groups(i, &[' ', '-', '\u{a0}'], 8);
        let run_end = groups.last().map_or(i + 1, |g| g.1);
        // The label is looked up once, and only for a number that gets as
        // far as needing it.
        let mut reference = None;
        let mut is_reference =
            || *reference.get_or_insert_with(|| is_reference_label(&t.label_before(i)));
        // Cards: the longest prefix of whole groups that is a valid card.
        let mut card_found = false;
        for k in (0..groups.len()).rev() {
            let e = groups[k].1;
            if !t.boundary_after(e)
                || (e < n && matches!(t.c[e], '.' | ',') && t.at(e + 1).is_ascii_digit())
            {
                continue;
            }
            let d = t.digits(i, e);
            if !(12..=19).contains(&d.len()) || !card_issuer_ok(&d) {
                continue;
            }
            let s: String = d.iter().map(|x| char::from(b'0' + x)).collect();
            if !checks::luhn_valid(&s) {
                continue;
            }
            let card_cue = t.cue_before_filtered(i, 40, CARD_CUES, &CARD_CUES_F);
            // A 13-digit number with a valid EAN check digit is an article
            // number unless the text talks about a card.
            if d.len() == 13 && checks::ean13_valid(&s) && !card_cue {
                continue;
            }
            if !card_cue && is_reference() {
                continue;
            }
            push(out, EntityKind::CreditCard, i, e, 85);
            card_found = true;
            break;
        }
        let all = t.digits(i, run_end);
        let after_ok = t.boundary_after(run_end)
            && !(run_end < n
                && matches!(t.c[run_end], '.' | ',' | '/')
                && t.at(run_end + 1).is_ascii_digit());
        // Inside a longer digit run only a card may start: an 11-digit
        // tail of an account number is not a Steuer-ID.
        let continuation =
            i >= 2 && matches!(t.c[i - 1], ' ' | '\u{a0}') && t.c[i - 2].is_ascii_digit() && {
                // The previous group must itself be a bare digit group, not the
                // end of a price ("1.299,00") or a version.
                let mut k = i - 2;
                while k > 0 && t.c[k - 1].is_ascii_digit() {
                    k -= 1;
                }
                k == 0 || !matches!(t.c[k - 1], '.' | ',' | ':')
            };
        if !card_found && after_ok && !continuation {
            // Only numbers of a tax shape pay for the cue look-up.
            let tax_cue = (10..=13).contains(&all.len())
                && t.cue_before_filtered(i, 40, TAX_CUES, &TAX_CUES_F);
            // Steuer-ID: 11 digits with the MOD 11,10 check digit.
            // After a tax cue the check digit alone suffices: test data and
            // older generators do not always follow the digit-repetition rule.
            let tax_id = all.len() == 11 && {
                let s: String = all.iter().map(|x| char::from(b'0' + x)).collect();
                checks::de_tax_id_valid(&s) || tax_cue && checks::de_tax_id_check_digit_valid(&s)
            };
            if tax_id && (tax_cue || !is_reference()) {
                push(out, EntityKind::DeTaxId, i, run_end, 80);
            } else if tax_cue
                && (10..=13).contains(&all.len())
                && groups.len() <= 4
                && !is_reference()
            {
                // Steuernummer in ELSTER (13 digits) or Länder spellings
                // with spaces: only with a tax cue, the digits alone are
                // not distinctive.
                push(out, EntityKind::DeTaxNumber, i, run_end, 70);
            }
            // US SSN: ddd-dd-dddd (or spaced), SSA ranges.
            let shape_ok = groups.len() == 3
                && groups[0].1 - groups[0].0 == 3
                && groups[1].1 - groups[1].0 == 2
                && groups[2].1 - groups[2].0 == 4;
            let bare_ok = groups.len() == 1
                && all.len() == 9
                && t.cue_before_filtered(i, 30, SSN_CUES, &SSN_CUES_F);
            if (shape_ok || bare_ok) && ssn_ranges_ok(&all) && !is_reference() {
                push(out, EntityKind::UsSsn, i, run_end, 80);
            }
        }
        // Steuernummer with slashes: 2-3/3-4/4-5 digits (10 or 11 in all),
        // 5/5 (Baden-Württemberg) or 2/3/4/1 (Rheinland-Pfalz).
        let slash = t.digit_groups(i, &['/'], 5);
        let slash_end = slash.last().map_or(i, |g| g.1);
        if !continuation
            && (2..=4).contains(&slash.len())
            && t.boundary_after(slash_end)
            && !(slash_end < n && t.c[slash_end] == '/')
        {
            let lens: Vec<usize> = slash.iter().map(|g| g.1 - g.0).collect();
            let total: usize = lens.iter().sum();
            let shape = match lens.as_slice() {
                [a, b, c] => {
                    (2..=3).contains(a)
                        && (3..=4).contains(b)
                        && (4..=5).contains(c)
                        && (10..=11).contains(&total)
                }
                [5, 5] => t.cue_before_filtered(i, 40, TAX_CUES, &TAX_CUES_F),
                [2, 3, 4, 1] => true,
                _ => false,
            };
            if shape && !is_reference() {
                push(out, EntityKind::DeTaxNumber, i, slash_end, 70);
            }
        }
        // Every group start is a possible start of the next number: a card
        // can follow an unrelated number after a space.
        let next_group = groups.get(1).map_or(run_end, |g| g.0);
        i = if card_found || slash.len() >= 2 {
            run_end.max(slash_end)
        } else {
            next_group
        }
        .max(i + 1);
    }
}

fn ssn_ranges_ok(d: &[u8]) -> bool {
    if d.len() != 9 {
        return false;
    }
    let area = u32::from(d[0]) * 100 + u32::from(d[1]) * 10 + u32::from(d[2]);
    let group = u32::from(d[3]) * 10 + u32::from(d[4]);
    let serial: u32 = d[5..].iter().fold(0, |a, &x| a * 10 + u32::from(x));
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

/// EU VAT ID bodies by country prefix (format only, checksum for DE).
fn vat_ok(cc: &str, body: &str) -> bool {
    // Bodies are at most 14 characters (see `alnum_ids`): their characters
    // go on the stack.
    let mut buf = ['\0'; 16];
    let heap: Vec<char>;
    let b: &[char] = if body.len() <= buf.len() {
        let mut k = 0;
        for ch in body.chars() {
            buf[k] = ch;
            k += 1;
        }
        &buf[..k]
    } else {
        heap = body.chars().collect();
        &heap
    };
    let digits = |r: std::ops::RangeInclusive<usize>| {
        r.contains(&b.len()) && b.iter().all(char::is_ascii_digit)
    };
    match cc {
        "DE" => checks::de_vat_valid(body),
        "AT" => b.len() == 9 && b[0] == 'U' && b[1..].iter().all(char::is_ascii_digit),
        "BE" => digits(10..=10) && matches!(b[0], '0' | '1'),
        "BG" => digits(9..=10),
        "CY" => {
            b.len() == 9 && b[..8].iter().all(char::is_ascii_digit) && b[8].is_ascii_uppercase()
        }
        "CZ" => digits(8..=10),
        "DK" | "FI" | "HU" | "LU" | "MT" | "SI" => digits(8..=8),
        "EE" | "EL" | "GR" | "PT" => digits(9..=9),
        "ES" => {
            b.len() == 9
                && b[1..8].iter().all(char::is_ascii_digit)
                && b.iter().all(char::is_ascii_alphanumeric)
                && (b[0].is_ascii_uppercase() || b[8].is_ascii_uppercase())
        }
        "FR" => {
            b.len() == 11
                && b[2..].iter().all(char::is_ascii_digit)
                && b[..2].iter().all(char::is_ascii_alphanumeric)
        }
        "HR" | "IT" | "LV" => digits(11..=11),
        "IE" => {
            b.len() >= 8
                && b.len() <= 9
                && b[0].is_ascii_digit()
                && b.iter().all(char::is_ascii_alphanumeric)
                && b[b.len() - 1].is_ascii_uppercase()
        }
        "LT" => digits(9..=9) || digits(12..=12),
        "NL" => {
            b.len() == 12
                && b[..9].iter().all(char::is_ascii_digit)
                && b[9] == 'B'
                && b[10..].iter().all(char::is_ascii_digit)
        }
        "PL" | "SK" => digits(10..=10),
        "RO" => digits(6..=10),
        "SE" => digits(12..=12) && b[10] == '0' && b[11] == '1',
        "GB" | "XI" => digits(9..=9) || digits(12..=12),
        "CHE" => digits(9..=9),
        _ => false,
    }
}

/// Letters of the German ID card and passport serial alphabet (no vowels,
/// no B, D, Q, S: they are confusable with digits).
fn de_doc_char(c: char) -> bool {
    c.is_ascii_digit() || "CFGHJKLMNPRTVWXYZ".contains(c)
}

const ID_CUES: &[&str] = &[
    "ausweis",
    "id card",
    "id number",
    "id-card",
    "id-nummer",
    "identity card",
    "identitätskarte",
    "perso",
    "personalausweis",
];
const ID_CUES_F: PairFilter = PairFilter::of(ID_CUES);
const PASSPORT_CUES: &[&str] = &[
    "alten pass",
    "alter pass",
    "der pass",
    "document number",
    "dokumentennummer",
    "im pass",
    "mein pass",
    "meinem pass",
    "meines passes",
    "neuen pass",
    "neuer pass",
    "pass hat",
    "pass no",
    "pass nr",
    "pass-nr",
    "pass:",
    "passnummer",
    "passport",
    "passport no",
    "reisepass",
    "travel document",
];
const PASSPORT_CUES_F: PairFilter = PairFilter::of(PASSPORT_CUES);

/// Whether no branch of [`alnum_ids`] can take the token `c` (ASCII
/// alphanumerics): every branch needs an upper-case first letter (VAT,
/// KVNR, ID card, BIC) or five digits (passport after a cue); of those with
/// an upper-case first letter, VAT and BIC need a second one or three
/// digits, KVNR, ID card and passport serials nine or ten characters.
/// Skipping such a token changes nothing and saves its strings.
/// `digits` is the number of ASCII digits in `c`.
fn cannot_be_alnum_id(c: &[char], digits: usize) -> bool {
    let first_upper = c.first().is_some_and(char::is_ascii_uppercase);
    let second_upper = c.get(1).is_some_and(char::is_ascii_uppercase);
    digits < 5 && (!first_upper || digits < 3 && !second_upper && !(9..=10).contains(&c.len()))
}

/// Alphanumeric single tokens: VAT IDs, KVNR, Rentenversicherungsnummer,
/// German ID card and passport serials, BIC.
fn alnum_ids(t: &Text, out: &mut Vec<Candidate>) {
    alnum_ids_with(t, out, true);
}

/// [`alnum_ids`]; `skip` enables the [`cannot_be_alnum_id`] shortcut (the
/// tests compare both ways).
fn alnum_ids_with(t: &Text, out: &mut Vec<Candidate>, skip: bool) {
    let n = t.len();
    let mut i = 0;
    while i < n {
        if !t.c[i].is_ascii_alphanumeric() || !t.boundary_before(i) {
            i += 1;
            continue;
        }
        // The token's digits are counted as it is read.
        let mut e = i;
        let mut digits = 0;
        while e < n && t.c[e].is_ascii_alphanumeric() {
            digits += usize::from(t.c[e].is_ascii_digit());
            e += 1;
        }
        if !t.boundary_after(e) || skip && cannot_be_alnum_id(&t.c[i..e], digits) {
            i = e.max(i + 1);
            continue;
        }
        let tok = SmallStr::from_chars(&t.c[i..e]);
        let len = e - i;
        // VAT: country prefix (upper case), optional space, body with
        // optional single spaces or dots between digit groups.
        if len >= 2 && t.c[i].is_ascii_uppercase() && t.c[i + 1].is_ascii_uppercase() {
            // The token is ASCII: its first two bytes are its first two
            // characters.
            let (cc, body_start) = if t.starts_with(i, "CHE") {
                ("CHE", i + 3)
            } else {
                (&tok[..2], i + 2)
            };
            let mut j = body_start;
            if j < n && matches!(t.c[j], ' ' | '-') && t.at(j + 1).is_ascii_alphanumeric() {
                j += 1;
            }
            let mut body = String::new();
            let mut be = j;
            while be < n && body.len() < 14 {
                let ch = t.c[be];
                if ch.is_ascii_alphanumeric() {
                    body.push(ch);
                    be += 1;
                } else if matches!(ch, ' ' | '.' | '-')
                    && t.at(be + 1).is_ascii_digit()
                    && body.chars().last().is_some_and(|c| c.is_ascii_digit())
                {
                    be += 1;
                } else {
                    break;
                }
            }
            if !body.is_empty() && t.boundary_after(be) && vat_ok(cc, &body) {
                push(out, EntityKind::VatId, i, be, 80);
                i = be;
                continue;
            }
        }
        let c = &t.c[i..e];
        // KVNR: letter + 9 digits with check digit.
        if len == 10 && c[0].is_ascii_uppercase() && checks::kvnr_valid(&tok) {
            push(out, EntityKind::DeHealthInsurance, i, e, 80);
        }
        // German ID card / passport serial: 9 chars of the document
        // alphabet starting with a letter, plus the ICAO check digit when
        // written as printed in the MRZ. With three digits or more the check
        // digit or a cue suffices; serials of mostly letters
        // ("ZMJGGRXRP4") need a cue.
        if (9..=10).contains(&len)
            && c.iter().all(|&x| de_doc_char(x))
            && c[0].is_ascii_uppercase()
            && digits >= 1
        {
            let serial = SmallStr::from_chars(&c[..9]);
            let check_ok = len == 10
                && checks::icao_check_digit(&serial)
                    .is_some_and(|d| c[9].to_digit(10) == Some(u32::from(d)));
            let id_cue = t.cue_before_filtered(i, 40, ID_CUES, &ID_CUES_F);
            let pass_cue = t.cue_before_filtered(i, 40, PASSPORT_CUES, &PASSPORT_CUES_F);
            if check_ok && digits >= 3 || id_cue || pass_cue {
                let passport = pass_cue || (!id_cue && "CFGHJK".contains(c[0]));
                push(
                    out,
                    if passport {
                        EntityKind::Passport
                    } else {
                        EntityKind::DeIdCard
                    },
                    i,
                    e,
                    78,
                );
            }
        } else if (6..=9).contains(&len)
            && digits >= 5
            && t.cue_before_filtered(i, 40, PASSPORT_CUES, &PASSPORT_CUES_F)
        {
            // Other countries' passport numbers after a passport cue.
            push(out, EntityKind::Passport, i, e, 76);
        } else if (6..=10).contains(&len)
            && c[0].is_ascii_uppercase()
            && digits >= 5
            && t.cue_before_filtered(i, 40, ID_CUES, &ID_CUES_F)
        {
            push(out, EntityKind::DeIdCard, i, e, 76);
        }
        // BIC: bank (4 letters) + country (2 letters) + location (2) +
        // optional branch (3). Upper-case words of that shape are common, so
        // a digit, an "XXX" branch or a BIC/SWIFT cue is required.
        if (len == 8 || len == 11)
            && c[..6].iter().all(char::is_ascii_uppercase)
            && c[6..]
                .iter()
                .all(|x| x.is_ascii_uppercase() || x.is_ascii_digit())
            && iban_length(&tok[4..6]).is_some()
        {
            let digit = c[6..].iter().any(char::is_ascii_digit);
            let cue = t.cue_before_filtered(i, 30, BIC_CUES, &BIC_CUES_F);
            // "DE52 0893 1431 7398 3236 88 / BPKOPLPW": right after an
            // IBAN the shape says enough.
            let after_iban = out
                .iter()
                .any(|x| x.kind == EntityKind::Iban && x.end <= i && i - x.end <= 4);
            if cue
                || after_iban
                || (digit && len == 11)
                || (len == 11 && tok.ends_with("XXX"))
                || (digit && c[7].is_ascii_digit())
            {
                push(out, EntityKind::Bic, i, e, 74);
            }
        }
        i = e.max(i + 1);
    }
    // A Rentenversicherungsnummer starts with a digit.
    if t.has_digit {
        rvnrs(t, out);
    }
}

/// Cues for a BIC without a digit or branch. The list used to read
/// `["bic", "swift", "bank"]`, unsorted, and the first-char lookup never
/// reached "bank", so "bank" has never been a cue; it is left out to keep
/// behaviour unchanged ("Bank: DEUTDEFF" stays as it is). Adding it is a
/// recall / precision decision for the PII evaluation, not a speed one.
const BIC_CUES: &[&str] = &["bic", "swift"];
const BIC_CUES_F: PairFilter = PairFilter::of(BIC_CUES);

/// Rentenversicherungsnummer, compact ("65170839J003") or spaced
/// ("65 170839 J 00 3").
fn rvnrs(t: &Text, out: &mut Vec<Candidate>) {
    let n = t.len();
    for i in 0..n {
        if !t.c[i].is_ascii_digit() || !t.boundary_before(i) {
            continue;
        }
        // The number's ASCII characters are collected on the stack.
        let mut compact = [0u8; 12];
        let mut len = 0;
        let mut j = i;
        while j < n && len < 12 {
            let ch = t.c[j];
            if ch.is_ascii_alphanumeric() {
                compact[len] = ch.to_ascii_uppercase() as u8;
                len += 1;
                j += 1;
            } else if ch == ' ' && t.at(j + 1).is_ascii_alphanumeric() {
                j += 1;
            } else {
                break;
            }
        }
        if len == 12
            && t.boundary_after(j)
            && std::str::from_utf8(&compact).is_ok_and(checks::rvnr_valid)
        {
            push(out, EntityKind::DeSocialSecurity, i, j, 80);
        }
    }
}

/// Machine-readable zone lines of passports and ID cards (ICAO 9303): long
/// runs of A-Z, 0-9 and '<' with filler characters.
fn mrz(t: &Text, out: &mut Vec<Candidate>) {
    let n = t.len();
    let mut i = 0;
    while i < n {
        if !(t.c[i].is_ascii_uppercase() || t.c[i].is_ascii_digit() || t.c[i] == '<')
            || (i > 0 && !t.c[i - 1].is_whitespace())
        {
            i += 1;
            continue;
        }
        let mut e = i;
        while e < n && (t.c[e].is_ascii_uppercase() || t.c[e].is_ascii_digit() || t.c[e] == '<') {
            e += 1;
        }
        let fillers = t.c[i..e].iter().filter(|&&c| c == '<').count();
        if (30..=44).contains(&(e - i)) && fillers >= 2 && t.boundary_after(e) {
            // Document codes I, A and C are ID cards (TD1/TD2); P and the
            // second line (starting with the number) count as passport.
            let doc_code = matches!(t.c[i], 'I' | 'A' | 'C')
                && (t.at(i + 1) == '<' || t.at(i + 1).is_ascii_uppercase());
            let kind = if doc_code {
                EntityKind::DeIdCard
            } else {
                EntityKind::Passport
            };
            push(out, kind, i, e, 90);
        }
        i = e.max(i + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_lists_are_sorted() {
        for (name, list) in [
            ("CARD_CUES", CARD_CUES),
            ("TAX_CUES", TAX_CUES),
            ("SSN_CUES", SSN_CUES),
            ("ID_CUES", ID_CUES),
            ("PASSPORT_CUES", PASSPORT_CUES),
            ("BIC_CUES", BIC_CUES),
        ] {
            assert!(Text::is_sorted(list), "{name} must be sorted by bytes");
        }
    }

    #[test]
    fn cue_filters_rule_out_no_cue() {
        for (list, filter) in [
            (CARD_CUES, &CARD_CUES_F),
            (TAX_CUES, &TAX_CUES_F),
            (SSN_CUES, &SSN_CUES_F),
            (ID_CUES, &ID_CUES_F),
            (PASSPORT_CUES, &PASSPORT_CUES_F),
            (BIC_CUES, &BIC_CUES_F),
        ] {
            Text::assert_filtered_cues_agree(list, filter);
        }
    }

    /// Skipping tokens that `cannot_be_alnum_id` rules out finds the same
    /// identifiers as trying every token, cues and all.
    #[test]
    fn alnum_shortcut_changes_nothing() {
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        const CHARS: &[u8] = b"ABCDEFGHKLMNPRTXZabcdefxz0123456789";
        let mut texts: Vec<String> = [
            "Ausweisnummer L01X00T47",
            "Passport C01X00T478",
            "passport no 12345678",
            "BIC DEUTDEFF",
            "bic: deutdeff",
            "COBADEFFXXX",
            "KVNR A123456780",
            "USt-IdNr. DE123456789",
            "CHE-123.456.788",
            "ATU12345678",
            "id card T22000129",
            "Personalausweis: LZ6311T47",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for _ in 0..20_000 {
            let len = 1 + (next() % 13) as usize;
            let tok: String = (0..len)
                .map(|_| char::from(CHARS[(next() % CHARS.len() as u64) as usize]))
                .collect();
            let cue =
                ["", "passport ", "Ausweis: ", "BIC ", "swift code ", "ID "][(next() % 6) as usize];
            texts.push(format!("{cue}{tok} ok"));
        }
        for text in &texts {
            let t = Text::new(text);
            let (mut fast, mut full) = (Vec::new(), Vec::new());
            alnum_ids_with(&t, &mut fast, true);
            alnum_ids_with(&t, &mut full, false);
            let key = |c: &Candidate| (c.kind, c.start, c.end, c.prio);
            assert_eq!(
                fast.iter().map(key).collect::<Vec<_>>(),
                full.iter().map(key).collect::<Vec<_>>(),
                "{text}"
            );
        }
    }
}
