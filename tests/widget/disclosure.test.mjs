// EU AI Act Art. 50: the widget says it is an AI, in the welcome line and in
// a footer notice that the host page cannot hide while the chat is usable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ACME, GLOBEX, EDGE_URL, $, ask, fakeSession, gotoDemo, inWidget, launch, newPage, openPanel, sse, text } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** What a visitor can see of the notice: geometry, effective style, and whether it is on top at its centre. */
const noticeState = (page) => inWidget(page, (r) => {
  const ai = r.querySelector('.ai');
  const box = ai.getBoundingClientRect();
  const s = getComputedStyle(ai);
  const hit = r.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  let opacity = 1;
  for (let e = ai; e; e = e.parentElement ?? e.getRootNode().host) opacity *= Number(getComputedStyle(e).opacity);
  return {
    text: ai.textContent,
    width: box.width,
    height: box.height,
    inViewport: box.top >= 0 && box.bottom <= innerHeight && box.left >= 0 && box.right <= innerWidth,
    display: s.display,
    visibility: s.visibility,
    opacity,
    fontSize: parseFloat(s.fontSize),
    color: s.color,
    background: s.backgroundColor,
    onTop: !!hit && ai.contains(hit),
    paused: r.querySelector('textarea').disabled,
  };
});

function assertVisible(state, what) {
  assert.match(state.text, /\b(AI|KI)\b/, `${what}: says it is an AI`);
  assert.ok(state.width > 100 && state.height >= 16, `${what}: has a size ${state.width}x${state.height}`);
  assert.ok(state.inViewport, `${what}: in the viewport`);
  assert.notEqual(state.display, 'none', what);
  assert.equal(state.visibility, 'visible', what);
  assert.equal(state.opacity, 1, `${what}: opacity`);
  assert.ok(state.fontSize >= 12, `${what}: font size ${state.fontSize}`);
  assert.doesNotMatch(state.color, /rgba\(.*, 0\)$/, `${what}: text colour ${state.color}`);
  assert.notEqual(state.color, state.background, `${what}: text and background differ`);
  assert.ok(state.onTop, `${what}: nothing covers it`);
  assert.equal(state.paused, false, `${what}: the chat is usable`);
}

test('the welcome line and the footer say the assistant is an AI, with a data hint and the privacy notice', async () => {
  const { context, page } = await newPage(browser);
  try {
    await gotoDemo(page);
    await openPanel(page);
    assert.match(await text(page, '.msg.bot'), /KI-Assistent/);
    const acme = await noticeState(page);
    assertVisible(acme, 'acme');
    assert.match(acme.text, /sensiblen/);
    const privacy = await inWidget(page, (r) => r.querySelector('.ai a')?.href);
    assert.equal(privacy, `${EDGE_URL}/demo/privacy.html`, 'the host page\'s rel=privacy-policy link');

    await gotoDemo(page, GLOBEX);
    await openPanel(page);
    assert.match(await text(page, '.msg.bot'), /AI assistant/);
    const globex = await noticeState(page);
    assertVisible(globex, 'globex');
    assert.match(globex.text, /sensitive/);
    assert.equal(await inWidget(page, (r) => r.querySelector('.ai a')?.href), `${EDGE_URL}/demo/privacy.html`, 'data-privacy-url');
  } finally {
    await context.close();
  }
});

test('host-page CSS, attributes and ::part cannot hide the AI notice', async () => {
  const { context, page } = await newPage(browser);
  try {
    await gotoDemo(page);
    await openPanel(page);
    // Constructed sheets need no 'unsafe-inline', like a stylesheet the host page links.
    await page.evaluate(() => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(`
        mignuti-chat, mignuti-chat * { display: none !important; visibility: hidden !important; opacity: 0 !important;
          color: transparent !important; font-size: 0 !important; line-height: 0 !important; clip-path: inset(50%) !important;
          filter: opacity(0) !important; transform: scale(0) !important; zoom: 0.01 !important; content-visibility: hidden !important; }
        mignuti-chat { --mignuti-accent: transparent; --mignuti-on-accent: transparent; --mignuti-font: 0px serif;
          --mignuti-radius: 0; --mignuti-bottom: -2000px; --mignuti-offset: -2000px; }
        mignuti-chat::part(disclosure), mignuti-chat::part(ai), mignuti-chat::part(footer), mignuti-chat::part(notice),
        mignuti-chat::part(panel), mignuti-chat::part(banner) { display: none !important; }
        mignuti-chat:host, :host(mignuti-chat), .ai, [role=note], footer { display: none !important; }
        [hidden] { display: none !important; }
      `);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      const el = document.querySelector('mignuti-chat');
      for (const [k, v] of [['hidden', ''], ['disclosure', 'off'], ['no-disclosure', ''], ['hide-disclosure', 'true'],
        ['data-disclosure', 'false'], ['ai-notice', 'none'], ['aria-hidden', 'true']]) el.setAttribute(k, v);
      el.style.setProperty('display', 'none', 'important');
      el.style.setProperty('opacity', '0', 'important');
      el.style.setProperty('clip-path', 'inset(0 0 100% 0)', 'important');
    });
    // The disclosure is untouched; the page cannot move the panel off screen either.
    const state = await noticeState(page);
    assert.equal(state.inViewport, false, 'the page moved the panel with --mignuti-bottom/-offset: expected off screen');
    await page.evaluate(() => {
      const el = document.querySelector('mignuti-chat');
      el.style.setProperty('--mignuti-bottom', '20px');
      el.style.setProperty('--mignuti-offset', '20px');
    });
    await page.waitForTimeout(1200);
    assertVisible(await noticeState(page), 'after the attacks');
    // aria-hidden on the host is the page's own doing and hides the chat as well; the notice text stays in the tree.
    assert.match(await text(page, '.ai'), /KI/);
  } finally {
    await context.close();
  }
});

