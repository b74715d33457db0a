// A local stand-in for the paid upstream: a tiny OpenAI-compatible chat completions server on
// 127.0.0.1 whose behaviour each test scripts (valid, invalid, streamed, slow, 429/5xx, dead).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const VALID_LAYOUT = {
  version: 1,
  title: 'Book a table',
  root: 'page',
  data: { guest: { name: '', party: 2 } },
  nodes: [
    { id: 'page', type: 'stack', children: ['h', 'f'] },
    { id: 'h', type: 'heading', props: { text: 'Book a table', level: 1 } },
    { id: 'f', type: 'form', props: { action: 'reserve', submitLabel: 'Reserve' }, children: ['name', 'party'] },
    { id: 'name', type: 'text-field', props: { label: 'Name', bind: '/guest/name', required: true } },
    { id: 'party', type: 'number-field', props: { label: 'Guests', bind: '/guest/party', min: 1, max: 12 } },
  ],
};

/** Fails the catalog gate (an unknown component type). */
export const INVALID_LAYOUT = {
  version: 1,
  root: 'page',
  nodes: [{ id: 'page', type: 'marquee', props: { text: 'hi' } }],
};

export type Behaviour =
  | {
      kind: 'layout';
      layout?: unknown;
      text?: string;
      delayMs?: number /** Answer plain JSON even when asked to stream. */;
      noStream?: boolean;
    }
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  | { kind: 'hang' }
  | { kind: 'die' }
  /** Streams part of a layout, then stops sending without ending. */
  | { kind: 'stall' }
  /** Answers with the Authorization header it received, in the error body and the text. */
  | { kind: 'echo-auth'; status: number };

export interface UpstreamCall {
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export interface StandIn {
  url: string;
  calls: UpstreamCall[];
  /** Behaviours for the next requests, in order; the last one repeats. */
  script(...behaviours: Behaviour[]): void;
  /** Resolves when the next request arrives. */
  nextCall(): Promise<void>;
  /** Resolves when a request left hanging is closed by the caller. */
  nextHangup(): Promise<void>;
  close(): Promise<void>;
}

function completion(text: string, model: string) {
  return {
    id: 'cmpl-1',
    object: 'chat.completion',
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 120, completion_tokens: Math.ceil(text.length / 4), total_tokens: 0 },
  };
}

function streamText(res: ServerResponse, text: string, model: string, stopAfter?: number): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const pieces = text.match(/[\s\S]{1,24}/g) ?? [];
  const shown = stopAfter === undefined ? pieces : pieces.slice(0, stopAfter);
  for (const p of shown)
    res.write(`data: ${JSON.stringify({ model, choices: [{ index: 0, delta: { content: p } }] })}\n\n`);
  if (stopAfter !== undefined) return;
  res.write(
    `data: ${JSON.stringify({ model, choices: [], usage: { prompt_tokens: 120, completion_tokens: Math.ceil(text.length / 4) } })}\n\n`,
  );
  res.end('data: [DONE]\n\n');
}

export async function startStandIn(model = 'premium-test-1', options: { record?: boolean } = {}): Promise<StandIn> {
  let queue: Behaviour[] = [{ kind: 'layout' }];
  const calls: UpstreamCall[] = [];
  const sockets = new Set<Socket>();
  const waiting = { call: [] as Array<() => void>, hangup: [] as Array<() => void> };
  const notify = (list: Array<() => void>) => {
    for (const f of list.splice(0)) f();
  };
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(parts).toString('utf8'));
      } catch {
        /* recorded as {} */
      }
      if (options.record !== false) calls.push({ headers: req.headers, body });
      const b = queue.length > 1 ? queue.shift()! : queue[0]!;
      notify(waiting.call);
      const stream = body.stream === true;
      switch (b.kind) {
        case 'layout': {
          const text = b.text ?? JSON.stringify(b.layout ?? VALID_LAYOUT);
          const send = () => {
            if (stream && !b.noStream) streamText(res, text, model);
            else {
              res.writeHead(200, { 'content-type': 'application/json' });
              res.end(JSON.stringify(completion(text, model)));
            }
          };
          if (b.delayMs) setTimeout(send, b.delayMs);
          else send();
          return;
        }
        case 'status':
          res.writeHead(b.status, {
            'content-type': 'application/json',
            ...(b.retryAfter ? { 'retry-after': b.retryAfter } : {}),
          });
          res.end(b.body ?? JSON.stringify({ error: { message: 'stand-in failure', type: 'server_error' } }));
          return;
        case 'echo-auth': {
          const auth = String(req.headers.authorization ?? '');
          if (b.status === 200) {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify(completion(`not json, but your key: ${auth}`, model)));
          } else {
            res.writeHead(b.status, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${auth}` } }));
          }
          return;
        }
        case 'hang':
          res.on('close', () => notify(waiting.hangup));
          return; // never answers
        case 'die':
          req.socket.destroy();
          return;
        case 'stall':
          res.on('close', () => notify(waiting.hangup));
          streamText(res, JSON.stringify(VALID_LAYOUT), model, 2);
          return;
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    script: (...behaviours) => {
      queue = behaviours.length ? behaviours : [{ kind: 'layout' }];
    },
    nextCall: () => new Promise<void>((resolve) => waiting.call.push(resolve)),
    nextHangup: () => new Promise<void>((resolve) => waiting.hangup.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
