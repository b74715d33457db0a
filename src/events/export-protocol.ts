// The messages between the page and the export worker: what the page asks for, what the worker
// answers. Both sides import this module, and neither imports the other.
import type { EventFilter } from './store.js';
import type { FileFormat } from './export-file.js';
import type { ExportOptions } from './formats.js';

export interface ExportRequest {
  /** The IndexedDB database to read, opened again by name in the worker. */
  name: string;
  format: FileFormat;
  filter?: EventFilter;
  options: ExportOptions;
  pageSize?: number;
}

export type ExportReply =
  | { kind: 'progress'; events: number; bytes: number }
  | { kind: 'done'; blob: Blob; filename: string; events: number }
  | { kind: 'error'; message: string };
