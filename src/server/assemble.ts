// POST /v1/assemble: the premium station. Builds the prompt from the built-in catalog, asks the
// upstream for a schema-constrained layout, runs the same gates as the browser, repairs once,
// and answers JSON — or streams the gated layout as SSE and ends with the verdict. Nothing the
// upstream wrote leaves unless it is part of a layout that passed its gates.
import type { Context } from 'hono';
import { builtinCatalog } from '../catalog/builtin.js';
import { runGates } from '../gates/index.js';
import { repairPrompt, type Issue } from '../gates/issue.js';
import type { LayoutDocument } from '../layout/document.js';
import { handleRefine } from './assemble-patch.js';
import { clientIssues, type PremiumAsk } from './ask.js';
import { assembleBody, parseBody, type AssembleBody } from './bodies.js';
import { errorBody, HttpError } from './errors.js';
import { GatedStream } from './gated-stream.js';
import type { Redact } from './redact.js';
import type { ChatMessage, Completion, LayoutAsk, OpenCall, Upstream, Usage } from './upstream.js';

export { ASSEMBLE_LIMITS } from './bodies.js';

/** What the premium station is asked for, once the body is read: the site's schema, if not the built-in one. */

/** Checks the body's shape; throws 400 with the field's JSON Pointer and what was expected. */
export function parseAssembleBody(body: unknown): PremiumAsk {
  const { catalogSchema, ...rest } = parseBody(assembleBody, body);
  // The built-in catalog (no schema, or its hash) leaves the schema to the server: see layoutAsk.
  if (typeof catalogSchema === 'string' && catalogSchema !== builtinCatalog.hash()) {
    throw new HttpError(
      400,
      'unknown_catalog',
      `the catalog hash ${JSON.stringify(catalogSchema.slice(0, 64))} is not the built-in catalog's (${builtinCatalog.hash()}); send the schema object as catalogSchema instead`,
    );
  }
  // The failed attempt's issues go back to the model as text: their gate names are not checked here.
  const ask = rest as PremiumAsk;
  if (catalogSchema !== undefined && typeof catalogSchema !== 'string') ask.schema = catalogSchema;
  return ask;
}

const SYSTEM = {
  flat: [
    'You assemble user interfaces as Jig layout documents: one JSON object, nothing else.',
    'Shape: {"version":1,"title"?:string,"root":id,"data"?:object,"nodes":[{"id","type","props"?,"children"?}]}.',
    'Nodes form a flat list; "children" lists child ids; every node is reachable from "root". Put "data" before "nodes".',
  ],
  // The nested generation form (docs/engines.md, "The nested form"): what the tree schema asks for.
  nested: [
    'You assemble user interfaces as Jig layout documents: one JSON object, nothing else.',
    'Shape: {"version":1,"title"?:string,"data":object,"tree":{"type","props"?,"children"?:[node…]}}.',
    'Each node holds its children inline; no ids. Put "data" before "tree".',
  ],
} as const;
const SYSTEM_TAIL = [
  'Inputs bind to JSON Pointers into "data" (e.g. "/guest/name"). Actions are short names such as "submit".',
  'For a list from data, give one node "repeat": "/items" (an array in data): it and its children render once per item, and inside them pointers without a leading "/" read the item ("bind": "done", {"$data": "name"}).',
  'To show a node only when data says so, give it "visible": {"$data": "/agree", "eq": true} (also neq, gt, gte, lt, lte, in; and, or, not); conditions are data, never code.',
  'Use only these components and props:',
];

export function buildMessages(req: PremiumAsk, form: 'nested' | 'flat' = 'flat'): ChatMessage[] {
  const user = [`Intent: ${req.intent}`];
  if (req.context !== undefined) user.push(`Context (JSON): ${JSON.stringify(req.context)}`);
  const messages: ChatMessage[] = [
    { role: 'system', content: `${[...SYSTEM[form], ...SYSTEM_TAIL].join('\n')}\n${builtinCatalog.prompt()}` },
    { role: 'user', content: user.join('\n') },
  ];
  if (req.failed) {
    const text = typeof req.failed.layout === 'string' ? req.failed.layout : JSON.stringify(req.failed.layout);
    messages.push({ role: 'assistant', content: text }, { role: 'user', content: repairPrompt(req.failed.issues) });
  }
  return messages;
}

export interface AssembleOutcome {
  status: 200 | 422;
  body: Record<string, unknown>;
}

const addUsage = (a: Usage, b: Usage): Usage => ({
  inputTokens: a.inputTokens + b.inputTokens,
  outputTokens: a.outputTokens + b.outputTokens,
});

/** The model name the upstream reports: short, printable text, since it reaches the client. */
const modelName = (name: string, fallback: string) => (/^[\x20-\x7e]{1,128}$/.test(name) ? name : fallback);

