// The retraining job on the server: POST /v1/lines/:id/retrain fine-tunes the layout model on the
// line's accepted premium layouts, streams progress as NDJSON, stores the model and deploys it as a canary.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { toNdjson } from '../events/formats.js';
import { parseLineConfig } from '../line/config.js';
import { proposeModel } from '../tune/tune.js';
import { HttpError } from './errors.js';
import { lineId } from './lines.js';
import { fnv1a32 } from '../util/hash.js';
import type { Storage } from './storage/index.js';

export interface RetrainRoutes {
  storage: Storage;
  admin: MiddlewareHandler;
  /** Where trained models are stored and served from. */
  modelsDir: string;
  iso: () => string;
  readBody: (c: Context) => Promise<unknown>;
}

const MODEL_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\.gguf$/;
const MAX_EVENTS = 200_000;
const PAGE = 5000;

const bad = (message: string, path?: string) => new HttpError(400, 'bad_request', message, {}, path);

/** The name a model gets when the request names none: the line id (cut, with a hash, when long) and the time. */
function defaultName(id: string): string {
  const own = id.length <= 40 ? id : `${id.slice(0, 31)}-${fnv1a32(id).toString(36)}`;
  return `jig-layout-${own}-${Date.now().toString(36)}`;
}

/** `If-None-Match` against a strong ETag: `*`, a list, weak forms (weak comparison, RFC 9110 §13.1.2). */
function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** Body: {steps?: 1–5000, name?, canaryShare?: 0–1, minPairs?: 1–100000, mode?: finetune|scratch, minutes?: (0, 600], repeat?: "balanced" (default) | 1–64}. */
function readOptions(
  body: unknown,
  id: string,
): {
  steps: number;
  name: string;
  canaryShare: number;
  minPairs: number;
  mode: 'finetune' | 'scratch';
  minutes: number;
  repeat: number | 'balanced';
} {
  const fields = ['steps', 'name', 'canaryShare', 'minPairs', 'mode', 'minutes', 'repeat'];
  if (body === undefined) body = {};
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw bad(
      'expected {steps?: number, name?: string, canaryShare?: number, minPairs?: number, mode?: "finetune" | "scratch", minutes?: number, repeat?: number | "balanced"}',
    );
  const b = body as Record<string, unknown>;
  for (const k of Object.keys(b))
    if (!fields.includes(k)) throw bad(`unknown field "${k}"; expected ${fields.join(', ')}`, `/${k}`);
  // An absent field takes its default; null is a wrong type like any other.
  const steps = b.steps === undefined ? 300 : b.steps;
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 1 || steps > 5000)
    throw bad('"steps" must be a whole number from 1 to 5000', '/steps');
  const name = b.name === undefined ? defaultName(id) : b.name;
  if (typeof name !== 'string' || !MODEL_FILE.test(`${name}.gguf`))
    throw bad('"name" is letters, digits, ".", "_" and "-" (64 at most)', '/name');
  const canaryShare = b.canaryShare === undefined ? 0.1 : b.canaryShare;
  if (typeof canaryShare !== 'number' || !(canaryShare >= 0 && canaryShare <= 1))
    throw bad('"canaryShare" must be a number from 0 to 1', '/canaryShare');
  const minPairs = b.minPairs === undefined ? 10 : b.minPairs;
  if (typeof minPairs !== 'number' || !Number.isInteger(minPairs) || minPairs < 1 || minPairs > 100_000)
    throw bad('"minPairs" must be a whole number from 1 to 100000', '/minPairs');
  const mode = b.mode === undefined ? 'finetune' : b.mode;
  if (mode !== 'finetune' && mode !== 'scratch') throw bad('"mode" is "finetune" (the default) or "scratch"', '/mode');
  if (mode === 'scratch' && b.steps !== undefined)
    throw bad('"steps" is for a fine-tune; a scratch run trains for "minutes"', '/steps');
  if (mode === 'finetune' && b.minutes !== undefined)
    throw bad('"minutes" is for mode "scratch"; a fine-tune runs "steps"', '/minutes');
  const minutes = b.minutes === undefined ? 20 : b.minutes;
  if (typeof minutes !== 'number' || !(minutes > 0 && minutes <= 600))
    throw bad('"minutes" must be a number more than 0 and at most 600', '/minutes');
  if (mode === 'finetune' && b.repeat !== undefined)
    throw bad('"repeat" is for mode "scratch"; a fine-tune mixes its own rows in instead', '/repeat');
  const repeat = b.repeat === undefined ? 'balanced' : b.repeat;
  if (repeat !== 'balanced' && (typeof repeat !== 'number' || !Number.isInteger(repeat) || repeat < 1 || repeat > 64))
    throw bad('"repeat" must be a whole number from 1 to 64, or "balanced"', '/repeat');
  return { steps, name, canaryShare, minPairs, mode, minutes, repeat };
}

