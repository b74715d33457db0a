// Exports stored events as a file without freezing the page: pages read by cursor, encoded in
// small slices that yield to the event loop, and a Blob assembled from per-slice Blobs.
import { DatasetBuilder } from './dataset.js';
import type { JigEvent } from './event.js';
import { EXPORT_FORMATS, FORMAT_INFO, encoderFor, type ExportFormat, type ExportOptions } from './formats.js';
import { toEvent, type EventFilter, type EventStore } from './store.js';
import type { ExportReply, ExportRequest } from './export.worker.js';

/** The event formats, plus the tuning dataset (JSONL of rated layouts). */
export type FileFormat = ExportFormat | 'dataset';
export const FILE_FORMATS: readonly FileFormat[] = [...EXPORT_FORMATS, 'dataset'];
export const FILE_INFO: Record<FileFormat, { label: string; mime: string; extension: string }> = {
  ...FORMAT_INFO,
  dataset: { label: 'Tuning dataset (JSONL)', mime: 'application/x-ndjson', extension: 'dataset.jsonl' },
};

export interface ExportProgress {
  events: number;
  bytes: number;
}

export interface ExportFileOptions extends ExportOptions {
  filter?: EventFilter;
  /** Events read per IndexedDB transaction. Default 1,000. */
  pageSize?: number;
  /** Longest stretch of work between yields to the event loop, in ms. Default 8. */
  budgetMs?: number;
  signal?: AbortSignal;
  onProgress?(p: ExportProgress): void;
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

/** Lets input, paint and other tasks run; `scheduler.yield()` where the browser has it. */
export function yieldToEventLoop(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (s?.yield) return s.yield();
  return new Promise((resolve) => { const c = new MessageChannel(); c.port1.onmessage = () => resolve(); c.port2.postMessage(null); });
}

const SLICE = 50;

export async function exportFile(store: EventStore, format: FileFormat, options: ExportFileOptions = {}): Promise<ExportedFile> {
  const t0 = performance.now();
  await store.flush();
  const useWorker = (options.worker ?? true) && store.backend === 'indexeddb' && store.stats().held === 0 && typeof Worker !== 'undefined';
  if (useWorker) {
    const file = await exportInWorker(store.name, format, options).catch((err: unknown) => {
      if (options.signal?.aborted) throw err;
      return undefined; // the worker could not start (e.g. a CSP without worker-src): do it here, sliced
    });
    if (file) return { ...file, ms: performance.now() - t0, via: 'worker' };
  }
  return exportInPage(store, format, options, t0);
}

function exportInWorker(name: string, format: FileFormat, options: ExportFileOptions): Promise<Omit<ExportedFile, 'ms' | 'via'>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module', name: 'jig-export' });
    const { filter, pageSize, resource, segment, signal } = options;
    const stop = () => { worker.terminate(); reject(signal!.reason ?? new DOMException('The export was cancelled.', 'AbortError')); };
    signal?.addEventListener('abort', stop, { once: true });
    const done = () => { signal?.removeEventListener('abort', stop); worker.terminate(); };
    worker.onmessage = (e: MessageEvent<ExportReply>) => {
      const m = e.data;
      if (m.kind === 'progress') options.onProgress?.({ events: m.events, bytes: m.bytes });
      else if (m.kind === 'done') { done(); resolve({ blob: m.blob, filename: m.filename, events: m.events }); }
      else { done(); reject(new Error(m.message)); }
    };
    worker.onerror = (e) => { e.preventDefault(); done(); reject(new Error(e.message || 'the export worker failed to start')); };
    const req: ExportRequest = { name, format, filter, pageSize, options: { resource, segment } };
    worker.postMessage(req);
  });
}

async function exportInPage(store: EventStore, format: FileFormat, options: ExportFileOptions, t0: number): Promise<ExportedFile> {
  const budget = options.budgetMs ?? 8;
  const info = FILE_INFO[format];
  const blobs: Blob[] = [];
  let events = 0;
  let bytes = 0;
  let since = performance.now();
  const pause = async () => {
    if (performance.now() - since < budget) return;
    options.signal?.throwIfAborted();
    await yieldToEventLoop();
    since = performance.now();
  };
  const emit = (parts: string[]) => {
    if (!parts.length) return;
    const b = new Blob(parts); // small Blobs, later joined by reference: no one long copy
    bytes += b.size;
    blobs.push(b);
  };

  if (format === 'dataset') {
    const builder = new DatasetBuilder();
    for await (const page of store.pages(options.filter, options.pageSize ?? 1000)) {
      for (const r of page) { builder.add(toEvent(r)); events++; }
      await pause();
    }
    const rows = builder.rows();
    for (let i = 0; i < rows.length; i += SLICE) {
      emit(rows.slice(i, i + SLICE).map((r) => `${JSON.stringify(r)}\n`));
      await pause();
    }
  } else {
    const enc = encoderFor(format, options);
    let first = true;
    if (enc.head) emit([enc.head]);
    for await (const page of store.pages(options.filter, options.pageSize ?? 1000)) {
      await pause();
      for (let i = 0; i < page.length; i += SLICE) {
        const parts: string[] = [];
        for (const r of page.slice(i, i + SLICE)) {
          const e: JigEvent = toEvent(r);
          parts.push(first ? enc.item(e) : enc.separator + enc.item(e));
          first = false;
        }
        events += parts.length;
        emit(parts);
        options.onProgress?.({ events, bytes });
        await pause();
      }
    }
    if (enc.tail) emit([enc.tail]);
  }
  const blob = new Blob(blobs, { type: info.mime });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return { blob, filename: `jig-events-${stamp}.${info.extension}`, events, ms: performance.now() - t0, via: 'page' };
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
