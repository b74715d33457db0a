// What the Prompt API engine passes to `promptStreaming`: the request's JSON Schema as the
// response constraint, kept out of the model's input. Pure, so tests can read it where the API is absent.
import type { GenerateRequest } from '../engine.js';

export interface PromptOptions {
  signal: AbortSignal;
  /** The schema the browser holds the answer to (the nested form's tree schema when the line asks for it). */
  responseConstraint?: object;
  /**
   * By default the browser also writes the schema into the model's input. The tree schema is far
   * larger than the built-in model's input quota, and the line's prompt already describes the format.
   */
  omitResponseConstraintInput?: boolean;
}

export function promptOptions(req: Pick<GenerateRequest, 'schema'>, signal: AbortSignal): PromptOptions {
  return req.schema ? { signal, responseConstraint: req.schema, omitResponseConstraintInput: true } : { signal };
}
