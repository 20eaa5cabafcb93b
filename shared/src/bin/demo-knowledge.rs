//! Writes the SQL that loads the demo help centers into the local database:
//! `cargo run --release -p mignuti-shared --bin demo-knowledge -- supabase/demo > demo.sql`.
//!
//! Every directory under the demo folder is one project (`acme/` is
//! `pk_demo_acme`): its `*.md` articles become documents, its `qa.csv` Q&A
//! pairs, both chunked and embedded with the local embedder exactly as the
//! knowledge function ingests them, and scanned for indirect prompt
//! injection (flagged chunks stay out of retrieval). The demo articles are
//! public help-center material, so the project's redaction switch for public
//! material applies: they are stored as written.
//!
//! The SQL is idempotent: a document or Q&A pair whose content hash the
//! project already has is skipped, and its chunks with it, so the setup can
//! run it on every start.

use std::error::Error;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use mignuti_shared::chunk::{self, Format};
use mignuti_shared::embed::LocalEmbedder;
use mignuti_shared::knowledge::{ChunkRow, Ingestor, qa_hash};

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A stable uuid derived from a content hash, so re-runs address the same rows.
fn uuid_from_hash(hash: &str) -> String {
    let h = &hash[..32];
    format!(
        "{}-{}-4{}-8{}-{}",
        &h[..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

fn write_chunks(sql: &mut String, parent: &str, rows: &[ChunkRow]) -> std::fmt::Result {
    writeln!(
        sql,
        "insert into public.chunks (project_id, {parent}, ordinal, heading, content, embedding, embedder_id, flagged)"
    )?;
    writeln!(
        sql,
        "select i.project_id, i.id, v.ordinal, nullif(v.heading, ''), v.content, v.embedding::extensions.vector, {}, v.flagged",
        quote(LocalEmbedder::ID)
    )?;
    writeln!(sql, "from inserted i, (values")?;
    for (n, r) in rows.iter().enumerate() {
        let sep = if n + 1 == rows.len() { "" } else { "," };
        writeln!(
            sql,
            "  ({}, {}, {}, {}, {}){sep}",
            r.ordinal,
            quote(&r.heading),
            quote(&r.content),
            quote(&r.embedding),
            r.flagged
        )?;
    }
    writeln!(
        sql,
        ") as v(ordinal, heading, content, embedding, flagged);"
    )
}

fn project(
    dir: &Path,
    key: &str,
    sql: &mut String,
    totals: &mut (usize, usize, usize),
) -> Result<(), Box<dyn Error>> {
    // Public help-center material: stored as written (redaction off).
    let ingestor = Ingestor::new(false);
    let project = format!(
        "(select id from public.projects where publishable_key = {})",
        quote(key)
    );
    let language: String = {
        // The project's language decides the documents' language here.
        if key.ends_with("acme") { "de" } else { "en" }.into()
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    for f in &files {
        let text = std::fs::read_to_string(f)?;
        let article = chunk::parse_article(&text);
        let hash = chunk::content_hash(&text);
        let rows = ingestor
            .document(&article.title, &article.body, Format::Markdown)
            .rows;
        if rows.is_empty() {
            continue;
        }
        totals.0 += 1;
        totals.2 += rows.len();
        writeln!(sql, "with inserted as (")?;
        writeln!(
            sql,
            "  insert into public.documents (id, project_id, title, source_url, language, content_hash, byte_size, injection_flagged)"
        )?;
        writeln!(
            sql,
            "  select {}, {project}, {}, {}, {}, {}, {}, {}",
            quote(&uuid_from_hash(&hash)),
            quote(&article.title),
            article.source_url.as_deref().map_or("null".into(), quote),
            quote(&language),
            quote(&hash),
            text.len(),
            rows.iter().any(|r| r.flagged)
        )?;
        writeln!(
            sql,
            "  on conflict (project_id, content_hash) do nothing returning id, project_id)"
        )?;
        write_chunks(sql, "document_id", &rows)?;
    }
    if let Ok(csv) = std::fs::read_to_string(dir.join("qa.csv")) {
        for pair in chunk::parse_qa_csv(&csv)? {
            let hash = qa_hash(&pair.question, &pair.answer);
            let rows = ingestor.qa(&pair.question, &pair.answer).rows;
            totals.1 += 1;
            totals.2 += rows.len();
            writeln!(sql, "with inserted as (")?;
            writeln!(
                sql,
                "  insert into public.qa_pairs (id, project_id, question, answer, language, content_hash, injection_flagged)"
            )?;
            writeln!(
                sql,
                "  select {}, {project}, {}, {}, {}, {}, {}",
                quote(&uuid_from_hash(&hash)),
                quote(&pair.question),
                quote(&pair.answer),
                quote(&language),
                quote(&hash),
                rows.iter().any(|r| r.flagged)
            )?;
            writeln!(
                sql,
                "  on conflict (project_id, content_hash) do nothing returning id, project_id)"
            )?;
            write_chunks(sql, "qa_pair_id", &rows)?;
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let root = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "supabase/demo".into());
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut sql = String::from(
        "-- Generated by `cargo run -p mignuti-shared --bin demo-knowledge`; do not edit.\n",
    );
    let mut totals = (0, 0, 0);
    for dir in &dirs {
        let Some(name) = dir.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        project(dir, &format!("pk_demo_{name}"), &mut sql, &mut totals)?;
    }
    #[allow(clippy::print_stdout, reason = "the SQL is this program's output")]
    {
        print!("{sql}");
    }
    eprintln!(
        "demo knowledge: {} documents, {} Q&A pairs, {} chunks",
        totals.0, totals.1, totals.2
    );
    Ok(())
}
