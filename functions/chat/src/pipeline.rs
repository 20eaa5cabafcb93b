//! The chat pipeline. Everything up to retrieval runs before the response
//! starts, so every refusal is an ordinary JSON error with a stable code; the
//! answer itself is then streamed as server-sent events (`meta`, `delta`,
//! `citations`, `done`, `error`).
//!
//! Two database transactions per request, by design: one for the checks and
//! retrieval, one to store the finished turn (three with a cloud embedder:
//! the question is embedded between the checks and retrieval, outside any
//! transaction). A transaction must not stay
//! open while a model streams for seconds: it would pin a pooled Hyperdrive
//! connection for that long. The turn is stored only once it is complete,
//! both messages together, so a crash mid-stream leaves nothing half-written.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use futures_channel::mpsc::{UnboundedSender, unbounded};
use mignuti_edge::audit;
use mignuti_edge::db::{ApiRole, Db};
use mignuti_edge::embedder::{self, Budget};
use mignuti_edge::{EdgeError, EdgeResult, config, cors, rand, ratelimit, request};
use mignuti_shared::canary::{Canary, LeakDetector};
use mignuti_shared::config::{
    MAX_MESSAGE_CHARS, SESSION_AUDIENCE, SESSION_ISSUER, SESSION_LEEWAY_SECS,
};
use mignuti_shared::embed::{LocalEmbedder, ProjectEmbedder, Unusable, to_pgvector_text};
use mignuti_shared::envelope::Envelope;
use mignuti_shared::i18n::{Lang, Text, text};
use mignuti_shared::injection::Detector;
use mignuti_shared::iphash::{IpHashKey, hash_ip};
use mignuti_shared::jwt::{JwtError, SigningKey, VerifyOptions, verify};
use mignuti_shared::llm::prompt::{self, ChatMessage, PromptInput, Role, Source};
use mignuti_shared::llm::provider::{Configured, failover_plan};
use mignuti_shared::llm::{ProviderKind, StreamItem, extractive, sse};
use mignuti_shared::normalize;
use mignuti_shared::pii::{PlaceholderMap, Redactor, without_placeholders};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio_postgres::types::{ToSql, Type};
use worker::{Date, Env, Headers, Request, Response};

use crate::providers;

/// Messages per conversation, and per client-IP hash, per minute; the same
/// numbers as `[[ratelimits]]` in wrangler.toml.
const CONVERSATION_LIMIT: ratelimit::Limit = ratelimit::Limit {
    binding: "CHAT_CONVERSATION_LIMITER",
    limit: 20,
    period_secs: 60,
};
const IP_LIMIT: ratelimit::Limit = ratelimit::Limit {
    binding: "CHAT_IP_LIMITER",
    limit: 60,
    period_secs: 60,
};
/// Retrieved sources per question.
const MATCH_COUNT: i32 = 5;
/// Weight of the full-text ranking in the fusion (the vector ranking has 1).
const FULL_TEXT_WEIGHT: f64 = 0.5;

/// The guards are built once per isolate (Worker cold start), not per request.
fn detector() -> &'static Detector {
    static D: OnceLock<Detector> = OnceLock::new();
    D.get_or_init(Detector::new)
}

fn redactor() -> &'static Redactor {
    static R: OnceLock<Redactor> = OnceLock::new();
    R.get_or_init(Redactor::new)
}

#[derive(Deserialize)]
struct ChatRequest {
    message: String,
    #[serde(default)]
    language: Option<String>,
}

fn status(status: u16, code: &'static str, lang: Lang, t: Text) -> EdgeError {
    EdgeError::Status {
        status,
        code,
        message: text(lang, t).into(),
    }
}

fn token_error(e: &JwtError, lang: Lang) -> EdgeError {
    match e {
        JwtError::Expired => status(401, "token_expired", lang, Text::TokenExpired),
        // The visitor's address changed (mobile network, VPN): the widget
        // renews the token with its delete token, like an expired one.
        JwtError::IpHashMismatch => status(401, "token_ip_changed", lang, Text::TokenExpired),
        _ => status(401, "invalid_token", lang, Text::InvalidToken),
    }
}

