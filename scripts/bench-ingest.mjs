#!/usr/bin/env node
// Ingestion throughput through the real knowledge function: documents of
// several sizes uploaded to `POST /v1/knowledge/documents` of a knowledge
// worker under `wrangler dev`, stored in the local Postgres (chunks, vectors,
// HNSW and full-text indexes, audit entry), once with the built-in local
// embedder and once with the Azure OpenAI embedder played by the provider
// stand-in (tests/fake-llm, answering at once: what is measured is the
// function's own cost around a cloud embedder, not a real service's
// latency). Prints one row per upload: size, chunks, wall time of the
// request, chunks per second.
//
//   scripts/build-worker.sh knowledge
//   scripts/db.sh start
//   node scripts/bench-ingest.mjs [--sizes 10,100,1000,1900] [--runs 3] [--redact]
//
// The documents are the demo help-center articles (supabase/demo/) joined
// and cut to size, each made unique so no upload is a no-op. A throw-away
// organization with one project per embedder is created and removed.
import crypto from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, devSecrets, sql, startFakeLlm, startSingleWorker, supabaseToken } from '../tests/e2e/helpers.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const SIZES_KB = opt('sizes', '10,100,1000,1900').split(',').map(Number);
const RUNS = Number(opt('runs', '3'));
const REDACT = args.includes('--redact');

const SECRETS = devSecrets();
const RUN = crypto.randomBytes(4).toString('hex');
const q = (s) => `'${String(s).replaceAll("'", "''")}'`;


// The demo articles without their title and source lines, joined.
const corpus = ['acme', 'globex'].flatMap((tenant) => {
  const dir = path.join(ROOT, 'supabase', 'demo', tenant);
  return readdirSync(dir).filter((f) => f.endsWith('.md')).sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8').replace(/^# .*\n(Source: .*\n)?/, '').replaceAll(/^# /gm, '## '));
}).join('\n\n');

function documentOf(kb, n) {
  let text = `# Handbuch ${RUN}-${n}\n\n`;
  while (Buffer.byteLength(text) < kb * 1024) text += `${corpus}\n\nAusgabe ${RUN}-${n}-${text.length}\n\n`;
  // Cut at a paragraph boundary below the size.
  const cut = Buffer.from(text).subarray(0, kb * 1024).toString('utf8');
  return cut.slice(0, cut.lastIndexOf('\n\n'));
}

const org = { id: crypto.randomUUID(), owner: crypto.randomUUID() };
const projects = {
  local: { id: crypto.randomUUID(), embedder: 'local-hash-1536-v1' },
  azure: { id: crypto.randomUUID(), embedder: 'azure:text-embedding-3-small' },
};
sql(`insert into auth.users (id, email) values (${q(org.owner)}, ${q(`bench-${RUN}@example.test`)});
     insert into public.organizations (id, name) values (${q(org.id)}, ${q(`Bench ingest ${RUN}`)});
     insert into public.org_members (org_id, user_id, role) values (${q(org.id)}, ${q(org.owner)}, 'owner');
     insert into public.projects (id, org_id, name, publishable_key, default_language, embedder_id, redact_knowledge) values
       ${Object.entries(projects).map(([k, p]) => `(${q(p.id)}, ${q(org.id)}, ${q(`Bench ${k}`)}, ${q(`pk_bench_${k}_${RUN}`)}, 'de', ${q(p.embedder)}, ${REDACT})`).join(',')};`);

const fake = await startFakeLlm();
let worker;
try {
  worker = await startSingleWorker('knowledge', {
    devVars: [`SUPABASE_JWT_SECRET=${SECRETS.SUPABASE_JWT_SECRET}`, `AZURE_OPENAI_ENDPOINT=${fake.url}`,
      'AZURE_OPENAI_API_KEY=bench-key', 'AZURE_OPENAI_EMBEDDING_DEPLOYMENT=emb-small'].join('\n') + '\n',
  });
  // Warm the isolate (module compile, first connection) outside the figures.
  for (const p of Object.values(projects)) await upload(p, `# Warm ${RUN}\n\nWarm-up.\n`);

  console.log(`redaction ${REDACT ? 'on' : 'off'}, ${RUNS} runs per size; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  console.log('| embedder | document | chunks | request ms (median) | chunks/s | ms per 100 KB |');
  console.log('|---|---:|---:|---:|---:|---:|');
  let n = 0;
  for (const kb of SIZES_KB) {
    for (const [name, p] of Object.entries(projects)) {
      const times = [];
      let chunks = 0;
      for (let r = 0; r < RUNS; r++) {
        const started = performance.now();
        const body = await upload(p, documentOf(kb, n++));
        times.push(performance.now() - started);
        chunks = body.chunks;
      }
      times.sort((a, b) => a - b);
      const ms = times[Math.floor(times.length / 2)];
      console.log(`| ${name} | ${kb} KB | ${chunks} | ${ms.toFixed(0)} | ${(chunks / (ms / 1000)).toFixed(0)} | ${(ms / (kb / 100)).toFixed(0)} |`);
    }
  }
} finally {
  await worker?.stop();
  fake.stop();
  sql(`delete from public.organizations where id = ${q(org.id)}; delete from auth.users where id = ${q(org.owner)};`);
}

async function upload(project, text) {
  const res = await fetch(`${worker.url}/v1/knowledge/documents?project_id=${project.id}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${supabaseToken(org.owner)}`, 'content-type': 'text/markdown' },
    body: text,
  });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(body)}`);
  return body;
}
