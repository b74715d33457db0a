// POST /v1/assemble with `mode: "patch"`: the premium station refines the layout on screen. The upstream
// answers RFC 6902 ops; they apply to a copy, the patched document runs all seven gates (one repair), and
// only ops that passed leave, with the layout they make. docs/server.md, "Refining the layout on screen".
import type { Context } from 'hono';
import { builtinCatalog } from '../catalog/builtin.js';
import type { JsonSchema } from '../catalog/catalog.js';
import { runGates } from '../gates/run.js';
import { issue, repairPrompt, type Issue } from '../gates/issue.js';
import { parseText } from '../gates/parse.js';
import { DEFAULT_LIMITS, type LayoutDocument } from '../layout/document.js';
import { applyPatch, mapIssuePath, PATCH_OPS, type PatchOp } from '../layout/patch.js';
import { clientIssues, type PremiumAsk } from './ask.js';
import { errorBody, HttpError } from './errors.js';
import type { Redact } from './redact.js';
import type { ChatMessage, LayoutAsk, Upstream, Usage } from './upstream.js';

/** Most ops one refine answer may hold: a request changes a part of the page, not all of it. */
export const REFINE_MAX_OPS = 64;

/** What the upstream is asked to write: `{"ops": [...]}` (an object at the top, as structured output wants). */
export const PATCH_SCHEMA: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'RFC 6902 ops against a Jig layout document',
  type: 'object',
  properties: {
    ops: {
      type: 'array',
      minItems: 1,
      maxItems: REFINE_MAX_OPS,
      items: {
        type: 'object',
        properties: {
          op: { enum: [...PATCH_OPS] },
          path: { type: 'string', pattern: '^(/[^/]*)*$', maxLength: 256 },
          from: { type: 'string', pattern: '^(/[^/]*)*$', maxLength: 256 },
          value: {},
        },
        required: ['op', 'path'],
        additionalProperties: false,
      },
    },
  },
  required: ['ops'],
  additionalProperties: false,
};

const SYSTEM = [
  'You change a Jig layout document that is on screen. Answer with JSON Patch (RFC 6902) operations, nothing else:',
  '{"ops": [{"op": "replace", "path": "/nodes/3/props/title", "value": "Revenue per week"}, …]}.',
  'The document is flat: {"version":1,"title"?,"root":id,"data"?:object,"nodes":[{"id","type","props"?,"children"?,"repeat"?,"visible"?}]}; "children" lists child ids; every node is reachable from "root".',
  "Paths point into that document: /nodes/<index>/props/<prop>, /nodes/- to append a node (then add its id to a parent's children), /data/<key>.",
  `Change only what the request asks for; keep ids; at most ${REFINE_MAX_OPS} operations. The result must still be a valid layout.`,
  'Inputs bind to JSON Pointers into "data". Use only these components and props:',
];

export function refineMessages(req: PremiumAsk, layout: LayoutDocument): ChatMessage[] {
  const user = [`Layout on screen (JSON): ${JSON.stringify(layout)}`, `Request: ${req.intent}`];
  if (req.context !== undefined) user.push(`Context (JSON): ${JSON.stringify(req.context)}`);
  return [
    { role: 'system', content: `${SYSTEM.join('\n')}\n${builtinCatalog.prompt({ live: true })}` },
    { role: 'user', content: user.join('\n') },
  ];
}

type Checked = { ok: true; ops: PatchOp[]; layout: LayoutDocument } | { ok: false; issues: Issue[] };

/**
 * Reads an upstream answer as ops (the parse gate's rule: the first JSON object, duplicate and
 * prototype keys refused), applies them to a copy of the layout and runs every gate on the result.
 * Issues point into the patch (`/ops/2/value/props/href`) where the patch wrote the value.
 */
export function checkRefine(text: string, layout: LayoutDocument): Checked {
  const parsed = parseText(text, DEFAULT_LIMITS);
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  const value = parsed.value as { ops?: unknown };
  const ops = value !== null && typeof value === 'object' && !Array.isArray(value) ? value.ops : undefined;
  if (!Array.isArray(ops))
    return { ok: false, issues: [issue('bad_patch', '/ops', 'expected {"ops": [ … RFC 6902 operations … ]}')] };
  if (ops.length === 0)
    return {
      ok: false,
      issues: [issue('bad_patch', '/ops', 'expected at least one operation; the request changes something')],
    };
  const applied = applyPatch(layout, ops, { maxOps: REFINE_MAX_OPS });
  if (!applied.ok) return { ok: false, issues: applied.problems.map((p) => issue(p.code, p.path, p.message)) };
  const verdict = runGates(applied.document, {});
  if (!verdict.ok)
    return { ok: false, issues: verdict.issues.map((i) => ({ ...i, path: mapIssuePath(i.path, applied.applied) })) };
  // What leaves is the ops as parsed and re-serialised, never the upstream's text.
  return { ok: true, ops: ops as PatchOp[], layout: verdict.layout };
}

const addUsage = (a: Usage, b: Usage): Usage => ({
  inputTokens: a.inputTokens + b.inputTokens,
  outputTokens: a.outputTokens + b.outputTokens,
});
const modelName = (name: string, fallback: string) => (/^[\x20-\x7e]{1,128}$/.test(name) ? name : fallback);

/** The layout on screen must itself pass the gates: a patch against a broken page means nothing. */
function screenLayout(value: unknown): LayoutDocument {
  const v = runGates(value, {});
  if (v.ok) return v.layout;
  const first = v.issues[0]!;
  throw new HttpError(
    400,
    'bad_request',
    `"/layout${first.path}": the layout on screen must pass the gates (${first.code}: ${first.message.slice(0, 200)})`,
    {},
    `/layout${first.path}`.slice(0, 256),
  );
}

export async function handleRefine(c: Context, upstream: Upstream, req: PremiumAsk, redact: Redact): Promise<Response> {
  const layout = screenLayout(req.layout);
  const signal = c.req.raw.signal;
  const ask: LayoutAsk = { form: 'patch', schema: PATCH_SCHEMA };
  const messages = refineMessages(req, layout);
  const answer = (status: 200 | 422, body: Record<string, unknown>) =>
    c.body(redact(JSON.stringify(body)), status, { 'content-type': 'application/json; charset=utf-8' });

  const a = await (await upstream.open(messages, ask, { stream: false, signal })).read();
  let usage = a.usage;
  const v1 = checkRefine(a.text, layout);
  if (v1.ok)
    return answer(200, {
      ops: v1.ops,
      layout: v1.layout,
      model: modelName(a.model, upstream.model),
      usage,
      repaired: false,
    });
  const second = await upstream.open(
    [...messages, { role: 'assistant', content: a.text }, { role: 'user', content: repairPrompt(v1.issues) }],
    ask,
    { stream: false, signal },
  );
  const b = await second.read();
  usage = addUsage(usage, b.usage);
  const v2 = checkRefine(b.text, layout);
  const model = modelName(b.model, upstream.model);
  if (v2.ok) return answer(200, { ops: v2.ops, layout: v2.layout, model, usage, repaired: true });
  return answer(422, {
    ...errorBody('patch_invalid', `the patch failed the gates after one repair (${v2.issues.length} issues)`),
    ops: null,
    layout: null,
    model,
    usage,
    repaired: true,
    issues: clientIssues(v2.issues),
    issuesCount: v2.issues.length,
  });
}
