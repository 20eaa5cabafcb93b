/** One server-sent event: its `event:` name and its `data:` lines joined by "\n". */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Incremental parser for a `text/event-stream` body, after the WHATWG HTML
 * "event stream interpretation": feed it decoded text in chunks of any size,
 * it returns the events completed so far. Lines may end in LF, CRLF or CR,
 * and a chunk may end anywhere, even between CR and LF.
 *
 * One deliberate difference from EventSource: an event that has an `event:`
 * name but no `data:` line is still delivered (with data ""), so a bare
 * `event: done` ends the stream as clearly as `event: done` + `data: {}`.
 */
export class SseParser {
  #buf = '';
  #event = '';
  #data: string[] | null = null;

  /** `chunk` is decoded text: TextDecoder(Stream) has already removed a leading BOM. */
  push(chunk: string): SseEvent[] {
    let buf = this.#buf + chunk;
    const out: SseEvent[] = [];
    let i: number;
    while ((i = buf.search(/[\r\n]/)) >= 0) {
      // A CR at the very end may be the first half of CRLF: wait for more.
      if (buf[i] === '\r' && i === buf.length - 1) break;
      this.#line(buf.slice(0, i), out);
      buf = buf.slice(i + (buf[i] === '\r' && buf[i + 1] === '\n' ? 2 : 1));
    }
    this.#buf = buf;
    return out;
  }

  #line(line: string, out: SseEvent[]): void {
    if (!line) {
      if (this.#data || this.#event) out.push({ event: this.#event || 'message', data: (this.#data ?? []).join('\n') });
      this.#event = '';
      this.#data = null;
      return;
    }
    if (line[0] === ':') return;
    const c = line.indexOf(':');
    const field = c < 0 ? line : line.slice(0, c);
    let value = c < 0 ? '' : line.slice(c + 1);
    if (value[0] === ' ') value = value.slice(1);
    if (field === 'event') this.#event = value;
    else if (field === 'data') (this.#data ??= []).push(value);
  }
}
