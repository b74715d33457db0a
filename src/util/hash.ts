// FNV-1a over a string's UTF-16 code units, 32 bit: stable, tiny, not for security. The
// catalog and layout ids print it in hex; the canary split spreads it further before use.
/** `seed` replaces the standard offset basis, for independent lanes of a wider hash. */
export function fnv1a32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
