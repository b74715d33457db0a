import { html } from 'lit';
import type { ListProps } from '../../src/catalog/builtin.js';
import { JigElement } from '../shared/jig-element.js';
import { listStyles } from './list.styles.js';

/**
 * @summary A bulleted or numbered list; `items` may be `{"$data": "/pointer"}` and follows the data.
 * @csspart base - The `<ul>` or `<ol>`. @csspart item - Each `<li>`.
 * @cssproperty --jig-color-muted - Marker colour.
 */
export class JigList extends JigElement<ListProps> {
  static override styles = [...JigElement.styles, listStyles];

  override render() {
    const items = this.resolve(this.props.items);
    const lis = (Array.isArray(items) ? items : []).map(
      (item) => html`<li part="item">${item == null ? '' : String(item)}</li>`,
    );
    return this.props.ordered ? html`<ol part="base">${lis}</ol>` : html`<ul part="base">${lis}</ul>`;
  }
}
