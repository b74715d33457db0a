// The cache station: the last layout that passed for this intent class, served at no cost —
// gated again on the way out, since the site's gates may have changed since it was stored.
import type { LayoutDocument } from '../../layout/document.js';
import { runGates } from '../../gates/run.js';
import { layoutId } from '../attempt.js';
import type { Station, StationContext, StationRun } from '../station.js';

/** Layouts by intent class; the line writes every layout it accepts here. */
export type LayoutCache = Map<string, LayoutDocument>;

export interface CacheStation extends Station {
  readonly kind: 'cache';
  /** A cached layout that passes is served; with `refresh` the line makes a fresher one in the background. */
  readonly refresh: boolean;
}

export function cacheStation(cache: LayoutCache, options: { refresh?: boolean } = {}): CacheStation {
  return {
    kind: 'cache',
    refresh: !!options.refresh,
    async *run(ctx: StationContext): StationRun {
      const entry = cache.get(ctx.cls);
      ctx.rec.cache(!!entry);
      if (!entry) return { ok: false, reason: 'cache_miss', detail: `no layout is cached for "${ctx.cls}"` };
      const verdict = runGates(entry, ctx.gates);
      ctx.tally('cache', verdict.ok);
      ctx.rec.attempt({
        station: 'cache',
        model: 'cache',
        attempt: 1,
        repair: false,
        tokensIn: 0,
        tokensOut: 0,
        ms: 0,
        cost: 0,
        ok: verdict.ok,
        ...(verdict.ok ? { layoutId: layoutId(verdict.layout) } : { issues: verdict.issues }),
      });
      if (!verdict.ok) {
        // A stale entry is the line's business, not the reader's: nothing of it was shown.
        cache.delete(ctx.cls);
        return {
          ok: false,
          reason: 'gates_failed',
          detail: 'the cached layout no longer passes the gates',
          failed: { layout: entry, issues: verdict.issues },
        };
      }
      yield { kind: 'verdict', attempt: { station: 'cache', model: 'cache', attempt: 1, repair: false }, verdict };
      return { ok: true, layout: verdict.layout, model: 'cache' };
    },
  };
}
