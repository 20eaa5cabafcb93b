//! Contact and network data: email addresses, phone numbers, IP addresses,
//! URLs carrying credentials, and API keys and other secrets.

use super::text::{CueList, PairFilter, SmallStr, Text, is_reference_label};
use super::{Candidate, EntityKind};

pub(crate) fn scan(t: &Text, out: &mut Vec<Candidate>) {
    if t.has_at_mark {
        emails(t, out);
    }
    // A URL needs "://", an IPv6 address at least two colons; IPv4
    // addresses and phone numbers need digits.
    if t.has_colon {
        urls(t, out);
    }
    secrets(t, out);
    if t.has_digit {
        ipv4(t, out);
    }
    if t.has_colon {
        ipv6(t, out);
    }
    if t.has_digit {
        phones(t, out);
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

fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '\'')
}

fn is_domain_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

/// Email addresses, including the "name (at) example (dot) com" spellings
/// people use to dodge spam filters.
fn emails(t: &Text, out: &mut Vec<Candidate>) {
    let n = t.len();
    let mut i = 0;
    while i < n {
        // The separator: '@' or a spelled-out [at] / (at) / {at}.
        let (at_start, at_end) = if t.c[i] == '@' {
            (i, i + 1)
        } else if matches!(t.c[i], '[' | '(' | '{')
            && t.starts_with_lower(i + 1, "at")
            && matches!(t.at(i + 3), ']' | ')' | '}')
        {
            let mut s = i;
            let mut e = i + 4;
            if s > 0 && t.c[s - 1] == ' ' {
                s -= 1;
            }
            if t.at(e) == ' ' {
                e += 1;
            }
            (s, e)
        } else {
            i += 1;
            continue;
        };
        let mut s = at_start;
        while s > 0 && is_local_char(t.c[s - 1]) {
            s -= 1;
        }
        while s < at_start && matches!(t.c[s], '.' | '\'' | '-') {
            s += 1;
        }
        if s == at_start {
            i = at_end;
            continue;
        }
        // Domain labels separated by '.' (or a spelled-out "(dot)").
        let mut e = at_end;
        let mut labels = 0;
        let mut last_label = (e, e);
        loop {
            let ls = e;
            while e < n && is_domain_char(t.c[e]) {
                e += 1;
            }
            if e == ls {
                break;
            }
            labels += 1;
            last_label = (ls, e);
            if e + 1 < n && t.c[e] == '.' && is_domain_char(t.c[e + 1]) {
                e += 1;
            } else if let Some(skip) = spelled_dot(t, e) {
                e += skip;
            } else {
                break;
            }
        }
        let tld_ok = last_label.1 - last_label.0 >= 2
            && t.c[last_label.0..last_label.1]
                .iter()
                .all(|c| c.is_alphabetic());
        if labels >= 2 && tld_ok {
            push(out, EntityKind::Email, s, last_label.1, 90);
            i = last_label.1;
        } else {
            i = at_end;
        }
    }
}

fn spelled_dot(t: &Text, i: usize) -> Option<usize> {
    let mut j = i;
    if t.at(j) == ' ' {
        j += 1;
    }
    if matches!(t.at(j), '[' | '(' | '{')
        && (t.starts_with_lower(j + 1, "dot]")
            || t.starts_with_lower(j + 1, "dot)")
            || t.starts_with_lower(j + 1, "dot}")
            || t.starts_with_lower(j + 1, "punkt)")
            || t.starts_with_lower(j + 1, "punkt]"))
    {
        let close = (j + 1..j + 8).find(|&k| matches!(t.at(k), ']' | ')' | '}'))?;
        let mut e = close + 1;
        if t.at(e) == ' ' {
            e += 1;
        }
        if is_domain_char(t.at(e)) {
            return Some(e - i);
        }
    }
    None
}

/// Query and fragment parameters whose values are credentials.
const SECRET_PARAMS: &[&str] = &[
    "token",
    "access_token",
    "refresh_token",
    "id_token",
    "auth",
    "auth_token",
    "authorization",
    "key",
    "apikey",
    "api_key",
    "api-key",
    "secret",
    "client_secret",
    "password",
    "passwd",
    "pwd",
    "pass",
    "sig",
    "signature",
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-security-token",
    "x-goog-signature",
    "x-goog-credential",
    "se",
    "session",
    "sessionid",
    "session_id",
    "sid",
    "jwt",
    "code",
    "otp",
    "reset_token",
    "private_token",
    "hash",
    "ticket",
    "st",
    "oauth_token",
    "oauth_signature",
    "sv",
    "skoid",
];

fn is_url_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '"' | '<' | '>' | '`' | '\'' | '\u{0}')
}

