import type { TabProps } from '../../src/catalog/builtin.js';
import { JigPanel } from '../shared/jig-panels.js';

/**
 * @summary One panel of `jig-tabs`; its `label` names the tab. The tabs element hides it while another is selected.
 * @slot - The panel's content.
 * @csspart base - The content wrapper.
 */
export class JigTab extends JigPanel<TabProps> {
  protected readonly panelRole = 'tabpanel';

  get label(): string {
    return this.props.label ?? '';
  }
}
