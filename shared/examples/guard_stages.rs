//! Per-stage time of the guard pipeline on the PII development corpus:
//! the injection check and the PII redaction, each timed on its own.
//!
//! ```text
//! cargo run --profile bench-native -p mignuti-shared --example guard_stages [-- ROUNDS]
//! ```
//!
//! Every message is scanned `ROUNDS` times (default 20); the figures are the
//! per-message p50 and mean of the fastest round for each message.

#![allow(clippy::print_stdout, reason = "a command-line report")]

use mignuti_shared::guard::Guards;
use mignuti_shared::pii::PlaceholderMap;
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/eval/pii/dev.jsonl"
    );
    let Ok(raw) = std::fs::read_to_string(path) else {
        eprintln!("guard_stages: cannot read {path}");
        std::process::exit(1);
    };
    let texts: Vec<String> = raw
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
    let guards = Guards::new();
    let mut inj = vec![f64::MAX; texts.len()];
    let mut red = vec![f64::MAX; texts.len()];
    for _ in 0..rounds {
        for (i, t) in texts.iter().enumerate() {
            let s = Instant::now();
            black_box(guards.detector.check(black_box(t)));
            inj[i] = inj[i].min(s.elapsed().as_secs_f64() * 1e6);
            let s = Instant::now();
            black_box(
                guards
                    .redactor
                    .redact(black_box(t), &mut PlaceholderMap::new()),
            );
            red[i] = red[i].min(s.elapsed().as_secs_f64() * 1e6);
        }
    }
    let both: Vec<f64> = inj.iter().zip(&red).map(|(a, b)| a + b).collect();
    for (name, v) in [("injection", inj), ("redaction", red), ("both", both)] {
        let mut s = v.clone();
        s.sort_by(f64::total_cmp);
        let mean = s.iter().sum::<f64>() / s.len() as f64;
        println!(
            "{name:>10}: p50 {:6.2} µs  p99 {:6.2} µs  mean {:6.2} µs",
            s[s.len() / 2],
            s[s.len() * 99 / 100],
            mean
        );
    }
}
