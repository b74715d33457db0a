// Every error the server answers is JSON `{error: {code, message, path?}}`, with a stable code
// (and, for a body that does not fit, the JSON Pointer of the field at fault).
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const ERROR_CODES = {
  bad_json: 'The body is not valid JSON (or NDJSON).',
  bad_request: 'The body does not have the expected shape.',
  bad_query: 'A query parameter is unknown, repeated or not of the expected form.',
  too_many_events: 'The batch holds more events than one request may carry (JIG_EVENTS_MAX_BATCH).',
  forbidden_key: 'A key such as __proto__, constructor or prototype was sent.',
  duplicate_key: 'A key appears twice in one object; JSON readers disagree on which one wins.',
  too_deep: 'The body nests deeper than the limit.',
  string_too_long: 'A string in the body is longer than the limit.',
  bad_number: 'A number in the body is too large for a double (JSON readers would take it as Infinity).',
  body_too_large: 'The body is larger than the limit.',
  unsupported_media_type: 'The body must be application/json (or application/x-ndjson for events).',
  unknown_catalog: 'The catalog hash is not one this server knows; send the schema itself.',
  origin_not_allowed: 'The Origin is not in JIG_ALLOWED_ORIGINS.',
  host_not_allowed: 'The Host the request names is not in JIG_ALLOWED_HOSTS (loopback by default).',
  premium_not_allowed: 'The premium station needs a page from an allowed origin or a site token (JIG_SITE_TOKENS).',
  unauthorized: 'A valid admin token is required.',
  rate_limited: 'Too many requests from this client; retry after the given seconds.',
  not_found: 'No such endpoint.',
  method_not_allowed: 'The endpoint does not take this method.',
  no_upstream: 'No upstream model is configured (JIG_UPSTREAM_URL).',
  upstream_timeout: 'The upstream model did not answer in time.',
  upstream_error: 'The upstream model failed after retries.',
  upstream_unavailable: 'The upstream has failed repeatedly; calls are paused for a cool-down.',
  layout_invalid: 'The layout still failed the gates after one repair.',
  patch_invalid: 'The patch to the layout on screen still failed the gates after one repair.',
  no_canary: 'The line has no canary.',
  nothing_to_roll_back: 'The line has nothing to roll back to.',
  no_pytorch: 'Retraining needs PyTorch for the training scripts (/usr/bin/python3 or JIG_PYTHON).',
  no_training_scripts: 'Retraining runs from a clone of the Jig repository, which has the training scripts.',
  retrain_running: 'A retraining job is running; one runs at a time.',
  no_model: 'No model file of that name is stored on this server.',
  model_exists: 'A model of that name is stored already; models never change under their name.',
  internal: 'An unexpected server error.',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

/** An error a handler throws to answer with a status and a code. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message?: string,
    readonly headers: Record<string, string> = {},
    /** JSON Pointer of the part of the body at fault, when one part is. */
    readonly path?: string,
  ) {
    super(message ?? ERROR_CODES[code]);
  }
}

export function errorBody(code: ErrorCode, message?: string, path?: string) {
  return { error: { code, message: message ?? ERROR_CODES[code], ...(path !== undefined ? { path } : {}) } };
}

export function errorResponse(c: Context, err: HttpError, redact: (text: string) => string = (t) => t): Response {
  for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  // The rest of an oversized body is never read: the connection cannot be reused.
  if (err.status === 413) c.header('Connection', 'close');
  return c.json(errorBody(err.code, redact(err.message), err.path), err.status);
}
