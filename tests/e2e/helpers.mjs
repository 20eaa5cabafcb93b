// Helpers for the end-to-end tests: they run against the real gateway and
// functions under `wrangler dev` and the real local Postgres, started by
// scripts/test.sh. EDGE_URL points at that stack.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import crypto from 'node:crypto';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EDGE_URL = process.env.EDGE_URL ?? 'http://127.0.0.1:8787';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs one already-built function on its own `wrangler dev`, from a copy of
 * its wrangler.toml that `edit` may change, in a directory without the
 * function's .dev.vars (so it has no secrets unless `devVars` gives some).
 */
export async function startSingleWorker(fn, { edit = (t) => t, devVars = '' } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), `mignuti-${fn}-`));
  let toml = readFileSync(path.join(ROOT, 'functions', fn, 'wrangler.toml'), 'utf8');
  toml = toml
    .replace(/^main = .*$/m, `main = "${path.join(ROOT, 'functions', fn, 'build', 'index.js')}"`)
    .replace(/^\[build\][\s\S]*?(?=^\[)/m, '');
  writeFileSync(path.join(dir, 'wrangler.toml'), edit(toml));
  if (devVars) writeFileSync(path.join(dir, '.dev.vars'), devVars);
  const port = await freePort();
  const child = spawn(
    path.join(ROOT, 'node_modules', '.bin', 'wrangler'),
    ['dev', '-c', path.join(dir, 'wrangler.toml'), '--local', '--ip', '127.0.0.1', '--port', String(port),
     '--inspector-port', '0', '--persist-to', path.join(dir, 'state'), '--show-interactive-dev-session=false'],
    { cwd: dir, detached: true, env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  );
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev for ${fn} exited:\n${log}`);
    try {
      await fetch(url);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`wrangler dev for ${fn} did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url,
    log: () => log,
    async stop() {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      await new Promise((r) => { if (child.exitCode !== null) r(); else child.once('exit', r); });
    },
  };
}

/** The local secrets `make setup` generated (.local/dev-secrets.env). */
export function devSecrets() {
  const text = readFileSync(path.join(ROOT, '.local', 'dev-secrets.env'), 'utf8');
  return Object.fromEntries(text.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

/**
 * A Supabase Auth access token (HS256, signed with the local
 * SUPABASE_JWT_SECRET) for the user `sub`, valid for an hour.
 */
export function supabaseToken(sub) {
  const b64 = (x) => Buffer.from(x).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const h = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const p = b64(JSON.stringify({ sub, role: 'authenticated', aud: 'authenticated', iss: 'http://127.0.0.1:54321/auth/v1',
    iat: now, exp: now + 3600, email: `${sub}@example.test`, session_id: crypto.randomUUID() }));
  const s = crypto.createHmac('sha256', devSecrets().SUPABASE_JWT_SECRET).update(`${h}.${p}`).digest('base64url');
  return `${h}.${p}.${s}`;
}

/** Runs SQL as the local superuser and returns the rows as arrays of strings. */
export function sql(query) {
  const out = execFileSync(
    path.join(ROOT, '.local', 'pg', 'pgserver', 'pginstall', 'bin', 'psql'),
    ['-X', '-q', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', process.env.MIGNUTI_PG_PORT ?? '54322', '-U', 'postgres', '-d', 'postgres', '-c', query],
    { env: { ...process.env, PGPASSWORD: 'postgres' }, encoding: 'utf8' },
  );
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

/** A documentation-range IPv4 address unique to this call, so tests do not share rate-limit buckets. */
let ipCounter = Math.floor(Math.random() * 200);
export function testIp() {
  ipCounter = (ipCounter + 1) % 250;
  return `198.51.100.${ipCounter + 1}`;
}

/** Parses a text/event-stream body into [{event, data}] (data JSON-decoded). */
export async function readSse(response) {
  const text = await response.text();
  return text.split('\n\n').filter((b) => b.trim()).map((block) => {
    let event = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    return { event, data: JSON.parse(data.join('\n')) };
  });
}

/** Starts tests/fake-llm/server.mjs on a free port. */
export async function startFakeLlm() {
  const child = spawn(process.execPath, [path.join(ROOT, 'tests', 'fake-llm', 'server.mjs'), '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      const m = /listening (\d+)/.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', () => reject(new Error('fake LLM server exited')));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async mode(modes) { await fetch(`${url}/__mode`, { method: 'POST', body: JSON.stringify(modes) }); },
    async reset() { await fetch(`${url}/__reset`, { method: 'POST' }); },
    async requests() { return (await fetch(`${url}/__requests`)).json(); },
    stop() { child.kill(); },
  };
}

/**
 * Waits, if needed, until at least `needSecs` remain in the current
 * fixed rate-limit window (windows start at multiples of `periodSecs` since
 * the epoch), so a burst of test requests is counted in one window.
 */
export async function awayFromWindowEdge(needSecs = 15, periodSecs = 60) {
  const intoWindow = (Date.now() / 1000) % periodSecs;
  if (periodSecs - intoWindow < needSecs) {
    await new Promise((r) => setTimeout(r, (periodSecs - intoWindow + 0.5) * 1000));
  }
}
