// DOM building without innerHTML, so the widget also runs on pages that
// enforce Trusted Types, and model output can only ever become text nodes.

type Kid = Node | string | null | undefined | false;

/** Creates an element with attributes (set as attributes, never as HTML) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Record<string, string> | null,
  ...kids: Kid[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) for (const k in attrs) el.setAttribute(k, attrs[k]);
  for (const kid of kids) if (kid) el.append(kid);
  return el;
}

/** A link if `url` is http(s), otherwise plain text: no javascript:, data: or relative URLs from model output. */
export function link(url: string | null | undefined, text: string): Node {
  let u: URL | undefined;
  try {
    u = new URL(url ?? '');
  } catch {
    /* not a URL: text only */
  }
  return u && /^https?:$/.test(u.protocol)
    ? h('a', { href: u.href, target: '_blank', rel: 'noopener noreferrer' }, text)
    : document.createTextNode(text);
}

const INLINE = /\*\*([^*\n]+)\*\*|\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)|(https?:\/\/[^\s<>()]*[^\s<>().,;:!?'"])/g;

function inline(s: string, into: HTMLElement): void {
  let last = 0;
  for (const m of s.matchAll(INLINE)) {
    into.append(s.slice(last, m.index));
    into.append(m[1] ? h('strong', null, m[1]) : link(m[3] ?? m[4], m[2] ?? m[4]));
    last = (m.index ?? 0) + m[0].length;
  }
  into.append(s.slice(last));
}

const ITEM = /^\s*(?:([-*•])|\d+[.)])\s+/;

/**
 * Renders answer text as a small, safe subset of Markdown: paragraphs, line
 * breaks, bulleted and numbered lists, **bold**, and http(s) links (inline
 * `[text](url)` or bare). Everything else stays literal text.
 */
export function renderText(text: string, into: HTMLElement): void {
  into.replaceChildren();
  for (const block of text.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    let p = null as HTMLElement | null;
    let list = null as HTMLElement | null;
    for (const line of block.split('\n')) {
      if (!line.trim()) continue;
      const m = ITEM.exec(line);
      if (m) {
        const tag = m[1] ? 'ul' : 'ol';
        if (list?.localName !== tag) into.append((list = h(tag)));
        const li = h('li');
        inline(line.slice(m[0].length), li);
        list.append(li);
        p = null;
      } else {
        if (p) p.append(h('br'));
        else into.append((p = h('p')));
        inline(line.trim(), p);
        list = null;
      }
    }
  }
}
