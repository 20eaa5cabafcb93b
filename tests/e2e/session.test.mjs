// POST /v1/session end to end: the real session function under wrangler dev
// behind the gateway, against the real local Postgres.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { EDGE_URL, awayFromWindowEdge, sql, testIp } from './helpers.mjs';

const ORIGIN = 'http://127.0.0.1:8787';

function session(body, { origin = ORIGIN, ip = testIp(), headers = {} } = {}) {
  return fetch(`${EDGE_URL}/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip, ...(origin ? { origin } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function claimsOf(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url'));
}

test('a session opens a conversation with a token, a delete token and the AI disclosure', async () => {
  const ip = testIp();
  const res = await session({ publishable_key: 'pk_demo_globex' }, { ip });
  assert.equal(res.status, 201);
  assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
  const body = await res.json();
  assert.match(body.conversation_id, /^[0-9a-f-]{36}$/);
  assert.equal(body.delete_token.length, 43);
  assert.equal(body.language, 'en');
  assert.match(body.disclosure, /AI assistant/);
  const claims = claimsOf(body.token);
  assert.equal(claims.sub, body.conversation_id);
  assert.equal(claims.role, 'widget_visitor');
  assert.equal(claims.aud, 'mignuti-widget');
  const ttl = claims.exp - claims.iat;
  assert.ok(ttl > 0 && ttl <= 3600, `ttl ${ttl}`);
  assert.equal(new Date(body.expires_at).getTime() / 1000, claims.exp);
  // Only hashes are stored: the delete token's SHA-256 and a keyed IP hash.
  const raw = Buffer.from(body.delete_token, 'base64url');
  const [[hash, ipHash, language]] = sql(
    `select delete_token_hash, ip_hash, language from public.conversations where id = '${body.conversation_id}'`);
  assert.equal(hash, createHash('sha256').update(raw).digest('hex'));
  assert.equal(ipHash, claims.ip_hash);
  assert.ok(!ipHash.includes(ip) && !JSON.stringify(claims).includes(ip));
  assert.equal(language, 'en');
});

test('the disclosure follows the visitor language', async () => {
  const de = await (await session({ publishable_key: 'pk_demo_globex', language: 'de' })).json();
  assert.equal(de.language, 'de');
  assert.match(de.disclosure, /KI-Assistenten/);
  const accept = await (await session({ publishable_key: 'pk_demo_globex' }, { headers: { 'accept-language': 'de-AT,de;q=0.9' } })).json();
  assert.equal(accept.language, 'de');
  const project = await (await session({ publishable_key: 'pk_demo_acme' })).json();
  assert.equal(project.language, 'de', 'falls back to the project language');
});

test('unknown and malformed publishable keys are 404 unknown_project', async () => {
  for (const key of ['pk_does_not_exist', 'sk_live_x', '', 'pk_' + 'a'.repeat(200), "pk_'; drop table x; --"]) {
    const res = await session({ publishable_key: key });
    assert.equal(res.status, 404, key);
    assert.equal((await res.json()).error.code, 'unknown_project');
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  }
});

test('an origin the project does not allow is 403 origin_not_allowed and gets no CORS header', async () => {
  for (const origin of ['https://evil.example', 'http://127.0.0.1:8788', 'https://127.0.0.1:8787', null]) {
    const res = await session({ publishable_key: 'pk_demo_acme' }, { origin });
    assert.equal(res.status, 403, String(origin));
    assert.equal((await res.json()).error.code, 'origin_not_allowed');
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  }
});

test('malformed bodies get 400, 413 and 415 with stable codes', async () => {
  let res = await session('{"publishable_key":');
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error.code, 'invalid_json');
  res = await session({ wrong: 'shape' });
  assert.equal(res.status, 400);
  res = await session({ publishable_key: 'pk_demo_acme', pad: 'x'.repeat(10_000) });
  assert.equal(res.status, 413);
  assert.equal((await res.json()).error.code, 'payload_too_large');
  res = await fetch(`${EDGE_URL}/v1/session`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: 'publishable_key=pk_demo_acme' });
  assert.equal(res.status, 415);
  assert.equal((await res.json()).error.code, 'unsupported_media_type');
});

test('preflight is answered for known origins only', async () => {
  const ok = await fetch(`${EDGE_URL}/v1/session`, { method: 'OPTIONS', headers: { origin: 'http://localhost:8787', 'access-control-request-method': 'POST' } });
  assert.equal(ok.status, 204);
  assert.equal(ok.headers.get('access-control-allow-origin'), 'http://localhost:8787');
  assert.match(ok.headers.get('access-control-allow-headers'), /authorization/);
  const no = await fetch(`${EDGE_URL}/v1/session`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
  assert.equal(no.status, 204);
  assert.equal(no.headers.get('access-control-allow-origin'), null);
});

test('the delete token renews the session of the same conversation, from a new address', async () => {
  const first = await (await session({ publishable_key: 'pk_demo_acme' })).json();
  const newIp = testIp();
  const res = await session({ publishable_key: 'pk_demo_acme', delete_token: first.delete_token }, { ip: newIp });
  assert.equal(res.status, 200);
  const renewed = await res.json();
  assert.equal(renewed.conversation_id, first.conversation_id);
  assert.equal(renewed.delete_token, undefined, 'the delete token is never sent again');
  assert.notEqual(claimsOf(renewed.token).ip_hash, claimsOf(first.token).ip_hash);
  // Wrong, malformed, and other projects' tokens cannot resume it.
  for (const [key, token] of [['pk_demo_acme', 'A'.repeat(43)], ['pk_demo_acme', 'short'], ['pk_demo_globex', first.delete_token]]) {
    const bad = await session({ publishable_key: key, delete_token: token });
    assert.equal(bad.status, 401, `${key} ${token}`);
    assert.equal((await bad.json()).error.code, 'invalid_delete_token');
  }
});

test('sessions are rate limited per client address with Retry-After', async () => {
  await awayFromWindowEdge();
  const ip = testIp();
  let limited;
  for (let i = 0; i < 25 && !limited; i++) {
    const res = await session({ publishable_key: 'pk_demo_globex', language: 'de' }, { ip });
    if (res.status === 429) limited = res;
    else assert.equal(res.status, 201);
  }
  assert.ok(limited, 'the 21st session within a minute is refused');
  assert.equal(limited.headers.get('retry-after'), '60');
  const body = await limited.json();
  assert.equal(body.error.code, 'rate_limited');
  assert.match(body.error.message, /Anfragen/, 'in the visitor language');
  // Another address is not affected.
  assert.equal((await session({ publishable_key: 'pk_demo_globex' })).status, 201);
});
