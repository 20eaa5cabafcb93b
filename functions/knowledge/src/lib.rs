//! Mignuti Chatbot function `knowledge`. `/v1/knowledge…`: org owners and
//! admins add and remove a project's documents and Q&A pairs.
//!
//! | route | body | answer |
//! |---|---|---|
//! | `POST /v1/knowledge/documents?project_id&title&source_url&language` | the document: `text/plain`, `text/markdown` or `text/html`, ≤ 2 MB | 201 created, 200 `unchanged: true` |
//! | `GET /v1/knowledge/documents?project_id` | | the project's documents |
//! | `DELETE /v1/knowledge/documents/<id>` | | 200, chunks removed |
//! | `POST /v1/knowledge/qa[?project_id&language]` | JSON `{project_id, language?, pairs:[{question, answer}]}` or `text/csv` | 201 / 200 |
//! | `GET /v1/knowledge/qa?project_id` | | the project's Q&A pairs |
//! | `DELETE /v1/knowledge/qa/<id>` | | 200 |
//! | `GET /v1/knowledge/flagged?project_id` | | chunks kept out of retrieval as suspected injections, with the rules that fired |
//! | `POST /v1/knowledge/flagged/<chunk_id>/release` | | 200, the chunk is retrieved again |
//! | `DELETE /v1/knowledge/flagged/<chunk_id>` | | 200, the chunk is removed from its source |
//!
//! Callers are authenticated by their Supabase Auth token
//! (`mignuti_edge::auth`) and act as `authenticated` under RLS: a project of
//! another organization does not exist for them (404), a member who is not
//! owner or admin is refused (403). An upload is read in one short
//! transaction (permission, what is stored already), prepared and embedded
//! outside any transaction (a cloud embedder may take seconds), and written
//! in one transaction that checks the project's settings again: a document
//! and all its chunks are stored together or not at all. What a
//! source becomes (chunks, redaction, embeddings, the injection scan) is
//! decided by `mignuti_shared::knowledge`. Build with
//! `scripts/build-worker.sh knowledge`; run with the rest by `make dev`.

use std::collections::BTreeMap;

use mignuti_edge::audit;
use mignuti_edge::db::{self, ApiRole, Db};
use mignuti_edge::embedder::{self, Budget};
use mignuti_edge::{EdgeError, EdgeResult, auth, health, http};
use mignuti_shared::chunk::{self, Format};
use mignuti_shared::embed::{CloudEmbedder, ProjectEmbedder, Unusable};
use mignuti_shared::knowledge::{self, ChunkRow, Ingestor, MAX_DOCUMENT_BYTES, Prepared};
use mignuti_shared::supabase_auth::{VerifiedUser, is_uuid};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio_postgres::Transaction;
use tokio_postgres::types::{ToSql, Type};
use worker::{Context, Date, Env, Method, Request, Response, event};

const NAME: &str = "knowledge";
/// Secrets this function cannot work without (see README, "Configuration").
const REQUIRED: &[&str] = &["SUPABASE_JWT_SECRET"];
/// Q&A pairs per upload.
const MAX_QA_PAIRS: usize = 500;
/// Chunk rows per INSERT: keeps one statement's parameters (1536-float
/// vectors as text, ~20 KB each) to a few megabytes.
const INSERT_BATCH: usize = 64;
/// `to_char` pattern for RFC 3339 UTC timestamps.
const TS: &str = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'";

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    let path = req.path();
    let Some(rest) = path.strip_prefix("/v1/knowledge") else {
        return http::respond(Err(EdgeError::NotFound));
    };
    let result = match (req.method(), rest) {
        (Method::Get, "/health") => return health::check(&env, NAME, REQUIRED).await,
        (Method::Post, "/documents") => add_document(req, &env).await,
        (Method::Get, "/documents") => list(&req, &env, Kind::Document).await,
        (Method::Post, "/qa") => add_qa(req, &env).await,
        (Method::Get, "/qa") => list(&req, &env, Kind::Qa).await,
        (Method::Get, "/flagged") => list_flagged(&req, &env).await,
        (method, r) if flagged_in(r).is_some() => match (method, flagged_in(r)) {
            (Method::Post, Some((id, true))) => review(&req, &env, id, Review::Release).await,
            (Method::Delete, Some((id, false))) => review(&req, &env, id, Review::Delete).await,
            _ => Err(EdgeError::MethodNotAllowed),
        },
        (Method::Delete, r) => match id_in(r) {
            Some((kind, id)) => delete(&req, &env, kind, id).await,
            None => Err(EdgeError::NotFound),
        },
        (_, "/health" | "/documents" | "/qa" | "/flagged") => Err(EdgeError::MethodNotAllowed),
        (_, r) if id_in(r).is_some() => Err(EdgeError::MethodNotAllowed),
        _ => Err(EdgeError::NotFound),
    };
    http::respond(result)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Document,
    Qa,
}

impl Kind {
    fn table(self) -> &'static str {
        match self {
            Kind::Document => "public.documents",
            Kind::Qa => "public.qa_pairs",
        }
    }
    fn parent_column(self) -> &'static str {
        match self {
            Kind::Document => "document_id",
            Kind::Qa => "qa_pair_id",
        }
    }
    fn target_type(self) -> &'static str {
        match self {
            Kind::Document => "document",
            Kind::Qa => "qa_pair",
        }
    }
}

/// `/documents/<uuid>` or `/qa/<uuid>`.
fn id_in(rest: &str) -> Option<(Kind, &str)> {
    let (kind, id) = if let Some(id) = rest.strip_prefix("/documents/") {
        (Kind::Document, id)
    } else {
        (Kind::Qa, rest.strip_prefix("/qa/")?)
    };
    is_uuid(id).then_some((kind, id))
}

