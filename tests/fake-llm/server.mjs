#!/usr/bin/env node
// A local stand-in for the paid LLM APIs the chat function calls, speaking
// their wire protocols: Anthropic Messages streaming (POST /v1/messages),
// Azure OpenAI chat completions (POST /openai/deployments/:d/chat/completions)
// and OpenAI-compatible chat completions (POST /v1/chat/completions), and the
// embeddings endpoints of both (POST /openai/deployments/:d/embeddings,
// POST /v1/embeddings; vectors from ./embedding.mjs).
//
// Answers are grounded in the prompt: the first sentence of the first
// <source> envelope, so tests can check that retrieval reached the model.
// Failure modes per provider are switched at run time:
//   POST /__mode  {"anthropic": "overloaded", "azure": "ok", ...}
//     ok | overloaded | rate_limited | server_error | auth | bad_request |
//     stream_error_early (error event after the first delta) |
//     stream_error (error event two thirds into the answer) | broken
//     (connection dropped two thirds into the answer) | hang (never answers) |
//     leak_canary (echoes the system prompt's marker, split across deltas) |
//     leak_prompt (repeats the system prompt verbatim) | content_filter
//     slow (first byte only after FAKE_LLM_SLOW_MS, default 3000) |
//   Embeddings: {"azure_embeddings": mode, "compatible_embeddings": mode}
//     ok | rate_limited | server_error | auth | bad_request | count_mismatch
//     (one vector too few) | bad_vector (wrong length) | malformed (not an
//     embeddings list) | hang | slow (answers after FAKE_LLM_SLOW_MS);
//     "mode*N" fails N times, then answers ok
//   GET  /__requests  every request received (to check no PII left)
//   POST /__reset     modes back to ok, request log cleared
// Usage: node tests/fake-llm/server.mjs [port]   (prints "listening <port>")
import http from 'node:http';
import { fakeEmbedding } from './embedding.mjs';

const DEFAULT_MODES = { anthropic: 'ok', azure: 'ok', compatible: 'ok', azure_embeddings: 'ok', compatible_embeddings: 'ok' };
const modes = { ...DEFAULT_MODES };
let requests = [];

function grounded(system) {
  const m = /<source [^>]*>\n([\s\S]*?)\n<\/source-/.exec(system ?? '');
  if (!m) return 'I do not know.';
  const first = m[1].replace(/^#+ .*$/gm, '').trim().split(/(?<=[.!?])\s/)[0];
  return `Based on our help center: ${first}`;
}

function canaryOf(system) {
  return /Confidential marker: ([0-9a-f]{32})/.exec(system ?? '')?.[1] ?? 'nomarker';
}

function pieces(text) {
  // Small deltas, as real streams send them.
  return text.match(/.{1,7}/gs) ?? [];
}

function answerFor(mode, system) {
  if (mode === 'leak_canary') {
    const c = canaryOf(system);
    return `Sure! The marker is ${c.slice(0, 10)}-${c.slice(10)}.`;
  }
  if (mode === 'leak_prompt') return `My instructions say: ${system.slice(0, 400)}`;
  return grounded(system);
}

// Where a failing stream breaks off: after `sent` of `total` deltas.
function breaksAfter(mode, sent, total) {
  if (mode === 'stream_error_early' && sent === 1) return 'error';
  const late = sent === Math.ceil((total * 2) / 3);
  if (mode === 'stream_error' && late) return 'error';
  if (mode === 'broken' && late) return 'drop';
  return null;
}

function sse(res, event, data) {
  if (event) res.write(`event: ${event}\n`);
  res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}

const delay = (ms) => new Promise((r) => setTimeout(r, ms));
// Pause between deltas; 0 answers at once (benchmarks measure our overhead).
const DELTA_MS = Number(process.env.FAKE_LLM_DELTA_MS ?? 5);
const SLOW_MS = Number(process.env.FAKE_LLM_SLOW_MS ?? 3000);

function failBeforeStream(res, mode, provider) {
  const anthropic = provider === 'anthropic';
  const err = (status, type, message, headers = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(anthropic
      ? { type: 'error', error: { type, message } }
      : { error: { code: type, message, type } }));
    return true;
  };
  switch (mode) {
    case 'overloaded': return anthropic ? err(529, 'overloaded_error', 'Overloaded') : err(503, 'ServiceUnavailable', 'The service is temporarily unable to process your request.');
    case 'rate_limited': return err(429, anthropic ? 'rate_limit_error' : 'rate_limit_exceeded', 'Too many requests', { 'retry-after': '3' });
    case 'server_error': return err(500, anthropic ? 'api_error' : 'InternalServerError', 'Internal server error');
    case 'auth': return err(401, anthropic ? 'authentication_error' : 'invalid_api_key', 'invalid x-api-key');
    case 'bad_request': return err(400, 'invalid_request_error', 'messages: field required');
    case 'content_filter': return anthropic ? false : err(400, 'content_filter', 'The response was filtered due to the prompt triggering content management policy.');
    case 'hang': return true; // never answer; the caller's deadline must fire
    default: return false;
  }
}

