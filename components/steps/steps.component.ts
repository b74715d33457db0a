import { html, nothing } from 'lit';
import type { JigActionDetail } from '../../src/surface/events.js';
import { emit } from '../../src/surface/events.js';
import { JigElement } from '../shared/jig-element.js';
import { JigPanelGroup } from '../shared/jig-panels.js';
import { JigStep } from '../step/step.component.js';
import { stepsStyles } from './steps.styles.js';

export interface JigStepChangeDetail {
  index: number;
  nodeId: string;
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
const HEADING = 'h1, h2, h3, h4, h5, h6, [role="heading"]';

/** The first element matching `selector` in rendering order, looking inside shadow roots and slots. */
function findComposed(root: Element, selector: string): HTMLElement | null {
  const scan = (nodes: Iterable<Element>): HTMLElement | null => {
    for (const el of nodes) {
      if (el instanceof HTMLElement && el.hidden) continue;
      if (el instanceof HTMLElement && el.matches(selector)) return el;
      const kids = el.shadowRoot
        ? el.shadowRoot.children
        : el instanceof HTMLSlotElement
          ? el.assignedElements({ flatten: true })
          : el.children;
      const found = scan(kids);
      if (found) return found;
    }
    return null;
  };
  return scan([root]);
}

/**
 * @summary A multi-step workflow: a progress list of its `jig-step` titles and only the current step shown.
 * A `jig-action` of `next-step` or `prev-step` from inside moves between steps (stopping at either end) and is
 * consumed here; every other action passes through to the page. Focus moves to the new step's heading, or its
 * first focusable element.
 * @slot - The `jig-step` panels.
 * @event jig-step-change - The current step changed: `{index, nodeId}`.
 * @csspart progress - The `<ol>` of step titles. @csspart progress-item - Each `<li>` (`aria-current="step"` on the current one).
 * @csspart marker - The number in each item. @csspart progress-title - The title in each item. @csspart body - The box around the steps.
 * @cssproperty --jig-color-accent - Current and done markers. @cssproperty --jig-color-muted - Steps still to come.
 */
export class JigSteps extends JigPanelGroup<JigStep> {
  static override styles = [...JigElement.styles, stepsStyles];

  constructor() {
    super();
    this.addEventListener('jig-action', (e) => {
      const { action } = (e as CustomEvent<JigActionDetail>).detail;
      if (action !== 'next-step' && action !== 'prev-step') return;
      e.stopPropagation();
      void this.go(this.index + (action === 'next-step' ? 1 : -1));
    });
  }

  protected isPanel(el: Element): el is JigStep {
    return el instanceof JigStep;
  }

  /** Shows step `index` (clamped), announces it and moves focus into it. */
  async go(index: number): Promise<void> {
    const to = Math.max(0, Math.min(index, this.panels.length - 1));
    if (to === this.index) return;
    this.current = to;
    await this.updateComplete;
    emit(this, 'jig-step-change', { index: to, nodeId: this.nodeId });
    const step = this.panels[to];
    if (!step) return;
    const heading = findComposed(step, HEADING);
    if (heading) {
      // Headings are not focusable by default; -1 keeps them out of the tab order.
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus();
      return;
    }
    const target = findComposed(step, FOCUSABLE);
    if (target) target.focus();
    else {
      step.setAttribute('tabindex', '-1');
      step.focus();
    }
  }

  override render() {
    const at = this.index;
    return html`<ol part="progress" class="progress">
        ${this.panels.map(
          (p, i) => html`<li part="progress-item" data-state=${i < at ? 'done' : i === at ? 'current' : 'todo'}
          aria-current=${i === at ? 'step' : nothing}><span part="marker" class="marker" aria-hidden="true">${i + 1}</span><span part="progress-title" class="title">${p.label}</span></li>`,
        )}
      </ol>
      <div part="body" class="body"><slot @slotchange=${this.onSlotChange}></slot></div>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'jig-step-change': CustomEvent<JigStepChangeDetail>;
  }
}
