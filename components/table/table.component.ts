import { html } from 'lit';
import type { TableProps } from '../../src/catalog/builtin.js';
import { JigElement } from '../shared/jig-element.js';
import { tableStyles } from './table.styles.js';

type Row = Record<string, unknown>;

/** Cells and rows copied from one made with its part: a copy costs less than an element and a setAttribute. */
const blank: { th?: HTMLTableCellElement; td?: HTMLTableCellElement; tr?: HTMLTableRowElement } = {};

function made<K extends 'th' | 'td' | 'tr'>(tag: K, part: string): HTMLElementTagNameMap[K] {
  let el = blank[tag] as HTMLElementTagNameMap[K] | undefined;
  if (!el) {
    el = document.createElement(tag);
    el.setAttribute('part', part);
    if (tag === 'th') (el as HTMLTableCellElement).scope = 'col';
    (blank as Record<string, Element>)[tag] = el;
  }
  return el.cloneNode() as HTMLElementTagNameMap[K];
}

function cellElement(tag: 'th' | 'td', part: string, numeric: boolean, text: string): HTMLTableCellElement {
  const el = made(tag, part);
  if (numeric) el.className = 'num';
  el.textContent = text;
  return el;
}

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
    // The cells are built with the DOM directly (text as text nodes, never markup): a Lit template per
    // cell cost a clone, a tree walk and two markers each, the largest part of a table's first update.
    const head = document.createDocumentFragment();
    columns.forEach((c, i) => {
      head.append(cellElement('th', 'header', numeric[i]!, c.label));
    });
    const body = document.createDocumentFragment();
    for (const row of list) {
      const tr = made('tr', 'row');
      columns.forEach((c, i) => {
        const v = cell(row, c.key);
        tr.append(cellElement('td', 'cell', numeric[i]!, v == null ? '' : String(v)));
      });
      body.append(tr);
    }
    // tabindex lets keyboard users scroll a table wider than its container.
    return html`<div part="wrapper" class="scroll" tabindex="0"><table part="table"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
  }
}