struct Project {
    name: String,
    policy: String,
    embedder: String,
    /// `hybrid` when the question was embedded, `full_text` when not.
    retrieval: &'static str,
}

pub async fn chat(mut req: Request, env: Env) -> EdgeResult<Response> {
    let accept_language = req.headers().get("accept-language").ok().flatten();
    let mut lang = Lang::negotiate(accept_language.as_deref(), Lang::En);
    let jwt_key = SigningKey::new(config::secret(&env, "SESSION_JWT_SECRET")?.as_bytes())
        .map_err(|_| EdgeError::MissingConfig("SESSION_JWT_SECRET (too short)"))?;
    let ip_key = IpHashKey::new(config::secret(&env, "IP_HASH_KEY")?.as_bytes())
        .map_err(|_| EdgeError::MissingConfig("IP_HASH_KEY (too short)"))?;

    let token = request::bearer(&req)
        .ok_or_else(|| status(401, "invalid_token", lang, Text::InvalidToken))?;
    let ip_hash = hash_ip(&ip_key, &request::client_ip(&req)?)
        .map_err(|_| EdgeError::BadRequest {
            code: "client_ip_invalid",
            message: "The client address is invalid.",
        })?
        .to_base64url();
    let verified = verify(
        &token,
        &VerifyOptions {
            key: &jwt_key,
            now: request::now_secs(),
            leeway_secs: SESSION_LEEWAY_SECS,
            audience: SESSION_AUDIENCE,
            issuer: SESSION_ISSUER,
            ip_hash: &ip_hash,
        },
    )
    .map_err(|e| token_error(&e, lang))?;
    if verified.role() != ApiRole::WidgetVisitor.as_str() {
        return Err(status(401, "invalid_token", lang, Text::InvalidToken));
    }
    let conversation_id = verified.conversation_id().to_owned();
    let project_id = verified.project_id().to_owned();

    let claims = json!({
        "role": ApiRole::WidgetVisitor.as_str(),
        "sub": conversation_id,
        "project_id": project_id,
        "ip_hash": ip_hash,
    });
    let mut db = Db::connect(&env).await?;
    // Every attempt counts against the limits, well-formed or not.
    let checked = async {
        let limited = text(lang, Text::RateLimited);
        let conversation_key = format!("conv:{conversation_id}");
        let ip_key = format!("ip:{ip_hash}");
        let limits = [
            (&CONVERSATION_LIMIT, conversation_key.as_str()),
            (&IP_LIMIT, ip_key.as_str()),
        ];
        ratelimit::check_all(&env, &limits, &mut db, ApiRole::WidgetVisitor, limited).await?;
        let body: ChatRequest = request::json_body(&mut req, 16 * 1024).await?;
        if let Some(l) = body.language.as_deref().and_then(Lang::parse) {
            lang = l;
        }
        let message = normalize::visitor_text(&body.message);
        if message.trim().is_empty() {
            return Err(status(400, "empty_message", lang, Text::EmptyMessage));
        }
        if message.chars().count() > MAX_MESSAGE_CHARS {
            return Err(status(400, "message_too_long", lang, Text::MessageTooLong));
        }
        let language_given =
            body.language.is_some() || Lang::preferred(accept_language.as_deref()).is_some();
        prepare(
            &env,
            &mut db,
            &req,
            &mut lang,
            &conversation_id,
            &claims,
            &message,
            language_given,
        )
        .await
    }
    .await;
    let prepared = match checked {
        Ok(p) => p,
        Err(e) => {
            db.close().await;
            return Err(e);
        }
    };
    let Prepared {
        project,
        history,
        redaction,
        map,
        sources,
    } = prepared;

    let (sender, receiver) = unbounded::<Result<Vec<u8>, worker::Error>>();
    let turn = Turn {
        env,
        db,
        claims,
        conversation_id,
        lang,
        project,
        history,
        question: redaction.text,
        pii_counts: count_kinds(&redaction.entities),
        map,
        sources,
        started_ms: Date::now().as_millis(),
    };
    wasm_bindgen_futures::spawn_local(async move {
        turn.answer(&sender).await;
        sender.close_channel();
    });
    let headers = Headers::new();
    headers.set("content-type", "text/event-stream; charset=utf-8")?;
    headers.set("cache-control", "no-store")?;
    headers.set("x-content-type-options", "nosniff")?;
    Ok(Response::from_stream(receiver)?.with_headers(headers))
}

