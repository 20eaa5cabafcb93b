//! Signed export download links: `GET /v1/export/download/<export id>
//! ?expires=<unix seconds>&sig=<base64url>`, valid [`LINK_LIFETIME_SECS`].
//!
//! `sig` = HMAC-SHA256(EXPORT_URL_KEY, "mignuti.export_download.v1\n" + path +
//! "\n" + export id + "\n" + expires), unpadded base64url. The link is the
//! whole credential (a browser follows it without an Authorization header),
//! so the check order matters: the signature first (any change to the path,
//! the id or the expiry is 403 `link_invalid`), only then the expiry (410
//! `link_expired`), so an expired link cannot be revived by editing
//! `expires` and a forged one never learns whether an export exists.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::supabase_auth::is_uuid;

type HmacSha256 = Hmac<Sha256>;

/// How long a download link works, in seconds.
pub const LINK_LIFETIME_SECS: i64 = 60;
/// Path prefix of download links.
pub const DOWNLOAD_PREFIX: &str = "/v1/export/download/";
/// Shortest accepted key.
pub const MIN_KEY_LEN: usize = 32;
const DOMAIN: &str = "mignuti.export_download.v1";

/// The link signing key. `Debug` prints nothing secret.
#[derive(Clone)]
pub struct ExportUrlKey {
    mac: HmacSha256,
}

impl ExportUrlKey {
    pub fn new(secret: &[u8]) -> Result<Self, LinkError> {
        if secret.len() < MIN_KEY_LEN {
            return Err(LinkError::WeakKey);
        }
        let mac = HmacSha256::new_from_slice(secret).map_err(|_| LinkError::WeakKey)?;
        Ok(Self { mac })
    }

    fn mac_for(&self, path: &str, export_id: &str, expires: i64) -> HmacSha256 {
        let mut mac = self.mac.clone();
        mac.update(format!("{DOMAIN}\n{path}\n{export_id}\n{expires}").as_bytes());
        mac
    }
}

impl core::fmt::Debug for ExportUrlKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("ExportUrlKey(<redacted>)")
    }
}

#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkError {
    WeakKey,
    /// Missing or malformed parameters, a changed path, id or expiry, or a
    /// signature by another key.
    Invalid,
    /// Correctly signed, but past its expiry.
    Expired,
}

impl LinkError {
    pub fn code(&self) -> &'static str {
        match self {
            LinkError::WeakKey => "link_weak_key",
            LinkError::Invalid => "link_invalid",
            LinkError::Expired => "link_expired",
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            LinkError::WeakKey => 500,
            LinkError::Invalid => 403,
            LinkError::Expired => 410,
        }
    }
}

/// The path and query of a download link for `export_id` expiring at
/// `expires` (Unix seconds). `export_id` must be a UUID.
pub fn sign(key: &ExportUrlKey, export_id: &str, expires: i64) -> String {
    let export_id = export_id.to_ascii_lowercase();
    let path = format!("{DOWNLOAD_PREFIX}{export_id}");
    let tag = key
        .mac_for(&path, &export_id, expires)
        .finalize()
        .into_bytes();
    format!(
        "{path}?expires={expires}&sig={}",
        URL_SAFE_NO_PAD.encode(tag)
    )
}

/// A link that passed [`verify`]: the export it opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedLink {
    pub export_id: String,
    pub expires: i64,
}

