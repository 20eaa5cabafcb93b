//! Dates: numeric (15.03.1985, 15/03/1985, 3/15/1985, 1985-03-15 with an
//! optional time) and written in German or English ("15. März 1985",
//! "March 15, 1985", "15th of March 1985", "März 1985"). Bare years and
//! weekdays are left alone (see the module docs of `pii`).

use super::text::{PairFilter, SmallStr, Text, WordSet};
use super::{Candidate, EntityKind};

pub(crate) fn scan(t: &Text, out: &mut Vec<Candidate>) {
    // Every date has a day, a year or a numeric form: ASCII digits.
    if !t.has_digit {
        return;
    }
    numeric(t, out);
    written(t, out);
}

fn num(t: &Text, s: usize, e: usize) -> u32 {
    t.digits(s, e).iter().fold(0, |a, &d| a * 10 + u32::from(d))
}

fn version_context(t: &Text, i: usize) -> bool {
    t.cue_before_filtered(i, 20, VERSION_WORDS, &VERSION_WORDS_F)
}

/// Words before a number that make it a version, not a date (sorted by
/// bytes for [`Text::cue_before`]).
const VERSION_WORDS: &[&str] = &[
    "build", "firmware", "patch", "release", "update", "v.", "ver.", "version",
];
const VERSION_WORDS_F: PairFilter = PairFilter::of(VERSION_WORDS);

fn numeric(t: &Text, out: &mut Vec<Candidate>) {
    let n = t.len();
    let mut i = 0;
    while i < n {
        if !t.c[i].is_ascii_digit()
            || !t.boundary_before(i)
            || (i > 0 && matches!(t.c[i - 1], '.' | '/' | '-' | ','))
        {
            i += 1;
            continue;
        }
        let mut matched = None;
        for sep in ['.', '/', '-'] {
            let g = t.digit_groups(i, &[sep], 4);
            if g.len() != 3 {
                continue;
            }
            let lens: Vec<usize> = g.iter().map(|x| x.1 - x.0).collect();
            let (a, b, c) = (
                num(t, g[0].0, g[0].1),
                num(t, g[1].0, g[1].1),
                num(t, g[2].0, g[2].1),
            );
            let mut e = g[2].1;
            // A following ".<digit>" means this is part of a longer dotted
            // number (version, phone), not a date.
            if e < n && matches!(t.c[e], '.' | '/' | '-' | ',') && t.at(e + 1).is_ascii_digit() {
                continue;
            }
            let ok = if lens[0] == 4 {
                // ISO order: year, month, day.
                (1900..=2099).contains(&a)
                    && lens[1] <= 2
                    && lens[2] <= 2
                    && (1..=12).contains(&b)
                    && (1..=31).contains(&c)
            } else {
                lens[0] <= 2
                    && lens[1] <= 2
                    && (lens[2] == 4 && (1900..=2099).contains(&c) || lens[2] == 2 && sep != '-')
                    && ((1..=31).contains(&a) && (1..=12).contains(&b)
                        || (1..=12).contains(&a) && (1..=31).contains(&b))
            };
            if !ok || version_context(t, i) {
                continue;
            }
            // Optional time: "2000-04-16 11:34:35", "15.03.2024, 14:30".
            if let Some(te) = time_after(t, e) {
                e = te;
            }
            matched = Some(e);
            break;
        }
        match matched {
            Some(e) if t.boundary_after(e) => {
                out.push(Candidate {
                    kind: EntityKind::Date,
                    start: i,
                    end: e,
                    prio: 60,
                });
                i = e;
            }
            _ => i += 1,
        }
    }
}

fn time_after(t: &Text, e: usize) -> Option<usize> {
    let mut j = e;
    if matches!(t.at(j), ' ' | 'T') {
        j += 1;
    } else {
        return None;
    }
    let g = t.digit_groups(j, &[':'], 3);
    if g.len() >= 2 && g.iter().all(|x| x.1 - x.0 == 2) && t.boundary_after(g[g.len() - 1].1) {
        Some(g[g.len() - 1].1)
    } else {
        None
    }
}

