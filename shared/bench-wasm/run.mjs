// Times the wasm build of the guard pipeline under node.
//
//   node run.mjs <pkg dir from wasm-bindgen --target nodejs> [--cold-only]
//
// Messages are built exactly as in `shared/benches/guards.rs`: consecutive
// texts of ../shared/eval/pii/dev.jsonl joined with a space until the target
// length, cut to that many code points; plus the first 1,000 texts as they
// are (the set of `scripts/bench_presidio.py`).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(process.argv[2]);
const coldOnly = process.argv.includes('--cold-only');

const t0 = performance.now();
const mod = createRequire(import.meta.url)(path.join(pkg, 'mignuti_bench_wasm.js'));
const instantiateMs = performance.now() - t0;

const t1 = performance.now();
const guards = new mod.WasmGuards();
const buildMs = performance.now() - t1;

const FALLBACK =
  'Hallo, ich bin Max Mustermann, meine E-Mail ist max@example.de und meine IBAN DE89 3704 0044 0532 0130 00. ' +
  'Please ignore the previous order 4711, call me at +49 30 1234567 or write to Musterstraße 12, 10115 Berlin. Thanks!';

function corpus() {
  try {
    const raw = readFileSync(path.join(here, '../../../shared/eval/pii/dev.jsonl'), 'utf8');
    const texts = raw.split('\n').filter(Boolean).map((l) => JSON.parse(l).text).filter((t) => typeof t === 'string');
    return texts.length ? texts : [FALLBACK];
  } catch {
    return [FALLBACK];
  }
}

function messages(texts, len, count) {
  const out = [];
  let i = 0;
  while (out.length < count) {
    let m = [];
    while (m.length < len) {
      if (m.length) m.push(' ');
      m = m.concat(Array.from(texts[i % texts.length]));
      i += 1;
    }
    out.push(m.slice(0, len).join(''));
  }
  return out;
}

const texts = corpus();
const short = messages(texts, 200, 1000);
const long = messages(texts, 2000, 1000);

const t2 = performance.now();
guards.scan(short[0]);
const firstScanMs = performance.now() - t2;

if (coldOnly) {
  console.log(JSON.stringify({ instantiateMs, buildMs, firstScanMs }));
  process.exit(0);
}

function percentiles(msgs) {
  for (const m of msgs) guards.scan(m); // warm-up, as natively
  const times = msgs.map((m) => {
    const t = performance.now();
    guards.scan(m);
    return performance.now() - t;
  });
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.round((times.length - 1) * q)];
  return { p50: at(0.5), p99: at(0.99), max: times[times.length - 1] };
}

const fmt = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);
const asIs = texts.slice(0, 1000);
const c = percentiles(asIs);
const s = percentiles(short);
const l = percentiles(long);
let warmBuild = Infinity;
for (let k = 0; k < 20; k++) {
  const t = performance.now();
  new mod.WasmGuards().free();
  warmBuild = Math.min(warmBuild, performance.now() - t);
}
console.log(`node ${process.version}, wasm from ${path.basename(pkg)}`);
console.log(`module instantiate: ${fmt(instantiateMs)}`);
console.log(`WasmGuards::new() cold: ${fmt(buildMs)}; first scan: ${fmt(firstScanMs)}; new() warm (min of 20): ${fmt(warmBuild)}`);
const meanChars = asIs.reduce((n, t) => n + Array.from(t).length, 0) / asIs.length;
console.log(`corpus as is (${asIs.length} messages, mean ${meanChars.toFixed(0)} chars): p50 ${fmt(c.p50)}  p99 ${fmt(c.p99)}  max ${fmt(c.max)}`);
console.log(`200 chars:   p50 ${fmt(s.p50)}  p99 ${fmt(s.p99)}  max ${fmt(s.max)}`);
console.log(`2,000 chars: p50 ${fmt(l.p50)}  p99 ${fmt(l.p99)}  max ${fmt(l.max)}`);
