//! Evaluates the PII redactor on a JSON-lines corpus of
//! `{"text", "spans": [{"type", "start", "end"}]}` (offsets in code points).
//!
//! Scoring (shared eval README): a gold span counts as found when any
//! redacted span overlaps it; a redacted span that overlaps no gold span is
//! a false positive. Prints recall per gold type, overall precision, and the
//! stricter type-matched recall for the gold types that map to ours.
//!
//! `cargo run --release -p mignuti-shared --example pii_eval -- FILE [--errors]`
//! (`--errors` also lists misses and false positives, for development).
//! `-- --markup FILE` instead reads plain text lines ("\n" = line break) and
//! prints them with the found spans marked as `[[KIND:value]]`, the format of
//! the test data in `tests/data/pii/`.
#![allow(clippy::print_stdout, reason = "a command-line report")]

use mignuti_shared::pii::{EntityKind, Redactor};
use std::collections::BTreeMap;
use std::process::ExitCode;

/// Which of our kinds count as the same type as a gold label.
fn matches_gold(gold: &str, kind: EntityKind) -> bool {
    match gold {
        "NATIONAL_ID" => matches!(
            kind,
            EntityKind::UsSsn
                | EntityKind::DeTaxId
                | EntityKind::DeIdCard
                | EntityKind::Passport
                | EntityKind::DeSocialSecurity
                | EntityKind::DeHealthInsurance
        ),
        "POSTAL_CODE" | "LOCATION" => matches!(kind, EntityKind::Address),
        g => kind.as_str() == g,
    }
}

#[derive(Default)]
struct Tally {
    gold: usize,
    found: usize,
    typed: usize,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: pii_eval FILE.jsonl [--errors]");
        return ExitCode::from(2);
    };
    let show_errors = args.iter().any(|a| a == "--errors");
    if args.iter().any(|a| a == "--markup") {
        return markup(path);
    }
    let data = match std::fs::read_to_string(path) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let redactor = Redactor::new();
    let mut per_type: BTreeMap<String, Tally> = BTreeMap::new();
    let (mut predicted, mut false_pos) = (0usize, 0usize);
    let mut fp_kinds: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut lines = 0usize;
    let mut total_chars = 0usize;
    let started = std::time::Instant::now();
    for (no, line) in data.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("line {}: {e}", no + 1);
                continue;
            }
        };
        let text = v["text"].as_str().unwrap_or_default();
        let gold: Vec<(String, usize, usize)> = v["spans"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| {
                        Some((
                            s["type"].as_str()?.to_string(),
                            usize::try_from(s["start"].as_u64()?).ok()?,
                            usize::try_from(s["end"].as_u64()?).ok()?,
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        lines += 1;
        total_chars += text.chars().count();
        let found = redactor.find(text);
        let chars: Vec<char> = text.chars().collect();
        let slice = |s: usize, e: usize| {
            chars[s.min(chars.len())..e.min(chars.len())]
                .iter()
                .collect::<String>()
        };
        for (ty, gs, ge) in &gold {
            let t = per_type.entry(ty.clone()).or_default();
            t.gold += 1;
            let hit = found.iter().any(|&(_, s, e)| s < *ge && *gs < e);
            let typed = found
                .iter()
                .any(|&(k, s, e)| s < *ge && *gs < e && matches_gold(ty, k));
            t.found += usize::from(hit);
            t.typed += usize::from(typed);
            if show_errors && !hit {
                println!("MISS {ty} {:?}  in {:?}", slice(*gs, *ge), text);
            }
        }
        for &(k, s, e) in &found {
            predicted += 1;
            if !gold.iter().any(|(_, gs, ge)| s < *ge && *gs < e) {
                false_pos += 1;
                *fp_kinds.entry(k.as_str()).or_default() += 1;
                if show_errors {
                    println!("FP {} {:?}  in {:?}", k.as_str(), slice(s, e), text);
                }
            }
        }
    }
    let elapsed = started.elapsed();
    println!("{path}: {lines} messages, {total_chars} code points");
    println!(
        "{:<22} {:>6} {:>6} {:>8} {:>12}",
        "gold type", "gold", "found", "recall", "typed recall"
    );
    let (mut g_all, mut f_all) = (0, 0);
    for (ty, t) in &per_type {
        g_all += t.gold;
        f_all += t.found;
        println!(
            "{:<22} {:>6} {:>6} {:>8.3} {:>12.3}",
            ty,
            t.gold,
            t.found,
            t.found as f64 / t.gold.max(1) as f64,
            t.typed as f64 / t.gold.max(1) as f64
        );
    }
    // Only the gold types that are in scope for the redactor (the corpus
    // also labels ages, organisations, job titles and bare locations).
    let in_scope = |ty: &str| {
        EntityKind::ALL.iter().any(|k| k.as_str() == ty)
            || matches!(ty, "NATIONAL_ID" | "POSTAL_CODE")
    };
    let (g_scope, f_scope) = per_type
        .iter()
        .filter(|(ty, _)| in_scope(ty))
        .fold((0, 0), |(g, f), (_, t)| (g + t.gold, f + t.found));
    println!(
        "{:<22} {:>6} {:>6} {:>8.3}",
        "IN-SCOPE TYPES",
        g_scope,
        f_scope,
        f_scope as f64 / g_scope.max(1) as f64
    );
    println!(
        "{:<22} {:>6} {:>6} {:>8.3}",
        "ALL",
        g_all,
        f_all,
        f_all as f64 / g_all.max(1) as f64
    );
    let precision = if predicted == 0 {
        1.0
    } else {
        (predicted - false_pos) as f64 / predicted as f64
    };
    println!(
        "precision {precision:.4} ({} of {predicted} redacted spans overlap a gold span)",
        predicted - false_pos
    );
    if !fp_kinds.is_empty() {
        let list: Vec<String> = fp_kinds.iter().map(|(k, n)| format!("{k}={n}")).collect();
        println!("false positives by kind: {}", list.join(" "));
    }
    println!(
        "time: {:.1} µs per message ({:.2} ms total)",
        elapsed.as_secs_f64() * 1e6 / lines.max(1) as f64,
        elapsed.as_secs_f64() * 1e3
    );
    ExitCode::SUCCESS
}

/// Prints each plain-text line of `path` with the found spans marked up.
fn markup(path: &str) -> ExitCode {
    let Ok(data) = std::fs::read_to_string(path) else {
        eprintln!("cannot read {path}");
        return ExitCode::from(2);
    };
    let redactor = Redactor::new();
    for line in data.lines() {
        let line = line.replace("\\n", "\n");
        let chars: Vec<char> = line.chars().collect();
        let mut out = String::new();
        let mut pos = 0;
        for (kind, s, e) in redactor.find(&line) {
            out.extend(&chars[pos..s]);
            out.push_str(&format!(
                "[[{}:{}]]",
                kind.as_str(),
                chars[s..e].iter().collect::<String>()
            ));
            pos = e;
        }
        out.extend(&chars[pos..]);
        println!("{}", out.replace('\n', "\\n"));
    }
    ExitCode::SUCCESS
}
