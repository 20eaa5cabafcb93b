// Helpers for the widget tests: Debian's Chromium driven by playwright-core
// against the real local stack (EDGE_URL, started by scripts/test.sh).
//
// The widget's shadow root is closed, so page scripts (and Playwright's
// selectors) cannot reach it. An init script, which runs before any page
// script, keeps a reference to it in window.__mignuti for the tests only;
// the root stays closed (a test checks that).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EDGE_URL = (process.env.EDGE_URL ?? 'http://127.0.0.1:8787').replace(/\/$/, '');
export const ARTIFACTS = process.env.WIDGET_ARTIFACTS ?? path.join(ROOT, '.local', 'artifacts', 'widget');
export const ACME = `${EDGE_URL}/demo/`;
export const GLOBEX = `${EDGE_URL}/demo/globex.html`;
/** A question the Acme demo knowledge base (supabase/demo/acme) answers with a source. */
export const ACME_QUESTION = 'Wie lange dauert die Lieferung innerhalb Deutschlands?';

const require = createRequire(import.meta.url);
export const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * A fresh context and page with the shadow-root hook, a record of every
 * request, and CSP violations collected in window.__csp.
 * `openShadow` turns the root open (axe-core only sees open roots).
 */
export async function newPage(browser, { openShadow = false, ...contextOptions } = {}) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1024, height: 800 }, ...contextOptions });
  await context.addInitScript(({ openShadow }) => {
    window.__csp = [];
    // Intervals still running, to check that the widget stops its own.
    window.__intervals = new Set();
    const setI = window.setInterval;
    const clearI = window.clearInterval;
    window.setInterval = (...a) => { const id = setI(...a); window.__intervals.add(id); return id; };
    window.clearInterval = (id) => { window.__intervals.delete(id); clearI(id); };
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = attach.call(this, openShadow ? { ...init, mode: 'open' } : init);
      if (this.localName === 'mignuti-chat') {
        window.__mignuti = root;
        // Two frames after the element is built, its launcher has been painted.
        requestAnimationFrame(() => requestAnimationFrame(() => { window.__mignutiPainted = performance.now(); }));
      }
      return root;
    };
  }, { openShadow });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() }));
  const console = [];
  page.on('console', (m) => console.push(`${m.type()}: ${m.text()}`));
  return { context, page, requests, console };
}

/** Loads a demo page and waits until the widget's launcher is rendered. */
export async function gotoDemo(page, url = ACME) {
  const res = await page.goto(url);
  if (!res.ok()) throw new Error(`${url}: ${res.status()}`);
  await page.waitForFunction(() => window.__mignuti?.querySelector('.launcher'), null, { timeout: 10_000 });
}

/** An element inside the widget's shadow root, as a handle Playwright can click and type into. */
export async function $(page, selector) {
  const handle = await page.evaluateHandle((s) => window.__mignuti.querySelector(s), selector);
  const el = handle.asElement();
  if (!el) throw new Error(`no ${selector} in the widget`);
  return el;
}

/** Runs `fn(root, arg)` in the page with the widget's shadow root. */
export async function inWidget(page, fn, arg) {
  const root = await page.evaluateHandle(() => window.__mignuti);
  try {
    return await root.evaluate(fn, arg);
  } finally {
    await root.dispose();
  }
}

export const text = (page, selector) =>
  inWidget(page, (r, s) => r.querySelector(s)?.textContent ?? null, selector);

export async function openPanel(page) {
  await (await $(page, '.launcher')).click();
  await page.waitForFunction(() => !window.__mignuti.querySelector('.panel').hidden);
}

/** Sends a question with the keyboard and waits until the widget is idle again (answer or error). */
export async function ask(page, question, { timeout = 30_000 } = {}) {
  const before = await inWidget(page, (r) => r.querySelectorAll('.msg.me').length);
  const ta = await $(page, 'textarea');
  await ta.fill(question);
  await ta.press('Enter');
  await page.waitForFunction(
    (n) => {
      const r = window.__mignuti;
      return r.querySelectorAll('.msg.me').length > n && !r.querySelector('.log').hasAttribute('aria-busy')
        || (r.querySelector('.alert').textContent ?? '') !== '';
    },
    before,
    { timeout },
  );
  return inWidget(page, (r) => ({
    answer: [...r.querySelectorAll('.msg.bot')].slice(1).at(-1)?.textContent ?? '',
    alert: r.querySelector('.alert').textContent,
  }));
}

/** The session the widget keeps in sessionStorage for `project`. */
export function storedSession(page, project = 'pk_demo_acme') {
  return page.evaluate((k) => JSON.parse(sessionStorage.getItem(k) ?? 'null'), `mignuti:${project}`);
}

/** Whether the tests may look into the local Postgres (not when developing against tests/widget/dev-server.mjs). */
export const DB = process.env.MIGNUTI_TEST_NO_DB !== '1';

/** One value from the local database (scripts/db.sh psql), as text. */
export function sql(query) {
  const r = spawnSync(path.join(ROOT, 'scripts', 'db.sh'), ['psql', '-tAc', query], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  return r.stdout.trim();
}

export function artifact(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

/** A `text/event-stream` body from [event, data] pairs, for tests that stand in for the chat function. */
export const sse = (events) => events.map(([e, d]) => `event: ${e}\ndata: ${JSON.stringify(d)}\n\n`).join('');

/**
 * Answers POST /v1/session in the page itself (contract of widget/README.md),
 * for tests that also stand in for the chat function and so need no real
 * conversation.
 */
export async function fakeSession(page) {
  await page.route(`${EDGE_URL}/v1/session`, (route) => route.fulfill({
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify({
      token: 'a.b.c', delete_token: 'dt_4Qm3bE5lq4l0c2v9GmH2kX1JQyHq8wJt0oZxkA3s2Vw',
      conversation_id: '0b9b2f4e-6a57-4c59-9b43-4a3f0c1d2e3f', expires_at: new Date(Date.now() + 9e5).toISOString(),
      disclosure: '',
    }),
  }));
}