/// URLs that carry credentials: userinfo (`user:pass@host`) or a query or
/// fragment parameter that holds a token, key or signature. The whole URL is
/// redacted because the rest of it usually identifies the account too.
fn urls(t: &Text, out: &mut Vec<Candidate>) {
    let n = t.len();
    let mut i = 0;
    while i + 3 < n {
        if !(t.c[i] == ':' && t.c[i + 1] == '/' && t.c[i + 2] == '/') {
            i += 1;
            continue;
        }
        let mut s = i;
        while s > 0 && (t.c[s - 1].is_ascii_alphanumeric() || matches!(t.c[s - 1], '+' | '.' | '-'))
        {
            s -= 1;
        }
        if s == i {
            i += 3;
            continue;
        }
        let mut e = i + 3;
        while e < n && is_url_char(t.c[e]) {
            e += 1;
        }
        // Sentence punctuation and a closing bracket are not part of a URL.
        while e > i + 3
            && matches!(
                t.c[e - 1],
                '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}'
            )
        {
            e -= 1;
        }
        let url: String = t.c[i + 3..e].iter().collect();
        let authority_end = url.find(['/', '?', '#']).unwrap_or(url.len());
        let authority = &url[..authority_end];
        let mut credential = authority.contains('@');
        if let Some(q) = url.find(['?', '#']) {
            for pair in url[q + 1..].split(['&', ';', '#', '?']) {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                let k = k.to_ascii_lowercase();
                if v.len() >= 4 && SECRET_PARAMS.contains(&k.as_str()) {
                    credential = true;
                }
                if v.len() >= 20 && looks_random(v) {
                    credential = true;
                }
            }
        }
        if credential {
            push(out, EntityKind::CredentialUrl, s, e, 95);
        }
        i = e.max(i + 3);
    }
}

/// Character-class mix and entropy test for tokens: a long run with digits,
/// upper and lower case letters and a high Shannon entropy is a generated
/// key, not a word or an order number.
fn looks_random(s: &str) -> bool {
    let len = s.chars().count();
    if len < 20 {
        return false;
    }
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let upper = s.chars().filter(char::is_ascii_uppercase).count();
    let lower = s.chars().filter(char::is_ascii_lowercase).count();
    let hex_only = s.chars().all(|c| c.is_ascii_hexdigit());
    let mixed = digits > 0 && upper > 0 && lower > 0;
    let long_hex = hex_only && len >= 32 && digits > 0 && (upper + lower) > 0;
    (mixed || long_hex) && entropy(s) >= 3.5 && !camel_case_words(s)
}

/// CamelCase prose ("GoogleFinancialJobsCash15") is mostly runs of three
/// or more lower-case letters; generated keys rarely are.
fn camel_case_words(s: &str) -> bool {
    let mut in_words = 0;
    let mut run = 0;
    for c in s.chars() {
        if c.is_ascii_lowercase() {
            run += 1;
        } else {
            if run >= 3 {
                in_words += run;
            }
            run = 0;
        }
    }
    if run >= 3 {
        in_words += run;
    }
    in_words * 2 > s.chars().count()
}

fn entropy(s: &str) -> f64 {
    let mut counts = [0u32; 128];
    let mut total = 0u32;
    for c in s.chars() {
        let idx = (c as usize).min(127);
        counts[idx] += 1;
        total += 1;
    }
    if total == 0 {
        return 0.0;
    }
    let t = f64::from(total);
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / t;
            -p * p.log2()
        })
        .sum()
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-')
}

/// Characters of a token run in [`secrets`]: key characters plus '.' for
/// JWTs and '/', '+', '=' for base64, all ASCII, looked up in a table.
fn is_token_run_char(c: char) -> bool {
    const RUN: [bool; 128] = {
        let mut t = [false; 128];
        let mut b = 0;
        while b < 128 {
            t[b] = (b as u8).is_ascii_alphanumeric()
                || matches!(b as u8, b'_' | b'-' | b'.' | b'/' | b'+' | b'=');
            b += 1;
        }
        t
    };
    RUN.get(c as usize).copied().unwrap_or(false)
}

/// Known key prefixes: (prefix, minimum body length, body may contain '-').
const KEY_PREFIXES: &[(&str, usize)] = &[
    ("sk-ant-", 20),
    ("sk-proj-", 20),
    ("sk-", 20),
    ("ghp_", 30),
    ("gho_", 30),
    ("ghu_", 30),
    ("ghs_", 30),
    ("ghr_", 30),
    ("github_pat_", 30),
    ("glpat-", 20),
    ("xoxb-", 10),
    ("xoxa-", 10),
    ("xoxp-", 10),
    ("xoxr-", 10),
    ("xoxs-", 10),
    ("xoxe-", 10),
    ("AIza", 30),
    ("sk_live_", 16),
    ("sk_test_", 16),
    ("rk_live_", 16),
    ("rk_test_", 16),
    ("pk_live_", 16),
    ("whsec_", 16),
    ("hf_", 30),
    ("npm_", 30),
    ("pypi-", 40),
    ("SG.", 20),
    ("shpat_", 20),
    ("dop_v1_", 40),
];