async function anthropicStream(req, res, body) {
  const mode = modes.anthropic;
  if (mode === 'slow') await delay(SLOW_MS);
  if (failBeforeStream(res, mode, 'anthropic')) return;
  const text = answerFor(mode, body.system);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': 'req_fake' });
  sse(res, 'message_start', { type: 'message_start', message: { id: 'msg_fake', type: 'message', role: 'assistant', model: 'claude-haiku-4-5-20251001', content: [], stop_reason: null, usage: { input_tokens: Math.ceil(JSON.stringify(body).length / 4), output_tokens: 1 } } });
  sse(res, 'content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
  sse(res, 'ping', { type: 'ping' });
  const parts = pieces(text);
  let i = 0;
  for (const p of parts) {
    sse(res, 'content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: p } });
    if (DELTA_MS) await delay(DELTA_MS);
    i++;
    if (breaksAfter(mode, i, parts.length) === 'error') {
      sse(res, 'error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
      return res.end();
    }
    if (breaksAfter(mode, i, parts.length) === 'drop') return res.destroy();
  }
  sse(res, 'content_block_stop', { type: 'content_block_stop', index: 0 });
  sse(res, 'message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: Math.ceil(text.length / 4) } });
  sse(res, 'message_stop', { type: 'message_stop' });
  res.end();
}

async function openaiStream(req, res, body, provider) {
  const mode = modes[provider];
  if (mode === 'slow') await delay(SLOW_MS);
  if (failBeforeStream(res, mode, provider)) return;
  const system = body.messages?.find((m) => m.role === 'system')?.content ?? '';
  const model = provider === 'azure' ? 'gpt-4o-mini-2024-07-18' : (body.model ?? 'compatible-model');
  const text = answerFor(mode, system);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (provider === 'azure') sse(res, null, { choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }] });
  sse(res, null, { id: 'chatcmpl-fake', object: 'chat.completion.chunk', model, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
  const parts = pieces(text);
  let i = 0;
  for (const p of parts) {
    sse(res, null, { id: 'chatcmpl-fake', object: 'chat.completion.chunk', model, choices: [{ index: 0, delta: { content: p }, finish_reason: null }] });
    if (DELTA_MS) await delay(DELTA_MS);
    i++;
    if (breaksAfter(mode, i, parts.length) === 'error') {
      sse(res, null, { error: { code: 'server_error', message: 'The server had an error while processing your request.' } });
      return res.end();
    }
    if (breaksAfter(mode, i, parts.length) === 'drop') return res.destroy();
  }
  const finish = mode === 'content_filter' ? 'content_filter' : 'stop';
  sse(res, null, { id: 'chatcmpl-fake', object: 'chat.completion.chunk', model, choices: [{ index: 0, delta: {}, finish_reason: finish }] });
  sse(res, null, { id: 'chatcmpl-fake', object: 'chat.completion.chunk', model, choices: [], usage: { prompt_tokens: Math.ceil(JSON.stringify(body).length / 4), completion_tokens: Math.ceil(text.length / 4), total_tokens: 0 } });
  sse(res, null, '[DONE]');
  res.end();
}

// The mode an embeddings request meets: "mode*N" counts down to ok.
function embeddingsMode(provider) {
  const [mode, times] = modes[provider].split('*');
  if (times === undefined) return mode;
  const left = Number(times) - 1;
  modes[provider] = left > 0 ? `${mode}*${left}` : 'ok';
  return mode;
}

async function embeddings(res, body, provider) {
  const json = (status, payload, headers = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
  };
  const error = (status, code, message, headers) => json(status, { error: { code, message, type: 'invalid_request_error' } }, headers);
  const inputs = typeof body.input === 'string' ? [body.input] : body.input;
  if (!Array.isArray(inputs) || inputs.length === 0 || inputs.length > 2048
      || inputs.some((t) => typeof t !== 'string' || t.trim() === '')) {
    return error(400, 'invalid_request_error', "'$.input' is invalid. Please check the API reference.");
  }
  const dims = body.dimensions ?? 1536;
  switch (embeddingsMode(provider)) {
    case 'rate_limited':
      return error(429, provider === 'azure_embeddings' ? '429' : 'rate_limit_exceeded', 'Requests to the Embeddings_Create Operation have exceeded the rate limit.',
        provider === 'azure_embeddings' ? { 'retry-after': '1', 'retry-after-ms': '300' } : { 'retry-after': '1' });
    case 'server_error': return error(500, 'InternalServerError', 'The server had an error while processing your request.');
    case 'auth': return error(401, 'invalid_api_key', 'Incorrect API key provided.');
    case 'bad_request': return error(400, 'invalid_request_error', 'This model\'s maximum context length is 8192 tokens.');
    case 'malformed': return json(200, '<html><body>upstream gateway</body></html>', { 'content-type': 'text/html' });
    case 'hang': return undefined; // never answers; the caller's deadline must fire
    case 'slow': await delay(SLOW_MS); break;
    default: break;
  }
  const mode = modes[provider];
  const encode = (v) => (body.encoding_format === 'base64'
    ? Buffer.from(new Float32Array(v).buffer).toString('base64')
    : v);
  let data = inputs.map((text, index) => ({ object: 'embedding', index, embedding: encode(fakeEmbedding(text, dims)) }));
  if (mode === 'count_mismatch') data = data.slice(1);
  if (mode === 'bad_vector') data = data.map((d, i) => ({ ...d, embedding: encode(fakeEmbedding(inputs[i], 8)) }));
  // Providers may list the vectors in any order; the index is what counts.
  data.reverse();
  const tokens = inputs.reduce((n, t) => n + Math.ceil(t.length / 4), 0);
  return json(200, { object: 'list', data, model: provider === 'azure_embeddings' ? 'text-embedding-3-small' : body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

const server = http.createServer(async (req, res) => {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/__mode' && req.method === 'POST') {
    Object.assign(modes, JSON.parse(raw || '{}'));
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify(modes));
  }
  if (url.pathname === '/__reset' && req.method === 'POST') {
    Object.assign(modes, DEFAULT_MODES);
    requests = [];
    res.writeHead(204);
    return res.end();
  }
  if (url.pathname === '/__requests') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify(requests));
  }
  let body;
  try { body = JSON.parse(raw); } catch {
    res.writeHead(400, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'body is not JSON' } }));
  }
  if (req.method === 'POST' && url.pathname === '/v1/messages') {
    requests.push({ provider: 'anthropic', headers: req.headers, body });
    // The API takes the key as x-api-key (or a Bearer token) and requires a
    // dated anthropic-version.
    const keyed = req.headers['x-api-key'] || /^Bearer \S+/.test(req.headers.authorization ?? '');
    if (!keyed || !/^\d{4}-\d{2}-\d{2}$/.test(req.headers['anthropic-version'] ?? '')) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'missing x-api-key or anthropic-version' } }));
    }
    return anthropicStream(req, res, body);
  }
  const azure = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(url.pathname);
  if (req.method === 'POST' && azure) {
    requests.push({ provider: 'azure', headers: req.headers, body });
    if (!req.headers['api-key'] || !url.searchParams.get('api-version')) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: { code: '401', message: 'Access denied due to invalid subscription key.' } }));
    }
    return openaiStream(req, res, body, 'azure');
  }
  const azureEmbeddings = /^\/openai\/deployments\/([^/]+)\/embeddings$/.exec(url.pathname);
  if (req.method === 'POST' && azureEmbeddings) {
    requests.push({ provider: 'azure_embeddings', deployment: azureEmbeddings[1], query: url.search, headers: req.headers, body });
    if (!req.headers['api-key'] || !url.searchParams.get('api-version')) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: { code: '401', message: 'Access denied due to invalid subscription key.' } }));
    }
    return embeddings(res, body, 'azure_embeddings');
  }
  if (req.method === 'POST' && url.pathname === '/v1/embeddings') {
    requests.push({ provider: 'compatible_embeddings', headers: req.headers, body });
    if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: { code: 'invalid_api_key', message: 'You didn\'t provide an API key.' } }));
    }
    return embeddings(res, body, 'compatible_embeddings');
  }
  if (req.method === 'POST' && url.pathname === '/v1/chat/completions') {
    requests.push({ provider: 'compatible', headers: req.headers, body });
    return openaiStream(req, res, body, 'compatible');
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code: 'not_found', message: 'unknown route' } }));
});

server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
