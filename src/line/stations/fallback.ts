// The fallback station: the site's own layout, always there at the end of the line, so the page
// is never blank. It is checked when the line is made and against each request's actions.
import { runGates } from '../../gates/run.js';
import type { Station, StationContext, StationRun } from '../station.js';

export interface FallbackStation extends Station {
  readonly kind: 'fallback';
  readonly layout: unknown;
}

export function fallbackStation(layout: unknown): FallbackStation {
  return {
    kind: 'fallback',
    layout,
    async *run(ctx: StationContext): StationRun {
      // The line checked this layout against its own gates; a request may narrow the actions.
      const verdict = runGates(layout, ctx.gates);
      yield {
        kind: 'verdict',
        attempt: { station: 'fallback', model: 'fallback', attempt: 1, repair: false },
        verdict,
      };
      if (!verdict.ok)
        return {
          ok: false,
          reason: 'gates_failed',
          detail: `the fallback layout fails this request's gates (${verdict.issues.map((i) => i.code).join(', ')})`,
          failed: { layout, issues: verdict.issues },
        };
      return { ok: true, layout: verdict.layout, model: 'fallback' };
    },
  };
}
