import type { StepProps } from '../../src/catalog/builtin.js';
import { JigPanel } from '../shared/jig-panels.js';

/**
 * @summary One step of `jig-steps`; its `title` shows in the progress list. Hidden unless it is the current step.
 * @slot - The step's content.
 * @csspart base - The content wrapper.
 */
export class JigStep extends JigPanel<StepProps> {
  protected readonly panelRole = 'group';

  get label(): string {
    return this.props.title ?? '';
  }
}
