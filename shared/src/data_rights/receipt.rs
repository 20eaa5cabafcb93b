//! Erasure receipts: what a visitor gets back when their conversation is
//! erased, signed so they can later prove the erasure happened (and when, and
//! how much) to the operator, a DPO or a supervisory authority.
//!
//! ```json
//! {"type":"mignuti.erasure_receipt","v":1,"key_id":"3f1c…","conversation_id":"…",
//!  "project_id":"…","deleted":{"conversations":1,"messages":12},
//!  "deleted_at":"2026-11-27T22:30:01.123456Z","already_erased":false,
//!  "signature":"<43 chars base64url>"}
//! ```
//!
//! `signature` = unpadded base64url of HMAC-SHA256(RECEIPT_SIGNING_KEY,
//! canonical JSON (RFC 8785) of the receipt without its `signature` member).
//! Verifying: remove `signature`, serialise the rest with sorted keys and no
//! whitespace (`JSON.stringify` of a key-sorted copy; Python
//! `json.dumps(r, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`),
//! compute the HMAC with the key named by `key_id` and compare in constant
//! time. The key is the operator's, so verification is done by the operator
//! (or whoever they give the key to, e.g. an auditor); `key_id` (the first 16
//! hex digits of SHA-256 of the key) tells which key after a rotation. A repeat
//! request for an erased conversation gets a receipt with `already_erased:
//! true`, the original `deleted_at` and zero counts: nothing was left.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::canonical_json;

type HmacSha256 = Hmac<Sha256>;

/// Shortest accepted signing key.
pub const MIN_KEY_LEN: usize = 32;
/// The `type` member of every receipt.
pub const RECEIPT_TYPE: &str = "mignuti.erasure_receipt";
pub const RECEIPT_VERSION: i64 = 1;

/// The receipt signing key. `Debug` prints only its id.
#[derive(Clone)]
pub struct ReceiptKey {
    mac: HmacSha256,
    key_id: String,
}

impl ReceiptKey {
    pub fn new(secret: &[u8]) -> Result<Self, ReceiptError> {
        if secret.len() < MIN_KEY_LEN {
            return Err(ReceiptError::WeakKey);
        }
        let mac = HmacSha256::new_from_slice(secret).map_err(|_| ReceiptError::WeakKey)?;
        let digest = Sha256::digest(secret);
        let key_id = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        Ok(Self { mac, key_id })
    }

    pub fn key_id(&self) -> &str {
        &self.key_id
    }
}

impl core::fmt::Debug for ReceiptKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "ReceiptKey(id {})", self.key_id)
    }
}

#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReceiptError {
    WeakKey,
    /// Not a JSON object with the receipt's members.
    Malformed,
    /// Signed with another key (`key_id` differs).
    UnknownKey,
    BadSignature,
}

impl ReceiptError {
    pub fn code(&self) -> &'static str {
        match self {
            ReceiptError::WeakKey => "receipt_weak_key",
            ReceiptError::Malformed => "receipt_malformed",
            ReceiptError::UnknownKey => "receipt_unknown_key",
            ReceiptError::BadSignature => "receipt_bad_signature",
        }
    }
}

/// The facts a receipt states.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Erasure {
    pub conversation_id: String,
    pub project_id: String,
    /// Rows removed per kind (`conversations`, `messages`, …).
    pub deleted: Vec<(String, i64)>,
    /// RFC 3339, UTC.
    pub deleted_at: String,
    pub already_erased: bool,
}

