// Builds an export file from stored events without freezing the page: pages read by cursor,
// encoded in small slices that yield to the event loop, and a Blob joined from per-slice Blobs.
import { DatasetBuilder } from './dataset.js';
import type { JigEvent } from './event.js';
import { EXPORT_FORMATS, FORMAT_INFO, encoderFor, type ExportFormat, type ExportOptions } from './formats.js';
import { toEvent, type EventFilter, type EventStore } from './store.js';

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

export interface BuildFileOptions extends ExportOptions {
  filter?: EventFilter;
  /** Events read per IndexedDB transaction. Default 1,000. */
  pageSize?: number;
  /** Longest stretch of work between yields to the event loop, in ms. Default 8. */
  budgetMs?: number;
  signal?: AbortSignal;
  onProgress?(p: ExportProgress): void;
}

/** A file built from a store. */
export interface BuiltFile {
  blob: Blob;
  filename: string;
  events: number;
}

/** Lets input, paint and other tasks run; `scheduler.yield()` where the browser has it. */
export function yieldToEventLoop(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (s?.yield) return s.yield();
  return new Promise((resolve) => {
    const c = new MessageChannel();
    c.port1.onmessage = () => resolve();
    c.port2.postMessage(null);
  });
}

const SLICE = 50;

/**
 * Builds an export file from a store, in slices that yield to the event loop every `budgetMs`.
 * The page runs it when no worker can; the export worker runs it with no budget.
 */
export async function buildFile(
  store: EventStore,
  format: FileFormat,
  options: BuildFileOptions = {},
): Promise<BuiltFile> {
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
      for (const r of page) {
        builder.add(toEvent(r));
        events++;
      }
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
  return { blob, filename: `jig-events-${stamp}.${info.extension}`, events };
}
