// Runs in headless Chromium (eval/downshift.ts): one round of the downshift replay through the
// real line and tuner, Jig's layout model in wllama as the browser station, premium a stand-in.
import { createLine, type Line } from '../../src/line/index.js';
import type { LineConfig } from '../../src/line/config.js';
import { createEventLog } from '../../src/events/log.js';
import { openEventStore } from '../../src/events/store.js';
import type { JigEvent } from '../../src/events/event.js';
import {
  createTuner,
  memoryVersionStore,
  proposeModel,
  readEvidence,
  type TrainedModel,
  type Tuner,
} from '../../src/tune/index.js';
import { PREMIUM_PROFILE } from '../profiles.js';
import { missingNeeds, type Fit } from '../fit.js';
import { FALLBACK_STATION, PREMIUM_STATION, layoutModelStation } from '../support/line.js';

export interface DownItem {
  intent: string;
  cls: string;
  fit: Fit;
  premium: unknown;
  heldOut?: boolean;
}
export interface DownRow {
  intent: string;
  cls: string;
  heldOut: boolean;
  station: string | null;
  fallback: boolean;
  accepted: boolean;
  firstOk: boolean | null;
  ms: number;
  /** What a rendered layout the visitor did not accept lacked (the fit's needs it missed). */
  missing?: string[];
  /** A cheap layout of this request was refused for lacking its class's requirements (missing_requirement). */
  refusedByRequirement?: boolean;
}
export interface DownRound {
  rows: DownRow[];
  cost: number;
  browserFirst: { n: number; ok: number };
  tuneTexts: string[];
  events: string;
  config: LineConfig;
  proposal?: string;
}

declare global {
  interface Window {
    __downshiftRound?: (
      items: DownItem[],
      o: {
        model: TrainedModel;
        tuneEvery: number;
        seed: number;
        tuning?: boolean;
        floor?: number;
        vote?: { samples: number; threshold: number };
        /** False: the tuner learns no class requirements (routing `require`). */
        requirements?: boolean;
        /** False: only what rejections teach, none of a class's distinctive parts before any rejection. */
        distinctive?: boolean;
      },
    ) => Promise<DownRound>;
    __downshiftProgress?: number;
  }
}

const tokens = (t: string) => Math.ceil(t.length / 3.5);

const byIntent = new Map<string, DownItem>();
const all: JigEvent[] = [];
let tuner: Tuner | null = null;
let log: ReturnType<typeof createEventLog> | null = null;
let store: Awaited<ReturnType<typeof openEventStore>> | null = null;
const premiumModel = PREMIUM_PROFILE.name;

/** The premium stand-in: the layout the site's own builder makes for the intent's class (it fits). */
const premiumFetch = (async (_u: string, init?: RequestInit) => {
  const body = JSON.parse(String(init?.body ?? '{}')) as { intent: string };
  const it = byIntent.get(body.intent);
  const json = (status: number, b: unknown) =>
    new Response(JSON.stringify(b), { status, headers: { 'content-type': 'application/json' } });
  if (!it) return json(422, { error: { code: 'layout_invalid', message: 'unknown intent' } });
  return json(200, {
    layout: it.premium,
    model: premiumModel,
    usage: {
      inputTokens: PREMIUM_PROFILE.promptTokens + tokens(body.intent),
      outputTokens: tokens(JSON.stringify(it.premium)),
    },
    repaired: false,
  });
}) as typeof fetch;

function baseConfig(model: TrainedModel, vote?: { samples: number; threshold: number }): LineConfig {
  return {
    ...(vote ? { vote } : {}),
    id: 'downshift',
    version: '1',
    stations: [layoutModelStation(model.name, model.url), PREMIUM_STATION, FALLBACK_STATION],
    repair: { max: 1 },
    generation: { temperature: 0.3, maxTokens: 900 },
    budgets: { maxLatencyMs: 120_000, maxCostUsd: 0.05 },
    prices: { [PREMIUM_PROFILE.name]: PREMIUM_PROFILE.pricePerMTok, [model.name]: { input: 0, output: 0 } },
  };
}