const AWS_PREFIXES: &[&str] = &[
    "AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA",
];

/// Labels after which the next token is a secret whatever it looks like.
const SECRET_CUES: &[&str] = &[
    "access key",
    "access token",
    "api key",
    "api schlüssel",
    "api-key",
    "api-schlüssel",
    "api_key",
    "apikey",
    "client secret",
    "cvc",
    "cvv",
    "einmalpasswort",
    "kennwort",
    "otp",
    "passcode",
    "passwd",
    "password",
    "passwort",
    "pin",
    "private key",
    "puk",
    "pwd",
    "secret",
    "secret key",
    "security code",
    "sicherheitscode",
    "tan",
    "token",
    "zugangscode",
];

const SECRET_CUES_F: PairFilter = PairFilter::of(SECRET_CUES);
/// [`SECRET_CUES`] hashed by leading word: one probe at each word start
/// instead of a byte-wise binary search.
static SECRET_CUES_AT: CueList<256> = CueList::of(SECRET_CUES);

fn secrets(t: &Text, out: &mut Vec<Candidate>) {
    let n = t.len();
    // PEM private key blocks: everything from BEGIN to END (or to the end
    // of the text when the paste is cut off). Only text with the opening
    // line has one.
    let mut i = 0;
    while i < n && t.has_pem {
        if t.starts_with(i, "-----BEGIN ") {
            let mut j = i + 11;
            while j < n && t.c[j] != '\n' && !t.starts_with(j, "-----") {
                j += 1;
            }
            let label: String = t.c[i + 11..j].iter().collect();
            if label.contains("PRIVATE KEY")
                || label.contains("OPENSSH")
                || label.contains("PGP PRIVATE")
            {
                let mut e = j;
                while e < n && !t.starts_with(e, "-----END ") {
                    e += 1;
                }
                if e < n {
                    e += 9;
                    while e < n && t.c[e] != '\n' && !t.starts_with(e, "-----") {
                        e += 1;
                    }
                    e = (e + 5).min(n);
                }
                push(out, EntityKind::Secret, i, e, 100);
                i = e;
                continue;
            }
        }
        i += 1;
    }
    // Tokens: maximal runs of key characters (plus '.' for JWTs and
    // '/', '+', '=' for base64).
    let mut i = 0;
    while i < n {
        if !(t.c[i].is_ascii_alphanumeric() || matches!(t.c[i], '_' | '-')) || !t.boundary_before(i)
        {
            i += 1;
            continue;
        }
        let mut e = i;
        while e < n && is_token_run_char(t.c[e]) {
            e += 1;
        }
        // Resume after the whole run (not after the trimmed token), so a long
        // run of dashes is not rescanned from every position.
        let run_end = e;
        // Trimming only shortens the run: a short run is skipped before.
        if run_end - i < MIN_SECRET_TOKEN {
            i = run_end.max(i + 1);
            continue;
        }
        while e > i && matches!(t.c[e - 1], '.' | '/' | '-') {
            e -= 1;
        }
        // Most runs are ordinary words, far shorter than any secret shape:
        // skip them before building strings.
        if e - i < MIN_SECRET_TOKEN {
            i = run_end.max(i + 1);
            continue;
        }
        let tok = SmallStr::from_chars(&t.c[i..e]);
        if let Some(kend) = known_key(&tok) {
            push(out, EntityKind::Secret, i, i + kend, 100);
        } else if is_jwt(&tok) {
            push(out, EntityKind::Secret, i, e, 100);
        } else {
            // Generic: a long random-looking run (no dots: those are
            // domains and file names).
            let mut ke = i;
            while ke < e && (is_key_char(t.c[ke]) || matches!(t.c[ke], '/' | '+' | '=')) {
                ke += 1;
            }
            let core = SmallStr::from_chars(&t.c[i..ke]);
            // Hex-only runs are hashes and commit ids far more often than
            // keys in a support chat: those need a cue (see SECRET_CUES).
            let hex_only = core.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
            if ke - i >= 24 && !hex_only && looks_random(&core) && !core.contains("//") {
                push(out, EntityKind::Secret, i, ke, 30);
            } else if hex_only
                && ke - i >= 32
                && core.chars().any(|c| c.is_ascii_digit())
                && core.chars().any(|c| c.is_ascii_alphabetic())
                && entropy(&core) >= 3.0
                && t.cue_before_filtered(i, 60, SECRET_CUES, &SECRET_CUES_F)
            {
                // "Here's my API key so you can check: d10d0b56…": a long
                // hex run a secret cue announces.
                push(out, EntityKind::Secret, i, ke, 30);
            }
        }
        i = run_end.max(i + 1);
    }
    // Cue-labelled secrets: "Passwort: Sommer2024!", "my PIN is 1234".
    let mut pos = 0;
    while pos < n {
        // Every cue starts with an ASCII letter (see the tests): spaces,
        // digits and punctuation are ruled out before the filter, and the
        // letters after the first of a run follow a letter.
        if !t.lower[pos].is_ascii_lowercase() {
            pos += 1;
            continue;
        }
        let s = pos;
        pos += 1;
        while pos < n && t.lower[pos].is_ascii_lowercase() {
            pos += 1;
        }
        if s > 0 && t.lower[s - 1].is_alphabetic() {
            continue;
        }
        // (A cue followed by a letter or digit is rejected below, which
        // `longest_prefix_at` relies on.)
        let Some(cue) = SECRET_CUES_AT.longest_prefix_at(t, s) else {
            continue;
        };
        let mut j = s + cue.chars().count();
        if j < n && t.c[j].is_alphanumeric() {
            continue;
        }
        let mut strong_sep = false;
        // Skip the filler between label and value.
        for _ in 0..4 {
            while j < n && matches!(t.c[j], ' ' | '\t') {
                j += 1;
            }
            if j < n && matches!(t.c[j], ':' | '=') {
                strong_sep = true;
                j += 1;
                continue;
            }
            let mut w = j;
            while w < n && t.c[w].is_alphabetic() {
                w += 1;
            }
            let word = SmallStr::from_chars(&t.lower[j..w]);
            if matches!(
                word.as_str(),
                "is" | "ist"
                    | "auf"
                    | "to"
                    | "lautet"
                    | "was"
                    | "war"
                    | "are"
                    | "sind"
                    | "code"
                    | "number"
                    | "nummer"
            ) {
                strong_sep = true;
                j = w;
            } else {
                break;
            }
        }
        // Short numeric codes need no separator: "CVC 123", "PIN 4711".
        let numeric_cue = matches!(
            cue,
            "cvc" | "cvv" | "pin" | "puk" | "tan" | "otp" | "security code" | "sicherheitscode"
        );
        if !strong_sep && numeric_cue {
            let ds = (j..n).take_while(|&k| t.c[k].is_ascii_digit()).count();
            strong_sep = (3..=8).contains(&ds) && t.boundary_after(j + ds);
        }
        if !strong_sep {
            continue;
        }
        let vs = j;
        let mut ve = j;
        while ve < n && !t.c[ve].is_whitespace() {
            ve += 1;
        }
        while ve > vs
            && matches!(
                t.c[ve - 1],
                '.' | ',' | ';' | '!' | '?' | ')' | '"' | '\'' | '“' | '”' | '’' | '«' | '»'
            )
        {
            ve -= 1;
        }
        let vs = if matches!(t.at(vs), '"' | '\'' | '`' | '„' | '“' | '‚' | '«' | '»') {
            vs + 1
        } else {
            vs
        };
        let len = ve.saturating_sub(vs);
        if !(3..=200).contains(&len) {
            continue;
        }
        let val = &t.c[vs..ve];
        // Template text ("<insert password>", "{token}") is not a secret.
        if matches!(val.first(), Some('<' | '{' | '$' | '%')) {
            continue;
        }
        // A value holding a placeholder ("[EMAIL_1]") is already redacted
        // text; in the original the value held the e-mail address, which
        // wins over a cue-labelled secret, so either way it stays.
        let placeholder = holds_placeholder(val);
        // A plain word after "Passwort ist" is more often "falsch" than a
        // password: require a digit or symbol.
        if !placeholder && val.iter().any(|c| !c.is_alphabetic()) {
            push(out, EntityKind::Secret, vs, ve, 35);
        }
    }
}

