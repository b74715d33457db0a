// The fence around tuning: which parts of a line config tuning may change, and a check that a
// proposal changed nothing else (catalog, gates, stations, budgets, prices, audits, the id).
import type { LineConfig } from '../line/config.js';

/** JSON Pointers (with `*` for any array index) of what tuning may change. */
export const TUNABLE_PATHS = [
  '/version',
  '/exemplars',
  '/cache',
  '/routing',
  '/prompts/variants/*/weight',
  '/generation/temperature',
  '/vote/samples',
  '/repair/max',
  // Retraining proposes a new model for the browser station: which file, under which name and hash.
  '/stations/*/engines/*/model',
  '/stations/*/engines/*/options/modelUrl',
  '/stations/*/engines/*/options/model',
  '/stations/*/engines/*/options/sha256',
  '/stations/*/engines/*/options/downloadBytes',
] as const;

/** The engine fields a model proposal may change (see TUNABLE_PATHS). */
export const MODEL_FIELDS = ['modelUrl', 'model', 'sha256', 'downloadBytes'] as const;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Structural equality of JSON data; key order does not matter. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a))
    return a.length === (b as unknown[]).length && a.every((x, i) => deepEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/** The config with every tunable part removed (empty parents too), for comparison. */
function fixedPart(config: LineConfig): Record<string, Json> {
  const c = structuredClone(config) as unknown as Record<string, Record<string, Json> | Json>;
  for (const k of ['version', 'exemplars', 'cache', 'routing']) delete c[k];
  const drop = (parent: string, key: string) => {
    const o = c[parent] as Record<string, Json> | undefined;
    if (!o || typeof o !== 'object') return;
    delete o[key];
    if (Object.keys(o).length === 0) delete c[parent];
  };
  drop('generation', 'temperature');
  drop('vote', 'samples');
  drop('repair', 'max');
  const stations = c.stations as Array<{ kind?: string; engines?: Array<Record<string, Json>> }> | undefined;
  if (Array.isArray(stations)) {
    for (const st of stations) {
      if (st.kind !== 'browser' || !Array.isArray(st.engines)) continue;
      st.engines = st.engines.map(({ model: _m, options, ...rest }) => {
        if (!options || typeof options !== 'object' || Array.isArray(options)) return rest;
        const o = { ...(options as Record<string, Json>) };
        for (const k of MODEL_FIELDS) delete o[k];
        return { ...rest, options: o };
      });
    }
  }
  const prompts = c.prompts as { variants?: Array<Record<string, Json>> } | undefined;
  if (prompts?.variants) prompts.variants = prompts.variants.map(({ weight: _w, ...rest }) => rest);
  return c as Record<string, Json>;
}

/** Top-level keys where `after` differs from `before` outside the tunable paths (empty: allowed). */
export function untunableChanges(before: LineConfig, after: LineConfig): string[] {
  const a = fixedPart(before),
    b = fixedPart(after);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => !deepEqual(a[k], b[k])).map((k) => `/${k}`);
}
