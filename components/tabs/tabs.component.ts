import { html } from 'lit';
import { JigPanelGroup } from '../shared/jig-panels.js';
import { JigElement } from '../shared/jig-element.js';
import { JigTab } from '../tab/tab.component.js';
import { tabsStyles } from './tabs.styles.js';

const KEYS: Record<string, (i: number, n: number) => number> = {
  ArrowRight: (i, n) => (i + 1) % n,
  ArrowLeft: (i, n) => (i - 1 + n) % n,
  Home: () => 0,
  End: (_, n) => n - 1,
};

/**
 * @summary Tabbed panels: a tab list built from its `jig-tab` children, showing one panel at a time.
 * Arrow keys, Home and End move between tabs and select them.
 * @slot - The `jig-tab` panels.
 * @csspart tablist - The row of tabs. @csspart tab - Each tab button (`aria-selected="true"` on the current one).
 * @csspart panels - The box around the panels.
 * @cssproperty --jig-color-accent - Selected tab marker. @cssproperty --jig-color-border - Tab list rule.
 */
export class JigTabs extends JigPanelGroup<JigTab> {
  static override styles = [...JigElement.styles, tabsStyles];

  protected isPanel(el: Element): el is JigTab {
    return el instanceof JigTab;
  }

  /** Selects a tab and, when asked, moves keyboard focus to it. */
  async select(index: number, focus = false): Promise<void> {
    this.current = index;
    await this.updateComplete;
    if (focus) this.renderRoot.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();
  }

  private onKeydown(e: KeyboardEvent): void {
    const move = KEYS[e.key];
    const n = this.panels.length;
    if (!move || n === 0) return;
    e.preventDefault();
    void this.select(move(this.index, n), true);
  }

  override render() {
    const at = this.index;
    return html`<div part="tablist" role="tablist" @keydown=${this.onKeydown}>
        ${this.panels.map(
          (p, i) => html`<button part="tab" role="tab" type="button" id=${`${this.uid}-tab${i}`}
          aria-selected=${i === at ? 'true' : 'false'} tabindex=${i === at ? '0' : '-1'} .ariaControlsElements=${[p]}
          @click=${() => this.select(i)}>${p.label}</button>`,
        )}
      </div>
      <div part="panels" class="panels"><slot @slotchange=${this.onSlotChange}></slot></div>`;
  }
}