/// `/flagged/<chunk id>` (false) or `/flagged/<chunk id>/release` (true).
fn flagged_in(rest: &str) -> Option<(i64, bool)> {
    let rest = rest.strip_prefix("/flagged/")?;
    let (id, release) = match rest.strip_suffix("/release") {
        Some(id) => (id, true),
        None => (rest, false),
    };
    if id.is_empty() || id.len() > 18 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((id.parse().ok()?, release))
}

fn bad(code: &'static str, message: &'static str) -> EdgeError {
    EdgeError::BadRequest { code, message }
}

fn status(status: u16, code: &'static str, message: &str) -> EdgeError {
    EdgeError::Status {
        status,
        code,
        message: message.into(),
    }
}

fn too_large() -> EdgeError {
    status(
        413,
        "payload_too_large",
        "The upload is larger than 2 MB: split it into several documents.",
    )
}

fn unsupported_type(accepted: &str) -> EdgeError {
    status(
        415,
        "unsupported_media_type",
        &format!("Send the content as {accepted}."),
    )
}

fn request_id(req: &Request) -> String {
    req.headers()
        .get("cf-ray")
        .ok()
        .flatten()
        .filter(|r| r.len() <= 100)
        .unwrap_or_default()
}

fn query(req: &Request) -> EdgeResult<BTreeMap<String, String>> {
    Ok(req
        .url()?
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect())
}

fn project_param(value: Option<&String>) -> EdgeResult<String> {
    match value {
        Some(p) if is_uuid(p) => Ok(p.to_ascii_lowercase()),
        Some(_) => Err(bad("invalid_id", "project_id must be a UUID.")),
        None => Err(bad(
            "project_id_required",
            "Name the project with project_id.",
        )),
    }
}

fn language_param(value: Option<&str>) -> EdgeResult<Option<String>> {
    match value.map(str::trim).filter(|l| !l.is_empty()) {
        None => Ok(None),
        Some(l) if l.len() == 2 && l.bytes().all(|b| b.is_ascii_lowercase()) => Ok(Some(l.into())),
        Some(_) => Err(bad(
            "invalid_language",
            "language must be a two-letter code such as \"de\".",
        )),
    }
}

fn source_url_param(value: Option<&str>) -> EdgeResult<Option<String>> {
    match value.map(str::trim).filter(|u| !u.is_empty()) {
        None => Ok(None),
        Some(u)
            if u.len() <= 2000
                && (u.to_ascii_lowercase().starts_with("https://")
                    || u.to_ascii_lowercase().starts_with("http://")) =>
        {
            Ok(Some(u.into()))
        }
        Some(_) => Err(bad(
            "invalid_source_url",
            "source_url must be an http(s) URL of at most 2000 characters.",
        )),
    }
}

/// Reads a body of at most `max` bytes as UTF-8 text.
async fn text_body(req: &mut Request, max: usize) -> EdgeResult<String> {
    if let Some(len) = req.headers().get("content-length").ok().flatten()
        && len.trim().parse::<usize>().map_or(true, |n| n > max)
    {
        return Err(too_large());
    }
    let bytes = req.bytes().await?;
    if bytes.len() > max {
        return Err(too_large());
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| bad("invalid_encoding", "The content must be UTF-8 text."))?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned())
}

