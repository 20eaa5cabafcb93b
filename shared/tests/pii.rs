//! Table-driven tests of the PII redactor from the data files in
//! `tests/data/pii/`: check-digit vectors from the specifications, exact
//! recogniser vectors, look-alikes that must stay, the German/English chat
//! set, and the conversation-scoped placeholder numbering.
//!
//! Each data line is one case; a failing test lists every failing case by
//! file, line and content.

#![allow(
    clippy::expect_used,
    reason = "a malformed fixture line should fail the test loudly"
)]

use mignuti_shared::pii::{self, EntityKind, PlaceholderMap, Redactor};

const CHECK_DIGITS: &str = include_str!("data/pii/check_digits.tsv");
const POSITIVES: &str = include_str!("data/pii/positives.txt");
const LOOKALIKES: &str = include_str!("data/pii/lookalikes.txt");
const CHAT_MARKUP: &str = include_str!("data/pii/chat_de_en.txt");
const CHAT_JSONL: &str = include_str!("data/pii/chat_de_en.jsonl");
const HARD_MARKUP: &str = include_str!("data/pii/chat_hard.txt");
const HARD_JSONL: &str = include_str!("data/pii/chat_hard.jsonl");

/// The chat sets: (name, markup source, generated JSON lines for pii_eval).
const CHAT_SETS: [(&str, &str, &str); 2] = [
    ("chat_de_en", CHAT_MARKUP, CHAT_JSONL),
    ("chat_hard", HARD_MARKUP, HARD_JSONL),
];

/// Data lines with their 1-based line numbers, comments and blanks skipped.
fn cases(data: &str) -> impl Iterator<Item = (usize, &str)> {
    data.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

fn report(file: &str, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} failing case(s) in {file}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A marked-up message: text plus gold spans (kind name, start, end) in
/// code points.
struct Marked {
    text: String,
    spans: Vec<(String, usize, usize)>,
}

fn parse_markup(line: &str) -> Marked {
    let line = line.replace("\\n", "\n");
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut rest = line.as_str();
    while let Some(open) = rest.find("[[") {
        text.push_str(&rest[..open]);
        let inner = &rest[open + 2..];
        let colon = inner.find(':').expect("markup needs KIND:value");
        let close = inner.find("]]").expect("markup needs ]]");
        let kind = inner[..colon].to_string();
        let value = &inner[colon + 1..close];
        let start = text.chars().count();
        text.push_str(value);
        spans.push((kind, start, text.chars().count()));
        rest = &inner[close + 2..];
    }
    text.push_str(rest);
    Marked { text, spans }
}

#[test]
fn check_digit_vectors() {
    let mut failures = Vec::new();
    for (no, line) in cases(CHECK_DIGITS) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(
            cols.len() >= 3,
            "check_digits.tsv:{no}: needs algorithm, value, expectation"
        );
        let (algo, value, expected) = (cols[0], cols[1], cols[2]);
        let ok = match algo {
            "icao" => {
                pii::icao_check_digit(value).map(|d| d.to_string()) == Some(expected.to_string())
            }
            _ => {
                let valid = match algo {
                    "luhn" => pii::luhn_valid(value),
                    "iban" => pii::iban_valid(value),
                    "de_tax_id" => pii::de_tax_id_valid(value),
                    "de_tax_id_check_digit" => pii::de_tax_id_check_digit_valid(value),
                    "de_vat" => pii::de_vat_valid(value),
                    "kvnr" => pii::kvnr_valid(value),
                    "rvnr" => pii::rvnr_valid(value),
                    "ean13" => pii::ean13_valid(value),
                    other => panic!("check_digits.tsv:{no}: unknown algorithm {other}"),
                };
                valid == (expected == "valid")
            }
        };
        if !ok {
            failures.push(format!("check_digits.tsv:{no}: {line}"));
        }
    }
    report("check_digits.tsv", &failures);
}

/// Every valid IBAN example is also found in running text, spaced and
/// compact.
#[test]
fn iban_examples_are_found_in_text() {
    let r = Redactor::new();
    let mut failures = Vec::new();
    for (no, line) in cases(CHECK_DIGITS) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols[0] != "iban" || cols[2] != "valid" {
            continue;
        }
        let compact: String = cols[1].chars().filter(|c| !c.is_whitespace()).collect();
        let spaced: String = compact
            .chars()
            .collect::<Vec<_>>()
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ");
        for form in [&compact, &spaced] {
            let text = format!("Please use IBAN {form} for the refund.");
            let found = r.find(&text);
            let want = (EntityKind::Iban, 16, 16 + form.chars().count());
            if found != vec![want] {
                failures.push(format!("check_digits.tsv:{no}: {form:?} -> {found:?}"));
            }
        }
    }
    report("check_digits.tsv (in text)", &failures);
}

