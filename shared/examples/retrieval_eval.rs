//! Retrieval quality of the demo knowledge with the local embedder, without
//! a database.
//!
//! Loads every project under the demo directory (`acme/` is `pk_demo_acme`,
//! `globex/` is `pk_demo_globex`): its Markdown articles and `qa.csv`,
//! chunks them as the knowledge function does, embeds each chunk with
//! [`LocalEmbedder`], then answers every question of `questions.jsonl` three
//! ways and reports hit@1 and hit@3 (a hit: one of the top chunks comes from
//! the question's expected source, or from a source listed in its `also`):
//! - **vector**: cosine similarity, as pgvector's `<=>` ranks;
//! - **full text**: BM25 over the same chunks with the embedder's word
//!   folding and stemming — a stand-in for Postgres full-text search
//!   (`ts_rank` over a language-specific tsvector), not a measurement of it;
//! - **hybrid**: reciprocal rank fusion of the two top-20 lists with k = 60,
//!   as in Supabase's hybrid search example, once with equal weights and
//!   once with the full-text list at half weight (`full_text_weight` of
//!   `match_chunks()`, `--fts-weight` here).
//!
//! Odd lines of the question file were used to tune the embedder and are
//! reported apart from the even lines (held out).
//!
//! Also reports ingestion throughput (parsing, chunking and embedding; no
//! I/O), the mean of 20 passes.
//!
//! `cargo run --release -p mignuti-shared --example retrieval_eval -- supabase/demo [--misses] [--explain TEXT] [--fts-weight W] [--target N] [--overlap N] [--weights U,B,C,CONCEPTS,HEADING]`

use std::collections::BTreeMap;
use std::error::Error;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use mignuti_shared::chunk::{self, ChunkParams, Format};
use mignuti_shared::demo;
use mignuti_shared::embed::{self, LocalEmbedder, LocalParams};

/// Timed ingestion passes over each project (mean reported).
const INGEST_REPEATS: u32 = 20;

/// Candidates taken from each list before fusion.
const FUSION_DEPTH: usize = 20;
const RRF_K: f32 = 60.0;

struct Passage {
    source: String,
    text: String,
    vector: Vec<f32>,
    terms: BTreeMap<String, u32>,
    len: usize,
}

struct Project {
    key: String,
    passages: Vec<Passage>,
    documents: usize,
    ingest_secs: f64,
    avg_len: f32,
    doc_freq: BTreeMap<String, u32>,
}

struct Question {
    /// 1-based line in questions.jsonl: odd lines were used to tune, even
    /// lines are reported separately as held out.
    line: usize,
    project: String,
    text: String,
    expected: Vec<String>,
}

/// Content words in stemmed form: the same view the embedder takes.
fn terms(text: &str) -> Vec<String> {
    embed::words(text)
        .into_iter()
        .filter(|w| !embed::is_function_word(&w.folded))
        .map(|w| w.stem)
        .collect()
}

fn load_project(
    demo: &demo::Project,
    params: &ChunkParams,
    embedder: &LocalEmbedder,
) -> Result<Project, Box<dyn Error>> {
    let key = demo.key.clone();
    // Timed: what the knowledge function does per document, minus I/O.
    // The demo corpus ingests in tens of milliseconds, so one pass is noise
    // on a shared machine: the pass is repeated and the mean reported.
    let start = Instant::now();
    let mut passages = Vec::new();
    let mut documents = 0;
    for _ in 0..INGEST_REPEATS {
        passages.clear();
        documents = 0;
        for a in &demo.articles {
            let article = chunk::parse_article(&a.text);
            documents += 1;
            for c in chunk::chunk_document(&article.title, &article.body, Format::Markdown, params)
            {
                let vector = embedder.embed_passage(&c.heading, &c.content);
                passages.push((a.file.clone(), vector, c.indexed_text()));
            }
        }
        for pair in &demo.qa {
            documents += 1;
            let c = chunk::qa_chunk(&pair.question, &pair.answer);
            let vector = embedder.embed_passage(&c.heading, &c.content);
            passages.push((format!("qa:{}", pair.row), vector, c.indexed_text()));
        }
    }
    let ingest_secs = start.elapsed().as_secs_f64() / f64::from(INGEST_REPEATS);

    let mut doc_freq: BTreeMap<String, u32> = BTreeMap::new();
    let mut out = Vec::new();
    let mut total_len = 0usize;
    for (source, vector, text) in passages {
        let mut tf: BTreeMap<String, u32> = BTreeMap::new();
        let ts = terms(&text);
        for t in &ts {
            *tf.entry(t.clone()).or_default() += 1;
        }
        for t in tf.keys() {
            *doc_freq.entry(t.clone()).or_default() += 1;
        }
        total_len += ts.len();
        out.push(Passage {
            source,
            text,
            vector,
            terms: tf,
            len: ts.len(),
        });
    }
    #[allow(clippy::cast_precision_loss, reason = "corpus sizes are small")]
    let avg_len = total_len as f32 / out.len().max(1) as f32;
    Ok(Project {
        key,
        passages: out,
        documents,
        ingest_secs,
        avg_len,
        doc_freq,
    })
}

