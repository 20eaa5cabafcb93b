#!/usr/bin/env python3
"""Regenerates the session-JWT test vectors in this directory.

Standard library only, so the vectors come from an implementation independent
of the Rust code under test. One JSON file per case; `shared/tests/jwt_vectors.rs`
has one test per file and fails if a file is not listed there.

    python3 shared/tests/data/jwt/generate.py

Each file holds: description, key (base64url), token, mode ("full" runs
`verify`, "signature_only" runs `danger_verify_signature_only`), the verify
options (now, leeway, audience, issuer, ip_hash) and `expect`: "ok" or the
stable `JwtError::code()` the token must be refused with.
"""

import base64
import hashlib
import hmac
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

KEY = bytes(range(32, 64))  # 32 bytes, the minimum we accept
OTHER_KEY = bytes(range(64, 96))
NOW = 1_800_000_000
LEEWAY = 30
AUD = "mignuti-chat"
ISS = "mignuti-session"
IP_HASH = "x9v0Hq2WmD6kC3cQH5tY8tS0JzQ1f2o4bR7pV9nL1eA"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def js(obj) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode()


def claims(**over):
    c = {
        "sub": "7f1c9a52-3e0b-4d7e-9b1a-2c5d8e4f6a10",
        "project_id": "b2f9e0c4-1a7d-4e83-8c55-0d6f3a9b7e21",
        "ip_hash": IP_HASH,
        "role": "visitor",
        "iat": NOW - 60,
        "exp": NOW + 3600,
        "jti": "4c2a9e7b0d1f4b3e8a6c5d2e1f0a9b8c",
        "aud": AUD,
        "iss": ISS,
    }
    for k, v in over.items():
        if v is DROP:
            c.pop(k, None)
        else:
            c[k] = v
    return c


DROP = object()
HEADER = {"alg": "HS256", "typ": "JWT"}


def mac(alg: str, key: bytes, signing_input: bytes) -> bytes:
    h = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}[alg]
    return hmac.new(key, signing_input, h).digest()


def token(header=HEADER, payload=None, key=KEY, alg="HS256", raw_header=None, raw_payload=None):
    h = raw_header if raw_header is not None else b64(js(header))
    p = raw_payload if raw_payload is not None else b64(js(payload if payload is not None else claims()))
    si = f"{h}.{p}".encode()
    return f"{h}.{p}.{b64(mac(alg, key, si))}"


CASES = {}


def case(name, description, tok, expect, mode="full", key=KEY, **opts):
    CASES[name] = {
        "description": description,
        "key": b64(key),
        "token": tok,
        "mode": mode,
        "now": opts.get("now", NOW),
        "leeway": opts.get("leeway", LEEWAY),
        "audience": opts.get("audience", AUD),
        "issuer": opts.get("issuer", ISS),
        "ip_hash": opts.get("ip_hash", IP_HASH),
        "expect": expect,
    }


# --- RFC 7515 Appendix A.1 (HS256), byte for byte from the RFC -------------
RFC_KEY = base64.urlsafe_b64decode(
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow=="
)
RFC_TOKEN = (
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
)
case("rfc7515_a1_signature", "RFC 7515 A.1: signature verifies with the RFC's key", RFC_TOKEN, "ok",
     mode="signature_only", key=RFC_KEY)
case("rfc7515_a1_full_missing_claims", "RFC 7515 A.1 lacks session claims (sub, aud, ...)", RFC_TOKEN,
     "jwt_missing_claim", key=RFC_KEY, now=1300819300)
h, p, s = RFC_TOKEN.split(".")
case("rfc7515_a1_wrong_key", "RFC 7515 A.1 checked with another key", RFC_TOKEN, "jwt_bad_signature",
     mode="signature_only", key=KEY)
tampered = json.loads(base64.urlsafe_b64decode(p + "=="))
tampered["http://example.com/is_root"] = False
case("rfc7515_a1_tampered_payload", "RFC 7515 A.1 with is_root flipped, old signature",
     f"{h}.{b64(js(tampered))}.{s}", "jwt_bad_signature", mode="signature_only", key=RFC_KEY)

# --- valid tokens ------------------------------------------------------------
case("valid", "well-formed session token", token(), "ok")
case("valid_typ_absent", "typ is optional", token(header={"alg": "HS256"}), "ok")
case("valid_extra_header_kid", "unknown non-critical header members are ignored",
     token(header={"alg": "HS256", "typ": "JWT", "kid": "2026-11"}), "ok")