/** What one attempt sends while it streams: gated layout text, and the end of it once the verdict passed. */
interface Sink {
  text(t: string, attempt: number): void;
  passed(layout: LayoutDocument, attempt: number): void;
  repair(issues: Issue[]): void;
}

/**
 * The assemble flow over an already-open first call: read, gate, repair once. A streaming `sink`
 * receives the upstream text to gate, the verdict of each attempt and the repair notice.
 */
async function finish(
  upstream: Upstream,
  ask: LayoutAsk,
  messages: ChatMessage[],
  first: OpenCall,
  signal: AbortSignal | undefined,
  sink?: Sink,
): Promise<AssembleOutcome> {
  const a: Completion = await first.read(sink && ((t) => sink.text(t, 1)));
  let usage = a.usage;
  const v1 = runGates(a.text, {});
  if (v1.ok) {
    sink?.passed(v1.layout, 1);
    return {
      status: 200,
      body: { layout: v1.layout, model: modelName(a.model, upstream.model), usage, repaired: false },
    };
  }
  sink?.repair(clientIssues(v1.issues));
  const second = await upstream.open(
    [...messages, { role: 'assistant', content: a.text }, { role: 'user', content: repairPrompt(v1.issues) }],
    ask,
    { stream: !!sink, ...(signal ? { signal } : {}) },
  );
  const b = await second.read(sink && ((t) => sink.text(t, 2)));
  usage = addUsage(usage, b.usage);
  const v2 = runGates(b.text, {});
  if (v2.ok) {
    sink?.passed(v2.layout, 2);
    return {
      status: 200,
      body: { layout: v2.layout, model: modelName(b.model, upstream.model), usage, repaired: true },
    };
  }
  return {
    status: 422,
    body: {
      ...errorBody('layout_invalid', `the layout failed the gates after one repair (${v2.issues.length} issues)`),
      layout: null,
      model: modelName(b.model, upstream.model),
      usage,
      repaired: true,
      issues: clientIssues(v2.issues),
      issuesCount: v2.issues.length,
    },
  };
}

export async function handleAssemble(c: Context, upstream: Upstream, body: unknown, redact: Redact): Promise<Response> {
  const req = parseAssembleBody(body);
  if (req.mode === 'patch') {
    if (req.layout === undefined)
      throw new HttpError(
        400,
        'bad_request',
        '"/layout" is missing: a patch needs the layout on screen',
        {},
        '/layout',
      );
    return handleRefine(c, upstream, req, redact);
  }
  if (req.layout !== undefined)
    throw new HttpError(
      400,
      'bad_request',
      '"/mode" must be "patch" when the layout on screen is sent (the answer is then ops against it)',
      {},
      '/mode',
    );
  const wantsStream = (c.req.header('accept') ?? '').includes('text/event-stream');
  const clientSignal = c.req.raw.signal;
  const ask = upstream.ask(req.schema);
  const messages = buildMessages(req, ask.form === 'nested' ? 'nested' : 'flat');
  // Errors before the first byte (no upstream, breaker open, retries exhausted) answer as plain JSON.
  const first = await upstream.open(messages, ask, { stream: wantsStream, signal: clientSignal });
  if (!wantsStream) {
    const out = await finish(upstream, ask, messages, first, clientSignal);
    return c.body(redact(JSON.stringify(out.body)), out.status, { 'content-type': 'application/json; charset=utf-8' });
  }

  const encoder = new TextEncoder();
  let closed = false;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) => {
        if (!closed) controller.enqueue(encoder.encode(`event: ${event}\ndata: ${redact(JSON.stringify(data))}\n\n`));
      };
      // One gated reader per attempt: the client sees layout members and nodes that passed, never the upstream's words.
      const gated = new Map<number, GatedStream>();
      const reader = (attempt: number) => {
        let g = gated.get(attempt);
        if (!g) gated.set(attempt, (g = new GatedStream()));
        return g;
      };
      let verdict: Record<string, unknown>;
      try {
        verdict = (
          await finish(upstream, ask, messages, first, clientSignal, {
            text: (t, attempt) => {
              const text = reader(attempt).push(t);
              if (text) send('chunk', { text, attempt });
            },
            passed: (layout, attempt) => {
              const text = reader(attempt).close(layout);
              if (text) send('chunk', { text, attempt });
            },
            repair: (issues) => send('repair', { issues }),
          })
        ).body;
      } catch (err) {
        verdict = err instanceof HttpError ? errorBody(err.code, err.message) : errorBody('internal');
      }
      send('verdict', verdict);
      if (!closed) {
        closed = true;
        controller.close();
      }
    },
    cancel() {
      closed = true;
      first.cancel();
    },
  });
  return c.body(stream, 200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
  });
}