fn content_type(req: &Request) -> String {
    req.headers()
        .get("content-type")
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// The project as this user sees it under RLS.
struct Project {
    id: String,
    redact: bool,
    embedder_id: String,
    language: String,
    policy: String,
}

/// The project, if the user is its organization's owner or admin: another
/// organization's project is 404, a plain member 403.
async fn admin_project(tx: &Transaction<'_>, project_id: &str) -> EdgeResult<Project> {
    let rows = tx
        .query_typed(
            "select p.redact_knowledge, p.embedder_id, p.default_language, m.role, p.provider_policy \
             from public.projects p \
             left join public.org_members m on m.org_id = p.org_id and m.user_id = auth.uid() \
             where p.id = $1::text::uuid",
            &[(&project_id, Type::TEXT)],
        )
        .await?;
    let row = rows.first().ok_or(EdgeError::NotFound)?;
    let role: Option<String> = row.try_get(3)?;
    match role.as_deref() {
        Some("owner" | "admin") => {}
        Some(_) => {
            return Err(status(
                403,
                "forbidden",
                "Only owners and admins can manage the knowledge base.",
            ));
        }
        None => return Err(EdgeError::NotFound),
    }
    Ok(Project {
        id: project_id.to_owned(),
        redact: row.try_get(0)?,
        embedder_id: row.try_get(1)?,
        language: row.try_get(2)?,
        policy: row.try_get(4)?,
    })
}

/// An upload is prepared and embedded between two transactions (a cloud
/// embedder may take seconds, and no connection should sit in a transaction
/// meanwhile); the write transaction reads the project again and refuses to
/// store what was prepared under other settings.
async fn project_unchanged(tx: &Transaction<'_>, prepared_for: &Project) -> EdgeResult<()> {
    let now = admin_project(tx, &prepared_for.id).await?;
    if now.redact != prepared_for.redact
        || now.embedder_id != prepared_for.embedder_id
        || now.policy != prepared_for.policy
    {
        return Err(status(
            409,
            "conflict",
            "The project's knowledge settings changed during the upload; send it again.",
        ));
    }
    Ok(())
}

/// The project's embedder, if this function may use it: one it has no
/// settings for is refused rather than given vectors the project's queries
/// would never search, and one outside the EU is refused for an `eu_only`
/// project (it would read every chunk).
struct Embedding {
    ingestor: Ingestor,
    cloud: Option<CloudEmbedder>,
}

fn embedding(env: &Env, project: &Project) -> EdgeResult<Embedding> {
    match embedder::for_project(env, &project.embedder_id, &project.policy) {
        Ok(ProjectEmbedder::Local) => Ok(Embedding {
            ingestor: Ingestor::new(project.redact),
            cloud: None,
        }),
        Ok(ProjectEmbedder::Cloud(cloud)) => Ok(Embedding {
            ingestor: Ingestor::deferred(project.redact, &cloud.id()),
            cloud: Some(cloud),
        }),
        Err(Unusable::NotConfigured) => Err(status(
            409,
            "embedder_unavailable",
            &format!(
                "The project's embedder \"{}\" is not configured for the knowledge function.",
                project.embedder_id
            ),
        )),
        Err(Unusable::NotAllowed) => Err(status(
            409,
            "embedder_not_allowed",
            &format!(
                "The project's embedder \"{}\" processes data outside the EU, which the project's eu_only policy forbids.",
                project.embedder_id
            ),
        )),
    }
}

impl Embedding {
    fn embedder_id(&self) -> &str {
        self.ingestor.embedder_id()
    }

    /// Fills the vectors of prepared sources that wait for a cloud
    /// embedder, batching the rows of all of them together.
    async fn complete(&self, prepared: &mut [&mut Prepared]) -> EdgeResult<()> {
        let Some(cloud) = &self.cloud else {
            return Ok(());
        };
        let inputs: Vec<String> = prepared.iter().flat_map(|p| p.embedding_inputs()).collect();
        let vectors = embedder::embed(cloud, &inputs, &Budget::INGEST)
            .await
            .map_err(|e| embedder::error_response(&e))?;
        let mut rest = vectors.as_slice();
        for p in prepared.iter_mut() {
            let (mine, others) = rest.split_at(p.rows.len().min(rest.len()));
            p.set_embeddings(mine)
                .map_err(|e| embedder::error_response(&e))?;
            rest = others;
        }
        Ok(())
    }
}

async fn audit(
    tx: &Transaction<'_>,
    action: &str,
    kind: Kind,
    target_id: &str,
    details: &Value,
    request_id: &str,
    project_id: &str,
) -> EdgeResult<()> {
    let entry = audit::Entry {
        action,
        category: audit::Category::Operational,
        target_type: kind.target_type(),
        target_id,
        details,
        request_id: Some(request_id),
        project_id: Some(project_id),
        org_id: None,
    };
    audit::append(tx, &entry).await
}

/// Inserts the chunk rows of one document or Q&A pair, in batches.
async fn insert_chunks(
    tx: &Transaction<'_>,
    kind: Kind,
    project_id: &str,
    parent_id: &str,
    embedder_id: &str,
    rows: &[ChunkRow],
) -> EdgeResult<()> {
    let sql = format!(
        "insert into public.chunks (project_id, {}, ordinal, heading, content, embedding, embedder_id, flagged) \
         select $1::text::uuid, $2::text::uuid, u.ordinal, nullif(u.heading, ''), u.content, \
                u.embedding::extensions.vector, $3, u.flagged \
         from unnest($4::int4[], $5::text[], $6::text[], $7::text[], $8::bool[]) \
              as u(ordinal, heading, content, embedding, flagged)",
        kind.parent_column()
    );
    for batch in rows.chunks(INSERT_BATCH) {
        let ordinals: Vec<i32> = batch
            .iter()
            .map(|r| i32::try_from(r.ordinal).unwrap_or(i32::MAX))
            .collect();
        let headings: Vec<&str> = batch.iter().map(|r| r.heading.as_str()).collect();
        let contents: Vec<&str> = batch.iter().map(|r| r.content.as_str()).collect();
        let embeddings: Vec<&str> = batch.iter().map(|r| r.embedding.as_str()).collect();
        let flagged: Vec<bool> = batch.iter().map(|r| r.flagged).collect();
        let params: [(&(dyn ToSql + Sync), Type); 8] = [
            (&project_id, Type::TEXT),
            (&parent_id, Type::TEXT),
            (&embedder_id, Type::TEXT),
            (&ordinals, Type::INT4_ARRAY),
            (&headings, Type::TEXT_ARRAY),
            (&contents, Type::TEXT_ARRAY),
            (&embeddings, Type::TEXT_ARRAY),
            (&flagged, Type::BOOL_ARRAY),
        ];
        tx.query_typed(&sql, &params).await?;
    }
    Ok(())
}

async fn begin_user<'a>(db: &'a mut Db, user: &VerifiedUser) -> EdgeResult<Transaction<'a>> {
    db.begin_as(ApiRole::Authenticated, user.claims()).await
}

fn stats(prepared: &Prepared, embedder_id: &str) -> Value {
    json!({
        "chunks": prepared.rows.len(),
        "flagged_chunks": prepared.flagged(),
        "redacted": prepared.redacted,
        "embedder_id": embedder_id,
    })
}

