// The provider stand-in must speak the real wire protocols, or the chat
// tests prove nothing. The official SDKs, pointed at it, stream from it and
// classify its errors exactly as they would the real services'.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI, { AzureOpenAI } from 'openai';
import { startFakeLlm } from '../e2e/helpers.mjs';

const SYSTEM = 'Rules.\nSources:\n<source id="1" title="Plans" nonce="ab">\nWe offer three plans. Each has a free trial.\n</source-ab>';
let fake;
before(async () => { fake = await startFakeLlm(); });
after(() => fake.stop());

const anthropic = () => new Anthropic({ apiKey: 'test-key', baseURL: fake.url, maxRetries: 0 });
const azure = () => new AzureOpenAI({ apiKey: 'test-key', endpoint: fake.url, apiVersion: '2024-10-21', deployment: 'gpt-4o-mini', maxRetries: 0 });
const compatible = () => new OpenAI({ apiKey: 'test-key', baseURL: `${fake.url}/v1`, maxRetries: 0 });

test('@anthropic-ai/sdk streams a message from the stand-in', async () => {
  await fake.reset();
  const stream = anthropic().messages.stream({ model: 'claude-haiku-4-5', max_tokens: 100, system: SYSTEM, messages: [{ role: 'user', content: 'Plans?' }] });
  const deltas = [];
  stream.on('text', (t) => deltas.push(t));
  const message = await stream.finalMessage();
  assert.ok(deltas.length > 1);
  assert.equal(message.content[0].text, 'Based on our help center: We offer three plans.');
  assert.equal(message.stop_reason, 'end_turn');
  assert.ok(message.usage.output_tokens > 0);
  const [request] = await fake.requests();
  assert.equal(request.provider, 'anthropic');
  assert.match(request.headers['anthropic-version'], /^\d{4}-\d{2}-\d{2}$/);
});

test('@anthropic-ai/sdk classifies the stand-in errors like the real API', async () => {
  for (const [mode, Type, status] of [
    ['overloaded', Anthropic.InternalServerError, 529],
    ['rate_limited', Anthropic.RateLimitError, 429],
    ['server_error', Anthropic.InternalServerError, 500],
    ['auth', Anthropic.AuthenticationError, 401],
    ['bad_request', Anthropic.BadRequestError, 400],
  ]) {
    await fake.reset();
    await fake.mode({ anthropic: mode });
    await assert.rejects(
      anthropic().messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
      (e) => e instanceof Type && e.status === status && typeof e.error?.error?.type === 'string',
      mode,
    );
  }
  // A mid-stream error event ends the SDK's stream with an error.
  await fake.reset();
  await fake.mode({ anthropic: 'stream_error' });
  const stream = anthropic().messages.stream({ model: 'claude-haiku-4-5', max_tokens: 100, system: SYSTEM, messages: [{ role: 'user', content: 'Plans?' }] });
  await assert.rejects(stream.finalMessage(), /overloaded/i);
});

test('the openai SDK streams from the stand-in as Azure OpenAI and as an OpenAI-compatible server', async () => {
  for (const [client, model, provider] of [[azure(), 'gpt-4o-mini', 'azure'], [compatible(), 'mistral-small', 'compatible']]) {
    await fake.reset();
    const stream = await client.chat.completions.create({
      model, stream: true, stream_options: { include_usage: true },
      messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: 'Plans?' }],
    });
    let text = '';
    let finish;
    let usage;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    assert.equal(text, 'Based on our help center: We offer three plans.');
    assert.equal(finish, 'stop');
    assert.ok(usage.completion_tokens > 0);
    const [request] = await fake.requests();
    assert.equal(request.provider, provider);
    if (provider === 'azure') assert.equal(request.headers['api-key'], 'test-key');
    else assert.equal(request.headers.authorization, 'Bearer test-key');
  }
});

test('the openai SDK classifies the stand-in errors like the real API', async () => {
  for (const [mode, Type, status] of [
    ['overloaded', OpenAI.InternalServerError, 503],
    ['rate_limited', OpenAI.RateLimitError, 429],
    ['auth', OpenAI.AuthenticationError, 401],
    ['content_filter', OpenAI.BadRequestError, 400],
  ]) {
    await fake.reset();
    await fake.mode({ azure: mode });
    await assert.rejects(
      azure().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
      (e) => e instanceof Type && e.status === status,
      mode,
    );
  }
});

test('the openai SDK embeds through both embeddings endpoints of the stand-in', async () => {
  const { fakeEmbedding } = await import('./embedding.mjs');
  const azureEmb = new AzureOpenAI({ apiKey: 'test-key', endpoint: fake.url, apiVersion: '2024-10-21', deployment: 'emb-small', maxRetries: 0 });
  for (const [client, provider] of [[azureEmb, 'azure_embeddings'], [compatible(), 'compatible_embeddings']]) {
    await fake.reset();
    // The SDK asks for base64 by default and decodes it; floats on request.
    for (const encoding of [undefined, 'float']) {
      const res = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['Wie lange dauert der Versand?', 'Refund policy'], dimensions: 1536, ...(encoding ? { encoding_format: encoding } : {}) });
      assert.equal(res.data.length, 2);
      const byIndex = Object.fromEntries(res.data.map((d) => [d.index, d.embedding]));
      assert.equal(byIndex[0].length, 1536);
      assert.deepEqual(Array.from(byIndex[1]), fakeEmbedding('Refund policy'));
      assert.ok(res.usage.prompt_tokens > 0);
    }
    const [request] = await fake.requests();
    assert.equal(request.provider, provider);
    if (provider === 'azure_embeddings') {
      assert.equal(request.deployment, 'emb-small');
      assert.equal(request.headers['api-key'], 'test-key');
    } else {
      assert.equal(request.headers.authorization, 'Bearer test-key');
    }
  }
});

test('the openai SDK classifies the stand-in embedding errors like the real API', async () => {
  for (const [mode, Type, status] of [
    ['rate_limited', OpenAI.RateLimitError, 429],
    ['server_error', OpenAI.InternalServerError, 500],
    ['auth', OpenAI.AuthenticationError, 401],
    ['bad_request', OpenAI.BadRequestError, 400],
  ]) {
    await fake.reset();
    await fake.mode({ compatible_embeddings: mode });
    await assert.rejects(
      compatible().embeddings.create({ model: 'text-embedding-3-small', input: 'x' }),
      (e) => e instanceof Type && e.status === status,
      mode,
    );
  }
  // "mode*N" fails N times, then answers.
  await fake.reset();
  await fake.mode({ compatible_embeddings: 'server_error*1' });
  await assert.rejects(compatible().embeddings.create({ model: 'm', input: 'x' }), OpenAI.InternalServerError);
  const ok = await compatible().embeddings.create({ model: 'm', input: 'x' });
  assert.equal(ok.data.length, 1);
});
