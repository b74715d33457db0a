import { html } from 'lit';
import type { TableProps } from '../../src/catalog/builtin.js';
import { JigElement } from '../shared/jig-element.js';
import { tableStyles } from './table.styles.js';

type Row = Record<string, unknown>;

/**
 * @summary A table of records; `rows` may be `{"$data": "/pointer"}` and follows the data. Wide tables scroll sideways.
 * @csspart wrapper - The scrolling box. @csspart table - The `<table>`. @csspart header - Each `<th>`.
 * @csspart row - Each body `<tr>`. @csspart cell - Each `<td>`.
 * @cssproperty --jig-color-border - Rule colour. @cssproperty --jig-color-surface - Header and zebra background.
 */
export class JigTable extends JigElement<TableProps> {
  static override styles = [...JigElement.styles, tableStyles];

  override render() {
    const columns = this.props.columns ?? [];
    const rows = this.resolve(this.props.rows);
    const list = (Array.isArray(rows) ? (rows as unknown[]) : []).filter(
      (r): r is Row => r !== null && typeof r === 'object',
    );
    const cell = (row: Row, key: string) => (Object.hasOwn(row, key) ? row[key] : undefined);
    // A column of numbers (blanks allowed) is right-aligned, header included.
    const numeric = columns.map(
      (c) =>
        list.some((r) => typeof cell(r, c.key) === 'number') &&
        list.every((r) => cell(r, c.key) == null || typeof cell(r, c.key) === 'number'),
    );
    // tabindex lets keyboard users scroll a table wider than its container.
    return html`<div part="wrapper" class="scroll" tabindex="0">
      <table part="table">
        <thead><tr>${columns.map((c, i) => html`<th part="header" scope="col" class=${numeric[i] ? 'num' : ''}>${c.label}</th>`)}</tr></thead>
        <tbody>${list.map(
          (row) =>
            html`<tr part="row">${columns.map((c, i) => {
              const v = cell(row, c.key);
              return html`<td part="cell" class=${numeric[i] ? 'num' : ''}>${v == null ? '' : String(v)}</td>`;
            })}</tr>`,
        )}</tbody>
      </table>
    </div>`;
  }
}