test('a page that covers, fades or pushes away the notice pauses the chat instead', async () => {
  const { context, page, requests } = await newPage(browser);
  try {
    await gotoDemo(page);
    await openPanel(page);
    const attacks = [
      ['an element on top', () => {
        const d = document.createElement('div');
        d.id = 'cover';
        d.textContent = 'covered';
        Object.assign(d.style, { position: 'fixed', inset: '0', background: '#fafafa', zIndex: '2147483647' });
        document.body.append(d);
      }, () => document.getElementById('cover').remove()],
      ['a faded body', () => { document.body.style.opacity = '0.2'; }, () => { document.body.style.opacity = ''; }],
      ['a clipped body', () => { document.body.style.clipPath = 'inset(0 0 200px 0)'; }, () => { document.body.style.clipPath = ''; }],
      ['an inert widget', () => { document.querySelector('mignuti-chat').inert = true; },
        () => { document.querySelector('mignuti-chat').inert = false; }],
      ['the notice off screen', () => {
        document.querySelector('mignuti-chat').style.setProperty('--mignuti-bottom', '-500px');
      }, () => { document.querySelector('mignuti-chat').style.removeProperty('--mignuti-bottom'); }],
    ];
    for (const [name, attack, undo] of attacks) {
      await page.evaluate(attack);
      await page.waitForFunction(() => window.__mignuti.querySelector('textarea').disabled, null, { timeout: 3000 })
        .catch(() => assert.fail(`${name}: the chat is not paused`));
      const before = requests.length;
      await inWidget(page, (r) => {
        r.querySelector('textarea').value = 'Hallo';
        r.querySelector('form').requestSubmit();
      });
      assert.match(await text(page, '.alert'), /pausiert/, name);
      assert.equal(requests.filter((q) => q.url.includes('/v1/')).length, requests.slice(0, before).filter((q) => q.url.includes('/v1/')).length,
        `${name}: nothing is sent while paused`);
      await page.evaluate(undo);
      await page.waitForFunction(() => !window.__mignuti.querySelector('textarea').disabled, null, { timeout: 3000 })
        .catch(() => assert.fail(`${name}: the chat does not resume`));
      assert.equal(await text(page, '.alert'), '', `${name}: the pause notice is gone`);
    }
  } finally {
    await context.close();
  }
});

test('on small and short screens the notice stays visible and the chat usable, after an answer too', async () => {
  for (const viewport of [{ width: 375, height: 640 }, { width: 800, height: 360 }, { width: 1280, height: 560 }]) {
    const { context, page } = await newPage(browser, { viewport });
    try {
      await fakeSession(page);
      await page.route(`${EDGE_URL}/v1/chat`, (route) => route.fulfill({
        status: 200,
        headers: { 'content-type': 'text/event-stream' },
        body: sse([['delta', { text: 'Eine lange Antwort. '.repeat(40) }], ['citations', { sources: [{ title: 'Lieferzeiten', url: 'https://help.acme.example/' }] }], ['done', {}]]),
      }));
      await gotoDemo(page);
      await openPanel(page);
      assert.equal((await ask(page, 'Frage')).alert, '', `${viewport.width}x${viewport.height}`);
      await page.waitForTimeout(1100);
      assertVisible(await noticeState(page), `${viewport.width}x${viewport.height}`);
    } finally {
      await context.close();
    }
  }
});