case("valid_with_nbf", "nbf in the past", token(payload=claims(nbf=NOW - 10)), "ok")
case("valid_nbf_within_leeway", "nbf 20 s ahead, leeway 30 s", token(payload=claims(nbf=NOW + 20)), "ok")
case("valid_iat_within_leeway", "iat 20 s ahead, leeway 30 s", token(payload=claims(iat=NOW + 20)), "ok")
case("valid_expired_within_leeway", "exp 10 s ago, leeway 30 s", token(payload=claims(exp=NOW - 10)), "ok")
case("valid_aud_array", "aud as an array containing ours",
     token(payload=claims(aud=["other", AUD])), "ok")
case("valid_extra_claims", "unknown claims are ignored", token(payload=claims(lang="de", x=[1, 2])), "ok")
case("valid_header_whitespace", "JSON whitespace inside the header is fine",
     token(raw_header=b64(b'{ "alg" : "HS256" ,\r\n "typ" : "JWT" }')), "ok")

# --- algorithm pinning -------------------------------------------------------
claims_b64 = b64(js(claims()))
for name, hdr in [
    ("alg_none", {"alg": "none", "typ": "JWT"}),
    ("alg_none_capitalised", {"alg": "None", "typ": "JWT"}),
    ("alg_none_upper", {"alg": "NONE", "typ": "JWT"}),
]:
    case(name, f"unsecured JWS, header {hdr}", f"{b64(js(hdr))}.{claims_b64}.", "jwt_unsupported_alg")
    case(name + "_with_signature", f"header {hdr} carrying a valid HS256 signature",
         token(header=hdr), "jwt_unsupported_alg")
case("alg_hs384", "HS384 with the right key", token(header={"alg": "HS384", "typ": "JWT"}, alg="HS384"),
     "jwt_unsupported_alg")
case("alg_hs512", "HS512 with the right key", token(header={"alg": "HS512", "typ": "JWT"}, alg="HS512"),
     "jwt_unsupported_alg")
for alg in ["RS256", "RS512", "ES256", "ES384", "PS256", "EdDSA"]:
    case(f"alg_{alg.lower()}", f"{alg} header (algorithm confusion attempt, HMAC over the token)",
         token(header={"alg": alg, "typ": "JWT"}), "jwt_unsupported_alg")
case("alg_lowercase", "alg values are case-sensitive", token(header={"alg": "hs256", "typ": "JWT"}),
     "jwt_unsupported_alg")
case("alg_missing", "no alg member", token(header={"typ": "JWT"}), "jwt_malformed_json")
case("alg_not_string", "alg is a number", token(header={"alg": 256, "typ": "JWT"}), "jwt_malformed_json")
case("alg_duplicate", "alg given twice (HS256 then none)",
     token(raw_header=b64(b'{"alg":"HS256","alg":"none","typ":"JWT"}')), "jwt_malformed_json")

# --- typ and crit --------------------------------------------------------------
case("typ_jwe", "typ JWE", token(header={"alg": "HS256", "typ": "JWE"}), "jwt_unsupported_typ")
case("typ_at_jwt", "typ at+jwt", token(header={"alg": "HS256", "typ": "at+jwt"}), "jwt_unsupported_typ")
case("typ_lowercase", "typ jwt in lower case", token(header={"alg": "HS256", "typ": "jwt"}),
     "jwt_unsupported_typ")
case("typ_not_string", "typ is an object", token(header={"alg": "HS256", "typ": {}}), "jwt_malformed_json")
case("crit_b64", "crit names b64 (RFC 7797)", token(header={"alg": "HS256", "typ": "JWT", "crit": ["b64"], "b64": False}),
     "jwt_unsupported_crit")
case("crit_unknown", "crit names an unknown extension",
     token(header={"alg": "HS256", "typ": "JWT", "crit": ["exp"], "exp": 1}), "jwt_unsupported_crit")
case("crit_empty", "crit must not be empty", token(header={"alg": "HS256", "typ": "JWT", "crit": []}),
     "jwt_malformed_json")

# --- signature -------------------------------------------------------------------
good = token()
gh, gp, gs = good.split(".")
flip = "A" if gs[10] != "A" else "B"
case("sig_flipped_char", "one signature character changed", f"{gh}.{gp}.{gs[:10]}{flip}{gs[11:]}",
     "jwt_bad_signature")
