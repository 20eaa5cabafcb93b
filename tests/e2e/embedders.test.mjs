// Cloud embedders end to end (issue 5): a project on Azure OpenAI
// `text-embedding-3-small` or an OpenAI-compatible endpoint gets its
// knowledge embedded by that service, batched and retried, and its visitors'
// questions embedded the same way. The real knowledge and chat functions run
// under their own `wrangler dev`, configured with the provider stand-in
// (tests/fake-llm), against the real local Postgres; sessions come from the
// stack's session function.
//
// Run alone against a private edge:
//   scripts/build-worker.sh knowledge && scripts/build-worker.sh chat
//   MIGNUTI_PREBUILT=1 MIGNUTI_EDGE_PORT=8812 scripts/edge.sh start
//   EDGE_URL=http://127.0.0.1:8812 node --test tests/e2e/embedders.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { EDGE_URL, devSecrets, readSse, sql, startFakeLlm, startSingleWorker, testIp, supabaseToken } from './helpers.mjs';
import { fakeEmbedding } from '../fake-llm/embedding.mjs';

const ORIGIN = 'http://127.0.0.1:8787';
const SECRETS = devSecrets();
const RUN = crypto.randomBytes(4).toString('hex');
const q = (s) => `'${String(s).replaceAll("'", "''")}'`;
const AZURE = 'azure:text-embedding-3-small';


// One organization, one owner, three projects on different embedders.
const org = { id: crypto.randomUUID(), owner: crypto.randomUUID() };
const projects = {
  azure: { id: crypto.randomUUID(), key: `pk_e2e_emb_az_${RUN}`, embedder: AZURE, policy: 'eu_only', language: 'de', redact: true },
  compat: { id: crypto.randomUUID(), key: `pk_e2e_emb_oc_${RUN}`, embedder: 'openai:bge-m3', policy: 'eu_only', language: 'en', redact: true },
  switching: { id: crypto.randomUUID(), key: `pk_e2e_emb_sw_${RUN}`, embedder: 'local-hash-1536-v1', policy: 'eu_only', language: 'en', redact: false },
};

let fake;
let knowledge;
let chatWorker;

before(async () => {
  const values = Object.values(projects).map((p) => `(${q(p.id)}, ${q(org.id)}, ${q(`E2E embedders ${p.key}`)}, ${q(p.key)},
      array[${q(ORIGIN)}], ${q(p.language)}, ${q(p.policy)}, ${q(p.embedder)}, ${p.redact})`);
  sql(`insert into auth.users (id, email) values (${q(org.owner)}, ${q(`emb-owner-${RUN}@example.test`)});
       insert into public.organizations (id, name) values (${q(org.id)}, ${q(`E2E embedders ${RUN}`)});
       insert into public.org_members (org_id, user_id, role) values (${q(org.id)}, ${q(org.owner)}, 'owner');
       insert into public.projects (id, org_id, name, publishable_key, allowed_origins, default_language,
                                    provider_policy, embedder_id, redact_knowledge)
       values ${values.join(',\n')};`);
  fake = await startFakeLlm();
  const embedders = [
    `AZURE_OPENAI_ENDPOINT=${fake.url}`,
    'AZURE_OPENAI_API_KEY=test-azure-key',
    'AZURE_OPENAI_EMBEDDING_DEPLOYMENT=emb-small',
    `OPENAI_COMPAT_EMBEDDING_BASE_URL=${fake.url}/v1`,
    'OPENAI_COMPAT_EMBEDDING_API_KEY=test-compat-key',
    'OPENAI_COMPAT_EMBEDDING_MODEL=bge-m3',
  ];
  [knowledge, chatWorker] = await Promise.all([
    startSingleWorker('knowledge', { devVars: [`SUPABASE_JWT_SECRET=${SECRETS.SUPABASE_JWT_SECRET}`, ...embedders].join('\n') + '\n' }),
    startSingleWorker('chat', {
      devVars: [`SESSION_JWT_SECRET=${SECRETS.SESSION_JWT_SECRET}`, `IP_HASH_KEY=${SECRETS.IP_HASH_KEY}`,
        'AZURE_OPENAI_DEPLOYMENT=gpt-4o-mini', 'LLM_TIMEOUT_MS=1500', ...embedders].join('\n') + '\n',
    }),
  ]);
});