/// Checks a download request's path and query (without the `?`).
pub fn verify(
    key: &ExportUrlKey,
    path: &str,
    query: &str,
    now: i64,
) -> Result<VerifiedLink, LinkError> {
    let export_id = path
        .strip_prefix(DOWNLOAD_PREFIX)
        .filter(|id| is_uuid(id) && !id.bytes().any(|b| b.is_ascii_uppercase()))
        .ok_or(LinkError::Invalid)?;
    let (mut expires, mut sig) = (None, None);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').ok_or(LinkError::Invalid)?;
        let slot = match name {
            "expires" => &mut expires,
            "sig" => &mut sig,
            _ => continue,
        };
        if slot.replace(value).is_some() {
            return Err(LinkError::Invalid);
        }
    }
    let expires_str = expires.ok_or(LinkError::Invalid)?;
    // Canonical decimal only: "060" or "+60" would sign differently.
    let expires: i64 = expires_str.parse().map_err(|_| LinkError::Invalid)?;
    if expires.to_string() != expires_str {
        return Err(LinkError::Invalid);
    }
    let tag = URL_SAFE_NO_PAD
        .decode(sig.ok_or(LinkError::Invalid)?)
        .map_err(|_| LinkError::Invalid)?;
    key.mac_for(path, export_id, expires)
        .verify_slice(&tag)
        .map_err(|_| LinkError::Invalid)?;
    if now >= expires {
        return Err(LinkError::Expired);
    }
    // Only this service signs links and it never signs beyond the lifetime;
    // a longer one means a leaked key or a bug, not a valid link.
    if expires - now > LINK_LIFETIME_SECS + 5 {
        return Err(LinkError::Invalid);
    }
    Ok(VerifiedLink {
        export_id: export_id.to_owned(),
        expires,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "e0000000-0000-4000-8000-000000000001";

    fn key() -> ExportUrlKey {
        ExportUrlKey::new(&[3u8; 32]).unwrap()
    }

    fn parts(link: &str) -> (&str, &str) {
        link.split_once('?').unwrap()
    }

    #[test]
    fn valid_within_lifetime() {
        let link = sign(&key(), ID, 1060);
        let (p, q) = parts(&link);
        assert_eq!(
            verify(&key(), p, q, 1000).unwrap(),
            VerifiedLink {
                export_id: ID.into(),
                expires: 1060
            }
        );
        assert_eq!(verify(&key(), p, q, 1059).unwrap().export_id, ID);
    }

    #[test]
    fn expired_after_61_seconds() {
        let link = sign(&key(), ID, 1060);
        let (p, q) = parts(&link);
        assert_eq!(verify(&key(), p, q, 1061), Err(LinkError::Expired));
        assert_eq!(verify(&key(), p, q, 1060), Err(LinkError::Expired));
        assert_eq!(LinkError::Expired.status(), 410);
    }

    #[test]
    fn tampering_is_invalid_not_expired() {
        let link = sign(&key(), ID, 1060);
        let (p, q) = parts(&link);
        let other = p.replace("0001", "0002");
        let sig = q.split_once("&sig=").unwrap().1;
        let cases = [
            (other.as_str(), q.to_owned()),
            (p, q.replace("1060", "9999")),
            (p, q.replace("1060", "01060")),
            (p, format!("expires=1060&sig={sig}&sig={sig}")),
            (p, "expires=1060".to_owned()),
            (p, format!("sig={sig}")),
            (p, q.replace(&sig[..4], "AAAA")),
            (
                "/v1/export/download/E0000000-0000-4000-8000-000000000001",
                q.to_owned(),
            ),
            ("/v1/export/download/../x", q.to_owned()),
        ];
        for (path, query) in cases {
            // Even long after expiry, tampering is reported as such.
            assert_eq!(
                verify(&key(), path, &query, 5000),
                Err(LinkError::Invalid),
                "{path}?{query}"
            );
        }
        let other_key = ExportUrlKey::new(&[4u8; 32]).unwrap();
        assert_eq!(verify(&other_key, p, q, 1000), Err(LinkError::Invalid));
    }

    #[test]
    fn overlong_lifetime_refused() {
        let link = sign(&key(), ID, 100_000);
        let (p, q) = parts(&link);
        assert_eq!(verify(&key(), p, q, 1000), Err(LinkError::Invalid));
    }

    #[test]
    fn documented_recipe() {
        let link = sign(&key(), ID, 1060);
        let mut mac = HmacSha256::new_from_slice(&[3u8; 32]).unwrap();
        mac.update(
            format!("mignuti.export_download.v1\n/v1/export/download/{ID}\n{ID}\n1060").as_bytes(),
        );
        let want = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        assert!(link.ends_with(&format!("&sig={want}")));
    }
}
