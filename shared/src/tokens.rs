//! Delete tokens: the visitor's key to their own conversation (delete,
//! export, resume). 256 random bits, shown to the visitor as 43 base64url
//! characters; the database stores only the lowercase hex SHA-256 of the 32
//! raw bytes, so a database leak does not hand out tokens.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Length of a delete token as text.
pub const DELETE_TOKEN_LEN: usize = 43;

/// A freshly generated token. Not `Debug`: it is a credential.
pub struct DeleteToken {
    pub token: String,
    pub hash_hex: String,
}

impl DeleteToken {
    /// `random` must be 32 fresh random bytes.
    pub fn from_random(random: [u8; 32]) -> Self {
        DeleteToken {
            token: URL_SAFE_NO_PAD.encode(random),
            hash_hex: hash_bytes(&random),
        }
    }
}

/// The stored hash of a presented token, or `None` when it is not a
/// well-formed token (wrong length or alphabet): such input never reaches the
/// database.
pub fn delete_token_hash(token: &str) -> Option<String> {
    let token = token.trim();
    if token.len() != DELETE_TOKEN_LEN {
        return None;
    }
    let raw = URL_SAFE_NO_PAD.decode(token).ok()?;
    let raw: [u8; 32] = raw.try_into().ok()?;
    Some(hash_bytes(&raw))
}

fn hash_bytes(raw: &[u8; 32]) -> String {
    crate::chunk::sha256_hex(raw)
}

/// Lowercase hex of bytes (ids, nonces).
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        s.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_token_hashes_to_its_stored_hash() {
        let t = DeleteToken::from_random([0xab; 32]);
        assert_eq!(t.token.len(), DELETE_TOKEN_LEN);
        assert_eq!(
            delete_token_hash(&t.token).as_deref(),
            Some(t.hash_hex.as_str())
        );
        assert_eq!(t.hash_hex.len(), 64);
        // sha256 of 32 bytes 0xab, computed independently:
        // python3 -c "import hashlib;print(hashlib.sha256(b'\xab'*32).hexdigest())"
        assert_eq!(
            t.hash_hex,
            "9a2db2e23f1504cd056606553ac049c5e718e8f9ce9233876df1a7a1821af885"
        );
    }

    #[test]
    fn malformed_tokens_have_no_hash() {
        for bad in [
            "",
            "abc",
            &"A".repeat(44),
            &"*".repeat(43),
            "eyJhbGciOiJIUzI1NiJ9.e30.sig",
        ] {
            assert_eq!(delete_token_hash(bad), None, "{bad}");
        }
    }
}
