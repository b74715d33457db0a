// line.refine: a request about the layout on screen ("make the chart weekly") answered by the premium
// station as a patch. The ops are applied to a copy here and gated with the line's own gates before they return.
import { issue, type Issue } from '../gates/issue.js';
import { runGates } from '../gates/run.js';
import type { LayoutDocument } from '../layout/document.js';
import { applyPatch, mapIssuePath, type PatchOp } from '../layout/patch.js';
import { abortError, errorMessage } from './attempt.js';
import { estimateCost } from './cost.js';
import type { LineMemory } from './escalate.js';
import type { PremiumStation } from './stations/premium.js';
import { TraceRecorder, type LineTrace, type TraceStep } from './trace.js';

export interface RefineRequest {
  /** What to change, in words. */
  intent: string;
  /** The layout on screen, with its live data (`{...surface.layout, data: surface.data}`). */
  layout: LayoutDocument;
  context?: unknown;
  signal?: AbortSignal;
  onStep?: (step: TraceStep, trace: LineTrace) => void;
}

export type RefineResult =
  | { ok: true; ops: PatchOp[]; layout: LayoutDocument; trace: LineTrace; costUsd: number; ms: number }
  | {
      ok: false;
      /** `no_premium` (the line has no premium station), the server's error code, or `gates_failed`. */
      reason: string;
      detail: string;
      issues?: Issue[];
      trace: LineTrace;
      costUsd: number;
      ms: number;
    };

/** Runs one refine through the line's premium station; never throws except for an abort. */
export async function refineLayout(m: LineMemory, req: RefineRequest, cls: string): Promise<RefineResult> {
  const t0 = performance.now();
  const rec = new TraceRecorder({
    line: m.config.id,
    lineVersion: String(m.config.version),
    intent: req.intent,
    intentClass: cls,
    t0,
    ...(m.log ? { log: m.log } : {}),
    ...(req.onStep ? { onStep: req.onStep } : {}),
  });
  const done = (r: Omit<Extract<RefineResult, { ok: false }>, 'trace' | 'costUsd' | 'ms'>): RefineResult => {
    const trace = rec.finish();
    return { ...r, trace, costUsd: trace.costUsd, ms: trace.ms };
  };
  const premium = m.stations.find((s): s is PremiumStation => s.kind === 'premium');
  if (!premium)
    return done({ ok: false, reason: 'no_premium', detail: 'the line has no premium station to refine with' });
  if (req.signal?.aborted) throw abortError(req.signal);
  const t = performance.now();
  let answer: Awaited<ReturnType<PremiumStation['refine']>>;
  try {
    answer = await premium.refine({
      intent: req.intent,
      layout: req.layout,
      ...(req.context !== undefined ? { context: req.context } : {}),
      ...(req.signal ? { signal: req.signal } : {}),
    });
  } catch (err) {
    if (req.signal?.aborted) throw abortError(req.signal);
    answer = {
      ok: false,
      ops: null,
      model: premium.model,
      usage: { inputTokens: 0, outputTokens: 0 },
      repaired: false,
      error: { code: 'crashed', message: errorMessage(err) },
    };
  }
  const ms = performance.now() - t;
  const cost = estimateCost(m.config.prices, answer.model, answer.usage.inputTokens, answer.usage.outputTokens);
  const step = {
    station: 'premium' as const,
    model: answer.model,
    repaired: answer.repaired,
    tokensIn: answer.usage.inputTokens,
    tokensOut: answer.usage.outputTokens,
    ms,
    cost,
  };
  if (!answer.ok || !answer.ops) {
    const error = answer.error ?? { code: 'premium_failed', message: 'the premium station answered without ops' };
    // A patch the server's gates refused is a verdict, not an outage: its issues go on the step.
    if (answer.issues?.length) rec.patch({ ...step, ops: 0, ok: false, issues: answer.issues });
    else rec.patch({ ...step, ops: 0, ok: false, error });
    return done({
      ok: false,
      reason: error.code,
      detail: error.message,
      ...(answer.issues ? { issues: answer.issues } : {}),
    });
  }
  // The server gated the ops against the layout it was sent; the page gates them again with its own
  // catalog, actions, rules and limits, since only what passes here may reach the page.
  const applied = applyPatch(req.layout, answer.ops);
  let layout: LayoutDocument | undefined;
  let issues: Issue[] = [];
  if (!applied.ok) issues = applied.problems.map((p) => issue(p.code, p.path, p.message));
  else {
    const v = runGates(applied.document, m.gates);
    if (v.ok) layout = v.layout;
    else issues = v.issues.map((i) => ({ ...i, path: mapIssuePath(i.path, applied.applied) }));
  }
  const ops = answer.ops as PatchOp[];
  rec.patch({ ...step, ops: ops.length, ok: issues.length === 0, ...(issues.length ? { issues } : {}) });
  if (!layout)
    return done({
      ok: false,
      reason: 'gates_failed',
      detail: `the patch failed this site's gates (${[...new Set(issues.map((i) => i.code))].join(', ')})`,
      issues,
    });
  const trace = rec.finish();
  return { ok: true, ops, layout, trace, costUsd: trace.costUsd, ms: trace.ms };
}
