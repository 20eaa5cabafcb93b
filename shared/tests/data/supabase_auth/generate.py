"""Generates the Supabase Auth access-token test vectors in this folder.

Run: python3 -m venv .local/venv-authvectors && .local/venv-authvectors/bin/pip install pyjwt cryptography
     .local/venv-authvectors/bin/python shared/tests/data/supabase_auth/generate.py

Writes jwks.json (the public keys a project would publish: two P-256 keys and
one RSA key the verifier must skip), config.json (issuer, HS256 secret, now)
and one cases/<name>.json per case. Tokens are minted by PyJWT with keys from
`cryptography`, independently of the Rust code under test. Keys are fresh on
every run, so regenerate all files together.
"""
import base64, json, os, pathlib
import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

HERE = pathlib.Path(__file__).parent
NOW = 1_800_000_000
ISS = "https://abcdefghijklmnop.supabase.co/auth/v1"
SECRET = "local-test-jwt-secret-with-at-least-32-characters-0123456789"
UID = "a0000000-0000-4000-8000-0000000000a1"

def b64(b): return base64.urlsafe_b64encode(b).rstrip(b"=").decode()

k1 = ec.generate_private_key(ec.SECP256R1())
k2 = ec.generate_private_key(ec.SECP256R1())
k3 = ec.generate_private_key(ec.SECP256R1())  # not published
rk = rsa.generate_private_key(public_exponent=65537, key_size=2048)

def ec_jwk(key, kid):
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": kid, "alg": "ES256", "use": "sig", "key_ops": ["verify"]})
    return jwk

rsa_jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(rk.public_key()))
rsa_jwk.update({"kid": "rsa-1", "alg": "RS256", "use": "sig"})
jwks = {"keys": [ec_jwk(k1, "k1"), rsa_jwk, ec_jwk(k2, "k2")]}

def claims(**over):
    c = {"sub": UID, "aud": "authenticated", "role": "authenticated", "iss": ISS,
         "iat": NOW - 60, "exp": NOW + 3600, "email": "owner@acme-haushaltswaren.example",
         "session_id": "0c4a7b2e-1111-4000-8000-000000000001", "aal": "aal1", "is_anonymous": False,
         "app_metadata": {"provider": "email"}, "user_metadata": {}}
    for k, v in over.items():
        if v is None: c.pop(k, None)
        else: c[k] = v
    return c

def es(c, key=k1, kid="k1"):
    headers = {"kid": kid} if kid else {}
    tok = jwt.encode(c, key, algorithm="ES256", headers=headers)
    if not kid:
        # PyJWT adds no kid unless asked; keep the header minimal.
        pass
    return tok

def hs(c, secret=SECRET, headers=None):
    # Signed by hand: PyJWT (rightly) refuses public-key text as an HMAC key,
    # which the algorithm-confusion case needs.
    import hmac, hashlib
    h = b64(json.dumps({"alg": "HS256", "typ": "JWT", **(headers or {})}).encode())
    p = b64(json.dumps(c).encode())
    sig = hmac.new(secret.encode(), f"{h}.{p}".encode(), hashlib.sha256).digest()
    return f"{h}.{p}.{b64(sig)}"

def der_variant(tok):
    # Same signature, DER-encoded instead of JWS's raw r||s.
    h, p, s = tok.split(".")
    raw = base64.urlsafe_b64decode(s + "==")
    r, s_ = int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
    return f"{h}.{p}.{b64(encode_dss_signature(r, s_))}"

def tamper(tok):
    h, p, s = tok.split(".")
    c = json.loads(base64.urlsafe_b64decode(p + "=="))
    c["sub"] = "b0000000-0000-4000-8000-0000000000b1"
    return f"{h}.{b64(json.dumps(c).encode())}.{s}"

