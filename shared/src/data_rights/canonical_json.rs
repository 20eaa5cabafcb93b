//! Canonical JSON (RFC 8785, JSON Canonicalization Scheme) for the values we
//! sign: object members sorted by their UTF-16 code units, no insignificant
//! whitespace, strings escaped as ECMAScript's `JSON.stringify` does. Numbers
//! are limited to integers, whose JCS form is their plain decimal digits, so a
//! verifier in any language (`JSON.stringify` with sorted keys, Python's
//! `json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)`)
//! produces the same bytes.

use serde_json::Value;

/// Why a value cannot be canonicalised.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CanonicalError {
    /// A non-integer number: its canonical form needs ECMAScript number
    /// formatting, which signed documents here never need.
    NonIntegerNumber,
}

/// The canonical serialisation of `value`.
pub fn to_string(value: &Value) -> Result<String, CanonicalError> {
    let mut out = String::new();
    write(value, &mut out)?;
    Ok(out)
}

fn write(value: &Value, out: &mut String) -> Result<(), CanonicalError> {
    match value {
        Value::Null | Value::Bool(_) => out.push_str(&value.to_string()),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                out.push_str(&i.to_string());
            } else if let Some(u) = n.as_u64() {
                out.push_str(&u.to_string());
            } else {
                return Err(CanonicalError::NonIntegerNumber);
            }
        }
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out)?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(k, out);
                out.push(':');
                write(v, out)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

/// RFC 8785 §3.2.2.2: `"` and `\` escaped, the short escapes for \b \t \n \f
/// \r, other C0 controls as lowercase `\u00xx`, everything else literal.
fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{08}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{0c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorts_members_and_drops_whitespace() {
        let v = json!({"b": 1, "a": {"z": [1, 2, {"y": null, "x": true}], "c": "é\n\u{1}"}});
        assert_eq!(
            to_string(&v).unwrap(),
            "{\"a\":{\"c\":\"é\\n\\u0001\",\"z\":[1,2,{\"x\":true,\"y\":null}]},\"b\":1}"
        );
    }

    #[test]
    fn utf16_order_not_byte_order() {
        // By code point (and UTF-8 bytes) U+E000 comes first; RFC 8785 §3.2.3
        // orders by UTF-16 code units, where U+1F600's lead surrogate 0xD83D
        // comes before 0xE000.
        let v = json!({"\u{e000}": 1, "\u{1f600}": 2});
        assert_eq!(to_string(&v).unwrap(), "{\"\u{1f600}\":2,\"\u{e000}\":1}");
    }

    #[test]
    fn refuses_floats() {
        assert_eq!(
            to_string(&json!({"a": 1.5})),
            Err(CanonicalError::NonIntegerNumber)
        );
    }
}
