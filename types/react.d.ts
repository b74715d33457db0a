// `jig/react`: Jig's elements in React 19's JSX. React 19 sets a custom element's known properties
// as properties and listens to `on<event-name>` props, so both are typed: `<jig-surface layout={doc}
// onjig-action={(e) => e.detail.action} />`.
import type { HTMLAttributes, Key, ReactNode, Ref } from 'react';
import type { JigEventName, JigProperties, JigTag } from './elements.js';

export type { JigEventName, JigProperties, JigTag } from './elements.js';

/** `onjig-action`, `onjig-render`…: React 19 listens to the event named after `on`. */
export type JigReactEvents = { [N in JigEventName as `on${N}`]?: (event: HTMLElementEventMap[N]) => void };

export type JigReactProps<T extends JigTag> = Omit<HTMLAttributes<HTMLElementTagNameMap[T]>, keyof JigProperties<T>> &
  JigProperties<T> &
  JigReactEvents & {
    key?: Key | null;
    ref?: Ref<HTMLElementTagNameMap[T]>;
    children?: ReactNode;
    /** React 19 passes `class` through to custom elements as the attribute. */
    class?: string;
  };

export type JigIntrinsicElements = { [T in JigTag]: JigReactProps<T> };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends JigIntrinsicElements {}
  }
}
