// Which WebLLM model to run: q4f16 builds where the GPU has shader-f16, q4f32 elsewhere, and the
// best of the small models that fits a memory budget. Plain data, so the page needs no web-llm.
import type { WebLLMModelRecord } from './protocol.js';

/** Small prebuilt web-llm models, weakest first, with the GPU memory each build needs (web-llm 0.2.86). */
export const PREBUILT_SMALL_MODELS: readonly WebLLMModelRecord[] = [
  { id: 'SmolLM2-360M-Instruct-q4f16_1-MLC', vramMB: 376, requiresF16: true },
  { id: 'SmolLM2-360M-Instruct-q4f32_1-MLC', vramMB: 580 },
  { id: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC', vramMB: 945, requiresF16: true },
  { id: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC', vramMB: 1060 },
  { id: 'Llama-3.2-1B-Instruct-q4f16_1-MLC', vramMB: 879, requiresF16: true },
  { id: 'Llama-3.2-1B-Instruct-q4f32_1-MLC', vramMB: 1129 },
];

export interface ModelChoiceInput {
  shaderF16: boolean;
  /** GPU memory the site lets a model use, in MB. */
  budgetMB: number;
}

export interface ModelChoice {
  record: WebLLMModelRecord;
  reason: string;
}

/**
 * Picks the last (strongest) model of `models` that the GPU can run within the budget; with no
 * fit, the smallest one it can run, said plainly in the reason. `undefined` when none can run.
 */
export function chooseWebLLMModel(
  { shaderF16, budgetMB }: ModelChoiceInput,
  models: readonly WebLLMModelRecord[] = PREBUILT_SMALL_MODELS,
): ModelChoice | undefined {
  // f16 builds are smaller and faster where the GPU has shader-f16; f32 builds run everywhere.
  const f16 = models.filter((m) => m.requiresF16);
  const runnable = shaderF16 && f16.length ? f16 : models.filter((m) => !m.requiresF16);
  if (!runnable.length) return undefined;
  const why = shaderF16 ? 'the GPU has shader-f16' : 'the GPU lacks shader-f16, so f32 builds';
  const fits = runnable.filter((m) => (m.vramMB ?? 0) <= budgetMB);
  if (fits.length) {
    const record = fits[fits.length - 1]!;
    return { record, reason: `${record.id}: the strongest model within ${budgetMB} MB of GPU memory (${why})` };
  }
  const record = [...runnable].sort((a, b) => (a.vramMB ?? 0) - (b.vramMB ?? 0))[0]!;
  return {
    record,
    reason: `${record.id}: no model fits ${budgetMB} MB of GPU memory, so the smallest (${record.vramMB ?? '?'} MB; ${why})`,
  };
}