/// Passage indices by descending score (ties by index, so runs repeat).
fn ranked(scores: &[f32]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    idx
}

fn bm25(project: &Project, query: &str) -> Vec<f32> {
    let (k1, b) = (1.2f32, 0.75f32);
    #[allow(clippy::cast_precision_loss, reason = "corpus sizes are small")]
    let n = project.passages.len() as f32;
    let mut q = terms(query);
    q.sort();
    q.dedup();
    project
        .passages
        .iter()
        .map(|p| {
            q.iter()
                .map(|t| {
                    let Some(&tf) = p.terms.get(t) else {
                        return 0.0;
                    };
                    #[allow(clippy::cast_precision_loss, reason = "small counts")]
                    let (tf, df, len) = (
                        tf as f32,
                        project.doc_freq.get(t).copied().unwrap_or(0) as f32,
                        p.len as f32,
                    );
                    let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
                    idf * tf * (k1 + 1.0) / (tf + k1 * (1.0 - b + b * len / project.avg_len))
                })
                .sum()
        })
        .collect()
}

/// Reciprocal rank fusion of (ranking, weight) pairs, as match_chunks()
/// computes it with its `semantic_weight` and `full_text_weight`.
fn rrf(lists: &[(&[usize], f32)], len: usize) -> Vec<usize> {
    let mut scores = vec![0.0f32; len];
    for &(list, weight) in lists {
        for (rank, &i) in list.iter().take(FUSION_DEPTH).enumerate() {
            #[allow(clippy::cast_precision_loss, reason = "ranks are small")]
            let r = rank as f32;
            scores[i] += weight / (RRF_K + r + 1.0);
        }
    }
    let mut fused = ranked(&scores);
    fused.retain(|&i| scores[i] > 0.0);
    fused
}

#[derive(Default, Clone, Copy)]
struct Hits {
    n: usize,
    at1: [usize; 4],
    at3: [usize; 4],
}

const MODES: [&str; 4] = [
    "vector (cosine)",
    "full text (BM25 stand-in)",
    "hybrid (RRF k=60, equal weights)",
    "hybrid (RRF k=60, full text weight 0.5)",
];

