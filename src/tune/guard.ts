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
function fixedPart(config: LineConfig): Record<string, unknown> {
  const { version: _v, exemplars: _x, cache: _c, routing: _r, ...c } = structuredClone(config);
  const fixed: Record<string, unknown> = c;
  const drop = <K extends 'generation' | 'vote' | 'repair'>(parent: K, key: keyof NonNullable<LineConfig[K]>) => {
    const o: Record<PropertyKey, unknown> | undefined = c[parent];
    if (!o) return;
    delete o[key];
    if (Object.keys(o).length === 0) delete fixed[parent];
  };
  drop('generation', 'temperature');
  drop('vote', 'samples');
  drop('repair', 'max');
  fixed.stations = c.stations.map((st) =>
    st.kind !== 'browser' || !st.engines
      ? st
      : {
          ...st,
          engines: st.engines.map(({ model: _m, options, ...rest }) => {
            if (!options) return rest;
            const o: Record<string, unknown> = { ...options };
            for (const k of MODEL_FIELDS) delete o[k];
            return { ...rest, options: o };
          }),
        },
  );
  if (c.prompts) fixed.prompts = { ...c.prompts, variants: c.prompts.variants.map(({ weight: _w, ...rest }) => rest) };
  return fixed;
}

/** Top-level keys where `after` differs from `before` outside the tunable paths (empty: allowed). */
export function untunableChanges(before: LineConfig, after: LineConfig): string[] {
  const a = fixedPart(before),
    b = fixedPart(after);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => !deepEqual(a[k], b[k])).map((k) => `/${k}`);
}
