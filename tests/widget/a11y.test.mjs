// Accessibility (axe-core in Chromium), German and English, light and dark,
// with screenshots of the open widget saved as artifacts
// (.local/artifacts/widget/, or WIDGET_ARTIFACTS).
//
// These tests answer /v1/session and /v1/chat themselves with the contract
// of widget/README.md, so the whole UI (answer, list, citations, deletion
// code, an error) is checked without depending on the knowledge base.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACME, GLOBEX, EDGE_URL, AXE_SOURCE, $, artifact, ask, fakeSession, gotoDemo, inWidget, launch, newPage, openPanel, sse, text,
} from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function fakeBackend(page) {
  await fakeSession(page);
  await page.route(`${EDGE_URL}/v1/chat`, (route) => route.fulfill({
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
    body: sse([
      ['meta', { conversation_id: '0b9b2f4e-6a57-4c59-9b43-4a3f0c1d2e3f', provider: 'extractive', model: 'extractive' }],
      ['delta', { text: 'Standard delivery takes **1 to 3 working days**.\n\n- Austria: 3 to 5 days\n- other EU countries: 4 to 7 days\n\nDetails: https://help.acme.example/versand/lieferzeiten' }],
      ['citations', { sources: [{ title: 'Lieferzeiten', url: 'https://help.acme.example/versand/lieferzeiten' }] }],
      ['done', {}],
    ]),
  }));
}

async function axe(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

for (const scheme of ['light', 'dark']) {
  for (const [lang, url] of [['de', ACME], ['en', GLOBEX]]) {
    test(`axe-core finds no serious or critical violation (${lang}, ${scheme})`, async () => {
      const { context, page } = await newPage(browser, { openShadow: true, colorScheme: scheme });
      try {
        await fakeBackend(page);
        await gotoDemo(page, url);
        assert.deepEqual(await axe(page), [], 'closed launcher');
        await openPanel(page);
        assert.deepEqual(await axe(page), [], 'open, empty panel');
        const { alert } = await ask(page, lang === 'de' ? 'Wie lange dauert die Lieferung?' : 'How long does delivery take?');
        assert.equal(alert, '');
        await page.route(`${EDGE_URL}/v1/chat`, (route) => route.fulfill({
          status: 429, headers: { 'content-type': 'application/json', 'retry-after': '5' },
          body: JSON.stringify({ error: { code: 'rate_limited', message: 'slow down' } }),
        }));
        await ask(page, 'Noch eine Frage');
        assert.deepEqual(await axe(page), [], 'with an answer, citations, deletion code and an error');
        await page.screenshot({ path: artifact(`widget-${lang}-${scheme}.png`) });
      } finally {
        await context.close();
      }
    });
  }
}

test('language: German from the page\'s lang, English on the Globex page, the lang attribute overrides', async () => {
  const { context, page } = await newPage(browser);
  try {
    await gotoDemo(page, ACME);
    assert.equal(await inWidget(page, (r) => r.querySelector('.launcher').getAttribute('aria-label')), 'Chat öffnen');
    await openPanel(page);
    assert.equal(await text(page, '.del'), 'Meinen Chat löschen');
    assert.equal(await text(page, '.dl'), 'Meine Daten herunterladen');
    assert.equal(await inWidget(page, (r) => r.querySelector('.r').lang), 'de');

    await page.evaluate(() => document.querySelector('mignuti-chat').setAttribute('lang', 'en'));
    assert.equal(await text(page, '.del'), 'Delete my chat');
    assert.match(await text(page, '.ai'), /You are chatting with an AI system/);
    assert.equal(await inWidget(page, (r) => r.activeElement?.id), 'q', 'switching language keeps focus');

    await gotoDemo(page, GLOBEX);
    assert.equal(await inWidget(page, (r) => r.querySelector('.launcher').getAttribute('aria-label')), 'Open chat');
    // The Globex page themes the widget: accent and left-hand position.
    const launcherLeft = await inWidget(page, (r) => r.querySelector('.launcher').getBoundingClientRect().left);
    assert.ok(launcherLeft < 100, `launcher on the left before opening: ${launcherLeft}`);
    await openPanel(page);
    const look = await inWidget(page, (r) => ({
      accent: getComputedStyle(r.querySelector('header')).backgroundColor,
      left: r.querySelector('.panel').getBoundingClientRect().left,
    }));
    assert.equal(look.accent, 'rgb(107, 47, 191)');
    assert.ok(look.left < 100, `panel on the left: ${look.left}`);
    // The Globex page also enforces Trusted Types.
    assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP or Trusted Types violation');
  } finally {
    await context.close();
  }
});

test('the launcher is painted soon after widget.js arrives', async (t) => {
  const { context, page } = await newPage(browser);
  try {
    await gotoDemo(page, ACME);
    await page.waitForFunction(() => window.__mignutiPainted);
    const m = await page.evaluate(() => {
      const e = performance.getEntriesByType('resource').find((r) => r.name.endsWith('/widget.js'));
      return { size: e.decodedBodySize, transfer: e.transferSize, ms: window.__mignutiPainted - e.responseEnd };
    });
    t.diagnostic(`widget.js ${m.size} bytes; launcher painted ${m.ms.toFixed(1)} ms after the script arrived`);
    assert.ok(await (await $(page, '.launcher')).isVisible());
    assert.ok(m.ms < 1000, `${m.ms} ms`);
  } finally {
    await context.close();
  }
});
