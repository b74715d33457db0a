import { html, svg } from 'lit';
import { property } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { AccordionProps } from '../../src/catalog/builtin.js';
import { emit } from '../../src/surface/events.js';
import { JigElement } from '../shared/jig-element.js';
import { accordionStyles } from './accordion.styles.js';

const CHEVRON = svg`<path d="M6 9l6 6 6-6"></path>`;

/**
 * @summary A section that opens and closes: the native `<details>`, its title in the `<summary>` (Enter or
 * Space on it toggles). Sections side by side with the same `group` open one at a time.
 * @slot - The content shown while open.
 * @event jig-toggle - Opened or closed: `{nodeId, open}`.
 * @csspart base - The `<details>`. @csspart summary - The title row. @csspart title - The title text.
 * @csspart marker - The chevron. @csspart body - The content.
 * @cssproperty --jig-color-border - Rule between sections. @cssproperty --jig-color-surface - Title row on hover.
 * @cssproperty --jig-space-m - Padding.
 */
export class JigAccordion extends JigElement<AccordionProps> {
  static override styles = [...JigElement.styles, accordionStyles];

  /** Whether the section is open; set it to open or close the section. */
  @property({ type: Boolean, reflect: true }) open = false;

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    // `open` in props is where the section starts; a later change of that prop (a patch) moves it too.
    const before = changed.get('props') as AccordionProps | undefined;
    if (changed.has('props') && Boolean(before?.open) !== Boolean(this.props.open))
      this.open = Boolean(this.props.open);
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (!changed.has('open') || changed.get('open') === undefined) return;
    if (this.open && this.props.group) {
      for (const el of this.parentElement?.children ?? []) {
        if (el !== this && el instanceof JigAccordion && el.props.group === this.props.group) el.open = false;
      }
    }
    emit(this, 'jig-toggle', { nodeId: this.nodeId, open: this.open });
  }

  private readonly onToggle = (e: Event): void => {
    this.open = (e.target as HTMLDetailsElement).open;
  };

  override render() {
    return html`<details part="base" .open=${live(this.open)} @toggle=${this.onToggle}>
      <summary part="summary"><span part="title" class="title">${this.props.title}</span>
        <svg part="marker" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${CHEVRON}</svg></summary>
      <div part="body" class="body"><slot></slot></div>
    </details>`;
  }
}
