// The server's request bodies as zod schemas (assemble, deploy, rollback), and one reader that
// turns the first problem into a 400 `bad_request` with the field's JSON Pointer and what was expected.
import * as z from 'zod/mini';
import type { $ZodIssue } from 'zod/v4/core';
import type { Issue } from '../gates/issue.js';
import { toPointer } from '../layout/pointer.js';
import { valueAt, zodIssueMessage } from '../util/zod-issue.js';
import { HttpError } from './errors.js';
import type { $ZodTypes } from 'zod/v4/core';
import { unwrapOptional } from '../catalog/zod-def.js';

export const ASSEMBLE_LIMITS = {
  intent: 8_000,
  /** Characters of `context`, of the failed layout and of the layout on screen, as JSON. */
  context: 32_000,
  schema: 256_000,
  issues: 200,
  issueText: 2_000,
} as const;

/** Characters of one line config as JSON. */
export const LINE_CONFIG_LIMIT = 256 * 1024;
/** Characters of a rollback's reason. */
export const REASON_LIMIT = 2000;

const jsonLength = (v: unknown) => (typeof v === 'string' ? v.length : (JSON.stringify(v ?? null) ?? '').length);
const smallerThan = (limit: number, what: string) =>
  z.refine((v: unknown) => jsonLength(v) <= limit, { error: `${what} is larger than ${limit} characters as JSON` });
/** Only the schema's own problems get this message; the ones of its parts keep theirs. */
const expected = (message: string) => ({
  error: (iss: { code: string }) => (iss.code === 'invalid_type' || iss.code === 'invalid_union' ? message : undefined),
});

const issueTextError = { error: `must be a string of at most ${ASSEMBLE_LIMITS.issueText} characters` };
const issueText = z.string(issueTextError).check(z.maxLength(ASSEMBLE_LIMITS.issueText, issueTextError));
const failedIssue = z.object(
  { gate: issueText, code: issueText, path: issueText, message: issueText },
  { error: `must be {gate, code, path, message}, strings of at most ${ASSEMBLE_LIMITS.issueText} characters` },
);

export const assembleBody = z.strictObject(
  {
    intent: z.string({ error: 'must be a non-empty string' }).check(
      z.refine((s) => s.trim() !== '', { error: 'must be a non-empty string' }),
      z.maxLength(ASSEMBLE_LIMITS.intent, {
        error: `is longer than the limit of ${ASSEMBLE_LIMITS.intent} characters`,
      }),
    ),
    context: z.optional(z.unknown().check(smallerThan(ASSEMBLE_LIMITS.context, 'the context'))),
    line: z.optional(
      z.union(
        [
          z.string().check(z.maxLength(128)),
          z.looseObject({
            id: z.string().check(z.maxLength(128)),
            version: z.optional(z.union([z.string(), z.number()])),
          }),
        ],
        { error: 'must be a line id (string of at most 128 characters) or {id, version}' },
      ),
    ),
    /** The catalog's JSON Schema, or the built-in catalog's hash. */
    catalogSchema: z.optional(
      z
        .union([z.string(), z.record(z.string(), z.unknown())], {
          error: "must be the catalog's JSON Schema object or its hash (string)",
        })
        .check(smallerThan(ASSEMBLE_LIMITS.schema, 'the catalog schema')),
    ),
    failed: z.optional(
      z.looseObject(
        {
          layout: z.unknown().check(smallerThan(ASSEMBLE_LIMITS.context, 'the failed layout')),
          issues: z.array(failedIssue, { error: 'must be an array of {gate, code, path, message}' }).check(
            z.maxLength(ASSEMBLE_LIMITS.issues, {
              error: `has more entries than the limit of ${ASSEMBLE_LIMITS.issues}`,
            }),
          ),
        },
        expected('must be {layout, issues: [{gate, code, path, message}]}'),
      ),
    ),
    /** `patch`: answer RFC 6902 ops against `layout`, the layout on screen (assemble-patch.ts). */
    mode: z.optional(
      z.enum(['layout', 'patch'], { error: 'must be "layout" (a new layout) or "patch" (ops against layout)' }),
    ),
    layout: z.optional(
      z
        .record(z.string(), z.unknown(), { error: 'must be the layout on screen, a flat layout document object' })
        .check(smallerThan(ASSEMBLE_LIMITS.context, 'the layout')),
    ),
  },
  expected(
    'expected a JSON object {intent, context?, line?, catalogSchema?, failed?} or {intent, mode: "patch", layout}',
  ),
);

/** POST /v1/assemble's body as it arrives (the catalog hash is checked by the handler). */
export type AssembleBody = Omit<z.infer<typeof assembleBody>, 'failed'> & {
  failed?: { layout: unknown; issues: Issue[] };
};

export const deployBody = z.strictObject(
  {
    config: z
      .record(z.string(), z.unknown(), { error: 'must be a JSON object (the line config)' })
      .check(smallerThan(LINE_CONFIG_LIMIT, 'the config')),
    canaryShare: z.optional(
      z
        .number({ error: 'must be a number from 0 to 1' })
        .check(
          z.gte(0, { error: 'must be a number from 0 to 1' }),
          z.lte(1, { error: 'must be a number from 0 to 1' }),
        ),
    ),
  },
  expected('expected {config: object, canaryShare?: number from 0 to 1}'),
);

export const rollbackBody = z.optional(
  z.looseObject(
    {
      reason: z.optional(
        z
          .string({ error: `must be a string of at most ${REASON_LIMIT} characters` })
          .check(z.maxLength(REASON_LIMIT, { error: `must be a string of at most ${REASON_LIMIT} characters` })),
      ),
    },
    expected('expected {reason?: string}'),
  ),
);

/** The words for one issue: where it is, and what was expected there. */
function describe(issue: $ZodIssue, shapeKeys: readonly string[], body: unknown): { path: string; message: string } {
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    return {
      path: toPointer([...issue.path, key]),
      message: `unknown field "${key}"; expected ${shapeKeys.join(', ')}`,
    };
  }
  const path = toPointer(issue.path);
  if (issue.path.length && valueAt(body, issue.path) === undefined) return { path, message: `"${path}" is missing` };
  // A schema's own words where it has them (zod/mini's default is "Invalid input"); the shared ones otherwise.
  const own = issue.message !== 'Invalid input';
  const message = own ? issue.message : zodIssueMessage(issue, body);
  // A message that already says "expected …" stands alone; a field's own message follows its name.
  if (path === '' || message.startsWith('expected')) return { path, message };
  return { path, message: `"${path}" ${message}` };
}

/**
 * The body when it fits the schema; otherwise throws 400 `bad_request` naming the first
 * problem's JSON Pointer (`path` in the error body) and what was expected there.
 */
export function parseBody<S extends z.ZodMiniType>(schema: S, body: unknown): z.infer<S> {
  const r = z.safeParse(schema, body);
  if (r.success) return r.data;
  const def = (unwrapOptional(schema) as $ZodTypes)._zod.def;
  const shape = def.type === 'object' ? def.shape : {};
  const { path, message } = describe(r.error.issues[0]!, Object.keys(shape), body);
  throw new HttpError(400, 'bad_request', message, {}, path);
}