after(async () => {
  await knowledge?.stop();
  await chatWorker?.stop();
  fake?.stop();
  sql(`delete from public.organizations where id = ${q(org.id)};
       delete from auth.users where id = ${q(org.owner)};`);
});

function addDocument(base, project, body, title) {
  const params = new URLSearchParams({ project_id: project.id, title });
  return fetch(`${base}/v1/knowledge/documents?${params}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${supabaseToken(org.owner)}`, 'content-type': 'text/markdown' },
    body,
  });
}

function addQa(base, project, pairs) {
  return fetch(`${base}/v1/knowledge/qa`, {
    method: 'POST',
    headers: { authorization: `Bearer ${supabaseToken(org.owner)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ project_id: project.id, pairs }),
  });
}

async function ask(project, message) {
  const ip = testIp();
  const s = await fetch(`${EDGE_URL}/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, 'cf-connecting-ip': ip },
    body: JSON.stringify({ publishable_key: project.key }),
  });
  assert.equal(s.status, 201);
  const session = await s.json();
  const res = await fetch(`${chatWorker.url}/v1/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}`, origin: ORIGIN, 'cf-connecting-ip': ip },
    body: JSON.stringify({ message }),
  });
  assert.equal(res.status, 200);
  const events = await readSse(res);
  const [[provenance]] = sql(`select provenance::text from public.messages
                              where conversation_id = ${q(session.conversation_id)} and role = 'assistant'`);
  return { events, provenance: JSON.parse(provenance) };
}

/** The stored chunks of a document or Q&A pair, with their vectors. */
function chunksOf(column, id) {
  // One JSON object per row: contents span lines.
  return sql(`select json_build_object('embedder', embedder_id, 'heading', coalesce(heading, ''),
                'content', content, 'embedding', embedding::text)::text
              from public.chunks where ${column} = ${q(id)} order by ordinal`)
    .map(([row]) => JSON.parse(row))
    .map((c) => ({ ...c, embedding: JSON.parse(c.embedding) }));
}

function assertSameVector(stored, expected, what) {
  assert.equal(stored.length, expected.length, what);
  const worst = Math.max(...stored.map((x, i) => Math.abs(x - expected[i])));
  assert.ok(worst < 1e-6, `${what}: stored vector differs by ${worst}`);
}

const documentsNamed = (title) => Number(sql(`select count(*) from public.documents where title = ${q(title)}`)[0][0]);

const HANDBOOK = (run) => `# Pflegehinweise Bambusbrett ${run}

## Ölen

Das Bambusbrett ${run} alle vier Wochen mit lebensmittelechtem Leinöl einreiben. Fragen an pflege.team@acme-beispiel.de.

## Spülmaschine

Das Bambusbrett ${run} nie in die Spülmaschine geben: Hitze lässt das Holz reißen.
`;

