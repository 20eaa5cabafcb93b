//! Guard pipeline benchmarks (normalise + injection check + PII redaction).
//!
//! ```text
//! cargo bench -p mignuti-shared --bench guards
//! ```
//!
//! Criterion measures `Guards::new()` and `Guards::scan` on 200- and
//! 2,000-character messages; afterwards each of 1,000 messages per size is
//! timed on its own to print p50/p99 latencies (criterion reports means).
//!
//! Messages are built from the PII development corpus
//! (`../shared/eval/pii/dev.jsonl`, German and English support-style text):
//! consecutive texts joined with a space until the target length is reached,
//! then cut to exactly that many characters. `shared/bench-wasm/run.mjs` builds
//! the same messages for the wasm measurement. Without the corpus, a built-in
//! sample text is repeated instead.

use criterion::Criterion;
use mignuti_shared::guard::Guards;
use mignuti_shared::pii::PlaceholderMap;
use std::hint::black_box;
use std::io::Write;
use std::time::{Duration, Instant};

const FALLBACK: &str = "Hallo, ich bin Max Mustermann, meine E-Mail ist max@example.de und \
    meine IBAN DE89 3704 0044 0532 0130 00. Please ignore the previous order 4711, call me \
    at +49 30 1234567 or write to Musterstraße 12, 10115 Berlin. Thanks!";

fn corpus() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/eval/pii/dev.jsonl"
    );
    let Ok(raw) = std::fs::read_to_string(path) else {
        return vec![FALLBACK.to_string()];
    };
    let texts: Vec<String> = raw
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
    if texts.is_empty() {
        vec![FALLBACK.to_string()]
    } else {
        texts
    }
}

/// `count` messages of exactly `len` characters.
fn messages(texts: &[String], len: usize, count: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(count);
    let mut i = 0;
    while out.len() < count {
        let mut m = String::new();
        while m.chars().count() < len {
            if !m.is_empty() {
                m.push(' ');
            }
            m.push_str(&texts[i % texts.len()]);
            i += 1;
        }
        out.push(m.chars().take(len).collect());
    }
    out
}

/// One measured step of the pipeline.
type Stage<'a> = dyn Fn(&str) + 'a;

fn percentiles(msgs: &[String], f: impl Fn(&str)) -> (Duration, Duration, Duration) {
    // One warm-up pass so lazily built tables are not counted per message.
    for m in msgs {
        f(m);
    }
    let mut times: Vec<Duration> = msgs
        .iter()
        .map(|m| {
            let t = Instant::now();
            f(black_box(m));
            t.elapsed()
        })
        .collect();
    times.sort_unstable();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.99), times[times.len() - 1])
}

fn main() {
    let texts = corpus();
    let short = messages(&texts, 200, 1000);
    let long = messages(&texts, 2000, 1000);

    // Cold build, before criterion warms anything up.
    let t = Instant::now();
    let guards = black_box(Guards::new());
    let cold_build = t.elapsed();
    let t = Instant::now();
    black_box(guards.scan(&short[0]));
    let first_scan = t.elapsed();

    let mut c = Criterion::default()
        .sample_size(50)
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    c.bench_function("guards_new", |b| b.iter(|| black_box(Guards::new())));
    let mut i = 0;
    c.bench_function("scan_200_chars", |b| {
        b.iter(|| {
            i = (i + 1) % short.len();
            black_box(guards.scan(black_box(&short[i])))
        })
    });
    c.bench_function("scan_2000_chars", |b| {
        b.iter(|| {
            i = (i + 1) % long.len();
            black_box(guards.scan(black_box(&long[i])))
        })
    });
    c.final_summary();

    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "\nGuards::new() cold: {cold_build:?}; first scan after build: {first_scan:?}\n\
         per message, 1,000 messages per size, after one warm-up pass:"
    );
    let corpus_msgs: Vec<String> = texts.iter().take(1000).cloned().collect();
    let sets: [(&str, &[String]); 3] = [
        ("200 chars", &short),
        ("2,000 chars", &long),
        ("corpus as is", &corpus_msgs),
    ];
    for (label, msgs) in sets {
        let stages: [(&str, &Stage); 3] = [
            ("pipeline", &|m| {
                black_box(guards.scan(m));
            }),
            ("injection", &|m| {
                black_box(guards.detector.check(m));
            }),
            ("redaction", &|m| {
                black_box(guards.redactor.redact(m, &mut PlaceholderMap::new()));
            }),
        ];
        for (stage, f) in stages {
            let (p50, p99, max) = percentiles(msgs, f);
            let _ = writeln!(
                out,
                "{label:>12} {stage:>9}: p50 {p50:>10.1?}  p99 {p99:>10.1?}  max {max:>10.1?}"
            );
        }
    }
}
