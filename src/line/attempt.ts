// What every station does around one attempt: name a layout by its content, turn a broken-off
// text into a verdict a reader can show, and stop when the request is cancelled.
import { issue } from '../gates/issue.js';
import type { GateResult } from '../gates/run.js';

/** The one layout id (src/layout/id.ts), here beside the rest a station needs. */
export { layoutId } from '../layout/id.js';

export const abortError = (signal: AbortSignal): unknown =>
  signal.reason ?? new DOMException('The request was cancelled', 'AbortError');

/** The verdict on an attempt whose text stopped before it ended (an engine crash, a broken stream). */
export function brokeOff(message: string): GateResult {
  return { ok: false, issues: [issue('invalid_json', '', `the stream failed: ${message}`)] };
}

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