test('an Azure project: chunks are embedded by Azure OpenAI from redacted text, and questions are embedded the same way', async () => {
  await fake.reset();
  const res = await addDocument(knowledge.url, projects.azure, HANDBOOK(RUN), `Bambusbrett ${RUN}`);
  assert.equal(res.status, 201);
  const body = await res.json();
  assert.equal(body.embedder_id, AZURE);
  assert.ok(body.chunks >= 2);

  const requests = (await fake.requests()).filter((r) => r.provider === 'azure_embeddings');
  assert.equal(requests.length, 1, 'one batch for a small document');
  const [request] = requests;
  assert.equal(request.deployment, 'emb-small');
  assert.equal(request.headers['api-key'], 'test-azure-key');
  assert.match(request.query, /api-version=\d{4}-\d{2}-\d{2}/);
  assert.equal(request.body.dimensions, 1536);
  assert.equal(request.body.input.length, body.chunks);
  const sent = JSON.stringify(request.body);
  assert.doesNotMatch(sent, /pflege\.team/, 'personal data is redacted before it reaches the embedder');
  assert.match(sent, /\[EMAIL_1\]/);

  // Each row holds the vector the service returned for exactly its text
  // (the stand-in lists vectors in reverse order: matched by index).
  const chunks = chunksOf('document_id', body.document_id);
  assert.equal(chunks.length, body.chunks);
  for (const c of chunks) {
    assert.equal(c.embedder, AZURE);
    const input = c.heading ? `${c.heading}\n\n${c.content}` : c.content;
    assert.ok(request.body.input.includes(input));
    assertSameVector(c.embedding, fakeEmbedding(input), c.heading);
  }

  await fake.reset();
  const { events, provenance } = await ask(projects.azure, `Wie oft muss ich das Bambusbrett ${RUN} ölen? Ruf mich an: 0151 23456789`);
  const embedded = (await fake.requests()).filter((r) => r.provider === 'azure_embeddings');
  assert.equal(embedded.length, 1);
  assert.equal(embedded[0].body.input.length, 1);
  assert.match(embedded[0].body.input[0], /Bambusbrett/);
  assert.doesNotMatch(embedded[0].body.input[0], /23456789/, 'the question is redacted before it is embedded');
  assert.equal(provenance.retrieval, 'hybrid');
  const titles = events.find((e) => e.event === 'citations')?.data.sources.map((s) => s.title) ?? [];
  assert.ok(titles.includes(`Bambusbrett ${RUN}`), `cited: ${titles}`);
});

test('a rate-limited embedder is retried with backoff; one that keeps failing stores nothing', async () => {
  await fake.reset();
  await fake.mode({ azure_embeddings: 'rate_limited*2' });
  const ok = await addDocument(knowledge.url, projects.azure, HANDBOOK(`${RUN}-retry`), `Retry ${RUN}`);
  assert.equal(ok.status, 201);
  assert.equal((await fake.requests()).filter((r) => r.provider === 'azure_embeddings').length, 3);

  for (const [mode, status, code, attempts] of [
    ['server_error', 502, 'embedder_failed', 4],
    ['rate_limited', 503, 'embedder_busy', 4],
    ['count_mismatch', 502, 'embedder_failed', 1],
    ['bad_vector', 502, 'embedder_failed', 1],
    ['malformed', 502, 'embedder_failed', 1],
    ['auth', 502, 'embedder_failed', 1],
  ]) {
    await fake.reset();
    await fake.mode({ azure_embeddings: mode });
    const title = `Failing ${mode} ${RUN}`;
    const res = await addDocument(knowledge.url, projects.azure, HANDBOOK(`${RUN}-${mode}`), title);
    assert.equal(res.status, status, mode);
    const error = (await res.json()).error;
    assert.equal(error.code, code, mode);
    assert.match(error.message, /nothing was stored/);
    assert.equal((await fake.requests()).filter((r) => r.provider === 'azure_embeddings').length, attempts, mode);
    assert.equal(documentsNamed(title), 0, `${mode}: no document row left behind`);
  }

  await fake.reset();
  await fake.mode({ azure_embeddings: 'count_mismatch' });
  const question = `Kann ich das Bambusbrett ${RUN} gravieren lassen?`;
  const qa = await addQa(knowledge.url, projects.azure, [{ question, answer: 'Ja, gegen Aufpreis.' }, { question: `${question} Und färben?`, answer: 'Nein.' }]);
  assert.equal(qa.status, 502);
  assert.equal(Number(sql(`select count(*) from public.qa_pairs where project_id = ${q(projects.azure.id)}`)[0][0]), 0);
});

