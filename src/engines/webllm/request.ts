// What the WebLLM engine asks for: the request the page posts to its worker, and the chat
// completion the worker sends web-llm. Pure, so tests can read both without a GPU or a model.
import type { GenerateRequest } from '../engine.js';
import type { WorkerGenerate } from './protocol.js';

/** The page's side: a request as plain data for the worker (the schema as JSON text). */
export function workerRequest(req: GenerateRequest): WorkerGenerate {
  return {
    system: req.system,
    prompt: req.prompt,
    maxTokens: req.maxTokens,
    temperature: req.temperature,
    seed: req.seed,
    schema: req.schema ? JSON.stringify(req.schema) : undefined,
  };
}

/**
 * The worker's side: web-llm's chat completion. A schema becomes `response_format` of type
 * `json_object` with the schema as text, which web-llm compiles to a grammar (the tree schema
 * when the line asks for the nested form).
 */
export function chatRequest(req: WorkerGenerate) {
  const messages: Array<{ role: 'system' | 'user'; content: string }> = [];
  if (req.system) messages.push({ role: 'system', content: req.system });
  messages.push({ role: 'user', content: req.prompt });
  return {
    messages,
    stream: true as const,
    stream_options: { include_usage: true },
    ...(req.maxTokens !== undefined ? { max_tokens: req.maxTokens } : {}),
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.seed !== undefined ? { seed: req.seed } : {}),
    ...(req.schema ? { response_format: { type: 'json_object' as const, schema: req.schema } } : {}),
  };
}
