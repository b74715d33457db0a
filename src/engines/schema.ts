// Shrinks a layout JSON Schema for very small models: shorter strings and ids mean fewer tokens
// spent inside the grammar, so output ends before the token budget does.

export interface CompactOptions {
  /** Longest free-text string (titles, labels, text). Default 24. */
  maxStringLength?: number;
  /** Longest node id. Default 8. */
  maxIdLength?: number;
}

/** A copy of `schema` with every free string capped and the id pattern shortened. */
export function compactSchema<T>(schema: T, { maxStringLength = 24, maxIdLength = 8 }: CompactOptions = {}): T {
  const walk = (s: unknown): unknown => {
    if (Array.isArray(s)) return s.map(walk);
    if (s === null || typeof s !== 'object') return s;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s)) out[k] = walk(v);
    if (out.type === 'string' && typeof out.pattern === 'string') {
      // The id pattern ends in a counted repeat, e.g. {0,63}; the first character is outside it.
      out.pattern = out.pattern.replace(/\{0,\d+\}(\$?)$/, `{0,${Math.max(0, maxIdLength - 1)}}$1`);
    } else if (out.type === 'string' && !('enum' in out) && !('const' in out) && !('format' in out)) {
      out.maxLength = Math.min(Number(out.maxLength ?? maxStringLength), maxStringLength);
    }
    return out;
  };
  return walk(schema) as T;
}
