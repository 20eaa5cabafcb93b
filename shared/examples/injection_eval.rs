//! Evaluates the injection detector on labelled JSON lines
//! `{"text", "label": "attack"|"benign", "lang", "source"?}`: attack recall
//! and false-positive rate per source and per language, for the rules alone,
//! the model alone and the combined detector.
//!
//! `cargo run --release -p mignuti-shared --example injection_eval -- [--errors] [--passage] <jsonl>...`
//!
//! Rows without a `source` are grouped under their file name. `--errors`
//! lists the misses and false positives of the combined detector;
//! `--passage` evaluates the ingestion operating point
//! ([`Detector::check_passage`]) instead of the visitor-message one.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};

use mignuti_shared::injection::{Detector, model};
use mignuti_shared::normalize;

#[derive(Default)]
struct Counts {
    attacks: usize,
    benign: usize,
    /// Blocked counts for rules, model, combined.
    hit: [usize; 3],
    fp: [usize; 3],
}

impl Counts {
    fn add(&mut self, attack: bool, decisions: [bool; 3]) {
        if attack {
            self.attacks += 1;
        } else {
            self.benign += 1;
        }
        for (k, &d) in decisions.iter().enumerate() {
            if d && attack {
                self.hit[k] += 1;
            } else if d {
                self.fp[k] += 1;
            }
        }
    }
}

fn ratio(a: usize, b: usize) -> String {
    if b == 0 {
        "    -".to_string()
    } else {
        format!("{:5.3}", a as f64 / b as f64)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut show_errors = false;
    let mut passage = false;
    let mut paths = Vec::new();
    for arg in std::env::args().skip(1) {
        if arg == "--errors" {
            show_errors = true;
        } else if arg == "--passage" {
            passage = true;
        } else {
            paths.push(arg);
        }
    }
    // Build cost is paid once per isolate at cold start.
    let build_start = std::time::Instant::now();
    let detector = Detector::new();
    let build_time = build_start.elapsed();
    let mut check_time = std::time::Duration::ZERO;
    let mut checks = 0u32;
    let threshold = detector.model().map_or(1.0, |m| {
        if passage {
            m.passage_threshold
        } else {
            m.threshold
        }
    });
    let mut groups: BTreeMap<String, Counts> = BTreeMap::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for path in &paths {
        let file_name = std::path::Path::new(path)
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.clone());
        let file = std::fs::File::open(path)?;
        for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let row: serde_json::Value =
                serde_json::from_str(&line).map_err(|e| format!("{path}:{}: {e}", i + 1))?;
            let text = row["text"].as_str().unwrap_or_default();
            let attack = row["label"].as_str() == Some("attack");
            let lang = row["lang"].as_str().unwrap_or("und").to_string();
            let source = row["source"]
                .as_str()
                .map_or_else(|| file_name.clone(), str::to_string);

            // Rules-only and model-only decisions on the message and its
            // decoded segments, like `Detector::check` does.
            let mut scans = vec![detector.scan(&normalize::for_detection(text))];
            for seg in normalize::decoded_segments(text) {
                scans.push(detector.scan(&normalize::for_detection(&seg)));
            }
            let rules_only = scans.iter().any(|s| !s.strong.is_empty());
            let model_only = scans
                .iter()
                .filter_map(|s| s.model_logit)
                .any(|l| model::sigmoid(l) >= threshold);
            let check_start = std::time::Instant::now();
            let verdict = if passage {
                detector.check_passage(text)
            } else {
                detector.check(text)
            };
            check_time += check_start.elapsed();
            checks += 1;
            let decisions = [rules_only, model_only, verdict.blocked];
            for key in [
                "ALL".to_string(),
                format!("source {source}"),
                format!("lang {lang}"),
            ] {
                groups.entry(key).or_default().add(attack, decisions);
            }
            if show_errors && verdict.blocked != attack {
                let kind = if attack { "MISS" } else { "FP  " };
                let mut shown: String = text.chars().take(160).collect();
                shown = shown.replace('\n', " ");
                writeln!(
                    out,
                    "{kind} {file_name}:{} score={:.3} rules={:?} {shown}",
                    i + 1,
                    verdict.score,
                    verdict.rules
                )?;
            }
        }
    }
    writeln!(
        out,
        "Detector::new() {:?}; check() mean {:?} over {checks} messages; threshold {threshold:.3}",
        build_time,
        check_time / checks.max(1)
    )?;
    writeln!(
        out,
        "{:<52} {:>6} {:>7} {:>7} {:>7}   {:>6} {:>7} {:>7} {:>7}",
        "group", "attack", "R-rules", "R-model", "R-comb", "benign", "FP-rul", "FP-mod", "FP-comb"
    )?;
    for (key, c) in &groups {
        writeln!(
            out,
            "{:<52} {:>6} {:>7} {:>7} {:>7}   {:>6} {:>7} {:>7} {:>7}",
            key,
            c.attacks,
            ratio(c.hit[0], c.attacks),
            ratio(c.hit[1], c.attacks),
            ratio(c.hit[2], c.attacks),
            c.benign,
            ratio(c.fp[0], c.benign),
            ratio(c.fp[1], c.benign),
            ratio(c.fp[2], c.benign),
        )?;
    }
    Ok(())
}