/// Whether `val` contains a placeholder: `[`, upper-case letters, digits
/// and underscores with at least one of each of the last two, `]`.
fn holds_placeholder(val: &[char]) -> bool {
    val.iter().enumerate().any(|(i, &c)| {
        c == '['
            && val[i + 1..]
                .iter()
                .position(|&x| x == ']')
                .is_some_and(|len| {
                    let inner = &val[i + 1..i + 1 + len];
                    inner.len() >= 3
                        && inner
                            .iter()
                            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
                        && inner.contains(&'_')
                        && inner.last().is_some_and(char::is_ascii_digit)
                })
    })
}

/// Length of a known-format key at the start of `tok`, if any.
/// Fewest characters a token needs for any branch of the token scan in
/// [`secrets`] to report it: a known prefix plus its minimum body (at least
/// `xoxb-` + 10), an AWS key (20), a JWT (two parts of 10 and two dots) or a
/// generic random run (24). Checked by `min_secret_token_is_a_lower_bound`.
const MIN_SECRET_TOKEN: usize = 15;

fn known_key(tok: &str) -> Option<usize> {
    for &(p, min) in KEY_PREFIXES {
        if let Some(body) = tok.strip_prefix(p) {
            let len = body
                .chars()
                .take_while(|&c| is_key_char(c) || (p == "SG." && c == '.'))
                .count();
            if len >= min {
                return Some(p.len() + len);
            }
        }
    }
    for p in AWS_PREFIXES {
        if let Some(body) = tok.strip_prefix(p) {
            let len = body
                .chars()
                .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                .count();
            if len == 16 {
                return Some(20);
            }
        }
    }
    None
}