/// Replaces the chunks of a source the project already has (its vectors
/// came from an earlier embedder) with freshly prepared ones, under the
/// same id, and audits it. Returns the stats.
#[allow(
    clippy::too_many_arguments,
    reason = "the transaction, the source and the request, passed once"
)]
async fn reembed_chunks(
    tx: &Transaction<'_>,
    kind: Kind,
    project_id: &str,
    id: &str,
    embedder_id: &str,
    prepared: &Prepared,
    request_id: &str,
) -> EdgeResult<Value> {
    let flagged = prepared.flagged() > 0;
    let updated = tx
        .query_typed(
            &format!(
                "update {} set injection_flagged = $2 where id = $1::text::uuid returning id",
                kind.table()
            ),
            &[(&id, Type::TEXT), (&flagged, Type::BOOL)],
        )
        .await?;
    // Deleted while its new vectors were being made.
    if updated.is_empty() {
        return Err(status(
            409,
            "conflict",
            "The source was deleted during the upload; send it again.",
        ));
    }
    tx.query_typed(
        &format!(
            "delete from public.chunks where {} = $1::text::uuid",
            kind.parent_column()
        ),
        &[(&id, Type::TEXT)],
    )
    .await?;
    insert_chunks(tx, kind, project_id, id, embedder_id, &prepared.rows).await?;
    let stats = stats(prepared, embedder_id);
    let action = match kind {
        Kind::Document => "knowledge.document_reembedded",
        Kind::Qa => "knowledge.qa_reembedded",
    };
    audit(tx, action, kind, id, &stats, request_id, project_id).await?;
    Ok(stats)
}

// ------------------------------------------------------------------ documents

struct DocumentUpload {
    project_id: String,
    title: String,
    source_url: Option<String>,
    language: Option<String>,
    format: Format,
    body: String,
    hash: String,
    /// Size of the upload as sent.
    bytes: usize,
}

async fn read_document(req: &mut Request) -> EdgeResult<DocumentUpload> {
    let format = Format::from_content_type(&content_type(req))
        .ok_or_else(|| unsupported_type("text/plain, text/markdown or text/html"))?;
    let q = query(req)?;
    let project_id = project_param(q.get("project_id"))?;
    let language = language_param(q.get("language").map(String::as_str))?;
    let mut source_url = source_url_param(q.get("source_url").map(String::as_str))?;
    let text = text_body(req, MAX_DOCUMENT_BYTES).await?;
    if text.trim().is_empty() {
        return Err(bad("empty_document", "The document is empty."));
    }
    let hash = chunk::content_hash(&text);
    let bytes = text.len();
    let mut title = q
        .get("title")
        .map(|t| t.trim().to_owned())
        .unwrap_or_default();
    let mut body = text;
    // A Markdown article may carry its own `# Title` and `Source:` line.
    if format == Format::Markdown && title.is_empty() {
        let article = chunk::parse_article(&body);
        if !article.title.is_empty() {
            title = article.title;
            source_url = source_url.or(article.source_url);
            body = article.body;
        }
    }
    if title.is_empty() || title.chars().count() > 500 {
        return Err(bad(
            "invalid_title",
            "Give the document a title of 1 to 500 characters (title=…).",
        ));
    }
    Ok(DocumentUpload {
        project_id,
        title,
        source_url,
        language,
        format,
        body,
        hash,
        bytes,
    })
}

async fn add_document(mut req: Request, env: &Env) -> EdgeResult<Response> {
    let started = Date::now().as_millis();
    let user = auth::user(&req, env).await?;
    let upload = read_document(&mut req).await?;
    let request_id = request_id(&req);
    let mut db = Db::connect(env).await?;
    let result = ingest_document(&mut db, env, &user, &upload, &request_id).await;
    db.close().await;
    let (code, mut body) = result?;
    body["ms"] = json!(Date::now().as_millis().saturating_sub(started));
    Ok(http::json(code, &body)?)
}

/// What the project already has of an uploaded document.
enum Stored {
    New,
    /// The same content, embedded by the project's embedder: nothing to do.
    Unchanged {
        id: String,
        chunks: i64,
    },
    /// The same content, embedded by an earlier embedder: embedded again
    /// under the same id.
    Stale {
        id: String,
    },
}