#[test]
fn recogniser_vectors() {
    let r = Redactor::new();
    let mut failures = Vec::new();
    for (no, line) in cases(POSITIVES) {
        let m = parse_markup(line);
        let found: Vec<(String, usize, usize)> = r
            .find(&m.text)
            .into_iter()
            .map(|(k, s, e)| (k.as_str().to_string(), s, e))
            .collect();
        if found != m.spans {
            failures.push(format!(
                "positives.txt:{no}: {line}\n    expected {:?}\n    found    {found:?}",
                m.spans
            ));
        }
    }
    report("positives.txt", &failures);
}

#[test]
fn lookalikes_stay() {
    let r = Redactor::new();
    let mut failures = Vec::new();
    for (no, line) in cases(LOOKALIKES) {
        let text = line.replace("\\n", "\n");
        let found = r.find(&text);
        if !found.is_empty() {
            let chars: Vec<char> = text.chars().collect();
            let what: Vec<String> = found
                .iter()
                .map(|&(k, s, e)| format!("{}={:?}", k, chars[s..e].iter().collect::<String>()))
                .collect();
            failures.push(format!(
                "lookalikes.txt:{no}: {line} -> {}",
                what.join(", ")
            ));
        }
    }
    report("lookalikes.txt", &failures);
}

#[test]
fn chat_set_jsonl_matches_markup() {
    for (name, markup, jsonl) in CHAT_SETS {
        let markup: Vec<Marked> = cases(markup).map(|(_, l)| parse_markup(l)).collect();
        let jsonl: Vec<serde_json::Value> = jsonl
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).expect("valid JSON line"))
            .collect();
        assert_eq!(
            markup.len(),
            jsonl.len(),
            "{name}.jsonl is out of date: regenerate it from {name}.txt"
        );
        for (i, (m, j)) in markup.iter().zip(&jsonl).enumerate() {
            assert_eq!(
                j["text"].as_str(),
                Some(m.text.as_str()),
                "{name}.jsonl line {} text differs",
                i + 1
            );
            let spans: Vec<(String, usize, usize)> = j["spans"]
                .as_array()
                .expect("spans array")
                .iter()
                .map(|s| {
                    (
                        s["type"].as_str().expect("type").to_string(),
                        s["start"].as_u64().expect("start") as usize,
                        s["end"].as_u64().expect("end") as usize,
                    )
                })
                .collect();
            assert_eq!(spans, m.spans, "{name}.jsonl line {} spans differ", i + 1);
        }
    }
}

/// The chat sets as a regression gate, with the eval README's overlap rule
/// (and the kind must match): recall and precision stay at the issue's
/// targets.
#[test]
fn chat_sets_meet_targets() {
    let r = Redactor::new();
    for (name, markup, _) in CHAT_SETS {
        let (mut gold, mut hit, mut predicted, mut false_pos) = (0u32, 0u32, 0u32, 0u32);
        let mut failures = Vec::new();
        for (no, line) in cases(markup) {
            let m = parse_markup(line);
            let found = r.find(&m.text);
            for (kind, gs, ge) in &m.spans {
                gold += 1;
                if found
                    .iter()
                    .any(|&(k, s, e)| s < *ge && *gs < e && k.as_str() == kind)
                {
                    hit += 1;
                } else {
                    failures.push(format!("{name}.txt:{no}: missed {kind} in {line}"));
                }
            }
            for &(k, s, e) in &found {
                predicted += 1;
                if !m.spans.iter().any(|(_, gs, ge)| s < *ge && *gs < e) {
                    false_pos += 1;
                    failures.push(format!(
                        "{name}.txt:{no}: false positive {k} {s}..{e} in {line}"
                    ));
                }
            }
        }
        let recall = f64::from(hit) / f64::from(gold);
        let precision = f64::from(predicted - false_pos) / f64::from(predicted);
        assert!(
            recall >= 0.95 && precision >= 0.97,
            "{name}: recall {recall:.3}, precision {precision:.3}:\n{}",
            failures.join("\n")
        );
    }
}

#[test]
fn same_value_same_placeholder_across_messages() {
    let r = Redactor::new();
    let mut map = PlaceholderMap::new();
    let a = r.redact(
        "Meine IBAN ist DE89 3704 0044 0532 0130 00, Mail ANNA@Example.de",
        &mut map,
    );
    let b = r.redact(
        "Noch mal: DE89370400440532013000 und anna@example.de, zweite Mail bob@example.de",
        &mut map,
    );
    assert_eq!(a.text, "Meine IBAN ist [IBAN_1], Mail [EMAIL_1]");
    assert_eq!(
        b.text,
        "Noch mal: [IBAN_1] und [EMAIL_1], zweite Mail [EMAIL_2]"
    );
    assert_eq!(map.len(), 3);
}

