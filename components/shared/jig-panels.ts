// The two halves of tabs and steps: a panel (a tab, a step) that names itself, and a group
// that lists its panels, tracks the current one and shows only it — even as panels stream in.
import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { JigElement } from './jig-element.js';

const PANEL_CHANGE = 'jig-panel-change';

export abstract class JigPanel<P extends object> extends JigElement<P> {
  /** The role this element takes in its group's accessibility tree. */
  protected abstract readonly panelRole: string;
  /** The name shown by the group (tab label, step title). */
  abstract get label(): string;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('role')) this.setAttribute('role', this.panelRole);
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (!changed.has('props')) return;
    this.setAttribute('aria-label', this.label);
    // The group renders our label: tell it (non-composed, so it stays in this light tree).
    this.dispatchEvent(new Event(PANEL_CHANGE, { bubbles: true }));
  }

  override render() {
    return html`<div part="base" class="panel"><slot></slot></div>`;
  }
}

export abstract class JigPanelGroup<T extends JigPanel<object>> extends JigElement {
  /** Index of the panel shown. */
  @property({ type: Number }) current = 0;
  /** The panel children, in order. */
  @state() protected panels: T[] = [];

  protected abstract isPanel(el: Element): el is T;

  constructor() {
    super();
    this.addEventListener(PANEL_CHANGE, (e) => {
      if (e.target !== this) this.requestUpdate();
    });
  }

  protected readonly onSlotChange = (e: Event): void => {
    this.panels = (e.target as HTMLSlotElement).assignedElements().filter((el): el is T => this.isPanel(el));
  };

  /** `current` kept within the panels there are. */
  protected get index(): number {
    return Math.max(0, Math.min(this.current | 0, this.panels.length - 1));
  }

  protected override updated(): void {
    const at = this.index;
    this.panels.forEach((p, i) => {
      p.hidden = i !== at;
    });
  }
}
