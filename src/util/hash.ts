// FNV-1a over a string's UTF-16 code units, 32 bit: stable, tiny, not for security. The
// catalog and layout ids print it in hex; the canary split spreads it further before use.
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
