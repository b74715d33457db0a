// Tells the three formats apart from their first value: a Jig layout, A2UI messages, or json-render
// (a spec or SpecStream ops). Used by `jig check --from auto`, `POST /v1/gate` and the surface.

export type PeerFormat = 'jig' | 'a2ui' | 'json-render';

const A2UI_KEYS = [
  'createSurface',
  'updateComponents',
  'updateDataModel',
  'deleteSurface',
  'beginRendering',
  'surfaceUpdate',
  'dataModelUpdate',
];
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The format of a value or of text (read from its first line or value); undefined when none fits. */
export function detectFormat(input: unknown): PeerFormat | undefined {
  if (typeof input === 'string') {
    // A whole JSON object is told by its own top-level keys, so keys deeper in it (a Jig layout's
    // data holding "elements" or "op") cannot decide. Up to 1 MB; longer text is told by its head.
    // The keys are read by a scan, without building the object: the format's own parser reads it next.
    const t = input.trim();
    if (t.startsWith('{') && t.endsWith('}') && t.length <= 1 << 20) {
      const top = topLevel(t);
      if (top) return detectFormat(top);
    }
    // Key names decide; the text need not be complete or valid.
    const head = input.slice(0, 4096);
    if (
      /"(createSurface|updateComponents|updateDataModel|beginRendering|surfaceUpdate|dataModelUpdate|deleteSurface)"\s*:/.test(
        head,
      )
    )
      return 'a2ui';
    if (/"messages"\s*:\s*\[/.test(head) && /"version"\s*:\s*"v0\.9"|"surfaceId"/.test(input.slice(0, 65536)))
      return 'a2ui';
    if (/```spec/.test(head) || /"op"\s*:\s*"(add|replace|remove)"/.test(head) || /"elements"\s*:/.test(head))
      return 'json-render';
    if (/"nodes"\s*:|"tree"\s*:|"version"\s*:\s*1\b/.test(head)) return 'jig';
    return undefined;
  }
  const first = Array.isArray(input) ? input[0] : input;
  if (!isRecord(first)) return undefined;
  if (A2UI_KEYS.some((k) => Object.hasOwn(first, k)) || (Array.isArray(first.messages) && !Array.isArray(input)))
    return 'a2ui';
  if (Object.hasOwn(first, 'elements') || Object.hasOwn(first, 'op')) return 'json-render';
  if (Object.hasOwn(first, 'nodes') || Object.hasOwn(first, 'tree') || first.version === 1) return 'jig';
  return undefined;
}

/**
 * The top-level members of text holding one JSON object, as far as telling the formats apart needs
 * them: each key with `[]` for an array value, the number for a numeric one, `{}` otherwise.
 * Undefined when the text is not one object (JSONL, a fenced block) or is cut short; the scan
 * never builds the object's values.
 */
function topLevel(t: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = Object.create(null);
  let depth = 0,
    key: string | undefined,
    expectKey = false,
    valueStart = -1;
  const close = (end: number) => {
    if (key === undefined || valueStart < 0) return;
    const raw = t.slice(valueStart, end).trim();
    out[key] = raw.startsWith('[') ? [] : /^-?\d/.test(raw) ? Number(raw) : {};
    key = undefined;
    valueStart = -1;
  };
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 34 /* " */) {
      const start = i;
      for (i++; i < t.length && t.charCodeAt(i) !== 34; i++) if (t.charCodeAt(i) === 92 /* \ */) i++;
      if (i >= t.length) return undefined;
      if (depth === 1 && expectKey) {
        const raw = t.slice(start, i + 1);
        try {
          key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        } catch {
          return undefined;
        }
        expectKey = false;
      }
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (depth === 0 && i > 0) return undefined;
      depth++;
      if (depth === 1) expectKey = true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (depth === 1) close(i);
      depth--;
      // Back to the top before the end: more than one value (JSONL), which the head decides.
      if (depth === 0 && i !== t.length - 1) return undefined;
      if (depth < 0) return undefined;
    } else if (depth === 1 && c === 58 /* : */) {
      valueStart = i + 1;
    } else if (depth === 1 && c === 44 /* , */) {
      close(i);
      expectKey = true;
    }
  }
  return depth === 0 ? out : undefined;
}