/// What the checks and retrieval produce for the streamed answer.
struct Prepared {
    project: Project,
    history: Vec<ChatMessage>,
    redaction: mignuti_shared::pii::Redaction,
    map: PlaceholderMap,
    sources: Vec<Source>,
}

/// Rate limits, origin, conversation, injection check, redaction and
/// retrieval: everything that can still refuse the message with a JSON error.
#[allow(
    clippy::too_many_arguments,
    reason = "the request's verified parts, passed once"
)]
async fn prepare(
    env: &Env,
    db: &mut Db,
    req: &Request,
    lang: &mut Lang,
    conversation_id: &str,
    claims: &Value,
    message: &str,
    language_given: bool,
) -> EdgeResult<Prepared> {
    let tx = db.begin_as(ApiRole::WidgetVisitor, claims).await?;
    // The conversation, its project's settings and whether the request's
    // origin is allowed, in one round trip. No row: the conversation is gone
    // (checked first, so it reads as deleted from any site).
    let origin = request::origin(req).unwrap_or_default();
    let p: [(&(dyn ToSql + Sync), Type); 2] =
        [(&conversation_id, Type::TEXT), (&origin, Type::TEXT)];
    let rows = tx
        .query_typed(
            "select p.name, p.provider_policy, p.embedder_id, c.language, \
             public.visitor_origin_allowed($2) \
             from public.conversations c join public.projects p on p.id = c.project_id \
             where c.id = $1::uuid",
            &p,
        )
        .await?;
    let Some(row) = rows.first() else {
        return Err(EdgeError::Status {
            status: 410,
            code: "conversation_deleted",
            message: text(*lang, Text::InvalidToken).into(),
        });
    };
    if !row.try_get::<_, bool>(4)? {
        return Err(EdgeError::Status {
            status: 403,
            code: "origin_not_allowed",
            message: "This website may not use this chat.".into(),
        });
    }
    let mut project = Project {
        name: row.try_get(0)?,
        policy: row.try_get(1)?,
        embedder: row.try_get(2)?,
        retrieval: "full_text",
    };
    if !language_given {
        *lang = Lang::parse(&row.try_get::<_, String>(3)?).unwrap_or(*lang);
    }

    // Guards: an attack is refused here and never reaches a model.
    let verdict = detector().check(message);
    if verdict.blocked {
        let details = json!({ "rules": verdict.rules, "score": verdict.score });
        audit(&tx, "chat.input_blocked", conversation_id, &details).await?;
        tx.commit().await?;
        return Err(status(422, "blocked_input", *lang, Text::Blocked));
    }

    // The last six messages (the model's context) and the placeholders
    // issued earlier in the conversation with the keyed fingerprints of
    // their values, so the same value gets the same placeholder again
    // (shared/src/pii/fingerprint.rs): one round trip. History rows carry
    // their id for ordering; fingerprint rows carry none.
    let p: [(&(dyn ToSql + Sync), Type); 1] = [(&conversation_id, Type::TEXT)];
    let rows = tx
        .query_typed(
            "(select id, role, content from public.messages \
               where conversation_id = $1::uuid order by id desc limit 6) \
             union all \
             select null, e.key, e.value from public.messages m, \
               jsonb_each_text(case jsonb_typeof(m.provenance -> 'placeholders') \
                 when 'object' then m.provenance -> 'placeholders' else '{}'::jsonb end) as e \
             where m.conversation_id = $1::uuid",
            &p,
        )
        .await?;
    let mut recent = Vec::with_capacity(6);
    let mut remembered = Vec::new();
    for r in &rows {
        let (a, b) = (r.try_get::<_, String>(1)?, r.try_get::<_, String>(2)?);
        match r.try_get::<_, Option<i64>>(0)? {
            Some(id) => recent.push((id, a, b)),
            None => remembered.push((a, b)),
        }
    }
    recent.sort_unstable_by_key(|(id, _, _)| *id);
    let history: Vec<ChatMessage> = recent
        .into_iter()
        .map(|(_, role, content)| ChatMessage {
            role: if role == "assistant" {
                Role::Assistant
            } else {
                Role::User
            },
            content,
        })
        .collect();
    let secret = config::secret(env, "IP_HASH_KEY")?;
    let earlier: Vec<&str> = history.iter().map(|m| m.content.as_str()).collect();
    let mut map = PlaceholderMap::remembering(
        secret.as_bytes(),
        conversation_id,
        &earlier,
        remembered.iter().map(|(p, f)| (p.as_str(), f.as_str())),
    );
    let redaction = redactor().redact(message, &mut map);

    // Retrieval with the project's embedder; without a usable one (not
    // configured here, outside the EU for an eu_only project, failing or
    // slow), full text alone still finds answers. Placeholders carry no
    // meaning to search for, and the redacted question is all a cloud
    // embedder sees. Full text counts half in the fusion: measured best
    // with the local embedder (docs/benchmarks.md, knowledge retrieval).
    let query = without_placeholders(&redaction.text);
    // A cloud embedder answers in tens of milliseconds, or in seconds when
    // it retries: the checks' transaction (nothing in it needs to be atomic
    // with retrieval) is committed first, so no pooled connection waits in
    // a transaction meanwhile, and retrieval gets a transaction of its own.
    let resolved = embedder::for_project(env, &project.embedder, &project.policy);
    let (tx, embedding) = if matches!(resolved, Ok(ProjectEmbedder::Cloud(_))) {
        tx.commit().await?;
        let embedding = query_embedding(resolved, &project.embedder, &query).await;
        (
            db.begin_as(ApiRole::WidgetVisitor, claims).await?,
            embedding,
        )
    } else {
        let embedding = query_embedding(resolved, &project.embedder, &query).await;
        (tx, embedding)
    };
    if embedding.is_some() {
        project.retrieval = "hybrid";
    }
    let p: [(&(dyn ToSql + Sync), Type); 4] = [
        (&embedding, Type::TEXT),
        (&query, Type::TEXT),
        (&MATCH_COUNT, Type::INT4),
        (&FULL_TEXT_WEIGHT, Type::FLOAT8),
    ];
    let rows = tx
        .query_typed(
            "select chunk_id, title, source_url, coalesce(heading, ''), content \
             from public.match_chunks($1, $2, $3, null, $4)",
            &p,
        )
        .await?;
    let mut sources = Vec::with_capacity(rows.len());
    for r in &rows {
        let heading: String = r.try_get(3)?;
        let content: String = r.try_get(4)?;
        sources.push(Source {
            id: r.try_get::<_, i64>(0)?.to_string(),
            title: r.try_get::<_, Option<String>>(1)?.unwrap_or_default(),
            url: r.try_get(2)?,
            text: if heading.is_empty() {
                content
            } else {
                format!("{heading}\n{content}")
            },
        });
    }
    tx.commit().await?;
    Ok(Prepared {
        project,
        history,
        redaction,
        map,
        sources,
    })
}

