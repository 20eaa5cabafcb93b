// The foundation, end to end: the gateway reaches every function by service
// binding, every function reaches Postgres through its own Hyperdrive binding
// as its own role, and failures are answered with stable codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { EDGE_URL, startSingleWorker } from './helpers.mjs';

const FUNCTIONS = ['session', 'chat', 'delete-history', 'export', 'knowledge'];
const PREFIX = {
  session: '/v1/session', chat: '/v1/chat', 'delete-history': '/v1/history',
  export: '/v1/export', knowledge: '/v1/knowledge',
};

test('/status reports all five functions and their database ok', async () => {
  const res = await fetch(`${EDGE_URL}/status`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const body = await res.json();
  assert.equal(body.ok, true);
  assert.match(body.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(Object.keys(body.functions).sort(), [...FUNCTIONS].sort());
  for (const name of FUNCTIONS) {
    const f = body.functions[name];
    assert.equal(f.ok, true, `${name} not ok: ${JSON.stringify(f)}`);
    assert.equal(f.reachable, true, name);
    assert.equal(f.function, name);
    assert.equal(f.version, body.version, `${name} runs another version`);
    assert.equal(f.database.ok, true, `${name} database: ${JSON.stringify(f.database)}`);
    assert.equal(typeof f.database.latency_ms, 'number');
  }
});

for (const name of FUNCTIONS) {
  test(`${name} health is routed by the gateway`, async () => {
    const res = await fetch(`${EDGE_URL}${PREFIX[name]}/health`);
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.function, name);
    assert.equal(body.ok, true);
  });
}

test('unknown paths under /v1 are 404 with a stable code', async () => {
  for (const path of ['/v1/nope', '/v1/exports', '/v1/chat/nope', '/v1/session/health/x']) {
    const res = await fetch(`${EDGE_URL}${path}`);
    assert.equal(res.status, 404, path);
    const body = await res.json();
    assert.equal(body.error.code, 'not_found', path);
    assert.equal(typeof body.error.message, 'string');
  }
});

test('wrong methods are 405 with a stable code', async () => {
  for (const [method, path] of [['POST', '/status'], ['DELETE', '/v1/chat/health']]) {
    const res = await fetch(`${EDGE_URL}${path}`, { method });
    assert.equal(res.status, 405, `${method} ${path}`);
    assert.equal((await res.json()).error.code, 'method_not_allowed');
  }
});

test('the root redirects to the demo page, which is served as a static asset', async () => {
  const res = await fetch(`${EDGE_URL}/`, { redirect: 'manual' });
  assert.equal(res.status, 302);
  assert.equal(new URL(res.headers.get('location'), EDGE_URL).pathname, '/demo/');
  const demo = await fetch(`${EDGE_URL}/demo/`);
  assert.equal(demo.status, 200);
  assert.match(demo.headers.get('content-type'), /text\/html/);
  assert.match(await demo.text(), /Mignuti/);
});

test('a function without its secrets answers 500 config_missing and logs the variable', async () => {
  const worker = await startSingleWorker('knowledge');
  try {
    const res = await fetch(`${worker.url}/v1/knowledge/health`);
    assert.equal(res.status, 500);
    const body = await res.json();
    assert.equal(body.error.code, 'config_missing');
    assert.doesNotMatch(JSON.stringify(body), /SUPABASE_JWT_SECRET/, 'the variable name must not reach clients');
    await new Promise((r) => setTimeout(r, 300));
    assert.match(worker.log(), /SUPABASE_JWT_SECRET is not set/);
  } finally {
    await worker.stop();
  }
});

test('a function whose database fails the handshake answers 503 database_unavailable', async () => {
  // A server that answers the Postgres handshake with garbage and hangs up
  // stands for a database that is down behind Hyperdrive. (A closed port, or
  // a reset connection, would instead crash wrangler's local Hyperdrive proxy
  // itself, which production does not have.)
  const dead = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => socket.end('not a database\n'));
  });
  await new Promise((resolve) => dead.listen(0, '127.0.0.1', resolve));
  const worker = await startSingleWorker('knowledge', {
    devVars: 'SUPABASE_JWT_SECRET=test-only-secret\n',
    edit: (t) => t.replace(/127\.0\.0\.1:54322/, `127.0.0.1:${dead.address().port}`),
  });
  try {
    const res = await fetch(`${worker.url}/v1/knowledge/health`);
    assert.equal(res.status, 503);
    const body = await res.json();
    assert.equal(body.ok, false);
    assert.equal(body.database.ok, false);
    assert.equal(body.database.error, 'database_unavailable');
    // The function itself is unharmed.
    const again = await fetch(`${worker.url}/v1/knowledge/nope`);
    assert.equal(again.status, 404);
  } finally {
    await worker.stop();
    dead.close();
  }
});
