//! `GET /v1/export/download/<id>?expires&sig`: the signed link is the whole
//! credential (a browser follows it without headers), checked before the
//! database is asked anything. The data is then read as the user who created
//! the export (`authenticated` with their id), so RLS still decides what is
//! in it, and the link stops working the moment they lose the owner or admin
//! role. The body is streamed: one page of rows per database round trip,
//! each in its own short transaction (keyset pagination per project on
//! `(project_id, id)` indexes, no cursor to hold),
//! so memory stays bounded by one page whatever the organization's size.

use futures_util::stream;
use mignuti_edge::db::{self, ApiRole, Db};
use mignuti_edge::{EdgeError, EdgeResult, config, request};
use mignuti_shared::data_rights::export_format::{self, ExportWriter, Format, Section};
use mignuti_shared::data_rights::signed_url::{self, ExportUrlKey, LinkError};
use serde_json::{Value, json};
use tokio_postgres::types::{ToSql, Type};
use worker::{Date, Env, Headers, Request, Response};

/// Rows per page. Messages hold at most 20,000 characters, so a page is at
/// most a few MB and usually a few tens of KB.
const PAGE: i64 = 250;

fn link_error(e: LinkError) -> EdgeError {
    match e {
        LinkError::Expired => EdgeError::Status {
            status: 410,
            code: "link_expired",
            message: "This download link has expired. Create a new export.".into(),
        },
        LinkError::Invalid => EdgeError::Status {
            status: 403,
            code: "link_invalid",
            message: "This download link is not valid.".into(),
        },
        _ => EdgeError::MissingConfig("EXPORT_URL_KEY"),
    }
}

pub async fn handle(req: &Request, env: &Env) -> EdgeResult<Response> {
    let key = ExportUrlKey::new(config::secret(env, "EXPORT_URL_KEY")?.as_bytes())
        .map_err(|_| EdgeError::MissingConfig("EXPORT_URL_KEY"))?;
    let url = req.url()?;
    let link = signed_url::verify(
        &key,
        url.path(),
        url.query().unwrap_or(""),
        request::now_secs(),
    )
    .map_err(link_error)?;
    let export_id = link.export_id;

    let mut db = Db::connect(env).await?;
    let record = {
        let tx = db
            .begin_as(ApiRole::ServiceRole, &json!({ "role": "service_role" }))
            .await?;
        let result = async {
            let rows = tx
                .query_typed(
                    "select e.org_id::text, e.project_id::text, e.requested_by::text, e.format, \
                            to_char(e.created_at at time zone 'UTC', 'YYYYMMDD') \
                     from public.exports e where e.id = $1::text::uuid",
                    &[(&export_id, Type::TEXT)],
                )
                .await?;
            Ok(match rows.first() {
                Some(r) => Some((
                    r.try_get::<_, String>(0)?,
                    r.try_get::<_, Option<String>>(1)?,
                    r.try_get::<_, Option<String>>(2)?,
                    r.try_get::<_, String>(3)?,
                    r.try_get::<_, String>(4)?,
                )),
                None => None,
            })
        }
        .await;
        db::finish(tx, result).await?
    };
    let Some((org_id, project_id, Some(requested_by), format, day)) = record else {
        return Err(EdgeError::NotFound);
    };
    let format = Format::parse(&format).ok_or_else(|| EdgeError::Db("unknown format".into()))?;
    let claims = json!({ "sub": requested_by, "role": "authenticated", "aud": "authenticated" });

    let projects = {
        let tx = db.begin_as(ApiRole::Authenticated, &claims).await?;
        let result = async {
        // The update policy admits owners and admins only: no row, no export.
        let rows = tx
            .query_typed(
                "update public.exports set status = 'downloaded', downloaded_at = now() \
                 where id = $1::text::uuid returning id",
                &[(&export_id, Type::TEXT)],
            )
            .await?;
        if rows.is_empty() {
            return Err(EdgeError::Status {
                status: 403,
                code: "forbidden",
                message: "Only owners and admins can download exports.".into(),
            });
        }
        let details = json!({ "format": format.as_str() }).to_string();
        let request_id = crate::request_id(req);
        let params: [(&(dyn ToSql + Sync), Type); 4] = [
            (&export_id, Type::TEXT),
            (&details, Type::TEXT),
            (&request_id, Type::TEXT),
            (&org_id, Type::TEXT),
        ];
        tx.query_typed(
            "select public.audit_append('export.downloaded', 'compliance', 'export', $1, $2::jsonb, \
                                        nullif($3, ''), null, $4::text::uuid)",
            &params,
        )
        .await?;
        // The projects in the export, as the creator sees them now.
        let params: [(&(dyn ToSql + Sync), Type); 2] =
            [(&org_id, Type::TEXT), (&project_id, Type::TEXT)];
        let rows = tx
            .query_typed(
                "select p.id::text from public.projects p where p.org_id = $1::text::uuid \
                 and ($2::text is null or p.id = $2::text::uuid) order by p.id",
                &params,
            )
            .await?;
        rows.iter()
            .map(|r| r.try_get::<_, String>(0).map_err(EdgeError::from))
            .collect::<EdgeResult<Vec<String>>>()
        }
        .await;
        db::finish(tx, result).await?
    };

    let meta = json!({
        "export_id": export_id,
        "org_id": org_id,
        "project_id": project_id,
        "format": format.as_str(),
        "generated_at": Date::now().to_string(),
    });
    let headers = Headers::new();
    headers.set("content-type", format.content_type())?;
    headers.set(
        "content-disposition",
        &export_format::content_disposition("mignuti-export", &export_id, &day, format),
    )?;
    headers.set("cache-control", "no-store")?;
    headers.set("x-content-type-options", "nosniff")?;
    let state = Pages {
        db,
        claims,
        projects,
        project_idx: 0,
        writer: ExportWriter::new(format),
        meta,
        stage: Stage::Begin,
        cursor: None,
    };
    let body = stream::unfold(state, |mut st| async move {
        match st.next().await {
            Ok(Some(bytes)) => Some((Ok::<Vec<u8>, worker::Error>(bytes), st)),
            Ok(None) => None,
            Err(e) => {
                // The document stays unterminated, so the client can tell.
                worker::console_error!("export stream failed: {e:?}");
                st.stage = Stage::Done;
                Some((Err(worker::Error::RustError(e.code().into())), st))
            }
        }
    });
    Ok(Response::from_stream(body)?.with_headers(headers))
}

