// A line's versions as one small state machine — deploy, canary, promote, roll back — shared by
// the server's storage (numbered versions) and the browser's version store (named ones).

/** Which version serves, which is on trial for a share of visitors, and where rollback goes. */
export interface VersionPointers<V> {
  current: V | null;
  canary: V | null;
  /** The canary's share of visitors (null without a canary). */
  share: number | null;
  /** Earlier current versions, newest last: rollback pops from here. */
  stack: V[];
}

export type VersionOp<V> =
  | { kind: 'deploy'; version: V }
  | { kind: 'canary'; version: V; share: number }
  | { kind: 'promote' }
  | { kind: 'rollback' };

export type VersionAction = VersionOp<unknown>['kind'];

export type VersionStep<V> =
  | {
      ok: true;
      state: VersionPointers<V>;
      action: VersionAction;
      /** The version the step made current or canary, or the canary it dropped. */
      version: V;
      /** The current version before the step. */
      previous: V | null;
      /** Whether a different version serves everyone now (a canary step or a dropped canary: no). */
      currentChanged: boolean;
    }
  | { ok: false; code: 'no_canary' | 'nothing_to_roll_back' };

function pushed<V>(stack: readonly V[], version: V | null, limit: number): V[] {
  if (version === null) return [...stack];
  const next = [...stack, version];
  return next.length > limit ? next.slice(next.length - limit) : next;
}

/**
 * One step, as a new state (the old one is left as it was). Rollback drops the canary if there
 * is one, else returns to the previous current version; the stack keeps at most `stackLimit`.
 */
export function stepVersions<V>(s: VersionPointers<V>, op: VersionOp<V>, stackLimit = Infinity): VersionStep<V> {
  const previous = s.current;
  switch (op.kind) {
    case 'deploy':
      return {
        ok: true,
        action: 'deploy',
        version: op.version,
        previous,
        currentChanged: true,
        state: { ...s, current: op.version, stack: pushed(s.stack, s.current, stackLimit) },
      };
    case 'canary':
      return {
        ok: true,
        action: 'canary',
        version: op.version,
        previous,
        currentChanged: false,
        state: { ...s, canary: op.version, share: op.share, stack: [...s.stack] },
      };
    case 'promote': {
      if (s.canary === null) return { ok: false, code: 'no_canary' };
      return {
        ok: true,
        action: 'promote',
        version: s.canary,
        previous,
        currentChanged: true,
        state: { current: s.canary, canary: null, share: null, stack: pushed(s.stack, s.current, stackLimit) },
      };
    }
    case 'rollback': {
      if (s.canary !== null)
        return {
          ok: true,
          action: 'rollback',
          version: s.canary,
          previous,
          currentChanged: false,
          state: { ...s, canary: null, share: null, stack: [...s.stack] },
        };
      const back = s.stack[s.stack.length - 1];
      if (back === undefined) return { ok: false, code: 'nothing_to_roll_back' };
      return {
        ok: true,
        action: 'rollback',
        version: back,
        previous,
        currentChanged: true,
        state: { ...s, current: back, stack: s.stack.slice(0, -1) },
      };
    }
  }
}
