// Small helpers for the component tests: reach into a shadow root, and a hostile string.
// Tests compare elements by tag or as booleans: a failing `expect(elA).to.equal(elB)` makes the
// runner serialise whole elements (with their data models), which stalls the run.
import type { LitElement } from 'lit';

export const XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';

/** The shadow-root element with `part` name (first one). */
export function part<T extends Element = HTMLElement>(el: Element, name: string): T {
  const found = el.shadowRoot?.querySelector<T>(`[part~="${name}"]`);
  if (!found) throw new Error(`expected a part "${name}" in <${el.localName}>, found none`);
  return found;
}

export function parts<T extends Element = HTMLElement>(el: Element, name: string): T[] {
  return [...(el.shadowRoot?.querySelectorAll<T>(`[part~="${name}"]`) ?? [])];
}

/** True when the shadow root holds none of the elements a hostile string would try to create. */
export function noInjectedMarkup(el: Element): boolean {
  return !el.shadowRoot?.querySelector('img[onerror], script') && !(window as { __pwned?: number }).__pwned;
}

export async function settle(el: Element): Promise<void> {
  await (el as LitElement).updateComplete;
}
