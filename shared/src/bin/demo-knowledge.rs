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
use std::path::Path;

use mignuti_shared::chunk::{self, Format};
use mignuti_shared::demo;
use mignuti_shared::embed::LocalEmbedder;
use mignuti_shared::knowledge::{ChunkRow, Ingestor, qa_hash};

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// One source row (`table` with `columns`, the select list `values`) unless
/// the project has its content already, then its chunks under `parent`.
fn write_source(
    sql: &mut String,
    table: &str,
    columns: &str,
    values: &[String],
    parent: &str,
    rows: &[ChunkRow],
) -> std::fmt::Result {
    writeln!(sql, "with inserted as (")?;
    writeln!(sql, "  insert into public.{table} ({columns})")?;
    writeln!(sql, "  select {}", values.join(", "))?;
    writeln!(
        sql,
        "  on conflict (project_id, content_hash) do nothing returning id, project_id)"
    )?;
    write_chunks(sql, parent, rows)
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
    demo: &demo::Project,
    sql: &mut String,
    totals: &mut (usize, usize, usize),
) -> Result<(), Box<dyn Error>> {
    // Public help-center material: stored as written (redaction off).
    let ingestor = Ingestor::new(false);
    let project = format!(
        "(select id from public.projects where publishable_key = {})",
        quote(&demo.key)
    );
    let language = demo.language;
    for a in &demo.articles {
        let text = &a.text;
        let article = chunk::parse_article(text);
        let hash = chunk::content_hash(text);
        let rows = ingestor
            .document(&article.title, &article.body, Format::Markdown)
            .rows;
        if rows.is_empty() {
            continue;
        }
        totals.0 += 1;
        totals.2 += rows.len();
        write_source(
            sql,
            "documents",
            "id, project_id, title, source_url, language, content_hash, byte_size, injection_flagged",
            &[
                quote(&demo::row_id(&hash)),
                project.clone(),
                quote(&article.title),
                article.source_url.as_deref().map_or("null".into(), quote),
                quote(language),
                quote(&hash),
                text.len().to_string(),
                rows.iter().any(|r| r.flagged).to_string(),
            ],
            "document_id",
            &rows,
        )?;
    }
    for pair in &demo.qa {
        let hash = qa_hash(&pair.question, &pair.answer);
        let rows = ingestor.qa(&pair.question, &pair.answer).rows;
        totals.1 += 1;
        totals.2 += rows.len();
        write_source(
            sql,
            "qa_pairs",
            "id, project_id, question, answer, language, content_hash, injection_flagged",
            &[
                quote(&demo::row_id(&hash)),
                project.clone(),
                quote(&pair.question),
                quote(&pair.answer),
                quote(language),
                quote(&hash),
                rows.iter().any(|r| r.flagged).to_string(),
            ],
            "qa_pair_id",
            &rows,
        )?;
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let root = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "supabase/demo".into());
    let mut sql = String::from(
        "-- Generated by `cargo run -p mignuti-shared --bin demo-knowledge`; do not edit.\n",
    );
    let mut totals = (0, 0, 0);
    for demo in demo::projects(Path::new(&root))? {
        project(&demo, &mut sql, &mut totals)?;
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