/// Month names and abbreviations, lowercase, German and English.
const MONTHS: &[&str] = &[
    "januar",
    "january",
    "jänner",
    "jan",
    "februar",
    "february",
    "feb",
    "märz",
    "maerz",
    "march",
    "mär",
    "mrz",
    "mar",
    "april",
    "apr",
    "mai",
    "may",
    "juni",
    "june",
    "jun",
    "juli",
    "july",
    "jul",
    "august",
    "aug",
    "september",
    "sept",
    "sep",
    "oktober",
    "october",
    "okt",
    "oct",
    "november",
    "nov",
    "dezember",
    "december",
    "dez",
    "dec",
];

const MONTHS_F: PairFilter = PairFilter::of(MONTHS);
/// [`MONTHS`] hashed: a look-up compares one or two entries, not the list.
static MONTHS_SET: WordSet<128> = WordSet::of(MONTHS);

/// [`MONTHS`] for the filter tests in `names`.
#[cfg(test)]
pub(crate) fn tests_months() -> &'static [&'static str] {
    MONTHS
}

/// [`MONTHS_F`] for the filter tests in `names`.
#[cfg(test)]
pub(crate) fn tests_months_filter() -> PairFilter {
    PairFilter::of(MONTHS)
}

pub(crate) fn is_month(w: &str) -> bool {
    MONTHS_SET.contains(w)
}

/// The month word starting at `i`: its end (including an abbreviation dot).
fn month_at(t: &Text, i: usize) -> Option<usize> {
    if !t.boundary_before(i) || !t.c.get(i).is_some_and(|c| c.is_alphabetic()) {
        return None;
    }
    // No month name starts with these two characters.
    if !t.may_start(i, &MONTHS_F) {
        return None;
    }
    let mut e = i;
    while e < t.len() && t.c[e].is_alphabetic() {
        e += 1;
    }
    let w = SmallStr::from_chars(&t.lower[i..e]);
    if !MONTHS_SET.contains(&w) {
        return None;
    }
    // "May", "Mai", "mar" etc. are also words: lowercase month names only
    // count when written in full.
    if !t.c[i].is_uppercase() && w.len() <= 3 {
        return None;
    }
    // Only abbreviations own a following dot; after "Mai" it ends the sentence.
    let full = matches!(
        w.as_str(),
        "mai" | "may" | "juni" | "june" | "juli" | "july" | "april"
    );
    if t.at(e) == '.' && w.len() <= 4 && !full {
        e += 1;
    }
    Some(e)
}

fn skip_spaces(t: &Text, mut j: usize) -> usize {
    while j < t.len() && matches!(t.c[j], ' ' | '\u{a0}') {
        j += 1;
    }
    j
}

/// Day number at `j` (1-31) with an optional "." or English ordinal suffix.
fn day_at(t: &Text, j: usize) -> Option<usize> {
    if !t.at(j).is_ascii_digit() || !t.boundary_before(j) {
        return None;
    }
    let mut e = j;
    while e < t.len() && t.c[e].is_ascii_digit() {
        e += 1;
    }
    if e - j > 2 || !(1..=31).contains(&num(t, j, e)) {
        return None;
    }
    for suf in ["st", "nd", "rd", "th"] {
        if t.starts_with_lower(e, suf) && t.boundary_after(e + 2) {
            return Some(e + 2);
        }
    }
    if t.at(e) == '.' {
        return Some(e + 1);
    }
    if t.boundary_after(e) { Some(e) } else { None }
}

/// Year at `j`: four digits 1900-2099, or "'85".
fn year_at(t: &Text, j: usize) -> Option<usize> {
    if t.at(j) == '\''
        && t.at(j + 1).is_ascii_digit()
        && t.at(j + 2).is_ascii_digit()
        && t.boundary_after(j + 3)
    {
        return Some(j + 3);
    }
    if !t.at(j).is_ascii_digit() {
        return None;
    }
    let mut e = j;
    while e < t.len() && t.c[e].is_ascii_digit() {
        e += 1;
    }
    if e - j == 4 && (1900..=2099).contains(&num(t, j, e)) && t.boundary_after(e) {
        Some(e)
    } else {
        None
    }
}

