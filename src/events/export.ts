// Exports stored events as a file: in a Worker when the store is in IndexedDB (the page pays no
// long tasks), else on the page in slices; and the download of the result.
import { buildFile, type BuildFileOptions, type FileFormat } from './export-file.js';
import type { ExportReply, ExportRequest } from './export-protocol.js';
import type { EventStore } from './store.js';

export { FILE_FORMATS, FILE_INFO, yieldToEventLoop, type FileFormat, type ExportProgress } from './export-file.js';

export interface ExportFileOptions extends BuildFileOptions {
  /**
   * Build the file in a Worker (default: yes, when the store is in IndexedDB and the page has
   * Workers). Reading 100,000 events from IndexedDB costs the page long tasks however it is
   * sliced (each page of records is deserialised in one task); in a worker it costs none.
   */
  worker?: boolean;
}

export interface ExportedFile {
  blob: Blob;
  filename: string;
  events: number;
  ms: number;
  /** Where the file was built: a Worker, or the page in slices (memory store, no Workers, or the worker failed). */
  via: 'worker' | 'page';
}

export async function exportFile(
  store: EventStore,
  format: FileFormat,
  options: ExportFileOptions = {},
): Promise<ExportedFile> {
  const t0 = performance.now();
  await store.flush();
  const useWorker =
    (options.worker ?? true) &&
    store.backend === 'indexeddb' &&
    store.stats().held === 0 &&
    typeof Worker !== 'undefined';
  if (useWorker) {
    const file = await exportInWorker(store.name, format, options).catch((err: unknown) => {
      if (options.signal?.aborted) throw err;
      return undefined; // the worker could not start (e.g. a CSP without worker-src): do it here, sliced
    });
    if (file) return { ...file, ms: performance.now() - t0, via: 'worker' };
  }
  return { ...(await buildFile(store, format, options)), ms: performance.now() - t0, via: 'page' };
}

function exportInWorker(
  name: string,
  format: FileFormat,
  options: ExportFileOptions,
): Promise<Omit<ExportedFile, 'ms' | 'via'>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module', name: 'jig-export' });
    const { filter, pageSize, resource, segment, signal } = options;
    const stop = () => {
      worker.terminate();
      reject(signal!.reason ?? new DOMException('The export was cancelled.', 'AbortError'));
    };
    signal?.addEventListener('abort', stop, { once: true });
    const done = () => {
      signal?.removeEventListener('abort', stop);
      worker.terminate();
    };
    worker.onmessage = (e: MessageEvent<ExportReply>) => {
      const m = e.data;
      if (m.kind === 'progress') options.onProgress?.({ events: m.events, bytes: m.bytes });
      else if (m.kind === 'done') {
        done();
        resolve({ blob: m.blob, filename: m.filename, events: m.events });
      } else {
        done();
        reject(new Error(m.message));
      }
    };
    worker.onerror = (e) => {
      e.preventDefault();
      done();
      reject(new Error(e.message || 'the export worker failed to start'));
    };
    const req: ExportRequest = { name, format, filter, pageSize, options: { resource, segment } };
    worker.postMessage(req);
  });
}

/** Starts a download of a Blob (an anchor click; the URL is revoked once the browser has it). */
export function downloadBlob(blob: Blob, filename: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  doc.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
