//! Writing audit entries: every function goes through `public.audit_append`,
//! the only insert path into the append-only log. The database takes the
//! actor from the transaction's role and claims, never from these arguments.

use serde_json::Value;
use tokio_postgres::Transaction;
use tokio_postgres::types::{ToSql, Type};

use crate::EdgeResult;

/// Retention class of an entry: operational (2 years) or compliance (7 years).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    Operational,
    Compliance,
}

/// One entry. `details` must hold no content (no message text, no personal
/// data): ids, counts, codes.
pub struct Entry<'a> {
    pub action: &'a str,
    pub category: Category,
    pub target_type: &'a str,
    pub target_id: &'a str,
    pub details: &'a Value,
    pub request_id: Option<&'a str>,
    /// The project, or the organization, the entry belongs to (members must
    /// name one; visitors and the service role may leave both out).
    pub project_id: Option<&'a str>,
    pub org_id: Option<&'a str>,
}

pub async fn append(tx: &Transaction<'_>, e: &Entry<'_>) -> EdgeResult<()> {
    let category = match e.category {
        Category::Operational => "operational",
        Category::Compliance => "compliance",
    };
    let details = e.details.to_string();
    let request_id = e.request_id.filter(|r| !r.is_empty());
    let params: [(&(dyn ToSql + Sync), Type); 8] = [
        (&e.action, Type::TEXT),
        (&category, Type::TEXT),
        (&e.target_type, Type::TEXT),
        (&e.target_id, Type::TEXT),
        (&details, Type::TEXT),
        (&request_id, Type::TEXT),
        (&e.project_id, Type::TEXT),
        (&e.org_id, Type::TEXT),
    ];
    tx.query_typed(
        "select public.audit_append($1, $2, $3, $4, $5::jsonb, $6, $7::text::uuid, $8::text::uuid)",
        &params,
    )
    .await?;
    Ok(())
}
