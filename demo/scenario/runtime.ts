// What the demo's views share: this browser's capabilities and engine choice, the server's health,
// the event store (IndexedDB, read by the analytics panel too) and the clinic's line config.
import { chooseEngine, detectCapabilities, type Capabilities, type EngineChoice } from '../../src/engines/index.js';
import { openEventStore, type EventStore } from '../../src/events/store.js';
import { createEventLog, type EventLog } from '../../src/events/log.js';
import { createShipper, type Shipper } from '../../src/events/shipper.js';
import { randomHex } from '../../src/events/event.js';
import type { LineConfig } from '../../src/line/config.js';
import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';
import { JIG_LAYOUT_V1 } from '../../src/engines/wllama/layout-model.js';
import { ACTIONS, FALLBACK, recipes } from './clinic.js';
import { premiumFetch } from './premium-fetch.js';
import { TINY_LINE_SETTINGS, TINY_MODEL_PATH } from '../../test/fixtures/models/tiny-line.js';

/** The demo's event database: the analytics panel reads and exports the same one. */
export const DEMO_EVENTS_DB = 'jig-demo-events';
export const TINY_URL = new URL(TINY_MODEL_PATH, location.href).href;
export const TINY_NOTE =
  'random-weights test model: it proves the engine, the grammar and the gates, but its text is noise';
/** Jig's own layout model (models/jig-layout-v1.gguf): the browser station's default when it is served. */
export const JIG_MODEL_URL = new URL(`/models/${JIG_LAYOUT_V1.file}`, location.href).href;
export const JIG_MODEL_NOTE = `Jig's own layout model, ${JIG_LAYOUT_V1.name}: trained here on ${JIG_LAYOUT_V1.trainedOn}; it writes the nested form under the catalog's grammar`;

/** The wllama options that run Jig's own layout model: the demo's default, and what eval/clinic-model.ts measures. */
export function jigModelOptions() {
  return {
    modelUrl: JIG_MODEL_URL,
    model: JIG_LAYOUT_V1.name,
    note: JIG_MODEL_NOTE,
    contextSize: 2 * JIG_LAYOUT_V1.contextSize,
    promptFormat: 'jig-layout-v1' as const,
    wasmUrl,
    ...(JIG_LAYOUT_V1.bytes ? { downloadBytes: JIG_LAYOUT_V1.bytes } : {}),
  };
}

/** `/healthz` of the Jig server behind the demo (through vite's proxy), or why it could not be read. */
export type Health = { reachable: true; db: string; upstream: string } | { reachable: false; reason: string };

export interface Runtime {
  caps: Capabilities;
  choice: EngineChoice;
  health: Health;
  store: EventStore;
  log: EventLog;
  /** Sends the stored events to the server's /v1/events (the dashboard's source), at least once. */
  shipper: Shipper;
  config: LineConfig;
  /**
   * The premium station's fetch: after the server said it has no upstream (/healthz or a 503
   * no_upstream), escalations get that answer without a request the console would log as failed.
   */
  premiumFetch: typeof fetch;
  /** Listeners told when something learned later (a premium answer) changes the station picture. */
  premiumError: string | null;
  onChange(fn: () => void): () => void;
  notePremium(code: string | null): void;
}

