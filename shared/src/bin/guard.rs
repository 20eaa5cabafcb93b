//! `guard`: runs the guard pipeline over JSON lines.
//!
//! ```text
//! cargo run --release --bin guard -- scan < messages.jsonl
//! ```
//!
//! Each input line is a JSON object with a string field `text`; other fields
//! are ignored. Each produces exactly one output line:
//! `{"blocked": bool, "score": number, "rules": [..], "redacted": string,
//! "entities": [{"type", "start", "end"}]}`, offsets in Unicode code points of
//! `text`. A line that is not such an object (bad JSON, no string `text`,
//! invalid UTF-8) produces `{"error": "..."}` and processing continues.
//! Blank lines (empty or whitespace only) produce no output, as JSON-lines
//! readers conventionally skip them. Every input line is scanned on its own:
//! placeholders are numbered from 1 per line.
//!
//! `guard scan --time` adds `"elapsed_us"` to each result: the time spent in
//! the pipeline for that line, measured in-process (used by
//! `scripts/bench_presidio.py` for a per-message comparison).

use mignuti_shared::guard::Guards;
use serde::Serialize;
use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: guard scan [--time] < input.jsonl\n\
    reads {\"text\": ...} per line, writes one JSON result per line\n";

#[derive(Serialize)]
struct Out<'a> {
    blocked: bool,
    score: f32,
    rules: &'a [&'static str],
    redacted: &'a str,
    entities: Vec<OutEntity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    elapsed_us: Option<f64>,
}

#[derive(Serialize)]
struct OutEntity {
    #[serde(rename = "type")]
    kind: &'static str,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct OutError<'a> {
    error: &'a str,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let time = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["scan"] => false,
        ["scan", "--time"] => true,
        _ => {
            let _ = io::stderr().write_all(USAGE.as_bytes());
            return ExitCode::from(2);
        }
    };
    match scan(io::stdin().lock(), io::stdout().lock(), time) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is a normal way to stop reading.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "guard: {e}");
            ExitCode::FAILURE
        }
    }
}

fn scan(mut input: impl BufRead, output: impl Write, time: bool) -> io::Result<()> {
    let guards = Guards::new();
    let mut out = BufWriter::new(output);
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let result = match parse_text(&line) {
            Ok(text) => {
                let started = Instant::now();
                let s = guards.scan(&text);
                let elapsed_us = time.then(|| started.elapsed().as_secs_f64() * 1e6);
                let entities = s
                    .entities
                    .iter()
                    .map(|e| OutEntity {
                        kind: e.kind.as_str(),
                        start: e.start,
                        end: e.end,
                    })
                    .collect();
                serde_json::to_writer(
                    &mut out,
                    &Out {
                        blocked: s.blocked,
                        score: s.score,
                        rules: &s.rules,
                        redacted: &s.redacted,
                        entities,
                        elapsed_us,
                    },
                )
            }
            Err(msg) => serde_json::to_writer(&mut out, &OutError { error: &msg }),
        };
        result.map_err(io::Error::other)?;
        out.write_all(b"\n")?;
        // One result per line as it is ready, so the tool can be driven
        // interactively through a pipe.
        out.flush()?;
    }
    out.flush()
}

fn parse_text(line: &[u8]) -> Result<String, String> {
    let line = std::str::from_utf8(line).map_err(|_| "line is not valid UTF-8".to_string())?;
    match serde_json::from_str::<serde_json::Value>(line) {
        Ok(serde_json::Value::Object(mut map)) => match map.remove("text") {
            Some(serde_json::Value::String(s)) => Ok(s),
            Some(_) => Err("field \"text\" is not a string".into()),
            None => Err("missing field \"text\"".into()),
        },
        Ok(_) => Err("line is not a JSON object".into()),
        Err(e) => Err(format!("invalid JSON: {e}")),
    }
}
