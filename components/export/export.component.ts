import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  downloadBlob,
  exportFile,
  FILE_FORMATS,
  FILE_INFO,
  type ExportedFile,
  type FileFormat,
} from '../../src/events/export.js';
import type { EventFilter, EventStore } from '../../src/events/store.js';
import { emit } from '../../src/surface/events.js';
import { buttonStyles, themeStyles } from '../shared/theme.styles.js';
import { exportStyles } from './export.styles.js';

export interface JigExportDetail {
  format: FileFormat;
  filename: string;
  events: number;
  bytes: number;
  ms: number;
  blob: Blob;
}

declare global {
  interface HTMLElementEventMap {
    'jig-export': CustomEvent<JigExportDetail>;
  }
}

/**
 * @summary Download buttons for the stored events, one per format, filtered by time range and type.
 * Exports stream from IndexedDB in pages and never block the page for long.
 * @event jig-export - A file is ready (and, unless `no-download`, downloading): `{format, filename, events, bytes, ms, blob}`.
 * @csspart base - The container. @csspart filters - The filter fieldset. @csspart button - Each format's button.
 * @csspart status - Progress and result text.
 * @cssproperty --jig-color-accent - Button colour.
 */
export class JigExport extends LitElement {
  static override styles = [themeStyles, buttonStyles, exportStyles];

  @property({ attribute: false }) store: EventStore | undefined;
  /** Formats offered, in order. */
  @property({ attribute: false }) formats: readonly FileFormat[] = FILE_FORMATS;
  /** Hand the file to the page only (the `jig-export` event) instead of downloading it. */
  @property({ type: Boolean, attribute: 'no-download' }) noDownload = false;
  /** Inclusive start and exclusive end of the time range (ISO or `datetime-local` text). */
  @property() from = '';
  @property() to = '';
  /** Types to export; empty means all. */
  @property({ attribute: false }) types: string[] = [];
  @state() private known: Record<string, number> = {};
  @state() private busy: FileFormat | null = null;
  @state() private status = '';
  #abort: AbortController | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('store') && changed.get('store') !== undefined) void this.refresh();
  }

  /** Reloads the list of event types (with counts) from the store. */
  async refresh(): Promise<void> {
    if (!this.store) return;
    this.known = await this.store.countByType();
  }

  filter(): EventFilter {
    const f: EventFilter = {};
    const when = (v: string) => (/[zZ]|[+-]\d\d:\d\d$/.test(v) ? Date.parse(v) : new Date(v).getTime()); // datetime-local is local time
    if (this.from) f.from = when(this.from);
    if (this.to) f.to = when(this.to);
    if (this.types.length) f.types = [...this.types];
    return f;
  }

  /** Builds one file; the button does this and then downloads it. */
  async export(format: FileFormat): Promise<ExportedFile> {
    if (!this.store) throw new Error('<jig-export> needs a store: set its .store to the EventStore to export from');
    this.#abort?.abort();
    this.#abort = new AbortController();
    this.busy = format;
    this.status = `Preparing ${FILE_INFO[format].label}…`;
    try {
      const file = await exportFile(this.store, format, {
        filter: this.filter(),
        signal: this.#abort.signal,
        onProgress: (p) => {
          this.status = `Preparing ${FILE_INFO[format].label}: ${p.events.toLocaleString()} events…`;
        },
      });
      this.status = `${FILE_INFO[format].label}: ${file.events.toLocaleString()} events, ${formatBytes(file.blob.size)} in ${Math.round(file.ms)} ms.`;
      if (!this.noDownload) downloadBlob(file.blob, file.filename, this.ownerDocument);
      emit(this, 'jig-export', {
        format,
        filename: file.filename,
        events: file.events,
        bytes: file.blob.size,
        ms: file.ms,
        blob: file.blob,
      });
      return file;
    } catch (err) {
      this.status = `The export failed: ${(err as Error).message}`;
      throw err;
    } finally {
      this.busy = null;
    }
  }

  #toggle(type: string, on: boolean): void {
    this.types = on ? [...this.types, type] : this.types.filter((t) => t !== type);
  }

  override render() {
    const types = Object.keys(this.known).sort();
    return html`<div part="base" class="base">
      <fieldset part="filters">
        <legend>Export events</legend>
        <div class="row">
          <label>From <input type="datetime-local" step="1" .value=${this.from} @change=${(e: Event) => {
            this.from = (e.target as HTMLInputElement).value;
          }} /></label>
          <label>To <input type="datetime-local" step="1" .value=${this.to} @change=${(e: Event) => {
            this.to = (e.target as HTMLInputElement).value;
          }} /></label>
        </div>
        ${
          types.length
            ? html`<div class="types" role="group" aria-label="Event types (none checked: all)">
          ${types.map((t) => html`<label><input type="checkbox" .checked=${this.types.includes(t)} @change=${(e: Event) => this.#toggle(t, (e.target as HTMLInputElement).checked)} />${t} <span>(${this.known[t]})</span></label>`)}
        </div>`
            : ''
        }
      </fieldset>
      <div class="row">
        ${this.formats.map(
          (f) => html`<button part="button" class="btn" data-variant="secondary" type="button" data-format=${f}
          ?disabled=${this.busy !== null} aria-busy=${this.busy === f ? 'true' : 'false'}
          @click=${() => this.export(f).catch(() => undefined) /* the status line shows the failure */}>${FILE_INFO[f].label}</button>`,
        )}
      </div>
      <div part="status" class="status" role="status" aria-live="polite">${this.status}</div>
    </div>`;
  }
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
