// Runs in headless Chromium (eval/clinic-model.ts): requests no clinic recipe knows, through the
// demo's own line (its config, rules and classifier) with Jig's layout model as the browser station.
import { createLine } from '../../src/line/index.js';
import { RULES, classify, readIntent, type ClinicContext } from '../../demo/scenario/clinic.js';
import { clinicConfig, jigModelOptions } from '../../demo/scenario/runtime.js';

export interface ClinicRow {
  intent: string;
  station: string | null;
  ms: number;
  attempts: Array<{ ok: boolean; codes: string[]; tokensOut: number; text: string; error?: string }>;
}

declare global {
  interface Window {
    __clinic?: (intents: string[], overrides: Record<string, unknown>) => Promise<ClinicRow[]>;
    __clinicProgress?: number;
  }
}

/** The demo without a premium key: the server answers 503 no_upstream, as `npm start` does. */
const noUpstream: typeof fetch = async () =>
  new Response(JSON.stringify({ error: { code: 'no_upstream', message: 'no upstream model is configured' } }), {
    status: 503,
    headers: { 'content-type': 'application/json' },
  });

window.__clinic = async (intents, overrides) => {
  const options = { ...jigModelOptions(), useCache: false };
  const base = clinicConfig({
    plans: [{ kind: 'wllama', model: options.model, options, reason: 'eval' }],
    skipped: [],
  } as never);
  const rows: ClinicRow[] = [];
  for (const [i, intent] of intents.entries()) {
    // A line per request, as a visitor's first request: nothing cached or learned from the ones before.
    const line = createLine({ ...base, ...overrides }, { rules: RULES, classify, fetch: noUpstream });
    // What the demo's search box sends: the answers read from the request, 'next week' by default.
    const read = readIntent(intent);
    const context: ClinicContext = {
      step: 'search',
      answers: {
        ...(read.specialty ? { specialty: read.specialty } : {}),
        when: read.when ?? 'next-week',
        ...(read.day ? { day: read.day } : {}),
        ...(read.site ? { site: read.site } : {}),
      },
    };
    const texts: string[] = [];
    const assembly = line.assemble({ intent, context });
    for await (const event of assembly) {
      if (event.kind === 'attempt') {
        let t = '';
        for await (const c of event.text) t += c;
        texts.push(t);
      }
    }
    const r = await assembly;
    const attempts = r.trace.steps.flatMap((s) => (s.kind === 'attempt' && s.station === 'browser' ? [s] : []));
    rows.push({
      intent,
      station: r.station,
      ms: Math.round(r.ms),
      attempts: attempts.map((a, j) => ({
        ok: a.ok,
        codes: (a.issues ?? []).map((x) => x.code),
        tokensOut: a.tokensOut,
        text: texts[j] ?? '',
        ...(a.error ? { error: a.error.code } : {}),
      })),
    });
    window.__clinicProgress = i + 1;
  }
  return rows;
};