/// The question's vector from the project's embedder, or `None` to search
/// full text only.
async fn query_embedding(
    resolved: Result<ProjectEmbedder, Unusable>,
    embedder_id: &str,
    query: &str,
) -> Option<String> {
    if query.trim().is_empty() {
        return None;
    }
    match resolved {
        Ok(ProjectEmbedder::Local) => Some(to_pgvector_text(&LocalEmbedder::new().embed(query))),
        Ok(ProjectEmbedder::Cloud(cloud)) => {
            match embedder::embed(&cloud, &[query.to_owned()], &Budget::QUERY).await {
                Ok(v) => v.first().map(|v| to_pgvector_text(v)),
                Err(e) => {
                    worker::console_warn!("chat: full text only, embedder failed: {e}");
                    None
                }
            }
        }
        Err(why) => {
            worker::console_warn!("chat: full text only, embedder {embedder_id} unusable: {why:?}");
            None
        }
    }
}

fn count_kinds(entities: &[mignuti_shared::pii::Entity]) -> BTreeMap<&'static str, u32> {
    let mut m = BTreeMap::new();
    for e in entities {
        *m.entry(e.kind.as_str()).or_insert(0) += 1;
    }
    m
}

/// Holds back a trailing `[…` that may be the start of a placeholder split
/// across chunks, so the visitor's own values can be restored whole.
fn split_restorable(buf: &str) -> (&str, &str) {
    match buf.rfind('[') {
        Some(i) if !buf[i..].contains(']') && buf.len() - i < 32 => buf.split_at(i),
        _ => (buf, ""),
    }
}