test('no transaction stays open while a slow embedder works, and settings changed meanwhile store nothing', async () => {
  await fake.reset();
  await fake.mode({ azure_embeddings: 'slow' });
  const title = `Slow ${RUN}`;
  const pending = addDocument(knowledge.url, projects.azure, HANDBOOK(`${RUN}-slow`), title);
  // The stand-in answers after 3 s: by now the upload has been read and
  // waits for its vectors, outside any transaction.
  await new Promise((resolve) => setTimeout(resolve, 1200));
  assert.ok((await fake.requests()).some((r) => r.provider === 'azure_embeddings'), 'the embedder was called');
  const [[waiting]] = sql(`select count(*) from pg_stat_activity
                           where datname = current_database() and state like 'idle in transaction%'`);
  assert.equal(Number(waiting), 0, 'no connection sits in a transaction during embedding');
  sql(`update public.projects set redact_knowledge = false where id = ${q(projects.azure.id)}`);
  let res;
  try {
    res = await pending;
  } finally {
    sql(`update public.projects set redact_knowledge = true where id = ${q(projects.azure.id)}`);
  }
  assert.equal(res.status, 409);
  const error = (await res.json()).error;
  assert.equal(error.code, 'conflict');
  assert.match(error.message, /settings changed/);
  assert.equal(documentsNamed(title), 0, 'nothing stored under the old settings');

  // With the settings as they were, the same upload goes through.
  await fake.reset();
  const again = await addDocument(knowledge.url, projects.azure, HANDBOOK(`${RUN}-slow`), title);
  assert.equal(again.status, 201);
  assert.equal(documentsNamed(title), 1);
});

test('Q&A pairs of one upload are embedded together in batches', async () => {
  await fake.reset();
  const pairs = Array.from({ length: 70 }, (_, n) => ({ question: `Wie lange hält Filter ${n} (${RUN})?`, answer: `Filter ${n} hält ${n + 1} Monate.` }));
  const res = await addQa(knowledge.url, projects.azure, pairs);
  assert.equal(res.status, 201);
  const body = await res.json();
  assert.equal(body.created, 70);
  const batches = (await fake.requests()).filter((r) => r.provider === 'azure_embeddings').map((r) => r.body.input.length);
  assert.deepEqual(batches.sort((a, b) => b - a), [64, 6]);
  const [first] = body.items;
  const [chunk] = chunksOf('qa_pair_id', first.qa_pair_id);
  assert.equal(chunk.embedder, AZURE);
  assertSameVector(chunk.embedding, fakeEmbedding(chunk.content), 'Q&A chunk');

  // The same upload again embeds nothing.
  await fake.reset();
  const again = await addQa(knowledge.url, projects.azure, pairs);
  assert.equal(again.status, 200);
  assert.equal((await again.json()).unchanged, 70);
  assert.equal((await fake.requests()).length, 0);
});

test('a project only uses an embedder that is configured and that its provider policy allows', async () => {
  const doc = `# Warranty ${RUN}\n\nEvery kettle ${RUN} carries a two-year warranty.\n`;
  // The compatible endpoint processes in the US unless configured otherwise.
  await fake.reset();
  let res = await addDocument(knowledge.url, projects.compat, doc, `Warranty ${RUN}`);
  assert.equal(res.status, 409);
  assert.equal((await res.json()).error.code, 'embedder_not_allowed');
  assert.equal((await fake.requests()).length, 0, 'nothing was sent to the US endpoint');

  sql(`update public.projects set provider_policy = 'any' where id = ${q(projects.compat.id)}`);
  res = await addDocument(knowledge.url, projects.compat, doc, `Warranty ${RUN}`);
  assert.equal(res.status, 201);
  const body = await res.json();
  assert.equal(body.embedder_id, 'openai:bge-m3');
  const [request] = (await fake.requests()).filter((r) => r.provider === 'compatible_embeddings');
  assert.equal(request.headers.authorization, 'Bearer test-compat-key');
  assert.equal(request.body.model, 'bge-m3');
  assert.equal(chunksOf('document_id', body.document_id)[0].embedder, 'openai:bge-m3');

  // Back to eu_only: the chat does not send the question to the US
  // endpoint and answers from full text.
  sql(`update public.projects set provider_policy = 'eu_only' where id = ${q(projects.compat.id)}`);
  await fake.reset();
  const { provenance } = await ask(projects.compat, `How long is the warranty of kettle ${RUN}?`);
  assert.equal(provenance.retrieval, 'full_text');
  assert.equal((await fake.requests()).filter((r) => r.provider === 'compatible_embeddings').length, 0);

  // An embedder the function has no settings for.
  sql(`update public.projects set embedder_id = 'azure:text-embedding-3-large' where id = ${q(projects.compat.id)}`);
  res = await addDocument(knowledge.url, projects.compat, `${doc}\nMore.\n`, `Warranty 2 ${RUN}`);
  assert.equal(res.status, 409);
  assert.equal((await res.json()).error.code, 'embedder_unavailable');
  // The stack's own knowledge function has no cloud embedder configured.
  res = await addDocument(EDGE_URL, projects.azure, `${doc}\nEdge.\n`, `Warranty 3 ${RUN}`);
  assert.equal(res.status, 409);
  assert.equal((await res.json()).error.code, 'embedder_unavailable');
});

