import { JigRadioGroup } from './radio-group.component.js';

export { JigRadioGroup };
if (!customElements.get('jig-radio-group')) customElements.define('jig-radio-group', JigRadioGroup);

declare global {
  interface HTMLElementTagNameMap {
    'jig-radio-group': JigRadioGroup;
  }
}