async fn ingest_document(
    db: &mut Db,
    env: &Env,
    user: &VerifiedUser,
    upload: &DocumentUpload,
    request_id: &str,
) -> EdgeResult<(u16, Value)> {
    // Read: may this user write here, and what is stored already.
    let tx = begin_user(db, user).await?;
    let read = async {
        let project = admin_project(&tx, &upload.project_id).await?;
        let existing = tx
            .query_typed(
                "select d.id::text, count(c.id), count(c.id) filter (where c.embedder_id = $3) \
                 from public.documents d left join public.chunks c on c.document_id = d.id \
                 where d.project_id = $1::text::uuid and d.content_hash = $2 group by d.id",
                &[
                    (&project.id, Type::TEXT),
                    (&upload.hash, Type::TEXT),
                    (&project.embedder_id, Type::TEXT),
                ],
            )
            .await?;
        let stored = match existing.first() {
            None => Stored::New,
            Some(row) => {
                let id: String = row.try_get(0)?;
                let chunks: i64 = row.try_get(1)?;
                let current: i64 = row.try_get(2)?;
                if current == chunks {
                    Stored::Unchanged { id, chunks }
                } else {
                    Stored::Stale { id }
                }
            }
        };
        Ok((project, stored))
    }
    .await;
    let (project, stored) = db::finish(tx, read).await?;
    let reembed = match stored {
        Stored::Unchanged { id, chunks } => {
            return Ok((
                200,
                json!({ "document_id": id, "unchanged": true, "chunks": chunks }),
            ));
        }
        Stored::Stale { id } => Some(id),
        Stored::New => None,
    };

    // Prepare and embed outside any transaction.
    let embedding = embedding(env, &project)?;
    let mut prepared = embedding
        .ingestor
        .document(&upload.title, &upload.body, upload.format);
    if prepared.rows.is_empty() {
        return Err(bad("empty_document", "The document has no text to index."));
    }
    embedding.complete(&mut [&mut prepared]).await?;
    let language = upload.language.clone().unwrap_or(project.language.clone());
    let byte_size = i32::try_from(upload.bytes).unwrap_or(i32::MAX);
    let flagged = prepared.flagged() > 0;

    // Write: one transaction, so a failure stores nothing.
    let tx = begin_user(db, user).await?;
    let written = async {
        project_unchanged(&tx, &project).await?;
        if let Some(id) = reembed {
            let stats = reembed_chunks(
                &tx,
                Kind::Document,
                &project.id,
                &id,
                embedding.embedder_id(),
                &prepared,
                request_id,
            )
            .await?;
            let mut body = json!({
                "document_id": id,
                "project_id": project.id,
                "unchanged": false,
                "reembedded": true,
                "flagged": flagged,
            });
            merge(&mut body, stats);
            return Ok((200, body));
        }
        let params: [(&(dyn ToSql + Sync), Type); 7] = [
            (&project.id, Type::TEXT),
            (&prepared.title, Type::TEXT),
            (&upload.source_url, Type::TEXT),
            (&language, Type::TEXT),
            (&upload.hash, Type::TEXT),
            (&byte_size, Type::INT4),
            (&flagged, Type::BOOL),
        ];
        let rows = tx
            .query_typed(
                "insert into public.documents (project_id, title, source_url, language, content_hash, \
                   byte_size, injection_flagged, created_by) \
                 values ($1::text::uuid, $2, $3, $4, $5, $6, $7, auth.uid()) \
                 on conflict (project_id, content_hash) do nothing returning id::text",
                &params,
            )
            .await?;
        // A concurrent upload of the same content won the race.
        let Some(row) = rows.first() else {
            return Err(status(409, "conflict", "The same document is being added right now."));
        };
        let id: String = row.try_get(0)?;
        insert_chunks(&tx, Kind::Document, &project.id, &id, embedding.embedder_id(), &prepared.rows)
            .await?;
        let stats = stats(&prepared, embedding.embedder_id());
        audit(&tx, "knowledge.document_added", Kind::Document, &id, &stats, request_id, &project.id)
            .await?;
        let mut body = json!({
            "document_id": id,
            "project_id": project.id,
            "title": prepared.title,
            "language": language,
            "unchanged": false,
            "flagged": flagged,
            "redaction": project.redact,
        });
        merge(&mut body, stats);
        Ok((201, body))
    }
    .await;
    db::finish(tx, written).await
}

fn merge(into: &mut Value, from: Value) {
    if let (Value::Object(into), Value::Object(from)) = (into, from) {
        into.extend(from);
    }
}

// ----------------------------------------------------------------- Q&A pairs

#[derive(Deserialize)]
struct QaPairIn {
    question: String,
    answer: String,
}

#[derive(Deserialize)]
struct QaJson {
    project_id: String,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    source_url: Option<String>,
    pairs: Vec<QaPairIn>,
}

struct QaUpload {
    project_id: String,
    language: Option<String>,
    source_url: Option<String>,
    pairs: Vec<(String, String)>,
}

async fn read_qa(req: &mut Request) -> EdgeResult<QaUpload> {
    let ct = content_type(req).to_ascii_lowercase();
    let essence = ct.split(';').next().unwrap_or("").trim().to_owned();
    let q = query(req)?;
    let upload = match essence.as_str() {
        "application/json" => {
            let text = text_body(req, MAX_DOCUMENT_BYTES).await?;
            let body: QaJson = serde_json::from_str(&text).map_err(|_| {
                bad(
                    "invalid_json",
                    "The request body is not valid JSON of the expected shape.",
                )
            })?;
            QaUpload {
                project_id: project_param(Some(&body.project_id))?,
                language: language_param(body.language.as_deref())?,
                source_url: source_url_param(body.source_url.as_deref())?,
                pairs: body
                    .pairs
                    .into_iter()
                    .map(|p| (p.question.trim().to_owned(), p.answer.trim().to_owned()))
                    .collect(),
            }
        }
        "text/csv" => {
            let project_id = project_param(q.get("project_id"))?;
            let text = text_body(req, MAX_DOCUMENT_BYTES).await?;
            let pairs = chunk::parse_qa_csv(&text).map_err(|e| {
                status(
                    400,
                    e.code(),
                    &format!(
                        "The CSV could not be read: {e}. It needs a question and an answer column."
                    ),
                )
            })?;
            QaUpload {
                project_id,
                language: language_param(q.get("language").map(String::as_str))?,
                source_url: source_url_param(q.get("source_url").map(String::as_str))?,
                pairs: pairs.into_iter().map(|p| (p.question, p.answer)).collect(),
            }
        }
        _ => return Err(unsupported_type("application/json or text/csv")),
    };
    if upload.pairs.is_empty() {
        return Err(bad(
            "empty_upload",
            "Send at least one question and answer.",
        ));
    }
    if upload.pairs.len() > MAX_QA_PAIRS {
        return Err(status(
            413,
            "payload_too_large",
            &format!("Send at most {MAX_QA_PAIRS} Q&A pairs per upload."),
        ));
    }
    for (n, (question, answer)) in upload.pairs.iter().enumerate() {
        if question.is_empty()
            || answer.is_empty()
            || question.chars().count() > 2000
            || answer.chars().count() > 20_000
        {
            return Err(status(
                400,
                "invalid_qa_pair",
                &format!(
                    "Pair {}: the question needs 1 to 2000 characters, the answer 1 to 20000.",
                    n + 1
                ),
            ));
        }
    }
    Ok(upload)
}

async fn existing_qa(
    tx: &Transaction<'_>,
    project_id: &str,
    hash: &str,
) -> EdgeResult<Option<String>> {
    let rows = tx
        .query_typed(
            "select q.id::text from public.qa_pairs q \
             where q.project_id = $1::text::uuid and q.content_hash = $2",
            &[(&project_id, Type::TEXT), (&hash, Type::TEXT)],
        )
        .await?;
    Ok(rows.first().map(|r| r.try_get(0)).transpose()?)
}

