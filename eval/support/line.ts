// What the evals' lines share: the fallback layout, the premium stand-in's station, the layout
// model's browser station, the second round's rewording, and the rows they report.
import type { Catalog } from '../../src/catalog/catalog.js';
import type { EventLog } from '../../src/events/log.js';
import { runGates } from '../../src/gates/index.js';
import type { StationConfig } from '../../src/line/config.js';
import type { LineResult } from '../../src/line/index.js';
import { PREMIUM_PROFILE } from '../profiles.js';

/** The last resort of every eval line: always valid, never a fit. */
export const EVAL_FALLBACK = {
  version: 1,
  root: 'c',
  nodes: [
    {
      id: 'c',
      type: 'callout',
      props: { title: 'Not available', text: 'This part of the page could not be assembled right now.' },
    },
  ],
};

/** The premium station as the evals call it: the stand-in behind /v1/assemble, whole answers. */
export const PREMIUM_STATION = {
  kind: 'premium',
  endpoint: '/v1/assemble',
  model: PREMIUM_PROFILE.name,
  expectTokens: { input: 3000, output: 800 },
  stream: false,
} as const satisfies StationConfig;

export const FALLBACK_STATION = { kind: 'fallback', layout: EVAL_FALLBACK } as const satisfies StationConfig;

/** The browser station with one of Jig's layout models in wllama. */
export function layoutModelStation(model: string, modelUrl: string): StationConfig {
  return {
    kind: 'browser',
    engines: [
      {
        kind: 'wllama',
        model,
        options: { modelUrl, model, promptFormat: 'jig-layout-v1', contextSize: 1024, useCache: false },
      },
    ],
  };
}

/** Round 2 asks the same things in other words (case, punctuation, plural): visitors repeat themselves. */
export const reworded = (s: string) => (s ? `${s.toLowerCase().replace(/\bform\b/, 'forms')}!` : s);

/** One request of an eval round, as the reports count it. */
export interface EvalRow {
  intent: string;
  category: string;
  station: string | null;
  fallback: boolean;
  valid: boolean;
  repaired: boolean;
  escalated: boolean;
  ms: number;
}

/** One try of the browser station's engine, read from its events. */
export interface EngineAttempt {
  ok: boolean;
  ms: number;
  tokensOut: number;
  code?: string;
}

/** A request's row: where it was served, whether what rendered passes the gates, repairs and escalations. */
export function evalRow(intent: string, category: string, r: LineResult, catalog: Catalog, ms = r.ms): EvalRow {
  return {
    intent,
    category,
    station: r.station,
    fallback: r.fallback,
    valid: !!r.layout && runGates(r.layout, { catalog }).ok,
    repaired: r.trace.steps.some((s) => s.kind === 'repair'),
    escalated: r.trace.steps.some((s) => s.kind === 'escalate'),
    ms,
  };
}

/** Follows a line's events: the money its stations spent, and each try of the browser station. */
export function followLine(log: EventLog): { spent: () => number; attempts: EngineAttempt[] } {
  let cost = 0;
  const attempts: EngineAttempt[] = [];
  log.on((e) => {
    if (e.type === 'station.attempted') {
      if (typeof e.attrs.cost === 'number') cost += e.attrs.cost;
      if (e.attrs.station === 'browser')
        attempts.push({ ok: e.attrs.ok === true, ms: Number(e.attrs.ms), tokensOut: Number(e.attrs.tokensOut) });
    }
    if (e.type === 'station.failed' && e.attrs.station === 'browser')
      attempts.push({ ok: false, ms: Number(e.attrs.ms), tokensOut: 0, code: String(e.attrs.code) });
  });
  return { spent: () => cost, attempts };
}