/// Builds and signs the receipt for `erasure`.
pub fn sign(key: &ReceiptKey, erasure: &Erasure) -> Value {
    let deleted: Map<String, Value> = erasure
        .deleted
        .iter()
        .map(|(k, n)| (k.clone(), Value::from(*n)))
        .collect();
    let mut body = Map::new();
    body.insert("type".into(), RECEIPT_TYPE.into());
    body.insert("v".into(), RECEIPT_VERSION.into());
    body.insert("key_id".into(), key.key_id.clone().into());
    body.insert(
        "conversation_id".into(),
        erasure.conversation_id.clone().into(),
    );
    body.insert("project_id".into(), erasure.project_id.clone().into());
    body.insert("deleted".into(), Value::Object(deleted));
    body.insert("deleted_at".into(), erasure.deleted_at.clone().into());
    body.insert("already_erased".into(), erasure.already_erased.into());
    let mut body = Value::Object(body);
    // Integers and strings only: canonicalisation cannot fail here.
    let canonical = canonical_json::to_string(&body).unwrap_or_default();
    let mut mac = key.mac.clone();
    mac.update(canonical.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    if let Value::Object(map) = &mut body {
        map.insert("signature".into(), signature.into());
    }
    body
}

/// Verifies a receipt produced by [`sign`] (constant-time tag comparison).
pub fn verify(key: &ReceiptKey, receipt: &Value) -> Result<(), ReceiptError> {
    let Value::Object(map) = receipt else {
        return Err(ReceiptError::Malformed);
    };
    if map.get("type").and_then(Value::as_str) != Some(RECEIPT_TYPE) {
        return Err(ReceiptError::Malformed);
    }
    let signature = map
        .get("signature")
        .and_then(Value::as_str)
        .ok_or(ReceiptError::Malformed)?;
    let tag = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| ReceiptError::BadSignature)?;
    if map.get("key_id").and_then(Value::as_str) != Some(key.key_id.as_str()) {
        return Err(ReceiptError::UnknownKey);
    }
    let mut body = map.clone();
    body.remove("signature");
    let canonical =
        canonical_json::to_string(&Value::Object(body)).map_err(|_| ReceiptError::Malformed)?;
    let mut mac = key.mac.clone();
    mac.update(canonical.as_bytes());
    mac.verify_slice(&tag)
        .map_err(|_| ReceiptError::BadSignature)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn erasure() -> Erasure {
        Erasure {
            conversation_id: "c0000000-0000-4000-8000-000000000001".into(),
            project_id: "a0000000-0000-4000-8000-00000000a0a0".into(),
            deleted: vec![("conversations".into(), 1), ("messages".into(), 12)],
            deleted_at: "2026-11-27T22:30:01.123456Z".into(),
            already_erased: false,
        }
    }

    #[test]
    fn signs_and_verifies() {
        let key = ReceiptKey::new(&[9u8; 32]).unwrap();
        let r = sign(&key, &erasure());
        assert_eq!(r["deleted"]["messages"], 12);
        assert_eq!(r["signature"].as_str().unwrap().len(), 43);
        verify(&key, &r).unwrap();
    }

    /// The documented recipe, spelled out: canonical JSON of the receipt
    /// without `signature`, HMAC-SHA256, base64url. Pins the wire format.
    #[test]
    fn documented_recipe_vector() {
        let key = ReceiptKey::new(b"0123456789abcdef0123456789abcdef").unwrap();
        let r = sign(&key, &erasure());
        let expected_body = format!(
            "{{\"already_erased\":false,\"conversation_id\":\"c0000000-0000-4000-8000-000000000001\",\
             \"deleted\":{{\"conversations\":1,\"messages\":12}},\"deleted_at\":\"2026-11-27T22:30:01.123456Z\",\
             \"key_id\":\"{}\",\"project_id\":\"a0000000-0000-4000-8000-00000000a0a0\",\
             \"type\":\"mignuti.erasure_receipt\",\"v\":1}}",
            key.key_id()
        );
        let mut mac = HmacSha256::new_from_slice(b"0123456789abcdef0123456789abcdef").unwrap();
        mac.update(expected_body.as_bytes());
        let want = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        assert_eq!(r["signature"], want.as_str());
    }

    #[test]
    fn any_change_breaks_it() {
        let key = ReceiptKey::new(&[9u8; 32]).unwrap();
        let r = sign(&key, &erasure());
        let edits: &[(&str, Value)] = &[
            (
                "conversation_id",
                "c0000000-0000-4000-8000-000000000002".into(),
            ),
            (
                "deleted",
                serde_json::json!({"conversations": 1, "messages": 13}),
            ),
            ("deleted_at", "2026-11-28T22:30:01Z".into()),
            ("already_erased", true.into()),
            ("extra", 1.into()),
        ];
        for (field, value) in edits {
            let mut t = r.clone();
            t[*field] = value.clone();
            assert_eq!(verify(&key, &t), Err(ReceiptError::BadSignature), "{field}");
        }
        let other = ReceiptKey::new(&[8u8; 32]).unwrap();
        assert_eq!(verify(&other, &r), Err(ReceiptError::UnknownKey));
        assert_eq!(verify(&key, &Value::Null), Err(ReceiptError::Malformed));
    }

    #[test]
    fn weak_key() {
        assert_eq!(
            ReceiptKey::new(b"short").unwrap_err(),
            ReceiptError::WeakKey
        );
        assert!(!format!("{:?}", ReceiptKey::new(&[1u8; 32]).unwrap()).contains("[1"));
    }
}