async fn add_qa(mut req: Request, env: &Env) -> EdgeResult<Response> {
    let started = Date::now().as_millis();
    let user = auth::user(&req, env).await?;
    let upload = read_qa(&mut req).await?;
    let request_id = request_id(&req);
    let mut db = Db::connect(env).await?;
    let result = ingest_qa(&mut db, env, &user, &upload, &request_id).await;
    db.close().await;
    let (code, mut body) = result?;
    body["ms"] = json!(Date::now().as_millis().saturating_sub(started));
    Ok(http::json(code, &body)?)
}

async fn ingest_qa(
    db: &mut Db,
    env: &Env,
    user: &VerifiedUser,
    upload: &QaUpload,
    request_id: &str,
) -> EdgeResult<(u16, Value)> {
    // Pairs the project already has (same question and answer) are left as
    // they are, unless an earlier embedder of the project made their
    // vectors (then they are embedded again under the same id); the rest
    // are prepared and embedded together.
    let hashes: Vec<String> = upload
        .pairs
        .iter()
        .map(|(q, a)| knowledge::qa_hash(q, a))
        .collect();
    // Read: may this user write here, and what is stored already.
    let tx = begin_user(db, user).await?;
    let read = async {
        let project = admin_project(&tx, &upload.project_id).await?;
        let mut known: BTreeMap<String, (String, bool)> = BTreeMap::new();
        for r in tx
            .query_typed(
                "select q.content_hash, q.id::text, \
                   count(c.id) = count(c.id) filter (where c.embedder_id = $3) \
                 from public.qa_pairs q left join public.chunks c on c.qa_pair_id = q.id \
                 where q.project_id = $1::text::uuid and q.content_hash = any($2::text[]) \
                 group by q.id",
                &[
                    (&project.id, Type::TEXT),
                    (&hashes, Type::TEXT_ARRAY),
                    (&project.embedder_id, Type::TEXT),
                ],
            )
            .await?
        {
            known.insert(r.try_get(0)?, (r.try_get(1)?, r.try_get(2)?));
        }
        Ok((project, known))
    }
    .await;
    let (project, known) = db::finish(tx, read).await?;

    // Prepare and embed outside any transaction.
    let embedding = embedding(env, &project)?;
    let language = upload.language.clone().unwrap_or(project.language.clone());
    let mut prepared: Vec<Option<Prepared>> = upload
        .pairs
        .iter()
        .zip(&hashes)
        .map(|((q, a), hash)| match known.get(hash) {
            Some((_, true)) => None,
            _ => Some(embedding.ingestor.qa(q, a)),
        })
        .collect();
    embedding
        .complete(&mut prepared.iter_mut().flatten().collect::<Vec<_>>())
        .await?;

    // Write: one transaction, so a failure stores nothing.
    let tx = begin_user(db, user).await?;
    let written = async {
        project_unchanged(&tx, &project).await?;
        let mut items = Vec::with_capacity(upload.pairs.len());
        let (mut created, mut chunks, mut flagged_chunks) = (0usize, 0usize, 0usize);
        let mut redacted: BTreeMap<&'static str, usize> = BTreeMap::new();
        for (prepared, hash) in prepared.iter().zip(&hashes) {
            let Some(prepared) = prepared else {
                let id = known.get(hash).map(|(id, _)| id);
                items.push(json!({ "qa_pair_id": id, "unchanged": true }));
                continue;
            };
            let flagged = prepared.flagged() > 0;
            if let Some((id, _)) = known.get(hash) {
                reembed_chunks(
                    &tx,
                    Kind::Qa,
                    &project.id,
                    id,
                    embedding.embedder_id(),
                    prepared,
                    request_id,
                )
                .await?;
                chunks += prepared.rows.len();
                flagged_chunks += prepared.flagged();
                items.push(json!({ "qa_pair_id": id, "unchanged": false, "reembedded": true, "flagged": flagged }));
                continue;
            }
            let params: [(&(dyn ToSql + Sync), Type); 7] = [
                (&project.id, Type::TEXT),
                (&prepared.title, Type::TEXT),
                (&prepared.answer, Type::TEXT),
                (&language, Type::TEXT),
                (&upload.source_url, Type::TEXT),
                (&hash, Type::TEXT),
                (&flagged, Type::BOOL),
            ];
            let rows = tx
                .query_typed(
                    "insert into public.qa_pairs (project_id, question, answer, language, source_url, \
                       content_hash, injection_flagged, created_by) \
                     values ($1::text::uuid, $2, $3, $4, $5, $6, $7, auth.uid()) \
                     on conflict (project_id, content_hash) do nothing returning id::text",
                    &params,
                )
                .await?;
            // The same pair in this upload twice, or a concurrent upload.
            let Some(row) = rows.first() else {
                let id = existing_qa(&tx, &project.id, hash).await?;
                items.push(json!({ "qa_pair_id": id, "unchanged": true }));
                continue;
            };
            let id: String = row.try_get(0)?;
            insert_chunks(&tx, Kind::Qa, &project.id, &id, embedding.embedder_id(), &prepared.rows)
                .await?;
            let stats = stats(prepared, embedding.embedder_id());
            audit(&tx, "knowledge.qa_added", Kind::Qa, &id, &stats, request_id, &project.id)
                .await?;
            created += 1;
            chunks += prepared.rows.len();
            flagged_chunks += prepared.flagged();
            for (kind, n) in &prepared.redacted {
                *redacted.entry(kind).or_insert(0) += n;
            }
            items.push(json!({ "qa_pair_id": id, "unchanged": false, "flagged": flagged }));
        }
        let body = json!({
            "project_id": project.id,
            "created": created,
            "unchanged": items.iter().filter(|i| i["unchanged"] == json!(true)).count(),
            "chunks": chunks,
            "flagged_chunks": flagged_chunks,
            "redacted": redacted,
            "redaction": project.redact,
            "items": items,
        });
        Ok((if created > 0 { 201 } else { 200 }, body))
    }
    .await;
    db::finish(tx, written).await
}

