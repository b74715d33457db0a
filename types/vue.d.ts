// `jig/vue`: Jig's elements in Vue templates, typed through `GlobalComponents` (vue-tsc and Volar
// read it): `<jig-surface :layout="doc" :actions="['reserve']" @jig-action="onAction" />`.
// Tell Vue they are custom elements: `compilerOptions.isCustomElement: (tag) => tag.startsWith('jig-')`.
import type { AllowedComponentProps, HTMLAttributes, VNodeProps } from 'vue';
import type { JigEventName, JigProperties, JigTag, PascalCase } from './elements.js';

export type { JigEventName, JigProperties, JigTag } from './elements.js';

/** `@jig-action` in a template is the `onJigAction` prop to the type checker. */
export type JigVueEvents = { [N in JigEventName as `on${PascalCase<N>}`]?: (event: HTMLElementEventMap[N]) => void };

export type JigVueProps<T extends JigTag> = Omit<HTMLAttributes, keyof JigProperties<T>> &
  JigProperties<T> &
  JigVueEvents &
  AllowedComponentProps &
  VNodeProps;

/** What a template sees: a component whose props are the element's properties and events. */
export type JigVueComponent<T extends JigTag> = new () => { $props: JigVueProps<T> } & HTMLElementTagNameMap[T];

export type JigGlobalComponents = { [T in JigTag]: JigVueComponent<T> };

declare module 'vue' {
  interface GlobalComponents extends JigGlobalComponents {}
}