fn is_jwt(tok: &str) -> bool {
    let parts: Vec<&str> = tok.split('.').collect();
    parts.len() == 3
        && parts[0].starts_with("eyJ")
        && parts[0].len() >= 10
        && parts[1].len() >= 10
        && parts.iter().all(|p| p.chars().all(is_key_char))
}

/// Words before a dotted quad that make it a version number.
const VERSION_CUES: &[&str] = &[
    "android",
    "api",
    "app",
    "bibliothek",
    "build",
    "chrome",
    "edge",
    "firefox",
    "firmware",
    "ios",
    "library",
    "macos",
    "package",
    "paket",
    "patch",
    "plugin",
    "release",
    "safari",
    "sdk",
    "update",
    "v.",
    "ver.",
    "version",
    "windows",
];

/// Whether the label right before a dotted quad names a version ("App
/// version 1.2.3.4", "Firmware 10.2.0.1"). Only the nearest word counts, so
/// "my app version is 2.3 and my IP is 10.0.0.1" still finds the IP.
fn is_version_label(label: &str) -> bool {
    matches!(label, "v" | "ver" | "vers") || VERSION_CUES.binary_search(&label).is_ok()
}

fn ipv4(t: &Text, out: &mut Vec<Candidate>) {
    let n = t.len();
    let mut i = 0;
    while i < n {
        if !t.c[i].is_ascii_digit() || !t.boundary_before(i) || (i > 0 && t.c[i - 1] == '.') {
            i += 1;
            continue;
        }
        let groups = t.digit_groups(i, &['.'], 5);
        let e = groups.last().map_or(i + 1, |g| g.1);
        if groups.len() == 4
            && groups.iter().all(|&(s, e)| {
                e - s <= 3
                    && t.digits(s, e)
                        .iter()
                        .fold(0u32, |a, &d| a * 10 + u32::from(d))
                        <= 255
            })
            && t.boundary_after(e)
            && !is_version_label(&t.label_before(i))
        {
            // A CIDR suffix belongs to the address.
            let mut end = e;
            if t.at(e) == '/' && t.at(e + 1).is_ascii_digit() {
                end = e + 2;
                if t.at(end).is_ascii_digit() {
                    end += 1;
                }
            }
            push(out, EntityKind::IpAddress, i, end, 75);
        }
        i = e.max(i + 1);
    }
}

fn ipv6(t: &Text, out: &mut Vec<Candidate>) {
    let n = t.len();
    let mut i = 0;
    while i < n {
        let c = t.c[i];
        if !(c.is_ascii_hexdigit() || c == ':')
            || (i > 0 && (t.c[i - 1].is_alphanumeric() || t.c[i - 1] == ':'))
        {
            i += 1;
            continue;
        }
        let mut e = i;
        while e < n && (t.c[e].is_ascii_hexdigit() || t.c[e] == ':' || t.c[e] == '.') {
            e += 1;
        }
        while e > i && t.c[e - 1] == '.' {
            e -= 1;
        }
        // A trailing single ':' is punctuation ("IP ist fe80::1:").
        let mut end = e;
        if end > i + 1 && t.c[end - 1] == ':' && t.c[end - 2] != ':' {
            end -= 1;
        }
        if t.boundary_after(e) && valid_ipv6(&t.c[i..end]) {
            push(out, EntityKind::IpAddress, i, end, 75);
        }
        i = e.max(i + 1);
    }
}

