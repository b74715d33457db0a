// Seeded randomness and stable hashing for the tuner: a bandit that replays the same way in a
// test, and a canary split that gives a visitor the same version on every request.

import { fnv1a32 } from '../util/hash.js';

export { seededRandom } from '../util/random.js';

/** A 32-bit hash of a string: FNV-1a, then murmur3's finaliser so that near keys spread evenly. */
export function hash32(text: string): number {
  let h = fnv1a32(text);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A key's fixed place in [0, 1) under a salt. */
export function unitHash(key: string, salt = ''): number {
  return hash32(`${salt}\u0000${key}`) / 4294967296;
}