case("sig_wrong_key", "signed with another key", token(key=OTHER_KEY), "jwt_bad_signature")
case("sig_truncated", "signature cut to 31 bytes",
     f"{gh}.{gp}.{b64(base64.urlsafe_b64decode(gs + '=')[:31])}", "jwt_bad_signature")
case("sig_extended", "signature with a 33rd byte",
     f"{gh}.{gp}.{b64(base64.urlsafe_b64decode(gs + '=') + b'x')}", "jwt_bad_signature")
case("sig_empty", "empty signature segment", f"{gh}.{gp}.", "jwt_malformed")
case("sig_other_payload", "signature of another token's payload",
     f"{gh}.{b64(js(claims(role='admin')))}.{gs}", "jwt_bad_signature")
case("sig_over_decoded_input", "HMAC over decoded header+payload instead of the base64 text",
     f"{gh}.{gp}.{b64(mac('HS256', KEY, js(HEADER) + b'.' + js(claims())))}", "jwt_bad_signature")

# --- time --------------------------------------------------------------------
case("exp_past_leeway", "exp 31 s ago, leeway 30 s", token(payload=claims(exp=NOW - 31)), "jwt_expired")
case("exp_at_leeway_edge", "now == exp + leeway is expired", token(payload=claims(exp=NOW - 30)), "jwt_expired")
case("exp_long_ago", "exp a day ago", token(payload=claims(exp=NOW - 86400, iat=NOW - 90000)), "jwt_expired")
case("exp_zero_leeway", "exp 1 s ago without leeway", token(payload=claims(exp=NOW - 1)), "jwt_expired", leeway=0)
case("nbf_future", "nbf 31 s ahead", token(payload=claims(nbf=NOW + 31)), "jwt_not_yet_valid")
case("iat_future", "iat an hour ahead", token(payload=claims(iat=NOW + 3600, exp=NOW + 7200)),
     "jwt_issued_in_future")
case("exp_float", "exp is not an integer", token(payload=claims(exp=NOW + 0.5)), "jwt_malformed_json")
case("exp_string", "exp is a string", token(payload=claims(exp=str(NOW + 3600))), "jwt_malformed_json")
case("exp_huge", "exp beyond i64",
     token(raw_payload=b64(js(claims(exp=DROP))[:-1] + b',"exp":99999999999999999999}')), "jwt_malformed_json")
case("exp_missing", "no exp", token(payload=claims(exp=DROP)), "jwt_missing_claim")

# --- audience, issuer, ip binding -------------------------------------------------
case("aud_wrong", "aud of another service", token(payload=claims(aud="mignuti-export")), "jwt_wrong_audience")
case("aud_array_without_ours", "aud array lacking ours", token(payload=claims(aud=["a", "b"])),
     "jwt_wrong_audience")
case("aud_empty_array", "aud is []", token(payload=claims(aud=[])), "jwt_wrong_audience")
case("aud_case", "aud differs in case", token(payload=claims(aud=AUD.upper())), "jwt_wrong_audience")
case("aud_missing", "no aud", token(payload=claims(aud=DROP)), "jwt_missing_claim")
case("aud_number", "aud is a number", token(payload=claims(aud=5)), "jwt_malformed_json")
case("iss_wrong", "iss of another issuer", token(payload=claims(iss="evil")), "jwt_wrong_issuer")
case("iss_missing", "no iss", token(payload=claims(iss=DROP)), "jwt_missing_claim")
case("ip_hash_mismatch", "token issued to another client IP",
     token(payload=claims(ip_hash="Zp3w2f9kQ0sT1uV5xY7zA8bC4dE6gH2jK9mN0pR1sTu")), "jwt_ip_hash_mismatch")
case("ip_hash_prefix", "ip_hash a prefix of the request's", token(payload=claims(ip_hash=IP_HASH[:20])),
     "jwt_ip_hash_mismatch")
case("ip_hash_empty", "empty ip_hash", token(payload=claims(ip_hash="")), "jwt_ip_hash_mismatch")
case("ip_hash_missing", "no ip_hash", token(payload=claims(ip_hash=DROP)), "jwt_missing_claim")
for claim in ["sub", "project_id", "role", "iat", "jti"]:
    case(f"{claim}_missing", f"no {claim}", token(payload=claims(**{claim: DROP})), "jwt_missing_claim")