test('when the embedder fails, the chat still answers from full text', async () => {
  await fake.reset();
  await fake.mode({ azure_embeddings: 'server_error' });
  const { events, provenance } = await ask(projects.azure, `Darf das Bambusbrett ${RUN} in die Spülmaschine?`);
  assert.equal(provenance.retrieval, 'full_text');
  assert.equal((await fake.requests()).filter((r) => r.provider === 'azure_embeddings').length, 2, 'one retry, then full text');
  const titles = events.find((e) => e.event === 'citations')?.data.sources.map((s) => s.title) ?? [];
  assert.ok(titles.includes(`Bambusbrett ${RUN}`), `cited: ${titles}`);
  assert.equal(events.at(-1).event, 'done');
});

test('while a slow embedder works on the question, no transaction stays open, and the chat falls back to full text', async () => {
  await fake.reset();
  await fake.mode({ azure_embeddings: 'slow' });
  const pending = ask(projects.azure, `Wie oft soll ich das Bambusbrett ${RUN} ölen?`);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.ok((await fake.requests()).some((r) => r.provider === 'azure_embeddings'), 'the embedder was called');
  const [[waiting]] = sql(`select count(*) from pg_stat_activity
                           where datname = current_database() and state like 'idle in transaction%'`);
  assert.equal(Number(waiting), 0, 'no connection sits in a transaction while the question is embedded');
  const { events, provenance } = await pending;
  assert.equal(provenance.retrieval, 'full_text', 'the query budget ran out, full text answered');
  assert.equal(events.at(-1).event, 'done');
});

test('after a switch of embedder, uploading the same content again embeds it anew under the same id', async () => {
  const p = projects.switching;
  const doc = `# Descaling ${RUN}\n\nDescale the kettle ${RUN} every month with citric acid.\n`;
  const pair = { question: `Does kettle ${RUN} come with a filter?`, answer: 'Yes, a removable mesh filter.' };
  let res = await addDocument(knowledge.url, p, doc, `Descaling ${RUN}`);
  assert.equal(res.status, 201);
  const first = await res.json();
  assert.equal(first.embedder_id, 'local-hash-1536-v1');
  res = await addQa(knowledge.url, p, [pair]);
  assert.equal(res.status, 201);
  const qaId = (await res.json()).items[0].qa_pair_id;

  sql(`update public.projects set embedder_id = ${q(AZURE)} where id = ${q(p.id)}`);
  await fake.reset();
  res = await addDocument(knowledge.url, p, doc, `Descaling ${RUN}`);
  assert.equal(res.status, 200);
  const again = await res.json();
  assert.equal(again.reembedded, true);
  assert.equal(again.document_id, first.document_id);
  assert.ok(chunksOf('document_id', first.document_id).every((c) => c.embedder === AZURE));
  res = await addQa(knowledge.url, p, [pair]);
  assert.equal(res.status, 200);
  const item = (await res.json()).items[0];
  assert.equal(item.reembedded, true);
  assert.equal(item.qa_pair_id, qaId);
  assert.equal(chunksOf('qa_pair_id', qaId)[0].embedder, AZURE);
  assert.equal((await fake.requests()).filter((r) => r.provider === 'azure_embeddings').length, 2);
  const audited = sql(`select action from public.audit_log where target_id = ${q(first.document_id)} or target_id = ${q(qaId)} order by id`).map(([a]) => a);
  assert.ok(audited.includes('knowledge.document_reembedded') && audited.includes('knowledge.qa_reembedded'), audited.join());

  // Now current: a no-op again.
  await fake.reset();
  res = await addDocument(knowledge.url, p, doc, `Descaling ${RUN}`);
  assert.equal(res.status, 200);
  assert.equal((await res.json()).unchanged, true);
  assert.equal((await fake.requests()).length, 0);
});