window.__downshiftRound = async (items, o) => {
  for (const it of items) byIntent.set(it.intent, it);
  const classify = (intent: string) => byIntent.get(intent)?.cls;
  if (!store) {
    store = await openEventStore({ indexedDB: undefined, name: 'downshift' });
    log = createEventLog({ store, context: { session: 'downshift' } });
    log.on((e) => all.push(e));
  }
  const deps = {
    fetch: premiumFetch,
    log: log!,
    store,
    classify,
    random: (() => {
      let x = o.seed;
      return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
    })(),
  };
  let proposal: string | undefined;
  if (!tuner) {
    const line = createLine(baseConfig(o.model, o.vote), deps);
    tuner = createTuner({
      store,
      line,
      deps,
      log: log!,
      versions: memoryVersionStore(),
      seed: o.seed,
      // The site's acceptance floor per intent class (the tuner's default, 95%, when not given).
      // A vote the site sets is kept at its size (the tuner would otherwise resize it).
      bounds: {
        ...(o.floor !== undefined ? { routing: { acceptanceFloor: o.floor } } : {}),
        ...(o.vote ? { voteSamples: { min: o.vote.samples, max: o.vote.samples } } : {}),
        ...(o.requirements === false ? { parts: { requirements: false } } : {}),
        ...(o.distinctive === false ? { requirements: { distinctive: 0 } } : {}),
      },
      makeLine: (c, start) => createLine(c, { ...deps, ...start }),
    });
    await tuner.ready;
  } else if (o.tuning !== false) {
    // A new model: the retraining proposal, deployed as the line's version (its canary is tested elsewhere).
    // Tuning off keeps the line as it is: the same line, with what its own routing learned, serves on.
    const rec = (await tuner.versions()).find((v) => v.role === 'current')!.record;
    const p = proposeModel(rec.config, o.model, {
      ...(rec.tuneState ? { state: rec.tuneState } : {}),
      evidence: await readEvidence(store, { line: 'downshift' }),
    });
    if (!p) throw new Error('the line has no wllama engine to point at the new model');
    await tuner.deploy(p.config, { proposal: p, reason: 'retrained model' });
    proposal = p.changes.map((c) => `${c.summary} — ${c.evidence}`).join('\n');
  }
  const from = all.length;
  const rows: DownRow[] = [];
  const tuneTexts: string[] = [];
  let done = 0;
  for (const it of items) {
    const line: Line = tuner.lineFor('everyone');
    const t0 = performance.now();
    const r = await line.assemble({ intent: it.intent });
    await line.idle();
    const layout = r.layout as { nodes: Array<{ type: string; props?: Record<string, unknown> }> } | null;
    const missing = layout && !r.fallback ? missingNeeds(layout, it.fit) : [];
    const accepted = !!layout && !r.fallback && missing.length === 0;
    const first = r.trace.steps.find((s) => s.kind === 'attempt' && s.station === 'browser') as
      | { ok?: boolean }
      | undefined;
    const refusedByRequirement = r.trace.steps.some(
      (s) => s.kind === 'attempt' && !!s.issues?.some((i) => i.code === 'missing_requirement'),
    );
    rows.push({
      intent: it.intent,
      cls: it.cls,
      heldOut: !!it.heldOut,
      station: r.station,
      fallback: r.fallback,
      accepted,
      firstOk: first ? first.ok === true : null,
      ms: Math.round(performance.now() - t0),
      ...(missing.length
        ? { missing: missing.map((n) => (n.props ? `${n.type} ${JSON.stringify(n.props)}` : n.type)) }
        : {}),
      ...(refusedByRequirement ? { refusedByRequirement } : {}),
    });
    const rendered = r.trace.steps.find((s) => s.kind === 'rendered') as { layoutId?: string } | undefined;
    // The visitor: rates every layout (up when it has what the intent needs) and acts on the ones they accept.
    // The site hands the rating to the line too (line.feedback, as the demo does): the line's own routing reads it.
    if (rendered?.layoutId && !r.fallback) {
      const ctx = { line: line.id, lineVersion: line.version, trace: r.trace.id };
      const rating = accepted ? 'up' : 'down';
      log!.emit('feedback.given', { layoutId: rendered.layoutId, rating, station: r.station ?? 'unknown' }, ctx);
      line.feedback(rendered.layoutId, rating);
      if (accepted)
        log!.emit('ui.action', { layoutId: rendered.layoutId, action: 'submit', station: r.station ?? 'unknown' }, ctx);
    }
    window.__downshiftProgress = ++done;
    if (done % o.tuneEvery === 0) {
      await log!.flush();
      const t = await tuner.tuneNow({ deploy: 'current' });
      if (t.proposal.changes.length) tuneTexts.push(t.text);
    }
  }
  await log!.flush();
  const mine = all.slice(from);
  let cost = 0;
  const browserFirst = { n: 0, ok: 0 };
  for (const e of mine) {
    if (e.type !== 'station.attempted') continue;
    if (typeof e.attrs.cost === 'number') cost += e.attrs.cost;
    if (e.attrs.station === 'browser' && e.attrs.repair !== true) {
      browserFirst.n++;
      if (e.attrs.ok === true) browserFirst.ok++;
    }
  }
  return {
    rows,
    cost,
    browserFirst,
    tuneTexts,
    events: mine.map((e) => JSON.stringify(e)).join('\n') + '\n',
    config: tuner.lineFor('everyone').config,
    ...(proposal ? { proposal } : {}),
  };
};