async function readHealth(): Promise<Health> {
  try {
    const res = await fetch('/healthz', { headers: { accept: 'application/json' } });
    if (!res.ok) return { reachable: false, reason: `the server answered ${res.status}` };
    const body = (await res.json()) as { db?: string; upstream?: string };
    return { reachable: true, db: body.db ?? 'unknown', upstream: body.upstream ?? 'none' };
  } catch (err) {
    return { reachable: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

/** The clinic's line, as data: recipes in the cache, the browser model, the premium server, the fallback. */
export function clinicConfig(choice: EngineChoice): LineConfig {
  const tiny = choice.plans[0]?.kind === 'wllama' && choice.plans[0].options.modelUrl === TINY_URL;
  return {
    id: 'clinic',
    version: '1',
    stations: [
      { kind: 'cache' },
      {
        kind: 'browser',
        engines: choice.plans.map((p) => ({
          kind: p.kind,
          model: p.model,
          options: p.options as Record<string, unknown>,
        })),
      },
      { kind: 'premium', endpoint: '/v1/assemble', model: 'premium' },
      { kind: 'fallback', layout: FALLBACK },
    ],
    gates: { actions: [...ACTIONS] },
    repair: { max: 1 },
    // A minute: the random-weights test model on a busy CPU is slow; a real model answers well within it.
    budgets: { maxLatencyMs: 60_000, maxCostUsd: 0.05 },
    // Jig's model writes a way forward by construction (the clinic's rule asks every page for one),
    // at a low temperature whose repair is still a fresh sample (eval/clinic-model.ts measured both);
    // the random-weights test model gets a schema and prompt it can fill within its 2k context.
    ...(!tiny ? { generation: { wayForward: true, temperature: 0.3 } } : {}),
    ...(tiny ? TINY_LINE_SETTINGS : {}),
    prices: { premium: { input: 2.5, output: 10 } },
    cache: recipes(),
  };
}

let shared: Promise<Runtime> | undefined;

export function runtime(): Promise<Runtime> {
  shared ??= (async () => {
    const [caps, health, store] = await Promise.all([
      detectCapabilities(),
      readHealth(),
      openEventStore({ name: DEMO_EVENTS_DB }),
    ]);
    // Vite knows at build time whether the file is there: no request that 404s in the console when it is not.
    const served = Object.keys(import.meta.glob('/models/jig-layout-v1.gguf', { query: '?url' })).length > 0;
    // Jig's own model first when the page serves it: it is small and trained for exactly this.
    const choice = served
      ? chooseEngine(caps, { order: ['wllama', 'prompt-api', 'webllm'], wllama: jigModelOptions() })
      : chooseEngine(caps, {
          wllama: {
            modelUrl: TINY_URL,
            model: 'tiny-random (test model)',
            note: TINY_NOTE,
            contextSize: 2048,
            wasmUrl,
          },
        });
    const config = clinicConfig(choice);
    let session = sessionStorage.getItem('jig-demo-session');
    if (!session) {
      session = randomHex(16);
      sessionStorage.setItem('jig-demo-session', session);
    }
    const log = createEventLog({ store, context: { session, line: config.id, lineVersion: String(config.version) } });
    // Every real visit reaches the dashboard: periodically, after each request (the scenario calls
    // shipNow) and by beacon when the tab closes. Simulated visitors live in other stores.
    const shipper = createShipper({
      store,
      log,
      endpoint: new URL('/v1/events', location.href).href,
      lockName: 'jig-demo-ship',
    });
    if (health.reachable) shipper.start();
    const listeners = new Set<() => void>();
    const rt: Runtime = {
      caps,
      choice,
      health,
      store,
      log,
      shipper,
      config,
      premiumError: null,
      premiumFetch: premiumFetch({
        ...(health.reachable ? { upstream: health.upstream } : {}),
        recheck: async () => {
          const h = await readHealth();
          return h.reachable ? h.upstream : undefined;
        },
      }),
      onChange(fn) {
        listeners.add(fn);
        return () => listeners.delete(fn);
      },
      notePremium(code) {
        if (rt.premiumError === code) return;
        rt.premiumError = code;
        for (const fn of listeners) fn();
      },
    };
    return rt;
  })();
  return shared;
}

/** One line a person can read per station: available or not, and why. */
export function stationFacts(rt: Runtime): Array<{ station: string; ok: boolean; text: string }> {
  const plan = rt.choice.plans[0];
  const gpu = rt.caps.webgpu;
  const browser = plan
    ? plan.kind === 'wllama'
      ? plan.options.modelUrl === JIG_MODEL_URL
        ? `wllama on the CPU with ${JIG_MODEL_NOTE}`
        : `${gpu.available ? 'WebGPU present but no GPU engine applies' : 'no WebGPU'}: using wllama on the CPU (${plan.options.modelUrl === TINY_URL ? TINY_NOTE : plan.model})`
      : `${plan.kind === 'webllm' ? 'WebGPU' : "Chrome's built-in model"}: ${plan.model} (${plan.reason})`
    : `no browser engine can run here (${rt.choice.skipped.map((s) => `${s.kind}: ${s.reason}`).join('; ')})`;
  const h = rt.health;
  const premium = !h.reachable
    ? { ok: false, text: `the Jig server is not reachable (${h.reason}): escalations go to the fallback layout` }
    : h.upstream === 'none' || rt.premiumError === 'no_upstream'
      ? {
          ok: false,
          text: 'no premium upstream configured (set JIG_UPSTREAM_URL for `jig serve`): escalations go to the fallback layout',
        }
      : rt.premiumError
        ? {
            ok: false,
            text: `the premium upstream is configured but failing (${rt.premiumError}): escalations go to the fallback layout`,
          }
        : { ok: true, text: `premium model behind the Jig server (circuit ${h.upstream})` };
  return [
    {
      station: 'cache',
      ok: true,
      text: `${Object.keys(rt.config.cache ?? {}).length} site recipes, one per step, specialty, clinic and day`,
    },
    { station: 'browser', ok: !!plan, text: browser },
    { station: 'premium', ...premium },
    { station: 'fallback', ok: true, text: "the clinic's own 'How can we help?' page, always valid" },
    {
      station: 'events',
      ok: rt.store.backend === 'indexeddb',
      text:
        rt.store.backend === 'indexeddb'
          ? `stored in IndexedDB ("${rt.store.name}")${h.reachable ? `; server database: ${h.db}` : ''}`
          : `kept in memory: ${rt.store.fallbackReason ?? 'no IndexedDB'}`,
    },
  ];
}
