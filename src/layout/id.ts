// The one id of a layout document: the line, the surface's observer and the tuner all name a
// layout by it, so feedback, the dataset and the cache join on the same key.
import { fnv1a32 } from '../util/hash.js';

/** A stable id of a layout document (same document, same id): "l" and its JSON's FNV-1a hash in hex. */
export function layoutId(layout: unknown): string {
  return (
    'l' +
    fnv1a32(JSON.stringify(layout) ?? '')
      .toString(16)
      .padStart(8, '0')
  );
}