fn valid_ipv6(s: &[char]) -> bool {
    let st: String = s.iter().collect();
    if st.matches(':').count() < 2 {
        return false;
    }
    let (head, tail, compressed) = match st.split_once("::") {
        Some((h, t)) => {
            if t.contains("::") {
                return false;
            }
            (h, t, true)
        }
        None => (st.as_str(), "", false),
    };
    let mut groups: Vec<&str> = Vec::new();
    for part in [head, tail] {
        if !part.is_empty() {
            groups.extend(part.split(':'));
        }
    }
    let mut count = 0;
    let mut hex_letters = 0;
    for (idx, g) in groups.iter().enumerate() {
        if idx == groups.len() - 1 && g.contains('.') {
            let q: Vec<&str> = g.split('.').collect();
            if q.len() != 4
                || !q.iter().all(|x| {
                    !x.is_empty() && x.len() <= 3 && x.parse::<u16>().is_ok_and(|v| v <= 255)
                })
            {
                return false;
            }
            count += 2;
            continue;
        }
        if g.is_empty() || g.len() > 4 || !g.chars().all(|c| c.is_ascii_hexdigit()) {
            return false;
        }
        hex_letters += g.chars().filter(|c| c.is_ascii_alphabetic()).count();
        count += 1;
    }
    if compressed {
        // "::" alone or with one short group ("::1") is loopback/unspecified:
        // not personal, and "a::b" shapes appear in code.
        let hex_chars: usize = groups.iter().map(|g| g.len()).sum();
        (2..=7).contains(&count) && hex_chars >= 6
    } else {
        count == 8 && (hex_letters > 0 || groups.iter().any(|g| g.len() == 4))
    }
}

/// Words after a number that mark it as a phone number (sorted by bytes).
const PHONE_AFTER_CUES: &[&str] = &[
    "(büro", "(mobil", "cell", "fax", "home", "mobile", "office", "work",
];

/// Words near a bare digit group that make it a phone number.
const PHONE_CUES: &[&str] = &[
    "anruf",
    "answering at",
    "büro",
    "call",
    "cell",
    "contact",
    "desk",
    "dial",
    "durchwahl",
    "erreich",
    "fax",
    "festnetz",
    "handy",
    "hotline",
    "kontakt",
    "landline",
    "messages to",
    "mobil",
    "mobile",
    "number",
    "nummer",
    "office",
    "phone",
    "reach",
    "registered",
    "ruf",
    "rückruf",
    "sms",
    "tel",
    "telefon",
    "telephone",
    "text me",
    "whatsapp",
    "wähl",
];
const PHONE_CUES_F: PairFilter = PairFilter::of(PHONE_CUES);

fn phones(t: &Text, out: &mut Vec<Candidate>) {
    phones_with(t, out, true);
}

