// A stand-in for the edge while developing the widget without the Rust
// workers: serves public/ and answers /v1/session, /v1/chat (SSE),
// GET|DELETE /v1/history as issues 6 and 8 specify, from memory.
// The widget tests do not use it: they run against the real local stack.
//
//   node tests/widget/dev-server.mjs [port]       (default 8799)
//   EDGE_URL=http://127.0.0.1:8799 MIGNUTI_TEST_NO_DB=1 node --test tests/widget/
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PORT = Number(process.argv[2] ?? 8799);
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };
const convs = new Map(); // conversation id -> { deleteToken, messages, lang }
const tokens = new Map(); // session token -> conversation id

const json = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
};
const fail = (res, status, code, message, headers) => json(res, status, { error: { code, message } }, headers);
const body = async (req) => {
  let s = '';
  for await (const c of req) s += c;
  try { return JSON.parse(s || '{}'); } catch { return {}; }
};
const bearer = (req) => /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
const byDeleteToken = (t) => [...convs].find(([, c]) => c.deleteToken === t);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function api(req, res, url) {
  if (url.pathname === '/v1/session' && req.method === 'POST') {
    const b = await body(req);
    if (!/^pk_demo_(acme|globex)$/.test(b.publishable_key ?? '')) return fail(res, 404, 'unknown_project', 'Unknown project.');
    const lang = b.language === 'de' ? 'de' : 'en';
    let id;
    let deleteToken;
    if (b.delete_token) {
      const found = byDeleteToken(b.delete_token);
      if (!found) return fail(res, 401, 'invalid_delete_token', 'Invalid delete token.');
      [id] = found;
    } else {
      id = crypto.randomUUID();
      deleteToken = randomBytes(32).toString('base64url');
      convs.set(id, { deleteToken, messages: [], lang });
    }
    const token = `dev.${randomBytes(16).toString('hex')}.sig`;
    tokens.set(token, id);
    return json(res, b.delete_token ? 201 : 200, {
      token, ...(deleteToken && { delete_token: deleteToken }), conversation_id: id,
      expires_at: new Date(Date.now() + 15 * 60_000).toISOString(), language: lang,
      disclosure: lang === 'de' ? 'Sie chatten mit einem KI-System, nicht mit einem Menschen.' : 'You are chatting with an AI system, not a human.',
    });
  }
  if (url.pathname === '/v1/chat' && req.method === 'POST') {
    const id = tokens.get(bearer(req));
    if (!id || !convs.has(id)) return fail(res, 401, 'invalid_token', 'Invalid session token.');
    const { message } = await body(req);
    if (/ignore (all )?(previous|prior) instructions/i.test(message ?? '')) {
      return fail(res, 422, 'blocked_input', 'Diese Anfrage kann ich nicht bearbeiten.');
    }
    const conv = convs.get(id);
    conv.messages.push({ role: 'user', content: message, created_at: new Date().toISOString() });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    const send = (event, data) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send('meta', { conversation_id: id, provider: 'extractive', model: 'extractive-v1' });
    const answer = 'Standardversand innerhalb Deutschlands dauert **1 bis 3 Werktage**.\n\n- Österreich: 3 bis 5 Werktage\n- übrige EU: 4 bis 7 Werktage';
    for (const word of answer.split(/(?<= )/)) {
      send('delta', { text: word });
      await sleep(15);
    }
    send('citations', { sources: [{ title: 'Lieferzeiten', url: 'https://help.acme.example/versand/lieferzeiten' }] });
    send('done', {});
    conv.messages.push({ role: 'assistant', content: answer, created_at: new Date().toISOString() });
    return res.end();
  }
  if (url.pathname === '/v1/history' && (req.method === 'GET' || req.method === 'DELETE')) {
    const found = byDeleteToken(bearer(req));
    if (!found) return fail(res, 401, 'invalid_delete_token', 'Invalid delete token.');
    const [id, conv] = found;
    if (req.method === 'GET') return json(res, 200, { conversation_id: id, messages: conv.messages });
    convs.delete(id);
    return json(res, 200, {
      conversation_id: id, deleted: { conversations: 1, messages: conv.messages.length },
      deleted_at: new Date().toISOString(), signature: randomBytes(32).toString('base64url'),
    });
  }
  return fail(res, 404, 'not_found', 'Not found.');
}

http.createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  try {
    if (url.pathname.startsWith('/v1/')) return await api(req, res, url);
    if (url.pathname === '/status') return json(res, 200, { ok: true, version: '0.0.0-dev', functions: {} });
    let file = url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname;
    file = path.join(ROOT, 'public', path.normalize(file));
    if (!file.startsWith(path.join(ROOT, 'public'))) return fail(res, 404, 'not_found', 'Not found.');
    const data = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(data);
  } catch {
    if (!res.headersSent) fail(res, 404, 'not_found', 'Not found.');
  }
}).listen(PORT, '127.0.0.1', () => console.log(`widget dev server on http://127.0.0.1:${PORT}/demo/`));
