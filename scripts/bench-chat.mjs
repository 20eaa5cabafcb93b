#!/usr/bin/env node
// Chat latency through the local edge, end to end: session, then a question,
// timing the first `delta` event (what the visitor waits for) and the whole
// answer. Questions come from supabase/demo/questions.jsonl, each from its
// own client address so rate limits do not interfere.
//
//   node scripts/bench-chat.mjs [edge url] [questions]
// Needs the edge running (make dev, or scripts/edge.sh start).
import { readFileSync } from 'node:fs';

const edge = process.argv[2] ?? 'http://127.0.0.1:8787';
const count = Number(process.argv[3] ?? 40);
const questions = readFileSync(new URL('../supabase/demo/questions.jsonl', import.meta.url), 'utf8')
  .trim().split('\n').map((l) => JSON.parse(l)).slice(0, count);

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

const first = [];
const total = [];
const providers = {};
for (const [i, q] of questions.entries()) {
  const ip = `203.0.113.${(i % 250) + 1}`;
  const headers = { 'content-type': 'application/json', origin: 'http://127.0.0.1:8787', 'cf-connecting-ip': ip };
  const s = await (await fetch(`${edge}/v1/session`, { method: 'POST', headers, body: JSON.stringify({ publishable_key: q.project }) })).json();
  const t0 = performance.now();
  const res = await fetch(`${edge}/v1/chat`, {
    method: 'POST', headers: { ...headers, authorization: `Bearer ${s.token}` }, body: JSON.stringify({ message: q.question }),
  });
  if (res.status !== 200) throw new Error(`chat answered ${res.status}: ${await res.text()}`);
  const reader = res.body.getReader();
  let text = '';
  let tFirst;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
    if (tFirst === undefined && text.includes('event: delta')) tFirst = performance.now() - t0;
  }
  total.push(performance.now() - t0);
  first.push(tFirst ?? NaN);
  const provider = /"provider":"([a-z_]+)"/.exec(text)?.[1] ?? '?';
  providers[provider] = (providers[provider] ?? 0) + 1;
}
const fmt = (x) => `${x.toFixed(0)} ms`;
console.log(`chat through ${edge}: ${questions.length} questions, providers ${JSON.stringify(providers)}`);
console.log(`first delta  p50 ${fmt(pct(first, 50))}  p95 ${fmt(pct(first, 95))}  max ${fmt(Math.max(...first))}`);
console.log(`whole answer p50 ${fmt(pct(total, 50))}  p95 ${fmt(pct(total, 95))}  max ${fmt(Math.max(...total))}`);
