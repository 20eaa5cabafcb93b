// The edge's HTTP API as the widget uses it (widget/README.md, "API").
// No cookies (credentials: 'omit'), no caches, nothing but the edge.

import { SseParser } from './sse';

export interface Session {
  token: string;
  delete_token: string;
  conversation_id: string;
  expires_at: string;
  disclosure?: string;
}

/** A failure with the API's stable code (or a client-side one: `offline`, `interrupted`). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message = '',
    readonly status = 0,
    readonly retryAfter = 0,
  ) {
    super(message);
  }
}

export type Handler = (event: string, data: any) => void;

export class Api {
  constructor(
    readonly base: string,
    readonly lang: string,
  ) {}

  async #fetch(path: string, init: RequestInit, bearer?: string): Promise<Response> {
    const headers: Record<string, string> = { 'accept-language': this.lang };
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (init.body) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(this.base + path, { ...init, headers, credentials: 'omit', cache: 'no-store' });
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      throw new ApiError(navigator.onLine ? 'network' : 'offline');
    }
    if (res.ok) return res;
    let err: { code?: string; message?: string } = {};
    try {
      err = (await res.json()).error ?? {};
    } catch {
      /* not JSON: keep the status only */
    }
    throw new ApiError(err.code ?? `http_${res.status}`, err.message, res.status, +(res.headers.get('retry-after') ?? 0) || 0);
  }

  async #json(path: string, init: RequestInit, bearer?: string): Promise<any> {
    return (await this.#fetch(path, init, bearer)).json();
  }

  /** A new conversation, or with `deleteToken` a new session token for that conversation. */
  session(project: string, deleteToken?: string, signal?: AbortSignal): Promise<Session> {
    const body: Record<string, string> = { publishable_key: project, language: this.lang };
    if (deleteToken) body.delete_token = deleteToken;
    return this.#json('/v1/session', { method: 'POST', body: JSON.stringify(body), signal });
  }

  /** Streams one answer; resolves after `done`, rejects on an `error` event or a cut-off stream. */
  async chat(token: string, message: string, on: Handler, signal: AbortSignal): Promise<void> {
    const res = await this.#fetch('/v1/chat', { method: 'POST', body: JSON.stringify({ message }), signal }, token);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const parser = new SseParser();
    try {
      for (;;) {
        let chunk: ReadableStreamReadResult<string>;
        try {
          chunk = await reader.read();
        } catch (e) {
          if ((e as Error).name === 'AbortError') throw e;
          throw new ApiError(navigator.onLine ? 'interrupted' : 'offline');
        }
        if (chunk.done) throw new ApiError('interrupted');
        for (const { event, data } of parser.push(chunk.value)) {
          let d: any = {};
          try {
            d = data ? JSON.parse(data) : {};
          } catch {
            continue;
          }
          if (event === 'error') throw new ApiError(d.code ?? 'failed', d.message);
          if (event === 'done') return;
          on(event, d);
        }
      }
    } finally {
      reader.cancel().catch(() => {});
    }
  }

  /** Everything stored about the conversation (GDPR Art. 15/20). */
  history(deleteToken: string, signal?: AbortSignal): Promise<any> {
    return this.#json('/v1/history', { signal }, deleteToken);
  }

  /** Erases the conversation; resolves to the signed receipt. */
  erase(deleteToken: string, signal?: AbortSignal): Promise<any> {
    return this.#json('/v1/history', { method: 'DELETE', signal }, deleteToken);
  }
}