#[test]
fn known_names_are_found_again_without_cue() {
    let r = Redactor::new();
    let mut map = PlaceholderMap::new();
    let a = r.redact("Hallo, mein Name ist Jörg Kowalczyk.", &mut map);
    assert_eq!(a.text, "Hallo, mein Name ist [PERSON_1].");
    let b = r.redact("Kowalczyk ist auch der Name auf der Rechnung.", &mut map);
    assert!(!b.text.contains("Kowalczyk"), "{}", b.text);
}

#[test]
fn entities_carry_input_offsets_and_placeholders() {
    let r = Redactor::new();
    let mut map = PlaceholderMap::new();
    let text = "Grüße an Ä: ruf mich an unter +49 30 1234567 oder schreib an ä@ö.de";
    let red = r.redact(text, &mut map);
    let chars: Vec<char> = text.chars().collect();
    let kinds: Vec<EntityKind> = red.entities.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, vec![EntityKind::Phone, EntityKind::Email]);
    let phone: String = chars[red.entities[0].start..red.entities[0].end]
        .iter()
        .collect();
    assert_eq!(phone, "+49 30 1234567");
    assert_eq!(red.entities[1].placeholder, "[EMAIL_1]");
}

#[test]
fn restore_puts_values_back_for_the_visitor() {
    let r = Redactor::new();
    let mut map = PlaceholderMap::new();
    let text = "Ich bin Anna, Karte 4111 1111 1111 1111, Tel. 0151 23456789.";
    let red = r.redact(text, &mut map);
    assert!(!red.text.contains("4111"));
    assert_eq!(map.restore(&red.text), text);
    assert_eq!(
        map.restore("Unknown [FOO_1] and [PHONE_9] stay, [ alone too"),
        "Unknown [FOO_1] and [PHONE_9] stay, [ alone too"
    );
}

#[test]
fn placeholder_map_round_trips_through_serde() {
    let r = Redactor::new();
    let mut map = PlaceholderMap::new();
    r.redact("Mail an max@example.com", &mut map);
    let json = serde_json::to_string(&map).expect("serialise");
    let mut back: PlaceholderMap = serde_json::from_str(&json).expect("deserialise");
    let red = r.redact("max@example.com und moritz@example.com", &mut back);
    assert_eq!(red.text, "[EMAIL_1] und [EMAIL_2]");
}

#[test]
fn debug_output_never_prints_values() {
    let r = Redactor::new();
    let mut map = PlaceholderMap::new();
    let red = r.redact("Passwort: Geheim123! und max@example.com", &mut map);
    let dbg = format!("{map:?} {:?}", red.entities);
    assert!(
        !dbg.contains("Geheim123") && !dbg.contains("max@example.com"),
        "{dbg}"
    );
}

#[test]
fn kind_names_are_stable() {
    let names: Vec<&str> = EntityKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "EMAIL",
            "PHONE",
            "IBAN",
            "CREDIT_CARD",
            "DE_TAX_ID",
            "DE_TAX_NUMBER",
            "VAT_ID",
            "DE_ID_CARD",
            "PASSPORT",
            "DE_SOCIAL_SECURITY",
            "DE_HEALTH_INSURANCE",
            "IP_ADDRESS",
            "DATE",
            "PERSON",
            "ADDRESS",
            "URL",
            "BIC",
            "SECRET",
            "US_SSN"
        ]
    );
    for k in EntityKind::ALL {
        assert_eq!(EntityKind::parse(k.as_str()), Some(k));
    }
}

/// Regression: long runs of separators, digits or repeated cues once made
/// scanners rescan from every position (quadratic time). These must finish
/// promptly even in a debug build.
#[test]
fn pathological_inputs_finish() {
    let r = Redactor::new();
    let inputs = [
        "1 ".repeat(5000),
        "-".repeat(10000),
        "Hallo Anna ".repeat(1000),
        "Hauptstraße 5, ".repeat(700),
        "a@".repeat(5000),
        "1.".repeat(5000),
        "Suite 5\n".repeat(1200),
    ];
    for text in &inputs {
        let mut map = PlaceholderMap::new();
        let red = r.redact(text, &mut map);
        assert!(red.entities.windows(2).all(|w| w[0].end <= w[1].start));
    }
}

const BLIND: &str = include_str!("data/pii/blind_de_en.jsonl");

