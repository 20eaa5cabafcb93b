// The widget's SSE parser (widget/src/sse.ts), on the host: the same module
// the browser runs, bundled by esbuild into a temporary ES module.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { ROOT } from './helpers.mjs';

let SseParser;
before(async () => {
  const outfile = path.join(mkdtempSync(path.join(tmpdir(), 'mignuti-sse-')), 'sse.mjs');
  await esbuild.build({ entryPoints: [path.join(ROOT, 'widget/src/sse.ts')], outfile, format: 'esm', bundle: true, logLevel: 'warning' });
  ({ SseParser } = await import(pathToFileURL(outfile).href));
});

const STREAM = 'event: meta\ndata: {"conversation_id":"c","provider":"extractive","model":"extractive"}\n\n'
  + ': keep-alive comment\n\n'
  + 'event: delta\ndata: {"text":"Hallo "}\n\n'
  + 'event: delta\r\ndata: {"text":"Welt\\n"}\r\n\r\n'
  + 'event: citations\rdata: {"sources":[{"title":"T","url":"https://x.example/"}]}\r\r'
  + 'event: done\ndata: {}\n\n';

const EXPECTED = [
  ['meta', '{"conversation_id":"c","provider":"extractive","model":"extractive"}'],
  ['delta', '{"text":"Hallo "}'],
  ['delta', '{"text":"Welt\\n"}'],
  ['citations', '{"sources":[{"title":"T","url":"https://x.example/"}]}'],
  ['done', '{}'],
];

const parse = (chunks) => {
  const p = new SseParser();
  return chunks.flatMap((c) => p.push(c)).map((e) => [e.event, e.data]);
};

test('a whole stream in one chunk', () => {
  assert.deepEqual(parse([STREAM]), EXPECTED);
});

test('every split point, including between CR and LF, gives the same events', () => {
  for (let i = 0; i <= STREAM.length; i += 1) {
    assert.deepEqual(parse([STREAM.slice(0, i), STREAM.slice(i)]), EXPECTED, `split at ${i}`);
  }
});

test('one character at a time', () => {
  assert.deepEqual(parse([...STREAM]), EXPECTED);
});

test('multi-line data, no space after the colon, an unfinished last event', () => {
  assert.deepEqual(parse(['data:a\ndata: b\n\nevent:x\ndata:{}\n\nevent: partial\ndata: 1']), [['message', 'a\nb'], ['x', '{}']]);
});

test('an event name without data is still delivered (a bare `event: done`)', () => {
  assert.deepEqual(parse(['event: done\n\n']), [['done', '']]);
});

test('arbitrary text never throws', () => {
  const p = new SseParser();
  for (let i = 0; i < 2000; i += 1) {
    const s = Array.from({ length: i % 37 }, (_, k) => String.fromCharCode((i * 7919 + k * 104729) % 0x3000)).join('');
    assert.ok(Array.isArray(p.push(s)));
  }
});
