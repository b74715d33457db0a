// web-llm reports loading as {progress, text}; this turns a report into Jig's LoadProgress
// (phase, bytes, fraction) by reading the texts web-llm 0.2.86 writes.
import type { LoadProgress } from '../engine.js';
import type { WorkerProgress } from './protocol.js';

const MB = 1_048_576;

/** `knownTotal`: the download size when the site gave it; otherwise estimated from MB done and the fraction. */
export function mapWebLLMProgress(r: WorkerProgress, knownTotal?: number): LoadProgress {
  const fraction = Number.isFinite(r.progress) ? Math.max(0, Math.min(1, r.progress)) : undefined;
  const mb = /(\d+)MB (fetched|loaded)/.exec(r.text);
  const loaded = mb ? Number(mb[1]) * MB : undefined;
  const total = knownTotal ?? (loaded && fraction ? Math.round(loaded / fraction) : undefined);
  let phase: LoadProgress['phase'] = 'loading';
  if (/fetch/i.test(r.text)) phase = 'downloading';
  else if (/shader|compil/i.test(r.text)) phase = 'compiling';
  else if (/^Finish loading/i.test(r.text)) phase = 'ready';
  // web-llm's advice about caching is for its own demo page.
  return { phase, fraction, loaded, total, text: r.text.replace(/\s*It can take a while.*$/, '') };
}