fn written(t: &Text, out: &mut Vec<Candidate>) {
    // Both forms start with a day (an ASCII digit) or a month word (a
    // letter), and `day_at` and `month_at` take only a word start: the
    // first alphanumeric character of each run is the one position per
    // word that can start a date.
    let n = t.len();
    let mut i = 0;
    while i < n {
        if !t.c[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        written_at(t, i, out);
        while i < n && t.c[i].is_alphanumeric() {
            i += 1;
        }
    }
}

/// A written date starting at the word start `i`.
fn written_at(t: &Text, i: usize, out: &mut Vec<Candidate>) {
    let n = t.len();
    // Day first: "15. März 1985", "15 March 1985", "15th of March".
    if let Some(de) = day_at(t, i) {
        let mut j = skip_spaces(t, de);
        if t.starts_with_lower(j, "of ") {
            j = skip_spaces(t, j + 3);
        }
        if let Some(me) = month_at(t, j) {
            let mut end = me;
            let k = skip_spaces(t, if t.at(me) == ',' { me + 1 } else { me });
            if let Some(ye) = year_at(t, k) {
                end = ye;
            }
            out.push(Candidate {
                kind: EntityKind::Date,
                start: i,
                end,
                prio: 61,
            });
            return;
        }
    }
    // Month first: "March 15, 1985", "March 1985", "Mar 15th".
    if let Some(me) = month_at(t, i) {
        let j = skip_spaces(t, me);
        if j == me && me < n {
            return;
        }
        if let Some(de) = day_at(t, j) {
            let mut end = if t.c[de - 1] == '.' { de - 1 } else { de };
            let k = skip_spaces(t, if t.at(end) == ',' { end + 1 } else { de });
            if let Some(ye) = year_at(t, k) {
                end = ye;
            }
            out.push(Candidate {
                kind: EntityKind::Date,
                start: i,
                end,
                prio: 61,
            });
        } else if let Some(ye) = year_at(t, j) {
            out.push(Candidate {
                kind: EntityKind::Date,
                start: i,
                end: ye,
                prio: 61,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_words_are_sorted() {
        assert!(Text::is_sorted(VERSION_WORDS));
    }

    /// Trying only word starts finds what trying every position finds.
    #[test]
    fn written_dates_start_at_word_starts() {
        let key = |c: &Candidate| (c.kind, c.start, c.end, c.prio);
        let mut texts = super::super::text::test_corpus();
        texts.extend(
            [
                "am 15. März 1985",
                "15th of March 1985, x3. Mai 2020",
                "March 15, 1985 and Mar 15th",
                "ab März '85 bis 1.Juni",
            ]
            .map(String::from),
        );
        for text in &texts {
            let t = Text::new(text);
            let mut fast = Vec::new();
            written(&t, &mut fast);
            let mut every = Vec::new();
            for i in 0..t.len() {
                written_at(&t, i, &mut every);
            }
            assert_eq!(
                fast.iter().map(key).collect::<Vec<_>>(),
                every.iter().map(key).collect::<Vec<_>>(),
                "{text}"
            );
        }
    }

    #[test]
    fn month_set_holds_the_months() {
        for w in MONTHS {
            assert!(MONTHS_SET.contains(w), "{w}");
        }
        for w in [
            "", "ma", "marc", "monday", "mai.", "Mai", "märzen", "jänne", "decembe",
        ] {
            assert_eq!(MONTHS_SET.contains(w), MONTHS.contains(&w), "{w}");
        }
    }

    #[test]
    fn cue_filter_rules_out_no_version_word() {
        Text::assert_filtered_cues_agree(VERSION_WORDS, &VERSION_WORDS_F);
    }
}
