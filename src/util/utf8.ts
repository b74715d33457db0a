// Bytes a string takes as UTF-8, without encoding it: request bodies and beacons are limited in
// bytes, and a string's length counts UTF-16 units ("€" is one unit and three bytes).

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3; // a lone surrogate is written as U+FFFD: three bytes
    } else n += 3;
  }
  return n;
}
