import { JigRadioGroup } from './radio-group.component.js';

export { JigRadioGroup };
JigRadioGroup.define('jig-radio-group');

declare global {
  interface HTMLElementTagNameMap {
    'jig-radio-group': JigRadioGroup;
  }
}
