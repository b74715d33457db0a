// Registers an element under its tag once: a page that loads Jig twice (two bundles, or a
// registration module imported again) keeps the first definition instead of throwing.

/** Defines `tag` unless it is already defined; the tag must be declared in HTMLElementTagNameMap. */
export function defineElement(
  tag: keyof HTMLElementTagNameMap & `jig-${string}`,
  element: CustomElementConstructor,
): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