// ------------------------------------------------------------- list, delete

async fn list(req: &Request, env: &Env, kind: Kind) -> EdgeResult<Response> {
    let user = auth::user(req, env).await?;
    let project_id = project_param(query(req)?.get("project_id"))?;
    let sql = match kind {
        Kind::Document => format!(
            "select coalesce(jsonb_agg(jsonb_build_object( \
               'id', d.id, 'title', d.title, 'source_url', d.source_url, 'language', d.language, \
               'byte_size', d.byte_size, 'status', d.status, 'flagged', d.injection_flagged, \
               'chunks', (select count(*) from public.chunks c where c.document_id = d.id), \
               'flagged_chunks', (select count(*) from public.chunks c where c.document_id = d.id and c.flagged), \
               'created_at', to_char(d.created_at at time zone 'UTC', {TS})) \
               order by d.created_at desc, d.id), '[]'::jsonb)::text \
             from public.documents d where d.project_id = $1::text::uuid"
        ),
        Kind::Qa => format!(
            "select coalesce(jsonb_agg(jsonb_build_object( \
               'id', q.id, 'question', q.question, 'answer', q.answer, 'language', q.language, \
               'source_url', q.source_url, 'flagged', q.injection_flagged, \
               'created_at', to_char(q.created_at at time zone 'UTC', {TS})) \
               order by q.created_at desc, q.id), '[]'::jsonb)::text \
             from public.qa_pairs q where q.project_id = $1::text::uuid"
        ),
    };
    let mut db = Db::connect(env).await?;
    let tx = begin_user(&mut db, &user).await?;
    let result = async {
        let project = admin_project(&tx, &project_id).await?;
        let rows = tx.query_typed(&sql, &[(&project.id, Type::TEXT)]).await?;
        let text: String = rows
            .first()
            .ok_or_else(|| EdgeError::Db("list returned nothing".into()))?
            .try_get(0)?;
        serde_json::from_str::<Value>(&text).map_err(|e| EdgeError::Db(format!("list json: {e}")))
    }
    .await;
    let result = db::finish(tx, result).await;
    db.close().await;
    let items = result?;
    let key = match kind {
        Kind::Document => "documents",
        Kind::Qa => "qa_pairs",
    };
    Ok(http::json(
        200,
        &json!({ "project_id": project_id, key: items }),
    )?)
}

