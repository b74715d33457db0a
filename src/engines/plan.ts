// An engine plan as data (a line config's `engines`): which engine, which model, its options.
// The schema is the one home of the shape; `EnginePlanData` is inferred from it.
import * as z from 'zod/mini';
import type { EngineKind } from './engine.js';

const kinds = ['webllm', 'prompt-api', 'wllama'] as const satisfies readonly EngineKind[];

/**
 * A plan as data, e.g. from a line's config: `model` is the WebLLM model id or the GGUF URL
 * when `options` does not say otherwise.
 */
export const enginePlanSchema = z.object({
  kind: z.enum(kinds),
  model: z.string().check(z.minLength(1)),
  options: z.optional(z.record(z.string(), z.unknown())),
});

export type EnginePlanData = z.infer<typeof enginePlanSchema>;