fn main() -> Result<(), Box<dyn Error>> {
    let mut dir = String::from("supabase/demo");
    let mut params = ChunkParams::default();
    let mut weights = LocalParams::default();
    let mut show_misses = false;
    let mut fts_weight = 0.5f32;
    let mut explain: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--misses" => show_misses = true,
            "--fts-weight" => fts_weight = args.next().ok_or("--fts-weight W")?.parse()?,
            "--explain" => explain = Some(args.next().ok_or("--explain QUESTION")?),
            "--target" => params.target_chars = args.next().ok_or("--target N")?.parse()?,
            "--overlap" => params.overlap_chars = args.next().ok_or("--overlap N")?.parse()?,
            "--weights" => {
                let w: Vec<f32> = args
                    .next()
                    .ok_or("--weights U,B,C,CONCEPTS,HEADING")?
                    .split(',')
                    .map(str::parse)
                    .collect::<Result<_, _>>()?;
                let [u, b, c, concepts, heading] = w[..] else {
                    return Err("--weights UNIGRAM,BIGRAM,CHAR_NGRAMS,CONCEPTS,HEADING".into());
                };
                weights = LocalParams {
                    unigram: u,
                    bigram: b,
                    char_ngrams: c,
                    concepts,
                    heading,
                    ..weights
                };
            }
            other => dir = other.to_owned(),
        }
    }
    let weights_desc = if weights == LocalParams::default() {
        "default weights".to_owned()
    } else {
        format!("weights {weights:?}")
    };
    let embedder = LocalEmbedder::with_params(weights);
    let root = Path::new(&dir);
    let mut projects: Vec<Project> = Vec::new();
    for demo in demo::projects(root)? {
        projects.push(load_project(&demo, &params, &embedder)?);
    }

    let mut questions = Vec::new();
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
        questions.push(Question {
            line: n + 1,
            project: v["project"].as_str().ok_or("project")?.to_owned(),
            text: v["question"].as_str().ok_or("question")?.to_owned(),
            expected,
        });
    }

    let out = std::io::stdout();
    let mut out = out.lock();
    let mut per_project: BTreeMap<String, Hits> = BTreeMap::new();
    let mut per_half: BTreeMap<&str, Hits> = BTreeMap::new();
    let query_start = Instant::now();
    for q in &questions {
        if explain
            .as_ref()
            .is_some_and(|e| !q.text.contains(e.as_str()))
        {
            continue;
        }
        let Some(project) = projects.iter().find(|p| p.key == q.project) else {
            return Err(format!("unknown project {}", q.project).into());
        };
        let qv = embedder.embed(&q.text);
        let cos: Vec<f32> = project
            .passages
            .iter()
            .map(|p| embed::cosine(&qv, &p.vector))
            .collect();
        let vector = ranked(&cos);
        let bm = bm25(project, &q.text);
        let mut text = ranked(&bm);
        text.retain(|&i| bm[i] > 0.0);
        let hybrid = rrf(&[(&vector, 1.0), (&text, 1.0)], project.passages.len());
        let weighted = rrf(
            &[(&vector, 1.0), (&text, fts_weight)],
            project.passages.len(),
        );
        let half = if q.line % 2 == 1 {
            "tuning half (odd lines)"
        } else {
            "held-out half (even lines)"
        };
        let mut groups = [
            per_project.remove(&q.project).unwrap_or_default(),
            per_half.remove(half).unwrap_or_default(),
        ];
        for g in &mut groups {
            g.n += 1;
        }
        for (m, list) in [&vector, &text, &hybrid, &weighted].into_iter().enumerate() {
            let hit = |k: usize| {
                list.iter()
                    .take(k)
                    .any(|&i| q.expected.contains(&project.passages[i].source))
            };
            if explain.is_some() {
                writeln!(out, "{} {:?} expected {:?}", MODES[m], q.text, q.expected)?;
                for &i in list.iter().take(5) {
                    let p = &project.passages[i];
                    let head: String = p.text.chars().take(90).collect();
                    writeln!(
                        out,
                        "   cos {:.3} bm25 {:.2} {} {:?}",
                        cos[i], bm[i], p.source, head
                    )?;
                }
            }
            for g in &mut groups {
                g.at1[m] += usize::from(hit(1));
                g.at3[m] += usize::from(hit(3));
            }
            if show_misses && m == 3 && !hit(3) && q.line % 2 == 1 {
                let top: Vec<&str> = list
                    .iter()
                    .take(3)
                    .map(|&i| project.passages[i].source.as_str())
                    .collect();
                writeln!(
                    out,
                    "miss [{}] {:?} expected {:?} got {:?}",
                    q.project, q.text, q.expected, top
                )?;
                if let Some(&i) = list.first() {
                    let snippet: String = project.passages[i].text.chars().take(100).collect();
                    writeln!(out, "     top: {snippet:?}")?;
                }
            }
        }
        let [p, h] = groups;
        per_project.insert(q.project.clone(), p);
        per_half.insert(half, h);
    }
    let query_secs = query_start.elapsed().as_secs_f64();

    writeln!(
        out,
        "chunking: target {} chars, overlap {}; embedder {} ({weights_desc}); weighted hybrid: full text weight {fts_weight}",
        params.target_chars,
        params.overlap_chars,
        embedder.id(),
    )?;
    writeln!(out, "\n| project | questions | mode | hit@1 | hit@3 |")?;
    writeln!(out, "|---|---:|---|---:|---:|")?;
    let mut total = Hits::default();
    let ratio = |a: usize, n: usize| {
        #[allow(clippy::cast_precision_loss, reason = "small counts")]
        let r = a as f64 / n.max(1) as f64;
        r
    };
    for (key, h) in &per_project {
        total.n += h.n;
        for (m, mode) in MODES.iter().enumerate() {
            total.at1[m] += h.at1[m];
            total.at3[m] += h.at3[m];
            writeln!(
                out,
                "| {key} | {} | {} | {:.2} | {:.2} |",
                h.n,
                mode,
                ratio(h.at1[m], h.n),
                ratio(h.at3[m], h.n)
            )?;
        }
    }
    for (half, h) in &per_half {
        for (m, mode) in MODES.iter().enumerate() {
            writeln!(
                out,
                "| {half} | {} | {} | {:.2} | {:.2} |",
                h.n,
                mode,
                ratio(h.at1[m], h.n),
                ratio(h.at3[m], h.n)
            )?;
        }
    }
    for (m, mode) in MODES.iter().enumerate() {
        writeln!(
            out,
            "| **all** | {} | {} | **{:.2}** | **{:.2}** |",
            total.n,
            mode,
            ratio(total.at1[m], total.n),
            ratio(total.at3[m], total.n)
        )?;
    }

    writeln!(
        out,
        "\n| project | documents | chunks | chunk+embed | chunks/s | ms/document |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|")?;
    let (mut docs, mut chunks, mut secs) = (0usize, 0usize, 0f64);
    for p in &projects {
        docs += p.documents;
        chunks += p.passages.len();
        secs += p.ingest_secs;
        writeln!(
            out,
            "| {} | {} | {} | {:.1} ms | {:.0} | {:.2} |",
            p.key,
            p.documents,
            p.passages.len(),
            p.ingest_secs * 1e3,
            ratio(p.passages.len(), 1) / p.ingest_secs.max(1e-9),
            p.ingest_secs * 1e3 / ratio(p.documents.max(1), 1)
        )?;
    }
    writeln!(
        out,
        "| **all** | {docs} | {chunks} | {:.1} ms | **{:.0}** | **{:.2}** |",
        secs * 1e3,
        ratio(chunks, 1) / secs.max(1e-9),
        secs * 1e3 / ratio(docs.max(1), 1)
    )?;
    writeln!(
        out,
        "\nqueries: {} in {:.1} ms ({:.2} ms each: embed + brute-force cosine + BM25 + fusion)",
        questions.len(),
        query_secs * 1e3,
        query_secs * 1e3 / ratio(questions.len().max(1), 1)
    )?;
    Ok(())
}
