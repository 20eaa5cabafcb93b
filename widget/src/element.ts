// <mignuti-chat>: the chat launcher and panel, in a closed shadow root.
// Importing this module defines nothing and touches nothing: see define.ts.

import { Api, ApiError, type Session } from './api';
import { h, link, renderText } from './dom';
import { fill, pickLang, strings, type Lang, type Strings } from './i18n';
import { CSS } from './styles';

let sheet: CSSStyleSheet | undefined;

const ICON = 'M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H10l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z';

interface Ui {
  r: HTMLElement;
  launcher: HTMLButtonElement;
  panel: HTMLElement;
  h2: HTMLElement;
  close: HTMLButtonElement;
  log: HTMLElement;
  welcome: HTMLElement;
  alert: HTMLElement;
  label: HTMLElement;
  ta: HTMLTextAreaElement;
  send: HTMLButtonElement;
  ai: HTMLElement;
  del: HTMLButtonElement;
  dl: HTMLButtonElement;
  act: HTMLElement;
  box: HTMLElement;
}

export class MignutiChat extends HTMLElement {
  static observedAttributes = ['project', 'api', 'lang', 'privacy-url', 'position'];
  /** The API origin used when there is no `api` attribute; the script-tag entry sets it to where widget.js came from. */
  static defaultApi = '';

