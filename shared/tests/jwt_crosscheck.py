#!/usr/bin/env python3
"""PyJWT side of the session-JWT cross-check (driven by `jwt_crosscheck.rs`).

Reads one JSON request on stdin, writes one JSON response on stdout:

- {"op": "mint", "key": b64url, "claims": [..]}
    -> {"tokens": [..]}  HS256 tokens minted by PyJWT
- {"op": "verify", "key": b64url, "tokens": [..], "audience": s, "issuer": s}
    -> {"results": [{"ok": true, "claims": {..}} | {"ok": false, "error": "<PyJWT exception>"}]}
- {"op": "tamper", "key": b64url, "claims": {..}}
    -> {"cases": [{"name": s, "token": s}]}  tokens PyJWT builds that we must refuse

Needs PyJWT: python3 -m venv .local/venv-jwt && .local/venv-jwt/bin/pip install pyjwt
"""

import base64
import json
import sys
import time

import jwt


def b64d(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def b64e(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def mint(req):
    key = b64d(req["key"])
    return {"tokens": [jwt.encode(c, key, algorithm="HS256") for c in req["claims"]]}


def verify(req):
    key = b64d(req["key"])
    out = []
    for t in req["tokens"]:
        try:
            claims = jwt.decode(
                t,
                key,
                algorithms=["HS256"],
                audience=req["audience"],
                issuer=req["issuer"],
                options={"require": ["exp", "iat", "aud", "iss", "sub", "jti"]},
            )
            out.append({"ok": True, "claims": claims})
        except jwt.PyJWTError as e:
            out.append({"ok": False, "error": type(e).__name__})
    return {"results": out}


def tamper(req):
    key = b64d(req["key"])
    claims = req["claims"]
    good = jwt.encode(claims, key, algorithm="HS256")
    h, p, s = good.split(".")
    cases = []

    def add(name, token):
        cases.append({"name": name, "token": token})

    other_key = bytes(reversed(key))
    add("wrong_key", jwt.encode(claims, other_key, algorithm="HS256"))
    add("hs384", jwt.encode(claims, key, algorithm="HS384"))
    add("hs512", jwt.encode(claims, key, algorithm="HS512"))
    add("alg_none", jwt.encode(claims, None, algorithm="none"))
    add("expired", jwt.encode({**claims, "exp": int(time.time()) - 3600}, key, algorithm="HS256"))
    add("not_yet_valid", jwt.encode({**claims, "nbf": int(time.time()) + 3600}, key, algorithm="HS256"))
    add("wrong_aud", jwt.encode({**claims, "aud": "someone-else"}, key, algorithm="HS256"))
    add("wrong_iss", jwt.encode({**claims, "iss": "someone-else"}, key, algorithm="HS256"))
    add("other_ip", jwt.encode({**claims, "ip_hash": "not-this-client"}, key, algorithm="HS256"))
    add("crit_header", jwt.encode(claims, key, algorithm="HS256", headers={"crit": ["exp"]}))
    add("typ_other", jwt.encode(claims, key, algorithm="HS256", headers={"typ": "at+jwt"}))
    # Payload changed after signing (privilege escalation attempt).
    body = json.loads(b64d(p))
    body["role"] = "admin"
    add("payload_swapped", f"{h}.{b64e(json.dumps(body).encode())}.{s}")
    # Header swapped to alg none, signature kept.
    add("header_none_sig_kept", f"{b64e(json.dumps({'alg': 'none', 'typ': 'JWT'}).encode())}.{p}.{s}")
    # Signature bit flip.
    sig = bytearray(b64d(s))
    sig[0] ^= 1
    add("sig_bit_flip", f"{h}.{p}.{b64e(bytes(sig))}")
    add("sig_stripped", f"{h}.{p}.")
    add("padded", good + "=")
    return {"cases": cases}


def main():
    req = json.load(sys.stdin)
    resp = {"mint": mint, "verify": verify, "tamper": tamper}[req["op"]](req)
    json.dump(resp, sys.stdout)


if __name__ == "__main__":
    main()