/// [`phones`]; `skip` enables the shortcut for runs whose digit count or
/// end rules out every shape (the tests compare both ways).
fn phones_with(t: &Text, out: &mut Vec<Candidate>, skip: bool) {
    let n = t.len();
    let mut i = 0;
    while i < n {
        let c = t.c[i];
        let starts = c.is_ascii_digit() || ((c == '+' || c == '(') && t.at(i + 1).is_ascii_digit());
        if !starts
            || !t.boundary_before(i)
            || (i > 0
                && matches!(
                    t.c[i - 1],
                    '.' | ',' | '/' | '-' | '+' | '€' | '$' | '£' | '#'
                ))
        {
            i += 1;
            continue;
        }
        // Collect the run: digits and single separators, brackets allowed.
        // `ends` records where each digit group ends and how many digits the
        // run has up to there, so a run that swallowed a following number
        // ("+49 151 2345678 4111 1111 …") can be cut back at a space.
        let mut e = i;
        let mut seps_in_row = 0;
        // (end, digits, groups), on the stack: this runs at every number in
        // the text. Each entry ends a group of at least one digit and the
        // loop stops after the 25th digit, so 25 entries always suffice.
        let mut ends_buf = [(0usize, 0usize, 0usize); 25];
        let mut ends_len = 0;
        let mut digits = 0;
        let mut groups = 0;
        let mut in_group = false;
        if t.c[e] == '+' {
            e += 1;
        }
        // No phone number has more than 15 digits: stop collecting well
        // after that, so a huge digit run costs linear time.
        while e < n && digits <= 24 {
            let ch = t.c[e];
            if ch.is_ascii_digit() {
                digits += 1;
                if !in_group {
                    groups += 1;
                    in_group = true;
                }
                seps_in_row = 0;
            } else if matches!(ch, ' ' | '-' | '.' | '/' | '(' | ')' | '\u{a0}') && seps_in_row < 3
            {
                if in_group {
                    ends_buf[ends_len] = (e, digits, groups);
                    ends_len += 1;
                    in_group = false;
                }
                seps_in_row += 1;
            } else {
                break;
            }
            e += 1;
        }
        if in_group {
            ends_buf[ends_len] = (e, digits, groups);
            ends_len += 1;
        }
        let ends = &ends_buf[..ends_len];
        // The label and the cues are looked up once per start, and only
        // for a run that gets as far as needing them.
        let mut reference = None;
        let mut cue_before = None;
        let mut found = None;
        // Longest first; shorter prefixes only end where a space follows.
        for (idx, &(end, digits, groups)) in ends.iter().enumerate().rev() {
            if idx + 1 < ends.len() && !matches!(t.at(end), ' ' | '\u{a0}') {
                continue;
            }
            let mut full_end = end;
            // Extensions: "x459".
            if t.at(end) == 'x' && t.at(end + 1).is_ascii_digit() {
                full_end = end + 1;
                while t.at(full_end).is_ascii_digit() {
                    full_end += 1;
                }
            }
            let ok_after =
                t.boundary_after(full_end) || t.at(full_end) == '-' || idx + 1 < ends.len();
            // Every shape below needs `ok_after` and 6 to 15 digits (a US
            // shape has 10 to 14): most runs are dates, prices and times.
            if skip && !(ok_after && (6..=15).contains(&digits)) {
                continue;
            }
            let reference =
                *reference.get_or_insert_with(|| is_reference_label(&t.label_before(i)));
            let run: String = t.c[i..end].iter().collect();
            let plus = run.starts_with('+');
            // "(0043 680 9819729)": the bracket around the whole number
            // is punctuation, not an area code's.
            let bare = run.trim_start_matches('(');
            let intl00 = bare.starts_with("00") && !bare.starts_with("000");
            let national0 = bare.starts_with('0') && !intl00;
            let us = is_us_shape(&run);
            let pairs =
                run.contains('.') && !plus && groups >= 3 && run.split('.').all(|g| g.len() == 2);
            let strong = ok_after
                && ((plus && (8..=15).contains(&digits))
                    || (intl00 && (10..=15).contains(&digits) && !reference)
                    || (national0 && (9..=13).contains(&digits) && !reference && groups <= 5)
                    // Short national numbers ("089 12345") only with a
                    // spaced, slashed or dashed area code, never dotted.
                    || (national0 && digits == 8 && !reference && (2..=3).contains(&groups) && !run.contains('.'))
                    || (us && !reference)
                    || (pairs && digits == 10 && national0));
            let weak = ok_after
                && !reference
                && (6..=15).contains(&digits)
                && groups <= 6
                && (*cue_before.get_or_insert_with(|| {
                    t.cue_before_filtered(i, 48, PHONE_CUES, &PHONE_CUES_F)
                }) || t.cue_after(full_end, 12, PHONE_AFTER_CUES));
            if strong || weak {
                found = Some((full_end, if strong { 52 } else { 45 }));
                break;
            }
        }
        match found {
            Some((end, prio)) => {
                // An opening bracket whose partner is not in the number
                // stays outside the span.
                let start = if t.c[i] == '(' && !t.c[i..end].contains(&')') {
                    i + 1
                } else {
                    i
                };
                push(out, EntityKind::Phone, start, end, prio);
                i = end;
            }
            None => i = e.max(i + 1),
        }
    }
}

