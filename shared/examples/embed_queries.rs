//! Input for `scripts/bench-knowledge.sh`: the demo questions as the chat
//! function sends them to `match_chunks()`, and the map from the demo
//! knowledge's database ids back to their source files.
//!
//! Prints tab-separated lines on stdout:
//! - `Q <line> <project key> <expected sources, comma-separated> <query text> <query embedding>`
//!   for every question of `questions.jsonl`: the text is redacted and
//!   stripped of placeholders and embedded with [`LocalEmbedder`], exactly as
//!   `functions/chat/src/pipeline.rs` does before it calls `match_chunks()`;
//! - `D <project key> <document id> <file name> <title>` for every article
//!   (the id is derived from the content hash as `demo-knowledge` derives it);
//! - `A <project key> <qa pair id> qa:<row> <question>` for every Q&A pair;
//! - `C <document or qa pair id> <ordinal> <sha256 of the content> <flagged> <embedding>`
//!   for every chunk as the current code would store it (flagged: the
//!   current injection detector blocks it, as `demo-knowledge` stores it), so the benchmark
//!   can tell whether the database holds the knowledge it is measuring
//!   (`demo-knowledge` skips content it already has, so chunks loaded by an
//!   older embedder or chunker stay until the database is reset).
//!
//! `cargo run --release -p mignuti-shared --example embed_queries -- supabase/demo`

use std::error::Error;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use mignuti_shared::chunk::{self, ChunkParams, Format};
use mignuti_shared::demo;
use mignuti_shared::embed::{LocalEmbedder, to_pgvector_text};
use mignuti_shared::injection::Detector;
use mignuti_shared::knowledge::qa_hash;
use mignuti_shared::pii::{PlaceholderMap, Redactor, without_placeholders};
use sha2::{Digest, Sha256};

/// One line of a field: tabs and line breaks would break the format.
fn field(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn chunk_lines(
    parent: &str,
    chunks: Vec<chunk::Chunk>,
    embedder: &LocalEmbedder,
    detector: &Detector,
    out: &mut String,
) -> std::fmt::Result {
    for (n, c) in chunks.into_iter().enumerate() {
        let digest = Sha256::digest(c.content.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        writeln!(
            out,
            "C\t{parent}\t{n}\t{hex}\t{}\t{}",
            mignuti_shared::knowledge::passage_verdict(detector, &c.content).blocked,
            to_pgvector_text(&embedder.embed_passage(&c.heading, &c.content))
        )?;
    }
    Ok(())
}

fn sources(demo: &demo::Project, out: &mut String) -> Result<(), Box<dyn Error>> {
    let embedder = LocalEmbedder::new();
    let detector = Detector::new();
    let params = ChunkParams::default();
    let key = &demo.key;
    for a in &demo.articles {
        let article = chunk::parse_article(&a.text);
        let id = demo::row_id(&chunk::content_hash(&a.text));
        writeln!(out, "D\t{key}\t{id}\t{}\t{}", a.file, field(&article.title))?;
        let chunks =
            chunk::chunk_document(&article.title, &article.body, Format::Markdown, &params);
        chunk_lines(&id, chunks, &embedder, &detector, out)?;
    }
    for pair in &demo.qa {
        let id = demo::row_id(&qa_hash(&pair.question, &pair.answer));
        writeln!(
            out,
            "A\t{key}\t{id}\tqa:{}\t{}",
            pair.row,
            field(&pair.question)
        )?;
        let chunks = vec![chunk::qa_chunk(&pair.question, &pair.answer)];
        chunk_lines(&id, chunks, &embedder, &detector, out)?;
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let root = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "supabase/demo".into()),
    );
    let mut out = String::new();

    let embedder = LocalEmbedder::new();
    let redactor = Redactor::new();
    for (n, line) in std::fs::read_to_string(root.join("questions.jsonl"))?
        .lines()
        .enumerate()
    {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)?;
        let mut expected = vec![v["expected"].as_str().ok_or("expected")?.to_owned()];
        if let Some(also) = v["also"].as_array() {
            expected.extend(also.iter().filter_map(|x| x.as_str().map(str::to_owned)));
        }
        let project = v["project"].as_str().ok_or("project")?;
        let question = v["question"].as_str().ok_or("question")?;
        // As the chat function: redact (first message, no earlier
        // placeholders), drop placeholders, embed the rest.
        let mut map = PlaceholderMap::continuing(&[]);
        let query = without_placeholders(&redactor.redact(question, &mut map).text);
        writeln!(
            out,
            "Q\t{}\t{project}\t{}\t{}\t{}",
            n + 1,
            expected.join(","),
            field(&query),
            to_pgvector_text(&embedder.embed(&query))
        )?;
    }

    for demo in demo::projects(&root)? {
        sources(&demo, &mut out)?;
    }
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(())
}