enum Stage {
    Begin,
    Section(usize),
    Finish,
    Done,
}

struct Pages {
    db: Db,
    claims: Value,
    /// The export's projects; each section is read project by project.
    projects: Vec<String>,
    project_idx: usize,
    writer: ExportWriter,
    meta: Value,
    stage: Stage,
    /// Last id read in the current project and section; `None` before its
    /// first page.
    cursor: Option<String>,
}

impl Pages {
    /// The next piece of the body, or `None` at the end.
    async fn next(&mut self) -> EdgeResult<Option<Vec<u8>>> {
        match self.stage {
            Stage::Begin => {
                self.stage = Stage::Section(0);
                self.cursor = None;
                Ok(Some(self.writer.begin(&self.meta).into_bytes()))
            }
            Stage::Section(i) => {
                let Some(section) = Section::ALL.get(i).copied() else {
                    self.stage = Stage::Finish;
                    return Ok(Some(Vec::new()));
                };
                let mut out = String::new();
                if self.project_idx == 0 && self.cursor.is_none() {
                    out.push_str(&self.writer.section(section));
                }
                let Some(project) = self.projects.get(self.project_idx).cloned() else {
                    self.stage = Stage::Section(i + 1);
                    self.project_idx = 0;
                    self.cursor = None;
                    return Ok(Some(out.into_bytes()));
                };
                let rows = self.page(section, &project).await?;
                let full = rows.len() as i64 == PAGE;
                for (key, json) in rows {
                    out.push_str(
                        &self
                            .writer
                            .row(&json)
                            .map_err(|e| EdgeError::Db(format!("export row: {e:?}")))?,
                    );
                    self.cursor = Some(key);
                }
                if !full {
                    // This project is done: the next one, same section.
                    self.project_idx += 1;
                    self.cursor = None;
                }
                Ok(Some(out.into_bytes()))
            }
            Stage::Finish => {
                self.stage = Stage::Done;
                Ok(Some(self.writer.finish().into_bytes()))
            }
            Stage::Done => Ok(None),
        }
    }

    async fn page(&mut self, section: Section, project: &str) -> EdgeResult<Vec<(String, String)>> {
        let sql = match section {
            Section::Conversations => {
                "select c.id::text, jsonb_build_object('id', c.id, 'project_id', c.project_id, \
                    'language', c.language, 'created_at', c.created_at, \
                    'last_active_at', c.last_active_at)::text \
                 from public.conversations c \
                 where c.project_id = $1::text::uuid \
                   and ($2::text is null or c.id > $2::text::uuid) \
                 order by c.id limit $3"
            }
            Section::Messages => {
                "select m.id::text, jsonb_build_object('id', m.id, 'conversation_id', m.conversation_id, \
                    'project_id', m.project_id, 'role', m.role, 'content', m.content, \
                    'provenance', m.provenance, 'incomplete', m.incomplete, \
                    'created_at', m.created_at)::text \
                 from public.messages m \
                 where m.project_id = $1::text::uuid \
                   and ($2::text is null or m.id > $2::text::bigint) \
                 order by m.id limit $3"
            }
            Section::QaPairs => {
                "select q.id::text, jsonb_build_object('id', q.id, 'project_id', q.project_id, \
                    'question', q.question, 'answer', q.answer, 'language', q.language, \
                    'source_url', q.source_url, 'created_at', q.created_at)::text \
                 from public.qa_pairs q \
                 where q.project_id = $1::text::uuid \
                   and ($2::text is null or q.id > $2::text::uuid) \
                 order by q.id limit $3"
            }
            _ => return Ok(Vec::new()),
        };
        let tx = self
            .db
            .begin_as(ApiRole::Authenticated, &self.claims)
            .await?;
        let params: [(&(dyn ToSql + Sync), Type); 3] = [
            (&project, Type::TEXT),
            (&self.cursor, Type::TEXT),
            (&PAGE, Type::INT8),
        ];
        let result = async {
            let rows = tx.query_typed(sql, &params).await?;
            let mut out = Vec::with_capacity(rows.len());
            for row in &rows {
                out.push((row.try_get(0)?, row.try_get(1)?));
            }
            Ok(out)
        }
        .await;
        db::finish(tx, result).await
    }
}