export function registerRetrain(app: Hono, r: RetrainRoutes): void {
  let running: string | null = null;
  const hashes = new Map<string, { mtime: number; sha256: string }>();

  app.post('/v1/lines/:id/retrain', r.admin, async (c) => {
    const id = lineId(c);
    const o = readOptions(await r.readBody(c), id);
    // Refused before anything starts: one job at a time, and a stored model is never overwritten
    // (browsers keep it for a year under its name, and line versions name it by its sha256).
    if (running)
      throw new HttpError(
        409,
        'retrain_running',
        `a retraining job for line "${running}" is running; one job runs at a time`,
      );
    if (existsSync(join(r.modelsDir, `${o.name}.gguf`)))
      throw new HttpError(
        409,
        'model_exists',
        `a model named "${o.name}" is stored on this server; models never change under their name, so choose another`,
        {},
        '/name',
      );
    // Claimed before the first await: requests meanwhile are refused, not each given a Python.
    running = id;
    // The scripts are the repository's: a server without them (an installed package) says so.
    const scripts = await import('../../scripts/train/retrain.js').catch(() => null);
    if (!scripts) {
      running = null;
      throw new HttpError(
        503,
        'no_training_scripts',
        'retraining runs from a clone of the Jig repository; this installation has no training scripts',
      );
    }
    try {
      await scripts.checkPython();
    } catch (e) {
      running = null;
      if (e instanceof scripts.RetrainError)
        throw new HttpError(503, e.code === 'no_pytorch' ? 'no_pytorch' : 'no_training_scripts', e.message);
      throw e;
    }
    const { retrain, RetrainError } = scripts;
    const abort = new AbortController();
    const enc = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(ctl) {
        const send = (x: unknown) => {
          try {
            ctl.enqueue(enc.encode(JSON.stringify(x) + '\n'));
          } catch {
            abort.abort();
          }
        };
        try {
          const events = [];
          let after: { timeMs: number; id: string } | undefined;
          for (;;) {
            const page = await r.storage.queryEvents({
              line: id,
              limit: PAGE,
              types: ['layout.requested', 'layout.rendered', 'feedback.given', 'ui.action'],
              ...(after ? { after } : {}),
            });
            events.push(...page);
            if (page.length < PAGE || events.length >= MAX_EVENTS) break;
            const last = page.at(-1)!;
            after = { timeMs: Date.parse(last.time), id: last.id };
          }
          send({ phase: 'events', events: events.length });
          const result = await retrain({
            text: toNdjson(events),
            source: `the events of line "${id}" on this server`,
            name: o.name,
            out: r.modelsDir,
            steps: o.steps,
            ...(o.mode === 'scratch' ? { mode: 'scratch' as const, minutes: o.minutes, repeat: o.repeat } : {}),
            minPairs: o.minPairs,
            signal: abort.signal,
            onProgress: (p) => send(p),
          });
          const model = {
            name: result.entry.name,
            url: `/v1/models/${result.entry.file}`,
            sha256: result.entry.sha256,
            bytes: result.entry.bytes,
            trainedOn: result.entry.trainedOn,
            pairs: result.pairs,
          };
          const line = await r.storage.getLine(id);
          // The stored config is checked as any line config is before the proposal builds on it.
          const current = line.current && parseLineConfig({ ...line.current.config, version: line.current.version });
          const proposal = current?.ok ? proposeModel(current.config, model) : null;
          let version: number | null = null;
          if (proposal) {
            const change = await r.storage.addLineVersion(id, { ...proposal.config }, o.canaryShare, r.iso());
            if (change.ok) version = change.version;
          }
          send({
            phase: 'finished',
            model,
            proposal: proposal ? { from: proposal.from, changes: proposal.changes } : null,
            version,
            canaryShare: version === null ? null : o.canaryShare,
            ...(proposal
              ? {}
              : {
                  note: !line.current
                    ? 'the line has no version on this server yet'
                    : current && !current.ok
                      ? `the line's current config does not pass the config check (${current.problems[0]?.path ?? ''}: ${current.problems[0]?.message ?? ''})`
                      : "the line's current version has no wllama engine on its browser station to point at the model",
                }),
          });
        } catch (e) {
          send({
            phase: 'error',
            code: e instanceof RetrainError ? e.code : 'retrain_failed',
            message: e instanceof Error ? e.message : String(e),
          });
        } finally {
          running = null;
          try {
            ctl.close();
          } catch {
            /* the client went away */
          }
        }
      },
      cancel() {
        abort.abort();
      },
    });
    return new Response(stream, {
      status: 200,
      headers: {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  });

  // Models are immutable under their name: browsers keep them for a year and revalidate by sha256.
  app.get('/v1/models/:file', (c) => {
    const file = c.req.param('file');
    const path = join(r.modelsDir, file);
    if (!MODEL_FILE.test(file) || !existsSync(path) || !statSync(path).isFile())
      throw new HttpError(404, 'no_model', `no model named ${JSON.stringify(file.slice(0, 80))} on this server`);
    const mtime = statSync(path).mtimeMs;
    let h = hashes.get(file);
    if (!h || h.mtime !== mtime)
      hashes.set(file, (h = { mtime, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') }));
    const etag = `"${h.sha256}"`;
    const headers = {
      etag,
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-sha256': h.sha256,
      'x-content-type-options': 'nosniff',
    };
    if (noneMatch(c.req.header('if-none-match'), etag)) return new Response(null, { status: 304, headers });
    return new Response(readFileSync(path), {
      status: 200,
      headers: { ...headers, 'content-type': 'application/octet-stream' },
    });
  });
}