struct Turn {
    env: Env,
    db: Db,
    claims: Value,
    conversation_id: String,
    lang: Lang,
    project: Project,
    history: Vec<ChatMessage>,
    question: String,
    pii_counts: BTreeMap<&'static str, u32>,
    map: PlaceholderMap,
    sources: Vec<Source>,
    started_ms: u64,
}

struct Out<'a> {
    sender: &'a UnboundedSender<Result<Vec<u8>, worker::Error>>,
    pending: String,
}

impl Out<'_> {
    fn event(&self, name: &str, data: &Value) {
        // A closed channel means the visitor went away; the turn is still
        // finished and stored.
        let _ = self
            .sender
            .unbounded_send(Ok(sse::encode(name, &data.to_string()).into_bytes()));
    }

    /// Sends released answer text, with the visitor's own values restored.
    fn delta(&mut self, map: &PlaceholderMap, safe: &str, flush: bool) {
        self.pending.push_str(safe);
        let (ready, rest) = if flush {
            (self.pending.as_str(), "")
        } else {
            split_restorable(&self.pending)
        };
        if !ready.is_empty() {
            self.event("delta", &json!({ "text": map.restore(ready) }));
        }
        self.pending = rest.to_owned();
    }
}

impl Turn {
    /// Streams the answer, stores the turn, then closes the connection.
    async fn answer(mut self, sender: &UnboundedSender<Result<Vec<u8>, worker::Error>>) {
        self.respond(sender).await;
        self.db.close().await;
    }

