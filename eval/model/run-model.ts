// Runs in headless Chromium (eval/model-eval.ts): each intent through Jig's layout model in the
// real wllama engine, under the catalog's grammar, gated, with at most one repair.
import { builtinCatalog } from '../../src/catalog/builtin.js';
import { treeGrammarSteps } from '../../src/catalog/tree-form.js';
import { runGates } from '../../src/gates/index.js';
import { readTreePrefix } from '../../src/layout/tree.js';
import { WllamaEngine } from '../../src/engines/wllama/wllama-engine.js';
import type { Issue } from '../../src/gates/issue.js';

export interface Attempt {
  ok: boolean;
  layout?: unknown;
  issues: Issue[];
  ms: number;
  tokens: number;
  /** From the request to the moment the first node's own props were complete in the stream. */
  firstNodeMs?: number;
  finish?: string;
  text: string;
}

export interface RunOptions {
  modelUrl: string;
  contextSize: number;
  maxTokens: number;
  /** false: no grammar (to see what the constraint itself changes). */
  grammar: boolean;
}

declare global {
  interface Window {
    __jigModelEval?: (
      intents: string[],
      options: RunOptions,
    ) => Promise<{ loadMs: number; rows: Array<{ first: Attempt; repair?: Attempt }> }>;
    __jigModelProgress?: number;
  }
}

window.__jigModelEval = async (intents, options) => {
  const engine = new WllamaEngine({
    modelUrl: options.modelUrl,
    model: 'jig-layout-v1',
    promptFormat: 'jig-layout-v1',
    contextSize: options.contextSize,
    useCache: false,
  });
  const t = performance.now();
  await engine.load();
  const loadMs = performance.now() - t;
  const grammar = treeGrammarSteps(builtinCatalog);
  const attempt = async (intent: string, temperature: number, seed: number): Promise<Attempt> => {
    const start = performance.now();
    let text = '';
    let firstNodeMs: number | undefined;
    const run = engine.generate({
      prompt: intent,
      intent,
      ...(options.grammar ? { grammar } : {}),
      maxTokens: options.maxTokens,
      temperature,
      seed,
    });
    for await (const chunk of run.chunks) {
      text += chunk;
      if (firstNodeMs === undefined && readTreePrefix(text).nodes.length) firstNodeMs = performance.now() - start;
    }
    const r = await run.result;
    const v = runGates(r.text);
    return {
      ok: v.ok,
      ...(v.ok ? { layout: v.layout } : {}),
      issues: v.ok ? [] : v.issues,
      ms: r.ms,
      tokens: r.usage.outputTokens,
      ...(firstNodeMs !== undefined ? { firstNodeMs } : {}),
      ...(r.finishReason ? { finish: r.finishReason } : {}),
      text: r.text,
    };
  };
  const rows = [];
  for (const [i, intent] of intents.entries()) {
    // The model reads only the intent, so its one repair is a second sample at a higher
    // temperature rather than a prompt listing the issues.
    const first = await attempt(intent, 0, 0);
    const repair = first.ok ? undefined : await attempt(intent, 0.8, 1 + i);
    rows.push({ first, ...(repair ? { repair } : {}) });
    window.__jigModelProgress = i + 1;
  }
  await engine.unload();
  return { loadMs, rows };
};
