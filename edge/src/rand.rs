//! Fresh random bytes from the platform CSPRNG (`crypto.getRandomValues` in
//! Workers). The shared crate never draws randomness itself; callers pass
//! these in.

use crate::{EdgeError, EdgeResult};

pub fn bytes<const N: usize>() -> EdgeResult<[u8; N]> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf)
        .map_err(|e| EdgeError::Runtime(format!("random source failed: {e}")))?;
    Ok(buf)
}
