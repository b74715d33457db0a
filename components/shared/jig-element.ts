// The base of every built-in component: typed props from the layout, the layout's live data
// model, `$data` resolution that follows data changes, and the `jig-action` event.
import { CSSResult, type CSSResultGroup, type CSSResultOrNative, LitElement, unsafeCSS } from 'lit';
import { property } from 'lit/decorators.js';
import { isDataRef, type DataRef } from '../../src/layout/document.js';
import { DataModel, type DataChange } from '../../src/surface/data-model.js';
import { emit } from '../../src/surface/events.js';
import { defineElement } from './define.js';
import { themeStyles } from './theme.styles.js';

let uid = 0;

export class JigElement<P extends object = Record<string, unknown>> extends LitElement {
  static override styles = [themeStyles];

  /**
   * One stylesheet per component, the theme and its own rules together: every node's shadow root
   * adopts it, and adopting three or four sheets instead of one was paid on each first update.
   * The rules are the components' own (static CSS), never text from a layout.
   */
  protected static override finalizeStyles(styles?: CSSResultGroup): CSSResultOrNative[] {
    const list = super.finalizeStyles(styles);
    if (list.length < 2 || !list.every((s) => s instanceof CSSResult)) return list;
    return [unsafeCSS(list.map((s) => (s as CSSResult).cssText).join('\n'))];
  }

  /** Registers this component under `tag` (once; a second call keeps the first definition). */
  static define(this: CustomElementConstructor, tag: keyof HTMLElementTagNameMap & `jig-${string}`): void {
    defineElement(tag, this);
  }

  /** Props of the layout node, already checked by the gates. */
  @property({ attribute: false }) props: P = {} as P;
  /** The layout's data. Components used on their own get a private, empty one. */
  @property({ attribute: false, noAccessor: true })
  get model(): DataModel {
    // Made on first read: in a layout the surface sets the shared model before any read, and
    // two hundred throwaway models (each an EventTarget and a clone) cost a first render dearly.
    // (`noAccessor`: Lit's own setter would read the old value, making one anyway.)
    return (this.#model ??= new DataModel());
  }
  set model(value: DataModel) {
    const old = this.#model;
    this.#model = value;
    this.requestUpdate('model', old);
  }
  #model: DataModel | undefined;
  /**
   * The node id in the layout (sent with actions): the `node-id` attribute itself. Nothing renders
   * it, so it is no reactive property: an observed attribute cost every node of a layout an
   * attributeChangedCallback and a conversion on its first render.
   */
  get nodeId(): string {
    return this.getAttribute('node-id') ?? '';
  }
  set nodeId(id: string) {
    this.setAttribute('node-id', id);
  }

  #uid: string | undefined;
  /** A per-instance id prefix for ids inside the shadow root (labels, tabs), made on first read. */
  protected get uid(): string {
    return (this.#uid ??= `jig${++uid}`);
  }
  #listening: DataModel | null = null;
  #onChange: ((e: Event) => void) | undefined;

  /** Reads a prop that may be `{"$data": "/pointer"}`. */
  protected resolve<T>(value: T | DataRef | undefined): T | undefined {
    return isDataRef(value) ? (this.model.get(value.$data) as T | undefined) : value;
  }

  /**
   * Reads a text prop that may be `{"$data": "/pointer"}`: a number or boolean from data shows as
   * written, anything else as nothing. Bound as a Lit text part, so it is never read as markup.
   */
  protected resolveText(value: string | DataRef | undefined): string {
    const v: unknown = this.resolve(value);
    return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
  }

  /** Called when the data changes; re-renders when the change is at, above or below a `$data` pointer it shows. */
  protected dataChanged(change: DataChange): void {
    // Only the elements that show the changed value update: a list of 200 figures costs one update, not 200.
    const p = change.pointer;
    for (const v of Object.values(this.props)) {
      if (isDataRef(v) && (p === '' || v.$data === p || v.$data.startsWith(p + '/') || p.startsWith(v.$data + '/'))) {
        this.requestUpdate();
        return;
      }
    }
  }

  /** Whether this component shows data (inputs and `$data` props); others ignore changes. */
  protected get readsData(): boolean {
    return Object.values(this.props).some(isDataRef);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Before the first update, willUpdate listens (the props are new then): once is enough.
    if (this.hasUpdated) this.listen();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#onChange) this.#listening?.removeEventListener('change', this.#onChange);
    this.#listening = null;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (!this.hasUpdated || changed.has('model') || changed.has('props')) this.listen();
  }

  private listen(): void {
    const want = this.isConnected && this.readsData ? this.model : null;
    if (want === this.#listening) return;
    const onChange = (this.#onChange ??= (e: Event) => this.dataChanged((e as CustomEvent<DataChange>).detail));
    this.#listening?.removeEventListener('change', onChange);
    want?.addEventListener('change', onChange);
    this.#listening = want;
  }

  /** Sends `jig-action` to the host page with a snapshot of the data. */
  protected emitAction(action: string): void {
    emit(this, 'jig-action', { action, nodeId: this.nodeId, data: this.model.snapshot() });
  }
}