case("claim_duplicate", "role given twice",
     token(raw_payload=b64(js(claims())[:-1] + b',"role":"admin"}')), "jwt_malformed_json")

# --- encoding ----------------------------------------------------------------------
case("b64_padding_header", "header segment with = padding",
     token(raw_header=b64(js({"alg": "HS256", "typ": "JWT", "k": "x"})) + "="), "jwt_malformed_base64")
padded_payload = base64.urlsafe_b64encode(js(claims(jti="a"))).decode()
assert padded_payload.endswith("="), padded_payload
case("b64_padding_payload", "payload segment with = padding", token(raw_payload=padded_payload),
     "jwt_malformed_base64")
case("b64_standard_alphabet", "'+' and '/' from the standard alphabet",
     token(raw_payload=base64.b64encode(js(claims(jti="??>>??>>"))).decode().rstrip("=")), "jwt_malformed_base64")
case("b64_invalid_char", "'*' in the payload", token(raw_payload=gp[:5] + "*" + gp[6:]), "jwt_malformed_base64")
case("b64_space", "space inside the payload segment", token(raw_payload=gp[:5] + " " + gp[5:]),
     "jwt_malformed_base64")
URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
# 32 bytes take 43 characters; the last one carries 4 data bits and 2 zero bits.
last = URL_ALPHABET.index(gs[-1])
assert last % 4 == 0
case("b64_non_canonical", "non-zero trailing bits in the signature",
     f"{gh}.{gp}.{gs[:-1]}{URL_ALPHABET[last + 1]}", "jwt_malformed_base64")
case("b64_impossible_length", "payload length 1 mod 4",
     token(raw_payload=gp + "A" * ((1 - len(gp)) % 4)), "jwt_malformed_base64")
case("b64_non_ascii", "non-ASCII character in the header", "é" + good, "jwt_malformed_base64")

# --- structure and JSON --------------------------------------------------------------
case("empty", "empty string", "", "jwt_malformed")
case("two_segments", "header.payload only", f"{gh}.{gp}", "jwt_malformed")
case("four_segments", "extra segment (JWE-like)", good + ".x", "jwt_malformed")
case("five_segments", "JWE compact shape", f"{gh}.a.b.c.d", "jwt_malformed")
case("empty_header", "empty header segment", f".{gp}.{gs}", "jwt_malformed")
case("trailing_newline", "newline after the token", good + "\n", "jwt_malformed_base64")
case("header_not_object", "header is a JSON array", token(raw_header=b64(b'["HS256"]')), "jwt_malformed_json")
case("header_not_json", "header is not JSON", token(raw_header=b64(b"alg=HS256")), "jwt_malformed_json")
case("payload_not_json", "payload is not JSON", token(raw_payload=b64(b"{sub:1}")), "jwt_malformed_json")
case("payload_array", "payload is a JSON array", token(raw_payload=b64(b"[1,2]")), "jwt_malformed_json")
case("payload_trailing_garbage", "text after the JSON object",
     token(raw_payload=b64(js(claims()) + b"x")), "jwt_malformed_json")
case("payload_invalid_utf8", "payload bytes are not UTF-8",
     token(raw_payload=b64(js(claims())[:-2] + b'\xff"}')), "jwt_malformed_json")
# Pad a claim so the whole token is exactly 4,097 bytes (and 4,096 for the edge).
for name, target, expect in [("too_large", 4097, "jwt_too_large"), ("max_size", 4096, "ok")]:
    pad = 0
    while True:
        t = token(payload=claims(pad="p" * pad))
        if len(t) >= target:
            break
        pad += 1
    while len(t) != target:  # base64 grows in steps; nudge with a second claim
        pad -= 1
        extra = 0
        while len(t := token(payload=claims(pad="p" * pad, q="q" * extra))) < target:
            extra += 1
    case(name, f"{target}-byte token with a valid signature", t, expect)


def main():
    for f in os.listdir(HERE):
        if f.endswith(".json"):
            os.remove(os.path.join(HERE, f))
    for name, c in sorted(CASES.items()):
        with open(os.path.join(HERE, name + ".json"), "w") as fh:
            json.dump(c, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
    print(len(CASES), "cases")


if __name__ == "__main__":
    main()
