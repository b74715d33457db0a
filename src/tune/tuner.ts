// The self-improving line: serves each visitor the current or canary version (sticky by key),
// tunes from the event store on demand or on a schedule, deploys proposals as canaries, and
// promotes or rolls them back on the sequential test — locally, and on the server when it answers.
import { createEventLog, type EventLog } from '../events/log.js';
import type { EventStore } from '../events/store.js';
import type { LineConfig } from '../line/config.js';
import { carryRecords } from '../line/records.js';
import { catalogCategorical } from './requirements.js';
import { runGates } from '../gates/run.js';
import {
  createLine,
  lineGates,
  lineSetup,
  type AssembleRequest,
  type Line,
  type LineDeps,
  type LineResult,
} from '../line/line.js';
import { checkedBounds, resolveBounds, type TuneBounds, type TuneBoundsInput } from './bounds.js';
import { compareVersions, inCanary, type CanaryTestOptions, type CanaryVerdict } from './canary.js';
import { readEvidence, type VersionEvidence } from './evidence.js';
import { deepEqual, untunableChanges } from './guard.js';
import {
  lineServer,
  type LineServer,
  type LineServerOptions,
  type ServerAnswer,
  type ServerLineState,
} from './server.js';
import { formatProposal, tune, type Proposal } from './tune.js';
import {
  BOUNDS_KEY,
  emptyLineState,
  openVersionStore,
  type LocalLineState,
  type VersionChange,
  type VersionRecord,
  type VersionStore,
} from './versions.js';

export interface TunerOptions {
  /** Where the evidence is read and the tuner's own events go. */
  store: EventStore;
  /** The line as the site made it; its config is the first version when nothing is stored yet. */
  line: Line;
  /**
   * Makes the line for a version's config. Default: `createLine(config, { ...deps, ...start })`. A
   * canary's `start` carries the current line's records (`LineDeps.records`): a line made without
   * them seeds its routing from the store and may route differently for reasons its config has no part in.
   */
  makeLine?: (config: LineConfig, start: Pick<LineDeps, 'records'>) => Line;
  deps?: LineDeps;
  /** Default: `openVersionStore()` (IndexedDB database "jig-lines"). */
  versions?: VersionStore;
  /** The server's /v1/lines; its versions take precedence and its bounds narrow the site's. */
  server?: LineServer | LineServerOptions;
  /** The site's bounds for tuning. */
  bounds?: TuneBoundsInput;
  /** Default: a log on `store` with session "tuner". */
  log?: EventLog;
  /** The canary's share for proposals and the test's settings. */
  canary?: CanaryTestOptions & { share?: number };
  /** Seed of the bandit's draws (each round adds its number). Default 1. */
  seed?: number;
}

export interface TuneResult {
  proposal: Proposal;
  /** The proposal as text a person reads. */
  text: string;
  /** The version it became, when deployed. */
  deployed?: VersionRecord;
  /** Where it was deployed. */
  where?: 'server' | 'local';
}

export interface VersionSummary {
  record: VersionRecord;
  role: 'current' | 'canary' | 'earlier' | 'retired';
  metrics: VersionEvidence | undefined;
}

export interface Tuner {
  readonly id: string;
  /** Resolves once the stored versions are loaded and the server (if any) was asked. */
  readonly ready: Promise<void>;
  state(): LocalLineState;
  /** The version a visitor with this key gets (same key, same version while the canary runs). */
  versionFor(key: string): string;
  lineFor(key: string): Line;
  /** Assembles on the visitor's version. */
  assemble(key: string, req: AssembleRequest): Promise<LineResult>;
  /** Reads the events, proposes, and deploys the proposal (as a canary by default) when it changes anything. */
  tuneNow(opts?: { deploy?: 'canary' | 'current' | false; canaryShare?: number }): Promise<TuneResult>;
  /** Deploys a config (refused when it changes anything tuning may not). */
  deploy(
    config: LineConfig,
    opts?: { canaryShare?: number; proposal?: Proposal; reason?: string },
  ): Promise<{ record: VersionRecord; where: 'server' | 'local' }>;
  /** Runs the canary test; rolls back or promotes when it decides. Null without a canary. */
  check(): Promise<CanaryVerdict | null>;
  /** By hand: drops the canary, or returns to the exact previous config. */
  rollback(reason?: string): Promise<VersionChange>;
  promote(reason?: string): Promise<VersionChange>;
  versions(): Promise<VersionSummary[]>;
  latest(): TuneResult | undefined;
  /** Pulls the server's versions; true when that changed the current or canary. */
  sync(): Promise<boolean>;
  /** Checks the canary and tunes every `intervalMs`; returns a function that stops it. */
  schedule(
    intervalMs: number,
    opts?: {
      deploy?: 'canary' | 'current' | false;
      onRound?: (r: { verdict: CanaryVerdict | null; tuned?: TuneResult; error?: unknown }) => void;
    },
  ): () => void;
  /** The bounds in force (site narrowed by the server). */
  bounds(): TuneBounds;
  close(): void;
}