    async fn respond(&mut self, sender: &UnboundedSender<Result<Vec<u8>, worker::Error>>) {
        let mut out = Out {
            sender,
            pending: String::new(),
        };
        let (envelope, canary) = match (rand::bytes::<16>(), rand::bytes::<16>()) {
            (Ok(a), Ok(b)) => (Envelope::new(a), Canary::new(b)),
            _ => {
                out.event("error", &json!({ "code": "internal_error", "message": text(self.lang, Text::ProviderUnavailable) }));
                return;
            }
        };
        let prompt = prompt::build(
            &PromptInput {
                lang: self.lang,
                company: &self.project.name,
                sources: &self.sources,
                history: &self.history,
                question: &self.question,
            },
            &envelope,
            &canary,
        );
        let plan: Vec<Configured> =
            failover_plan(&providers::configured(&self.env), &self.project.policy);
        let mut failures = Vec::new();
        let mut answer = String::new();
        let mut used: Option<(Configured, String)> = None;
        let mut usage = (0u32, 0u32);
        let mut incomplete = false;
        let mut leak = None;

        for provider in &plan {
            if provider.kind == ProviderKind::Extractive {
                let text = extractive::answer(self.lang, &self.question, &self.sources);
                out.event("meta", &self.meta(provider.kind, "extractive-v1"));
                // Sent in small pieces, like a model's stream.
                let mut piece = String::new();
                for word in text.split_inclusive(' ') {
                    piece.push_str(word);
                    if piece.len() > 24 {
                        out.delta(&self.map, &piece, false);
                        piece.clear();
                    }
                }
                out.delta(&self.map, &piece, true);
                answer = text;
                used = Some((provider.clone(), "extractive-v1".into()));
                break;
            }
            let mut detector = LeakDetector::new(&canary, &prompt.instructions);
            let mut model = providers::model_name(&self.env, provider.kind);
            let mut meta_sent = false;
            let mut released = String::new();
            let result = providers::stream(&self.env, provider.kind, &prompt, |item| match item {
                StreamItem::Model(m) => {
                    model = m;
                    true
                }
                StreamItem::Text(t) => {
                    let r = detector.push(&t);
                    if !r.safe_text.is_empty() {
                        if !meta_sent {
                            out.event("meta", &self.meta(provider.kind, &model));
                            meta_sent = true;
                        }
                        out.delta(&self.map, &r.safe_text, false);
                        released.push_str(&r.safe_text);
                    }
                    if r.leaked.is_some() {
                        leak = r.leaked;
                        return false;
                    }
                    true
                }
                StreamItem::Usage {
                    input_tokens,
                    output_tokens,
                } => {
                    usage = (input_tokens, output_tokens);
                    true
                }
                _ => true,
            })
            .await;
            match result {
                Err(e) if released.is_empty() => {
                    worker::console_warn!(
                        "chat: {} failed before the first token: {}",
                        provider.kind.as_str(),
                        e.code()
                    );
                    failures.push(json!({ "provider": provider.kind.as_str(), "error": e.code() }));
                    continue;
                }
                Err(e) => {
                    worker::console_warn!(
                        "chat: {} broke off mid-answer: {}",
                        provider.kind.as_str(),
                        e.code()
                    );
                    failures.push(json!({ "provider": provider.kind.as_str(), "error": e.code() }));
                    out.delta(&self.map, "", true);
                    out.event("error", &json!({ "code": "provider_interrupted", "message": text(self.lang, Text::ProviderUnavailable) }));
                    incomplete = true;
                }
                Ok(()) => {
                    if leak.is_none() {
                        let r = detector.finish();
                        leak = r.leaked;
                        if leak.is_none() {
                            if !meta_sent && !r.safe_text.is_empty() {
                                out.event("meta", &self.meta(provider.kind, &model));
                            }
                            released.push_str(&r.safe_text);
                            out.delta(&self.map, &r.safe_text, true);
                        }
                    }
                    if leak.is_some() {
                        // Nothing of the leak was released; what was is safe.
                        out.pending.clear();
                        out.event("error", &json!({ "code": "answer_withheld", "message": text(self.lang, Text::AnswerWithheld) }));
                        incomplete = true;
                    }
                }
            }
            answer = released;
            used = Some((provider.clone(), model));
            break;
        }

        let Some((provider, model)) = used else {
            out.event("error", &json!({ "code": "provider_unavailable", "message": text(self.lang, Text::ProviderUnavailable) }));
            return;
        };
        let mut seen = std::collections::BTreeSet::new();
        let citations: Vec<Value> = self
            .sources
            .iter()
            .filter(|s| seen.insert((s.title.clone(), s.url.clone())))
            .map(|s| json!({ "title": s.title, "url": s.url }))
            .collect();
        if !citations.is_empty() && leak.is_none() {
            out.event("citations", &json!({ "sources": citations }));
        }

        let fallback_used = plan.first().map(|p| p.kind) != Some(provider.kind);
        let latency_ms = Date::now().as_millis().saturating_sub(self.started_ms);
        let provenance = json!({
            "provider": provider.kind.as_str(),
            "model": model,
            "region": provider.region.as_str(),
            "fallback_used": fallback_used,
            "failover": failures,
            "sources": self.sources.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
            "retrieval": self.project.retrieval,
            "latency_ms": latency_ms,
            "leak": leak.map(|l| l.as_str()),
        });
        // The model only saw placeholders, but may still produce personal data
        // (from a source): what is stored is redacted with the same numbering.
        let stored_answer = redactor().redact(&answer, &mut self.map).text;
        match self
            .store(
                &stored_answer,
                &provenance,
                usage,
                incomplete,
                leak.is_some(),
            )
            .await
        {
            Ok(message_id) => out.event(
                "done",
                &json!({
                    "conversation_id": self.conversation_id,
                    "message_id": message_id,
                    "provider": provider.kind.as_str(),
                    "model": model,
                    "fallback_used": fallback_used,
                    "incomplete": incomplete,
                }),
            ),
            Err(e) => {
                worker::console_error!("chat: storing the turn failed: {e}");
                out.event("error", &json!({ "code": "internal_error", "message": text(self.lang, Text::ProviderUnavailable) }));
            }
        }
    }