async fn delete(req: &Request, env: &Env, kind: Kind, id: &str) -> EdgeResult<Response> {
    let user = auth::user(req, env).await?;
    let id = id.to_ascii_lowercase();
    let request_id = request_id(req);
    let mut db = Db::connect(env).await?;
    let tx = begin_user(&mut db, &user).await?;
    let result = async {
        let rows = tx
            .query_typed(
                &format!(
                    "select t.project_id::text from {} t where t.id = $1::text::uuid",
                    kind.table()
                ),
                &[(&id, Type::TEXT)],
            )
            .await?;
        let project_id: String = rows.first().ok_or(EdgeError::NotFound)?.try_get(0)?;
        let project = admin_project(&tx, &project_id).await?;
        let rows = tx
            .query_typed(
                &format!(
                    "select count(*) from public.chunks c where c.{} = $1::text::uuid",
                    kind.parent_column()
                ),
                &[(&id, Type::TEXT)],
            )
            .await?;
        let chunks: i64 = rows.first().map(|r| r.try_get(0)).transpose()?.unwrap_or(0);
        // The chunks go with it (on delete cascade).
        let deleted = tx
            .query_typed(
                &format!(
                    "delete from {} t where t.id = $1::text::uuid returning t.id",
                    kind.table()
                ),
                &[(&id, Type::TEXT)],
            )
            .await?;
        if deleted.is_empty() {
            return Err(EdgeError::NotFound);
        }
        let action = match kind {
            Kind::Document => "knowledge.document_deleted",
            Kind::Qa => "knowledge.qa_deleted",
        };
        audit(
            &tx,
            action,
            kind,
            &id,
            &json!({ "chunks": chunks }),
            &request_id,
            &project.id,
        )
        .await?;
        Ok(json!({ "id": id, "project_id": project.id, "deleted": true, "chunks": chunks }))
    }
    .await;
    let result = db::finish(tx, result).await;
    db.close().await;
    Ok(http::json(200, &result?)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_uuid_paths_name_a_source() {
        let id = "a0000000-0000-4000-8000-00000000a0a0";
        assert!(matches!(id_in(&format!("/documents/{id}")), Some((Kind::Document, i)) if i == id));
        assert!(matches!(id_in(&format!("/qa/{id}")), Some((Kind::Qa, i)) if i == id));
        for bad in [
            "/documents/",
            "/documents/42",
            "/qa/x",
            "/other/{id}",
            "/documents",
        ] {
            assert!(id_in(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn query_parameters_are_checked_before_the_database() {
        assert_eq!(
            language_param(Some("de")).ok().flatten().as_deref(),
            Some("de")
        );
        assert!(language_param(None).is_ok_and(|l| l.is_none()));
        for bad in ["DE", "deu", "d1"] {
            assert!(language_param(Some(bad)).is_err(), "{bad}");
        }
        assert!(source_url_param(Some("https://acme.example/a")).is_ok_and(|u| u.is_some()));
        for bad in ["javascript:alert(1)", "ftp://x", "acme.example"] {
            assert!(source_url_param(Some(bad)).is_err(), "{bad}");
        }
        assert!(project_param(None).is_err());
        assert!(project_param(Some(&"nope".to_owned())).is_err());
    }
}

// ------------------------------------------------------------ flagged chunks

/// What an owner decides about a flagged chunk.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Review {
    /// Not an injection after all: retrieve it again.
    Release,
    /// Drop the passage; the rest of its source stays.
    Delete,
}

/// The chunks of a project kept out of retrieval, with the detector's
/// reasons computed afresh, for an owner or admin to review.
async fn list_flagged(req: &Request, env: &Env) -> EdgeResult<Response> {
    let user = auth::user(req, env).await?;
    let project_id = project_param(query(req)?.get("project_id"))?;
    let mut db = Db::connect(env).await?;
    let tx = begin_user(&mut db, &user).await?;
    let result = async {
        let project = admin_project(&tx, &project_id).await?;
        let rows = tx
            .query_typed(
                &format!(
                    "select c.id, c.document_id::text, c.qa_pair_id::text, coalesce(d.title, q.question), \
                       coalesce(c.heading, ''), c.content, \
                       to_char(c.created_at at time zone 'UTC', {TS}) \
                     from public.chunks c \
                     left join public.documents d on d.id = c.document_id \
                     left join public.qa_pairs q on q.id = c.qa_pair_id \
                     where c.project_id = $1::text::uuid and c.flagged \
                     order by c.created_at desc, c.id limit 500"
                ),
                &[(&project.id, Type::TEXT)],
            )
            .await?;
        let detector = knowledge::passage_detector();
        let mut chunks = Vec::with_capacity(rows.len());
        for r in &rows {
            let content: String = r.try_get(5)?;
            let verdict = knowledge::passage_verdict(detector, &content);
            chunks.push(json!({
                "chunk_id": r.try_get::<_, i64>(0)?,
                "document_id": r.try_get::<_, Option<String>>(1)?,
                "qa_pair_id": r.try_get::<_, Option<String>>(2)?,
                "title": r.try_get::<_, Option<String>>(3)?,
                "heading": r.try_get::<_, String>(4)?,
                "content": content,
                "rules": verdict.rules,
                "score": verdict.score,
                "created_at": r.try_get::<_, String>(6)?,
            }));
        }
        Ok(json!({ "project_id": project.id, "chunks": chunks }))
    }
    .await;
    let result = db::finish(tx, result).await;
    db.close().await;
    Ok(http::json(200, &result?)?)
}

/// Releases or deletes one flagged chunk. The source's own flag follows:
/// it stays set while the source has other flagged chunks.
async fn review(req: &Request, env: &Env, chunk_id: i64, decision: Review) -> EdgeResult<Response> {
    let user = auth::user(req, env).await?;
    let request_id = request_id(req);
    let mut db = Db::connect(env).await?;
    let tx = begin_user(&mut db, &user).await?;
    let result = async {
        let rows = tx
            .query_typed(
                "select c.project_id::text, c.document_id::text, c.qa_pair_id::text \
                 from public.chunks c where c.id = $1 and c.flagged",
                &[(&chunk_id, Type::INT8)],
            )
            .await?;
        let row = rows.first().ok_or(EdgeError::NotFound)?;
        let project_id: String = row.try_get(0)?;
        let document_id: Option<String> = row.try_get(1)?;
        let qa_pair_id: Option<String> = row.try_get(2)?;
        let project = admin_project(&tx, &project_id).await?;
        let sql = match decision {
            Review::Release => "update public.chunks set flagged = false where id = $1 and flagged returning id",
            Review::Delete => "delete from public.chunks where id = $1 and flagged returning id",
        };
        if tx.query_typed(sql, &[(&chunk_id, Type::INT8)]).await?.is_empty() {
            return Err(EdgeError::NotFound);
        }
        let (kind, parent) = match (&document_id, &qa_pair_id) {
            (Some(d), _) => (Kind::Document, d.as_str()),
            (None, Some(q)) => (Kind::Qa, q.as_str()),
            (None, None) => return Err(EdgeError::Db("chunk without a source".into())),
        };
        let left: i64 = tx
            .query_typed(
                &format!(
                    "select count(*) from public.chunks c where c.{} = $1::text::uuid and c.flagged",
                    kind.parent_column()
                ),
                &[(&parent, Type::TEXT)],
            )
            .await?
            .first()
            .map(|r| r.try_get(0))
            .transpose()?
            .unwrap_or(0);
        let still_flagged = left > 0;
        tx.query_typed(
            &format!(
                "update {} set injection_flagged = $2 where id = $1::text::uuid",
                kind.table()
            ),
            &[(&parent, Type::TEXT), (&still_flagged, Type::BOOL)],
        )
        .await?;
        let action = match decision {
            Review::Release => "knowledge.chunk_released",
            Review::Delete => "knowledge.chunk_deleted",
        };
        let details = json!({ "chunk_id": chunk_id, "flagged_chunks_left": left });
        audit(&tx, action, kind, parent, &details, &request_id, &project.id).await?;
        Ok(json!({
            "chunk_id": chunk_id,
            "project_id": project.id,
            "document_id": document_id,
            "qa_pair_id": qa_pair_id,
            "released": decision == Review::Release,
            "deleted": decision == Review::Delete,
            "flagged_chunks_left": left,
        }))
    }
    .await;
    let result = db::finish(tx, result).await;
    db.close().await;
    Ok(http::json(200, &result?)?)
}
