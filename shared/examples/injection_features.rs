//! Feature dump for `scripts/train_injection.py`: reads JSON lines
//! `{"text", "label", "lang", "source"?}` from the files given as arguments
//! and writes one JSON line per input with the model's hashed feature buckets
//! and the rules that fired, so training uses exactly the tokenisation,
//! normalisation and hashing of the crate.
//!
//! `cargo run --release -p mignuti-shared --example injection_features -- <jsonl>...`

use std::io::{BufRead, BufWriter, Write};

use mignuti_shared::injection::Detector;
use mignuti_shared::normalize;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let detector = Detector::new();
    let bits = detector.model().map_or(16, |m| m.bits());
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for path in std::env::args().skip(1) {
        let file = std::fs::File::open(&path)?;
        for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let row: serde_json::Value =
                serde_json::from_str(&line).map_err(|e| format!("{path}:{}: {e}", i + 1))?;
            let text = row["text"].as_str().unwrap_or_default();
            let norm = normalize::for_detection(text);
            let scan = detector.scan(&norm);
            let weak_ids: Vec<&str> = scan.weak.iter().map(|h| h.id).collect();
            // Rules also run on decoded segments, as in `Detector::check`.
            let mut strong: Vec<&str> = scan.strong.iter().map(|h| h.id).collect();
            let mut weak: Vec<&str> = scan.weak.iter().map(|h| h.id).collect();
            for seg in normalize::decoded_segments(text) {
                let s = detector.scan(&normalize::for_detection(&seg));
                strong.extend(s.strong.iter().map(|h| h.id));
                weak.extend(s.weak.iter().map(|h| h.id));
            }
            strong.dedup();
            weak.dedup();
            let record = serde_json::json!({
                "file": path,
                "line": i + 1,
                "label": row["label"],
                "lang": row["lang"],
                "source": row.get("source").cloned().unwrap_or(serde_json::Value::Null),
                "bits": bits,
                "f": detector.model().map(|m| m.buckets(&norm, &weak_ids)).unwrap_or_default(),
                "strong": strong,
                "weak": weak,
            });
            writeln!(out, "{record}")?;
        }
    }
    out.flush()?;
    Ok(())
}