  #root: ShadowRoot;
  #ui?: Ui;
  #t!: Strings;
  #lang: Lang = 'en';
  #session: Session | null = null;
  #loadedFor: string | null = null;
  #busy = false;
  #paused = false;
  #timer = 0;
  #jobs = new Set<AbortController>();
  #urls: string[] = [];

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'closed' });
  }

  connectedCallback(): void {
    this.#ui ??= this.#build();
    this.#configure();
    if (!this.#ui.panel.hidden) this.#watch();
  }

  disconnectedCallback(): void {
    clearInterval(this.#timer);
    for (const job of this.#jobs) job.abort();
    this.#jobs.clear();
    for (const url of this.#urls) URL.revokeObjectURL(url);
    this.#urls = [];
  }

  attributeChangedCallback(): void {
    if (this.#ui) this.#configure();
  }

  get #project(): string {
    return this.getAttribute('project') ?? '';
  }

  #api(): Api {
    const base = this.getAttribute('api') || MignutiChat.defaultApi || location.origin;
    return new Api(base.replace(/\/+$/, ''), this.#lang);
  }

  #configure(): void {
    this.#lang = pickLang(this.closest('[lang]')?.getAttribute('lang') || navigator.language);
    this.#t = strings(this.#lang);
    if (this.#loadedFor !== this.#project) {
      this.#loadedFor = this.#project;
      this.#session = null;
      try {
        this.#session = JSON.parse(sessionStorage.getItem(this.#key()) ?? 'null');
      } catch {
        /* storage blocked or garbled: start without */
      }
    }
    this.#texts();
    this.#side();
  }

  #key(): string {
    return `mignuti:${this.#project}`;
  }

  // sessionStorage is written only once a conversation exists, i.e. after
  // the visitor's first message; before that the widget stores nothing.
  #save(): void {
    try {
      if (this.#session) sessionStorage.setItem(this.#key(), JSON.stringify(this.#session));
      else sessionStorage.removeItem(this.#key());
    } catch {
      /* storage blocked: the chat still works for this page view */
    }
  }

  #build(): Ui {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    }
    this.#root.adoptedStyleSheets = [sheet];
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    path.setAttribute('d', ICON);
    svg.append(path);
    const b = (cls: string) => h('button', { type: 'button', class: cls });
    const ui: Ui = {
      r: h('div', { class: 'r' }),
      launcher: h('button', { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'p' }, svg),
      panel: h('section', { id: 'p', class: 'panel', role: 'dialog', 'aria-labelledby': 't', hidden: '' }),
      h2: h('h2', { id: 't' }),
      close: b('x'),
      log: h('div', { class: 'log', role: 'log', 'aria-live': 'polite', tabindex: '0' }),
      welcome: h('div', { class: 'msg bot' }),
      alert: h('p', { class: 'alert', role: 'alert' }),
      label: h('label', { class: 'sr', for: 'q' }),
      ta: h('textarea', { id: 'q', rows: '2', maxlength: '2000' }),
      send: h('button', { type: 'submit', class: 'send' }),
      ai: h('p', { class: 'ai', role: 'note' }),
      del: b('link del'),
      dl: b('link dl'),
      act: h('div', { class: 'act', hidden: '' }),
      box: h('div', { class: 'box', 'aria-live': 'polite' }),
    };
    const form = h('form', null, ui.label, ui.ta, ui.send);
    ui.log.append(ui.welcome);
    ui.panel.append(
      h('header', null, ui.h2, ui.close),
      ui.log,
      ui.alert,
      form,
      h('footer', null, ui.ai, h('div', { class: 'row' }, ui.del, ui.dl), ui.act, ui.box),
    );
    ui.r.append(ui.panel, ui.launcher);
    this.#root.append(ui.r);

    ui.launcher.onclick = () => this.#toggle(ui.panel.hidden);
    ui.close.onclick = () => this.#toggle(false);
    ui.panel.onkeydown = (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.#toggle(false);
      }
    };
    form.onsubmit = (e) => {
      e.preventDefault();
      void this.#send();
    };
    ui.ta.onkeydown = (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        form.requestSubmit();
      }
    };
    ui.del.onclick = () => this.#confirmDelete();
    ui.dl.onclick = () => void this.#download();
    return ui;
  }

  #texts(): void {
    const u = this.#ui!;
    const t = this.#t;
    u.r.lang = this.#lang;
    u.launcher.setAttribute('aria-label', t.open);
    u.close.setAttribute('aria-label', t.close);
    u.close.textContent = '×';
    u.h2.textContent = t.title;
    u.log.setAttribute('aria-label', t.log);
    u.welcome.replaceChildren(h('span', { class: 'sr' }, t.bot), t.welcome);
    u.label.textContent = t.label;
    u.ta.placeholder = t.placeholder;
    u.send.textContent = t.send;
    u.del.textContent = t.del;
    u.dl.textContent = t.dl;
    this.#renderAi();
  }

  // Art. 50 AI Act notice: always rendered while the panel exists, not
  // configurable. The server's disclosure (in the widget's language) replaces
  // the built-in sentence when it has one.
  #renderAi(): void {
    const t = this.#t;
    let privacy = this.getAttribute('privacy-url') ?? document.querySelector<HTMLLinkElement>('link[rel~="privacy-policy"]')?.href;
    try {
      privacy = privacy && new URL(privacy, document.baseURI).href;
    } catch {
      privacy = '';
    }
    this.#ui!.ai.replaceChildren(
      h('strong', null, this.#session?.disclosure?.trim() || t.ai),
      ' ',
      t.hint,
      privacy ? ' ' : '',
      privacy ? link(privacy, t.privacy) : '',
    );
  }

  #toggle(open: boolean): void {
    const u = this.#ui!;
    u.panel.hidden = !open;
    u.launcher.setAttribute('aria-expanded', String(open));
    clearInterval(this.#timer);
    if (!open) {
      u.launcher.focus();
      return;
    }
    this.#side();
    this.#showCode();
    this.#watch();
    u.ta.focus();
  }

  #side(): void {
    const side = this.getAttribute('position') ?? getComputedStyle(this).getPropertyValue('--mignuti-position');
    this.#ui!.r.classList.toggle('left', side.trim() === 'left');
  }

  #watch(): void {
    clearInterval(this.#timer);
    this.#check();
    this.#timer = window.setInterval(() => this.#check(), 1000);
  }

  // The chat only runs while its AI notice can be seen: a page that covers,
  // clips or fades it pauses the chat instead of hiding the notice.
  #check(): boolean {
    const u = this.#ui!;
    const ok = this.#visible();
    if (ok === this.#paused) {
      this.#paused = !ok;
      u.ta.disabled = !ok;
      u.send.disabled = !ok || this.#busy;
      if (!ok) u.alert.textContent = this.#t.paused;
      else if (u.alert.textContent === this.#t.paused) u.alert.textContent = '';
    }
    return ok;
  }

  #visible(): boolean {
    const ai = this.#ui!.ai;
    const r = ai.getBoundingClientRect();
    if (r.width < 40 || r.height < 12) return false;
    for (const fx of [0.05, 0.5, 0.95]) {
      const x = r.left + r.width * fx;
      const y = r.top + r.height / 2;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
      const hit = this.#root.elementFromPoint(x, y);
      if (!hit || !ai.contains(hit)) return false;
    }
    let opacity = 1;
    for (let e: Element | null = this; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      opacity *= +s.opacity;
      if (opacity < 0.5 || /opacity|brightness\(0|contrast\(0|blur/.test(s.filter)) return false;
    }
    return true;
  }

  #bubble(kind: 'me' | 'bot', text = ''): HTMLElement {
    const el = h('div', { class: `msg ${kind}` }, h('span', { class: 'sr' }, kind === 'me' ? this.#t.you : this.#t.bot), text);
    return el;
  }

  #scroll(): void {
    const log = this.#ui!.log;
    log.scrollTop = log.scrollHeight;
  }

  #job(): AbortController {
    const job = new AbortController();
    this.#jobs.add(job);
    return job;
  }

  async #send(): Promise<void> {
    const u = this.#ui!;
    const t = this.#t;
    const text = u.ta.value.trim();
    if (!text || this.#busy || !this.#check()) return;
    u.alert.textContent = '';
    if (!navigator.onLine) return this.#fail(new ApiError('offline'));
    this.#busy = true;
    u.send.disabled = true;
    u.log.setAttribute('aria-busy', 'true');
    u.ta.value = '';
    const body = h('div');
    const bot = this.#bubble('bot');
    bot.classList.add('wait');
    bot.append(body);
    u.log.append(this.#bubble('me', text), bot);
    this.#scroll();
    let answer = '';
    let meta: { provider?: string; model?: string } | null = null;
    const job = this.#job();
    try {
      await this.#withSession(job.signal, (s) =>
        this.#api().chat(
          s.token,
          text,
          (event, d) => {
            if (event === 'delta' && typeof d.text === 'string') {
              answer += d.text;
              bot.classList.remove('wait');
              renderText(answer, body);
            } else if (event === 'meta') {
              meta = d;
            } else if (event === 'citations' && Array.isArray(d.sources) && d.sources.length) {
              bot.append(
                h(
                  'div',
                  { class: 'cites' },
                  `${t.sources}:`,
                  h('ul', null, ...d.sources.map((c: any) => h('li', null, link(c?.url, String(c?.title || c?.url || ''))))),
                ),
              );
            }
            this.#scroll();
          },
          job.signal,
        ),
      );
      const m = meta as { provider?: string; model?: string } | null;
      if (m) bot.append(h('div', { class: 'meta' }, m.provider === 'extractive' ? t.kb : fill(t.via, { m: m.model || m.provider || '' })));
    } catch (e) {
      bot.classList.remove('wait');
      if (!answer) {
        bot.remove();
        if (!u.ta.value && (e as ApiError).code !== 'blocked_input') u.ta.value = text;
      }
      this.#fail(e);
    } finally {
      this.#jobs.delete(job);
      this.#busy = false;
      u.send.disabled = this.#paused;
      u.log.removeAttribute('aria-busy');
      this.#scroll();
    }
  }

  // Runs `fn` with a valid session: creates the conversation on the first
  // message, renews an expired token with the delete token (same
  // conversation), and retries once after a 401.
  async #withSession(signal: AbortSignal, fn: (s: Session) => Promise<void>): Promise<void> {
    let s = this.#session;
    if (!s) s = await this.#adopt(this.#api().session(this.#project, undefined, signal));
    else if (!(Date.parse(s.expires_at) > Date.now() + 5000)) s = await this.#renew(signal);
    try {
      await fn(s);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) throw e;
      await fn(await this.#renew(signal));
    }
  }

  async #renew(signal: AbortSignal): Promise<Session> {
    try {
      return await this.#adopt(this.#api().session(this.#project, this.#session?.delete_token, signal));
    } catch (e) {
      // The conversation is gone (deleted, expired by retention): start a new one.
      if (e instanceof ApiError && (e.status === 401 || e.status === 404 || e.status === 410)) {
        this.#session = null;
        return this.#adopt(this.#api().session(this.#project, undefined, signal));
      }
      throw e;
    }
  }

  async #adopt(pending: Promise<Session>): Promise<Session> {
    const r = await pending;
    const old = this.#session;
    const s: Session = {
      token: r.token,
      delete_token: r.delete_token ?? old?.delete_token ?? '',
      conversation_id: r.conversation_id,
      expires_at: r.expires_at,
      disclosure: r.disclosure,
    };
    this.#session = s;
    this.#save();
    this.#renderAi();
    this.#showCode();
    return s;
  }

  #fail(e: unknown): void {
    if ((e as Error)?.name === 'AbortError') return;
    const t = this.#t;
    const err = e instanceof ApiError ? e : new ApiError('failed');
    const c = err.code;
    // Unknown codes: the server's short message, already in the widget's language.
    let msg = err.message || t.failed;
    if (c === 'rate_limited') msg = err.retryAfter ? `${t.rate_limited} ${fill(t.wait, { s: err.retryAfter })}` : t.rate_limited;
    else if (c === 'blocked_input') msg = err.message || t.blocked_input;
    else if (c === 'offline' || c === 'provider_unavailable' || c === 'interrupted') msg = t[c];
    else if (c === 'unknown_project' || c === 'origin_not_allowed') msg = t.unavailable;
    else if (err.status === 401 || err.status >= 500) msg = t.failed;
    const alert = this.#ui!.alert;
    alert.textContent = '';
    alert.textContent = msg;
  }

  #showCode(): void {
    const s = this.#session;
    const box = this.#ui!.box;
    if (!s?.delete_token || box.dataset.code === s.delete_token) return;
    box.dataset.code = s.delete_token;
    const input = h('input', { id: 'k', readonly: '', 'aria-label': this.#t.code });
    input.value = s.delete_token;
    input.onfocus = () => input.select();
    box.replaceChildren(h('details', null, h('summary', null, this.#t.code), input, this.#copy(s.delete_token)));
  }

  #copy(text: string): HTMLButtonElement {
    const btn = h('button', { type: 'button', class: 'link' }, this.#t.copy);
    btn.onclick = () =>
      navigator.clipboard?.writeText(text).then(
        () => (btn.textContent = this.#t.copied),
        () => {},
      );
    return btn;
  }

  #nothing(): void {
    const box = this.#ui!.box;
    delete box.dataset.code;
    box.replaceChildren(h('p', null, this.#t.none));
  }

  #confirmDelete(): void {
    const u = this.#ui!;
    const t = this.#t;
    if (!this.#session) return this.#nothing();
    const yes = h('button', { type: 'button' }, t.yes);
    const no = h('button', { type: 'button', class: 'link' }, t.no);
    no.onclick = () => {
      u.act.hidden = true;
      u.del.focus();
    };
    yes.onclick = () => void this.#erase();
    u.act.replaceChildren(h('span', null, t.confirm), yes, no);
    u.act.hidden = false;
    yes.focus();
  }

  async #erase(): Promise<void> {
    const u = this.#ui!;
    const t = this.#t;
    const s = this.#session;
    if (!s) return;
    for (const j of this.#jobs) j.abort();
    const job = this.#job();
    try {
      const r = await this.#api().erase(s.delete_token, job.signal);
      this.#session = null;
      this.#save();
      this.#renderAi();
      u.act.hidden = true;
      u.alert.textContent = '';
      u.log.replaceChildren(u.welcome);
      const at = Date.parse(r?.deleted_at);
      const head = h('p', { tabindex: '-1' }, fill(t.deleted, { n: r?.deleted?.messages ?? 0, t: at ? new Date(at).toLocaleString(this.#lang) : '' }));
      const pre = h('pre', { tabindex: '0', 'aria-label': t.receipt }, JSON.stringify(r, null, 2));
      delete u.box.dataset.code;
      u.box.replaceChildren(head, pre, this.#copy(pre.textContent ?? ''));
      head.focus();
    } catch (e) {
      u.act.hidden = true;
      this.#fail(e);
    } finally {
      this.#jobs.delete(job);
    }
  }

  async #download(): Promise<void> {
    const s = this.#session;
    if (!s) return this.#nothing();
    const job = this.#job();
    try {
      const data = await this.#api().history(s.delete_token, job.signal);
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      this.#urls.push(url);
      h('a', { href: url, download: `chat-${s.conversation_id}.json` }).click();
    } catch (e) {
      this.#fail(e);
    } finally {
      this.#jobs.delete(job);
    }
  }
}
