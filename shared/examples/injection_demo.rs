//! Runs the injection detector over the demo help centers the way ingestion
//! and chat do: every chunk of `supabase/demo/<project>/*.md` and `qa.csv`
//! through [`Ingestor`] (as `demo-knowledge` chunks them, without
//! embedding), and every visitor question of `supabase/demo/questions.jsonl`
//! through [`Detector::check`]. Prints the flagged chunks, the blocked
//! questions and the counts.
//!
//! `cargo run --release -p mignuti-shared --example injection_demo -- [supabase/demo]`
//! (`REDACT=1`: chunk with redaction on; `VERBOSE=1`: also list the chunks
//! the visitor-message threshold would flag).

use std::error::Error;
use std::io::{BufRead, Write};
use std::path::PathBuf;

use mignuti_shared::chunk::{self, Format};
use mignuti_shared::demo;
use mignuti_shared::injection::Detector;
use mignuti_shared::knowledge::Ingestor;

fn main() -> Result<(), Box<dyn Error>> {
    let root = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "supabase/demo".into()),
    );
    // Public help-center material: stored as written (redaction off); no
    // vectors are needed to scan.
    let redact = std::env::var("REDACT").is_ok_and(|v| v == "1");
    // VERBOSE=1 also lists the chunks the message threshold would flag.
    let verbose = std::env::var("VERBOSE").is_ok_and(|v| v == "1");
    let ingestor = Ingestor::deferred(redact, "none");
    let detector = Detector::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let (mut chunks, mut flagged, mut as_message) = (0usize, 0usize, 0usize);
    let mut highest = (0.0f32, String::new());
    for demo in demo::projects(&root)? {
        let mut sources = Vec::new();
        for a in &demo.articles {
            let article = chunk::parse_article(&a.text);
            let rows = ingestor
                .document(&article.title, &article.body, Format::Markdown)
                .rows;
            sources.push((a.file.clone(), rows));
        }
        for pair in &demo.qa {
            let rows = ingestor.qa(&pair.question, &pair.answer).rows;
            sources.push((format!("qa:{}", pair.row), rows));
        }
        let project = &demo.name;
        for (name, rows) in &sources {
            for r in rows {
                chunks += 1;
                let message = detector.check(&r.content);
                if message.blocked {
                    as_message += 1;
                    if verbose {
                        let text: String = r.content.chars().take(160).collect();
                        writeln!(
                            out,
                            "message-threshold {project}/{name}#{} score={:.3} rules={:?} {}",
                            r.ordinal,
                            message.score,
                            message.rules,
                            text.replace('\n', " ")
                        )?;
                    }
                }
                let score = detector.check_passage(&r.content).score;
                if score > highest.0 {
                    highest = (score, format!("{project}/{name}#{}", r.ordinal));
                }
                if r.flagged {
                    flagged += 1;
                    let v = detector.check_passage(&r.content);
                    let text: String = r.content.chars().take(200).collect();
                    writeln!(
                        out,
                        "FLAGGED {project}/{name}#{} score={:.3} rules={:?} {}",
                        r.ordinal,
                        v.score,
                        v.rules,
                        text.replace('\n', " ")
                    )?;
                }
            }
        }
    }
    let mut questions = 0usize;
    let mut blocked = 0usize;
    if let Ok(file) = std::fs::File::open(root.join("questions.jsonl")) {
        for line in std::io::BufReader::new(file).lines() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let row: serde_json::Value = serde_json::from_str(&line)?;
            let q = row["question"].as_str().unwrap_or_default();
            questions += 1;
            let v = detector.check(q);
            if v.blocked {
                blocked += 1;
                writeln!(out, "BLOCKED score={:.3} rules={:?} {q}", v.score, v.rules)?;
            }
        }
    }
    writeln!(
        out,
        "demo chunks: {flagged} of {chunks} flagged (passage threshold {:.3}); \
         {as_message} would be at the message threshold; highest score {:.3} ({})",
        detector.model().map_or(1.0, |m| m.passage_threshold),
        highest.0,
        highest.1
    )?;
    writeln!(
        out,
        "demo visitor questions: {blocked} of {questions} blocked"
    )?;
    Ok(())
}
