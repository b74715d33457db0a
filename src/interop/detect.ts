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
    const t = input.trim();
    if (t.startsWith('{') && t.endsWith('}') && t.length <= 1 << 20) {
      let whole: unknown;
      try {
        whole = JSON.parse(t);
      } catch {
        whole = undefined; // several lines (JSONL), a fenced block, chatter: the head decides
      }
      if (isRecord(whole)) return detectFormat(whole);
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