/// `blind_de_en.jsonl` (402 German and English support messages written
/// from the spec by someone who had not read the recognisers, generated by
/// `gen_blind.py`) as a regression gate at the spec's targets, with the
/// eval README's overlap rule: recall >= 0.98 for each of the six required
/// types, >= 0.85 for PERSON and ADDRESS, precision >= 0.97. Its first-look
/// figures are in docs/benchmarks.md.
#[test]
fn blind_set_meets_targets() {
    let r = Redactor::new();
    let mut per_type: std::collections::BTreeMap<String, (u32, u32)> = Default::default();
    let (mut predicted, mut false_pos) = (0u32, 0u32);
    let mut failures = Vec::new();
    for (no, line) in cases(BLIND) {
        let v: serde_json::Value = serde_json::from_str(line).expect("blind_de_en.jsonl parses");
        let text = v["text"].as_str().expect("text");
        let gold: Vec<(String, usize, usize)> = v["spans"]
            .as_array()
            .expect("spans")
            .iter()
            .map(|g| {
                let n = |k: &str| usize::try_from(g[k].as_u64().expect("offset")).expect("usize");
                (
                    g["type"].as_str().expect("type").to_owned(),
                    n("start"),
                    n("end"),
                )
            })
            .collect();
        let found = r.find(text);
        for (kind, gs, ge) in &gold {
            let t = per_type.entry(kind.clone()).or_default();
            t.0 += 1;
            if found.iter().any(|&(_, s, e)| s < *ge && *gs < e) {
                t.1 += 1;
            } else {
                failures.push(format!("blind_de_en.jsonl:{no}: missed {kind} in {text:?}"));
            }
        }
        for &(k, s, e) in &found {
            predicted += 1;
            if !gold.iter().any(|(_, gs, ge)| s < *ge && *gs < e) {
                false_pos += 1;
                failures.push(format!(
                    "blind_de_en.jsonl:{no}: false positive {k} in {text:?}"
                ));
            }
        }
    }
    let recall = |kind: &str| {
        let (g, h) = per_type.get(kind).copied().unwrap_or_default();
        assert!(g > 0, "no {kind} in the blind set");
        f64::from(h) / f64::from(g)
    };
    let precision = f64::from(predicted - false_pos) / f64::from(predicted);
    let mut short = Vec::new();
    for kind in [
        "EMAIL",
        "PHONE",
        "IBAN",
        "CREDIT_CARD",
        "DE_TAX_ID",
        "IP_ADDRESS",
    ] {
        if recall(kind) < 0.98 {
            short.push(format!("{kind} recall {:.3}", recall(kind)));
        }
    }
    for kind in ["PERSON", "ADDRESS"] {
        if recall(kind) < 0.85 {
            short.push(format!("{kind} recall {:.3}", recall(kind)));
        }
    }
    if precision < 0.97 {
        short.push(format!("precision {precision:.3}"));
    }
    assert!(
        short.is_empty(),
        "{}:\n{}",
        short.join(", "),
        failures.join("\n")
    );
}

const SYNTH_REQUIRED: &str = include_str!("data/pii/synthetic_required.jsonl");
const SYNTH_LOOKALIKES: &str = include_str!("data/pii/synthetic_lookalikes.jsonl");

/// Random valid values of the types with a 0.98 recall target, in German
/// and English templates (generated by `data/pii/gen_synthetic.py`): every
/// one must be found with the right kind.
#[test]
fn synthetic_required_types_are_found() {
    let r = Redactor::new();
    let mut failures = Vec::new();
    for (no, line) in SYNTH_REQUIRED.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).expect("valid JSON line");
        let text = v["text"].as_str().expect("text");
        let span = &v["spans"][0];
        let (kind, gs, ge) = (
            span["type"].as_str().expect("type"),
            span["start"].as_u64().expect("start") as usize,
            span["end"].as_u64().expect("end") as usize,
        );
        let found = r.find(text);
        if !found
            .iter()
            .any(|&(k, s, e)| k.as_str() == kind && s <= gs && e >= ge)
        {
            failures.push(format!(
                "synthetic_required.jsonl:{}: {kind} in {text:?} -> {found:?}",
                no + 1
            ));
        }
    }
    report("synthetic_required.jsonl", &failures);
}

/// Generated look-alikes (order numbers, EANs, prices, times, versions,
/// contract numbers): nothing may be redacted.
#[test]
fn synthetic_lookalikes_stay() {
    let r = Redactor::new();
    let mut failures = Vec::new();
    for (no, line) in SYNTH_LOOKALIKES.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).expect("valid JSON line");
        let text = v["text"].as_str().expect("text");
        let found = r.find(text);
        if !found.is_empty() {
            failures.push(format!(
                "synthetic_lookalikes.jsonl:{}: {text:?} -> {found:?}",
                no + 1
            ));
        }
    }
    report("synthetic_lookalikes.jsonl", &failures);
}
