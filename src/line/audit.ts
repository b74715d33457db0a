// Sampled audits: a share of the layouts the browser station serves is asked of the premium
// station too, in the background, and how far the two agree goes into the class's record.
import type { LayoutDocument } from '../layout/document.js';
import type { RouteBook } from './records.js';
import { similarity } from './similarity.js';
import { drain, type StationContext } from './station.js';
import type { PremiumStation } from './stations/premium.js';

export interface AuditOptions {
  /** No premium station, no audits. */
  premium: PremiumStation | undefined;
  /** The share of browser layouts audited (0–1); undefined: none. */
  share: number | undefined;
  /** The line's latency budget: an audit gets one of its own. */
  maxLatencyMs: number | undefined;
  random: () => number;
  book: RouteBook;
  /** Keeps the audit as the line's background work (`line.idle()` waits for it). */
  track(work: Promise<unknown>): void;
}

/** Returns the audit a served browser layout may get (by chance, at the configured share). */
export function auditor(o: AuditOptions): (ctx: StationContext, layout: LayoutDocument) => void {
  return (ctx, layout) => {
    const premium = o.premium;
    if (!premium || o.share === undefined || o.random() >= o.share) return;
    const started = performance.now();
    // Its own latency budget and no signal: the request it checks has already been answered.
    const budget = o.maxLatencyMs ?? Infinity;
    const auditCtx: StationContext = {
      intent: ctx.intent,
      context: ctx.context,
      cls: ctx.cls,
      rec: ctx.rec,
      gates: ctx.gates,
      background: true,
      repairsUsed: ctx.repairsUsed,
      remaining: () => budget - (performance.now() - started),
      tally: ctx.tally,
    };
    o.track(
      drain(premium.call(auditCtx, { stream: false })).then(
        (out) => {
          if (!out.ok) {
            ctx.rec.audit('browser', null, premium.model, `audit could not run: ${out.detail}`);
            return;
          }
          const agreement = similarity(layout, out.layout);
          o.book.audit(ctx.cls, 'browser', agreement);
          ctx.rec.audit(
            'browser',
            agreement,
            out.model,
            `premium layout agrees ${agreement.toFixed(2)} with the browser's`,
          );
        },
        (err: unknown) => ctx.rec.audit('browser', null, premium.model, `audit failed: ${String(err)}`),
      ),
    );
  };
}