const isServer = (s: LineServer | LineServerOptions): s is LineServer => typeof (s as LineServer).get === 'function';

export function createTuner(opts: TunerOptions): Tuner {
  const id = opts.line.id;
  const make = opts.makeLine ?? ((config, start) => createLine(config, { ...opts.deps, ...start }));
  const server = opts.server ? (isServer(opts.server) ? opts.server : lineServer(opts.server)) : undefined;
  const log = opts.log ?? createEventLog({ store: opts.store, context: { session: 'tuner', line: id } });
  const share = opts.canary?.share ?? 0.1;
  const lines = new Map<string, Line>();
  /** The line that last served the current version: a new current version carries its records. */
  let served: Line | null = null;
  let versions: VersionStore;
  let st: LocalLineState = emptyLineState(id);
  let records = new Map<string, VersionRecord>();
  let last: TuneResult | undefined;
  // The site's bounds are checked now (a mistake is the site's to fix at once); the server's when read.
  const siteBounds = checkedBounds(opts.bounds, 'site');
  let serverBounds: unknown;
  let round = 0;

  /** The bounds in force; a TuneBoundsError when the server's are not valid (nothing is tuned on them). */
  function inForce(): TuneBounds {
    return resolveBounds(siteBounds, checkedBounds(serverBounds, 'server'));
  }

  async function reload(): Promise<void> {
    st = await versions.state(id);
    records = new Map((await versions.list(id)).map((r) => [r.version, r]));
    serverBounds = st.current ? records.get(st.current)?.bounds : undefined;
  }

  const ready = (async () => {
    versions = opts.versions ?? (await openVersionStore());
    await reload();
    if (st.current === null) {
      await versions.add(id, opts.line.config as LineConfig, {
        source: 'site',
        version: opts.line.version,
        reason: "the site's own config",
      });
      await reload();
    }
    if (server) await sync();
  })();

  function lineOf(version: string): Line {
    let l = lines.get(version);
    if (!l) {
      const rec = records.get(version);
      if (!rec) throw new Error(`line "${id}" has no version "${version}" stored`);
      if (deepEqual(rec.config, opts.line.config)) l = opts.line;
      else {
        // A new current version (deployed by tuning, promoted, rolled back to) starts from what the line
        // that served until now learned, a canary from what the current line has learned — ratings and
        // audits too, which the store's fold lacks, and not the attempts of versions that ran beside it —
        // so the line's own routing does not forget each tune round what visitors said, and a canary
        // differs from the current version by its config alone, which is what the canary test compares.
        // A station whose config changed (a new browser model) starts afresh (carryRecords).
        const from = version === st.current ? served : lineOf(st.current!);
        l = make(
          rec.config,
          from ? { records: from.ready.then(() => carryRecords(from.state().records, from.config, rec.config)) } : {},
        );
      }
      lines.set(version, l);
    }
    if (version === st.current) served = l;
    return l;
  }

  const salt = () => `${id}@${st.canary ?? ''}`;
  function versionFor(key: string): string {
    return st.canary !== null && inCanary(key, st.share, salt()) ? st.canary : st.current!;
  }

  const emit = (
    type: 'line.deployed' | 'line.rolled_back' | 'tune.proposed' | 'tune.applied',
    version: string,
    attrs: Record<string, string | number | boolean | null>,
  ) => log.emit(type, attrs, { line: id, lineVersion: version });

  async function sync(): Promise<boolean> {
    if (!server) return false;
    const r = await server.get(id);
    if (!r.ok || !r.value.current) return false;
    return adopt(r.value);
  }

  async function adopt(state: ServerLineState): Promise<boolean> {
    const { changed } = await versions.adopt(id, state);
    await reload();
    // A version whose config the server replaced needs a new line.
    if (changed) for (const [v, l] of lines) if (!deepEqual(l.config, records.get(v)?.config)) lines.delete(v);
    return changed;
  }

  /** Calls the server when its versions are in play; a server that does not answer leaves the local copy to act. */
  async function onServer<T>(
    call: () => Promise<ServerAnswer<T & { line: ServerLineState }>>,
  ): Promise<(T & { line: ServerLineState }) | null> {
    if (!server) return null;
    const r = await call();
    return r.ok ? r.value : null;
  }

  async function deploy(
    config: LineConfig,
    o: { canaryShare?: number; proposal?: Proposal; reason?: string } = {},
  ): Promise<{ record: VersionRecord; where: 'server' | 'local' }> {
    await ready;
    const base = records.get(st.current!)!;
    const stray = untunableChanges(base.config, config);
    if (stray.length)
      throw new Error(
        `this config changes ${stray.join(', ')}, which a line version made by tuning may not; deploy it through the server as a new base version`,
      );
    // A version that could not become a line would break every visitor it is served to: refuse it here.
    lineSetup(config, () => opts.line.catalog, opts.line.rules);
    const meta = o.proposal
      ? {
          proposal: { changes: o.proposal.changes, from: o.proposal.from, events: o.proposal.events },
          tuneState: o.proposal.state,
        }
      : {};
    const canaryShare = o.canaryShare;
    const withBounds = (c: LineConfig) => ({
      ...c,
      ...(base.bounds ? { [BOUNDS_KEY]: base.bounds } : {}),
    });
    // A line the server has never seen gets its base first: a canary needs a current version beside
    // it, and a rollback there needs somewhere to go back to.
    if (server) {
      const known = await server.get(id);
      if (known.ok && !known.value.current) await server.deploy(id, withBounds(base.config));
    }
    const sent = await onServer<{ version: number }>(() => server!.deploy(id, withBounds(config), canaryShare));
    let record: VersionRecord;
    let where: 'server' | 'local';
    if (sent) {
      await adopt(sent.line);
      // The server numbered it; keep the proposal beside its record.
      record = (await versions.annotate(id, String(sent.version), { parent: base.version, ...meta }))!;
      where = 'server';
    } else {
      // The server's bounds stay with the versions made from its version.
      record = (
        await versions.add(id, config, {
          source: 'local',
          parent: base.version,
          ...meta,
          ...(base.bounds ? { bounds: base.bounds } : {}),
          ...(canaryShare !== undefined ? { canaryShare } : {}),
          ...(o.reason ? { reason: o.reason } : {}),
        })
      ).record;
      where = 'local';
    }
    await reload();
    emit('line.deployed', record.version, {
      version: record.version,
      previous: base.version,
      share: canaryShare ?? 1,
      canary: canaryShare !== undefined,
      source: where,
      changes: o.proposal?.changes.length ?? 0,
    });
    await log.flush();
    return { record, where };
  }

  async function rollback(reason?: string, evidence?: unknown, automatic = false): Promise<VersionChange> {
    await ready;
    const target = st.canary ?? st.current!;
    const rec = records.get(target);
    const remote = rec?.source === 'server' ? await onServer(() => server!.rollback(id, reason)) : null;
    const r = await versions.rollback(id, reason, evidence);
    await reload();
    if (remote) await adopt(remote.line);
    if (r.ok) {
      emit('line.rolled_back', target, {
        version: target,
        to: st.current,
        automatic,
        reason: reason ?? 'rolled back by hand',
        ...(evidence !== undefined ? { evidence: JSON.stringify(evidence).slice(0, 8000) } : {}),
      });
      lines.delete(target);
      await log.flush();
    }
    return r;
  }

  async function promote(reason?: string): Promise<VersionChange> {
    await ready;
    const rec = st.canary ? records.get(st.canary) : undefined;
    const remote = rec?.source === 'server' ? await onServer(() => server!.promote(id)) : null;
    const r = await versions.promote(id, reason);
    await reload();
    if (remote) await adopt(remote.line);
    if (r.ok) {
      emit('line.deployed', r.version, {
        version: r.version,
        previous: st.stack.at(-1) ?? null,
        share: 1,
        canary: false,
        promoted: true,
        reason: reason ?? 'promoted by hand',
      });
      await log.flush();
    }
    return r;
  }

  async function check(): Promise<CanaryVerdict | null> {
    await ready;
    if (st.canary === null) return null;
    const since = st.history.find((h) => h.action === 'canary' || (h.action === 'sync' && h.version === st.canary))?.at;
    const ev = await readEvidence(opts.store, { line: id, ...(since ? { from: since } : {}) });
    const verdict = compareVersions(ev.versions[st.current!], ev.versions[st.canary], opts.canary);
    const evidence = verdict.metrics.map((m) => ({
      metric: m.metric,
      current: m.current,
      canary: m.canary,
      pWorse: Math.round(m.pWorse * 1e4) / 1e4,
    }));
    if (verdict.decision === 'rollback') await rollback(verdict.reason, evidence, true);
    else if (verdict.decision === 'promote') await promote(verdict.reason);
    return verdict;
  }

  async function tuneNow(o: { deploy?: 'canary' | 'current' | false; canaryShare?: number } = {}): Promise<TuneResult> {
    await ready;
    const base = records.get(st.current!)!;
    const ev = await readEvidence(opts.store, { line: id });
    round++;
    const gates = lineGates(base.config, opts.line.catalog, opts.line.rules);
    const proposal = tune(ev, base.config, inForce(), {
      seed: (opts.seed ?? 1) + round,
      check: (layout) => runGates(layout, gates).ok,
      categorical: catalogCategorical(opts.line.catalog),
      ...(base.tuneState ? { state: base.tuneState } : {}),
    });
    const result: TuneResult = { proposal, text: formatProposal(proposal) };
    const about = {
      from: base.version,
      changes: proposal.changes.length,
      events: proposal.events,
      summary: result.text.slice(0, 8000),
      kinds: [...new Set(proposal.changes.map((c) => c.kind))].join(','),
    };
    emit('tune.proposed', base.version, about);
    const mode = o.deploy ?? 'canary';
    // A canary already running must be judged before another replaces it.
    if (proposal.changes.length && mode !== false && !(mode === 'canary' && st.canary !== null)) {
      const d = await deploy(proposal.config, {
        proposal,
        ...(mode === 'canary' ? { canaryShare: o.canaryShare ?? share } : {}),
        reason: `tuning: ${proposal.changes.length} changes`,
      });
      result.deployed = d.record;
      result.where = d.where;
      emit('tune.applied', d.record.version, { ...about, version: d.record.version, canary: mode === 'canary' });
    }
    last = result;
    await log.flush();
    return result;
  }

  return {
    id,
    ready,
    state: () => structuredClone(st),
    versionFor,
    lineFor: (key) => lineOf(versionFor(key)),
    assemble: async (key, req) => {
      await ready;
      return lineOf(versionFor(key)).assemble(req);
    },
    tuneNow,
    deploy,
    check,
    rollback: (reason) => rollback(reason),
    promote,
    async versions() {
      await ready;
      const ev = await readEvidence(opts.store, { line: id });
      const earlier = new Set(st.stack);
      return [...records.values()].reverse().map((record) => ({
        record,
        role:
          record.version === st.current
            ? 'current'
            : record.version === st.canary
              ? 'canary'
              : earlier.has(record.version)
                ? 'earlier'
                : 'retired',
        metrics: ev.versions[record.version],
      }));
    },
    latest: () => last,
    sync: async () => {
      await ready;
      return sync();
    },
    schedule(intervalMs, so = {}) {
      let busy = false;
      const timer = setInterval(() => {
        if (busy) return;
        busy = true;
        void (async () => {
          let verdict: CanaryVerdict | null = null;
          try {
            await sync();
            verdict = await check();
            const tuned = await tuneNow({ deploy: so.deploy ?? 'canary' });
            so.onRound?.({ verdict, tuned });
          } catch (error) {
            so.onRound?.({ verdict, error });
          } finally {
            busy = false;
          }
        })();
      }, intervalMs);
      return () => clearInterval(timer);
    },
    bounds: inForce,
    close() {
      if (!opts.versions) versions?.close();
    },
  };
}
