//! Keyed hash of the client IP, the only form in which an IP is kept.
//!
//! The session function binds each session token to `ip_hash` and the chat
//! function recomputes it per request; conversations store it for abuse
//! handling. A keyed HMAC-SHA256 (not a plain hash) because the IPv4 space is
//! small enough to enumerate: without the key, a leaked table could be
//! reversed in minutes.
//!
//! Normalisation before hashing:
//! - IPv4 is hashed as its four octets.
//! - IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is the same client as `a.b.c.d`
//!   reached over a dual-stack socket, so it is hashed as that IPv4 address.
//! - Other IPv6 addresses are reduced to their /64 prefix. The lower 64 bits
//!   are the interface id, which privacy extensions (RFC 8981) rotate as
//!   often as hourly; hashing them would break a visitor's session mid-chat.
//!   A /64 is what a provider assigns to one subscriber line, so it is the
//!   stable per-subscriber unit. The accepted consequence: devices in one
//!   household share a hash, so a token copied between them is not caught.
//!
//! The two families are domain-separated inside the MAC input, so no IPv4
//! address can collide with an IPv6 prefix.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use core::net::IpAddr;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// Shortest key accepted (the hash output length).
pub const MIN_KEY_LEN: usize = 32;

/// HMAC key for IP hashing. `Debug` prints nothing secret.
#[derive(Clone)]
pub struct IpHashKey {
    mac: HmacSha256,
}

impl IpHashKey {
    pub fn new(secret: &[u8]) -> Result<Self, IpHashError> {
        if secret.len() < MIN_KEY_LEN {
            return Err(IpHashError::WeakKey);
        }
        let mac = HmacSha256::new_from_slice(secret).map_err(|_| IpHashError::WeakKey)?;
        Ok(Self { mac })
    }
}

impl core::fmt::Debug for IpHashKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("IpHashKey(<redacted>)")
    }
}

/// Why an IP could not be hashed.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IpHashError {
    /// Not an IPv4 or IPv6 address in standard text form.
    InvalidIp,
    /// Key shorter than [`MIN_KEY_LEN`].
    WeakKey,
}

impl IpHashError {
    pub fn code(&self) -> &'static str {
        match self {
            IpHashError::InvalidIp => "ip_invalid",
            IpHashError::WeakKey => "ip_hash_weak_key",
        }
    }
}

impl core::fmt::Display for IpHashError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::error::Error for IpHashError {}

/// The unit of identity an IP is reduced to before hashing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NormalizedIp {
    V4([u8; 4]),
    /// The first 64 bits of an IPv6 address.
    V6Prefix64([u8; 8]),
}

impl NormalizedIp {
    /// Parses and normalises an address such as the `CF-Connecting-IP` header
    /// value. Surrounding ASCII whitespace is ignored; zone ids, ports and
    /// brackets are refused.
    pub fn parse(ip: &str) -> Result<Self, IpHashError> {
        let addr: IpAddr = ip
            .trim_ascii()
            .parse()
            .map_err(|_| IpHashError::InvalidIp)?;
        Ok(match addr {
            IpAddr::V4(v4) => NormalizedIp::V4(v4.octets()),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => NormalizedIp::V4(v4.octets()),
                None => {
                    let o = v6.octets();
                    NormalizedIp::V6Prefix64([o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7]])
                }
            },
        })
    }
}

/// HMAC-SHA256 of a normalised IP.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct IpHash([u8; 32]);

impl IpHash {
    /// 64 lowercase hex digits.
    pub fn to_hex(&self) -> String {
        crate::tokens::hex(&self.0)
    }

    /// 43 characters of unpadded base64url (the form put in session tokens).
    pub fn to_base64url(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Constant-time equality.
    pub fn ct_eq(&self, other: &IpHash) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

impl core::fmt::Debug for IpHash {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "IpHash({})", self.to_hex())
    }
}

/// Hashes a client IP given as text.
pub fn hash_ip(key: &IpHashKey, ip: &str) -> Result<IpHash, IpHashError> {
    Ok(hash_normalized(key, NormalizedIp::parse(ip)?))
}

/// Hashes an already normalised IP.
pub fn hash_normalized(key: &IpHashKey, ip: NormalizedIp) -> IpHash {
    let mut mac = key.mac.clone();
    // Domain separation: a family label, then the fixed-length bytes.
    match ip {
        NormalizedIp::V4(o) => {
            mac.update(b"mignuti-ip-v1:v4:");
            mac.update(&o);
        }
        NormalizedIp::V6Prefix64(p) => {
            mac.update(b"mignuti-ip-v1:v6/64:");
            mac.update(&p);
        }
    }
    let out = mac.finalize().into_bytes();
    let mut bytes = [0u8; 32];
    bytes.copy_from_slice(&out);
    IpHash(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> IpHashKey {
        IpHashKey::new(b"0123456789abcdef0123456789abcdef").unwrap()
    }

    fn h(ip: &str) -> String {
        hash_ip(&key(), ip).unwrap().to_hex()
    }

    #[test]
    fn ipv4_mapped_equals_ipv4() {
        assert_eq!(h("::ffff:192.0.2.1"), h("192.0.2.1"));
        assert_eq!(h("::ffff:c000:201"), h("192.0.2.1"));
    }

    #[test]
    fn ipv6_same_prefix64_same_hash() {
        assert_eq!(h("2001:db8:1:2:aaaa::1"), h("2001:db8:1:2:ffff:1:2:3"));
        assert_eq!(h("2001:DB8:1:2::1"), h("2001:db8:1:2::"));
        assert_ne!(h("2001:db8:1:2::1"), h("2001:db8:1:3::1"));
    }

    #[test]
    fn families_do_not_collide() {
        // 0.0.0.0 and ::/64 both have all-zero significant bytes.
        assert_ne!(h("0.0.0.0"), h("::1"));
    }

    #[test]
    fn ipv4_distinct_and_trimmed() {
        assert_ne!(h("192.0.2.1"), h("192.0.2.2"));
        assert_eq!(h(" 192.0.2.1\n"), h("192.0.2.1"));
    }

    #[test]
    fn invalid_ips_refused() {
        for bad in [
            "",
            "1.2.3",
            "1.2.3.4.5",
            "256.1.1.1",
            "01.2.3.4",
            "1.2.3.4:80",
            "[::1]",
            "fe80::1%eth0",
            "2001:db8::g",
            "example.com",
            "1.2.3.4 5",
        ] {
            assert_eq!(hash_ip(&key(), bad), Err(IpHashError::InvalidIp), "{bad:?}");
        }
    }

    #[test]
    fn encodings() {
        let x = hash_ip(&key(), "192.0.2.1").unwrap();
        assert_eq!(x.to_hex().len(), 64);
        assert!(
            x.to_hex()
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_eq!(x.to_base64url().len(), 43);
        assert!(x.ct_eq(&hash_ip(&key(), "192.0.2.1").unwrap()));
    }

    #[test]
    fn known_answer() {
        // HMAC-SHA256(key, "mignuti-ip-v1:v4:" || c0 00 02 01), computed
        // independently with Python's hmac module.
        assert_eq!(h("192.0.2.1"), KNOWN_V4);
    }

    const KNOWN_V4: &str = "f7722167d3ba57c0b86cda579065705a4147e333157b14077542bf965b84b01d";

    #[test]
    fn key_hidden_and_weak_key_refused() {
        assert_eq!(format!("{:?}", key()), "IpHashKey(<redacted>)");
        assert_eq!(IpHashKey::new(&[0; 31]).unwrap_err(), IpHashError::WeakKey);
    }
}