    fn meta(&self, provider: ProviderKind, model: &str) -> Value {
        json!({ "conversation_id": self.conversation_id, "provider": provider.as_str(), "model": model })
    }

    async fn store(
        &mut self,
        answer: &str,
        provenance: &Value,
        usage: (u32, u32),
        incomplete: bool,
        leaked: bool,
    ) -> EdgeResult<i64> {
        let tx = self
            .db
            .begin_as(ApiRole::WidgetVisitor, &self.claims)
            .await?;
        let project_id = self.claims["project_id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let user_provenance = json!({
            "pii": self.pii_counts,
            "placeholders": self.map.fingerprints(),
        })
        .to_string();
        let details = json!({ "leak": provenance["leak"], "provider": provenance["provider"] });
        let provenance = provenance.to_string();
        let p: [(&(dyn ToSql + Sync), Type); 4] = [
            (&self.conversation_id, Type::TEXT),
            (&project_id, Type::TEXT),
            (&self.question, Type::TEXT),
            (&user_provenance, Type::TEXT),
        ];
        tx.query_typed(
            "insert into public.messages (conversation_id, project_id, role, content, provenance) \
             values ($1::uuid, $2::uuid, 'user', $3, $4::jsonb)",
            &p,
        )
        .await?;
        let (input, output) = (usage.0 as i32, usage.1 as i32);
        let p: [(&(dyn ToSql + Sync), Type); 7] = [
            (&self.conversation_id, Type::TEXT),
            (&project_id, Type::TEXT),
            (&answer, Type::TEXT),
            (&provenance, Type::TEXT),
            (&input, Type::INT4),
            (&output, Type::INT4),
            (&incomplete, Type::BOOL),
        ];
        let rows = tx
            .query_typed(
                "insert into public.messages (conversation_id, project_id, role, content, provenance, \
                 prompt_tokens, completion_tokens, incomplete) \
                 values ($1::uuid, $2::uuid, 'assistant', $3, $4::jsonb, $5, $6, $7) returning id",
                &p,
            )
            .await?;
        let id = rows
            .first()
            .map(|r| r.try_get::<_, i64>(0))
            .transpose()?
            .unwrap_or(0);
        if leaked {
            audit(&tx, "chat.answer_withheld", &self.conversation_id, &details).await?;
        }
        tx.commit().await?;
        Ok(id)
    }
}

/// An operational audit entry about the visitor's conversation, without
/// content; the database takes the actor from the transaction's claims.
async fn audit(
    tx: &tokio_postgres::Transaction<'_>,
    action: &str,
    conversation_id: &str,
    details: &Value,
) -> EdgeResult<()> {
    let entry = audit::Entry {
        action,
        category: audit::Category::Operational,
        target_type: "conversation",
        target_id: conversation_id,
        details,
        request_id: None,
        project_id: None,
        org_id: None,
    };
    audit::append(tx, &entry).await
}

pub async fn preflight(req: &Request, env: &Env) -> worker::Result<Response> {
    cors::answer_preflight(req, env, ApiRole::WidgetVisitor).await
}