/// North American shapes: (ddd) ddd-dddd, ddd-ddd-dddd, ddd.ddd.dddd,
/// optionally with a leading 1 or +1.
fn is_us_shape(run: &str) -> bool {
    let r = run
        .trim_start_matches("+1")
        .trim_start_matches(['-', ' ', '.']);
    let r = r
        .strip_prefix("1-")
        .or_else(|| r.strip_prefix("1 "))
        .or_else(|| r.strip_prefix("001-"))
        .unwrap_or(r);
    let c: Vec<char> = r.chars().collect();
    let area_ok = |a: &[char]| {
        a.len() == 3 && a.iter().all(char::is_ascii_digit) && a[0] != '0' && a[0] != '1'
    };
    let num = |a: &[char], sep: char| {
        a.len() == 8
            && a[..3].iter().all(char::is_ascii_digit)
            && a[3] == sep
            && a[4..].iter().all(char::is_ascii_digit)
    };
    if c.first() == Some(&'(') {
        // (ddd) ddd-dddd or (ddd)ddd-dddd
        if c.len() >= 5 && c[4] == ')' && area_ok(&c[1..4]) {
            let rest: &[char] = if c.get(5) == Some(&' ') {
                &c[6..]
            } else {
                &c[5..]
            };
            return num(rest, '-') || num(rest, ' ') || num(rest, '.');
        }
        return false;
    }
    if c.len() == 12 && area_ok(&c[..3]) {
        let sep = c[3];
        return matches!(sep, '-' | '.' | ' ') && num(&c[4..], sep);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_secret_token_is_a_lower_bound() {
        for &(p, min) in KEY_PREFIXES {
            assert!(p.len() + min >= MIN_SECRET_TOKEN, "{p}");
        }
        assert!(
            AWS_PREFIXES
                .iter()
                .all(|p| p.len() + 16 >= MIN_SECRET_TOKEN)
        );
        // JWT: two parts of 10 and two dots; generic run: 24.
        const { assert!(10 + 1 + 10 + 1 >= MIN_SECRET_TOKEN && 24 >= MIN_SECRET_TOKEN) };
    }

    #[test]
    fn cue_lists_are_sorted() {
        for (name, list) in [
            ("SECRET_CUES", SECRET_CUES),
            ("VERSION_CUES", VERSION_CUES),
            ("PHONE_CUES", PHONE_CUES),
            ("PHONE_AFTER_CUES", PHONE_AFTER_CUES),
        ] {
            assert!(Text::is_sorted(list), "{name} must be sorted by bytes");
        }
    }

    /// Skipping runs by digit count and end finds the same phone numbers as
    /// trying every run.
    #[test]
    fn phone_shortcut_changes_nothing() {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        const CHARS: &[u8] = b"0000111123456789  --..//()+x";
        let mut texts = super::super::text::test_corpus();
        for us in [
            "(415) 555-2671",
            "+1 (415) 555-2671",
            "+1-415-555-2671",
            "1-415-555-2671",
            "001-415-555-2671",
            "415.555.2671",
            "+11-415-555-2671",
        ] {
            texts.push(format!("call {us} x12"));
            texts.push(format!("Bestellnr {us}"));
        }
        for _ in 0..30_000 {
            let len = 1 + (next() % 24) as usize;
            let run: String = (0..len)
                .map(|_| char::from(CHARS[(next() % CHARS.len() as u64) as usize]))
                .collect();
            let cue =
                ["", "Tel. ", "Bestellnr ", "call me at ", "Rechnung "][(next() % 5) as usize];
            let tail = ["", " mobile", " (Büro)", "-", "a"][(next() % 5) as usize];
            texts.push(format!("{cue}{run}{tail}"));
        }
        let mut found = 0;
        for text in &texts {
            let t = Text::new(text);
            let (mut fast, mut full) = (Vec::new(), Vec::new());
            phones_with(&t, &mut fast, true);
            phones_with(&t, &mut full, false);
            found += full.len();
            let key = |c: &Candidate| (c.kind, c.start, c.end, c.prio);
            assert_eq!(
                fast.iter().map(key).collect::<Vec<_>>(),
                full.iter().map(key).collect::<Vec<_>>(),
                "{text}"
            );
        }
        // The random runs do hit the shapes.
        assert!(found > 1_000, "{found}");
    }

    #[test]
    fn token_run_table_matches_the_classes() {
        for c in (0..=0x11_0000).filter_map(char::from_u32) {
            assert_eq!(
                is_token_run_char(c),
                is_key_char(c) || matches!(c, '.' | '/' | '+' | '='),
                "{c:?}"
            );
        }
    }

    #[test]
    fn secret_cues_start_with_an_ascii_letter() {
        for cue in SECRET_CUES {
            assert!(cue.as_bytes()[0].is_ascii_lowercase(), "{cue}");
        }
    }

    #[test]
    fn secret_cue_table_matches_the_sorted_search() {
        // What `secrets` keeps: a cue not followed by a letter or digit.
        let kept = |t: &Text, i: usize, cue: Option<&'static str>| {
            cue.filter(|c| !t.at(i + c.chars().count()).is_alphanumeric())
        };
        let mut texts = crate::pii::text::test_corpus();
        texts.extend(
            [
                "tokens: x",
                "secret keys=1",
                "secret key=1",
                "api_keys: 2",
                "API-Schlüssel: abc",
                "pin1234",
                "Passwort:x",
                "tan",
                "otpx otp",
            ]
            .map(String::from),
        );
        for s in &texts {
            let t = Text::new(s);
            for i in 0..t.len() {
                let slow = if t.may_start(i, &SECRET_CUES_F) {
                    t.longest_sorted(i, SECRET_CUES)
                } else {
                    None
                };
                assert_eq!(
                    kept(&t, i, SECRET_CUES_AT.longest_prefix_at(&t, i)),
                    kept(&t, i, slow),
                    "{s:?} at {i}"
                );
            }
        }
    }

    #[test]
    fn cue_filters_rule_out_no_cue() {
        Text::assert_filtered_cues_agree(SECRET_CUES, &SECRET_CUES_F);
        Text::assert_filtered_cues_agree(PHONE_CUES, &PHONE_CUES_F);
    }
}
