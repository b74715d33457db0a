// One verdict for any of the three formats (Jig, A2UI, json-render), for `jig check --from` and
// `POST /v1/gate`: the format named or detected, then the importer and the full gates.
import { runGates, type GateOptions } from '../gates/run.js';
import type { LayoutDocument } from '../layout/document.js';
import { fromA2UI, type A2UIOptions, type A2UISurfaceResult } from './a2ui.js';
import { detectFormat, type PeerFormat } from './detect.js';
import { fromJsonRender, type JsonRenderOptions } from './json-render.js';
import { fromGateIssue, interopIssue, type InteropIssue, type PeerAction } from './report.js';

export type FormatChoice = PeerFormat | 'auto';
export const FORMAT_CHOICES: readonly FormatChoice[] = ['auto', 'jig', 'a2ui', 'json-render'];

export interface Verdict {
  format: PeerFormat | 'unknown';
  ok: boolean;
  issues: InteropIssue[];
  warnings: InteropIssue[];
  /** Jig and json-render: the document that passed. */
  layout?: LayoutDocument;
  actions?: Record<string, PeerAction>;
  /** A2UI: one result per surface. */
  surfaces?: A2UISurfaceResult[];
  lines?: { read: number; malformed: number; prose?: number };
}

export type VerdictOptions = GateOptions &
  Pick<A2UIOptions, 'catalogIds' | 'stream'> &
  Pick<JsonRenderOptions, 'components'>;

/** Gates text or a parsed value in the format named (or detected with 'auto'). Pure; never throws. */
export function gateAny(input: unknown, format: FormatChoice = 'auto', options: VerdictOptions = {}): Verdict {
  const f = format === 'auto' ? detectFormat(input) : format;
  switch (f) {
    case 'a2ui': {
      const r = fromA2UI(input as string, options);
      return { format: 'a2ui', ok: r.ok, issues: r.issues, warnings: r.warnings, surfaces: r.surfaces, lines: r.lines };
    }
    case 'json-render': {
      const r = fromJsonRender(input as string, options);
      return {
        format: 'json-render',
        ok: r.ok,
        issues: r.issues,
        warnings: r.warnings,
        ...(r.layout ? { layout: r.layout } : {}),
        actions: r.actions,
        ...(r.lines ? { lines: r.lines } : {}),
      };
    }
    case 'jig': {
      const r = runGates(input, options);
      return r.ok
        ? {
            format: 'jig',
            ok: true,
            issues: [],
            warnings: r.warnings.map((w) => fromGateIssue(w, w.path, w.path)),
            layout: r.layout,
          }
        : { format: 'jig', ok: false, issues: r.issues.map((i) => fromGateIssue(i, i.path, i.path)), warnings: [] };
    }
    default:
      return {
        format: 'unknown',
        ok: false,
        issues: [
          interopIssue(
            'bad_message',
            '',
            'the input is neither a Jig layout, A2UI messages nor a json-render spec or SpecStream; name the format',
          ),
        ],
        warnings: [],
      };
  }
}