pub_pem_k1 = jwt.algorithms.ECAlgorithm.to_jwk(k1.public_key())
cases = {
    "es256_valid_k1": ("ES256 token signed by published key k1", es(claims()), "ok"),
    "es256_valid_k2": ("ES256 token signed by the second published key", es(claims(), k2, "k2"), "ok"),
    "es256_aud_array": ("aud as an array containing authenticated", es(claims(aud=["other", "authenticated"])), "ok"),
    "es256_unknown_kid": ("kid not in the JWKS", es(claims(), k3, "k9"), "auth_unknown_key"),
    "es256_missing_kid": ("ES256 without kid", es(claims(), k1, None), "auth_unknown_key"),
    "es256_rsa_kid": ("ES256 header naming the RSA key's kid", es(claims(), k1, "rsa-1"), "auth_unknown_key"),
    "es256_wrong_key": ("signed by an unpublished key but claiming kid k1", es(claims(), k3, "k1"), "auth_bad_signature"),
    "es256_der_signature": ("DER signature instead of raw r||s", der_variant(es(claims())), "auth_bad_signature"),
    "es256_tampered_payload": ("payload changed after signing", tamper(es(claims())), "auth_bad_signature"),
    "es256_expired": ("exp in the past", es(claims(exp=NOW - 31, iat=NOW - 3600)), "auth_token_expired"),
    "es256_expired_within_leeway": ("exp 10 s ago, inside the 30 s leeway", es(claims(exp=NOW - 10)), "ok"),
    "es256_no_exp": ("no exp claim", es(claims(exp=None)), "auth_missing_claim"),
    "es256_nbf_future": ("nbf in the future", es(claims(nbf=NOW + 600)), "auth_token_not_yet_valid"),
    "es256_wrong_audience": ("aud anon", es(claims(aud="anon")), "auth_wrong_audience"),
    "es256_wrong_issuer": ("another project's issuer", es(claims(iss="https://zzzz.supabase.co/auth/v1")), "auth_wrong_issuer"),
    "es256_anon_role": ("the project's anon key shape", es(claims(role="anon")), "auth_not_a_user"),
    "es256_service_role": ("service_role key shape", es(claims(role="service_role")), "auth_not_a_user"),
    "es256_bad_sub": ("sub not a UUID", es(claims(sub="admin")), "auth_bad_subject"),
    "hs256_valid": ("HS256 token signed with the project's JWT secret", hs(claims()), "ok"),
    "hs256_wrong_secret": ("HS256 with another secret", hs(claims(), SECRET + "x"), "auth_bad_signature"),
    "hs256_confusion_public_jwk": ("alg confusion: HS256 keyed with k1's public JWK text, kid k1",
                                   hs(claims(), pub_pem_k1, {"kid": "k1"}), "auth_bad_signature"),
    "rs256_token": ("RS256 token by the published RSA key", jwt.encode(claims(), rk, algorithm="RS256", headers={"kid": "rsa-1"}), "auth_unsupported_alg"),
    "alg_none": ("unsigned token", b64(b'{"alg":"none","typ":"JWT"}') + "." + b64(json.dumps(claims()).encode()) + ".", "auth_token_malformed"),
    "alg_none_with_sig": ("alg none with a dummy signature", b64(b'{"alg":"none"}') + "." + b64(json.dumps(claims()).encode()) + ".AAAA", "auth_unsupported_alg"),
}

(HERE / "cases").mkdir(exist_ok=True)
for old in (HERE / "cases").glob("*.json"):
    old.unlink()
for name, (desc, token, expect) in cases.items():
    (HERE / "cases" / f"{name}.json").write_text(json.dumps(
        {"description": desc, "token": token, "expect": expect, "user_id": UID if expect == "ok" else None},
        indent=2) + "\n")
(HERE / "jwks.json").write_text(json.dumps(jwks, indent=2) + "\n")
(HERE / "config.json").write_text(json.dumps({"issuer": ISS, "secret": SECRET, "now": NOW, "leeway": 30}, indent=2) + "\n")
print(f"{len(cases)} cases")
