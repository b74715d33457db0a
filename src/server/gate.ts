// POST /v1/gate: Jig's gates for any agent stack. A JSON body (a Jig layout, A2UI messages, a
// json-render spec) gets one verdict; an NDJSON stream of A2UI messages or SpecStream lines gets a gated NDJSON stream back.
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { DEFAULT_LIMITS } from '../layout/document.js';
import { A2UIReader } from '../interop/a2ui.js';
import { detectFormat } from '../interop/detect.js';
import { SpecBuilder } from '../interop/json-render.js';
import { parseLine, splitLines } from '../interop/lines.js';
import { interopIssue } from '../interop/report.js';
import { FORMAT_CHOICES, gateAny, type FormatChoice } from '../interop/verdict.js';
import { readText } from './body.js';
import { HttpError } from './errors.js';
import { readQuery } from './query.js';

export interface GateRouteOptions {
  bodyLimit: number;
  /** Rate limiting, as the read routes have it. */
  guard: MiddlewareHandler;
}

const STREAM_TYPES = /^application\/(x-ndjson|jsonl|x-jsonlines)\b/i;
const JSON_TYPE = /^application\/([a-z.+-]*\+)?json\b/i;

export function registerGate(app: Hono, options: GateRouteOptions): void {
  app.post('/v1/gate', options.guard, async (c) => {
    const q = readQuery(c, ['format']);
    const format = (q.format ?? 'auto') as FormatChoice;
    if (!FORMAT_CHOICES.includes(format))
      throw new HttpError(
        400,
        'bad_query',
        `"format" is one of ${FORMAT_CHOICES.join(', ')}; received ${JSON.stringify(format.slice(0, 40))}`,
      );
    const type = c.req.header('content-type') ?? '';
    if (STREAM_TYPES.test(type)) {
      if (format === 'jig')
        throw new HttpError(
          400,
          'bad_query',
          'a stream is A2UI messages or json-render SpecStream lines; a Jig layout is one JSON body',
        );
      return gatedStream(c, format, options.bodyLimit);
    }
    if (!JSON_TYPE.test(type))
      throw new HttpError(
        415,
        'unsupported_media_type',
        `expected Content-Type: application/json (one document) or application/x-ndjson (a stream); received ${JSON.stringify(type || 'none')}`,
      );
    const text = await readText(c.req.raw, options.bodyLimit);
    // The text itself goes to the importers: they refuse depth bombs, duplicate and prototype keys as the gates do, with codes and paths.
    return c.json(gateAny(text, format));
  });
}

/** Reads the body line by line and answers one NDJSON line per message that changed something, then a summary. */
function gatedStream(c: Context, choice: FormatChoice, bodyLimit: number): Response {
  const body = c.req.raw.body;
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (v: unknown) => controller.enqueue(encoder.encode(JSON.stringify(v) + '\n'));
      let bytes = 0;
      let format: 'a2ui' | 'json-render' | undefined =
        choice === 'auto' ? undefined : (choice as 'a2ui' | 'json-render');
      const reader = new A2UIReader();
      const builder = new SpecBuilder(DEFAULT_LIMITS);
      const lines = { read: 0, malformed: 0 };
      try {
        if (!body) throw new HttpError(400, 'bad_request', 'the stream is empty');
        for await (const { line, n, tooLong } of splitLines(body, DEFAULT_LIMITS.maxBytes)) {
          bytes += line.length + 1;
          if (bytes > bodyLimit || tooLong) {
            send({
              line: n,
              ok: false,
              issues: [
                {
                  gate: 'envelope',
                  code: 'too_large',
                  path: `/${n}`,
                  message: tooLong
                    ? `line ${n + 1} is over the ${DEFAULT_LIMITS.maxBytes}-byte limit`
                    : `the stream is over the ${bodyLimit}-byte limit (JIG_BODY_LIMIT); the rest was not read`,
                },
              ],
            });
            lines.malformed++;
            break;
          }
          if (line.trim() === '') continue;
          lines.read++;
          format ??= detectFormat(line) === 'a2ui' ? 'a2ui' : 'json-render';
          if (format === 'json-render') {
            const before = builder.issues.length;
            builder.line(line, n);
            const fresh = builder.issues.slice(before);
            if (fresh.length) {
              lines.malformed += fresh.some((i) => i.code === 'malformed_line') ? 1 : 0;
              send({ line: n, ok: false, issues: fresh });
            }
            continue;
          }
          const { message, issue } = parseLine(line, n, DEFAULT_LIMITS);
          if (issue) {
            lines.malformed++;
            send({ line: n, ok: false, issues: [issue] });
            continue;
          }
          const before = reader.issues.length;
          const applied = reader.apply(message!.value, message!.path);
          const fresh = reader.issues.slice(before);
          if (fresh.length) {
            send({ line: n, ok: false, issues: fresh });
            continue;
          }
          if (applied.kind === 'delete') {
            send({ line: n, surfaceId: applied.surfaceId, deleted: true });
            continue;
          }
          // A surface is judged once its root's closure is complete, as A2UI shows nothing before.
          if (applied.kind !== 'none' && reader.complete(applied.surfaceId)) {
            const r = reader.project(applied.surfaceId)!;
            send({
              line: n,
              surfaceId: r.surfaceId,
              ok: r.ok,
              ...(r.layout ? { layout: r.layout } : {}),
              issues: r.issues,
              warnings: r.warnings,
            });
          }
        }
        if (format === 'json-render') {
          const r = builder.finish({});
          send({
            done: true,
            format,
            ok: r.ok && lines.malformed === 0,
            ...(r.layout ? { layout: r.layout } : {}),
            ...(r.projected ? { projected: r.projected } : {}),
            issues: r.issues,
            warnings: r.warnings,
            lines,
          });
        } else {
          const r = reader.result(lines);
          send({
            done: true,
            format: 'a2ui',
            ok: r.ok && lines.malformed === 0,
            surfaces: r.surfaces.map((s) => ({ surfaceId: s.surfaceId, ok: s.ok, issues: s.issues })),
            issues: r.issues,
            lines,
          });
        }
      } catch (err) {
        send({
          done: true,
          ok: false,
          issues: [interopIssue('bad_message', '', err instanceof Error ? err.message : String(err))],
        });
      }
      controller.close();
    },
  });
  return new Response(stream, {
    headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' },
  });
}
