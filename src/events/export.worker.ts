// Builds an export file off the main thread: opens the same IndexedDB database by name, reads
// and encodes in the worker, and posts back the Blob (passed by reference, not copied).
import { buildFile } from './export-file.js';
import type { ExportReply, ExportRequest } from './export-protocol.js';
import { openEventStore } from './store.js';

const PROGRESS_MS = 100;

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<ExportRequest>) => void) | null;
  postMessage(m: ExportReply): void;
  close(): void;
};

scope.onmessage = async (e) => {
  const req = e.data;
  // No fallback here: if the worker cannot open the database the page exports in-page instead.
  const store = await openEventStore({ name: req.name, onError: () => undefined });
  try {
    if (store.backend !== 'indexeddb')
      throw new Error(store.fallbackReason ?? 'IndexedDB is not available in the worker');
    // Progress goes out at most every PROGRESS_MS: one message per slice is thousands of tasks
    // queued on the page, and the page runs them in batches that add up to long tasks under load.
    let last = -Infinity;
    const file = await buildFile(store, req.format, {
      ...req.options,
      filter: req.filter,
      pageSize: req.pageSize,
      budgetMs: Infinity,
      onProgress: (p) => {
        const now = performance.now();
        if (now - last < PROGRESS_MS) return;
        last = now;
        scope.postMessage({ kind: 'progress', ...p });
      },
    });
    scope.postMessage({ kind: 'done', blob: file.blob, filename: file.filename, events: file.events });
  } catch (err) {
    scope.postMessage({ kind: 'error', message: (err as Error).message });
  } finally {
    store.close();
    scope.close();
  }
};
