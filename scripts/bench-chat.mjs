#!/usr/bin/env node
// Chat latency end to end: a session, then a question, timing the first
// byte and the first `delta` event (what the visitor waits for) and the
// whole answer, sequentially and at several concurrencies. Questions come
// from supabase/demo/questions.jsonl, each conversation from its own client
// address so rate limits do not interfere.
//
//   node scripts/bench-chat.mjs [--edge URL] [--n 200] [--concurrency 1,8,16] [--fake]
//
// --edge: a running edge (make dev, or scripts/edge.sh start); sessions
//   always come from it.
// --fake: chat goes to a chat worker of its own (wrangler dev) whose
//   providers are tests/fake-llm answering at once, so the figures are the
//   function's overhead over a model; the stand-in's own time to first delta,
//   measured directly, is printed beside them.
import { readFileSync } from 'node:fs';
import { devSecrets, startFakeLlm, startSingleWorker } from '../tests/e2e/helpers.mjs';

const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean)
  .map((a) => { const [k, ...v] = a.trim().split(' '); return [k, v.join(' ') || true]; }));
const edge = args.edge ?? 'http://127.0.0.1:8787';
const n = Number(args.n ?? 200);
const levels = String(args.concurrency ?? '1').split(',').map(Number);
const questions = readFileSync(new URL('../supabase/demo/questions.jsonl', import.meta.url), 'utf8')
  .trim().split('\n').map((l) => JSON.parse(l));

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

let chatUrl = edge;
let fake;
let worker;
if (args.fake) {
  process.env.FAKE_LLM_DELTA_MS = '0';
  fake = await startFakeLlm();
  const s = devSecrets();
  worker = await startSingleWorker('chat', {
    devVars: `SESSION_JWT_SECRET=${s.SESSION_JWT_SECRET}\nIP_HASH_KEY=${s.IP_HASH_KEY}\n`
      + `AZURE_OPENAI_API_KEY=k\nAZURE_OPENAI_ENDPOINT=${fake.url}\nANTHROPIC_API_KEY=k\nANTHROPIC_BASE_URL=${fake.url}\n`,
  });
  chatUrl = worker.url;
}

let ipSeq = 0;
async function one(i) {
  const q = questions[i % questions.length];
  ipSeq += 1;
  const ip = `10.${(ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`;
  const headers = { 'content-type': 'application/json', origin: 'http://127.0.0.1:8787', 'cf-connecting-ip': ip };
  const sres = await fetch(`${edge}/v1/session`, { method: 'POST', headers, body: JSON.stringify({ publishable_key: q.project }) });
  if (sres.status !== 201) throw new Error(`session ${sres.status}`);
  const s = await sres.json();
  const t0 = performance.now();
  const res = await fetch(`${chatUrl}/v1/chat`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${s.token}` }, body: JSON.stringify({ message: q.question }) });
  const reader = res.body.getReader();
  const tByte = performance.now() - t0;
  let text = '';
  let tDelta;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
    if (tDelta === undefined && text.includes('event: delta')) tDelta = performance.now() - t0;
  }
  const ok = res.status === 200 && text.includes('event: done') && !text.includes('event: error');
  const provider = /"provider":"([a-z_]+)"/.exec(text)?.[1] ?? '?';
  return { tByte, tDelta: tDelta ?? NaN, total: performance.now() - t0, ok, provider };
}

async function level(c) {
  const results = [];
  let next = 0;
  await Promise.all(Array.from({ length: c }, async () => {
    while (next < n) {
      const i = next++;
      try { results.push(await one(i)); } catch { results.push({ ok: false }); }
    }
  }));
  const good = results.filter((r) => r.ok);
  const f = (xs) => `p50 ${pct(xs, 50).toFixed(0)} ms, p95 ${pct(xs, 95).toFixed(0)} ms`;
  const providers = {};
  for (const r of good) providers[r.provider] = (providers[r.provider] ?? 0) + 1;
  console.log(`concurrency ${c}: ${n} requests, ${results.length - good.length} errors, providers ${JSON.stringify(providers)}`);
  console.log(`  first byte   ${f(good.map((r) => r.tByte))}`);
  console.log(`  first delta  ${f(good.map((r) => r.tDelta))}`);
  console.log(`  whole answer ${f(good.map((r) => r.total))}`);
}

try {
  if (fake) {
    // The stand-in's own time to its first delta, for the overhead figure.
    const own = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      const res = await fetch(`${fake.url}/openai/deployments/d/chat/completions?api-version=2024-10-21`, {
        method: 'POST', headers: { 'api-key': 'k', 'content-type': 'application/json' },
        body: JSON.stringify({ stream: true, messages: [{ role: 'system', content: 'x' }, { role: 'user', content: 'y' }] }),
      });
      const reader = res.body.getReader();
      let text = '';
      let t;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
        if (t === undefined && text.includes('"content":"') && !text.endsWith('"content":""')) t = performance.now() - t0;
      }
      own.push(t ?? performance.now() - t0);
    }
    console.log(`stand-in alone: first delta p50 ${pct(own, 50).toFixed(1)} ms, p95 ${pct(own, 95).toFixed(1)} ms`);
  }
  for (const c of levels) await level(c);
} finally {
  await worker?.stop();
  fake?.stop();
}
